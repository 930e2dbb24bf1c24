//! The role bindings operations: one role for one user on one space or
//! project.

use serde::Serialize;

use crate::{
    Client, Error, Result,
    check::{convert, non_empty},
    error::ResourceKind,
    pagination::{DEFAULT_ITER_PAGE_SIZE, List},
    resource::{Deletion, Resource, sealed::Sealed},
    roles::RoleRef,
    spaces::SpaceRef,
    transport::Request,
    types::{self, RoleBinding, RoleBindingResourceType},
    users::UserRef,
};

/// A listing of role bindings, from [`RoleBindings::list`]; see [`List`]
/// for paging.
pub type ListRoleBindings = List<RoleBinding>;

impl Client {
    /// The role bindings operations: list, get, create, update, delete, and
    /// [`assign`](RoleBindings::assign).
    pub fn role_bindings(&self) -> RoleBindings {
        RoleBindings {
            client: self.clone(),
        }
    }
}

/// What a role binding applies to: a space (by ID or name) or a project (by
/// ID). The kind and the ID travel together, so a binding cannot name a
/// space ID as a project.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BindingResource {
    /// A space.
    Space(SpaceRef),
    /// A project, by ID (a project's ID names a `Model` in Arize's IDs).
    Project(String),
}

impl BindingResource {
    /// A space, by ID or name.
    pub fn space(space: impl Into<SpaceRef>) -> BindingResource {
        BindingResource::Space(space.into())
    }

    /// A project, by ID.
    pub fn project(id: impl Into<String>) -> BindingResource {
        BindingResource::Project(id.into())
    }

    fn resource_type(&self) -> RoleBindingResourceType {
        match self {
            BindingResource::Space(_) => RoleBindingResourceType::Space,
            BindingResource::Project(_) => RoleBindingResourceType::Project,
        }
    }

    /// The resource's ID, looking a space name up.
    fn resolve(self, client: &Client) -> Result<String> {
        match self {
            BindingResource::Space(space) => space.resolve(client),
            BindingResource::Project(id) => {
                non_empty("project", &id)?;
                Ok(id)
            }
        }
    }
}

/// The role bindings operations, from [`Client::role_bindings`].
///
/// A binding gives one user one role (a [`RoleRef`]: custom or a predefined
/// role of the roles API) on one space or project. There is at most one
/// binding per user and resource: change its role with
/// [`update`](Self::update), or let [`assign`](Self::assign) decide.
///
/// ```no_run
/// use arize::BindingResource;
/// # let client = arize::Client::from_env()?;
/// let bindings = client.role_bindings();
/// let outcome = bindings.assign(
///     "alice@acme.example",
///     "reviewer",
///     BindingResource::project("TW9kZWw6MTIz"),
/// )?;
/// println!("{outcome:?}");
/// # Ok::<(), arize::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct RoleBindings {
    client: Client,
}

impl RoleBindings {
    /// Starts a listing of the bindings on resources of one kind (the API
    /// requires it); see [`List`] for paging, and [`ListRoleBindings::user`]
    /// for the filter. Only bindings the API key may read are listed.
    pub fn list(&self, resource_type: RoleBindingResourceType) -> ListRoleBindings {
        ListRoleBindings::new(self.client.clone()).filter(|f| f.resource_type = Some(resource_type))
    }

    /// Gets one binding by ID.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`] for a missing, foreign or forbidden binding.
    pub fn get(&self, binding_id: impl AsRef<str>) -> Result<RoleBinding> {
        let id = binding_id.as_ref();
        non_empty("role_binding", id)?;
        let request = Request::get("get_role_binding", &["role-bindings", id]);
        self.client.transport().send_json(request)
    }

    /// Binds a user (by ID or email) to a role (by ID or name) on a
    /// resource.
    ///
    /// A create is not idempotent (a second one is a 409), so it is retried
    /// only when the connection could not be made at all; after a lost
    /// answer, [`assign`](Self::assign) converges.
    ///
    /// # Errors
    ///
    /// [`Error::Conflict`] when the user already has a binding on the
    /// resource, [`Error::Forbidden`] without `ROLE_BINDING_CREATE` there (or
    /// for a resource that does not exist), [`Error::NotFound`] for a user
    /// or role outside the account.
    pub fn create(
        &self,
        user: impl Into<UserRef>,
        role: impl Into<RoleRef>,
        resource: BindingResource,
    ) -> Result<RoleBinding> {
        let binding = self.resolve(user.into(), role.into(), resource)?;
        self.create_resolved(&binding)
    }

