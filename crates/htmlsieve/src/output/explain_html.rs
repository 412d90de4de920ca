//! `--explain-html`: the page as a self-contained HTML report. Regions removed by a rule are
//! outlined in red and labelled with the rule's `file:line` and reason, regions the extractor left
//! out are greyed and labelled, and the text that was kept is highlighted in green.
//!
//! The report is built by serialising the parsed DOM with the marks, so it shows exactly what the
//! pipeline saw. It loads nothing: the page's scripts, styles, frames, media and every attribute but
//! a few harmless ones are dropped (images become `[image: alt]` placeholders); its own CSS is
//! inline. Labels are `data-hs-label` attributes shown by CSS, so they never break table or list
//! structure.

use ego_tree::iter::Edge;
use ego_tree::NodeId;
use scraper::node::Node;
use scraper::{ElementRef, Html};
use std::collections::{HashMap, HashSet};
use std::fmt::Write;

use crate::document::Document;
use crate::rules::{Marks, RuleSet};

/// Elements whose content is dropped from the report (they load or run something, or are not
/// visible content).
fn is_dropped(tag: &str) -> bool {
    matches!(
        tag,
        "script"
            | "style"
            | "link"
            | "meta"
            | "base"
            | "head"
            | "template"
            | "iframe"
            | "frame"
            | "frameset"
            | "object"
            | "embed"
            | "applet"
            | "noscript"
            | "param"
    )
}

/// Media replaced by a placeholder naming them.
fn is_media(tag: &str) -> bool {
    matches!(
        tag,
        "img" | "picture" | "video" | "audio" | "svg" | "canvas" | "math" | "source" | "track"
    )
}

fn is_void(tag: &str) -> bool {
    matches!(
        tag,
        "area" | "br" | "col" | "hr" | "input" | "wbr" | "img" | "source" | "track" | "embed"
    )
}

/// Attributes kept from the page: none of them loads anything or runs code.
const KEPT_ATTRS: &[&str] = &["colspan", "rowspan", "lang", "dir", "title", "alt", "open"];

