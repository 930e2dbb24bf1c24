//! Creating API keys: a user key, or a service key bound to organizations
//! and spaces named by name or ID.

use chrono::{DateTime, Utc};

use crate::{
    AccountRole, Client, Error, PredefinedRole, Result, Role,
    check::convert,
    names::NameOrId,
    notices::Call,
    operation::Op,
    organizations::OrganizationRef,
    spaces::SpaceRef,
    transport::Request,
    types::{self, CreatedApiKey},
};

/// The most organizations a service key is bound to, and the most spaces
/// in each.
const MAX_BINDINGS: usize = 100;

/// A user key to create, from [`ApiKeys::create`](crate::ApiKeys::create).
///
/// ```
/// # #[cfg(feature = "testing")] {
/// # let fake = arize::testing::FakeServer::start();
/// # let client = fake.client();
/// use chrono::{TimeZone, Utc};
///
/// let key = client
///     .api_keys()
///     .create("laptop")
///     .description("Alice's laptop")
///     .expires_at(Utc.with_ymd_and_hms(2027, 6, 30, 0, 0, 0).unwrap())
///     .send()?;
/// println!("{} ({}): store it now, it is shown once", key.name, key.redacted_key);
/// # }
/// # Ok::<(), arize::Error>(())
/// ```
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until it is sent"]
pub struct CreateApiKey {
    client: Client,
    fields: Common,
}

/// The setters of what user and service keys have alike (their `fields`).
macro_rules! common_setters {
    () => {
        /// A description, at most 1,000 characters. Defaults to none.
        pub fn description(mut self, description: impl Into<String>) -> Self {
            self.fields.description = Some(description.into());
            self
        }

        /// When the key expires, in the future. Defaults to never (unless
        /// the account limits key lifetimes: then that limit).
        pub fn expires_at(mut self, expires_at: DateTime<Utc>) -> Self {
            self.fields.expires_at = Some(expires_at);
            self
        }
    };
}

/// What user and service keys have alike.
#[derive(Debug, Clone)]
struct Common {
    name: String,
    description: Option<String>,
    expires_at: Option<DateTime<Utc>>,
}

impl CreateApiKey {
    pub(super) fn new(client: Client, name: String) -> CreateApiKey {
        CreateApiKey {
            client,
            fields: Common::new(name),
        }
    }

    common_setters!();

    /// Creates the key (`POST /v2/api-keys`) and returns it with its secret
    /// in `key`, shown this once.
    ///
    /// A create mints a secret, so it is never sent twice once it may have
    /// reached the server (only when the connection could not be made at
    /// all): after a lost answer the key may exist, its secret out of
    /// reach; find it by name in [`list`](crate::ApiKeys::list), revoke it
    /// and create another.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] for an empty or over-long name (256) or
    /// description (1,000), before anything is sent;
    /// [`Error::Unprocessable`] for an expiry in the past or beyond the
    /// account's limit; [`Error::Forbidden`] when developer access is off.
    pub fn send(self) -> Result<CreatedApiKey> {
        let _call = Call::enter("api_keys().create");
        let body = types::CreateUserApiKeyRequest {
            key_type: types::CreateUserApiKeyRequestKeyType::User,
            name: convert("name", self.fields.name)?,
            description: self
                .fields
                .description
                .map(|description| convert("description", description))
                .transpose()?,
            expires_at: self.fields.expires_at,
        };
        let request = Request::new(Op::CreateApiKey, &[]).json(&body);
        self.client.transport().send_json(request)
    }
}

impl Common {
    fn new(name: String) -> Common {
        Common {
            name,
            description: None,
            expires_at: None,
        }
    }
}

