// The configuration screen for events, custom actions or data sources: the list of configured items
// with New / Edit / Delete, and the form of the selected one. Deleting asks first, and a
// refusal (IN_USE: journeys use it) is shown with Rust's message while the item stays.
// Unsaved edits are never dropped silently: leaving the form asks first. Without the
// right to manage configurations, everything shows read-only and says why.
import { useCallback, useId, useState, type ComponentType } from "react";

import { useAccess } from "../access/currentUser";
import { GuardedButton, PermissionNote } from "../access/Guarded";
import { deleteAction, deleteEvent, listActions, listEvents, toApiError, type ApiError } from "../api";
import type { CustomAction } from "../bindings/CustomAction";
import type { DataSource } from "../bindings/DataSource";
import type { Event } from "../bindings/Event";
import { ErrorBanner } from "../ErrorBanner";
import { sortByName, type ConfigKind } from "../model";
import { useListing } from "../useLoaded";
import { ActionForm } from "./ActionForm";
import { deleteDataSource, listDataSources } from "./api";
import { DataSourceForm } from "./DataSourceForm";
import { EventForm } from "./EventForm";
import { DiscardPrompt, useDiscardGuard } from "./DiscardGuard";
import { ApiErrorAlert } from "./FormChrome";
import type { ConfigFormProps } from "./useConfigForm";
import "./config.css";

type Item = { name: string; description: string };

type Spec<T extends Item> = {
  title: string;
  noun: string;
  /** The noun with its article: "an event", "a data source". */
  one: string;
  list: () => Promise<T[]>;
  remove: (name: string) => Promise<void>;
  Form: ComponentType<ConfigFormProps<T>>;
};

const EVENTS: Spec<Event> = { title: "Events", noun: "event", one: "an event", list: listEvents, remove: deleteEvent, Form: EventForm };
const ACTIONS: Spec<CustomAction> = {
  title: "Custom actions",
  noun: "action",
  one: "an action",
  list: listActions,
  remove: deleteAction,
  Form: ActionForm,
};
const DATA_SOURCES: Spec<DataSource> = {
  title: "Data sources",
  noun: "data source",
  one: "a data source",
  list: listDataSources,
  remove: deleteDataSource,
  Form: DataSourceForm,
};

export function ConfigScreen({ kind, onClose }: { kind: ConfigKind; onClose: () => void }) {
  // Keyed by kind: switching kind starts from a fresh screen, not the other kind's state.
  switch (kind) {
    case "event":
      return <ConfigManager key="event" spec={EVENTS} onClose={onClose} />;
    case "action":
      return <ConfigManager key="action" spec={ACTIONS} onClose={onClose} />;
    case "dataSource":
      return <ConfigManager key="dataSource" spec={DATA_SOURCES} onClose={onClose} />;
  }
}

/** The open form: `opened` is the item as it was when opened (null: a new one). */
type Selection<T> = { session: number; opened: T | null; name: string | null };

