//! Resources named by ID or by name, and the one resolver that turns a name
//! into the resource it names.

use std::{
    fmt::{self, Debug},
    hash::{Hash, Hasher},
};

use base64::Engine;

use crate::{
    Client, Error, Result,
    check::non_empty,
    operation::Operation,
    pagination::{DEFAULT_ITER_PAGE_SIZE, List},
    query,
    resource::Resource,
    transport::Request,
};

/// A [`Resource`] with a human name that can stand for its ID: a space's or
/// an organization's name, a user's email.
///
/// The trait is sealed: only this crate implements it.
pub trait Named: Resource + sealed::Lookup {
    /// What confines a name lookup (for a space, its organization), or
    /// [`NoScope`] for a resource whose names are unique.
    type Scope: Clone
        + Debug
        + fmt::Display
        + PartialEq
        + Eq
        + Hash
        + Send
        + Sync
        + 'static
        + sealed::Scope;
}

pub(crate) mod sealed {
    use super::*;

    /// How the resolver looks a resource up. Private to the crate.
    pub trait Lookup: Resource {
        /// Getting one by ID.
        const GET: &'static Operation;

        /// The item's ID.
        fn id(&self) -> &str;

        /// Whether `text` is an ID rather than a name (see
        /// [`NameOrId::parse`]).
        fn is_id(text: &str) -> bool {
            is_base64_id(text)
        }

        /// Whether the item is an exact match for the name looked up.
        fn has_name(&self, name: &str) -> bool;

        /// The listing that finds `name` (every item it yields is tested
        /// with [`has_name`](Lookup::has_name)) within the scope whose ID is
        /// `scope`, made from `list` (a listing with no filter, of 100 a
        /// page); refuses a name that cannot be one.
        fn search(list: List<Self>, name: &str, scope: Option<String>) -> Result<List<Self>>;
    }

    /// A scope of a name lookup: a resource named by ID or name.
    pub trait Scope {
        /// The scope's ID, and how an error names it (`organization T3Jn…`).
        fn resolve(&self, client: &Client) -> Result<(String, String)>;
    }
}

impl<R: Named> sealed::Scope for NameOrId<R> {
    fn resolve(&self, client: &Client) -> Result<(String, String)> {
        let id = self.clone().resolve(client)?;
        let within = format!("{} {id}", R::KIND);
        Ok((id, within))
    }
}

impl sealed::Scope for NoScope {
    fn resolve(&self, _: &Client) -> Result<(String, String)> {
        match *self {}
    }
}

/// The scope of a resource whose names need none: it has no value, so a
/// [`NameOrId::Scoped`] of such a resource cannot be built.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NoScope {}

/// A resource named by ID or by name, as every operation that names one
/// takes it: `impl Into<NameOrId<R>>`, so a `&str` works directly.
///
/// Text is classified the way the official SDKs do: for most resources,
/// text that is valid base64 and decodes to something containing `:` (IDs
/// decode to `Space:12345:…`) is an ID, anything else a name; for users, text
/// containing `@` is an email. Use a variant to force one reading, or to
/// scope a name (space names are only unique within an organization).
///
/// A name is resolved by listing and keeping exact matches: none is
/// [`Error::NameNotFound`], several are [`Error::AmbiguousName`], and in both
/// cases nothing else is sent.
///
/// ```
/// use arize::SpaceRef;
///
/// assert_eq!(SpaceRef::from("U3BhY2U6MTIzNDU="), SpaceRef::Id("U3BhY2U6MTIzNDU=".into()));
/// assert_eq!(SpaceRef::from("fraud-models"), SpaceRef::Name("fraud-models".into()));
/// let scoped = SpaceRef::in_organization("fraud-models", "T3JnYW5pemF0aW9uOjE=");
/// ```
#[non_exhaustive]
pub enum NameOrId<R: Named> {
    /// An ID, used as it is.
    Id(String),
    /// An exact name, looked up among everything visible to the API key.
    Name(String),
    /// An exact name, looked up within a scope.
    Scoped {
        /// The name.
        name: String,
        /// Where to look.
        scope: R::Scope,
    },
}

impl<R: Named> NameOrId<R> {
    /// Classifies text as an ID or a name, as the official SDKs do.
    pub fn parse(text: impl Into<String>) -> NameOrId<R> {
        let text = text.into();
        if R::is_id(&text) {
            NameOrId::Id(text)
        } else {
            NameOrId::Name(text)
        }
    }

    /// The ID: an ID is returned as it is, with no request; a name is looked
    /// up.
    pub(crate) fn resolve(self, client: &Client) -> Result<String> {
        match self {
            NameOrId::Id(id) => {
                non_empty(R::KIND.field(), &id)?;
                Ok(id)
            }
            NameOrId::Name(name) => Ok(find::<R>(client, &name, None)?.id().to_owned()),
            NameOrId::Scoped { name, scope } => {
                Ok(find::<R>(client, &name, Some(&scope))?.id().to_owned())
            }
        }
    }

    /// The resource: `GET {collection}/{id}` for an ID; for a name, the one
    /// exact match of the listing, with no further request.
    pub(crate) fn get(self, client: &Client) -> Result<R> {
        match self {
            NameOrId::Id(id) => {
                non_empty(R::KIND.field(), &id)?;
                client.transport().send_json(Request::to(R::GET, &[&id]))
            }
            NameOrId::Name(name) => find(client, &name, None),
            NameOrId::Scoped { name, scope } => find(client, &name, Some(&scope)),
        }
    }
}

