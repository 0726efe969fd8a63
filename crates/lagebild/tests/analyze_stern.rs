//! `lagebild analyze --json` on the stern example article (read from
//! ../shared, never copied) and on our own example articles: the structure
//! the foundation issue asks for, and no body sentence lost.

mod analyze_support;

use analyze_support::{documents, lagebild, shared, slice, stderr};
use serde_json::Value;

fn analyse(path: &str) -> Value {
    let output = lagebild(&["analyze", "--json", path], None);
    assert_eq!(output.status.code(), Some(0), "stderr: {}", stderr(&output));
    let mut docs = documents(&output);
    assert_eq!(docs.len(), 1);
    docs.remove(0)
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect()
}

/// Every zone's offsets select its block, and the blocks tile `text`.
fn assert_zones_consistent(doc: &Value) {
    let text = doc["text"].as_str().unwrap_or_default();
    let mut blocks = Vec::new();
    for zone in doc["zones"].as_array().into_iter().flatten() {
        let (start, end) = (
            zone["start"].as_u64().unwrap_or(0),
            zone["end"].as_u64().unwrap_or(0),
        );
        blocks.push(slice(text, start, end));
    }
    assert_eq!(blocks.join("\n\n"), text);
    let first = &doc["zones"][0];
    assert_eq!(first["kind"], "title");
    assert_eq!(Some(blocks[0].as_str()), doc["title"].as_str());
}

#[test]
fn stern_article_structure_is_recovered() {
    let Some(path) = shared("examples/stern-2023-09-kim-putin.txt") else {
        return;
    };
    let doc = analyse(&path);
    let title = "Diktatoren unter sich: Was erhofft sich Wladimir Putin von Kim Jong Un?";
    assert_eq!(doc["schema"], "lagebild/1");
    assert_eq!(doc["published"], "2023-09");
    assert_eq!(doc["language"], "de");
    assert_eq!(doc["title"], title);
    assert_eq!(doc["kicker"], "Fragen und Antworten");
    let teaser = doc["teaser"].as_str().unwrap_or_default();
    assert!(
        teaser.starts_with("Nordkoreas Machthaber Kim Jong Un ist nach Russland gereist."),
        "{teaser}"
    );
    assert!(
        teaser.ends_with("Was erhoffen sich die beiden von diesem Gipfel der Diktatoren?"),
        "{teaser}"
    );
    let captions = strings(&doc["captions"]);
    assert_eq!(captions.len(), 1);
    assert!(
        captions[0].starts_with("Zuletzt trafen sich der nordkoreanische Machthaber"),
        "{captions:?}"
    );

    let sections = doc["sections"].as_array().cloned().unwrap_or_default();
    let headings: Vec<&str> = sections
        .iter()
        .filter_map(|s| s["heading"].as_str())
        .collect();
    assert_eq!(
        headings,
        vec![
            "Was hat Nordkorea Russland zu bieten?",
            "Was erwartet Nordkorea von Russland?",
            "Wie ist das Verhältnis zwischen Nordkorea und Russland?",
            "Was würde ein Abkommen zwischen Moskau und Pjöngjang bedeuten?",
        ]
    );
    let paragraphs_per_section: Vec<usize> = sections
        .iter()
        .map(|s| s["paragraphs"].as_array().map_or(0, Vec::len))
        .collect();
    assert_eq!(paragraphs_per_section, vec![1, 2, 2, 3, 2]);

    let text = doc["text"].as_str().unwrap_or_default();
    let boilerplate = doc["boilerplate"].as_array().cloned().unwrap_or_default();
    let set_aside = |reason: &str, needle: &str| {
        boilerplate.iter().any(|b| {
            b["reason"] == reason && b["text"].as_str().is_some_and(|t| t.contains(needle))
        })
    };
    assert!(
        set_aside("gallery", "1 von 13 Zurück Weiter"),
        "{boilerplate:?}"
    );
    assert!(
        set_aside("cross-promotion", "Ukraine-Liveblog des stern"),
        "{boilerplate:?}"
    );
    assert!(!text.contains("Zurück Weiter") && !text.contains("Liveblog"));
    assert_eq!(
        text.matches(title).count(),
        1,
        "the title is in the text once"
    );
    assert_zones_consistent(&doc);

    // No body sentence lost: every line of the input is in `text` or set
    // aside, except the date marker (kept as `published` + caption) and the
    // kicker line (kicker + repeated title).
    let raw = std::fs::read_to_string(analyze_support::repo_root().join(&path)).unwrap_or_default();
    let aside: Vec<&str> = boilerplate
        .iter()
        .filter_map(|b| b["text"].as_str())
        .collect();
    for line in raw.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let kept = text.contains(line)
            || aside.contains(&line)
            || line == format!("date 2023-09 {}", captions[0])
            || line == format!("Fragen und Antworten {title}");
        assert!(kept, "input line lost: {line}");
    }
}

