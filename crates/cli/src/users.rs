//! `parcours user …`: the workspace's users and their roles, as the app's Users screen
//! shows them. Adapters over the workspace (which checks the ManageUsers permission).

use clap::Subcommand;
use parcours_workspace::Role;

use crate::Failure;
use crate::lifecycle::Db;

fn role(text: &str) -> Result<Role, String> {
    text.parse::<Role>().map_err(|e| e.message)
}

#[derive(Subcommand)]
pub enum UserCommand {
    /// Add a person (their OS user name, or the PARCOURS_USER they start the app with).
    Add {
        name: String,
        /// technical, business, publisher, administrator or viewer.
        #[arg(long, value_parser = role)]
        role: Role,
        #[command(flatten)]
        db: Db,
    },
    /// List the users, their roles, who added them and when.
    List {
        #[command(flatten)]
        db: Db,
        /// Print them as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Change a person's role (the last administrator keeps theirs).
    SetRole {
        name: String,
        #[arg(value_parser = role)]
        role: Role,
        #[command(flatten)]
        db: Db,
    },
    /// Remove a person (the last administrator stays).
    Remove {
        name: String,
        #[command(flatten)]
        db: Db,
    },
}

pub fn run(command: UserCommand) -> Result<u8, Failure> {
    match command {
        UserCommand::Add { name, role, db } => {
            crate::open_existing(db.db)?.add_user(&name, role)?;
            println!("Added `{name}` as {}.", role.as_str());
        }
        UserCommand::List { db, json } => {
            let users = crate::open_existing(db.db)?.list_users()?;
            if json {
                // Invariant: user rows are structs of strings: serde_json cannot fail on them.
                println!("{}", serde_json::to_string_pretty(&users).expect("users serialize"));
                return Ok(0);
            }
            let width = users.iter().map(|u| u.name.len()).max().unwrap_or(4).max(4);
            println!("{:<width$}  {:<13}  {:<25}  ADDED BY", "NAME", "ROLE", "ADDED");
            for u in users {
                println!(
                    "{:<width$}  {:<13}  {:<25}  {}",
                    u.name,
                    u.role.as_str(),
                    u.added_at,
                    u.added_by
                );
            }
        }
        UserCommand::SetRole { name, role, db } => {
            crate::open_existing(db.db)?.set_user_role(&name, role)?;
            println!("`{name}` is now {}.", role.as_str());
        }
        UserCommand::Remove { name, db } => {
            crate::open_existing(db.db)?.remove_user(&name)?;
            println!("Removed `{name}`.");
        }
    }
    Ok(0)
}
