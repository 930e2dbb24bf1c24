//! Every error status becomes its own variant, the problem document kept
//! and the request named; an operation is retried, or sent once, by its
//! class; a delete reports what it established. These send hundreds of
//! requests, whose exact form (headers, body) `requests` pins: a
//! [`Script`] answers them.

use std::time::Duration;

use arize::{Client, Deletion, Error, Resource};

use super::{Op, Row, Script};
use crate::{common::*, raw::*};

/// The statuses no operation retries, with their reasons.
const FINAL: [(u16, &str); 8] = [
    (400, "Bad Request"),
    (401, "Unauthorized"),
    (403, "Forbidden"),
    (404, "Not Found"),
    (409, "Conflict"),
    (422, "Unprocessable Entity"),
    (500, "Internal Server Error"),
    (418, "I'm a teapot"),
];

/// Whether `error` is the variant of `status`, with its predicates.
fn is_variant(status: u16, error: &Error) -> bool {
    match status {
        400 => matches!(error, Error::BadRequest(_)),
        401 => matches!(error, Error::Unauthorized(_)) && error.is_unauthorized(),
        403 => matches!(error, Error::Forbidden(_)) && error.is_forbidden(),
        404 => matches!(error, Error::NotFound(_)) && error.is_not_found(),
        409 => matches!(error, Error::Conflict(_)) && error.is_conflict(),
        422 => matches!(error, Error::Unprocessable(_)),
        429 => matches!(error, Error::RateLimited(_)) && error.is_rate_limited(),
        500..=599 => matches!(error, Error::Server(_)) && error.is_retryable(),
        _ => matches!(error, Error::UnexpectedStatus(_)) && !error.is_retryable(),
    }
}

/// What the error says of the request: `[GET http://…/v2/spaces/…]`.
fn request(url: &str, op: &Op, encoded: &str, attempts: usize) -> String {
    let path = op.path_for(encoded);
    let after = if attempts > 1 {
        format!(", after {attempts} attempts")
    } else {
        String::new()
    };
    format!("[{} {url}{path}{after}]", op.method)
}

fn maps_every_status<R: Resource>(script: &Script, row: &Row<R>) {
    let (client, waits) = waiting_client(&script.server.url);
    let (id, encoded) = row.sample;
    let problem_json = [("Content-Type", "application/problem+json")];
    for op in &row.ops {
        for (status, reason) in FINAL {
            let detail = format!("detail of {status}");
            script.then(
                status,
                &problem_json,
                &problem(status, "Some Title", &detail),
            );
            let result = (op.call)(&client, id);
            let context = format!("{} answered {status}", op.describe(row.name));
            assert_eq!(script.sent(), Script::lines(row, op, 1), "{context}");
            if status == 404 && op.gone {
                let gone = matches!(result, Ok(Some(Deletion::AlreadyGone)));
                assert!(gone, "{context}: {result:?}");
                continue;
            }
            let error = result.unwrap_err();
            assert!(is_variant(status, &error), "{context}: {error:?}");
            assert_eq!(error.status(), Some(status), "{context}");
            let problem = error.problem().expect("the problem document is kept");
            assert_eq!(problem.title, "Some Title", "{context}");
            assert_eq!(i64::from(problem.status), i64::from(status), "{context}");
            assert_eq!(
                problem.detail.as_deref(),
                Some(detail.as_str()),
                "{context}"
            );
            assert_eq!(problem.type_.as_deref(), Some("about:blank"), "{context}");
            assert_eq!(problem.instance.as_deref(), Some("/v2/spaces"), "{context}");
            let api = error.api_error().unwrap();
            assert_eq!(api.title(), Some("Some Title"), "{context}");
            assert_eq!(api.attempts(), 1, "{context}: not retried");
            let hint = match status {
                401 => Some(
                    "check the API key (from ClientBuilder::api_key): it may be wrong or revoked",
                ),
                403 => Some("the API key lacks the permission for this operation"),
                409 => op.conflict_hint,
                _ => None,
            };
            assert_eq!(api.hint(), hint, "{context}");
            let start = format!("{status} {reason}: Some Title: {detail}");
            let hint = hint.map(|hint| format!("; {hint}")).unwrap_or_default();
            let end = request(&script.server.url, op, encoded, 1);
            let text = error.to_string();
            assert_eq!(text, format!("{start}{hint} {end}"), "{context}");
            assert!(!text.contains(KEY), "{context}: {text}");
        }
    }
    assert!(
        waits.lock().unwrap().is_empty(),
        "{}: no retry waited",
        row.name
    );
}

#[test]
fn every_error_status_of_every_operation_has_its_variant_and_keeps_the_problem() {
    within(GUARD, || {
        let script = Script::start();
        each_row!(|row| maps_every_status(&script, row));
    });
}

