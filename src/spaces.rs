//! The spaces operations: one method or builder per endpoint.

use base64::Engine;
use serde::Serialize;
use ureq::http::Method;

use crate::{
    Client, Error, Result, Role,
    pagination::{Items, Page, Pages},
    transport::{Request, Retry},
    types::{self, AgentRuntimeRef, LlmIntegrationRef, Space, SpaceMembership},
};

/// Page size of a single [`ListSpaces::send`] without a `limit`, as the
/// official SDKs use.
pub const DEFAULT_PAGE_SIZE: u32 = 50;

/// Page size of [`ListSpaces::iter`] and [`ListSpaces::pages`] without a
/// `limit`: the largest the API allows, so that iterating takes the fewest
/// requests.
pub const DEFAULT_ITER_PAGE_SIZE: u32 = 100;

const MAX_NAME: usize = 255;
const MAX_DESCRIPTION: usize = 1000;

/// The spaces operations, from [`Client::spaces`].
///
/// Wherever a space is named, a [`SpaceRef`] is taken: a plain `&str` is
/// classified as an ID or a name the way the official SDKs do it, and names
/// are resolved to IDs by listing.
#[derive(Debug, Clone)]
pub struct Spaces {
    client: Client,
}

impl Spaces {
    pub(crate) fn new(client: Client) -> Spaces {
        Spaces { client }
    }

    /// Starts a listing; see [`ListSpaces`] for filters, single pages and
    /// lazy iteration.
    pub fn list(&self) -> ListSpaces {
        ListSpaces {
            client: self.client.clone(),
            organization_id: None,
            name: None,
            limit: None,
            cursor: None,
        }
    }

    /// Gets one space by ID or by exact name.
    ///
    /// By ID it sends `GET /v2/spaces/{id}`. By name it lists with the name
    /// as filter and returns the one exact match from the listing, with no
    /// further request.
    ///
    /// ```no_run
    /// # let client = arize::Client::from_env()?;
    /// let space = client.spaces().get("my-space")?;
    /// let same = client.spaces().get(space.id.as_str())?;
    /// # Ok::<(), arize::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`] for an unknown ID, [`Error::NameNotFound`] or
    /// [`Error::AmbiguousName`] for a name, and the errors of any request.
    pub fn get(&self, space: impl Into<SpaceRef>) -> Result<Space> {
        match space.into().checked()? {
            SpaceRef::Id(id) => self.client.send_json(Request::new(
                Method::GET,
                &["spaces", &id],
                Retry::Idempotent,
            )),
            named => self.find(&named),
        }
    }

