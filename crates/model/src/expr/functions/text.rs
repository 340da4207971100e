//! Strings. Positions and lengths count characters (code points), as CEL's `size` does,
//! so accented names and emoji behave as a reader counts them.

use base64::Engine;
use cel::Value;
use sha2::{Digest, Sha256};

use super::{Family, FunctionSpec, Param, Ret, int, list, spec_in, string, text};
use crate::expr::Ty;

const S: Param = Param::String;

pub fn functions() -> Vec<FunctionSpec> {
    let f = spec_in(Family::Strings);
    vec![
        f(
            "lower",
            &[("s", S)],
            Ret::Is(Ty::String),
            "Lower case, in every script.",
            r#"lower("ÉTÉ")"#,
            r#""été""#,
            lower,
        ),
        f(
            "upper",
            &[("s", S)],
            Ret::Is(Ty::String),
            "Upper case, in every script.",
            r#"upper("Zoë")"#,
            r#""ZOË""#,
            upper,
        ),
        f(
            "trim",
            &[("s", S)],
            Ret::Is(Ty::String),
            "Without white space at either end.",
            r#"trim("  gold ")"#,
            r#""gold""#,
            trim,
        ),
        f(
            "length",
            &[("s", S)],
            Ret::Is(Ty::Int),
            "Number of characters.",
            r#"length("Zoë")"#,
            "3",
            length,
        ),
        f(
            "substr",
            &[("s", S), ("start", Param::Int), ("count", Param::Int)],
            Ret::Is(Ty::String),
            "Up to `count` characters from position `start` (0-based); past the end gives what there is.",
            r#"substr("PARCOURS-2026", 9, 4)"#,
            r#""2026""#,
            substr,
        ),
        f(
            "indexOf",
            &[("s", S), ("part", S)],
            Ret::Is(Ty::Int),
            "Position of the first occurrence of `part`, or -1.",
            r#"indexOf("a.b.c", ".")"#,
            "1",
            index_of,
        ),
        f(
            "lastIndexOf",
            &[("s", S), ("part", S)],
            Ret::Is(Ty::Int),
            "Position of the last occurrence of `part`, or -1.",
            r#"lastIndexOf("a.b.c", ".")"#,
            "3",
            last_index_of,
        ),
        f(
            "replaceAll",
            &[("s", S), ("from", S), ("to", S)],
            Ret::Is(Ty::String),
            "Every occurrence of `from` replaced by `to` (plain text, not a pattern).",
            r#"replaceAll("06 12 34", " ", "")"#,
            r#""061234""#,
            replace_all,
        ),
        f(
            "split",
            &[("s", S), ("separator", S)],
            Ret::StringList,
            "The parts between separators.",
            r#"split("gold,silver", ",")"#,
            r#"["gold", "silver"]"#,
            split,
        ),
        f(
            "join",
            &[("items", Param::List), ("separator", S)],
            Ret::Is(Ty::String),
            "The items as text, with the separator between them.",
            r#"join(["a", 1, true], "-")"#,
            r#""a-1-true""#,
            join,
        ),
        f(
            "containsIgnoreCase",
            &[("s", S), ("part", S)],
            Ret::Is(Ty::Bool),
            "Whether `part` occurs in `s`, whatever the case.",
            r#"containsIgnoreCase("Gold Member", "gold")"#,
            "true",
            contains_ignore_case,
        ),
        f(
            "equalsIgnoreCase",
            &[("a", S), ("b", S)],
            Ret::Is(Ty::Bool),
            "Whether the two strings are equal, whatever the case.",
            r#"equalsIgnoreCase("FR", "fr")"#,
            "true",
            equals_ignore_case,
        ),
        f(
            "startsWithIgnoreCase",
            &[("s", S), ("prefix", S)],
            Ret::Is(Ty::Bool),
            "Whether `s` starts with `prefix`, whatever the case.",
            r#"startsWithIgnoreCase("VIP-12", "vip")"#,
            "true",
            starts_with_ignore_case,
        ),
        f(
            "leftPad",
            &[("s", S), ("width", Param::Int), ("pad", S)],
            Ret::Is(Ty::String),
            "`s` preceded by copies of `pad` up to `width` characters (at most 1,000).",
            r#"leftPad("42", 5, "0")"#,
            r#""00042""#,
            left_pad,
        ),
        f(
            "rightPad",
            &[("s", S), ("width", Param::Int), ("pad", S)],
            Ret::Is(Ty::String),
            "`s` followed by copies of `pad` up to `width` characters (at most 1,000).",
            r#"rightPad("ab", 4, ".")"#,
            r#""ab..""#,
            right_pad,
        ),
        f(
            "isBlank",
            &[("s", S)],
            Ret::Is(Ty::Bool),
            "Whether the string is empty or only white space.",
            r#"isBlank("  ")"#,
            "true",
            is_blank,
        ),
        f(
            "capitalize",
            &[("s", S)],
            Ret::Is(Ty::String),
            "The first character in upper case, the rest unchanged.",
            r#"capitalize("élodie")"#,
            r#""Élodie""#,
            capitalize,
        ),
        f(
            "encodeBase64",
            &[("s", S)],
            Ret::Is(Ty::String),
            "The string's UTF-8 bytes in standard Base64.",
            r#"encodeBase64("user:42")"#,
            r#""dXNlcjo0Mg==""#,
            encode_base64,
        ),
        f(
            "decodeBase64",
            &[("s", S)],
            Ret::Is(Ty::String),
            "The text standard Base64 encodes (an error if it is not Base64 of UTF-8 text).",
            r#"decodeBase64("dXNlcjo0Mg==")"#,
            r#""user:42""#,
            decode_base64,
        ),
        f(
            "urlEncode",
            &[("s", S)],
            Ret::Is(Ty::String),
            "The string encoded for a URL query value.",
            r#"urlEncode("a b&c")"#,
            r#""a+b%26c""#,
            url_encode,
        ),
        f(
            "sha256",
            &[("s", S)],
            Ret::Is(Ty::String),
            "The SHA-256 digest of the string's UTF-8 bytes, in lower-case hex (to pseudonymise an id).",
            r#"sha256("abc")"#,
            r#""ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad""#,
            sha256,
        ),
    ]
}

