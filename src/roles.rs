//! The roles operations: custom roles, named sets of permissions.

use serde::Serialize;

use crate::{
    Client, Error, Result,
    check::convert,
    error::ResourceKind,
    names::{NameOrId, Named, NoScope},
    pagination::{DEFAULT_ITER_PAGE_SIZE, List},
    resource::{Deletion, Resource, sealed::Sealed},
    transport::Request,
    types::{self, Permission, RoleDefinition},
};

/// A role of the roles API, named by ID or by name; see [`NameOrId`].
///
/// The API has no name filter for roles, so a name is looked up by listing
/// every role (every page, `limit=100`) and keeping exact, case-sensitive
/// matches.
pub type RoleRef = NameOrId<RoleDefinition>;

/// A listing of roles, from [`Roles::list`]; see [`List`] for paging.
pub type ListRoles = List<RoleDefinition>;

impl Client {
    /// The roles operations: list, get, create, update and delete custom
    /// roles.
    pub fn roles(&self) -> Roles {
        Roles {
            client: self.clone(),
        }
    }
}

/// The roles operations, from [`Client::roles`].
///
/// A custom role is a named set of [`Permission`]s, account-wide. Give it
/// to a member with [`Role::custom`](crate::Role::custom), by name or ID, or
/// bind it to a user on one space or project with
/// [`RoleBindings`](crate::RoleBindings). Predefined roles are listed too,
/// but cannot be changed or deleted.
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
#[derive(Debug, Clone)]
pub struct Roles {
    client: Client,
}

impl Roles {
    /// Starts a listing of the account's roles; see [`List`] for single
    /// pages and lazy iteration, and [`ListRoles::predefined`] for the
    /// filter. Reading roles needs the `ROLE_READ` permission.
    pub fn list(&self) -> ListRoles {
        List::new(self.client.clone())
    }

    /// Gets one role by ID or by exact name.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`] for an unknown ID, [`Error::NameNotFound`] or
    /// [`Error::AmbiguousName`] for a name.
    pub fn get(&self, role: impl Into<RoleRef>) -> Result<RoleDefinition> {
        role.into().get(&self.client)
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

    /// Deletes a custom role.
    ///
    /// # Errors
    ///
    /// [`Error::Conflict`] while role bindings still use the role: its
    /// message says to delete them first (find them with
    /// [`RoleBindings::list`](crate::RoleBindings::list));
    /// [`Error::NotFound`] if there is no such role (see [`Deletion`]).
    pub fn delete(&self, role: impl Into<RoleRef>) -> Result<Deletion> {
        let id = self.resolve(role)?;
        Deletion::send(&self.client, "delete_role", &["roles", &id]).map_err(|error| {
            error.with_conflict_hint(
                "delete its role bindings first (role_bindings().list finds them), then the role",
            )
        })
    }

    /// The ID of a role: an ID is returned as it is, with no request; a name
    /// is looked up by listing every role.
    ///
    /// # Errors
    ///
    /// [`Error::NameNotFound`] when no role has the name,
    /// [`Error::AmbiguousName`] when several do.
    pub fn resolve(&self, role: impl Into<RoleRef>) -> Result<String> {
        role.into().resolve(&self.client)
    }
}

/// The filters of a [`ListRoles`].
#[derive(Debug, Clone, Default)]
pub struct RoleFilters {
    is_predefined: Option<bool>,
}

/// The query of `list_roles`, besides `limit` and `cursor`.
#[derive(Debug, Serialize)]
pub struct RoleQuery {
    is_predefined: Option<bool>,
}

impl ListRoles {
    /// Only predefined (system) roles for `true`, only custom roles for
    /// `false`. Defaults to both.
    pub fn predefined(self, is_predefined: bool) -> Self {
        self.set_predefined(Some(is_predefined))
    }

    /// The predefined filter, or both kinds for `None` (the default).
    pub fn set_predefined(self, is_predefined: Option<bool>) -> Self {
        self.filter(|f| f.is_predefined = is_predefined)
    }
}

impl Sealed for RoleDefinition {}

impl Resource for RoleDefinition {
    const KIND: ResourceKind = ResourceKind::Role;
    const PATH: &'static str = "roles";
    const LIST_OPERATION: &'static str = "list_roles";
    type Filters = RoleFilters;
    type Query = RoleQuery;
    type Page = types::ListRolesResponse;

    fn prepare(_: &Client, filters: &RoleFilters) -> Result<RoleQuery> {
        Ok(RoleQuery {
            is_predefined: filters.is_predefined,
        })
    }

    fn split(page: types::ListRolesResponse) -> (Vec<RoleDefinition>, types::PaginationMetadata) {
        (page.roles, page.pagination)
    }
}

impl Named for RoleDefinition {
    type Scope = NoScope;
    const GET_OPERATION: &'static str = "get_role";

    fn id(&self) -> &str {
        &self.id
    }

    fn has_name(&self, name: &str) -> bool {
        self.name == name
    }

    fn search(
        client: &Client,
        _: &str,
        scope: Option<&NoScope>,
    ) -> Result<(ListRoles, Option<String>)> {
        if let Some(scope) = scope {
            match *scope {}
        }
        // The API has no name filter: every role is read.
        let listing = ListRoles::new(client.clone()).limit(DEFAULT_ITER_PAGE_SIZE);
        Ok((listing, None))
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
        check_permissions(&self.permissions)?;
        let body = types::CreateRoleRequest {
            name: convert("name", self.name)?,
            description: self
                .description
                .map(|description| convert("description", description))
                .transpose()?,
            permissions: self.permissions,
        };
        let request = Request::post("create_role", &["roles"]).json(&body);
        self.client.transport().send_json(request)
    }
}

/// Changes to a custom role, from [`Roles::update`].
///
/// A field not set is left as it is, a set one replaces it (the
/// permissions as a whole set), and
/// [`clear_description`](Self::clear_description) sends `null`. At least
/// one must be set.
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until it is sent"]
pub struct UpdateRole {
    client: Client,
    role: RoleRef,
    name: Option<String>,
    description: Option<Option<String>>,
    permissions: Option<Vec<Permission>>,
}

/// The `UpdateRoleRequest` of the spec, written by hand so that
/// `Some(None)` sends `null` (typify#851), out of the generated field types,
/// which carry the spec's limits.
#[derive(Serialize)]
struct UpdateRoleBody {
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<types::UpdateRoleRequestName>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<Option<types::UpdateRoleRequestDescription>>,
    #[serde(skip_serializing_if = "Option::is_none")]
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
        if self.name.is_none() && self.description.is_none() && self.permissions.is_none() {
            return Err(Error::invalid(
                "update",
                "nothing to change: set at least one field",
            ));
        }
        if let Some(permissions) = &self.permissions {
            check_permissions(permissions)?;
        }
        let body = UpdateRoleBody {
            name: self.name.map(|name| convert("name", name)).transpose()?,
            description: self
                .description
                .map(|d| d.map(|d| convert("description", d)).transpose())
                .transpose()?,
            permissions: self.permissions,
        };
        let id = self.role.resolve(&self.client)?;
        let request = Request::patch("update_role", &["roles", &id]).json(&body);
        self.client.transport().send_json(request)
    }
}
