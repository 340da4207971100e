// The saved test profiles, listed once for the whole test panel: the Test event tab's
// profile menu and the Test data tab's list read the same list, so a profile saved or
// deleted in one shows in the other at once.
import { useCallback, useEffect, useState } from "react";

import { listTestProfiles, toApiError, type ApiError } from "../../api";
import type { TestProfile } from "../../bindings/TestProfile";

export type Listing<T> = { status: "loading" } | { status: "error"; error: ApiError } | { status: "ready"; items: T[] };

export type TestProfiles = { list: Listing<TestProfile>; reload: () => void };

const byName = new Intl.Collator(undefined, { sensitivity: "base", numeric: true });

export function useTestProfiles(): TestProfiles {
  const [list, setList] = useState<Listing<TestProfile>>({ status: "loading" });
  const [reloads, setReloads] = useState(0);

  useEffect(() => {
    let current = true;
    listTestProfiles().then(
      (items) => {
        if (current) setList({ status: "ready", items: [...items].sort((a, b) => byName.compare(a.name, b.name)) });
      },
      (e: unknown) => {
        if (current) setList({ status: "error", error: toApiError(e) });
      },
    );
    return () => {
      current = false;
    };
  }, [reloads]);

  const reload = useCallback(() => setReloads((n) => n + 1), []);
  return { list, reload };
}
