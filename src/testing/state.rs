//! What the fake knows: its state, and the rules that span resources.

use std::{
    collections::{BTreeMap, HashMap, HashSet, VecDeque},
    sync::{Mutex, MutexGuard},
    time::Duration,
};

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::{
    AccountRole, RecordedRequest,
    records::{
        AuditRecord, BindingKind, BindingRecord, KeyRecord, Membership, OrganizationRecord,
        ProjectRecord, RoleRecord, SpaceRecord, UserRecord, UserStatus, clock, created_at, make_id,
        timestamp,
    },
};

pub(super) fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    // A panicking test thread must not take the fake down with it.
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Every map keyed by a creation number is in creation order, so that
/// listing order and cursors are stable.
#[derive(Debug, Default)]
pub(super) struct State {
    pub(super) organizations: BTreeMap<usize, OrganizationRecord>,
    pub(super) users: BTreeMap<usize, UserRecord>,
    pub(super) roles: BTreeMap<usize, RoleRecord>,
    pub(super) spaces: BTreeMap<usize, SpaceRecord>,
    pub(super) space_numbers: HashMap<String, usize>,
    /// (space number, user ID) to membership.
    pub(super) space_memberships: BTreeMap<(usize, String), Membership>,
    /// (organization ID, user ID) to membership.
    pub(super) organization_memberships: BTreeMap<(String, String), Membership>,
    pub(super) bindings: BTreeMap<usize, BindingRecord>,
    pub(super) projects: BTreeMap<usize, ProjectRecord>,
    pub(super) keys: BTreeMap<usize, KeyRecord>,
    /// The IDs of the service keys' bot users: users of the fake, not
    /// listed.
    pub(super) bots: HashSet<String>,
    /// Who the request being served acts as: a user ID (see
    /// [`State::authenticate`]).
    pub(super) caller: String,
    /// The audit log, oldest first: the mutating calls served.
    pub(super) audit: Vec<AuditRecord>,
    /// Set by `FakeServer::set_audit_logging(false)`: the log is not read.
    pub(super) audit_disabled: bool,
    /// Invitations sent (new ones and resends), by lowercased email.
    pub(super) invitations: HashMap<String, usize>,
    pub(super) organizations_created: usize,
    pub(super) users_created: usize,
    pub(super) created: usize,
    pub(super) memberships_created: usize,
    pub(super) roles_created: usize,
    pub(super) bindings_created: usize,
    pub(super) projects_created: usize,
    pub(super) keys_created: usize,
    /// The clock of roles, bindings, restrictions, projects and keys: one
    /// minute per tick.
    pub(super) clock: usize,
    /// Seconds added to the clock by `FakeServer::advance_time`.
    pub(super) advanced: i64,
    pub(super) failures: VecDeque<(u16, Option<String>)>,
    pub(super) latency: Duration,
    /// The most added at random to each request's latency.
    pub(super) jitter: Duration,
    /// Draws the jitter: seeded, so that a run's delays repeat.
    pub(super) rng: Option<fastrand::Rng>,
    pub(super) log: Vec<RecordedRequest>,
}

/// The seed of the jitter's random numbers.
const JITTER_SEED: u64 = 0x5eed_a712e;

impl State {
    /// How long to wait before answering a request: the latency, plus a
    /// random part of the jitter.
    pub(super) fn delay(&mut self) -> Duration {
        if self.jitter.is_zero() {
            return self.latency;
        }
        let rng = self
            .rng
            .get_or_insert_with(|| fastrand::Rng::with_seed(JITTER_SEED));
        let jitter = u64::try_from(self.jitter.as_nanos()).unwrap_or(u64::MAX);
        self.latency
            .saturating_add(Duration::from_nanos(rng.u64(0..=jitter)))
    }

    /// The ID of the organization named `name` (a seed lookup).
    pub(super) fn org_id(&self, name: &str) -> String {
        let org = self.organizations.values().find(|o| o.name == name);
        org.unwrap_or_else(|| panic!("no organization is named {name:?}"))
            .id
            .clone()
    }

    /// The oldest space named `name` (a seed lookup).
    pub(super) fn space_named(&self, name: &str) -> &SpaceRecord {
        let space = self.spaces.values().find(|s| s.name == name);
        space.unwrap_or_else(|| panic!("no space is named {name:?}"))
    }

    pub(super) fn organization(&self, id: &str) -> Option<&OrganizationRecord> {
        self.organizations.values().find(|o| o.id == id)
    }

    pub(super) fn user(&self, id: &str) -> Option<&UserRecord> {
        self.users.values().find(|u| u.id == id)
    }

    pub(super) fn user_mut(&mut self, id: &str) -> Option<&mut UserRecord> {
        self.users.values_mut().find(|u| u.id == id)
    }

