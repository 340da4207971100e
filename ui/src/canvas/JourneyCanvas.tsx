// Opens one journey in the designer: loads it with its diagnostics and the workspace's
// events and actions, then hands a fresh store (its own undo history) to the editor.
// The canvas is read-only for a published version, and for a role that may not manage
// journeys (the user is known before the store is made: read-only is fixed with it).
import { ReactFlowProvider } from "@xyflow/react";
import { useEffect, useState } from "react";

import { loadCurrentUser } from "../access/currentUser";
import { accessOf } from "../access/permissions";
import { getJourney, listActions, listEvents, toApiError, validateJourney, type ApiError } from "../api";
import type { Journey } from "../bindings/Journey";
import { DesignerProvider, type Catalog, type Designer } from "../designer/DesignerContext";
import { openDraft } from "../designer/draft";
import { createDesignerStore } from "../designer/store";
import { ErrorBanner } from "../ErrorBanner";
import { CanvasEditor } from "./CanvasEditor";
import { CanvasToolbar } from "./CanvasToolbar";

// `designer` is built once per load: a new context value would re-render every consumer.
type Loaded = {
  journey: Journey;
  designer: Designer;
  readOnlyReason: string | null;
  catalogError: string | null;
  /** Which load this is: the editor starts afresh (new store, autosave) with each. */
  loadId: number;
};

type LoadState = { kind: "loading" } | { kind: "error"; error: ApiError } | { kind: "ready"; loaded: Loaded };

/** The catalog only fills menus: when it cannot be listed, the journey still opens. */
async function loadCatalog(): Promise<Catalog> {
  try {
    const [events, actions] = await Promise.all([listEvents(), listActions()]);
    return { events, actions, error: null };
  } catch (e) {
    return { events: [], actions: [], error: toApiError(e).message };
  }
}

export default function JourneyCanvas({ name, onBack }: { name: string; onBack: () => void }) {
  const [state, setState] = useState<LoadState>({ kind: "loading" });
  const [attempt, setAttempt] = useState(0);
  const [versionsOpen, setVersionsOpen] = useState(false);

  useEffect(() => {
    let cancelled = false;
    Promise.all([getJourney(name), validateJourney(name), loadCatalog(), loadCurrentUser()]).then(
      ([journey, diagnostics, catalog, user]) => {
        if (cancelled) return;
        const draft = openDraft(journey);
        const readOnlyReason = draft.readOnlyReason ?? accessOf(user).whyNot("manageJourneys");
        const store = createDesignerStore({
          nodes: draft.nodes,
          edges: draft.edges,
          settings: draft.settings,
          readOnly: readOnlyReason !== null,
          diagnostics,
        });
        setState({
          kind: "ready",
          loaded: {
            journey,
            designer: { store, catalog, journey: journey.name },
            readOnlyReason,
            catalogError: catalog.error,
            loadId: attempt,
          },
        });
      },
      (e: unknown) => {
        if (!cancelled) setState({ kind: "error", error: toApiError(e) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [name, attempt]);

  const retry = () => {
    setState({ kind: "loading" });
    setAttempt((n) => n + 1);
  };

  return (
    <ReactFlowProvider>
      <div className="canvas-page">
        {state.kind === "ready" ? (
          <DesignerProvider value={state.loaded.designer}>
            <CanvasEditor
              key={state.loaded.loadId}
              versionsOpen={versionsOpen}
              onVersionsOpen={setVersionsOpen}
              journey={state.loaded.journey}
              readOnlyReason={state.loaded.readOnlyReason}
              catalogError={state.loaded.catalogError}
              onBack={onBack}
              onReload={() => setAttempt((n) => n + 1)}
            />
          </DesignerProvider>
        ) : (
          <>
            <CanvasToolbar name={name} onBack={onBack} />
            {state.kind === "loading" && (
              <p className="loading" role="status" aria-live="polite">
                Loading journey…
              </p>
            )}
            {state.kind === "error" && <ErrorBanner error={state.error} onRetry={retry} />}
          </>
        )}
      </div>
    </ReactFlowProvider>
  );
}
