// Validation as you type: a quarter of a second after the last edit (of the canvas or of
// the journey's properties), Rust validates the unsaved draft and its diagnostics replace
// those on screen (if the draft has not moved on meanwhile). All rules live in Rust; this
// only carries the answer.
import { useEffect, useState } from "react";

import { toApiError, validateDraft } from "../api";
import type { Journey } from "../bindings/Journey";
import { withDraft } from "./draft";
import type { DesignerStore } from "./store";

const VALIDATE_DELAY_MS = 250;

/** Returns why live validation failed, if its last attempt did. */
export function useDraftValidation(store: DesignerStore, base: Journey, enabled: boolean): string | null {
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!enabled) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let active = true;
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.nodes === prev.nodes && s.edges === prev.edges && s.settings === prev.settings) return;
      clearTimeout(timer);
      timer = setTimeout(() => {
        const { nodes, edges, settings } = store.getState();
        validateDraft(withDraft(base, nodes, edges, settings)).then(
          (diagnostics) => {
            if (!active) return;
            setError(null);
            store.getState().acceptDiagnostics(nodes, edges, diagnostics, settings);
          },
          (e: unknown) => {
            if (active) setError(toApiError(e).message);
          },
        );
      }, VALIDATE_DELAY_MS);
    });
    return () => {
      active = false;
      clearTimeout(timer);
      unsubscribe();
    };
  }, [store, base, enabled]);

  return error;
}