function ConfigManager<T extends Item>({ spec, onClose }: { spec: Spec<T>; onClose: () => void }) {
  const headingId = useId();
  const load = useCallback(() => spec.list().then(sortByName), [spec]);
  const { list, reload } = useListing(load);
  const [selection, setSelection] = useState<Selection<T> | null>(null);
  const discard = useDiscardGuard();
  const { guard, setDirty } = discard;
  const [confirming, setConfirming] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const [deleteError, setDeleteError] = useState<{ name: string; error: ApiError } | null>(null);
  const denied = useAccess().whyNot("manageConfigurations");
  const verb = denied === null ? "Edit" : "View";
  // A read-only form has nothing to lose: leaving it never asks.
  const readOnlyDirty = useCallback(() => setDirty(false), [setDirty]);

  const open = (opened: T | null) =>
    guard(() => {
      setDirty(false);
      setSelection((s) => ({ session: (s?.session ?? 0) + 1, opened, name: opened?.name ?? null }));
    });

  const onSaved = useCallback((name: string) => {
    setSelection((s) => (s ? { ...s, name } : s));
    reload();
  }, [reload]);

  const remove = async (name: string) => {
    setConfirming(null);
    setDeleting(name);
    setDeleteError(null);
    try {
      await spec.remove(name);
      if (selection?.name === name) {
        setSelection(null);
        setDirty(false);
      }
      reload();
    } catch (e) {
      // The item stays in the list: nothing is removed unless Rust removed it.
      setDeleteError({ name, error: toApiError(e) });
    } finally {
      setDeleting(null);
    }
  };

  const Form = spec.Form;
  return (
    <section className="panel cfg-screen" aria-labelledby={headingId} data-testid="config-screen" data-kind={spec.noun}>
      <div className="panel-header">
        <h2 id={headingId}>
          {spec.title}
          {list.status === "ready" && <span className="count">{list.items.length}</span>}
        </h2>
        <div className="cfg-actions">
          <GuardedButton reason={denied} className="button" data-testid="config-new" onClick={() => open(null)}>
            New {spec.noun}
          </GuardedButton>
          <button type="button" className="button" data-testid="config-close" onClick={() => guard(onClose)}>
            Close
          </button>
        </div>
      </div>

      <PermissionNote reason={denied} testId="config-permission-note" />
      <DiscardPrompt guard={discard} noun={spec.noun} className="cfg-discard" />

      <div className="cfg-layout">
        <nav className="cfg-list" aria-label={`${spec.title} list`}>
          {list.status === "loading" && (
            <p className="loading" role="status">
              Loading {spec.title.toLowerCase()}…
            </p>
          )}
          {list.status === "error" && <ErrorBanner testId="config-list-error" error={list.error} onRetry={reload} />}
          {deleteError && (
            <div className="cfg-alert" role="alert" data-testid="config-delete-error" data-code={deleteError.error.code}>
              <p>
                {deleteError.error.code === "IN_USE"
                  ? `${deleteError.name} is used by journeys and was not deleted.`
                  : `${deleteError.name} was not deleted.`}
              </p>
              <ApiErrorAlert testId="config-delete-error-detail" prefix="Reason" error={deleteError.error} />
              <button type="button" className="button" onClick={() => setDeleteError(null)}>
                Dismiss
              </button>
            </div>
          )}
          {list.status === "ready" &&
            (list.items.length === 0 ? (
              <p className="empty">No {spec.noun}s yet.</p>
            ) : (
              <ul>
                {list.items.map((item) => (
                  <li
                    key={item.name}
                    className="cfg-item"
                    data-testid="config-item"
                    data-name={item.name}
                    aria-current={selection?.name === item.name ? "true" : undefined}
                  >
                    <div className="config-name">{item.name}</div>
                    {item.description && <div className="config-description">{item.description}</div>}
                    {confirming === item.name ? (
                      <div className="cfg-confirm" role="group" aria-label={`Confirm deletion of ${item.name}`}>
                        <p>Delete {spec.noun} {item.name}? This cannot be undone.</p>
                        <button type="button" className="button cfg-danger" data-testid="config-delete-confirm" onClick={() => void remove(item.name)}>
                          Delete
                        </button>
                        <button type="button" className="button" autoFocus data-testid="config-delete-cancel" onClick={() => setConfirming(null)}>
                          Cancel
                        </button>
                      </div>
                    ) : (
                      <div className="cfg-item-actions">
                        <button type="button" className="button" aria-label={`${verb} ${spec.noun} ${item.name}`} data-testid="config-edit" onClick={() => open(item)}>
                          {verb}
                        </button>
                        <GuardedButton
                          reason={denied}
                          className="button cfg-quiet"
                          aria-label={`Delete ${spec.noun} ${item.name}`}
                          disabled={deleting === item.name}
                          data-testid="config-delete"
                          onClick={() => {
                            setDeleteError(null);
                            setConfirming(item.name);
                          }}
                        >
                          {deleting === item.name ? "Deleting…" : "Delete"}
                        </GuardedButton>
                      </div>
                    )}
                  </li>
                ))}
              </ul>
            ))}
        </nav>

        <div className="cfg-detail">
          {selection ? (
            <Form
              key={selection.session}
              initial={selection.opened}
              onSaved={onSaved}
              onDirtyChange={denied === null ? setDirty : readOnlyDirty}
            />
          ) : (
            <p className="empty">
              {denied === null ? `Choose ${spec.one} to edit, or create a new one.` : `Choose ${spec.one} to see it.`}
            </p>
          )}
        </div>
      </div>
    </section>
  );
}
