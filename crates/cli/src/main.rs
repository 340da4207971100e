//! `parcours`: the workspace API from a shell. Each subcommand is a thin adapter over
//! `parcours_workspace`; this file only parses arguments, reads files and prints.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use std::sync::atomic::{AtomicU64, Ordering};

use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use parcours_model::Bundle;
use parcours_workspace::simulation::{self, SimulationInput, SimulationRequest};
use parcours_workspace::{self as api, ApiError, ValidationReport, Workspace};

mod lifecycle;
mod runner;
mod secrets;
mod table;
mod users;

// The simulator allocates small values per person and step; mimalloc's per-thread
// heaps do that markedly faster than glibc's malloc (see docs/benchmarks.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "parcours",
    version,
    about = "Validate, simulate, import, export and publish Parcours journeys",
    long_about = "Validate, simulate, import, export and publish Parcours journeys.\n\n\
        Commands that take --db work on a workspace database; without it they use the app's \
        workspace: $PARCOURS_DB, else the data directory's parcours/workspace.sqlite \
        (~/.local/share/parcours/workspace.sqlite on Linux)."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check a bundle file; exits 1 when it has errors.
    Validate {
        /// The bundle file (*.parcours.json).
        file: PathBuf,
        /// Print the diagnostics as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Import a bundle into a workspace database (all of it, or nothing). A live version
    /// with errors refuses the whole bundle (exit 1).
    Import {
        /// The bundle file (*.parcours.json).
        file: PathBuf,
        #[command(flatten)]
        db: lifecycle::Db,
        /// Apply it even though it changes where a data source's or action's calls go
        /// (refused otherwise, with the changes listed). Their secrets stay bound to the
        /// old origin until bound again (`parcours secret bind`).
        #[arg(long)]
        allow_origin_change: bool,
    },
    /// Print a workspace (or one journey with what it uses) as a bundle.
    Export {
        #[command(flatten)]
        db: lifecycle::Db,
        /// Only this journey, with the events, data sources, actions and journeys it uses.
        #[arg(long, value_name = "NAME")]
        journey: Option<String>,
        /// Write to this file instead of standard output.
        #[arg(long, short, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Print the JSON Schema of the bundle format.
    Schema,
    /// Run a journey of a bundle in the simulator (virtual clock, fixtures).
    Simulate {
        /// The bundle file (*.parcours.json).
        bundle: PathBuf,
        /// The journey to run, by name.
        #[arg(long, value_name = "NAME")]
        journey: String,
        /// Test events, one JSON object per line.
        #[arg(long, value_name = "FILE", group = "input")]
        events: Option<PathBuf>,
        /// A what-if run with N synthetic people (at most 1,000,000, as in the app).
        #[arg(long, value_name = "N", group = "input")]
        people: Option<usize>,
        /// People from a CSV file (header: field paths) or JSONL (`--jsonl`).
        #[arg(long, value_name = "FILE", group = "input")]
        csv: Option<PathBuf>,
        /// People from a JSONL file: one entry-event payload per line.
        #[arg(long, value_name = "FILE", group = "input")]
        jsonl: Option<PathBuf>,
        /// Field distributions for synthetic people (JSON: path → distribution).
        #[arg(long, value_name = "FILE")]
        distributions: Option<PathBuf>,
        /// Seed of every reproducible choice (splits, fixture failure draws).
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Virtual start time (RFC 3339); default: the first test event, or 2026-01-05T09:00:00Z.
        #[arg(long, value_name = "TIME")]
        start: Option<String>,
        /// Fixtures (JSON array) replacing the bundle's.
        #[arg(long, value_name = "FILE", conflicts_with = "real")]
        fixtures: Option<PathBuf>,
        /// Call the real systems (opt-in).
        #[arg(long)]
        real: bool,
        /// Print the report and traces as JSON.
        #[arg(long)]
        json: bool,
    },
    /// List every path through a journey and whether generated test people take it.
    Coverage {
        /// The bundle file (*.parcours.json).
        bundle: PathBuf,
        /// The journey, by name.
        #[arg(long, value_name = "NAME")]
        journey: String,
        /// Seed of every reproducible choice.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Print the paths as JSON.
        #[arg(long)]
        json: bool,
    },
    #[command(flatten)]
    Lifecycle(lifecycle::Lifecycle),
    /// Serve the runner (published journeys on live events) and manage its tokens.
    Runner {
        #[command(subcommand)]
        command: runner::RunnerCommand,
    },
    /// Secrets and the origins they may be sent to (values from standard input).
    Secret {
        #[command(subcommand)]
        command: secrets::SecretCommand,
    },
    /// The workspace's users and their roles.
    User {
        #[command(subcommand)]
        command: users::UserCommand,
    },
}

/// A failure, already worded for the user, and the exit code it deserves.
pub(crate) struct Failure(pub(crate) String, pub(crate) u8);

impl From<ApiError> for Failure {
    fn from(e: ApiError) -> Self {
        Failure(format!("{} ({:?})", e.message, e.code), 2)
    }
}

fn read(file: &Path) -> Result<String, Failure> {
    std::fs::read_to_string(file).map_err(|e| Failure(format!("{}: cannot read: {e}", file.display()), 2))
}

fn read_bundle(file: &Path) -> Result<Bundle, Failure> {
    Bundle::parse(&read(file)?).map_err(|e| Failure(format!("{}: {e}", file.display()), 2))
}

/// Runs `f` with a progress bar on standard error when there are many people.
fn with_progress<T>(total: u64, f: impl FnOnce(&AtomicU64) -> Result<T, ApiError>) -> Result<T, Failure> {
    let progress = AtomicU64::new(0);
    if total < 10_000 {
        return f(&progress).map_err(Failure::from);
    }
    let bar = ProgressBar::new(total);
    bar.set_style(
        // Invariant: a constant template, known good (the CLI tests draw this bar).
        ProgressStyle::with_template("{bar:40} {pos}/{len} people ({per_sec}, {eta} left)").expect("a valid template"),
    );
    let done = std::sync::atomic::AtomicBool::new(false);
    // Set when `f` returns or unwinds: a panic in `f` once left the ticker spinning and
    // the scope waiting on it forever.
    struct Stop<'a>(&'a std::sync::atomic::AtomicBool);
    impl Drop for Stop<'_> {
        fn drop(&mut self) {
            self.0.store(true, Ordering::Relaxed);
        }
    }
    std::thread::scope(|scope| {
        let ticker = scope.spawn(|| {
            while !done.load(Ordering::Relaxed) {
                bar.set_position(progress.load(Ordering::Relaxed));
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
        });
        let result = {
            let _stop = Stop(&done);
            f(&progress)
        };
        // Invariant: the ticker only sets a bar's position, which cannot panic.
        ticker.join().expect("the progress thread ends");
        bar.finish_and_clear();
        result.map_err(Failure::from)
    })
}

