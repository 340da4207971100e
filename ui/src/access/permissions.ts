// What the person at the machine may do, and why not, from the permissions Rust sent with
// `current_user`. The role × permission matrix is Rust's (crates/workspace/src/access.rs):
// screens ask for a permission, never for a role's name, so a change there needs nothing
// here. Rust refuses what is not allowed either way; this only spares people a refusal.
// No React, no IPC.
import type { CurrentUser } from "../bindings/CurrentUser";
import type { Permission } from "../bindings/Permission";
import type { Loaded } from "../useLoaded";

// Record keyed by Permission: the compiler flags this list when the generated union
// gains or loses a member. The phrases read as Rust's refusals do (`Permission::doing`).
const DOING: Record<Permission, string> = {
  readJourneys: "read journeys",
  manageJourneys: "manage journeys",
  publishJourneys: "publish journeys",
  manageConfigurations: "manage events, data sources and actions",
  simulate: "simulate",
  readReports: "read reports",
  manageUsers: "manage users",
};

export type Access = {
  /** Whether every one of `permissions` is held (false until the user is known). */
  can: (...permissions: Permission[]) => boolean;
  /** Why not every one of `permissions` is held, in a sentence; null when they are. */
  whyNot: (...permissions: Permission[]) => string | null;
  /** Why none of `permissions` is held (import: journeys or configurations); null when one is. */
  whyNotAny: (...permissions: Permission[]) => string | null;
};

/** "Your role (business) may not manage journeys — ask an administrator". */
function refusal(user: CurrentUser, missing: readonly Permission[]): string {
  const who = user.role !== null ? `Your role (${user.role})` : `You (${user.name})`;
  return `${who} may not ${missing.map((p) => DOING[p]).join(" or ")} — ask an administrator`;
}

/** What `state` (the current user, loading, or failed) allows. */
export function accessOf(state: Loaded<CurrentUser>): Access {
  if (state.status !== "ready") {
    const why =
      state.status === "loading"
        ? "Checking what your role allows…"
        : `What your role allows could not be read (${state.error.code}: ${state.error.message})`;
    return { can: () => false, whyNot: () => why, whyNotAny: () => why };
  }
  const user = state.value;
  const held = new Set(user.permissions);
  const can = (...permissions: Permission[]) => permissions.every((p) => held.has(p));
  return {
    can,
    whyNot: (...permissions) => {
      const missing = permissions.filter((p) => !held.has(p));
      return missing.length === 0 ? null : refusal(user, missing);
    },
    whyNotAny: (...permissions) => (permissions.some((p) => held.has(p)) ? null : refusal(user, permissions)),
  };
}
