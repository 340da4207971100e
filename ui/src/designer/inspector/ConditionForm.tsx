// Condition: ordered paths (port + CEL expression), the first true one wins; optional
// `other` port.
import { ExpressionInput } from "./ExpressionInput";
import { PathList } from "./PathList";
import type { FormProps } from "./types";
import { useExpressionPaths } from "./useExpressionPaths";

export function ConditionForm(props: FormProps<"condition">) {
  const groups = useExpressionPaths();

  return (
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
  );
}
