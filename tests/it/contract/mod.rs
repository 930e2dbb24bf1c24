//! The generic contracts, tested once for every resource: listings page
//! lazily and never loop, every operation sends exactly its request (every
//! ID encoded as one path segment or one JSON string), every error status
//! maps to its variant, retries follow the operation's class, deletes report
//! what they established, input is refused before anything is sent, a name
//! works wherever an ID does, responses are read tolerantly, and the fake
//! answers 401, 404 and 405 as the API does. Each resource's own file keeps
//! only what is its own.
//!
//! The table is [`rows`]: one [`Row`] per resource, saying how to list it,
//! what its items look like, and every operation it has ([`Op`]: request,
//! call, success answer, retry class). Each contract is a generic function
//! of a row, run for every row by [`each_row!`].
//!
//! **Adding a resource is adding a row**: write `rows::<resource>()`
//! (copy the nearest: `organizations` for a named resource with members,
//! `resource_restrictions` for one without names or a `get`), then add its
//! name to the list in `each_row!` below. Every contract then runs for it.
//! A row gives its collection path and page field, a sample ID holding
//! `+`, `/` or `=` with its path segment, an item maker, the fields an item
//! cannot do without, values of its enums this crate does not know, how
//! one item is read (`None` for a resource only ever listed), every
//! operation with its plainest call, success answer and retry class (a
//! `POST` is sent once unless marked `retried`), its own invalid input, and
//! what the fake's 404 says; a named resource adds its lookup and the
//! calls taking a name. Its own file then tests only its own rules: exact
//! builders and filters, special outcomes.

use std::{
    collections::VecDeque,
    sync::{Arc, Mutex},
};

use arize::{Client, Deletion, List, Resource, ResourceKind};
use mockito::{Mock, ServerGuard};
use serde::Serialize;
use serde_json::Value;

use crate::{common::*, raw::*};

/// Runs `$body` once for every row of the table, `$row` bound to a
/// `&Row<_>` of that resource. A new resource's row is named here.
macro_rules! each_row {
    (|$row:ident| $body:expr) => {
        each_row!(@ $row $body; spaces organizations users roles role_bindings resource_restrictions)
    };
    (@ $row:ident $body:expr; $($name:ident)*) => {{
        $({
            let $row = &$crate::contract::rows::$name();
            $body;
        })*
    }};
}

#[cfg(feature = "testing")]
mod fake;
mod names;
mod paging;
mod requests;
pub mod rows;
mod statuses;
mod tolerance;

/// A resource, as the contracts see it.
pub struct Row<R: Resource> {
    /// How assertion messages name it: `spaces`.
    pub name: &'static str,
    /// Its collection: `/v2/spaces`.
    pub path: &'static str,
    /// What every listing sends before `limit`, a required filter:
    /// `resource_type=SPACE&`, or nothing.
    pub query: &'static str,
    /// The array of items in a page: `spaces`.
    pub field: &'static str,
    /// The field an invalid ID of it is refused as: `space`.
    pub kind: &'static str,
    /// An ID with `+`, `/` or `=`, and its path segment.
    pub sample: (&'static str, &'static str),
    /// What the fake's 404 says of an unknown one: `no space`.
    pub missing: &'static str,
    /// The listing, with no filter set (`query` aside).
    pub list: fn(&Client) -> List<R>,
    /// An item's ID.
    pub id: fn(&R) -> &str,
    /// An item with this ID and every field the reference lists.
    pub item: fn(&str) -> Value,
    /// The fields an item cannot do without.
    pub required: &'static [&'static str],
    /// Fields holding values this crate does not know (enum values), to
    /// merge into an item; `{}` when it has none.
    pub unknown: fn() -> Value,
    /// How one item is read alone: `(method, path with {id}, call)`.
    pub read: Option<(&'static str, &'static str, Read<R>)>,
    /// Every operation.
    pub ops: Vec<Op>,
    /// Input of its own to refuse before sending, with the field named.
    pub invalid: fn(&Client) -> Vec<Refused>,
    /// How it is found by name, when it has names.
    pub names: Option<Names>,
}

/// How a named resource is found by name: by listing every page of its
/// lookup, `limit=100`, and keeping the items its comparison matches.
pub struct Names {
    pub kind: ResourceKind,
    /// What its errors say of a name, one and several: `is named`.
    pub is_named: (&'static str, &'static str),
    /// The lookup's query for a name (encoded), before `limit`: `name=x&`,
    /// or nothing when every item is read.
    pub lookup: fn(&str) -> String,
    /// A name that is not an ID, and its form in a query.
    pub name: (&'static str, &'static str),
    /// Two names the comparison takes for `name`, and names it does not.
    pub matches: [&'static str; 2],
    pub misses: &'static [&'static str],
    /// An item with this ID and this name.
    pub named: fn(&str, &str) -> Value,
    /// Another ID, for a second item of the same name.
    pub other: &'static str,
    /// `resolve`, taking text as the facade does.
    pub resolve: fn(&Client, &str) -> arize::Result<String>,
}

