//! Publication dates through the public extraction API: which source wins
//! when a page gives several, and which dates are never taken.

use lagebild_web::{extract_html, PageHints};

fn published(page: &str, url: Option<&str>) -> Option<String> {
    let hints = PageHints {
        url: url.map(str::to_string),
        ..Default::default()
    };
    extract_html(page.as_bytes(), &hints)
        .ok()
        .and_then(|article| article.meta.published)
}

/// A page that states its date in every way a page can, each one different,
/// so that the winner shows which source was trusted.
fn page_with(head: &str, body: &str) -> String {
    format!(
        r#"<html><head><title>Gipfel</title>{head}</head><body><header><p class="date">03.03.2021</p>
        <h1>Gipfel in Berlin</h1><div class="byline">Von Anna Muster | 04.04.2021</div></header>
        <article><p>Die Regierungschefs trafen sich am Dienstag in Berlin zu einem langen Gipfel,
        der bis in die Nacht dauerte und viele Fragen offen ließ.</p>{body}</article></body></html>"#
    )
}

#[test]
fn structured_data_then_url_then_the_visible_dateline() {
    let url = Some("https://x.de/politik/2022/02/02/gipfel.html");
    let json_ld = r#"<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2020-01-01"}</script>"#;
    let microdata = r#"<span itemprop="datePublished" content="2020-06-06"></span>"#;
    assert_eq!(
        published(&page_with(json_ld, microdata), url).as_deref(),
        Some("2020-01-01")
    );
    assert_eq!(
        published(&page_with("", microdata), url).as_deref(),
        Some("2020-06-06")
    );
    // hAtom's date survives the pre-pass that drops unread attributes.
    let hatom = r#"<abbr class="published" title="2020-07-07T08:00:00-07:00">08:00</abbr>"#;
    assert_eq!(
        published(&page_with("", hatom), url).as_deref(),
        Some("2020-07-07T08:00:00-07:00")
    );
    assert_eq!(
        published(&page_with("", ""), url).as_deref(),
        Some("2022-02-02")
    );
    // Without any of those, the dateline nearest the headline: the byline
    // right below it and the date line right above it are equally near
    // (the headline's own words do not count), and below comes first.
    assert_eq!(
        published(&page_with("", ""), None).as_deref(),
        Some("2021-04-04")
    );
}

#[test]
fn a_declared_date_in_the_future_or_before_the_web_gives_way() {
    let future = r#"<meta property="article:published_time" content="2999-01-01T10:00:00Z">"#;
    assert_eq!(
        published(&page_with(future, ""), None).as_deref(),
        Some("2021-04-04")
    );
    let ancient = r#"<meta name="date" content="1970-01-01">"#;
    assert_eq!(
        published(
            &page_with(ancient, ""),
            Some("https://x.de/a/20220202-gipfel")
        )
        .as_deref(),
        Some("2022-02-02")
    );
}

#[test]
fn dates_of_comments_are_never_the_publication_date() {
    let filler: String = (0..40)
        .map(|i| format!("<p>Absatz {i} des Artikels ohne jedes Datum darin.</p>"))
        .collect();
    let page = format!(
        r#"<html><body><h1>Gipfel in Berlin</h1>{filler}
        <div id="comments"><abbr class="published" title="2021-05-05">vor 2 Tagen</abbr>
        <time datetime="2021-05-06">6. Mai</time></div></body></html>"#
    );
    // Neither the comment's hAtom date nor its <time> dates the article.
    assert_eq!(published(&page, None), None);
    // The same <time> outside the comments does.
    let article_time = page.replace(r#"<div id="comments">"#, r#"<div id="meta">"#);
    assert_eq!(
        published(&article_time, None).as_deref(),
        Some("2021-05-05")
    );
}

#[test]
fn url_layouts() {
    let page = "<html><body><p>Kein Datum</p></body></html>";
    for (url, date) in [
        (
            "https://x.de/detail/~02-01-2022-land-zahlte",
            Some("2022-01-02"),
        ),
        (
            "http://x.cn/news/2012-06/04/content_1.htm",
            Some("2012-06-04"),
        ),
        ("https://x.de/2019/10/22/artikel/", Some("2019-10-22")),
        ("https://x.de/article242242744/feuer.html", None),
    ] {
        assert_eq!(published(page, Some(url)).as_deref(), date, "{url}");
    }
}
