// Reads the number inputs of the forms. Only the shape is checked here (a whole number
// that fits the Rust field's type); ranges such as "timeout 1–30 s" are Rust's rules and
// come back as diagnostics from check_action.
import { z } from "zod";

export const U32_MAX = 4_294_967_295;

export type NumberRead = { ok: true; value: number } | { ok: false; message: string };

export function wholeNumber(text: string, max: number, message: string): NumberRead {
  const schema = z
    .string()
    .trim()
    .regex(/^\d+$/, message)
    .transform(Number)
    .refine((n) => n <= max, `${message} (at most ${max.toLocaleString("en-US")})`);
  const r = schema.safeParse(text);
  return r.success ? { ok: true, value: r.data } : { ok: false, message: r.error.issues[0].message };
}
