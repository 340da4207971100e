// How an action or a data source authenticates. Auth kinds and their fields follow the Auth binding;
// secrets are named here and their values go to this machine's secret store through
// SecretSetter, bound to the origin they are sent to: the definition's URL for a password
// or key and for `{{secret:NAME}}` placeholders in its headers and query, the token
// request URL for a custom token's placeholders.
import { useId, useState } from "react";

import type { HttpMethod } from "../bindings/HttpMethod";
import type { KeyLocation } from "../bindings/KeyLocation";
import { tokenSecretNames, type AuthDraft, type AuthKind, type TokenHeader } from "./authDraft";
import { HTTP_METHODS } from "./httpMethods";
import { nextKey } from "./keys";
import { controlProps, FormRow, useMessages } from "./Messages";
import { originOf } from "./origins";
import { Options, RowList, RowShell, RowNameInput } from "./RowParts";
import { SecretSetter } from "./SecretSetter";
import { SecretStoreNote } from "./SecretStoreNote";

const KINDS: Record<AuthKind, string> = {
  none: "None",
  basic: "Basic (user name and password)",
  apiKey: "API key",
  customToken: "Token from a first call (Bearer)",
};

const LOCATIONS: Record<KeyLocation, string> = { header: "in a header", query: "in a query parameter" };

/** Words for the places Rust names by key inside a custom token request; null for others. */
export function authPlace(path: string): string | null {
  const header = /^auth\.request\.headers\.(.+)$/.exec(path);
  if (header && !/^\d+(\.|$)/.test(header[1])) return `Token request header ${header[1]}`;
  const body = /^auth\.request\.body\.(.+)$/.exec(path);
  return body ? `Token request body: ${body[1]}` : null;
}

export function AuthEditor({
  auth,
  url,
  onChange,
  owner = "action",
  placed = [],
}: {
  auth: AuthDraft;
  /** The URL the definition calls (an action's URL, a data source's base URL). */
  url: string;
  onChange: (auth: AuthDraft) => void;
  /** What is being configured, for the hints ("action", "data source"). */
  owner?: string;
  /** Secrets named by `{{secret:NAME}}` in the definition's headers and query: sent to its URL. */
  placed?: readonly string[];
}) {
  const set = (patch: Partial<AuthDraft>) => onChange({ ...auth, ...patch });
  // Bumped when the secrets file is unlocked: the setters ask for their status again.
  const [unlocks, setUnlocks] = useState(0);
  const tokenSecrets = auth.type === "customToken" ? tokenSecretNames(auth) : [];
  const authSecret = auth.type === "basic" || auth.type === "apiKey" ? auth.secretName : null;
  // One setter a name: a placeholder naming the auth's own secret, or one the token
  // request also reads, is that setter (its problems list names any use it refuses).
  const placedSecrets = placed.filter((name) => name !== authSecret && !tokenSecrets.includes(name));
  const hasSecrets = authSecret !== null || tokenSecrets.length > 0 || placedSecrets.length > 0;
  return (
    <>
      <FormRow label="Authentication" path="auth.type">
        {(p) => (
          <select {...p} className="cfg-input" value={auth.type} data-testid="auth-type" onChange={(e) => set({ type: e.target.value as AuthKind })}>
            <Options values={Object.keys(KINDS) as AuthKind[]} label={(k) => KINDS[k]} />
          </select>
        )}
      </FormRow>

      {auth.type === "basic" && (
        <FormRow label="User name" path="auth.username">
          {(p) => (
            <input {...p} className="cfg-input" value={auth.username} autoComplete="off" data-testid="auth-username" onChange={(e) => set({ username: e.target.value })} />
          )}
        </FormRow>
      )}

      {auth.type === "apiKey" && (
        <div className="cfg-inline-rows">
          <FormRow label="Key parameter name" path="auth.name">
            {(p) => (
              <input {...p} className="cfg-input cfg-code" value={auth.keyName} placeholder="X-Api-Key" autoComplete="off" spellCheck={false} data-testid="auth-key-name" onChange={(e) => set({ keyName: e.target.value })} />
            )}
          </FormRow>
          <FormRow label="Sent" path="auth.location">
            {(p) => (
              <select {...p} className="cfg-input" value={auth.keyLocation} data-testid="auth-key-location" onChange={(e) => set({ keyLocation: e.target.value as KeyLocation })}>
                <Options values={Object.keys(LOCATIONS) as KeyLocation[]} label={(l) => LOCATIONS[l]} />
              </select>
            )}
          </FormRow>
        </div>
      )}

      {(auth.type === "basic" || auth.type === "apiKey") && (
        <FormRow
          label="Secret name"
          path="auth.secret"
          hint={`The name the password or key is kept under on this machine. Only this name is saved with the ${owner}.`}
        >
          {(p) => (
            <input
              {...p}
              className="cfg-input cfg-code"
              value={auth.secretName}
              placeholder={auth.type === "basic" ? "crm_password" : "sms_api_key"}
              autoComplete="off"
              spellCheck={false}
              data-testid="auth-secret-name"
              onChange={(e) => set({ secretName: e.target.value })}
            />
          )}
        </FormRow>
      )}

      {auth.type === "customToken" && <TokenInputs auth={auth} set={set} />}

      {hasSecrets && <SecretStoreNote onUnlocked={() => setUnlocks((n) => n + 1)} />}
      {(auth.type === "basic" || auth.type === "apiKey") && (
        <SecretSetter
          name={auth.secretName}
          label={auth.type === "basic" ? "Password" : "API key"}
          origin={originOf(url)}
          destination={`This ${owner}'s URL`}
          refresh={unlocks}
        />
      )}
      {placedSecrets.map((name) => (
        <SecretSetter key={`placed-${name}`} name={name} label="Secret" origin={originOf(url)} destination={`This ${owner}'s URL`} refresh={unlocks} />
      ))}
      {/* A custom token reads its secrets from {{secret:NAME}} placeholders, sent to the token request's URL. */}
      {tokenSecrets.map((name) => (
        <SecretSetter key={name} name={name} label="Secret" origin={originOf(auth.tokenUrl)} destination="The token request URL" refresh={unlocks} />
      ))}
    </>
  );
}

