// The custom action form: the REST call (URL, dynamic path, method, headers, query),
// the payload parameters derived from a pasted example, the response example, delivery
// limits and auth. Checked by Rust as you type (check_action), saved with save_action.
// Secret values never enter this form's state: see SecretSetter. A test request calls the
// action as the form describes it (test_action), with values for its variables.
import { useMemo, useState } from "react";

import { checkAction, saveAction } from "../api";
import type { CustomAction } from "../bindings/CustomAction";
import type { HttpMethod } from "../bindings/HttpMethod";
import {
  actionFromDraft,
  draftFromAction,
  newActionDraft,
  paramSecretNames,
  withPayloadChoice,
  withPayloadText,
  type ActionDraft,
} from "./actionDraft";
import { testAction } from "./api";
import { authPlace, AuthEditor } from "./AuthEditor";
import { ConfigFormFrame, GeneralSection } from "./FormChrome";
import { HTTP_METHODS } from "./httpMethods";
import { nextKey } from "./keys";
import { FormRow, MessageList, useMessages } from "./Messages";
import { ParamRowsEditor } from "./ParamRowsEditor";
import { PayloadTable } from "./PayloadTable";
import { Options } from "./RowParts";
import { TestRequestPanel } from "./TestRequestPanel";
import { actionTestSlots } from "./testRequest";
import { useConfigForm, type ConfigFormProps } from "./useConfigForm";

const PLACES: Record<string, string> = {
  name: "Name",
  description: "Description",
  url: "URL",
  dynamicPath: "Dynamic path",
  method: "Method",
  payloadExample: "Payload example",
  responseExample: "Response example",
  timeoutMs: "Timeout",
  retries: "Retries",
  callsPerSecond: "Calls per second",
  "auth.request.body": "Token request body",
  "auth.ttlSeconds": "Token lifetime",
};

