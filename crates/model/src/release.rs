//! A release: one published journey version frozen together with exactly the events,
//! data sources and custom actions it uses, as they were when it was published. It is
//! what a runner runs, and all it needs: editing an action afterwards changes the next
//! version, never this one.
//!
//! A release is addressed by the SHA-256 of its content's canonical text (the bundle
//! format: secrets by name only). A second hash covers the journey part alone
//! (activities, connections, properties, data lookups), so a rollback can be shown to
//! restore exactly an older version's journey.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::{Bundle, Catalog, Journey, JourneyStatus, JourneyVersion};

pub const RELEASE_FORMAT: &str = "parcours.release";
pub const RELEASE_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Release {
    /// Always `parcours.release`.
    pub format: String,
    /// Format version; this Parcours reads version 1.
    pub format_version: u32,
    pub journey: String,
    pub version: u32,
    /// SHA-256 (hex) of `content`'s canonical text: the release's address.
    pub sha256: String,
    /// SHA-256 (hex) of the journey part alone: equal for versions that do the same.
    pub journey_sha256: String,
    /// The journey (this version only, as published) and the configurations it uses.
    pub content: Bundle,
}

/// Why a version cannot be frozen.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FreezeError {
    #[error("journey `{journey}` v{version} uses the {kind} `{name}`, which does not exist")]
    Missing {
        journey: String,
        version: u32,
        kind: &'static str,
        name: String,
    },
}

impl Release {
    /// Freezes `version` of `journey` with the configurations it uses from `catalog`.
    pub fn freeze(journey: &Journey, version: &JourneyVersion, catalog: &Catalog) -> Result<Release, FreezeError> {
        let refs = version.references();
        let missing = |kind: &'static str, name: &str| FreezeError::Missing {
            journey: journey.name.clone(),
            version: version.version,
            kind,
            name: name.to_string(),
        };
        let mut content = Bundle::default();
        for name in &refs.events {
            let e = catalog
                .events
                .get(name.as_str())
                .ok_or_else(|| missing("event", name))?;
            content.events.push((*e).clone());
        }
        for name in &refs.data_sources {
            let d = catalog
                .data_sources
                .get(name.as_str())
                .ok_or_else(|| missing("data source", name))?;
            content.data_sources.push((*d).clone());
        }
        for name in &refs.actions {
            let a = catalog
                .actions
                .get(name.as_str())
                .ok_or_else(|| missing("action", name))?;
            content.actions.push((*a).clone());
        }
        content.journeys.push(Journey {
            name: journey.name.clone(),
            description: journey.description.clone(),
            tags: journey.tags.clone(),
            versions: vec![published(version)],
        });
        Ok(Release::of(content))
    }

    /// The same content under another version number (a rollback).
    pub fn renumbered(&self, version: u32) -> Release {
        let mut content = self.content.clone();
        for j in &mut content.journeys {
            for v in &mut j.versions {
                v.version = version;
            }
        }
        Release::of(content)
    }

    fn of(mut content: Bundle) -> Release {
        content.canonicalize();
        let journey = &content.journeys[0];
        let version = &journey.versions[0];
        Release {
            format: RELEASE_FORMAT.into(),
            format_version: RELEASE_VERSION,
            journey: journey.name.clone(),
            version: version.version,
            sha256: sha256_hex(&content.to_canonical_json()),
            journey_sha256: journey_sha256(&journey.name, version),
            content,
        }
    }

    /// The frozen journey version; `None` when the release does not hold exactly one
    /// journey with one version (one read from a damaged row or sent by hand).
    pub fn journey_version(&self) -> Option<&JourneyVersion> {
        match self.content.journeys.as_slice() {
            [journey] => match journey.versions.as_slice() {
                [version] => Some(version),
                _ => None,
            },
            _ => None,
        }
    }

    /// Whether the hashes match the content (a release read from elsewhere).
    pub fn is_intact(&self) -> bool {
        self.content.journeys.len() == 1
            && self.content.journeys[0].versions.len() == 1
            && Release::of(self.content.clone()) == *self
    }
}

/// A version as a release holds it: live, with no lifecycle dates (those are the
/// workspace's and the runner's records, not the content).
fn published(version: &JourneyVersion) -> JourneyVersion {
    JourneyVersion {
        status: JourneyStatus::Live,
        ..version.as_draft(version.version)
    }
}

/// SHA-256 of the journey part of a version: name, properties, data lookups,
/// activities and connections, whatever its number and lifecycle.
pub fn journey_sha256(journey: &str, version: &JourneyVersion) -> String {
    let part = serde_json::json!({
        "journey": journey,
        "properties": version.properties,
        "data": version.data,
        "nodes": version.nodes,
        "edges": version.edges,
    });
    // Invariant: versions are string-keyed structs: serde_json cannot fail on them.
    sha256_hex(&serde_json::to_string(&part).expect("versions serialize"))
}

fn sha256_hex(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The drain choice when a new version is published: what happens to the version
/// people are in now.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
pub enum Drain {
    /// The previous version is closed: it admits nobody, the people inside finish there.
    #[default]
    ClosePrevious,
    /// The previous version stays live beside the new one until the people inside have
    /// left (new people enter the new version either way).
    KeepPrevious,
}
