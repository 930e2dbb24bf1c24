//! The resource restrictions operations: keeping a project (or a dashboard
//! or prompt) to the people bound to it.

use crate::{
    Error, Result,
    check::{convert, non_empty},
    error::ResourceKind,
    notices::Call,
    operation::{Op, Operation},
    query::Value,
    resource::{Deletion, operations, sealed::Listed},
    transport::Request,
    types::{self, ResourceRestriction, ResourceRestrictionType},
};

operations! {
    /// The resource restrictions operations, from
    /// [`Client::resource_restrictions`](crate::Client::resource_restrictions).
    ///
    /// Restricting a resource cuts inheritance: roles held on its space,
    /// organization or account no longer grant access to it, so only users
    /// with a role binding on the resource itself (see
    /// [`RoleBindings`](crate::RoleBindings)) keep it. Unrestricting restores
    /// inheritance. A restriction has no ID of its own: the resource's ID names
    /// it.
    ///
    /// The listing shows the restrictions the API key may manage. The server
    /// filters its pages after reading them, so a page can be short or even
    /// empty while more follow; the iterators keep paging until the server
    /// says the listing is over.
    ///
    /// ```no_run
    /// # let client = arize::Client::from_env()?;
    /// let restrictions = client.resource_restrictions();
    /// restrictions.restrict("TW9kZWw6MTIz")?; // again: no change, no error
    /// restrictions.unrestrict("TW9kZWw6MTIz")?;
    /// # Ok::<(), arize::Error>(())
    /// ```
    pub struct ResourceRestrictions for ResourceRestriction (restriction: "restriction", "restrictions") {
        /// The resource restrictions operations: list, restrict, unrestrict.
        fn resource_restrictions;
        list: ListResourceRestrictions;
    }
}

impl ResourceRestrictions {
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
        let _call = Call::enter("resource_restrictions().restrict");
        let body = types::CreateResourceRestrictionRequest {
            resource_id: convert("resource", resource_id.into())?,
        };
        // Idempotent, as the spec says (`x-arize-retry`).
        let request = Request::new(Op::CreateResourceRestriction, &[]).json(&body);
        self.client.transport().send_json(request)
    }

    /// Lifts the restriction of a resource, by its ID. A resource that was
    /// not restricted is what the caller wants too: the API's 404 is
    /// returned as [`Deletion::AlreadyGone`], not as an error.
    pub fn unrestrict(&self, resource_id: impl AsRef<str>) -> Result<Deletion> {
        let _call = Call::enter("resource_restrictions().unrestrict");
        let id = resource_id.as_ref();
        non_empty("resource", id)?;
        let request = Request::new(Op::DeleteResourceRestriction, &[id]);
        match Deletion::send(&self.client, request) {
            Err(Error::NotFound(_)) => Ok(Deletion::AlreadyGone),
            other => other,
        }
    }
}

impl ListResourceRestrictions {
    /// Only restrictions of this kind of resource. Defaults to every kind
    /// the server supports.
    pub fn resource_type(self, resource_type: ResourceRestrictionType) -> Self {
        self.set_resource_type(Some(resource_type))
    }

    /// The kind filter, or every kind for `None` (the default).
    pub fn set_resource_type(self, resource_type: Option<ResourceRestrictionType>) -> Self {
        let resource_type = resource_type.map(|t| Value::Text(t.as_str().to_owned()));
        self.param("resource_type", resource_type)
    }
}

impl Listed for ResourceRestriction {
    const KIND: ResourceKind = ResourceKind::ResourceRestriction;
    const LIST: &'static Operation = Op::ListResourceRestrictions.get();
}
