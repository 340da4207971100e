// What the fixtures list needs: the saved fixtures, the targets the open journey uses and
// the configured examples new fixtures start from. Actions come from
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
  // What does not change while the tab is open is read once; a save or a removal
  // reloads the fixtures only.
  const loadTargets = useCallback(
    () =>
      Promise.all([
        getJourney(journey).then((saved) => latestVersion(saved)?.data ?? []),
        // Only fills new fixtures with the configured example: the list works without it.
        listDataSources().catch(() => NO_SOURCES),
      ]),
    [journey],
  );
  const { state: targets, reload: reloadTargets } = useLoaded(loadTargets);
  const { state: saved, reload: reloadFixtures } = useLoaded(listFixtures);
  const reload = useCallback(() => {
    if (targets.status === "error") reloadTargets();
    reloadFixtures();
  }, [targets.status, reloadTargets, reloadFixtures]);
  const list = useMemo((): Listing<FixtureRow> => {
    if (targets.status !== "ready") return targets;
    if (saved.status !== "ready") return saved;
    return { status: "ready", items: fixtureRows(journeyTargets(actions, targets.value[0]), saved.value) };
  }, [targets, saved, actions]);
  const dataSources = targets.status === "ready" ? targets.value[1] : NO_SOURCES;
  return { list, dataSources, reload };
}
