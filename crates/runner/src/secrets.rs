//! The runner's secrets. A release names secrets, never carries them; the runner reads
//! their values from its own configuration: environment variables
//! `PARCOURS_SECRET_<NAME>` (the name upper-cased), and a secrets file (TOML,
//! `name = "value"`) that is refused when users other than its owner may read it.
//! The environment wins over the file.

use std::collections::HashMap;
use std::path::Path;

use parcours_connectors::Secrets;

#[derive(Default)]
pub struct RunnerSecrets {
    file: HashMap<String, String>,
}

use parcours_connectors::secret_env_name;

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
            match value {
                toml::Value::String(s) => {
                    map.insert(name, s);
                }
                other => {
                    return Err(format!(
                        "secrets file {shown}: `{name}` must be a string, found {}",
                        other.type_str()
                    ));
                }
            }
        }
        Ok(RunnerSecrets { file: map })
    }

    pub fn has(&self, name: &str) -> bool {
        self.get(name).is_some()
    }
}

impl Secrets for RunnerSecrets {
    fn get(&self, name: &str) -> Option<String> {
        std::env::var(secret_env_name(name))
            .ok()
            .or_else(|| self.file.get(name).cloned())
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
        assert_eq!(secrets.get("orders_api_key").as_deref(), Some("k-123"));
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
        assert!(err.contains("`port` must be a string, found integer"), "{err}");
    }
}
