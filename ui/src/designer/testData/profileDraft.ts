// The test profile form's state and its conversion to and from the binding TestProfile.
// The values are typed as JSON text (dotted field path → value) and kept as typed, so a
// half-written object is never lost; reading them only checks that the text is a JSON
// object. Every rule (a name, a profile id, fields events have, value types) is Rust's
// (check_test_profile) and comes back as diagnostics.
import type { TestProfile } from "../../bindings/TestProfile";
import type { Built } from "../../config/authDraft";
import type { Message, ShapeProblems } from "../../config/diagnostics";
import { describeJsonError, parseJson } from "../../config/json";

export type ProfileDraft = { name: string; profileId: string; description: string; valuesText: string };

export function newProfileDraft(): ProfileDraft {
  return { name: "", profileId: "", description: "", valuesText: "{}" };
}

export function draftFromProfile(profile: TestProfile): ProfileDraft {
  return {
    name: profile.name,
    profileId: profile.profileId,
    description: profile.description ?? "",
    valuesText: JSON.stringify(profile.values, null, 2),
  };
}

export type ValuesRead = { ok: true; value: Record<string, unknown> } | { ok: false; message: string };

/** The values text as an object; empty text is no values. */
export function parseValues(text: string): ValuesRead {
  if (text.trim() === "") return { ok: true, value: {} };
  const parsed = parseJson(text);
  if (!parsed.ok) return { ok: false, message: describeJsonError(parsed) };
  const value = parsed.value;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, message: 'Enter a JSON object of field paths and values, such as {"customer.tier": "gold"}' };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

/** The profile the draft describes, in the shape Rust sends (an empty description is left out). */
export function profileFromDraft(d: ProfileDraft): Built<TestProfile> {
  const values = parseValues(d.valuesText);
  if (!values.ok) {
    const problems: ShapeProblems = { values: values.message };
    return { ok: false, problems };
  }
  return {
    ok: true,
    value: {
      name: d.name,
      profileId: d.profileId,
      ...(d.description !== "" ? { description: d.description } : {}),
      values: values.value,
    },
  };
}

/**
 * Rust names a value's problem `values.customer.tier`; the values are one text box, so
 * the message goes beside it (its text names the field).
 */
export function placeProfileMessages(messages: readonly Message[]): Message[] {
  return messages.map((m) => (m.path.startsWith("values.") ? { ...m, path: "values" } : m));
}

const PLACES: Record<string, string> = {
  name: "Name",
  profileId: "Profile id",
  description: "Description",
  values: "Field values",
};

export function describeProfilePath(path: string): string {
  return PLACES[path] ?? path;
}
