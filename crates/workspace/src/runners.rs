//! Runners and publishing to them. A runner is a name and a URL in the workspace; its
//! token lives in the OS keychain (service `parcours`, account `runner:<name>`), or for
//! headless use in `PARCOURS_RUNNER_TOKEN_<NAME>`, never in the workspace file.
//!
//! A publish or a lifecycle move queues a push per runner in its own transaction (the
//! push outbox). [`Workspace::deliver_pushes`] sends the due ones with the runner's
//! idempotent API: delivered once (a resent publish of the same release is a 200 there),
//! retried with backoff while the runner is unreachable or answers 5xx / 429, and
//! refused for good on any other 4xx, with the runner's reason kept for the user.

use std::time::Duration;

use backon::{BackoffBuilder, ExponentialBuilder};
use chrono::{DateTime, SecondsFormat, Utc};
use parcours_model::live_report::{Bucket, JourneyReport};
use parcours_store::{NewPush, PushPlan, PushRow, StoredRelease};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use ts_rs::TS;

use crate::{ApiError, ErrorCode, Permission, Workspace};

/// One thing to send: the version (for a publish), the kind, the body.
type Send = (Option<u32>, &'static str, Value);

/// What a lifecycle move sends to the journey's runners.
pub(crate) enum Push {
    Nothing,
    /// The release(s) of this move; to these runners (remembered), or the journey's.
    Publish(Option<Vec<String>>),
    /// `pause`, `resume`, `close` or `stop`.
    Move(&'static str),
}

/// A runner as the app and the CLI show it: never its token, only where it comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RunnerInfo {
    pub name: String,
    pub url: String,
    pub added_at: String,
    /// `keychain`, `secrets file`, `environment`, `missing`, or `elsewhere` (the kept token
    /// was given for another URL: it is not sent to this one).
    pub token: String,
}

/// One push to one runner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PushInfo {
    pub id: i64,
    pub runner: String,
    pub journey: String,
    pub version: Option<u32>,
    /// `publish`, `pause`, `resume`, `close` or `stop`.
    pub kind: String,
    /// `queued` (`lastError` says why it is not delivered yet), `delivered` or `refused`
    /// (`lastError` is the runner's reason).
    pub state: String,
    pub attempts: u32,
    pub last_error: Option<String>,
    pub next_at: String,
    pub created_at: String,
    pub done_at: Option<String>,
}

impl From<PushRow> for PushInfo {
    fn from(r: PushRow) -> Self {
        PushInfo {
            id: r.id,
            runner: r.runner,
            journey: r.journey,
            version: r.version,
            kind: r.kind,
            state: r.state,
            attempts: r.attempts,
            last_error: r.last_error,
            next_at: r.next_at,
            created_at: r.created_at,
            done_at: r.done_at,
        }
    }
}

/// The environment variable a runner's token may come from: `PARCOURS_RUNNER_TOKEN_<NAME>`.
pub fn env_token(name: &str) -> String {
    format!(
        "PARCOURS_RUNNER_TOKEN_{}",
        name.to_ascii_uppercase().replace(['-', '.', ' '], "_")
    )
}

fn keychain_account(name: &str) -> String {
    format!("{}{name}", crate::secret_store::RUNNER_TOKENS)
}

fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn check_name(name: &str) -> Result<(), ApiError> {
    let ok =
        !name.is_empty() && name.len() <= 64 && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(ApiError::new(
            ErrorCode::InvalidInput,
            format!("runner name `{name}`: use 1 to 64 letters, digits, `-` or `_`"),
        ))
    }
}

fn check_url(url: &str) -> Result<String, ApiError> {
    let parsed = reqwest::Url::parse(url)
        .map_err(|e| ApiError::new(ErrorCode::InvalidInput, format!("runner URL `{url}`: {e}")))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(ApiError::new(
            ErrorCode::InvalidInput,
            format!("runner URL `{url}`: use http:// or https:// and a host"),
        ));
    }
    Ok(url.trim_end_matches('/').to_string())
}

