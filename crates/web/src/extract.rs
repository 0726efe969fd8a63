//! Main-content extraction: which text blocks of a page are the article.
//!
//! One iterative pass over the DOM (no recursion, so a page of 100k nested
//! `<div>`s cannot overflow the stack) cuts the page into text blocks, each
//! remembering its element, the number of characters inside links and the
//! nearest ancestor whose class/id marks furniture. The container holding
//! the most article-like text (long, few links, not furniture) minus a
//! penalty for everything else is the article; its blocks are kept, except
//! nested furniture, link lists and boilerplate lines, which go to
//! `boilerplate` with their reason.

use crate::rules::{
    article_end_reason, boilerplate_line_reason, boilerplate_markup, content_markup,
    normalise_markup, promotion_reason,
};
use ego_tree::iter::Edge;
use lagebild_core::{Boilerplate, Section};
use scraper::{ElementRef, Html, Node};

/// How much each character of furniture or link text inside a container
/// costs against a character of article-like text when choosing the
/// container.
const FURNITURE_PENALTY: f64 = 0.55;
/// The same for short unlinked text (table cells, datelines, headings),
/// which articles contain too.
const SHORT_TEXT_PENALTY: f64 = 0.2;
/// Blocks shorter than this never count as article-like text for choosing
/// the container (they still appear in the output when inside it).
const ARTICLE_BLOCK_MIN_CHARS: usize = 30;
/// Share of a block's characters inside links above which the block is a
/// list of links, not prose.
const LINK_LIST_DENSITY: f64 = 0.5;
/// Share of link text above which a block does not count as article-like.
const ARTICLE_LINK_DENSITY: f64 = 0.3;
/// Multiplier on article-like text for containers marked as the article
/// body (`<article>`, `itemprop=articleBody`, `class=entry-content`, …).
const BODY_MARKUP_BONUS: f64 = 1.25;
/// A sibling of the chosen container joins it when its own score reaches
/// this share of the container's (readability's rule for split articles).
const SIBLING_SHARE: f64 = 0.2;
/// A furniture mark on an element holding more than this share of the
/// page's prose is ignored: it is a page wrapper, not a box (comment
/// sections excepted: long discussions can outweigh the article).
const WRAPPER_TEXT_SHARE: f64 = 0.35;
/// The same against the prose outside every furniture mark: an element
/// marked by a class/id word holding more than this share of it and its
/// own prose together is the article's wrapper even when menus full of
/// teaser text make it a small share of the whole page
/// ("content-nav-section").
const WRAPPER_UNMARKED_SHARE: f64 = 0.75;

/// What kind of block a run of text is, from its nearest block element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BlockKind {
    Heading(u8),
    Paragraph,
    ListItem,
    Quote,
    Preformatted,
    TableRow,
    Caption,
    Generic,
}

/// A run of text between block boundaries.
#[derive(Debug)]
struct Block {
    text: String,
    /// Characters in `text` (counted once; used in every score).
    char_count: usize,
    kind: BlockKind,
    link_chars: usize,
    /// Of `link_chars`, those in links to the same page (a heading that
    /// anchors itself, a table of contents).
    in_page_link_chars: usize,
    /// Index into the element list of the block element holding it.
    element: usize,
    /// Elements marked as furniture around it, innermost last.
    marked_ancestors: Vec<usize>,
    /// Inside an element marked as lead, kicker or caption.
    role: Option<&'static str>,
    /// The innermost element marked as a caption around it (a caption
    /// only if that element holds little text, see [`mark_captions`]).
    caption_element: Option<usize>,
}

impl Block {
    fn chars(&self) -> usize {
        self.char_count
    }

    /// Share of the text inside links; a heading's link to its own
    /// anchor (`<h2><a href="#part-2">`) does not count.
    fn link_density(&self) -> f64 {
        let chars = self.chars();
        let link_chars = match self.kind {
            BlockKind::Heading(_) => self.link_chars.saturating_sub(self.in_page_link_chars),
            _ => self.link_chars,
        };
        if chars == 0 {
            0.0
        } else {
            link_chars as f64 / chars as f64
        }
    }
}

/// One element of the page in document order.
#[derive(Debug)]
struct ElementInfo {
    parent: Option<usize>,
    /// One past the last element of its subtree.
    subtree_end: usize,
    /// Furniture reason from its own class/id.
    mark: Option<&'static str>,
    /// Marked as the article body by tag or markup words.
    body_markup: bool,
    /// Holds the page's `<h1>`, `<article>` or `<main>`: never furniture.
    holds_landmark: bool,
    /// The mark comes from class/id words only, not from the tag or role
    /// (`<nav>`, `role=navigation` say what they are; a class word is a
    /// guess).
    marked_by_words: bool,
}

/// What extraction produced from one page's DOM.
#[derive(Debug, Default)]
pub(crate) struct Extracted {
    pub(crate) kicker: Option<String>,
    pub(crate) teaser: Option<String>,
    pub(crate) sections: Vec<Section>,
    pub(crate) captions: Vec<String>,
    pub(crate) boilerplate: Vec<Boilerplate>,
    /// Text of the first `<h1>` inside the article, if any.
    pub(crate) headline: Option<String>,
}

/// Elements whose content is never text of the page.
fn is_skipped(tag: &str) -> bool {
    matches!(
        tag,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "math"
            | "iframe"
            | "object"
            | "embed"
            | "canvas"
            | "video"
            | "audio"
            | "select"
            | "option"
            | "button"
            | "input"
            | "textarea"
            | "head"
            | "title"
            | "link"
            | "meta"
            | "dialog"
    )
}

fn block_kind(tag: &str) -> Option<BlockKind> {
    Some(match tag {
        "h1" => BlockKind::Heading(1),
        "h2" => BlockKind::Heading(2),
        "h3" => BlockKind::Heading(3),
        "h4" => BlockKind::Heading(4),
        "h5" => BlockKind::Heading(5),
        "h6" => BlockKind::Heading(6),
        "p" => BlockKind::Paragraph,
        "li" | "dd" | "dt" => BlockKind::ListItem,
        "blockquote" => BlockKind::Quote,
        "pre" => BlockKind::Preformatted,
        "tr" => BlockKind::TableRow,
        "figcaption" => BlockKind::Caption,
        "div" | "section" | "article" | "main" | "header" | "footer" | "nav" | "aside" | "ul"
        | "ol" | "dl" | "table" | "thead" | "tbody" | "tfoot" | "figure" | "form" | "fieldset"
        | "address" | "details" | "summary" | "center" | "body" | "html" | "hr" => {
            BlockKind::Generic
        }
        _ => return None,
    })
}

