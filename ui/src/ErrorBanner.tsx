// An API error as the user sees it: its stable code, its message, and a retry.
import type { ApiError } from "./api";

export function ErrorBanner({
  error,
  onRetry,
  testId = "error-banner",
}: {
  error: ApiError;
  onRetry: () => void;
  testId?: string;
}) {
  return (
    <div className="error-banner" role="alert" data-testid={testId}>
      <p>
        <strong className="error-code">{error.code}</strong>: {error.message}
      </p>
      <button type="button" className="button" onClick={onRetry}>
        Retry
      </button>
    </div>
  );
}
