//! Any bytes as an RSS/Atom/JSON feed: articles or an error, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = lagebild_web::read_feed(data);
});
