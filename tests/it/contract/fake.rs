//! The fake answers as the API does wherever its rules are the same for
//! every resource: 401 without the key, 404 for an unknown ID or endpoint,
//! 405 for a method a path does not take, 400 for a bad page request.
//! Raw requests, outside the client.

use std::collections::BTreeMap;

use arize::{Resource, testing::FakeServer};

use super::Row;
use crate::{
    common::seeded_fake,
    fake_server::{assert_problem, call, send},
};

fn answers_unknown_and_unallowed<R: Resource>(fake: &FakeServer, row: &Row<R>) {
    let (id, encoded) = row.sample;
    for key in [None, Some("wrong-key")] {
        let answer = send(fake, "GET", row.path, None, key);
        assert_problem(&answer, 401, "API key");
        assert_eq!(answer.body["title"], "Unauthorized", "{}", row.name);
    }
    // The sample ID names nothing in the fake.
    for op in row.ops.iter().filter(|op| op.takes_id()) {
        let body = op.body.map(|body| body(id));
        let answer = call(fake, op.method, &op.path_for(encoded), body);
        assert_problem(&answer, 404, row.missing);
    }
    let mut routes: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for op in &row.ops {
        let path = op.path_for(encoded);
        let path = path.split('?').next().unwrap().to_owned();
        routes.entry(path).or_default().push(op.method);
    }
    for (path, methods) in routes {
        for method in ["GET", "POST", "PUT", "PATCH", "DELETE"] {
            if !methods.contains(&method) {
                assert_problem(&call(fake, method, &path, None), 405, method);
            }
        }
    }
    let deeper = format!("{}/{encoded}/x/y", row.path);
    assert_problem(&call(fake, "GET", &deeper, None), 404, "no endpoint");
}

#[test]
fn unknown_ids_and_endpoints_are_404_and_wrong_methods_405() {
    let fake = seeded_fake();
    each_row!(|row| answers_unknown_and_unallowed(&fake, row));
    assert_problem(&call(&fake, "GET", "/v2/nothing", None), 404, "no endpoint");
}

fn refuses_bad_page_requests<R: Resource>(fake: &FakeServer, row: &Row<R>) {
    for query in [
        "limit=0",
        "limit=101",
        "limit=abc",
        "limit=-1",
        "cursor=garbage",
    ] {
        let path = format!("{}?{}{query}", row.path, row.query);
        let parameter = query.split('=').next().unwrap();
        assert_problem(&call(fake, "GET", &path, None), 400, parameter);
    }
    for limit in [1, 100] {
        let answer = call(fake, "GET", &row.page_path(limit), None);
        assert_eq!(answer.status, 200, "{}: {}", row.name, answer.body);
    }
}

#[test]
fn bad_page_requests_are_400() {
    let fake = seeded_fake();
    each_row!(|row| refuses_bad_page_requests(&fake, row));
}
