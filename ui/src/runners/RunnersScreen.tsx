// The workspace's runners: each with its URL and where its token comes from (never the
// token), "Test connection", Edit (a new URL and/or token) and Remove (asked first); and
// the form that adds one. Rust checks names, URLs and tokens and keeps the token in the
// OS keychain; this screen shows what it answered. Adding, editing and removing runners
// needs the right to publish; anyone may test a connection.
import { Fragment, useId, useState } from "react";

import { useAccess } from "../access/currentUser";
import { GuardedButton, PermissionNote } from "../access/Guarded";
import { checkRunner, listRunners, removeRunner, toApiError, type ApiError } from "../api";
import type { RunnerInfo } from "../bindings/RunnerInfo";
import { ConfirmDialog } from "../ConfirmDialog";
import { ErrorBanner } from "../ErrorBanner";
import { sortByName } from "../model";
import { useListing } from "../useLoaded";
import { tokenSource } from "./model";
import { RunnerCheckResult, type CheckState } from "./RunnerCheckResult";
import { RunnerForm } from "./RunnerForm";

/** The open form: `session` starts a fresh one each time it opens. */
type Editing = { session: number; runner: RunnerInfo | null };

const loadRunners = () => listRunners().then(sortByName);

export function RunnersScreen({ onClose }: { onClose: () => void }) {
  const headingId = useId();
  const { list, reload } = useListing(loadRunners);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [checks, setChecks] = useState<Record<string, CheckState>>({});
  const [note, setNote] = useState<string | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const [removeBusy, setRemoveBusy] = useState(false);
  const [removeError, setRemoveError] = useState<ApiError | null>(null);
  const denied = useAccess().whyNot("publishJourneys");

  const setCheck = (name: string, state: CheckState | null) =>
    setChecks((c) => {
      const next = { ...c };
      if (state === null) delete next[name];
      else next[name] = state;
      return next;
    });

  const test = (name: string) => {
    setCheck(name, { status: "busy" });
    checkRunner(name).then(
      (check) => setCheck(name, { status: "done", check }),
      (e: unknown) => setCheck(name, { status: "error", error: toApiError(e) }),
    );
  };

  const open = (runner: RunnerInfo | null) => {
    setNote(null);
    setEditing((e) => ({ session: (e?.session ?? 0) + 1, runner }));
  };

  const saved = (runner: RunnerInfo) => {
    setEditing(null);
    // A new URL or token makes the last test's answer stale.
    setCheck(runner.name, null);
    setNote(`Runner ${runner.name} saved (${runner.url}, ${tokenSource(runner.token).label}).`);
    reload();
  };

  const remove = (name: string) => {
    setRemoveBusy(true);
    setRemoveError(null);
    removeRunner(name).then(
      () => {
        setRemoveBusy(false);
        setRemoving(null);
        setCheck(name, null);
        if (editing?.runner?.name === name) setEditing(null);
        setNote(`Runner ${name} removed.`);
        reload();
      },
      (e: unknown) => {
        // The runner stays listed: nothing is removed unless Rust removed it.
        setRemoveBusy(false);
        setRemoveError(toApiError(e));
      },
    );
  };

  return (
    <section className="panel runners-screen" aria-labelledby={headingId} data-testid="runners-screen">
      <div className="panel-header">
        <h2 id={headingId}>
          Runners
          {list.status === "ready" && <span className="count">{list.items.length}</span>}
        </h2>
        <div className="panel-tools">
          <GuardedButton reason={denied} className="button button-primary" data-testid="runner-add" onClick={() => open(null)}>
            Add runner
          </GuardedButton>
          <button type="button" className="button" data-testid="runners-close" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
      <p className="runners-intro hint">
        Runners execute published journeys on live events. Publishing sends a journey to the runners you choose; it
        waits in the workspace while a runner cannot be reached and goes out once it can.
      </p>
      <PermissionNote reason={denied} testId="runners-permission-note" />

      {note && (
        <p className="file-note runners-note" role="status" data-testid="runners-note">
          {note}
        </p>
      )}
      {list.status === "loading" && (
        <p className="loading" role="status">
          Loading runners…
        </p>
      )}
      {list.status === "error" && <ErrorBanner testId="runners-error" error={list.error} onRetry={reload} />}
      {list.status === "ready" &&
        (list.items.length === 0 ? (
          <p className="empty" data-testid="runners-empty">
            No runners yet. Add one to publish journeys to it.
          </p>
        ) : (
          <div className="table-wrap">
            <table className="journeys runners" aria-labelledby={headingId}>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">URL</th>
                  <th scope="col">Token</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.items.map((r) => {
                  const token = tokenSource(r.token);
                  const check = checks[r.name];
                  return (
                    <Fragment key={r.name}>
                      <tr data-testid="runner-row" data-name={r.name} data-token={r.token}>
                        <th scope="row" className="name">
                          {r.name}
                        </th>
                        <td>
                          <code className="runner-url">{r.url}</code>
                        </td>
                        <td>
                          <span className={token.missing ? "token-source token-missing" : "token-source"} data-testid="runner-token">
                            {token.missing && <span aria-hidden="true">⚠ </span>}
                            {token.label}
                          </span>
                          {token.missing && (
                            <p className="hint">Publishing to it fails until it has one: edit it to give one.</p>
                          )}
                        </td>
                        <td className="row-actions">
                          <button
                            type="button"
                            className="button button-small"
                            data-testid="runner-test"
                            aria-label={`Test connection to ${r.name}`}
                            disabled={check?.status === "busy"}
                            aria-busy={check?.status === "busy"}
                            onClick={() => test(r.name)}
                          >
                            {check?.status === "busy" ? "Testing…" : "Test connection"}
                          </button>
                          <GuardedButton
                            reason={denied}
                            className="button button-small"
                            data-testid="runner-edit"
                            aria-label={`Edit ${r.name}`}
                            onClick={() => open(r)}
                          >
                            Edit
                          </GuardedButton>
                          <GuardedButton
                            reason={denied}
                            className="button button-small"
                            data-testid="runner-remove"
                            aria-label={`Remove ${r.name}`}
                            onClick={() => {
                              setRemoveError(null);
                              setRemoving(r.name);
                            }}
                          >
                            Remove
                          </GuardedButton>
                        </td>
                      </tr>
                      {check && (
                        <tr className="runner-check-row" data-testid="runner-check-row" data-name={r.name}>
                          <td colSpan={4}>
                            <RunnerCheckResult runner={r.name} state={check} />
                          </td>
                        </tr>
                      )}
                    </Fragment>
                  );
                })}
              </tbody>
            </table>
          </div>
        ))}

      {editing && (
        <RunnerForm key={editing.session} editing={editing.runner} onSaved={saved} onCancel={() => setEditing(null)} />
      )}

      {removing !== null && (
        <ConfirmDialog
          title={`Remove runner ${removing}?`}
          confirmLabel="Remove runner"
          busy={removeBusy}
          error={removeError}
          onConfirm={() => remove(removing)}
          onClose={() => setRemoving(null)}
        >
          <p>
            Parcours forgets {removing} and its token, and drops what is still queued for it. Journeys already on the
            runner keep running there.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
