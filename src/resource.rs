//! What every resource shares: how it is listed, what a delete established,
//! and the macro that declares a resource's operations.
//!
//! A resource module declares itself by implementing [`Resource`] (and
//! [`Named`](crate::Named) when it has names), and by naming its operations
//! struct with [`operations!`]; listing, paging, name resolution, get and
//! delete then come from the generic layer.

use std::fmt::Debug;

use serde::de::DeserializeOwned;

use crate::{
    Client, Result,
    check::non_empty,
    error::ResourceKind,
    operation::{Op, Operation},
    transport::{Reply, Request},
};

/// An item the API lists in pages: [`Space`](crate::Space) and the other
/// resources. It ties a [`List`](crate::List) to its endpoint.
///
/// The trait is sealed: only this crate implements it.
pub trait Resource: DeserializeOwned + Clone + Debug + sealed::Listed + 'static {}

pub(crate) mod sealed {
    use super::*;

    /// What the generic layer needs to list a resource. Private to the
    /// crate: a user can neither name nor implement it.
    pub trait Listed: Sized {
        /// The kind, as errors name it.
        const KIND: ResourceKind;
        /// The listing operation: its query parameters and the page's item
        /// field come from the table.
        const LIST: &'static Operation;
    }
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
    /// Sends `request` (a `DELETE`) and tells what it established.
    pub(crate) fn send(client: &Client, request: Request) -> Result<Deletion> {
        let reply = client.transport().send(request)?;
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

/// Declares a resource's operations struct and what every resource has:
/// the [`Client`] accessor, `list`, and, for a resource with a get-by-ID
/// operation, `get` (by [`NameOrId`](crate::NameOrId) for a
/// [`Named`](crate::Named) one, with `resolve`; by ID otherwise), and
/// `delete` when it has one. Their docs are written from the resource's
/// noun; doc comments before a line are added to what it declares.
///
/// ```text
/// operations! {
///     /// The docs of the struct.
///     pub struct Spaces for Space (space: "space", "spaces") {
///         /// The docs of the accessor.
///         fn spaces;
///         list: ListSpaces;                 // or: list: ListX (by_hand);
///         /// The docs of the reference type.
///         named SpaceRef by "exact name";   // or: by_id (GetRoleBinding);
///         /// More docs for delete.
///         delete (DeleteSpace);             // optional
///     }
/// }
/// ```
macro_rules! operations {
    (
        $(#[$doc:meta])*
        pub struct $ops:ident for $item:ident ($arg:ident: $noun:literal, $plural:literal) {
            $(#[$accessor_doc:meta])*
            fn $accessor:ident;
            list: $list:ident $(($hand:ident))?;
            $($lookup:tt)*
        }
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone)]
        pub struct $ops {
            client: $crate::Client,
        }

        impl $crate::Client {
            $(#[$accessor_doc])*
            pub fn $accessor(&self) -> $ops {
                $ops {
                    client: self.clone(),
                }
            }
        }

        #[doc = concat!("A listing of ", $plural, ", from [`", stringify!($ops), "::list`]; see [`List`](crate::List) for paging.")]
        pub type $list = $crate::List<$item>;

        impl $crate::resource::Resource for $item {}

        $crate::resource::operations!(@list $accessor $ops $list $plural $($hand)?);
        $crate::resource::operations!(@lookup $accessor $ops $item $arg $noun; $($lookup)*);
    };

    // `list`, unless the resource writes it by hand (`list: ListX (by_hand);`).
    (@list $accessor:ident $ops:ident $list:ident $plural:literal) => {
        impl $ops {
            #[doc = concat!("Starts a listing of ", $plural, "; see [`List`](crate::List) for single pages and lazy iteration, and [`", stringify!($list), "`] for its filters.")]
            pub fn list(&self) -> $list {
                $crate::List::new(self.client.clone()).called(concat!(stringify!($accessor), "().list"))
            }
        }
    };
    (@list $accessor:ident $ops:ident $list:ident $plural:literal by_hand) => {};

    // Named by ID or name: get, resolve, and maybe delete.
    (@lookup $accessor:ident $ops:ident $item:ident $arg:ident $noun:literal;
        $(#[$ref_doc:meta])*
        named $reference:ident by $by:literal;
        $(
            $(#[$delete_doc:meta])*
            delete ($delete:ident);
        )?
    ) => {
        #[doc = concat!("A ", $noun, ", named by ID or by ", $by, "; see [`NameOrId`](crate::NameOrId).")]
        ///
        $(#[$ref_doc])*
        pub type $reference = $crate::NameOrId<$item>;

        impl $ops {
            #[doc = concat!("Gets one ", $noun, " by ID or by ", $by, ": an ID with one `GET`; a name by listing (see [`", stringify!($reference), "`]), returning the one exact match with no further request.")]
            ///
            /// # Errors
            ///
            /// [`Error::NotFound`](crate::Error::NotFound) for an unknown ID,
            /// [`Error::NameNotFound`](crate::Error::NameNotFound) or
            /// [`Error::AmbiguousName`](crate::Error::AmbiguousName) for a
            /// name, and the errors of any request.
            pub fn get(&self, $arg: impl Into<$reference>) -> $crate::Result<$item> {
                let _call = $crate::notices::Call::enter(concat!(stringify!($accessor), "().get"));
                $arg.into().get(&self.client)
            }

            #[doc = concat!("The ID of a ", $noun, ": an ID is returned as it is, with no request; a name is looked up (see [`", stringify!($reference), "`]).")]
            ///
            /// # Errors
            ///
            /// [`Error::NameNotFound`](crate::Error::NameNotFound) when
            /// nothing has the name, [`Error::AmbiguousName`](crate::Error::AmbiguousName)
            /// when several do.
            pub fn resolve(&self, $arg: impl Into<$reference>) -> $crate::Result<String> {
                let _call = $crate::notices::Call::enter(concat!(stringify!($accessor), "().resolve"));
                $arg.into().resolve(&self.client)
            }

            $(
                #[doc = concat!("Deletes a ", $noun, ", named by ID or by ", $by, ". A name that matches several deletes nothing: it fails with [`Error::AmbiguousName`](crate::Error::AmbiguousName) before any `DELETE` is sent.")]
                ///
                $(#[$delete_doc])*
                pub fn delete(&self, $arg: impl Into<$reference>) -> $crate::Result<$crate::Deletion> {
                    let _call = $crate::notices::Call::enter(concat!(stringify!($accessor), "().delete"));
                    let id = self.resolve($arg)?;
                    let request = $crate::transport::Request::new($crate::operation::Op::$delete, &[&id]);
                    $crate::Deletion::send(&self.client, request)
                }
            )?
        }
    };

    // Named by ID only: get and delete by ID.
    (@lookup $accessor:ident $ops:ident $item:ident $arg:ident $noun:literal;
        by_id ($get:ident);
        $(
            $(#[$delete_doc:meta])*
            delete ($delete:ident);
        )?
    ) => {
        impl $ops {
            #[doc = concat!("Gets one ", $noun, " by ID.")]
            ///
            /// # Errors
            ///
            /// [`Error::NotFound`](crate::Error::NotFound) for a missing,
            /// foreign or forbidden one.
            pub fn get(&self, id: impl AsRef<str>) -> $crate::Result<$item> {
                let _call = $crate::notices::Call::enter(concat!(stringify!($accessor), "().get"));
                let request = $crate::resource::by_id::<$item>($crate::operation::Op::$get, id.as_ref())?;
                self.client.transport().send_json(request)
            }

            $(
                #[doc = concat!("Deletes a ", $noun, " by ID.")]
                ///
                $(#[$delete_doc])*
                pub fn delete(&self, id: impl AsRef<str>) -> $crate::Result<$crate::Deletion> {
                    let _call = $crate::notices::Call::enter(concat!(stringify!($accessor), "().delete"));
                    let request = $crate::resource::by_id::<$item>($crate::operation::Op::$delete, id.as_ref())?;
                    $crate::Deletion::send(&self.client, request)
                }
            )?
        }
    };

    // Only listed.
    (@lookup $accessor:ident $ops:ident $item:ident $arg:ident $noun:literal;) => {};
}

/// A request of `operation` on the item `id`, refused before sending when
/// the ID is empty.
pub(crate) fn by_id<R: Resource>(operation: Op, id: &str) -> Result<Request> {
    non_empty(R::KIND.field(), id)?;
    Ok(Request::new(operation, &[id]))
}

pub(crate) use operations;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_404_reply_is_already_gone_and_any_success_is_deleted() {
        let reply = |status| Reply {
            status,
            body: Vec::new(),
            operation: crate::operation::Op::DeleteSpace.get(),
            url: "/v2/x".into(),
        };
        assert_eq!(Deletion::from_reply(&reply(404)), Deletion::AlreadyGone);
        for status in [200, 202, 204] {
            assert_eq!(Deletion::from_reply(&reply(status)), Deletion::Deleted);
        }
    }
}
