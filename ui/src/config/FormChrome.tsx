// The parts every configuration form shows around its inputs: title, check and save
// state, the Save button, save errors, and the problems summary beside the form.
import type { ReactNode, RefObject } from "react";

import type { ApiError } from "../api";
import type { Message } from "./diagnostics";
import { MessageSummary } from "./Messages";
import type { useConfigForm } from "./useConfigForm";

type FormState = ReturnType<typeof useConfigForm>;

const CHECK_TEXT: Record<FormState["checkState"], string> = {
  idle: "Checked as you type",
  checking: "Checking…",
  checked: "Checked",
  failed: "Could not check",
  blocked: "Not checked: fix the marked inputs",
};

const SAVE_TEXT: Record<FormState["saveState"], string> = {
  unchanged: "No changes",
  unsaved: "Unsaved changes",
  saving: "Saving…",
  saved: "Saved",
};

export function FormHeader({
  headingId,
  title,
  kind,
  form,
}: {
  headingId: string;
  title: string;
  kind: string;
  form: FormState;
}) {
  return (
    <div className="cfg-form-header">
      <h3 id={headingId}>{title}</h3>
      <p className="cfg-status" role="status" aria-live="polite">
        <span className={`cfg-check-${form.checkState}`} data-testid="check-status" data-state={form.checkState}>
          {CHECK_TEXT[form.checkState]}
        </span>
        <span className={`cfg-save-${form.saveState}`} data-testid="save-status" data-state={form.saveState}>
          {SAVE_TEXT[form.saveState]}
        </span>
      </p>
      <button type="submit" className="button cfg-primary" data-testid="form-save" disabled={form.saveState === "saving"}>
        Save {kind}
      </button>
      {form.renamed && (
        <p className="cfg-hint" data-testid="rename-note">
          Saving under a new name creates a new {kind}; the one you opened is kept.
        </p>
      )}
      {form.saveBlocked && (
        <p className="cfg-alert" role="alert" data-testid="save-blocked">
          Not saved: some inputs cannot be read yet. They are marked below.
        </p>
      )}
      {form.saveError && <ApiErrorAlert testId="save-error" prefix="Not saved" error={form.saveError} />}
      {form.checkError && <ApiErrorAlert testId="check-error" prefix="Could not check" error={form.checkError} />}
    </div>
  );
}

export function ApiErrorAlert({ error, prefix, testId }: { error: ApiError; prefix: string; testId: string }) {
  return (
    <p className="cfg-alert" role="alert" data-testid={testId} data-code={error.code}>
      {prefix}: <strong className="error-code">{error.code}</strong> {error.message}
    </p>
  );
}

/** The form body beside its problems summary and any side panel (payload preview). */
export function FormLayout({
  messages,
  formRef,
  describe,
  side,
  children,
}: {
  messages: readonly Message[];
  formRef: RefObject<HTMLFormElement | null>;
  describe: (path: string) => string;
  side?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="cfg-form-body">
      <div className="cfg-form-main">{children}</div>
      <aside className="cfg-form-side">
        <MessageSummary messages={messages} root={formRef} describe={describe} />
        {side}
      </aside>
    </div>
  );
}
