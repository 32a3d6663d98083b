//! Text rules shared by every domain: trimmed single-line names without control characters,
//! accent folding and slugs.

use crate::error::{Error, Result};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// A trimmed, non-empty, single-line text of at most `max` characters with no control or
/// bidirectional-override characters. `field` names the input in the error.
pub fn clean_line(field: &str, value: &str, max: usize) -> Result<String> {
    let value = value.trim();
    if value.is_empty() {
        return Err(Error::invalid(field, "This field may not be blank."));
    }
    if value.chars().count() > max {
        return Err(Error::invalid(
            field,
            format!("Ensure this field has no more than {max} characters."),
        ));
    }
    if value.chars().any(is_forbidden_char) {
        return Err(Error::invalid(field, "Control characters are not allowed."));
    }
    Ok(value.to_owned())
}

/// Control characters, and the format characters that can reorder or hide text (bidi overrides,
/// zero-width joiners used for spoofing).
fn is_forbidden_char(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// Lowercase, with accents removed: "José Ñúñez" → "jose nunez".
pub fn fold(value: &str) -> String {
    value
        .nfkd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// An ASCII slug of at most `max` characters: "Enid Service" → "enid-service".
pub fn slugify(value: &str, max: usize) -> String {
    let mut slug = String::new();
    for c in fold(value).chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let mut slug: String = slug.chars().take(max).collect();
    while slug.ends_with('-') {
        slug.pop();
    }
    if slug.is_empty() {
        slug.push_str("item");
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_trimmed_and_checked() {
        assert_eq!(clean_line("name", "  Ana  ", 10).unwrap(), "Ana");
        assert!(clean_line("name", "   ", 10).is_err());
        assert!(clean_line("name", "abcdefghijk", 10).is_err());
        assert!(clean_line("name", "a\u{0000}b", 10).is_err());
        assert!(clean_line("name", "evil\u{202E}gnp", 20).is_err());
        assert_eq!(
            clean_line("name", "Robert'); DROP TABLE users;--", 100).unwrap(),
            "Robert'); DROP TABLE users;--"
        );
    }

    #[test]
    fn folding_and_slugs() {
        assert_eq!(fold("José ÑÚÑEZ"), "jose nunez");
        assert_eq!(slugify("Enid Service", 50), "enid-service");
        assert_eq!(slugify("  ¡Gimnasio en Casa!  ", 50), "gimnasio-en-casa");
        assert_eq!(slugify("a b c d", 3), "a-b");
        assert_eq!(slugify("!!!", 50), "item");
    }
}
