//! `parcours secret …`: secrets from the shell, for machines without the app or without
//! a keychain. The value is read from standard input, never from an argument (arguments
//! show in `ps` and shell history); where it may go is given with `--origin`.

use std::io::Read as _;

use clap::Subcommand;
use parcours_workspace::secrets::SecretBinding;

use crate::Failure;
use crate::lifecycle::Db;

#[derive(Subcommand)]
pub enum SecretCommand {
    /// Keep a secret (value from standard input) with the origins it may be sent to:
    /// in the OS keychain, else in the encrypted secrets file (PARCOURS_SECRETS_PASSPHRASE).
    Set {
        name: String,
        /// An origin it may go to, e.g. https://api.example.com (repeat for several).
        #[arg(long = "origin", value_name = "URL", required = true)]
        origins: Vec<String>,
        /// Allow plain http:// beyond this machine.
        #[arg(long)]
        allow_http: bool,
        #[command(flatten)]
        db: Db,
    },
    /// Change where a kept secret may go, keeping its value.
    Bind {
        name: String,
        #[arg(long = "origin", value_name = "URL", required = true)]
        origins: Vec<String>,
        #[arg(long)]
        allow_http: bool,
        #[command(flatten)]
        db: Db,
    },
    /// The secrets the configurations send and those in the secrets file: set or not,
    /// where kept, where they may go, who sends them where. Never a value.
    List {
        #[command(flatten)]
        db: Db,
        /// Print them as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Forget a secret on this machine.
    Delete {
        name: String,
        #[command(flatten)]
        db: Db,
    },
}

fn value_from_stdin(name: &str) -> Result<String, Failure> {
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .map_err(|e| Failure(format!("cannot read the value of `{name}` from standard input: {e}"), 2))?;
    let value = text
        .strip_suffix('\n')
        .map(|t| t.strip_suffix('\r').unwrap_or(t))
        .unwrap_or(&text);
    if value.is_empty() {
        return Err(Failure(
            format!(
                "no value for `{name}` on standard input (e.g. `printf %s \"$KEY\" | parcours secret set {name} --origin …`)"
            ),
            2,
        ));
    }
    Ok(value.to_string())
}

pub fn run(command: SecretCommand) -> Result<u8, Failure> {
    match command {
        SecretCommand::Set {
            name,
            origins,
            allow_http,
            db,
        } => {
            let ws = crate::open_existing(db.db)?;
            let value = value_from_stdin(&name)?;
            let store = ws.set_secret(&name, &value, &SecretBinding { origins, allow_http })?;
            println!("Secret `{name}` kept ({store:?}).");
        }
        SecretCommand::Bind {
            name,
            origins,
            allow_http,
            db,
        } => {
            crate::open_existing(db.db)?.bind_secret(&name, &SecretBinding { origins, allow_http })?;
            println!("Secret `{name}` bound.");
        }
        SecretCommand::List { db, json } => {
            let overview = crate::open_existing(db.db)?.secrets_overview()?;
            if json {
                println!(
                    "{}",
                    // Invariant: the overview is structs of strings: serde_json cannot fail on it.
                    serde_json::to_string_pretty(&overview).expect("secrets serialize")
                );
                return Ok(0);
            }
            match &overview.keychain_problem {
                None => println!("Keychain: available."),
                Some(why) => println!(
                    "Keychain: {why}. Secrets file: {} ({}).",
                    overview.file,
                    if overview.file_unlocked {
                        "unlocked"
                    } else {
                        "locked: set PARCOURS_SECRETS_PASSPHRASE"
                    }
                ),
            }
            for s in &overview.secrets {
                let kept = match (&s.store, s.set) {
                    (Some(k), _) => format!("{k:?}").to_lowercase(),
                    (None, _) => "NOT SET".into(),
                };
                println!(
                    "\n{}  {kept}  → {}",
                    s.name,
                    if s.origins.is_empty() {
                        "(no origin)".into()
                    } else {
                        s.origins.join(", ")
                    }
                );
                for u in &s.used_by {
                    println!(
                        "  used by {} {} → {}",
                        u.object,
                        u.path,
                        u.origin.as_deref().unwrap_or("?")
                    );
                }
                for p in &s.problems {
                    println!("  problem: {p}");
                }
            }
        }
        SecretCommand::Delete { name, db } => {
            crate::open_existing(db.db)?.delete_secret(&name)?;
            println!("Secret `{name}` deleted.");
        }
    }
    Ok(0)
}
