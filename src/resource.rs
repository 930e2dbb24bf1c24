//! What every resource shares: how it is listed, and what a delete
//! established. A resource module declares itself by implementing
//! [`Resource`] (and [`Named`](crate::Named) when it has names); listing,
//! paging, name resolution and deletion then come from the generic layer.

use std::fmt::Debug;

use serde::{Serialize, de::DeserializeOwned};

use crate::{
    Client, Result,
    error::ResourceKind,
    transport::{Reply, Request},
    types::PaginationMetadata,
};

/// An item the API lists in pages: [`Space`](crate::Space) and the other
/// resources. It ties a [`List`](crate::List) to its endpoint.
///
/// The trait is sealed: only this crate implements it, and its items are
/// internal.
pub trait Resource: DeserializeOwned + Clone + Debug + sealed::Sealed + 'static {
    /// The kind, as errors name it.
    #[doc(hidden)]
    const KIND: ResourceKind;
    /// The collection's path segment under `/v2`, such as `spaces`.
    #[doc(hidden)]
    const PATH: &'static str;
    /// The spec's operation id of the listing, such as `list_spaces`.
    #[doc(hidden)]
    const LIST_OPERATION: &'static str;
    /// The filters a caller sets on a listing.
    #[doc(hidden)]
    type Filters: Clone + Debug + Default;
    /// The query parameters those filters become (besides `limit` and
    /// `cursor`), as a serde struct.
    #[doc(hidden)]
    type Query: Serialize + Debug;
    /// The response body of one page.
    #[doc(hidden)]
    type Page: DeserializeOwned;

    /// Checks the filters (and resolves any names in them) before the first
    /// request of a listing.
    #[doc(hidden)]
    fn prepare(client: &Client, filters: &Self::Filters) -> Result<Self::Query>;

    /// The items of a page and where it sits in the listing.
    #[doc(hidden)]
    fn split(page: Self::Page) -> (Vec<Self>, PaginationMetadata);
}

pub(crate) mod sealed {
    /// Keeps [`Resource`](super::Resource) implemented by this crate only.
    pub trait Sealed {}
}

/// What a successful delete established.
///
/// A `DELETE` is retried when its response is lost (the connection dropped,
/// or a gateway answered 502, 503 or 504), because deleting twice is
/// harmless. But then the retry may find nothing left to delete, most likely
/// because the first attempt did it. That case is reported as
/// [`Deletion::AlreadyGone`] rather than as success or as a 404, so callers
/// who care can tell. A 404 on the *first* attempt is an
/// [`Error::NotFound`](crate::Error::NotFound), except for
/// [`ResourceRestrictions::unrestrict`](crate::ResourceRestrictions::unrestrict),
/// where a resource that is not restricted is what the caller wants: it is
/// `AlreadyGone` there too.
///
/// ```no_run
/// # let client = arize::Client::from_env()?;
/// match client.spaces().delete("scratch")? {
///     arize::Deletion::Deleted => println!("deleted"),
///     arize::Deletion::AlreadyGone => println!("gone (an earlier attempt probably deleted it)"),
///     _ => {}
/// }
/// # Ok::<(), arize::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Deletion {
    /// The server confirmed the deletion (204).
    Deleted,
    /// An attempt was sent but its answer was lost; a retry then found
    /// nothing to delete (404). It was deleted, most likely by the lost
    /// attempt, possibly by someone else meanwhile.
    AlreadyGone,
}

impl Deletion {
    /// Sends a `DELETE` to `path` and tells what it established.
    pub(crate) fn send(
        client: &Client,
        operation: &'static str,
        path: &[&str],
    ) -> Result<Deletion> {
        let reply = client.transport().send(Request::delete(operation, path))?;
        Ok(Deletion::from_reply(&reply))
    }

    /// A success reply to a `DELETE` is a 2xx, or the 404 the transport
    /// accepts only after a lost attempt.
    fn from_reply(reply: &Reply) -> Deletion {
        if reply.status == 404 {
            Deletion::AlreadyGone
        } else {
            Deletion::Deleted
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_404_reply_is_already_gone_and_any_success_is_deleted() {
        let reply = |status| Reply {
            status,
            body: Vec::new(),
            method: ureq::http::Method::DELETE,
            url: "/v2/x".into(),
        };
        assert_eq!(Deletion::from_reply(&reply(404)), Deletion::AlreadyGone);
        for status in [200, 202, 204] {
            assert_eq!(Deletion::from_reply(&reply(status)), Deletion::Deleted);
        }
    }
}
