// One field group of a data source: a call (method, path with `{param}` placeholders,
// parameters) and its response example, from which the fields journeys can read are
// derived and shown. Its paths in Rust's diagnostics are `fieldGroups[i].…`. Each group
// can be called with a test request.
import { useId, useMemo } from "react";

import type { FieldKind } from "../bindings/FieldKind";
import type { GroupMethod } from "../bindings/GroupMethod";
import type { ParamLocation } from "../bindings/ParamLocation";
import type { TestResponse } from "./api";
import {
  declarePathParam,
  GROUP_METHODS,
  locationLabel,
  newGroupParam,
  PARAM_LOCATIONS,
  readExample,
  undeclaredPathParams,
  type GroupDraft,
  type ParamDraft,
} from "./dataSourceDraft";
import { FIELD_KINDS, kindLabel } from "./fieldKinds";
import { nextKey } from "./keys";
import { controlProps, FormRow, useMessages } from "./Messages";
import { fieldRows, fieldsFromExample } from "./responseFields";
import { Options, RowList, RowNameInput, RowShell } from "./RowParts";
import { TestRequestPanel } from "./TestRequestPanel";
import { groupTestSlots } from "./testRequest";

export function FieldGroupEditor({
  index,
  group,
  sourceName,
  autoFocus,
  onChange,
  onRemove,
  send,
  blocked,
}: {
  index: number;
  group: GroupDraft;
  sourceName: string;
  autoFocus: boolean;
  onChange: (group: GroupDraft) => void;
  onRemove: () => void;
  send: ((params: Record<string, unknown>) => Promise<TestResponse>) | null;
  blocked: string;
}) {
  const base = `fieldGroups[${index}]`;
  const set = (patch: Partial<GroupDraft>) => onChange({ ...group, ...patch });
  const title = group.name || `#${index + 1}`;
  const undeclared = undeclaredPathParams(group);
  const slots = useMemo(() => groupTestSlots(group), [group]);
  const setParam = (j: number, patch: Partial<ParamDraft>) =>
    set({ parameters: group.parameters.map((p, k) => (k === j ? { ...p, ...patch } : p)) });

  return (
    <li className="cfg-group" data-testid="field-group" data-index={index} data-name={group.name}>
      <fieldset className="cfg-subsection">
        <legend>Field group {title}</legend>
        <div className="cfg-inline-rows">
          <FormRow label="Group name" path={`${base}.name`}>
            {(p) => (
              <input
                {...p}
                className="cfg-input cfg-code"
                value={group.name}
                autoComplete="off"
                spellCheck={false}
                // A group the user just added takes the focus, ready to be named.
                autoFocus={autoFocus}
                data-testid="group-name"
                onChange={(e) => set({ name: e.target.value })}
              />
            )}
          </FormRow>
          <FormRow label="Method" path={`${base}.method`}>
            {(p) => (
              <select {...p} className="cfg-input" value={group.method} data-testid="group-method" onChange={(e) => set({ method: e.target.value as GroupMethod })}>
                <Options values={GROUP_METHODS} />
              </select>
            )}
          </FormRow>
          <FormRow
            label="Path"
            path={`${base}.path`}
            className="cfg-grow"
            hint={<>Appended to the base URL. Write <code>{"{name}"}</code> where a path parameter goes.</>}
          >
            {(p) => (
              <input {...p} className="cfg-input cfg-code" value={group.path} placeholder="/customers/{customerId}" spellCheck={false} data-testid="group-path" onChange={(e) => set({ path: e.target.value })} />
            )}
          </FormRow>
        </div>
        {undeclared.length > 0 && (
          <div className="cfg-inline" data-testid="undeclared-params">
            <span className="cfg-hint">Placeholders without a path parameter:</span>
            {undeclared.map((name) => (
              <button
                key={name}
                type="button"
                className="button"
                data-testid="declare-path-param"
                data-name={name}
                onClick={() => onChange(declarePathParam(group, name, nextKey))}
              >
                Declare <code>{`{${name}}`}</code>
              </button>
            ))}
          </div>
        )}

        <div className="cfg-params">
          <span className="cfg-subheading">Parameters</span>
          <RowList
            count={group.parameters.length}
            empty="No parameters."
            addLabel="Add parameter"
            addTestId="add-group-param"
            onAdd={() => set({ parameters: [...group.parameters, newGroupParam(nextKey())] })}
          >
            {group.parameters.map((param, j) => (
              <GroupParamRow
                key={param.key}
                base={`${base}.parameters[${j}]`}
                groupTitle={title}
                index={j}
                param={param}
                onChange={(patch) => setParam(j, patch)}
                onRemove={() => set({ parameters: group.parameters.filter((_, k) => k !== j) })}
              />
            ))}
          </RowList>
        </div>

        <FormRow
          label="Response example (JSON)"
          path={`${base}.responseExample`}
          hint="Paste an answer of this call: the fields below are read from it."
        >
          {(p) => (
            <textarea {...p} className="cfg-input cfg-code" rows={6} spellCheck={false} value={group.exampleText} data-testid="group-example" onChange={(e) => set({ exampleText: e.target.value })} />
          )}
        </FormRow>
        <ResponseFields exampleText={group.exampleText} prefix={`data.${sourceName || "SOURCE"}.${group.name || "GROUP"}`} />

        <TestRequestPanel
          slots={slots}
          send={group.name === "" ? null : send}
          blocked={group.name === "" ? "Not sent: name the group first." : blocked}
          label={`Test request for field group ${title}`}
          intro="Calls this group with the values below (empty ones are left out)."
          onUseBody={(body) => set({ exampleText: JSON.stringify(body, null, 2) })}
        />

        <div className="cfg-inline">
          <button type="button" className="button cfg-quiet" aria-label={`Remove field group ${title}`} data-testid="group-remove" onClick={onRemove}>
            Remove group
          </button>
        </div>
      </fieldset>
    </li>
  );
}

