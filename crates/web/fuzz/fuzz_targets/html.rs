//! Any bytes as a page: extraction may fail with an error, never panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = lagebild_web::extract_html(data, &lagebild_web::PageHints::default());
});