type R = Result<Value, String>;

fn lower(a: &[Value]) -> R {
    Ok(text(string(a, 0)?.to_lowercase()))
}

fn upper(a: &[Value]) -> R {
    Ok(text(string(a, 0)?.to_uppercase()))
}

fn trim(a: &[Value]) -> R {
    Ok(text(string(a, 0)?.trim()))
}

fn length(a: &[Value]) -> R {
    Ok(Value::Int(string(a, 0)?.chars().count() as i64))
}

fn substr(a: &[Value]) -> R {
    let s = string(a, 0)?;
    let start = int(a, 1)?;
    let count = int(a, 2)?;
    if start < 0 || count < 0 {
        return Err(format!(
            "start and count must not be negative (got {start} and {count})"
        ));
    }
    Ok(text(
        s.chars().skip(start as usize).take(count as usize).collect::<String>(),
    ))
}

/// The character position of a byte offset in `s`.
fn char_position(s: &str, byte: usize) -> i64 {
    s[..byte].chars().count() as i64
}

fn index_of(a: &[Value]) -> R {
    let s = string(a, 0)?;
    Ok(Value::Int(s.find(string(a, 1)?).map_or(-1, |b| char_position(s, b))))
}

fn last_index_of(a: &[Value]) -> R {
    let s = string(a, 0)?;
    Ok(Value::Int(s.rfind(string(a, 1)?).map_or(-1, |b| char_position(s, b))))
}

