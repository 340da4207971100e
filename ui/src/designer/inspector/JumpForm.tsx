// Jump: the journey the person continues in.
import { useId } from "react";

import { FieldErrors, invalidProps } from "./FieldErrors";
import type { FormProps } from "./types";

export function JumpForm({ activity, diagnostics, update }: FormProps<"jump">) {
  const id = useId();
  const errorsId = useId();
  const path = "activity.journey";
  return (
    <div className="field">
      <label htmlFor={id}>Journey</label>
      <input
        id={id}
        value={activity.journey}
        spellCheck={false}
        autoComplete="off"
        onChange={(e) => update({ ...activity, journey: e.target.value }, "journey")}
        {...invalidProps(errorsId, diagnostics, path)}
      />
      <FieldErrors id={errorsId} diagnostics={diagnostics} path={path} />
    </div>
  );
}