/// Furniture reasons from the tag itself (HTML5 landmarks).
fn tag_mark(tag: &str) -> Option<&'static str> {
    match tag {
        "nav" => Some("navigation"),
        "footer" => Some("footer"),
        "aside" => Some("sidebar"),
        "form" => Some("form"),
        _ => None,
    }
}

/// Whether an inline style hides the element (`display: none`,
/// `visibility: hidden`).
fn style_hides(style: &str) -> bool {
    let compact: String = style
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    compact.contains("display:none") || compact.contains("visibility:hidden")
}

/// What the attributes of one element say, read in one pass over them
/// (looking attributes up by name interns the name each time, which cost
/// more than the whole block cutting).
#[derive(Default)]
struct ElementMarks {
    hidden: bool,
    furniture: Option<&'static str>,
    body_markup: bool,
    role: Option<&'static str>,
    navigation_role: bool,
    /// A link to a place on the same page (`href="#…"`).
    in_page_link: bool,
}

/// Reads the hiding, furniture and content marks of an element; `scratch`
/// is reused for the normalised class/id values.
fn read_marks(el: &scraper::node::Element, scratch: &mut String) -> ElementMarks {
    let mut marks = ElementMarks::default();
    // class, id, itemprop and role are looked up in the order the
    // furniture rule has always used, so the first marked one wins.
    let mut markup_values: [Option<&str>; 4] = [None; 4];
    let mut hidden_attribute = false;
    for (name, value) in el.attrs() {
        match name {
            "hidden" => hidden_attribute = true,
            "href" => marks.in_page_link = value.starts_with('#'),
            "aria-hidden" => marks.hidden |= value == "true",
            "style" => marks.hidden |= style_hides(value),
            "class" => markup_values[0] = Some(value),
            "id" => markup_values[1] = Some(value),
            "itemprop" => markup_values[2] = Some(value),
            "role" => {
                markup_values[3] = Some(value);
                marks.navigation_role = value == "navigation";
            }
            _ => {}
        }
    }
    // React's streamed server rendering sends content late in
    // `<div hidden id="S:1">` and moves it into place with a script: it is
    // the page's text, not hidden content.
    let streamed_segment = markup_values[1].is_some_and(|id| {
        id.strip_prefix("S:")
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_alphanumeric()))
    });
    marks.hidden |= hidden_attribute && !streamed_segment;
    if marks.hidden {
        return marks;
    }
    for value in markup_values.into_iter().flatten() {
        normalise_markup(value, scratch);
        if marks.furniture.is_none() {
            marks.furniture = boilerplate_markup().label_in(scratch);
        }
        match content_markup().label_in(scratch) {
            Some("body") => marks.body_markup = true,
            Some(r @ ("lead" | "kicker" | "caption")) if marks.role.is_none() => {
                marks.role = Some(r)
            }
            _ => {}
        }
    }
    marks
}

/// The page cut into blocks, plus its element list.
struct BlockedPage {
    blocks: Vec<Block>,
    elements: Vec<ElementInfo>,
}

/// State of the single pass over the DOM.
struct Cutter {
    blocks: Vec<Block>,
    elements: Vec<ElementInfo>,
    /// Open elements: (element index, is block element, kind if block).
    open: Vec<(usize, Option<BlockKind>)>,
    /// Open elements with a furniture mark.
    marked: Vec<usize>,
    /// Open lead/kicker/caption roles.
    roles: Vec<(usize, &'static str)>,
    buffer: String,
    buffer_link_chars: usize,
    buffer_in_page_link_chars: usize,
    link_depth: usize,
    /// Open links, whether each points into the page.
    open_links: Vec<bool>,
    pre_depth: usize,
    figure_depth: usize,
}

impl Cutter {
    fn new() -> Self {
        Cutter {
            blocks: Vec::new(),
            elements: Vec::new(),
            open: Vec::new(),
            marked: Vec::new(),
            roles: Vec::new(),
            buffer: String::new(),
            buffer_link_chars: 0,
            buffer_in_page_link_chars: 0,
            link_depth: 0,
            open_links: Vec::new(),
            pre_depth: 0,
            figure_depth: 0,
        }
    }

    fn push_text(&mut self, text: &str) {
        let mut added = 0;
        if self.pre_depth > 0 {
            self.buffer.push_str(text);
            added = text.chars().count();
        } else {
            for c in text.chars() {
                if c.is_whitespace() {
                    if !self.buffer.ends_with([' ', '\n']) && !self.buffer.is_empty() {
                        self.buffer.push(' ');
                        added += 1;
                    }
                } else {
                    self.buffer.push(c);
                    added += 1;
                }
            }
        }
        if self.link_depth > 0 {
            self.buffer_link_chars += added;
            if self.open_links.last() == Some(&true) {
                self.buffer_in_page_link_chars += added;
            }
        }
    }

    /// Ends the current run of text as a block of the innermost open block
    /// element.
    fn flush(&mut self) {
        let link_chars = std::mem::take(&mut self.buffer_link_chars);
        let in_page_link_chars = std::mem::take(&mut self.buffer_in_page_link_chars);
        let raw = std::mem::take(&mut self.buffer);
        let text = if self.pre_depth > 0 {
            raw.trim_matches('\n').to_string()
        } else {
            raw.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join("\n")
        };
        if text.is_empty() {
            return;
        }
        let Some((element, kind)) = self.open.iter().rev().find_map(|(e, k)| k.map(|k| (*e, k)))
        else {
            return;
        };
        let kind = if self.figure_depth > 0 {
            BlockKind::Caption
        } else {
            kind
        };
        let char_count = text.chars().count();
        self.blocks.push(Block {
            link_chars: link_chars.min(char_count),
            in_page_link_chars: in_page_link_chars.min(char_count),
            char_count,
            text,
            kind,
            element,
            marked_ancestors: self.marked.clone(),
            role: self.roles.last().map(|(_, r)| *r),
            caption_element: self
                .roles
                .iter()
                .rev()
                .find(|(_, r)| *r == "caption")
                .map(|(e, _)| *e),
        });
    }

