//! `lagebild serve`: the HTTP/JSON API and the web UI over an archive.
//!
//! What it is for: analysts meet lagebild in a browser — search with
//! facets, an article with everything lagebild found highlighted, a quote
//! explorer by speaker, an entity page with timeline and actor network.
//! What it is not: a second query engine. Every answer comes from the
//! store's [`Archive`] trait, so the server works on any backend and the
//! CLI and the browser always agree.
//!
//! Key decisions, each for safety with hostile article text:
//! * the UI is static files compiled into the binary and served from a
//!   fixed table — there is no file system path to traverse;
//! * pages never build HTML from data: the scripts put text into the DOM
//!   with `textContent`, and a strict Content-Security-Policy (no inline
//!   script, no `eval`, same-origin only) is sent with every response;
//! * the server binds to localhost unless told otherwise, refuses request
//!   bodies and oversized URIs, and caps page and export sizes.
//!
//! And one for latency: archive queries are CPU-bound, so they run on a
//! fixed set of query threads, one per core, first come first served
//! ([`Limits::concurrent_queries`]); letting all 16 load-test connections
//! run at once made the slowest requests much slower (p99 257–280 ms
//! against 174–188 ms for one slot per core, same 2-core machine and
//! query mix). The threads take the next query themselves, so no slot
//! idles between queries while requests wait.
#![deny(missing_docs)]

mod api;
mod assets;
mod error;
mod query_pool;
mod security;
mod timing;

use axum::Router;
use lagebild_store::Archive;
use query_pool::QueryPool;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

/// The address `lagebild serve` binds to when none is given: localhost
/// only, so an archive is never exposed to the network by accident.
pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";

/// Bounds on what one request may ask for, so that a single client cannot
/// exhaust memory or time.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Most results one page (search, quotes, entities) returns.
    pub max_page: usize,
    /// Deepest result offset a client may page to.
    pub max_offset: usize,
    /// Most articles one export request streams.
    pub max_export: usize,
    /// Longest accepted request URI in bytes (path and query).
    pub max_uri: usize,
    /// Time after which a request is answered 503.
    pub timeout: Duration,
    /// Most archive queries running at once; further requests wait in
    /// line. Queries are CPU-bound, so more of them than cores only makes
    /// every one slower and the slowest much slower.
    pub concurrent_queries: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_page: 100,
            max_offset: 1_000,
            max_export: 1_000,
            max_uri: 4_096,
            timeout: Duration::from_secs(30),
            concurrent_queries: std::thread::available_parallelism().map_or(2, |n| n.get()),
        }
    }
}

/// The whole application: API routes, UI assets and the security layers.
/// Starts the query threads, so it fails only when the system refuses new
/// threads.
pub fn router(archive: Arc<dyn Archive>, limits: Limits) -> std::io::Result<Router> {
    let queries = Arc::new(QueryPool::start(archive, limits.concurrent_queries)?);
    let state = api::AppState { limits: Arc::new(limits.clone()), queries };
    let api = api::routes().layer(axum::middleware::from_fn(timing::server_timing));
    let app = api.merge(assets::routes()).with_state(state);
    Ok(security::protect(app, &limits))
}

/// Binds `addr` and serves until Ctrl-C. Prints the URL to open.
pub async fn serve(addr: SocketAddr, archive: Arc<dyn Archive>, limits: Limits) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let local = listener.local_addr()?;
    eprintln!("lagebild serving on http://{local}/  (Ctrl-C to stop)");
    if !local.ip().is_loopback() {
        eprintln!("warning: {local} is reachable from other machines; the archive has no authentication");
    }
    axum::serve(listener, router(archive, limits)?)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}
