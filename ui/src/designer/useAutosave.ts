// Saves the draft on every change (debounced, one save at a time, newest wins) and
// feeds the diagnostics Rust returns back into the store. Also asks the browser to
// warn before the window closes on unsaved edits.
import { useEffect, useState } from "react";

import { saveJourney, toApiError } from "../api";
import type { Edge } from "../bindings/Edge";
import type { Journey } from "../bindings/Journey";
import type { Node } from "../bindings/Node";
import { createAutosave, type SaveStatus } from "./autosave";
import { withDraft, type Settings } from "./draft";
import type { DesignerStore } from "./store";

const AUTOSAVE_DELAY_MS = 600;

export function useAutosave(store: DesignerStore, base: Journey, enabled: boolean) {
  const [status, setStatus] = useState<SaveStatus>({ state: "saved" });
  const [autosave] = useState(() =>
    createAutosave<{ nodes: Node[]; edges: Edge[]; settings: Settings }>({
      save: async ({ nodes, edges, settings }) => {
        const diagnostics = await saveJourney(withDraft(base, nodes, edges, settings));
        store.getState().acceptDiagnostics(nodes, edges, diagnostics, settings);
      },
      delayMs: AUTOSAVE_DELAY_MS,
      onStatus: setStatus,
      describe: (e) => toApiError(e).message,
    }),
  );

  useEffect(() => {
    if (!enabled) return;
    return store.subscribe((s, prev) => {
      if (s.nodes !== prev.nodes || s.edges !== prev.edges || s.settings !== prev.settings) {
        autosave.schedule({ nodes: s.nodes, edges: s.edges, settings: s.settings });
      }
    });
  }, [store, autosave, enabled]);

  const unsaved = status.state !== "saved";
  useEffect(() => {
    if (!unsaved) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [unsaved]);

  return { status, flush: autosave.flush };
}
