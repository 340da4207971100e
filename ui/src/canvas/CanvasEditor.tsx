// The designer page for one journey: toolbar, palette, canvas, inspector and problems,
// the test panel and the help overlay, wired to the journey's store, autosave and live
// validation.
import { useReactFlow } from "@xyflow/react";
import { useCallback, useId, useState } from "react";

import { useMinimapSetting } from "./useMinimapSetting";

import { toApiError } from "../api";
import type { Journey } from "../bindings/Journey";
import { ConfirmDialog } from "../ConfirmDialog";
import { useDesigner, useDesignerStore, useHistoryState } from "../designer/DesignerContext";
import { HelpDialog } from "../designer/HelpDialog";
import { Inspector } from "../designer/inspector/Inspector";
import { Palette } from "../designer/Palette";
import { ProblemsList } from "../designer/ProblemsList";
import { SaveIndicator } from "../designer/SaveIndicator";
import { TestPanel } from "../designer/TestPanel";
import { useAutosave } from "../designer/useAutosave";
import { useDraftValidation } from "../designer/useDraftValidation";
import { CanvasToolbar } from "./CanvasToolbar";
import { FlowPane } from "./FlowPane";
import { autoLayout, latestVersion, NODE_HEIGHT, outputPorts } from "./mapping";
import { useCanvasShortcuts } from "./useCanvasShortcuts";

/** Back waits for the pending save; if it fails, the user chooses to stay or leave. */
type Leaving = "saving" | "unsaved" | null;

export function CanvasEditor({
  journey,
  readOnlyReason,
  catalogError,
  onBack,
}: {
  journey: Journey;
  readOnlyReason: string | null;
  catalogError: string | null;
  onBack: () => void;
}) {
  const store = useDesignerStore();
  const readOnly = readOnlyReason !== null;
  const { status, flush } = useAutosave(store, journey, !readOnly);
  const validationError = useDraftValidation(store, journey, !readOnly);
  const { canUndo, canRedo } = useHistoryState();
  const hasNodes = useDesigner((s) => s.nodes.length > 0);
  const { fitView, setCenter, getInternalNode } = useReactFlow();
  const [testOpen, setTestOpen] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);
  const [minimap, setMinimap] = useMinimapSetting();
  const [leaving, setLeaving] = useState<Leaving>(null);
  const [layout, setLayout] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const testPanelId = useId();

  const fit = useCallback(() => void fitView({ duration: 200, maxZoom: 1, includeHiddenNodes: true }), [fitView]);
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
    <>
      <CanvasToolbar
        name={journey.name}
        version={latestVersion(journey)?.version}
        onBack={back}
        backBusy={leaving === "saving"}
      >
        {readOnly ? (
          <span className="read-only-note" data-testid="read-only" role="note">
            {readOnlyReason}
          </span>
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
          title={readOnly ? "Rearranges the view only: a published version is not saved" : undefined}
        >
          Auto-layout
        </button>
        <button
          type="button"
          className="button"
          data-testid="test-toggle"
          aria-expanded={testOpen}
          aria-controls={testPanelId}
          onClick={() => (testOpen ? closeTest() : setTestOpen(true))}
        >
          Test
        </button>
        <button type="button" className="button" data-testid="help" aria-label="Keyboard shortcuts" onClick={openHelp}>
          ?
        </button>
      </CanvasToolbar>
      {layout.error && (
        <p className="error-banner" role="alert">
          Auto-layout failed: {layout.error}
        </p>
      )}
      {catalogError && (
        <p className="warning-banner" role="status">
          Events and actions could not be listed ({catalogError}): their menus are empty.
        </p>
      )}
      <div className="canvas-body">
        {!readOnly && <Palette />}
        <div className="canvas-flow" data-testid="canvas">
          <FlowPane readOnly={readOnly} minimap={minimap} />
        </div>
        <aside className="canvas-side">
          <Inspector readOnly={readOnly} />
          <ProblemsList onFocusNode={focusNode} note={validationError && `Live validation failed: ${validationError}`} />
        </aside>
      </div>
      {testOpen && <TestPanel id={testPanelId} flush={flush} />}
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
    </>
  );
}
