// The designer page for one journey: toolbar, palette, canvas, inspector and problems,
// the test panel and the help overlay, wired to the journey's store, autosave and live
// validation. What the role may not do (edit, publish, test, read reports) stays in view,
// guarded, with the reason.
import { useReactFlow } from "@xyflow/react";
import { useCallback, useEffect, useId, useState } from "react";

import { useMinimapSetting } from "./useMinimapSetting";

import { useAccess } from "../access/currentUser";
import { GuardedButton } from "../access/Guarded";
import { journeyRunners, newVersion, toApiError } from "../api";
import type { Journey } from "../bindings/Journey";
import { ConfirmDialog } from "../ConfirmDialog";
import { useDesigner, useDesignerStore, useHistoryState } from "../designer/DesignerContext";
import { HelpDialog } from "../designer/HelpDialog";
import { Inspector } from "../designer/inspector/Inspector";
import { Palette } from "../designer/Palette";
import { PropertiesPanel } from "../designer/properties/PropertiesPanel";
import { ProblemsList } from "../designer/ProblemsList";
import { SaveIndicator } from "../designer/SaveIndicator";
import { TestPanel } from "../designer/TestPanel";
import { useAutosave } from "../designer/useAutosave";
import { useDraftValidation } from "../designer/useDraftValidation";
import { JourneyHelpProvider, useJourneyHelp } from "../designer/useJourneyHelp";
import { CanvasToolbar } from "./CanvasToolbar";
import { fitPadding } from "./fitPadding";
import { FlowPane } from "./FlowPane";
import { autoLayout, latestVersion, NODE_HEIGHT, outputPorts } from "./mapping";
import { useCanvasShortcuts } from "./useCanvasShortcuts";
import { countErrors } from "../designer/diagnostics";
import { DiffView } from "../lifecycle/DiffView";
import { publishBlocked, versionState } from "../lifecycle/model";
import { PublishDialog } from "../lifecycle/PublishDialog";
import { VersionsPanel } from "../lifecycle/VersionsPanel";
import { LivePanel } from "../report/LivePanel";
import { ReportScreen } from "../report/ReportScreen";
import { stateLabel } from "../model";

/** Back waits for the pending save; if it fails, the user chooses to stay or leave. */
type Leaving = "saving" | "unsaved" | null;

