// The fixture form's state and its conversion to and from the binding Fixture. Inputs
// are kept as typed (numbers, JSON bodies), so nothing is lost while it is half-written;
// reading them reports shape problems (not a number, JSON that does not parse) by the
// path Rust uses. Every rule (an HTTP status, a valid condition, rates between 0 and 1,
// a target that exists) is Rust's (check_fixture) and comes back as diagnostics.
import type { CannedResponse } from "../../bindings/CannedResponse";
import type { Fixture } from "../../bindings/Fixture";
import type { FixtureTarget } from "../../bindings/FixtureTarget";
import type { Built } from "../../config/authDraft";
import type { ShapeProblems } from "../../config/diagnostics";
import { describeJsonError, parseJson } from "../../config/json";
import { U32_MAX, wholeNumber } from "../../config/numbers";
import { targetLabel } from "./targets";

/** Rust's `status` is a u16: anything larger cannot even be sent. */
const U16_MAX = 65_535;

export type ResponseDraft = {
  /** React key: rows are added and removed. */
  key: string;
  /** CEL over `request`; empty: always answers. */
  when: string;
  status: string;
  /** JSON; empty: no body (null). */
  bodyText: string;
  /** Empty: only the fixture's latency. */
  latencyText: string;
};

export type FixtureDraft = {
  target: FixtureTarget;
  responses: ResponseDraft[];
  latencyText: string;
  errorRateText: string;
  timeoutRateText: string;
};

const jsonText = (value: unknown) => (value === undefined || value === null ? "" : JSON.stringify(value, null, 2));

export function newResponse(key: string, body: unknown = undefined): ResponseDraft {
  return { key, when: "", status: "200", bodyText: jsonText(body), latencyText: "" };
}

/** A new fixture: one response, always answering 200 with `example` (the configured one). */
export function newFixtureDraft(target: FixtureTarget, example: unknown, newKey: () => string): FixtureDraft {
  return { target, responses: [newResponse(newKey(), example)], latencyText: "0", errorRateText: "0", timeoutRateText: "0" };
}

export function draftFromFixture(fixture: Fixture, newKey: () => string): FixtureDraft {
  return {
    target: fixture.target,
    responses: fixture.responses.map((r) => ({
      key: newKey(),
      when: r.when ?? "",
      status: String(r.status),
      bodyText: jsonText(r.body),
      latencyText: r.latencyMs === undefined ? "" : String(r.latencyMs),
    })),
    latencyText: String(fixture.latencyMs),
    errorRateText: String(fixture.errorRate),
    timeoutRateText: String(fixture.timeoutRate),
  };
}

export function withResponseAdded(d: FixtureDraft, key: string): FixtureDraft {
  return { ...d, responses: [...d.responses, newResponse(key)] };
}

export function withResponseRemoved(d: FixtureDraft, index: number): FixtureDraft {
  return { ...d, responses: d.responses.filter((_, i) => i !== index) };
}

export function withResponse(d: FixtureDraft, index: number, patch: Partial<Omit<ResponseDraft, "key">>): FixtureDraft {
  return { ...d, responses: d.responses.map((r, i) => (i === index ? { ...r, ...patch } : r)) };
}

/** A share typed as a decimal number ("0.05"); empty is none. Its range is Rust's rule. */
export function readShare(text: string): { ok: true; value: number } | { ok: false; message: string } {
  const t = text.trim();
  if (t === "") return { ok: true, value: 0 };
  const n = Number(t);
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t) || !Number.isFinite(n)) {
    return { ok: false, message: "Enter a decimal number, such as 0.05 for 5 % of calls" };
  }
  return { ok: true, value: n };
}

/** The fixture the draft describes, keys in the order Rust writes them. */
export function fixtureFromDraft(d: FixtureDraft): Built<Fixture> {
  const problems: ShapeProblems = {};
  const whole = (path: string, text: string, max: number, what: string): number => {
    const r = wholeNumber(text, max, `Enter a whole number${what}`);
    if (r.ok) return r.value;
    problems[path] = r.message;
    return 0;
  };
  const responses = d.responses.map((r, i): CannedResponse => {
    const at = `responses[${i}]`;
    const status = whole(`${at}.status`, r.status, U16_MAX, ", such as 200");
    let body: unknown = null;
    if (r.bodyText.trim() !== "") {
      const parsed = parseJson(r.bodyText);
      if (parsed.ok) body = parsed.value;
      else problems[`${at}.body`] = describeJsonError(parsed);
    }
    const latency = r.latencyText.trim() === "" ? undefined : whole(`${at}.latencyMs`, r.latencyText, U32_MAX, " of milliseconds");
    return {
      ...(r.when.trim() !== "" ? { when: r.when } : {}),
      status,
      body,
      ...(latency !== undefined ? { latencyMs: latency } : {}),
    };
  });
  const latencyMs = d.latencyText.trim() === "" ? 0 : whole("latencyMs", d.latencyText, U32_MAX, " of milliseconds");
  const rate = (path: string, text: string) => {
    const r = readShare(text);
    if (r.ok) return r.value;
    problems[path] = r.message;
    return 0;
  };
  const errorRate = rate("errorRate", d.errorRateText);
  const timeoutRate = rate("timeoutRate", d.timeoutRateText);
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  return { ok: true, value: { target: d.target, responses, latencyMs, errorRate, timeoutRate } };
}

const PLACES: Record<string, string> = {
  latencyMs: "Latency",
  errorRate: "Error rate",
  timeoutRate: "Timeout rate",
  responses: "Responses",
};

const RESPONSE_PLACES: Record<string, string> = {
  when: "condition",
  status: "status",
  body: "body",
  latencyMs: "latency",
};

/** Words for a path of the fixture form: `responses.1.status` → "Response 2, status". */
export function describeFixturePath(path: string, target: FixtureTarget): string {
  if (path.startsWith("target")) return targetLabel(target);
  const m = /^responses\.(\d+)\.(\w+)$/.exec(path);
  if (m) return `Response ${Number(m[1]) + 1}, ${RESPONSE_PLACES[m[2]] ?? m[2]}`;
  return PLACES[path] ?? path;
}
