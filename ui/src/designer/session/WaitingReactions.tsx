// The people a step-through session has waiting in a reaction, and the event a tester
// sends for one of them: at a virtual time (not before the clock; the timeout shown so
// it can be before or after it), with a payload edited in the schema form. Rust puts the
// person's id in the payload and queues the event; stepping then lights the path taken.
import { useId, useMemo, useState } from "react";

import type { Event } from "../../bindings/Event";
import type { SessionView } from "../../bindings/SessionView";
import type { WaitingReaction } from "../../bindings/WaitingReaction";
import { examplePayload } from "../../config/fieldTree";
import { PayloadEditor } from "../testForm/PayloadEditor";
import { payloadErrors, type PayloadError } from "../testForm/payloadErrors";
import { payloadText, readPayloadText } from "../testForm/schemaForm";
import { parseSendAt, pathNote } from "./reactionSend";
import type { StepSession } from "./useStepSession";

const keyOf = (w: WaitingReaction) => `${w.journey}|${w.node}|${w.person}`;

export function WaitingReactions({ session, view, events }: { session: StepSession; view: SessionView; events: readonly Event[] }) {
  const headingId = useId();
  const [chosen, setChosen] = useState<string | null>(null);
  const picked = view.waiting.find((w) => keyOf(w) === chosen) ?? null;

  return (
    <section className="waiting-reactions" aria-labelledby={headingId} data-testid="waiting-reactions">
      <h4 id={headingId}>Waiting in a reaction</h4>
      {view.waiting.length === 0 ? (
        <p className="hint">Nobody is waiting for an event now.</p>
      ) : (
        <ul className="waiting-list" aria-label="People waiting">
          {view.waiting.map((w) => (
            <li key={keyOf(w)}>
              <label className="waiting-choice" data-testid="waiting-reaction" data-person={w.person} data-node={w.node}>
                <input type="radio" name={headingId} checked={keyOf(w) === chosen} onChange={() => setChosen(keyOf(w))} />
                <span>
                  <strong>{w.person}</strong> at <code>{w.node}</code> waits for <code>{w.event}</code>
                  <span className="hint">
                    {" "}
                    · times out <time dateTime={w.timeoutAt}>{w.timeoutAt}</time>
                  </span>
                </span>
              </label>
            </li>
          ))}
        </ul>
      )}
      {picked && (
        <ReactionSender
          key={keyOf(picked)}
          reaction={picked}
          now={view.now}
          event={events.find((e) => e.name === picked.event)}
          session={session}
        />
      )}
    </section>
  );
}

function ReactionSender({
  reaction,
  now,
  event,
  session,
}: {
  reaction: WaitingReaction;
  now: string;
  event: Event | undefined;
  session: StepSession;
}) {
  const atId = useId();
  const noteId = useId();
  const example = useMemo(() => payloadText(event ? examplePayload(event) : {}), [event]);
  const [text, setText] = useState(example);
  const [atText, setAtText] = useState(now);
  const [problem, setProblem] = useState<string | null>(null);
  const [refused, setRefused] = useState<PayloadError[] | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const at = parseSendAt(atText, now);

  const send = async () => {
    setSent(null);
    if (!at.ok) return setProblem(at.message);
    const payload = readPayloadText(text);
    if (!payload.ok) return setProblem(payload.message);
    setProblem(null);
    const refusal = await session.sendReaction({ person: reaction.person, event: reaction.event, at: at.at, payload: payload.payload });
    setRefused(refusal === null ? null : payloadErrors(refusal));
    if (refusal === null) setSent(`Queued for ${at.at ?? now}: Step or Run to end to see where it leads.`);
  };

  return (
    <div className="reaction-sender" role="group" aria-label={`Send ${reaction.event} from ${reaction.person}`} data-testid="reaction-sender">
      <div className="field">
        <label htmlFor={atId}>Send at (UTC, ISO 8601)</label>
        <input
          id={atId}
          data-testid="reaction-at"
          value={atText}
          placeholder={now}
          spellCheck={false}
          aria-invalid={!at.ok || undefined}
          aria-describedby={noteId}
          onChange={(e) => setAtText(e.target.value)}
        />
        <p id={noteId} className="hint" data-testid="reaction-path-note">
          {at.ok ? pathNote(reaction, at.at, now) : at.message}
        </p>
      </div>
      <PayloadEditor
        fields={event?.fields}
        text={text}
        onText={setText}
        errors={refused}
        testId="reaction-payload"
        tools={
          <button type="button" className="button button-small" onClick={() => setText(example)}>
            Reset to example
          </button>
        }
      />
      <p className="hint">The person&apos;s id is put in the payload for you.</p>
      {problem && (
        <p className="field-error field-error-error" role="alert" data-testid="reaction-error">
          {problem}
        </p>
      )}
      <div className="test-actions">
        <button
          type="button"
          className="button button-primary"
          data-testid="reaction-send"
          disabled={session.state.busy !== null}
          onClick={() => void send()}
        >
          Send {reaction.event}
        </button>
      </div>
      {sent && (
        <p className="hint" role="status" data-testid="reaction-sent">
          {sent}
        </p>
      )}
    </div>
  );
}
