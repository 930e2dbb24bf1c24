//! The seeds: what a [`FakeServer`] holds when it starts.

use std::time::Duration;

use serde_json::json;

use super::{
    AccountRole, FakeServer,
    records::{UserStatus, admin_id, developer_by_default},
    roles,
    state::State,
};

const DEFAULT_KEY: &str = "fake-api-key";

/// A seeded user: active and member of organizations, or invited.
#[derive(Debug, Clone)]
struct SeedUser {
    name: String,
    role: AccountRole,
    organizations: Vec<String>,
    invited: bool,
}

/// A seeded project: its space's name, its name, whether it is restricted.
#[derive(Debug, Clone)]
struct SeedProject {
    space: String,
    name: String,
    restricted: bool,
}

/// Seeds and starts a [`FakeServer`]: see [`FakeServer::builder`].
///
/// Organizations, users, custom roles, spaces and projects are named; their
/// IDs are assigned at start and looked up with
/// [`FakeServer::organization_id`], [`FakeServer::user_id`],
/// [`FakeServer::role_id`], [`FakeServer::space_id`] and
/// [`FakeServer::project_id`]. Every fake also has three predefined roles,
/// the managed project roles `Project Admin`, `Project Member` and
/// `Project Read-Only`, listed before the custom ones.
///
/// ```
/// use arize::testing::{AccountRole, FakeServer};
///
/// let fake = FakeServer::builder()
///     .api_key("my-test-key")
///     .organization("acme")
///     .user("alice", AccountRole::Admin, ["acme"])
///     .invited_user("bob", AccountRole::Member)
///     .custom_role("reviewer")
///     .space("acme", "agents")
///     .project("agents", "checkout-agent")
///     .start();
/// let client = fake.client(); // its URL and key
/// assert_eq!(client.spaces().get("agents")?.id, fake.space_id("agents"));
/// # Ok::<(), arize::Error>(())
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct FakeServerBuilder {
    api_key: String,
    organizations: Vec<String>,
    users: Vec<SeedUser>,
    roles: Vec<String>,
    /// (organization, space name), in the order added.
    spaces: Vec<(String, String)>,
    projects: Vec<SeedProject>,
    /// (key name, user name) of user keys, and (key name, space name) of
    /// service keys.
    user_keys: Vec<(String, String)>,
    service_keys: Vec<(String, String)>,
    latency: Duration,
    jitter: Duration,
}

impl FakeServerBuilder {
    pub(super) fn new() -> FakeServerBuilder {
        FakeServerBuilder {
            api_key: DEFAULT_KEY.into(),
            organizations: Vec::new(),
            users: Vec::new(),
            roles: Vec::new(),
            spaces: Vec::new(),
            projects: Vec::new(),
            user_keys: Vec::new(),
            service_keys: Vec::new(),
            latency: Duration::ZERO,
            jitter: Duration::ZERO,
        }
    }

    /// Waits this long before answering each request, overlapping across
    /// concurrent requests as a network does; see
    /// [`FakeServer::set_latency`]. Defaults to none.
    pub fn latency(mut self, latency: Duration) -> Self {
        self.latency = latency;
        self
    }

    /// Adds a random wait of up to `jitter` to each request's latency, from
    /// a fixed seed; see [`FakeServer::set_jitter`]. Defaults to none.
    pub fn jitter(mut self, jitter: Duration) -> Self {
        self.jitter = jitter;
        self
    }

