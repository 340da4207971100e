// Pure helpers of the Runners screen: where a runner's token comes from and what "Test
// connection" found, in words. The rules (names, URLs, tokens, scopes) are Rust's; this
// only says what Rust answered. No React, no IPC.
import type { RunnerCheck } from "../bindings/RunnerCheck";
import type { RunnerInfo } from "../bindings/RunnerInfo";

export type TokenSource = { label: string; missing: boolean };

/** Where the runner's token comes from, as the list says it; `missing` is a warning. */
export function tokenSource(token: RunnerInfo["token"]): TokenSource {
  switch (token) {
    case "keychain":
      return { label: "token in the keychain", missing: false };
    case "environment":
      return { label: "token from the environment", missing: false };
    case "secrets file":
      return { label: "token in the secrets file", missing: false };
    case "missing":
      return { label: "no token", missing: true };
    case "elsewhere":
      // The kept token was given for another URL: Rust does not send it to this one.
      return { label: "token given for another URL: give it again", missing: true };
    default:
      return { label: `token: ${token}`, missing: false };
  }
}

export type CheckSummary = { ok: true; text: string } | { ok: false; problems: string[] };

/**
 * A connection check in words: "Connected — runner v0.1.0, token `ops` with publish,
 * control, read", or Rust's problems as they are (each a sentence for people).
 */
export function checkSummary(check: RunnerCheck): CheckSummary {
  if (check.problems.length > 0) return { ok: false, problems: check.problems };
  // Rust says "no problems" only for a runner that answered; never show an unreachable one as connected.
  if (!check.reachable) return { ok: false, problems: ["the runner did not answer"] };
  const details: string[] = [];
  if (check.version) details.push(`runner ${check.version.startsWith("v") ? "" : "v"}${check.version}`);
  if (check.tokenName) {
    const scopes = check.scopes.length > 0 ? ` with ${check.scopes.join(", ")}` : "";
    details.push(`token \`${check.tokenName}\`${scopes}`);
  }
  return { ok: true, text: details.length > 0 ? `Connected — ${details.join(", ")}` : "Connected" };
}

/** The runners to pre-check in the publish dialog: the journey's, among the workspace's. */
export function preChecked(runners: readonly RunnerInfo[], journeyRunners: readonly string[]): string[] {
  const known = new Set(runners.map((r) => r.name));
  return journeyRunners.filter((name) => known.has(name));
}

/** The checked runners in the list's order, for `publish_to_runners`. */
export function chosenRunners(runners: readonly RunnerInfo[], checked: ReadonlySet<string>): string[] {
  return runners.map((r) => r.name).filter((name) => checked.has(name));
}
