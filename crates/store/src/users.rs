//! The workspace's users: a name (the OS user, or `PARCOURS_USER`) and a role. The store
//! keeps the one rule that needs a transaction: the workspace never loses its last
//! administrator, whether by a removal or by a change of role.

use rusqlite::{OptionalExtension, params};

use crate::{Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRow {
    pub name: String,
    /// `technical`, `business`, `publisher`, `administrator` or `viewer`.
    pub role: String,
    pub added_at: String,
    pub added_by: String,
}

fn user_row(r: &rusqlite::Row) -> rusqlite::Result<UserRow> {
    Ok(UserRow {
        name: r.get(0)?,
        role: r.get(1)?,
        added_at: r.get(2)?,
        added_by: r.get(3)?,
    })
}

fn administrators(tx: &rusqlite::Transaction) -> Result<i64, StoreError> {
    Ok(
        tx.query_row("SELECT count(*) FROM users WHERE role = 'administrator'", [], |r| {
            r.get(0)
        })?,
    )
}

/// Refuses a change that took the workspace's last administrator away.
fn keep_an_administrator(tx: &rusqlite::Transaction, name: &str, before: i64) -> Result<(), StoreError> {
    if before > 0 && administrators(tx)? == 0 {
        return Err(StoreError::LastAdministrator { name: name.to_string() });
    }
    Ok(())
}

impl Store {
    pub fn users(&self) -> Result<Vec<UserRow>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT name, role, added_at, added_by FROM users ORDER BY name")?;
        let rows = stmt.query_map([], user_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn user(&self, name: &str) -> Result<Option<UserRow>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT name, role, added_at, added_by FROM users WHERE name = ?1",
                [name],
                user_row,
            )
            .optional()?)
    }

    /// The first person to open a workspace with no users becomes its administrator.
    /// Returns the user row as stored: `name`'s own when the workspace already had users.
    pub fn first_user(&mut self, name: &str, now: &str) -> Result<Option<UserRow>, StoreError> {
        self.write(|tx| {
            let count: i64 = tx.query_row("SELECT count(*) FROM users", [], |r| r.get(0))?;
            if count == 0 {
                tx.execute(
                    "INSERT INTO users (name, role, added_at, added_by) VALUES (?1, 'administrator', ?2, ?1)",
                    params![name, now],
                )?;
            }
            Ok(tx
                .query_row(
                    "SELECT name, role, added_at, added_by FROM users WHERE name = ?1",
                    [name],
                    user_row,
                )
                .optional()?)
        })
    }

    pub fn add_user(&mut self, name: &str, role: &str, now: &str, by: &str) -> Result<(), StoreError> {
        self.write(|tx| {
            let exists: bool = tx.query_row("SELECT count(*) > 0 FROM users WHERE name = ?1", [name], |r| r.get(0))?;
            if exists {
                return Err(StoreError::Exists {
                    kind: "user",
                    name: name.to_string(),
                });
            }
            tx.execute(
                "INSERT INTO users (name, role, added_at, added_by) VALUES (?1, ?2, ?3, ?4)",
                params![name, role, now, by],
            )?;
            Ok(())
        })
    }

    pub fn set_user_role(&mut self, name: &str, role: &str) -> Result<(), StoreError> {
        self.write(|tx| {
            let before = administrators(tx)?;
            let changed = tx.execute("UPDATE users SET role = ?2 WHERE name = ?1", params![name, role])?;
            if changed == 0 {
                return Err(StoreError::NotFound {
                    kind: "user",
                    name: name.to_string(),
                });
            }
            keep_an_administrator(tx, name, before)
        })
    }

    pub fn remove_user(&mut self, name: &str) -> Result<(), StoreError> {
        self.write(|tx| {
            let before = administrators(tx)?;
            if tx.execute("DELETE FROM users WHERE name = ?1", [name])? == 0 {
                return Err(StoreError::NotFound {
                    kind: "user",
                    name: name.to_string(),
                });
            }
            keep_an_administrator(tx, name, before)
        })
    }
}
