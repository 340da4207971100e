//! The releases a runner holds and what they make: compiled plans, the engine's
//! [`Dispatcher`] (the newest live version of each journey admits), and the
//! definitions the outbox sender calls with. Checking a release before it is stored
//! (intact, valid, every secret present) is pure and lives here too.

use std::collections::BTreeMap;
use std::sync::{Arc, PoisonError, RwLock};

use parcours_connectors::Binding;
use parcours_engine::{CompileError, Dispatcher, Plan};
use parcours_model::origin::{SecretUse, action_secret_uses, data_source_secret_uses};
use parcours_model::{Bundle, CustomAction, DataSource, Diagnostic, Event, Release};

use crate::error::{ApiError, Code};
use crate::storage::{StoredRelease, VersionState};

/// One stored version, compiled.
pub struct Version {
    pub release: Arc<Release>,
    pub plan: Arc<Plan>,
    pub state: VersionState,
    pub published_at: i64,
    pub paused_at: Option<i64>,
}

/// The configurations calls need, per journey version (shared with the sender).
#[derive(Default)]
pub struct Definitions {
    by_version: RwLock<BTreeMap<(String, u32), Arc<Bundle>>>,
    /// Versions whose calls are held (paused).
    held: RwLock<std::collections::BTreeSet<(String, u32)>>,
}

impl Definitions {
    pub fn action(&self, journey: &str, version: u32, name: &str) -> Option<CustomAction> {
        let map = self.by_version.read().unwrap_or_else(PoisonError::into_inner);
        let bundle = map.get(&(journey.to_string(), version))?;
        bundle.actions.iter().find(|a| a.name == name).cloned()
    }

    pub fn data_source(&self, journey: &str, version: u32, name: &str) -> Option<DataSource> {
        let map = self.by_version.read().unwrap_or_else(PoisonError::into_inner);
        let bundle = map.get(&(journey.to_string(), version))?;
        bundle.data_sources.iter().find(|a| a.name == name).cloned()
    }

    pub fn is_held(&self, journey: &str, version: u32) -> bool {
        self.held
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .contains(&(journey.to_string(), version))
    }
}

#[derive(Default)]
pub struct Live {
    pub versions: BTreeMap<(String, u32), Version>,
    pub definitions: Arc<Definitions>,
}

/// Why a release is refused, before anything is stored.
pub fn check(release: &Release, seed: u64, binding: &dyn Fn(&str) -> Option<Binding>) -> Result<Plan, ApiError> {
    let Some(version) = release.journey_version() else {
        return Err(ApiError::new(
            Code::ValidationFailed,
            "content.journeys: a release holds exactly one journey with one version",
        )
        .at("content.journeys"));
    };
    if !release.is_intact() {
        return Err(ApiError::new(
            Code::ValidationFailed,
            "sha256: does not match the release's content (changed after it was frozen?)",
        )
        .at("sha256"));
    }
    let catalog = release.content.catalog();
    let plan = Plan::compile(&release.journey, version, &catalog, seed).map_err(|e| match e {
        CompileError::Invalid(diagnostics) => invalid(diagnostics),
        other => ApiError::new(Code::ValidationFailed, other.to_string()),
    })?;
    let uses = secret_uses(&release.content);
    let mut missing: Vec<String> = uses
        .iter()
        .filter(|(_, u)| binding(&u.secret).is_none())
        .map(|(_, u)| u.secret.clone())
        .collect();
    missing.dedup();
    if !missing.is_empty() {
        return Err(ApiError::new(
            Code::MissingSecret,
            format!(
                "this runner has no secret named {}: set it in the runner's environment (PARCOURS_SECRET_<NAME>) or secrets file, then publish again",
                missing.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
            ),
        )
        .with_detail(serde_json::json!({ "missingSecrets": missing })));
    }
    // Each secret must be bound to every origin the release sends it to: refused now,
    // with every place named, rather than at each call once people flow.
    let refused: Vec<String> = uses
        .iter()
        .filter_map(|(object, u)| {
            let origin = u.origin.as_deref()?;
            let why = binding(&u.secret)?.permits(&u.secret, origin).err()?;
            Some(format!("{object} {}: {why}", u.path))
        })
        .collect();
    if !refused.is_empty() {
        return Err(ApiError::new(
            Code::SecretNotBound,
            format!(
                "{}; bind the secret on this runner (PARCOURS_ORIGINS_<NAME>, or `origins` in the secrets file), then publish again",
                refused.join("; ")
            ),
        )
        .with_detail(serde_json::json!({ "refused": refused })));
    }
    Ok(plan)
}