    /// Starts creating a space named `name` in organization
    /// `organization_id`; set the optional fields on the returned
    /// [`CreateSpace`], then [`send`](CreateSpace::send) it.
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
        organization_id: impl Into<String>,
    ) -> CreateSpace {
        CreateSpace {
            client: self.client.clone(),
            name: name.into(),
            organization_id: organization_id.into(),
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
            body: UpdateSpaceBody::default(),
        }
    }

    /// Deletes a space and everything in it (models, monitors, dashboards,
    /// datasets, custom metrics). This cannot be undone.
    ///
    /// A name that matches several spaces deletes nothing: it fails with
    /// [`Error::AmbiguousName`] before any `DELETE` is sent.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`] if there is no such space (see [`Deletion`] for
    /// the one case where a 404 is not an error).
    pub fn delete(&self, space: impl Into<SpaceRef>) -> Result<Deletion> {
        let id = self.resolve(space)?;
        let reply = self.client.send(Request::new(
            Method::DELETE,
            &["spaces", &id],
            Retry::Delete,
        ))?;
        Ok(Deletion::from_status(reply.status))
    }

    /// Gives a user a role in a space, or changes the role of a member (the
    /// call is an upsert). The user must already belong to the space's
    /// organization.
    ///
    /// ```no_run
    /// use arize::{PredefinedRole, Role};
    /// # let client = arize::Client::from_env()?;
    /// let spaces = client.spaces();
    /// spaces.add_user("my-space", "VXNlcjo0Mg==", PredefinedRole::Member)?;
    /// let membership = spaces.add_user("my-space", "VXNlcjo0Mw==", Role::custom("Um9sZTo3"))?;
    /// println!("{} is now {}", membership.user_id, membership.role);
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
        user_id: impl Into<String>,
        role: impl Into<Role>,
    ) -> Result<SpaceMembership> {
        let role = role.into();
        if let Role::Custom { id, .. } = &role {
            non_empty("role", id)?;
        }
        let body = types::AddSpaceUserRequest {
            role,
            user_id: user_id
                .into()
                .try_into()
                .map_err(|e| Error::invalid("user_id", format!("{e}")))?,
        };
        let space = self.resolve(space)?;
        // An upsert: sending it twice leaves the same membership.
        let request = Request::new(
            Method::POST,
            &["spaces", &space, "users"],
            Retry::Idempotent,
        );
        self.client.send_json(request.json(&body))
    }

    /// Removes a user from a space: their membership and every role binding
    /// they hold on it.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`] when the user is not a member (see [`Deletion`]
    /// for the one case where a 404 is not an error).
    pub fn remove_user(
        &self,
        space: impl Into<SpaceRef>,
        user_id: impl AsRef<str>,
    ) -> Result<Deletion> {
        let user_id = user_id.as_ref();
        non_empty("user_id", user_id)?;
        let space = self.resolve(space)?;
        let request = Request::new(
            Method::DELETE,
            &["spaces", &space, "users", user_id],
            Retry::Delete,
        );
        Ok(Deletion::from_status(self.client.send(request)?.status))
    }

    /// The ID of a space: an ID is returned as it is, with no request; a name
    /// is looked up by listing every page of `name=<name>`, `limit=100` and
    /// keeping exact (case-sensitive) matches.
    ///
    /// # Errors
    ///
    /// [`Error::NameNotFound`] when no space has the name,
    /// [`Error::AmbiguousName`] (listing the IDs) when several do.
    pub fn resolve(&self, space: impl Into<SpaceRef>) -> Result<String> {
        match space.into().checked()? {
            SpaceRef::Id(id) => Ok(id),
            named => Ok(self.find(&named)?.id),
        }
    }

    fn find(&self, space: &SpaceRef) -> Result<Space> {
        let (name, organization_id) = match space {
            SpaceRef::Name(name) => (name, None),
            SpaceRef::NameInOrganization {
                name,
                organization_id,
            } => (name, Some(organization_id.clone())),
            SpaceRef::Id(_) => unreachable!("IDs need no lookup"),
        };
        let mut matches = Vec::new();
        let listing = self
            .list()
            .name(name.clone())
            .set_organization_id(organization_id.clone())
            .limit(DEFAULT_ITER_PAGE_SIZE);
        for space in listing.iter() {
            let space = space?;
            // The filter is a case-insensitive substring match.
            if space.name == *name {
                matches.push(space);
            }
        }
        match matches.len() {
            0 => Err(Error::NameNotFound {
                name: name.clone(),
                organization_id,
            }),
            1 => Ok(matches.remove(0)),
            _ => Err(Error::AmbiguousName {
                name: name.clone(),
                ids: matches.into_iter().map(|s| s.id).collect(),
            }),
        }
    }
}

/// A space, named by ID or by name.
///
/// Every operation that names a space takes `impl Into<SpaceRef>`, so a
/// `&str` works directly and is classified like the official SDKs do: text
/// that is valid base64 and decodes to something containing `:` (IDs decode
/// to `Space:12345:…`) is an ID; anything else is a name. Use a variant to
/// force one reading, or to scope a name to an organization (names are only
/// unique within one).
///
/// ```
/// use arize::SpaceRef;
///
/// assert_eq!(SpaceRef::from("U3BhY2U6MTIzNDU="), SpaceRef::Id("U3BhY2U6MTIzNDU=".into()));
/// assert_eq!(SpaceRef::from("fraud-models"), SpaceRef::Name("fraud-models".into()));
/// let scoped = SpaceRef::NameInOrganization {
///     name: "fraud-models".into(),
///     organization_id: "T3JnYW5pemF0aW9uOjE=".into(),
/// };
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SpaceRef {
    /// A space ID, used as it is.
    Id(String),
    /// An exact space name, looked up across every organization visible to
    /// the API key.
    Name(String),
    /// An exact space name, looked up within one organization.
    NameInOrganization {
        /// The space name.
        name: String,
        /// The organization ID.
        organization_id: String,
    },
}

impl SpaceRef {
    /// Classifies text as an ID or a name, as the official SDKs do.
    pub fn parse(text: impl Into<String>) -> SpaceRef {
        let text = text.into();
        if is_id(&text) {
            SpaceRef::Id(text)
        } else {
            SpaceRef::Name(text)
        }
    }