fn open(db: Option<PathBuf>) -> Result<Workspace, Failure> {
    let path = db.unwrap_or_else(api::default_database_path);
    Workspace::open_local(&path).map_err(Failure::from)
}

/// Opens a workspace that must exist: a mistyped path is an error, not a new workspace.
pub(crate) fn open_existing(db: Option<PathBuf>) -> Result<Workspace, Failure> {
    let path = db.unwrap_or_else(api::default_database_path);
    if !path.exists() {
        return Err(Failure(format!("{}: no workspace there", path.display()), 2));
    }
    open(Some(path))
}

/// `journey` must be among `names` (those of `place`); a wrong name lists those there are.
pub(crate) fn require_journey<S: AsRef<str>>(names: &[S], place: &str, journey: &str) -> Result<(), Failure> {
    if names.iter().any(|n| n.as_ref() == journey) {
        return Ok(());
    }
    let names: Vec<&str> = names.iter().map(AsRef::as_ref).collect();
    let known = if names.is_empty() {
        "it has no journeys".to_string()
    } else {
        format!("its journeys: {}", names.join(", "))
    };
    Err(Failure(format!("no journey `{journey}` in {place}; {known}"), 2))
}

/// [`require_journey`] for a bundle file.
fn require_journey_in(bundle: &Bundle, file: &Path, journey: &str) -> Result<(), Failure> {
    let names: Vec<&str> = bundle.journeys.iter().map(|j| j.name.as_str()).collect();
    require_journey(&names, &file.display().to_string(), journey)
}

fn print_report(report: &ValidationReport, file: &Path) {
    for d in &report.diagnostics {
        println!("{d}");
    }
    println!(
        "{}: {} error{}, {} warning{}",
        file.display(),
        report.errors,
        if report.errors == 1 { "" } else { "s" },
        report.warnings,
        if report.warnings == 1 { "" } else { "s" }
    );
}

