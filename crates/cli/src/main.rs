//! `parcours`: the workspace API from a shell. Each subcommand is a thin adapter over
//! `parcours_workspace`; this file only parses arguments, reads files and prints.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use parcours_workspace::{self as api, Actor, ApiError, ValidationReport, Workspace};

#[derive(Parser)]
#[command(
    name = "parcours",
    version,
    about = "Validate, import and export Parcours journey bundles"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check a bundle file; exits 1 when it has errors.
    Validate {
        file: PathBuf,
        /// Print the diagnostics as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Import a bundle into a workspace database (all of it, or nothing).
    Import {
        file: PathBuf,
        #[arg(long, value_name = "PATH")]
        db: Option<PathBuf>,
    },
    /// Print a workspace (or one journey with what it uses) as a bundle.
    Export {
        #[arg(long, value_name = "PATH")]
        db: Option<PathBuf>,
        #[arg(long, value_name = "NAME")]
        journey: Option<String>,
        /// Write to this file instead of standard output.
        #[arg(long, short, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Print the JSON Schema of the bundle format.
    Schema,
}

/// A failure, already worded for the user, and the exit code it deserves.
struct Failure(String, u8);

impl From<ApiError> for Failure {
    fn from(e: ApiError) -> Self {
        Failure(format!("{} ({:?})", e.message, e.code), 2)
    }
}

fn read(file: &Path) -> Result<String, Failure> {
    std::fs::read_to_string(file).map_err(|e| Failure(format!("{}: cannot read: {e}", file.display()), 2))
}

fn open(db: Option<PathBuf>) -> Result<Workspace, Failure> {
    let path = db.unwrap_or_else(api::default_database_path);
    Workspace::open(&path, Actor::local_user()?).map_err(Failure::from)
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
                println!("{}", serde_json::to_string_pretty(&report).expect("reports serialize"));
            } else {
                print_report(&report, &file);
            }
            Ok(if report.errors > 0 { 1 } else { 0 })
        }
        Command::Import { file, db } => {
            let text = read(&file)?;
            let mut ws = open(db)?;
            let report = ws
                .import_bundle_text(&text)
                .map_err(|e| Failure(format!("{}: {}", file.display(), e.message), 2))?;
            println!(
                "imported {} events, {} data sources, {} actions, {} journeys into {}",
                report.events,
                report.data_sources,
                report.actions,
                report.journeys,
                ws.database_path().map(|p| p.display().to_string()).unwrap_or_default()
            );
            for d in &report.diagnostics {
                println!("{d}");
            }
            Ok(0)
        }
        Command::Export { db, journey, out } => {
            let path = db.unwrap_or_else(api::default_database_path);
            if !path.exists() {
                return Err(Failure(
                    format!("{}: no workspace there (nothing to export)", path.display()),
                    2,
                ));
            }
            let ws = open(Some(path))?;
            let text = ws.export_bundle(journey.as_deref())?;
            match out {
                Some(path) => std::fs::write(&path, text)
                    .map_err(|e| Failure(format!("{}: cannot write: {e}", path.display()), 2))?,
                None => print!("{text}"),
            }
            Ok(0)
        }
        Command::Schema => {
            print!("{}", api::bundle_schema());
            Ok(0)
        }
    }
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => ExitCode::from(code),
        Err(Failure(message, code)) => {
            eprintln!("error: {message}");
            ExitCode::from(code)
        }
    }
}
