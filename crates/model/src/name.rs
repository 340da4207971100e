//! Names of events, data sources, actions and journeys appear inside CEL expressions
//! (`events.cart_abandoned`, `actions.send_sms`), so they must be valid identifiers.

/// True for a non-empty identifier of ASCII letters, digits and `_`, not starting with a digit.
pub fn is_valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' => {}
        _ => return false,
    }
    chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::is_valid_name;

    #[test]
    fn identifiers_only() {
        assert!(is_valid_name("cart_abandoned"));
        assert!(is_valid_name("_x1"));
        assert!(!is_valid_name(""));
        assert!(!is_valid_name("1cart"));
        assert!(!is_valid_name("cart-abandoned"));
        assert!(!is_valid_name("cart abandoned"));
    }
}
