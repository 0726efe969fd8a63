use crate::api::AppState;
use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

/// The UI's files, compiled into the binary. Requests are looked up in
/// this table by exact name, so no request can reach the file system.
const ASSETS: &[(&str, &str, &[u8])] = &[
    ("app.js", "text/javascript; charset=utf-8", include_bytes!("../assets/app.js")),
    ("app.css", "text/css; charset=utf-8", include_bytes!("../assets/app.css")),
    ("uPlot.iife.min.js", "text/javascript; charset=utf-8", include_bytes!("../assets/vendor/uPlot.iife.min.js")),
    ("uPlot.min.css", "text/css; charset=utf-8", include_bytes!("../assets/vendor/uPlot.min.css")),
    ("cytoscape.min.js", "text/javascript; charset=utf-8", include_bytes!("../assets/vendor/cytoscape.min.js")),
    ("LICENSE.uplot", "text/plain; charset=utf-8", include_bytes!("../assets/vendor/LICENSE.uplot")),
    ("LICENSE.cytoscape", "text/plain; charset=utf-8", include_bytes!("../assets/vendor/LICENSE.cytoscape")),
];

const INDEX_HTML: &str = include_str!("../assets/index.html");
const OPENAPI_JSON: &str = include_str!("../assets/openapi.json");

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/", get(index)).route("/openapi.json", get(openapi)).route("/assets/{name}", get(asset))
}

async fn index() -> Response {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CACHE_CONTROL, "no-cache")], INDEX_HTML)
        .into_response()
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI_JSON).into_response()
}

async fn asset(Path(name): Path<String>) -> Response {
    match ASSETS.iter().find(|(n, _, _)| *n == name) {
        Some((_, content_type, body)) => {
            ([(header::CONTENT_TYPE, *content_type), (header::CACHE_CONTROL, "public, max-age=3600")], *body)
                .into_response()
        }
        None => (StatusCode::NOT_FOUND, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], "no such asset\n")
            .into_response(),
    }
}