/// What "Test connection" found: whether the runner answers, its version, the token's
/// name and scopes, and what is wrong in words a user can act on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RunnerCheck {
    pub reachable: bool,
    pub version: Option<String>,
    pub token_name: Option<String>,
    pub scopes: Vec<String>,
    /// Empty when publishing, moves and reports will work.
    pub problems: Vec<String>,
}

/// A connection test, ready to run without the workspace (it waits on the network).
pub struct RunnerCheckJob {
    url: String,
    /// The token, or why there is none.
    token: Result<String, String>,
}

/// Why a runner has no token to send: `missing`, or `elsewhere` (the kept token was
/// given for another URL), and the words to say so.
struct NoToken {
    state: &'static str,
    why: String,
}

impl RunnerCheckJob {
    pub fn run(self) -> RunnerCheck {
        let mut check = RunnerCheck {
            reachable: false,
            version: None,
            token_name: None,
            scopes: Vec::new(),
            problems: Vec::new(),
        };
        let client = match reqwest::blocking::Client::builder()
            .timeout(Duration::from_secs(10))
            .connect_timeout(Duration::from_secs(5))
            .build()
        {
            Ok(c) => c,
            Err(e) => {
                check.problems.push(e.to_string());
                return check;
            }
        };
        match client.get(format!("{}/healthz", self.url)).send() {
            Err(e) => {
                check.problems.push(format!("cannot reach {}: {}", self.url, cause(&e)));
                return check;
            }
            Ok(r) if !r.status().is_success() => {
                check.problems.push(format!(
                    "{} answers HTTP {} at /healthz: is it a Parcours runner?",
                    self.url,
                    r.status().as_u16()
                ));
                return check;
            }
            Ok(_) => check.reachable = true,
        }
        let token = match self.token {
            Ok(token) => token,
            Err(why) => {
                check.problems.push(why);
                return check;
            }
        };
        match client.get(format!("{}/v1/token", self.url)).bearer_auth(token).send() {
            Err(e) => check.problems.push(format!("cannot reach {}: {}", self.url, cause(&e))),
            Ok(r) if r.status().as_u16() == 401 => check
                .problems
                .push("the runner does not accept this token (revoked, or made for another runner)".into()),
            Ok(r) if !r.status().is_success() => check.problems.push(format!(
                "{} answers HTTP {} at /v1/token: it may be an older runner",
                self.url,
                r.status().as_u16()
            )),
            Ok(r) => {
                let info: Value = r.json().unwrap_or(Value::Null);
                check.version = info["version"].as_str().map(str::to_string);
                check.token_name = info["name"].as_str().map(str::to_string);
                check.scopes = info["scopes"]
                    .as_array()
                    .map(|a| a.iter().filter_map(|s| s.as_str().map(str::to_string)).collect())
                    .unwrap_or_default();
                let has = |s: &str| check.scopes.iter().any(|x| x == s || x == "admin");
                let missing: Vec<&str> = ["publish", "control", "read"].into_iter().filter(|s| !has(s)).collect();
                if !missing.is_empty() {
                    check.problems.push(format!(
                        "the token `{}` lacks the scope{} {}: publishing needs publish, pause/resume/close/stop need control, live reports need read",
                        check.token_name.as_deref().unwrap_or("?"),
                        if missing.len() > 1 { "s" } else { "" },
                        missing.join(", ")
                    ));
                }
            }
        }
        check
    }
}

/// A transport error's innermost cause (`Connection refused`), without the URL.
fn cause(e: &reqwest::Error) -> String {
    let mut last = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        last = s.to_string();
        source = s.source();
    }
    last
}

/// Reading a journey's live report from a runner (network only).
pub struct ReportJob {
    runner: String,
    url: String,
    token: String,
    journey: String,
    from: Option<String>,
    bucket: Option<Bucket>,
}

impl ReportJob {
    /// The report, typed.
    pub fn run(self) -> Result<JourneyReport, ApiError> {
        let runner = self.runner.clone();
        let text = self.fetch(false)?;
        serde_json::from_str(&text).map_err(|e| {
            ApiError::new(
                ErrorCode::InvalidInput,
                format!("runner `{runner}` sent a report this version cannot read: {e}"),
            )
        })
    }

