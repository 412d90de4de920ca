//! What reports say of an element: its short name (`tag#id.class`) and the first words of its
//! text. Used by `--explain` (rules, extractor) and the `--explain-html` page alike.

use scraper::node::Node;

/// `tag#id.class1.class2` for reports.
pub fn describe(node: ego_tree::NodeRef<'_, Node>) -> String {
    let Node::Element(e) = node.value() else {
        return String::new();
    };
    let mut s = e.name().to_string();
    if let Some(id) = e.id() {
        s.push('#');
        s.push_str(id);
    }
    for c in e.classes().take(3) {
        s.push('.');
        s.push_str(c);
    }
    s
}

/// The first words of an element's text, for reports.
pub fn preview(node: ego_tree::NodeRef<'_, Node>) -> String {
    let mut out = String::new();
    for d in node.descendants() {
        if let Node::Text(t) = d.value() {
            for w in t.split_whitespace() {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(w);
                if out.len() > 60 {
                    let cut = out
                        .char_indices()
                        .nth(60)
                        .map(|(i, _)| i)
                        .unwrap_or(out.len());
                    out.truncate(cut);
                    out.push('…');
                    return out;
                }
            }
        }
    }
    out
}
