//! The spaces operations: one method or builder per endpoint.

use crate::{
    Client, Error, Result, Role,
    check::convert,
    error::ResourceKind,
    members::{self, BulkAddUsers},
    names::{NameOrId, Named, sealed::Lookup},
    notices::Call,
    operation::{Op, Operation},
    organizations::OrganizationRef,
    query::Value,
    resource::{operations, sealed::Listed},
    transport::Request,
    types::{self, Space, SpaceMembership},
    users::UserRef,
};

operations! {
    /// The spaces operations, from [`Client::spaces`].
    ///
    /// Wherever a space is named, a [`SpaceRef`] is taken: a plain `&str` is
    /// classified as an ID or a name the way the official SDKs do it, and
    /// names are resolved to IDs by listing.
    ///
    /// No endpoint lists a space's members: [`add_user`](Spaces::add_user)
    /// returns the membership it made, and the bindings on a space are
    /// listed by [`RoleBindings::list`](crate::RoleBindings::list).
    ///
    /// ```no_run
    /// # let client = arize::Client::from_env()?;
    /// let space = client.spaces().get("my-space")?;
    /// let same = client.spaces().get(space.id.as_str())?;
    /// # Ok::<(), arize::Error>(())
    /// ```
    pub struct Spaces for Space (space: "space", "spaces") {
        /// The spaces operations: list, get, create, update, delete, and
        /// membership.
        fn spaces;
        list: ListSpaces;
        /// A name is looked up by listing every page of `name=<name>`,
        /// `limit=100` and keeping exact (case-sensitive) matches. Space
        /// names are unique only within an organization: scope one with
        /// [`SpaceRef::in_organization`].
        named SpaceRef by "exact name";
        /// Deletes the space and everything in it (models, monitors,
        /// dashboards, datasets, custom metrics). This cannot be undone.
        ///
        /// # Errors
        ///
        /// [`Error::NotFound`] if there is no such space (see
        /// [`Deletion`](crate::Deletion) for the one case where a 404 is not
        /// an error).
        delete (DeleteSpace);
    }
}

impl Spaces {
    /// Starts creating a space named `name` in an organization (by ID or
    /// name); set the optional fields on the returned [`CreateSpace`], then
    /// [`send`](CreateSpace::send) it.
    ///
    /// ```no_run
    /// # let client = arize::Client::from_env()?;
    /// let space = client
    ///     .spaces()
    ///     .create("fraud-models", "T3JnYW5pemF0aW9uOjE=")
    ///     .description("Models of the fraud team")
    ///     .send()?;
    /// # Ok::<(), arize::Error>(())
    /// ```
    pub fn create(
        &self,
        name: impl Into<String>,
        organization: impl Into<OrganizationRef>,
    ) -> CreateSpace {
        CreateSpace {
            client: self.client.clone(),
            name: name.into(),
            organization: organization.into(),
            description: None,
            is_private: None,
        }
    }

    /// Starts updating a space; set the fields to change on the returned
    /// [`UpdateSpace`], then [`send`](UpdateSpace::send) it.
    pub fn update(&self, space: impl Into<SpaceRef>) -> UpdateSpace {
        UpdateSpace {
            client: self.client.clone(),
            space: space.into(),
            changes: Changes::default(),
        }
    }

    /// Gives a user (by ID or email) a role in a space, or changes the role
    /// of a member (the call is an upsert). The user must already belong to
    /// the space's organization.
    ///
    /// ```no_run
    /// use arize::{PredefinedRole, Role};
    /// # let client = arize::Client::from_env()?;
    /// let spaces = client.spaces();
    /// spaces.add_user("my-space", "alice@acme.example", PredefinedRole::Member)?;
    /// let membership = spaces.add_user("my-space", "VXNlcjo0Mw==", Role::custom("Um9sZTo3"))?;
    /// println!("{} is now {:?}", membership.user_id, membership.role);
    /// # Ok::<(), arize::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::BadRequest`] when the user is outside the organization or the
    /// role does not fit the user's account (annotators can only be
    /// annotators, and only they can be), [`Error::Forbidden`] without space
    /// admin (predefined roles) or `ROLE_BINDING_CREATE` (custom roles).
    pub fn add_user(
        &self,
        space: impl Into<SpaceRef>,
        user: impl Into<UserRef>,
        role: impl Into<Role>,
    ) -> Result<SpaceMembership> {
        let _call = Call::enter("spaces().add_user");
        let (space, user) = (space.into(), user.into());
        members::add(&self.client, Op::AddSpaceUser, space, user, role.into())
    }

