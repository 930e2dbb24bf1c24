//! Bulk calls against the fake at latency: outcomes in input order, at
//! most N requests in flight, a 429 pausing every worker, one failure among
//! many, creates never doubled, names resolved once and emails by the rule
//! (with exact requests against mockito), progress as outcomes complete.
//! No assertion reads a clock.

use std::{
    collections::HashSet,
    sync::{Arc, Mutex},
    thread::{self, ThreadId},
    time::Duration,
};

use arize::{
    AccountRole, Assigned, BindingResource, BulkDeletion, Error, InviteMode, PredefinedRole,
    ResourceKind, UserCreation, UserRef,
    testing::{FakeServer, RecordedRequest},
};
use mockito::Matcher;

use crate::common::{client, expect, page_of, problem, user};

const LATENCY: Duration = Duration::from_millis(10);

/// A fake at latency with jitter, so that concurrent requests complete out
/// of order: the organization `acme`, `count` members `u-00001@example.com`
/// … and a space `fraud`.
fn fake(count: usize) -> FakeServer {
    FakeServer::builder()
        .latency(LATENCY)
        .jitter(LATENCY)
        .organization("acme")
        .users("u", count, AccountRole::Member, ["acme"])
        .space("acme", "fraud")
        .custom_role("reviewer")
        .start()
}

fn email(n: usize) -> String {
    format!("u-{n:05}@example.com")
}

fn emails(range: std::ops::RangeInclusive<usize>) -> Vec<String> {
    range.map(email).collect()
}

fn requests(fake: &FakeServer, method: &str) -> Vec<RecordedRequest> {
    let requests = fake.requests();
    requests
        .into_iter()
        .filter(|r| r.method == method)
        .collect()
}

/// The requests of a batch that list users: each is one page.
fn user_listings(fake: &FakeServer) -> usize {
    requests(fake, "GET")
        .iter()
        .filter(|r| r.url.starts_with("/v2/users?"))
        .count()
}

// --- The engine at latency ----------------------------------------------------

#[test]
fn outcomes_come_in_input_order_whatever_order_they_complete_in() {
    let fake = fake(30);
    let ids: Vec<String> = (1..=30)
        .map(|n| fake.user_id(&format!("u-{n:05}")))
        .collect();
    let completed = Mutex::new(Vec::new());
    let batch = fake
        .client()
        .users()
        .bulk_delete(&ids)
        .concurrency(6)
        .on_progress(|_, _, outcome| {
            if let BulkDeletion::Deleted { id, .. } = outcome {
                completed.lock().unwrap().push(id.clone());
            }
        })
        .send();
    assert_eq!(batch.len(), 30);
    for (outcome, given) in batch.iter().zip(&ids) {
        assert!(
            matches!(outcome, BulkDeletion::Deleted { user: UserRef::Id(input), id } if input == given && id == given),
            "{outcome:?}"
        );
    }
    // Every user, once each, whatever the order of completion.
    let completed = completed.into_inner().unwrap();
    assert_eq!(completed.iter().collect::<HashSet<_>>().len(), 30);
    assert_eq!(requests(&fake, "DELETE").len(), 30);
    assert_eq!(batch.requests(), 30);
}

#[test]
fn never_more_requests_in_flight_than_the_concurrency() {
    for concurrency in [1, 3, arize::DEFAULT_CONCURRENCY] {
        let fake = fake(24);
        let users: Vec<String> = (1..=24)
            .map(|n| fake.user_id(&format!("u-{n:05}")))
            .collect();
        let client = fake.client();
        let batch = client
            .users()
            .bulk_delete(&users)
            .concurrency(concurrency)
            .send();
        assert!(
            batch
                .iter()
                .all(|o| matches!(o, BulkDeletion::Deleted { .. }))
        );
        let most = fake.max_in_flight();
        assert!(
            most <= concurrency,
            "{most} in flight, at most {concurrency}"
        );
        if concurrency > 1 {
            // At 10 ms a request, the workers overlap.
            assert!(most > 1, "{most} in flight with {concurrency} workers");
        }
    }
}

#[test]
fn the_clients_setting_is_the_default_and_a_call_overrides_it() {
    let fake = fake(12);
    let ids: Vec<String> = (1..=12)
        .map(|n| fake.user_id(&format!("u-{n:05}")))
        .collect();
    let client = fake.client_builder().bulk_concurrency(1).build().unwrap();
    client.users().delete_many(&ids[..6]);
    assert_eq!(fake.max_in_flight(), 1);
    fake.reset_max_in_flight();
    client.users().bulk_delete(&ids[6..]).concurrency(2).send();
    assert!(fake.max_in_flight() <= 2);
}

