// What an import says: the counts, the errors to fix, and the configurations whose
// calls now go to another origin (their secrets stay bound to the old one). Pure; unit
// tested in imports.test.ts.
import type { ImportReport } from "../bindings/ImportReport";
import type { OriginChange } from "../bindings/OriginChange";
import { objectLabel } from "../model";

/** A list of origins in words; "no origin" for none (a URL that is not http(s)). */
export function originsText(origins: readonly string[]): string {
  return origins.length === 0 ? "no origin" : origins.join(", ");
}

/** "Data source orders: https://old.example → https://new.example". */
export function originChangeText(change: OriginChange): string {
  return `${objectLabel(change.object)}: ${originsText(change.from)} → ${originsText(change.to)}`;
}

/** The home's note after an import. */
export function importedLabel(r: ImportReport): string {
  const problems = r.diagnostics.filter((d) => d.severity === "error").length;
  const counts =
    `Imported ${r.journeys} journeys, ${r.events} events, ${r.dataSources} data sources, ${r.actions} actions` +
    (r.fixtures + r.testProfiles > 0 ? `, ${r.fixtures} fixtures, ${r.testProfiles} test profiles` : "") +
    (problems > 0 ? ` (${problems} errors to fix)` : "");
  if (r.originChanges.length === 0) return counts;
  const secrets = [...new Set(r.originChanges.flatMap((c) => c.secrets))];
  return (
    `${counts}. Calls now go elsewhere: ${r.originChanges.map(originChangeText).join("; ")}.` +
    (secrets.length > 0
      ? ` Their secrets (${secrets.join(", ")}) stay bound to the old origins: bind them again in the forms if they should follow.`
      : "")
  );
}
