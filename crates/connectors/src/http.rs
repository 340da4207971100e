//! The connector itself. One call = one budget (the action's timeout): attempts and
//! the pauses between them all fit in it.

use std::sync::Arc;
use std::time::{Duration, Instant};

use backon::{ExponentialBuilder, Retryable};
use parcours_engine::{ActionOutcome, ActionRequest, DataRequest};
use parcours_model::origin::origin_of;
use parcours_model::{Auth, CustomAction, DataSource, GroupMethod, HttpMethod};
use serde_json::Value;

use crate::Secrets;
use crate::auth::{apply, forget_token};
use crate::limits::{Cache, Caps};

use crate::retry::{self, LOOKUP_BUDGET, LOOKUP_RETRIES};

/// A clock, injected so tests and the runner agree on time.
pub type Clock = Arc<dyn Fn() -> Instant + Send + Sync>;

pub struct HttpConnector {
    client: reqwest::Client,
    /// For calls that carry a secret: a redirect to another origin is an error, never
    /// followed (the secret would go with it).
    guarded: reqwest::Client,
    secrets: Arc<dyn Secrets>,
    clock: Clock,
    caps: Caps,
    tokens: Cache,
    /// First pause between attempts (doubles each time, with jitter).
    pub first_backoff: Duration,
}

/// One failed attempt.
#[derive(Debug)]
enum Attempt {
    Status {
        code: u16,
        retry_after: Option<Duration>,
        body: Value,
    },
    Transport(String),
    /// The call could not even be made (a missing secret): retrying cannot help.
    Auth(String),
}

impl Attempt {
    /// 401, 403 and 404 (and other client errors but 408 and 429) are final.
    fn retryable(&self) -> bool {
        match self {
            Attempt::Status { code, .. } => retry::retryable_status(*code),
            Attempt::Transport(_) => true,
            Attempt::Auth(_) => false,
        }
    }
}

/// A redirect policy that follows only within the first request's origin.
fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let from = attempt.previous().first().map(|u| u.origin().ascii_serialization());
        let to = attempt.url().origin().ascii_serialization();
        if attempt.previous().len() > 10 {
            attempt.error("too many redirects")
        } else if from.as_deref() != Some(to.as_str()) {
            let from = from.unwrap_or_default();
            attempt.error(format!(
                "redirected from {from} to {to}: a call carrying a secret does not follow a redirect to another origin"
            ))
        } else {
            attempt.follow()
        }
    })
}

/// Whether a call sends a secret: an auth, or a `{{secret:…}}` in a header or query value.
fn carries_secrets<'a>(auth: &Auth, mut values: impl Iterator<Item = &'a String>) -> bool {
    !matches!(auth, Auth::None) || values.any(|v| v.contains("{{secret:"))
}

fn host(url: &str) -> String {
    reqwest::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_default()
}

pub(crate) fn method(m: HttpMethod) -> reqwest::Method {
    match m {
        HttpMethod::Get => reqwest::Method::GET,
        HttpMethod::Post => reqwest::Method::POST,
        HttpMethod::Put => reqwest::Method::PUT,
        HttpMethod::Patch => reqwest::Method::PATCH,
        HttpMethod::Delete => reqwest::Method::DELETE,
    }
}

/// `Retry-After` as seconds or as an HTTP date.
fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?.trim();
    match value.parse::<u64>() {
        Ok(seconds) => Some(Duration::from_secs(seconds)),
        Err(_) => httpdate::parse_http_date(value)
            .ok()
            .map(|at| at.duration_since(std::time::SystemTime::now()).unwrap_or_default()),
    }
}

async fn body_of(response: reqwest::Response) -> Value {
    let text = response.text().await.unwrap_or_default();
    serde_json::from_str(&text).unwrap_or(if text.is_empty() {
        Value::Null
    } else {
        Value::String(text)
    })
}

