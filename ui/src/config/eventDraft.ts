// The event form's state and its conversion to and from the binding Event. Both
// recognition variants are kept so switching between them loses nothing typed.
import type { Event } from "../bindings/Event";
import type { Recognition } from "../bindings/Recognition";
import { toFields, toNodes, type FieldNode } from "./fieldTree";

export type RecognitionKind = Recognition["kind"];

export type EventDraft = {
  name: string;
  description: string;
  profileId: string;
  recognition: RecognitionKind;
  condition: string;
  idField: string;
  idValue: string;
  fields: FieldNode[];
};

export function newEventDraft(): EventDraft {
  return {
    name: "",
    description: "",
    profileId: "",
    recognition: "rule",
    condition: "",
    idField: "",
    idValue: "",
    fields: [],
  };
}

export function draftFromEvent(event: Event, newKey: () => string): EventDraft {
  const r = event.recognition;
  return {
    name: event.name,
    description: event.description,
    profileId: event.profileId,
    recognition: r.kind,
    condition: r.kind === "rule" ? r.condition : "",
    idField: r.kind === "systemId" ? r.field : "",
    idValue: r.kind === "systemId" ? r.id : "",
    fields: toNodes(event.fields, newKey),
  };
}

export function eventFromDraft(d: EventDraft): Event {
  const recognition: Recognition =
    d.recognition === "rule"
      ? { kind: "rule", condition: d.condition }
      : { kind: "systemId", field: d.idField, id: d.idValue };
  return {
    name: d.name,
    description: d.description,
    profileId: d.profileId,
    recognition,
    fields: toFields(d.fields),
  };
}