/// Input refused before sending, with the field it names.
pub type Refused = (&'static str, arize::Result<()>);

/// Reads one item by ID.
pub type Read<R> = fn(&Client, &str) -> arize::Result<R>;

/// A facade call on the thing an ID (or a name) names; a delete's outcome.
pub type Call = fn(&Client, &str) -> arize::Result<Option<Deletion>>;

/// One operation of a resource: its request, its facade call and what
/// the API answers when it succeeds.
pub struct Op {
    /// As the facade names it.
    pub name: &'static str,
    pub method: &'static str,
    /// Path and query as sent, `{id}` standing for the ID encoded.
    pub path: &'static str,
    /// The exact JSON body for an ID; none sent when `None`.
    pub body: Option<fn(&str) -> Value>,
    /// The call, with the ID forced as an ID; a delete's outcome.
    pub call: Call,
    /// The success answer for an ID: status and body.
    pub ok: fn(&str) -> (usize, String),
    /// Retried when its answer is lost, 429, 502, 503 or 504 (it is
    /// idempotent), or sent once (a create, an email).
    pub retried: bool,
    /// A 404 on the first attempt is `AlreadyGone`, not `NotFound`.
    pub gone: bool,
    /// The field an empty ID is refused as, when not the row's `kind`.
    pub field: Option<&'static str>,
    /// The hint a 409 gets.
    pub conflict_hint: Option<&'static str>,
    /// Its answer can carry a secret (`x-arize-secret` in the spec): no
    /// error quotes the answer's text.
    pub secret: bool,
    /// The call, naming what it acts on by name instead.
    pub named: Option<Call>,
}

/// An operation sending `request` (`"GET /v2/spaces/{id}"`). Retried
/// unless it is a `POST`, as the API's methods go.
pub fn op(
    name: &'static str,
    request: &'static str,
    call: Call,
    ok: fn(&str) -> (usize, String),
) -> Op {
    let (method, path) = request.split_once(' ').unwrap();
    Op {
        name,
        method,
        path,
        body: None,
        call,
        ok,
        retried: method != "POST",
        gone: false,
        field: None,
        conflict_hint: None,
        secret: false,
        named: None,
    }
}

impl Op {
    pub fn body(self, body: fn(&str) -> Value) -> Op {
        Op {
            body: Some(body),
            ..self
        }
    }

    pub fn retried(self, retried: bool) -> Op {
        Op { retried, ..self }
    }

    pub fn gone(self) -> Op {
        Op { gone: true, ..self }
    }

    pub fn field(self, field: &'static str) -> Op {
        Op {
            field: Some(field),
            ..self
        }
    }

    pub fn conflict_hint(self, hint: &'static str) -> Op {
        Op {
            conflict_hint: Some(hint),
            ..self
        }
    }

    pub fn secret(self) -> Op {
        Op {
            secret: true,
            ..self
        }
    }

    /// What the body of an error answer reads as: `text`, or withheld.
    pub fn body_of_error<'a>(&self, text: &'a str) -> &'a str {
        if self.secret && !text.is_empty() {
            "[withheld: the answer may hold a secret]"
        } else {
            text
        }
    }

    pub fn named(self, call: Call) -> Op {
        Op {
            named: Some(call),
            ..self
        }
    }

    /// How assertion messages name it: `spaces: get (GET /v2/spaces/{id})`.
    pub fn describe(&self, row: &str) -> String {
        format!("{row}: {} ({} {})", self.name, self.method, self.path)
    }

    /// Whether the ID goes into the request, in the path or the body.
    pub fn takes_id(&self) -> bool {
        self.path.contains("{id}") || self.body.is_some_and(|body| body("a") != body("b"))
    }

    /// The path for an ID already encoded.
    pub fn path_for(&self, encoded: &str) -> String {
        self.path.replace("{id}", encoded)
    }

    /// A mock of exactly this request for `id`, with the headers every
    /// request carries, and no body when it has none.
    pub fn mock(&self, server: &mut ServerGuard, id: &str, encoded: &str) -> Mock {
        let path = self.path_for(encoded);
        match self.body {
            Some(body) => expect_json(server, self.method, &path, body(id)),
            None => expect(server, self.method, &path)
                .match_header("content-type", mockito::Matcher::Missing)
                .match_body(mockito::Matcher::Missing),
        }
    }
}

/// A call whose result is not a deletion.
pub fn done<T>(result: arize::Result<T>) -> arize::Result<Option<Deletion>> {
    result.map(|_| None)
}

/// A delete's outcome.
pub fn deleted(result: arize::Result<Deletion>) -> arize::Result<Option<Deletion>> {
    result.map(Some)
}

/// A success answer of `status` with a JSON body.
pub fn ok(status: usize, body: Value) -> (usize, String) {
    (status, body.to_string())
}

/// A `204 No Content`.
pub fn no_content(_: &str) -> (usize, String) {
    (204, String::new())
}

impl<R: Resource> Row<R> {
    /// The first page of a listing at `limit`, as sent.
    pub fn page_path(&self, limit: u32) -> String {
        format!("{}?{}limit={limit}", self.path, self.query)
    }

