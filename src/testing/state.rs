//! What the fake knows: its records, and the rules that span resources.

use std::{
    collections::{BTreeMap, HashMap, HashSet, VecDeque},
    sync::{Mutex, MutexGuard},
    time::Duration,
};

use base64::Engine;
use serde_json::{Value, json};

use super::{AccountRole, RecordedRequest};

pub(super) fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    // A panicking test thread must not take the fake down with it.
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[derive(Debug, Clone)]
pub(super) struct Named {
    pub(super) id: String,
    pub(super) name: String,
}

impl Named {
    pub(super) fn new(kind: &str, n: usize, name: &str) -> Named {
        Named {
            id: make_id(kind, n),
            name: name.to_owned(),
        }
    }
}

/// IDs shaped like the real ones: base64 of `Kind:<n>:<suffix>`.
pub(super) fn make_id(kind: &str, n: usize) -> String {
    let suffix = (n as u64).wrapping_mul(2_654_435_761) % 0x1_0000_0000;
    base64::engine::general_purpose::STANDARD.encode(format!("{kind}:{n}:{suffix:08x}"))
}

#[derive(Debug)]
pub(super) struct User {
    pub(super) named: Named,
    pub(super) role: AccountRole,
    pub(super) organizations: HashSet<String>,
}

#[derive(Debug, Clone)]
pub(super) struct SpaceRecord {
    pub(super) n: usize,
    pub(super) id: String,
    pub(super) name: String,
    pub(super) organization_id: String,
    pub(super) description: String,
    pub(super) is_private: bool,
    pub(super) created_at: String,
    pub(super) default_llm_integration: Value,
    pub(super) ml_models_enabled: bool,
    pub(super) gradient_start_color: String,
    pub(super) gradient_end_color: String,
    pub(super) default_agent_runtime: Value,
}

impl SpaceRecord {
    pub(super) fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "created_at": self.created_at,
            "is_private": self.is_private,
            "organization_id": self.organization_id,
            "default_llm_integration": self.default_llm_integration,
            "ml_models_enabled": self.ml_models_enabled,
            "gradient_start_color": self.gradient_start_color,
            "gradient_end_color": self.gradient_end_color,
            "default_agent_runtime": self.default_agent_runtime,
        })
    }
}

#[derive(Debug, Default)]
pub(super) struct State {
    pub(super) organizations: Vec<Named>,
    pub(super) users: Vec<User>,
    pub(super) roles: Vec<Named>,
    /// By creation number, so that listing order and cursors are stable.
    pub(super) spaces: BTreeMap<usize, SpaceRecord>,
    pub(super) space_numbers: HashMap<String, usize>,
    /// (space number, user ID) to (membership ID, role as sent back).
    pub(super) memberships: BTreeMap<(usize, String), (String, Value)>,
    pub(super) created: usize,
    pub(super) memberships_created: usize,
    pub(super) failures: VecDeque<(u16, Option<String>)>,
    pub(super) latency: Duration,
    pub(super) log: Vec<RecordedRequest>,
}

impl State {
    pub(super) fn org_id(&self, name: &str) -> String {
        let org = self.organizations.iter().find(|o| o.name == name);
        org.unwrap_or_else(|| panic!("no organization named {name:?} was seeded"))
            .id
            .clone()
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
        // A fixed clock: one minute per space from 2026-01-01, so that runs
        // are reproducible.
        let created_at = chrono::DateTime::from_timestamp(1_767_225_600 + 60 * n as i64, 0)
            .expect("in range")
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let palette = ["#4F46E5", "#0EA5E9", "#10B981", "#F59E0B", "#EF4444"];
        self.space_numbers.insert(id.clone(), n);
        self.spaces.entry(n).or_insert(SpaceRecord {
            n,
            id,
            name,
            organization_id,
            description: description.to_owned(),
            is_private,
            created_at,
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
}
