//! Prints a generated bundle with a journey of N activities (default 50), for
//! trying the CLI on large journeys: `cargo run -p parcours-model --example large_bundle -- 1000`.
fn main() {
    let n = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(50);
    print!("{}", parcours_model::generate::large_journey(n).to_canonical_json());
}
