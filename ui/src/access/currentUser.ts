// Who is working (current_user), loaded once for the whole app and shared by every screen
// through `useAccess`; loaded again after an administrator changes their own role. The
// first screen that asks starts the load, so the dev-only harness pages adapt too.
import { useEffect, useMemo } from "react";
import { create } from "zustand";

import { currentUser, toApiError } from "../api";
import type { CurrentUser } from "../bindings/CurrentUser";
import type { Loaded } from "../useLoaded";
import { accessOf, type Access } from "./permissions";

const useCurrentUserStore = create<{ state: Loaded<CurrentUser> }>(() => ({ state: { status: "loading" } }));

let loading: Promise<Loaded<CurrentUser>> | null = null;
let loads = 0;

function load(): Promise<Loaded<CurrentUser>> {
  const id = ++loads;
  loading = currentUser().then(
    (value): Loaded<CurrentUser> => ({ status: "ready", value }),
    (e: unknown): Loaded<CurrentUser> => ({ status: "error", error: toApiError(e) }),
  );
  return loading.then((state) => {
    // A newer load (a retry, a role changed meanwhile) wins over an older answer.
    if (id === loads) useCurrentUserStore.setState({ state });
    return state;
  });
}

/** The current user once known (or why not): started on first call, then shared. */
export function loadCurrentUser(): Promise<Loaded<CurrentUser>> {
  return loading ?? load();
}

/** Asks Rust again (after a role change, or to retry a failure). */
export function reloadCurrentUser(): Promise<Loaded<CurrentUser>> {
  useCurrentUserStore.setState((s) => (s.state.status === "error" ? { state: { status: "loading" } } : s));
  return load();
}

export type AccessState = Access & { user: Loaded<CurrentUser> };

/** The current user and what they may do; re-renders when either changes. */
export function useAccess(): AccessState {
  useEffect(() => void loadCurrentUser(), []);
  const user = useCurrentUserStore((s) => s.state);
  return useMemo(() => ({ user, ...accessOf(user) }), [user]);
}
