//! The threads archive queries run on: a fixed number (one per core by
//! default, [`crate::Limits::concurrent_queries`]) taking queries from one
//! first-come-first-served line.
//!
//! Why own threads rather than tokio's blocking pool behind a semaphore
//! (the first design): there, a finished query freed its slot, the
//! semaphore woke the next request's task on an async thread, and that
//! task handed its query to a blocking thread that had to be woken in
//! turn — two thread wake-ups on the slot's critical path, during which
//! the slot did no work. Under the 16-connection load test on the busy
//! 2-core machine that idle time was 16% of all slot time (1.1 ms per
//! request). Here a query thread that finishes takes the next query from
//! the line itself; the async side is only woken to send the answer.

use crate::timing::{thread_cpu_time, QueryTime};
use lagebild_store::{Archive, StoreError};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::time::Instant;
use tokio::sync::oneshot;

/// A query waiting in line: it runs against the archive and sends its own
/// answer back.
type Job = Box<dyn FnOnce(&dyn Archive) + Send>;

/// The line of waiting queries; dropping it (with the router) ends the
/// threads once they finish what they run.
pub(crate) struct QueryPool {
    line: Sender<Job>,
}

/// Why a query got no answer: the request is answered 500.
#[derive(Debug)]
pub(crate) struct PoolGone;

impl QueryPool {
    /// Starts `threads` (at least one) query threads over `archive`.
    pub(crate) fn start(archive: Arc<dyn Archive>, threads: usize) -> std::io::Result<Self> {
        let (line, waiting) = channel::<Job>();
        let waiting = Arc::new(Mutex::new(waiting));
        for number in 0..threads.max(1) {
            let (archive, waiting) = (archive.clone(), waiting.clone());
            std::thread::Builder::new()
                .name(format!("lagebild-query-{number}"))
                .spawn(move || take_queries_in_turn(archive.as_ref(), &waiting))?;
        }
        Ok(QueryPool { line })
    }

    /// Runs `query` when its turn comes and returns its answer with the
    /// time it waited in line and ran. A query whose request was dropped
    /// before its turn (the client hung up, the request timed out) is
    /// skipped, so it takes no slot.
    pub(crate) async fn run<T, F>(&self, query: F) -> Result<(Result<T, StoreError>, QueryTime), PoolGone>
    where
        T: Send + 'static,
        F: FnOnce(&dyn Archive) -> Result<T, StoreError> + Send + 'static,
    {
        let (reply, answer) = oneshot::channel();
        let enqueued = Instant::now();
        let job: Job = Box::new(move |archive: &dyn Archive| {
            if reply.is_closed() {
                return;
            }
            let queue = enqueued.elapsed();
            let (started, cpu_before) = (Instant::now(), thread_cpu_time());
            let result = query(archive);
            let time =
                QueryTime { queue, store: started.elapsed(), store_cpu: thread_cpu_time().saturating_sub(cpu_before) };
            // The request may have gone meanwhile; then nobody wants it.
            let _unwanted = reply.send((result, time));
        });
        self.line.send(job).map_err(|_| PoolGone)?;
        answer.await.map_err(|_| PoolGone)
    }
}

/// A query thread's life: take the next query when free, run it, repeat,
/// until the line is dropped. Whoever holds the lock waits at the head of
/// the line; the lock is let go as soon as a query is taken.
fn take_queries_in_turn(archive: &dyn Archive, waiting: &Mutex<Receiver<Job>>) {
    loop {
        let next = match waiting.lock() {
            Ok(line) => line.recv(),
            Err(poisoned) => poisoned.into_inner().recv(),
        };
        let Ok(job) = next else { return };
        // A query that panics fails its own request (its reply is dropped
        // unsent, answered 500) and not the thread.
        let _failed_request_already_answered = catch_unwind(AssertUnwindSafe(|| job(archive)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lagebild_store::TantivyArchive;
    use std::sync::mpsc;
    use std::time::Duration;

    /// An empty archive: these tests are about the line, not the queries.
    fn pool(threads: usize) -> (tempfile::TempDir, Arc<QueryPool>) {
        let dir = tempfile::tempdir().expect("temp dir");
        TantivyArchive::open_writer(dir.path()).expect("writer").finish().expect("empty archive");
        let archive = TantivyArchive::open(dir.path()).expect("open");
        (dir, Arc::new(QueryPool::start(Arc::new(archive), threads).expect("threads")))
    }

    /// Occupies a pool thread until the returned sender is dropped.
    fn block_a_thread(pool: &Arc<QueryPool>) -> (mpsc::Sender<()>, tokio::task::JoinHandle<()>) {
        let (release, released) = mpsc::channel::<()>();
        let pool = pool.clone();
        let blocker = tokio::spawn(async move {
            let (answer, _) = pool.run(move |_| Ok(released.recv().unwrap_or(()))).await.expect("answer");
            answer.expect("blocker");
        });
        (release, blocker)
    }

    // A current-thread runtime polls spawned tasks in spawn order, so the
    // queries join the line in that order.
    #[tokio::test]
    async fn queries_run_in_the_order_they_arrived() {
        let (_dir, pool) = pool(1);
        let (release, blocker) = block_a_thread(&pool);
        let ran = Arc::new(Mutex::new(Vec::new()));
        let waiting: Vec<_> = (0..6)
            .map(|number| {
                let (pool, ran) = (pool.clone(), ran.clone());
                tokio::spawn(async move {
                    pool.run(move |_| {
                        ran.lock().expect("log").push(number);
                        Ok(())
                    })
                    .await
                })
            })
            .collect();
        tokio::task::yield_now().await;
        drop(release);
        blocker.await.expect("blocker task");
        for query in waiting {
            let (answer, time) = query.await.expect("task").expect("answer");
            answer.expect("query");
            assert!(time.queue > Duration::ZERO, "each waited behind the blocker");
        }
        assert_eq!(*ran.lock().expect("log"), [0, 1, 2, 3, 4, 5]);
    }

    #[tokio::test]
    async fn a_panicking_query_fails_its_request_and_not_the_thread() {
        let (_dir, pool) = pool(1);
        let panicking = pool.run::<(), _>(|_| panic!("a broken query")).await;
        assert!(panicking.is_err(), "the request of the panicking query gets no answer");
        let (answer, _) = pool.run(|_| Ok(7)).await.expect("the thread still serves");
        assert_eq!(answer.expect("query"), 7);
    }

    #[tokio::test]
    async fn a_query_whose_request_is_gone_takes_no_turn() {
        let (_dir, pool) = pool(1);
        let (release, blocker) = block_a_thread(&pool);
        tokio::task::yield_now().await;
        let abandoned_ran = Arc::new(Mutex::new(false));
        let flag = abandoned_ran.clone();
        let abandoned = tokio::time::timeout(
            Duration::from_millis(20),
            pool.run(move |_| {
                *flag.lock().expect("flag") = true;
                Ok(())
            }),
        )
        .await;
        assert!(abandoned.is_err(), "its request gave up while the thread was busy");
        drop(release);
        blocker.await.expect("blocker task");
        pool.run(|_| Ok(())).await.expect("a later query is answered").0.expect("query");
        assert!(!*abandoned_ran.lock().expect("flag"), "the abandoned query was skipped");
    }
}
