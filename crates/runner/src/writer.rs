//! The one writer: a thread that owns the storage and the dispatch, and applies work in
//! batches. Everything that arrives while a batch commits waits for the next one, so
//! many concurrent requests share one transaction and one fsync (group commit), and a
//! sender is answered only after its events are durable.
//!
//! A batch holds: the events (each id once), the instances they moved, timers, outbox
//! rows for calls, and report counters; then the timers that fell due. Publishing and
//! control moves are batches of their own, since they change the dispatch itself.

use std::sync::Arc;
use std::time::Duration;

use crossbeam_channel::{Receiver, select};
use parcours_engine::{ActionOutcome, DataRequest, Dispatched, Dispatcher, Effect, Incoming, InstanceKey, Output};
use parcours_model::{Drain, Release};
use serde_json::Value;
use tokio::sync::oneshot;

use crate::call_queue::CallQueue;
use crate::clock::Clock;
use crate::durable_state::DurableState;
use crate::error::{ApiError, Code};
use crate::live::Live;
use crate::metrics::Metrics;
use crate::storage::{AuditLine, Call, OutboxRow, Storage, StoredRelease, Tx, VersionState};
use crate::tally::{Tally, lookup_status};

/// Most events one transaction takes: a batch larger than this waits for the next.
const BATCH_EVENTS: usize = 5_000;
/// Most timers fired in one transaction.
const TIMERS_PER_BATCH: usize = 1_000;
/// Event ids are remembered (a retry is a duplicate) for at least this long: the
/// idempotency window of the domain reference.
pub const SEEN_KEEP_MS: i64 = 24 * 3600 * 1000;
/// Forgetting older ids happens in small steps inside ingest transactions, so it never
/// holds the writer long.
const FORGET_PER_BATCH: usize = 2_000;
const FORGET_EVERY_MS: i64 = 60_000;

/// Stopping a version writes its people back in steps of this many (one transaction).
const STOP_FLUSH_EVERY: usize = 1_000;

/// A timer that fires later than this after its time is counted as late.
const LATE_MS: i64 = 1_000;
/// A pause lasts at most this long; the version is then closed.
const MAX_PAUSE_MS: i64 = 14 * 24 * 3600 * 1000;

/// An event as accepted from a sender.
#[derive(Debug, Clone)]
pub struct Accepted {
    /// The sender's id (`messageId`), for de-duplication.
    pub id: String,
    pub name: Option<String>,
    pub payload: Value,
    /// The name came from a sender that names events its own way (a Segment track):
    /// used when the runner has an event of that name, else the payload is recognised.
    pub name_is_hint: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct IngestAck {
    /// Events stored and handed to the engine.
    pub accepted: u32,
    /// Events whose id was seen before: acknowledged, not processed again.
    pub duplicates: u32,
}

/// The answer to a call the sender made.
#[derive(Debug)]
pub enum Answer {
    Action(ActionOutcome),
    Data {
        request: Box<DataRequest>,
        result: Result<Value, String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum Move {
    Pause,
    Resume,
    Close,
    Stop,
}

impl Move {
    pub fn as_str(self) -> &'static str {
        match self {
            Move::Pause => "pause",
            Move::Resume => "resume",
            Move::Close => "close",
            Move::Stop => "stop",
        }
    }
}

/// What the publish call did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Published {
    Created,
    AlreadyThere,
}

pub enum Work {
    Ingest {
        events: Vec<Accepted>,
        reply: oneshot::Sender<Result<IngestAck, ApiError>>,
    },
    Answer {
        call: i64,
        instance: InstanceKey,
        answer: Answer,
    },
    Publish {
        release: Box<Release>,
        plan: Box<parcours_engine::Plan>,
        body: String,
        drain: Drain,
        actor: String,
        reply: oneshot::Sender<Result<Published, ApiError>>,
    },
    Control {
        journey: String,
        action: Move,
        actor: String,
        reply: oneshot::Sender<Result<Vec<(u32, VersionState)>, ApiError>>,
    },
    /// Finish what is queued, then stop.
    Shutdown,
}

pub struct Writer<S: Storage> {
    storage: S,
    live: Live,
    dispatcher: Dispatcher,
    clock: Clock,
    out: Dispatched,
    metrics: Arc<Metrics>,
    calls: Arc<CallQueue>,
    next_timer: Option<i64>,
    /// When ids older than the window were last forgotten (none left then).
    forgot_at: i64,
}

/// What one ingest/answer batch produced, handed out after the commit.
#[derive(Default)]
struct Produced {
    calls: Vec<OutboxRow>,
    timers: Option<i64>,
    events: u64,
    duplicates: u64,
    discarded: u64,
    late: u64,
    lag_ms: Option<i64>,
    /// When due timers were taken: the earliest timer left, read in the same transaction.
    next_timer: Option<Option<i64>>,
}

impl<S: Storage> Writer<S> {
    pub fn new(
        storage: S,
        live: Live,
        clock: Clock,
        metrics: Arc<Metrics>,
        calls: Arc<CallQueue>,
    ) -> Result<Self, String> {
        let mut reader = storage.reader().map_err(|e| e.to_string())?;
        let next_timer = reader.next_timer().map_err(|e| e.to_string())?;
        let dispatcher = live.dispatcher();
        Ok(Writer {
            storage,
            live,
            dispatcher,
            clock,
            out: Dispatched::default(),
            metrics,
            calls,
            next_timer,
            forgot_at: 0,
        })
    }

