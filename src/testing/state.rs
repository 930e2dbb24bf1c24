//! What the fake knows: its state, and the rules that span resources.

use std::{
    collections::{BTreeMap, HashMap, VecDeque},
    sync::{Mutex, MutexGuard},
    time::Duration,
};

use serde_json::Value;

use super::{
    AccountRole, RecordedRequest,
    records::{
        Membership, Named, OrganizationRecord, SpaceRecord, UserRecord, UserStatus, created_at,
        make_id,
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
    pub(super) roles: Vec<Named>,
    pub(super) spaces: BTreeMap<usize, SpaceRecord>,
    pub(super) space_numbers: HashMap<String, usize>,
    /// (space number, user ID) to membership.
    pub(super) space_memberships: BTreeMap<(usize, String), Membership>,
    /// (organization ID, user ID) to membership.
    pub(super) organization_memberships: BTreeMap<(String, String), Membership>,
    /// Invitations sent (new ones and resends), by lowercased email.
    pub(super) invitations: HashMap<String, usize>,
    pub(super) organizations_created: usize,
    pub(super) users_created: usize,
    pub(super) created: usize,
    pub(super) memberships_created: usize,
    pub(super) failures: VecDeque<(u16, Option<String>)>,
    pub(super) latency: Duration,
    pub(super) log: Vec<RecordedRequest>,
}

impl State {
    /// The ID of the organization named `name` (a seed lookup).
    pub(super) fn org_id(&self, name: &str) -> String {
        let org = self.organizations.values().find(|o| o.name == name);
        org.unwrap_or_else(|| panic!("no organization is named {name:?}"))
            .id
            .clone()
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

    /// Deletes a space and its memberships.
    pub(super) fn delete_space(&mut self, n: usize) {
        if let Some(space) = self.spaces.remove(&n) {
            self.space_numbers.remove(&space.id);
        }
        self.space_memberships.retain(|(space, _), _| *space != n);
    }

    /// Deletes an organization, every space of it (with their memberships)
    /// and every membership of it.
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
    }

    /// Removes a user from an organization and from every space of it.
    /// False if they were not a member.
    pub(super) fn remove_from_organization(
        &mut self,
        organization_id: &str,
        user_id: &str,
    ) -> bool {
        let key = (organization_id.to_owned(), user_id.to_owned());
        if self.organization_memberships.remove(&key).is_none() {
            return false;
        }
        let spaces = &self.spaces;
        self.space_memberships.retain(|(space, user), _| {
            user != user_id
                || spaces
                    .get(space)
                    .is_none_or(|s| s.organization_id != organization_id)
        });
        true
    }

    /// Blocks a user for good: status `inactive`, every organization and
    /// space membership removed.
    pub(super) fn deactivate_user(&mut self, user_id: &str) {
        if let Some(user) = self.user_mut(user_id) {
            user.status = UserStatus::Inactive;
        }
        self.organization_memberships
            .retain(|(_, user), _| user != user_id);
        self.space_memberships
            .retain(|(_, user), _| user != user_id);
        // Role bindings go too on the real API: remove the user's bindings
        // here once the fake models them.
    }
}
