// The workspace's users, for administrators: each person's role (changed with its select,
// at once), who added them and when; Remove (asked first); and the form that adds someone.
// Rust checks every change and keeps the last administrator: its refusal shows here as it
// comes. Changing one's own role changes what the app allows at once.
import { useId, useState } from "react";

import { reloadCurrentUser, useAccess } from "../access/currentUser";
import { PermissionNote } from "../access/Guarded";
import { isRole, roleLabel, ROLES } from "../access/roles";
import { listUsers, removeUser, setUserRole, toApiError, type ApiError } from "../api";
import type { Role } from "../bindings/Role";
import type { UserInfo } from "../bindings/UserInfo";
import { ConfirmDialog } from "../ConfirmDialog";
import { ErrorBanner } from "../ErrorBanner";
import { timeLabel } from "../lifecycle/model";
import { sortByName } from "../model";
import { useListing, type Listing } from "../useLoaded";
import { UserForm } from "./UserForm";

const loadUsers = () => listUsers().then(sortByName);

export function UsersScreen({ onClose }: { onClose: () => void }) {
  const headingId = useId();
  const { whyNot } = useAccess();
  const denied = whyNot("manageUsers");
  return (
    <section className="panel users-screen" aria-labelledby={headingId} data-testid="users-screen">
      {denied === null ? (
        <UsersManager headingId={headingId} onClose={onClose} />
      ) : (
        <>
          <div className="panel-header">
            <h2 id={headingId}>Users</h2>
            <button type="button" className="button" data-testid="users-close" onClick={onClose}>
              Close
            </button>
          </div>
          <PermissionNote reason={denied} />
        </>
      )}
    </section>
  );
}

/** A role being changed: shown in its select until the list is read again. */
type Pending = { name: string; role: Role; list: Listing<UserInfo> };

function UsersManager({ headingId, onClose }: { headingId: string; onClose: () => void }) {
  const { user } = useAccess();
  const me = user.status === "ready" ? user.value.name : null;
  const { list, reload } = useListing(loadUsers);
  const [adding, setAdding] = useState<number | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const [removeBusy, setRemoveBusy] = useState(false);
  const [removeError, setRemoveError] = useState<ApiError | null>(null);

  const changed = (text: string, name: string) => {
    setNote(text);
    // What one may do follows one's own role at once: read it first, since the list
    // is no longer one's to read without the right to manage users.
    if (name === me) void reloadCurrentUser().then(reload);
    else reload();
  };

  const changeRole = (u: UserInfo, role: Role) => {
    setNote(null);
    setError(null);
    setPending({ name: u.name, role, list });
    setUserRole(u.name, role).then(
      () => changed(`${u.name} is now ${roleLabel(role).toLowerCase()}.`, u.name),
      (e: unknown) => {
        // The select goes back to the role Rust kept.
        setPending(null);
        setError(toApiError(e));
      },
    );
  };

  const remove = (name: string) => {
    setRemoveBusy(true);
    setRemoveError(null);
    removeUser(name).then(
      () => {
        setRemoveBusy(false);
        setRemoving(null);
        changed(`${name} removed: they can no longer open this workspace.`, name);
      },
      (e: unknown) => {
        // The user stays listed: nothing is removed unless Rust removed them.
        setRemoveBusy(false);
        setRemoveError(toApiError(e));
      },
    );
  };

  const shownRole = (u: UserInfo) => (pending?.name === u.name && pending.list === list ? pending.role : u.role);
  const busy = pending !== null && pending.list === list;

  return (
    <>
      <div className="panel-header">
        <h2 id={headingId}>
          Users
          {list.status === "ready" && <span className="count">{list.items.length}</span>}
        </h2>
        <div className="panel-tools">
          <button
            type="button"
            className="button button-primary"
            data-testid="user-add"
            onClick={() => {
              setNote(null);
              setAdding((n) => (n ?? 0) + 1);
            }}
          >
            Add user
          </button>
          <button type="button" className="button" data-testid="users-close" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
      <p className="users-intro hint">
        The people who may open this workspace. Their role decides what they may do, and Parcours checks it for every
        change they make. A workspace always keeps one administrator.
      </p>
      {note && (
        <p className="file-note users-note" role="status" data-testid="users-note">
          {note}
        </p>
      )}
      {error && <ErrorBanner testId="users-action-error" error={error} onRetry={() => setError(null)} />}
      {list.status === "loading" && (
        <p className="loading" role="status">
          Loading users…
        </p>
      )}
      {list.status === "error" && <ErrorBanner testId="users-error" error={list.error} onRetry={reload} />}
      {list.status === "ready" && (
        <div className="table-wrap">
          <table className="journeys users" aria-labelledby={headingId}>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Added by</th>
                <th scope="col">Added</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((u) => (
                <tr key={u.name} data-testid="user-row" data-name={u.name} data-role={u.role}>
                  <th scope="row" className="name">
                    {u.name}
                    {u.name === me && <span className="muted"> (you)</span>}
                  </th>
                  <td>
                    <select
                      aria-label={`Role of ${u.name}`}
                      data-testid="user-role"
                      value={shownRole(u)}
                      disabled={busy}
                      onChange={(e) => isRole(e.target.value) && changeRole(u, e.target.value)}
                    >
                      {ROLES.map((r) => (
                        <option key={r} value={r}>
                          {roleLabel(r)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>{u.addedBy}</td>
                  <td>
                    <time dateTime={u.addedAt}>{timeLabel(u.addedAt)}</time>
                  </td>
                  <td className="row-actions">
                    <button
                      type="button"
                      className="button button-small"
                      data-testid="user-remove"
                      aria-label={`Remove ${u.name}`}
                      onClick={() => {
                        setRemoveError(null);
                        setRemoving(u.name);
                      }}
                    >
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {adding !== null && (
        <UserForm
          key={adding}
          onAdded={(name, role) => {
            setAdding(null);
            changed(`${name} added as ${roleLabel(role).toLowerCase()}.`, name);
          }}
          onCancel={() => setAdding(null)}
        />
      )}

      {removing !== null && (
        <ConfirmDialog
          title={`Remove ${removing}?`}
          confirmLabel="Remove user"
          busy={removeBusy}
          error={removeError}
          onConfirm={() => remove(removing)}
          onClose={() => setRemoving(null)}
        >
          <p>
            {removing === me
              ? "You can no longer open this workspace once it is closed. What you published stays, under your name in the audit log."
              : `${removing} can no longer open this workspace. What they published stays, under their name in the audit log.`}
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
