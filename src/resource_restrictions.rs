//! The resource restrictions operations: keeping a project (or a dashboard
//! or prompt) to the people bound to it.

use crate::{
    Client, Error, Result,
    check::{convert, non_empty},
    error::ResourceKind,
    notices::Call,
    operation::{Op, Operation},
    projects::ProjectRef,
    query::Value,
    resource::{Deletion, operations, sealed::Listed},
    transport::Request,
    types::{self, Project, ResourceRestriction, ResourceRestrictionType},
};

/// What [`ResourceRestrictions::restrict`] and
/// [`unrestrict`](ResourceRestrictions::unrestrict) take: a resource's ID
/// (a project, dashboard or prompt), or a project named by name within its
/// space.
///
/// Text is an ID, used as it is whatever it looks like (dashboards and
/// prompts have no lookup); a [`ProjectRef`] is resolved like every project
/// reference.
///
/// ```
/// use arize::{ProjectRef, RestrictedResource};
///
/// let by_id = RestrictedResource::from("TW9kZWw6MTIzOmFi");
/// let by_name = RestrictedResource::from(ProjectRef::in_space("checkout-agent", "agents"));
/// assert_eq!(by_name.to_string(), "checkout-agent in agents");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RestrictedResource {
    /// A resource's ID, sent as it is.
    Id(String),
    /// A project, by ID or by name within its space.
    Project(ProjectRef),
}

impl RestrictedResource {
    /// The resource's ID, looking a project name up.
    fn resolve(self, client: &Client) -> Result<String> {
        match self {
            RestrictedResource::Id(id) => {
                non_empty("resource", &id)?;
                Ok(id)
            }
            RestrictedResource::Project(project) => project.resolve(client),
        }
    }
}

impl From<&str> for RestrictedResource {
    fn from(id: &str) -> RestrictedResource {
        RestrictedResource::Id(id.to_owned())
    }
}

impl From<String> for RestrictedResource {
    fn from(id: String) -> RestrictedResource {
        RestrictedResource::Id(id)
    }
}

impl From<&String> for RestrictedResource {
    fn from(id: &String) -> RestrictedResource {
        RestrictedResource::Id(id.clone())
    }
}

impl From<ProjectRef> for RestrictedResource {
    fn from(project: ProjectRef) -> RestrictedResource {
        RestrictedResource::Project(project)
    }
}

impl From<&Project> for RestrictedResource {
    fn from(project: &Project) -> RestrictedResource {
        RestrictedResource::Id(project.id.clone())
    }
}

/// The ID as given, or the project reference as [`ProjectRef`] writes it.
impl std::fmt::Display for RestrictedResource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RestrictedResource::Id(id) => f.write_str(id),
            RestrictedResource::Project(project) => project.fmt(f),
        }
    }
}

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
    /// use arize::ProjectRef;
    /// # let client = arize::Client::from_env()?;
    /// let restrictions = client.resource_restrictions();
    /// restrictions.restrict("TW9kZWw6MTIz")?; // again: no change, no error
    /// restrictions.unrestrict("TW9kZWw6MTIz")?;
    /// // A project by name, within its space:
    /// restrictions.restrict(ProjectRef::in_space("checkout-agent", "agents"))?;
    /// # Ok::<(), arize::Error>(())
    /// ```
    pub struct ResourceRestrictions for ResourceRestriction (restriction: "restriction", "restrictions") {
        /// The resource restrictions operations: list, restrict, unrestrict.
        fn resource_restrictions;
        list: ListResourceRestrictions;
    }
}

impl ResourceRestrictions {
    /// Restricts a resource: a project, dashboard or prompt by ID, or a
    /// project by name within its space (see [`RestrictedResource`]). This
    /// is idempotent: restricting a restricted resource returns its
    /// restriction as it is, so the call is retried like a read.
    ///
    /// # Errors
    ///
    /// [`Error::BadRequest`] for an ID of a kind that cannot be restricted,
    /// [`Error::NotFound`] for an unknown resource, [`Error::Forbidden`]
    /// without the restrict permission; [`Error::NameNotFound`] for a
    /// project name nobody has in the space.
    pub fn restrict(&self, resource: impl Into<RestrictedResource>) -> Result<ResourceRestriction> {
        let _call = Call::enter("resource_restrictions().restrict");
        let body = types::CreateResourceRestrictionRequest {
            resource_id: convert("resource", resource.into().resolve(&self.client)?)?,
        };
        // Idempotent, as the spec says (`x-arize-retry`).
        let request = Request::new(Op::CreateResourceRestriction, &[]).json(&body);
        self.client.transport().send_json(request)
    }

    /// Lifts the restriction of a resource, by its ID or, for a project, by
    /// name within its space (see [`RestrictedResource`]). A resource that
    /// was not restricted is what the caller wants too: the API's 404 is
    /// returned as [`Deletion::AlreadyGone`], not as an error.
    pub fn unrestrict(&self, resource: impl Into<RestrictedResource>) -> Result<Deletion> {
        let _call = Call::enter("resource_restrictions().unrestrict");
        let id = resource.into().resolve(&self.client)?;
        let request = Request::new(Op::DeleteResourceRestriction, &[&id]);
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
