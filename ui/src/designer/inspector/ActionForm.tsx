// Action: which custom action to call, an expression for each of its variable
// parameters (the mapping, keyed as Rust keys it), its dynamic path when it has one, and
// whether failures take an `error` port.
import { useId } from "react";

import { useCatalog } from "../DesignerContext";
import { mappingRows } from "../fieldPaths";
import { ExpressionInput } from "./ExpressionInput";
import { FieldErrors, invalidProps } from "./FieldErrors";
import type { ActivityOf, FormProps } from "./types";
import { useExpressionPaths } from "./useExpressionPaths";

function withMapping(activity: ActivityOf<"action">, key: string, expression: string): ActivityOf<"action"> {
  const mapping = { ...activity.mapping };
  // An empty expression means "not mapped": Rust then says whether the parameter needs one.
  if (expression === "") delete mapping[key];
  else mapping[key] = expression;
  return { ...activity, mapping };
}

function withDynamicPath(activity: ActivityOf<"action">, dynamicPath: string): ActivityOf<"action"> {
  const next: ActivityOf<"action"> = { ...activity, dynamicPath };
  // Cleared means absent, which is what an action with a static URL needs.
  if (dynamicPath === "") delete next.dynamicPath;
  return next;
}

export function ActionForm({ activity, diagnostics, update }: FormProps<"action">) {
  const { actions } = useCatalog();
  const groups = useExpressionPaths();
  const selectId = useId();
  const errorsId = useId();
  const definition = actions.find((a) => a.name === activity.action);
  const rows = mappingRows(definition, activity.mapping);
  const hasDynamicPath = definition?.dynamicPath === true || activity.dynamicPath !== undefined;

  return (
    <>
      <div className="field">
        <label htmlFor={selectId}>Custom action</label>
        <select
          id={selectId}
          value={activity.action}
          onChange={(e) => update({ ...activity, action: e.target.value }, "action")}
          {...invalidProps(errorsId, diagnostics, "activity.action")}
        >
          <option value="">Choose an action…</option>
          {!definition && activity.action !== "" && (
            <option value={activity.action}>{activity.action} (not in this workspace)</option>
          )}
          {actions.map((a) => (
            <option key={a.name} value={a.name}>
              {a.name}
            </option>
          ))}
        </select>
        <FieldErrors id={errorsId} diagnostics={diagnostics} path="activity.action" />
      </div>

      {rows.length > 0 && (
        <fieldset className="mapping" data-testid="action-mapping">
          <legend>Parameters</legend>
          {rows.map((row) => (
            <div key={row.key} className={`mapping-row${row.known ? "" : " unknown"}`} data-key={row.key}>
              <ExpressionInput
                label={`${row.label} (${row.key}${row.type ? `: ${row.type}` : ""}${row.optional ? ", optional" : ""})`}
                value={activity.mapping[row.key] ?? ""}
                groups={groups}
                diagnostics={diagnostics}
                path={`activity.mapping.${row.key}`}
                onChange={(expression) => update(withMapping(activity, row.key, expression), `mapping.${row.key}`)}
              />
              {!row.known && (
                <button
                  type="button"
                  className="button button-small"
                  onClick={() => update(withMapping(activity, row.key, ""), `mapping.${row.key}`)}
                >
                  Remove {row.key}
                </button>
              )}
            </div>
          ))}
        </fieldset>
      )}

      {hasDynamicPath && (
        <ExpressionInput
          label="Dynamic path (appended to the URL)"
          value={activity.dynamicPath ?? ""}
          groups={groups}
          diagnostics={diagnostics}
          path="activity.dynamicPath"
          onChange={(dynamicPath) => update(withDynamicPath(activity, dynamicPath), "dynamicPath")}
        />
      )}

      <label className="checkbox">
        <input
          type="checkbox"
          data-testid="action-error-path"
          checked={activity.errorPath}
          onChange={(e) => update({ ...activity, errorPath: e.target.checked }, "errorPath")}
        />
        “error” path on failure or timeout
      </label>
    </>
  );
}