    fn checked(self) -> Result<SpaceRef> {
        match &self {
            SpaceRef::Id(id) => non_empty("space", id)?,
            SpaceRef::Name(name) => check_name("space", name)?,
            SpaceRef::NameInOrganization {
                name,
                organization_id,
            } => {
                check_name("space", name)?;
                non_empty("organization_id", organization_id)?;
            }
        }
        Ok(self)
    }
}

/// Whether text is an Arize ID: valid base64 whose decoded bytes are text
/// containing a `:` (`Space:12345:abc`).
fn is_id(text: &str) -> bool {
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .is_some_and(|decoded| decoded.contains(':'))
}

impl From<&str> for SpaceRef {
    fn from(text: &str) -> SpaceRef {
        SpaceRef::parse(text)
    }
}

impl From<String> for SpaceRef {
    fn from(text: String) -> SpaceRef {
        SpaceRef::parse(text)
    }
}

impl From<&String> for SpaceRef {
    fn from(text: &String) -> SpaceRef {
        SpaceRef::parse(text.as_str())
    }
}

impl From<&Space> for SpaceRef {
    fn from(space: &Space) -> SpaceRef {
        SpaceRef::Id(space.id.clone())
    }
}

/// What a successful delete established.
///
/// A `DELETE` is retried when its response is lost (the connection dropped,
/// or a gateway answered 502, 503 or 504), because deleting twice is
/// harmless. But then the retry may find nothing left to delete, most likely
/// because the first attempt did it. That case is reported as
/// [`Deletion::AlreadyGone`] rather than as success or as a 404, so callers
/// who care can tell. A 404 on the *first* attempt is an
/// [`Error::NotFound`].
///
/// ```no_run
/// # let client = arize::Client::from_env()?;
/// match client.spaces().delete("scratch")? {
///     arize::Deletion::Deleted => println!("deleted"),
///     arize::Deletion::AlreadyGone => println!("gone (an earlier attempt probably deleted it)"),
///     _ => {}
/// }
/// # Ok::<(), arize::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Deletion {
    /// The server confirmed the deletion (204).
    Deleted,
    /// An attempt was sent but its answer was lost; a retry then found
    /// nothing to delete (404). It was deleted, most likely by the lost
    /// attempt, possibly by someone else meanwhile.
    AlreadyGone,
}

impl Deletion {
    fn from_status(status: u16) -> Deletion {
        if status == 404 {
            Deletion::AlreadyGone
        } else {
            Deletion::Deleted
        }
    }
}

/// A listing of spaces, from [`Spaces::list`]: set filters, then fetch one
/// page with [`send`](Self::send) or everything lazily with
/// [`iter`](Self::iter) or [`pages`](Self::pages).
///
/// ```no_run
/// # let client = arize::Client::from_env()?;
/// let spaces = client.spaces();
///
/// // One page of at most 50, and the cursor of the next.
/// let page = spaces.list().organization_id("T3JnOjE=").limit(50).send()?;
/// if let Some(cursor) = page.next_cursor() {
///     let next = spaces.list().organization_id("T3JnOjE=").cursor(cursor).send()?;
/// }
///
/// // Every space whose name contains "prod", fetched a page at a time.
/// for space in spaces.list().name("prod").iter() {
///     println!("{}", space?.name);
/// }
/// # Ok::<(), arize::Error>(())
/// ```
#[derive(Debug, Clone)]
#[must_use = "a listing does nothing until it is sent or iterated"]
pub struct ListSpaces {
    client: Client,
    organization_id: Option<String>,
    name: Option<String>,
    pub(crate) limit: Option<u32>,
    pub(crate) cursor: Option<String>,
}

impl ListSpaces {
    /// Only spaces of this organization (an organization ID).
    pub fn organization_id(self, organization_id: impl Into<String>) -> Self {
        self.set_organization_id(Some(organization_id.into()))
    }

    /// Only spaces of this organization, or of every organization for `None`
    /// (the default).
    pub fn set_organization_id(mut self, organization_id: Option<String>) -> Self {
        self.organization_id = organization_id;
        self
    }

    /// Only spaces whose name contains this text, ignoring case (the server's
    /// filter; at most 255 characters). For an exact name, use
    /// [`Spaces::get`].
    pub fn name(self, name: impl Into<String>) -> Self {
        self.set_name(Some(name.into()))
    }

    /// The name filter, or none for `None` (the default).
    pub fn set_name(mut self, name: Option<String>) -> Self {
        self.name = name;
        self
    }

