// The Test data tab's list of what the journey calls (its actions and data source field
// groups), each saying whether a fixture answers it, with the button that opens its form.
import { useId } from "react";

import { ErrorBanner } from "../../ErrorBanner";
import { fixtureStatus, targetLabel, type FixtureRow } from "./targets";
import type { Listing } from "../../useLoaded";

export function FixturesPanel({
  list,
  openKey,
  onEdit,
  onRetry,
}: {
  list: Listing<FixtureRow>;
  /** The target open in the form, if any (targetKey). */
  openKey: string | null;
  onEdit: (row: FixtureRow) => void;
  onRetry: () => void;
}) {
  const headingId = useId();
  return (
    <section className="td-list" aria-labelledby={headingId} data-testid="fixtures-panel">
      <div className="td-list-header">
        <h4 id={headingId}>Fixtures</h4>
      </div>
      <p className="cfg-hint">How each action and data source of this journey answers in test mode.</p>
      {list.status === "loading" && (
        <p className="loading" role="status">
          Loading fixtures…
        </p>
      )}
      {list.status === "error" && <ErrorBanner testId="fixtures-error" error={list.error} onRetry={onRetry} />}
      {list.status === "ready" &&
        (list.items.length === 0 ? (
          <p className="cfg-empty">This journey calls no action and reads no data source.</p>
        ) : (
          <ul>
            {list.items.map((row) => {
              const label = targetLabel(row.target);
              return (
                <li
                  key={row.key}
                  className="cfg-item"
                  data-testid="fixture-row"
                  data-key={row.key}
                  data-set={row.fixture !== null}
                  aria-current={openKey === row.key ? "true" : undefined}
                >
                  <div className="td-item-name">{label}</div>
                  <div className={`td-item-detail${row.fixture ? " td-set" : ""}`} data-testid="fixture-status">
                    {fixtureStatus(row.fixture)}
                  </div>
                  <div className="cfg-item-actions">
                    <button type="button" className="button button-small" aria-label={`${row.fixture ? "Edit the fixture of" : "Set up a fixture for"} ${label}`} data-testid="fixture-edit" onClick={() => onEdit(row)}>
                      {row.fixture ? "Edit fixture" : "Set up fixture"}
                    </button>
                  </div>
                </li>
              );
            })}
          </ul>
        ))}
    </section>
  );
}
