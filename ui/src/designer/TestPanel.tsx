// Test mode: sends one event (editable JSON, pre-filled from the entry event's fields)
// at a chosen time through the saved journey in the simulator, then lights the path it
// took on the canvas and lists every step. Errors in the journey block it; warnings not.
// Step through sends the same event into a session and moves its virtual clock by hand.
// Fixtures answer actions and lookups unless "Call the real systems" is ticked. A test
// profile fills the payload as that person (Rust applies it: test_payload); the Test data
// tab edits the profiles and the fixtures. Real calls use the keychain's secrets: like
// Rust, the panel offers them only to a role that may manage configurations. The payload
// is edited as a form built from the event's schema or as JSON (testForm/); a payload
// Rust refuses has its fields marked. In a session, people waiting in a reaction can be
// sent their event (session/WaitingReactions). What to send is on the left, with Run and
// Start on top; what happens (the clock, the moves, the log) on the right.
import { useEffect, useId, useMemo, useRef, useState } from "react";

import { useAccess } from "../access/currentUser";
import { runTestEvents, testPayload, toApiError, type ApiError } from "../api";
import type { SessionView } from "../bindings/SessionView";
import type { SimulationResult } from "../bindings/SimulationResult";
import { examplePayload } from "../config/fieldTree";
import { plural } from "../model";
import { useCatalog, useDesigner, useDesignerStore, useJourneyName } from "./DesignerContext";
import { countErrors } from "./diagnostics";
import { entryEvent } from "./selectors";
import { CoveragePanel, edgeVolumeLabels, WhatIfPanel } from "./analysis";
import { StepControls, StepStart } from "./session/StepControls";
import { WaitingReactions } from "./session/WaitingReactions";
import { PayloadEditor } from "./testForm/PayloadEditor";
import { payloadErrors } from "./testForm/payloadErrors";
import { useStickyScrollPadding } from "./testForm/useStickyScrollPadding";
import { useStepSession } from "./session/useStepSession";
import { NO_ANALYSIS } from "./store";
import { TestLog } from "./TestLog";
import { TestDataPanel } from "./testData/TestDataPanel";
import { TestProfileSelect } from "./testData/TestProfileSelect";
import { useTestProfiles } from "./testData/useTestProfiles";
import { buildTestEvents, DEFAULT_TEST_TIME, highlightFrom } from "./testRun";

/** One test event, many synthetic people, every path, or the test data they use: one at a time in the panel. */
type Tab = "event" | "whatIf" | "coverage" | "testData";
const TABS: { id: Tab; label: string }[] = [
  { id: "event", label: "Test event" },
  { id: "whatIf", label: "What-if" },
  { id: "coverage", label: "Coverage" },
  { id: "testData", label: "Test data" },
];

type RunState =
  | { kind: "idle" }
  | { kind: "running" }
  | { kind: "failed"; message: string }
  | { kind: "done"; result: SimulationResult };


