// Whether the canvas shows its minimap: on unless the user hid it, remembered across
// journeys and restarts (localStorage, a view preference, not workspace data).
import { useCallback, useState } from "react";

const KEY = "parcours.minimap";

export function readMinimapSetting(storage: Pick<Storage, "getItem"> | undefined): boolean {
  try {
    return storage?.getItem(KEY) !== "hidden";
  } catch {
    return true;
  }
}

export function useMinimapSetting(): [boolean, (shown: boolean) => void] {
  const [shown, setShown] = useState(() => readMinimapSetting(globalThis.localStorage));
  const set = useCallback((next: boolean) => {
    setShown(next);
    try {
      globalThis.localStorage?.setItem(KEY, next ? "shown" : "hidden");
    } catch {
      // A storage that refuses writes (private mode) only loses the preference.
    }
  }, []);
  return [shown, set];
}