    /// Starts giving many users (IDs or emails) a role in a space, several
    /// requests at once; set the concurrency or a progress callback on the
    /// returned [`BulkAddUsers`], then [`send`](BulkAddUsers::send) it.
    ///
    /// The space and the role are resolved once for the whole batch, and
    /// the emails together: putting 80 people into a space by name takes
    /// one space lookup, 80 adds and the user lookups the rule in the
    /// crate docs ("Bulk work") chooses (a single one in an account of at
    /// most 100 users), instead of 80 of each.
    ///
    /// ```no_run
    /// use arize::PredefinedRole;
    /// # let client = arize::Client::from_env()?;
    /// let team = ["ann@acme.example", "bo@acme.example", "cy@acme.example"];
    /// let batch = client
    ///     .spaces()
    ///     .bulk_add_users("fraud-models", team, PredefinedRole::Member)
    ///     .send()?;
    /// for outcome in &batch {
    ///     if let Err(error) = &outcome.result {
    ///         eprintln!("{:?}: {error}", outcome.input);
    ///     }
    /// }
    /// # Ok::<(), arize::Error>(())
    /// ```
    pub fn bulk_add_users<'a, I>(
        &self,
        space: impl Into<SpaceRef>,
        users: I,
        role: impl Into<Role>,
    ) -> BulkAddUsers<'a, SpaceMembership>
    where
        I: IntoIterator,
        I::Item: Into<UserRef>,
    {
        let users = users.into_iter().map(Into::into).collect();
        BulkAddUsers::new(&self.client, space.into(), users, role.into())
    }

    /// Removes a user (by ID or email) from a space: their membership and
    /// every role binding they hold on it.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`] when the user is not a member (see
    /// [`Deletion`](crate::Deletion) for the one case where a 404 is not an
    /// error).
    pub fn remove_user(
        &self,
        space: impl Into<SpaceRef>,
        user: impl Into<UserRef>,
    ) -> Result<crate::Deletion> {
        let _call = Call::enter("spaces().remove_user");
        let (space, user) = (space.into(), user.into());
        members::remove(&self.client, Op::RemoveSpaceUser, space, user)
    }
}

impl SpaceRef {
    /// An exact space name, looked up within one organization (by ID or
    /// name), where space names are unique.
    pub fn in_organization(
        name: impl Into<String>,
        organization: impl Into<OrganizationRef>,
    ) -> SpaceRef {
        NameOrId::Scoped {
            name: name.into(),
            scope: organization.into(),
        }
    }
}

impl ListSpaces {
    /// Only spaces of this organization, by ID or name (a name is resolved
    /// before the first request).
    pub fn organization(self, organization: impl Into<OrganizationRef>) -> Self {
        self.set_organization(Some(organization.into()))
    }

    /// Only spaces of this organization, or of every organization for `None`
    /// (the default).
    pub fn set_organization(self, organization: Option<OrganizationRef>) -> Self {
        self.param("org_id", organization.map(Value::from))
    }

    /// Only spaces of the organization with this ID, taken as an ID
    /// whatever it looks like.
    pub fn organization_id(self, organization_id: impl Into<String>) -> Self {
        self.set_organization_id(Some(organization_id.into()))
    }

    /// [`organization_id`](Self::organization_id), or every organization
    /// for `None` (the default).
    pub fn set_organization_id(self, organization_id: Option<String>) -> Self {
        self.set_organization(organization_id.map(NameOrId::Id))
    }

    /// Only spaces whose name contains this text, ignoring case (the server's
    /// filter; at most 255 characters). For an exact name, use
    /// [`Spaces::get`].
    pub fn name(self, name: impl Into<String>) -> Self {
        self.set_name(Some(name.into()))
    }

    /// The name filter, or none for `None` (the default).
    pub fn set_name(self, name: Option<String>) -> Self {
        self.param("name", name.map(Value::Text))
    }
}

impl Listed for Space {
    const KIND: ResourceKind = ResourceKind::Space;
    const LIST: &'static Operation = Op::ListSpaces.get();
}

impl Named for Space {
    type Scope = OrganizationRef;
}

impl Lookup for Space {
    const GET: &'static Operation = Op::GetSpace.get();

    fn id(&self) -> &str {
        &self.id
    }

    fn has_name(&self, name: &str) -> bool {
        // The server's filter is a case-insensitive substring match.
        self.name == name
    }