#[test]
fn german_example_article() {
    let doc = analyse("examples/de-gipfel.txt");
    assert_eq!(doc["published"], "2025-03");
    assert_eq!(
        doc["title"],
        "Gipfel in Altenburg: Was Norland und Südmark voneinander wollen"
    );
    assert_eq!(doc["kicker"], "Fragen und Antworten");
    let headings: Vec<String> = doc["sections"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["heading"].as_str().map(String::from))
        .collect();
    assert_eq!(
        headings,
        vec![
            "Worum geht es bei dem Treffen?",
            "Was bietet Norland im Gegenzug?",
            "Welche Rolle spielt die Grenze?"
        ]
    );
    let reasons: Vec<&str> = doc["boilerplate"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|b| b["reason"].as_str())
        .collect();
    assert_eq!(
        reasons,
        vec!["gallery", "cross-promotion", "repeated-title"]
    );
    assert_zones_consistent(&doc);
}

#[test]
fn english_example_article() {
    let doc = analyse("examples/en-summit.txt");
    assert_eq!(doc["published"], "2025-03-10");
    assert_eq!(doc["kicker"], "Analysis");
    assert_eq!(
        doc["captions"][0],
        "Prime Minister Ilse Brandauer of Norland arrives in Altenburg (file photo)"
    );
    let reasons: Vec<&str> = doc["boilerplate"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|b| b["reason"].as_str())
        .collect();
    assert_eq!(
        reasons,
        vec![
            "gallery",
            "related-articles",
            "cross-promotion",
            "repeated-title"
        ]
    );
    assert_zones_consistent(&doc);
}

#[test]
fn jsonl_examples_keep_ids_fields_and_extras() {
    let output = lagebild(&["analyze", "--json", "examples/articles.jsonl"], None);
    assert_eq!(output.status.code(), Some(0), "stderr: {}", stderr(&output));
    let docs = documents(&output);
    let ids: Vec<&str> = docs.iter().filter_map(|d| d["id"].as_str()).collect();
    assert_eq!(ids, vec!["ex-1", "ex-2", "ex-3"]);
    assert_eq!(docs[0]["extra"]["section"], "Wirtschaft");
    assert_eq!(docs[0]["boilerplate"][0]["reason"], "related-articles");
    assert_eq!(docs[1]["title"], "Southmark approves high-speed rail link");
    assert_eq!(docs[1]["published"], "2025-02-03T09:30:00");
    assert_eq!(docs[1]["authors"][0], "Sam Reed");
    assert_eq!(docs[2]["published"], "2025-03-08");
}

#[test]
fn text_only_and_summary_modes() {
    let output = lagebild(&["analyze", "--text-only", "examples/de-gipfel.txt"], None);
    assert_eq!(output.status.code(), Some(0), "stderr: {}", stderr(&output));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.starts_with("Gipfel in Altenburg: Was Norland und Südmark voneinander wollen\n\nFragen und Antworten\n\n"));
    assert!(!text.contains("Zurück Weiter"));

    let output = lagebild(&["analyze", "examples/de-gipfel.txt"], None);
    assert_eq!(output.status.code(), Some(0), "stderr: {}", stderr(&output));
    let summary = String::from_utf8_lossy(&output.stdout);
    for expected in [
        "kicker      Fragen und Antworten",
        "Worum geht es bei dem Treffen?",
        "set aside   3",
        "gallery: ",
    ] {
        assert!(
            summary.contains(expected),
            "{expected:?} missing in:\n{summary}"
        );
    }
}