/// A service key to create, from
/// [`ApiKeys::create_service_key`](crate::ApiKeys::create_service_key):
/// bound to at least one organization, with at least one space in each.
///
/// The key authenticates as a bot user made for it, which becomes a
/// member of each space and organization with the role given, or the
/// least one by default: `MEMBER` in a space, `READ_ONLY` in an
/// organization, `MEMBER` in the account.
///
/// ```
/// # #[cfg(feature = "testing")] {
/// # let fake = arize::testing::FakeServer::builder()
/// #     .organization("acme")
/// #     .space("acme", "agents")
/// #     .space("acme", "fraud")
/// #     .custom_role("reviewer")
/// #     .start();
/// # let client = fake.client();
/// use arize::{OrganizationAccess, PredefinedRole, Role};
///
/// let acme = OrganizationAccess::new("acme") // names or IDs
///     .space("agents") // as a member
///     .space_as("fraud", Role::custom("reviewer"));
/// let key = client
///     .api_keys()
///     .create_service_key("deployer")
///     .organization(acme)
///     .send()?;
/// let bot = key.bot_user.as_ref().unwrap();
/// println!("{} authenticates as {}", key.name, bot.id);
/// # }
/// # Ok::<(), arize::Error>(())
/// ```
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until it is sent"]
pub struct CreateServiceKey {
    client: Client,
    fields: Common,
    account_role: Option<AccountRole>,
    organizations: Vec<OrganizationAccess>,
}

impl CreateServiceKey {
    pub(super) fn new(client: Client, name: String) -> CreateServiceKey {
        CreateServiceKey {
            client,
            fields: Common::new(name),
            account_role: None,
            organizations: Vec::new(),
        }
    }

    common_setters!();

    /// The bot user's role in the account: predefined, and neither
    /// annotator nor member-UI-only (the API refuses them for a service
    /// key). Defaults to the server's, `MEMBER`.
    pub fn account_role(mut self, role: AccountRole) -> Self {
        self.account_role = Some(role);
        self
    }

    /// Binds the key to an organization and spaces of it; call it once per
    /// organization (1 to 100).
    pub fn organization(mut self, organization: OrganizationAccess) -> Self {
        self.organizations.push(organization);
        self
    }

    /// Creates the key (`POST /v2/api-keys`) and returns it with its secret
    /// in `key`, shown this once, and its bot user.
    ///
    /// Everything is checked, then every name resolved (organizations;
    /// spaces within their organization; custom roles), before the key is
    /// sent: a name that resolves to nothing, or to several, creates
    /// nothing. Like any create, it is never sent twice once it may have
    /// reached the server.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`], before anything is sent, for an empty or
    /// over-long name or description, no organization, an organization
    /// without spaces, over 100 of either, or a role the API refuses for a
    /// service key (a custom or annotator organization role, an annotator
    /// space role, an annotator, member-UI-only or custom account role);
    /// [`Error::NameNotFound`] or [`Error::AmbiguousName`] for a name;
    /// [`Error::Unprocessable`] for a space outside its organization or a
    /// role above the caller's.
    pub fn send(self) -> Result<CreatedApiKey> {
        let _call = Call::enter("api_keys().create_service_key");
        let name = convert("name", self.fields.name)?;
        let description = self
            .fields
            .description
            .map(|description| convert("description", description))
            .transpose()?;
        if let Some(role) = &self.account_role {
            check_account_role(role)?;
        }
        check_count("organizations", self.organizations.len())?;
        for organization in &self.organizations {
            organization.check()?;
        }
        let organizations = self
            .organizations
            .into_iter()
            .map(|organization| organization.resolve(&self.client))
            .collect::<Result<_>>()?;
        let body = types::CreateServiceApiKeyRequest {
            key_type: types::CreateServiceApiKeyRequestKeyType::Service,
            name,
            description,
            expires_at: self.fields.expires_at,
            account_role: self.account_role,
            organizations,
        };
        let request = Request::new(Op::CreateApiKey, &[]).json(&body);
        self.client.transport().send_json(request)
    }
}

/// An organization a service key is bound to, by ID or name, with its
/// role there and the spaces of it the key is bound to (by ID or by name,
/// a name looked up within this organization), each with its role.
///
/// ```
/// use arize::{OrganizationAccess, PredefinedRole, Role};
///
/// let access = OrganizationAccess::new("acme")
///     .role(PredefinedRole::ReadOnly) // the default
///     .space("agents") // as a member, the default
///     .space_as("fraud", PredefinedRole::Admin)
///     .space_as("search", Role::custom("reviewer")); // custom roles: spaces only
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganizationAccess {
    organization: OrganizationRef,
    role: Option<Role>,
    spaces: Vec<(SpaceRef, Option<Role>)>,
}

