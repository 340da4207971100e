// The Test event tab's "Test profile" menu: the person the test event comes from. The
// payload itself is filled by the caller (Rust's test_payload applies the profile).
import { useId } from "react";

import type { ApiError } from "../../api";
import type { TestProfile } from "../../bindings/TestProfile";
import type { Listing } from "../../useLoaded";

export const NO_PROFILE = "";

export function TestProfileSelect({
  list,
  value,
  busy,
  error,
  onChange,
  onRetry,
}: {
  list: Listing<TestProfile>;
  /** The chosen profile's name (one of `list`), or null for the event's example. */
  value: string | null;
  busy: boolean;
  /** Why the payload could not be filled from the profile. */
  error: ApiError | null;
  onChange: (name: string | null) => void;
  onRetry: () => void;
}) {
  const id = useId();
  const hintId = useId();
  const listErrorId = useId();
  const fillErrorId = useId();
  const profiles = list.status === "ready" ? list.items : [];
  const describedBy = [hintId, list.status === "error" ? listErrorId : undefined, error ? fillErrorId : undefined].filter(Boolean).join(" ");
  return (
    <div className="field">
      <label htmlFor={id}>Test profile</label>
      <select
        id={id}
        data-testid="test-profile"
        value={value ?? NO_PROFILE}
        aria-describedby={describedBy}
        aria-busy={busy || undefined}
        disabled={list.status === "loading"}
        onChange={(e) => onChange(e.target.value === NO_PROFILE ? null : e.target.value)}
      >
        <option value={NO_PROFILE}>None (the example)</option>
        {profiles.map((p) => (
          <option key={p.name} value={p.name}>
            {p.name}
          </option>
        ))}
      </select>
      <p id={hintId} className="hint">
        {busy
          ? "Filling the payload…"
          : "The event comes from this person: their profile id and field values go into the payload. Add profiles in the Test data tab."}
      </p>
      {list.status === "error" && (
        <p id={listErrorId} className="field-error field-error-error" role="alert" data-testid="test-profiles-error">
          Test profiles could not be listed: <strong className="error-code">{list.error.code}</strong> {list.error.message}{" "}
          <button type="button" className="button button-small" onClick={onRetry}>
            Retry
          </button>
        </p>
      )}
      {error && (
        <p id={fillErrorId} className="field-error field-error-error" role="alert" data-testid="test-profile-error" data-code={error.code}>
          The payload could not be filled from the profile: <strong className="error-code">{error.code}</strong> {error.message}
        </p>
      )}
    </div>
  );
}
