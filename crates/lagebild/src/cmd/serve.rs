//! `lagebild serve`: the HTTP API and web UI over an archive.

use crate::Outcome;
use anyhow::Context;
use lagebild_server::{Limits, DEFAULT_ADDR};
use std::net::SocketAddr;
use std::sync::Arc;

/// Serve the web UI and the JSON API over an archive.
///
/// Open the printed URL in a browser: search with facets, read an article
/// with entities, quotes and times highlighted, follow a speaker in the
/// quote explorer, see an entity's timeline and network. The API is
/// described at /openapi.json.
///
/// Binds to localhost unless --addr says otherwise; the archive has no
/// authentication, so expose it only behind a proxy that has.
///
/// Example: lagebild ingest examples/ && lagebild serve
#[derive(clap::Args)]
pub(crate) struct Args {
    /// Archive: a directory (created by `lagebild ingest`) or a PostgreSQL
    /// database (`postgres://…`); many serve nodes may share one database.
    #[arg(
        long,
        value_name = "DIR|URL",
        env = "LAGEBILD_STORE",
        default_value = "lagebild-data"
    )]
    store: String,
    /// Address and port to listen on.
    #[arg(long, default_value = DEFAULT_ADDR)]
    addr: SocketAddr,
}

pub(crate) fn run(args: Args) -> anyhow::Result<Outcome> {
    let archive = super::store_args::open_archive(&args.store)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the server runtime")?;
    runtime
        .block_on(lagebild_server::serve(
            args.addr,
            Arc::new(archive),
            Limits::default(),
        ))
        .with_context(|| format!("cannot serve on {}", args.addr))?;
    Ok(Outcome::Clean)
}
