// What expression editors offer, as Rust answers it (`journey_help`): per activity the
// fields in scope with their types, and the functions with their signatures. Asked for
// the draft when the designer opens and a moment after each edit, never blocking typing;
// the last answer stays on screen while a newer one is on its way.
import { createContext, useContext, useEffect, useState } from "react";

import { journeyHelp } from "../api";
import type { FunctionHelp } from "../bindings/FunctionHelp";
import type { Journey } from "../bindings/Journey";
import type { JourneyHelp } from "../bindings/JourneyHelp";
import type { NodeScope } from "../bindings/NodeScope";
import { withDraft } from "./draft";
import type { DesignerStore } from "./store";

const HELP_DELAY_MS = 300;

/** The latest answer for the draft, or null until the first one arrives (or if it failed). */
export function useJourneyHelp(store: DesignerStore, base: Journey): JourneyHelp | null {
  const [help, setHelp] = useState<JourneyHelp | null>(null);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Answers can overtake each other: only the one for the latest request is kept.
    let asked = 0;
    let active = true;
    const ask = () => {
      const request = ++asked;
      const { nodes, edges, settings } = store.getState();
      journeyHelp(withDraft(base, nodes, edges, settings)).then(
        (answer) => {
          if (active && request === asked) setHelp(answer);
        },
        // A failed answer keeps the previous one: the editors still work, with less help.
        () => {},
      );
    };
    ask();
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.nodes === prev.nodes && s.edges === prev.edges && s.settings === prev.settings) return;
      clearTimeout(timer);
      timer = setTimeout(ask, HELP_DELAY_MS);
    });
    return () => {
      active = false;
      clearTimeout(timer);
      unsubscribe();
    };
  }, [store, base]);

  return help;
}

const JourneyHelpContext = createContext<JourneyHelp | null>(null);

export const JourneyHelpProvider = JourneyHelpContext.Provider;

/** The open journey's help, or null outside the designer or before the first answer. */
export function useJourneyHelpAnswer(): JourneyHelp | null {
  return useContext(JourneyHelpContext);
}

/** What Rust says is in scope at `nodeId`; undefined when it has not answered for that node yet. */
export function useNodeScope(nodeId: string | undefined): NodeScope | undefined {
  const help = useJourneyHelpAnswer();
  return nodeId === undefined ? undefined : help?.nodes.find((n) => n.node === nodeId);
}

const FunctionsContext = createContext<readonly FunctionHelp[] | null>(null);

/** Gives the expression editors below a list of functions (the event form's own). */
export const FunctionsProvider = FunctionsContext.Provider;

const NO_FUNCTIONS: readonly FunctionHelp[] = [];

/** The functions expressions may call: a FunctionsProvider's, else the journey help's. */
export function useFunctions(): readonly FunctionHelp[] {
  const given = useContext(FunctionsContext);
  const help = useJourneyHelpAnswer();
  return given ?? help?.functions ?? NO_FUNCTIONS;
}

// The function table does not depend on any journey: asked once (with an empty journey)
// for the screens outside the designer, and shared.
let functionList: Promise<FunctionHelp[]> | null = null;

function loadFunctionList(): Promise<FunctionHelp[]> {
  functionList ??= journeyHelp({ name: "", description: "", versions: [] }).then(
    (help) => help.functions,
    (e: unknown) => {
      functionList = null; // asked again next time
      throw e;
    },
  );
  return functionList;
}

/** The expression functions for an editor outside the designer; empty until they arrive. */
export function useFunctionList(): readonly FunctionHelp[] {
  const [functions, setFunctions] = useState<readonly FunctionHelp[]>(NO_FUNCTIONS);
  useEffect(() => {
    let active = true;
    loadFunctionList().then(
      (list) => {
        if (active) setFunctions(list);
      },
      () => {},
    );
    return () => {
      active = false;
    };
  }, []);
  return functions;
}
