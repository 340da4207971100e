// An ApiError shown where it happened: its stable code and its message.
import type { ApiError } from "../../api";

export function ApiErrorNote({ error, prefix, testId }: { error: ApiError; prefix: string; testId: string }) {
  return (
    <p className="an-error" role="alert" data-testid={testId} data-code={error.code}>
      {prefix}: <strong className="an-error-code">{error.code}</strong> {error.message}
    </p>
  );
}