    fn search(list: ListSpaces, name: &str, organization: Option<String>) -> Result<ListSpaces> {
        // Checked here so that the error names the space, not the filter.
        convert::<types::ListSpacesName, _>("space", name)?;
        Ok(list.name(name).set_organization_id(organization))
    }
}

/// A space to create, from [`Spaces::create`].
///
/// ```
/// # #[cfg(feature = "testing")] {
/// # let fake = arize::testing::FakeServer::builder().organization("acme").start();
/// # let client = fake.client();
/// let space = client
///     .spaces()
///     .create("fraud-models", "acme") // the organization by name or ID
///     .description("Models of the fraud team")
///     .private(true)
///     .send()?;
/// assert!(space.is_private);
/// # }
/// # Ok::<(), arize::Error>(())
/// ```
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until it is sent"]
pub struct CreateSpace {
    client: Client,
    name: String,
    organization: OrganizationRef,
    description: Option<String>,
    is_private: Option<bool>,
}

impl CreateSpace {
    /// A description of at most 1,000 characters. Defaults to empty.
    pub fn description(self, description: impl Into<String>) -> Self {
        self.set_description(Some(description.into()))
    }

    /// The description, or none for `None` (the default).
    pub fn set_description(mut self, description: Option<String>) -> Self {
        self.description = description;
        self
    }

    /// Whether the space is private: visible only to its members and admins.
    /// Defaults to `false`.
    pub fn private(mut self, private: bool) -> Self {
        self.is_private = Some(private);
        self
    }

    /// Creates the space (`POST /v2/spaces`) and returns it.
    ///
    /// A create is not idempotent, so it is retried only when the connection
    /// could not be made at all. If the connection drops after the request
    /// was sent, the error is returned and the space may or may not exist:
    /// look it up by name before trying again.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] for an empty or over-long name (255) or
    /// description (1,000), or an empty organization ID, before anything is
    /// sent; [`Error::Conflict`] when the name is taken in the organization.
    pub fn send(self) -> Result<Space> {
        let _call = Call::enter("spaces().create");
        let name = convert("name", self.name)?;
        let description = self
            .description
            .map(|description| convert("description", description))
            .transpose()?;
        let organization_id = self.organization.resolve(&self.client)?;
        let body = types::CreateSpaceRequest {
            name,
            organization_id: convert("organization", organization_id)?,
            description,
            is_private: self.is_private.unwrap_or(false),
        };
        if body.is_private {
            warn_private(&format!("creating space {:?} private", *body.name));
        }
        let request = Request::new(Op::CreateSpace, &[]).json(&body);
        self.client.transport().send_json(request)
    }
}

/// Changes to a space, from [`Spaces::update`].
///
/// Each field has three states: not set (left as it is, and omitted from the
/// `PATCH` body), set to a value, or cleared (sent as `null`). Only
/// `description`, `default_llm_integration` and `default_agent_runtime` can
/// be cleared, so only they have a `clear_*` method.
///
/// ```no_run
/// # let client = arize::Client::from_env()?;
/// let space = client
///     .spaces()
///     .update("fraud-models")
///     .name("fraud-models-v2")
///     .clear_description()
///     .send()?;
/// // Sent: {"name":"fraud-models-v2","description":null}
/// # Ok::<(), arize::Error>(())
/// ```
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until it is sent"]
pub struct UpdateSpace {
    client: Client,
    space: SpaceRef,
    changes: Changes,
}

/// The changes as set, unchecked: an outer `None` leaves the field out,
/// `Some(None)` clears it.
#[derive(Debug, Clone, Default, PartialEq)]
struct Changes {
    name: Option<String>,
    description: Option<Option<String>>,
    is_private: Option<bool>,
    /// Integration ID and model name.
    default_llm_integration: Option<Option<(String, String)>>,
    ml_models_enabled: Option<bool>,
    gradient_start_color: Option<String>,
    gradient_end_color: Option<String>,
    /// Integration ID.
    default_agent_runtime: Option<Option<String>>,
}

