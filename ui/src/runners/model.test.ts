import { describe, expect, it } from "vitest";

import type { RunnerCheck } from "../bindings/RunnerCheck";
import type { RunnerInfo } from "../bindings/RunnerInfo";
import { checkSummary, chosenRunners, preChecked, tokenSource } from "./model";

const runner = (name: string, token = "keychain"): RunnerInfo => ({
  name,
  url: `https://${name}.example.com`,
  addedAt: "2026-12-01T09:00:00.000Z",
  token,
});

const check = (more: Partial<RunnerCheck> = {}): RunnerCheck => ({
  reachable: true,
  version: "0.1.0",
  tokenName: "ops",
  scopes: ["publish", "control", "read"],
  problems: [],
  ...more,
});

describe("tokenSource", () => {
  it("says where the token comes from, and warns when there is none", () => {
    expect(tokenSource("keychain")).toEqual({ label: "token in the keychain", missing: false });
    expect(tokenSource("environment")).toEqual({ label: "token from the environment", missing: false });
    expect(tokenSource("missing")).toEqual({ label: "no token", missing: true });
    expect(tokenSource("secrets file")).toEqual({ label: "token in the secrets file", missing: false });
    expect(tokenSource("elsewhere")).toEqual({ label: "token given for another URL: give it again", missing: true });
  });

  it("shows a source it does not know as Rust sent it", () => {
    expect(tokenSource("vault")).toEqual({ label: "token: vault", missing: false });
  });
});

describe("checkSummary", () => {
  it("says connected with the runner's version and the token's name and scopes", () => {
    expect(checkSummary(check())).toEqual({ ok: true, text: "Connected — runner v0.1.0, token `ops` with publish, control, read" });
  });

  it("does not double a version's v, and leaves out what the runner did not say", () => {
    expect(checkSummary(check({ version: "v0.2.0" }))).toEqual({
      ok: true,
      text: "Connected — runner v0.2.0, token `ops` with publish, control, read",
    });
    expect(checkSummary(check({ version: null, scopes: [] }))).toEqual({ ok: true, text: "Connected — token `ops`" });
    expect(checkSummary(check({ version: null, tokenName: null }))).toEqual({ ok: true, text: "Connected" });
  });

  it("gives Rust's problems as they are", () => {
    const problems = [
      "the runner does not accept this token (revoked, or made for another runner)",
      "the token `dashboards` lacks the scopes publish, control: ask for a token with them",
    ];
    expect(checkSummary(check({ problems }))).toEqual({ ok: false, problems });
    expect(checkSummary(check({ reachable: false, problems: ["cannot reach http://127.0.0.1:9: Connection refused (os error 111)"] }))).toEqual({
      ok: false,
      problems: ["cannot reach http://127.0.0.1:9: Connection refused (os error 111)"],
    });
  });

  it("never calls an unreachable runner connected", () => {
    expect(checkSummary(check({ reachable: false }))).toEqual({ ok: false, problems: ["the runner did not answer"] });
  });
});

describe("the publish dialog's runners", () => {
  const runners = [runner("local"), runner("prod"), runner("staging")];

  it("pre-checks the journey's runners that the workspace still has", () => {
    expect(preChecked(runners, ["prod", "gone"])).toEqual(["prod"]);
    expect(preChecked(runners, [])).toEqual([]);
  });

  it("sends the checked runners in the list's order", () => {
    expect(chosenRunners(runners, new Set(["staging", "local"]))).toEqual(["local", "staging"]);
    expect(chosenRunners(runners, new Set())).toEqual([]);
  });
});