    /// Spaces per page, 1 to 100. Defaults to [`DEFAULT_PAGE_SIZE`] (50) for
    /// [`send`](Self::send) and [`DEFAULT_ITER_PAGE_SIZE`] (100) for
    /// [`iter`](Self::iter) and [`pages`](Self::pages).
    pub fn limit(self, limit: u32) -> Self {
        self.set_limit(Some(limit))
    }

    /// The page size, or the default for `None`.
    pub fn set_limit(mut self, limit: Option<u32>) -> Self {
        self.limit = limit;
        self
    }

    /// Starts from this cursor, a [`Page::next_cursor`] (or
    /// [`Items::resume_cursor`]) of an earlier listing with the same filters.
    pub fn cursor(self, cursor: impl Into<String>) -> Self {
        self.set_cursor(Some(cursor.into()))
    }

    /// The starting cursor, or the first page for `None` (the default).
    pub fn set_cursor(mut self, cursor: Option<String>) -> Self {
        self.cursor = cursor;
        self
    }

    /// Fetches one page (`GET /v2/spaces`).
    pub fn send(self) -> Result<Page<Space>> {
        self.validate()?;
        self.fetch(
            self.cursor.as_deref(),
            self.limit.unwrap_or(DEFAULT_PAGE_SIZE),
        )
    }

    /// Every space of the listing, fetched lazily a page at a time; see
    /// [`Items`].
    pub fn iter(self) -> Items {
        Items::new(self.pages())
    }

    /// Every page of the listing, fetched lazily; see [`Pages`].
    pub fn pages(self) -> Pages {
        Pages::new(self, DEFAULT_ITER_PAGE_SIZE)
    }

    pub(crate) fn validate(&self) -> Result<()> {
        if let Some(limit) = self.limit
            && !(1..=100).contains(&limit)
        {
            return Err(Error::invalid(
                "limit",
                format!("{limit} is outside 1..=100"),
            ));
        }
        if let Some(name) = &self.name {
            types::ListSpacesName::try_from(name.as_str())
                .map_err(|e| Error::invalid("name", e.to_string()))?;
        }
        if let Some(org) = &self.organization_id {
            non_empty("organization_id", org)?;
        }
        if let Some(cursor) = &self.cursor {
            non_empty("cursor", cursor)?;
        }
        Ok(())
    }

    pub(crate) fn fetch(&self, cursor: Option<&str>, limit: u32) -> Result<Page<Space>> {
        let request = Request::new(Method::GET, &["spaces"], Retry::Idempotent)
            .query("org_id", self.organization_id.as_ref())
            .query("name", self.name.as_ref())
            .query("limit", Some(limit))
            .query("cursor", cursor);
        let list: types::ListSpacesResponse = self.client.send_json(request)?;
        Ok(Page {
            items: list.spaces,
            has_more: list.pagination.has_more,
            next_cursor: list.pagination.next_cursor,
        })
    }
}

/// A space to create, from [`Spaces::create`].
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until it is sent"]
pub struct CreateSpace {
    client: Client,
    name: String,
    organization_id: String,
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
        let invalid =
            |field| move |e: types::error::ConversionError| Error::invalid(field, e.to_string());
        let body = types::CreateSpaceRequest {
            name: self.name.try_into().map_err(invalid("name"))?,
            organization_id: self
                .organization_id
                .try_into()
                .map_err(invalid("organization_id"))?,
            description: self
                .description
                .map(TryInto::try_into)
                .transpose()
                .map_err(invalid("description"))?,
            is_private: self.is_private.unwrap_or(false),
        };
        let request = Request::new(Method::POST, &["spaces"], Retry::OnlyIfUnsent);
        self.client.send_json(request.json(&body))
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
    body: UpdateSpaceBody,
}

/// The `UpdateSpaceRequest` of the spec, written by hand: an outer `None`
/// omits the field, `Some(None)` sends `null` (typify#851 cannot express it).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub(crate) struct UpdateSpaceBody {
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    is_private: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    default_llm_integration: Option<Option<LlmIntegrationRef>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ml_models_enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    gradient_start_color: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    gradient_end_color: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    default_agent_runtime: Option<Option<AgentRuntimeRef>>,
}

