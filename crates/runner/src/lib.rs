//! The runner: a self-hostable server that runs published journeys (releases) on live
//! events, with the engine's one dispatch, the simulator's rules and report figures.
//!
//! - **Durable before acknowledged.** Events, the instances they move, timers, outbox
//!   rows and report counters of a batch are one transaction; a sender gets 2xx only
//!   after it commits. Many requests share a commit (group commit, [`writer`]).
//! - **Calls through an outbox** ([`sender`]): at-least-once, one `Idempotency-Key` per
//!   step whatever the retries, the connectors' retry policy, per-host caps.
//! - **Timers in the database**: after a restart, due timers fire once, late ones at once.
//! - **Storage behind traits** ([`storage`]): SQLite by default; nothing in the runner's
//!   logic assumes SQLite.
//! - **Access by scoped tokens** ([`tokens`]), secrets from the runner's own
//!   configuration ([`secrets`]), never from a release.

mod call_queue;
pub mod clock;
pub mod config;
mod durable_state;
pub mod error;
pub mod http;
pub mod live;
pub mod metrics;
pub mod report;
pub mod secrets;
mod sender;
pub mod storage;
mod tally;
pub mod tokens;
pub mod writer;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use parcours_connectors::{HttpConnector, Secrets};

pub use config::Config;

use crate::call_queue::CallQueue;
use crate::http::AppState;
use crate::live::Live;
use crate::metrics::Metrics;
use crate::secrets::RunnerSecrets;
use crate::storage::sqlite::SqliteStorage;
use crate::storage::{Storage, TokenAdmin, TokenRow};
use crate::tokens::{Scope, TokenBook};
use crate::writer::{Work, Writer};

/// Calls queued for the sender at most; more wait in the outbox table (memory stays
/// bounded however slow the systems called are).
const CALLS_QUEUED: usize = 10_000;

/// Marks the runner not ready when dropped: the writer thread holds one.
struct NotReadyOnExit(Arc<AtomicBool>);

impl Drop for NotReadyOnExit {
    fn drop(&mut self) {
        self.0.store(false, Ordering::Relaxed);
    }
}

