// The pushes of one journey (or of all, with null), loaded like every other list
// (useLoaded) and loaded again whenever the sender says a delivery round is over
// (`pushes-changed`). Where events cannot be listened to, the list still loads once.
import { useCallback, useEffect } from "react";

import { listPushes, onPushesChanged } from "../api";
import type { PushInfo } from "../bindings/PushInfo";
import { useLoaded, type Loaded } from "../useLoaded";

export function usePushes(journey: string | null): { state: Loaded<PushInfo[]>; reload: () => void } {
  const load = useCallback(() => listPushes(journey), [journey]);
  const { state, reload } = useLoaded(load);
  useEffect(() => {
    let current = true;
    let stop: (() => void) | null = null;
    onPushesChanged(reload).then(
      (unlisten) => {
        if (current) stop = unlisten;
        else unlisten();
      },
      // No event plugin (a test page, a window closing): the states show as loaded.
      () => {},
    );
    return () => {
      current = false;
      stop?.();
    };
  }, [reload]);
  return { state, reload };
}