    /// Runs until [`Work::Shutdown`] (or every sender is gone).
    pub fn run(mut self, ingest: Receiver<Work>, internal: Receiver<Work>) {
        // Calls stored before a stop or a crash are made again, with the same request.
        self.resend_pending();
        let mut ingest = ingest;
        let mut stopping = false;
        loop {
            let now = (self.clock)().timestamp_millis();
            let wait = match self.next_timer {
                Some(at) if at <= now => Duration::ZERO,
                Some(at) => Duration::from_millis((at - now).min(1_000) as u64),
                None => Duration::from_secs(1),
            };
            let mut batch: Vec<Work> = Vec::new();
            if !stopping {
                let first = select! {
                    recv(internal) -> w => match w {
                        Ok(w) => Some(w),
                        // Nobody can send anything any more, not even a shutdown.
                        Err(_) => break,
                    },
                    recv(ingest) -> w => match w {
                        Ok(w) => Some(w),
                        // The HTTP side is gone (stopping): a closed channel is always
                        // ready, so stop listening to it rather than spin.
                        Err(_) => {
                            ingest = crossbeam_channel::never();
                            None
                        }
                    },
                    default(wait) => None,
                };
                batch.extend(first);
            }
            // Whatever else is waiting joins this batch (internal work first).
            let mut events: usize = batch.iter().map(Work::size).sum();
            while events < BATCH_EVENTS {
                match internal.try_recv().or_else(|_| ingest.try_recv()) {
                    Ok(w) => {
                        events += w.size();
                        batch.push(w);
                    }
                    Err(_) => break,
                }
            }
            if batch.iter().any(|w| matches!(w, Work::Shutdown)) {
                stopping = true;
            }
            if stopping && batch.is_empty() {
                break;
            }
            self.apply(batch);
        }
        tracing::info!("writer stopped");
    }

