// The designer's keyboard shortcuts: one table drives both the key handler and the help
// overlay, so the overlay cannot drift from what the keys do.

export type Command = "undo" | "redo" | "copy" | "paste" | "delete" | "selectAll" | "fit" | "help";

export type KeyPress = { key: string; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean };

/** Shortcut rows for the help overlay; `command` is absent for pointer gestures React Flow handles. */
export const SHORTCUTS: readonly { keys: string; action: string; command?: Command }[] = [
  { keys: "Ctrl+Z", action: "Undo", command: "undo" },
  { keys: "Ctrl+Shift+Z or Ctrl+Y", action: "Redo", command: "redo" },
  { keys: "Ctrl+C", action: "Copy the selected activities", command: "copy" },
  { keys: "Ctrl+V", action: "Paste (also into another journey)", command: "paste" },
  { keys: "Delete or Backspace", action: "Delete the selected activities and connections", command: "delete" },
  { keys: "Ctrl+A", action: "Select every activity", command: "selectAll" },
  { keys: "F", action: "Zoom to fit", command: "fit" },
  { keys: "?", action: "Show this help", command: "help" },
  { keys: "Escape", action: "Close a dialog or the suggestions" },
  { keys: "Shift+click", action: "Add an activity or connection to the selection" },
  { keys: "Shift+drag", action: "Select with a box" },
  { keys: "Arrow keys", action: "Move the selected activities" },
  { keys: "Enter on a palette item", action: "Add that activity at the centre of the view" },
];

/** The command a key press asks for (Cmd counts as Ctrl on macOS), or null. */
export function commandFor(e: KeyPress): Command | null {
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key.toLowerCase();
  if (e.altKey) return null;
  if (mod) {
    if (key === "z") return e.shiftKey ? "redo" : "undo";
    if (key === "y" && !e.shiftKey) return "redo";
    if (e.shiftKey) return null;
    if (key === "c") return "copy";
    if (key === "v") return "paste";
    if (key === "a") return "selectAll";
    return null;
  }
  if (e.key === "Delete" || e.key === "Backspace") return "delete";
  if (e.key === "?") return "help";
  if (key === "f" && !e.shiftKey) return "fit";
  return null;
}