impl OrganizationAccess {
    /// An organization, by ID or name, with no space yet: add at least one.
    pub fn new(organization: impl Into<OrganizationRef>) -> OrganizationAccess {
        OrganizationAccess {
            organization: organization.into(),
            role: None,
            spaces: Vec::new(),
        }
    }

    /// The bot user's role in the organization: predefined, not annotator
    /// (custom organization roles are not supported yet). Defaults to the
    /// server's, `READ_ONLY`.
    pub fn role(mut self, role: impl Into<Role>) -> Self {
        self.role = Some(role.into());
        self
    }

    /// A space of the organization (by ID, or by name within the
    /// organization), with the default role, `MEMBER`.
    pub fn space(mut self, space: impl Into<SpaceRef>) -> Self {
        self.spaces.push((space.into(), None));
        self
    }

    /// A space of the organization with this role: predefined (not
    /// annotator) or custom, by name or ID.
    pub fn space_as(mut self, space: impl Into<SpaceRef>, role: impl Into<Role>) -> Self {
        self.spaces.push((space.into(), Some(role.into())));
        self
    }

    /// Refuses what the API would: no space, too many, a role it does not
    /// take at this level.
    fn check(&self) -> Result<()> {
        check_count("organizations.spaces", self.spaces.len())?;
        if let Some(role) = &self.role {
            role.check()?;
            match role {
                Role::Predefined(PredefinedRole::Annotator) => {
                    return Err(Error::invalid(
                        "organizations.role",
                        "a service key cannot be an annotator",
                    ));
                }
                Role::Predefined(_) => {}
                _ => {
                    return Err(Error::invalid(
                        "organizations.role",
                        "custom organization roles are not supported yet: give a predefined \
                         role here, and custom roles in spaces",
                    ));
                }
            }
        }
        for role in self.spaces.iter().filter_map(|(_, role)| role.as_ref()) {
            role.check()?;
            if *role == Role::Predefined(PredefinedRole::Annotator) {
                return Err(Error::invalid(
                    "organizations.spaces.role",
                    "a service key cannot be an annotator",
                ));
            }
        }
        Ok(())
    }

    /// The binding as sent: the organization resolved, then each space
    /// within it, and each custom role named by name.
    fn resolve(self, client: &Client) -> Result<types::ServiceKeyOrgAssignment> {
        let organization_id = self.organization.resolve(client)?;
        let spaces = self
            .spaces
            .into_iter()
            .map(|(space, role)| {
                // A space name is unique only in its organization: this one.
                let space = match space {
                    NameOrId::Name(name) => {
                        SpaceRef::in_organization(name, NameOrId::Id(organization_id.clone()))
                    }
                    space => space,
                };
                Ok(types::ServiceKeySpaceAssignment {
                    space_id: convert("space", space.resolve(client)?)?,
                    role: role.map(|role| role.resolved(client)).transpose()?,
                })
            })
            .collect::<Result<_>>()?;
        Ok(types::ServiceKeyOrgAssignment {
            org_id: convert("organization", organization_id)?,
            role: self.role,
            spaces,
        })
    }
}

/// Refuses an empty list or one over 100.
fn check_count(field: &'static str, count: usize) -> Result<()> {
    match count {
        0 => Err(Error::invalid(
            field,
            "none given: a service key needs at least one organization, with at least one space",
        )),
        1..=MAX_BINDINGS => Ok(()),
        _ => Err(Error::invalid(
            field,
            format!("{count}, at most {MAX_BINDINGS}"),
        )),
    }
}

/// Refuses an account role the API does not give a service key.
fn check_account_role(role: &AccountRole) -> Result<()> {
    role.check()?;
    let refused = match role {
        AccountRole::Annotator => "an annotator",
        AccountRole::MemberUiOnly => "member-UI-only (it could not use the API)",
        AccountRole::Custom { .. } => "a custom role (not supported yet at account level)",
        _ => return Ok(()),
    };
    Err(Error::invalid(
        "account_role",
        format!("a service key cannot be {refused}"),
    ))
}