    /// The report as CSV, written to `path` (the file is replaced only once the CSV is
    /// complete, so a failed export leaves an older file as it was).
    pub fn export_csv(self, path: &std::path::Path) -> Result<(), ApiError> {
        let csv = self.fetch(true)?;
        let shown = path.display().to_string();
        let partial = path.with_extension("csv.partial");
        std::fs::write(&partial, csv)
            .and_then(|_| std::fs::rename(&partial, path))
            .map_err(|e| ApiError::new(ErrorCode::Storage, format!("{shown}: {e}")))
    }

    /// The report's text: JSON, or CSV when `csv`.
    pub fn fetch(self, csv: bool) -> Result<String, ApiError> {
        let runner = &self.runner;
        let mut query: Vec<(&str, String)> = Vec::new();
        if let Some(from) = &self.from {
            query.push(("from", from.clone()));
        }
        if let Some(bucket) = self.bucket {
            let b = if bucket == Bucket::Minute { "minute" } else { "hour" };
            query.push(("bucket", b.to_string()));
        }
        let mut url = reqwest::Url::parse(&format!("{}/v1/journeys/{}/report", self.url, self.journey))
            .map_err(|e| ApiError::new(ErrorCode::InvalidInput, e.to_string()))?;
        url.query_pairs_mut().extend_pairs(query);
        let response = reqwest::blocking::Client::new()
            .get(url)
            .bearer_auth(&self.token)
            .header("Accept", if csv { "text/csv" } else { "application/json" })
            .timeout(Duration::from_secs(30))
            .send()
            .map_err(|e| {
                ApiError::new(
                    ErrorCode::Unreachable,
                    format!("runner `{runner}` unreachable: {}", cause(&e)),
                )
            })?;
        let status = response.status().as_u16();
        let text = response
            .text()
            .map_err(|e| ApiError::new(ErrorCode::Unreachable, format!("runner `{runner}`: {}", cause(&e))))?;
        if !(200..300).contains(&status) {
            let body: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
            let code = match status {
                404 => ErrorCode::NotFound,
                401 | 403 => ErrorCode::Forbidden,
                s if s >= 500 => ErrorCode::Unreachable,
                _ => ErrorCode::InvalidInput,
            };
            return Err(ApiError::new(
                code,
                format!("runner `{runner}`: {}", runner_reason(status, &body)),
            ));
        }
        Ok(text)
    }
}

/// How a push attempt ended.
enum Attempt {
    Delivered,
    Refused(String),
    Retry(String, Option<Duration>),
}

impl Workspace {
    /// Checks a runner's name and URL before anything is asked for (its token).
    pub fn check_runner(&self, name: &str, url: &str) -> Result<(), ApiError> {
        check_name(name)?;
        check_url(url).map(|_| ())
    }

    /// The token to send to runner `name` at `url`, and where it came from: the keychain
    /// (or the secrets file), else `PARCOURS_RUNNER_TOKEN_<NAME>`. A kept token goes only
    /// to the origin it was given for: a workspace whose runner was pointed elsewhere
    /// (edited by hand, or sent by someone else) does not send it there.
    fn token_for(&self, name: &str, url: &str) -> Result<(String, &'static str), NoToken> {
        let here = parcours_model::origin::origin_of(url);
        let mut given_for = None;
        match self.secrets.find_kept(&keychain_account(name)) {
            // A token kept without origins (written before tokens were bound) is bound
            // nowhere, as any secret is: it is given again rather than sent anywhere.
            Some((kept, kind)) if here.as_ref().is_some_and(|o| kept.origins.contains(o)) => {
                let source = match kind {
                    crate::secrets::SecretStoreKind::File => "secrets file",
                    _ => "keychain",
                };
                return Ok((kept.value, source));
            }
            Some((kept, _)) if kept.origins.is_empty() => given_for = Some("no URL".to_string()),
            Some((kept, _)) => given_for = Some(kept.origins.join(", ")),
            None => {}
        }
        if let Ok(t) = std::env::var(env_token(name))
            && !t.trim().is_empty()
        {
            return Ok((t.trim().to_string(), "environment"));
        }
        Err(match given_for {
            Some(origins) => NoToken {
                state: "elsewhere",
                why: format!(
                    "runner `{name}`'s token was given for {origins}, not {}: a token goes only to the runner it was given for; give it again for this URL, or set {}",
                    here.as_deref().unwrap_or(url),
                    env_token(name)
                ),
            },
            None => NoToken {
                state: "missing",
                why: format!(
                    "no token for runner `{name}`: add it again with its token, or set {}",
                    env_token(name)
                ),
            },
        })
    }

