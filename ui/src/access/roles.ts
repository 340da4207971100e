// The roles as people read them (header, Users screen). Only names: what each role may do
// is Rust's (crates/workspace/src/access.rs), and screens ask for permissions, not roles.
import type { Role } from "../bindings/Role";

// Record keyed by Role: the compiler flags this list when the generated union changes.
const LABELS: Record<Role, string> = {
  administrator: "Administrator",
  business: "Business",
  technical: "Technical",
  publisher: "Publisher",
  viewer: "Viewer",
};

/** Every role, in the order the Users screen offers them. */
export const ROLES = Object.keys(LABELS) as Role[];

export function roleLabel(role: Role | null): string {
  return role === null ? "No role" : LABELS[role];
}

export function isRole(value: string): value is Role {
  return Object.hasOwn(LABELS, value);
}
