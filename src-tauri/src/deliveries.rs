//! The app's push sender: delivers the workspace's queued publishes and moves to runners
//! on its own thread, with its own connection to the workspace file, so a slow or absent
//! runner never holds the window or the autosave. It wakes when a move queued something
//! (`nudge`) and when the next retry is due, and tells the window (`pushes-changed`)
//! after each round. Queued pushes are in the file: a restart tries them at once.

use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Duration;

use parcours_workspace::{Permission, Workspace};
use tauri::{AppHandle, Emitter};

pub struct Deliveries(mpsc::Sender<()>);

impl Deliveries {
    pub fn start(app: AppHandle, path: PathBuf) -> Deliveries {
        let (nudge, woken) = mpsc::channel();
        // Without a thread (the OS refused one) pushes wait for "Retry now".
        if let Err(e) = std::thread::Builder::new()
            .name("parcours-deliveries".into())
            .spawn(move || run(app, path, woken))
        {
            tracing::warn!(error = %e, "no background push deliveries: the thread did not start");
        }
        Deliveries(nudge)
    }

    pub fn nudge(&self) {
        let _ = self.0.send(());
    }
}

fn run(app: AppHandle, path: PathBuf, woken: mpsc::Receiver<()>) {
    let mut ws = match Workspace::open_local(&path) {
        Ok(ws) => ws,
        Err(e) => {
            tracing::warn!(error = %e, "no push deliveries: the workspace did not open");
            return;
        }
    };
    // Pushes are a publisher's moves; someone who may not publish does not send them.
    if !ws.current_user().permissions.contains(&Permission::PublishJourneys) {
        tracing::info!(user = %ws.current_user().name, "no push deliveries: this role may not publish");
        return;
    }
    // A start is a good moment to try again: whatever was waiting out a backoff while
    // the app was closed goes now.
    if let Err(e) = ws.retry_pushes_now() {
        tracing::warn!(error = %e, "queued pushes could not be made due");
    }
    loop {
        match ws.deliver_pushes() {
            Ok(done) if !done.is_empty() => {
                let _ = app.emit("pushes-changed", ());
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "push delivery failed"),
        }
        let wait = next_due(&ws).unwrap_or(Duration::from_secs(30));
        match woken.recv_timeout(wait) {
            Ok(()) | Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => return,
        }
    }
}

/// Until the earliest queued push is due (at most 30 s, so a nudge-free change is seen).
fn next_due(ws: &Workspace) -> Option<Duration> {
    let at = ws.next_push_due().ok()??;
    let wait = (at - chrono::Utc::now()).to_std().unwrap_or(Duration::ZERO);
    Some(wait.clamp(Duration::from_millis(100), Duration::from_secs(30)))
}
