// The home screen's Runners panel: the workspace's runners at a glance (a missing token
// is flagged) and the way into the Runners screen. A failure to list them only says so:
// the journeys and configurations above do not depend on it.
import { useId } from "react";

import { listRunners } from "../api";
import { sortByName } from "../model";
import { useListing } from "../useLoaded";
import { tokenSource } from "./model";

const loadRunners = () => listRunners().then(sortByName);

export function RunnersSection({ onManage }: { onManage: () => void }) {
  const headingId = useId();
  const { list } = useListing(loadRunners);
  return (
    <section className="panel" aria-labelledby={headingId} data-testid="runners-section">
      <div className="panel-header">
        <h2 id={headingId}>
          Runners {list.status === "ready" && <span className="count">{list.items.length}</span>}
        </h2>
        <button type="button" className="button button-small" data-testid="manage-runners" onClick={onManage}>
          Manage runners
        </button>
      </div>
      {list.status === "error" && (
        <p className="empty" data-testid="runners-unavailable">
          Runners could not be listed ({list.error.code}: {list.error.message}).
        </p>
      )}
      {list.status === "ready" && list.items.length === 0 && (
        <p className="empty">No runners yet: add one to publish journeys to it.</p>
      )}
      {list.status === "ready" && list.items.length > 0 && (
        <ul className="runner-summary">
          {list.items.map((r) => {
            const token = tokenSource(r.token);
            return (
              <li key={r.name} data-testid="runner-summary" data-name={r.name}>
                <span className="config-name">{r.name}</span> <code className="runner-url">{r.url}</code>
                {token.missing && <span className="token-source token-missing"> ⚠ {token.label}</span>}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