/// The one item of `R` named exactly `name`, by paging through every match
/// of [`Lookup::search`](sealed::Lookup::search).
fn find<R: Named>(client: &Client, name: &str, scope: Option<&R::Scope>) -> Result<R> {
    non_empty(R::KIND.field(), name)?;
    let (scope, within) = match scope {
        Some(scope) => {
            let (id, within) = sealed::Scope::resolve(scope, client)?;
            (Some(id), Some(within))
        }
        None => (None, None),
    };
    let listing = List::new(client.clone()).limit(DEFAULT_ITER_PAGE_SIZE);
    let listing = R::search(listing, name, scope)?;
    let mut matches = Vec::new();
    for item in listing.items() {
        let item = item?;
        if item.has_name(name) {
            matches.push(item);
        }
    }
    let ids = matches.iter().map(|item| item.id().to_owned()).collect();
    exactly_one::<R>(name, within, ids)?;
    Ok(matches.remove(0))
}

/// The one ID among `ids`, those of the exact matches for `name`: none is
/// [`Error::NameNotFound`], several are [`Error::AmbiguousName`].
pub(crate) fn exactly_one<R: Named>(
    name: &str,
    within: Option<String>,
    mut ids: Vec<String>,
) -> Result<String> {
    match ids.len() {
        0 => Err(Error::NameNotFound {
            kind: R::KIND,
            name: name.to_owned(),
            within,
        }),
        1 => Ok(ids.remove(0)),
        _ => Err(Error::AmbiguousName {
            kind: R::KIND,
            name: name.to_owned(),
            ids,
        }),
    }
}

impl<R: Named> query::Reference for NameOrId<R> {
    fn resolve(&self, client: &Client) -> Result<String> {
        self.clone().resolve(client)
    }

    fn clone_box(&self) -> Box<dyn query::Reference> {
        Box::new(self.clone())
    }
}

impl<R: Named> From<NameOrId<R>> for query::Value {
    fn from(reference: NameOrId<R>) -> query::Value {
        query::Value::Reference(Box::new(reference))
    }
}

/// Whether text is an Arize ID: valid base64 whose decoded bytes are text
/// containing a `:` (`Space:12345:abc`).
pub(crate) fn is_base64_id(text: &str) -> bool {
    // Decoded on the stack: this runs for every name or ID a call takes.
    let mut buffer = [0u8; 512];
    let decoded = match base64::engine::general_purpose::STANDARD.decode_slice(text, &mut buffer) {
        Ok(length) => &buffer[..length],
        // Longer than any ID, or not base64.
        Err(_) => return false,
    };
    std::str::from_utf8(decoded).is_ok_and(|decoded| decoded.contains(':'))
}

impl<R: Named> From<&str> for NameOrId<R> {
    fn from(text: &str) -> NameOrId<R> {
        NameOrId::parse(text)
    }
}

impl<R: Named> From<String> for NameOrId<R> {
    fn from(text: String) -> NameOrId<R> {
        NameOrId::parse(text)
    }
}

impl<R: Named> From<&String> for NameOrId<R> {
    fn from(text: &String) -> NameOrId<R> {
        NameOrId::parse(text.as_str())
    }
}

impl<R: Named> From<&R> for NameOrId<R> {
    fn from(item: &R) -> NameOrId<R> {
        NameOrId::Id(item.id().to_owned())
    }
}

/// The text as given: an ID, a name, or a name and where it is looked up
/// (`fraud-models in acme`), for messages and scripts.
///
/// ```
/// use arize::{SpaceRef, UserRef};
///
/// assert_eq!(UserRef::from("alice@acme.example").to_string(), "alice@acme.example");
/// assert_eq!(SpaceRef::in_organization("fraud", "acme").to_string(), "fraud in acme");
/// ```
impl<R: Named> fmt::Display for NameOrId<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NameOrId::Id(text) | NameOrId::Name(text) => f.write_str(text),
            NameOrId::Scoped { name, scope } => write!(f, "{name} in {scope}"),
        }
    }
}

impl fmt::Display for NoScope {
    fn fmt(&self, _: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {}
    }
}

// Written out rather than derived: a derive would require the resource
// itself to be `Eq` or `Hash`, when only the scope needs to be.
impl<R: Named> Debug for NameOrId<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NameOrId::Id(id) => f.debug_tuple("Id").field(id).finish(),
            NameOrId::Name(name) => f.debug_tuple("Name").field(name).finish(),
            NameOrId::Scoped { name, scope } => f
                .debug_struct("Scoped")
                .field("name", name)
                .field("scope", scope)
                .finish(),
        }
    }
}

impl<R: Named> Clone for NameOrId<R> {
    fn clone(&self) -> Self {
        match self {
            NameOrId::Id(id) => NameOrId::Id(id.clone()),
            NameOrId::Name(name) => NameOrId::Name(name.clone()),
            NameOrId::Scoped { name, scope } => NameOrId::Scoped {
                name: name.clone(),
                scope: scope.clone(),
            },
        }
    }
}

impl<R: Named> PartialEq for NameOrId<R> {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (NameOrId::Id(a), NameOrId::Id(b)) | (NameOrId::Name(a), NameOrId::Name(b)) => a == b,
            (
                NameOrId::Scoped { name, scope },
                NameOrId::Scoped {
                    name: other_name,
                    scope: other_scope,
                },
            ) => name == other_name && scope == other_scope,
            _ => false,
        }
    }
}

impl<R: Named> Eq for NameOrId<R> {}

impl<R: Named> Hash for NameOrId<R> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        std::mem::discriminant(self).hash(state);
        match self {
            NameOrId::Id(text) | NameOrId::Name(text) => text.hash(state),
            NameOrId::Scoped { name, scope } => {
                name.hash(state);
                scope.hash(state);
            }
        }
    }
}

#[cfg(test)]
mod tests;