    /// The next tick of the clock of roles, bindings, restrictions,
    /// projects and keys, as a timestamp: each is a minute after the one
    /// before.
    pub(super) fn now(&mut self) -> String {
        self.clock += 1;
        timestamp(self.time())
    }

    /// The fake's time, without a tick.
    pub(super) fn time(&self) -> DateTime<Utc> {
        clock(self.clock, self.advanced)
    }

    /// Who a bearer token authenticates as, if anyone: the fake's own key
    /// acts as the account's administrator (`admin`, a user ID of no user);
    /// an active, unexpired user key as its creator, a service key as its
    /// bot user, and an old secret within its grace period as its key.
    pub(super) fn authenticate(
        &mut self,
        token: &str,
        api_key: &str,
        admin: &str,
    ) -> Option<String> {
        if token == api_key {
            return Some(admin.to_owned());
        }
        let now = self.time();
        let key = self.keys.values_mut().find(|k| {
            let current = k.secret == token && k.expires_at.is_none_or(|at| at > now);
            let old = k
                .old_secret
                .as_ref()
                .is_some_and(|(secret, until)| secret == token && *until > now);
            !k.revoked && (current || old)
        })?;
        key.last_used_at = Some(timestamp(now));
        Some(match &key.bot {
            Some(bot) => bot.user_id.clone(),
            None => key.created_by.clone(),
        })
    }

    pub(super) fn role(&self, id: &str) -> Option<&RoleRecord> {
        self.roles.values().find(|r| r.id == id)
    }

    pub(super) fn project(&self, id: &str) -> Option<&ProjectRecord> {
        self.projects.values().find(|p| p.id == id)
    }

