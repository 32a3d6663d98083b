//! Text rules shared by every domain: trimmed names and texts without control characters,
//! accent folding and slugs.

use crate::error::{Error, Result};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// A trimmed, non-empty, single-line text of at most `max` characters with no control characters.
/// `field` names the input in the error.
pub fn clean_line(field: &str, value: &str, max: usize) -> Result<String> {
    let value = value.trim();
    if value.is_empty() {
        return Err(Error::invalid(field, "This field may not be blank."));
    }
    check_text(field, value, max, |c| c.is_control())?;
    Ok(value.to_owned())
}

/// A trimmed text of at most `max` characters that may span lines: no control characters other
/// than line breaks and tabs. Blank is the empty string.
pub fn clean_text(field: &str, value: &str, max: usize) -> Result<String> {
    let value = value.trim();
    check_text(field, value, max, |c| {
        c.is_control() && !matches!(c, '\n' | '\r' | '\t')
    })?;
    Ok(value.to_owned())
}

/// Only control characters (C0, DEL and C1) are refused: format characters such as zero-width
/// joiners, ZWNJ and variation selectors are part of real names and emoji.
fn check_text(field: &str, value: &str, max: usize, forbidden: fn(char) -> bool) -> Result<()> {
    if value.chars().count() > max {
        return Err(Error::invalid(
            field,
            format!("Ensure this field has no more than {max} characters."),
        ));
    }
    if value.chars().any(forbidden) {
        return Err(Error::invalid(field, "Control characters are not allowed."));
    }
    Ok(())
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
        for control in [
            '\u{0000}', '\u{001F}', '\u{007F}', '\u{0085}', '\u{009F}', '\n',
        ] {
            assert!(clean_line("name", &format!("a{control}b"), 10).is_err());
        }
        for name in [
            "José Ñúñez Ávila 🏋️‍♀️ 中文",
            "‏مریم‌السادات",
            "👩🏽‍💻 Ana",
            "Zoë\u{200B}",
        ] {
            assert_eq!(clean_line("name", name, 100).unwrap(), name.trim());
        }
        assert_eq!(
            clean_line("name", "Robert'); DROP TABLE users;--", 100).unwrap(),
            "Robert'); DROP TABLE users;--"
        );
    }

    #[test]
    fn texts_keep_line_breaks_and_tabs_only() {
        assert_eq!(clean_text("note", " a\n\tb\r\n ", 10).unwrap(), "a\n\tb");
        assert_eq!(clean_text("note", "   ", 10).unwrap(), "");
        assert!(clean_text("note", "a\u{0007}b", 10).is_err());
        assert!(clean_text("note", "abcdefghijk", 10).is_err());
        assert_eq!(clean_text("note", "🏋️‍♀️\u{200C}", 10).unwrap(), "🏋️‍♀️\u{200C}");
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