    fn open_element(&mut self, el: &scraper::node::Element, marks: ElementMarks) {
        let tag = el.name();
        let index = self.elements.len();
        let parent = self.open.last().map(|(e, _)| *e);
        let mut mark = tag_mark(tag).or(marks.furniture);
        let body_markup = marks.body_markup || matches!(tag, "article" | "main");
        // The page and its landmarks are not captions whatever their
        // classes say (`<body class="theme-caption-two">`).
        let role = marks
            .role
            .filter(|r| *r != "caption" || !matches!(tag, "body" | "html" | "article" | "main"));
        let in_page_link = marks.in_page_link;
        if marks.navigation_role {
            mark = Some("navigation");
        }
        // The page and its main landmark are never furniture, whatever
        // their classes say (`<body class="no-comments">`).
        if body_markup || matches!(tag, "body" | "html") {
            mark = None;
        }
        if matches!(tag, "h1" | "article" | "main") {
            for (open_index, _) in &self.open {
                self.elements[*open_index].holds_landmark = true;
            }
        }
        self.elements.push(ElementInfo {
            parent,
            subtree_end: index + 1,
            mark,
            body_markup,
            holds_landmark: false,
            marked_by_words: tag_mark(tag).is_none() && !marks.navigation_role,
        });
        // A kicker or lead inside a heading (`<h1><span class=kicker>`) is a
        // block of its own, so the headline does not swallow it.
        let kind = block_kind(tag).or(role.map(|_| BlockKind::Generic));
        if kind.is_some() {
            self.flush();
        }
        match tag {
            "a" => {
                self.link_depth += 1;
                self.open_links.push(in_page_link);
            }
            "pre" => self.pre_depth += 1,
            "figure" => self.figure_depth += 1,
            "br" => self.buffer.push('\n'),
            "td" | "th" if !self.buffer.is_empty() => self.buffer.push_str(" | "),
            _ => {}
        }
        if mark.is_some() {
            self.marked.push(index);
        }
        if let Some(r) = role {
            self.roles.push((index, r));
        }
        self.open.push((index, kind));
    }

