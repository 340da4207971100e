//! Picks how WebKitGTK rasterizes the window on Linux, before the webview starts.
//!
//! WebKitGTK 2.4x rasterizes with Skia on the GPU by default. On a machine with no GPU
//! (a VM, a remote desktop, Xvfb in CI) that "GPU" is Mesa's llvmpipe, which emulates GL
//! on the CPU and is much slower than Skia's own CPU rasterizer: zooming the opening view of
//! the 1,000-activity journey runs at 31 fps one way and 58 the other, in the same run
//! (docs/benchmarks.md). So when no
//! GPU device node exists we ask WebKit for CPU rendering. A value the user set wins.

use std::path::Path;

/// WebKitGTK's switch for Skia's CPU rasterizer.
pub const CPU_RENDERING_VAR: &str = "WEBKIT_SKIA_ENABLE_CPU_RENDERING";

/// Whether this machine has a GPU that Mesa or NVIDIA's driver can render with:
/// a DRM render node (`/dev/dri/renderD*`) or NVIDIA's `/dev/nvidia0`.
pub fn has_gpu(dev: &Path) -> bool {
    let render_node = std::fs::read_dir(dev.join("dri")).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
    });
    render_node || dev.join("nvidia0").exists()
}

/// The value to give [`CPU_RENDERING_VAR`], if any: none when the user chose, "1" when
/// there is no GPU.
pub fn cpu_rendering_choice(user_value: Option<&str>, gpu: bool) -> Option<&'static str> {
    match (user_value, gpu) {
        (Some(_), _) | (None, true) => None,
        (None, false) => Some("1"),
    }
}

/// Sets [`CPU_RENDERING_VAR`] when the machine has no GPU. Must run before any thread
/// starts (it changes the process environment, which WebKit's processes inherit).
pub fn choose() {
    if !cfg!(target_os = "linux") {
        return;
    }
    let user = std::env::var(CPU_RENDERING_VAR).ok();
    if let Some(value) = cpu_rendering_choice(user.as_deref(), has_gpu(Path::new("/dev"))) {
        // SAFETY: called first thing in `main`, while the process has a single thread.
        unsafe { std::env::set_var(CPU_RENDERING_VAR, value) };
        eprintln!("Parcours: no GPU found, WebKit rasterizes on the CPU ({CPU_RENDERING_VAR}={value})");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_render_node_or_nvidia_device_counts_as_a_gpu() {
        let dev = tempfile::tempdir().unwrap();
        assert!(!has_gpu(dev.path()));
        std::fs::create_dir(dev.path().join("dri")).unwrap();
        std::fs::write(dev.path().join("dri/card0"), "").unwrap();
        assert!(
            !has_gpu(dev.path()),
            "a display card without a render node is not enough"
        );
        std::fs::write(dev.path().join("dri/renderD128"), "").unwrap();
        assert!(has_gpu(dev.path()));

        let nvidia = tempfile::tempdir().unwrap();
        std::fs::write(nvidia.path().join("nvidia0"), "").unwrap();
        assert!(has_gpu(nvidia.path()));
    }

    #[test]
    fn cpu_rendering_only_without_a_gpu_and_never_over_the_users_choice() {
        assert_eq!(cpu_rendering_choice(None, false), Some("1"));
        assert_eq!(cpu_rendering_choice(None, true), None);
        assert_eq!(cpu_rendering_choice(Some("0"), false), None);
        assert_eq!(cpu_rendering_choice(Some("1"), true), None);
    }
}
