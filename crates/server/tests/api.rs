//! API integration tests: a small archive written with the store crate,
//! queried through the router in-process (no socket).

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use lagebild_core::{Article, Document, Metadata, Section};
use lagebild_entities::{Entities, Entity};
use lagebild_server::{router, Limits};
use lagebild_store::{ArchiveWriter, TantivyArchive};
use serde_json::Value;
use std::sync::Arc;
use tower::ServiceExt;

const HOSTILE_TITLE: &str = "<script>alert(1)</script> &amp; <img src=x onerror=alert(2)>";

fn article(id: &str, title: &str, paragraph: &str, published: &str) -> Document {
    Document::from_article(Article {
        meta: Metadata {
            id: id.into(),
            published: Some(published.into()),
            language: Some("de".into()),
            source: Some("Testblatt".into()),
            url: Some(format!("javascript:alert('{id}')")),
            ..Default::default()
        },
        title: Some(title.into()),
        sections: vec![Section { heading: None, paragraphs: vec![paragraph.into()] }],
        ..Default::default()
    })
}

/// Adds an entity layer with one mention of each `(name, type)`, found in
/// the text; entity ids are `e1`, `e2`, … in the order given.
fn with_entities(mut doc: Document, names: &[(&str, &str)]) -> Document {
    let chars: Vec<char> = doc.text().chars().collect();
    let entities = names
        .iter()
        .enumerate()
        .map(|(i, (name, entity_type))| {
            let needle: Vec<char> = name.chars().collect();
            let start = (0..chars.len()).find(|&i| chars[i..].starts_with(&needle)).expect("name in text");
            // Built from JSON, as the store reads it, so new optional
            // fields of the entity layer need no change here.
            serde_json::from_value(serde_json::json!({
                "id": format!("e{}", i + 1), "name": name, "type": entity_type,
                "mentions": [{"start": start, "end": start + needle.len(), "text": name}],
            }))
            .expect("entity")
        })
        .collect::<Vec<Entity>>();
    doc.set_layer(Entities(entities));
    doc
}

/// Adds one event: `e1` (the first entity) meets `e2`, expected, on the
/// article's first sentence. The layer goes in as JSON, as the store reads
/// documents, so this test needs no events crate.
fn with_meeting(doc: Document, trigger: &str) -> Document {
    let chars: Vec<char> = doc.text().chars().collect();
    let needle: Vec<char> = trigger.chars().collect();
    let start = (0..chars.len()).find(|&i| chars[i..].starts_with(&needle)).expect("trigger in text");
    let entities = &doc.layer::<Entities>().expect("entities first").0;
    let actor = |e: &Entity| {
        let m = &e.mentions[0];
        serde_json::json!({"entity": e.id, "name": e.name, "text": m.text, "start": m.start, "end": m.end})
    };
    let event = serde_json::json!({
        "type": "CONSULT", "mode": "meet", "status": "expected", "date": "2023-09-13",
        "source": actor(&entities[0]), "target": actor(&entities[1]), "location": null,
        "trigger": {"text": trigger, "start": start, "end": start + needle.len()},
        "sentence": {"start": 0, "end": chars.len()},
    });
    let mut json = serde_json::to_value(&doc).expect("document as JSON");
    json["events"] = serde_json::json!([event]);
    serde_json::from_value(json).expect("document with events")
}

fn app() -> (tempfile::TempDir, axum::Router) {
    app_with(Limits::default())
}

fn app_with(limits: Limits) -> (tempfile::TempDir, axum::Router) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut writer = TantivyArchive::open_writer(dir.path()).expect("writer");
    writer
        .add_batch(vec![
            with_meeting(
                with_entities(
                    article(
                        "a1",
                        "Gipfel in Wladiwostok",
                        "Wladimir Putin trifft Kim Jong Un zu Gesprächen über Waffen.",
                        "2023-09-12",
                    ),
                    &[("Wladimir Putin", "PER"), ("Kim Jong Un", "PER")],
                ),
                "trifft",
            ),
            article(
                "a2",
                HOSTILE_TITLE,
                "Ein Text mit <b>Markup</b> und javascript:alert(3) als Wort über Waffen.",
                "2023-10",
            ),
        ])
        .expect("batch");
    writer.finish().expect("finish");
    let archive = TantivyArchive::open(dir.path()).expect("open");
    (dir, router(Arc::new(archive), limits).expect("query threads"))
}

async fn get(app: &axum::Router, uri: &str) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let response =
        app.clone().oneshot(Request::get(uri).body(Body::empty()).expect("request")).await.expect("response");
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.expect("body").to_bytes().to_vec();
    (status, headers, body)
}

