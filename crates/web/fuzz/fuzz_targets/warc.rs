//! Any bytes as a WARC file (plain or gzip): records or errors, never a
//! panic, and the iterator always ends.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for result in lagebild_web::read_warc(data).take(10_000) {
        let _ = result;
    }
});
