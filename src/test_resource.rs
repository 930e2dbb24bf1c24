//! A resource for the generic layer's own tests, so that listing, paging
//! and name resolution are tested without any real resource: things at
//! `/v2/things`, named, and scoped by a group.

use serde::{Deserialize, Serialize};

use crate::{
    Client, Error, Result,
    error::ResourceKind,
    names::Named,
    pagination::List,
    resource::{Resource, sealed::Sealed},
    types::PaginationMetadata,
};

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub(crate) struct Thing {
    pub(crate) id: String,
    pub(crate) name: String,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct ThingFilters {
    pub(crate) name: Option<String>,
    pub(crate) group: Option<String>,
    /// Makes `prepare` fail, as a filter naming something absent would.
    pub(crate) unresolvable: bool,
}

#[derive(Debug, Serialize)]
pub(crate) struct ThingQuery {
    name: Option<String>,
    group: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct ThingPage {
    things: Vec<Thing>,
    pagination: PaginationMetadata,
}

impl Sealed for Thing {}

impl Resource for Thing {
    const KIND: ResourceKind = ResourceKind::Space;
    const PATH: &'static str = "things";
    const LIST_OPERATION: &'static str = "list_things";
    type Filters = ThingFilters;
    type Query = ThingQuery;
    type Page = ThingPage;

    fn prepare(_: &Client, filters: &ThingFilters) -> Result<ThingQuery> {
        if filters.unresolvable {
            return Err(Error::invalid("group", "unresolvable"));
        }
        Ok(ThingQuery {
            name: filters.name.clone(),
            group: filters.group.clone(),
        })
    }

    fn split(page: ThingPage) -> (Vec<Thing>, PaginationMetadata) {
        (page.things, page.pagination)
    }
}

impl Named for Thing {
    type Scope = String;
    const GET_OPERATION: &'static str = "get_thing";

    fn id(&self) -> &str {
        &self.id
    }

    fn has_name(&self, name: &str) -> bool {
        self.name == name
    }

    fn search(
        client: &Client,
        name: &str,
        group: Option<&String>,
    ) -> Result<(List<Thing>, Option<String>)> {
        let listing = List::<Thing>::new(client.clone())
            .filter(|f| {
                f.name = Some(name.to_owned());
                f.group = group.cloned();
            })
            .limit(100);
        Ok((listing, group.map(|g| format!("group {g}"))))
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
