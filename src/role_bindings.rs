//! The role bindings operations: one role for one user on one space or
//! project.

use crate::{
    Client, Result,
    bulk::{self, Batch, BulkOutcome, Options, bulk_setters},
    check::{convert, non_empty},
    error::ResourceKind,
    notices::Call,
    operation::{Op, Operation},
    pagination::DEFAULT_ITER_PAGE_SIZE,
    projects::ProjectRef,
    query::Value,
    resource::{operations, sealed::Listed},
    roles::RoleRef,
    spaces::SpaceRef,
    transport::{Request, sent_by_this_thread},
    types::{self, RoleBinding, RoleBindingResourceType},
    users::UserRef,
};

/// What a role binding applies to: a space (by ID or name) or a project (by
/// ID, or by name within its space). The kind and the ID travel together,
/// so a binding cannot name a space ID as a project.
///
/// ```
/// use arize::{BindingResource, ProjectRef};
///
/// let by_id = BindingResource::project("TW9kZWw6MTIzOmFi");
/// let by_name = BindingResource::project(ProjectRef::in_space("checkout-agent", "agents"));
/// let space = BindingResource::space("agents");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BindingResource {
    /// A space.
    Space(SpaceRef),
    /// A project (a project's ID names a `Model` in Arize's IDs).
    Project(ProjectRef),
}

impl BindingResource {
    /// A space, by ID or name.
    pub fn space(space: impl Into<SpaceRef>) -> BindingResource {
        BindingResource::Space(space.into())
    }

    /// A project, by ID or by name within its space
    /// ([`ProjectRef::in_space`]); text is classified as a [`ProjectRef`]
    /// is, and a name without its space is refused before anything is sent.
    pub fn project(project: impl Into<ProjectRef>) -> BindingResource {
        BindingResource::Project(project.into())
    }

    fn resource_type(&self) -> RoleBindingResourceType {
        match self {
            BindingResource::Space(_) => RoleBindingResourceType::Space,
            BindingResource::Project(_) => RoleBindingResourceType::Project,
        }
    }

    /// The resource's ID, looking a name up.
    fn resolve(self, client: &Client) -> Result<String> {
        match self {
            BindingResource::Space(space) => space.resolve(client),
            BindingResource::Project(project) => project.resolve(client),
        }
    }
}

operations! {
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
    pub struct RoleBindings for RoleBinding (binding: "role binding", "role bindings") {
        /// The role bindings operations: list, get, create, update, delete, and
        /// [`assign`](RoleBindings::assign).
        fn role_bindings;
        list: ListRoleBindings (by_hand);
        by_id (GetRoleBinding);
        /// # Errors
        ///
        /// [`Error::NotFound`](crate::Error::NotFound) for a missing, foreign or forbidden binding (see
        /// [`Deletion`](crate::Deletion) for the one case where a 404 is not an error).
        delete (DeleteRoleBinding);
    }
}

impl RoleBindings {
    /// Starts a listing of the bindings on resources of one kind (the API
    /// requires it); see [`List`](crate::List) for paging, and
    /// [`ListRoleBindings::user`] for the filter. Only bindings the API key
    /// may read are listed.
    pub fn list(&self, resource_type: RoleBindingResourceType) -> ListRoleBindings {
        let resource_type = Value::Text(resource_type.as_str().to_owned());
        ListRoleBindings::new(self.client.clone())
            .called("role_bindings().list")
            .param("resource_type", Some(resource_type))
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
    /// [`Error::Conflict`](crate::Error::Conflict) when the user already has a binding on the
    /// resource, [`Error::Forbidden`](crate::Error::Forbidden) without `ROLE_BINDING_CREATE` there (or
    /// for a resource that does not exist), [`Error::NotFound`](crate::Error::NotFound) for a user
    /// or role outside the account.
    pub fn create(
        &self,
        user: impl Into<UserRef>,
        role: impl Into<RoleRef>,
        resource: BindingResource,
    ) -> Result<RoleBinding> {
        let _call = Call::enter("role_bindings().create");
        let binding = self.resolve(user.into(), role.into(), resource)?;
        self.create_resolved(&binding)
    }

    /// Gives a binding another role (by ID or name).
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`](crate::Error::NotFound) for a missing, foreign or forbidden binding.
    pub fn update(
        &self,
        binding_id: impl AsRef<str>,
        role: impl Into<RoleRef>,
    ) -> Result<RoleBinding> {
        let _call = Call::enter("role_bindings().update");
        let id = binding_id.as_ref();
        non_empty("role_binding", id)?;
        let role_id = role.into().resolve(&self.client)?;
        self.update_resolved(id, role_id)
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
        let _call = Call::enter("role_bindings().assign");
        let binding = self.resolve(user.into(), role.into(), resource)?;
        self.assign_resolved(binding)
    }

    /// Starts giving many users (IDs or emails) one role on one resource,
    /// as [`assign`](Self::assign) does for one, several requests at once;
    /// set the concurrency or a progress callback on the returned
    /// [`BulkAssign`], then [`send`](BulkAssign::send) it. The role and the
    /// resource are resolved once, the emails together (see the crate
    /// docs, "Bulk work").
    ///
    /// ```no_run
    /// use arize::{Assigned, BindingResource};
    /// # let client = arize::Client::from_env()?;
    /// let reviewers = ["ann@acme.example", "bo@acme.example"];
    /// let project = BindingResource::project("TW9kZWw6MTIz");
    /// let batch = client.role_bindings().bulk_assign(reviewers, "reviewer", project).send()?;
    /// let created = batch
    ///     .iter()
    ///     .filter(|outcome| matches!(outcome.result, Ok(Assigned::Created(_))))
    ///     .count();
    /// println!("{created} new bindings in {} requests", batch.requests());
    /// # Ok::<(), arize::Error>(())
    /// ```
    pub fn bulk_assign<'a, I>(
        &self,
        users: I,
        role: impl Into<RoleRef>,
        resource: BindingResource,
    ) -> BulkAssign<'a>
    where
        I: IntoIterator,
        I::Item: Into<UserRef>,
    {
        BulkAssign {
            client: self.client.clone(),
            users: users.into_iter().map(Into::into).collect(),
            role: role.into(),
            resource,
            options: Options::default(),
        }
    }

