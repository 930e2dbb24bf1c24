//! The organizations operations: one method or builder per endpoint.

use crate::{
    Client, Error, Result, Role,
    check::convert,
    error::ResourceKind,
    members::{self, BulkAddUsers},
    names::{Named, NoScope, sealed::Lookup},
    notices::Call,
    operation::{Op, Operation},
    query::Value,
    resource::{operations, sealed::Listed},
    transport::Request,
    types::{self, Organization, OrganizationMembership},
    users::UserRef,
};

operations! {
    /// The organizations operations, from [`Client::organizations`].
    ///
    /// An organization is the account-level container of spaces. Wherever one
    /// is named, an [`OrganizationRef`] is taken: its ID or its name. No
    /// endpoint lists an organization's members:
    /// [`add_user`](Organizations::add_user) returns the membership it made.
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
    pub struct Organizations for Organization (organization: "organization", "organizations") {
        /// The organizations operations: list, get, create, update, delete, and
        /// membership.
        fn organizations;
        list: ListOrganizations;
        /// A name is looked up by listing every page of `name=<name>`,
        /// `limit=100` and keeping exact (case-sensitive) matches; names are
        /// unique in an account.
        named OrganizationRef by "name";
        /// Deleting an organization deletes **everything in it**: every space
        /// of the organization and all their contents (projects, experiments,
        /// evaluators, models, monitors, dashboards, datasets, annotation
        /// configs and queues, custom metrics, …), and the organization's
        /// integrations, cost configurations, SAML identity providers and API
        /// keys. This cannot be undone.
        ///
        /// # Errors
        ///
        /// [`Error::NotFound`] if there is no such organization (see
        /// [`Deletion`](crate::Deletion) for the one case where a 404 is not
        /// an error).
        delete (DeleteOrganization);
    }
}

impl Organizations {
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
        let _call = Call::enter("organizations().add_user");
        let (organization, user) = (organization.into(), user.into());
        let operation = Op::AddOrganizationUser;
        members::add(&self.client, operation, organization, user, role.into())
    }

    /// Starts giving many users (IDs or emails) a role in an organization,
    /// several requests at once; set the concurrency or a progress callback
    /// on the returned [`BulkAddUsers`], then [`send`](BulkAddUsers::send)
    /// it. The organization and the role are resolved once, the emails
    /// together (see the crate docs, "Bulk work").
    ///
    /// ```no_run
    /// use arize::PredefinedRole;
    /// # let client = arize::Client::from_env()?;
    /// let newcomers = ["ann@acme.example", "bo@acme.example"];
    /// let batch = client
    ///     .organizations()
    ///     .bulk_add_users("acme", newcomers, PredefinedRole::Member)
    ///     .concurrency(4)
    ///     .send()?;
    /// assert_eq!(batch.len(), 2);
    /// # Ok::<(), arize::Error>(())
    /// ```
    pub fn bulk_add_users<'a, I>(
        &self,
        organization: impl Into<OrganizationRef>,
        users: I,
        role: impl Into<Role>,
    ) -> BulkAddUsers<'a, OrganizationMembership>
    where
        I: IntoIterator,
        I::Item: Into<UserRef>,
    {
        let users = users.into_iter().map(Into::into).collect();
        BulkAddUsers::new(&self.client, organization.into(), users, role.into())
    }

    /// Removes a user from an organization, **and from every space of the
    /// organization**.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`] when the user is not a member (see
    /// [`Deletion`](crate::Deletion) for the one case where a 404 is not an
    /// error).
    pub fn remove_user(
        &self,
        organization: impl Into<OrganizationRef>,
        user: impl Into<UserRef>,
    ) -> Result<crate::Deletion> {
        let _call = Call::enter("organizations().remove_user");
        let (organization, user) = (organization.into(), user.into());
        members::remove(&self.client, Op::RemoveOrganizationUser, organization, user)
    }
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
        self.param("name", name.map(Value::Text))
    }
}

impl Listed for Organization {
    const KIND: ResourceKind = ResourceKind::Organization;
    const LIST: &'static Operation = Op::ListOrganizations.get();
}

impl Named for Organization {
    type Scope = NoScope;
}

impl Lookup for Organization {
    const GET: &'static Operation = Op::GetOrganization.get();

    fn id(&self) -> &str {
        &self.id
    }

    fn has_name(&self, name: &str) -> bool {
        // The server's filter is a case-insensitive substring match.
        self.name == name
    }

    fn search(list: ListOrganizations, name: &str, _: Option<String>) -> Result<ListOrganizations> {
        // Checked here so that the error names the organization.
        convert::<types::ListOrganizationsName, _>("organization", name)?;
        Ok(list.name(name))
    }
}

/// An organization to create, from [`Organizations::create`].
///
/// ```
/// # #[cfg(feature = "testing")] {
/// # let fake = arize::testing::FakeServer::start();
/// # let client = fake.client();
/// let acme = client.organizations().create("acme").description("Acme Corp").send()?;
/// assert_eq!(acme.description, "Acme Corp");
/// # }
/// # Ok::<(), arize::Error>(())
/// ```
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
        let _call = Call::enter("organizations().create");
        let body = types::CreateOrganizationRequest {
            name: convert("name", self.name)?,
            description: self
                .description
                .map(|description| convert("description", description))
                .transpose()?,
        };
        let request = Request::new(Op::CreateOrganization, &[]).json(&body);
        self.client.transport().send_json(request)
    }
}

/// Changes to an organization, from [`Organizations::update`].
///
/// A field not set is left as it is (omitted from the `PATCH`), a set one
/// replaces it, and [`clear_description`](Self::clear_description) sends
/// `null`. At least one must be set.
///
/// ```
/// # #[cfg(feature = "testing")] {
/// # let fake = arize::testing::FakeServer::builder().organization("acme").start();
/// # let client = fake.client();
/// // Sends {"name":"acme-corp","description":null}
/// let renamed = client
///     .organizations()
///     .update("acme")
///     .name("acme-corp")
///     .clear_description()
///     .send()?;
/// assert_eq!(renamed.name, "acme-corp");
/// # }
/// # Ok::<(), arize::Error>(())
/// ```
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until it is sent"]
pub struct UpdateOrganization {
    client: Client,
    organization: OrganizationRef,
    name: Option<String>,
    description: Option<Option<String>>,
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
        let _call = Call::enter("organizations().update");
        if self.name.is_none() && self.description.is_none() {
            return Err(Error::invalid(
                "update",
                "nothing to change: set at least one field",
            ));
        }
        let body = types::UpdateOrganizationRequest {
            name: self.name.map(|name| convert("name", name)).transpose()?,
            description: self
                .description
                .map(|d| d.map(|d| convert("description", d)).transpose())
                .transpose()?,
        };
        let id = self.organization.resolve(&self.client)?;
        let request = Request::new(Op::UpdateOrganization, &[&id]).json(&body);
        self.client.transport().send_json(request)
    }
}

impl crate::members::sealed::Member for OrganizationMembership {
    type Parent = Organization;
    const CALL: &'static str = "organizations().bulk_add_users";
    const ADD: Op = Op::AddOrganizationUser;
}