    /// A later page, at `cursor`.
    pub fn cursor_path(&self, limit: u32, cursor: &str) -> String {
        format!("{}&cursor={cursor}", self.page_path(limit))
    }

    /// A page of items with these IDs.
    pub fn page(&self, ids: &[&str], next_cursor: Option<&str>) -> String {
        let items = ids.iter().map(|id| (self.item)(id)).collect();
        page_of(self.field, items, next_cursor)
    }

    /// The IDs of at most 20 items: a listing that loops fails an assertion
    /// on what it yielded instead of hanging.
    pub fn ids(&self, items: impl Iterator<Item = arize::Result<R>>) -> Vec<String> {
        let ids = items
            .take(20)
            .map(|item| item.map(|item| (self.id)(&item).to_owned()));
        ids.collect::<arize::Result<_>>().unwrap()
    }
}

/// Reads `body` alone (where the row reads one item) and inside a page,
/// between two other items, and returns each decoded copy.
pub fn read_both_ways<R: Resource>(row: &Row<R>, body: Value) -> Vec<R> {
    let mut server = mockito::Server::new();
    let (id, encoded) = row.sample;
    let mut mocks = Vec::new();
    if let Some((method, path, _)) = row.read {
        let path = path.replace("{id}", encoded);
        let one = expect(&mut server, method, &path).with_body(body.to_string());
        mocks.push(one.expect(1).create());
    }
    let (before, after) = ((row.item)("before"), (row.item)("after"));
    let page = page_of(row.field, vec![before, body, after], None);
    let list = expect(&mut server, "GET", &row.page_path(100)).with_body(page);
    mocks.push(list.expect(1).create());
    let client = client(&server);

    let mut read = Vec::new();
    if let Some((_, _, call)) = row.read {
        read.push(call(&client, id).unwrap());
    }
    let listed = (row.list)(&client).items().take(10);
    let mut listed: Vec<R> = listed.collect::<arize::Result<_>>().unwrap();
    assert_eq!(listed.len(), 3, "{}", row.name);
    read.push(listed.remove(1));
    mocks.iter().for_each(Mock::assert);
    read
}

/// `value` as JSON, to compare what two reads kept.
pub fn as_json(value: &impl Serialize) -> Value {
    serde_json::to_value(value).unwrap()
}

/// `item` with the fields of `extra` set (`null` among them).
pub fn merged(mut item: Value, extra: Value) -> Value {
    for (key, value) in extra.as_object().unwrap() {
        item[key] = value.clone();
    }
    item
}

/// An answer to give: status, headers, body.
type Answer = (u16, Vec<(&'static str, &'static str)>, String);

/// A raw server giving each request the next answer queued, and keeping
/// the request line and body of each: for the contracts that send hundreds
/// of requests, at a tenth of mockito's cost (mockito spends about 1.3 ms
/// of CPU on a request in a debug build).
pub struct Script {
    pub server: RawServer,
    answers: Arc<Mutex<VecDeque<Answer>>>,
    seen: Arc<Mutex<Vec<(String, String)>>>,
}

impl Script {
    pub fn start() -> Script {
        let answers: Arc<Mutex<VecDeque<Answer>>> = Arc::default();
        let seen: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
        let (queue, log) = (Arc::clone(&answers), Arc::clone(&seen));
        let server = RawServer::start(move |_, request, stream| {
            let (head, body) = request.split_once("\r\n\r\n").unwrap_or_default();
            let line = head.lines().next().unwrap_or_default();
            let line = line.trim_end_matches(" HTTP/1.1").to_owned();
            log.lock().unwrap().push((line, body.to_owned()));
            // Nothing queued: the request was not expected, and is lost.
            let Some((status, headers, body)) = queue.lock().unwrap().pop_front() else {
                return Then::Close;
            };
            respond(stream, &format!("{status} Scripted"), &headers, &body);
            Then::KeepAlive
        });
        Script {
            server,
            answers,
            seen,
        }
    }

    /// Queues the answer to the next request.
    pub fn then(&self, status: u16, headers: &[(&'static str, &'static str)], body: &str) {
        let answer = (status, headers.to_vec(), body.to_owned());
        self.answers.lock().unwrap().push_back(answer);
    }

    /// The request lines and bodies received since the last call, every
    /// answer queued having been given.
    pub fn requests(&self) -> Vec<(String, String)> {
        assert!(self.answers.lock().unwrap().is_empty(), "answers left");
        std::mem::take(&mut *self.seen.lock().unwrap())
    }

    /// The request lines received since the last call.
    pub fn sent(&self) -> Vec<String> {
        self.requests().into_iter().map(|(line, _)| line).collect()
    }

    /// The request line of `op` for the sample ID, `times` over.
    pub fn lines<R: Resource>(row: &Row<R>, op: &Op, times: usize) -> Vec<String> {
        vec![format!("{} {}", op.method, op.path_for(row.sample.1)); times]
    }
}