fn run(cli: Cli) -> Result<u8, Failure> {
    match cli.command {
        Command::Validate { file, json } => {
            let text = read(&file)?;
            let report = api::validate_bundle_text(&text)
                .map_err(|e| Failure(format!("{}: {}", file.display(), e.message), 2))?;
            if json {
                // Invariant: reports are string-keyed structs and maps: serde_json cannot fail on them.
                println!("{}", serde_json::to_string_pretty(&report).expect("reports serialize"));
            } else {
                print_report(&report, &file);
            }
            Ok(if report.errors > 0 { 1 } else { 0 })
        }
        Command::Import {
            file,
            db,
            allow_origin_change,
        } => {
            // Read first: a mistyped file name must not leave a new, empty workspace behind.
            let text = read(&file)?;
            let mut ws = open(db.db)?;
            let report = ws
                .import_bundle_text_confirmed(&text, allow_origin_change)
                .map_err(|e| {
                    let code = if e.code == api::ErrorCode::ValidationFailed {
                        1
                    } else {
                        2
                    };
                    Failure(format!("{}: {}", file.display(), e.message), code)
                })?;
            println!(
                "imported {} events, {} data sources, {} actions, {} journeys, {} fixtures, {} test profiles into {}",
                report.events,
                report.data_sources,
                report.actions,
                report.journeys,
                report.fixtures,
                report.test_profiles,
                ws.database_path().map(|p| p.display().to_string()).unwrap_or_default()
            );
            for d in &report.diagnostics {
                println!("{d}");
            }
            for c in &report.origin_changes {
                println!(
                    "origin changed: {} now calls {}; bind its secrets there if they should follow ({})",
                    c.object,
                    c.to.join(", "),
                    if c.secrets.is_empty() {
                        "none".to_string()
                    } else {
                        c.secrets.join(", ")
                    }
                );
            }
            Ok(0)
        }
        Command::Export { db, journey, out } => {
            let path = db.db.unwrap_or_else(api::default_database_path);
            if !path.exists() {
                return Err(Failure(
                    format!("{}: no workspace there (nothing to export)", path.display()),
                    2,
                ));
            }
            let ws = open(Some(path))?;
            match out {
                Some(path) => ws
                    .export_bundle_file(&path, journey.as_deref())
                    .map_err(|e| Failure(e.message, 2))?,
                None => print!("{}", ws.export_bundle(journey.as_deref())?),
            }
            Ok(0)
        }
        Command::Schema => {
            print!("{}", api::bundle_schema());
            Ok(0)
        }
        Command::Simulate {
            bundle,
            journey,
            events,
            people,
            csv,
            jsonl,
            distributions,
            seed,
            start,
            fixtures,
            real,
            json,
        } => {
            let start = match start {
                Some(s) => Some(
                    s.parse()
                        .map_err(|e| Failure(format!("--start `{s}`: not an RFC 3339 time ({e})"), 2))?,
                ),
                None => None,
            };
            let parsed = read_bundle(&bundle)?;
            require_journey_in(&parsed, &bundle, &journey)?;
            let input = match (events, people, csv, jsonl) {
                (Some(f), ..) => SimulationInput::Events(read(&f)?),
                (_, Some(count), ..) => SimulationInput::People {
                    count,
                    distributions: match distributions {
                        Some(f) => {
                            serde_json::from_str(&read(&f)?).map_err(|e| Failure(format!("{}: {e}", f.display()), 2))?
                        }
                        None => Default::default(),
                    },
                },
                (_, _, Some(f), _) => SimulationInput::File {
                    text: read(&f)?,
                    csv: true,
                },
                (_, _, _, Some(f)) => SimulationInput::File {
                    text: read(&f)?,
                    csv: false,
                },
                _ => {
                    return Err(Failure(
                        "give --events FILE, --people N, --csv FILE or --jsonl FILE".into(),
                        2,
                    ));
                }
            };
            let fixtures = match fixtures {
                Some(f) => {
                    Some(serde_json::from_str(&read(&f)?).map_err(|e| Failure(format!("{}: {e}", f.display()), 2))?)
                }
                None => None,
            };
            let total = match &input {
                SimulationInput::People { count, .. } => *count as u64,
                _ => 0,
            };
            let request = SimulationRequest {
                journey,
                input,
                seed,
                start,
                fixtures,
                real_calls: real,
            };
            let result = with_progress(total, |progress| simulation::simulate(parsed, request, progress))?;
            if json {
                // Invariant: results are string-keyed structs and maps: serde_json cannot fail on them.
                println!("{}", serde_json::to_string_pretty(&result).expect("results serialize"));
            } else {
                print!("{}", table::simulation(&result));
            }
            Ok(0)
        }
        Command::Coverage {
            bundle,
            journey,
            seed,
            json,
        } => {
            let parsed = read_bundle(&bundle)?;
            require_journey_in(&parsed, &bundle, &journey)?;
            let result = simulation::path_coverage(&parsed, &journey, seed)?;
            if json {
                // Invariant: results are string-keyed structs and maps: serde_json cannot fail on them.
                println!("{}", serde_json::to_string_pretty(&result).expect("results serialize"));
            } else {
                print!("{}", table::coverage(&result));
            }
            Ok(if result.covered as usize == result.paths.len() {
                0
            } else {
                1
            })
        }
        Command::Lifecycle(command) => {
            print!("{}", lifecycle::run(command)?);
            Ok(0)
        }
        Command::Runner { command } => runner::run(command),
        Command::User { command } => users::run(command),
        Command::Secret { command } => secrets::run(command),
    }
}

fn main() -> ExitCode {
    // Like other Unix tools: when the reader goes away (`parcours validate … | head`),
    // end quietly instead of panicking on the next print.
    #[cfg(unix)]
    // SAFETY: restoring a signal's default disposition at start-up, before any thread.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    match run(Cli::parse()) {
        Ok(code) => ExitCode::from(code),
        Err(Failure(message, code)) => {
            eprintln!("error: {message}");
            ExitCode::from(code)
        }
    }
}
