//! Assembly: the chosen block indices become the content's blocks.
//!
//! Takes the page's blocks and images and the final [`Outcome`]; gives the [`Main`] content: the
//! kept blocks in page order (each with its container) with the images that belong to them and,
//! with `explain`, what was left out and why. Link and image targets are resolved against the
//! page's URL here too.

use scraper::Html;

use super::blocks::{self, RawBlock};
use super::pass::Outcome;
use super::prune::Pruned;
use super::tree::Tree;
use crate::document::{Block, Removal};
use crate::parse::{describe, preview};

/// The main content of one parsed page.
pub struct Main {
    pub blocks: Vec<Block>,
    pub chars: u32,
    pub removals: Vec<Removal>,
    /// Which elements were kept and left out (with `explain`), for `--explain-html`.
    pub trace: crate::document::Trace,
}

/// The content of one page from the blocks `out` keeps (`all` is every block of the page).
pub fn main(
    html: &Html,
    tree: &Tree<'_>,
    out: &Outcome,
    all: Vec<RawBlock>,
    images: Vec<blocks::FoundImage>,
    explain: bool,
) -> Main {
    let mut removals = Vec::new();
    let mut trace = crate::document::Trace::default();
    if explain {
        trace.kept = out.keep.iter().map(|&i| all[i].node).collect();
        trace.dropped = out
            .outside
            .iter()
            .chain(&out.pruned)
            .map(|p| (tree.els[p.el as usize].id, p.reason.clone()))
            .chain(
                out.dropped
                    .iter()
                    .map(|&(i, reason)| (all[i].node, reason.to_string())),
            )
            .collect();
        let el_removal = |p: &Pruned| {
            let id = tree.els[p.el as usize].id;
            html.tree.get(id).map(|node| Removal {
                element: describe(node),
                preview: preview(node),
                origin: "extractor".to_string(),
                reason: p.reason.clone(),
            })
        };
        removals.extend(out.outside.iter().chain(&out.pruned).filter_map(el_removal));
        for &(i, reason) in &out.dropped {
            let rb = &all[i];
            removals.push(Removal {
                element: html.tree.get(rb.node).map(describe).unwrap_or_default(),
                preview: short(&rb.block.text),
                origin: "extractor".to_string(),
                reason: reason.to_string(),
            });
        }
    }
    let mut keep = vec![false; all.len()];
    for &i in &out.keep {
        keep[i] = true;
    }
    let shown = content_images(html, tree, out, &keep, images);
    let mut shown = shown.into_iter().peekable();
    let mut blocks = Vec::with_capacity(out.keep.len());
    for (i, (r, k)) in all.into_iter().zip(keep).enumerate() {
        while let Some(img) = shown.next_if(|img| img.before <= i) {
            blocks.push(image_block(img));
        }
        if k {
            let mut b = r.block;
            b.container = html
                .tree
                .get(r.node)
                .and_then(|n| n.parent())
                .map(|p| p.id());
            blocks.push(b);
        }
    }
    blocks.extend(shown.map(image_block));
    Main {
        blocks,
        chars: out.chars,
        removals,
        trace,
    }
}

/// The images of the chosen content: those inside a chosen container and not in a part pruned
/// from it, or standing between two kept blocks (where no container was chosen).
fn content_images(
    html: &Html,
    tree: &Tree<'_>,
    out: &Outcome,
    keep: &[bool],
    images: Vec<blocks::FoundImage>,
) -> Vec<blocks::FoundImage> {
    if images.is_empty() {
        return images;
    }
    let kept = |i: usize| keep.get(i).copied().unwrap_or(false);
    images
        .into_iter()
        .filter(|img| {
            let between = img.before > 0 && kept(img.before - 1) && kept(img.before);
            // The image's nearest element the tree knows.
            let el = html.tree.get(img.node).and_then(|n| {
                n.ancestors()
                    .take(MAX_IMAGE_ANCESTORS)
                    .find_map(|a| tree.index.get(&a.id()).copied())
            });
            let inside = el.is_some_and(|el| {
                out.roots.iter().any(|&r| tree.is_within(el, r))
                    && !out
                        .pruned
                        .iter()
                        .chain(&out.outside)
                        .any(|p| tree.is_within(el, p.el))
            });
            between || inside
        })
        .collect()
}

/// How far up from an image its container is looked for.
const MAX_IMAGE_ANCESTORS: usize = 64;

fn image_block(img: blocks::FoundImage) -> Block {
    Block::new(
        crate::document::BlockKind::Image {
            src: img.src,
            alt: img.alt,
        },
        "",
    )
}

/// Resolve the links' and images' targets against the page's URL (and its `<base href>`).
pub fn resolve_targets(blocks: &mut [Block], html: &Html, url: Option<&str>) {
    let Some(page) = url.and_then(|u| url::Url::parse(u).ok()) else {
        return;
    };
    let base = html
        .tree
        .nodes()
        .find_map(|n| {
            n.value()
                .as_element()
                .filter(|e| e.name() == "base")
                .and_then(|e| e.attr("href"))
        })
        .and_then(|h| page.join(h.trim()).ok())
        .unwrap_or(page);
    let join = |t: &mut String| {
        if let Ok(u) = base.join(t) {
            *t = u.to_string();
        }
    };
    for b in blocks {
        for l in &mut b.links {
            join(&mut l.href);
        }
        if let crate::document::BlockKind::Image { src, .. } = &mut b.kind {
            join(src);
        }
    }
}

fn short(text: &str) -> String {
    let mut s: String = text.chars().take(60).collect();
    if s.len() < text.len() {
        s.push('…');
    }
    s.replace('\n', " ")
}