export function ActionForm({ initial, onSaved, onDirtyChange }: ConfigFormProps<CustomAction>) {
  const [draft, setDraft] = useState<ActionDraft>(() => (initial ? draftFromAction(initial, nextKey) : newActionDraft()));
  const built = useMemo(() => actionFromDraft(draft), [draft]);
  const form = useConfigForm({
    subject: built.ok ? built.value : null,
    problems: built.ok ? undefined : built.problems,
    opened: initial,
    check: checkAction,
    save: saveAction,
    onSaved,
    onDirtyChange,
  });
  const { messages } = form;
  const set = (patch: Partial<ActionDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const testSlots = useMemo(() => actionTestSlots(draft), [draft]);
  const action = built.ok ? built.value : null;
  // The test call sends the action as the form describes it now, saved or not.
  const sendTest = action ? (values: Record<string, unknown>) => testAction(action, values) : null;

  const describe = (path: string) => {
    const row = /^(headers|query|payload|auth\.request\.headers)\.(\d+)/.exec(path);
    if (!row) return authPlace(path) ?? PLACES[path] ?? path;
    const i = Number(row[2]);
    switch (row[1]) {
      case "payload":
        return `Payload ${draft.payload[i]?.path ?? `row ${i + 1}`}`;
      case "headers":
        return `Header ${draft.headers[i]?.name || `#${i + 1}`}`;
      case "query":
        return `Query parameter ${draft.query[i]?.name || `#${i + 1}`}`;
      default:
        return `Token request header ${draft.auth.tokenHeaders[i]?.name || `#${i + 1}`}`;
    }
  };

  return (
    <ConfigFormFrame testId="action-form" title={initial ? `Action ${initial.name}` : "New custom action"} kind="action" form={form} messages={messages} describe={describe}>
          <GeneralSection name={draft.name} description={draft.description} nameHint={<>Expressions read its response as <code>actions.NAME.response</code>.</>} onChange={set} />

          <fieldset className="cfg-section">
            <legend>Request</legend>
            <div className="cfg-inline-rows">
              <FormRow label="Method" path="method">
                {(p) => (
                  <select {...p} className="cfg-input" value={draft.method} data-testid="action-method" onChange={(e) => set({ method: e.target.value as HttpMethod })}>
                    <Options values={HTTP_METHODS} />
                  </select>
                )}
              </FormRow>
              <FormRow label="URL" path="url" className="cfg-grow">
                {(p) => (
                  <input {...p} className="cfg-input cfg-code" type="url" value={draft.url} placeholder="https://api.example.com/messages" spellCheck={false} data-testid="action-url" onChange={(e) => set({ url: e.target.value })} />
                )}
              </FormRow>
            </div>
            <DynamicPath checked={draft.dynamicPath} onChange={(dynamicPath) => set({ dynamicPath })} />
            <fieldset className="cfg-subsection">
              <legend>Headers</legend>
              <ParamRowsEditor list="headers" rows={draft.headers} onChange={(headers) => set({ headers })} />
            </fieldset>
            <fieldset className="cfg-subsection">
              <legend>Query parameters</legend>
              <ParamRowsEditor list="query" rows={draft.query} onChange={(query) => set({ query })} />
            </fieldset>
          </fieldset>

          <fieldset className="cfg-section">
            <legend>Payload</legend>
            <FormRow
              label="Payload example (JSON)"
              path="payloadExample"
              hint="Paste a request body: each leaf becomes a parameter, constant by default. Constants take the example's values."
            >
              {(p) => (
                <textarea
                  {...p}
                  className="cfg-input cfg-code"
                  rows={6}
                  spellCheck={false}
                  value={draft.payloadText}
                  data-testid="payload-example"
                  onChange={(e) => setDraft((d) => withPayloadText(d, e.target.value))}
                />
              )}
            </FormRow>
            <PayloadTable rows={draft.payload} onChoice={(i, patch) => setDraft((d) => withPayloadChoice(d, i, patch))} />
          </fieldset>

          <fieldset className="cfg-section">
            <legend>Response</legend>
            <FormRow
              label="Response example (JSON, optional)"
              path="responseExample"
              hint={<>Journeys read its fields as <code>actions.NAME.response</code>.</>}
            >
              {(p) => (
                <textarea {...p} className="cfg-input cfg-code" rows={5} spellCheck={false} value={draft.responseText} data-testid="response-example" onChange={(e) => set({ responseText: e.target.value })} />
              )}
            </FormRow>
          </fieldset>

          <fieldset className="cfg-section">
            <legend>Delivery</legend>
            <div className="cfg-inline-rows">
              <FormRow label="Timeout (ms, retries included)" path="timeoutMs">
                {(p) => (
                  <input {...p} className="cfg-input cfg-number" inputMode="numeric" value={draft.timeoutMs} data-testid="action-timeout" onChange={(e) => set({ timeoutMs: e.target.value })} />
                )}
              </FormRow>
              <FormRow label="Retries" path="retries">
                {(p) => (
                  <input {...p} className="cfg-input cfg-number" inputMode="numeric" value={draft.retries} data-testid="action-retries" onChange={(e) => set({ retries: e.target.value })} />
                )}
              </FormRow>
              <FormRow label="Calls per second (cap)" path="callsPerSecond">
                {(p) => (
                  <input {...p} className="cfg-input cfg-number" inputMode="numeric" value={draft.callsPerSecond} data-testid="action-cap" onChange={(e) => set({ callsPerSecond: e.target.value })} />
                )}
              </FormRow>
            </div>
          </fieldset>

          <fieldset className="cfg-section">
            <legend>Authentication</legend>
            <AuthEditor auth={draft.auth} url={draft.url} placed={paramSecretNames([...draft.headers, ...draft.query])} onChange={(auth) => set({ auth })} />
          </fieldset>

          <TestRequestPanel
            standalone
            slots={testSlots}
            send={sendTest}
            blocked="Not sent: fix the marked inputs of the form first."
            label="Test request for this action"
            intro={
              draft.dynamicPath
                ? "Calls the action once with a value for each variable parameter (payload values start from the example). Fill Dynamic path to append a path to the URL, as a journey does; leave it empty to call the URL as written."
                : "Calls the action once with a value for each variable parameter (payload values start from the example)."
            }
            onUseBody={(body) => set({ responseText: JSON.stringify(body, null, 2) })}
          />
    </ConfigFormFrame>
  );
}

function DynamicPath({ checked, onChange }: { checked: boolean; onChange: (checked: boolean) => void }) {
  const m = useMessages("dynamicPath");
  return (
    <div className="cfg-row">
      <label className="cfg-checkbox">
        <input
          type="checkbox"
          checked={checked}
          data-testid="action-dynamic-path"
          data-diag-path={m.path}
          aria-describedby={m.listId}
          onChange={(e) => onChange(e.target.checked)}
        />
        Dynamic path: each journey appends a path computed by an expression to the URL
      </label>
      <MessageList m={m} />
    </div>
  );
}
