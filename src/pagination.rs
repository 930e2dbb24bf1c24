//! Listings of any resource: one page at a time, or lazily through every
//! page. Every guarantee of iteration (laziness, one page held, loop
//! guards, fusing, resuming) is implemented here, once.

use std::{collections::HashSet, fmt, marker::PhantomData};

use serde::{
    Deserialize, Deserializer, Serialize,
    de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor},
};

use crate::{
    Client, Error, Result,
    check::non_empty,
    notices::Call,
    query::{self, Query, Value},
    resource::Resource,
    transport::Request,
    types::PaginationMetadata,
};

/// Page size of a single [`List::send`] without a `limit`, as the official
/// SDKs use.
pub const DEFAULT_PAGE_SIZE: u32 = 50;

/// Page size of [`List::items`] and [`List::pages`] without a `limit`: the
/// largest the API allows, so that iterating takes the fewest requests.
pub const DEFAULT_ITER_PAGE_SIZE: u32 = 100;

/// The largest page the API serves.
const MAX_PAGE_SIZE: u32 = 100;

/// One page of a listing: its items and the cursor of the next page.
///
/// A page is a plain value: save [`next_cursor`](Page::next_cursor) and pass
/// it to [`List::cursor`] later to carry on where it left off. It serializes
/// as `{"items": [...], "has_more": …, "next_cursor": …}`, so a page can be
/// written out as JSON in one call.
///
/// ```
/// # #[cfg(feature = "testing")] {
/// # let fake = arize::testing::FakeServer::builder().organization("acme").spaces("acme", 3).start();
/// # let client = fake.client();
/// let page = client.spaces().list().limit(2).send()?;
/// for space in &page {
///     println!("{}", space.name);
/// }
/// // Later, perhaps in another run: carry on from the saved cursor.
/// let cursor = page.next_cursor().map(str::to_owned);
/// let rest = client.spaces().list().set_cursor(cursor).send()?;
/// assert_eq!((page.len(), rest.len(), rest.has_more()), (2, 1, false));
/// // As JSON: {"items": [...], "has_more": true, "next_cursor": "..."}
/// let json = serde_json::to_value(&page).unwrap();
/// assert_eq!(json["has_more"], true);
/// # }
/// # Ok::<(), arize::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Page<T> {
    pub(crate) items: Vec<T>,
    pub(crate) has_more: bool,
    pub(crate) next_cursor: Option<String>,
}

impl<T> Page<T> {
    /// The items of this page, in the server's order.
    pub fn items(&self) -> &[T] {
        &self.items
    }

    /// The items of this page, by value.
    pub fn into_items(self) -> Vec<T> {
        self.items
    }

    /// Whether the server has another page after this one.
    pub fn has_more(&self) -> bool {
        self.has_more
    }

    /// The opaque cursor of the next page, when there is one. Never parse or
    /// build one: pass it back as it is.
    pub fn next_cursor(&self) -> Option<&str> {
        self.next_cursor.as_deref()
    }

    /// How many items this page holds.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether this page holds no item. An empty page may still have a next
    /// page: only [`has_more`](Page::has_more) tells where a listing ends.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

impl<T> IntoIterator for Page<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a Page<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

/// A listing of a resource, such as [`Spaces::list`](crate::Spaces::list):
/// set its filters, then fetch one page with [`send`](Self::send), or
/// everything lazily with [`items`](Self::items) or [`pages`](Self::pages).
///
/// Filters particular to a resource are methods of its listing, such as
/// [`List::<Space>::name`](crate::ListSpaces::name); `limit` and `cursor`
/// are common to all.
///
/// ```no_run
/// # let client = arize::Client::from_env()?;
/// let spaces = client.spaces();
///
/// // One page of at most 50, and the cursor of the next.
/// let page = spaces.list().organization_id("T3JnOjE=").limit(50).send()?;
/// if let Some(cursor) = page.next_cursor() {
///     let next = spaces.list().organization_id("T3JnOjE=").cursor(cursor).send()?;
/// }
///
/// // Every space whose name contains "prod", fetched a page at a time.
/// for space in spaces.list().name("prod").items() {
///     println!("{}", space?.name);
/// }
/// # Ok::<(), arize::Error>(())
/// ```
#[derive(Debug, Clone)]
#[must_use = "a listing does nothing until it is sent or iterated"]
pub struct List<R: Resource> {
    client: Client,
    /// The resource's own filters, as set.
    query: Query,
    limit: Option<u32>,
    cursor: Option<String>,
    /// The public call that made it, such as `spaces().list`, which the
    /// beta notice names.
    call: Option<&'static str>,
    resource: PhantomData<fn() -> R>,
}

impl<R: Resource> List<R> {
    pub(crate) fn new(client: Client) -> List<R> {
        List {
            client,
            query: Query::default(),
            limit: None,
            cursor: None,
            call: None,
            resource: PhantomData,
        }
    }

