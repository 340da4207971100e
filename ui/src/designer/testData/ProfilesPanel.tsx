// The Test data tab's list of test profiles: each with Edit and Delete (always visible,
// reachable by keyboard), and New test profile.
import { useId } from "react";

import type { TestProfile } from "../../bindings/TestProfile";
import { ErrorBanner } from "../../ErrorBanner";
import type { Listing } from "../../useLoaded";

export function ProfilesPanel({
  list,
  openName,
  onNew,
  onEdit,
  onDelete,
  onRetry,
}: {
  list: Listing<TestProfile>;
  /** The profile open in the form, if any. */
  openName: string | null;
  onNew: () => void;
  onEdit: (profile: TestProfile) => void;
  onDelete: (profile: TestProfile) => void;
  onRetry: () => void;
}) {
  const headingId = useId();
  return (
    <section className="td-list" aria-labelledby={headingId} data-testid="profiles-panel">
      <div className="td-list-header">
        <h4 id={headingId}>
          Test profiles
          {list.status === "ready" && <span className="count">{list.items.length}</span>}
        </h4>
        <button type="button" className="button button-small" data-testid="profile-new" onClick={onNew}>
          New test profile
        </button>
      </div>
      <p className="cfg-hint">The people test events come from: an id and the field values that make them interesting.</p>
      {list.status === "loading" && (
        <p className="loading" role="status">
          Loading test profiles…
        </p>
      )}
      {list.status === "error" && <ErrorBanner testId="profiles-error" error={list.error} onRetry={onRetry} />}
      {list.status === "ready" &&
        (list.items.length === 0 ? (
          <p className="cfg-empty">No test profiles yet.</p>
        ) : (
          <ul>
            {list.items.map((p) => (
              <li
                key={p.name}
                className="cfg-item"
                data-testid="profile-item"
                data-name={p.name}
                aria-current={openName === p.name ? "true" : undefined}
              >
                <div className="td-item-name">{p.name}</div>
                <div className="td-item-detail">
                  <code>{p.profileId}</code>
                  {p.description && <> · {p.description}</>}
                </div>
                <div className="cfg-item-actions">
                  <button type="button" className="button button-small" aria-label={`Edit test profile ${p.name}`} data-testid="profile-edit" onClick={() => onEdit(p)}>
                    Edit
                  </button>
                  <button
                    type="button"
                    className="button button-small cfg-quiet"
                    aria-label={`Delete test profile ${p.name}`}
                    data-testid="profile-delete"
                    onClick={() => onDelete(p)}
                  >
                    Delete
                  </button>
                </div>
              </li>
            ))}
          </ul>
        ))}
    </section>
  );
}
