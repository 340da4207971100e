//! The panic rule, checked on every `cargo xtask test`: in code that ships (not tests,
//! benches or the fuzz crate), input never reaches a panic. So every `expect`, `unwrap`,
//! `panic!`, `unreachable!`, `todo!` and `unimplemented!` left in it names the invariant
//! that makes it unreachable, in an `// Invariant:` comment on its line or in the few
//! lines above. A new one without that comment fails the check: either it is written as
//! an error, or its reason is written down where a reviewer can judge it.
//! (docs/reliability.md, "Panics".)

use std::path::{Path, PathBuf};

/// How far above a call its invariant comment may be: a statement split over a few lines
/// (a builder chain) keeps its comment at its start.
const REACH: usize = 6;

const CALLS: [&str; 6] = [
    ".expect(",
    ".unwrap()",
    "panic!(",
    "unreachable!(",
    "todo!(",
    "unimplemented!(",
];

/// Line numbers (from 1) of calls with no invariant comment, outside `#[cfg(test)]` items.
pub fn offenders(text: &str) -> Vec<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim_start();
        if line.starts_with("#[cfg(test)]") {
            i = end_of_item(&lines, i + 1);
            continue;
        }
        let code = code_of(line);
        if CALLS.iter().any(|c| code.contains(c)) {
            let from = i.saturating_sub(REACH);
            if !lines[from..=i].iter().any(|l| l.contains("// Invariant:")) {
                out.push(i + 1);
            }
        }
        i += 1;
    }
    out
}

/// A line without its comment and with its string literals emptied: a message or a URL
/// is neither a call nor the start of a comment.
fn code_of(line: &str) -> String {
    let mut code = String::with_capacity(line.len());
    let mut chars = line.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '\\') => {
                chars.next();
            }
            (true, '"') => {
                quoted = false;
                code.push(c);
            }
            (true, _) => {}
            (false, '"') => {
                quoted = true;
                code.push(c);
            }
            (false, '/') if chars.peek() == Some(&'/') => break,
            (false, _) => code.push(c),
        }
    }
    code
}

/// The line after the item starting at `start` (its braces balanced), or after the line
/// itself when it has no block.
fn end_of_item(lines: &[&str], start: usize) -> usize {
    let mut depth = 0i64;
    let mut opened = false;
    for (i, line) in lines.iter().enumerate().skip(start) {
        for c in code_of(line).chars() {
            match c {
                '{' => {
                    depth += 1;
                    opened = true;
                }
                '}' => depth -= 1,
                _ => {}
            }
        }
        if (opened && depth <= 0) || (!opened && line.trim_end().ends_with(';')) {
            return i + 1;
        }
    }
    lines.len()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The shipped sources: each crate's `src` (the fuzz crate is tests), the app, xtask.
fn shipped(root: &Path) -> Vec<PathBuf> {
    let mut dirs = vec![root.join("src-tauri/src"), root.join("xtask/src")];
    if let Ok(crates) = std::fs::read_dir(root.join("crates")) {
        dirs.extend(
            crates
                .flatten()
                .map(|c| c.path())
                .filter(|c| !c.ends_with("fuzz"))
                .map(|c| c.join("src")),
        );
    }
    let mut files = Vec::new();
    for dir in dirs {
        rust_files(&dir, &mut files);
    }
    files.sort();
    files
}

pub fn check(root: &Path) -> Result<(), String> {
    let mut found = Vec::new();
    let mut files = 0;
    for file in shipped(root) {
        let text = std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        files += 1;
        for line in offenders(&text) {
            let shown = file.strip_prefix(root).unwrap_or(&file).display().to_string();
            found.push(format!("{shown}:{line}"));
        }
    }
    if found.is_empty() {
        eprintln!("{files} files: every expect/unwrap/panic names its invariant");
        return Ok(());
    }
    Err(format!(
        "{} panic site(s) without an `// Invariant:` comment (return an error instead, or say why it cannot happen):\n  {}",
        found.len(),
        found.join("\n  ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_call_needs_its_invariant_nearby() {
        let text = "fn a() {\n    x.unwrap();\n}\nfn b() {\n    // Invariant: set above.\n    let y = z\n        .get()\n        .expect(\"set\");\n}\n";
        assert_eq!(offenders(text), [2]);
    }

    #[test]
    fn test_items_comments_strings_and_lookalikes_are_not_calls() {
        let text = "fn a() {\n    x.unwrap_or(1);\n    // never .unwrap() here\n    y.expect_err(\"e\");\n    let s = \"http://a/.unwrap()\\\" }\";\n}\n#[cfg(test)]\nmod tests {\n    fn t() {\n        x.unwrap();\n    }\n}\nfn c() { panic!(\"after the tests\") }\n";
        assert_eq!(offenders(text), [13]);
    }
}
