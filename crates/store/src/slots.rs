//! Admission of concurrent queries: at most one query per core runs at a
//! time, the others wait their turn in arrival order.
//!
//! Why: a query is CPU work over memory-mapped index data. With more
//! queries running than cores, the kernel time-slices them, so each query
//! takes its own CPU time multiplied by the number of queries sharing its
//! core; the long ones (facets over thousands of hits) stretch furthest,
//! and the caches are shared by all. First come, first served with one
//! running query per core gives every query its wait in line plus its own
//! CPU time: the same throughput, a shorter tail (docs/store.md has the
//! measurement). Whole-archive reads (`for_each_article`) do not take a
//! slot, so that an export never holds up interactive queries.

use std::sync::{Condvar, Mutex, MutexGuard};

/// The turnstile in front of the archive's queries.
pub(crate) struct QuerySlots {
    tickets: Mutex<Tickets>,
    turn: Condvar,
    slots: u64,
}

/// Tickets handed out in arrival order; ticket `t` may run once
/// `t < finished + slots`, so at most `slots` run and none overtakes.
#[derive(Default)]
struct Tickets {
    issued: u64,
    finished: u64,
}

/// A running query's slot, given back when dropped (also on panic).
pub(crate) struct Slot<'a> {
    owner: &'a QuerySlots,
}

impl QuerySlots {
    /// One slot per core the process may use.
    pub(crate) fn per_core() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        Self::new(cores)
    }

    fn new(slots: usize) -> Self {
        QuerySlots {
            tickets: Mutex::default(),
            turn: Condvar::new(),
            slots: slots.max(1) as u64,
        }
    }

    /// Waits for this caller's turn.
    pub(crate) fn acquire(&self) -> Slot<'_> {
        let mut tickets = self.lock();
        let ticket = tickets.issued;
        tickets.issued += 1;
        while ticket >= tickets.finished + self.slots {
            tickets = self
                .turn
                .wait(tickets)
                .unwrap_or_else(|poisoned| poisoned.into_inner());
        }
        Slot { owner: self }
    }

    /// The ticket counters; a panic elsewhere never leaves them half
    /// updated (each update is one addition), so a poisoned lock is safe
    /// to use.
    fn lock(&self) -> MutexGuard<'_, Tickets> {
        self.tickets
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        self.owner.lock().finished += 1;
        self.owner.turn.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    #[test]
    fn never_more_queries_run_than_slots_and_all_finish() {
        let slots = QuerySlots::new(2);
        let running = AtomicUsize::new(0);
        let most = AtomicUsize::new(0);
        std::thread::scope(|scope| {
            for _ in 0..12 {
                scope.spawn(|| {
                    let _slot = slots.acquire();
                    let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    std::thread::sleep(Duration::from_millis(5));
                    running.fetch_sub(1, Ordering::SeqCst);
                });
            }
        });
        assert_eq!(most.load(Ordering::SeqCst), 2);
        let tickets = slots.lock();
        assert_eq!((tickets.issued, tickets.finished), (12, 12));
    }

    #[test]
    fn a_panicking_query_gives_its_slot_back() {
        let slots = QuerySlots::new(1);
        let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let _slot = slots.acquire();
            panic!("query failed");
        }));
        assert!(panicked.is_err());
        // The only slot is free again: this would wait forever otherwise.
        drop(slots.acquire());
    }

    #[test]
    fn waiting_queries_run_in_arrival_order() {
        let slots = QuerySlots::new(1);
        let order = Mutex::new(Vec::new());
        let first = slots.acquire();
        std::thread::scope(|scope| {
            for i in 0..4u64 {
                let (slots, order) = (&slots, &order);
                scope.spawn(move || {
                    let _slot = slots.acquire();
                    order.lock().map(|mut o| o.push(i)).ok();
                });
                // Let thread i take its ticket before thread i + 1.
                while slots.lock().issued < i + 2 {
                    std::thread::yield_now();
                }
            }
            drop(first);
        });
        assert_eq!(order.into_inner().ok(), Some(vec![0, 1, 2, 3]));
    }
}
