//! Who may do what. Checked by every use case of the API, so a UI cannot bypass it.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{ApiError, ErrorCode};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Permission {
    ReadJourneys,
    ManageJourneys,
    PublishJourneys,
    ManageConfigurations,
    Simulate,
    ReadReports,
}

/// The usual profiles: business users draw and publish, technical users configure,
/// administrators do both, read-only users look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Role {
    Business,
    Technical,
    Administrator,
    ReadOnly,
}

impl Role {
    pub fn permissions(self) -> BTreeSet<Permission> {
        use Permission::*;
        let list: &[Permission] = match self {
            Role::Business => &[ReadJourneys, ManageJourneys, PublishJourneys, Simulate, ReadReports],
            Role::Technical => &[ReadJourneys, ManageConfigurations, Simulate, ReadReports],
            Role::Administrator => &[
                ReadJourneys,
                ManageJourneys,
                PublishJourneys,
                ManageConfigurations,
                Simulate,
                ReadReports,
            ],
            Role::ReadOnly => &[ReadJourneys, ReadReports],
        };
        list.iter().copied().collect()
    }
}

impl std::str::FromStr for Role {
    type Err = ApiError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "business" => Ok(Role::Business),
            "technical" => Ok(Role::Technical),
            "administrator" | "admin" => Ok(Role::Administrator),
            "readOnly" | "read-only" => Ok(Role::ReadOnly),
            other => Err(ApiError::new(
                ErrorCode::InvalidInput,
                format!("unknown role `{other}` (business, technical, administrator, read-only)"),
            )),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub name: String,
    pub permissions: BTreeSet<Permission>,
}

impl Actor {
    pub fn with_role(name: &str, role: Role) -> Actor {
        Actor {
            name: name.to_string(),
            permissions: role.permissions(),
        }
    }

    /// The person at this machine: a local, offline workspace belongs to its user.
    /// `PARCOURS_ROLE` narrows it (e.g. to try the app as a business user).
    pub fn local_user() -> Result<Actor, ApiError> {
        let name = std::env::var("USER").unwrap_or_else(|_| "local".into());
        let role = match std::env::var("PARCOURS_ROLE") {
            Ok(r) => r.parse()?,
            Err(_) => Role::Administrator,
        };
        Ok(Actor::with_role(&name, role))
    }

    pub fn require(&self, permission: Permission) -> Result<(), ApiError> {
        if self.permissions.contains(&permission) {
            Ok(())
        } else {
            Err(ApiError::new(
                ErrorCode::Forbidden,
                format!("{} lacks the permission {permission:?}", self.name),
            ))
        }
    }
}
