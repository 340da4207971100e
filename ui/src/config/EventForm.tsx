// The event form: name, description, payload fields as a tree, the profile id, how the
// event is recognised, and the example payload. Checked by Rust as you type
// (check_event), saved with save_event; problems are shown next to their input.
import { useId, useMemo, useState } from "react";

import { checkEvent, saveEvent } from "../api";
import type { Event } from "../bindings/Event";
import { ExpressionEditor } from "../designer/inspector/ExpressionEditor";
import { useFunctionList } from "../designer/useJourneyHelp";
import { draftFromEvent, eventFromDraft, newEventDraft, type EventDraft, type RecognitionKind } from "./eventDraft";
import type { FieldEdits } from "./FieldTreeEditor";
import { FieldTreeEditor } from "./FieldTreeEditor";
import {
  addField,
  displayPath,
  examplePayload,
  leafPaths,
  namePath,
  newField,
  removeField,
  renameReference,
  setFieldType,
  splitFieldPath,
  updateField,
} from "./fieldTree";
import { eventScopeGroups } from "./eventScope";
import { ConfigFormFrame, GeneralSection } from "./FormChrome";
import { nextKey } from "./keys";
import { FormRow, type ControlProps } from "./Messages";
import { PayloadPreview } from "./PayloadPreview";
import { useConfigForm, type ConfigFormProps } from "./useConfigForm";
import { Options } from "./RowParts";

const RECOGNITION: Record<RecognitionKind, string> = {
  rule: "A rule over the payload (CEL condition)",
  systemId: "A system-generated event id the sender puts in a field",
};

const PLACES: Record<string, string> = {
  name: "Name",
  description: "Description",
  profileId: "Profile id",
  fields: "Payload fields",
  "recognition.condition": "Recognition condition",
  "recognition.field": "Event id field",
  "recognition.id": "Event id",
};

export function EventForm({ initial, onSaved, onDirtyChange }: ConfigFormProps<Event>) {
  const [draft, setDraft] = useState<EventDraft>(() => (initial ? draftFromEvent(initial, nextKey) : newEventDraft()));
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const recognitionName = useId();
  const event = useMemo(() => eventFromDraft(draft), [draft]);
  const form = useConfigForm({ subject: event, opened: initial, check: checkEvent, save: saveEvent, onSaved, onDirtyChange });
  const { messages } = form;
  const leaves = useMemo(() => leafPaths(event.fields), [event.fields]);
  const scope = useMemo(() => eventScopeGroups(event.name, event.fields), [event.name, event.fields]);
  const functions = useFunctionList();

  const set = (patch: Partial<EventDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const edits: FieldEdits = {
    add: (parent) => {
      const key = nextKey();
      setFocusKey(key);
      setDraft((d) => ({ ...d, fields: addField(d.fields, parent, newField(key)) }));
    },
    // References to the renamed field (profile id, event id field) follow the rename.
    rename: (at, name) =>
      setDraft((d) => {
        const fields = updateField(d.fields, at, { name });
        const [from, to] = [namePath(d.fields, at), namePath(fields, at)];
        return {
          ...d,
          fields,
          profileId: renameReference(d.profileId, from, to),
          idField: renameReference(d.idField, from, to),
        };
      }),
    setType: (at, type) => setDraft((d) => ({ ...d, fields: setFieldType(d.fields, at, type) })),
    setItems: (at, items) => setDraft((d) => ({ ...d, fields: updateField(d.fields, at, { items }) })),
    setRequired: (at, required) => setDraft((d) => ({ ...d, fields: updateField(d.fields, at, { required }) })),
    remove: (at) => setDraft((d) => ({ ...d, fields: removeField(d.fields, at) })),
  };

  const describe = (path: string) => {
    const field = splitFieldPath(path);
    if (field) return `Field ${displayPath(draft.fields, field.at)}${field.rest ? ` (${field.rest})` : ""}`;
    return PLACES[path] ?? path;
  };

  return (
    <ConfigFormFrame testId="event-form" title={initial ? `Event ${initial.name}` : "New event"} kind="event" form={form} messages={messages} describe={describe} side={<PayloadPreview payload={examplePayload(event)} />}>
          <GeneralSection name={draft.name} description={draft.description} nameHint={<>Expressions read it as <code>events.NAME</code>.</>} onChange={set} />

          <fieldset className="cfg-section">
            <legend>Payload fields</legend>
            <FieldTreeEditor nodes={draft.fields} focusKey={focusKey} edits={edits} />
          </fieldset>

          <fieldset className="cfg-section">
            <legend>Identity</legend>
            <FormRow label="Profile id" path="profileId" hint="The payload field that identifies the person.">
              {(p) => (
                <PathSelect {...p} value={draft.profileId} options={leaves} testId="profile-id" onChange={(profileId) => set({ profileId })} />
              )}
            </FormRow>
          </fieldset>

          <fieldset className="cfg-section">
            <legend>Recognition</legend>
            <div className="cfg-radios" role="radiogroup" aria-label="The event is recognised by">
              {(Object.keys(RECOGNITION) as RecognitionKind[]).map((kind) => (
                <label key={kind} className="cfg-checkbox">
                  <input
                    type="radio"
                    name={recognitionName}
                    value={kind}
                    checked={draft.recognition === kind}
                    data-testid={`recognition-${kind}`}
                    onChange={() => set({ recognition: kind })}
                  />
                  {RECOGNITION[kind]}
                </label>
              ))}
            </div>
            {draft.recognition === "rule" ? (
              <FormRow
                label="Condition"
                path="recognition.condition"
                hint={<>A CEL expression over the payload, read as <code>event</code>: e.g. <code>event.type == "cart.abandoned"</code>.</>}
              >
                {(p) => (
                  <ExpressionEditor
                    control={p}
                    label="Condition"
                    className="cfg-input cfg-code expression-input"
                    value={draft.condition}
                    groups={scope}
                    functions={functions}
                    testId="recognition-condition"
                    path="recognition.condition"
                    placeholder='event.eventType == "cart.abandoned"'
                    onChange={(condition) => set({ condition })}
                  />
                )}
              </FormRow>
            ) : (
              <>
                <FormRow label="Event id field" path="recognition.field">
                  {(p) => (
                    <PathSelect {...p} value={draft.idField} options={leaves} testId="recognition-field" onChange={(idField) => set({ idField })} />
                  )}
                </FormRow>
                <FormRow label="Event id" path="recognition.id" hint="The value the sender puts in that field.">
                  {(p) => (
                    <input
                      {...p}
                      className="cfg-input cfg-code"
                      value={draft.idValue}
                      spellCheck={false}
                      data-testid="recognition-id"
                      onChange={(e) => set({ idValue: e.target.value })}
                    />
                  )}
                </FormRow>
              </>
            )}
          </fieldset>
    </ConfigFormFrame>
  );
}

/**
 * A select of field paths. A value that is not among them (a removed field, a saved
 * event whose profile id no longer matches) stays selectable, so nothing is changed
 * behind the user's back; Rust reports it.
 */
function PathSelect({
  value,
  options,
  testId,
  onChange,
  ...control
}: {
  value: string;
  options: string[];
  testId: string;
  onChange: (value: string) => void;
} & ControlProps) {
  const known = value === "" || options.includes(value);
  return (
    <select {...control} className="cfg-input cfg-code" value={value} data-testid={testId} onChange={(e) => onChange(e.target.value)}>
      <option value="">{options.length === 0 ? "Add a field first…" : "Choose a field…"}</option>
      {!known && <option value={value}>{value} (not a single-value field)</option>}
      <Options values={options} />
    </select>
  );
}
