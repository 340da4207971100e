// The home's first-run hint: shown on a workspace nobody has started working in yet, until
// it is dismissed or someone opens a journey or a configuration. Remembered on this machine
// (localStorage, a view preference, not workspace data), like the minimap setting.

const KEY = "parcours.firstRunHint";

type Store = Pick<Storage, "getItem" | "setItem">;

export function firstRunHintShown(storage: Store | undefined): boolean {
  try {
    return storage?.getItem(KEY) !== "done";
  } catch {
    return true;
  }
}

/** The hint has done its job: dismissed, or the user found where to start. */
export function firstRunHintDone(storage: Store | undefined): void {
  try {
    storage?.setItem(KEY, "done");
  } catch {
    // A storage that refuses writes (private mode) only shows the hint again next time.
  }
}
