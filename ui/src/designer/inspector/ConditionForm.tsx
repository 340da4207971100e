// Condition: ordered paths (port + CEL expression), the first true one wins; optional
// `other` port; optional `error` port, taken when a data lookup the paths read fails.
import { ExpressionInput } from "./ExpressionInput";
import { PathList } from "./PathList";
import type { ActivityOf, FormProps } from "./types";
import { useExpressionPaths } from "./useExpressionPaths";

function withErrorPath(activity: ActivityOf<"condition">, on: boolean): ActivityOf<"condition"> {
  const next: ActivityOf<"condition"> = { ...activity, errorPath: on };
  // Rust skips a false errorPath when it writes: keep the saved JSON the same shape.
  if (!on) delete next.errorPath;
  return next;
}

export function ConditionForm(props: FormProps<"condition">) {
  const groups = useExpressionPaths();
  const { activity, update } = props;

  return (
    <>
      <PathList
        {...props}
        rowIdBase={`${props.nodeId}-paths`}
        newPath={(port) => ({ port, expression: "" })}
        fields={(p, i, set) => (
          <ExpressionInput
            label={`Path ${i + 1} expression`}
            value={p.expression}
            groups={groups}
            diagnostics={props.diagnostics}
            path={`activity.paths[${i}].expression`}
            placeholder="event.cart.total > 100.0"
            onChange={(expression) => set({ ...p, expression }, "expression")}
          />
        )}
      />
      <label className="checkbox">
        <input
          type="checkbox"
          data-testid="condition-error-path"
          checked={activity.errorPath === true}
          onChange={(e) => update(withErrorPath(activity, e.target.checked), "errorPath")}
        />
        Add an error path, taken when a data lookup its paths read fails
      </label>
    </>
  );
}