async fn get_json(app: &axum::Router, uri: &str) -> (StatusCode, Value) {
    let (status, _, body) = get(app, uri).await;
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

#[tokio::test]
async fn search_returns_ranked_hits_and_facets() {
    let (_dir, app) = app();
    let (status, body) = get_json(&app, "/api/search?q=Waffen").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["total"], 2);
    assert_eq!(body["items"].as_array().map(Vec::len), Some(2));
    assert_eq!(body["facets"]["sources"][0]["value"], "Testblatt");
    assert_eq!(body["facets"]["languages"][0]["value"], "de");
    assert_eq!(body["facets_sampled"], false, "two hits are counted exactly");
    let (_, filtered) = get_json(&app, "/api/search?q=Waffen&entity=Putin").await;
    assert_eq!(filtered["total"], 1);
    assert_eq!(filtered["items"][0]["id"], "a1");
    let (_, paged) = get_json(&app, "/api/search?q=Waffen&limit=1&offset=1").await;
    assert_eq!(paged["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(paged["offset"], 1);
}

#[tokio::test]
async fn article_has_layers_and_hostile_text_stays_data() {
    let (_dir, app) = app();
    let (status, doc) = get_json(&app, "/api/articles/a1").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(doc["entities"][0]["name"], "Wladimir Putin");
    let (status, hostile) = get_json(&app, "/api/articles/a2").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(hostile["title"], HOSTILE_TITLE, "the API returns text as JSON strings, unchanged");
    let (status, _, _) = get(&app, "/api/articles/nope").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn entity_endpoints_resolve_aliases() {
    let (_dir, app) = app();
    let (_, timeline) = get_json(&app, "/api/entities/timeline?name=Putin&by=month").await;
    assert_eq!(timeline["periods"][0]["value"], "2023-09");
    let (_, top) = get_json(&app, "/api/entities?type=PER").await;
    let names: Vec<&str> = top["items"].as_array().into_iter().flatten().filter_map(|e| e["name"].as_str()).collect();
    assert_eq!(names, ["Kim Jong Un", "Wladimir Putin"], "persons only; equal counts rank by key");
    let (status, err) = get_json(&app, "/api/entities/timeline").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(err["error"]["message"].as_str().is_some_and(|m| m.contains("name=")));
    let (status, _) = get_json(&app, "/api/entities/timeline?name=Putin&by=year").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

/// The milliseconds of each `Server-Timing` metric, by name.
fn server_timing(headers: &axum::http::HeaderMap) -> Vec<(String, f64)> {
    let Some(value) = headers.get("server-timing") else { return Vec::new() };
    let value = value.to_str().expect("ASCII header");
    value
        .split(", ")
        .map(|metric| {
            let (name, duration) = metric.split_once(";dur=").expect("metric;dur=ms");
            (name.to_string(), duration.parse().expect("milliseconds"))
        })
        .collect()
}

#[tokio::test]
async fn answers_that_ask_the_archive_say_where_their_time_went() {
    let (_dir, app) = app();
    let (status, headers, _) = get(&app, "/api/search?q=Waffen").await;
    assert_eq!(status, StatusCode::OK);
    let timing = server_timing(&headers);
    let names: Vec<&str> = timing.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, ["queue", "store", "store-cpu", "app"]);
    let ms = |wanted: &str| timing.iter().find(|(name, _)| name == wanted).map_or(-1.0, |(_, ms)| *ms);
    assert!(ms("store-cpu") > 0.0, "a search costs some CPU: {timing:?}");
    assert!(ms("app") >= ms("queue") + ms("store"), "the whole request holds its parts: {timing:?}");
    let (_, asset_headers, _) = get(&app, "/assets/app.js").await;
    assert!(server_timing(&asset_headers).is_empty(), "no archive query, no timing");
    let (status, error_headers, _) = get(&app, "/api/search?limit=many").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(server_timing(&error_headers).is_empty(), "refused before the archive was asked");
}

#[tokio::test]
async fn every_response_carries_a_strict_policy() {
    let (_dir, app) = app();
    for uri in ["/", "/api/search?q=x", "/assets/app.js", "/openapi.json", "/nope"] {
        let (_, headers, _) = get(&app, uri).await;
        let csp = headers.get(header::CONTENT_SECURITY_POLICY).and_then(|v| v.to_str().ok()).unwrap_or("");
        assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "{uri}: {csp}");
        assert_eq!(headers.get(header::X_CONTENT_TYPE_OPTIONS).map(|v| v.as_bytes()), Some(&b"nosniff"[..]));
    }
    let (_, openapi) = get_json(&app, "/openapi.json").await;
    assert!(openapi["paths"]["/api/search"].is_object());
}

#[tokio::test]
async fn no_path_traversal_and_no_oversized_requests() {
    let (_dir, app) = app();
    for uri in
        ["/assets/../Cargo.toml", "/assets/..%2F..%2FCargo.toml", "/assets/%2e%2e/src/lib.rs", "/../../etc/passwd"]
    {
        let (status, _, body) = get(&app, uri).await;
        assert!(status == StatusCode::NOT_FOUND || status == StatusCode::BAD_REQUEST, "{uri}: {status}");
        assert!(!String::from_utf8_lossy(&body).contains("[package]"), "{uri} leaked a file");
    }
    let long = format!("/api/search?q={}", "a".repeat(5000));
    let (status, _, _) = get(&app, &long).await;
    assert_eq!(status, StatusCode::URI_TOO_LONG);
    let post = Request::get("/api/search?q=x")
        .header(header::CONTENT_LENGTH, "100000")
        .body(Body::from(vec![b'x'; 100_000]))
        .expect("request");
    let response = app.clone().oneshot(post).await.expect("response");
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let (status, body) = get_json(&app, "/api/search?q=x&limit=abc").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["error"]["message"].as_str().is_some_and(|m| m.contains("limit")));
    let (_, capped) = get_json(&app, "/api/search?limit=100000").await;
    assert_eq!(capped["limit"], 100);
    let (status, _) = get_json(&app, "/api/nothing/here").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn export_streams_jsonl() {
    let (_dir, app) = app();
    let (status, headers, body) = get(&app, "/api/export?q=Waffen").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers.get(header::CONTENT_TYPE).map(|v| v.as_bytes()), Some(&b"application/x-ndjson"[..]));
    let lines: Vec<Value> =
        String::from_utf8_lossy(&body).lines().map(|l| serde_json::from_str(l).unwrap_or(Value::Null)).collect();
    assert_eq!(lines.len(), 2);
    assert!(lines.iter().all(|l| l["schema"].is_string()));
}

#[tokio::test]
async fn events_by_actor_role_and_type() {
    let (_dir, app) = app();
    let (status, body) = get_json(&app, "/api/events?source=Putin").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["total"], 1);
    let event = &body["items"][0];
    assert_eq!(event["type"], "CONSULT");
    assert_eq!(event["status"], "expected");
    assert_eq!(event["actor"]["name"], "Wladimir Putin");
    assert_eq!(event["target"]["name"], "Kim Jong Un");
    assert_eq!(event["article_id"], "a1");
    assert_eq!(event["trigger"], "trifft");
    assert_eq!(body["source_matches"][0]["name"], "Wladimir Putin");
    let total = |body: Value| body["total"].as_u64();
    assert_eq!(total(get_json(&app, "/api/events?target=Kim%20Jong%20Un&type=consult").await.1), Some(1));
    assert_eq!(total(get_json(&app, "/api/events?entity=Kim%20Jong%20Un").await.1), Some(1), "either role");
    assert_eq!(
        total(get_json(&app, "/api/events?target=Putin").await.1),
        Some(0),
        "Putin is the actor, not the target"
    );
    assert_eq!(total(get_json(&app, "/api/events?source=Putin&type=ACCUSE").await.1), Some(0));
    assert_eq!(total(get_json(&app, "/api/events?entity=Putin&from=2023-10").await.1), Some(0), "dated 2023-09-13");
    assert_eq!(total(get_json(&app, "/api/events?news_source=testblatt").await.1), Some(1));
    assert_eq!(total(get_json(&app, "/api/events?news_source=Other").await.1), Some(0));
    let (status, err) = get_json(&app, "/api/events?type=GOSSIP").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(err["error"]["message"].as_str().is_some_and(|m| m.contains("GOSSIP")), "{err}");
    let (_, openapi) = get_json(&app, "/openapi.json").await;
    assert!(openapi["paths"]["/api/events"]["get"]["parameters"].is_array());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_query_slot_serves_many_requests_in_turn() {
    // A slot that was not given back would leave later requests waiting
    // for ever; the timeout turns that into a failure.
    let (_dir, app) = app_with(Limits { concurrent_queries: 1, ..Limits::default() });
    let requests = (0..12).map(|i| {
        let app = app.clone();
        let uri = if i % 2 == 0 { "/api/search?q=Waffen" } else { "/api/events?entity=Putin" };
        tokio::spawn(async move { get_json(&app, uri).await })
    });
    let answers = tokio::time::timeout(std::time::Duration::from_secs(20), async {
        let mut answers = Vec::new();
        for request in requests.collect::<Vec<_>>() {
            answers.push(request.await.expect("request task"));
        }
        answers
    })
    .await
    .expect("every request answered while queries wait their turn");
    assert!(answers.iter().all(|(status, body)| *status == StatusCode::OK && body["total"].as_u64().is_some()));
    let totals: Vec<_> = answers.iter().map(|(_, body)| body["total"].as_u64()).collect();
    assert_eq!(totals[..4], [Some(2), Some(1), Some(2), Some(1)]);
}
