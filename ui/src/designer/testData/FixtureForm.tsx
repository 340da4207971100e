// The fixture form: how one action or data source field group answers in test mode.
// Responses are tried in order (condition over `request`, status, body, latency), then
// the fixture's own latency and error and timeout rates. Checked by Rust as you type
// (check_fixture), saved with save_fixture, which refuses a fixture with errors.
import { useMemo, useState } from "react";

import { checkFixture, saveFixture } from "../../api";
import type { Fixture } from "../../bindings/Fixture";
import type { FixtureTarget } from "../../bindings/FixtureTarget";
import { ConfigFormFrame } from "../../config/FormChrome";
import { nextKey } from "../../config/keys";
import { FormRow, MessageList, useMessages } from "../../config/Messages";
import { useConfigForm } from "../../config/useConfigForm";
import {
  describeFixturePath,
  draftFromFixture,
  fixtureFromDraft,
  newFixtureDraft,
  withResponse,
  withResponseAdded,
  withResponseRemoved,
  type FixtureDraft,
  type ResponseDraft,
} from "./fixtureDraft";
import { targetKey, targetLabel } from "./targets";

/** useConfigForm keys what it edits by name: a fixture's is its target. */
type Subject = { name: string; fixture: Fixture };
const check = (s: Subject) => checkFixture(s.fixture);
const save = (s: Subject) => saveFixture(s.fixture);

