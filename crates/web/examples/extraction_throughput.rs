//! Single-thread extraction throughput on the dev pages: HTML bytes in →
//! `Document` JSON out, the work `lagebild analyze` does per page. Timed in
//! thread CPU time, so the figure is pages/s per core even while other
//! processes share the machine; the wall time is printed beside it.
//!
//! `cargo run --release -p lagebild-web --example extraction_throughput -- [ROUNDS] [DATA_DIR]`
//! (defaults: 3 rounds, `../shared/data/extraction/dev`).

use lagebild_web::evaluation::{predict, ThreadTimer};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The dev sets whose pages are measured.
const SETS: [&str; 3] = ["trafilatura-eval", "scrapinghub-aeb", "wcxb-articles"];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let rounds: usize = match args.next() {
        Some(r) => r
            .parse()
            .map_err(|_| format!("ROUNDS must be a number, got {r:?}"))?,
        None => 3,
    };
    let data = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared/data/extraction/dev"));
    let pages = load_pages(&data)?;
    let bytes: usize = pages.iter().map(Vec::len).sum();
    println!(
        "{} pages, {:.1} MB of HTML, {rounds} round(s), one thread",
        pages.len(),
        bytes as f64 / 1e6
    );
    let mut best = f64::INFINITY;
    for round in 1..=rounds {
        let started = Instant::now();
        let timer = ThreadTimer::start();
        let json_bytes: usize = pages
            .iter()
            .map(|html| predict("page", html, None).json_bytes)
            .sum();
        let seconds = timer.seconds();
        let wall = started.elapsed().as_secs_f64();
        best = best.min(seconds);
        println!(
            "round {round}: {:.2} s CPU ({wall:.2} s wall), {:.1} pages/s, {:.1} MB/s HTML in, {:.1} MB JSON out",
            seconds,
            pages.len() as f64 / seconds,
            bytes as f64 / 1e6 / seconds,
            json_bytes as f64 / 1e6
        );
    }
    println!(
        "best: {:.1} pages/s per core ({:.2} ms/page)",
        pages.len() as f64 / best,
        best * 1e3 / pages.len() as f64
    );
    Ok(())
}

/// Every `html/*.html.gz` page of the dev sets, decompressed.
fn load_pages(data: &Path) -> Result<Vec<Vec<u8>>, Box<dyn std::error::Error>> {
    let mut pages = Vec::new();
    for set in SETS {
        let dir = data.join(set).join("html");
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map_err(|e| {
                format!(
                    "cannot list {}: {e} (is ../shared beside the repository?)",
                    dir.display()
                )
            })?
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.to_string_lossy().ends_with(".html.gz"))
            .collect();
        files.sort();
        for path in files {
            let mut html = Vec::new();
            flate2::read::GzDecoder::new(std::fs::File::open(&path)?)
                .read_to_end(&mut html)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            pages.push(html);
        }
    }
    Ok(pages)
}
