//! Bulk work at internet latency: deleting and adding 100 and 300 users by
//! email against the crate's fake at 50 ms a request, as a loop of single
//! calls did it before the bulk calls (a lookup and a delete per user; a
//! space lookup, a user lookup and an add per user), then with the bulk
//! calls one at a time and at the default concurrency: wall time and
//! requests.
//!
//! ```sh
//! target/release/deps/throughput-<hash> --bulk
//! ```

use std::time::{Duration, Instant};

use arize::{
    BulkDeletion, PredefinedRole,
    testing::{AccountRole, FakeServer},
};

const LATENCY: Duration = Duration::from_millis(50);

/// A fake at 50 ms a request: `count` users to work on, 50 more, and a
/// space.
fn fake(count: usize) -> FakeServer {
    FakeServer::builder()
        .latency(LATENCY)
        .organization("acme")
        .users("leaver", count, AccountRole::Member, ["acme"])
        .users("stayer", 50, AccountRole::Member, ["acme"])
        .space("acme", "fraud")
        .start()
}

fn emails(count: usize) -> Vec<String> {
    (1..=count)
        .map(|n| format!("leaver-{n:05}@example.com"))
        .collect()
}

fn report(what: &str, how: &str, elapsed: Duration, requests: usize, before: Option<Duration>) {
    let speedup = before.map_or(String::new(), |before| {
        format!(
            ", {:.1}x faster",
            before.as_secs_f64() / elapsed.as_secs_f64()
        )
    });
    println!(
        "{what}, {how}: {:.2} s, {requests} requests{speedup}",
        elapsed.as_secs_f64()
    );
}

pub fn run() {
    for count in [100, 300] {
        let what = format!("delete {count} users by email");
        let mut before = None;
        if count == 100 {
            // As `delete_many` did before the bulk calls: one at a time, a
            // lookup and a delete each.
            let fake = fake(count);
            let users = fake.client().users();
            let start = Instant::now();
            for email in emails(count) {
                users.delete(email.as_str()).unwrap();
            }
            let elapsed = start.elapsed();
            report(
                &what,
                "a loop of delete (before)",
                elapsed,
                fake.requests().len(),
                None,
            );
            before = Some(elapsed);
        }
        for concurrency in [1, arize::DEFAULT_CONCURRENCY] {
            let fake = fake(count);
            let users = fake.client().users();
            let start = Instant::now();
            let batch = users
                .bulk_delete(emails(count))
                .concurrency(concurrency)
                .send();
            let elapsed = start.elapsed();
            assert!(
                batch
                    .iter()
                    .all(|o| matches!(o, BulkDeletion::Deleted { .. }))
            );
            assert_eq!(batch.requests() as usize, fake.requests().len());
            let how = format!("bulk_delete, concurrency {concurrency}");
            report(&what, &how, elapsed, fake.requests().len(), before);
        }
    }
    for count in [100, 300] {
        let what = format!("add {count} users by email to a space by name");
        let mut before = None;
        if count == 100 {
            let fake = fake(count);
            let spaces = fake.client().spaces();
            let start = Instant::now();
            for email in emails(count) {
                spaces
                    .add_user("fraud", email.as_str(), PredefinedRole::Member)
                    .unwrap();
            }
            let elapsed = start.elapsed();
            report(
                &what,
                "a loop of add_user (before)",
                elapsed,
                fake.requests().len(),
                None,
            );
            before = Some(elapsed);
        }
        for concurrency in [1, arize::DEFAULT_CONCURRENCY] {
            let fake = fake(count);
            let spaces = fake.client().spaces();
            let start = Instant::now();
            let batch = spaces
                .bulk_add_users("fraud", emails(count), PredefinedRole::Member)
                .concurrency(concurrency)
                .send()
                .unwrap();
            let elapsed = start.elapsed();
            assert!(batch.iter().all(|o| o.is_ok()));
            let how = format!("bulk_add_users, concurrency {concurrency}");
            report(&what, &how, elapsed, fake.requests().len(), before);
        }
    }
}
