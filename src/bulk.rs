//! Bulk work: the one engine under every bulk call. It resolves the names
//! a batch shares once, its users with the fewest requests, then runs one
//! job per distinct user on a bounded pool of scoped threads over the
//! client's one connection pool, and reports each input's outcome, in input
//! order, with the requests the batch took.

use std::{
    any::Any,
    collections::{HashMap, HashSet},
    fmt,
    ops::Deref,
    panic::{self, AssertUnwindSafe},
    sync::{
        atomic::{AtomicU64, AtomicUsize, Ordering},
        mpsc,
    },
    thread,
};

use crate::{
    Client, Error, Result,
    check::non_empty,
    names::{NameOrId, Named, exactly_one},
    notices::{self, Call},
    pagination::{DEFAULT_ITER_PAGE_SIZE, List},
    transport::sent_by_this_thread,
    users::UserRef,
};

/// How many requests a bulk call has in flight at once unless told
/// otherwise (see [`ClientBuilder::bulk_concurrency`](crate::ClientBuilder::bulk_concurrency)).
pub const DEFAULT_CONCURRENCY: usize = 8;

/// The most requests a bulk call has in flight at once, whatever it is
/// asked: a larger setting is taken as this.
pub const MAX_CONCURRENCY: usize = 64;

/// The fewest distinct emails for which a bulk call considers reading the
/// user listing instead of looking each email up (see [`resolve_many`]).
pub(crate) const WALK_FROM: usize = 4;

/// What a bulk call did: one outcome per input, in input order, and the
/// requests it took.
///
/// It dereferences to the slice of outcomes, so `batch.len()`,
/// `batch[0]` and `batch.iter()` work, and it iterates by value or by
/// reference.
///
/// ```no_run
/// # let client = arize::Client::from_env()?;
/// let batch = client.users().bulk_delete(["a@acme.example", "b@acme.example"]).send();
/// println!("{} outcomes in {} requests", batch.len(), batch.requests());
/// for outcome in &batch {
///     println!("{outcome:?}");
/// }
/// # Ok::<(), arize::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Batch<T> {
    outcomes: Vec<T>,
    requests: u64,
}

impl<T> Batch<T> {
    pub(crate) fn new(outcomes: Vec<T>, requests: u64) -> Batch<T> {
        Batch { outcomes, requests }
    }

    /// The outcomes, one per input, in input order.
    pub fn outcomes(&self) -> &[T] {
        &self.outcomes
    }

    /// The outcomes, owned.
    pub fn into_outcomes(self) -> Vec<T> {
        self.outcomes
    }

    /// How many HTTP requests the call sent: name lookups, the jobs
    /// themselves and their retries.
    pub fn requests(&self) -> u64 {
        self.requests
    }
}

impl<T> Deref for Batch<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        &self.outcomes
    }
}

impl<T> IntoIterator for Batch<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.outcomes.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a Batch<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.outcomes.iter()
    }
}

/// The outcome of one input of a bulk call: the input as given, and what
/// became of it.
///
/// An email nobody has is an [`Error::NameNotFound`], as for a single call;
/// a failure of this input never stops or hides the others.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct BulkOutcome<I, T> {
    /// The input, as given.
    pub input: I,
    /// What the call established for it, or why it failed.
    pub result: Result<T>,
}

impl<I, T> BulkOutcome<I, T> {
    pub(crate) fn new(input: I, result: Result<T>) -> BulkOutcome<I, T> {
        BulkOutcome { input, result }
    }

    /// Whether this input succeeded.
    pub fn is_ok(&self) -> bool {
        self.result.is_ok()
    }
}

/// A progress callback: `(done, total, outcome)`.
type Progress<'a, O> = Box<dyn FnMut(usize, usize, &O) + 'a>;

/// The settings every bulk builder shares.
pub(crate) struct Options<'a, O> {
    concurrency: Option<usize>,
    pub(crate) progress: Option<Progress<'a, O>>,
}

impl<O> Default for Options<'_, O> {
    fn default() -> Self {
        Options {
            concurrency: None,
            progress: None,
        }
    }
}

