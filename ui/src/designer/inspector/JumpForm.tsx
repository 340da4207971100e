// Jump: the journey the person continues in, chosen from the workspace's journeys (not
// this one). A target the workspace does not have (an old bundle's) stays visible as
// "(missing)"; Rust's diagnostics say what is wrong with the one chosen.
import { useId } from "react";

import { useLoaded } from "../../useLoaded";
import { useJourneyName } from "../DesignerContext";
import { FieldErrors, invalidProps } from "./FieldErrors";
import { loadJumpTargets, targetLabel } from "./jumpTargets";
import type { FormProps } from "./types";

export function JumpForm({ activity, diagnostics, update }: FormProps<"jump">) {
  const id = useId();
  const errorsId = useId();
  const hintId = useId();
  const path = "activity.journey";
  const self = useJourneyName();
  const { state } = useLoaded(loadJumpTargets);
  const targets = state.status === "ready" ? state.value.filter((t) => t.name !== self) : [];
  const known = targets.some((t) => t.name === activity.journey);
  const invalid = invalidProps(errorsId, diagnostics, path);

  return (
    <div className="field">
      <label htmlFor={id}>Journey</label>
      <select
        id={id}
        data-testid="jump-target"
        value={activity.journey}
        aria-busy={state.status === "loading"}
        onChange={(e) => update({ ...activity, journey: e.target.value }, "journey")}
        {...invalid}
        aria-describedby={[invalid["aria-describedby"], state.status === "error" ? hintId : undefined].filter(Boolean).join(" ") || undefined}
      >
        <option value="">{state.status === "loading" ? "Loading journeys…" : "Choose a journey…"}</option>
        {!known && activity.journey !== "" && (
          <option value={activity.journey}>{state.status === "ready" ? `${activity.journey} (missing)` : activity.journey}</option>
        )}
        {targets.map((t) => (
          <option key={t.name} value={t.name}>
            {targetLabel(t)}
          </option>
        ))}
      </select>
      {state.status === "error" && (
        <p className="hint" id={hintId} role="status">
          The journeys could not be listed ({state.error.message}).
        </p>
      )}
      <FieldErrors id={errorsId} diagnostics={diagnostics} path={path} />
    </div>
  );
}
