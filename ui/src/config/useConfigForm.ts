// What the event and action forms share: validation as you type (check_* debounced on
// the object the form describes), saving, and the saved / unsaved state. The rules are
// Rust's: this hook only sends the object and shows what comes back.
import { useEffect, useMemo, useState } from "react";

import { toApiError, type ApiError } from "../api";
import type { Diagnostic } from "../bindings/Diagnostic";
import { fromDiagnostics, fromShapeProblems, type ShapeProblems } from "./diagnostics";
import { canonicalJson } from "./json";

/** Pause after the last keystroke before asking Rust to check the form. */
export const CHECK_DEBOUNCE_MS = 250;

type Checked = { key: string; diagnostics: Diagnostic[]; error: ApiError | null };

export type CheckState = "idle" | "checking" | "checked" | "failed" | "blocked";
export type SaveState = "unchanged" | "unsaved" | "saving" | "saved";

const NO_PROBLEMS: ShapeProblems = {};
const NO_DIAGNOSTICS: Diagnostic[] = [];

export type ConfigFormProps<T> = {
  /** The saved item to edit, or null for a new one. */
  initial: T | null;
  onSaved: (name: string) => void;
  onDirtyChange: (dirty: boolean) => void;
};

export function useConfigForm<T extends { name: string }>(options: {
  /** The object the form describes, or null while shape problems keep it from being built. */
  subject: T | null;
  /** The saved object the form opened, or null for a new one. */
  opened: T | null;
  check: (subject: T) => Promise<Diagnostic[]>;
  save: (subject: T) => Promise<Diagnostic[]>;
  onSaved: (name: string) => void;
  onDirtyChange: (dirty: boolean) => void;
  /** What keeps the form's input from being built (JSON that does not parse...), by path. */
  problems?: ShapeProblems;
}) {
  const { subject, opened, check, save, onSaved, onDirtyChange, problems = NO_PROBLEMS } = options;
  // Objects are compared by their JSON, what crosses IPC, with keys in one order: the
  // form rebuilds objects in its own key order, and a saved item must open unchanged.
  const key = subject === null ? null : canonicalJson(subject);
  const [openedKey] = useState(() => (opened === null ? null : canonicalJson(opened)));
  const [blankKey] = useState(key);
  // A blank new form has nothing to lose: it counts as unchanged until edited.
  const [savedKey, setSavedKey] = useState(openedKey ?? blankKey);
  const [savedHere, setSavedHere] = useState(false);
  const [savedName, setSavedName] = useState(opened?.name ?? null);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<ApiError | null>(null);
  const [blocked, setBlocked] = useState(false);
  const [checked, setChecked] = useState<Checked | null>(null);

  // A new item is checked once the user has typed something; a saved one at once.
  const checkEnabled = key !== null && (openedKey !== null || key !== blankKey);

  useEffect(() => {
    if (!checkEnabled || key === null) return;
    let current = true;
    const timer = setTimeout(() => {
      // The subject is rebuilt from its key so the effect depends on the key only.
      check(JSON.parse(key) as T).then(
        (diagnostics) => {
          if (current) setChecked({ key, diagnostics, error: null });
        },
        (e: unknown) => {
          if (current) setChecked((c) => ({ key, diagnostics: c?.diagnostics ?? [], error: toApiError(e) }));
        },
      );
    }, CHECK_DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [key, checkEnabled, check]);

  const dirty = key !== savedKey;
  useEffect(() => {
    onDirtyChange(dirty);
  }, [dirty, onDirtyChange]);

  const submit = async () => {
    setSaveError(null);
    if (subject === null || key === null) {
      setBlocked(true);
      return;
    }
    setBlocked(false);
    setSaving(true);
    try {
      const diagnostics = await save(subject);
      setChecked({ key, diagnostics, error: null });
      setSavedKey(key);
      setSavedHere(true);
      setSavedName(subject.name);
      onSaved(subject.name);
    } catch (e) {
      // Typed input stays as it is: the draft is untouched by a failed save.
      setSaveError(toApiError(e));
    } finally {
      setSaving(false);
    }
  };

  const checkState: CheckState =
    key === null
      ? "blocked"
      : !checkEnabled
        ? "idle"
        : checked?.key !== key
          ? "checking"
          : checked.error
            ? "failed"
            : "checked";
  const saveState: SaveState = saving ? "saving" : dirty ? "unsaved" : savedHere ? "saved" : "unchanged";

  const diagnostics = checked?.diagnostics ?? NO_DIAGNOSTICS;
  // Shape problems first, then Rust's diagnostics: what the form shows beside its fields.
  const messages = useMemo(() => [...fromShapeProblems(problems), ...fromDiagnostics(diagnostics)], [problems, diagnostics]);

  return {
    diagnostics,
    messages,
    checkError: checked?.error ?? null,
    checkState,
    saveState,
    saveError,
    /** Save was pressed while shape problems kept the object from being built. */
    saveBlocked: blocked && key === null,
    /** The name differs from the saved one: saving writes another item, the saved one stays. */
    renamed: savedName !== null && subject !== null && subject.name !== savedName,
    submit,
  };
}