#[test]
fn a_429_pauses_every_worker_not_only_the_one_that_drew_it() {
    let fake = fake(24);
    let ids: Vec<String> = (1..=24)
        .map(|n| fake.user_id(&format!("u-{n:05}")))
        .collect();
    let waits: Arc<Mutex<Vec<(ThreadId, Duration)>>> = Arc::default();
    let log = Arc::clone(&waits);
    let client = fake
        .client_builder()
        .sleeper(move |wait| log.lock().unwrap().push((thread::current().id(), wait)))
        .build()
        .unwrap();
    fake.fail_next_with_retry_after(1, 429, "3");
    let batch = client.users().bulk_delete(&ids).concurrency(4).send();

    assert!(
        batch
            .iter()
            .all(|o| matches!(o, BulkDeletion::Deleted { .. })),
        "{batch:?}"
    );
    // The 429 was retried once; nothing else was sent twice.
    assert_eq!(requests(&fake, "DELETE").len(), 25);
    assert_eq!(batch.requests(), 25);
    let waits = waits.lock().unwrap();
    // The worker that drew it waited exactly what the server asked; each
    // of the other three waited what was left of it, once.
    let asked = Duration::from_secs(3);
    assert_eq!(
        waits.iter().filter(|(_, w)| *w == asked).count(),
        1,
        "{waits:?}"
    );
    assert!(waits.iter().all(|(_, w)| *w <= asked && !w.is_zero()));
    let threads: HashSet<ThreadId> = waits.iter().map(|(thread, _)| *thread).collect();
    assert_eq!(threads.len(), 4, "{waits:?}");
    assert_eq!(waits.len(), 4, "each worker waited once: {waits:?}");
}

#[test]
fn a_pause_holds_for_every_thread_of_a_client_outside_bulk_calls_too() {
    let fake = fake(2);
    let waits: Arc<Mutex<Vec<Duration>>> = Arc::default();
    let log = Arc::clone(&waits);
    let client = fake
        .client_builder()
        .sleeper(move |wait| log.lock().unwrap().push(wait))
        .build()
        .unwrap();
    // A 503 with Retry-After asks the client to wait, as a 429 does.
    fake.fail_next_with_retry_after(1, 503, "2");
    client.organizations().get("acme").unwrap();
    thread::scope(|scope| {
        scope.spawn(|| client.organizations().get("acme").unwrap());
    });
    // This thread's next request does not wait again.
    client.organizations().get("acme").unwrap();
    let waits = waits.lock().unwrap();
    assert_eq!(waits.len(), 2, "{waits:?}");
    assert_eq!(waits[0], Duration::from_secs(2));
    assert!(waits[1] <= Duration::from_secs(2) && !waits[1].is_zero());
}

#[test]
fn a_503_without_retry_after_pauses_only_its_own_request() {
    let fake = fake(2);
    let waits: Arc<Mutex<Vec<Duration>>> = Arc::default();
    let log = Arc::clone(&waits);
    let client = fake
        .client_builder()
        .sleeper(move |wait| log.lock().unwrap().push(wait))
        .build()
        .unwrap();
    fake.fail_next(1, 503);
    client.organizations().get("acme").unwrap();
    thread::scope(|scope| {
        scope.spawn(|| client.organizations().get("acme").unwrap());
    });
    assert_eq!(waits.lock().unwrap().len(), 1);
}

#[test]
fn one_500_among_many_fails_that_input_alone() {
    let fake = fake(20);
    let ids: Vec<String> = (1..=20)
        .map(|n| fake.user_id(&format!("u-{n:05}")))
        .collect();
    let client = fake.client();
    fake.fail_next(1, 500);
    let batch = client.users().bulk_delete(&ids).send();
    let failed: Vec<&BulkDeletion> = batch
        .iter()
        .filter(|o| matches!(o, BulkDeletion::Failed { .. }))
        .collect();
    assert_eq!(failed.len(), 1, "{batch:?}");
    let BulkDeletion::Failed {
        user: UserRef::Id(id),
        error,
    } = failed[0]
    else {
        panic!("{failed:?}")
    };
    assert!(
        matches!(error, Error::Server(api) if api.status() == 500),
        "{error:?}"
    );
    // Not retried (a 500 is not), and the user is still there.
    assert_eq!(requests(&fake, "DELETE").len(), 20);
    assert_eq!(client.users().get(id.as_str()).unwrap().id, *id);
    let deleted = batch
        .iter()
        .filter(|o| matches!(o, BulkDeletion::Deleted { .. }))
        .count();
    assert_eq!(deleted, 19);
}

