//! Who may do what. Checked by every use case of the API, so a UI cannot bypass it.
//!
//! The roles follow the market leader's profiles and built-in roles: business users
//! (its "standard" profile) draw, test and publish journeys with the configurations
//! read-only; technical users configure events, data sources and actions; publishers
//! (its "approver") publish and move what others built; viewers ("limited") read
//! journeys and reports; administrators do everything and manage the users.
//! On a desktop the workspace file belongs to whoever can write it, so these roles guard
//! against mistakes; the runner's scoped tokens are the boundary (docs/security.md).

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{ApiError, ErrorCode};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Permission {
    ReadJourneys,
    ManageJourneys,
    /// Publish, and move what is published: pause, resume, close (stop also needs
    /// ManageJourneys, as in the market leader).
    PublishJourneys,
    /// Manage events, data sources and custom actions (and their secrets).
    ManageConfigurations,
    Simulate,
    ReadReports,
    ManageUsers,
}

impl Permission {
    pub const ALL: [Permission; 7] = [
        Permission::ReadJourneys,
        Permission::ManageJourneys,
        Permission::PublishJourneys,
        Permission::ManageConfigurations,
        Permission::Simulate,
        Permission::ReadReports,
        Permission::ManageUsers,
    ];

    /// What the permission lets someone do, as a phrase ("may not …").
    pub fn doing(self) -> &'static str {
        match self {
            Permission::ReadJourneys => "read journeys",
            Permission::ManageJourneys => "manage journeys",
            Permission::PublishJourneys => "publish journeys",
            Permission::ManageConfigurations => "manage events, data sources and actions",
            Permission::Simulate => "simulate",
            Permission::ReadReports => "read reports",
            Permission::ManageUsers => "manage users",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Role {
    Technical,
    Business,
    Publisher,
    Administrator,
    Viewer,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Technical,
        Role::Business,
        Role::Publisher,
        Role::Administrator,
        Role::Viewer,
    ];

    pub fn permissions(self) -> BTreeSet<Permission> {
        use Permission::*;
        let list: &[Permission] = match self {
            Role::Business => &[ReadJourneys, ManageJourneys, PublishJourneys, Simulate, ReadReports],
            Role::Technical => &[ReadJourneys, ManageConfigurations, Simulate, ReadReports],
            Role::Publisher => &[ReadJourneys, PublishJourneys, Simulate, ReadReports],
            Role::Administrator => &Permission::ALL,
            Role::Viewer => &[ReadJourneys, ReadReports],
        };
        list.iter().copied().collect()
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Technical => "technical",
            Role::Business => "business",
            Role::Publisher => "publisher",
            Role::Administrator => "administrator",
            Role::Viewer => "viewer",
        }
    }

    /// The roles that hold `permission`, for "ask for …" in a refusal.
    fn holding(permission: Permission) -> Vec<&'static str> {
        Role::ALL
            .iter()
            .filter(|r| r.permissions().contains(&permission))
            .map(|r| r.as_str())
            .collect()
    }
}

impl std::str::FromStr for Role {
    type Err = ApiError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "technical" => Ok(Role::Technical),
            "business" | "standard" => Ok(Role::Business),
            "publisher" | "approver" => Ok(Role::Publisher),
            "administrator" | "admin" => Ok(Role::Administrator),
            "viewer" | "limited" => Ok(Role::Viewer),
            other => Err(ApiError::new(
                ErrorCode::InvalidInput,
                format!("unknown role `{other}` (technical, business, publisher, administrator, viewer)"),
            )),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub name: String,
    /// The role the permissions came from; `None` for a hand-made set (tests, tools).
    pub role: Option<Role>,
    pub permissions: BTreeSet<Permission>,
}

/// Who this person at this machine is: `PARCOURS_USER`, else the OS user.
pub fn local_user_name() -> String {
    ["PARCOURS_USER", "USER", "USERNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|n| !n.trim().is_empty()))
        .unwrap_or_else(|| "local".into())
}

impl Actor {
    pub fn with_role(name: &str, role: Role) -> Actor {
        Actor {
            name: name.to_string(),
            role: Some(role),
            permissions: role.permissions(),
        }
    }

    pub fn require(&self, permission: Permission) -> Result<(), ApiError> {
        if self.permissions.contains(&permission) {
            return Ok(());
        }
        let role = self.role.map(|r| format!(" ({})", r.as_str())).unwrap_or_default();
        Err(ApiError::new(
            ErrorCode::Forbidden,
            format!(
                "{}{role} may not {}: ask an administrator for a role that may ({})",
                self.name,
                permission.doing(),
                Role::holding(permission).join(", ")
            ),
        ))
    }
}
