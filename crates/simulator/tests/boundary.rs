//! The one-engine boundary, checked rather than only written down: what an event does to
//! people (recognition, payload checks, finding the person, admission, re-entrance, the
//! data cache) is decided by the engine's dispatch, which the runner shares. The
//! simulator only drives it; none of those rules may grow back here.

use std::path::Path;

/// Words that only code deciding those rules would use.
const RULES: &[&str] = &[
    "recognises",
    "recognition",
    "payload_validator",
    "is_valid(",
    "profile_id(",
    "Discard::",
    "Reentrance",
    "reentrance",
    "may_reenter",
    "AlreadyInJourney",
    "cache_seconds",
    "properties.start",
    "properties.end",
    "Input::Start",
    "Input::Event",
    "step(",
];

#[test]
fn the_simulator_has_no_dispatch_rules_of_its_own() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = Vec::new();
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            for word in RULES {
                if code.contains(word) {
                    found.push(format!("{}:{}: {word}", path.display(), n + 1));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "dispatch rules in the simulator:\n{}",
        found.join("\n")
    );
}