#[test]
fn a_create_is_never_sent_twice_and_an_invitation_is_retried() {
    let fake = fake(0);
    let client = fake.client_builder().sleeper(|_| {}).build().unwrap();
    let users = client.users();
    let people: Vec<String> = (1..=12).map(|n| format!("new-{n}@acme.example")).collect();
    let creates = people
        .iter()
        .map(|email| users.create("New", email, AccountRole::Member, InviteMode::None));
    // Two gateway errors: the server may have created the users, so a
    // plain create is not sent again.
    fake.fail_next(2, 503);
    let batch = users.bulk_create(creates).concurrency(4).send();
    assert_eq!(requests(&fake, "POST").len(), 12, "one POST per create");
    let failed: Vec<_> = batch.iter().filter(|o| !o.is_ok()).collect();
    assert_eq!(failed.len(), 2, "{batch:?}");
    for outcome in &failed {
        assert!(matches!(&outcome.result, Err(Error::Server(api)) if api.status() == 503));
    }
    for (outcome, email) in batch.iter().zip(&people) {
        assert_eq!(&outcome.input, email);
    }

    // Invitations are idempotent on the email: retried after a 503.
    fake.clear_requests();
    let invites = (1..=6).map(|n| {
        let email = format!("invited-{n}@acme.example");
        users.create("Invited", email, AccountRole::Member, InviteMode::EmailLink)
    });
    fake.fail_next(2, 503);
    let batch = users.bulk_create(invites).concurrency(3).send();
    assert!(
        batch
            .iter()
            .all(|o| matches!(&o.result, Ok(UserCreation::Created { .. })))
    );
    assert_eq!(requests(&fake, "POST").len(), 8);
    assert_eq!(batch.requests(), 8);
}

#[test]
fn creates_report_progress_per_input_as_they_complete() {
    let fake = fake(0);
    let users = fake.client().users();
    let mode = InviteMode::EmailLink;
    let creates = ["a@acme.example", "b@acme.example", "A@acme.example"]
        .map(|email| users.create("P", email, AccountRole::Member, mode.clone()));
    let mut seen = Vec::new();
    let batch = users
        .bulk_create(creates)
        .on_progress(|done, total, outcome| seen.push((done, total, outcome.input.clone())))
        .send();
    assert_eq!(batch.len(), 3);
    let counts: Vec<(usize, usize)> = seen.iter().map(|(d, t, _)| (*d, *t)).collect();
    assert_eq!(counts, [(1, 3), (2, 3), (3, 3)]);
    let mut inputs: Vec<String> = seen.into_iter().map(|(_, _, input)| input).collect();
    inputs.sort();
    assert_eq!(
        inputs,
        ["A@acme.example", "a@acme.example", "b@acme.example"]
    );
}

#[test]
fn an_email_given_twice_is_created_once() {
    let fake = fake(0);
    let users = fake.client().users();
    let mode = InviteMode::EmailLink;
    let creates = [
        "Twice@acme.example",
        "once@acme.example",
        "twice@ACME.example",
    ]
    .map(|email| users.create("T", email, AccountRole::Member, mode.clone()));
    let batch = users.bulk_create(creates).send();
    assert_eq!(requests(&fake, "POST").len(), 2);
    assert_eq!(batch[2].input, "twice@ACME.example");
    let (first, third) = (&batch[0].result, &batch[2].result);
    assert_eq!(
        first.as_ref().unwrap().user().id,
        third.as_ref().unwrap().user().id
    );
}

#[test]
fn progress_reports_each_outcome_as_it_completes() {
    let fake = fake(10);
    let mut inputs = emails(1..=8);
    inputs.push("nobody@example.com".into());
    let mut seen = Vec::new();
    let batch = fake
        .client()
        .users()
        .bulk_delete(&inputs)
        .on_progress(|done, total, outcome| seen.push((done, total, format!("{outcome:?}"))))
        .send();
    assert_eq!(seen.len(), 9);
    for (n, (done, total, _)) in seen.iter().enumerate() {
        assert_eq!((*done, *total), (n + 1, 9));
    }
    // The email nobody has is known before any delete completes.
    assert!(seen[0].2.starts_with("NotFound"), "{seen:?}");
    assert!(
        matches!(&batch[8], BulkDeletion::NotFound { user: UserRef::Name(e) } if e == "nobody@example.com")
    );
}

