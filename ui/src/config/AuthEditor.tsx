// How an action or a data source authenticates. Auth kinds and their fields follow the Auth binding;
// secrets are named here and their values go to the keychain through SecretSetter.
import type { HttpMethod } from "../bindings/HttpMethod";
import type { KeyLocation } from "../bindings/KeyLocation";
import { tokenSecretNames, type AuthDraft, type AuthKind, type TokenHeader } from "./authDraft";
import { HTTP_METHODS } from "./httpMethods";
import { nextKey } from "./keys";
import { FormRow, useMessages } from "./Messages";
import { Options, RowList, RowShell, RowNameInput } from "./RowParts";
import { SecretSetter } from "./SecretSetter";

const KINDS: Record<AuthKind, string> = {
  none: "None",
  basic: "Basic (user name and password)",
  apiKey: "API key",
  customToken: "Token from a first call (Bearer)",
};

const LOCATIONS: Record<KeyLocation, string> = { header: "in a header", query: "in a query parameter" };

export function AuthEditor({
  auth,
  onChange,
  owner = "action",
}: {
  auth: AuthDraft;
  onChange: (auth: AuthDraft) => void;
  /** What is being configured, for the hints ("action", "data source"). */
  owner?: string;
}) {
  const set = (patch: Partial<AuthDraft>) => onChange({ ...auth, ...patch });
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
          hint={`The keychain entry holding the password or key. Only this name is saved with the ${owner}.`}
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

      {(auth.type === "basic" || auth.type === "apiKey") && (
        <SecretSetter name={auth.secretName} label={auth.type === "basic" ? "Password" : "API key"} />
      )}
      {/* A custom token reads its secrets from {{secret:NAME}} placeholders. */}
      {auth.type === "customToken" &&
        tokenSecretNames(auth).map((name) => <SecretSetter key={name} name={name} label="Secret" />)}
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
      <FormRow label="Token request body (JSON, optional)" path="auth.request.body">
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
  const label = `token request header ${header.name || index + 1}`;
  return (
    <RowShell data-testid="token-header-row" label={label} onRemove={onRemove} messages={[name]}>
      <RowNameInput m={name} label={label} value={header.name} onChange={(name) => onChange({ name })} />
      <input
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