    /// Adds (or points elsewhere) a runner. `token` goes to the keychain (or, with no
    /// keychain service, the encrypted secrets file); with `None` the token is read from
    /// `PARCOURS_RUNNER_TOKEN_<NAME>` when needed.
    pub fn add_runner(&mut self, name: &str, url: &str, token: Option<&str>) -> Result<RunnerInfo, ApiError> {
        self.require(Permission::PublishJourneys)?;
        check_name(name)?;
        let url = check_url(url)?;
        if let Some(token) = token {
            let kept = crate::vault::StoredSecret {
                value: token.trim().to_string(),
                origins: parcours_model::origin::origin_of(&url).into_iter().collect(),
                allow_http: false,
            };
            self.secrets.put(&keychain_account(name), kept).map_err(|e| {
                ApiError::new(
                    e.code,
                    format!("runner `{name}`'s token: {} (or set {})", e.message, env_token(name)),
                )
            })?;
        } else if let Err(none) = self.token_for(name, &url) {
            return Err(ApiError::new(
                ErrorCode::InvalidInput,
                match none.state {
                    "elsewhere" => none.why,
                    _ => format!("runner `{name}` needs a token: give one, or set {}", env_token(name)),
                },
            ));
        }
        self.store.add_runner(name, &url, &stamp(self.now()))?;
        self.runners()?
            .into_iter()
            .find(|r| r.name == name)
            .ok_or_else(|| ApiError::not_found("runner", name))
    }

    /// "Test connection": what to check, taken from the workspace; run it without it.
    pub fn runner_check_job(&self, name: &str) -> Result<RunnerCheckJob, ApiError> {
        self.require(Permission::ReadJourneys)?;
        let r = self
            .store
            .runner(name)?
            .ok_or_else(|| ApiError::not_found("runner", name))?;
        Ok(RunnerCheckJob {
            token: self.token_for(name, &r.url).map(|(t, _)| t).map_err(|n| n.why),
            url: r.url,
        })
    }

    /// The runners a journey is published to (the publish dialog's default choice).
    pub fn journey_runners(&self, journey: &str) -> Result<Vec<String>, ApiError> {
        self.require(Permission::ReadJourneys)?;
        Ok(self.store.journey_runners(journey)?)
    }

    pub fn runners(&self) -> Result<Vec<RunnerInfo>, ApiError> {
        self.require(Permission::ReadJourneys)?;
        Ok(self
            .store
            .runners()?
            .into_iter()
            .map(|r| RunnerInfo {
                token: match self.token_for(&r.name, &r.url) {
                    Ok((_, source)) => source,
                    Err(none) => none.state,
                }
                .to_string(),
                name: r.name,
                url: r.url,
                added_at: r.added_at,
            })
            .collect())
    }

    /// Removes a runner, its queued pushes, and its token from the keychain.
    pub fn remove_runner(&mut self, name: &str) -> Result<(), ApiError> {
        self.require(Permission::PublishJourneys)?;
        self.store.remove_runner(name)?;
        // Nothing kept (or no store) is fine: the runner is gone either way.
        let _ = self.secrets.delete(&keychain_account(name));
        Ok(())
    }

    /// When the earliest queued push is due, if any (the sender sleeps until then).
    pub fn next_push_due(&self) -> Result<Option<DateTime<Utc>>, ApiError> {
        self.require(Permission::PublishJourneys)?;
        Ok(self
            .store
            .next_push_at()?
            .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
            .map(|t| t.with_timezone(&Utc)))
    }

    /// "Retry now": every queued push becomes due (the sender tries them at once).
    pub fn retry_pushes_now(&mut self) -> Result<(), ApiError> {
        self.require(Permission::PublishJourneys)?;
        Ok(self.store.make_pushes_due(&stamp(self.now()))?)
    }