impl UpdateSpace {
    /// A new name, at most 255 characters, unique in the organization.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.body.name = Some(name.into());
        self
    }

    /// A new description, 1 to 1,000 characters. To remove it, use
    /// [`clear_description`](Self::clear_description): the API rejects an
    /// empty one.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.body.description = Some(Some(description.into()));
        self
    }

    /// Removes the description (sends `null`).
    pub fn clear_description(mut self) -> Self {
        self.body.description = Some(None);
        self
    }

    /// Makes the space private or public.
    ///
    /// Add the members first: once private, the space is invisible to users
    /// who are neither members nor admins. The client logs a warning (as
    /// the official SDKs do) when a space is made private.
    pub fn private(mut self, private: bool) -> Self {
        self.body.is_private = Some(private);
        self
    }

    /// A new default LLM integration and the model to use with it.
    pub fn default_llm_integration(
        mut self,
        integration_id: impl Into<String>,
        model_name: impl Into<String>,
    ) -> Self {
        self.body.default_llm_integration = Some(Some(LlmIntegrationRef {
            integration_id: integration_id.into(),
            model_name: model_name.into(),
        }));
        self
    }

    /// Removes the default LLM integration (sends `null`).
    pub fn clear_default_llm_integration(mut self) -> Self {
        self.body.default_llm_integration = Some(None);
        self
    }

    /// Enables or disables ML models in the space.
    pub fn ml_models_enabled(mut self, enabled: bool) -> Self {
        self.body.ml_models_enabled = Some(enabled);
        self
    }

    /// A new start colour for the space's avatar gradient.
    pub fn gradient_start_color(mut self, color: impl Into<String>) -> Self {
        self.body.gradient_start_color = Some(color.into());
        self
    }

    /// A new end colour for the space's avatar gradient.
    pub fn gradient_end_color(mut self, color: impl Into<String>) -> Self {
        self.body.gradient_end_color = Some(color.into());
        self
    }

    /// A new default agent runtime.
    pub fn default_agent_runtime(mut self, integration_id: impl Into<String>) -> Self {
        self.body.default_agent_runtime = Some(Some(AgentRuntimeRef {
            integration_id: integration_id.into(),
        }));
        self
    }

    /// Removes the default agent runtime (sends `null`).
    pub fn clear_default_agent_runtime(mut self) -> Self {
        self.body.default_agent_runtime = Some(None);
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
        let body = &self.body;
        if *body == UpdateSpaceBody::default() {
            return Err(Error::invalid(
                "update",
                "nothing to change: set at least one field",
            ));
        }
        if let Some(name) = &body.name {
            check_name("name", name)?;
        }
        if let Some(Some(description)) = &body.description {
            if description.is_empty() {
                return Err(Error::invalid(
                    "description",
                    "the API rejects an empty description; use clear_description() to remove it",
                ));
            }
            check_length("description", description, MAX_DESCRIPTION)?;
        }
        if let Some(Some(llm)) = &body.default_llm_integration {
            non_empty(
                "default_llm_integration.integration_id",
                &llm.integration_id,
            )?;
            non_empty("default_llm_integration.model_name", &llm.model_name)?;
        }
        if let Some(Some(runtime)) = &body.default_agent_runtime {
            non_empty(
                "default_agent_runtime.integration_id",
                &runtime.integration_id,
            )?;
        }
        let id = Spaces::new(self.client.clone()).resolve(self.space)?;
        if body.is_private == Some(true) {
            log::warn!(
                "making space {id} private: users who are neither members nor admins will no \
                 longer see it"
            );
        }
        let request = Request::new(Method::PATCH, &["spaces", &id], Retry::Idempotent);
        self.client.send_json(request.json(body))
    }
}

fn non_empty(field: &'static str, value: &str) -> Result<()> {
    if value.is_empty() {
        return Err(Error::invalid(field, "must not be empty"));
    }
    Ok(())
}

fn check_length(field: &'static str, value: &str, max: usize) -> Result<()> {
    if value.chars().count() > max {
        return Err(Error::invalid(
            field,
            format!("longer than {max} characters"),
        ));
    }
    Ok(())
}

fn check_name(field: &'static str, name: &str) -> Result<()> {
    non_empty(field, name)?;
    check_length(field, name, MAX_NAME)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_told_from_names_like_the_official_sdks() {
        for id in ["U3BhY2U6MTIzNDU=", "VXNlcjo0Mg==", "U3BhY2U6MTI6YS9iK2M="] {
            assert_eq!(SpaceRef::from(id), SpaceRef::Id(id.into()), "{id}");
        }
        // Valid base64 without a colon, invalid base64, and plain names.
        for name in [
            "test",
            "abcd",
            "my space",
            "prod-models",
            "U3BhY2U=",
            "a:b",
            "",
        ] {
            assert_eq!(SpaceRef::from(name), SpaceRef::Name(name.into()), "{name}");
        }
    }
}
