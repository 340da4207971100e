// Leaving a form with unsaved changes asks first: the configuration screens and the test
// panel's Test data tab share this guard and its prompt.
import { useId, useState } from "react";

export type DiscardGuard = {
  /** What the open form reports (its onDirtyChange). */
  setDirty: (dirty: boolean) => void;
  /** Runs `leave` at once, or after the user agrees to drop unsaved changes. */
  guard: (leave: () => void) => void;
  pending: { run: () => void } | null;
  discard: () => void;
  keep: () => void;
};

export function useDiscardGuard(): DiscardGuard {
  const [dirty, setDirty] = useState(false);
  const [pending, setPending] = useState<{ run: () => void } | null>(null);
  return {
    setDirty,
    guard: (leave) => {
      if (dirty) setPending({ run: leave });
      else leave();
    },
    pending,
    discard: () => {
      setPending(null);
      setDirty(false);
      pending?.run();
    },
    keep: () => setPending(null),
  };
}

/** The prompt, while a leave waits; test ids are `${prefix}discard-prompt|confirm|cancel`. */
export function DiscardPrompt({
  guard,
  noun,
  prefix = "",
  className,
}: {
  guard: DiscardGuard;
  noun: string;
  prefix?: string;
  className: string;
}) {
  const id = useId();
  if (!guard.pending) return null;
  return (
    <div className={`cfg-confirm ${className}`} role="alertdialog" aria-labelledby={id} data-testid={`${prefix}discard-prompt`}>
      <p id={id}>The open {noun} has unsaved changes. Discard them?</p>
      <button type="button" className="button cfg-danger" data-testid={`${prefix}discard-confirm`} onClick={guard.discard}>
        Discard changes
      </button>
      <button type="button" className="button" autoFocus data-testid={`${prefix}discard-cancel`} onClick={guard.keep}>
        Keep editing
      </button>
    </div>
  );
}
