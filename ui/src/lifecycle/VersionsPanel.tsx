// A journey's versions and what can be done to them: each version's state, who published
// it when, its release's hash and where it stands on each runner (queued, delivered,
// refused); compare any two (the diff on the canvas); roll back to an older one; pause,
// resume, close or stop the journey, with those moves' pushes to runners; and the audit
// log of it all. Every refusal (permissions, the lifecycle's rules, a runner's) comes from
// Rust with its code or the runner's reason. Moves and rollbacks need the right to
// publish (stop also the right to manage journeys): without it they stay, guarded.
import { useCallback, useId, useState } from "react";

import { useAccess } from "../access/currentUser";
import { GuardedButton, PermissionNote } from "../access/Guarded";
import {
  auditLog,
  deliverNow,
  journeyVersions,
  moveJourney,
  rollbackJourney,
  toApiError,
  type ApiError,
  type LifecycleMove,
} from "../api";
import type { AuditEntry } from "../bindings/AuditEntry";
import type { PushInfo } from "../bindings/PushInfo";
import type { VersionInfo } from "../bindings/VersionInfo";
import { ConfirmDialog } from "../ConfirmDialog";
import { ErrorBanner } from "../ErrorBanner";
import { stateLabel } from "../model";
import { PushList } from "../runners/PushStates";
import { movePushes, versionPushes } from "../runners/pushes";
import { usePushes } from "../runners/usePushes";
import { useLoaded } from "../useLoaded";
import { shortHash, timeLabel } from "./model";

type Confirm = { kind: "stop" } | { kind: "rollback"; to: number };

const MOVES: { move: LifecycleMove; label: string; when: (v: VersionInfo[]) => boolean }[] = [
  { move: "pause", label: "Pause", when: (v) => v.some((x) => x.state === "live") },
  { move: "resume", label: "Resume", when: (v) => v.some((x) => x.state === "paused") },
  { move: "close", label: "Close", when: (v) => v.some((x) => x.state === "live" || x.state === "paused") },
];

