// Which actions and data source field groups the open journey calls, so the test data tab
// can offer one fixture row per target, and how a row says whether a fixture answers it.
import type { CustomAction } from "../../bindings/CustomAction";
import type { DataBinding } from "../../bindings/DataBinding";
import type { DataSource } from "../../bindings/DataSource";
import type { Fixture } from "../../bindings/Fixture";
import type { FixtureTarget } from "../../bindings/FixtureTarget";
import { plural } from "../../model";

/** One string per target, for keys and comparisons: `action:send_sms`, `dataSource:crm/profile`. */
export function targetKey(target: FixtureTarget): string {
  return target.kind === "action" ? `action:${target.name}` : `dataSource:${target.source}/${target.group}`;
}

/** Words for a target: "Action send_sms", "Data source crm, field group profile". */
export function targetLabel(target: FixtureTarget): string {
  return target.kind === "action" ? `Action ${target.name}` : `Data source ${target.source}, field group ${target.group}`;
}

/**
 * The targets a journey uses: each action its activities call (`actions`, as the
 * designer lists them), then each field group its data bindings read, each once.
 */
export function journeyTargets(actions: readonly string[], data: readonly DataBinding[] | undefined): FixtureTarget[] {
  const targets: FixtureTarget[] = [];
  const seen = new Set<string>();
  const add = (t: FixtureTarget) => {
    const key = targetKey(t);
    if (seen.has(key)) return;
    seen.add(key);
    targets.push(t);
  };
  for (const name of actions) if (name !== "") add({ kind: "action", name });
  for (const b of data ?? []) if (b.source !== "" && b.group !== "") add({ kind: "dataSource", source: b.source, group: b.group });
  return targets;
}

export type FixtureRow = { key: string; target: FixtureTarget; fixture: Fixture | null };

/** One row per target, with its saved fixture when there is one. */
export function fixtureRows(targets: readonly FixtureTarget[], fixtures: readonly Fixture[]): FixtureRow[] {
  const byKey = new Map(fixtures.map((f) => [targetKey(f.target), f]));
  return targets.map((target) => {
    const key = targetKey(target);
    return { key, target, fixture: byKey.get(key) ?? null };
  });
}

/** What answers the target in test mode, in the row's words. */
export function fixtureStatus(fixture: Fixture | null): string {
  return fixture === null
    ? "No fixture: the configured example answers"
    : `Fixture: ${plural(fixture.responses.length, "response")}`;
}

/** The configured response example of a target (what answers without a fixture), if any. */
export function configuredExample(
  target: FixtureTarget,
  actions: readonly CustomAction[],
  dataSources: readonly DataSource[],
): unknown {
  if (target.kind === "action") return actions.find((a) => a.name === target.name)?.responseExample;
  return dataSources.find((s) => s.name === target.source)?.fieldGroups.find((g) => g.name === target.group)?.responseExample;
}
