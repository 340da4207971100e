//! The publish lifecycle from a shell: publish, versions, diff, rollback, close, stop,
//! pause, resume, new-version and the audit log, each a thin adapter over the workspace
//! API. Exit 1 when validation refuses, 2 on bad input.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::{Args, Subcommand};
use parcours_model::Drain;
use parcours_workspace::{ErrorCode, PublishOutcome, Workspace};

use crate::{Failure, open_existing, require_journey};

/// Where the workspace is.
#[derive(Args)]
pub struct Db {
    /// The workspace database [default: $PARCOURS_DB, else the data directory's
    /// parcours/workspace.sqlite, the app's workspace].
    #[arg(long, value_name = "PATH")]
    pub db: Option<PathBuf>,
}

/// A journey of a workspace.
#[derive(Args)]
pub struct Target {
    /// The journey, by name.
    #[arg(long, value_name = "NAME")]
    journey: String,
    #[command(flatten)]
    db: Db,
    /// Print the result as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct DrainChoice {
    /// Keep the version live until now running beside the new one until the people in
    /// it have left (default: close it; either way new people enter the new version).
    #[arg(long)]
    keep_previous: bool,
}

impl DrainChoice {
    fn drain(&self) -> Drain {
        if self.keep_previous {
            Drain::KeepPrevious
        } else {
            Drain::ClosePrevious
        }
    }
}

#[derive(Subcommand)]
pub enum Lifecycle {
    /// Publish a journey's draft: refused (exit 1) while it has errors. Freezes the
    /// version with the events, data sources and actions it uses (a release).
    Publish {
        #[command(flatten)]
        target: Target,
        #[command(flatten)]
        drain: DrainChoice,
        /// Publish to this runner (repeat for several); remembered for the journey's
        /// later publishes and moves [default: the runners it was published to before].
        #[arg(long = "runner", value_name = "NAME")]
        runners: Vec<String>,
        /// Queue the release for the runners and return; `parcours runner push` (or the
        /// app) delivers it.
        #[arg(long)]
        no_wait: bool,
    },
    /// Print a journey's live report from a runner (per version and activity, totals,
    /// time buckets), as JSON or CSV.
    Report {
        /// The journey, by name.
        #[arg(long, value_name = "NAME")]
        journey: String,
        /// The runner, by its name in the workspace.
        #[arg(long, value_name = "NAME")]
        runner: String,
        #[command(flatten)]
        db: Db,
        /// CSV (period_start,version,activity,measure,key,count) instead of JSON.
        #[arg(long)]
        csv: bool,
        /// Write the CSV to this file (replaced only once complete) instead of printing it.
        #[arg(long, value_name = "FILE", requires = "csv")]
        output: Option<PathBuf>,
    },
    /// List a journey's versions: state, when and by whom published, release hash.
    Versions {
        #[command(flatten)]
        target: Target,
    },
    /// What changed between two versions (activities, connections, properties,
    /// configurations as each version froze them).
    Diff {
        #[command(flatten)]
        target: Target,
        /// The older version [default: the one before --to].
        #[arg(long, value_name = "N")]
        from: Option<u32>,
        /// The newer version [default: the latest].
        #[arg(long, value_name = "N")]
        to: Option<u32>,
    },
    /// Publish an older version's release again as a new version (a draft in progress
    /// moves up one number).
    Rollback {
        #[command(flatten)]
        target: Target,
        /// The version to restore.
        #[arg(long, value_name = "N")]
        to: u32,
        #[command(flatten)]
        drain: DrainChoice,
    },
    /// Start a draft from the latest version.
    NewVersion {
        #[command(flatten)]
        target: Target,
    },
    /// Close the live versions: nobody new enters; the people inside finish.
    Close {
        #[command(flatten)]
        target: Target,
    },
    /// Stop every running version: everyone out, irreversibly.
    Stop {
        #[command(flatten)]
        target: Target,
    },
    /// Pause the live versions (people are held at their next action; 14 days at most).
    Pause {
        #[command(flatten)]
        target: Target,
    },
    /// Resume paused versions.
    Resume {
        #[command(flatten)]
        target: Target,
    },
    /// Print a published version's release as JSON: what a runner's
    /// `PUT /v1/journeys/{journey}/versions/{n}` takes as `release` (see docs/runner-api.md).
    Release {
        /// The journey, by name.
        #[arg(long, value_name = "NAME")]
        journey: String,
        /// The published version.
        #[arg(long, value_name = "N")]
        version: u32,
        #[command(flatten)]
        db: Db,
    },
    /// Print the audit log: who did what to which version, when, with the release hash.
    Audit {
        /// Only this journey.
        #[arg(long, value_name = "NAME")]
        journey: Option<String>,
        #[command(flatten)]
        db: Db,
        /// Print the entries as JSON.
        #[arg(long)]
        json: bool,
    },
}

