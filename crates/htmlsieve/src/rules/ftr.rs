//! FiveFilters ftr-site-config files (`--site-config DIR`): `host.txt` (that host, `www.` or not),
//! `.host.txt` (the host and its subdomains) and `global.txt` (every page).
//!
//! Directives: `title`, `body`, `author`, `date` (XPath; tried in order, the first that matches
//! wins), `strip` (XPath), `strip_id_or_class`, `strip_image_src`, `dissolve` (XPath: keep the
//! children), `prune`, `find_string` / `replace_string` (and `replace_string(find): repl`), applied to
//! the HTML before parsing, `next_page_link` / `single_page_link` (XPath, for `fetch`), `test_url` /
//! `test_contains` (for `rules test`). XPath is translated to CSS ([`super::xpath`]); every
//! expression outside the supported subset is a warning with its `file:line`, never dropped
//! silently. Directives about fetching or parsing (`tidy`, `parser`, `http_header(…)`, `login_*`, …)
//! do not apply to htmlsieve and are accepted; unknown directives are warnings.

use std::path::Path;

use super::fields::{Field, FieldRule};
use super::listfile::read_lossy;
use super::xpath::{css_str, translate};
use super::SiteTest;
use super::{Action, ElementRule, Origin, RuleExt, RuleKind, RuleSet};
use crate::error::{Error, Result};

/// A selector with an optional attribute to read (XPath `//a[@rel='next']/@href`).
#[derive(Debug, Clone)]
pub struct Pick {
    pub selector: scraper::Selector,
    pub attr: Option<String>,
    pub origin: Origin,
}

/// What one site-config file says besides element rules.
#[derive(Debug, Clone, Default)]
pub struct Site {
    /// The file it was read from.
    pub file: String,
    /// `prune: yes` (the default): drop link-heavy blocks inside the named body.
    pub prune: bool,
    /// `find_string` / `replace_string` pairs, applied to the HTML text before parsing.
    pub replace: Vec<(String, String, Origin)>,
    /// `single_page_link`: the link to the whole article on one page.
    pub single_page_link: Vec<Pick>,
    /// `next_page_link`: the link to the article's next page.
    pub next_page_link: Vec<Pick>,
}

/// Directives that concern fetching, parsing or HTML attributes, not what text is kept.
const IGNORED: &[&str] = &[
    "tidy",
    "parser",
    "autodetect_on_failure",
    "autodetect_next_page",
    "login_uri",
    "login_username_field",
    "login_password_field",
    "login_extra_fields",
    "not_logged_in_xpath",
    "skip_json_ld",
    "src_lazy_load_attr",
    "strip_attr",
    "insert_detected_image",
    "native_ad_clue",
    "convert_double_br_tags",
    "skip_id_or_class",
    "footnotes",
];

/// Where a site-config file applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    Global,
    /// (host, exact): `host.txt` is exact, `.host.txt` is the host and its subdomains.
    Host(String, bool),
}

/// The scope a file name gives: `example.com.txt`, `.example.com.txt`, `global.txt`.
pub fn scope_of(file_name: &str) -> Option<Scope> {
    let stem = file_name.strip_suffix(".txt")?;
    if stem == "global" {
        return Some(Scope::Global);
    }
    let (host, exact) = match stem.strip_prefix('.') {
        Some(h) => (h, false),
        None => (stem, true),
    };
    let host = host.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    // README.txt, LICENSE.txt and the like are not host names.
    let valid = host.contains('.')
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_'));
    valid.then_some(Scope::Host(host, exact))
}

/// Load every `*.txt` site config of a folder.
pub fn load_dir(set: &mut RuleSet, dir: &Path) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    let mut files: Vec<_> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            scope_of(&name).map(|s| (name, s, e.path()))
        })
        .collect();
    // global.txt last: rules of a site's own file come first (they win for fields).
    files.sort_by(|a, b| (a.1 == Scope::Global, &a.0).cmp(&(b.1 == Scope::Global, &b.0)));
    // Files are read and compiled in parallel, then merged in name order.
    let parsed: Vec<Result<RuleSet>> = crate::par::map(&files, |(_, scope, path)| {
        let src = read_lossy(path)?;
        let mut local = RuleSet::default();
        load_str(&mut local, &path.display().to_string(), scope.clone(), &src);
        Ok(local)
    });
    for local in parsed {
        absorb(set, local?);
    }
    set.community
        .site_dirs
        .push((dir.display().to_string(), files.len()));
    Ok(())
}

