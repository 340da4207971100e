import { useEffect, useId, useMemo, useState } from "react";
import { ErrorBanner } from "./ErrorBanner";

import { useAccess } from "./access/currentUser";
import { GuardedButton, PermissionNote } from "./access/Guarded";
import { WhoIsWorking } from "./access/WhoIsWorking";
import { overview as fetchOverview, toApiError, type ApiError } from "./api";
import type { JourneySummary } from "./bindings/JourneySummary";
import JourneyCanvas from "./canvas/JourneyCanvas";
import type { Overview } from "./bindings/Overview";
import { ConfigScreen } from "./config/ConfigScreen";
import { chooseBundleToImport, exportBundleFromDialog, importBundleFile, type ImportChoice, type ImportReport } from "./files";
import { DeleteJourneyDialog } from "./home/DeleteJourneyDialog";
import { ConfigNav } from "./home/ConfigNav";
import { DuplicateJourneyDialog } from "./home/DuplicateJourneyDialog";
import { firstRunHintDone, firstRunHintShown } from "./home/firstRun";
import { FirstRunHint } from "./home/FirstRunHint";
import { importedLabel } from "./home/imports";
import { NewJourneyDialog } from "./home/NewJourneyDialog";
import { OriginChangesDialog } from "./home/OriginChangesDialog";
import { attentionLabel, journeysAttention, type Attention } from "./runners/pushes";
import { RunnersScreen } from "./runners/RunnersScreen";
import { RunnersSection } from "./runners/RunnersSection";
import { usePushes } from "./runners/usePushes";
import { UsersScreen } from "./users/UsersScreen";
import {
  configSections,
  filterJourneys,
  lastChangeLabel,
  problemLevel,
  problemsLabel,
  sortJourneys,
  stateLabel,
  usedInLabel,
  versionLabel,
  type ConfigKind,
  type ConfigSection,
} from "./model";

type LoadState =
  | { kind: "loading" }
  | { kind: "error"; error: ApiError }
  | { kind: "ready"; data: Overview };

type JourneyDialog = { kind: "new" } | { kind: "duplicate"; name: string } | { kind: "delete"; name: string };

type FileNote = { kind: "ok"; text: string } | { kind: "error"; error: ApiError };

/** The screens the home opens in its place: a configuration kind's forms, the runners, the users. */
type HomeScreen = { kind: "config"; config: ConfigKind } | { kind: "runners" } | { kind: "users" };

const NO_ATTENTION: ReadonlyMap<string, Attention> = new Map();

