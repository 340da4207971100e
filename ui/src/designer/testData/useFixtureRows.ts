// What the fixtures list needs, loaded together: the saved fixtures, the targets the open
// journey uses and the configured examples new fixtures start from. Actions come from
// the canvas (the open draft); data bindings from the saved journey, since the designer
// never edits them (designer/draft.ts carries them through untouched).
import { useCallback, useMemo } from "react";
import { useShallow } from "zustand/react/shallow";

import { getJourney, listFixtures } from "../../api";
import type { DataSource } from "../../bindings/DataSource";
import { latestVersion } from "../../canvas/mapping";
import { listDataSources } from "../../config/api";
import { useDesigner } from "../DesignerContext";
import { actionNames } from "../selectors";
import { fixtureRows, journeyTargets, type FixtureRow } from "./targets";
import { useLoaded, type Listing } from "../../useLoaded";

const NO_SOURCES: DataSource[] = [];

export type FixtureRows = { list: Listing<FixtureRow>; dataSources: DataSource[]; reload: () => void };

export function useFixtureRows(journey: string): FixtureRows {
  const actions = useDesigner(useShallow(actionNames));
  const load = useCallback(
    () =>
      Promise.all([
        listFixtures(),
        getJourney(journey).then((saved) => latestVersion(saved)?.data ?? []),
        // Only fills new fixtures with the configured example: the list works without it.
        listDataSources().catch(() => NO_SOURCES),
      ]),
    [journey],
  );
  const { state, reload } = useLoaded(load);
  const list = useMemo((): Listing<FixtureRow> => {
    if (state.status !== "ready") return state;
    const [fixtures, data] = state.value;
    return { status: "ready", items: fixtureRows(journeyTargets(actions, data), fixtures) };
  }, [state, actions]);
  const dataSources = state.status === "ready" ? state.value[2] : NO_SOURCES;
  return { list, dataSources, reload };
}