impl<O> fmt::Debug for Options<'_, O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Options")
            .field("concurrency", &self.concurrency)
            .field("on_progress", &self.progress.as_ref().map(|_| ".."))
            .finish()
    }
}

impl<'a, O> Options<'a, O> {
    pub(crate) fn set_concurrency(&mut self, concurrency: usize) {
        self.concurrency = Some(concurrency);
    }

    pub(crate) fn set_progress(&mut self, progress: impl FnMut(usize, usize, &O) + 'a) {
        self.progress = Some(Box::new(progress));
    }

    /// The concurrency set, else the client's, within `1..=MAX_CONCURRENCY`.
    pub(crate) fn concurrency(&self, client: &Client) -> usize {
        let concurrency = self
            .concurrency
            .unwrap_or(client.transport().bulk_concurrency);
        concurrency.clamp(1, MAX_CONCURRENCY)
    }
}

/// Declares the setters every bulk builder shares, for a builder with an
/// `options: Options<'a, $outcome>` field.
macro_rules! bulk_setters {
    ($builder:ident, $outcome:ty) => {
        impl<'a> $builder<'a> {
            /// How many requests to have in flight at once: `1` works one
            /// input at a time, sending exactly what a loop of single calls
            /// would. Defaults to the client's
            /// [`bulk_concurrency`](crate::ClientBuilder::bulk_concurrency)
            /// (8 unless set); `0` is taken as 1 and anything over
            /// [`MAX_CONCURRENCY`](crate::MAX_CONCURRENCY) as that.
            pub fn concurrency(mut self, concurrency: usize) -> Self {
                self.options.set_concurrency(concurrency);
                self
            }

            /// Calls `progress(done, total, outcome)` as each input's outcome
            /// is known, in the order they complete, on the thread that
            /// called `send` (so it needs neither `Send` nor `Sync`), for a
            /// progress bar or a log line while a long batch runs.
            pub fn on_progress(
                mut self,
                progress: impl FnMut(usize, usize, &$outcome) + 'a,
            ) -> Self {
                self.options.set_progress(progress);
                self
            }
        }
    };
}

pub(crate) use bulk_setters;

/// Runs `work` on every item, at most `concurrency` at once, and calls
/// `done(index, result)` on the calling thread as each completes. A panic
/// in `work` becomes that item's `Err`, with the panic's message. Returns
/// the requests `work` sent.
///
/// # Design
///
/// Scoped threads (`std::thread::scope`), joined before this returns, pull
/// the next index from a shared counter, so a slow item never holds up the
/// others, and send their results over a channel to the calling thread,
/// which alone runs `done`. With one worker, or one item, nothing is
/// spawned: the items run in order on the calling thread.
pub(crate) fn each<T, R>(
    items: &[T],
    concurrency: usize,
    work: impl Fn(&T) -> R + Sync,
    mut done: impl FnMut(usize, Result<R, String>),
) -> u64
where
    T: Sync,
    R: Send,
{
    let requests = AtomicU64::new(0);
    let run = |item: &T| {
        let before = sent_by_this_thread();
        let result = panic::catch_unwind(AssertUnwindSafe(|| work(item))).map_err(panic_message);
        requests.fetch_add(sent_by_this_thread() - before, Ordering::Relaxed);
        result
    };
    let next = AtomicUsize::new(0);
    let workers = concurrency.clamp(1, MAX_CONCURRENCY).min(items.len());
    // The workers run under their caller's name, for the beta notice.
    let call = notices::current_call();
    thread::scope(|scope| {
        let (sender, receiver) = mpsc::channel();
        let mut spawned = 0;
        if workers > 1 {
            for _ in 0..workers {
                let (sender, next, run) = (sender.clone(), &next, &run);
                let worker = thread::Builder::new()
                    .name("arize-bulk".into())
                    .spawn_scoped(scope, move || {
                        let _call = call.map(Call::enter);
                        loop {
                            let index = next.fetch_add(1, Ordering::Relaxed);
                            let Some(item) = items.get(index) else { break };
                            // The receiver is gone only if `done` panicked.
                            if sender.send((index, run(item))).is_err() {
                                break;
                            }
                        }
                    });
                // A thread the system refuses is one worker fewer.
                spawned += usize::from(worker.is_ok());
            }
        }
        drop(sender);
        if spawned == 0 {
            // One worker, or no thread to be had: the calling thread works.
            loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(index) else { break };
                done(index, run(item));
            }
        }
        for (index, result) in receiver {
            done(index, result);
        }
    });
    requests.into_inner()
}