    /// Gives a binding another role (by ID or name).
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`] for a missing, foreign or forbidden binding.
    pub fn update(
        &self,
        binding_id: impl AsRef<str>,
        role: impl Into<RoleRef>,
    ) -> Result<RoleBinding> {
        let id = binding_id.as_ref();
        non_empty("role_binding", id)?;
        let role_id = role.into().resolve(&self.client)?;
        self.update_resolved(id, role_id)
    }

    /// Deletes a binding.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`] for a missing, foreign or forbidden binding (see
    /// [`Deletion`] for the one case where a 404 is not an error).
    pub fn delete(&self, binding_id: impl AsRef<str>) -> Result<Deletion> {
        let id = binding_id.as_ref();
        non_empty("role_binding", id)?;
        Deletion::send(&self.client, "delete_role_binding", &["role-bindings", id])
    }

    /// Makes it so that the user holds the role on the resource, whatever
    /// they held before: creates the binding, or, when one exists (409),
    /// finds it among the user's bindings and updates its role if it
    /// differs. Returns what it did.
    ///
    /// These are separate requests, not one atomic change: a concurrent
    /// change between them can make it fail, and calling it again then
    /// converges.
    ///
    /// # Errors
    ///
    /// Those of [`create`](Self::create) (but a 409) and
    /// [`update`](Self::update); and the 409 itself when the existing
    /// binding cannot be found (deleted meanwhile).
    pub fn assign(
        &self,
        user: impl Into<UserRef>,
        role: impl Into<RoleRef>,
        resource: BindingResource,
    ) -> Result<Assigned> {
        let binding = self.resolve(user.into(), role.into(), resource)?;
        let conflict = match self.create_resolved(&binding) {
            Ok(created) => return Ok(Assigned::Created(created)),
            Err(error) if error.is_conflict() => error,
            Err(error) => return Err(error),
        };
        let existing = self
            .list(binding.resource_type.clone())
            // Already an ID: not to be classified again.
            .user(UserRef::Id(binding.user_id.clone()))
            .limit(DEFAULT_ITER_PAGE_SIZE)
            .items()
            .find(|found| {
                found
                    .as_ref()
                    .map_or(true, |found| found.resource_id == binding.resource_id)
            })
            .transpose()?;
        match existing {
            None => Err(conflict),
            Some(existing) if existing.role_id == binding.role_id => {
                Ok(Assigned::Unchanged(existing))
            }
            Some(existing) => Ok(Assigned::Updated(
                self.update_resolved(&existing.id, binding.role_id)?,
            )),
        }
    }

    fn resolve(&self, user: UserRef, role: RoleRef, resource: BindingResource) -> Result<Binding> {
        Ok(Binding {
            resource_type: resource.resource_type(),
            resource_id: resource.resolve(&self.client)?,
            user_id: user.resolve(&self.client)?,
            role_id: role.resolve(&self.client)?,
        })
    }

    fn create_resolved(&self, binding: &Binding) -> Result<RoleBinding> {
        let body = types::CreateRoleBindingRequest {
            resource_id: convert("resource", binding.resource_id.clone())?,
            resource_type: binding.resource_type.clone(),
            role_id: convert("role", binding.role_id.clone())?,
            user_id: convert("user", binding.user_id.clone())?,
        };
        let request = Request::post("create_role_binding", &["role-bindings"]).json(&body);
        self.client.transport().send_json(request)
    }

    fn update_resolved(&self, id: &str, role_id: String) -> Result<RoleBinding> {
        let body = types::UpdateRoleBindingRequest {
            role_id: convert("role", role_id)?,
        };
        let request = Request::patch("update_role_binding", &["role-bindings", id]).json(&body);
        self.client.transport().send_json(request)
    }
}

/// A binding with every name resolved to an ID.
struct Binding {
    resource_type: RoleBindingResourceType,
    resource_id: String,
    user_id: String,
    role_id: String,
}

/// What [`RoleBindings::assign`] did.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Assigned {
    /// No binding existed: this one was created.
    Created(RoleBinding),
    /// The user's binding on the resource had another role: it was changed.
    Updated(RoleBinding),
    /// The user already held this role on the resource: nothing was sent
    /// but the lookup.
    Unchanged(RoleBinding),
}

impl Assigned {
    /// The binding, as it now is.
    pub fn binding(&self) -> &RoleBinding {
        match self {
            Assigned::Created(binding)
            | Assigned::Updated(binding)
            | Assigned::Unchanged(binding) => binding,
        }
    }
}

/// The filters of a [`ListRoleBindings`].
#[derive(Debug, Clone, Default)]
pub struct RoleBindingFilters {
    /// Always set by [`RoleBindings::list`].
    resource_type: Option<RoleBindingResourceType>,
    user: Option<UserRef>,
}

/// The query of `list_role_bindings`, besides `limit` and `cursor`.
#[derive(Debug, Serialize)]
pub struct RoleBindingQuery {
    resource_type: RoleBindingResourceType,
    user_id: Option<String>,
}

impl ListRoleBindings {
    /// Only this user's bindings (by ID or email; an email is resolved
    /// before the first request).
    pub fn user(self, user: impl Into<UserRef>) -> Self {
        self.set_user(Some(user.into()))
    }

    /// The user filter, or every user for `None` (the default).
    pub fn set_user(self, user: Option<UserRef>) -> Self {
        self.filter(|f| f.user = user)
    }
}

impl Sealed for RoleBinding {}

impl Resource for RoleBinding {
    const KIND: ResourceKind = ResourceKind::RoleBinding;
    const PATH: &'static str = "role-bindings";
    const LIST_OPERATION: &'static str = "list_role_bindings";
    type Filters = RoleBindingFilters;
    type Query = RoleBindingQuery;
    type Page = types::ListRoleBindingsResponse;

    fn prepare(client: &Client, filters: &RoleBindingFilters) -> Result<RoleBindingQuery> {
        let resource_type = filters
            .resource_type
            .clone()
            .ok_or_else(|| Error::invalid("resource_type", "required"))?;
        let user_id = match &filters.user {
            Some(user) => Some(user.clone().resolve(client)?),
            None => None,
        };
        Ok(RoleBindingQuery {
            resource_type,
            user_id,
        })
    }

    fn split(
        page: types::ListRoleBindingsResponse,
    ) -> (Vec<RoleBinding>, types::PaginationMetadata) {
        (page.role_bindings, page.pagination)
    }
}