    /// Names the public call that made the listing, for the beta notice.
    pub(crate) fn called(mut self, call: &'static str) -> Self {
        self.call = Some(call);
        self
    }

    /// Sets the resource's own filter `name` (the spec's name of the query
    /// parameter), or removes it for `None`.
    pub(crate) fn param(mut self, name: &'static str, value: Option<Value>) -> Self {
        self.query.set(name, value);
        self
    }

    /// Adds a value to the resource's own repeated filter `name`.
    pub(crate) fn add_param(mut self, name: &'static str, text: String) -> Self {
        self.query.add(name, text);
        self
    }

    /// Items per page, 1 to 100. Defaults to [`DEFAULT_PAGE_SIZE`] (50) for
    /// [`send`](Self::send) and [`DEFAULT_ITER_PAGE_SIZE`] (100) for
    /// [`items`](Self::items) and [`pages`](Self::pages).
    pub fn limit(self, limit: u32) -> Self {
        self.set_limit(Some(limit))
    }

    /// The page size, or the default for `None`.
    pub fn set_limit(mut self, limit: Option<u32>) -> Self {
        self.limit = limit;
        self
    }

    /// Starts from this cursor, a [`Page::next_cursor`] (or
    /// [`Items::resume_cursor`]) of an earlier listing with the same filters.
    pub fn cursor(self, cursor: impl Into<String>) -> Self {
        self.set_cursor(Some(cursor.into()))
    }

    /// The starting cursor, or the first page for `None` (the default).
    pub fn set_cursor(mut self, cursor: Option<String>) -> Self {
        self.cursor = cursor;
        self
    }

    /// Fetches one page.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] before anything is sent for a `limit`
    /// outside 1..=100, an empty cursor or an invalid filter; otherwise the
    /// errors of the request.
    pub fn send(self) -> Result<Page<R>> {
        let _call = self.call.map(Call::enter);
        self.check()?;
        let query = self.query.prepare(&self.client, R::LIST)?;
        let limit = self.limit.unwrap_or(DEFAULT_PAGE_SIZE);
        self.fetch(&query, self.cursor.as_deref(), limit)
    }

    /// Every item of the listing, fetched lazily a page at a time; see
    /// [`Items`].
    pub fn items(self) -> Items<R> {
        Items {
            pages: self.pages(),
            current: Vec::new().into_iter(),
        }
    }

    /// Every item of the listing; renamed [`items`](Self::items).
    #[deprecated(
        since = "0.1.0",
        note = "renamed `items`, as aws-sdk-rust's paginators"
    )]
    pub fn iter(self) -> Items<R> {
        self.items()
    }

    /// Every page of the listing, fetched lazily; see [`Pages`].
    pub fn pages(self) -> Pages<R> {
        let next = match self.check() {
            Ok(()) => Next::Fetch(self.cursor.clone()),
            Err(error) => Next::Fail(error),
        };
        Pages {
            limit: self.limit.unwrap_or(DEFAULT_ITER_PAGE_SIZE),
            cursor: self.cursor.clone(),
            list: self,
            query: None,
            next,
            seen: HashSet::new(),
        }
    }

    fn check(&self) -> Result<()> {
        if let Some(limit) = self.limit
            && !(1..=MAX_PAGE_SIZE).contains(&limit)
        {
            return Err(Error::invalid(
                "limit",
                format!("{limit} is outside 1..={MAX_PAGE_SIZE}"),
            ));
        }
        if let Some(cursor) = &self.cursor {
            non_empty("cursor", cursor)?;
        }
        if let Some((start, end)) = R::WINDOW {
            self.query.check_window(start, end)?;
        }
        Ok(())
    }

    fn fetch(&self, query: &Query, cursor: Option<&str>, limit: u32) -> Result<Page<R>> {
        // The listing's own parameters, then the two every listing shares.
        let request = Request::to(R::LIST, &[]).query(|url| {
            query.write(url, R::LIST);
            query::push(url, "limit", limit);
            if let Some(cursor) = cursor {
                query::push(url, "cursor", cursor);
            }
        });
        let transport = self.client.transport();
        let reply = transport.send(request)?;
        let expected = R::LIST.response.unwrap_or("page");
        let (items, pagination) = transport.decode_with(&reply, PageBody::<R>::new(), expected)?;
        Ok(Page {
            items,
            has_more: pagination.has_more,
            next_cursor: pagination.next_cursor,
        })
    }
}

