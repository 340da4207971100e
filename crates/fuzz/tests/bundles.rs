//! Bundle parsing and validation: whatever the file holds, reading it gives a bundle or
//! an error with a path, and validating a bundle that was read gives diagnostics; no
//! panic, no overflow. A bundle read is written back canonically and reads the same.

use parcours_fuzz::{config, damaged_text, mutated_example};
use parcours_model::Bundle;
use parcours_model::validate::validate_bundle;
use proptest::prelude::*;

fn read_validate_round_trip(text: &str) -> Result<(), TestCaseError> {
    match Bundle::parse(text) {
        Ok(bundle) => {
            let diagnostics = validate_bundle(&bundle);
            for d in &diagnostics {
                prop_assert!(!d.message.is_empty(), "{d:?}");
            }
            let canonical = bundle.to_canonical_json();
            let again =
                Bundle::parse(&canonical).map_err(|e| TestCaseError::fail(format!("canonical text refused: {e}")))?;
            prop_assert_eq!(again.to_canonical_json(), canonical);
        }
        Err(e) => {
            prop_assert!(!e.path.is_empty() && !e.message.is_empty(), "{e:?}");
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn edited_examples_read_and_validate(doc in mutated_example()) {
        read_validate_round_trip(&doc.to_string())?;
    }

    #[test]
    fn damaged_files_are_refused_with_a_place(bytes in damaged_text()) {
        if let Ok(text) = std::str::from_utf8(&bytes) {
            read_validate_round_trip(text)?;
        }
    }
}