    fn apply(&mut self, batch: Vec<Work>) {
        let mut flow = Vec::new();
        for work in batch {
            match work {
                Work::Publish {
                    release,
                    plan,
                    body,
                    drain,
                    actor,
                    reply,
                } => {
                    let r = self.publish(*release, *plan, body, drain, &actor);
                    let _ = reply.send(r);
                }
                Work::Control {
                    journey,
                    action,
                    actor,
                    reply,
                } => {
                    let r = self.control(&journey, action, &actor);
                    let _ = reply.send(r);
                }
                Work::Shutdown => {}
                w => flow.push(w),
            }
        }
        self.expire_pauses();
        let now = (self.clock)().timestamp_millis();
        let timers_due = self.next_timer.is_some_and(|at| at <= now);
        if flow.is_empty() && !timers_due {
            return;
        }
        let answered: Vec<i64> = flow
            .iter()
            .filter_map(|w| match w {
                Work::Answer { call, .. } => Some(*call),
                _ => None,
            })
            .collect();
        let mut replies = Vec::new();
        let result = self.flow(flow, &mut replies);
        match result {
            Ok(produced) => {
                for (reply, ack) in replies {
                    let _ = reply.send(Ok(ack));
                }
                self.metrics.events_in.add(produced.events);
                self.metrics.duplicates.add(produced.duplicates);
                self.metrics.discarded.add(produced.discarded);
                self.metrics.timers_late.add(produced.late);
                if let Some(lag) = produced.lag_ms {
                    self.metrics.timer_lag_ms.set(lag.max(0) as u64);
                }
                // Due timers were taken: the transaction said what is left (new ones
                // included). Otherwise only new timers can move the next one earlier.
                self.next_timer = match (produced.next_timer, produced.timers) {
                    (Some(left), _) => left,
                    (None, Some(at)) => Some(self.next_timer.map_or(at, |n| n.min(at))),
                    (None, None) => self.next_timer,
                };
                for call in produced.calls {
                    self.calls.offer(call);
                }
                for id in answered {
                    self.calls.release(id);
                }
            }
            Err(e) => {
                tracing::error!(error = %e, "batch rolled back");
                for (reply, _) in replies {
                    let _ = reply.send(Err(ApiError::unavailable(format!(
                        "the batch could not be stored ({e}); nothing was kept: send it again"
                    ))));
                }
                // Answers of this batch were lost with it: their calls are made again.
                for id in answered {
                    self.calls.release(id);
                }
                self.resend_pending();
                // The due timers are still stored: try them again in a second, not in a loop.
                if timers_due {
                    self.next_timer = Some(now + 1_000);
                }
            }
        }
        if self.calls.wants_refill() {
            self.resend_pending();
        }
    }

    /// Queues the outbox's unanswered calls (not those of paused versions), oldest first,
    /// as many as the queue takes; claimed ones are not queued twice.
    fn resend_pending(&mut self) {
        match self
            .storage
            .reader()
            .and_then(|mut r| r.pending_calls(self.calls.refill_size()))
        {
            Ok(rows) => {
                for row in rows {
                    if !self.calls.offer(row) {
                        break;
                    }
                }
            }
            Err(e) => tracing::warn!(error = %e, "could not read the outbox"),
        }
    }

    /// Events, answers and due timers in one transaction.
    fn flow(
        &mut self,
        flow: Vec<Work>,
        replies: &mut Vec<(oneshot::Sender<Result<IngestAck, ApiError>>, IngestAck)>,
    ) -> Result<Produced, ApiError> {
        let now_t = (self.clock)();
        let now = now_t.timestamp_millis();
        let mut produced = Produced::default();
        let mut tally = Tally::new(now_t);
        let mut out = std::mem::take(&mut self.out);
        let dispatcher = &self.dispatcher;
        let mut tx = self.storage.begin()?;
        {
            let mut state = DurableState::new(&mut tx);
            for work in flow {
                match work {
                    Work::Ingest { events, reply } => {
                        let mut ack = IngestAck::default();
                        for e in events {
                            if !state.tx.first_seen(&e.id, now)? {
                                ack.duplicates += 1;
                                continue;
                            }
                            ack.accepted += 1;
                            let name = match e.name {
                                Some(n) if e.name_is_hint && !dispatcher.events().iter().any(|d| d.name == n) => None,
                                n => n,
                            };
                            let input = Incoming::Event {
                                name,
                                payload: e.payload,
                            };
                            dispatcher.dispatch(&mut state, input, now_t, &mut out);
                            carry_out(dispatcher, &mut state, &mut out, &mut tally, &mut produced, now)?;
                        }
                        produced.events += ack.accepted as u64;
                        produced.duplicates += ack.duplicates as u64;
                        replies.push((reply, ack));
                    }
                    Work::Answer { call, instance, answer } => {
                        if !state.tx.complete_call(call, instance)? {
                            continue; // answered before, or the person has left
                        }
                        let input = match answer {
                            Answer::Action(outcome) => {
                                if !outcome.ok {
                                    count_failed(dispatcher, &mut state, &mut tally, instance, &outcome.status);
                                }
                                Incoming::ActionResult { instance, outcome }
                            }
                            Answer::Data { request, result } => {
                                if let Err(reason) = &result {
                                    count_failed(dispatcher, &mut state, &mut tally, instance, lookup_status(reason));
                                }
                                Incoming::DataResult {
                                    instance,
                                    request,
                                    result,
                                }
                            }
                        };
                        dispatcher.dispatch(&mut state, input, now_t, &mut out);
                        carry_out(dispatcher, &mut state, &mut out, &mut tally, &mut produced, now)?;
                    }
                    _ => {}
                }
            }
            if self.next_timer.is_some_and(|at| at <= now) {
                let due = state.tx.take_due_timers(now, TIMERS_PER_BATCH)?;
                for (instance, at) in due {
                    // Saturating: a damaged timer row may hold any number.
                    let lag = now.saturating_sub(at);
                    produced.lag_ms = Some(produced.lag_ms.map_or(lag, |l: i64| l.max(lag)));
                    if lag > LATE_MS {
                        produced.late += 1;
                    }
                    dispatcher.dispatch(&mut state, Incoming::Timer { instance }, now_t, &mut out);
                    carry_out(dispatcher, &mut state, &mut out, &mut tally, &mut produced, now)?;
                }
                produced.next_timer = Some(state.tx.next_timer()?);
            }
            state.flush()?;
        }
        commit(tx, tally, now, &mut self.forgot_at)?;
        self.out = out;
        Ok(produced)
    }