function TokenInputs({ auth, set }: { auth: AuthDraft; set: (patch: Partial<AuthDraft>) => void }) {
  const setHeader = (i: number, patch: Partial<TokenHeader>) =>
    set({ tokenHeaders: auth.tokenHeaders.map((h, j) => (j === i ? { ...h, ...patch } : h)) });
  return (
    <>
      <div className="cfg-inline-rows">
        <FormRow label="Token request method" path="auth.request.method">
          {(p) => (
            <select {...p} className="cfg-input" value={auth.tokenMethod} data-testid="auth-token-method" onChange={(e) => set({ tokenMethod: e.target.value as HttpMethod })}>
              <Options values={HTTP_METHODS} />
            </select>
          )}
        </FormRow>
        <FormRow label="Token request URL" path="auth.request.url" className="cfg-grow">
          {(p) => (
            <input {...p} className="cfg-input cfg-code" value={auth.tokenUrl} placeholder="https://auth.example.com/token" spellCheck={false} data-testid="auth-token-url" onChange={(e) => set({ tokenUrl: e.target.value })} />
          )}
        </FormRow>
      </div>
      <fieldset className="cfg-subsection">
        <legend>Token request headers</legend>
        <p className="cfg-hint">
          Write <code>{"{{secret:NAME}}"}</code> in a value or in the body to read a keychain secret when the call is made.
        </p>
        <RowList
          count={auth.tokenHeaders.length}
          addLabel="Add header"
          addTestId="add-token-header"
          onAdd={() => set({ tokenHeaders: [...auth.tokenHeaders, { key: nextKey(), name: "", value: "" }] })}
        >
          {auth.tokenHeaders.map((h, i) => (
            <TokenHeaderRow
              key={h.key}
              index={i}
              header={h}
              onChange={(patch) => setHeader(i, patch)}
              onRemove={() => set({ tokenHeaders: auth.tokenHeaders.filter((_, j) => j !== i) })}
            />
          ))}
        </RowList>
      </fieldset>
      <FormRow label="Token request body (JSON, optional)" path="auth.request.body" within>
        {(p) => (
          <textarea {...p} className="cfg-input cfg-code" rows={4} spellCheck={false} value={auth.tokenBody} data-testid="auth-token-body" onChange={(e) => set({ tokenBody: e.target.value })} />
        )}
      </FormRow>
      <div className="cfg-inline-rows">
        <FormRow label="Token path in the response" path="auth.tokenPath">
          {(p) => (
            <input {...p} className="cfg-input cfg-code" value={auth.tokenPath} spellCheck={false} data-testid="auth-token-path" onChange={(e) => set({ tokenPath: e.target.value })} />
          )}
        </FormRow>
        <FormRow label="Keep a token for (seconds)" path="auth.ttlSeconds">
          {(p) => (
            <input {...p} className="cfg-input cfg-number" inputMode="numeric" value={auth.ttlSeconds} data-testid="auth-token-ttl" onChange={(e) => set({ ttlSeconds: e.target.value })} />
          )}
        </FormRow>
      </div>
    </>
  );
}

function TokenHeaderRow({
  index,
  header,
  onChange,
  onRemove,
}: {
  index: number;
  header: TokenHeader;
  onChange: (patch: Partial<TokenHeader>) => void;
  onRemove: () => void;
}) {
  const name = useMessages(`auth.request.headers[${index}].name`);
  // Rust names a header's value by the header's name (`auth.request.headers.Authorization`).
  const value = useMessages(`auth.request.headers.${header.name}`);
  const valueId = useId();
  const label = `token request header ${header.name || index + 1}`;
  return (
    <RowShell data-testid="token-header-row" label={label} onRemove={onRemove} messages={header.name === "" ? [name] : [name, value]}>
      <RowNameInput m={name} label={label} value={header.name} onChange={(name) => onChange({ name })} />
      <input
        {...controlProps(valueId, value)}
        className="cfg-input cfg-code"
        aria-label={`Value of ${label}`}
        placeholder="value, or {{secret:NAME}}"
        value={header.value}
        spellCheck={false}
        onChange={(e) => onChange({ value: e.target.value })}
      />
    </RowShell>
  );
}
