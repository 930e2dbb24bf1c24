//! The hooks of [`FakeServer`] into its state: seed lookups, and what
//! tests need to set up that the API cannot do.

use std::time::Duration;

use chrono::{DateTime, Utc};

use super::{
    FakeServer,
    records::{KeyRecord, UserRecord, UserStatus, admin_id},
};

impl FakeServer {
    /// The ID of the organization with this name, seeded or created
    /// through the API.
    ///
    /// # Panics
    ///
    /// If no organization has that name.
    pub fn organization_id(&self, name: &str) -> String {
        self.lock().org_id(name)
    }

    /// The ID of the user with this name, seeded or created through the API
    /// (the oldest, since display names need not be unique).
    ///
    /// # Panics
    ///
    /// If no user has that name.
    pub fn user_id(&self, name: &str) -> String {
        self.with_user(name, |user| user.id.clone())
    }

    /// The email of the user with this name, as for
    /// [`user_id`](Self::user_id). A seeded user's is `<name>@example.com`.
    ///
    /// # Panics
    ///
    /// If no user has that name.
    pub fn user_email(&self, name: &str) -> String {
        self.with_user(name, |user| user.email.clone())
    }

    fn with_user<T>(&self, name: &str, f: impl FnOnce(&UserRecord) -> T) -> T {
        let state = self.lock();
        let user = state.users.values().find(|u| u.name == name);
        f(user.unwrap_or_else(|| panic!("no user is named {name:?}")))
    }

    /// Makes the pending invitation of the user with this email (compared
    /// case-insensitively) expire: status `INVITED` becomes `EXPIRED`, as
    /// when the real invitation token runs out.
    ///
    /// # Panics
    ///
    /// If no user has that email, or their status is not `INVITED`.
    pub fn expire_invitation(&self, email: &str) {
        let mut state = self.lock();
        let user = state.users.values_mut().find(|u| u.has_email(email));
        let user = user.unwrap_or_else(|| panic!("no user with email {email:?}"));
        assert_eq!(
            user.status,
            UserStatus::Invited,
            "only a pending invitation can expire"
        );
        user.status = UserStatus::Expired;
    }

    /// How many invitation emails the fake has "sent" to this address
    /// (compared case-insensitively): new invitations from `create_user`
    /// and resends. Seeded users do not count. No email actually leaves.
    pub fn invitations_sent(&self, email: &str) -> usize {
        let state = self.lock();
        state
            .invitations
            .get(&email.to_lowercase())
            .copied()
            .unwrap_or(0)
    }

    /// The ID of the role with this name: a custom role, seeded or created
    /// through the API, or a predefined one (every fake has the managed
    /// project roles `Project Admin`, `Project Member` and
    /// `Project Read-Only`).
    ///
    /// # Panics
    ///
    /// If no role has that name.
    pub fn role_id(&self, name: &str) -> String {
        let state = self.lock();
        let role = state.roles.values().find(|r| r.name == name);
        role.unwrap_or_else(|| panic!("no role is named {name:?}"))
            .id
            .clone()
    }

    /// The ID of the space with this name, seeded or created through the
    /// API (the oldest, since names are unique per organization only).
    ///
    /// # Panics
    ///
    /// If no space has that name.
    pub fn space_id(&self, name: &str) -> String {
        self.lock().space_named(name).id.clone()
    }

    /// The ID of the project with this name (the oldest), seeded with
    /// [`project`](super::FakeServerBuilder::project), added with
    /// [`add_project`](Self::add_project) or created through the API.
    ///
    /// # Panics
    ///
    /// If no project has that name.
    pub fn project_id(&self, name: &str) -> String {
        let state = self.lock();
        let project = state.projects.values().find(|p| p.name == name);
        project
            .unwrap_or_else(|| panic!("no project is named {name:?}"))
            .id
            .clone()
    }

    /// Adds a project, unrestricted, to the space with this ID, and returns
    /// the project's ID, as `POST /v2/projects` would, without a request.
    /// It is deleted with its space.
    ///
    /// # Panics
    ///
    /// If there is no space with that ID, or if the space has a project of
    /// that name.
    pub fn add_project(&self, space_id: &str, name: &str) -> String {
        let mut state = self.lock();
        let space = *state
            .space_numbers
            .get(space_id)
            .unwrap_or_else(|| panic!("no space with ID {space_id:?}"));
        assert!(
            !state.project_name_taken(space, name, None),
            "the space already has a project named {name:?}"
        );
        state.insert_project(space, name).id.clone()
    }
}

impl FakeServer {
    /// The fake's clock: 2026-01-01T00:00:00Z when it starts, a minute
    /// later with each role, binding, restriction, project or key it makes,
    /// and moved on by [`advance_time`](Self::advance_time). API keys
    /// expire, grace periods end and the audit log is stamped by it, so
    /// tests compute their times from it rather than from the wall clock.
    pub fn now(&self) -> DateTime<Utc> {
        self.lock().time()
    }

    /// Moves the fake's clock on: keys that expire in that time stop
    /// authenticating, and so do old secrets whose grace period ends.
    pub fn advance_time(&self, by: Duration) {
        let seconds = i64::try_from(by.as_secs()).expect("a duration of this world");
        self.lock().advanced += seconds;
    }

    /// The ID of the API key with this name (the oldest), seeded with
    /// [`user_key`](super::FakeServerBuilder::user_key) or
    /// [`service_key`](super::FakeServerBuilder::service_key), or created
    /// through the API.
    ///
    /// # Panics
    ///
    /// If no key has that name.
    pub fn api_key_id(&self, name: &str) -> String {
        self.with_key(name, |key| key.id.clone())
    }

    /// The current secret of the API key with this name (the oldest), to
    /// build a client that authenticates with it, as the real API shows it
    /// only once.
    ///
    /// # Panics
    ///
    /// If no key has that name.
    pub fn api_key_secret(&self, name: &str) -> String {
        self.with_key(name, |key| key.secret.clone())
    }

    /// The user ID the fake's own API key acts as: the account's
    /// administrator, who is no user of the fake. It is the creator of the
    /// keys made with it, and the user of their audit-log entries.
    pub fn admin_user_id(&self) -> String {
        admin_id()
    }

    /// Turns the account's audit logging off (or on again, the default):
    /// off, listing the audit log is a 403, as on an account without it.
    /// Entries are written either way.
    pub fn set_audit_logging(&self, enabled: bool) {
        self.lock().audit_disabled = !enabled;
    }

    fn with_key<T>(&self, name: &str, f: impl FnOnce(&KeyRecord) -> T) -> T {
        let state = self.lock();
        let key = state.keys.values().find(|k| k.name == name);
        f(key.unwrap_or_else(|| panic!("no API key is named {name:?}")))
    }
}
