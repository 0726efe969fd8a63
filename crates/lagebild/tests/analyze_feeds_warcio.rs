//! The web inputs of issue 4 go through `lagebild analyze` as a user would
//! pass them: the RSS/Atom fixtures of lagebild-web (one document per
//! item), the warcio sample archives in ../shared (responses become
//! documents, broken archives a clear error after the readable records),
//! and a directory mixing a feed, a WARC and an HTML page.

mod analyze_support;

use analyze_support::{documents, lagebild, scratch, shared, stderr};
use std::fs;

const RSS: &str = "crates/web/tests/fixtures/tagesnachrichten.rss";
const ATOM: &str = "crates/web/tests/fixtures/wissenschaft.atom";

fn titles(output: &std::process::Output) -> Vec<String> {
    documents(output)
        .iter()
        .map(|d| d["title"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn feed_fixtures_give_one_document_per_item() {
    let output = lagebild(&["analyze", "--json", RSS, ATOM], None);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let titles = titles(&output);
    for expected in [
        "Bundestag beschließt Haushalt für 2024",
        "Inflation sinkt auf 4,5 Prozent",
        "Neue Art im Regenwald entdeckt",
        "Mondmission gestartet",
    ] {
        assert!(
            titles.iter().any(|t| t == expected),
            "{expected} in {titles:?}"
        );
    }
    let docs = documents(&output);
    assert!(docs
        .iter()
        .all(|d| d["url"].as_str().is_some_and(|u| u.starts_with("http"))));
}

#[test]
fn warcio_samples_go_through_analyze() {
    let Some(dir) = shared("data/corpus/warc/warcio_samples") else {
        return;
    };
    for (name, responses) in [
        ("example.warc.gz", 1),
        ("example.warc", 1),
        ("example-iana.org-chunked.warc", 1),
        ("example-resource.warc.gz", 1),
    ] {
        let path = format!("{dir}/{name}");
        let output = lagebild(&["analyze", "--json", &path], None);
        assert_eq!(output.status.code(), Some(0), "{name}: {}", stderr(&output));
        let docs = documents(&output);
        assert_eq!(docs.len(), responses, "{name}");
        assert!(docs[0]["url"]
            .as_str()
            .is_some_and(|u| u.starts_with("http")));
    }
    let truncated = format!("{dir}/example-trunc.warc");
    let output = lagebild(&["analyze", "--json", &truncated], None);
    let err = stderr(&output);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(err.contains("example-trunc.warc"), "{err}");
}

#[test]
fn a_directory_of_mixed_web_files_is_read_whole() {
    let Some(warc) = shared("data/corpus/warc/warcio_samples/example.warc.gz") else {
        return;
    };
    let Some(page) = shared("data/corpus/html_de/fundus/de/BR_2024_04_22.html.gz") else {
        return;
    };
    let dir = scratch("mixed-web");
    let root = analyze_support::repo_root();
    for source in [RSS, ATOM, &warc, &page] {
        let source = root.join(source);
        let name = source.file_name().expect("file name");
        fs::copy(&source, dir.join(name)).expect("copy into the scratch directory");
    }
    let output = lagebild(&["analyze", "--json", &dir.display().to_string()], None);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let titles = titles(&output);
    assert!(
        titles.iter().any(|t| t == "Mondmission gestartet"),
        "{titles:?}"
    );
    assert!(
        titles
            .iter()
            .any(|t| t == "Inflation sinkt auf 4,5 Prozent"),
        "{titles:?}"
    );
    assert!(
        titles.iter().any(|t| t.contains("Missbrauch")),
        "{titles:?}"
    );
    let docs = documents(&output);
    assert!(
        docs.iter()
            .any(|d| d["url"].as_str().is_some_and(|u| u.contains("example.com"))),
        "the WARC's response: {titles:?}"
    );
}