export function VersionsPanel({
  journey,
  id,
  onChanged,
  onCompare,
  flush,
}: {
  journey: string;
  id: string;
  /** Saves the draft's pending edits: a move (a rollback renumbers the draft) waits for it. */
  flush: () => Promise<boolean>;
  /** The journey changed (a rollback, a move): the canvas reloads it. */
  onChanged: () => void;
  onCompare: (from: number, to: number) => void;
}) {
  const loadVersions = useCallback(() => journeyVersions(journey), [journey]);
  const loadAudit = useCallback(() => auditLog(journey), [journey]);
  const versions = useLoaded(loadVersions);
  const audit = useLoaded(loadAudit);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [confirm, setConfirm] = useState<Confirm | null>(null);
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<number | null>(null);
  const fromId = useId();
  const toId = useId();
  const pushes = usePushes(journey);
  const [retrying, setRetrying] = useState(false);
  const { whyNot } = useAccess();
  const publishDenied = whyNot("publishJourneys");
  const stopDenied = whyNot("publishJourneys", "manageJourneys");

  // The sender tries what is due and says so with `pushes-changed`; read the states now too.
  const retryNow = () => {
    setRetrying(true);
    setError(null);
    deliverNow().then(
      () => {
        setRetrying(false);
        pushes.reload();
      },
      (e: unknown) => {
        setRetrying(false);
        setError(toApiError(e));
      },
    );
  };

  const act = (run: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    flush()
      .then((saved) => {
        if (!saved) throw { code: "CONFLICT", message: "The draft's latest changes could not be saved: nothing was done." };
        return run();
      })
      .then(
      () => {
        setBusy(false);
        setConfirm(null);
        // The page loads the journey again and this panel with it (versions and log):
        // one reload, and what the panel shows never changes under the pointer twice.
        onChanged();
      },
      (e: unknown) => {
        setBusy(false);
        setError(toApiError(e));
      },
    );
  };

  const list = versions.state.status === "ready" ? versions.state.value : [];
  const numbers = list.map((v) => v.version);
  const latest = numbers.length > 0 ? Math.max(...numbers) : 1;
  const chosenTo = to ?? latest;
  const chosenFrom = from ?? Math.max(1, chosenTo - 1);
  const running = list.some((v) => v.state === "live" || v.state === "paused" || v.state === "closed");
  const pushList: PushInfo[] = pushes.state.status === "ready" ? pushes.state.value : [];
  const moves = movePushes(pushList);
  // A journey never sent to a runner keeps the table as it was.
  const withRunners = pushList.length > 0;

  return (
    <section className="versions-panel" id={id} aria-label="Versions" data-testid="versions-panel">
      <div className="versions-main">
        <h3>Versions</h3>
        {versions.state.status === "error" && <ErrorBanner error={versions.state.error} onRetry={versions.reload} />}
        {error && <ErrorBanner error={error} onRetry={() => setError(null)} testId="lifecycle-error" />}
        {pushes.state.status === "error" && (
          <ErrorBanner error={pushes.state.error} onRetry={pushes.reload} testId="pushes-error" />
        )}
        <table className="versions">
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">State</th>
              <th scope="col">Published</th>
              <th scope="col">By</th>
              <th scope="col">Release (SHA-256)</th>
              {withRunners && <th scope="col">Runners</th>}
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((v) => (
              <tr key={v.version} data-testid="version-row" data-version={v.version} data-state={v.state}>
                <th scope="row">v{v.version}</th>
                <td>
                  <span className={`badge badge-${v.state}`}>{stateLabel(v.state)}</span>
                </td>
                <td>{timeLabel(v.publishedAt)}</td>
                <td>{v.publishedBy ?? "—"}</td>
                <td>
                  <code title={v.sha256}>{shortHash(v.sha256)}</code>
                </td>
                {withRunners && (
                  <td className="version-pushes">
                    <PushList pushes={versionPushes(pushList, v.version)} retrying={retrying} onRetry={retryNow} />
                  </td>
                )}
                <td className="row-actions">
                  {v.version > 1 && (
                    <button
                      type="button"
                      className="button button-small"
                      data-testid="compare-previous"
                      onClick={() => onCompare(v.version - 1, v.version)}
                    >
                      Diff with v{v.version - 1}
                    </button>
                  )}
                  {v.state !== "draft" && v.state !== "live" && v.state !== "paused" && (
                    <GuardedButton
                      reason={publishDenied}
                      className="button button-small"
                      data-testid="rollback"
                      disabled={busy}
                      onClick={() => setConfirm({ kind: "rollback", to: v.version })}
                    >
                      Roll back to v{v.version}
                    </GuardedButton>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {list.length > 1 && (
          <div className="compare-row">
            <label htmlFor={fromId}>Compare</label>
            <select id={fromId} data-testid="compare-from" value={chosenFrom} onChange={(e) => setFrom(Number(e.target.value))}>
              {numbers.map((n) => (
                <option key={n} value={n}>
                  v{n}
                </option>
              ))}
            </select>
            <label htmlFor={toId}>with</label>
            <select id={toId} data-testid="compare-to" value={chosenTo} onChange={(e) => setTo(Number(e.target.value))}>
              {numbers.map((n) => (
                <option key={n} value={n}>
                  v{n}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="button button-small"
              data-testid="compare"
              disabled={chosenFrom === chosenTo}
              onClick={() => onCompare(chosenFrom, chosenTo)}
            >
              Show the diff
            </button>
          </div>
        )}
        {running && publishDenied !== null && <PermissionNote reason={stopDenied} testId="moves-permission-note" />}
        <div className="lifecycle-moves">
          {MOVES.filter((m) => m.when(list)).map((m) => (
            <GuardedButton
              key={m.move}
              reason={publishDenied}
              className="button"
              data-testid={`journey-${m.move}`}
              disabled={busy}
              onClick={() => act(() => moveJourney(journey, m.move))}
            >
              {m.label}
            </GuardedButton>
          ))}
          {running && (
            <GuardedButton
              reason={stopDenied}
              className="button button-danger"
              data-testid="journey-stop"
              disabled={busy}
              onClick={() => setConfirm({ kind: "stop" })}
            >
              Stop…
            </GuardedButton>
          )}
        </div>
        {moves.length > 0 && (
          <section className="move-pushes" aria-label="Moves sent to runners" data-testid="move-pushes">
            <h4>Moves sent to runners</h4>
            <PushList pushes={moves} subject retrying={retrying} onRetry={retryNow} />
          </section>
        )}
      </div>
      <div className="audit" data-testid="audit-log">
        <h3>Audit log</h3>
        {audit.state.status === "error" && <ErrorBanner error={audit.state.error} onRetry={audit.reload} />}
        {audit.state.status === "ready" && audit.state.value.length === 0 && <p className="empty">Nothing published yet.</p>}
        {audit.state.status === "ready" && (
          <ol className="audit-list">
            {[...audit.state.value].reverse().map((e: AuditEntry, i) => (
              <li key={i} data-testid="audit-entry" data-action={e.action} data-version={e.version}>
                <time dateTime={e.at}>{timeLabel(e.at)}</time> <strong>{e.actor}</strong> {e.action}
                {e.version !== undefined && e.version !== null && ` v${e.version}`}
                {e.sha256 && (
                  <>
                    {" "}
                    <code title={e.sha256}>{shortHash(e.sha256)}</code>
                  </>
                )}
                {e.detail && <span className="muted"> ({e.detail})</span>}
              </li>
            ))}
          </ol>
        )}
      </div>
      {confirm?.kind === "stop" && (
        <ConfirmDialog
          title={`Stop ${journey}?`}
          confirmLabel="Stop the journey"
          busy={busy}
          error={error}
          onConfirm={() => act(() => moveJourney(journey, "stop"))}
          onClose={() => setConfirm(null)}
        >
          <p>Everyone in it leaves now, and it cannot be restarted: only a new version can go live again.</p>
        </ConfirmDialog>
      )}
      {confirm?.kind === "rollback" && (
        <ConfirmDialog
          title={`Roll back to v${confirm.to}?`}
          confirmLabel={`Publish v${confirm.to} again`}
          busy={busy}
          error={error}
          onConfirm={() => act(() => rollbackJourney(journey, confirm.to, "closePrevious"))}
          onClose={() => setConfirm(null)}
        >
          <p>
            v{confirm.to}'s release (its activities and the configurations it used) is published again as a new version;
            the live version is closed. A draft in progress moves up one number.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
