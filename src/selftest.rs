//! Self-tests of site rule files (`[[test]]` tables), run by `htmlsieve rules test`: a saved page
//! (fixture) or a page URL, and snippets the cleaned text must or must not contain.
//!
//! Fixture tests run offline; URL-only tests are fetched only when asked (`--online`).

use std::time::Duration;

use htmlsieve::{render_text, Config, Error, Extractor, Origin, Result, RuleSources, SiteTest};

/// What happened to one test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Pass,
    /// The reasons (one per missing or unwanted snippet, or the error that stopped the test).
    Fail(Vec<String>),
    Skipped(String),
}

#[derive(Debug, Clone)]
pub struct Outcome {
    pub origin: Origin,
    /// The fixture path or URL that was tested.
    pub target: String,
    pub status: Status,
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Fetch a test page (only with `--online`).
fn fetch(url: &str, max_bytes: usize) -> Result<Vec<u8>> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Other(format!("runtime: {e}")))?;
    rt.block_on(async {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .user_agent(concat!(
                "htmlsieve/",
                env!("CARGO_PKG_VERSION"),
                " (rules test)"
            ))
            .build()
            .map_err(|e| Error::Fetch(e.to_string()))?;
        let resp = client
            .get(url)
            .send()
            .await
            .and_then(|r| r.error_for_status())
            .map_err(|e| Error::Fetch(format!("{url}: {e}")))?;
        let bytes = resp
            .bytes()
            .await
            .map_err(|e| Error::Fetch(format!("{url}: {e}")))?;
        if bytes.len() > max_bytes {
            return Err(Error::Limit {
                limit: "input bytes",
                detail: format!("{url}: {} bytes", bytes.len()),
            });
        }
        Ok(bytes.to_vec())
    })
}

/// Run one test with `extractor`.
pub fn run_one(extractor: &Extractor, t: &SiteTest, online: bool) -> Outcome {
    let target = t
        .fixture
        .as_ref()
        .map(|f| f.display().to_string())
        .or_else(|| t.url.clone())
        .unwrap_or_default();
    let outcome = |status| Outcome {
        origin: t.origin.clone(),
        target: target.clone(),
        status,
    };
    let max = extractor.config().limits.max_bytes;
    if let Some(f) = &t.fixture {
        // An embedded rule file's fixture is only at hand in a checkout.
        if !f.is_file() && !std::path::Path::new(&t.origin.file).is_file() {
            return outcome(Status::Skipped(
                "fixture not found (built-in rule file: run from a checkout)".into(),
            ));
        }
    }
    let bytes = match (&t.fixture, &t.url) {
        (Some(f), _) => match crate::input::read(
            &crate::input::Source::File {
                path: f.clone(),
                rel: f.clone(),
            },
            max,
        ) {
            Ok(b) => b,
            Err(e) => return outcome(Status::Fail(vec![e.to_string()])),
        },
        (None, Some(u)) if online => match fetch(u, max) {
            Ok(b) => b,
            Err(e) => return outcome(Status::Fail(vec![e.to_string()])),
        },
        (None, Some(_)) => return outcome(Status::Skipped("URL test (use --online)".into())),
        (None, None) => return outcome(Status::Skipped("nothing to test".into())),
    };
    // The page's URL decides which site rules apply; a fixture without one stands for its host.
    let url = t
        .url
        .clone()
        .or_else(|| t.hosts.first().map(|h| format!("https://{h}/")));
    let doc = match extractor.extract_bytes(&bytes, url.as_deref(), None) {
        Ok(d) => d,
        Err(e) => return outcome(Status::Fail(vec![e.to_string()])),
    };
    let text = squash(&render_text(&doc, false));
    let mut problems = Vec::new();
    for s in &t.contains {
        if !text.contains(&squash(s)) {
            problems.push(format!("missing {s:?}"));
        }
    }
    for s in &t.not_contains {
        if text.contains(&squash(s)) {
            problems.push(format!("unwanted {s:?}"));
        }
    }
    outcome(if problems.is_empty() {
        Status::Pass
    } else {
        Status::Fail(problems)
    })
}

/// Run the tests of every loaded rule file whose name starts with one of `only` (every test when
/// `only` is empty), with all the rules of `sources` active.
pub fn run(sources: &RuleSources, only: &[String], online: bool) -> Result<Vec<Outcome>> {
    let extractor = Extractor::new(Config {
        rules: sources.clone(),
        ..Default::default()
    })?;
    Ok(extractor
        .rules()
        .tests
        .iter()
        .filter(|t| only.is_empty() || only.iter().any(|p| t.origin.file.starts_with(p.as_str())))
        .map(|t| run_one(&extractor, t, online))
        .collect())
}
