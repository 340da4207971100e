// Reads Rust's refusal of a test payload that does not fit its event's schema
// (crates/simulator/src/sim.rs `fits_schema`): "the payload does not fit event `x`:
// /cart/total: "lots" is not of type "number"; /: "email" is a required property".
// Each part names a JSON Pointer; the form marks the field there. A missing required
// property is reported on its parent, so it is moved to the property itself.

export type PayloadError = { pointer: string; message: string };

const REFUSAL = /the payload does not fit event `[^`]*`: (.*)$/s;
const REQUIRED = /^"((?:[^"\\]|\\.)*)" is a required property$/;

/** The payload errors in a refusal's message, or null when it is not that refusal. */
export function payloadErrors(message: string): PayloadError[] | null {
  const found = REFUSAL.exec(message);
  if (!found) return null;
  // Parts start with a pointer ("/..."); "; " inside a message is not a separator.
  return found[1]
    .split(/; (?=\/|and \d+ more$)/)
    .flatMap((part) => {
      const m = /^(\/[^:]*): (.*)$/s.exec(part);
      if (!m) return [];
      const parent = m[1] === "/" ? "" : m[1];
      const required = REQUIRED.exec(m[2]);
      if (required) {
        const name = JSON.parse(`"${required[1]}"`) as string;
        return [{ pointer: `${parent}/${name.replaceAll("~", "~0").replaceAll("/", "~1")}`, message: "required, and missing" }];
      }
      return [{ pointer: parent === "" ? "/" : parent, message: m[2] }];
    });
}

/** The errors by pointer, for the form to mark its fields. */
export function errorsByPointer(errors: readonly PayloadError[]): ReadonlyMap<string, string[]> {
  const out = new Map<string, string[]>();
  for (const e of errors) out.set(e.pointer, [...(out.get(e.pointer) ?? []), e.message]);
  return out;
}