export function TestPanel({ id, flush }: { id: string; flush: () => Promise<boolean> }) {
  const journey = useJourneyName();
  const store = useDesignerStore();
  const { events } = useCatalog();
  const event = useDesigner(entryEvent);
  const errors = useDesigner((s) => countErrors(s.diagnostics));
  const definition = events.find((e) => e.name === event);
  const example = useMemo(
    // The same example the event form shows and Rust builds (`Event::example_payload`).
    () => JSON.stringify(definition ? examplePayload(definition) : {}, null, 2),
    [definition],
  );
  // The payload last sent: Rust's refusal marks the form's fields until it is edited.
  const [sentText, setSentText] = useState<string | null>(null);
  const [payloadText, setPayloadText] = useState(example);
  const [at, setAt] = useState(DEFAULT_TEST_TIME);
  const [inputError, setInputError] = useState<{ field: "payload" | "time"; message: string } | null>(null);
  const [run, setRun] = useState<RunState>({ kind: "idle" });
  const [tab, setTab] = useState<Tab>("event");
  // The Test data tab loads when first opened, then stays mounted so its edits survive tab switches.
  const [testDataOpened, setTestDataOpened] = useState(false);
  const profiles = useTestProfiles();
  const [profile, setProfile] = useState<string | null>(null);
  const [filling, setFilling] = useState(false);
  const [profileError, setProfileError] = useState<ApiError | null>(null);
  const fillRequest = useRef(0);
  // A profile deleted meanwhile is no longer chosen: the example is.
  const chosenProfile =
    profile !== null && profiles.list.status === "ready" && profiles.list.items.some((p) => p.name === profile) ? profile : null;
  const [realCalls, setRealCalls] = useState(false);
  const realCallsDenied = useAccess().whyNot("manageConfigurations");
  const payloadId = useId();
  const timeId = useId();
  const headingId = useId();
  const runBar = useStickyScrollPadding();
  const realCallsId = useId();
  const session = useStepSession((view: SessionView) =>
    store.getState().setHighlight(highlightFrom(view.result, journey, store.getState().edges)),
  );
  const stepping = session.state.open || session.state.busy !== null;

  const blocked =
    event === undefined || event === ""
      ? "Add an entry event (and choose its event) to test the journey."
      : errors > 0
        ? `Fix ${plural(errors, "error")} first: errors block test mode (warnings do not).`
        : null;

  /** The JSONL line to send, or null after showing which input is wrong. */
  const testEvents = (): string | null => {
    if (event === undefined) return null;
    const built = buildTestEvents({ at, event, payloadText });
    if (!built.ok) {
      setInputError(built);
      return null;
    }
    setInputError(null);
    setSentText(payloadText);
    return built.jsonl;
  };

  /** The simulator runs the saved journey: waits for the latest edits to be stored. */
  const readyToTest = async (): Promise<string | null> => {
    if (!(await flush())) return "The journey could not be saved, and a test runs the saved journey.";
    if (countErrors(store.getState().diagnostics) > 0) return "The saved journey has errors: fix them to test it.";
    return null;
  };

  const start = async () => {
    const jsonl = testEvents();
    if (jsonl === null) return;
    setRun({ kind: "running" });
    const problem = await readyToTest();
    if (problem !== null) {
      setRun({ kind: "failed", message: problem });
      return;
    }
    try {
      const result = await runTestEvents(journey, jsonl, realCalls);
      store.getState().setHighlight(highlightFrom(result, journey, store.getState().edges));
      setRun({ kind: "done", result });
    } catch (e) {
      const error = toApiError(e);
      setRun({ kind: "failed", message: `${error.code}: ${error.message}` });
    }
  };

  const startSteps = () => {
    const jsonl = testEvents();
    if (jsonl === null) return;
    setRun({ kind: "idle" });
    session.start({ journey, realCalls, events: jsonl, ready: readyToTest });
  };

  // Leaving step mode keeps its last result on screen and on the canvas, as after Run.
  const stopSteps = () => {
    const view = session.state.view;
    session.stop();
    if (view) setRun({ kind: "done", result: view.result });
  };

  const clear = () => {
    session.stop();
    store.getState().setHighlight(null);
    store.getState().setAnalysis(NO_ANALYSIS);
    setRun({ kind: "idle" });
  };

  /** Replaces the payload with the example, as `name` sends it when a profile is chosen. */
  const fillPayload = (name: string | null) => {
    const request = ++fillRequest.current;
    setProfileError(null);
    if (name === null || event === undefined || event === "") {
      setFilling(false);
      setPayloadText(example);
      return;
    }
    setFilling(true);
    testPayload(event, name).then(
      (payload) => {
        if (fillRequest.current !== request) return;
        setFilling(false);
        setPayloadText(JSON.stringify(payload, null, 2));
      },
      (e: unknown) => {
        if (fillRequest.current !== request) return;
        setFilling(false);
        setProfileError(toApiError(e));
      },
    );
  };

  const chooseProfile = (name: string | null) => {
    setProfile(name);
    followed.current = savedBody(name);
    fillPayload(name);
  };

  // The chosen profile as saved. Edited in the Test data tab, the payload is filled again;
  // deleted, the payload goes back to the example.
  const savedBody = (name: string | null) =>
    name === null || profiles.list.status !== "ready"
      ? null
      : JSON.stringify(profiles.list.items.find((p) => p.name === name) ?? null);
  const chosenBody = savedBody(profile);
  const followed = useRef<string | null>(null);
  useEffect(() => {
    if (profile === null || chosenBody === null || followed.current === chosenBody) return;
    followed.current = chosenBody;
    fillPayload(chosenBody === "null" ? null : profile);
  });

  const openTab = (next: Tab) => {
    setTab(next);
    if (next === "testData") setTestDataOpened(true);
  };

  const stepView = session.state.open ? session.state.view : null;
  const refusal = run.kind === "failed" ? run.message : !session.state.open ? session.state.error : null;
  const refused = sentText === payloadText && refusal !== null ? payloadErrors(refusal) : null;

  return (
    <section id={id} className="test-panel" data-testid="test-panel" aria-labelledby={headingId}>
      <div className="test-tabs" role="tablist" aria-label="Test mode">
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            className={`test-tab${tab === t.id ? " active" : ""}`}
            aria-selected={tab === t.id}
            data-testid={`test-tab-${t.id}`}
            onClick={() => openTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      {tab === "whatIf" && (
        <div className="analysis-run" role="tabpanel">
          <WhatIfPanel
            journey={journey}
            beforeRun={flush}
            onReport={(report) => store.getState().setAnalysis({ volumes: edgeVolumeLabels(report, journey) })}
          />
        </div>
      )}
      {tab === "coverage" && (
        <div className="analysis-run" role="tabpanel">
          <CoveragePanel
            journey={journey}
            beforeRun={flush}
            onUncovered={(_, neverTaken) => store.getState().setAnalysis({ neverTaken })}
          />
        </div>
      )}
      {testDataOpened && (
        <div className="analysis-run" role="tabpanel" aria-label="Test data" hidden={tab !== "testData"}>
          <TestDataPanel journey={journey} profiles={profiles} />
        </div>
      )}
      <div className="test-form" hidden={tab !== "event"}>
        <div className="test-run-bar" ref={runBar}>
          <h3 id={headingId}>
            Test with one <code>{event || "entry"}</code> event
          </h3>
          <div className="test-run-row">
            <div className="field test-time">
              <label htmlFor={timeId}>Time (UTC, ISO 8601)</label>
              <input
                id={timeId}
                data-testid="test-time"
                value={at}
                spellCheck={false}
                aria-invalid={inputError?.field === "time" || undefined}
                aria-describedby={inputError ? `${payloadId}-error` : undefined}
                onChange={(e) => setAt(e.target.value)}
              />
            </div>
            <div className="test-actions">
              <button
                type="button"
                className="button button-primary"
                data-testid="run-test"
                disabled={blocked !== null || run.kind === "running" || stepping}
                aria-busy={run.kind === "running"}
                onClick={() => void start()}
              >
                {run.kind === "running" ? "Running…" : "Run"}
              </button>
              {!session.state.open && (
                <StepStart session={session} onStart={startSteps} disabled={blocked !== null || run.kind === "running"} />
              )}
              <button type="button" className="button" data-testid="clear-test" onClick={clear}>
                Clear
              </button>
            </div>
          </div>
          {inputError && (
            <p id={`${payloadId}-error`} className="field-error field-error-error" role="alert" data-testid="test-input-error">
              {inputError.message}
            </p>
          )}
          {!session.state.open && session.state.error && (
            <p className="field-error field-error-error" role="alert" data-testid="step-error">
              {session.state.error}
            </p>
          )}
        </div>
        {blocked && (
          <p className="cfg-alert" role="alert" data-testid="test-blocked">
            {blocked}
          </p>
        )}
        <TestProfileSelect
          list={profiles.list}
          value={chosenProfile}
          busy={filling}
          error={profileError}
          onChange={chooseProfile}
          onRetry={profiles.reload}
        />
        <PayloadEditor
          fields={definition?.fields}
          text={payloadText}
          onText={setPayloadText}
          errors={refused}
          testId="test-payload"
          invalid={inputError?.field === "payload"}
          describedBy={inputError ? `${payloadId}-error` : undefined}
          tools={
            <button type="button" className="button button-small" data-testid="reset-payload" onClick={() => fillPayload(chosenProfile)}>
              Reset to example
            </button>
          }
        />
        <div className="real-calls">
          <label className="real-calls-label">
            <input
              type="checkbox"
              data-testid="real-calls"
              checked={realCalls}
              disabled={stepping || realCallsDenied !== null}
              aria-describedby={realCallsId}
              onChange={(e) => setRealCalls(e.target.checked)}
            />
            Call the real systems (not fixtures)
          </label>
          <p id={realCallsId} className={`hint real-calls-warning${realCalls ? " real-calls-on" : ""}`}>
            Real calls reach third parties (messages can really be sent) and use the secrets stored in the keychain.
            Unticked, the bundle's fixtures answer every action and data source.
            {realCallsDenied && <span data-testid="real-calls-denied"> {realCallsDenied}.</span>}
          </p>
        </div>
      </div>
      <div className="test-outcome" hidden={tab !== "event"}>
        <StepControls session={session} onStop={stopSteps} />
        {/* A session view from before reactions could be sent lists nobody. */}
        {stepView && (stepView.waiting ?? []).length > 0 && <WaitingReactions session={session} view={stepView} events={events} />}
        <div className="test-results" aria-live="polite">
          {stepView ? (
            <TestResult
              result={stepView.result}
              journey={journey}
              empty="Nothing has happened yet: Step, go to the next timer or advance the clock."
            />
          ) : (
            <>
              {run.kind === "failed" && (
                <p className="field-error field-error-error" role="alert" data-testid="test-error">
                  {run.message}
                </p>
              )}
              {run.kind === "done" && <TestResult result={run.result} journey={journey} />}
              {run.kind === "idle" && <p className="empty">Run a test, or step through it, to see the path and every step here.</p>}
            </>
          )}
        </div>
      </div>
    </section>
  );
}

/** A run's (or a step-through session's so far) summary, discarded events and log. */
function TestResult({ result, journey, empty }: { result: SimulationResult; journey: string; empty?: string }) {
  const totals = result.report.journeys[journey];
  const discarded = Object.entries(result.report.discarded);
  return (
    <>
      <p className="test-summary" data-testid="test-summary">
        {plural(result.people, "person")}
        {totals &&
          ` · entered ${totals.entered} · finished ${totals.finished} · jumped ${totals.jumped} · left early ${totals.exitedEarly} · errors ${totals.errors} · still inside ${totals.stillInside}`}
      </p>
      {discarded.length > 0 && (
        <ul className="discarded">
          {discarded.map(([reason, n]) => (
            <li key={reason}>
              Discarded ({reason}): {n}
            </li>
          ))}
        </ul>
      )}
      <TestLog result={result} empty={empty} />
    </>
  );
}
