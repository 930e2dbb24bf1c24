//! The roles operations: custom roles, named sets of permissions.

use crate::{
    Client, Error, Result,
    check::convert,
    error::ResourceKind,
    names::{Named, NoScope, sealed::Lookup},
    notices::Call,
    operation::{Op, Operation},
    query::Value,
    resource::{operations, sealed::Listed},
    transport::Request,
    types::{self, Permission, RoleDefinition},
};

operations! {
    /// The roles operations, from [`Client::roles`].
    ///
    /// A custom role is a named set of [`Permission`]s, account-wide. Give it
    /// to a member with [`Role::custom`](crate::Role::custom), by name or ID, or
    /// bind it to a user on one space or project with
    /// [`RoleBindings`](crate::RoleBindings). Predefined roles are listed too,
    /// but cannot be changed or deleted. Reading roles needs the `ROLE_READ`
    /// permission.
    ///
    /// ```no_run
    /// use arize::Permission;
    /// # let client = arize::Client::from_env()?;
    /// let reviewer = client
    ///     .roles()
    ///     .create("reviewer", [Permission::ProjectRead, Permission::ProjectSpanAnnotate])
    ///     .description("Reads and annotates traces")
    ///     .send()?;
    /// client.roles().update("reviewer").clear_description().send()?;
    /// # Ok::<(), arize::Error>(())
    /// ```
    pub struct Roles for RoleDefinition (role: "role", "roles") {
        /// The roles operations: list, get, create, update and delete custom
        /// roles.
        fn roles;
        list: ListRoles;
        /// The API has no name filter for roles, so a name is looked up by
        /// listing every role (every page, `limit=100`) and keeping exact,
        /// case-sensitive matches.
        named RoleRef by "exact name";
    }
}

impl Roles {
    /// Deletes a custom role, named by ID or by exact name. A name that
    /// matches several deletes nothing: it fails with
    /// [`Error::AmbiguousName`] before any `DELETE` is sent.
    ///
    /// # Errors
    ///
    /// [`Error::Conflict`] while role bindings still use the role: its hint
    /// says to delete them first and how to find them (with
    /// [`RoleBindings::list`](crate::RoleBindings::list));
    /// [`Error::NotFound`] if there is no such role (see
    /// [`Deletion`](crate::Deletion)).
    pub fn delete(&self, role: impl Into<RoleRef>) -> Result<crate::Deletion> {
        let _call = Call::enter("roles().delete");
        let id = self.resolve(role)?;
        let request = Request::new(Op::DeleteRole, &[&id]);
        crate::Deletion::send(&self.client, request).map_err(|error| {
            // Said once: the server's detail may already say what to delete.
            let said = error
                .problem()
                .and_then(|problem| problem.detail.as_deref())
                .is_some_and(|detail| detail.contains("binding"));
            error.with_conflict_hint(if said {
                "role_bindings().list finds the bindings that use the role"
            } else {
                "delete its role bindings first (role_bindings().list finds them), then the role"
            })
        })
    }

    /// Starts creating a custom role named `name` (unique in the account)
    /// granting `permissions` (at least one); set the optional description
    /// on the returned [`CreateRole`], then [`send`](CreateRole::send) it.
    pub fn create(
        &self,
        name: impl Into<String>,
        permissions: impl IntoIterator<Item = Permission>,
    ) -> CreateRole {
        CreateRole {
            client: self.client.clone(),
            name: name.into(),
            permissions: permissions.into_iter().collect(),
            description: None,
        }
    }

    /// Starts updating a custom role; set the fields to change on the
    /// returned [`UpdateRole`], then [`send`](UpdateRole::send) it.
    pub fn update(&self, role: impl Into<RoleRef>) -> UpdateRole {
        UpdateRole {
            client: self.client.clone(),
            role: role.into(),
            name: None,
            description: None,
            permissions: None,
        }
    }
}

impl ListRoles {
    /// Only predefined (system) roles for `true`, only custom roles for
    /// `false`. Defaults to both.
    pub fn predefined(self, is_predefined: bool) -> Self {
        self.set_predefined(Some(is_predefined))
    }

    /// The predefined filter, or both kinds for `None` (the default).
    pub fn set_predefined(self, is_predefined: Option<bool>) -> Self {
        self.param(
            "is_predefined",
            is_predefined.map(|b| Value::Text(b.to_string())),
        )
    }
}

impl Listed for RoleDefinition {
    const KIND: ResourceKind = ResourceKind::Role;
    const LIST: &'static Operation = Op::ListRoles.get();
}

impl Named for RoleDefinition {
    type Scope = NoScope;
}

impl Lookup for RoleDefinition {
    const GET: &'static Operation = Op::GetRole.get();

    fn id(&self) -> &str {
        &self.id
    }

    fn has_name(&self, name: &str) -> bool {
        self.name == name
    }