impl UpdateSpace {
    /// A new name, at most 255 characters, unique in the organization.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.changes.name = Some(name.into());
        self
    }

    /// A new description, 1 to 1,000 characters. To remove it, use
    /// [`clear_description`](Self::clear_description): the API rejects an
    /// empty one.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.changes.description = Some(Some(description.into()));
        self
    }

    /// Removes the description (sends `null`).
    pub fn clear_description(mut self) -> Self {
        self.changes.description = Some(None);
        self
    }

    /// Makes the space private or public.
    ///
    /// Add the members first: once private, the space is invisible to users
    /// who are neither members nor admins. The client logs a warning (as
    /// the official SDKs do) when a space is made private.
    pub fn private(mut self, private: bool) -> Self {
        self.changes.is_private = Some(private);
        self
    }

    /// A new default LLM integration and the model to use with it.
    pub fn default_llm_integration(
        mut self,
        integration_id: impl Into<String>,
        model_name: impl Into<String>,
    ) -> Self {
        self.changes.default_llm_integration =
            Some(Some((integration_id.into(), model_name.into())));
        self
    }

    /// Removes the default LLM integration (sends `null`).
    pub fn clear_default_llm_integration(mut self) -> Self {
        self.changes.default_llm_integration = Some(None);
        self
    }

    /// Enables or disables ML models in the space.
    pub fn ml_models_enabled(mut self, enabled: bool) -> Self {
        self.changes.ml_models_enabled = Some(enabled);
        self
    }

    /// A new start colour for the space's avatar gradient.
    pub fn gradient_start_color(mut self, color: impl Into<String>) -> Self {
        self.changes.gradient_start_color = Some(color.into());
        self
    }

    /// A new end colour for the space's avatar gradient.
    pub fn gradient_end_color(mut self, color: impl Into<String>) -> Self {
        self.changes.gradient_end_color = Some(color.into());
        self
    }

    /// A new default agent runtime.
    pub fn default_agent_runtime(mut self, integration_id: impl Into<String>) -> Self {
        self.changes.default_agent_runtime = Some(Some(integration_id.into()));
        self
    }

    /// Removes the default agent runtime (sends `null`).
    pub fn clear_default_agent_runtime(mut self) -> Self {
        self.changes.default_agent_runtime = Some(None);
        self
    }

    /// Sends the changes (`PATCH /v2/spaces/{id}`) and returns the updated
    /// space. A `PATCH` sets absolute values, so it is retried like a read.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`], before anything is sent, when no field is
    /// set or a value is out of range; [`Error::Conflict`] when the new name
    /// is taken.
    pub fn send(self) -> Result<Space> {
        let _call = Call::enter("spaces().update");
        let body = self.changes.check()?;
        let id = self.space.resolve(&self.client)?;
        if body.is_private == Some(true) {
            warn_private(&format!("making space {id} private"));
        }
        let request = Request::new(Op::UpdateSpace, &[&id]).json(&body);
        self.client.transport().send_json(request)
    }
}

impl Changes {
    /// The body to send, or the first invalid change.
    fn check(self) -> Result<types::UpdateSpaceRequest> {
        if self == Changes::default() {
            return Err(Error::invalid(
                "update",
                "nothing to change: set at least one field",
            ));
        }
        if self.description == Some(Some(String::new())) {
            return Err(Error::invalid(
                "description",
                "the API rejects an empty description; use clear_description() to remove it",
            ));
        }
        Ok(types::UpdateSpaceRequest {
            name: self.name.map(|name| convert("name", name)).transpose()?,
            description: self
                .description
                .map(|d| d.map(|d| convert("description", d)).transpose())
                .transpose()?,
            is_private: self.is_private,
            default_llm_integration: self
                .default_llm_integration
                .map(|llm| llm.map(llm_integration).transpose())
                .transpose()?,
            ml_models_enabled: self.ml_models_enabled,
            gradient_start_color: self.gradient_start_color,
            gradient_end_color: self.gradient_end_color,
            default_agent_runtime: self
                .default_agent_runtime
                .map(|runtime| runtime.map(agent_runtime).transpose())
                .transpose()?,
        })
    }
}

fn llm_integration(
    (integration_id, model_name): (String, String),
) -> Result<types::LlmIntegrationRefRequest> {
    Ok(types::LlmIntegrationRefRequest {
        integration_id: convert("default_llm_integration.integration_id", integration_id)?,
        model_name: convert("default_llm_integration.model_name", model_name)?,
    })
}

fn agent_runtime(integration_id: String) -> Result<types::AgentRuntimeRefRequest> {
    Ok(types::AgentRuntimeRefRequest {
        integration_id: convert("default_agent_runtime.integration_id", integration_id)?,
    })
}

/// Warns, as the official SDKs do, that a private space is invisible to
/// whoever is neither a member nor an admin.
fn warn_private(what: &str) {
    log::warn!(
        "{what}: users who are neither members nor admins will not see it; add its members \
         first"
    );
}

impl crate::members::sealed::Member for SpaceMembership {
    type Parent = Space;
    const CALL: &'static str = "spaces().bulk_add_users";
    const ADD: Op = Op::AddSpaceUser;
}