/// The text of a panic's payload.
fn panic_message(payload: Box<dyn Any + Send>) -> String {
    match payload.downcast::<String>() {
        Ok(text) => *text,
        Err(payload) => match payload.downcast::<&'static str>() {
            Ok(text) => (*text).to_owned(),
            Err(_) => "a panic without a message".to_owned(),
        },
    }
}

/// The IDs of `refs`, in order, with the requests taken: IDs as they are,
/// names with the fewest requests the rule below can promise.
///
/// # The rule
///
/// A name (for users, an email) is looked up either alone, with one
/// filtered listing (usually one request), or together with the batch's
/// other names, by reading the whole unfiltered listing, 100 a page, once.
/// With `k` distinct names:
///
/// - under [`WALK_FROM`] (4): one lookup per name, `k` requests, run
///   `concurrency` at once;
/// - otherwise the listing is read, up to `k / 2` pages. If it ends there
///   (an account of at most `50 × k` users), every name is matched against
///   it: at most `k / 2` requests, and a single one for an account of at
///   most 100 users, whatever `k`. If it does not, the names are looked up
///   one by one after all: `k / 2 + k` requests at worst.
///
/// Either way a name matches exactly as [`NameOrId`] resolution does (for
/// users, the email equal ignoring ASCII case), and no match is
/// [`Error::NameNotFound`], several [`Error::AmbiguousName`]. A listing
/// that fails fails every name it was read for, with its error. Scoped
/// names are looked up one by one.
pub(crate) fn resolve_many<R: Named>(
    client: &Client,
    refs: &[NameOrId<R>],
    concurrency: usize,
) -> (Vec<Result<String>>, u64) {
    let before = sent_by_this_thread();
    let mut found: HashMap<&NameOrId<R>, Result<String>> = HashMap::new();
    // The distinct names, and a reference naming each.
    let mut names: Vec<&str> = Vec::new();
    let mut named: Vec<&NameOrId<R>> = Vec::new();
    let mut seen: HashSet<&str> = HashSet::new();
    for reference in refs {
        match reference {
            // Checked, but no request needed.
            NameOrId::Id(_) => {
                found.insert(reference, reference.clone().resolve(client));
            }
            NameOrId::Name(name) if seen.insert(name) => {
                names.push(name);
                named.push(reference);
            }
            _ => {}
        }
    }
    if names.len() >= WALK_FROM
        && let Some(walked) = walk::<R>(client, &names, names.len() / 2)
    {
        found.extend(named.into_iter().zip(walked));
    }
    let mut requests = sent_by_this_thread() - before;
    let mut alone: Vec<&NameOrId<R>> = Vec::new();
    let mut queued: HashSet<&NameOrId<R>> = HashSet::new();
    for reference in refs {
        if !found.contains_key(reference) && queued.insert(reference) {
            alone.push(reference);
        }
    }
    let mut ids: Vec<Option<Result<String>>> = alone.iter().map(|_| None).collect();
    requests += each(
        &alone,
        concurrency,
        |reference| (*reference).clone().resolve(client),
        |index, result| {
            ids[index] = Some(result.unwrap_or_else(|panic| Err(Error::Internal(panic))));
        },
    );
    for (reference, id) in alone.into_iter().zip(ids) {
        found.insert(reference, id.expect("every lookup ends"));
    }
    let ids = refs
        .iter()
        .map(|reference| found[reference].clone())
        .collect();
    (ids, requests)
}