    fn close_element(&mut self, tag: &str) {
        if self.open.last().is_some_and(|(_, kind)| kind.is_some()) {
            self.flush();
        }
        let Some((index, _)) = self.open.pop() else {
            return;
        };
        match tag {
            "a" => {
                self.link_depth = self.link_depth.saturating_sub(1);
                self.open_links.pop();
            }
            "pre" => self.pre_depth = self.pre_depth.saturating_sub(1),
            "figure" => self.figure_depth = self.figure_depth.saturating_sub(1),
            _ => {}
        }
        if self.marked.last() == Some(&index) {
            self.marked.pop();
        }
        if self.roles.last().is_some_and(|(i, _)| *i == index) {
            self.roles.pop();
        }
        self.elements[index].subtree_end = self.elements.len();
        if self.elements[index].holds_landmark {
            if let Some(parent) = self.elements[index].parent {
                self.elements[parent].holds_landmark = true;
            }
        }
    }
}

fn cut_into_blocks(html: &Html) -> BlockedPage {
    let mut cutter = Cutter::new();
    let mut skipping: Option<ego_tree::NodeId> = None;
    let mut scratch = String::new();
    for edge in html.tree.root().traverse() {
        match edge {
            Edge::Open(node) => {
                if skipping.is_some() {
                    continue;
                }
                match node.value() {
                    Node::Text(text) => cutter.push_text(text),
                    Node::Element(el) => {
                        if is_skipped(el.name()) {
                            skipping = Some(node.id());
                            continue;
                        }
                        let marks = read_marks(el, &mut scratch);
                        if marks.hidden {
                            skipping = Some(node.id());
                        } else {
                            cutter.open_element(el, marks);
                        }
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if let Some(id) = skipping {
                    if id == node.id() {
                        skipping = None;
                    }
                    continue;
                }
                if let Node::Element(el) = node.value() {
                    cutter.close_element(el.name());
                }
            }
        }
    }
    cutter.flush();
    BlockedPage {
        blocks: cutter.blocks,
        elements: cutter.elements,
    }
}

/// Extracts the article blocks of a parsed page.
pub(crate) fn extract(html: &Html) -> Extracted {
    let BlockedPage {
        mut blocks,
        mut elements,
    } = cut_into_blocks(html);
    unmark_wrappers(&blocks, &mut elements);
    mark_captions(&mut blocks, elements.len());
    let furniture: Vec<Option<&'static str>> = blocks
        .iter()
        .map(|b| furniture_reason(b, &elements))
        .collect();
    let Some(kept_ranges) = choose_article(&blocks, &elements, &furniture) else {
        return Extracted {
            boilerplate: blocks
                .into_iter()
                .map(|b| Boilerplate {
                    text: b.text,
                    reason: "no-article-found".into(),
                })
                .collect(),
            ..Default::default()
        };
    };
    let article_end = find_article_end(&blocks, &furniture, &kept_ranges);
    assemble(blocks, &furniture, &kept_ranges, article_end)
}

/// Article text (characters of article-like blocks) that must come before
/// a heading for it to end the article: a "Related" line above the text
/// is navigation, not the article's end.
const ARTICLE_END_MIN_TEXT_BEFORE: usize = 150;
/// A heading ends the article only when the article-like text after it is
/// less than this share of the text before it; more text after it means
/// the box sits inside the article, which goes on.
const ARTICLE_END_MAX_TEXT_AFTER: f64 = 0.5;
/// Longest block without a heading element that still reads as a heading
/// ("Weitere Informationen" in a `<div>` or `<p><strong>`).
const HEADING_LIKE_MAX_CHARS: usize = 80;

/// A heading, or a short line that does not end like a sentence.
fn is_heading_like(block: &Block) -> bool {
    match block.kind {
        BlockKind::Heading(_) => true,
        BlockKind::Paragraph | BlockKind::Generic => {
            block.chars() <= HEADING_LIKE_MAX_CHARS && !block.text.trim_end().ends_with(['.', ','])
        }
        _ => false,
    }
}

/// Where the article ends: the first heading-like block inside the kept
/// containers that opens the page's tail ("Mehr zum Thema", "Ähnliche
/// Beiträge", "About the author", see `resources/*/article_end.txt`),
/// once article text came before it and less follows it. Returns the block
/// index and the reason for everything from there on.
fn find_article_end(
    blocks: &[Block],
    furniture: &[Option<&'static str>],
    kept_ranges: &[std::ops::Range<usize>],
) -> Option<(usize, &'static str)> {
    let inside = |block: &Block| kept_ranges.iter().any(|r| r.contains(&block.element));
    let article_text: Vec<usize> = blocks
        .iter()
        .zip(furniture)
        .map(|(block, reason)| {
            if inside(block) && is_article_like(block, *reason) {
                block.chars()
            } else {
                0
            }
        })
        .collect();
    let total: usize = article_text.iter().sum();
    let is_linked_heading = |block: &Block| {
        matches!(block.kind, BlockKind::Heading(_))
            && block.link_density() >= TEASER_HEADING_LINK_DENSITY
    };
    let mut linked_headings_after = blocks
        .iter()
        .filter(|b| inside(b) && is_linked_heading(b))
        .count();
    let mut before = 0;
    for (index, (block, reason)) in blocks.iter().zip(furniture).enumerate() {
        let candidate = before >= ARTICLE_END_MIN_TEXT_BEFORE && reason.is_none() && inside(block);
        let after = total - before - article_text[index];
        if candidate && is_heading_like(block) {
            if let Some(end_reason) = article_end_reason(&block.text) {
                if (after as f64) < ARTICLE_END_MAX_TEXT_AFTER * before as f64 {
                    return Some((index, end_reason));
                }
            }
        }
        if inside(block) && is_linked_heading(block) {
            if candidate
                && linked_headings_after >= TEASER_RUN_MIN_HEADINGS
                && (after as f64) < TEASER_RUN_MAX_TEXT_AFTER * before as f64
                && after <= TEASER_MAX_TEXT_PER_HEADLINE * linked_headings_after
            {
                return Some((index, "teaser"));
            }
            linked_headings_after -= 1;
        }
        before += article_text[index];
    }
    None
}

/// Share of a heading inside a link above which it is the headline of a
/// teaser (`<h3><a href=…>Other story</a></h3>`), not a section heading.
const TEASER_HEADING_LINK_DENSITY: f64 = 0.9;
/// Linked headlines in a row (counting from the first) after the article
/// text that make a teaser list: one linked heading may be a section
/// title that links somewhere, a run of them is a list of other articles.
const TEASER_RUN_MIN_HEADINGS: usize = 2;
/// A run of linked headlines ends the article only when the text after
/// its start is less than this share of the article text before it
/// (teasers carry a line or two each; product lists inside a guide are
/// followed by more of the guide).
const TEASER_RUN_MAX_TEXT_AFTER: f64 = 1.0;
/// Most article-like text per linked headline in a teaser list: a teaser
/// carries a line or two, a section of a list article ("the best trail
/// shoes", each name linked) carries paragraphs.
const TEASER_MAX_TEXT_PER_HEADLINE: usize = 300;

/// Most text an element marked as a caption holds; more is a page
/// wrapper whose class merely mentions captions
/// (`<body class="theme-caption-two">`).
const CAPTION_MAX_CHARS: usize = 500;

/// Blocks inside small elements marked as captions (`wp-caption-text`,
/// gallery `caption` boxes) become captions, kept apart from the body.
fn mark_captions(blocks: &mut [Block], element_count: usize) {
    let mut caption_chars = vec![0usize; element_count];
    for block in blocks.iter() {
        if let Some(element) = block.caption_element {
            caption_chars[element] += block.chars();
        }
    }
    for block in blocks.iter_mut() {
        if block
            .caption_element
            .is_some_and(|element| caption_chars[element] <= CAPTION_MAX_CHARS)
        {
            block.kind = BlockKind::Caption;
        }
    }
}

/// Drops furniture marks from elements that hold a landmark or most of
/// the page's text.
fn unmark_wrappers(blocks: &[Block], elements: &mut [ElementInfo]) {
    let mut chars = vec![0usize; elements.len()];
    for block in blocks.iter().filter(|b| is_article_like(b, None)) {
        chars[block.element] += block.chars();
    }
    for i in (1..elements.len()).rev() {
        if let Some(parent) = elements[i].parent {
            chars[parent] += chars[i];
        }
    }
    let total = chars.first().copied().unwrap_or(0).max(1);
    let unmarked_prose: usize = blocks
        .iter()
        .filter(|b| b.marked_ancestors.is_empty() && is_article_like(b, None))
        .map(Block::chars)
        .sum();
    for (info, own_chars) in elements.iter_mut().zip(&chars) {
        let own = *own_chars as f64;
        let wrapper = info.holds_landmark
            || own > WRAPPER_TEXT_SHARE * total as f64
            || (info.marked_by_words
                && own > WRAPPER_UNMARKED_SHARE * (own + unmarked_prose as f64));
        if wrapper && info.mark.is_some_and(|reason| reason != "comments") {
            info.mark = None;
        }
    }
}

fn furniture_reason(block: &Block, elements: &[ElementInfo]) -> Option<&'static str> {
    block
        .marked_ancestors
        .iter()
        .rev()
        .find_map(|i| elements[*i].mark)
}

fn is_article_like(block: &Block, furniture: Option<&str>) -> bool {
    furniture.is_none()
        && !matches!(block.kind, BlockKind::Heading(_) | BlockKind::Caption)
        && block.chars() >= ARTICLE_BLOCK_MIN_CHARS
        && block.link_density() <= ARTICLE_LINK_DENSITY
}

/// Element ranges (subtrees) that make up the article: the best-scoring
/// container and the siblings that score close to it.
fn choose_article(
    blocks: &[Block],
    elements: &[ElementInfo],
    furniture: &[Option<&'static str>],
) -> Option<Vec<std::ops::Range<usize>>> {
    let n = elements.len();
    let mut article_chars = vec![0f64; n];
    let mut other_cost = vec![0f64; n];
    for (block, reason) in blocks.iter().zip(furniture) {
        let chars = block.chars() as f64;
        if is_article_like(block, *reason) {
            article_chars[block.element] += chars;
        } else if reason.is_some() || block.link_density() > ARTICLE_LINK_DENSITY {
            other_cost[block.element] += FURNITURE_PENALTY * chars;
        } else {
            other_cost[block.element] += SHORT_TEXT_PENALTY * chars;
        }
    }
    for i in (1..n).rev() {
        if let Some(parent) = elements[i].parent {
            article_chars[parent] += article_chars[i];
            other_cost[parent] += other_cost[i];
        }
    }
    let score = |i: usize| {
        let bonus = if elements[i].body_markup {
            BODY_MARKUP_BONUS
        } else {
            1.0
        };
        article_chars[i] * bonus - other_cost[i]
    };
    let best = (0..n)
        .filter(|i| article_chars[*i] > 0.0)
        .max_by(|a, b| score(*a).total_cmp(&score(*b)))?;
    let mut ranges = vec![best..elements[best].subtree_end];
    if let Some(parent) = elements[best].parent {
        let threshold = SIBLING_SHARE * score(best);
        let mut child = parent + 1;
        while child < elements[parent].subtree_end {
            if child != best
                && score(child) > threshold
                && article_chars[child] >= ARTICLE_BLOCK_MIN_CHARS as f64
            {
                ranges.push(child..elements[child].subtree_end);
            }
            child = elements[child].subtree_end;
        }
    }
    Some(ranges)
}

/// Length of a paragraph that ends the box under a furniture heading
/// ("Anzeige", "Mehr zum Thema"): teasers are shorter.
const FURNITURE_SECTION_END_CHARS: usize = 200;
/// Most link text such a paragraph has.
const FURNITURE_SECTION_END_LINK_DENSITY: f64 = 0.1;

/// Splits the blocks into article sections, captions and boilerplate.
fn assemble(
    blocks: Vec<Block>,
    furniture: &[Option<&'static str>],
    kept_ranges: &[std::ops::Range<usize>],
    article_end: Option<(usize, &'static str)>,
) -> Extracted {
    let mut out = Extracted::default();
    let mut sections = vec![Section::default()];
    let mut seen_body_text = false;
    // A heading that is itself furniture ("Mehr zum Thema", "More
    // stories") sets aside everything up to the next heading of its rank.
    let mut furniture_section: Option<(u8, &'static str)> = None;
    for (index, (block, reason)) in blocks.into_iter().zip(furniture).enumerate() {
        let inside = kept_ranges.iter().any(|r| r.contains(&block.element));
        let past_end = article_end.filter(|(end, _)| inside && index >= *end);
        if let (Some((rank, _)), BlockKind::Heading(level)) = (furniture_section, block.kind) {
            if level <= rank {
                furniture_section = None;
            }
        }
        // A long paragraph of prose is the article again: the box under
        // the furniture heading held links and teasers, and its end had
        // no heading of its own.
        if block.kind == BlockKind::Paragraph
            && block.chars() >= FURNITURE_SECTION_END_CHARS
            && block.link_density() <= FURNITURE_SECTION_END_LINK_DENSITY
        {
            furniture_section = None;
        }
        let heading_reason = match block.kind {
            BlockKind::Heading(level) if inside && reason.is_none() => {
                boilerplate_line_reason(&block.text)
                    .inspect(|r| furniture_section = Some((level, r)))
            }
            _ => None,
        };
        let reason = if !inside {
            Some("outside-article")
        } else if let Some((_, end_reason)) = past_end {
            Some(end_reason)
        } else if let Some(r) = heading_reason.or(furniture_section.map(|(_, r)| r)) {
            Some(r)
        } else if let Some(r) = reason {
            Some(*r)
        } else if block.link_density() > LINK_LIST_DENSITY {
            Some("links")
        } else {
            boilerplate_line_reason(&block.text)
                .or_else(|| is_dateline(&block).then_some("dateline"))
        };
        if let Some(reason) = reason {
            out.boilerplate.push(Boilerplate {
                text: block.text,
                reason: reason.into(),
            });
            continue;
        }
        match (block.kind, block.role) {
            (BlockKind::Caption, _) => out.captions.push(block.text),
            (_, Some("kicker")) if !seen_body_text && out.kicker.is_none() => {
                out.kicker = Some(block.text)
            }
            (BlockKind::Heading(1), _) if out.headline.is_none() && !seen_body_text => {
                out.headline = Some(block.text)
            }
            (BlockKind::Heading(_), _) => sections.push(Section {
                heading: Some(block.text),
                paragraphs: Vec::new(),
            }),
            (_, Some("lead")) if !seen_body_text && out.teaser.is_none() => {
                out.teaser = Some(block.text);
                seen_body_text = true;
            }
            _ => {
                seen_body_text = true;
                if let Some(section) = sections.last_mut() {
                    section.paragraphs.push(block.text);
                }
            }
        }
    }
    set_aside_closing_appeals(&mut sections, &mut out.boilerplate);
    out.sections = drop_orphan_headings(sections, &mut out.boilerplate);
    out
}

/// Short blocks (credits, datelines, a closing line) passed over while
/// looking for appeals at the end of the article.
const CLOSING_SHORT_BLOCK_CHARS: usize = 80;
/// How many short blocks without an appeal the search passes over.
const CLOSING_SHORT_BLOCKS_PASSED: usize = 6;

/// Sets aside the publisher's appeals that close the article ("Gefällt
/// dir unser Magazin? Unterstütze uns …", "Follow us on …", newsletter
/// boxes without markup): from the last paragraph backwards, every block
/// with an appeal phrase goes; the search ends at the first long block
/// without one, so the same words earlier in the text stay.
fn set_aside_closing_appeals(sections: &mut [Section], boilerplate: &mut Vec<Boilerplate>) {
    let mut short_blocks_passed = 0;
    for section in sections.iter_mut().rev() {
        let mut index = section.paragraphs.len();
        while index > 0 {
            index -= 1;
            let paragraph = &section.paragraphs[index];
            if let Some(reason) = promotion_reason(paragraph) {
                boilerplate.push(Boilerplate {
                    text: section.paragraphs.remove(index),
                    reason: reason.into(),
                });
            } else if paragraph.chars().count() <= CLOSING_SHORT_BLOCK_CHARS
                && short_blocks_passed < CLOSING_SHORT_BLOCKS_PASSED
            {
                short_blocks_passed += 1;
            } else {
                return;
            }
        }
        // A heading whose section held nothing but appeals ("Unser
        // Newsletter!") is one too.
        if let Some(reason) = section.heading.as_deref().and_then(promotion_reason) {
            if let Some(text) = section.heading.take() {
                boilerplate.push(Boilerplate {
                    text,
                    reason: reason.into(),
                });
            }
        }
    }
}

/// Longest block that can be a dateline ("Updated Nov 19, 2019 6:55 AM",
/// "PUBLISHED: 10:48, Tue, Nov 19, 2019"); the metadata keeps the date.
const DATELINE_MAX_CHARS: usize = 80;
/// Most words (of two or more letters, month names included) a dateline
/// has; a short sentence with a date has more.
const DATELINE_MAX_WORDS: usize = 6;

/// A short block that is a date with a few words around it: page
/// furniture above or below the article, not its text. List items, quotes
/// (embedded posts end with their date) and blocks ending like a sentence
/// are text.
fn is_dateline(block: &Block) -> bool {
    let text = block.text.trim_end();
    block.chars() <= DATELINE_MAX_CHARS
        && matches!(block.kind, BlockKind::Paragraph | BlockKind::Generic)
        && !text.ends_with(['.', '!', '?', ','])
        && text.contains(|c: char| c.is_ascii_digit())
        && block
            .text
            .split(|c: char| !c.is_alphabetic())
            .filter(|word| word.chars().count() >= 2)
            .count()
            <= DATELINE_MAX_WORDS
        && crate::dates::normalise(&block.text).is_some()
}

/// A heading with nothing under it before the next heading of the same or
/// higher rank is the title of a box that was set aside ("Mehr zum
/// Thema"): it goes to boilerplate too.
fn drop_orphan_headings(
    sections: Vec<Section>,
    boilerplate: &mut Vec<Boilerplate>,
) -> Vec<Section> {
    let last = sections.len().saturating_sub(1);
    let mut kept = Vec::with_capacity(sections.len());
    for (i, section) in sections.into_iter().enumerate() {
        if section.paragraphs.is_empty() && i == last {
            if let Some(heading) = section.heading {
                boilerplate.push(Boilerplate {
                    text: heading,
                    reason: "orphan-heading".into(),
                });
            }
            continue;
        }
        if section.heading.is_some() || !section.paragraphs.is_empty() {
            kept.push(section);
        }
    }
    kept
}

/// All text blocks of an HTML fragment (a feed item's content), in order:
/// a fragment is the article already, so nothing is chosen or set aside.
pub(crate) fn fragment_paragraphs(fragment: &str) -> Vec<String> {
    if !fragment.contains('<') && !fragment.contains('&') {
        let text = fragment.split_whitespace().collect::<Vec<_>>().join(" ");
        return if text.is_empty() {
            Vec::new()
        } else {
            vec![text]
        };
    }
    cut_into_blocks(&Html::parse_fragment(fragment))
        .blocks
        .into_iter()
        .map(|b| b.text)
        .collect()
}

/// Text of an element, whitespace-collapsed; for metadata lookups.
pub(crate) fn element_text(el: ElementRef<'_>) -> String {
    let mut out = String::new();
    for piece in el.text() {
        for c in piece.chars() {
            if c.is_whitespace() {
                if !out.is_empty() && !out.ends_with(' ') {
                    out.push(' ');
                }
            } else {
                out.push(c);
            }
        }
    }
    out.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body_text(html: &str) -> String {
        let ex = extract(&Html::parse_document(html));
        ex.sections
            .iter()
            .flat_map(|s| s.heading.iter().chain(&s.paragraphs))
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    }

    const ARTICLE: &str = r##"<html><body>
      <nav><a href="/">Start</a> <a href="/p">Politik</a> <a href="/w">Wirtschaft</a></nav>
      <div class="cookie-banner"><p>Wir verwenden Cookies, um Ihnen das beste Erlebnis zu bieten, bitte zustimmen.</p></div>
      <article>
        <h1>Gipfel in Berlin</h1>
        <p class="lead">Die Regierungschefs haben sich am Montag in Berlin getroffen und lange beraten.</p>
        <p>Der Kanzler sagte, man habe große Fortschritte bei den Verhandlungen über den Haushalt erzielt.</p>
        <div class="share-bar"><a href="#">Teilen auf Facebook und anderen Netzwerken</a></div>
        <h2>Streit um Geld</h2>
        <p>Über die Finanzierung wurde bis spät in die Nacht hinein gestritten, hieß es aus Delegationskreisen.</p>
        <figure><img src="x.jpg"><figcaption>Der Kanzler am Montag vor dem Kanzleramt.</figcaption></figure>
        <ul><li>Erstens: mehr Geld für Schulen und Kitas in allen Bundesländern.</li></ul>
        <div class="related"><h3>Mehr zum Thema</h3><ul><li><a href="/a">Ein anderer Artikel mit einer langen Überschrift</a></li></ul></div>
      </article>
      <section id="comments"><p>Leser Max: Das ist doch alles Unsinn, was die da oben wieder beschließen!</p></section>
      <footer><p>© 2023 Beispielverlag GmbH. Alle Rechte vorbehalten, auch die der Vervielfältigung.</p></footer>
    </body></html>"##;

    #[test]
    fn keeps_article_and_sets_furniture_aside_with_reasons() {
        let ex = extract(&Html::parse_document(ARTICLE));
        assert_eq!(ex.headline.as_deref(), Some("Gipfel in Berlin"));
        assert_eq!(
            ex.teaser.as_deref(),
            Some("Die Regierungschefs haben sich am Montag in Berlin getroffen und lange beraten.")
        );
        let text = body_text(ARTICLE);
        assert!(text.contains("große Fortschritte"));
        assert!(text.contains("Streit um Geld\nÜber die Finanzierung"));
        assert!(text.contains("Erstens: mehr Geld"));
        for furniture in [
            "Cookies",
            "Teilen",
            "Mehr zum Thema",
            "anderer Artikel",
            "Unsinn",
            "Beispielverlag",
            "Politik",
        ] {
            assert!(!text.contains(furniture), "{furniture} leaked into {text}");
        }
        assert_eq!(
            ex.captions,
            vec!["Der Kanzler am Montag vor dem Kanzleramt."]
        );
        let reason_of = |needle: &str| {
            ex.boilerplate
                .iter()
                .find(|b| b.text.contains(needle))
                .map(|b| b.reason.clone())
                .unwrap_or_default()
        };
        assert_eq!(reason_of("Teilen auf"), "share");
        assert_eq!(reason_of("anderer Artikel"), "related");
        assert_eq!(reason_of("Unsinn"), "outside-article");
    }

    #[test]
    fn furniture_heading_sets_its_section_aside() {
        let html = r#"<body><article><h1>Titel</h1>
            <p>Ein langer Absatz mit genug Text, um als Artikel zu gelten, und noch etwas mehr.</p>
            <h2>Meistgelesen</h2><p>Ein anderer Artikel mit langem Anreißer, der nicht dazugehört.</p>
            <h2>Zweiter Teil</h2><p>Der Artikel geht hier weiter, mit einem weiteren langen Absatz.</p>
            </article></body>"#;
        let text = body_text(html);
        assert!(
            !text.contains("Meistgelesen") && !text.contains("anderer Artikel"),
            "{text}"
        );
        assert!(
            text.contains("Zweiter Teil\nDer Artikel geht hier weiter"),
            "{text}"
        );
    }

    /// A long paragraph, so that `n` of them are clearly article text.
    fn paragraph(n: usize) -> String {
        format!("<p>Absatz {n} des Artikels mit genug Text, um als Artikel zu gelten, und noch etwas mehr dazu.</p>")
    }

    #[test]
    fn heading_of_the_page_tail_ends_the_article() {
        let html = format!(
            "<body><article><h1>Titel</h1>{}<div>Ähnliche Beiträge</div>
            <h3>Ein anderer Artikel</h3><p>Der Anreißer eines anderen Artikels, der nicht zum Text gehört.</p>
            <h3>Noch ein Artikel</h3><p>Und noch ein Anreißer, der auch nicht zum Text dieser Seite gehört.</p>
            </article></body>",
            (1..=4).map(paragraph).collect::<String>()
        );
        let ex = extract(&Html::parse_document(&html));
        let text = body_text(&html);
        assert!(text.contains("Absatz 4"), "{text}");
        assert!(
            !text.contains("Ähnliche") && !text.contains("Anreißer"),
            "{text}"
        );
        assert!(ex
            .boilerplate
            .iter()
            .any(|b| b.text.contains("noch ein Anreißer") && b.reason == "related"));
    }

    #[test]
    fn run_of_linked_headlines_after_the_text_ends_the_article() {
        let teaser = |n| {
            format!("<h3><a href=\"/story/{n}\">Schlagzeile {n}</a></h3><p>Kurzer Anreißer {n} eines anderen Artikels.</p>")
        };
        let html = format!(
            "<body><article><h1>Titel</h1>{}{}</article></body>",
            (1..=4).map(paragraph).collect::<String>(),
            (1..=3).map(teaser).collect::<String>()
        );
        let text = body_text(&html);
        assert!(text.contains("Absatz 4"), "{text}");
        assert!(
            !text.contains("Schlagzeile") && !text.contains("Anreißer"),
            "{text}"
        );
    }

    #[test]
    fn list_article_with_linked_or_anchored_headings_is_kept() {
        let section = |n: usize| {
            format!(
                "<h2><a href=\"/shop/{n}\">Produkt {n}</a></h2>{}{}{}<h3><a href=\"#teil-{n}\">Teil {n}</a></h3>{}",
                paragraph(n * 10),
                paragraph(n * 10 + 1),
                paragraph(n * 10 + 2),
                paragraph(n * 10 + 3)
            )
        };
        let html = format!(
            "<body><article><h1>Titel</h1>{}{}</article></body>",
            (1..=2).map(paragraph).collect::<String>(),
            (1..=3).map(section).collect::<String>()
        );
        let text = crate::prescan::prepare(&html);
        let text = body_text(&text);
        assert!(
            text.contains("Teil 3\nAbsatz 33") && text.contains("Absatz 30"),
            "{text}"
        );
    }

    #[test]
    fn closing_appeals_are_set_aside_but_the_same_words_earlier_stay() {
        let html = format!(
            "<body><article><h1>Titel</h1>{}<p>Der Verlag stellt seinen Newsletter ein, teilte er am Montag mit.</p>{}
            <p>Gefällt dir unser Magazin? Dann unterstütze uns mit einem Abo!</p><p>Foto: dpa</p>
            <p>Follow us on Twitter and Instagram for the latest news.</p>
            <h2>Unser Newsletter</h2><p>Jeden Freitag die besten Texte: jetzt abonnieren!</p></article></body>",
            paragraph(1),
            paragraph(2)
        );
        let ex = extract(&Html::parse_document(&html));
        let text = body_text(&html);
        assert!(
            text.contains("seinen Newsletter ein") && text.contains("Absatz 2"),
            "{text}"
        );
        assert!(
            !text.contains("unterstütze uns")
                && !text.contains("Follow us")
                && !text.contains("Newsletter\n"),
            "{text}"
        );
        let reasons: Vec<&str> = ex.boilerplate.iter().map(|b| b.reason.as_str()).collect();
        assert!(
            reasons.contains(&"support") && reasons.contains(&"share"),
            "{reasons:?}"
        );
    }

    #[test]
    fn box_inside_the_article_or_a_pointer_does_not_end_it() {
        let html = format!(
            "<body><article><h1>Titel</h1>{}{}<h3>Related</h3><ul><li><a href=/x>Another story</a></li></ul>
            {}{}{}<p>Read more: What the chancellor said</p>{}</article></body>",
            paragraph(1),
            paragraph(2),
            paragraph(3),
            paragraph(4),
            paragraph(5),
            paragraph(6)
        );
        let text = body_text(&html);
        assert!(
            (1..=6).all(|n| text.contains(&format!("Absatz {n}"))),
            "{text}"
        );
    }

    #[test]
    fn long_prose_after_a_furniture_heading_is_the_article_again() {
        let long = "Der Text geht nach der Werbung weiter, mit einem langen Absatz voller Sätze, die niemand für einen Anreißer halten würde, weil sie lang sind und keine Links haben, sondern einfach erzählen, was am Montag geschah.";
        let html = format!(
            "<body><article><h1>Titel</h1>{}<h3>Anzeige</h3><p>Kurzer Werbetext für ein Produkt.</p><p>{long}</p></article></body>",
            paragraph(1)
        );
        let text = body_text(&html);
        assert!(!text.contains("Werbetext"), "{text}");
        assert!(text.contains("nach der Werbung weiter"), "{text}");
    }

    #[test]
    fn datelines_and_inline_credits_are_set_aside_but_dated_sentences_stay() {
        let html = r#"<body><article><h1>Titel</h1>
            <p>Updated Nov 19, 2019 6:55 AM</p>
            <p>Ein langer Absatz mit genug Text, um als Artikel zu gelten, und noch etwas mehr.</p>
            <p>Der Kanzler am Montag vor dem Kanzleramt. | © dpa</p>
            <p>Am 19. November 2019 trafen sich die Minister in Berlin.</p>
            <ul><li>ab 1. Januar 2024 für Tabakwaren.</li></ul>
            <p>Noch ein langer Absatz mit genug Text, um als Artikel zu gelten, wirklich wahr.</p></article></body>"#;
        let ex = extract(&Html::parse_document(html));
        let text = body_text(html);
        assert!(
            !text.contains("Updated") && !text.contains("© dpa"),
            "{text}"
        );
        assert!(text.contains("Am 19. November 2019 trafen"), "{text}");
        assert!(text.contains("ab 1. Januar 2024"), "{text}");
        let reasons: Vec<&str> = ex.boilerplate.iter().map(|b| b.reason.as_str()).collect();
        assert_eq!(reasons, vec!["dateline", "credit"]);
    }

    #[test]
    fn page_builder_widgets_are_article_text() {
        let paragraph = |n| {
            format!("<div class=\"elementor-widget elementor-widget-text-editor\"><p>Absatz {n} mit genug Text, um als Artikel zu gelten, und noch etwas mehr dazu.</p></div>")
        };
        let html = format!(
            "<body><div class=sidebar><p>Ein Kasten am Rand mit einem Text, der nicht dazugehört, wirklich.</p></div><div class=content>{}</div></body>",
            (1..=4).map(paragraph).collect::<String>()
        );
        let text = body_text(&html);
        assert!(
            (1..=4).all(|n| text.contains(&format!("Absatz {n}"))),
            "{text}"
        );
        assert!(!text.contains("Kasten"), "{text}");
    }

    #[test]
    fn wrapper_with_furniture_class_is_not_furniture() {
        let html = r#"<body><div class="page has-sidebar sidebar"><div><h1>Titel</h1>
            <p>Ein langer Absatz mit genug Text, um als Artikel zu gelten, und noch etwas mehr.</p>
            <p>Noch ein langer Absatz mit genug Text, um als Artikel zu gelten, wirklich wahr.</p></div></div></body>"#;
        assert!(body_text(html).contains("Noch ein langer Absatz"));
    }

    #[test]
    fn component_prefixes_and_wrappers_among_menus_are_article_text() {
        let menu_entry = |n| {
            format!("<li><p>Menüpunkt {n} mit einem langen Werbetext für ein Produkt der Bank, den keiner liest.</p></li>")
        };
        let html = format!(
            "<body>{}<h1>Titel</h1><div class=\"content-nav-section\">{}</div>
            <div class=\"cmp-container\"><div class=\"cmp-text\">{}</div></div></body>",
            (1..=4)
                .map(|_| format!(
                    "<aside>{}</aside>",
                    (1..=3).map(menu_entry).collect::<String>()
                ))
                .collect::<String>(),
            (1..=4).map(paragraph).collect::<String>(),
            paragraph(5)
        );
        let text = body_text(&html);
        assert!(
            (1..=5).all(|n| text.contains(&format!("Absatz {n}"))),
            "{text}"
        );
        assert!(!text.contains("Menüpunkt"), "{text}");
    }

    #[test]
    fn caption_boxes_are_captions_unless_they_wrap_the_page() {
        let html = format!(
            "<body class=\"theme-caption-two\"><article><h1>Titel</h1>{}
            <div class=\"wp-caption\"><p class=\"wp-caption-text\">Der Kanzler am Montag in Berlin.</p></div>{}</article></body>",
            paragraph(1),
            paragraph(2)
        );
        let ex = extract(&Html::parse_document(&html));
        let text = body_text(&html);
        assert!(
            text.contains("Absatz 1") && text.contains("Absatz 2"),
            "{text}"
        );
        assert!(!text.contains("Der Kanzler"), "{text}");
        assert_eq!(ex.captions, vec!["Der Kanzler am Montag in Berlin."]);
    }

    #[test]
    fn streamed_react_segments_are_text_but_hidden_elements_are_not() {
        let html = format!(
            "<body><main><h1>Titel</h1><p>Loading paragraph...</p></main>
            <div hidden>Ein versteckter Text, der nicht auf der Seite erscheint, auch wenn er lang ist.</div>
            <div hidden id=\"S:1f\">{}</div></body>",
            (1..=3).map(paragraph).collect::<String>()
        );
        let text = body_text(&html);
        assert!(text.contains("Absatz 3"), "{text}");
        assert!(!text.contains("versteckter"), "{text}");
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let depth = 100_000;
        let html = format!(
            "{}<p>Tief verschachtelter Text, der trotzdem gefunden werden sollte.</p>{}",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        let text = body_text(&crate::prescan::prepare(&html));
        assert!(text.contains("Tief verschachtelter Text"));
    }

    #[test]
    fn tables_and_preformatted_text_survive() {
        let html = r#"<body><article><p>Die Tabelle zeigt die Ergebnisse der Wahl in den einzelnen Ländern.</p>
            <table><tr><th>Land</th><th>Stimmen</th></tr><tr><td>Bayern</td><td>42 Prozent</td></tr></table>
            <pre>code  mit   Leerzeichen</pre></article></body>"#;
        let text = body_text(html);
        assert!(text.contains("Bayern | 42 Prozent"), "{text}");
        assert!(text.contains("code  mit   Leerzeichen"));
    }
}