/// The pause before the next attempt: what the server asked for (`Retry-After`),
/// else the backoff's; none when no retry is left or the pause would outlast the
/// budget (the caller then gets the server's answer, not a timeout).
fn wait_as_told(e: &Attempt, delay: Option<Duration>, deadline: Instant) -> Option<Duration> {
    let told = match e {
        Attempt::Status { retry_after, .. } => *retry_after,
        _ => None,
    };
    retry::pause(told, delay, deadline.saturating_duration_since(Instant::now()))
}

impl HttpConnector {
    /// Exponential backoff with jitter from `first_backoff`, at most `times` retries.
    fn policy(&self, times: usize) -> ExponentialBuilder {
        retry::backoff(self.first_backoff, times)
    }

    /// One attempt: auth applied, sent. A 401 drops a cached custom token so the next
    /// attempt fetches a new one.
    async fn send(
        &self,
        call: reqwest::RequestBuilder,
        url: &str,
        auth: &Auth,
        owner: &str,
    ) -> Result<reqwest::Response, Attempt> {
        let call = apply(
            call,
            url,
            auth,
            owner,
            &self.guarded,
            self.secrets.as_ref(),
            &self.tokens,
            (self.clock)(),
        )
        .await
        .map_err(Attempt::Auth)?;
        // Without the URL: a query-string API key must not reach logs or traces.
        let response = call.send().await.map_err(|e| {
            // A refused redirect is final: another attempt would be refused the same way.
            if e.is_redirect() {
                Attempt::Auth(transport_error(e))
            } else {
                Attempt::Transport(transport_error(e))
            }
        })?;
        if response.status().as_u16() == 401 {
            forget_token(&self.tokens, owner);
        }
        Ok(response)
    }

    pub fn new(secrets: Arc<dyn Secrets>) -> Self {
        Self::with_clock(secrets, Arc::new(Instant::now))
    }

    pub fn with_clock(secrets: Arc<dyn Secrets>, clock: Clock) -> Self {
        HttpConnector {
            client: reqwest::Client::new(),
            guarded: reqwest::Client::builder()
                .redirect(same_origin_redirects())
                .build()
                // Invariant: rustls is compiled in; the builder sets nothing else that can fail.
                .expect("a TLS backend is available"),
            secrets,
            clock,
            caps: Caps::default(),
            tokens: Cache::default(),
            first_backoff: retry::FIRST_BACKOFF,
        }
    }

    /// Calls an action: `http_<code>`, `timedout`, `capped` or `internalError`.
    pub async fn call_action(&self, action: &CustomAction, request: &ActionRequest) -> ActionOutcome {
        let now = (self.clock)();
        if !self.caps.take(&host(&request.url), action.calls_per_second, now) {
            return ActionOutcome::failed("capped");
        }
        // A dynamic path must not lead the call, and its credentials, to another origin.
        let (to, own) = (origin_of(&request.url), origin_of(&action.url));
        if to != own {
            tracing::warn!(action = %action.name, "dynamic path changes the origin; call refused");
            return ActionOutcome::internal_error(format!(
                "the dynamic path leads to {} instead of {}: call refused",
                to.as_deref().unwrap_or("an invalid URL"),
                own.as_deref().unwrap_or("?")
            ));
        }
        // `{{secret:NAME}}` in headers and query values, filled only here, at send time.
        let filled = |pairs: &std::collections::BTreeMap<String, String>| -> Result<Vec<(String, String)>, String> {
            pairs
                .iter()
                .map(|(k, v)| Ok((k.clone(), crate::auth::fill(v, self.secrets.as_ref(), &request.url)?)))
                .collect()
        };
        let client = if carries_secrets(&action.auth, request.headers.values().chain(request.query.values())) {
            &self.guarded
        } else {
            &self.client
        };
        let (headers, query) = match (filled(&request.headers), filled(&request.query)) {
            (Ok(h), Ok(q)) => (h, q),
            (Err(e), _) | (_, Err(e)) => {
                tracing::warn!(action = %action.name, error = %e, "action call not made");
                return ActionOutcome::internal_error(e);
            }
        };
        let budget = Duration::from_millis(action.timeout_ms as u64);
        let deadline = Instant::now() + budget;
        let attempt = || async {
            let mut call = client
                .request(method(request.method), &request.url)
                .header("Idempotency-Key", &request.idempotency_key)
                .query(&query);
            for (k, v) in &headers {
                call = call.header(k.as_str(), v.as_str());
            }
            if let Some(body) = &request.body {
                call = call.json(body);
            }
            let response = self.send(call, &request.url, &action.auth, &action.name).await?;
            let code = response.status().as_u16();
            if response.status().is_success() {
                return Ok((code, body_of(response).await));
            }
            let retry_after = retry_after(response.headers());
            Err(Attempt::Status {
                code,
                retry_after,
                body: body_of(response).await,
            })
        };
        let retries = attempt
            .retry(self.policy(action.retries as usize))
            .when(Attempt::retryable)
            .adjust(move |e, d| wait_as_told(e, d, deadline));
        match tokio::time::timeout(budget, retries).await {
            Err(_) => ActionOutcome::failed("timedout"),
            Ok(Ok((code, body))) => ActionOutcome::http(code, body),
            Ok(Err(Attempt::Status { code, body, .. })) => ActionOutcome::http(code, body),
            Ok(Err(Attempt::Transport(e) | Attempt::Auth(e))) => {
                tracing::warn!(action = %action.name, error = %e, "action call failed");
                ActionOutcome::internal_error(e)
            }
        }
    }

