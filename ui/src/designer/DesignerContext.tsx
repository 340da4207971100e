// Hands the open journey's store and the workspace catalog to the designer's components
// without threading props through the canvas. Components select the slice they need, so
// a keystroke re-renders only what reads the edited node.
import { createContext, useContext, type ReactNode } from "react";
import { useStore } from "zustand";

import type { CustomAction } from "../bindings/CustomAction";
import type { Event } from "../bindings/Event";
import type { DesignerState, DesignerStore } from "./store";

/** The events and actions of the workspace; `error` when they could not be listed. */
export type Catalog = { events: Event[]; actions: CustomAction[]; error: string | null };

export type Designer = { store: DesignerStore; catalog: Catalog; journey: string };

const DesignerContext = createContext<Designer | null>(null);

export function DesignerProvider({ value, children }: { value: Designer; children: ReactNode }) {
  return <DesignerContext.Provider value={value}>{children}</DesignerContext.Provider>;
}

function useDesignerContext(): Designer {
  const designer = useContext(DesignerContext);
  if (designer === null) throw new Error("designer components need a DesignerProvider");
  return designer;
}

export function useDesignerStore(): DesignerStore {
  return useDesignerContext().store;
}

export function useDesigner<T>(selector: (state: DesignerState) => T): T {
  return useStore(useDesignerContext().store, selector);
}

export function useCatalog(): Catalog {
  return useDesignerContext().catalog;
}

/** The name of the journey being edited. */
export function useJourneyName(): string {
  return useDesignerContext().journey;
}

export function useHistoryState(): { canUndo: boolean; canRedo: boolean } {
  const { temporal } = useDesignerStore();
  const canUndo = useStore(temporal, (t) => t.pastStates.length > 0);
  const canRedo = useStore(temporal, (t) => t.futureStates.length > 0);
  return { canUndo, canRedo };
}