    /// What still uses a role, which keeps it from being deleted: a role
    /// binding, or a membership holding it as a custom role.
    pub(super) fn role_holder(&self, role_id: &str) -> Option<&'static str> {
        let holds = |m: &Membership| m.role["type"] == "CUSTOM" && m.role["id"] == role_id;
        if self.bindings.values().any(|b| b.role_id == role_id) {
            Some("role bindings still use the role: delete the bindings first")
        } else if self.space_memberships.values().any(holds)
            || self.organization_memberships.values().any(holds)
        {
            Some(
                "members of spaces or organizations still hold the role: \
                 give them another role or remove them first",
            )
        } else {
            None
        }
    }

    pub(super) fn insert_organization(
        &mut self,
        name: &str,
        description: &str,
    ) -> &OrganizationRecord {
        self.organizations_created += 1;
        let n = self.organizations_created;
        self.organizations.entry(n).or_insert(OrganizationRecord {
            n,
            id: make_id("Organization", n),
            name: name.to_owned(),
            description: description.to_owned(),
            created_at: created_at(n),
        })
    }

    pub(super) fn insert_user(
        &mut self,
        name: &str,
        email: &str,
        role: AccountRole,
        status: UserStatus,
        is_developer: bool,
    ) -> &UserRecord {
        self.users_created += 1;
        let n = self.users_created;
        self.users.entry(n).or_insert(UserRecord {
            n,
            id: make_id("User", n),
            name: name.to_owned(),
            email: email.to_owned(),
            created_at: created_at(n),
            status,
            role,
            is_developer,
        })
    }

    pub(super) fn insert_space(
        &mut self,
        name: String,
        organization_id: String,
        description: &str,
        is_private: bool,
    ) -> &SpaceRecord {
        self.created += 1;
        let n = self.created;
        let id = make_id("Space", n);
        let palette = ["#4F46E5", "#0EA5E9", "#10B981", "#F59E0B", "#EF4444"];
        self.space_numbers.insert(id.clone(), n);
        self.spaces.entry(n).or_insert(SpaceRecord {
            n,
            id,
            name,
            organization_id,
            description: description.to_owned(),
            is_private,
            created_at: created_at(n),
            default_llm_integration: Value::Null,
            ml_models_enabled: false,
            gradient_start_color: palette[n % palette.len()].into(),
            gradient_end_color: palette[(n + 2) % palette.len()].into(),
            default_agent_runtime: Value::Null,
        })
    }

    pub(super) fn insert_role(
        &mut self,
        name: &str,
        description: &str,
        permissions: Vec<String>,
        is_predefined: bool,
    ) -> &RoleRecord {
        self.roles_created += 1;
        let n = self.roles_created;
        let now = self.now();
        self.roles.entry(n).or_insert(RoleRecord {
            n,
            id: make_id("Role", n),
            name: name.to_owned(),
            description: description.to_owned(),
            permissions,
            is_predefined,
            created_at: now.clone(),
            updated_at: now,
        })
    }

    /// Adds a project to the space numbered `space`.
    pub(super) fn insert_project(&mut self, space: usize, name: &str) -> &ProjectRecord {
        self.projects_created += 1;
        let n = self.projects_created;
        let space_id = self.spaces[&space].id.clone();
        let created_at = self.now();
        self.projects.entry(n).or_insert(ProjectRecord {
            n,
            id: make_id("Model", n),
            name: name.to_owned(),
            space,
            space_id,
            created_at,
            restricted_at: None,
        })
    }

    /// Whether another project of the space numbered `space` has this name
    /// (compared exactly: the contract does not say how the server compares
    /// them, and the SDKs compare exactly).
    pub(super) fn project_name_taken(
        &self,
        space: usize,
        name: &str,
        except: Option<usize>,
    ) -> bool {
        self.projects
            .values()
            .any(|p| p.space == space && p.name == name && Some(p.n) != except)
    }

    /// Deletes a project, its restriction and every role binding on it.
    pub(super) fn delete_project(&mut self, n: usize) {
        if let Some(project) = self.projects.remove(&n) {
            self.bindings.retain(|_, b| b.resource_id != project.id);
        }
    }

    pub(super) fn name_taken(
        &self,
        organization_id: &str,
        name: &str,
        except: Option<usize>,
    ) -> bool {
        self.spaces
            .values()
            .any(|s| s.organization_id == organization_id && s.name == name && Some(s.n) != except)
    }

    /// Records one invitation email "sent" to `email`.
    pub(super) fn send_invitation(&mut self, email: &str) {
        *self.invitations.entry(email.to_lowercase()).or_default() += 1;
    }

    /// Deletes a space with its memberships, its projects (and their
    /// restrictions) and every role binding on it or on its projects.
    pub(super) fn delete_space(&mut self, n: usize) {
        if let Some(space) = self.spaces.remove(&n) {
            self.space_numbers.remove(&space.id);
            self.bindings.retain(|_, b| b.resource_id != space.id);
        }
        self.space_memberships.retain(|(space, _), _| *space != n);
        let projects: Vec<usize> = self
            .projects
            .values()
            .filter(|p| p.space == n)
            .map(|p| p.n)
            .collect();
        for project in projects {
            self.delete_project(project);
        }
    }

    /// Deletes an organization, every space of it (with their memberships),
    /// every membership of it and the service keys bound to it.
    pub(super) fn delete_organization(&mut self, n: usize) {
        let Some(org) = self.organizations.remove(&n) else {
            return;
        };
        let spaces: Vec<usize> = self
            .spaces
            .values()
            .filter(|s| s.organization_id == org.id)
            .map(|s| s.n)
            .collect();
        for space in spaces {
            self.delete_space(space);
        }
        self.organization_memberships
            .retain(|(organization, _), _| *organization != org.id);
        // The organization's API keys: the service keys bound to it.
        self.keys.retain(|_, key| {
            let bot = key.bot.as_ref();
            !bot.is_some_and(|bot| bot.organizations.iter().any(|(id, _, _)| *id == org.id))
        });
    }

    /// Removes a user from an organization and from every space of it
    /// (with their bindings on those spaces, as [`remove_from_space`]
    /// does). False if they were not a member.
    ///
    /// [`remove_from_space`]: State::remove_from_space
    pub(super) fn remove_from_organization(
        &mut self,
        organization_id: &str,
        user_id: &str,
    ) -> bool {
        let key = (organization_id.to_owned(), user_id.to_owned());
        if self.organization_memberships.remove(&key).is_none() {
            return false;
        }
        let spaces: Vec<usize> = self
            .space_memberships
            .keys()
            .filter(|(space, user)| {
                user == user_id
                    && self
                        .spaces
                        .get(space)
                        .is_some_and(|s| s.organization_id == organization_id)
            })
            .map(|(space, _)| *space)
            .collect();
        for space in spaces {
            self.remove_from_space(space, user_id);
        }
        true
    }

    /// Removes a user from a space, and every role binding of theirs on
    /// the space (not those on its projects). False if they were not a
    /// member.
    pub(super) fn remove_from_space(&mut self, space: usize, user_id: &str) -> bool {
        if self
            .space_memberships
            .remove(&(space, user_id.to_owned()))
            .is_none()
        {
            return false;
        }
        if let Some(space) = self.spaces.get(&space) {
            let space_id = &space.id;
            self.bindings.retain(|_, b| {
                !(b.user_id == user_id
                    && b.kind == BindingKind::Space
                    && b.resource_id == *space_id)
            });
        }
        true
    }

    /// Blocks a user for good: status `inactive`, every organization and
    /// space membership, every role binding and every user key removed.
    pub(super) fn deactivate_user(&mut self, user_id: &str) {
        if let Some(user) = self.user_mut(user_id) {
            user.status = UserStatus::Inactive;
        }
        self.organization_memberships
            .retain(|(_, user), _| user != user_id);
        self.space_memberships
            .retain(|(_, user), _| user != user_id);
        self.bindings.retain(|_, b| b.user_id != user_id);
        // Their user keys.
        self.keys
            .retain(|_, key| key.bot.is_some() || key.created_by != user_id);
    }
}