    /// Pushes, newest first, of one journey or all.
    pub fn pushes(&self, journey: Option<&str>) -> Result<Vec<PushInfo>, ApiError> {
        self.require(Permission::ReadJourneys)?;
        Ok(self.store.pushes(journey)?.into_iter().map(PushInfo::from).collect())
    }

    pub(crate) fn push_plan(
        &self,
        journey: &str,
        releases: &[StoredRelease],
        push: Push,
    ) -> Result<Option<PushPlan>, ApiError> {
        let (remember, kinds): (Option<Vec<String>>, Vec<Send>) = match push {
            Push::Nothing => return Ok(None),
            Push::Publish(remember) => (
                remember,
                releases
                    .iter()
                    .map(|r| {
                        let body = json!({"release": r.release, "drain": r.drain});
                        (Some(r.release.version), "publish", body)
                    })
                    .collect(),
            ),
            Push::Move(kind) => (None, vec![(None, kind, json!({}))]),
        };
        let runners = match &remember {
            Some(r) => r.clone(),
            None => self.store.journey_runners(journey)?,
        };
        if runners.is_empty() && remember.is_none() {
            return Ok(None);
        }
        let pushes = runners
            .iter()
            .flat_map(|runner| {
                kinds.iter().map(move |(version, kind, body)| NewPush {
                    runner: runner.clone(),
                    journey: journey.to_string(),
                    version: *version,
                    kind: kind.to_string(),
                    body: body.to_string(),
                })
            })
            .collect();
        Ok(Some(PushPlan {
            remember,
            pushes,
            now: stamp(self.now()),
        }))
    }

    /// Sends every push that is due (for each runner, its oldest queued one, in order);
    /// gives what happened to each. Safe to call again at any time: a push is marked
    /// delivered only once its runner said so.
    pub fn deliver_pushes(&mut self) -> Result<Vec<PushInfo>, ApiError> {
        self.require(Permission::PublishJourneys)?;
        let client = reqwest::blocking::Client::builder()
            .timeout(Duration::from_secs(30))
            .connect_timeout(Duration::from_secs(5))
            .build()
            .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
        let mut done = Vec::new();
        loop {
            let now = self.now();
            let due = self.store.due_pushes(&stamp(now))?;
            if due.is_empty() {
                break;
            }
            let mut progressed = false;
            for push in due {
                let runner = self.store.runner(&push.runner)?;
                let attempt = match runner {
                    None => Attempt::Refused(format!("runner `{}` was removed", push.runner)),
                    Some(r) => self.attempt(&client, &r.url, &push),
                };
                let at = self.now();
                match attempt {
                    Attempt::Delivered => {
                        self.store.finish_push(push.id, "delivered", None, &stamp(at))?;
                        progressed = true;
                    }
                    Attempt::Refused(reason) => {
                        tracing::warn!(runner = %push.runner, journey = %push.journey, %reason, "push refused");
                        self.store.finish_push(push.id, "refused", Some(&reason), &stamp(at))?;
                        progressed = true;
                    }
                    Attempt::Retry(reason, told) => {
                        // A runner's Retry-After is capped: any number may come back, and
                        // a push is not to be put off for more than an hour.
                        let wait = told.unwrap_or_else(|| backoff(push.attempts)).min(MAX_RETRY_AFTER);
                        let next = at + chrono::Duration::from_std(wait).unwrap_or_default();
                        self.store.retry_push(push.id, &reason, &stamp(next))?;
                    }
                }
                if let Some(row) = self.store.push(push.id)? {
                    done.push(PushInfo::from(row));
                }
            }
            // The next push of a runner is due once the one before it is done.
            if !progressed {
                break;
            }
        }
        Ok(done)
    }

    /// What reading a live report needs, taken from the workspace (the ReadReports
    /// permission, the runner's URL and token); run it without it.
    pub fn report_job(
        &self,
        runner: &str,
        journey: &str,
        from: Option<String>,
        bucket: Option<Bucket>,
    ) -> Result<ReportJob, ApiError> {
        self.require(Permission::ReadReports)?;
        let r = self
            .store
            .runner(runner)?
            .ok_or_else(|| ApiError::not_found("runner", runner))?;
        let (token, _) = self
            .token_for(runner, &r.url)
            .map_err(|none| ApiError::new(ErrorCode::SecretStore, none.why))?;
        Ok(ReportJob {
            runner: runner.to_string(),
            url: r.url,
            token,
            journey: journey.to_string(),
            from,
            bucket,
        })
    }