    /// Looks data up. Every call reaches the source: results are cached by the engine's
    /// dispatch (per person, in the run's clock), the one cache rule for test and live.
    pub async fn fetch(&self, source: &DataSource, request: &DataRequest) -> Result<Value, String> {
        let now = (self.clock)();
        if !self.caps.take(&host(&request.url), source.rate_per_second, now) {
            return Err("capped".into());
        }
        let m = match request.method {
            GroupMethod::Get => reqwest::Method::GET,
            GroupMethod::Post => reqwest::Method::POST,
        };
        // Lookups retry like actions (backoff with jitter, `Retry-After`, never on
        // 401/403/404), within a 30 s budget.
        let deadline = Instant::now() + LOOKUP_BUDGET;
        let attempt = || async {
            let client = if carries_secrets(&source.auth, std::iter::empty()) {
                &self.guarded
            } else {
                &self.client
            };
            let mut call = client
                .request(m.clone(), &request.url)
                .query(&request.query.iter().collect::<Vec<_>>());
            if let Some(body) = &request.body {
                call = call.json(body);
            }
            let response = self.send(call, &request.url, &source.auth, &source.name).await?;
            let code = response.status().as_u16();
            if response.status().is_success() {
                return Ok(response);
            }
            let retry_after = retry_after(response.headers());
            Err(Attempt::Status {
                code,
                retry_after,
                body: Value::Null,
            })
        };
        let retries = attempt
            .retry(self.policy(LOOKUP_RETRIES))
            .when(Attempt::retryable)
            .adjust(move |e, d| wait_as_told(e, d, deadline));
        let response = match tokio::time::timeout(LOOKUP_BUDGET, retries).await {
            Err(_) => return Err("timedout".into()),
            Ok(Err(Attempt::Status { code, .. })) => return Err(format!("http_{code}")),
            Ok(Err(Attempt::Transport(e) | Attempt::Auth(e))) => return Err(e),
            Ok(Ok(response)) => response,
        };
        Ok(body_of(response).await)
    }
}

/// A transport failure with its causes (`error sending request: connection refused`),
/// without the URL: a query-string API key must not reach logs or traces.
pub(crate) fn transport_error(e: reqwest::Error) -> String {
    let e = e.without_url();
    let mut text = e.to_string();
    let mut cause = std::error::Error::source(&e);
    while let Some(c) = cause {
        text.push_str(": ");
        text.push_str(&c.to_string());
        cause = c.source();
    }
    text
}
