//! Whole-input behaviour: the fundus crawl read as WARC equals the same
//! pages read one by one; warcio's sample files; hostile and broken input
//! gives errors, never panics, and the rest of the input still comes
//! through. Tests needing `../shared` skip with a note when it is missing.

use flate2::read::GzDecoder;
use lagebild_core::Article;
use lagebild_web::{extract_html, read_warc, PageHints};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

fn shared() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("note: ../shared is missing; skipping");
        None
    }
}

fn gunzip(path: &Path) -> Vec<u8> {
    let mut bytes = Vec::new();
    GzDecoder::new(std::fs::File::open(path).expect("readable test file"))
        .read_to_end(&mut bytes)
        .expect("gzip test file");
    bytes
}

/// The parts of an article that must not depend on how the page arrived.
fn content(
    article: &Article,
) -> (
    Option<String>,
    Vec<lagebild_core::Section>,
    Vec<String>,
    Option<String>,
    Option<String>,
) {
    (
        article.title.clone(),
        article.sections.clone(),
        article.meta.authors.clone(),
        article.meta.published.clone(),
        article.meta.url.clone(),
    )
}

#[test]
fn fundus_warc_equals_pages_read_one_by_one() {
    let Some(shared) = shared() else { return };
    let fundus = shared.join("data/corpus/html_de/fundus");
    let mut singles: Vec<(Article, bool)> = Vec::new();
    for country in ["de", "at", "ch"] {
        let dir = fundus.join(country);
        let info: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join("meta.info")).expect("meta.info"),
        )
        .expect("json");
        for (file, entry) in info.as_object().expect("object") {
            let url = entry["url"].as_str().expect("url").to_string();
            let hints = PageHints {
                url: Some(url.clone()),
                ..Default::default()
            };
            let article = extract_html(&gunzip(&dir.join(file)), &hints).expect("page extracts");
            singles.push((article, false));
        }
    }
    let warc =
        std::fs::File::open(shared.join("data/corpus/warc/fundus_de_dev.warc.gz")).expect("warc");
    let mut compared = 0;
    for result in read_warc(warc) {
        let from_warc = result.expect("every record of the fundus WARC extracts");
        let target = from_warc.meta.url.clone().expect("url");
        assert!(from_warc.meta.extra.contains_key("warc_record_id"));
        // Two snapshots may share a URL: match the first unused page whose
        // extraction agrees.
        let single = singles
            .iter_mut()
            .find(|(a, used)| !*used && content(a) == content(&from_warc))
            .unwrap_or_else(|| {
                panic!("no page read one by one gives the WARC's article for {target}")
            });
        single.1 = true;
        assert!(!from_warc.sections.is_empty(), "{target} has no body");
        compared += 1;
    }
    assert_eq!(compared, singles.len());
    assert_eq!(compared, 76);
}