// --- Resolution: shared names once, emails by the rule -------------------------

#[test]
fn offboarding_100_by_email_reads_the_listing_once_and_deletes_each() {
    // 150 users: two pages of the listing.
    let fake = fake(150);
    let batch = fake.client().users().bulk_delete(emails(1..=100)).send();
    assert!(
        batch
            .iter()
            .all(|o| matches!(o, BulkDeletion::Deleted { .. }))
    );
    assert_eq!(user_listings(&fake), 2);
    assert_eq!(requests(&fake, "DELETE").len(), 100);
    assert_eq!(batch.requests(), 102);
    assert_eq!(fake.requests().len(), 102);
    // Only the leavers are gone.
    let left: Vec<_> = fake.client().users().list().items().take(200).collect();
    assert_eq!(left.len(), 50);
}

#[test]
fn a_few_emails_are_looked_up_one_by_one() {
    let fake = fake(150);
    let batch = fake.client().users().bulk_delete(emails(1..=3)).send();
    assert!(
        batch
            .iter()
            .all(|o| matches!(o, BulkDeletion::Deleted { .. }))
    );
    let lookups = requests(&fake, "GET");
    assert_eq!(lookups.len(), 3);
    assert!(
        lookups.iter().all(|r| r.url.contains("email=")),
        "{lookups:?}"
    );
    assert_eq!(batch.requests(), 6);
}

#[test]
fn an_email_given_twice_counts_once_in_the_rule() {
    // Three distinct emails, each twice: under 4, so looked up one by one,
    // once each.
    let fake = fake(10);
    let inputs = [email(1), email(1), email(2), email(2), email(3), email(3)];
    let batch = fake
        .client()
        .spaces()
        .bulk_add_users("fraud", &inputs, PredefinedRole::Member)
        .send()
        .unwrap();
    assert!(batch.iter().all(|o| o.is_ok()), "{batch:?}");
    let lookups: Vec<_> = requests(&fake, "GET")
        .into_iter()
        .filter(|r| r.url.starts_with("/v2/users?"))
        .collect();
    assert_eq!(lookups.len(), 3, "{lookups:?}");
    assert!(lookups.iter().all(|r| r.url.contains("email=")));
    assert_eq!(requests(&fake, "POST").len(), 3);
    assert_eq!(batch.requests(), 1 + 3 + 3);
}

#[test]
fn a_listing_longer_than_half_the_emails_in_pages_falls_back_to_lookups() {
    // 4 emails: at most 2 pages are read; 250 users are 3 pages.
    let fake = fake(250);
    let batch = fake.client().users().bulk_delete(emails(1..=4)).send();
    assert!(
        batch
            .iter()
            .all(|o| matches!(o, BulkDeletion::Deleted { .. }))
    );
    let gets = requests(&fake, "GET");
    let walked = gets.iter().filter(|r| !r.url.contains("email=")).count();
    let looked_up = gets.iter().filter(|r| r.url.contains("email=")).count();
    assert_eq!((walked, looked_up), (2, 4));
    assert_eq!(batch.requests(), 2 + 4 + 4);
}

#[test]
fn adding_80_by_email_to_a_space_by_name_resolves_the_space_once() {
    let fake = fake(120);
    let client = fake.client();
    let batch = client
        .spaces()
        .bulk_add_users("fraud", emails(1..=80), PredefinedRole::Member)
        .send()
        .unwrap();
    assert!(batch.iter().all(|o| o.is_ok()), "{batch:?}");
    let space_lookups = requests(&fake, "GET")
        .iter()
        .filter(|r| r.url.starts_with("/v2/spaces?"))
        .count();
    assert_eq!(space_lookups, 1);
    assert_eq!(user_listings(&fake), 2, "120 users: two pages");
    assert_eq!(requests(&fake, "POST").len(), 80);
    assert_eq!(batch.requests(), 83);
    let space = client.spaces().resolve("fraud").unwrap();
    let membership = &batch[79].result.as_ref().unwrap();
    assert_eq!(membership.space_id, space);
    assert_eq!(membership.user_id, fake.user_id("u-00080"));
}

