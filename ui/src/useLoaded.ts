// What a screen loads over IPC, as one state: loading, failed (with the ApiError), or
// ready. A newer load (reload, or a new `load`) wins over an older answer still on its way.
import { useCallback, useEffect, useMemo, useState } from "react";

import { toApiError, type ApiError } from "./api";

export type Loaded<V> = { status: "loading" } | { status: "error"; error: ApiError } | { status: "ready"; value: V };

/** A list as screens show it: `items` once ready. */
export type Listing<T> = { status: "loading" } | { status: "error"; error: ApiError } | { status: "ready"; items: T[] };

/** Loads with `load` (keep it stable: a new function loads again) and on each `reload()`. */
export function useLoaded<V>(load: () => Promise<V>): { state: Loaded<V>; reload: () => void } {
  const [state, setState] = useState<Loaded<V>>({ status: "loading" });
  const [reloads, setReloads] = useState(0);
  useEffect(() => {
    let current = true;
    load().then(
      (value) => {
        if (current) setState({ status: "ready", value });
      },
      (e: unknown) => {
        if (current) setState({ status: "error", error: toApiError(e) });
      },
    );
    return () => {
      current = false;
    };
  }, [load, reloads]);
  const reload = useCallback(() => setReloads((n) => n + 1), []);
  return { state, reload };
}

/** useLoaded for a list, as a Listing. */
export function useListing<T>(load: () => Promise<T[]>): { list: Listing<T>; reload: () => void } {
  const { state, reload } = useLoaded(load);
  const list = useMemo((): Listing<T> => (state.status === "ready" ? { status: "ready", items: state.value } : state), [state]);
  return { list, reload };
}
