import { describe, expect, it } from "vitest";

import type { CustomAction } from "../bindings/CustomAction";
import {
  paramSecretNames,
  actionFromDraft,
  draftFromAction,
  newActionDraft,
  newParam,
  withPayloadChoice,
  withPayloadText,
  type ActionDraft,
} from "./actionDraft";
import { authFromDraft, draftFromAuth, newAuthDraft, placeholderNames, tokenSecretNames } from "./authDraft";
import { wholeNumber } from "./numbers";

const keys = () => {
  let n = 0;
  return () => `k${++n}`;
};

const sendSms: CustomAction = {
  name: "send_sms",
  description: "Texts a person",
  url: "https://sms.example/send",
  dynamicPath: false,
  method: "POST",
  headers: [{ name: "X-Tenant", value: { kind: "constant", value: "acme" } }],
  query: [{ name: "lang", value: { kind: "variable", label: "Language", type: "string", optional: true, nullable: false } }],
  payloadExample: { to: { phone: "+33600000000" }, text: "hi" },
  payload: [
    { path: "to.phone", value: { kind: "variable", label: "", type: "string", optional: false, nullable: false } },
    { path: "text", value: { kind: "constant", value: "hi" } },
  ],
  responseExample: { id: "m-1" },
  auth: { type: "apiKey", name: "X-Api-Key", location: "header", secret: "sms_api_key" },
  timeoutMs: 10000,
  retries: 2,
  callsPerSecond: 50,
};

function built(d: ActionDraft): CustomAction {
  const r = actionFromDraft(d);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
}

describe("action drafts", () => {
  it("round-trip a saved action", () => {
    expect(built(draftFromAction(sendSms, keys()))).toEqual(sendSms);
  });

  it("start with Rust's defaults and no payload", () => {
    expect(built(newActionDraft())).toEqual({
      name: "",
      description: "",
      url: "",
      dynamicPath: false,
      method: "POST",
      headers: [],
      query: [],
      payload: [],
      auth: { type: "none" },
      timeoutMs: 30000,
      retries: 3,
      callsPerSecond: 5000,
    });
  });

  it("send header and query rows by their mode", () => {
    const header = { ...newParam("h"), name: "X-Lang", constant: "fr" };
    const d = { ...newActionDraft(), headers: [header], query: [{ ...header, mode: "variable" as const }] };
    const a = built(d);
    expect(a.headers).toEqual([{ name: "X-Lang", value: { kind: "constant", value: "fr" } }]);
    expect(a.query[0].value).toEqual({ kind: "variable", label: "", type: "string", optional: false, nullable: false });
  });

  it("mark a constant that only looks like a credential as not a secret, and only a constant", () => {
    const tokenType = { ...newParam("h"), name: "X-Token-Type", constant: "bearer", notSecret: true };
    const d = { ...newActionDraft(), headers: [tokenType], query: [{ ...tokenType, name: "api_key", mode: "variable" as const }] };
    const a = built(d);
    expect(a.headers).toEqual([{ name: "X-Token-Type", value: { kind: "constant", value: "bearer" }, notSecret: true }]);
    expect(a.query[0]).not.toHaveProperty("notSecret");
    // Read back from a saved action, the mark stays.
    expect(built(draftFromAction(a, keys())).headers).toEqual(a.headers);
  });

  it("keep a payload constant's not-a-secret mark across a new example", () => {
    let d = withPayloadText(newActionDraft(), '{"tokenType": "bearer", "text": "hi"}');
    d = withPayloadChoice(d, 0, { notSecret: true });
    d = withPayloadText(d, '{"tokenType": "bearer", "text": "bye"}');
    expect(built(d).payload).toEqual([
      { path: "tokenType", value: { kind: "constant", value: "bearer" }, notSecret: true },
      { path: "text", value: { kind: "constant", value: "bye" } },
    ]);
    expect(built(draftFromAction(built(d), keys())).payload).toEqual(built(d).payload);
  });
});

