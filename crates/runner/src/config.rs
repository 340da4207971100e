//! The runner's settings: a TOML file for what a team sets once (`--config`), command
//! line flags for the two everyone sets (`--db`, `--listen`), defaults for the rest.
//! Unknown keys are refused, so a typo cannot silently fall back to a default.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// The runner's database file.
    pub db: PathBuf,
    pub listen: SocketAddr,
    /// A TOML file of secrets (`name = "value"`), readable by its owner only.
    pub secrets_file: Option<PathBuf>,
    /// Ingest requests waiting for the writer before new ones get 429.
    pub queue: usize,
    /// Calls under way at once.
    pub max_in_flight_calls: usize,
    /// Requests per second per token, and the burst allowed above it.
    pub token_rate: f64,
    pub token_burst: f64,
    /// Largest native ingest body, and largest event payload in it.
    pub max_body_bytes: usize,
    pub max_event_bytes: usize,
    /// Largest release (PUT) body.
    pub max_release_bytes: usize,
    /// Seed of reproducible choices (splits): the simulator's, to get the same paths.
    pub seed: u64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            db: PathBuf::from("runner.sqlite"),
            listen: SocketAddr::from(([127, 0, 0, 1], 8787)),
            secrets_file: None,
            queue: 256,
            max_in_flight_calls: 256,
            token_rate: 2_000.0,
            token_burst: 4_000.0,
            max_body_bytes: 1024 * 1024,
            max_event_bytes: 64 * 1024,
            max_release_bytes: 8 * 1024 * 1024,
            seed: 0,
        }
    }
}

impl Config {
    pub fn load(path: &Path) -> Result<Config, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut config: Config = toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        // Relative paths in the file are relative to the file.
        let base = path.parent().unwrap_or(Path::new("."));
        if config.db.is_relative() {
            config.db = base.join(&config.db);
        }
        if let Some(s) = &config.secrets_file
            && s.is_relative()
        {
            config.secrets_file = Some(base.join(s));
        }
        config.check().map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(config)
    }

    /// Numbers within what the runner can act on: a queue or a pool sized near
    /// `usize::MAX` panicked at start-up (or silently stopped every call) rather than
    /// being refused with its key.
    pub fn check(&self) -> Result<(), String> {
        const GIB: usize = 1024 * 1024 * 1024;
        let counts = [
            ("queue", self.queue, 1_000_000),
            ("max_in_flight_calls", self.max_in_flight_calls, 65_536),
            ("max_body_bytes", self.max_body_bytes, GIB),
            ("max_event_bytes", self.max_event_bytes, GIB),
            ("max_release_bytes", self.max_release_bytes, GIB),
        ];
        for (key, value, most) in counts {
            if !(1..=most).contains(&value) {
                return Err(format!("{key} = {value} is outside 1 to {most}"));
            }
        }
        // A rate of 0 would make a refused client wait forever (Retry-After: u64::MAX).
        let rates = [
            ("token_rate", self.token_rate, 0.001),
            ("token_burst", self.token_burst, 1.0),
        ];
        for (key, value, least) in rates {
            if !(value.is_finite() && (least..=1e9).contains(&value)) {
                return Err(format!("{key} = {value} is outside {least} to 1000000000"));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_misspelt_setting_is_refused_with_its_name() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("runner.toml");
        std::fs::write(&path, "db = \"r.sqlite\"\nqeue = 10\n").unwrap();
        let err = Config::load(&path).unwrap_err();
        assert!(err.contains("unknown field `qeue`"), "{err}");
        std::fs::write(&path, "db = \"r.sqlite\"\nqueue = 10\n").unwrap();
        let config = Config::load(&path).unwrap();
        assert_eq!(config.queue, 10);
        assert_eq!(config.db, dir.path().join("r.sqlite"));
    }

    /// Found by the panic audit: these panicked at start-up or in the call sender.
    #[test]
    fn numbers_beyond_what_the_runner_can_act_on_are_refused_with_their_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("runner.toml");
        for (line, key) in [
            ("queue = 9223372036854775807", "queue"),
            ("max_in_flight_calls = 9223372036854775807", "max_in_flight_calls"),
            ("queue = 0", "queue"),
            ("token_rate = 0.0", "token_rate"),
            ("token_burst = nan", "token_burst"),
            ("max_body_bytes = 0", "max_body_bytes"),
        ] {
            std::fs::write(&path, format!("db = \"r.sqlite\"\n{line}\n")).unwrap();
            let err = Config::load(&path).unwrap_err();
            assert!(
                err.contains(&format!("{key} = ")) && err.contains("is outside"),
                "{line}: {err}"
            );
        }
    }
}