#[test]
fn adding_to_an_organization_by_name_with_a_custom_role_by_name() {
    let fake = FakeServer::builder()
        .organization("acme")
        .organization("globex")
        .users("u", 6, AccountRole::Member, ["acme"])
        .custom_role("reviewer")
        .start();
    let client = fake.client();
    // Requests this thread sent before are not the batch's.
    client.organizations().get("acme").unwrap();
    fake.clear_requests();
    let batch = client
        .organizations()
        .bulk_add_users("globex", emails(1..=6), arize::Role::custom("reviewer"))
        .concurrency(2)
        .send()
        .unwrap();
    assert!(batch.iter().all(|o| o.is_ok()), "{batch:?}");
    let gets = requests(&fake, "GET");
    let roles = gets
        .iter()
        .filter(|r| r.url.starts_with("/v2/roles?"))
        .count();
    let orgs = gets
        .iter()
        .filter(|r| r.url.starts_with("/v2/organizations?"))
        .count();
    assert_eq!((roles, orgs, user_listings(&fake)), (1, 1, 1));
    assert_eq!(batch.requests(), 3 + 6);
}

#[test]
fn an_unknown_space_fails_the_batch_before_any_user_is_looked_up() {
    let fake = fake(10);
    let error = fake
        .client()
        .spaces()
        .bulk_add_users("nope", emails(1..=5), PredefinedRole::Member)
        .send()
        .unwrap_err();
    assert!(
        matches!(&error, Error::NameNotFound { kind: ResourceKind::Space, name, .. } if name == "nope"),
        "{error:?}"
    );
    assert_eq!(fake.requests().len(), 1);
}

#[test]
fn a_user_failure_is_that_users_outcome_and_names_twice_add_once() {
    let fake = FakeServer::builder()
        .latency(LATENCY)
        .organization("acme")
        .organization("globex")
        .users("u", 4, AccountRole::Member, ["acme"])
        .user("outsider", AccountRole::Member, ["globex"])
        .space("acme", "fraud")
        .start();
    let u1 = fake.user_id("u-00001");
    let inputs = [
        email(1),
        "ghost@example.com".into(),
        "outsider@example.com".into(),
        u1.clone(),
        email(2),
    ];
    let batch = fake
        .client()
        .spaces()
        .bulk_add_users("fraud", &inputs, PredefinedRole::ReadOnly)
        .send()
        .unwrap();
    assert!(
        batch[0].is_ok() && batch[3].is_ok() && batch[4].is_ok(),
        "{batch:?}"
    );
    assert!(matches!(
        &batch[1].result,
        Err(Error::NameNotFound {
            kind: ResourceKind::User,
            ..
        })
    ));
    // Outside the space's organization: the server's 400, for that user.
    assert!(
        matches!(&batch[2].result, Err(Error::BadRequest(_))),
        "{:?}",
        batch[2]
    );
    // u-00001 by email and by ID: one add.
    let adds = requests(&fake, "POST");
    assert_eq!(adds.len(), 3, "{adds:?}");
    assert_eq!(batch[3].input, UserRef::Id(u1));
}

#[test]
fn bulk_assign_creates_updates_or_leaves_each_binding() {
    let fake = FakeServer::builder()
        .latency(LATENCY)
        .organization("acme")
        .users("u", 5, AccountRole::Member, ["acme"])
        .space("acme", "fraud")
        .project("fraud", "churn")
        .custom_role("reviewer")
        .custom_role("auditor")
        .start();
    let client = fake.client();
    let project = BindingResource::project(fake.project_id("churn"));
    let bindings = client.role_bindings();
    bindings
        .assign(email(1), "auditor", project.clone())
        .unwrap();
    bindings
        .assign(email(2), "reviewer", project.clone())
        .unwrap();
    fake.clear_requests();

    let batch = bindings
        .bulk_assign(emails(1..=5), "reviewer", project)
        .send()
        .unwrap();
    assert!(
        matches!(&batch[0].result, Ok(Assigned::Updated(_))),
        "{batch:?}"
    );
    assert!(matches!(&batch[1].result, Ok(Assigned::Unchanged(_))));
    for outcome in &batch[2..] {
        assert!(
            matches!(&outcome.result, Ok(Assigned::Created(_))),
            "{outcome:?}"
        );
    }
    let reviewer = fake.role_id("reviewer");
    assert!(
        batch
            .iter()
            .all(|o| o.result.as_ref().unwrap().binding().role_id == reviewer)
    );
    // One roles listing, one users listing (5 emails, one page), 5
    // creates, and for the two existing bindings a lookup each and one
    // update.
    let roles = requests(&fake, "GET")
        .iter()
        .filter(|r| r.url.starts_with("/v2/roles"))
        .count();
    assert_eq!(roles, 1);
    assert_eq!(requests(&fake, "POST").len(), 5);
    assert_eq!(requests(&fake, "PATCH").len(), 1);
    assert_eq!(batch.requests(), 1 + 1 + 5 + 2 + 1);
}

