//! HTML pages and WARC archives (gzip-compressed, from ../shared) are
//! recognised and handed to the web extractor by `lagebild analyze`.

mod analyze_support;

use analyze_support::{documents, lagebild, shared, stderr};

#[test]
fn gzipped_html_page_is_extracted() {
    let Some(page) = shared("data/corpus/html_de/fundus/de/BR_2024_04_22.html.gz") else {
        return;
    };
    let output = lagebild(&["analyze", "--json", &page], None);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let docs = documents(&output);
    assert_eq!(docs.len(), 1);
    assert_eq!(
        docs[0]["title"],
        "Evangelische Kirche: Landeskirche will Missbrauch aufarbeiten"
    );
    assert!(docs[0]["url"]
        .as_str()
        .is_some_and(|u| u.starts_with("https://www.br.de/")));
}

#[test]
fn every_warc_response_record_becomes_a_document() {
    let Some(warc) = shared("data/corpus/warc/fundus_de_dev.warc.gz") else {
        return;
    };
    let output = lagebild(&["analyze", "--json", &warc], None);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let docs = documents(&output);
    assert_eq!(docs.len(), 76, "one document per response record");
    assert!(docs
        .iter()
        .all(|d| d["text"].as_str().is_some_and(|t| !t.is_empty())));
}