fn replace_all(a: &[Value]) -> R {
    let from = string(a, 1)?;
    if from.is_empty() {
        return Err("the text to replace is empty".into());
    }
    Ok(text(string(a, 0)?.replace(from, string(a, 2)?)))
}

fn split(a: &[Value]) -> R {
    let separator = string(a, 1)?;
    if separator.is_empty() {
        return Err("the separator is empty".into());
    }
    let parts = string(a, 0)?.split(separator).map(text).collect();
    Ok(Value::List(std::sync::Arc::new(parts)))
}

/// A value as `join` and `toString`-like functions write it.
pub(crate) fn plain(v: &Value) -> Result<String, String> {
    Ok(match v {
        Value::String(s) => s.to_string(),
        Value::Int(n) => n.to_string(),
        Value::UInt(n) => n.to_string(),
        Value::Float(x) => x.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => String::new(),
        Value::Timestamp(t) => t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
        other => return Err(format!("cannot write a {} as text", other.type_of())),
    })
}

fn join(a: &[Value]) -> R {
    let items = list(a, 0)?;
    let separator = string(a, 1)?;
    let parts: Result<Vec<String>, String> = items.iter().map(plain).collect();
    Ok(text(parts?.join(separator)))
}

fn contains_ignore_case(a: &[Value]) -> R {
    Ok(Value::Bool(
        string(a, 0)?.to_lowercase().contains(&string(a, 1)?.to_lowercase()),
    ))
}

fn equals_ignore_case(a: &[Value]) -> R {
    Ok(Value::Bool(
        string(a, 0)?.to_lowercase() == string(a, 1)?.to_lowercase(),
    ))
}

fn starts_with_ignore_case(a: &[Value]) -> R {
    Ok(Value::Bool(
        string(a, 0)?.to_lowercase().starts_with(&string(a, 1)?.to_lowercase()),
    ))
}

/// Padding wider than this is a mistake, and would let one expression allocate at will.
const MAX_PAD: i64 = 1_000;

fn padding(a: &[Value]) -> Result<String, String> {
    let s = string(a, 0)?;
    let width = int(a, 1)?;
    let pad = string(a, 2)?;
    if !(0..=MAX_PAD).contains(&width) {
        return Err(format!("the width must be between 0 and {MAX_PAD}, got {width}"));
    }
    if pad.is_empty() {
        return Err("the padding is empty".into());
    }
    let missing = (width as usize).saturating_sub(s.chars().count());
    Ok(pad.chars().cycle().take(missing).collect())
}

fn left_pad(a: &[Value]) -> R {
    let pad = padding(a)?;
    Ok(text(pad + string(a, 0)?))
}

fn right_pad(a: &[Value]) -> R {
    let pad = padding(a)?;
    Ok(text(string(a, 0)?.to_string() + &pad))
}

fn is_blank(a: &[Value]) -> R {
    Ok(Value::Bool(string(a, 0)?.trim().is_empty()))
}

fn capitalize(a: &[Value]) -> R {
    let s = string(a, 0)?;
    let mut chars = s.chars();
    Ok(text(match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }))
}

fn encode_base64(a: &[Value]) -> R {
    Ok(text(base64::engine::general_purpose::STANDARD.encode(string(a, 0)?)))
}

fn decode_base64(a: &[Value]) -> R {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(string(a, 0)?)
        .map_err(|e| format!("not Base64: {e}"))?;
    String::from_utf8(bytes)
        .map(text)
        .map_err(|_| "the decoded bytes are not UTF-8 text".into())
}

fn url_encode(a: &[Value]) -> R {
    Ok(text(
        url::form_urlencoded::byte_serialize(string(a, 0)?.as_bytes()).collect::<String>(),
    ))
}

fn sha256(a: &[Value]) -> R {
    let digest = Sha256::digest(string(a, 0)?.as_bytes());
    Ok(text(digest.iter().map(|b| format!("{b:02x}")).collect::<String>()))
}
