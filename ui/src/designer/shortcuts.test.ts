import { describe, expect, it } from "vitest";

import { commandFor, SHORTCUTS, type KeyPress } from "./shortcuts";

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe("commandFor", () => {
  it("maps undo and both redo chords, with Ctrl or Cmd", () => {
    expect(commandFor(press("z", { ctrlKey: true }))).toBe("undo");
    expect(commandFor(press("z", { metaKey: true }))).toBe("undo");
    expect(commandFor(press("Z", { ctrlKey: true, shiftKey: true }))).toBe("redo");
    expect(commandFor(press("y", { ctrlKey: true }))).toBe("redo");
  });

  it("maps clipboard, deletion, help and fit", () => {
    expect(commandFor(press("c", { ctrlKey: true }))).toBe("copy");
    expect(commandFor(press("v", { ctrlKey: true }))).toBe("paste");
    expect(commandFor(press("a", { ctrlKey: true }))).toBe("selectAll");
    expect(commandFor(press("Delete"))).toBe("delete");
    expect(commandFor(press("Backspace"))).toBe("delete");
    expect(commandFor(press("?", { shiftKey: true }))).toBe("help");
    expect(commandFor(press("f"))).toBe("fit");
  });

  it("ignores plain letters, Alt chords and unknown chords", () => {
    expect(commandFor(press("z"))).toBeNull();
    expect(commandFor(press("c"))).toBeNull();
    expect(commandFor(press("z", { ctrlKey: true, altKey: true }))).toBeNull();
    expect(commandFor(press("s", { ctrlKey: true }))).toBeNull();
    expect(commandFor(press("c", { ctrlKey: true, shiftKey: true }))).toBeNull();
  });
});

describe("SHORTCUTS", () => {
  it("documents every command", () => {
    const documented = new Set(SHORTCUTS.map((s) => s.command).filter(Boolean));
    expect([...documented].sort()).toEqual(["copy", "delete", "fit", "help", "paste", "redo", "selectAll", "undo"]);
  });
});
