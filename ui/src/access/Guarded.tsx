// What the current role may not use stays in view and says why. A guarded button is
// aria-disabled, not disabled: it keeps its place in the tab order, so the reason reaches
// keyboard users too (a tip on focus and on hover, tied by aria-describedby, and `title`),
// and pressing it does nothing. Rust refuses the command anyway; this spares the refusal.
import { useId, type ButtonHTMLAttributes, type MouseEvent } from "react";

type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & { "data-testid"?: string };

const ignore = (e: MouseEvent) => e.preventDefault();

/** A button, or, when `reason` says why the role may not use it, the same button guarded. */
export function GuardedButton({ reason, ...props }: ButtonProps & { reason: string | null }) {
  const tipId = useId();
  if (reason === null) return <button type="button" {...props} />;
  const describedBy = [props["aria-describedby"], tipId].filter(Boolean).join(" ");
  return (
    <span className="guard">
      <button
        {...props}
        // Never submits, never acts, and stays focusable.
        type="button"
        disabled={undefined}
        className={`${props.className ?? "button"} guarded`}
        aria-disabled="true"
        aria-describedby={describedBy}
        title={reason}
        data-guarded="true"
        onClick={ignore}
      />
      <span role="tooltip" id={tipId} className="guard-tip" data-testid="guard-tip">
        {reason}
      </span>
    </span>
  );
}

/** A screen's or form's note saying what the role may not do there; nothing when it may. */
export function PermissionNote({ reason, id, testId = "permission-note" }: { reason: string | null; id?: string; testId?: string }) {
  if (reason === null) return null;
  return (
    <p className="permission-note" role="note" id={id} data-testid={testId}>
      {reason}
    </p>
  );
}
