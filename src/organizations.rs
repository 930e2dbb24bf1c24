//! The organizations operations: one method or builder per endpoint.

use serde::Serialize;

use crate::{
    Client, Error, Result, Role,
    check::convert,
    error::ResourceKind,
    members,
    names::{NameOrId, Named, NoScope},
    pagination::{DEFAULT_ITER_PAGE_SIZE, List},
    resource::{Deletion, Resource, sealed::Sealed},
    transport::Request,
    types::{self, Organization, OrganizationMembership},
    users::UserRef,
};

/// An organization, named by ID or by name; see [`NameOrId`].
///
/// A name is looked up by listing every page of `name=<name>`, `limit=100`
/// and keeping exact (case-sensitive) matches; names are unique in an
/// account.
pub type OrganizationRef = NameOrId<Organization>;

/// A listing of organizations, from [`Organizations::list`]; see [`List`]
/// for paging.
pub type ListOrganizations = List<Organization>;

impl Client {
    /// The organizations operations: list, get, create, update, delete, and
    /// membership.
    pub fn organizations(&self) -> Organizations {
        Organizations {
            client: self.clone(),
        }
    }
}

/// The organizations operations, from [`Client::organizations`].
///
/// An organization is the account-level container of spaces. Wherever one
/// is named, an [`OrganizationRef`] is taken: its ID or its name.
///
/// ```no_run
/// use arize::PredefinedRole;
/// # let client = arize::Client::from_env()?;
/// let organizations = client.organizations();
/// let acme = organizations.create("acme").description("Acme Corp").send()?;
/// organizations.add_user("acme", "alice@acme.example", PredefinedRole::Admin)?;
/// for organization in organizations.list().items() {
///     println!("{}", organization?.name);
/// }
/// # Ok::<(), arize::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Organizations {
    client: Client,
}

impl Organizations {
    /// Starts a listing of the organizations the API key can access; see
    /// [`List`] for single pages and lazy iteration, and
    /// [`ListOrganizations::name`] for the filter.
    pub fn list(&self) -> ListOrganizations {
        List::new(self.client.clone())
    }

    /// Gets one organization by ID or by exact name.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`] for an unknown ID, [`Error::NameNotFound`] for a
    /// name, and the errors of any request.
    pub fn get(&self, organization: impl Into<OrganizationRef>) -> Result<Organization> {
        organization.into().get(&self.client)
    }

    /// Starts creating an organization named `name` (unique in the
    /// account); set the optional description on the returned
    /// [`CreateOrganization`], then [`send`](CreateOrganization::send) it.
    pub fn create(&self, name: impl Into<String>) -> CreateOrganization {
        CreateOrganization {
            client: self.client.clone(),
            name: name.into(),
            description: None,
        }
    }

    /// Starts updating an organization; set the fields to change on the
    /// returned [`UpdateOrganization`], then
    /// [`send`](UpdateOrganization::send) it.
    pub fn update(&self, organization: impl Into<OrganizationRef>) -> UpdateOrganization {
        UpdateOrganization {
            client: self.client.clone(),
            organization: organization.into(),
            name: None,
            description: None,
        }
    }

    /// Deletes an organization **and everything in it**: every space of the
    /// organization and all their contents (projects, experiments,
    /// evaluators, models, monitors, dashboards, datasets, annotation configs
    /// and queues, custom metrics, …), and the organization's integrations,
    /// cost configurations, SAML identity providers and API keys. This
    /// cannot be undone.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`] if there is no such organization (see
    /// [`Deletion`] for the one case where a 404 is not an error).
    pub fn delete(&self, organization: impl Into<OrganizationRef>) -> Result<Deletion> {
        let id = self.resolve(organization)?;
        Deletion::send(&self.client, "delete_organization", &["organizations", &id])
    }

    /// Gives an account user a role in an organization, or changes the role
    /// of a member (the call is an upsert). The user is named by ID or
    /// email.
    ///
    /// The role is predefined (admin, member, read-only, annotator) or
    /// custom. A user whose *account* role is annotator can only be given
    /// `ANNOTATOR`, and only such users can be.
    ///
    /// # Errors
    ///
    /// [`Error::BadRequest`] when the role does not fit the user's account,
    /// [`Error::NotFound`] for an unknown user or custom role,
    /// [`Error::Forbidden`] without organization admin.
    pub fn add_user(
        &self,
        organization: impl Into<OrganizationRef>,
        user: impl Into<UserRef>,
        role: impl Into<Role>,
    ) -> Result<OrganizationMembership> {
        let (organization, user) = (organization.into(), user.into());
        members::add(
            &self.client,
            "add_organization_user",
            organization,
            user,
            role.into(),
        )
    }

    /// Removes a user from an organization, **and from every space of the
    /// organization**.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`] when the user is not a member (see [`Deletion`]
    /// for the one case where a 404 is not an error).
    pub fn remove_user(
        &self,
        organization: impl Into<OrganizationRef>,
        user: impl Into<UserRef>,
    ) -> Result<Deletion> {
        let (organization, user) = (organization.into(), user.into());
        members::remove(&self.client, "remove_organization_user", organization, user)
    }

    /// The ID of an organization: an ID is returned as it is, with no
    /// request; a name is looked up by listing.
    ///
    /// # Errors
    ///
    /// [`Error::NameNotFound`] when no organization has the name.
    pub fn resolve(&self, organization: impl Into<OrganizationRef>) -> Result<String> {
        organization.into().resolve(&self.client)
    }
}