    fn publish(
        &mut self,
        release: Release,
        plan: parcours_engine::Plan,
        body: String,
        drain: Drain,
        actor: &str,
    ) -> Result<Published, ApiError> {
        let key = (release.journey.clone(), release.version);
        if let Some(existing) = self.live.versions.get(&key) {
            return if existing.release.sha256 == release.sha256 {
                Ok(Published::AlreadyThere)
            } else {
                Err(ApiError::new(
                    Code::Conflict,
                    format!(
                        "{} v{} is already published here with other content (sha256 {}); publish a new version",
                        release.journey, release.version, existing.release.sha256
                    ),
                ))
            };
        }
        let now = (self.clock)().timestamp_millis();
        let newer_exists = self
            .live
            .versions_of(&release.journey)
            .any(|v| v.release.version > release.version);
        // A version that arrives after a newer one never takes new people from it.
        let state = if newer_exists {
            VersionState::Closed
        } else {
            VersionState::Live
        };
        let previous: Vec<u32> = self
            .live
            .versions_of(&release.journey)
            .filter(|v| v.state == VersionState::Live && v.release.version < release.version)
            .map(|v| v.release.version)
            .collect();
        let mut tx = self.storage.begin()?;
        tx.put_release(&StoredRelease {
            journey: release.journey.clone(),
            version: release.version,
            sha256: release.sha256.clone(),
            body,
            state,
            published_at: now,
            paused_at: None,
        })?;
        if drain == Drain::ClosePrevious {
            for &v in &previous {
                tx.set_state(&release.journey, v, VersionState::Closed, None)?;
            }
        }
        tx.append_audit(&AuditLine {
            at: now,
            actor: actor.to_string(),
            action: "publish".into(),
            journey: release.journey.clone(),
            version: Some(release.version),
            detail: format!(
                "sha256 {}; previous: {}",
                release.sha256,
                match drain {
                    Drain::ClosePrevious => "closed",
                    Drain::KeepPrevious => "kept live",
                }
            ),
        })?;
        tx.commit()?;
        if drain == Drain::ClosePrevious {
            for v in previous {
                self.live.set_state(&release.journey, v, VersionState::Closed, None);
            }
        }
        self.live.put(release, plan, state, now, None);
        self.dispatcher = self.live.dispatcher();
        Ok(Published::Created)
    }