    fn attempt(&self, client: &reqwest::blocking::Client, base: &str, push: &PushRow) -> Attempt {
        let token = match self.token_for(&push.runner, base) {
            Ok((token, _)) => token,
            Err(none) => return Attempt::Retry(none.why, Some(Duration::from_secs(60))),
        };
        let request = match (push.kind.as_str(), push.version) {
            ("publish", Some(v)) => client.put(format!("{base}/v1/journeys/{}/versions/{v}", push.journey)),
            (kind, _) => client.post(format!("{base}/v1/journeys/{}/{kind}", push.journey)),
        };
        let response = request
            .bearer_auth(token)
            .header("Content-Type", "application/json")
            .body(push.body.clone())
            .send();
        let response = match response {
            Ok(r) => r,
            Err(e) => {
                return Attempt::Retry(
                    format!("runner `{}` unreachable: {}", push.runner, e.without_url()),
                    None,
                );
            }
        };
        let status = response.status().as_u16();
        if response.status().is_success() {
            return Attempt::Delivered;
        }
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok())
            .map(Duration::from_secs);
        let body: Value = response.json().unwrap_or(Value::Null);
        let reason = runner_reason(status, &body);
        if status >= 500 || status == 408 || status == 429 {
            Attempt::Retry(reason, retry_after)
        } else {
            Attempt::Refused(reason)
        }
    }
}

/// The runner's `{code, message, detail}` as one line for people, diagnostics included.
fn runner_reason(status: u16, body: &Value) -> String {
    let mut text = match (body["code"].as_str(), body["message"].as_str()) {
        (Some(code), Some(message)) => format!("{status} {code}: {message}"),
        _ => format!("HTTP {status}"),
    };
    if let Some(diagnostics) = body["detail"]["diagnostics"].as_array() {
        for d in diagnostics.iter().take(20) {
            let place = [d["node"].as_str(), d["field"].as_str()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
            text.push_str(&format!(
                "\n  {} {}{}",
                d["code"].as_str().unwrap_or("?"),
                d["message"].as_str().unwrap_or(""),
                if place.is_empty() {
                    String::new()
                } else {
                    format!(" ({place})")
                }
            ));
        }
    }
    text
}

/// The longest a push waits before it is tried again, whatever a runner asks.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(3600);

/// The wait before try `attempts + 1`: 1 s doubling to 5 min, with jitter.
fn backoff(attempts: u32) -> Duration {
    ExponentialBuilder::default()
        .with_min_delay(Duration::from_secs(1))
        .with_max_delay(Duration::from_secs(300))
        .with_factor(2.0)
        .with_jitter()
        .without_max_times()
        .build()
        .nth(attempts as usize)
        .unwrap_or(Duration::from_secs(300))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Actor, Role};

    /// A token kept without origins (before tokens were bound) is bound nowhere: it is
    /// given again, not sent wherever the runner row points.
    #[test]
    fn a_token_kept_without_origins_is_sent_nowhere() {
        let dir = tempfile::tempdir().unwrap();
        let ws = Workspace::open(
            &dir.path().join("w.sqlite"),
            Actor::with_role("ada", Role::Administrator),
        )
        .unwrap()
        .with_secrets(crate::secrets::LocalSecrets::with_file(dir.path().join("secrets.enc")).without_keychain());
        ws.unlock_secrets("correct horse battery staple").unwrap();
        let legacy = crate::vault::StoredSecret {
            value: "prt_legacy".into(),
            origins: vec![],
            allow_http: false,
        };
        ws.secrets.put(&keychain_account("live"), legacy).unwrap();
        let none = ws.token_for("live", "https://elsewhere.example.com").unwrap_err();
        assert_eq!(none.state, "elsewhere");
        assert!(none.why.contains("was given for no URL"), "{}", none.why);
    }
}