const CSS: &str = r#"
html{background:#f4f4f2}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222}
.hs-report{position:sticky;top:0;z-index:10;background:#1f2937;color:#f9fafb;padding:10px 16px;box-shadow:0 2px 6px rgba(0,0,0,.3)}
.hs-report h1{font-size:18px;margin:0 0 4px}
.hs-report .hs-meta{font-size:13px;color:#d1d5db;word-break:break-all}
.hs-legend{display:flex;flex-wrap:wrap;gap:14px;margin-top:6px;font-size:13px}
.hs-legend span{display:inline-flex;align-items:center;gap:6px}
.hs-swatch{display:inline-block;width:14px;height:14px;border-radius:3px}
.hs-report details{font-size:12px;margin-top:6px}
.hs-report details ol{max-height:30vh;overflow:auto;margin:4px 0;padding-left:22px;font-family:ui-monospace,monospace}
.hs-page{max-width:62rem;margin:16px auto;padding:16px 24px;background:#fff;box-shadow:0 1px 4px rgba(0,0,0,.15)}
.hs-page a{color:inherit}
.hs-media{display:inline-block;font-size:12px;color:#555;border:1px dashed #aaa;padding:0 4px;margin:2px}
[data-hs-label]::before{content:attr(data-hs-label);display:block;width:fit-content;max-width:100%;font:bold 11px/1.4 ui-monospace,monospace;padding:1px 6px;margin:0 0 2px;border-radius:3px;white-space:normal;word-break:break-all;text-decoration:none;opacity:1}
.hs-removed{outline:2px dashed #dc2626;outline-offset:1px;background:#fef2f2;color:#991b1b;text-decoration:line-through #dc262680;margin:4px 0}
.hs-removed::before{background:#dc2626;color:#fff}
.hs-dropped{outline:1px dotted #9ca3af;background:#f3f4f6;color:#6b7280}
.hs-dropped::before{background:#9ca3af;color:#fff}
.hs-textdrop{outline:2px dashed #d97706;background:#fffbeb;color:#92400e}
.hs-textdrop::before{background:#d97706;color:#fff}
.hs-kept{background:#dcfce7;box-shadow:inset 4px 0 0 #16a34a;color:#14532d}
.hs-body{outline:3px solid #2563eb;outline-offset:3px}
.hs-body::before{background:#2563eb;color:#fff}
.hs-keep{outline:2px solid #16a34a}
.hs-keep::before{background:#16a34a;color:#fff}
"#;

/// How one element is marked in the report. Inside a removed element nothing else is marked
/// (it all went).
#[derive(Debug, Clone)]
enum Mark {
    Removed(String),
    Body(String),
    Keep(String),
    Kept,
    TextDrop,
    Dropped(String),
}

fn esc_text(s: &str) -> String {
    html_escape::encode_text(s).into_owned()
}

fn esc_attr(s: &str) -> String {
    html_escape::encode_double_quoted_attribute(s).into_owned()
}

/// A tag name safe to write back (custom elements included); anything else becomes `span`.
fn safe_tag(name: &str) -> &str {
    let ok = !name.is_empty()
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if ok {
        name
    } else {
        "span"
    }
}

fn collapse(s: &str) -> String {
    crate::clean::normalize(s, false).replace('\n', " ")
}

/// Render the report of a page.
pub fn render(
    html: &Html,
    marks: &Marks,
    rules: &RuleSet,
    doc: &Document,
    url: Option<&str>,
    all: bool,
) -> String {
    let mut mark: HashMap<NodeId, Mark> = HashMap::new();
    // A dropped block whose element holds kept blocks is a container's own stray text: labelling
    // the container would wrongly cover the kept text.
    let mut holds_kept: HashSet<NodeId> = HashSet::new();
    for n in &doc.trace.kept {
        let mut cur = html.tree.get(*n).and_then(|n| n.parent());
        while let Some(p) = cur {
            if !holds_kept.insert(p.id()) {
                break;
            }
            cur = p.parent();
        }
    }
    for (n, reason) in &doc.trace.dropped {
        if !holds_kept.contains(n) {
            mark.insert(*n, Mark::Dropped(format!("extractor · {reason}")));
        }
    }
    // Kept blocks whose text did not reach the output were dropped by the text stage.
    let finals: Vec<&str> = doc.blocks.iter().map(|b| b.text.as_str()).collect();
    for n in &doc.trace.kept {
        let text = html
            .tree
            .get(*n)
            .and_then(ElementRef::wrap)
            .map(|e| collapse(&e.text().collect::<String>()))
            .unwrap_or_default();
        let survived = text.is_empty()
            || finals
                .iter()
                .any(|b| text.contains(b) || b.contains(text.as_str()));
        mark.insert(*n, if survived { Mark::Kept } else { Mark::TextDrop });
    }
    let rule_label = |i: usize, what: &str| match rules.elements.get(i) {
        Some(r) => format!("{what} · {} · {}", r.origin, r.reason),
        None => what.to_string(),
    };
    for id in &marks.kept {
        mark.insert(*id, Mark::Keep("keep rule".into()));
    }
    for (id, &i) in &marks.removed {
        if !marks.kept.contains(id) {
            mark.insert(*id, Mark::Removed(rule_label(i, "removed")));
        }
    }
    if let Some(b) = marks.body {
        mark.insert(b, Mark::Body("body named by a rule".into()));
    }

    // The list of removals, in document order: the same as `--explain` prints, so the outermost
    // removed element only (its descendants went with it) and, unless `all`, only elements that
    // hold text.
    let mut listed: Vec<(NodeId, &Mark)> = Vec::new();
    let mut stack = vec![html.tree.root()];
    while let Some(n) = stack.pop() {
        // Scripts, styles and frames are not shown, so not listed either.
        let hidden = n
            .value()
            .as_element()
            .is_some_and(|e| is_dropped(e.name()) || is_media(e.name()));
        if hidden {
            continue;
        }
        if let Some(m @ Mark::Removed(_)) = mark.get(&n.id()) {
            if all || !crate::parse::preview(n).is_empty() {
                listed.push((n.id(), m));
            }
            continue;
        }
        let children: Vec<_> = n.children().collect();
        stack.extend(children.into_iter().rev());
    }
    let removed_count = listed.len();
    let title = doc.title.clone().unwrap_or_default();
    let mut out = String::with_capacity(html.html().len() / 2 + 4096);
    out.push_str("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n");
    let _ = writeln!(
        out,
        "<title>htmlsieve report: {}</title>",
        esc_text(if title.is_empty() { "page" } else { &title })
    );
    let _ = writeln!(out, "<style>{CSS}</style></head><body>");
    out.push_str("<header class=\"hs-report\"><h1>htmlsieve: what was kept and removed</h1>\n");
    let meta: Vec<String> = url
        .map(esc_text)
        .into_iter()
        .chain((!title.is_empty()).then(|| format!("title: {}", esc_text(&title))))
        .collect();
    let _ = writeln!(out, "<div class=\"hs-meta\">{}</div>", meta.join(" · "));
    let _ = writeln!(
        out,
        "<div class=\"hs-legend\" id=\"hs-summary\" data-removed=\"{removed_count}\" data-kept=\"{}\" data-dropped=\"{}\">\
<span><i class=\"hs-swatch\" style=\"background:#dcfce7;box-shadow:inset 4px 0 0 #16a34a\"></i>kept text ({} blocks in the output)</span>\
<span><i class=\"hs-swatch\" style=\"background:#fef2f2;outline:2px dashed #dc2626\"></i>removed by a rule ({removed_count})</span>\
<span><i class=\"hs-swatch\" style=\"background:#f3f4f6;outline:1px dotted #9ca3af\"></i>left out by the extractor ({})</span>\
<span><i class=\"hs-swatch\" style=\"background:#fffbeb;outline:2px dashed #d97706\"></i>dropped by a line rule or as a duplicate</span>\
<span><i class=\"hs-swatch\" style=\"outline:3px solid #2563eb\"></i>body named by a rule</span></div>",
        doc.trace.kept.len(),
        doc.trace.dropped.len(),
        doc.blocks.len(),
        doc.trace.dropped.len(),
    );
    if !listed.is_empty() {
        let _ = write!(
            out,
            "<details><summary>{} removals by rules</summary><ol>",
            listed.len()
        );
        for (id, m) in &listed {
            if let (Some(node), Mark::Removed(label)) = (html.tree.get(*id), m) {
                let _ = write!(
                    out,
                    "<li><b>{}</b> {} <i>{}</i></li>",
                    esc_text(&crate::parse::describe(node)),
                    esc_text(label),
                    esc_text(&crate::parse::preview(node))
                );
            }
        }
        out.push_str("</ol></details>");
    }
    out.push_str("</header>\n<main class=\"hs-page\">\n");
    serialize(html, &mark, &mut out);
    out.push_str("\n</main></body></html>\n");
    out
}

/// Write the page's body with the marks, iteratively (no recursion on deep pages).
fn serialize(html: &Html, mark: &HashMap<NodeId, Mark>, out: &mut String) {
    let mut skip: Option<NodeId> = None;
    // Inside a removed or dropped region its descendants carry no marks of their own.
    let mut quiet: Option<NodeId> = None;
    let mut open: HashSet<NodeId> = HashSet::new();
    for edge in html.tree.root().traverse() {
        match edge {
            Edge::Open(node) => {
                if skip.is_some() {
                    continue;
                }
                match node.value() {
                    Node::Text(t) => out.push_str(&esc_text(t)),
                    Node::Element(e) => {
                        let name = e.name();
                        if name == "html" {
                            continue;
                        }
                        if is_dropped(name) {
                            skip = Some(node.id());
                            continue;
                        }
                        if is_media(name) {
                            let alt = e.attr("alt").or(e.attr("title")).unwrap_or("").trim();
                            let _ = write!(
                                out,
                                "<span class=\"hs-media\">[{}{}{}]</span>",
                                name,
                                if alt.is_empty() { "" } else { ": " },
                                esc_text(alt)
                            );
                            skip = Some(node.id());
                            continue;
                        }
                        let tag = if name == "body" {
                            "div"
                        } else {
                            safe_tag(name)
                        };
                        let _ = write!(out, "<{tag}");
                        for (k, v) in e.attrs() {
                            if KEPT_ATTRS.contains(&k) {
                                let _ = write!(out, " {k}=\"{}\"", esc_attr(v));
                            }
                        }
                        let m = if quiet.is_none() {
                            mark.get(&node.id())
                        } else {
                            None
                        };
                        if let Some(m) = m {
                            let (class, label) = match m {
                                Mark::Removed(l) => ("hs-removed", Some(l.as_str())),
                                Mark::Body(l) => ("hs-body", Some(l.as_str())),
                                Mark::Keep(l) => ("hs-keep", Some(l.as_str())),
                                Mark::Kept => ("hs-kept", None),
                                Mark::TextDrop => {
                                    ("hs-textdrop", Some("text stage · line rule or duplicate"))
                                }
                                Mark::Dropped(l) => ("hs-dropped", Some(l.as_str())),
                            };
                            let _ = write!(out, " class=\"{class}\"");
                            if let Some(l) = label {
                                let desc = crate::parse::describe(node);
                                let _ = write!(
                                    out,
                                    " data-hs-label=\"{}\"",
                                    esc_attr(&format!("{desc} · {l}"))
                                );
                            }
                            if matches!(m, Mark::Removed(_)) {
                                quiet = Some(node.id());
                            }
                        }
                        out.push('>');
                        if !is_void(name) {
                            open.insert(node.id());
                        }
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if skip == Some(node.id()) {
                    skip = None;
                    continue;
                }
                if skip.is_some() {
                    continue;
                }
                if quiet == Some(node.id()) {
                    quiet = None;
                }
                if open.remove(&node.id()) {
                    if let Node::Element(e) = node.value() {
                        let tag = if e.name() == "body" {
                            "div"
                        } else {
                            safe_tag(e.name())
                        };
                        let _ = write!(out, "</{tag}>");
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{Config, Extractor};

    #[test]
    fn report_is_self_contained_and_labelled() {
        let page = r#"<html><head><title>T</title><link rel=stylesheet href="https://x/s.css">
            <script>alert(1)</script><style>body{background:url(https://x/b.png)}</style></head>
            <body onload="evil()"><nav><a href="/">Home</a> <a href="/a">About</a></nav>
            <article><h1>Title here</h1><p style="background:url(https://x/p.png)">A long paragraph of
            article text that the extractor keeps as the main content of the page, with &lt;b&gt; and "quotes".</p>
            <img src="https://x/i.png" alt="a cat"><p>Another long paragraph of article text that the
            extractor should keep as main content as well.</p></article>
            <iframe src="https://x/ad"></iframe></body></html>"#;
        let ex = Extractor::new(Config::default()).unwrap();
        let (doc, report) = ex
            .explain_html_bytes(page.as_bytes(), Some("https://example.com/a"))
            .unwrap();
        assert!(!doc.blocks.is_empty());
        for bad in [
            "https://x/",
            "<script",
            "onload",
            "<iframe",
            "<link",
            "url(",
        ] {
            assert!(!report.contains(bad), "report contains {bad}");
        }
        assert!(report.contains("[img: a cat]"));
        assert!(report.contains("class=\"hs-kept\""));
        assert!(report.contains(
            "class=\"hs-removed\" data-hs-label=\"nav · removed · rules/boilerplate.toml:"
        ));
        assert!(report.contains("&lt;b&gt; and \"quotes\""));
    }
}
