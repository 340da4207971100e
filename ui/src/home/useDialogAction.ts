// The busy / error state of a dialog that runs one API call: `run` starts it (also the
// retry), a failure shows in the dialog with everything typed kept, and success hands
// the result to `done`. Shared by the new, duplicate and delete journey dialogs.
import { useState, type FormEvent } from "react";

import { toApiError, type ApiError } from "../api";

export function useDialogAction<T>(call: () => Promise<T>, done: (result: T) => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const run = (e?: FormEvent) => {
    e?.preventDefault();
    setBusy(true);
    setError(null);
    call().then(done, (err: unknown) => {
      setBusy(false);
      setError(toApiError(err));
    });
  };

  return { busy, error, run };
}