/// Reads a page, `{"<items>": [...], "pagination": {...}}`, whose item
/// field the listing operation names (`spaces`, `role_bindings`, …): the
/// page types generated from the spec, read generically.
struct PageBody<R> {
    items: &'static str,
    response: &'static str,
    item: PhantomData<fn() -> R>,
}

impl<R: Resource> PageBody<R> {
    fn new() -> PageBody<R> {
        PageBody {
            items: R::LIST.items(),
            response: R::LIST.response.unwrap_or("page"),
            item: PhantomData,
        }
    }
}

// Written out: a derive would require `R: Clone`.
impl<R> Clone for PageBody<R> {
    fn clone(&self) -> Self {
        PageBody {
            items: self.items,
            response: self.response,
            item: PhantomData,
        }
    }
}

impl<'de, R: Deserialize<'de>> DeserializeSeed<'de> for PageBody<R> {
    type Value = (Vec<R>, PaginationMetadata);

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, R: Deserialize<'de>> Visitor<'de> for PageBody<R> {
    type Value = (Vec<R>, PaginationMetadata);

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", self.response)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let (mut items, mut pagination) = (None, None);
        while let Some(key) = map.next_key_seed(Key(self.items))? {
            match key {
                Field::Items if items.is_some() => {
                    return Err(de::Error::duplicate_field(self.items));
                }
                Field::Items => items = Some(map.next_value()?),
                Field::Pagination if pagination.is_some() => {
                    return Err(de::Error::duplicate_field("pagination"));
                }
                Field::Pagination => pagination = Some(map.next_value()?),
                Field::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let items = items.ok_or_else(|| de::Error::missing_field(self.items))?;
        let pagination = pagination.ok_or_else(|| de::Error::missing_field("pagination"))?;
        Ok((items, pagination))
    }
}

/// A field of a page.
enum Field {
    Items,
    Pagination,
    Other,
}

/// Reads a page's key without allocating: the item field's name.
struct Key(&'static str);

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Field;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Field, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl Visitor<'_> for Key {
    type Value = Field;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Field, E> {
        Ok(if key == self.0 {
            Field::Items
        } else if key == "pagination" {
            Field::Pagination
        } else {
            Field::Other
        })
    }
}

/// A lazy iterator over the pages of a listing, from [`List::pages`].
///
/// Each call to `next` sends at most one request, and none is sent before
/// the first. It follows `next_cursor` while `has_more` is true (an empty or
/// short page is not the end), and ends:
/// - after the last page (`has_more: false`);
/// - after an error, which it yields once before `None` (it never asks for
///   the same page again on its own: retries happen inside each request);
/// - with [`Error::Pagination`] when the server breaks the protocol: a cursor
///   already used in this iteration (which would loop for ever), or
///   `has_more: true` without a cursor. The page that carried the bad cursor
///   is yielded first, so nothing fetched is lost.
///
/// It holds one page at a time and the cursors already used.
///
/// ```
/// # #[cfg(feature = "testing")] {
/// # let fake = arize::testing::FakeServer::builder().organization("acme").spaces("acme", 250).start();
/// # let client = fake.client();
/// let mut sizes = Vec::new();
/// for page in client.spaces().list().pages() {
///     sizes.push(page?.len()); // one request each, as the loop reaches it
/// }
/// assert_eq!(sizes, [100, 100, 50]);
/// # }
/// # Ok::<(), arize::Error>(())
/// ```
#[derive(Debug)]
#[must_use = "iterators are lazy and do nothing unless consumed"]
pub struct Pages<R: Resource> {
    list: List<R>,
    /// The filters as sent, prepared before the first request.
    query: Option<Query>,
    limit: u32,
    next: Next,
    /// The cursor of the latest request (`None`: the first page).
    cursor: Option<String>,
    seen: HashSet<String>,
}

#[derive(Debug)]
enum Next {
    Fetch(Option<String>),
    Fail(Error),
    Done,
}

impl<R: Resource> Pages<R> {
    fn check_next<T>(&self, page: &Page<T>) -> Option<Error> {
        if !page.has_more {
            return None;
        }
        match page.next_cursor.as_deref() {
            None | Some("") => Some(Error::Pagination(
                "the server said has_more but sent no next_cursor".into(),
            )),
            // The cursor itself is not quoted: it is opaque, and it comes
            // from the server, which may put anything in it.
            Some(next) if self.seen.contains(next) => Some(Error::Pagination(format!(
                "page {} sent a next_cursor already used in this iteration; following it \
                 would loop for ever",
                self.seen.len() + 1
            ))),
            // A server echoing the key as a cursor would have the client
            // send it in a URL, which logs and proxies record.
            Some(next) if self.list.client.transport().secret.exposed_in(next) => {
                Some(Error::Pagination(
                    "the server sent the API key as the next_cursor; following it would put \
                     the key in a URL"
                        .into(),
                ))
            }
            Some(_) => None,
        }
    }

    fn fetch(&mut self) -> Result<Page<R>> {
        let _call = self.list.call.map(Call::enter);
        let query = match &mut self.query {
            Some(query) => query,
            slot => slot.insert(self.list.query.prepare(&self.list.client, R::LIST)?),
        };
        self.list.fetch(query, self.cursor.as_deref(), self.limit)
    }
}

impl<R: Resource> Iterator for Pages<R> {
    type Item = Result<Page<R>>;

    fn next(&mut self) -> Option<Self::Item> {
        let cursor = match std::mem::replace(&mut self.next, Next::Done) {
            Next::Done => return None,
            Next::Fail(error) => return Some(Err(error)),
            Next::Fetch(cursor) => cursor,
        };
        if let Some(cursor) = &cursor {
            self.seen.insert(cursor.clone());
        }
        self.cursor = cursor;
        let page = match self.fetch() {
            Ok(page) => page,
            Err(error) => return Some(Err(error)),
        };
        self.next = match self.check_next(&page) {
            Some(error) => Next::Fail(error),
            None if page.has_more => Next::Fetch(page.next_cursor.clone()),
            None => Next::Done,
        };
        Some(Ok(page))
    }
}

impl<R: Resource> std::iter::FusedIterator for Pages<R> {}

/// A lazy iterator over every item of a listing, from [`List::items`].
///
/// It fetches the next page only when the current one is used up, with the
/// guarantees of [`Pages`]: it ends after the last item, or yields one error
/// and ends.
///
/// To carry on after an error (say, a timeout on page 40 of 50), start a new
/// listing from [`resume_cursor`](Items::resume_cursor).
///
/// ```
/// # #[cfg(feature = "testing")] {
/// # let fake = arize::testing::FakeServer::builder().organization("acme").spaces("acme", 150).start();
/// # let client = fake.client();
/// let mut items = client.spaces().list().items();
/// // The first 120 spaces: two requests, the second page read in part.
/// let first: Vec<_> = items.by_ref().take(120).collect::<Result<_, _>>()?;
/// assert_eq!(first.len(), 120);
/// // After an error, a new listing from here replays the current page.
/// let resume = items.resume_cursor().map(str::to_owned);
/// let again = client.spaces().list().set_cursor(resume).items().count();
/// assert_eq!(again, 50);
/// # }
/// # Ok::<(), arize::Error>(())
/// ```
#[derive(Debug)]
#[must_use = "iterators are lazy and do nothing unless consumed"]
pub struct Items<R: Resource> {
    pages: Pages<R>,
    current: std::vec::IntoIter<R>,
}

impl<R: Resource> Items<R> {
    /// The cursor of the page being read: the one in use, or the one whose
    /// fetch just failed. A listing started from it with [`List::cursor`]
    /// (and the same filters) yields what this one has not yet, possibly
    /// preceded by items of the current page again. `None` means the first
    /// page.
    pub fn resume_cursor(&self) -> Option<&str> {
        self.pages.cursor.as_deref()
    }
}

impl<R: Resource> Iterator for Items<R> {
    type Item = Result<R>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(item) = self.current.next() {
                return Some(Ok(item));
            }
            // An empty page in the middle is skipped, not taken as the end.
            match self.pages.next()? {
                Ok(page) => self.current = page.items.into_iter(),
                Err(error) => return Some(Err(error)),
            }
        }
    }
}

impl<R: Resource> std::iter::FusedIterator for Items<R> {}

#[cfg(test)]
mod tests;