fn unquote(s: &str) -> &str {
    let t = s.trim();
    for q in ['"', '\''] {
        if t.len() >= 2 && t.starts_with(q) && t.ends_with(q) {
            return &t[1..t.len() - 1];
        }
    }
    t
}

/// Parse one site-config file into `set` (rules) and `set.community` (the site's other data).
pub fn load_str(set: &mut RuleSet, file: &str, scope: Scope, src: &str) {
    let (hosts, kind) = match &scope {
        Scope::Global => (Vec::new(), RuleKind::SiteConfig { exact: false }),
        Scope::Host(h, exact) => (vec![h.clone()], RuleKind::SiteConfig { exact: *exact }),
    };
    let mut site = Site {
        file: file.to_string(),
        prune: true,
        ..Default::default()
    };
    let mut finds: Vec<(String, usize)> = Vec::new();
    let mut replaces: Vec<(String, usize)> = Vec::new();
    let warn = |set: &mut RuleSet, line: usize, msg: String| {
        set.community.warnings.push(format!("{file}:{line}: {msg}"));
    };
    let origin = |line: usize| Origin {
        file: file.to_string(),
        line,
    };
    for (n, raw) in src.lines().enumerate() {
        let line_no = n + 1;
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((directive, value)) = line.split_once(':') else {
            warn(
                set,
                line_no,
                format!("not a `directive: value` line: {line:?}"),
            );
            continue;
        };
        let directive = directive.trim();
        let value = value.trim();
        // `replace_string(find): replacement`
        if let Some(find) = directive
            .strip_prefix("replace_string(")
            .and_then(|d| d.strip_suffix(')'))
        {
            if find.is_empty() {
                warn(
                    set,
                    line_no,
                    "replace_string() with an empty search string".into(),
                );
            } else {
                site.replace
                    .push((find.to_string(), value.to_string(), origin(line_no)));
            }
            continue;
        }
        let base = directive.split('(').next().unwrap_or(directive);
        let field = match directive {
            "title" => Some(Field::Title),
            "author" => Some(Field::Author),
            "date" => Some(Field::Date),
            _ => None,
        };
        if let Some(field) = field {
            match translate(value) {
                Ok(members) => {
                    for t in members {
                        let attr_ok = match t.attr.as_deref() {
                            None | Some("content") => true,
                            Some("datetime") => field == Field::Date,
                            Some(_) => false,
                        };
                        if !attr_ok || !t.text.is_empty() {
                            warn(
                                set,
                                line_no,
                                format!(
                                    "unsupported XPath in {directive}: {value}: {}",
                                    if t.text.is_empty() {
                                        "only @content (and @datetime for dates) can be read"
                                    } else {
                                        "a text test on a field"
                                    }
                                ),
                            );
                            continue;
                        }
                        let parsed = scraper::Selector::parse(&t.css).map_err(|e| e.to_string());
                        match parsed {
                            Ok(selector) => set.fields.push(FieldRule {
                                field,
                                selector,
                                selector_text: t.css,
                                hosts: hosts.clone(),
                                origin: origin(line_no),
                            }),
                            Err(e) => warn(
                                set,
                                line_no,
                                format!("unsupported XPath in {directive}: {value}: {e}"),
                            ),
                        }
                    }
                }
                Err(e) => warn(
                    set,
                    line_no,
                    format!("unsupported XPath in {directive}: {value}: {e}"),
                ),
            }
            continue;
        }
        let action = match directive {
            "body" => Some(Action::Body),
            "strip" => Some(Action::Strip),
            "dissolve" => Some(Action::Unwrap),
            _ => None,
        };
        if let Some(action) = action {
            match translate(value) {
                Ok(members) => {
                    for t in members {
                        if t.attr.is_some() {
                            warn(
                                set,
                                line_no,
                                format!(
                                    "{directive}: an attribute step selects no element: {value}"
                                ),
                            );
                            continue;
                        }
                        push_rule(
                            set,
                            action,
                            &t.css,
                            format!("site config {directive}: {value}"),
                            &hosts,
                            origin(line_no),
                            RuleExt {
                                kind,
                                text: t.text,
                                ..Default::default()
                            },
                        );
                    }
                }
                Err(e) => warn(
                    set,
                    line_no,
                    format!("unsupported XPath in {directive}: {value}: {e}"),
                ),
            }
            continue;
        }
        match directive {
            "strip_id_or_class" | "strip_image_src" => {
                let v = unquote(value);
                if v.is_empty() {
                    warn(set, line_no, format!("{directive} with an empty value"));
                    continue;
                }
                let css = if directive == "strip_image_src" {
                    format!("img[src*={}]", css_str(v))
                } else {
                    format!("[id*={0}], [class*={0}]", css_str(v))
                };
                push_rule(
                    set,
                    Action::Strip,
                    &css,
                    format!("site config {directive}: {v}"),
                    &hosts,
                    origin(line_no),
                    RuleExt {
                        kind,
                        ..Default::default()
                    },
                );
            }
            "prune" => match value.to_ascii_lowercase().as_str() {
                "yes" | "true" | "1" => site.prune = true,
                "no" | "false" | "0" => site.prune = false,
                other => warn(
                    set,
                    line_no,
                    format!("prune: expected yes or no, found {other:?}"),
                ),
            },
            "find_string" => finds.push((value.to_string(), line_no)),
            "replace_string" => replaces.push((value.to_string(), line_no)),
            "next_page_link" | "single_page_link" => match translate(value) {
                Ok(members) => {
                    for t in members {
                        if !t.text.is_empty() {
                            warn(set, line_no, format!("unsupported XPath in {directive}: {value}: a text test on a link"));
                            continue;
                        }
                        let Ok(selector) = scraper::Selector::parse(&t.css) else {
                            continue;
                        };
                        let pick = Pick {
                            selector,
                            attr: t.attr,
                            origin: origin(line_no),
                        };
                        if directive == "next_page_link" {
                            site.next_page_link.push(pick);
                        } else {
                            site.single_page_link.push(pick);
                        }
                    }
                }
                Err(e) => warn(
                    set,
                    line_no,
                    format!("unsupported XPath in {directive}: {value}: {e}"),
                ),
            },
            "test_url" => set.tests.push(SiteTest {
                fixture: None,
                url: Some(value.to_string()),
                contains: Vec::new(),
                not_contains: Vec::new(),
                hosts: hosts.clone(),
                origin: origin(line_no),
            }),
            "test_contains" => match set.tests.last_mut().filter(|t| t.origin.file == file) {
                Some(t) => t.contains.push(value.to_string()),
                None => warn(set, line_no, "test_contains before any test_url".into()),
            },
            "if_page_contains" | "move_into" | "wrap_in" => warn(
                set,
                line_no,
                format!("the {base} directive is not supported: {value}"),
            ),
            _ if IGNORED.contains(&base) || base == "http_header" => {}
            other => warn(set, line_no, format!("unknown directive {other:?}")),
        }
    }
    if finds.len() != replaces.len() {
        let line = finds
            .get(replaces.len())
            .or(replaces.get(finds.len()))
            .map(|f| f.1)
            .unwrap_or(1);
        warn(
            set,
            line,
            format!(
                "{} find_string and {} replace_string lines: unpaired ones are ignored",
                finds.len(),
                replaces.len()
            ),
        );
    }
    for ((f, line), (r, _)) in finds.into_iter().zip(replaces) {
        if f.is_empty() {
            warn(set, line, "find_string with an empty value".into());
            continue;
        }
        site.replace.push((f, r, origin(line)));
    }
    set.files.push(file.to_string());
    let c = &mut set.community;
    match scope {
        Scope::Global => merge(c.global.get_or_insert_with(Site::default), site),
        Scope::Host(h, true) => merge(c.exact.entry(h).or_default(), site),
        Scope::Host(h, false) => merge(c.wild.entry(h).or_default(), site),
    }
}