function GroupParamRow({
  base,
  groupTitle,
  index,
  param,
  onChange,
  onRemove,
}: {
  base: string;
  groupTitle: string;
  index: number;
  param: ParamDraft;
  onChange: (patch: Partial<ParamDraft>) => void;
  onRemove: () => void;
}) {
  const name = useMessages(`${base}.name`);
  const location = useMessages(`${base}.location`);
  const type = useMessages(`${base}.type`);
  const [locationId, typeId] = [useId(), useId()];
  const label = `parameter ${param.name || index + 1} of group ${groupTitle}`;
  return (
    <RowShell data-testid="group-param" data-name={param.name} label={label} removeTestId="group-param-remove" onRemove={onRemove} messages={[name, location, type]}>
      <RowNameInput m={name} label={label} value={param.name} autoComplete="off" data-testid="group-param-name" onChange={(name) => onChange({ name })} />
      <select
        {...controlProps(locationId, location)}
        className="cfg-input"
        aria-label={`Where ${label} is sent`}
        value={param.location}
        data-testid="group-param-location"
        onChange={(e) => onChange({ location: e.target.value as ParamLocation })}
      >
        <Options values={PARAM_LOCATIONS} label={locationLabel} />
      </select>
      <select
        {...controlProps(typeId, type)}
        className="cfg-input"
        aria-label={`Type of ${label}`}
        value={param.type}
        data-testid="group-param-type"
        onChange={(e) => onChange({ type: e.target.value as FieldKind })}
      >
        <Options values={FIELD_KINDS} label={kindLabel} />
      </select>
    </RowShell>
  );
}

/** The fields derived from the example, as journeys read them. */
function ResponseFields({ exampleText, prefix }: { exampleText: string; prefix: string }) {
  const example = useMemo(() => readExample(exampleText), [exampleText]);
  const rows = useMemo(() => (example.ok ? fieldRows(fieldsFromExample(example.value)) : []), [example]);
  if (!example.ok) {
    return (
      <p className="cfg-empty" data-testid="group-fields-empty">
        The fields appear once the example is valid JSON.
      </p>
    );
  }
  if (rows.length === 0) {
    return (
      <p className="cfg-empty" data-testid="group-fields-empty">
        No fields: paste a JSON object answer above.
      </p>
    );
  }
  return (
    <div className="table-wrap">
      <table className="cfg-table" data-testid="group-fields">
        <caption className="cfg-hint cfg-caption">
          Fields journeys read as <code>{prefix}.FIELD</code>
        </caption>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Type</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            // A key could hold a dot or repeat a sibling's path, so the index is part of the key.
            <tr key={`${i}:${row.path}`} data-testid="group-field" data-path={row.path} data-type={row.type}>
              <th scope="row" style={{ paddingLeft: `${0.5 + row.depth * 1.1}rem` }}>
                <code>{row.path}</code>
              </th>
              <td>{row.label}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
