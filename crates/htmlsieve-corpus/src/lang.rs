//! Language identification: a document's text → an ISO 639-1 code (ISO 639-3 where no
//! two-letter code exists) with a confidence score, and a check of a page's declared language.
//!
//! Uses `whatlang` (70 languages, trigram profiles, no model files, tens of MB/s). Its own codes
//! are ISO 639-3 (`eng`, `cmn`); corpus tools key on two-letter codes (`en`), so they are mapped
//! here, once. Not here: reading the declaration from the page (the extractor's metadata).

use serde::Serialize;

/// What the text says its language is.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Detected {
    /// ISO 639-1 code (`en`, `de`, `zh`), or 639-3 where none exists.
    pub code: &'static str,
    /// whatlang's confidence, 0–1.
    pub score: f64,
    /// whatlang's own judgement: false for short or mixed texts.
    pub reliable: bool,
}

/// Text looked at: the start of a document is enough to tell its language, and the cost of a
/// long page stays bounded.
const MAX_BYTES: usize = 8192;

/// Identify the language of `text`; `None` when it has no letters to go by.
pub fn detect(text: &str) -> Option<Detected> {
    let mut end = text.len().min(MAX_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let info = whatlang::detect(&text[..end])?;
    Some(Detected {
        code: iso639_1(info.lang().code()),
        score: (info.confidence() * 1000.0).round() / 1000.0,
        reliable: info.is_reliable(),
    })
}

/// ISO 639-1 for a whatlang (ISO 639-3) code; the 639-3 code itself where no 639-1 exists.
pub fn iso639_1(code3: &'static str) -> &'static str {
    match code3 {
        "afr" => "af",
        "aka" => "ak",
        "amh" => "am",
        "ara" => "ar",
        "aze" => "az",
        "bel" => "be",
        "ben" => "bn",
        "bul" => "bg",
        "cat" => "ca",
        "ces" => "cs",
        "cmn" => "zh",
        "cym" => "cy",
        "dan" => "da",
        "deu" => "de",
        "ell" => "el",
        "eng" => "en",
        "epo" => "eo",
        "est" => "et",
        "fin" => "fi",
        "fra" => "fr",
        "guj" => "gu",
        "heb" => "he",
        "hin" => "hi",
        "hrv" => "hr",
        "hun" => "hu",
        "hye" => "hy",
        "ind" => "id",
        "ita" => "it",
        "jav" => "jv",
        "jpn" => "ja",
        "kan" => "kn",
        "kat" => "ka",
        "khm" => "km",
        "kor" => "ko",
        "lat" => "la",
        "lav" => "lv",
        "lit" => "lt",
        "mal" => "ml",
        "mar" => "mr",
        "mkd" => "mk",
        "mya" => "my",
        "nep" => "ne",
        "nld" => "nl",
        "nob" => "nb",
        "ori" => "or",
        "pan" => "pa",
        "pes" => "fa",
        "pol" => "pl",
        "por" => "pt",
        "ron" => "ro",
        "rus" => "ru",
        "sin" => "si",
        "slk" => "sk",
        "slv" => "sl",
        "sna" => "sn",
        "spa" => "es",
        "srp" => "sr",
        "swe" => "sv",
        "tam" => "ta",
        "tel" => "te",
        "tgl" => "tl",
        "tha" => "th",
        "tuk" => "tk",
        "tur" => "tr",
        "ukr" => "uk",
        "urd" => "ur",
        "uzb" => "uz",
        "vie" => "vi",
        "yid" => "yi",
        "zul" => "zu",
        other => other,
    }
}

/// The primary subtag of a declared language (`en-US` → `en`, `DE_de` → `de`), lowercased;
/// `None` for an empty or non-alphabetic declaration.
pub fn primary_subtag(declared: &str) -> Option<String> {
    let p = declared
        .trim()
        .split(['-', '_'])
        .next()?
        .to_ascii_lowercase();
    (!p.is_empty() && p.len() <= 8 && p.chars().all(|c| c.is_ascii_alphabetic())).then_some(p)
}

/// Whether a declared primary subtag names the detected language. Norwegian `no`/`nb`/`nn` are
/// one language to the detector, as are the Serbo-Croatian standards it cannot split reliably.
pub fn agrees(declared: &str, detected: &str) -> bool {
    fn group(c: &str) -> &str {
        match c {
            "no" | "nb" | "nn" => "no",
            "hr" | "sr" | "bs" | "sh" => "sh",
            "fil" | "tl" => "tl",
            "iw" => "he",
            "in" => "id",
            "ji" => "yi",
            "fas" | "per" => "fa",
            c => c,
        }
    }
    group(declared) == group(detected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_languages_get_two_letter_codes() {
        let cases = [
            ("The committee published its annual report on Tuesday, describing how the budget was spent across the region.", "en"),
            ("Der Ausschuss hat am Dienstag seinen Jahresbericht veröffentlicht und beschreibt, wie das Geld in der Region ausgegeben wurde.", "de"),
            ("Komisja opublikowała we wtorek swoje roczne sprawozdanie, opisując, jak wydano budżet w całym regionie.", "pl"),
            ("Le comité a publié mardi son rapport annuel, qui décrit comment le budget a été dépensé dans la région.", "fr"),
            ("委员会星期二发表了年度报告，说明了预算在整个地区是如何使用的。", "zh"),
            ("Комитет опубликовал во вторник свой годовой отчёт о том, как был потрачен бюджет в регионе.", "ru"),
        ];
        for (text, code) in cases {
            let d = detect(text).unwrap();
            assert_eq!(d.code, code, "{text}");
            assert!(d.score > 0.5, "{text}: {}", d.score);
        }
        assert!(detect("12345 ... !!!").is_none());
    }

    #[test]
    fn declarations() {
        assert_eq!(primary_subtag("en-US").as_deref(), Some("en"));
        assert_eq!(primary_subtag("DE_de").as_deref(), Some("de"));
        assert_eq!(primary_subtag(" "), None);
        assert!(agrees("nb", "nb") && agrees("no", "nb") && !agrees("en", "de"));
    }

    #[test]
    fn long_text_is_cut_on_a_char_boundary() {
        let text = "é".repeat(MAX_BYTES);
        let _ = detect(&text);
    }
}