/// The filters of a [`ListOrganizations`].
#[derive(Debug, Clone, Default)]
pub struct OrganizationFilters {
    name: Option<String>,
}

/// The query of `list_organizations`, besides `limit` and `cursor`.
#[derive(Debug, Serialize)]
pub struct OrganizationQuery {
    name: Option<String>,
}

impl ListOrganizations {
    /// Only organizations whose name contains this text, ignoring case (the
    /// server's filter; at most 255 characters). For an exact name, use
    /// [`Organizations::get`].
    pub fn name(self, name: impl Into<String>) -> Self {
        self.set_name(Some(name.into()))
    }

    /// The name filter, or none for `None` (the default).
    pub fn set_name(self, name: Option<String>) -> Self {
        self.filter(|f| f.name = name)
    }
}

impl Sealed for Organization {}

impl Resource for Organization {
    const KIND: ResourceKind = ResourceKind::Organization;
    const PATH: &'static str = "organizations";
    const LIST_OPERATION: &'static str = "list_organizations";
    type Filters = OrganizationFilters;
    type Query = OrganizationQuery;
    type Page = types::ListOrganizationsResponse;

    fn prepare(_: &Client, filters: &OrganizationFilters) -> Result<OrganizationQuery> {
        if let Some(name) = &filters.name {
            convert::<types::ListOrganizationsName, _>("name", name.as_str())?;
        }
        Ok(OrganizationQuery {
            name: filters.name.clone(),
        })
    }

    fn split(
        page: types::ListOrganizationsResponse,
    ) -> (Vec<Organization>, types::PaginationMetadata) {
        (page.organizations, page.pagination)
    }
}

impl Named for Organization {
    type Scope = NoScope;
    const GET_OPERATION: &'static str = "get_organization";

    fn id(&self) -> &str {
        &self.id
    }

    fn has_name(&self, name: &str) -> bool {
        // The server's filter is a case-insensitive substring match.
        self.name == name
    }

    fn search(
        client: &Client,
        name: &str,
        scope: Option<&NoScope>,
    ) -> Result<(ListOrganizations, Option<String>)> {
        if let Some(scope) = scope {
            match *scope {}
        }
        // Checked here so that the error names the organization.
        convert::<types::ListOrganizationsName, _>("organization", name)?;
        let listing = ListOrganizations::new(client.clone())
            .name(name)
            .limit(DEFAULT_ITER_PAGE_SIZE);
        Ok((listing, None))
    }
}

/// An organization to create, from [`Organizations::create`].
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until it is sent"]
pub struct CreateOrganization {
    client: Client,
    name: String,
    description: Option<String>,
}

impl CreateOrganization {
    /// A description of at most 1,000 characters. Defaults to empty.
    pub fn description(self, description: impl Into<String>) -> Self {
        self.set_description(Some(description.into()))
    }

    /// The description, or none for `None` (the default).
    pub fn set_description(mut self, description: Option<String>) -> Self {
        self.description = description;
        self
    }

    /// Creates the organization (`POST /v2/organizations`) and returns it.
    ///
    /// A create is not idempotent, so it is retried only when the connection
    /// could not be made at all; after a lost answer, look the name up
    /// before trying again.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] for an empty or over-long name (255) or
    /// description (1,000), before anything is sent; [`Error::Conflict`]
    /// when the name is taken in the account.
    pub fn send(self) -> Result<Organization> {
        let body = types::CreateOrganizationRequest {
            name: convert("name", self.name)?,
            description: self
                .description
                .map(|description| convert("description", description))
                .transpose()?,
        };
        let request = Request::post("create_organization", &["organizations"]).json(&body);
        self.client.transport().send_json(request)
    }
}

/// Changes to an organization, from [`Organizations::update`].
///
/// A field not set is left as it is (omitted from the `PATCH`), a set one
/// replaces it, and [`clear_description`](Self::clear_description) sends
/// `null`. At least one must be set.
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until it is sent"]
pub struct UpdateOrganization {
    client: Client,
    organization: OrganizationRef,
    name: Option<String>,
    description: Option<Option<String>>,
}

/// The `UpdateOrganizationRequest` of the spec, written by hand so that
/// `Some(None)` sends `null` (typify#851), out of the generated field types,
/// which carry the spec's limits.
#[derive(Serialize)]
struct UpdateOrganizationBody {
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<types::UpdateOrganizationRequestName>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<Option<types::UpdateOrganizationRequestDescription>>,
}

impl UpdateOrganization {
    /// A new name, at most 255 characters, unique in the account.
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

    /// Sends the changes (`PATCH /v2/organizations/{id}`) and returns the
    /// updated organization. A `PATCH` sets absolute values, so it is
    /// retried like a read.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`], before anything is sent, when no field is
    /// set or a value is out of range; [`Error::Conflict`] when the new name
    /// is taken.
    pub fn send(self) -> Result<Organization> {
        if self.name.is_none() && self.description.is_none() {
            return Err(Error::invalid(
                "update",
                "nothing to change: set at least one field",
            ));
        }
        let body = UpdateOrganizationBody {
            name: self.name.map(|name| convert("name", name)).transpose()?,
            description: self
                .description
                .map(|d| d.map(|d| convert("description", d)).transpose())
                .transpose()?,
        };
        let id = self.organization.resolve(&self.client)?;
        let request = Request::patch("update_organization", &["organizations", &id]).json(&body);
        self.client.transport().send_json(request)
    }
}
