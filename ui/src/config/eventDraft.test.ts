import { describe, expect, it } from "vitest";

import type { Event } from "../bindings/Event";
import { draftFromEvent, eventFromDraft, newEventDraft } from "./eventDraft";

const keys = () => {
  let n = 0;
  return () => `k${++n}`;
};

const signup: Event = {
  name: "signup",
  description: "A person signs up",
  profileId: "customer.email",
  recognition: { kind: "systemId", field: "eventId", id: "evt_signup" },
  fields: [
    { name: "eventId", type: "string", required: true },
    { name: "customer", type: "object", fields: [{ name: "email", type: "string", required: true }] },
  ],
};

describe("event drafts", () => {
  it("round-trip a saved event", () => {
    expect(eventFromDraft(draftFromEvent(signup, keys()))).toEqual(signup);
  });

  it("keep the other recognition's input while switching", () => {
    const draft = { ...draftFromEvent(signup, keys()), recognition: "rule" as const, condition: "event.x == 1" };
    expect(eventFromDraft(draft).recognition).toEqual({ kind: "rule", condition: "event.x == 1" });
    expect(eventFromDraft({ ...draft, recognition: "systemId" }).recognition).toEqual(signup.recognition);
  });

  it("start blank, recognised by a rule", () => {
    expect(eventFromDraft(newEventDraft())).toEqual({
      name: "",
      description: "",
      profileId: "",
      recognition: { kind: "rule", condition: "" },
      fields: [],
    });
  });
});