/// Reads the unfiltered listing of `R`, at most `budget` pages, and matches
/// every name against it; `None` if the listing is longer.
fn walk<R: Named>(client: &Client, names: &[&str], budget: usize) -> Option<Vec<Result<String>>> {
    let mut matches: Vec<(&str, Result<Vec<String>>)> = names
        .iter()
        .map(|&name| {
            // The checks of a lookup by this name, without its request.
            let checked = non_empty(R::KIND.field(), name)
                .and_then(|()| R::search(List::new(client.clone()), name, None))
                .map(|_| Vec::new());
            (name, checked)
        })
        .collect();
    let mut pages = List::<R>::new(client.clone())
        .limit(DEFAULT_ITER_PAGE_SIZE)
        .pages();
    for read in 1.. {
        let page = match pages.next() {
            None => break,
            Some(Ok(page)) => page,
            Some(Err(error)) => {
                for (_, ids) in &mut matches {
                    if ids.is_ok() {
                        *ids = Err(error.clone());
                    }
                }
                break;
            }
        };
        for item in &page {
            for (name, ids) in &mut matches {
                if let Ok(ids) = ids
                    && item.has_name(name)
                {
                    ids.push(item.id().to_owned());
                }
            }
        }
        if page.has_more() && read >= budget {
            return None;
        }
    }
    Some(
        matches
            .into_iter()
            .map(|(name, ids)| ids.and_then(|ids| exactly_one::<R>(name, None, ids)))
            .collect(),
    )
}

/// Runs `job` once per distinct user of `users` (IDs or emails, resolved by
/// [`resolve_many`]), at most `options`' concurrency at once, and makes
/// each input's outcome with `outcome`, reporting progress as outcomes are
/// known: inputs that did not resolve first, then as their job completes
/// (inputs naming one user share its job's result). `requests` are those
/// the caller already sent for the batch's shared names.
pub(crate) fn per_user<T, O>(
    client: &Client,
    users: Vec<UserRef>,
    options: Options<'_, O>,
    requests: u64,
    job: impl Fn(&str) -> Result<T> + Sync,
    outcome: impl Fn(UserRef, Result<(String, T)>) -> O,
) -> Batch<O>
where
    T: Clone + Send,
{
    let concurrency = options.concurrency(client);
    let mut progress = options.progress;
    let total = users.len();
    let (ids, resolving) = resolve_many(client, &users, concurrency);
    let mut users: Vec<Option<UserRef>> = users.into_iter().map(Some).collect();
    let mut outcomes: Vec<Option<O>> = users.iter().map(|_| None).collect();
    let mut done = 0;
    let mut report = |index: usize, result: Result<(String, T)>| {
        let input = users[index].take().expect("one outcome per input");
        let made = outcome(input, result);
        done += 1;
        if let Some(progress) = &mut progress {
            progress(done, total, &made);
        }
        outcomes[index] = Some(made);
    };
    // Each distinct ID once, with the inputs that resolved to it.
    let mut distinct: Vec<String> = Vec::new();
    let mut waiting: Vec<Vec<usize>> = Vec::new();
    let mut position: HashMap<String, usize> = HashMap::new();
    for (index, id) in ids.into_iter().enumerate() {
        match id {
            Ok(id) => match position.get(&id) {
                Some(&at) => waiting[at].push(index),
                None => {
                    position.insert(id.clone(), distinct.len());
                    distinct.push(id);
                    waiting.push(vec![index]);
                }
            },
            Err(error) => report(index, Err(error)),
        }
    }
    let working = each(
        &distinct,
        concurrency,
        |id| job(id),
        |at, result| {
            let result = result.unwrap_or_else(|panic| Err(Error::Internal(panic)));
            for &index in &waiting[at] {
                let result = result.clone().map(|value| (distinct[at].clone(), value));
                report(index, result);
            }
        },
    );
    let outcomes = outcomes
        .into_iter()
        .map(|outcome| outcome.expect("every input has an outcome"))
        .collect();
    Batch {
        outcomes,
        requests: requests + resolving + working,
    }
}

#[cfg(test)]
mod tests;
