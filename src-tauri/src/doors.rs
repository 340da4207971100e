//! The app's file doors. A command that reads or writes a file the person picks takes
//! a token, not a path: the token comes from a native dialog this run of the app showed
//! (`choose_file`), and names the one path the person chose there, for that purpose.
//! A script in the window that forges, reuses or guesses a token is refused, so the
//! window cannot make the app read or write any other file.
//!
//! Debug builds only: `PARCOURS_TEST_DIALOG=<path>` answers the dialog instead of
//! showing it, so the real-window tests can choose a file (a native GTK dialog is out
//! of WebDriver's reach). Release builds have no such seam.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;

use parcours_workspace::{ApiError, ErrorCode};
pub use parcours_workspace::{FileChoice, FilePurpose as Purpose};

struct Chosen {
    path: PathBuf,
    purpose: Purpose,
}

/// The files chosen in this run's dialogs, by token.
#[derive(Default)]
pub struct ChosenFiles(Mutex<HashMap<String, Chosen>>);

fn new_token() -> String {
    let mut bytes = [0u8; 16];
    // Invariant: getrandom fails only when the OS has no randomness source, never on input.
    getrandom::fill(&mut bytes).expect("the OS gives random bytes");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl ChosenFiles {
    /// Remembers a path the person chose in a dialog; gives its token.
    pub fn remember(&self, path: PathBuf, purpose: Purpose) -> FileChoice {
        let token = new_token();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        self.lock().insert(token.clone(), Chosen { path, purpose });
        FileChoice { token, name }
    }

    /// The path behind `token`, if a dialog of this run gave it for `purpose`. `keep`
    /// leaves it redeemable (an import's preview, then the import itself).
    pub fn redeem(&self, token: &str, purpose: Purpose, keep: bool) -> Result<PathBuf, ApiError> {
        let mut chosen = self.lock();
        match chosen.get(token) {
            Some(c) if c.purpose == purpose => {
                let path = c.path.clone();
                if !keep {
                    chosen.remove(token);
                }
                Ok(path)
            }
            Some(_) => Err(ApiError::new(
                ErrorCode::Forbidden,
                format!(
                    "this file was not chosen to be {}",
                    if purpose == Purpose::Open { "opened" } else { "written" }
                ),
            )),
            None => Err(ApiError::new(
                ErrorCode::Forbidden,
                "no such file choice: files are read and written only as chosen in this run's dialogs",
            )),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Chosen>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Shows the native dialog (or, in debug builds, takes `PARCOURS_TEST_DIALOG`).
pub fn ask(
    app: &tauri::AppHandle,
    purpose: Purpose,
    title: &str,
    default_name: Option<&str>,
    filter: (&str, &[&str]),
) -> Option<PathBuf> {
    #[cfg(debug_assertions)]
    if let Some(answer) = std::env::var_os("PARCOURS_TEST_DIALOG") {
        return Some(PathBuf::from(answer));
    }
    use tauri_plugin_dialog::DialogExt as _;
    let mut dialog = app.dialog().file().set_title(title).add_filter(filter.0, filter.1);
    if let Some(name) = default_name {
        dialog = dialog.set_file_name(name);
    }
    let picked = match purpose {
        Purpose::Open => dialog.blocking_pick_file(),
        Purpose::Save => dialog.blocking_save_file(),
    };
    picked.and_then(|p| p.into_path().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The window's reach stays minimal: no `eval`, no remote origin in the CSP, and no
    /// plugin permission beyond core (dialogs are Rust's).
    #[test]
    fn the_csp_and_capabilities_stay_minimal() {
        let conf: serde_json::Value = serde_json::from_str(include_str!("../../tauri.conf.json")).unwrap();
        let csp = conf["app"]["security"]["csp"].as_str().unwrap();
        assert!(!csp.contains("unsafe-eval"), "{csp}");
        for directive in csp.split(';') {
            for source in directive.split_whitespace().skip(1) {
                assert!(
                    ["'self'", "'unsafe-inline'", "data:", "blob:"].contains(&source),
                    "`{source}` in `{}`: no remote origins",
                    directive.trim()
                );
            }
        }
        let caps: serde_json::Value = serde_json::from_str(include_str!("../capabilities/default.json")).unwrap();
        assert_eq!(caps["permissions"], serde_json::json!(["core:default"]));
        assert_eq!(caps["windows"], serde_json::json!(["main"]));
    }

    #[test]
    fn only_a_token_from_this_run_for_this_purpose_opens_its_file() {
        let files = ChosenFiles::default();
        let choice = files.remember(PathBuf::from("/home/ada/shop.parcours.json"), Purpose::Open);
        assert_eq!(choice.name, "shop.parcours.json");
        assert_eq!(choice.token.len(), 32);

        let forged = files.redeem("0123456789abcdef0123456789abcdef", Purpose::Open, false);
        assert_eq!(forged.unwrap_err().code, ErrorCode::Forbidden);
        let wrong = files.redeem(&choice.token, Purpose::Save, false).unwrap_err();
        assert!(wrong.message.contains("not chosen to be written"), "{}", wrong.message);

        // A preview keeps it; the import uses it up.
        assert!(files.redeem(&choice.token, Purpose::Open, true).is_ok());
        assert_eq!(
            files.redeem(&choice.token, Purpose::Open, false).unwrap(),
            PathBuf::from("/home/ada/shop.parcours.json")
        );
        assert!(files.redeem(&choice.token, Purpose::Open, false).is_err(), "once");
        assert_ne!(files.remember(PathBuf::from("/a"), Purpose::Save).token, choice.token);
    }
}