export default function App() {
  const [state, setState] = useState<LoadState>({ kind: "loading" });
  const [attempt, setAttempt] = useState(0);
  const [openJourney, setOpenJourney] = useState<string | null>(null);
  const [dialog, setDialog] = useState<JourneyDialog | null>(null);
  const [screen, setScreen] = useState<HomeScreen | null>(null);
  const [fileNote, setFileNote] = useState<FileNote | null>(null);
  // A bundle whose import changes origins, waiting for a yes.
  const [pendingImport, setPendingImport] = useState<ImportChoice | null>(null);
  const [importing, setImporting] = useState(false);
  const [firstRun, setFirstRun] = useState(() => firstRunHintShown(globalThis.localStorage));
  const { can } = useAccess();
  // What is still queued or refused for each journey, refreshed after each delivery round.
  // Without it (an older backend, a failure) the list simply shows no indicator.
  const pushes = usePushes(null);
  const reloadPushes = pushes.reload;
  const attention = useMemo(
    () => (pushes.state.status === "ready" ? journeysAttention(pushes.state.value) : NO_ATTENTION),
    [pushes.state],
  );

  useEffect(() => {
    let cancelled = false;
    fetchOverview().then(
      (data) => {
        if (!cancelled) setState({ kind: "ready", data });
      },
      (e: unknown) => {
        if (!cancelled) setState({ kind: "error", error: toApiError(e) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [attempt]);

  const retry = () => {
    setState({ kind: "loading" });
    setAttempt((n) => n + 1);
  };

  // Refetches after a change (create, duplicate, delete, edits on the canvas, publishing)
  // while the current list stays on screen.
  const reload = () => {
    setAttempt((n) => n + 1);
    reloadPushes();
  };

  // Opening a journey or a configuration is starting: the first-run hint has done its job.
  const started = () => {
    firstRunHintDone(globalThis.localStorage);
    setFirstRun(false);
  };

  const open = (name: string) => {
    started();
    setDialog(null);
    setOpenJourney(name);
  };

  const openConfig = (config: ConfigKind) => {
    started();
    setScreen({ kind: "config", config });
  };

  const closeDialogAndReload = () => {
    setDialog(null);
    reload();
  };

  // Import: the dialog (Rust's), then a preview; origin changes need a yes first.
  const imported = (report: ImportReport) => {
    setFileNote({ kind: "ok", text: importedLabel(report) });
    reload();
  };
  const importFailed = (e: unknown) => setFileNote({ kind: "error", error: toApiError(e) });

  const importBundle = () => {
    setFileNote(null);
    chooseBundleToImport()
      .then(async (choice) => {
        if (choice === null) return;
        if (choice.preview.originChanges.length > 0) setPendingImport(choice);
        else imported(await importBundleFile(choice.file.token, false));
      })
      .catch(importFailed);
  };

  const confirmImport = (choice: ImportChoice) => {
    setImporting(true);
    // The token is used up either way: a failure closes the dialog and shows on the home.
    importBundleFile(choice.file.token, true)
      .then(imported, importFailed)
      .finally(() => {
        setImporting(false);
        setPendingImport(null);
      });
  };

  const exportBundle = (journey?: string) => {
    setFileNote(null);
    exportBundleFromDialog(journey).then(
      (name) => name !== null && setFileNote({ kind: "ok", text: `Exported to ${name}` }),
      (e: unknown) => setFileNote({ kind: "error", error: toApiError(e) }),
    );
  };

  return (
    <div className="app">
      <header className="app-header">
        <h1>Parcours</h1>
        {state.kind === "ready" && (
          <p className="db-path">
            <span className="muted">Database</span>{" "}
            <code data-testid="db-path" title={state.data.databasePath}>
              {state.data.databasePath}
            </code>
          </p>
        )}
        <WhoIsWorking />
        {/* Only administrators have anything to do there. From the home only: the other
            screens have their own way back, which keeps unsaved edits from being dropped. */}
        {can("manageUsers") && screen === null && openJourney === null && (
          <nav aria-label="Workspace">
            <button type="button" className="button button-small" data-testid="open-users" onClick={() => setScreen({ kind: "users" })}>
              Users
            </button>
          </nav>
        )}
      </header>

      {screen?.kind === "config" && openJourney === null ? (
        <main className="app-main">
          <ConfigScreen
            kind={screen.config}
            onClose={() => {
              setScreen(null);
              reload();
            }}
          />
        </main>
      ) : screen?.kind === "runners" && openJourney === null ? (
        <main className="app-main">
          <RunnersScreen
            onClose={() => {
              setScreen(null);
              reload();
            }}
          />
        </main>
      ) : screen?.kind === "users" && openJourney === null ? (
        <main className="app-main">
          <UsersScreen onClose={() => setScreen(null)} />
        </main>
      ) : openJourney !== null ? (
        <main className="canvas-main">
          <JourneyCanvas
            name={openJourney}
            onBack={() => {
              setOpenJourney(null);
              reload();
            }}
          />
        </main>
      ) : (
        <main className="app-main">
          {state.kind === "loading" && (
            <p className="loading" role="status" aria-live="polite">
              Loading workspace…
            </p>
          )}

          {state.kind === "error" && <ErrorBanner error={state.error} onRetry={retry} />}

          {fileNote?.kind === "error" && <ErrorBanner error={fileNote.error} onRetry={() => setFileNote(null)} />}
          {fileNote?.kind === "ok" && (
            <p className="file-note" role="status" data-testid="file-note">
              {fileNote.text}
            </p>
          )}

          {state.kind === "ready" && (
            <>
              {firstRun && <FirstRunHint onOpenConfig={openConfig} onDismiss={started} />}
              <ConfigNav sections={configSections(state.data)} onManage={openConfig} />
              <JourneysSection
                journeys={state.data.journeys}
                attention={attention}
                onOpen={open}
                onDialog={setDialog}
                onImport={importBundle}
                onExport={exportBundle}
              />
              <ConfigurationsSection
                sections={configSections(state.data)}
                onManage={openConfig}
              />
              <RunnersSection onManage={() => setScreen({ kind: "runners" })} />
            </>
          )}
        </main>
      )}

      {pendingImport !== null && (
        <OriginChangesDialog
          file={pendingImport.file.name}
          changes={pendingImport.preview.originChanges}
          busy={importing}
          onConfirm={() => confirmImport(pendingImport)}
          onClose={() => {
            if (!importing) setPendingImport(null);
          }}
        />
      )}
      {dialog?.kind === "new" && <NewJourneyDialog onCreated={open} onClose={() => setDialog(null)} />}
      {dialog?.kind === "duplicate" && (
        <DuplicateJourneyDialog name={dialog.name} onDuplicated={closeDialogAndReload} onClose={() => setDialog(null)} />
      )}
      {dialog?.kind === "delete" && (
        <DeleteJourneyDialog name={dialog.name} onDeleted={closeDialogAndReload} onClose={() => setDialog(null)} />
      )}
    </div>
  );
}

function JourneysSection({
  journeys,
  attention,
  onOpen,
  onDialog,
  onImport,
  onExport,
}: {
  journeys: JourneySummary[];
  attention: ReadonlyMap<string, Attention>;
  onOpen: (name: string) => void;
  onDialog: (dialog: JourneyDialog) => void;
  onImport: () => void;
  onExport: (journey?: string) => void;
}) {
  const [query, setQuery] = useState("");
  const searchId = useId();
  const headingId = useId();
  const visible = useMemo(() => sortJourneys(filterJourneys(journeys, query)), [journeys, query]);
  const { whyNot, whyNotAny } = useAccess();
  const manageDenied = whyNot("manageJourneys");
  const importDenied = whyNotAny("manageJourneys", "manageConfigurations");

  return (
    <section className="panel" aria-labelledby={headingId}>
      <div className="panel-header">
        <h2 id={headingId}>
          Journeys <span className="count">{journeys.length}</span>
        </h2>
        <div className="panel-tools">
          <div className="search">
            <label htmlFor={searchId}>Search journeys</label>
            <input
              id={searchId}
              type="search"
              value={query}
              placeholder="Name or description"
              autoComplete="off"
              spellCheck={false}
              onChange={(e) => setQuery(e.target.value)}
            />
          </div>
          <GuardedButton reason={importDenied} className="button" data-testid="import-bundle" onClick={onImport}>
            Import…
          </GuardedButton>
          <button type="button" className="button" data-testid="export-workspace" onClick={() => onExport()}>
            Export all…
          </button>
          <GuardedButton
            reason={manageDenied}
            className="button button-primary"
            data-testid="new-journey"
            onClick={() => onDialog({ kind: "new" })}
          >
            New journey
          </GuardedButton>
        </div>
      </div>
      <PermissionNote reason={manageDenied} testId="journeys-permission-note" />

      {journeys.length === 0 ? (
        <p className="empty">No journeys yet.</p>
      ) : visible.length === 0 ? (
        <p className="empty" role="status">
          No journeys match “{query.trim()}”.
        </p>
      ) : (
        <div className="table-wrap">
          <table className="journeys">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Description</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Version
                </th>
                <th scope="col" className="num">
                  Activities
                </th>
                <th scope="col">Last change</th>
                <th scope="col">Problems</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {visible.map((j) => (
                <tr key={j.name} data-testid="journey-row" data-name={j.name}>
                  <th scope="row" className="name">
                    <button
                      type="button"
                      className="link-button"
                      data-testid="open-journey"
                      title={`Open ${j.name} on the canvas`}
                      onClick={() => onOpen(j.name)}
                    >
                      {j.name}
                    </button>
                  </th>
                  <td className="description">{j.description || <span className="muted">—</span>}</td>
                  <td>
                    <span className={`badge badge-${j.state}`} data-testid="journey-state" data-state={j.state}>
                      {stateLabel(j.state)}
                    </span>
                    {j.status === "draft" && j.state !== "draft" && (
                      <span className="badge badge-draft badge-secondary" title={`A draft, ${versionLabel(j.latestVersion)}, is in progress`}>
                        Draft {versionLabel(j.latestVersion)}
                      </span>
                    )}
                    <PushAttention attention={attention.get(j.name)} />
                  </td>
                  <td className="num">{versionLabel(j.latestVersion)}</td>
                  <td className="num">{j.activities}</td>
                  <td>
                    <time dateTime={j.updatedAt} title={j.updatedAt}>
                      {lastChangeLabel(j.updatedAt)}
                    </time>
                  </td>
                  <td>
                    <span className={`problems problems-${problemLevel(j.errors, j.warnings)}`}>
                      {problemsLabel(j.errors, j.warnings)}
                    </span>
                  </td>
                  <td className="row-actions">
                    <GuardedButton
                      reason={manageDenied}
                      className="button button-small"
                      data-testid="duplicate-journey"
                      aria-label={`Duplicate ${j.name}`}
                      onClick={() => onDialog({ kind: "duplicate", name: j.name })}
                    >
                      Duplicate
                    </GuardedButton>
                    <button
                      type="button"
                      className="button button-small"
                      data-testid="export-journey"
                      aria-label={`Export ${j.name}`}
                      onClick={() => onExport(j.name)}
                    >
                      Export…
                    </button>
                    <GuardedButton
                      reason={manageDenied}
                      className="button button-small"
                      data-testid="delete-journey"
                      aria-label={`Delete ${j.name}`}
                      onClick={() => onDialog({ kind: "delete", name: j.name })}
                    >
                      Delete
                    </GuardedButton>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** A journey's pushes still queued or refused, in a few words; the details on hover. */
function PushAttention({ attention }: { attention: Attention | undefined }) {
  if (attention === undefined) return null;
  const level = attention.refused > 0 ? "refused" : "queued";
  return (
    <span
      className={`push-attention push-attention-${level}`}
      data-testid="journey-pushes"
      data-level={level}
      data-queued={attention.queued}
      data-refused={attention.refused}
      title={attention.details.join("\n")}
    >
      {attentionLabel(attention)}
    </span>
  );
}

function ConfigurationsSection({
  sections,
  onManage,
}: {
  sections: ConfigSection[];
  onManage: (kind: ConfigKind) => void;
}) {
  const headingId = useId();
  return (
    <section className="panel" aria-labelledby={headingId}>
      <div className="panel-header">
        <h2 id={headingId}>Configurations</h2>
      </div>
      <div className="config-grid">
        {sections.map((section) => (
          <ConfigList key={section.kind} section={section} onManage={() => onManage(section.kind)} />
        ))}
      </div>
    </section>
  );
}

function ConfigList({ section, onManage }: { section: ConfigSection; onManage: () => void }) {
  const headingId = useId();
  // Without the right to change them, the screen shows them read-only: "View" says so.
  const verb = useAccess().can("manageConfigurations") ? "Manage" : "View";
  return (
    <section className="config-list" aria-labelledby={headingId}>
      <div className="config-list-header">
        <h3 id={headingId}>
          {section.title} <span className="count">{section.items.length}</span>
        </h3>
        <button
          type="button"
          className="button button-small"
          data-testid="manage-config"
          data-kind={section.kind}
          aria-label={`${verb} ${section.title.toLowerCase()}`}
          onClick={onManage}
        >
          {verb}
        </button>
      </div>
      {section.items.length === 0 ? (
        <p className="empty">None defined.</p>
      ) : (
        <ul>
          {section.items.map((item) => (
            <li key={item.name} data-testid="config-item" data-kind={section.kind} data-name={item.name}>
              <div className="config-name">{item.name}</div>
              {item.description && <div className="config-description">{item.description}</div>}
              <div className={`used-in${item.usedIn === 0 ? " unused" : ""}`}>{usedInLabel(item.usedIn)}</div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