#[test]
fn bulk_assign_on_a_space_by_name_resolves_it_and_the_role_once() {
    let fake = fake(4);
    let client = fake.client();
    // Requests this thread sent before are not the batch's.
    client.spaces().get("fraud").unwrap();
    fake.clear_requests();
    let space = BindingResource::space("fraud");
    let batch = client
        .role_bindings()
        .bulk_assign(emails(1..=2), "reviewer", space)
        .send()
        .unwrap();
    assert!(
        batch
            .iter()
            .all(|o| matches!(o.result, Ok(Assigned::Created(_)))),
        "{batch:?}"
    );
    // The space and the role once each, two email lookups, two creates.
    assert_eq!(batch.requests(), 1 + 1 + 2 + 2);
    assert_eq!(fake.requests().len(), 6);
}

#[test]
fn concurrency_1_sends_what_a_loop_would_in_order_and_n_the_same_requests() {
    let run = |concurrency| {
        let fake = fake(20);
        let batch = fake
            .client()
            .spaces()
            .bulk_add_users("fraud", emails(1..=12), PredefinedRole::Member)
            .concurrency(concurrency)
            .send()
            .unwrap();
        assert!(batch.iter().all(|o| o.is_ok()));
        fake.requests()
            .into_iter()
            .map(|r| (r.method, r.url, r.body))
            .collect::<Vec<_>>()
    };
    let one = run(1);
    let mut many = run(8);
    // One at a time: the space, the users, then each add in input order,
    // as a loop of single calls with the names resolved once would send.
    let fake = fake(20);
    let client = fake.client();
    let space = client.spaces().resolve("fraud").unwrap();
    let ids: Vec<String> = client
        .users()
        .list()
        .limit(100)
        .items()
        .take(12)
        .map(|u| u.unwrap().id)
        .collect();
    for id in &ids {
        client
            .spaces()
            .add_user(space.as_str(), id.as_str(), PredefinedRole::Member)
            .unwrap();
    }
    let looped: Vec<_> = fake
        .requests()
        .into_iter()
        .map(|r| (r.method, r.url, r.body))
        .collect();
    assert_eq!(one, looped);
    many.sort();
    let mut sorted = one;
    sorted.sort();
    assert_eq!(many, sorted);
}

// --- Email resolution, exactly, against mockito -----------------------------------

#[test]
fn a_walk_matches_emails_exactly_ignoring_case_and_finds_ambiguity() {
    let mut server = mockito::Server::new();
    let walk = expect(&mut server, "GET", "/v2/users?limit=100")
        .with_body(users_page_of(
            vec![
                user("VXNlcjox", "a@x.io"),
                user("VXNlcjoy", "B@X.IO"),
                user("VXNlcjoz", "c@x.io"),
                user("VXNlcjo0", "C@x.io"),
                user("VXNlcjo1", "dd@x.io"),
            ],
            None,
        ))
        .expect(1)
        .create();
    let deletes = server
        .mock("DELETE", Matcher::Regex("^/v2/users/VXNlcjo[xy]$".into()))
        .with_status(204)
        .expect(2)
        .create();
    let batch = client(&server)
        .users()
        .bulk_delete(["a@x.io", "b@x.io", "c@x.io", "d@x.io"])
        .concurrency(2)
        .send();
    walk.assert();
    deletes.assert();
    assert!(matches!(&batch[0], BulkDeletion::Deleted { id, .. } if id == "VXNlcjox"));
    assert!(matches!(&batch[1], BulkDeletion::Deleted { id, .. } if id == "VXNlcjoy"));
    match &batch[2] {
        BulkDeletion::Failed {
            error: Error::AmbiguousName { ids, .. },
            ..
        } => assert_eq!(ids, &["VXNlcjoz", "VXNlcjo0"]),
        other => panic!("expected an ambiguous email, got {other:?}"),
    }
    // "dd@x.io" contains "d@x.io" but is not it.
    assert!(
        matches!(&batch[3], BulkDeletion::NotFound { .. }),
        "{:?}",
        batch[3]
    );
    assert_eq!(batch.requests(), 3);
}

