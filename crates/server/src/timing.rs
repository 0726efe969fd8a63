//! The `Server-Timing` header on API answers: how long the request waited
//! for a query slot, how long its archive queries ran (wall clock and CPU)
//! and how long the server held it in all.
//!
//! Why: a slow answer comes from a busy machine, a long line for the query
//! slots or an expensive query, and only the server can tell which. The
//! header shows it per request (browser network panel, `curl -D-`), and
//! `scripts/serve/search_cost.py` sums it to split the server's CPU into
//! the store's part and the part around it (HTTP, routing, JSON). The cost
//! is a few clock reads per request.

use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use std::cell::Cell;
use std::fmt::Write;
use std::time::{Duration, Instant};

/// Where one request's archive queries spent their time.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct QueryTime {
    /// Waiting in line for a free query slot.
    pub(crate) queue: Duration,
    /// Running, as the wall clock goes (includes being preempted).
    pub(crate) store: Duration,
    /// CPU time the queries used: what they cost, whatever else the
    /// machine runs.
    pub(crate) store_cpu: Duration,
}

/// The query times of one request and how many queries it made.
#[derive(Debug, Clone, Copy, Default)]
struct RequestTime {
    queries: u32,
    total: QueryTime,
}

tokio::task_local! {
    /// The request being answered on this task; the handler and the
    /// middleware run on the same task, so `record` finds it.
    static CURRENT_REQUEST: Cell<RequestTime>;
}

const SERVER_TIMING: HeaderName = HeaderName::from_static("server-timing");

/// Adds one archive query's times to the request being answered. Outside
/// [`server_timing`] (there is no request) it does nothing.
pub(crate) fn record(query: QueryTime) {
    let _outside_a_request = CURRENT_REQUEST.try_with(|current| {
        let mut time = current.get();
        time.queries += 1;
        time.total.queue += query.queue;
        time.total.store += query.store;
        time.total.store_cpu += query.store_cpu;
        current.set(time);
    });
}

/// Middleware: answers carry `Server-Timing: queue;dur=…, store;dur=…,
/// store-cpu;dur=…, app;dur=…` (milliseconds) when they asked the archive.
/// `app` runs from the request's arrival at the router to its answer being
/// ready, so `app − queue − store` is the server's own part.
pub(crate) async fn server_timing(request: Request, next: Next) -> Response {
    let arrived = Instant::now();
    let (mut response, time) = CURRENT_REQUEST
        .scope(Cell::new(RequestTime::default()), async {
            let response = next.run(request).await;
            (response, CURRENT_REQUEST.with(Cell::get))
        })
        .await;
    if time.queries > 0 {
        let value = header_value(&time.total, arrived.elapsed());
        if let Ok(value) = HeaderValue::from_str(&value) {
            response.headers_mut().insert(SERVER_TIMING, value);
        }
    }
    response
}

fn header_value(time: &QueryTime, app: Duration) -> String {
    let mut value = String::with_capacity(96);
    for (metric, duration) in [
        ("queue", time.queue),
        ("store", time.store),
        ("store-cpu", time.store_cpu),
        ("app", app),
    ] {
        if !value.is_empty() {
            value.push_str(", ");
        }
        // Writing to a String cannot fail.
        let _ = write!(value, "{metric};dur={:.3}", duration.as_secs_f64() * 1e3);
    }
    value
}

/// CPU time the calling thread has used so far; zero where the platform
/// has no per-thread CPU clock.
pub(crate) fn thread_cpu_time() -> Duration {
    cpu_time::ThreadTime::try_now().map_or(Duration::ZERO, |t| t.as_duration())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_lists_every_metric_in_milliseconds() {
        let time = QueryTime {
            queue: Duration::from_micros(1_500),
            store: Duration::from_millis(4),
            store_cpu: Duration::from_micros(3_250),
        };
        assert_eq!(
            header_value(&time, Duration::from_millis(6)),
            "queue;dur=1.500, store;dur=4.000, store-cpu;dur=3.250, app;dur=6.000"
        );
    }

    #[test]
    fn thread_cpu_time_grows_with_work_on_this_thread() {
        let before = thread_cpu_time();
        let spinning = Instant::now();
        let mut sum = 0u64;
        while spinning.elapsed() < Duration::from_millis(50) {
            sum = sum.wrapping_add(std::hint::black_box(sum) | 1);
        }
        assert!(
            thread_cpu_time() > before,
            "50 ms of spinning (sum {sum}) used no CPU time"
        );
    }
}