    /// The API key the fake accepts. Defaults to `"fake-api-key"`.
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = key.into();
        self
    }

    /// Adds an organization.
    pub fn organization(mut self, name: impl Into<String>) -> Self {
        self.organizations.push(name.into());
        self
    }

    /// Adds an active user with an account role and the email
    /// `<name>@example.com`, member of these organizations (by name; each
    /// must have been added with [`organization`](Self::organization)) with
    /// the organization role `MEMBER`, or `ANNOTATOR` for an annotator.
    pub fn user<I, S>(
        mut self,
        name: impl Into<String>,
        role: AccountRole,
        organizations: I,
    ) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.users.push(SeedUser {
            name: name.into(),
            role,
            organizations: organizations.into_iter().map(Into::into).collect(),
            invited: false,
        });
        self
    }

    /// Adds `count` active users, as [`user`](Self::user) does, named
    /// `<prefix>-00001`, `<prefix>-00002`, … (so with the emails
    /// `<prefix>-00001@example.com`, …), for tests and benchmarks that need
    /// many.
    pub fn users<I, S>(
        mut self,
        prefix: impl Into<String>,
        count: usize,
        role: AccountRole,
        organizations: I,
    ) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let prefix = prefix.into();
        let organizations: Vec<String> = organizations.into_iter().map(Into::into).collect();
        for n in 1..=count {
            self = self.user(format!("{prefix}-{n:05}"), role.clone(), &organizations);
        }
        self
    }

    /// Adds a user whose invitation is pending (status `INVITED`), with the
    /// email `<name>@example.com` and no organization. Seeded invitations
    /// are not counted by [`FakeServer::invitations_sent`]; make one expire
    /// with [`FakeServer::expire_invitation`].
    pub fn invited_user(mut self, name: impl Into<String>, role: AccountRole) -> Self {
        self.users.push(SeedUser {
            name: name.into(),
            role,
            organizations: Vec::new(),
            invited: true,
        });
        self
    }

    /// Adds a custom (RBAC) role granting `SPACE_READ`, that members can
    /// be given and role bindings can bind.
    pub fn custom_role(mut self, name: impl Into<String>) -> Self {
        self.roles.push(name.into());
        self
    }

    /// Creates `count` spaces in an organization, named `space-00001`,
    /// `space-00002`, …, for tests that need many.
    pub fn spaces(mut self, organization: impl Into<String>, count: usize) -> Self {
        let organization = organization.into();
        for i in 1..=count {
            self.spaces
                .push((organization.clone(), format!("space-{i:05}")));
        }
        self
    }

    /// Creates a space named `name` in an organization.
    pub fn space(mut self, organization: impl Into<String>, name: impl Into<String>) -> Self {
        self.spaces.push((organization.into(), name.into()));
        self
    }

    /// Adds an unrestricted project named `name` to a space (by name: the
    /// oldest space so named, added with [`space`](Self::space) or
    /// [`spaces`](Self::spaces)), to bind roles on or restrict. Projects
    /// are numbered, listed and paged in the order added.
    pub fn project(self, space: impl Into<String>, name: impl Into<String>) -> Self {
        self.add_project(space.into(), name.into(), false)
    }

    /// Like [`project`](Self::project), for a project that starts
    /// restricted (as if `POST /v2/resource-restrictions` had restricted
    /// it at start).
    pub fn restricted_project(self, space: impl Into<String>, name: impl Into<String>) -> Self {
        self.add_project(space.into(), name.into(), true)
    }

    /// Adds an active user key named `name`, created by the user with this
    /// name (added with [`user`](Self::user)), never expiring. Its ID and
    /// secret: [`FakeServer::api_key_id`], [`FakeServer::api_key_secret`].
    pub fn user_key(mut self, user: impl Into<String>, name: impl Into<String>) -> Self {
        self.user_keys.push((name.into(), user.into()));
        self
    }

    /// Adds an active service key named `name`, created by the fake's
    /// administrator ([`FakeServer::admin_user_id`]), bound to a space (by
    /// name, the oldest so named) and its organization with the default
    /// roles (`MEMBER` in the space and the account, `READ_ONLY` in the
    /// organization), never expiring. Its bot user is made as the API
    /// makes one.
    pub fn service_key(mut self, name: impl Into<String>, space: impl Into<String>) -> Self {
        self.service_keys.push((name.into(), space.into()));
        self
    }

    fn add_project(mut self, space: String, name: String, restricted: bool) -> Self {
        self.projects.push(SeedProject {
            space,
            name,
            restricted,
        });
        self
    }

    /// Starts the server on `127.0.0.1` on a free port.
    ///
    /// # Panics
    ///
    /// If no port can be bound, if a user or space refers to an
    /// organization that was not added, a project or service key to a
    /// space that was not, or a user key to a user that was not, or if a name is repeated where names are unique (roles, spaces
    /// of an organization, projects of a space).
    pub fn start(self) -> FakeServer {
        let mut state = State {
            latency: self.latency,
            jitter: self.jitter,
            ..State::default()
        };
        for name in &self.organizations {
            state.insert_organization(name, "");
        }
        for seed in self.users {
            let status = if seed.invited {
                UserStatus::Invited
            } else {
                UserStatus::Active
            };
            let email = format!("{}@example.com", seed.name);
            let developer = developer_by_default(&seed.role);
            let user = state.insert_user(&seed.name, &email, seed.role, status, developer);
            let user_id = user.id.clone();
            let role = if user.role == AccountRole::Annotator {
                "ANNOTATOR"
            } else {
                "MEMBER"
            };
            for org in &seed.organizations {
                let org_id = state.org_id(org);
                let role = json!({"type": "PREDEFINED", "name": role});
                state.upsert_organization_membership(&org_id, &user_id, role);
            }
        }
        for (name, description, permissions) in roles::PREDEFINED {
            let permissions = permissions.iter().map(|p| (*p).to_owned()).collect();
            state.insert_role(name, description, permissions, true);
        }
        for name in &self.roles {
            let taken = state.roles.values().any(|r| r.name == *name);
            assert!(!taken, "a role named {name:?} was already added");
            state.insert_role(name, "", vec!["SPACE_READ".into()], false);
        }
        for (org, name) in self.spaces {
            let organization_id = state.org_id(&org);
            let taken = state.name_taken(&organization_id, &name, None);
            assert!(
                !taken,
                "a space named {name:?} was already added to {org:?}"
            );
            state.insert_space(name, organization_id, "", false);
        }
        for seed in &self.projects {
            let space = state.space_named(&seed.space).n;
            let taken = state.project_name_taken(space, &seed.name, None);
            assert!(
                !taken,
                "a project named {:?} was already added to {:?}",
                seed.name, seed.space
            );
            let n = state.insert_project(space, &seed.name).n;
            if seed.restricted {
                let now = state.now();
                state
                    .projects
                    .entry(n)
                    .and_modify(|p| p.restricted_at = Some(now));
            }
        }

        for (name, user) in self.user_keys {
            let user_id = state.users.values().find(|u| u.name == user);
            let user_id = user_id.unwrap_or_else(|| panic!("no user is named {user:?}"));
            state.caller = user_id.id.clone();
            state.insert_key(name, String::new(), None, None);
        }
        state.caller = admin_id();
        for (name, space) in self.service_keys {
            let space = state.space_named(&space);
            let bot = State::default_bot(&name, &space.organization_id, &space.id);
            state.insert_key(name, String::new(), None, Some(bot));
        }

        FakeServer::launch(state, self.api_key)
    }
}
