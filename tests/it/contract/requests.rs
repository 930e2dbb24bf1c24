//! Every operation sends exactly its request (headers and body, against
//! mockito), the ID as one path segment or one JSON string whatever it
//! holds (against a [`Script`]); input it cannot send is refused before
//! anything is.

use arize::{Client, Deletion, Error, Resource};
use mockito::ServerGuard;

use super::{Refused, Row, Script};
use crate::{
    common::*,
    raw::{GUARD, within},
};

/// IDs that would reach another endpoint if a path took them as they are,
/// and the one path segment each must become, written out by hand.
const HOSTILE: [(&str, &str); 8] = [
    ("a/../b?c#d", "a%2F%2E%2E%2Fb%3Fc%23d"),
    ("..", "%2E%2E"),
    (".", "%2E"),
    ("%2e%2e", "%252e%252e"),
    ("a\r\nHost: evil", "a%0D%0AHost%3A%20evil"),
    ("x/users/y", "x%2Fusers%2Fy"),
    ("../a/b?c=d#e%f&g", "%2E%2E%2Fa%2Fb%3Fc%3Dd%23e%25f%26g"),
    ("x/../../v2/spaces", "x%2F%2E%2E%2F%2E%2E%2Fv2%2Fspaces"),
];

/// Asserts that the call succeeded (a delete with `Deleted`).
fn succeeded(context: &str, outcome: arize::Result<Option<Deletion>>) {
    match outcome {
        Ok(Some(deletion)) => assert_eq!(deletion, Deletion::Deleted, "{context}"),
        Ok(None) => {}
        Err(error) => panic!("{context}: {error:?}"),
    }
}

fn sends_exactly_its_request<R: Resource>(server: &mut ServerGuard, row: &Row<R>) {
    let client = client(server);
    let (id, encoded) = row.sample;
    for op in &row.ops {
        let (status, body) = (op.ok)(id);
        let mock = op
            .mock(server, id, encoded)
            .with_status(status)
            .with_body(body);
        let mock = mock.expect(1).create();
        succeeded(&op.describe(row.name), (op.call)(&client, id));
        verified(&mock);
    }
}

#[test]
fn every_operation_sends_exactly_its_request_headers_and_body() {
    let mut server = mockito::Server::new();
    let anything_else = nothing_sent(&mut server);
    each_row!(|row| sends_exactly_its_request(&mut server, row));
    anything_else.iter().for_each(mockito::Mock::assert);
}

fn keeps_each_id_whole<R: Resource>(script: &Script, row: &Row<R>) {
    let client = client_without_retries(&script.server.url);
    for op in row.ops.iter().filter(|op| op.takes_id()) {
        for (id, encoded) in HOSTILE {
            let context = format!("{} for {id:?}", op.describe(row.name));
            let (status, body) = (op.ok)(id);
            let json: &[_] = match body.is_empty() {
                true => &[],
                false => &[("Content-Type", "application/json")],
            };
            script.then(status as u16, json, &body);
            succeeded(&context, (op.call)(&client, id));
            let [(line, body)] = &script.requests()[..] else {
                panic!("{context}: not one request")
            };
            assert_eq!(
                *line,
                format!("{} {}", op.method, op.path_for(encoded)),
                "{context}"
            );
            let sent = (!body.is_empty()).then(|| serde_json::from_str(body).unwrap());
            assert_eq!(sent, op.body.map(|body| body(id)), "{context}");
        }
    }
}

#[test]
fn every_id_is_sent_as_one_path_segment_or_one_json_string_whatever_it_holds() {
    within(GUARD, || {
        let script = Script::start();
        each_row!(|row| keeps_each_id_whole(&script, row));
    });
}

fn refuses_invalid_input<R: Resource>(client: &Client, row: &Row<R>) {
    let list = || (row.list)(client);
    let mut cases: Vec<Refused> = vec![
        ("limit", list().limit(0).send().map(drop)),
        ("limit", list().limit(101).send().map(drop)),
        ("limit", list().limit(0).items().next().unwrap().map(drop)),
        ("limit", list().limit(0).pages().next().unwrap().map(drop)),
        ("cursor", list().cursor("").send().map(drop)),
    ];
    for op in row.ops.iter().filter(|op| op.takes_id()) {
        cases.push((
            op.field.unwrap_or(row.kind),
            (op.call)(client, "").map(drop),
        ));
    }
    cases.extend((row.invalid)(client));
    for (field, result) in cases {
        match result {
            Err(Error::InvalidRequest { field: got, reason }) => {
                assert_eq!(got, field, "{}: {reason}", row.name);
                assert!(!reason.is_empty(), "{}: {field}", row.name);
                let text = Error::InvalidRequest { field: got, reason }.to_string();
                assert!(text.contains("nothing was sent"), "{}: {text}", row.name);
            }
            other => panic!(
                "{}: {field}: expected an invalid request, got {other:?}",
                row.name
            ),
        }
    }
}

#[test]
fn invalid_input_is_refused_before_anything_is_sent() {
    let mut server = mockito::Server::new();
    let nothing = nothing_sent(&mut server);
    let client = client(&server);
    each_row!(|row| refuses_invalid_input(&client, row));
    nothing.iter().for_each(mockito::Mock::assert);
}
