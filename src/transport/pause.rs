//! A client's shared pause after a 429, and the count of requests each
//! thread sent: what the transport checks and counts before each attempt.

use std::{
    cell::Cell,
    sync::{
        Mutex,
        atomic::{AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

thread_local! {
    /// The attempts this thread has sent, through any client: what a bulk
    /// call counts, exactly, whatever other threads do with the client.
    static SENT: Cell<u64> = const { Cell::new(0) };
}

/// How many requests (attempts, retries included) this thread has sent so
/// far.
pub(crate) fn sent_by_this_thread() -> u64 {
    SENT.get()
}

/// Counts an attempt this thread is about to send.
pub(super) fn count_attempt() {
    SENT.set(SENT.get() + 1);
}

/// A moment until which every request of a client waits before its next
/// attempt: set when the server asks one of them to slow down (a 429, or
/// any answer with `Retry-After`), so that the client's other threads, such
/// as the workers of a bulk call, wait too instead of drawing more 429s.
///
/// # Design
///
/// The request that drew the answer waits its own retry wait, as any retry
/// does; every other thread waits what is left of it before its next
/// attempt, once per pause. Each pause has a number unique in the process,
/// and each thread remembers the last one it waited out (or set), so the
/// check on the request path is one atomic load and one thread-local read
/// while nothing is paused, and no thread waits twice for one pause (which
/// also keeps a test's recording sleeper, with which no time passes, from
/// seeing a pause again and again).
#[derive(Debug)]
pub(crate) struct Pause {
    /// The number of the latest pause, 0 for none yet.
    latest: AtomicU64,
    /// Until when the latest pause lasts.
    until: Mutex<Option<Instant>>,
}

/// Numbers pauses, across clients.
static PAUSES: AtomicU64 = AtomicU64::new(0);

thread_local! {
    /// The last pause this thread waited out or set.
    static WAITED: Cell<u64> = const { Cell::new(0) };
}

impl Pause {
    pub(crate) fn new() -> Pause {
        Pause {
            latest: AtomicU64::new(0),
            until: Mutex::new(None),
        }
    }

    /// Pauses every request until `wait` from now (or later, if a longer
    /// pause is already set). The calling thread then waits `wait` itself.
    pub(super) fn set(&self, wait: Duration) {
        let mut until = self
            .until
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let new = Instant::now() + wait;
        *until = Some(until.map_or(new, |old| old.max(new)));
        let number = PAUSES.fetch_add(1, Ordering::Relaxed) + 1;
        self.latest.store(number, Ordering::Release);
        WAITED.set(number);
    }

    /// What is left of a pause this thread has not waited out yet, and
    /// marks it as waited out.
    pub(super) fn left(&self) -> Option<Duration> {
        let latest = self.latest.load(Ordering::Acquire);
        if latest == 0 || latest == WAITED.get() {
            return None;
        }
        WAITED.set(latest);
        let until = *self
            .until
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        until
            .map(|until| until.saturating_duration_since(Instant::now()))
            .filter(|left| !left.is_zero())
    }
}
