//! Language tags: what a page declares (`<html lang>`, `og:locale`, `content-language`) as a
//! BCP 47 primary language subtag in lower case, and its region when it names one.
//!
//! In: the raw declaration (`en-US`, `en_GB`, `de-DE,de;q=0.9`, `EN`). Out: (`en`, `us`),
//! (`en`, `gb`), (`de`, `de`), (`en`, none); `None` for what is no language tag (`x-default`,
//! `*`, `English`).

/// Split a declaration into its primary language and region subtags.
pub fn normalise(raw: &str) -> Option<(String, Option<String>)> {
    let first = raw.split([',', ';', ' ']).find(|s| !s.trim().is_empty())?;
    let tag = first.trim().replace('_', "-").to_ascii_lowercase();
    let mut parts = tag.split('-');
    let primary = parts.next()?;
    // ISO 639-1/2/3 codes: two or three letters ("x" and "i" are private and grandfathered).
    if !(2..=3).contains(&primary.len()) || !primary.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    // After an optional script (four letters): a region of two letters or three digits.
    let region = parts
        .find(|p| p.len() != 4)
        .filter(|p| {
            (p.len() == 2 && p.bytes().all(|b| b.is_ascii_lowercase()))
                || (p.len() == 3 && p.bytes().all(|b| b.is_ascii_digit()))
        })
        .map(str::to_string);
    Some((primary.to_string(), region))
}

#[cfg(test)]
mod tests {
    use super::normalise;

    #[test]
    fn declarations_become_primary_tag_and_region() {
        let r = |a: &str, b: Option<&str>| Some((a.to_string(), b.map(str::to_string)));
        assert_eq!(normalise("en"), r("en", None));
        assert_eq!(normalise("EN"), r("en", None));
        assert_eq!(normalise("en-US"), r("en", Some("us")));
        assert_eq!(normalise("en_GB"), r("en", Some("gb")));
        assert_eq!(normalise("de-DE,de;q=0.9"), r("de", Some("de")));
        assert_eq!(normalise("zh-Hant-TW"), r("zh", Some("tw")));
        assert_eq!(normalise("es-419"), r("es", Some("419")));
        assert_eq!(normalise(" fr "), r("fr", None));
        assert_eq!(normalise("x-default"), None);
        assert_eq!(normalise("English"), None);
        assert_eq!(normalise("*"), None);
        assert_eq!(normalise(""), None);
    }
}
