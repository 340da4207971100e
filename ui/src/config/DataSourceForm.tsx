// The data source form: name, base URL, auth, cache and rate, and its field groups (one
// call each, with parameters and a response example the fields are derived from).
// Checked by Rust as you type (check_data_source), saved with save_data_source. Secret
// values never enter this form's state: see SecretSetter.
import { useMemo, useState } from "react";

import type { DataSource } from "../bindings/DataSource";
import { checkDataSource, saveDataSource, testDataSource } from "./api";
import { authPlace, AuthEditor } from "./AuthEditor";
import {
  dataSourceFromDraft,
  draftFromDataSource,
  newDataSourceDraft,
  newGroup,
  type DataSourceDraft,
  type GroupDraft,
} from "./dataSourceDraft";
import { FieldGroupEditor } from "./FieldGroupEditor";
import { ConfigFormFrame, GeneralSection } from "./FormChrome";
import { nextKey } from "./keys";
import { FormRow, MessageList, useMessages } from "./Messages";
import { useConfigForm, type ConfigFormProps } from "./useConfigForm";

const PLACES: Record<string, string> = {
  name: "Name",
  description: "Description",
  baseUrl: "Base URL",
  cacheSeconds: "Cache",
  ratePerSecond: "Calls per second",
  fieldGroups: "Field groups",
  "auth.username": "User name",
  "auth.name": "Key parameter name",
  "auth.secret": "Secret name",
  "auth.request.url": "Token request URL",
  "auth.request.body": "Token request body",
  "auth.tokenPath": "Token path",
  "auth.ttlSeconds": "Token lifetime",
};

const GROUP_PLACES: Record<string, string> = {
  name: "name",
  method: "method",
  path: "path",
  responseExample: "response example",
  parameters: "parameters",
};

export function DataSourceForm({ initial, onSaved, onDirtyChange }: ConfigFormProps<DataSource>) {
  const [draft, setDraft] = useState<DataSourceDraft>(() => (initial ? draftFromDataSource(initial, nextKey) : newDataSourceDraft()));
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const built = useMemo(() => dataSourceFromDraft(draft), [draft]);
  const form = useConfigForm({
    subject: built.ok ? built.value : null,
    problems: built.ok ? undefined : built.problems,
    opened: initial,
    check: checkDataSource,
    save: saveDataSource,
    onSaved,
    onDirtyChange,
  });
  const { messages } = form;
  const set = (patch: Partial<DataSourceDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const setGroup = (i: number, group: GroupDraft) => setDraft((d) => ({ ...d, groups: d.groups.map((g, j) => (j === i ? group : g)) }));

  const source = built.ok ? built.value : null;
  // The test call sends the source as the form describes it now, saved or not.
  const sendFor = (group: string) => (source ? (params: Record<string, unknown>) => testDataSource(source, group, params) : null);

  const describe = (path: string) => {
    const m = /^fieldGroups\.(\d+)(?:\.(.*))?$/.exec(path);
    if (!m) return authPlace(path) ?? PLACES[path] ?? path;
    const group = `Group ${draft.groups[Number(m[1])]?.name || `#${Number(m[1]) + 1}`}`;
    const rest = m[2] ?? "";
    const param = /^parameters\.(\d+)(?:\.(.*))?$/.exec(rest);
    if (param) {
      const name = draft.groups[Number(m[1])]?.parameters[Number(param[1])]?.name || `#${Number(param[1]) + 1}`;
      return `${group}, parameter ${name}${param[2] ? ` (${param[2]})` : ""}`;
    }
    return rest === "" ? group : `${group}: ${GROUP_PLACES[rest] ?? rest}`;
  };

  return (
    <ConfigFormFrame testId="data-source-form" title={initial ? `Data source ${initial.name}` : "New data source"} kind="data source" form={form} messages={messages} describe={describe}>
          <GeneralSection name={draft.name} description={draft.description} nameHint={<>Journeys read its fields as <code>data.NAME.GROUP.field</code>.</>} onChange={set} />

          <fieldset className="cfg-section">
            <legend>Connection</legend>
            <FormRow label="Base URL" path="baseUrl" hint="Each group's path is appended to it.">
              {(p) => (
                <input {...p} className="cfg-input cfg-code" type="url" value={draft.baseUrl} placeholder="https://crm.example.com/api" spellCheck={false} data-testid="source-base-url" onChange={(e) => set({ baseUrl: e.target.value })} />
              )}
            </FormRow>
            <div className="cfg-inline-rows">
              <FormRow label="Cache answers for (seconds, 0: never)" path="cacheSeconds">
                {(p) => (
                  <input {...p} className="cfg-input cfg-number" inputMode="numeric" value={draft.cacheSeconds} data-testid="source-cache" onChange={(e) => set({ cacheSeconds: e.target.value })} />
                )}
              </FormRow>
              <FormRow label="Calls per second (cap)" path="ratePerSecond">
                {(p) => (
                  <input {...p} className="cfg-input cfg-number" inputMode="numeric" value={draft.ratePerSecond} data-testid="source-rate" onChange={(e) => set({ ratePerSecond: e.target.value })} />
                )}
              </FormRow>
            </div>
          </fieldset>

          <fieldset className="cfg-section">
            <legend>Authentication</legend>
            <AuthEditor auth={draft.auth} url={draft.baseUrl} owner="data source" onChange={(auth) => set({ auth })} />
          </fieldset>

          <fieldset className="cfg-section">
            <legend>Field groups</legend>
            <p className="cfg-hint">Each group is one call; its response example defines the fields journeys can read.</p>
            <PathMessages path="fieldGroups" />
            {draft.groups.length === 0 ? (
              <p className="cfg-empty" data-testid="groups-empty">
                No field groups yet.
              </p>
            ) : (
              <ul className="cfg-group-list">
                {draft.groups.map((g, i) => (
                  <FieldGroupEditor
                    key={g.key}
                    index={i}
                    group={g}
                    sourceName={draft.name}
                    autoFocus={g.key === focusKey}
                    onChange={(group) => setGroup(i, group)}
                    onRemove={() => setDraft((d) => ({ ...d, groups: d.groups.filter((_, j) => j !== i) }))}
                    send={sendFor(g.name)}
                    blocked="Not sent: fix the marked inputs of the form first."
                  />
                ))}
              </ul>
            )}
            <div className="cfg-inline">
              <button
                type="button"
                className="button"
                data-testid="add-group"
                onClick={() => {
                  const key = nextKey();
                  setFocusKey(key);
                  setDraft((d) => ({ ...d, groups: [...d.groups, newGroup(key)] }));
                }}
              >
                Add field group
              </button>
            </div>
          </fieldset>
    </ConfigFormFrame>
  );
}

/** Messages about a part of the form that has no input of its own (the list of groups). */
function PathMessages({ path }: { path: string }) {
  return <MessageList m={useMessages(path)} />;
}