    fn assign_resolved(&self, binding: ResolvedBinding) -> Result<Assigned> {
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

    fn resolve(
        &self,
        user: UserRef,
        role: RoleRef,
        resource: BindingResource,
    ) -> Result<ResolvedBinding> {
        Ok(ResolvedBinding {
            resource_type: resource.resource_type(),
            resource_id: resource.resolve(&self.client)?,
            user_id: user.resolve(&self.client)?,
            role_id: role.resolve(&self.client)?,
        })
    }

    fn create_resolved(&self, binding: &ResolvedBinding) -> Result<RoleBinding> {
        let body = types::CreateRoleBindingRequest {
            resource_id: convert("resource", binding.resource_id.clone())?,
            resource_type: binding.resource_type.clone(),
            role_id: convert("role", binding.role_id.clone())?,
            user_id: convert("user", binding.user_id.clone())?,
        };
        let request = Request::new(Op::CreateRoleBinding, &[]).json(&body);
        self.client.transport().send_json(request)
    }

    fn update_resolved(&self, id: &str, role_id: String) -> Result<RoleBinding> {
        let body = types::UpdateRoleBindingRequest {
            role_id: convert("role", role_id)?,
        };
        let request = Request::new(Op::UpdateRoleBinding, &[id]).json(&body);
        self.client.transport().send_json(request)
    }
}

/// Many users to give one role on one resource, from
/// [`RoleBindings::bulk_assign`].
#[must_use = "a request does nothing until it is sent"]
#[derive(Debug)]
pub struct BulkAssign<'a> {
    client: Client,
    users: Vec<UserRef>,
    role: RoleRef,
    resource: BindingResource,
    options: Options<'a, BulkOutcome<UserRef, Assigned>>,
}

bulk_setters!(BulkAssign, BulkOutcome<UserRef, Assigned>);

impl BulkAssign<'_> {
    /// Makes it so that every user holds the role on the resource, as
    /// [`RoleBindings::assign`] does (a create, or on a 409 a lookup and an
    /// update; a create is never sent twice), up to the concurrency at
    /// once. Returns one outcome per input, in input order, and the
    /// requests taken; a user named twice is assigned once, and both inputs
    /// get its outcome.
    ///
    /// # Errors
    ///
    /// When the role or the resource cannot be resolved, the error, and
    /// nothing else is sent. A user's failure is only that user's outcome.
    pub fn send(self) -> Result<Batch<BulkOutcome<UserRef, Assigned>>> {
        let _call = Call::enter("role_bindings().bulk_assign");
        let client = &self.client;
        let before = sent_by_this_thread();
        let resource_type = self.resource.resource_type();
        let resource_id = self.resource.resolve(client)?;
        let role_id = self.role.resolve(client)?;
        let shared = sent_by_this_thread() - before;
        let bindings = client.role_bindings();
        Ok(bulk::per_user(
            client,
            self.users,
            self.options,
            shared,
            |user_id| {
                bindings.assign_resolved(ResolvedBinding {
                    resource_type: resource_type.clone(),
                    resource_id: resource_id.clone(),
                    user_id: user_id.to_owned(),
                    role_id: role_id.clone(),
                })
            },
            |user, result| BulkOutcome::new(user, result.map(|(_, assigned)| assigned)),
        ))
    }
}

/// A binding with every name resolved to an ID.
struct ResolvedBinding {
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

impl ListRoleBindings {
    /// Only this user's bindings (by ID or email; an email is resolved
    /// before the first request).
    pub fn user(self, user: impl Into<UserRef>) -> Self {
        self.set_user(Some(user.into()))
    }

    /// The user filter, or every user for `None` (the default).
    pub fn set_user(self, user: Option<UserRef>) -> Self {
        self.param("user_id", user.map(Value::from))
    }
}

impl Listed for RoleBinding {
    const KIND: ResourceKind = ResourceKind::RoleBinding;
    const LIST: &'static Operation = Op::ListRoleBindings.get();
}
