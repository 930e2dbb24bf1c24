//! The resource restrictions operations: keeping a project (or a dashboard
//! or prompt) to the people bound to it.

use serde::Serialize;

use crate::{
    Client, Error, Result,
    check::{convert, non_empty},
    error::ResourceKind,
    pagination::List,
    resource::{Deletion, Resource, sealed::Sealed},
    transport::Request,
    types::{self, ResourceRestriction, ResourceRestrictionType},
};

/// A listing of restrictions, from [`ResourceRestrictions::list`]; see
/// [`List`] for paging.
pub type ListResourceRestrictions = List<ResourceRestriction>;

impl Client {
    /// The resource restrictions operations: list, restrict, unrestrict.
    pub fn resource_restrictions(&self) -> ResourceRestrictions {
        ResourceRestrictions {
            client: self.clone(),
        }
    }
}

/// The resource restrictions operations, from
/// [`Client::resource_restrictions`].
///
/// Restricting a resource cuts inheritance: roles held on its space,
/// organization or account no longer grant access to it, so only users
/// with a role binding on the resource itself (see
/// [`RoleBindings`](crate::RoleBindings)) keep it. Unrestricting restores
/// inheritance. A restriction has no ID of its own: the resource's ID names
/// it.
///
/// ```no_run
/// # let client = arize::Client::from_env()?;
/// let restrictions = client.resource_restrictions();
/// restrictions.restrict("TW9kZWw6MTIz")?; // again: no change, no error
/// restrictions.unrestrict("TW9kZWw6MTIz")?;
/// # Ok::<(), arize::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct ResourceRestrictions {
    client: Client,
}

impl ResourceRestrictions {
    /// Starts a listing of the restrictions the API key may manage; see
    /// [`List`] for paging and [`ListResourceRestrictions::resource_type`]
    /// for the filter.
    ///
    /// The server filters its pages after reading them, so a page can be
    /// short or even empty while more follow; the iterators keep paging
    /// until the server says the listing is over.
    pub fn list(&self) -> ListResourceRestrictions {
        List::new(self.client.clone())
    }

    /// Restricts a resource (a project, dashboard or prompt, by ID). This
    /// is idempotent: restricting a restricted resource returns its
    /// restriction as it is, so the call is retried like a read.
    ///
    /// # Errors
    ///
    /// [`Error::BadRequest`] for an ID of a kind that cannot be restricted,
    /// [`Error::NotFound`] for an unknown resource, [`Error::Forbidden`]
    /// without the restrict permission.
    pub fn restrict(&self, resource_id: impl Into<String>) -> Result<ResourceRestriction> {
        let body = types::CreateResourceRestrictionRequest {
            resource_id: convert("resource", resource_id.into())?,
        };
        let request = Request::post("create_resource_restriction", &["resource-restrictions"])
            .idempotent()
            .json(&body);
        self.client.transport().send_json(request)
    }

    /// Lifts the restriction of a resource, by its ID. A resource that was
    /// not restricted is what the caller wants too: the API's 404 is
    /// returned as [`Deletion::AlreadyGone`], not as an error.
    pub fn unrestrict(&self, resource_id: impl AsRef<str>) -> Result<Deletion> {
        let id = resource_id.as_ref();
        non_empty("resource", id)?;
        match Deletion::send(
            &self.client,
            "delete_resource_restriction",
            &["resource-restrictions", id],
        ) {
            Err(Error::NotFound(_)) => Ok(Deletion::AlreadyGone),
            other => other,
        }
    }
}

/// The filters of a [`ListResourceRestrictions`].
#[derive(Debug, Clone, Default)]
pub struct ResourceRestrictionFilters {
    resource_type: Option<ResourceRestrictionType>,
}

/// The query of `list_resource_restrictions`, besides `limit` and `cursor`.
#[derive(Debug, Serialize)]
pub struct ResourceRestrictionQuery {
    resource_type: Option<ResourceRestrictionType>,
}

impl ListResourceRestrictions {
    /// Only restrictions of this kind of resource. Defaults to every kind
    /// the server supports.
    pub fn resource_type(self, resource_type: ResourceRestrictionType) -> Self {
        self.set_resource_type(Some(resource_type))
    }

    /// The kind filter, or every kind for `None` (the default).
    pub fn set_resource_type(self, resource_type: Option<ResourceRestrictionType>) -> Self {
        self.filter(|f| f.resource_type = resource_type)
    }
}

impl Sealed for ResourceRestriction {}

impl Resource for ResourceRestriction {
    const KIND: ResourceKind = ResourceKind::ResourceRestriction;
    const PATH: &'static str = "resource-restrictions";
    const LIST_OPERATION: &'static str = "list_resource_restrictions";
    type Filters = ResourceRestrictionFilters;
    type Query = ResourceRestrictionQuery;
    type Page = types::ListResourceRestrictionsResponse;

    fn prepare(
        _: &Client,
        filters: &ResourceRestrictionFilters,
    ) -> Result<ResourceRestrictionQuery> {
        Ok(ResourceRestrictionQuery {
            resource_type: filters.resource_type.clone(),
        })
    }

    fn split(
        page: types::ListResourceRestrictionsResponse,
    ) -> (Vec<ResourceRestriction>, types::PaginationMetadata) {
        (page.resource_restrictions, page.pagination)
    }
}