/// Runs the runner until SIGTERM or Ctrl-C: then it stops accepting, lets the calls
/// under way finish, stores what is queued, and returns. `on_listen` is told the
/// address it listens on (useful with port 0).
pub fn serve(config: Config, on_listen: impl FnOnce(std::net::SocketAddr)) -> Result<(), String> {
    // Whoever built the settings (a file, flags, code), numbers are in range here.
    config.check()?;
    let secrets = Arc::new(RunnerSecrets::load(config.secrets_file.as_deref())?);
    let storage = SqliteStorage::open(&config.db).map_err(|e| e.to_string())?;
    let mut reader = storage.reader().map_err(|e| e.to_string())?;
    let live = Live::load(reader.releases().map_err(|e| e.to_string())?, config.seed)?;
    let tokens = Arc::new(TokenBook::new(config.token_rate, config.token_burst));
    tokens.load(reader.tokens().map_err(|e| e.to_string())?);
    drop(reader);
    let metrics = Arc::new(Metrics::default());
    let clock = clock::wall();
    let (calls, call_rows) = CallQueue::new(CALLS_QUEUED);
    let calls = Arc::new(calls);
    let (ingest, ingest_rx) = crossbeam_channel::bounded(config.queue.max(1));
    let (internal, internal_rx) = crossbeam_channel::unbounded();
    let definitions = live.definitions.clone();
    let path = config.db.clone();
    let reader_factory: http::ReaderFactory = Arc::new(move || {
        let storage_reader = SqliteStorage::reader_for(&path)?;
        Ok(storage_reader)
    });
    let writer = Writer::new(storage, live, clock.clone(), metrics.clone(), calls.clone())?;
    let ready = Arc::new(AtomicBool::new(true));
    let writer_thread = {
        let ready = ready.clone();
        std::thread::Builder::new()
            .name("parcours-writer".into())
            .spawn(move || {
                // However the writer ends (even a panic), the runner no longer says ready.
                let _not_ready = NotReadyOnExit(ready);
                writer.run(ingest_rx, internal_rx)
            })
            .map_err(|e| e.to_string())?
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("parcours-runner")
        .build()
        .map_err(|e| e.to_string())?;
    let state = AppState {
        ingest,
        internal: internal.clone(),
        tokens: tokens.clone(),
        reader: reader_factory.clone(),
        metrics: metrics.clone(),
        config: Arc::new(config.clone()),
        secret_binding: {
            let secrets = secrets.clone();
            Arc::new(move |name: &str| secrets.get(name).map(|s| s.binding))
        },
        ready: ready.clone(),
    };
    let result: Result<(), String> = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(config.listen)
            .await
            .map_err(|e| format!("cannot listen on {}: {e}", config.listen))?;
        on_listen(listener.local_addr().map_err(|e| e.to_string())?);
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let sender = sender::Sender {
            http: Arc::new(HttpConnector::new(secrets.clone() as Arc<dyn Secrets>)),
            definitions,
            writer: internal.clone(),
            queue: calls.clone(),
            metrics: metrics.clone(),
            clock: clock.clone(),
            max_in_flight: config.max_in_flight_calls.max(1),
            stop: stopped.clone(),
        };
        let sending = tokio::spawn(sender.run(call_rows));
        // Tokens created or revoked from the CLI take effect within a second.
        let refresh = {
            let tokens = tokens.clone();
            let factory = reader_factory.clone();
            let mut stopped = stopped.clone();
            tokio::spawn(async move {
                loop {
                    tokio::select! {
                        _ = tokio::time::sleep(Duration::from_secs(1)) => {}
                        _ = stopped.wait_for(|s| *s) => break,
                    }
                    let factory = factory.clone();
                    let rows = tokio::task::spawn_blocking(move || factory().and_then(|mut r| r.tokens())).await;
                    if let Ok(Ok(rows)) = rows {
                        tokens.load(rows);
                    }
                }
            })
        };
        let app = http::router(state);
        let stopping = {
            let ready = ready.clone();
            async move {
                shutdown_signal().await;
                // Load balancers see 503 from now on, while requests under way finish.
                ready.store(false, Ordering::Relaxed);
            }
        };
        let serving = axum::serve(listener, app).with_graceful_shutdown(stopping);
        serving.await.map_err(|e| e.to_string())?;
        tracing::info!("stopping: no new requests; finishing the calls under way");
        let _ = stop.send(true);
        let _ = sending.await;
        let _ = refresh.await;
        Ok(())
    });
    let _ = internal.send(Work::Shutdown);
    drop(internal);
    let _ = writer_thread.join();
    runtime.shutdown_timeout(Duration::from_secs(1));
    result
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
}

/// A new token named `name` with `scopes`, stored hashed; the token is returned once.
pub fn create_token(db: &Path, name: &str, scopes: &[Scope]) -> Result<String, String> {
    if name.trim().is_empty() {
        return Err("a token needs a name: who or what holds it".into());
    }
    if scopes.is_empty() {
        return Err("a token needs at least one scope".into());
    }
    let mut storage = SqliteStorage::open(db).map_err(|e| e.to_string())?;
    let token = tokens::generate();
    storage
        .create_token(&TokenRow {
            name: name.to_string(),
            scopes: scopes.iter().map(|s| s.as_str().to_string()).collect(),
            hash: tokens::hash(&token),
            created_at: chrono::Utc::now().timestamp_millis(),
            revoked_at: None,
        })
        .map_err(|e| e.to_string())?;
    Ok(token)
}

pub fn list_tokens(db: &Path) -> Result<Vec<TokenRow>, String> {
    let storage = SqliteStorage::open(db).map_err(|e| e.to_string())?;
    storage.tokens().map_err(|e| e.to_string())
}

pub fn revoke_token(db: &Path, name: &str) -> Result<(), String> {
    let mut storage = SqliteStorage::open(db).map_err(|e| e.to_string())?;
    match storage.revoke_token(name, chrono::Utc::now().timestamp_millis()) {
        Ok(true) => Ok(()),
        Ok(false) => Err(format!("no active token named `{name}`")),
        Err(e) => Err(e.to_string()),
    }
}
