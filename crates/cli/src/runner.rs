//! `parcours runner …`: serve the runner, and manage its access tokens. Thin adapters
//! over `parcours-runner`, the runner's own door (it is a server beside the workspace,
//! not part of it).

use std::io::Write as _;
use std::path::PathBuf;

use clap::{Args, Subcommand};
use parcours_runner::tokens::{SCOPES, Scope};

use crate::Failure;
use crate::lifecycle::Db;

/// Where the runner's database is.
#[derive(Args)]
pub struct RunnerDb {
    /// The runner's database file (created when missing).
    #[arg(long, value_name = "PATH", default_value = "runner.sqlite")]
    db: PathBuf,
}

#[derive(Subcommand)]
pub enum RunnerCommand {
    /// Run published journeys on live events over HTTP, until SIGTERM or Ctrl-C.
    Serve {
        /// The runner's database file [default: the config file's `db`, else runner.sqlite].
        #[arg(long, value_name = "PATH")]
        db: Option<PathBuf>,
        /// Address and port to listen on [default: the config file's `listen`, else
        /// 127.0.0.1:8787]; port 0 picks a free one.
        #[arg(long, value_name = "ADDR")]
        listen: Option<std::net::SocketAddr>,
        /// A TOML file with the other settings (queue, rates, limits, secrets_file);
        /// see docs/runner-api.md.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
    },
    /// Create, list and revoke the runner's access tokens.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// Add a runner to the workspace (or point it elsewhere). The token is read from
    /// standard input and kept in the OS keychain; when PARCOURS_RUNNER_TOKEN_<NAME> is
    /// set, it is read from there at each use and nothing is kept.
    Add {
        /// The runner's name in this workspace.
        name: String,
        /// Its base URL, e.g. https://runner.example.com.
        url: String,
        #[command(flatten)]
        db: Db,
    },
    /// List the workspace's runners: name, URL, where the token comes from.
    List {
        #[command(flatten)]
        db: Db,
        /// Print them as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Test the connection to a runner: reachable, its version, the token's name and
    /// scopes; exits 1 with what is wrong.
    Check {
        /// The runner's name.
        name: String,
        #[command(flatten)]
        db: Db,
    },
    /// Remove a runner from the workspace (and its token from the keychain).
    Remove {
        /// The runner's name.
        name: String,
        #[command(flatten)]
        db: Db,
    },
    /// Deliver the queued publishes and moves to runners now; list the pushes.
    Push {
        #[command(flatten)]
        db: Db,
        /// Print the pushes as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum TokenCommand {
    /// Create a token and print it once (only its hash is kept).
    Create {
        /// Who or what holds it: a person, a system (shown in the audit log).
        #[arg(long, value_name = "NAME")]
        name: String,
        /// What it may do: publish, control, ingest, read, admin (repeat or comma-separate).
        #[arg(long = "scope", value_name = "SCOPE", value_delimiter = ',', required = true)]
        scopes: Vec<String>,
        #[command(flatten)]
        db: RunnerDb,
    },
    /// List the tokens: name, scopes, created, revoked.
    List {
        #[command(flatten)]
        db: RunnerDb,
    },
    /// Revoke a token by name (a running runner refuses it within a second).
    Revoke {
        /// The token's name.
        name: String,
        #[command(flatten)]
        db: RunnerDb,
    },
}

fn bad(message: String) -> Failure {
    Failure(message, 2)
}

pub fn run(command: RunnerCommand) -> Result<u8, Failure> {
    match command {
        RunnerCommand::Serve { db, listen, config } => {
            let mut settings = match &config {
                Some(path) => parcours_runner::Config::load(path).map_err(bad)?,
                None => parcours_runner::Config::default(),
            };
            if let Some(db) = db {
                settings.db = db;
            }
            if let Some(listen) = listen {
                settings.listen = listen;
            }
            let _ = tracing_subscriber::fmt()
                .with_env_filter(
                    tracing_subscriber::EnvFilter::try_from_env("PARCOURS_LOG")
                        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
                )
                .with_writer(std::io::stderr)
                .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
                .try_init();
            parcours_runner::serve(settings, |addr| {
                println!("parcours runner listening on http://{addr}");
                let _ = std::io::stdout().flush();
            })
            .map_err(bad)?;
            Ok(0)
        }
        RunnerCommand::Token { command } => token(command),
        RunnerCommand::Add { name, url, db } => {
            let mut ws = crate::open_existing(db.db)?;
            ws.check_runner(&name, &url)?;
            let env = parcours_workspace::runner_token_env(&name);
            let token = if std::env::var_os(&env).is_some() {
                None
            } else {
                if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
                    eprint!("Token for runner `{name}`: ");
                }
                let mut text = String::new();
                std::io::Read::read_to_string(&mut std::io::stdin(), &mut text).map_err(|e| bad(e.to_string()))?;
                let text = text.trim().to_string();
                if text.is_empty() {
                    return Err(bad(format!("no token: give it on standard input, or set {env}")));
                }
                Some(text)
            };
            let r = ws.add_runner(&name, &url, token.as_deref())?;
            println!("Runner `{}` at {} (token: {}).", r.name, r.url, r.token);
            Ok(0)
        }
        RunnerCommand::List { db, json } => {
            let ws = crate::open_existing(db.db)?;
            let runners = ws.runners()?;
            if json {
                // Invariant: runner rows are structs of strings: serde_json cannot fail on them.
                println!("{}", serde_json::to_string_pretty(&runners).expect("runners serialize"));
                return Ok(0);
            }
            let width = runners.iter().map(|r| r.name.len()).max().unwrap_or(4).max(4);
            println!("{:<width$}  {:<40}  TOKEN", "NAME", "URL");
            for r in runners {
                println!("{:<width$}  {:<40}  {}", r.name, r.url, r.token);
            }
            Ok(0)
        }
        RunnerCommand::Check { name, db } => {
            let ws = crate::open_existing(db.db)?;
            let check = ws.runner_check_job(&name)?.run();
            if check.reachable {
                println!(
                    "Runner `{name}`: reachable, version {}; token `{}` with {}.",
                    check.version.as_deref().unwrap_or("?"),
                    check.token_name.as_deref().unwrap_or("?"),
                    if check.scopes.is_empty() {
                        "no scope".to_string()
                    } else {
                        check.scopes.join(", ")
                    }
                );
            }
            for p in &check.problems {
                eprintln!("problem: {p}");
            }
            Ok(if check.problems.is_empty() { 0 } else { 1 })
        }
        RunnerCommand::Remove { name, db } => {
            let mut ws = crate::open_existing(db.db)?;
            ws.remove_runner(&name)?;
            println!("Runner `{name}` removed.");
            Ok(0)
        }
        RunnerCommand::Push { db, json } => {
            let mut ws = crate::open_existing(db.db)?;
            // Asked for now: what waits out a backoff is tried too.
            ws.retry_pushes_now()?;
            ws.deliver_pushes()?;
            let pushes = ws.pushes(None)?;
            if json {
                // Invariant: push rows are structs of strings and numbers: serde_json cannot fail on them.
                println!("{}", serde_json::to_string_pretty(&pushes).expect("pushes serialize"));
            } else {
                print!("{}", pushes_text(&pushes));
            }
            Ok(if pushes.iter().any(|p| p.state == "refused") {
                1
            } else {
                0
            })
        }
    }
}

/// Pushes as lines: what, where, state, and why when not delivered.
pub fn pushes_text(pushes: &[parcours_workspace::PushInfo]) -> String {
    let mut t = String::new();
    for p in pushes {
        let what = match p.version {
            Some(v) => format!("{} {} v{v}", p.kind, p.journey),
            None => format!("{} {}", p.kind, p.journey),
        };
        t.push_str(&format!("{what} → {}: {}", p.runner, p.state));
        if p.state != "delivered"
            && let Some(e) = &p.last_error
        {
            t.push_str(&format!(" ({e})"));
        }
        t.push('\n');
    }
    t
}

fn token(command: TokenCommand) -> Result<u8, Failure> {
    match command {
        TokenCommand::Create { name, scopes, db } => {
            let scopes = scopes
                .iter()
                .map(|s| {
                    Scope::parse(s.trim())
                        .ok_or_else(|| bad(format!("no scope `{s}`: use {}", SCOPES.map(|s| s.as_str()).join(", "))))
                })
                .collect::<Result<Vec<_>, _>>()?;
            let token = parcours_runner::create_token(&db.db, &name, &scopes).map_err(bad)?;
            println!("{token}");
            eprintln!("Token `{name}` created. It is shown once: keep it now.");
            Ok(0)
        }
        TokenCommand::List { db } => {
            let rows = parcours_runner::list_tokens(&db.db).map_err(bad)?;
            let time = |ms: i64| {
                parcours_runner::clock::from_millis(ms)
                    .format("%Y-%m-%d %H:%M")
                    .to_string()
            };
            let width = rows.iter().map(|r| r.name.len()).max().unwrap_or(4).max(4);
            println!("{:<width$}  {:<32}  {:<16}  REVOKED", "NAME", "SCOPES", "CREATED");
            for r in rows {
                let revoked = r.revoked_at.map(time).unwrap_or_else(|| "-".into());
                println!(
                    "{:<width$}  {:<32}  {:<16}  {revoked}",
                    r.name,
                    r.scopes.join(","),
                    time(r.created_at)
                );
            }
            Ok(0)
        }
        TokenCommand::Revoke { name, db } => {
            parcours_runner::revoke_token(&db.db, &name).map_err(bad)?;
            println!("Token `{name}` revoked.");
            Ok(0)
        }
    }
}
