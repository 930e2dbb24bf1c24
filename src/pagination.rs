//! Pages of a listing, and the lazy iterators over pages and items.

use std::collections::HashSet;

use crate::{Error, Result, spaces::ListSpaces, types::Space};

/// One page of a listing: its items and the cursor of the next page.
///
/// A page is a plain value: save [`next_cursor`](Page::next_cursor) and pass
/// it to [`ListSpaces::cursor`] later to carry on where it left off.
#[derive(Debug, Clone, PartialEq)]
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

/// A lazy iterator over the pages of a listing, from [`ListSpaces::pages`].
///
/// Each call to `next` sends at most one request, and none is sent before
/// the first. It follows `next_cursor` while `has_more` is true, and ends:
/// - after the last page (`has_more: false`);
/// - after an error, which it yields once before `None` (it never asks for
///   the same page again on its own: retries happen inside each request);
/// - with [`Error::Pagination`] when the server breaks the protocol: a cursor
///   already used in this iteration (which would loop for ever), or
///   `has_more: true` without a cursor. The page that carried the bad cursor
///   is yielded first, so nothing fetched is lost.
///
/// It holds one page at a time and the cursors already used.
#[derive(Debug)]
#[must_use = "iterators are lazy and do nothing unless consumed"]
pub struct Pages {
    list: ListSpaces,
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

impl Pages {
    pub(crate) fn new(list: ListSpaces, default_limit: u32) -> Pages {
        let limit = list.limit.unwrap_or(default_limit);
        let next = match list.validate() {
            Ok(()) => Next::Fetch(list.cursor.clone()),
            Err(e) => Next::Fail(e),
        };
        Pages {
            cursor: list.cursor.clone(),
            list,
            limit,
            next,
            seen: HashSet::new(),
        }
    }

    fn check_next(&self, page: &Page<Space>) -> Option<Error> {
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
            Some(_) => None,
        }
    }
}

impl Iterator for Pages {
    type Item = Result<Page<Space>>;

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
        let page = match self.list.fetch(self.cursor.as_deref(), self.limit) {
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

impl std::iter::FusedIterator for Pages {}

/// A lazy iterator over every space of a listing, from [`ListSpaces::iter`].
///
/// It fetches the next page only when the current one is used up, with the
/// guarantees of [`Pages`]: it ends after the last item, or yields one error
/// and ends.
///
/// To carry on after an error (say, a timeout on page 40 of 50), start a new
/// listing from [`resume_cursor`](Items::resume_cursor).
#[derive(Debug)]
#[must_use = "iterators are lazy and do nothing unless consumed"]
pub struct Items {
    pages: Pages,
    current: std::vec::IntoIter<Space>,
}

impl Items {
    pub(crate) fn new(pages: Pages) -> Items {
        Items {
            pages,
            current: Vec::new().into_iter(),
        }
    }

    /// The cursor of the page being read: the one in use, or the one whose
    /// fetch just failed. A listing started from it with
    /// [`ListSpaces::cursor`] (and the same filters) yields what this one has
    /// not yet, possibly preceded by items of the current page again. `None`
    /// means the first page.
    pub fn resume_cursor(&self) -> Option<&str> {
        self.pages.cursor.as_deref()
    }
}

impl Iterator for Items {
    type Item = Result<Space>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(space) = self.current.next() {
                return Some(Ok(space));
            }
            // An empty page in the middle is skipped, not taken as the end.
            match self.pages.next()? {
                Ok(page) => self.current = page.items.into_iter(),
                Err(error) => return Some(Err(error)),
            }
        }
    }
}

impl std::iter::FusedIterator for Items {}