/// Each secret a release's configurations send, with the configuration and where to.
fn secret_uses(bundle: &Bundle) -> Vec<(String, SecretUse)> {
    let mut out = Vec::new();
    for a in &bundle.actions {
        out.extend(
            action_secret_uses(a)
                .into_iter()
                .map(|u| (format!("action:{}", a.name), u)),
        );
    }
    for d in &bundle.data_sources {
        out.extend(
            data_source_secret_uses(d)
                .into_iter()
                .map(|u| (format!("dataSource:{}", d.name), u)),
        );
    }
    out.sort_by(|a, b| a.1.secret.cmp(&b.1.secret).then(a.cmp(b)));
    out
}

fn invalid(diagnostics: Vec<Diagnostic>) -> ApiError {
    let first = diagnostics
        .first()
        .map(|d| format!("{} {}: {}", d.object, d.path, d.message))
        .unwrap_or_default();
    ApiError::new(
        Code::ValidationFailed,
        format!("the release has {} error(s); first: {first}", diagnostics.len()),
    )
    .with_detail(serde_json::json!({ "diagnostics": diagnostics }))
}

impl Live {
    /// Loads stored releases (at startup): each was checked when it was published.
    pub fn load(rows: Vec<StoredRelease>, seed: u64) -> Result<Live, String> {
        let mut live = Live::default();
        for row in rows {
            let release: Release = serde_json::from_str(&row.body)
                .map_err(|e| format!("stored release {} v{} does not read: {e}", row.journey, row.version))?;
            let version = release.journey_version().ok_or_else(|| {
                format!(
                    "stored release {} v{} holds no single journey version",
                    row.journey, row.version
                )
            })?;
            let plan = Plan::compile_stored(&row.journey, version, &release.content.catalog(), seed)
                .map_err(|e| format!("stored release {} v{} does not compile: {e}", row.journey, row.version))?;
            live.put(release, plan, row.state, row.published_at, row.paused_at);
        }
        Ok(live)
    }

    pub fn put(
        &mut self,
        release: Release,
        plan: Plan,
        state: VersionState,
        published_at: i64,
        paused_at: Option<i64>,
    ) {
        let key = (release.journey.clone(), release.version);
        self.definitions
            .by_version
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(key.clone(), Arc::new(release.content.clone()));
        self.versions.insert(
            key,
            Version {
                release: Arc::new(release),
                plan: Arc::new(plan),
                state,
                published_at,
                paused_at,
            },
        );
        self.sync_held();
    }

    pub fn set_state(&mut self, journey: &str, version: u32, state: VersionState, paused_at: Option<i64>) {
        if let Some(v) = self.versions.get_mut(&(journey.to_string(), version)) {
            v.state = state;
            v.paused_at = paused_at;
        }
        self.sync_held();
    }

    fn sync_held(&self) {
        let held = self
            .versions
            .iter()
            .filter(|(_, v)| v.state == VersionState::Paused)
            .map(|(k, _)| k.clone())
            .collect();
        *self.definitions.held.write().unwrap_or_else(PoisonError::into_inner) = held;
    }

    pub fn versions_of<'a>(&'a self, journey: &'a str) -> impl Iterator<Item = &'a Version> + 'a {
        self.versions
            .range((journey.to_string(), 0)..=(journey.to_string(), u32::MAX))
            .map(|(_, v)| v)
    }

    /// The dispatch for the current releases: events by name from the newest release
    /// that has them; every version not stopped runs; live ones admit (the newest wins).
    pub fn dispatcher(&self) -> Dispatcher {
        let mut events: BTreeMap<&str, (i64, &Event)> = BTreeMap::new();
        for v in self.versions.values() {
            for e in &v.release.content.events {
                let newer = events.get(e.name.as_str()).is_none_or(|(at, _)| *at <= v.published_at);
                if newer {
                    events.insert(&e.name, (v.published_at, e));
                }
            }
        }
        let events: Vec<Event> = events.into_values().map(|(_, e)| e.clone()).collect();
        let mut dispatcher = Dispatcher::new(&events);
        for v in self.versions.values() {
            if v.state != VersionState::Stopped {
                dispatcher.add(v.plan.clone(), v.state == VersionState::Live);
            }
        }
        // `add` lets the newest admitting version win; a journey whose newest versions
        // are all closed or paused admits nobody.
        let journeys: std::collections::BTreeSet<&str> = self.versions.keys().map(|(j, _)| j.as_str()).collect();
        for j in journeys {
            if !self.versions_of(j).any(|v| v.state == VersionState::Live) {
                dispatcher.close(j);
            }
        }
        dispatcher
    }
}
