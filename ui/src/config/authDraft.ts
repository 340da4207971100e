// The auth part of the action form. Auth names keychain secrets; their values never
// enter this state (the secret inputs are uncontrolled and sent only to set_secret).
// All kinds' inputs are kept so switching kind loses nothing typed.
import type { Auth } from "../bindings/Auth";
import type { HttpMethod } from "../bindings/HttpMethod";
import type { KeyLocation } from "../bindings/KeyLocation";
import type { ShapeProblems } from "./diagnostics";
import { parseJson, describeJsonError } from "./json";
import { wholeNumber } from "./numbers";

export type AuthKind = Auth["type"];
export type TokenHeader = { key: string; name: string; value: string };

export type AuthDraft = {
  type: AuthKind;
  username: string;
  /** Name of the keychain secret (basic password or API key), not its value. */
  secretName: string;
  keyName: string;
  keyLocation: KeyLocation;
  tokenUrl: string;
  tokenMethod: HttpMethod;
  tokenHeaders: TokenHeader[];
  tokenBody: string;
  tokenPath: string;
  ttlSeconds: string;
};

export function newAuthDraft(): AuthDraft {
  return {
    type: "none",
    username: "",
    secretName: "",
    keyName: "",
    keyLocation: "header",
    tokenUrl: "",
    tokenMethod: "POST",
    tokenHeaders: [],
    tokenBody: "",
    tokenPath: "access_token",
    // Rust's default token lifetime (auth.rs, default_token_ttl).
    ttlSeconds: "3600",
  };
}

export function draftFromAuth(auth: Auth, newKey: () => string): AuthDraft {
  const d: AuthDraft = { ...newAuthDraft(), type: auth.type };
  switch (auth.type) {
    case "none":
      return d;
    case "basic":
      return { ...d, username: auth.username, secretName: auth.secret };
    case "apiKey":
      return { ...d, keyName: auth.name, keyLocation: auth.location, secretName: auth.secret };
    case "customToken":
      return {
        ...d,
        tokenUrl: auth.request.url,
        tokenMethod: auth.request.method,
        tokenHeaders: Object.entries(auth.request.headers ?? {}).map(([name, value]) => ({ key: newKey(), name, value })),
        tokenBody: auth.request.body === undefined ? "" : JSON.stringify(auth.request.body, null, 2),
        tokenPath: auth.tokenPath,
        ttlSeconds: String(auth.ttlSeconds),
      };
  }
}

export type Built<T> = { ok: true; value: T } | { ok: false; problems: ShapeProblems };

export function authFromDraft(d: AuthDraft): Built<Auth> {
  switch (d.type) {
    case "none":
      return { ok: true, value: { type: "none" } };
    case "basic":
      return { ok: true, value: { type: "basic", username: d.username, secret: d.secretName } };
    case "apiKey":
      return { ok: true, value: { type: "apiKey", name: d.keyName, location: d.keyLocation, secret: d.secretName } };
    case "customToken":
      return tokenAuth(d);
  }
}

function tokenAuth(d: AuthDraft): Built<Auth> {
  const problems: ShapeProblems = {};
  const headers: Record<string, string> = {};
  d.tokenHeaders.forEach((h, i) => {
    // The request's headers are a map: a repeated name would silently drop a value.
    if (Object.hasOwn(headers, h.name)) problems[`auth.request.headers[${i}].name`] = `Header “${h.name}” is listed twice`;
    Object.defineProperty(headers, h.name, { value: h.value, enumerable: true, writable: true, configurable: true });
  });
  let body: unknown = undefined;
  if (d.tokenBody.trim() !== "") {
    const parsed = parseJson(d.tokenBody);
    if (parsed.ok) body = parsed.value;
    else problems["auth.request.body"] = describeJsonError(parsed);
  }
  const ttl = wholeNumber(d.ttlSeconds, Number.MAX_SAFE_INTEGER, "Enter a whole number of seconds");
  if (!ttl.ok) problems["auth.ttlSeconds"] = ttl.message;
  if (Object.keys(problems).length > 0 || !ttl.ok) return { ok: false, problems };
  return {
    ok: true,
    value: {
      type: "customToken",
      request: {
        url: d.tokenUrl,
        method: d.tokenMethod,
        ...(d.tokenHeaders.length > 0 ? { headers } : {}),
        ...(body !== undefined ? { body } : {}),
      },
      tokenPath: d.tokenPath,
      ttlSeconds: ttl.value,
    },
  };
}

/** Secret names in `{{secret:NAME}}` placeholders, like `placeholders` in auth.rs. */
export function placeholderNames(text: string): string[] {
  return text
    .split("{{secret:")
    .slice(1)
    .flatMap((rest) => {
      const end = rest.indexOf("}}");
      return end < 0 ? [] : [rest.slice(0, end)];
    });
}

/** The keychain secrets a custom token's request reads: sorted, once each, like `Auth::secret_names`. */
export function tokenSecretNames(d: Pick<AuthDraft, "tokenHeaders" | "tokenBody">): string[] {
  const texts = [...d.tokenHeaders.map((h) => h.value), d.tokenBody];
  return [...new Set(texts.flatMap(placeholderNames))].sort();
}