    fn control(&mut self, journey: &str, action: Move, actor: &str) -> Result<Vec<(u32, VersionState)>, ApiError> {
        let versions: Vec<(u32, VersionState)> = self
            .live
            .versions_of(journey)
            .map(|v| (v.release.version, v.state))
            .collect();
        if versions.is_empty() {
            return Err(ApiError::new(
                Code::NotFound,
                format!("journey `{journey}` is not published on this runner"),
            ));
        }
        let (from, to): (&[VersionState], VersionState) = match action {
            Move::Pause => (&[VersionState::Live], VersionState::Paused),
            Move::Resume => (&[VersionState::Paused], VersionState::Live),
            Move::Close => (&[VersionState::Live, VersionState::Paused], VersionState::Closed),
            Move::Stop => (
                &[VersionState::Live, VersionState::Paused, VersionState::Closed],
                VersionState::Stopped,
            ),
        };
        let moving: Vec<u32> = versions
            .iter()
            .filter(|(_, s)| from.contains(s))
            .map(|(v, _)| *v)
            .collect();
        let was_paused = versions
            .iter()
            .any(|(v, s)| *s == VersionState::Paused && moving.contains(v));
        if moving.is_empty() {
            let states: Vec<String> = versions.iter().map(|(v, s)| format!("v{v} {}", s.as_str())).collect();
            return Err(ApiError::new(
                Code::Conflict,
                format!(
                    "cannot {} `{journey}`: no version is in a state that allows it ({})",
                    action.as_str(),
                    states.join(", ")
                ),
            ));
        }
        let now_t = (self.clock)();
        let now = now_t.timestamp_millis();
        let paused_at = (to == VersionState::Paused).then_some(now);
        let mut tally = Tally::new(now_t);
        let mut produced = Produced::default();
        let mut out = std::mem::take(&mut self.out);
        let mut tx = self.storage.begin()?;
        {
            let mut state = DurableState::new(&mut tx);
            for &v in &moving {
                state.tx.set_state(journey, v, to, paused_at)?;
                if to == VersionState::Stopped {
                    // Everyone leaves now, counted where they were.
                    for (i, key) in state.tx.instances_of(journey, v)?.into_iter().enumerate() {
                        self.dispatcher
                            .dispatch(&mut state, Incoming::Stop { instance: key }, now_t, &mut out);
                        carry_out(&self.dispatcher, &mut state, &mut out, &mut tally, &mut produced, now)?;
                        // Written as it goes, so memory stays flat however many are inside.
                        if i % STOP_FLUSH_EVERY == STOP_FLUSH_EVERY - 1 {
                            state.flush()?;
                        }
                    }
                }
                state.tx.append_audit(&AuditLine {
                    at: now,
                    actor: actor.to_string(),
                    action: action.as_str().into(),
                    journey: journey.to_string(),
                    version: Some(v),
                    detail: String::new(),
                })?;
            }
            state.flush()?;
        }
        commit(tx, tally, now, &mut self.forgot_at)?;
        self.out = out;
        for &v in &moving {
            self.live.set_state(journey, v, to, paused_at);
        }
        self.dispatcher = self.live.dispatcher();
        if was_paused {
            // Calls held during the pause go out now (resume, or close: the people inside
            // finish), at the per-host caps.
            self.resend_pending();
        }
        Ok(self
            .live
            .versions_of(journey)
            .map(|v| (v.release.version, v.state))
            .collect())
    }

