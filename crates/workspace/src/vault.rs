//! The encrypted secrets file: where secrets live on a machine with no keychain service
//! (a server, a CI box, a Linux desktop without a Secret Service). One JSON file,
//! readable by its owner only: the secrets (values and bindings) sealed with
//! XChaCha20-Poly1305 under a key derived from a passphrase by Argon2id, with the KDF's
//! parameters and salt beside the ciphertext so they can grow later. A wrong passphrase
//! fails the AEAD tag: nothing is decrypted, nothing is written. Each write seals the
//! whole file again with a fresh nonce and replaces it in one rename.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use argon2::{Algorithm, Argon2, Params, Version};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, rand_core::RngCore};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};

use crate::{ApiError, ErrorCode};

const FORMAT: &str = "parcours-secrets";

/// A secret as kept in the keychain or the file: its value and where it may go.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoredSecret {
    pub value: String,
    #[serde(default)]
    pub origins: Vec<String>,
    #[serde(default)]
    pub allow_http: bool,
}

impl std::fmt::Debug for StoredSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoredSecret")
            .field("origins", &self.origins)
            .field("allow_http", &self.allow_http)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Kdf {
    memory_kib: u32,
    iterations: u32,
    parallelism: u32,
}

/// OWASP's Argon2id guidance is at least 19 MiB and 2 passes; this is above it.
const KDF: Kdf = Kdf {
    memory_kib: 64 * 1024,
    iterations: 3,
    parallelism: 1,
};

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Sealed {
    format: String,
    version: u32,
    kdf: String,
    #[serde(flatten)]
    params: Kdf,
    salt: String,
    nonce: String,
    ciphertext: String,
}

pub struct Vault {
    path: PathBuf,
    salt: Vec<u8>,
    params: Kdf,
    key: Key,
    secrets: BTreeMap<String, StoredSecret>,
}

fn err(path: &Path, what: impl std::fmt::Display) -> ApiError {
    ApiError::new(
        ErrorCode::SecretStore,
        format!("secrets file {}: {what}", path.display()),
    )
}

fn derive(passphrase: &str, salt: &[u8], params: Kdf, path: &Path) -> Result<Key, ApiError> {
    let argon = Argon2::new(
        Algorithm::Argon2id,
        Version::V0x13,
        Params::new(params.memory_kib, params.iterations, params.parallelism, Some(32))
            .map_err(|e| err(path, format!("bad key parameters: {e}")))?,
    );
    let mut key = Key::default();
    argon
        .hash_password_into(passphrase.as_bytes(), salt, &mut key)
        .map_err(|e| err(path, format!("cannot derive the key: {e}")))?;
    Ok(key)
}

impl Vault {
    /// Opens the file at `path` with `passphrase`, or starts a new one there (written at
    /// the first `set`). A wrong passphrase is refused.
    pub fn open(path: &Path, passphrase: &str) -> Result<Vault, ApiError> {
        if passphrase.is_empty() {
            return Err(err(path, "the passphrase is empty"));
        }
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let mut salt = vec![0u8; 16];
                OsRng.fill_bytes(&mut salt);
                return Ok(Vault {
                    path: path.to_path_buf(),
                    key: derive(passphrase, &salt, KDF, path)?,
                    salt,
                    params: KDF,
                    secrets: BTreeMap::new(),
                });
            }
            Err(e) => return Err(err(path, e)),
        };
        let sealed: Sealed = serde_json::from_str(&text).map_err(|e| err(path, format!("not a secrets file: {e}")))?;
        if sealed.format != FORMAT || sealed.version != 1 || sealed.kdf != "argon2id" {
            return Err(err(
                path,
                format!("unknown format {} v{} ({})", sealed.format, sealed.version, sealed.kdf),
            ));
        }
        let decode = |field: &str, b64: &str| B64.decode(b64).map_err(|e| err(path, format!("{field}: {e}")));
        let salt = decode("salt", &sealed.salt)?;
        let nonce = decode("nonce", &sealed.nonce)?;
        let ciphertext = decode("ciphertext", &sealed.ciphertext)?;
        if nonce.len() != 24 {
            return Err(err(path, "nonce: not 24 bytes"));
        }
        let key = derive(passphrase, &salt, sealed.params, path)?;
        let plain = XChaCha20Poly1305::new(&key)
            .decrypt(XNonce::from_slice(&nonce), ciphertext.as_slice())
            .map_err(|_| err(path, "wrong passphrase (or the file was altered); nothing was read"))?;
        let secrets = serde_json::from_slice(&plain).map_err(|e| err(path, format!("unreadable content: {e}")))?;
        Ok(Vault {
            path: path.to_path_buf(),
            salt,
            params: sealed.params,
            key,
            secrets,
        })
    }

    pub fn get(&self, name: &str) -> Option<&StoredSecret> {
        self.secrets.get(name)
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.secrets.keys().map(String::as_str)
    }

    pub fn set(&mut self, name: &str, secret: StoredSecret) -> Result<(), ApiError> {
        let before = self.secrets.insert(name.to_string(), secret);
        self.save().inspect_err(|_| {
            match before {
                Some(old) => self.secrets.insert(name.to_string(), old),
                None => self.secrets.remove(name),
            };
        })
    }

    /// Removes `name`; whether it was there.
    pub fn delete(&mut self, name: &str) -> Result<bool, ApiError> {
        let Some(old) = self.secrets.remove(name) else {
            return Ok(false);
        };
        self.save().inspect_err(|_| {
            self.secrets.insert(name.to_string(), old);
        })?;
        Ok(true)
    }

    fn save(&self) -> Result<(), ApiError> {
        let path = &self.path;
        let plain = serde_json::to_vec(&self.secrets).map_err(|e| err(path, e))?;
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let ciphertext = XChaCha20Poly1305::new(&self.key)
            .encrypt(&nonce, plain.as_slice())
            .map_err(|_| err(path, "cannot encrypt"))?;
        let sealed = Sealed {
            format: FORMAT.into(),
            version: 1,
            kdf: "argon2id".into(),
            params: self.params,
            salt: B64.encode(&self.salt),
            nonce: B64.encode(nonce),
            ciphertext: B64.encode(ciphertext),
        };
        let text = serde_json::to_string_pretty(&sealed).map_err(|e| err(path, e))?;
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(|e| err(path, e))?;
        let tmp = dir.join(format!(
            ".{}.tmp",
            path.file_name().and_then(|n| n.to_str()).unwrap_or("secrets")
        ));
        {
            use std::io::Write as _;
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create(true).truncate(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            let mut file = options.open(&tmp).map_err(|e| err(path, e))?;
            file.write_all(text.as_bytes()).map_err(|e| err(path, e))?;
            file.sync_all().map_err(|e| err(path, e))?;
        }
        std::fs::rename(&tmp, path).map_err(|e| err(path, e))
    }
}
