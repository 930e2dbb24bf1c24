//! The seeds: what a [`FakeServer`] holds when it starts.

use serde_json::json;

use super::{
    AccountRole, FakeServer,
    records::{Named, UserStatus, developer_by_default},
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

/// Seeds and starts a [`FakeServer`]: see [`FakeServer::builder`].
///
/// Organizations, users and custom roles are named; their IDs are assigned
/// at start and looked up with [`FakeServer::organization_id`],
/// [`FakeServer::user_id`] and [`FakeServer::role_id`].
#[derive(Debug, Clone)]
#[must_use]
pub struct FakeServerBuilder {
    api_key: String,
    organizations: Vec<String>,
    users: Vec<SeedUser>,
    roles: Vec<String>,
    spaces: Vec<(String, usize)>,
}

impl FakeServerBuilder {
    pub(super) fn new() -> FakeServerBuilder {
        FakeServerBuilder {
            api_key: DEFAULT_KEY.into(),
            organizations: Vec::new(),
            users: Vec::new(),
            roles: Vec::new(),
            spaces: Vec::new(),
        }
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

    /// Adds a custom (RBAC) role that members can be given.
    pub fn custom_role(mut self, name: impl Into<String>) -> Self {
        self.roles.push(name.into());
        self
    }

    /// Creates `count` spaces in an organization, named `space-00001`,
    /// `space-00002`, …, for tests that need many.
    pub fn spaces(mut self, organization: impl Into<String>, count: usize) -> Self {
        self.spaces.push((organization.into(), count));
        self
    }

    /// Starts the server on `127.0.0.1` on a free port.
    ///
    /// # Panics
    ///
    /// If no port can be bound, or if a user or space refers to an
    /// organization that was not added.
    pub fn start(self) -> FakeServer {
        let mut state = State::default();
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
        for (n, name) in self.roles.iter().enumerate() {
            state.roles.push(Named::new("Role", n + 1, name));
        }
        for (org, count) in &self.spaces {
            let organization_id = state.org_id(org);
            for i in 1..=*count {
                state.insert_space(format!("space-{i:05}"), organization_id.clone(), "", false);
            }
        }

        FakeServer::launch(state, self.api_key)
    }
}