    /// Pauses past 14 days close their version.
    fn expire_pauses(&mut self) {
        let now = (self.clock)().timestamp_millis();
        let expired: Vec<(String, u32)> = self
            .live
            .versions
            .iter()
            .filter(|(_, v)| {
                v.state == VersionState::Paused && v.paused_at.is_some_and(|p| now.saturating_sub(p) >= MAX_PAUSE_MS)
            })
            .map(|(k, _)| k.clone())
            .collect();
        if expired.is_empty() {
            return;
        }
        let result = (|| -> Result<(), ApiError> {
            let mut tx = self.storage.begin()?;
            for (j, v) in &expired {
                tx.set_state(j, *v, VersionState::Closed, None)?;
                tx.append_audit(&AuditLine {
                    at: now,
                    actor: "parcours".into(),
                    action: "close".into(),
                    journey: j.clone(),
                    version: Some(*v),
                    detail: "paused for 14 days".into(),
                })?;
            }
            tx.commit()?;
            Ok(())
        })();
        if result.is_ok() {
            for (j, v) in expired {
                self.live.set_state(&j, v, VersionState::Closed, None);
            }
            self.dispatcher = self.live.dispatcher();
            self.resend_pending();
        }
    }
}

impl Work {
    fn size(&self) -> usize {
        match self {
            Work::Ingest { events, .. } => events.len(),
            _ => 1,
        }
    }
}

fn count_failed<T: Tx>(
    dispatcher: &Dispatcher,
    state: &mut DurableState<'_, T>,
    tally: &mut Tally,
    instance: InstanceKey,
    status: &str,
) {
    use parcours_engine::RunState;
    if let Some(inst) = state.instance(instance) {
        let inst = inst.clone();
        if let Some(plan) = dispatcher.plan_of(&inst) {
            tally.failed_call(plan, &inst, status);
        }
    }
}

/// Records what one dispatch did: counters, outbox rows for calls and lookups.
/// Ends a writer transaction: forgets event ids past their window (in small steps, at
/// most once a minute), adds the batch's counters, commits.
fn commit<T: Tx>(mut tx: T, tally: Tally, now: i64, forgot_at: &mut i64) -> Result<(), ApiError> {
    if now - *forgot_at >= FORGET_EVERY_MS {
        let forgotten = tx.forget_seen(now - SEEN_KEEP_MS, FORGET_PER_BATCH)?;
        // A full step means more are due: go on at the next batch.
        if forgotten < FORGET_PER_BATCH {
            *forgot_at = now;
        }
    }
    tx.add_counts(&tally.into_counts())?;
    tx.commit()?;
    Ok(())
}

fn carry_out<T: Tx>(
    dispatcher: &Dispatcher,
    state: &mut DurableState<'_, T>,
    out: &mut Dispatched,
    tally: &mut Tally,
    produced: &mut Produced,
    now: i64,
) -> Result<(), ApiError> {
    // A storage error in this dispatch (a failed insert, say): the batch rolls back, and
    // what the outputs name may not exist, so nothing is carried out or counted.
    if let Some(e) = state.error.take() {
        return Err(e.into());
    }
    for output in out.drain() {
        match output {
            Output::Started { instance } => {
                if let Some(inst) = state.peek(instance) {
                    tally.started(inst);
                }
            }
            Output::Discarded { reason, journey } => {
                produced.discarded += 1;
                tally.discarded(&reason, journey.as_deref());
            }
            Output::Fetch {
                instance,
                request,
                from_cache: None,
                ..
            } => {
                let (journey, version) = owner(state, instance);
                let call = Call::Data { request };
                let id = state.tx.add_call(instance, &journey, version, &call, now)?;
                produced.calls.push(OutboxRow {
                    id,
                    instance,
                    journey,
                    version,
                    call,
                    created_at: now,
                });
            }
            Output::Fetch { .. } => {}
            Output::Effect { instance, effect } => {
                if let Some(inst) = state.peek(instance)
                    && let Some(plan) = dispatcher.plan_of(inst)
                {
                    tally.effect(plan, &effect);
                }
                match effect {
                    Effect::CallAction { request, .. } => {
                        let (journey, version) = owner(state, instance);
                        let call = Call::Action { request };
                        let id = state.tx.add_call(instance, &journey, version, &call, now)?;
                        produced.calls.push(OutboxRow {
                            id,
                            instance,
                            journey,
                            version,
                            call,
                            created_at: now,
                        });
                    }
                    Effect::SetTimer { at } => {
                        let at = crate::clock::millis_ceil(at);
                        produced.timers = Some(produced.timers.map_or(at, |t: i64| t.min(at)));
                    }
                    _ => {}
                }
            }
        }
    }
    Ok(())
}

fn owner<T: Tx>(state: &DurableState<'_, T>, instance: InstanceKey) -> (String, u32) {
    state
        .peek(instance)
        .map(|i| (i.journey.clone(), i.version))
        .unwrap_or_default()
}