    fn search(list: ListRoles, _: &str, _: Option<String>) -> Result<ListRoles> {
        // The API has no name filter: every role is read.
        Ok(list)
    }
}

/// Refuses an empty permission list, which the API rejects.
fn check_permissions(permissions: &[Permission]) -> Result<()> {
    if permissions.is_empty() {
        return Err(Error::invalid(
            "permissions",
            "a role needs at least one permission",
        ));
    }
    Ok(())
}

/// A custom role to create, from [`Roles::create`].
///
/// ```
/// # #[cfg(feature = "testing")] {
/// # let fake = arize::testing::FakeServer::start();
/// # let client = fake.client();
/// use arize::Permission;
///
/// let reviewer = client
///     .roles()
///     .create("reviewer", [Permission::ProjectRead, Permission::ProjectSpanAnnotate])
///     .description("Reads and annotates traces")
///     .send()?;
/// assert!(!reviewer.is_predefined);
/// # }
/// # Ok::<(), arize::Error>(())
/// ```
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until it is sent"]
pub struct CreateRole {
    client: Client,
    name: String,
    permissions: Vec<Permission>,
    description: Option<String>,
}

impl CreateRole {
    /// A description of at most 1,000 characters. Defaults to none.
    pub fn description(self, description: impl Into<String>) -> Self {
        self.set_description(Some(description.into()))
    }

    /// The description, or none for `None` (the default).
    pub fn set_description(mut self, description: Option<String>) -> Self {
        self.description = description;
        self
    }

    /// Creates the role (`POST /v2/roles`) and returns it.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] before anything is sent for an empty or
    /// over-long name (255), a name with characters the API refuses (it
    /// allows letters, digits, space and `` -_.,()[]'"/:\&@#$%!?+= ``), an
    /// over-long description (1,000) or no permission;
    /// [`Error::Conflict`] when the name is taken.
    pub fn send(self) -> Result<RoleDefinition> {
        let _call = Call::enter("roles().create");
        check_permissions(&self.permissions)?;
        let body = types::CreateRoleRequest {
            name: convert("name", self.name)?,
            description: self
                .description
                .map(|description| convert("description", description))
                .transpose()?,
            permissions: self.permissions,
        };
        let request = Request::new(Op::CreateRole, &[]).json(&body);
        self.client.transport().send_json(request)
    }
}

/// Changes to a custom role, from [`Roles::update`].
///
/// A field not set is left as it is, a set one replaces it (the
/// permissions as a whole set), and
/// [`clear_description`](Self::clear_description) sends `null`. At least
/// one must be set.
///
/// ```
/// # #[cfg(feature = "testing")] {
/// # let fake = arize::testing::FakeServer::builder().custom_role("reviewer").start();
/// # let client = fake.client();
/// use arize::Permission;
///
/// // The role by name; the permissions replaced as a whole.
/// let role = client
///     .roles()
///     .update("reviewer")
///     .permissions([Permission::ProjectRead])
///     .clear_description()
///     .send()?;
/// assert_eq!(role.permissions, [Permission::ProjectRead]);
/// # }
/// # Ok::<(), arize::Error>(())
/// ```
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until it is sent"]
pub struct UpdateRole {
    client: Client,
    role: RoleRef,
    name: Option<String>,
    description: Option<Option<String>>,
    permissions: Option<Vec<Permission>>,
}

impl UpdateRole {
    /// A new name (same rules as [`Roles::create`]).
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// A new description, at most 1,000 characters.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(Some(description.into()));
        self
    }

    /// Removes the description (sends `null`).
    pub fn clear_description(mut self) -> Self {
        self.description = Some(None);
        self
    }

    /// Replaces the whole set of permissions (at least one).
    pub fn permissions(mut self, permissions: impl IntoIterator<Item = Permission>) -> Self {
        self.permissions = Some(permissions.into_iter().collect());
        self
    }

    /// Sends the changes (`PATCH /v2/roles/{id}`) and returns the updated
    /// role.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`], before anything is sent, when no field is
    /// set, the permission list is empty or a value is invalid;
    /// [`Error::Conflict`] when the new name is taken.
    pub fn send(self) -> Result<RoleDefinition> {
        let _call = Call::enter("roles().update");
        if self.name.is_none() && self.description.is_none() && self.permissions.is_none() {
            return Err(Error::invalid(
                "update",
                "nothing to change: set at least one field",
            ));
        }
        if let Some(permissions) = &self.permissions {
            check_permissions(permissions)?;
        }
        let body = types::UpdateRoleRequest {
            name: self.name.map(|name| convert("name", name)).transpose()?,
            description: self
                .description
                .map(|d| d.map(|d| convert("description", d)).transpose())
                .transpose()?,
            // Sent unless empty, which was refused above.
            permissions: self.permissions.unwrap_or_default(),
        };
        let id = self.role.resolve(&self.client)?;
        let request = Request::new(Op::UpdateRole, &[&id]).json(&body);
        self.client.transport().send_json(request)
    }
}