/// Move what one file's [`load_str`] produced into the run's rule set.
fn absorb(set: &mut RuleSet, local: RuleSet) {
    set.elements.extend(local.elements);
    set.fields.extend(local.fields);
    set.tests.extend(local.tests);
    set.files.extend(local.files);
    let (c, l) = (&mut set.community, local.community);
    c.warnings.extend(l.warnings);
    if let Some(g) = l.global {
        merge(c.global.get_or_insert_with(Site::default), g);
    }
    for (h, site) in l.exact {
        merge(c.exact.entry(h).or_default(), site);
    }
    for (h, site) in l.wild {
        merge(c.wild.entry(h).or_default(), site);
    }
}

/// A second file for the same host (another `--site-config` folder) adds to the first.
fn merge(into: &mut Site, s: Site) {
    if into.file.is_empty() {
        *into = s;
        return;
    }
    into.prune &= s.prune;
    into.replace.extend(s.replace);
    into.single_page_link.extend(s.single_page_link);
    into.next_page_link.extend(s.next_page_link);
}

fn push_rule(
    set: &mut RuleSet,
    action: Action,
    css: &str,
    reason: String,
    hosts: &[String],
    origin: Origin,
    ext: RuleExt,
) {
    match scraper::Selector::parse(css) {
        Ok(selector) => set.elements.push(ElementRule {
            action,
            selector,
            selector_text: css.to_string(),
            reason,
            hosts: hosts.to_vec(),
            origin,
            ext,
        }),
        Err(e) => set
            .community
            .warnings
            .push(format!("{origin}: unsupported selector {css:?}: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_from_file_names() {
        assert_eq!(scope_of("global.txt"), Some(Scope::Global));
        assert_eq!(
            scope_of("www.Example.com.txt"),
            Some(Scope::Host("example.com".into(), true))
        );
        assert_eq!(
            scope_of(".example.co.uk.txt"),
            Some(Scope::Host("example.co.uk".into(), false))
        );
        assert_eq!(scope_of("LICENSE.txt"), None);
        assert_eq!(scope_of("README.md"), None);
    }

    #[test]
    fn parses_directives_with_warnings() {
        let mut set = RuleSet::default();
        let src = "# comment\n\
title: //h1[@class='headline']\n\
author: //meta[@name='author']/@content\n\
body: //div[@id='story'] | //article\n\
strip: //div[@class='share']\n\
strip: //p/ancestor::div\n\
strip_id_or_class: related\n\
strip_image_src: /pixel.gif\n\
prune: no\n\
find_string: <br><br>\n\
replace_string: </p><p>\n\
replace_string(<span class=\"dropcap\">): <span>\n\
next_page_link: //a[@rel='next']\n\
single_page_link: //a[contains(@class,'print')]/@href\n\
test_url: https://example.com/story\n\
test_contains: The first line\n\
tidy: no\n\
bogus: 1\n\
if_page_contains: //div[@class='x']\n";
        load_str(
            &mut set,
            "sc/example.com.txt",
            Scope::Host("example.com".into(), true),
            src,
        );
        let w = &set.community.warnings;
        assert_eq!(w.len(), 3, "{w:?}");
        assert!(
            w[0].starts_with("sc/example.com.txt:6: unsupported XPath in strip: //p/ancestor::div")
        );
        assert!(w[1].starts_with("sc/example.com.txt:18: unknown directive \"bogus\""));
        assert!(w[2].starts_with("sc/example.com.txt:19: the if_page_contains directive"));
        let actions: Vec<_> = set
            .elements
            .iter()
            .map(|r| (r.action, r.origin.line))
            .collect();
        assert_eq!(
            actions,
            [
                (Action::Body, 4),
                (Action::Body, 4),
                (Action::Strip, 5),
                (Action::Strip, 7),
                (Action::Strip, 8)
            ]
        );
        let fields: Vec<_> = set
            .fields
            .iter()
            .map(|f| (f.field, f.selector_text.as_str()))
            .collect();
        assert_eq!(
            fields,
            [
                (Field::Title, "h1[class=\"headline\"]"),
                (Field::Author, "meta[name=\"author\"]")
            ]
        );
        let site = &set.community.exact["example.com"];
        assert!(!site.prune);
        assert_eq!(site.replace.len(), 2);
        assert_eq!(site.replace[1].0, "<br><br>");
        assert_eq!(site.next_page_link.len(), 1);
        assert_eq!(site.single_page_link[0].attr.as_deref(), Some("href"));
        assert_eq!(
            set.tests[0].url.as_deref(),
            Some("https://example.com/story")
        );
        assert_eq!(set.tests[0].contains, ["The first line"]);
    }
}
