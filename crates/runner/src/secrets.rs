//! The runner's secrets. A release names secrets, never carries them; the runner reads
//! their values, and the origins each may be sent to, from its own configuration:
//! environment variables `PARCOURS_SECRET_<NAME>` (the name upper-cased) with
//! `PARCOURS_ORIGINS_<NAME>` (comma-separated origins), and a secrets file (TOML,
//! `[name]` tables with `value` and `origins`) that is refused when users other than
//! its owner may read it. The environment wins over the file. A secret given without
//! origins goes nowhere: publishing a release that sends it is refused, naming it.

use std::collections::HashMap;
use std::path::Path;

use parcours_connectors::Secrets;

#[derive(Default)]
pub struct RunnerSecrets {
    file: HashMap<String, Secret>,
}

use parcours_connectors::{Binding, Secret, origins_env_name, secret_env_name};

/// One `[name]` table of the secrets file (or a bare `name = "value"`, bound nowhere).
fn file_secret(shown: &str, name: &str, value: toml::Value) -> Result<Secret, String> {
    let place = format!("secrets file {shown}: `{name}`");
    match value {
        toml::Value::String(s) => Ok(Secret::new(s, Binding::default())),
        toml::Value::Table(mut t) => {
            let value = match t.remove("value") {
                Some(toml::Value::String(s)) => s,
                _ => return Err(format!("{place}.value must be a string")),
            };
            let origins: Vec<String> = match t.remove("origins") {
                None => vec![],
                Some(toml::Value::Array(list)) => list
                    .into_iter()
                    .enumerate()
                    .map(|(i, o)| match o {
                        toml::Value::String(s) => Ok(s),
                        _ => Err(format!("{place}.origins[{i}] must be a string")),
                    })
                    .collect::<Result<_, _>>()?,
                Some(_) => return Err(format!("{place}.origins must be a list of origins")),
            };
            if let Some(key) = t.keys().next() {
                return Err(format!("{place}: unknown key `{key}` (value, origins)"));
            }
            let binding = Binding::written(&origins).map_err(|e| format!("{place}.origins: {e}"))?;
            Ok(Secret::new(value, binding))
        }
        other => Err(format!(
            "{place} must be a string or a table, found {}",
            other.type_str()
        )),
    }
}

impl RunnerSecrets {
    /// Secrets from the environment, and from `file` when given.
    pub fn load(file: Option<&Path>) -> Result<RunnerSecrets, String> {
        let Some(path) = file else {
            return Ok(RunnerSecrets::default());
        };
        let shown = path.display();
        let meta = std::fs::metadata(path).map_err(|e| format!("secrets file {shown}: {e}"))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = meta.permissions().mode() & 0o777;
            if mode & 0o077 != 0 {
                return Err(format!(
                    "secrets file {shown} may be read by other users (mode {mode:03o}): run `chmod 600 {shown}` and start again"
                ));
            }
        }
        let _ = meta;
        let text = std::fs::read_to_string(path).map_err(|e| format!("secrets file {shown}: {e}"))?;
        let table: toml::Table = text.parse().map_err(|e| format!("secrets file {shown}: {e}"))?;
        let mut map = HashMap::new();
        for (name, value) in table {
            let secret = file_secret(&shown.to_string(), &name, value)?;
            map.insert(name, secret);
        }
        Ok(RunnerSecrets { file: map })
    }

    pub fn has(&self, name: &str) -> bool {
        self.get(name).is_some()
    }
}

impl Secrets for RunnerSecrets {
    fn get(&self, name: &str) -> Option<Secret> {
        let Ok(value) = std::env::var(secret_env_name(name)) else {
            return self.file.get(name).cloned();
        };
        let origins: Vec<String> = std::env::var(origins_env_name(name))
            .map(|l| {
                l.split(',')
                    .map(str::trim)
                    .filter(|o| !o.is_empty())
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default();
        let binding = Binding::written(&origins).unwrap_or_else(|e| {
            tracing::warn!(secret = name, error = %e, "{} is not a list of origins", origins_env_name(name));
            Binding::default()
        });
        Some(Secret::new(value, binding))
    }

    fn where_to_set(&self, name: &str) -> String {
        format!(
            "{} (and {}) or the runner's secrets file",
            secret_env_name(name),
            origins_env_name(name)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secrets_file_others_may_read_is_refused_and_a_private_one_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secrets.toml");
        std::fs::write(&path, "orders_api_key = \"k-123\"\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
            let err = RunnerSecrets::load(Some(&path)).err().unwrap();
            assert!(err.contains("may be read by other users (mode 644)"), "{err}");
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        let secrets = RunnerSecrets::load(Some(&path)).unwrap();
        let key = secrets.get("orders_api_key").unwrap();
        assert_eq!(key.value, "k-123");
        assert!(key.binding.origins.is_empty(), "a bare value is bound nowhere");
        assert!(!secrets.has("other_key"));
    }

    #[test]
    fn a_secret_that_is_not_text_names_its_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secrets.toml");
        std::fs::write(&path, "port = 8080\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        let err = RunnerSecrets::load(Some(&path)).err().unwrap();
        assert!(
            err.contains("`port` must be a string or a table, found integer"),
            "{err}"
        );
    }

    fn private(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secrets.toml");
        std::fs::write(&path, text).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        (dir, path)
    }

    #[test]
    fn a_secret_in_a_table_carries_its_origins() {
        let (_dir, path) = private(
            "[orders_api_key]\nvalue = \"k-1\"\norigins = [\"https://api.shop.example:443\", \"http://127.0.0.1:9000\"]\n",
        );
        let key = RunnerSecrets::load(Some(&path)).unwrap().get("orders_api_key").unwrap();
        assert_eq!(
            key.binding.origins,
            ["https://api.shop.example", "http://127.0.0.1:9000"]
        );
        assert!(
            key.binding
                .permits("orders_api_key", "https://api.shop.example/v1")
                .is_ok()
        );
        assert!(
            key.binding
                .permits("orders_api_key", "https://evil.example/v1")
                .is_err()
        );
    }

    #[test]
    fn a_bad_origin_or_key_in_the_file_names_its_place() {
        let (_dir, path) = private("[k]\nvalue = \"v\"\norigins = [\"ftp://x\"]\n");
        let err = RunnerSecrets::load(Some(&path)).err().unwrap();
        assert!(err.contains("`k`.origins: `ftp://x` is not an http(s) origin"), "{err}");
        let (_dir, path) = private("[k]\nvalue = \"v\"\norigin = [\"https://x\"]\n");
        let err = RunnerSecrets::load(Some(&path)).err().unwrap();
        assert!(err.contains("unknown key `origin`"), "{err}");
    }
}