describe("payload example", () => {
  it("derives rows from pasted JSON and keeps a variable choice on re-paste", () => {
    let d = withPayloadText(newActionDraft(), '{"to": {"phone": "+1"}, "text": "hi"}');
    expect(d.payload.map((r) => r.path)).toEqual(["to.phone", "text"]);
    d = withPayloadChoice(d, 0, { mode: "variable" });
    d = withPayloadChoice(d, 0, { variable: { ...d.payload[0].variable, optional: true } });
    d = withPayloadText(d, '{"text": "bye", "to": {"phone": "+2", "name": "Ann"}}');
    expect(built(d).payload).toEqual([
      { path: "text", value: { kind: "constant", value: "bye" } },
      { path: "to.phone", value: { kind: "variable", label: "", type: "string", optional: true, nullable: false } },
      { path: "to.name", value: { kind: "constant", value: "Ann" } },
    ]);
    expect(built(d).payloadExample).toEqual({ text: "bye", to: { phone: "+2", name: "Ann" } });
  });

  it("keeps the text and the rows when the JSON is invalid, and reports where", () => {
    const good = withPayloadText(newActionDraft(), '{"a": 1}');
    const bad = withPayloadText(good, '{"a": 1,\n "b" 2}');
    expect(bad.payloadText).toBe('{"a": 1,\n "b" 2}');
    expect(bad.payload).toEqual(good.payload);
    const r = actionFromDraft(bad);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.payloadExample).toMatch(/^Line 2, column 6: expected ':'/);
  });

  it("an empty example means no payload", () => {
    const d = withPayloadText(withPayloadText(newActionDraft(), '{"a": 1}'), "  ");
    const a = built(d);
    expect(a.payload).toEqual([]);
    expect("payloadExample" in a).toBe(false);
  });

  it("ignores a choice for a row that does not exist", () => {
    const d = newActionDraft();
    expect(withPayloadChoice(d, 3, { mode: "variable" })).toBe(d);
  });
});

describe("shape problems", () => {
  it("name the path of each input that cannot be read", () => {
    const d: ActionDraft = {
      ...newActionDraft(),
      timeoutMs: "3 s",
      retries: "",
      callsPerSecond: "99999999999",
      responseText: "{",
    };
    const r = actionFromDraft(d);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.problems).sort()).toEqual(["callsPerSecond", "responseExample", "retries", "timeoutMs"]);
    expect(r.problems.timeoutMs).toBe("Enter a whole number of milliseconds");
    expect(r.problems.callsPerSecond).toContain("at most 4,294,967,295");
  });

  it("leave ranges to Rust: 60 s is read as it is", () => {
    expect(built({ ...newActionDraft(), timeoutMs: " 60000 " }).timeoutMs).toBe(60000);
    expect(wholeNumber("-1", 10, "whole")).toEqual({ ok: false, message: "whole" });
  });
});

describe("auth", () => {
  it("round-trips every kind", () => {
    const kinds = [
      { type: "none" },
      { type: "basic", username: "u", secret: "crm_password" },
      { type: "apiKey", name: "key", location: "query", secret: "k" },
      {
        type: "customToken",
        request: {
          url: "https://auth.example/token",
          method: "POST",
          headers: { "X-Client": "{{secret:client_id}}" },
          body: { secret: "{{secret:client_secret}}" },
        },
        tokenPath: "access_token",
        ttlSeconds: 600,
      },
    ] as const;
    for (const auth of kinds) expect(authFromDraft(draftFromAuth(auth, keys()))).toEqual({ ok: true, value: auth });
  });

  it("reports a repeated token header, a bad body and a bad lifetime", () => {
    const d = {
      ...newAuthDraft(),
      type: "customToken" as const,
      tokenHeaders: [
        { key: "a", name: "X", value: "1" },
        { key: "b", name: "X", value: "2" },
      ],
      tokenBody: "{nope}",
      ttlSeconds: "1h",
    };
    const r = authFromDraft(d);
    expect(r.ok ? [] : Object.keys(r.problems).sort()).toEqual([
      "auth.request.body",
      "auth.request.headers[1].name",
      "auth.ttlSeconds",
    ]);
  });

  it("lists the secrets it needs, by name only", () => {
    expect(placeholderNames("Bearer {{secret:a}} and {{secret:b}} and {{secret:broken")).toEqual(["a", "b"]);
    expect(
      tokenSecretNames({
        tokenHeaders: [{ key: "a", name: "X", value: "{{secret:z}}" }],
        tokenBody: '{"a": "{{secret:y}}", "b": "{{secret:z}}"}',
      }),
    ).toEqual(["y", "z"]);
    expect(tokenSecretNames({ tokenHeaders: [], tokenBody: "" })).toEqual([]);
  });
});

describe("secrets in headers and query", () => {
  it("names each placeholder of a constant once, sorted, as Rust reads them", () => {
    const row = (key: string, constant: unknown, mode: "constant" | "variable" = "constant") => ({
      ...newParam(key),
      name: key,
      mode,
      constant,
    });
    expect(
      paramSecretNames([
        row("a", "Bearer {{secret:sms_token}}"),
        row("b", "{{secret:tenant}}-{{secret:sms_token}}"),
        row("c", "{{secret:ignored}}", "variable"),
        row("d", 42),
        row("e", "{{secret:unclosed"),
      ]),
    ).toEqual(["sms_token", "tenant"]);
  });
});
