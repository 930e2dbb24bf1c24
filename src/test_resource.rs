//! A resource for the generic layer's own tests, so that listing, paging
//! and name resolution are tested without any real resource: things at
//! `/v2/things`, named, and scoped by a group.

use serde::{Deserialize, Serialize};
use ureq::http::Method;

use crate::{
    Client, Result,
    error::ResourceKind,
    names::{Named, sealed},
    operation::{Operation, QueryParam},
    pagination::List,
    query::Value,
    resource::{Resource, sealed::Listed},
    retry::Retry,
};

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub(crate) struct Thing {
    pub(crate) id: String,
    pub(crate) name: String,
}

/// `GET /v2/things`, filtered by a name of at most 255 characters and a
/// group.
static LIST_THINGS: Operation = Operation {
    id: "list_things",
    method: Method::GET,
    path: "/v2/things",
    success: &[200],
    retry: Retry::Idempotent,
    secret: false,
    items: Some("things"),
    response: Some("ListThingsResponse"),
    body: None,
    query: &[
        QueryParam {
            name: "name",
            max_length: Some(255),
            required: false,
        },
        QueryParam {
            name: "group",
            max_length: None,
            required: false,
        },
        QueryParam {
            name: "limit",
            max_length: None,
            required: false,
        },
        QueryParam {
            name: "cursor",
            max_length: None,
            required: false,
        },
    ],
};

/// `GET /v2/things/{thing_id}`.
static GET_THING: Operation = Operation {
    id: "get_thing",
    method: Method::GET,
    path: "/v2/things/{thing_id}",
    success: &[200],
    retry: Retry::Idempotent,
    secret: false,
    items: None,
    response: Some("Thing"),
    body: None,
    query: &[],
};

impl Resource for Thing {}

impl Listed for Thing {
    const KIND: ResourceKind = ResourceKind::Space;
    const LIST: &'static Operation = &LIST_THINGS;
}

impl Named for Thing {
    type Scope = String;
}

impl sealed::Lookup for Thing {
    const GET: &'static Operation = &GET_THING;

    fn id(&self) -> &str {
        &self.id
    }

    fn has_name(&self, name: &str) -> bool {
        self.name == name
    }

    fn search(list: List<Thing>, name: &str, group: Option<String>) -> Result<List<Thing>> {
        Ok(list.name(name).group(group))
    }
}

/// A group of things, as a scope: its name is its ID.
impl sealed::Scope for String {
    fn resolve(&self, _: &Client) -> Result<(String, String)> {
        Ok((self.clone(), format!("group {self}")))
    }
}

impl List<Thing> {
    /// Things whose name contains this.
    pub(crate) fn name(self, name: &str) -> Self {
        self.param("name", Some(Value::Text(name.to_owned())))
    }

    /// Things of this group.
    pub(crate) fn group(self, group: Option<String>) -> Self {
        self.param("group", group.map(Value::Text))
    }
}

/// A client of `server` that sends each request once.
///
/// The first call starts a watchdog: the unit tests take a few seconds, so
/// a loop bug in the generic layer (a listing or a lookup that never ends)
/// exits the test process after 75 s instead of hanging it.
pub(crate) fn client(server: &mockito::ServerGuard) -> Client {
    static WATCHDOG: std::sync::Once = std::sync::Once::new();
    WATCHDOG.call_once(|| {
        std::thread::spawn(|| {
            std::thread::sleep(std::time::Duration::from_secs(75));
            eprintln!("the unit tests ran for over 75 s: a test hangs (see above)");
            std::process::exit(101);
        });
    });
    Client::builder()
        .api_key("k")
        .base_url(server.url())
        .max_attempts(1)
        .build()
        .unwrap()
}

/// A page of things named after their IDs.
pub(crate) fn page(ids: &[&str], next_cursor: Option<&str>) -> String {
    let things: Vec<_> = ids
        .iter()
        .map(|id| serde_json::json!({"id": id, "name": id}))
        .collect();
    let pagination = match next_cursor {
        Some(cursor) => serde_json::json!({"has_more": true, "next_cursor": cursor}),
        None => serde_json::json!({"has_more": false}),
    };
    serde_json::json!({"things": things, "pagination": pagination}).to_string()
}
