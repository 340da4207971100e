//! Where validation time goes on a generated 1,000-activity journey (run with
//! `--release`): cold (first check of each expression) and warm (re-validation).
fn main() {
    let b = parcours_model::generate::large_journey(1000);
    let c = b.catalog();
    let t = std::time::Instant::now();
    let _ = parcours_model::validate::validate_catalog(&c);
    println!("validate, cold: {:?}", t.elapsed());
    let t = std::time::Instant::now();
    let _ = parcours_model::validate::validate_catalog(&c);
    println!("validate, warm: {:?}", t.elapsed());
}