export function FixtureForm({
  target,
  initial,
  example,
  onSaved,
  onDirtyChange,
  onRemove,
}: {
  target: FixtureTarget;
  /** The saved fixture, or null to set one up. */
  initial: Fixture | null;
  /** The configured response example a new fixture starts from. */
  example: unknown;
  onSaved: () => void;
  onDirtyChange: (dirty: boolean) => void;
  /** Asks to remove the saved fixture; absent when none is saved. */
  onRemove?: () => void;
}) {
  const [draft, setDraft] = useState<FixtureDraft>(() =>
    initial ? draftFromFixture(initial, nextKey) : newFixtureDraft(target, example, nextKey),
  );
  const built = useMemo(() => fixtureFromDraft(draft), [draft]);
  const name = targetKey(target);
  const form = useConfigForm<Subject>({
    subject: built.ok ? { name, fixture: built.value } : null,
    problems: built.ok ? undefined : built.problems,
    opened: initial ? { name, fixture: initial } : null,
    check,
    save,
    onSaved,
    onDirtyChange,
  });
  const { messages } = form;
  const set = (patch: Partial<FixtureDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const label = targetLabel(target);

  return (
    <ConfigFormFrame
      testId="fixture-form"
      title={`Fixture: ${label}`}
      kind="fixture"
      form={form}
      messages={messages}
      describe={(path) => describeFixturePath(path, target)}
    >
      <TargetSection label={label} onRemove={onRemove} />
      <fieldset className="cfg-section">
        <legend>Responses</legend>
        <p className="cfg-hint">
          Tried in order: the first whose condition holds, or that has none, answers. Leave the condition empty to
          answer every call.
        </p>
        {draft.responses.length === 0 ? (
          <p className="cfg-empty">No responses: add one, or the calls get no answer.</p>
        ) : (
          <ol className="td-responses">
            {draft.responses.map((r, i) => (
              <ResponseCard
                key={r.key}
                index={i}
                response={r}
                onChange={(patch) => setDraft((d) => withResponse(d, i, patch))}
                onRemove={() => setDraft((d) => withResponseRemoved(d, i))}
              />
            ))}
          </ol>
        )}
        <button type="button" className="button td-add" data-testid="response-add" onClick={() => setDraft((d) => withResponseAdded(d, nextKey()))}>
          Add response
        </button>
      </fieldset>
      <fieldset className="cfg-section">
        <legend>Delays and failures</legend>
        <div className="cfg-inline-rows">
          <FormRow label="Latency (ms)" path="latencyMs" hint="Added to every response's latency.">
            {(p) => (
              <input {...p} className="cfg-input cfg-number" inputMode="numeric" value={draft.latencyText} data-testid="fixture-latency" onChange={(e) => set({ latencyText: e.target.value })} />
            )}
          </FormRow>
          <FormRow label="Error rate (0 to 1)" path="errorRate" hint="Share of calls answered 500 instead: 0.05 is 5 %.">
            {(p) => (
              <input {...p} className="cfg-input cfg-number" inputMode="decimal" value={draft.errorRateText} data-testid="fixture-error-rate" onChange={(e) => set({ errorRateText: e.target.value })} />
            )}
          </FormRow>
          <FormRow label="Timeout rate (0 to 1)" path="timeoutRate" hint="Share of calls that time out.">
            {(p) => (
              <input {...p} className="cfg-input cfg-number" inputMode="decimal" value={draft.timeoutRateText} data-testid="fixture-timeout-rate" onChange={(e) => set({ timeoutRateText: e.target.value })} />
            )}
          </FormRow>
        </div>
      </fieldset>
    </ConfigFormFrame>
  );
}

/** What the fixture answers, Rust's messages about it (it no longer exists…), and Remove. */
function TargetSection({ label, onRemove }: { label: string; onRemove?: () => void }) {
  const name = useMessages("target.name");
  const source = useMessages("target.source");
  const group = useMessages("target.group");
  return (
    <div className="td-target">
      <p>
        Answers for <strong data-diag-path="target" tabIndex={-1}>{label}</strong> in test mode, instead of its configured
        example.
      </p>
      {onRemove && (
        <button type="button" className="button cfg-danger" data-testid="fixture-remove" onClick={onRemove}>
          Remove fixture
        </button>
      )}
      <MessageList m={name} />
      <MessageList m={source} />
      <MessageList m={group} />
    </div>
  );
}

function ResponseCard({
  index,
  response,
  onChange,
  onRemove,
}: {
  index: number;
  response: ResponseDraft;
  onChange: (patch: Partial<Omit<ResponseDraft, "key">>) => void;
  onRemove: () => void;
}) {
  const at = `responses.${index}`;
  const name = `Response ${index + 1}`;
  return (
    <li className="td-response" data-testid="fixture-response" data-index={index}>
      <fieldset className="cfg-subsection">
        <legend>{name}</legend>
        <FormRow
          label="When (condition, optional)"
          path={`${at}.when`}
          hint={
            <>
              An expression over <code>request</code>, such as <code>request.body.cartId == "c-1"</code> or{" "}
              <code>request.params.cartId == "c-1"</code>.
            </>
          }
        >
          {(p) => (
            <input {...p} className="cfg-input cfg-code" value={response.when} spellCheck={false} autoComplete="off" data-testid="response-when" onChange={(e) => onChange({ when: e.target.value })} />
          )}
        </FormRow>
        <div className="cfg-inline-rows">
          <FormRow label="Status" path={`${at}.status`}>
            {(p) => (
              <input {...p} className="cfg-input cfg-number" inputMode="numeric" value={response.status} data-testid="response-status" onChange={(e) => onChange({ status: e.target.value })} />
            )}
          </FormRow>
          <FormRow label="Latency (ms, optional)" path={`${at}.latencyMs`}>
            {(p) => (
              <input {...p} className="cfg-input cfg-number" inputMode="numeric" value={response.latencyText} data-testid="response-latency" onChange={(e) => onChange({ latencyText: e.target.value })} />
            )}
          </FormRow>
        </div>
        <FormRow label="Body (JSON)" path={`${at}.body`}>
          {(p) => (
            <textarea {...p} className="cfg-input cfg-code" rows={4} spellCheck={false} value={response.bodyText} data-testid="response-body" onChange={(e) => onChange({ bodyText: e.target.value })} />
          )}
        </FormRow>
        <button type="button" className="button cfg-quiet td-remove" aria-label={`Remove ${name.toLowerCase()}`} data-testid="response-remove" onClick={onRemove}>
          Remove
        </button>
      </fieldset>
    </li>
  );
}
