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

const CALLS: [&str; 8] = [
    ".expect(",
    ".unwrap()",
    ".expect_err(",
    ".unwrap_err()",
    "panic!(",
    "unreachable!(",
    "todo!(",
    "unimplemented!(",
];

/// Line numbers (from 1) of calls with no invariant comment, outside `#[cfg(test)]` items.
pub fn offenders(text: &str) -> Vec<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let code = code_lines(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if code[i].trim_start().starts_with("#[cfg(test)]") {
            i = end_of_item(&code, i + 1);
            continue;
        }
        if CALLS.iter().any(|c| code[i].contains(c)) {
            let from = i.saturating_sub(REACH);
            if !lines[from..=i].iter().any(|l| l.contains("// Invariant:")) {
                out.push(i + 1);
            }
        }
        i += 1;
    }
    out
}

/// Each line's code: comments dropped, string and character literals emptied (a message
/// or a URL is neither a call nor the start of a comment). Strings, raw strings and
/// block comments may span lines, so the whole file is read in one pass.
fn code_lines(text: &str) -> Vec<String> {
    enum In {
        Code,
        Str,
        Raw(usize),
        Block(usize),
    }
    let mut state = In::Code;
    let mut out = Vec::new();
    for line in text.lines() {
        let chars: Vec<char> = line.chars().collect();
        let mut code = String::with_capacity(line.len());
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            let next = chars.get(i + 1).copied();
            match state {
                In::Str => match c {
                    '\\' => i += 1,
                    '"' => {
                        code.push('"');
                        state = In::Code;
                    }
                    _ => {}
                },
                In::Raw(hashes) => {
                    if c == '"' && chars[i + 1..].iter().take(hashes).filter(|&&h| h == '#').count() == hashes {
                        code.push('"');
                        i += hashes;
                        state = In::Code;
                    }
                }
                In::Block(depth) => {
                    if c == '*' && next == Some('/') {
                        i += 1;
                        state = if depth == 1 { In::Code } else { In::Block(depth - 1) };
                    } else if c == '/' && next == Some('*') {
                        i += 1;
                        state = In::Block(depth + 1);
                    }
                }
                In::Code => {
                    let after_word = i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_');
                    if c == '/' && next == Some('/') {
                        break;
                    } else if c == '/' && next == Some('*') {
                        i += 1;
                        state = In::Block(1);
                    } else if c == '"' {
                        code.push('"');
                        state = In::Str;
                    } else if (c == 'r' || (c == 'b' && next == Some('r'))) && !after_word {
                        // r"…", r#"…"#, br"…": a raw string, or just a name starting with r.
                        let start = if c == 'b' { i + 2 } else { i + 1 };
                        let hashes = chars[start.min(chars.len())..]
                            .iter()
                            .take_while(|&&h| h == '#')
                            .count();
                        if chars.get(start + hashes) == Some(&'"') {
                            code.push('"');
                            i = start + hashes;
                            state = In::Raw(hashes);
                        } else {
                            code.push(c);
                        }
                    } else if c == '\'' {
                        // A character literal ('x', '\'', '"'), else a lifetime.
                        let len = match (next, chars.get(i + 2), chars.get(i + 3)) {
                            (Some('\\'), _, _) => chars[i + 2..].iter().position(|&q| q == '\'').map(|p| p + 3),
                            (Some(_), Some('\''), _) => Some(3),
                            _ => None,
                        };
                        match len {
                            Some(len) => {
                                code.push_str("' '");
                                i += len - 1;
                            }
                            None => code.push(c),
                        }
                    } else {
                        code.push(c);
                    }
                }
            }
            i += 1;
        }
        out.push(code);
    }
    out
}

/// The line after the item starting at `start` (its braces balanced), or after the line
/// itself when it has no block.
fn end_of_item(code: &[String], start: usize) -> usize {
    let mut depth = 0i64;
    let mut opened = false;
    for (i, line) in code.iter().enumerate().skip(start) {
        for c in line.chars() {
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
    code.len()
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
        let text = "fn a() {\n    x.unwrap_or(1);\n    // never .unwrap() here\n    let s = \"http://a/.unwrap()\\\" }\";\n    /* .unwrap()\n  still a comment .unwrap() */\n}\n#[cfg(test)]\nmod tests {\n    fn t() {\n        x.unwrap();\n    }\n}\nfn c() { panic!(\"after the tests\") }\n";
        assert_eq!(offenders(text), [14]);
    }

    #[test]
    fn calls_after_multi_line_strings_raw_strings_and_quote_characters_are_found() {
        let text = "fn a() {\n    let q = \"SELECT 1\n        FROM t\", [], |r| r.get(0)).unwrap();\n    s.split('\"').next().unwrap();\n    let r = r#\"C:\\\"#.len(); x.unwrap();\n    let e = y.expect_err(\"e\");\n    let l: &'a str = z.unwrap();\n}\n";
        assert_eq!(offenders(text), [3, 4, 5, 6, 7]);
    }
}
