// The live report's commands: figures from a runner, typed, and the CSV export (to a
// file chosen in a dialog Rust shows: see files.ts). A runner that cannot be reached
// answers an `UNREACHABLE` ApiError.
import { call } from "../api";
import type { Bucket } from "../bindings/Bucket";
import type { JourneyReport } from "../bindings/JourneyReport";
import { chooseFile } from "../files";

export type Period = { label: string; seconds: number; bucket: Bucket };

/** The periods the report screen offers, with the bucket that keeps charts readable. */
export const PERIODS: Period[] = [
  { label: "Last hour", seconds: 3600, bucket: "minute" },
  { label: "Last 24 hours", seconds: 86_400, bucket: "hour" },
  { label: "Last 7 days", seconds: 7 * 86_400, bucket: "hour" },
];

export function periodFrom(period: Period, now: Date): string {
  return new Date(now.getTime() - period.seconds * 1000).toISOString();
}

export async function liveReport(runner: string, name: string, from: string | null, bucket: Bucket | null): Promise<JourneyReport> {
  return call<JourneyReport>("live_report", { runner, name, from, bucket });
}

/**
 * Asks where to save (a dialog Rust shows) and writes the report's CSV there; gives the
 * file's name, or null when cancelled.
 */
export async function exportReportCsv(runner: string, name: string, from: string | null, bucket: Bucket | null): Promise<string | null> {
  const file = await chooseFile("save", "csv", `Export the ${name} report`, `${name}-${runner}-report.csv`);
  if (file === null) return null;
  await call<void>("export_live_report_csv", { runner, name, from, bucket, token: file.token });
  return file.name;
}