export function CanvasEditor({
  journey,
  readOnlyReason,
  catalogError,
  onBack,
  onReload,
  versionsOpen,
  onVersionsOpen,
}: {
  journey: Journey;
  readOnlyReason: string | null;
  catalogError: string | null;
  onBack: () => void;
  /** The journey changed outside the canvas (published, new version, rollback): load it again. */
  onReload: () => void;
  /** The versions panel stays open across reloads: its state lives with the page. */
  versionsOpen: boolean;
  onVersionsOpen: (open: boolean) => void;
}) {
  const store = useDesignerStore();
  const readOnly = readOnlyReason !== null;
  const { status, flush } = useAutosave(store, journey, !readOnly);
  const validationError = useDraftValidation(store, journey, !readOnly);
  // Expression editors offer what Rust says is in scope, read-only or not.
  const help = useJourneyHelp(store, journey);
  const { canUndo, canRedo } = useHistoryState();
  const hasNodes = useDesigner((s) => s.nodes.length > 0);
  const { fitView, setCenter, getInternalNode } = useReactFlow();
  const [testOpen, setTestOpen] = useState(false);
  // The canvas shows either the simulation (test runs, what-if) or a runner's live figures.
  const [liveOpen, setLiveOpen] = useState(false);
  const [reportOpen, setReportOpen] = useState(false);
  const [reportRunners, setReportRunners] = useState<string[]>([]);
  const [helpOpen, setHelpOpen] = useState(false);
  // The journey's properties take the inspector's place beside the canvas while open.
  const [propertiesOpen, setPropertiesOpen] = useState(false);
  const propertiesPanelId = useId();
  // Choosing an activity on the canvas brings its inspector back.
  useEffect(
    () =>
      store.subscribe((s, prev) => {
        if (s.selection !== prev.selection && s.selection.nodes.length > 0) setPropertiesOpen(false);
      }),
    [store],
  );
  const [minimap, setMinimap] = useMinimapSetting();
  const [leaving, setLeaving] = useState<Leaving>(null);
  const [layout, setLayout] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const testPanelId = useId();
  const versionsPanelId = useId();
  const livePanelId = useId();
  const blockedId = useId();
  const [publishing, setPublishing] = useState(false);
  const [comparing, setComparing] = useState<{ from: number; to: number } | null>(null);
  const [lifecycleError, setLifecycleError] = useState<string | null>(null);
  const errors = useDesigner((s) => countErrors(s.diagnostics));
  const latest = latestVersion(journey);
  const state = versionState(latest);
  const blocked = publishBlocked(state, errors, status.state === "saving");
  const { whyNot } = useAccess();
  const publishDenied = whyNot("publishJourneys");
  const reportsDenied = whyNot("readReports");

  const openPublish = () => {
    setLifecycleError(null);
    void flush().then((saved) => {
      if (saved) setPublishing(true);
      else setLifecycleError("The latest changes could not be saved: publish after they are.");
    });
  };

  const [starting, setStarting] = useState(false);
  const startNewVersion = () => {
    setLifecycleError(null);
    setStarting(true);
    newVersion(journey.name).then(onReload, (e: unknown) => {
      setStarting(false);
      setLifecycleError(toApiError(e).message);
    });
  };

  const fit = useCallback(
    () => void fitView({ duration: 200, maxZoom: 1, includeHiddenNodes: true, padding: fitPadding(minimap) }),
    [fitView, minimap],
  );
  const openHelp = useCallback(() => setHelpOpen(true), []);
  useCanvasShortcuts({ store, onHelp: openHelp, onFit: fit });

  const back = () => {
    setLeaving("saving");
    void flush().then((saved) => {
      if (saved) onBack();
      else setLeaving("unsaved");
    });
  };

  const runAutoLayout = () => {
    setLayout({ busy: true, error: null });
    const { nodes, edges } = store.getState();
    autoLayout({
      nodes: nodes.map((n) => ({ id: n.id, data: { ports: outputPorts(n.activity) } })),
      edges: edges.map((e) => ({ source: e.from, target: e.to })),
    }).then(
      (positions) => {
        store.getState().applyLayout(positions);
        setLayout({ busy: false, error: null });
        requestAnimationFrame(fit);
      },
      (e: unknown) => setLayout({ busy: false, error: toApiError(e).message }),
    );
  };

  const focusNode = (id: string) => {
    const s = store.getState();
    const node = s.nodes.find((n) => n.id === id);
    if (!node) return;
    s.select({ nodes: [id], edges: [] });
    const size = getInternalNode(id)?.measured;
    void setCenter(node.position.x + (size?.width ?? 0) / 2, node.position.y + (size?.height ?? NODE_HEIGHT) / 2, {
      zoom: 1.2,
      duration: 200,
    });
  };

  const closeTest = () => {
    setTestOpen(false);
    store.getState().setHighlight(null);
  };

  return (
    <JourneyHelpProvider value={help}>
      <CanvasToolbar
        name={journey.name}
        version={latestVersion(journey)?.version}
        onBack={back}
        backBusy={leaving === "saving"}
      >
        {state && (
          <span className={`badge badge-${state}`} data-testid="version-state" data-state={state}>
            {stateLabel(state)}
          </span>
        )}
        {readOnly ? (
          <>
            <span className="read-only-note" data-testid="read-only" role="note">
              {readOnlyReason}
            </span>
            {state !== undefined && state !== "draft" && (
              <GuardedButton
                reason={whyNot("manageJourneys")}
                className="button button-primary"
                data-testid="new-version"
                disabled={starting}
                aria-busy={starting}
                onClick={startNewVersion}
              >
                New version
              </GuardedButton>
            )}
          </>
        ) : (
          <>
            <SaveIndicator status={status} />
            <button type="button" className="button" data-testid="undo" onClick={() => store.getState().undo()} disabled={!canUndo}>
              Undo
            </button>
            <button type="button" className="button" data-testid="redo" onClick={() => store.getState().redo()} disabled={!canRedo}>
              Redo
            </button>
          </>
        )}
        <button
          type="button"
          className="button"
          data-testid="properties-toggle"
          aria-pressed={propertiesOpen}
          aria-controls={propertiesOpen ? propertiesPanelId : undefined}
          title="Description, tags, re-entrance, timeout, time zone, dates and data lookups"
          onClick={() => setPropertiesOpen(!propertiesOpen)}
        >
          Properties
        </button>
        <button
          type="button"
          className="button"
          data-testid="toggle-minimap"
          aria-pressed={minimap}
          onClick={() => setMinimap(!minimap)}
          title="The minimap costs frames on very large journeys; hide it to pan faster"
        >
          Minimap
        </button>
        <button
          type="button"
          className="button"
          data-testid="auto-layout"
          onClick={runAutoLayout}
          disabled={layout.busy || !hasNodes}
          aria-busy={layout.busy}
          title={readOnly ? "Rearranges the view only: nothing is saved while the canvas is read-only" : undefined}
        >
          Auto-layout
        </button>
        <GuardedButton
          reason={whyNot("simulate")}
          className="button"
          data-testid="test-toggle"
          aria-expanded={testOpen}
          aria-controls={testPanelId}
          onClick={() => (testOpen ? closeTest() : (setLiveOpen(false), setTestOpen(true)))}
        >
          Test
        </GuardedButton>
        <GuardedButton
          reason={reportsDenied}
          className="button"
          data-testid="live-toggle"
          aria-pressed={liveOpen}
          aria-controls={livePanelId}
          title="Show a runner's live figures on the canvas instead of the simulation's"
          onClick={() => {
            if (!liveOpen) closeTest();
            setLiveOpen(!liveOpen);
          }}
        >
          Live
        </GuardedButton>
        <GuardedButton
          reason={reportsDenied}
          className="button"
          data-testid="report-open"
          onClick={() => {
            const open = (runners: string[]) => {
              setReportRunners(runners);
              setReportOpen(true);
            };
            journeyRunners(journey.name).then(open, () => open([]));
          }}
        >
          Report
        </GuardedButton>
        {/* A draft can be published by a role that may not edit it (a publisher). */}
        {state === "draft" && (
          <>
            <GuardedButton
              reason={publishDenied}
              className="button button-primary"
              data-testid="publish"
              disabled={blocked !== null}
              aria-describedby={publishDenied === null && blocked !== null ? blockedId : undefined}
              onClick={openPublish}
            >
              Publish…
            </GuardedButton>
            {publishDenied === null && blocked !== null && (
              <span className="publish-blocked" id={blockedId} data-testid="publish-blocked">
                {blocked}
              </span>
            )}
          </>
        )}
        <button
          type="button"
          className="button"
          data-testid="versions-toggle"
          aria-expanded={versionsOpen}
          aria-controls={versionsPanelId}
          onClick={() => onVersionsOpen(!versionsOpen)}
        >
          Versions
        </button>
        {comparing && (
          <button type="button" className="button" data-testid="close-diff" onClick={() => setComparing(null)}>
            Close the diff
          </button>
        )}
        <button type="button" className="button" data-testid="help" aria-label="Keyboard shortcuts" onClick={openHelp}>
          ?
        </button>
      </CanvasToolbar>
      {layout.error && (
        <p className="error-banner" role="alert">
          Auto-layout failed: {layout.error}
        </p>
      )}
      {lifecycleError && (
        <p className="error-banner" role="alert" data-testid="lifecycle-note">
          {lifecycleError}
        </p>
      )}
      {catalogError && (
        <p className="warning-banner" role="status">
          Events and actions could not be listed ({catalogError}): their menus are empty.
        </p>
      )}
      {comparing ? (
        <DiffView key={`${comparing.from}-${comparing.to}`} journey={journey.name} from={comparing.from} to={comparing.to} />
      ) : (
      <div className="canvas-body">
        {!readOnly && <Palette />}
        <div className="canvas-flow" data-testid="canvas">
          <FlowPane readOnly={readOnly} minimap={minimap} />
        </div>
        <aside className="canvas-side">
          {propertiesOpen ? (
            <PropertiesPanel id={propertiesPanelId} readOnlyReason={readOnlyReason} />
          ) : (
            <Inspector readOnly={readOnly} />
          )}
          <ProblemsList onFocusNode={focusNode} note={validationError && `Live validation failed: ${validationError}`} />
        </aside>
      </div>
      )}
      {testOpen && <TestPanel id={testPanelId} flush={flush} />}
      {liveOpen && <LivePanel id={livePanelId} journey={journey.name} onClose={() => setLiveOpen(false)} />}
      {reportOpen && (
        <div className="report-overlay" role="dialog" aria-modal="true" aria-label={`Report of ${journey.name}`}>
          <ReportScreen
            journey={journey.name}
            runners={reportRunners}
            order={store.getState().nodes.map((n) => n.id)}
            onClose={() => setReportOpen(false)}
          />
        </div>
      )}
      {versionsOpen && (
        <VersionsPanel
          journey={journey.name}
          id={versionsPanelId}
          onChanged={onReload}
          onCompare={(from, to) => setComparing({ from, to })}
          flush={flush}
        />
      )}
      {publishing && (
        <PublishDialog
          journey={journey}
          onPublished={() => {
            setPublishing(false);
            onReload();
          }}
          onClose={() => setPublishing(false)}
        />
      )}
      {helpOpen && <HelpDialog onClose={() => setHelpOpen(false)} />}
      {leaving === "unsaved" && (
        <ConfirmDialog
          title="Leave with unsaved changes?"
          confirmLabel="Leave without saving"
          onConfirm={onBack}
          onClose={() => setLeaving(null)}
        >
          <p>Your latest changes could not be saved.</p>
          {status.state === "error" && <p>Save failed: {status.message}</p>}
        </ConfirmDialog>
      )}
    </JourneyHelpProvider>
  );
}