/// An API refusal as the CLI reports it: validation refusals exit 1, the rest 2.
fn refused(e: parcours_workspace::ApiError) -> Failure {
    let code = if e.code == ErrorCode::ValidationFailed { 1 } else { 2 };
    Failure(format!("{} ({:?})", e.message, e.code), code)
}

/// Opens the workspace and checks the journey is there; a wrong name lists those that are.
fn open_journey(target: &Target) -> Result<Workspace, Failure> {
    let ws = open_existing(target.db.db.clone())?;
    let names: Vec<String> = ws.journey_names().map_err(refused)?;
    let path = ws.database_path().map(|p| p.display().to_string()).unwrap_or_default();
    require_journey(&names, &path, &target.journey)?;
    Ok(ws)
}

/// Delivers until every push `mine` lists is delivered or refused, waiting between
/// tries as the backoff says and saying why on standard error (Ctrl-C leaves them queued).
fn wait_for_delivery(
    ws: &mut Workspace,
    mine: &dyn Fn(&Workspace) -> Result<Vec<parcours_workspace::PushInfo>, Failure>,
) -> Result<(), Failure> {
    let mut said = std::collections::HashSet::new();
    loop {
        ws.deliver_pushes().map_err(refused)?;
        let pushes = mine(ws)?;
        let waiting: Vec<_> = pushes.iter().filter(|p| p.state == "queued").collect();
        if waiting.is_empty() {
            return Ok(());
        }
        for p in &waiting {
            if let Some(e) = &p.last_error
                && said.insert((p.id, p.attempts))
            {
                eprintln!(
                    "{} → {}: {e}; trying again at {} (Ctrl-C leaves it queued)",
                    p.journey, p.runner, p.next_at
                );
            }
        }
        let next = waiting
            .iter()
            .filter_map(|p| chrono::DateTime::parse_from_rfc3339(&p.next_at).ok())
            .min()
            .map(|t| (t.with_timezone(&chrono::Utc) - chrono::Utc::now()).num_milliseconds())
            .unwrap_or(1_000)
            .clamp(100, 60_000);
        std::thread::sleep(std::time::Duration::from_millis(next as u64));
    }
}

fn json<T: serde::Serialize>(value: &T) -> String {
    // Invariant: API results are string-keyed structs and lists: serde_json cannot fail on them.
    serde_json::to_string_pretty(value).expect("API results serialize") + "\n"
}

fn published_text(o: &PublishOutcome, journey: &str) -> String {
    let mut t = format!("published {journey} v{} (sha256 {})", o.version, o.sha256);
    if !o.closed.is_empty() {
        let closed: Vec<String> = o.closed.iter().map(|v| format!("v{v}")).collect();
        let _ = write!(t, "; closed {}", closed.join(", "));
    }
    if let Some(d) = o.draft_moved_to {
        let _ = write!(t, "; the draft in progress is now v{d}");
    }
    t.push('\n');
    t
}

fn moved_text(verb: &str, journey: &str, versions: &[u32]) -> String {
    let list: Vec<String> = versions.iter().map(|v| format!("v{v}")).collect();
    format!("{verb} {journey} {}\n", list.join(", "))
}