#[test]
fn a_listing_that_fails_fails_each_email_it_was_read_for() {
    let mut server = mockito::Server::new();
    let walk = expect(&mut server, "GET", "/v2/users?limit=100")
        .with_status(403)
        .with_body(problem(403, "Forbidden", "no USER_READ"))
        .expect(1)
        .create();
    let by_id = expect(&mut server, "DELETE", "/v2/users/VXNlcjo5")
        .with_status(204)
        .expect(1)
        .create();
    let batch = client(&server)
        .users()
        .bulk_delete(["a@x.io", "b@x.io", "VXNlcjo5", "c@x.io", "d@x.io"])
        .send();
    walk.assert();
    by_id.assert();
    for at in [0, 1, 3, 4] {
        assert!(
            matches!(&batch[at], BulkDeletion::Failed { error, .. } if error.is_forbidden()),
            "{:?}",
            batch[at]
        );
    }
    assert!(matches!(&batch[2], BulkDeletion::Deleted { .. }));
}

#[test]
fn invalid_emails_are_refused_as_a_lookup_would_refuse_them() {
    let mut server = mockito::Server::new();
    let walk = expect(&mut server, "GET", "/v2/users?limit=100")
        .with_body(users_page_of(vec![user("VXNlcjox", "a@x.io")], None))
        .expect(1)
        .create();
    let delete = expect(&mut server, "DELETE", "/v2/users/VXNlcjox")
        .with_status(204)
        .create();
    let long = format!("{}@x.io", "a".repeat(300));
    let batch = client(&server)
        .users()
        .bulk_delete(["a@x.io", long.as_str(), "b@x.io", "c@x.io"])
        .send();
    walk.assert();
    delete.assert();
    assert!(
        matches!(
            &batch[1],
            BulkDeletion::Failed {
                error: Error::InvalidRequest { .. },
                ..
            }
        ),
        "{:?}",
        batch[1]
    );
}

/// A `ListUsersResponse`.
fn users_page_of(users: Vec<serde_json::Value>, next_cursor: Option<&str>) -> String {
    page_of("users", users, next_cursor)
}

/// A bulk delete tells the three ways a user can be missing apart: gone
/// after a retry whose first answer was lost (deleted by that attempt,
/// most likely: `AlreadyGone`), not found at the first attempt
/// (`NotFound`), deleted outright (`Deleted`).
#[test]
fn a_bulk_delete_tells_already_gone_from_not_found() {
    use crate::contract::Script;
    let script = Script::start();
    let (client, _) = crate::common::waiting_client(&script.server.url);
    // One at a time, so that the answers go to the inputs in order.
    script.then(504, &[("Retry-After", "0")], "");
    script.then(404, &[], "");
    script.then(404, &[], "");
    script.then(204, &[], "");
    let batch = client
        .users()
        .bulk_delete(["VXNlcjox", "VXNlcjoy", "VXNlcjoz"])
        .concurrency(1)
        .send();
    assert_eq!(
        script.sent(),
        [
            "DELETE /v2/users/VXNlcjox",
            "DELETE /v2/users/VXNlcjox",
            "DELETE /v2/users/VXNlcjoy",
            "DELETE /v2/users/VXNlcjoz",
        ]
    );
    let outcomes = batch.outcomes();
    assert!(
        matches!(&outcomes[0], BulkDeletion::AlreadyGone { user: UserRef::Id(u), id } if u == "VXNlcjox" && id == "VXNlcjox"),
        "{outcomes:?}"
    );
    assert!(
        matches!(&outcomes[1], BulkDeletion::NotFound { user: UserRef::Id(u) } if u == "VXNlcjoy"),
        "{outcomes:?}"
    );
    assert!(
        matches!(&outcomes[2], BulkDeletion::Deleted { user: UserRef::Id(u), .. } if u == "VXNlcjoz"),
        "{outcomes:?}"
    );
    assert_eq!(batch.requests(), 4);
}
