//! Wherever a named resource is taken, its name works: it is looked up by
//! listing every page of the resource's lookup (`limit=100`) and keeping
//! what its comparison matches. One match is the ID; none, several, or a
//! lookup that fails is an error, and then nothing else is sent. Text that
//! is an ID is used as it is.

use arize::{Deletion, Error, Resource};
use mockito::{Mock, ServerGuard};
use serde_json::Value;

use super::{Call, Names, Op, Row};
use crate::common::*;

/// The operations that take a name, with their call by name.
fn named_ops<R: Resource>(row: &Row<R>) -> Vec<(&Op, Call)> {
    row.ops
        .iter()
        .filter_map(|op| Some((op, op.named?)))
        .collect()
}

/// The lookup of the row's name, answered with these pages (cursors `p1`,
/// `p2`… between them), each expected `times`.
fn lookup<R: Resource>(
    server: &mut ServerGuard,
    row: &Row<R>,
    names: &Names,
    pages: Vec<Vec<Value>>,
    times: usize,
) -> Vec<Mock> {
    let first = format!("{}?{}limit=100", row.path, (names.lookup)(names.name.1));
    let count = pages.len();
    let pages = pages.into_iter().enumerate().map(|(n, items)| {
        let path = match n {
            0 => first.clone(),
            n => format!("{first}&cursor=p{n}"),
        };
        let next = (n + 1 < count).then(|| format!("p{}", n + 1));
        let body = page_of(row.field, items, next.as_deref());
        expect(server, "GET", &path)
            .with_body(body)
            .expect(times)
            .create()
    });
    pages.collect()
}

/// Items with these names, that the lookup answers besides the match.
fn misses(names: &Names) -> Vec<Value> {
    let named = |(n, name): (usize, &&str)| (names.named)(&format!("miss-{n}"), name);
    names.misses.iter().enumerate().map(named).collect()
}

/// Calls every operation by the row's name, and `resolve`.
fn by_name<R: Resource>(row: &Row<R>, names: &Names, client: &arize::Client) -> Vec<Outcome> {
    let name = names.name.0;
    let mut outcomes: Vec<_> = named_ops(row)
        .into_iter()
        .map(|(op, call)| (op.describe(row.name), call(client, name).map(drop)))
        .collect();
    let resolve = (names.resolve)(client, name).map(drop);
    outcomes.push((format!("{}: resolve", row.name), resolve));
    outcomes
}

type Outcome = (String, arize::Result<()>);

fn finds_its_one_match<R: Resource>(server: &mut ServerGuard, row: &Row<R>) {
    let Some(names) = &row.names else { return };
    let (id, encoded) = row.sample;
    let ops = named_ops(row);
    // Found on the second page; the third is read too, since a second match
    // would make the name ambiguous.
    let pages = vec![
        misses(names),
        vec![(names.named)(id, names.matches[0])],
        misses(names),
    ];
    let lookups = lookup(server, row, names, pages, ops.len() + 1);
    let client = client(server);
    for (op, call) in ops {
        // A GET by name is answered by the lookup itself.
        let request = (op.method != "GET").then(|| {
            let (status, body) = (op.ok)(id);
            let mock = op.mock(server, id, encoded).with_status(status);
            mock.with_body(body).expect(1).create()
        });
        let outcome = call(&client, names.name.0);
        let done = matches!(outcome, Ok(None | Some(Deletion::Deleted)));
        assert!(done, "{}: {outcome:?}", op.describe(row.name));
        request.iter().for_each(verified);
    }
    assert_eq!(
        (names.resolve)(&client, names.name.0).unwrap(),
        id,
        "{}",
        row.name
    );
    lookups.iter().for_each(verified);
}

#[test]
fn a_name_is_looked_up_across_every_page_wherever_it_is_taken() {
    let mut server = mockito::Server::new();
    let anything_else = nothing_sent(&mut server);
    each_row!(|row| finds_its_one_match(&mut server, row));
    anything_else.iter().for_each(Mock::assert);
}

fn refuses_absent_shared_and_unknowable_names<R: Resource>(row: &Row<R>) {
    let Some(names) = &row.names else { return };
    let (id, name) = (row.sample.0, names.name.0);
    let times = named_ops(row).len() + 1;
    let shared = vec![
        vec![(names.named)(id, names.matches[0])],
        vec![(names.named)(names.other, names.matches[1])],
    ];
    // What the lookup answers: near misses only, two matches, a 403.
    for (case, pages) in [
        ("absent", vec![misses(names)]),
        ("shared", shared),
        ("failing", vec![]),
    ] {
        let mut server = mockito::Server::new();
        let nothing = nothing_sent(&mut server);
        let lookups = match case {
            "failing" => {
                let path = format!("{}?{}limit=100", row.path, (names.lookup)(names.name.1));
                let failing = expect(&mut server, "GET", &path).with_status(403);
                vec![failing.expect(times).create()]
            }
            _ => lookup(&mut server, row, names, pages, times),
        };
        for (context, outcome) in by_name(row, names, &client(&server)) {
            let error = outcome.unwrap_err();
            let text = error.to_string();
            match case {
                "absent" => {
                    let absent = matches!(&error, Error::NameNotFound { kind, name: n, within: None }
                        if *kind == names.kind && n == name);
                    assert!(absent && error.is_not_found(), "{context}: {error:?}");
                    let expected = format!("no {} {} \"{name}\"", names.kind, names.is_named.0);
                    assert_eq!(text, expected, "{context}");
                }
                "shared" => {
                    let shared = matches!(&error, Error::AmbiguousName { kind, name: n, ids }
                        if *kind == names.kind && n == name && ids == &[id, names.other]);
                    assert!(shared, "{context}: {error:?}");
                    let (kind, are) = (names.kind, names.is_named.1);
                    let start = format!("2 {kind}s {are} \"{name}\" (IDs: {id}, {})", names.other);
                    assert!(text.starts_with(&start), "{context}: {text}");
                }
                _ => assert!(matches!(error, Error::Forbidden(_)), "{context}: {error:?}"),
            }
        }
        lookups.iter().for_each(Mock::assert);
        nothing.iter().for_each(Mock::assert);
    }
}

#[test]
fn an_absent_shared_or_unknowable_name_is_an_error_and_nothing_else_is_sent() {
    each_row!(|row| refuses_absent_shared_and_unknowable_names(row));
}

fn uses_an_id_as_it_is<R: Resource>(client: &arize::Client, row: &Row<R>) {
    let Some(names) = &row.names else { return };
    let id = row.sample.0;
    assert_eq!((names.resolve)(client, id).unwrap(), id, "{}", row.name);
}

#[test]
fn text_that_is_an_id_is_used_as_it_is_without_a_lookup() {
    let mut server = mockito::Server::new();
    let nothing = nothing_sent(&mut server);
    let client = client(&server);
    each_row!(|row| uses_an_id_as_it_is(&client, row));
    nothing.iter().for_each(Mock::assert);
}
