//! docs/expressions.md lists every journey function, generated from the table the
//! checker and the evaluator use; this test fails when the page is stale
//! (`UPDATE_DOCS=1` rewrites it).

use parcours_model::expr::functions::reference_markdown;

const BEGIN: &str = "<!-- functions:begin -->";
const END: &str = "<!-- functions:end -->";

#[test]
fn the_functions_page_matches_the_table() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/expressions.md");
    let page = std::fs::read_to_string(&path).unwrap();
    let start = page.find(BEGIN).expect("begin marker") + BEGIN.len();
    let end = page.find(END).expect("end marker");
    let fresh = format!("{}{}\n{}", &page[..start], reference_markdown(), &page[end..]);
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &fresh).unwrap();
        return;
    }
    assert!(
        page == fresh,
        "docs/expressions.md is stale: run UPDATE_DOCS=1 cargo test -p parcours-model --test functions_doc"
    );
}