fn retries_by_class<R: Resource>(script: &Script, row: &Row<R>) {
    let (client, waits) = waiting_client(&script.server.url);
    let (id, encoded) = row.sample;
    for op in &row.ops {
        let context = op.describe(row.name);
        let attempts = if op.retried { 3 } else { 1 };

        // A status that asks to come back: retried to the last attempt, or
        // returned at once; either way, the last answer is the error.
        for (status, reason, retry_after) in [
            (503, "Service Unavailable", ""),
            (502, "Bad Gateway", ""),
            (429, "Too Many Requests", "; the server asks to wait 1 s"),
        ] {
            waits.lock().unwrap().clear();
            let headers: &[_] = match status {
                429 => &[("Retry-After", "1")],
                _ => &[],
            };
            for _ in 0..attempts {
                script.then(status, headers, "");
            }
            let error = (op.call)(&client, id).unwrap_err();
            assert_eq!(script.sent(), Script::lines(row, op, attempts), "{context}");
            assert!(is_variant(status, &error), "{context}: {error:?}");
            let api = error.api_error().unwrap();
            assert_eq!(api.attempts() as usize, attempts, "{context}: {status}");
            assert_eq!(
                (api.body(), api.problem()),
                (op.body_of_error(""), None),
                "{context}: {status}"
            );
            let waits = waits.lock().unwrap().clone();
            assert_eq!(waits.len(), attempts - 1, "{context}: {status}");
            if status == 429 {
                let asked = Duration::from_secs(1);
                assert_eq!(error.retry_after(), Some(asked), "{context}");
                assert!(
                    waits.iter().all(|wait| *wait == asked),
                    "{context}: {waits:?}"
                );
            }
            let end = request(&script.server.url, op, encoded, attempts);
            let text = format!("{status} {reason} (empty body){retry_after} {end}");
            assert_eq!(error.to_string(), text, "{context}");
        }

        // After gateway errors, the success is what the call returns.
        if op.retried {
            waits.lock().unwrap().clear();
            script.then(502, &[], "");
            script.then(504, &[], "");
            let (status, body) = (op.ok)(id);
            script.then(
                status as u16,
                &[("Content-Type", "application/json")],
                &body,
            );
            let outcome = (op.call)(&client, id);
            let done = matches!(outcome, Ok(None | Some(Deletion::Deleted)));
            assert!(done, "{context}: {outcome:?}");
            assert_eq!(script.sent(), Script::lines(row, op, 3), "{context}");
            assert_eq!(waits.lock().unwrap().len(), 2, "{context}");
        }
    }
}

#[test]
fn idempotent_operations_are_retried_and_the_others_sent_once() {
    within(GUARD, || {
        let script = Script::start();
        each_row!(|row| retries_by_class(&script, row));
    });
}

fn lost_answers<R: Resource>(server: &RawServer, client: &Client, row: &Row<R>) {
    let (id, _) = row.sample;
    for op in &row.ops {
        let before = server.requests();
        let error = (op.call)(client, id).unwrap_err();
        let sent = server.requests() - before;
        let context = op.describe(row.name);
        let attempts = if op.retried { 3 } else { 1 };
        assert_eq!(sent, attempts, "{context}: the server may have acted on it");
        assert!(
            matches!(&error, Error::Transport(t) if !t.is_connect() && t.attempts() as usize == attempts),
            "{context}: {error:?}"
        );
    }
}

#[test]
fn a_lost_answer_is_sent_again_only_for_an_idempotent_operation() {
    within(GUARD, || {
        // Reads every request, answers none.
        let server = RawServer::start(|_, _, _| Then::Close);
        let client = no_wait_client(&server.url);
        each_row!(|row| lost_answers(&server, &client, row));
    });
}

fn deletes_report_what_they_established<R: Resource>(script: &Script, row: &Row<R>) {
    let client = no_wait_client(&script.server.url);
    let id = row.sample.0;
    for op in row.ops.iter().filter(|op| op.method == "DELETE") {
        let context = op.describe(row.name);
        let delete = |answers: &[u16]| {
            for status in answers {
                script.then(*status, &[("Retry-After", "0")], "");
            }
            let outcome = (op.call)(&client, id);
            assert_eq!(
                script.sent(),
                Script::lines(row, op, answers.len()),
                "{context}"
            );
            outcome
        };
        let missing = |outcome: arize::Result<Option<Deletion>>| match op.gone {
            true => assert!(
                matches!(outcome, Ok(Some(Deletion::AlreadyGone))),
                "{context}"
            ),
            false => assert!(
                matches!(outcome, Err(Error::NotFound(_))),
                "{context}: {outcome:?}"
            ),
        };

        let outcome = delete(&[204]);
        assert!(
            matches!(outcome, Ok(Some(Deletion::Deleted))),
            "{context}: {outcome:?}"
        );
        // Not found at the first attempt: nothing was deleted.
        missing(delete(&[404]));
        // The first answer was lost to a gateway: the retry finds it gone.
        let outcome = delete(&[504, 404]);
        assert!(
            matches!(outcome, Ok(Some(Deletion::AlreadyGone))),
            "{context}: {outcome:?}"
        );
        // A 429 proves the first attempt did nothing: the 404 is genuine.
        missing(delete(&[429, 404]));
        let outcome = delete(&[502, 204]);
        assert!(
            matches!(outcome, Ok(Some(Deletion::Deleted))),
            "{context}: {outcome:?}"
        );
    }
}

#[test]
fn deletes_report_deleted_already_gone_or_not_found() {
    within(GUARD, || {
        let script = Script::start();
        each_row!(|row| deletes_report_what_they_established(&script, row));
    });
}

fn lost_then_gone<R: Resource>(server: &RawServer, client: &Client, row: &Row<R>) {
    let (id, _) = row.sample;
    for op in row.ops.iter().filter(|op| op.method == "DELETE") {
        let before = server.requests();
        let outcome = (op.call)(client, id);
        let context = op.describe(row.name);
        assert!(
            matches!(outcome, Ok(Some(Deletion::AlreadyGone))),
            "{context}: {outcome:?}"
        );
        assert_eq!(server.requests() - before, 2, "{context}");
    }
}

#[test]
fn a_delete_whose_answer_was_lost_then_404_is_already_gone() {
    within(GUARD, || {
        // Every other request is deleted with its answer lost; the retry
        // finds nothing.
        let server = RawServer::start(|n, _, stream| {
            if n % 2 == 0 {
                return Then::Close;
            }
            let body = problem(404, "Not Found", "gone");
            respond(stream, "404 Not Found", &[], &body);
            Then::KeepAlive
        });
        let client = no_wait_client(&server.url);
        each_row!(|row| lost_then_gone(&server, &client, row));
    });
}
