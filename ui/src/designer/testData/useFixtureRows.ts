// What the fixtures list needs, loaded together: the saved fixtures, the targets the open
// journey uses and the configured examples new fixtures start from. Actions come from
// the canvas (the open draft); data bindings from the saved journey, since the designer
// never edits them (designer/draft.ts carries them through untouched).
import { useCallback, useEffect, useMemo, useState } from "react";
import { useShallow } from "zustand/react/shallow";

import { getJourney, listFixtures, toApiError } from "../../api";
import type { DataBinding } from "../../bindings/DataBinding";
import type { DataSource } from "../../bindings/DataSource";
import type { Fixture } from "../../bindings/Fixture";
import { latestVersion } from "../../canvas/mapping";
import { listDataSources } from "../../config/api";
import { useDesigner } from "../DesignerContext";
import { actionNames } from "../selectors";
import { fixtureRows, journeyTargets, type FixtureRow } from "./targets";
import type { Listing } from "./useTestProfiles";

type Loaded = { status: "ready"; fixtures: Fixture[]; data: DataBinding[]; dataSources: DataSource[] };
type LoadState = Exclude<Listing<never>, { status: "ready" }> | Loaded;

const NO_SOURCES: DataSource[] = [];

export type FixtureRows = { list: Listing<FixtureRow>; dataSources: DataSource[]; reload: () => void };

export function useFixtureRows(journey: string): FixtureRows {
  const actions = useDesigner(useShallow(actionNames));
  const [loaded, setLoaded] = useState<LoadState>({ status: "loading" });
  const [reloads, setReloads] = useState(0);

  useEffect(() => {
    let current = true;
    Promise.all([
      listFixtures(),
      getJourney(journey),
      // Only fills new fixtures with the configured example: the list works without it.
      listDataSources().catch(() => [] as DataSource[]),
    ]).then(
      ([fixtures, saved, dataSources]) => {
        const data = latestVersion(saved)?.data ?? [];
        if (current) setLoaded({ status: "ready", fixtures, data, dataSources });
      },
      (e: unknown) => {
        if (current) setLoaded({ status: "error", error: toApiError(e) });
      },
    );
    return () => {
      current = false;
    };
  }, [journey, reloads]);

  const reload = useCallback(() => setReloads((n) => n + 1), []);
  const list = useMemo((): Listing<FixtureRow> => {
    if (loaded.status !== "ready") return loaded;
    return { status: "ready", items: fixtureRows(journeyTargets(actions, loaded.data), loaded.fixtures) };
  }, [loaded, actions]);
  const dataSources = loaded.status === "ready" ? loaded.dataSources : NO_SOURCES;
  return { list, dataSources, reload };
}
