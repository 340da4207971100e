//! The workspace's users. The person at the machine is found by name (`PARCOURS_USER`,
//! else the OS user); the first one to open a workspace becomes its administrator, who
//! then adds people and sets their roles (the app's Users screen, `parcours user`).

use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::access::local_user_name;
use crate::{Actor, ApiError, ErrorCode, Permission, Role, Workspace};

/// Who is working, and what they may do: the app adapts its screens to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CurrentUser {
    pub name: String,
    pub role: Option<Role>,
    pub permissions: Vec<Permission>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UserInfo {
    pub name: String,
    pub role: Role,
    pub added_at: String,
    pub added_by: String,
}

fn role_of(row: &parcours_store::UserRow) -> Result<Role, ApiError> {
    row.role.parse()
}

fn user_name(name: &str) -> Result<&str, ApiError> {
    let trimmed = name.trim();
    if trimmed.is_empty() || trimmed.len() > 128 || trimmed.chars().any(char::is_control) {
        return Err(ApiError::new(
            ErrorCode::InvalidInput,
            format!("user name `{name}`: 1 to 128 printable characters"),
        ));
    }
    Ok(trimmed)
}

impl Workspace {
    /// Opens the workspace as the person at this machine. A workspace without users makes
    /// them its administrator; one with users must know them.
    pub fn open_local(path: &Path) -> Result<Workspace, ApiError> {
        let name = local_user_name();
        let mut ws = Workspace::open(path, Actor::with_role(&name, Role::Viewer))?;
        let now = ws.now().to_rfc3339();
        let row = ws.store.first_user(&name, &now)?;
        let Some(row) = row else {
            let users = ws.store.users()?;
            let admins: Vec<&str> = users
                .iter()
                .filter(|u| u.role == "administrator")
                .map(|u| u.name.as_str())
                .collect();
            return Err(ApiError::new(
                ErrorCode::Forbidden,
                format!(
                    "`{name}` is not a user of the workspace {}: an administrator ({}) adds you with `parcours user add {name} --role business` or in the Users screen",
                    path.display(),
                    admins.join(", ")
                ),
            ));
        };
        ws.actor = Actor::with_role(&name, role_of(&row)?);
        Ok(ws)
    }

    /// Who is working, for the app's header and the screens that adapt to the role.
    pub fn current_user(&self) -> CurrentUser {
        CurrentUser {
            name: self.actor.name.clone(),
            role: self.actor.role,
            permissions: self.actor.permissions.iter().copied().collect(),
        }
    }

    pub fn list_users(&self) -> Result<Vec<UserInfo>, ApiError> {
        self.require(Permission::ManageUsers)?;
        self.store
            .users()?
            .iter()
            .map(|u| {
                Ok(UserInfo {
                    name: u.name.clone(),
                    role: role_of(u)?,
                    added_at: u.added_at.clone(),
                    added_by: u.added_by.clone(),
                })
            })
            .collect()
    }

    pub fn add_user(&mut self, name: &str, role: Role) -> Result<(), ApiError> {
        self.require(Permission::ManageUsers)?;
        let name = user_name(name)?;
        let now = self.now().to_rfc3339();
        self.store.add_user(name, role.as_str(), &now, &self.actor.name)?;
        tracing::info!(user = name, role = role.as_str(), by = %self.actor.name, "user added");
        Ok(())
    }

    /// Changes a role; the last administrator keeps theirs. Changing one's own role
    /// takes effect at once.
    pub fn set_user_role(&mut self, name: &str, role: Role) -> Result<(), ApiError> {
        self.require(Permission::ManageUsers)?;
        self.store.set_user_role(name, role.as_str())?;
        tracing::info!(user = name, role = role.as_str(), by = %self.actor.name, "role changed");
        if name == self.actor.name {
            self.actor = Actor::with_role(name, role);
        }
        Ok(())
    }

    pub fn remove_user(&mut self, name: &str) -> Result<(), ApiError> {
        self.require(Permission::ManageUsers)?;
        self.store.remove_user(name)?;
        tracing::info!(user = name, by = %self.actor.name, "user removed");
        Ok(())
    }
}
