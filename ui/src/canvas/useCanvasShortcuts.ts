// The designer's keyboard shortcuts (see designer/shortcuts.ts). Keys typed into a field
// keep their usual meaning (the field's own undo, copy, Backspace), and an open dialog
// owns the keyboard.
import { useEffect } from "react";

import { readClipboard, writeClipboard } from "../designer/clipboard";
import { commandFor, type Command } from "../designer/shortcuts";
import type { DesignerStore } from "../designer/store";

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

function hasTextSelection(): boolean {
  const selection = window.getSelection();
  return selection !== null && !selection.isCollapsed;
}

export function useCanvasShortcuts({
  store,
  onHelp,
  onFit,
}: {
  store: DesignerStore;
  onHelp: () => void;
  onFit: () => void;
}) {
  useEffect(() => {
    const run = (command: Command): boolean => {
      const s = store.getState();
      switch (command) {
        case "undo":
          s.undo();
          return true;
        case "redo":
          s.redo();
          return true;
        case "copy": {
          // Copying text the user selected (a log line, a message) wins over nodes.
          if (hasTextSelection()) return false;
          const clip = s.copySelection();
          if (clip) writeClipboard(clip);
          return clip !== null;
        }
        case "paste": {
          const clip = readClipboard();
          if (clip) s.paste(clip);
          return clip !== null;
        }
        case "delete":
          s.deleteSelection();
          return true;
        case "selectAll":
          s.select({ nodes: s.nodes.map((n) => n.id), edges: [] });
          return true;
        case "fit":
          onFit();
          return true;
        case "help":
          onHelp();
          return true;
      }
    };
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || isTyping(e.target) || document.querySelector("dialog[open]")) return;
      const command = commandFor(e);
      if (command !== null && run(command)) e.preventDefault();
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [store, onHelp, onFit]);
}
