use crate::error::ApiError;
use crate::Limits;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

/// Same-origin everything, no inline script or style, no eval, no plugins,
/// no framing: article text that slips past escaping still cannot run.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";

/// The API takes no request bodies; anything larger than this is refused
/// before it is read.
const MAX_BODY_BYTES: usize = 16 * 1024;

/// Wraps the app in the layers every response goes through.
pub(crate) fn protect(app: Router, limits: &Limits) -> Router {
    let max_uri = limits.max_uri;
    app.layer(middleware::from_fn(move |request: Request, next: Next| refuse_long_uri(request, next, max_uri)))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(TimeoutLayer::with_status_code(StatusCode::SERVICE_UNAVAILABLE, limits.timeout))
        .layer(header_layer(header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY))
        .layer(header_layer(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header_layer(header::X_FRAME_OPTIONS, "DENY"))
        .layer(header_layer(header::REFERRER_POLICY, "no-referrer"))
}

fn header_layer(name: header::HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value))
}

async fn refuse_long_uri(request: Request, next: Next, max_uri: usize) -> Response {
    let length = request.uri().path_and_query().map(|pq| pq.as_str().len()).unwrap_or(0);
    if length > max_uri {
        return ApiError::new(
            StatusCode::URI_TOO_LONG,
            format!("request URI is {length} bytes; at most {max_uri} are accepted"),
        )
        .into_response();
    }
    if request.headers().get(header::CONTENT_LENGTH).is_some_and(|v| v.as_bytes() != b"0") {
        return ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "this API takes no request body; send parameters in the query string",
        )
        .into_response();
    }
    next.run(request).await
}
