// The diagnostic paths each inspector form shows next to a field (as Rust names them in
// validate/journey.rs). Diagnostics at any other path of the node (open ports,
// unreachable, edges) are listed at the top of the inspector instead.
import type { Activity } from "../../bindings/Activity";

function indexed(list: string, count: number, fields: readonly string[]): string[] {
  const paths = [`activity.${list}`];
  for (let i = 0; i < count; i++) {
    paths.push(`activity.${list}[${i}]`, ...fields.map((f) => `activity.${list}[${i}].${f}`));
  }
  return paths;
}

/** `mappingKeys` are the rows of an action's mapping table. */
export function inlinePaths(activity: Activity, mappingKeys: readonly string[] = []): Set<string> {
  switch (activity.type) {
    case "entry":
      return new Set(["activity.event"]);
    case "reaction":
      return new Set(["activity.event", "activity.timeoutSeconds"]);
    case "condition":
      return new Set(indexed("paths", activity.paths.length, ["port", "expression"]));
    case "split":
      return new Set(indexed("branches", activity.branches.length, ["port", "weight"]));
    case "dateCondition":
      return new Set(indexed("paths", activity.paths.length, ["port", "after", "before"]));
    case "timeCondition":
      return new Set(indexed("paths", activity.paths.length, ["port", "from", "to"]));
    case "wait":
      return new Set(["activity.wait.seconds", "activity.wait.expression"]);
    case "jump":
      return new Set(["activity.journey"]);
    case "action":
      return new Set(["activity.action", "activity.dynamicPath", ...mappingKeys.map((k) => `activity.mapping.${k}`)]);
    case "end":
      return new Set();
  }
}
