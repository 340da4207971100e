// The parts every configuration form shows around its inputs: the <form> that saves on
// submit, title, check and save state, the Save button, save errors, the problems
// summary beside the form, and the General section (name and description). Without the
// right to manage configurations the inputs are disabled (one fieldset), Save is guarded
// and a note at the top says why.
import { useId, useMemo, useRef, type ReactNode, type RefObject } from "react";

import { useAccess } from "../access/currentUser";
import { GuardedButton, PermissionNote } from "../access/Guarded";
import type { ApiError } from "../api";
import { indexByPath, type Message } from "./diagnostics";
import { FormRow, MessagesProvider, MessageSummary } from "./Messages";
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
  readOnlyReason = null,
}: {
  headingId: string;
  title: string;
  kind: string;
  form: FormState;
  /** Why this person may not save it; null when they may. */
  readOnlyReason?: string | null;
}) {
  return (
    <div className="cfg-form-header">
      <h3 id={headingId}>{title}</h3>
      <p className="cfg-status" role="status" aria-live="polite">
        <span className={`cfg-check-${form.checkState}`} data-testid="check-status" data-state={form.checkState}>
          {CHECK_TEXT[form.checkState]}
        </span>
        {readOnlyReason === null ? (
          <span className={`cfg-save-${form.saveState}`} data-testid="save-status" data-state={form.saveState}>
            {SAVE_TEXT[form.saveState]}
          </span>
        ) : (
          <span data-testid="save-status" data-state="readOnly">
            Read-only
          </span>
        )}
      </p>
      <GuardedButton
        reason={readOnlyReason}
        type="submit"
        className="button button-primary"
        data-testid="form-save"
        disabled={form.saveState === "saving"}
      >
        Save {kind}
      </GuardedButton>
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

/**
 * A configuration form: saves on submit, shows each message by its input, and lays out
 * the header, the inputs (`children`) and the problems summary.
 */
export function ConfigFormFrame({
  testId,
  title,
  kind,
  form,
  messages,
  describe,
  side,
  children,
}: {
  testId: string;
  title: string;
  kind: string;
  form: FormState;
  messages: readonly Message[];
  describe: (path: string) => string;
  side?: ReactNode;
  children: ReactNode;
}) {
  const formRef = useRef<HTMLFormElement>(null);
  const headingId = useId();
  const noteId = useId();
  const index = useMemo(() => indexByPath(messages), [messages]);
  const readOnlyReason = useAccess().whyNot("manageConfigurations");
  const readOnly = readOnlyReason !== null;
  return (
    <form
      ref={formRef}
      aria-labelledby={headingId}
      aria-describedby={readOnly ? noteId : undefined}
      data-testid={testId}
      data-read-only={readOnly || undefined}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!readOnly) void form.submit();
      }}
    >
      <MessagesProvider index={index}>
        <FormHeader headingId={headingId} title={title} kind={kind} form={form} readOnlyReason={readOnlyReason} />
        <PermissionNote reason={readOnlyReason && `Read-only. ${readOnlyReason}.`} id={noteId} testId="form-read-only" />
        <FormLayout messages={messages} formRef={formRef} describe={describe} side={side}>
          {/* One disabled fieldset makes every input, secret and test request read-only. */}
          <fieldset className="cfg-lock" disabled={readOnly} title={readOnlyReason ?? undefined} aria-describedby={readOnly ? noteId : undefined}>
            {children}
          </fieldset>
        </FormLayout>
      </MessagesProvider>
    </form>
  );
}

/** The General section: name (`nameHint` says how expressions read it) and description. */
export function GeneralSection({
  name,
  description,
  nameHint,
  onChange,
}: {
  name: string;
  description: string;
  nameHint: ReactNode;
  onChange: (patch: { name: string } | { description: string }) => void;
}) {
  return (
    <fieldset className="cfg-section">
      <legend>General</legend>
      <FormRow label="Name" path="name" hint={nameHint}>
        {(p) => (
          <input {...p} className="cfg-input" value={name} autoComplete="off" spellCheck={false} data-testid="form-name" onChange={(e) => onChange({ name: e.target.value })} />
        )}
      </FormRow>
      <FormRow label="Description" path="description">
        {(p) => (
          <input {...p} className="cfg-input" value={description} data-testid="form-description" onChange={(e) => onChange({ description: e.target.value })} />
        )}
      </FormRow>
    </fieldset>
  );
}