#[test]
fn warcio_samples_are_read_or_rejected_cleanly() {
    let Some(shared) = shared() else { return };
    let dir = shared.join("data/corpus/warc/warcio_samples");
    let mut pages = 0;
    for name in [
        "example.warc",
        "example.warc.gz",
        "example-digest.warc",
        "example-iana.org-chunked.warc",
        "example-resource.warc.gz",
    ] {
        let file = std::fs::File::open(dir.join(name)).expect("sample");
        for result in read_warc(file) {
            let article = result.unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(
                article
                    .meta
                    .url
                    .as_deref()
                    .is_some_and(|u| u.starts_with("http")),
                "{name}"
            );
            pages += 1;
        }
    }
    // example.warc(.gz): one response (the revisit has no body); digest: only
    // requests; iana: one chunked response; resource: one HTML resource.
    assert_eq!(pages, 4);
    let chunked = std::fs::File::open(dir.join("example-iana.org-chunked.warc")).expect("sample");
    let iana: Vec<_> = read_warc(chunked).flatten().collect();
    let all_text = |a: &Article| {
        let body = a.sections.iter().flat_map(|s| s.paragraphs.iter().cloned());
        body.chain(a.boilerplate.iter().map(|b| b.text.clone()))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert!(
        iana.iter()
            .any(|a| all_text(a).contains("The IANA functions coordinate")),
        "chunked body not joined"
    );
    // Broken samples: an error for the broken part, no panic.
    for name in [
        "example-trunc.warc",
        "example-bad-non-chunked.warc.gz",
        "example-wrong-chunks.warc.gz",
        "post-test.warc.gz",
    ] {
        let file = std::fs::File::open(dir.join(name)).expect("sample");
        let results: Vec<_> = read_warc(file).collect();
        assert!(results.len() < 100, "{name} did not terminate cleanly");
    }
    let truncated = std::fs::File::open(dir.join("example-trunc.warc")).expect("sample");
    let results: Vec<_> = read_warc(truncated).collect();
    assert!(
        results.iter().any(|r| r.is_err()),
        "truncation must be reported"
    );
}

/// A WARC of three pages with per-record gzip, cut inside the third member.
#[test]
fn truncated_gzip_warc_keeps_earlier_records() {
    let page = "<html><body><article><h1>Titel</h1><p>Ein Absatz, lang genug, um als Artikeltext erkannt zu werden.</p></article></body></html>";
    let mut warc = Vec::new();
    for i in 0..3 {
        let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n{page}");
        let record = format!(
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://x.de/{i}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{http}\r\n\r\n",
            http.len()
        );
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(record.as_bytes()).expect("gzip");
        warc.extend(gz.finish().expect("gzip"));
    }
    warc.truncate(warc.len() - 40);
    let results: Vec<_> = read_warc(warc.as_slice()).collect();
    assert!(results[0].is_ok() && results[1].is_ok(), "{results:?}");
    assert!(results.last().is_some_and(|r| r.is_err()));
    assert!(results.len() <= 3);
}

#[test]
fn malformed_and_truncated_html_still_gives_the_text() {
    let html = "<html><body><div class=article><p>Erster Absatz ohne Ende, aber mit genug Text für einen Artikel.<p>Zweiter <b>fett <i>kursiv</b> Absatz, der ebenfalls lang genug ist, um zu zählen.</div></span></td><p>Abgeschnittener Abs";
    let article = extract_html(html.as_bytes(), &PageHints::default()).expect("HTML extracts");
    let text: Vec<&String> = article
        .sections
        .iter()
        .flat_map(|s| &s.paragraphs)
        .collect();
    assert!(text.iter().any(|p| p.starts_with("Erster Absatz")));
    assert!(text.iter().any(|p| p.contains("fett kursiv Absatz")));
}

#[test]
fn binary_served_as_html_is_an_error() {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10";
    let error = extract_html(png, &PageHints::default()).expect_err("binary is rejected");
    assert!(error.to_string().contains("not an HTML page"));
}

#[test]
fn fifty_megabyte_page_is_extracted() {
    let paragraph =
        "<p>Ein Absatz mit ganz normalem Text, wie er in Nachrichten vorkommt, und zwar oft.</p>\n";
    let mut html = String::from("<html><body><article>");
    while html.len() < 50 * 1024 * 1024 {
        html.push_str(paragraph);
    }
    html.push_str("</article></body></html>");
    let article =
        extract_html(html.as_bytes(), &PageHints::default()).expect("large page extracts");
    let paragraphs: usize = article.sections.iter().map(|s| s.paragraphs.len()).sum();
    assert!(paragraphs > 500_000, "{paragraphs}");
}

#[test]
fn hundred_thousand_nested_divs_do_not_overflow() {
    let depth = 100_000;
    let html = format!(
        "<html><body>{}<p>Ganz tief unten steht der eigentliche Artikeltext, lang genug.</p>{}</body></html>",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    );
    let article = extract_html(html.as_bytes(), &PageHints::default()).expect("deep page extracts");
    assert!(article
        .sections
        .iter()
        .flat_map(|s| &s.paragraphs)
        .any(|p| p.contains("Ganz tief unten")));
}
