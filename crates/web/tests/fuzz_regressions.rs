//! Inputs that `cargo fuzz` (crates/web/fuzz) found to crash the
//! extractor, kept so they never crash it again.

use lagebild_web::{extract_html, read_warc, PageHints};

/// `html` target: an unclosed tag ending in a multi-byte character made
/// the pre-pass slice inside that character.
#[test]
fn unclosed_tag_before_multibyte_end() {
    let crash = b"\xcf\x3c\x43\xf7";
    let _ = extract_html(crash, &PageHints::default());
    let _ = extract_html("<C÷".as_bytes(), &PageHints::default());
    for _ in read_warc(&crash[..]) {}
}
