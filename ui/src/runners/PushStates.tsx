// Pushes to runners as the versions panel lists them: one line per push with its state,
// why a queued one is not delivered yet (and when it is tried again, with "Retry now"),
// and a refusal's reason in full, its diagnostics' line breaks kept. "Retry now" needs
// the right to publish, as Rust's deliver_now does.
import { useAccess } from "../access/currentUser";
import { GuardedButton } from "../access/Guarded";
import type { PushInfo } from "../bindings/PushInfo";
import { timeLabel } from "../lifecycle/model";
import { pushSubject, pushView } from "./pushes";

function PushLine({
  push,
  subject = false,
  retrying,
  onRetry,
}: {
  push: PushInfo;
  /** Say what was sent ("pause", "v2") before the runner: the moves' list does. */
  subject?: boolean;
  retrying: boolean;
  onRetry: () => void;
}) {
  const v = pushView(push);
  const retryDenied = useAccess().whyNot("publishJourneys");
  return (
    <li
      className={`push push-${v.state}`}
      data-testid="push"
      data-id={v.id}
      data-runner={v.runner}
      data-kind={push.kind}
      data-state={v.state}
    >
      <span className="push-head">
        {subject && <strong className="push-subject">{pushSubject(push)}</strong>} {subject ? "to " : ""}
        <span className="push-runner">{v.runner}</span>{" "}
        <span className={`push-state push-state-${v.state}`} data-testid="push-state">
          {v.label}
        </span>
        {v.doneAt && (
          <time className="muted" dateTime={v.doneAt}>
            {" "}
            {timeLabel(v.doneAt)}
          </time>
        )}
        {v.state === "queued" && (
          <GuardedButton
            reason={retryDenied}
            className="button button-small push-retry"
            data-testid="push-retry"
            disabled={retrying}
            aria-busy={retrying}
            title="Asks the sender to try the pushes that are due now"
            onClick={onRetry}
          >
            Retry now
          </GuardedButton>
        )}
      </span>
      {v.state === "queued" && v.reason && (
        <span className="push-reason" data-testid="push-reason">
          {v.reason}
        </span>
      )}
      {v.retry && (
        <span className="push-retry-at muted" data-testid="push-retry-at">
          {v.retry}
        </span>
      )}
      {v.state === "refused" && v.reason && (
        <pre className="push-refusal" data-testid="push-reason">
          {v.reason}
        </pre>
      )}
    </li>
  );
}

/** Pushes as a list, or a dash when there are none. */
export function PushList({
  pushes,
  subject = false,
  retrying,
  onRetry,
}: {
  pushes: PushInfo[];
  subject?: boolean;
  retrying: boolean;
  onRetry: () => void;
}) {
  if (pushes.length === 0) return <span className="muted">—</span>;
  return (
    <ul className="pushes">
      {pushes.map((p) => (
        <PushLine key={p.id} push={p} subject={subject} retrying={retrying} onRetry={onRetry} />
      ))}
    </ul>
  );
}
