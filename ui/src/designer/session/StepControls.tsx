// Step-through test mode's controls: Start (StepStart, beside Run), then the virtual
// clock, what comes next, and Step / To next timer / Advance to… / Run to end / Stop.
import { useId, useState, type FormEvent } from "react";

import { ADVANCE_EXAMPLE, canAct, canMove, nextText, parseAdvanceTo } from "./stepSession";
import { useStickyScrollPadding } from "../testForm/useStickyScrollPadding";
import type { StepSession } from "./useStepSession";

/** Start, beside Run, while no session is open; why the last start failed under it. */
export function StepStart({ session, onStart, disabled }: { session: StepSession; onStart: () => void; disabled: boolean }) {
  const { state } = session;
  return (
    <button
      type="button"
      className="button"
      data-testid="step-start"
      disabled={disabled || state.busy !== null}
      aria-busy={state.busy === "start"}
      title="Send the event, then move the virtual clock yourself: a step at a time, to the next timer, or to a date"
      onClick={onStart}
    >
      {state.busy === "start" ? "Starting…" : "Step through"}
    </button>
  );
}

/** The open session's clock and moves; nothing while none is open. */
export function StepControls({
  session,
  onStop,
}: {
  session: StepSession;
  /** Leaves step mode (the panel keeps the last result on screen). */
  onStop: () => void;
}) {
  const { state } = session;
  const [advanceText, setAdvanceText] = useState("");
  const [advanceError, setAdvanceError] = useState<string | null>(null);
  const headingId = useId();
  const advanceId = useId();
  const sticky = useStickyScrollPadding();
  const view = state.open ? state.view : null;

  const advance = (e: FormEvent) => {
    e.preventDefault();
    const target = parseAdvanceTo(advanceText, view?.now);
    if (!target.ok) {
      setAdvanceError(target.message);
      return;
    }
    setAdvanceError(null);
    session.advance(target.to);
  };

  if (!view) return null;
  // Only the clock and the moves stick to the top of the column: at the window's default
  // size the column is short, and what is below (the people waiting, what to send them)
  // needs the room.
  return (
    <>
      <div className="step-through" ref={sticky} role="group" aria-labelledby={headingId} data-testid="step-through">
        <h4 id={headingId}>Step through</h4>
        <dl className="step-clock" role="status" aria-busy={state.busy !== null}>
          <dt>Clock</dt>
          <dd>
            <time data-testid="step-clock" dateTime={view.now}>
              {view.now}
            </time>
          </dd>
          <dt>Next</dt>
          <dd data-testid="step-next-at" data-empty={view.nextAt === undefined || undefined}>
            {view.nextAt !== undefined ? <time dateTime={view.nextAt}>{nextText(view)}</time> : nextText(view)}
          </dd>
        </dl>
        <div className="test-actions step-actions">
          <button
            type="button"
            className="button button-primary"
            data-testid="step-next"
            disabled={!canMove(state)}
            title="Process the next queued thing: an event, a timer or an answer"
            onClick={session.step}
          >
            Step
          </button>
          <button
            type="button"
            className="button"
            data-testid="step-timer"
            disabled={!canMove(state)}
            title="Run until the next timer has fired (a wait ends, a reaction times out)"
            onClick={session.nextTimer}
          >
            To next timer
          </button>
          <button type="button" className="button" data-testid="step-run" disabled={!canAct(state)} onClick={session.runToEnd}>
            Run to end
          </button>
          <button type="button" className="button" data-testid="step-stop" onClick={onStop}>
            Stop
          </button>
        </div>
      </div>
        <form className="field step-advance" onSubmit={advance} noValidate>
          <label htmlFor={advanceId}>Advance to (UTC, ISO 8601)</label>
          <div className="step-advance-row">
            <input
              id={advanceId}
              data-testid="step-advance-to"
              value={advanceText}
              placeholder={ADVANCE_EXAMPLE}
              spellCheck={false}
              aria-invalid={advanceError !== null || undefined}
              aria-describedby={advanceError ? `${advanceId}-error` : undefined}
              onChange={(e) => setAdvanceText(e.target.value)}
            />
            <button type="submit" className="button" data-testid="step-advance" disabled={!canAct(state)}>
              Advance
            </button>
          </div>
          {advanceError && (
            <p id={`${advanceId}-error`} className="field-error field-error-error" role="alert" data-testid="step-advance-error">
              {advanceError}
            </p>
          )}
        </form>
        {state.error && (
          <p className="field-error field-error-error" role="alert" data-testid="step-error">
            {state.error}
          </p>
        )}
    </>
  );
}
