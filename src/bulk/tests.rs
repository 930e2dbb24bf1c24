use std::{sync::Mutex, thread::ThreadId, time::Duration};

use super::*;
use crate::{operation::Op, test_resource::client, transport::Request};

/// Runs `each` over `count` items whose work takes a little while,
/// returning the most run at once, the threads that worked, and the
/// order `done` saw.
fn observe(count: usize, concurrency: usize) -> (usize, Vec<ThreadId>, Vec<usize>) {
    let items: Vec<usize> = (0..count).collect();
    let (now, most) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let threads = Mutex::new(Vec::new());
    let mut order = Vec::new();
    let caller = thread::current().id();
    each(
        &items,
        concurrency,
        |item| {
            let running = now.fetch_add(1, Ordering::SeqCst) + 1;
            most.fetch_max(running, Ordering::SeqCst);
            threads.lock().unwrap().push(thread::current().id());
            thread::sleep(Duration::from_millis(2));
            now.fetch_sub(1, Ordering::SeqCst);
            item * 10
        },
        |index, result| {
            assert_eq!(thread::current().id(), caller, "done runs on the caller");
            assert_eq!(result, Ok(index * 10));
            order.push(index);
        },
    );
    (most.into_inner(), threads.into_inner().unwrap(), order)
}

#[test]
fn one_worker_runs_every_item_in_order_on_the_calling_thread() {
    for concurrency in [0, 1] {
        let (most, threads, order) = observe(5, concurrency);
        assert_eq!(most, 1);
        assert!(threads.iter().all(|t| *t == thread::current().id()));
        assert_eq!(order, [0, 1, 2, 3, 4]);
    }
    // One item needs no thread either.
    let (_, threads, order) = observe(1, 8);
    assert_eq!(threads, [thread::current().id()]);
    assert_eq!(order, [0]);
    // Nor does none.
    assert_eq!(observe(0, 8), (0, vec![], vec![]));
}

#[test]
fn several_workers_run_each_item_once_and_never_more_at_once() {
    let (most, threads, mut order) = observe(24, 4);
    assert!(most <= 4 && most > 1, "{most}");
    assert!(threads.iter().all(|t| *t != thread::current().id()));
    let distinct: HashSet<_> = threads.iter().collect();
    assert!(distinct.len() <= 4, "{distinct:?}");
    order.sort_unstable();
    assert_eq!(order, (0..24).collect::<Vec<_>>());
    // Fewer items than workers: one thread per item.
    let (most, threads, _) = observe(3, 8);
    assert!(most <= 3);
    assert_eq!(threads.len(), 3);
}

#[test]
fn a_concurrency_over_the_maximum_is_the_maximum() {
    let (most, threads, _) = observe(MAX_CONCURRENCY + 16, 1_000);
    assert!(most <= MAX_CONCURRENCY, "{most}");
    let distinct: HashSet<_> = threads.iter().collect();
    assert!(distinct.len() <= MAX_CONCURRENCY);
}

#[test]
fn a_panic_is_that_items_error_and_the_others_go_on() {
    for concurrency in [1, 3] {
        let items = [0, 1, 2, 3, 4];
        let mut results = vec![None; 5];
        each(
            &items,
            concurrency,
            |&item| match item {
                1 => panic!("item {item} broke"),
                3 => std::panic::panic_any(7_u8),
                _ => item,
            },
            |index, result| results[index] = Some(result),
        );
        assert_eq!(results[0], Some(Ok(0)));
        assert_eq!(results[1], Some(Err("item 1 broke".to_owned())));
        assert_eq!(results[2], Some(Ok(2)));
        assert_eq!(
            results[3],
            Some(Err("a panic without a message".to_owned()))
        );
        assert_eq!(results[4], Some(Ok(4)));
    }
    assert_eq!(panic_message(Box::new("static")), "static");
}

#[test]
fn the_requests_of_every_worker_are_counted_and_a_panic_leaves_the_client_usable() {
    let mut server = mockito::Server::new();
    let get = server
        .mock("GET", mockito::Matcher::Regex("^/v2/spaces/".into()))
        .with_body(r#"{"id": "VGhpbmc6MQ==", "name": "one"}"#)
        .expect(7)
        .create();
    let client = client(&server);
    let get_one = |n: &usize| {
        let request = Request::new(Op::GetSpace, &[&n.to_string()]);
        let _ = client.transport().send(request);
    };
    let items: Vec<usize> = (0..6).collect();
    let requests = each(
        &items,
        3,
        |n| {
            get_one(n);
            if *n == 2 {
                panic!("after its request");
            }
        },
        |_, _| {},
    );
    assert_eq!(requests, 6);
    // The client still works, from any thread.
    thread::scope(|scope| {
        scope.spawn(|| get_one(&9));
    });
    get.assert();
}

#[test]
fn a_panicking_progress_callback_reaches_the_caller_after_every_worker_ends() {
    let items: Vec<usize> = (0..50).collect();
    let worked = AtomicUsize::new(0);
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
        each(
            &items,
            2,
            |_| {
                worked.fetch_add(1, Ordering::SeqCst);
                thread::sleep(Duration::from_millis(1));
            },
            |_, _| panic!("the caller's callback"),
        )
    }));
    assert!(outcome.is_err());
    // Every worker was joined before the panic went on: none works on.
    let after = worked.load(Ordering::SeqCst);
    thread::sleep(Duration::from_millis(5));
    assert_eq!(worked.load(Ordering::SeqCst), after);
}

#[test]
fn the_concurrency_is_the_calls_else_the_clients_within_bounds() {
    let server = mockito::Server::new();
    let client = client(&server);
    let mut options = Options::<()>::default();
    assert_eq!(options.concurrency(&client), DEFAULT_CONCURRENCY);
    for (set, used) in [(0, 1), (1, 1), (5, 5), (64, 64), (65, 64), (usize::MAX, 64)] {
        options.set_concurrency(set);
        assert_eq!(options.concurrency(&client), used, "{set}");
    }
    let sequential = crate::Client::builder()
        .api_key("k")
        .base_url(server.url())
        .bulk_concurrency(0)
        .build()
        .unwrap();
    assert_eq!(Options::<()>::default().concurrency(&sequential), 1);
    let wide = crate::Client::builder()
        .api_key("k")
        .base_url(server.url())
        .bulk_concurrency(500)
        .build()
        .unwrap();
    assert_eq!(Options::<()>::default().concurrency(&wide), MAX_CONCURRENCY);
    assert!(format!("{options:?}").contains("concurrency: Some("));
    options.set_progress(|_, _, _| {});
    assert!(format!("{options:?}").contains(r#"on_progress: Some("..")"#));
}

#[test]
fn a_batch_reads_as_its_outcomes() {
    let batch = Batch::new(vec![1, 2, 3], 7);
    assert_eq!(batch.len(), 3);
    assert_eq!(batch[1], 2);
    assert_eq!(batch.requests(), 7);
    assert_eq!(batch.outcomes(), [1, 2, 3]);
    assert_eq!((&batch).into_iter().sum::<i32>(), 6);
    assert_eq!(batch.clone().into_iter().collect::<Vec<_>>(), [1, 2, 3]);
    assert_eq!(batch.into_outcomes(), [1, 2, 3]);
    let outcome = BulkOutcome::<&str, ()>::new("a", Ok(()));
    assert!(outcome.is_ok());
    let failed = BulkOutcome::<&str, ()>::new("b", Err(Error::Internal("x".into())));
    assert!(!failed.is_ok());
}