/// Runs a lifecycle command; returns what to print.
pub fn run(command: Lifecycle) -> Result<String, Failure> {
    match command {
        Lifecycle::Publish {
            target,
            drain,
            runners,
            no_wait,
        } => {
            let mut ws = open_journey(&target)?;
            let chosen = (!runners.is_empty()).then_some(runners);
            let o = ws.publish_to(&target.journey, drain.drain(), chosen).map_err(refused)?;
            let mut text = if target.json {
                json(&o)
            } else {
                published_text(&o, &target.journey)
            };
            let mine = |ws: &Workspace| -> Result<Vec<parcours_workspace::PushInfo>, Failure> {
                Ok(ws
                    .pushes(Some(&target.journey))
                    .map_err(refused)?
                    .into_iter()
                    .filter(|p| p.kind == "publish" && p.version == Some(o.version))
                    .collect())
            };
            if !no_wait {
                wait_for_delivery(&mut ws, &mine)?;
            }
            let pushes = mine(&ws)?;
            if !target.json {
                text.push_str(&crate::runner::pushes_text(&pushes));
            }
            if pushes.iter().any(|p| p.state == "refused") {
                return Err(Failure(text.trim_end().to_string(), 1));
            }
            Ok(text)
        }
        Lifecycle::Report {
            journey,
            runner,
            db,
            csv,
            output,
        } => {
            let ws = open_existing(db.db)?;
            let job = ws.report_job(&runner, &journey, None, None).map_err(refused)?;
            if let Some(path) = output {
                job.export_csv(&path).map_err(refused)?;
                return Ok(format!("Wrote {}\n", path.display()));
            }
            if csv {
                let mut text = job.fetch(true).map_err(refused)?;
                if !text.ends_with('\n') {
                    text.push('\n');
                }
                return Ok(text);
            }
            // Read as the app reads it, so a report this version cannot read says so.
            Ok(json(&job.run().map_err(refused)?))
        }
        Lifecycle::Rollback { target, to, drain } => {
            let mut ws = open_journey(&target)?;
            let o = ws.rollback(&target.journey, to, drain.drain()).map_err(refused)?;
            Ok(if target.json {
                json(&o)
            } else {
                published_text(&o, &target.journey)
            })
        }
        Lifecycle::Versions { target } => {
            let mut ws = open_journey(&target)?;
            let versions = ws.versions(&target.journey).map_err(refused)?;
            if target.json {
                return Ok(json(&versions));
            }
            let mut t = format!(
                "{:<8} {:<9} {:<21} {:<16} {}\n",
                "version", "state", "published", "by", "sha256"
            );
            for v in &versions {
                let _ = writeln!(
                    t,
                    "{:<8} {:<9} {:<21} {:<16} {}",
                    format!("v{}", v.version),
                    v.state.as_str(),
                    v.published_at.as_deref().unwrap_or("-"),
                    v.published_by.as_deref().unwrap_or("-"),
                    v.sha256.as_deref().unwrap_or("-")
                );
            }
            Ok(t)
        }
        Lifecycle::Diff { target, from, to } => {
            let mut ws = open_journey(&target)?;
            let latest = ws
                .versions(&target.journey)
                .map_err(refused)?
                .last()
                .map(|v| v.version)
                .unwrap_or(1);
            let to = to.unwrap_or(latest);
            let from = from.unwrap_or(to.saturating_sub(1).max(1));
            let diff = ws.diff_versions(&target.journey, from, to).map_err(refused)?;
            Ok(if target.json { json(&diff) } else { diff.to_text() })
        }
        Lifecycle::NewVersion { target } => {
            let mut ws = open_journey(&target)?;
            let n = ws.new_version(&target.journey).map_err(refused)?;
            Ok(if target.json {
                json(&serde_json::json!({ "version": n }))
            } else {
                format!("{} v{n} is a new draft\n", target.journey)
            })
        }
        Lifecycle::Close { target } => moved(target, "closed", |ws, j| ws.close_journey(j)),
        Lifecycle::Stop { target } => moved(target, "stopped", |ws, j| ws.stop_journey(j)),
        Lifecycle::Pause { target } => moved(target, "paused", |ws, j| ws.pause_journey(j)),
        Lifecycle::Resume { target } => moved(target, "resumed", |ws, j| ws.resume_journey(j)),
        Lifecycle::Release { journey, version, db } => {
            let target = Target {
                journey,
                db,
                json: true,
            };
            let mut ws = open_journey(&target)?;
            let release = ws.release(&target.journey, version).map_err(refused)?;
            Ok(json(&release))
        }
        Lifecycle::Audit {
            journey,
            db,
            json: as_json,
        } => {
            let ws = open_existing(db.db)?;
            let entries = ws.audit(journey.as_deref()).map_err(refused)?;
            if as_json {
                return Ok(json(&entries));
            }
            let mut t = String::new();
            for e in &entries {
                let version = e.version.map(|v| format!(" v{v}")).unwrap_or_default();
                let hash = e.sha256.as_deref().map(|h| format!(" sha256:{h}")).unwrap_or_default();
                let detail = if e.detail.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", e.detail)
                };
                let _ = writeln!(
                    t,
                    "{} {} {} {}{version}{hash}{detail}",
                    e.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                    e.actor,
                    e.action.as_str(),
                    e.journey
                );
            }
            Ok(t)
        }
    }
}

fn moved(
    target: Target,
    verb: &str,
    apply: impl FnOnce(&mut Workspace, &str) -> Result<Vec<u32>, parcours_workspace::ApiError>,
) -> Result<String, Failure> {
    let mut ws = open_journey(&target)?;
    let versions = apply(&mut ws, &target.journey).map_err(refused)?;
    Ok(if target.json {
        json(&serde_json::json!({ verb: versions }))
    } else {
        moved_text(verb, &target.journey, &versions)
    })
}
