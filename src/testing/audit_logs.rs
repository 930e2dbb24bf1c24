//! The audit log: an entry for every mutating call the fake serves, listed
//! newest first over a time window.

use chrono::{DateTime, Duration, Utc};
use serde_json::{Map, Value};

use super::{
    http::{Handled, problem, query_pairs},
    paging::Paging,
    records::AuditRecord,
    state::State,
};
use crate::operation::Op;

/// Listing keys count down from here, so that the newest entry comes
/// first and a cursor still means "after the last served".
const NEWEST_FIRST: usize = 1 << 40;

impl State {
    /// Records the successful mutating call `op`, with the values of its
    /// path parameters and its body, by the caller, now.
    pub(super) fn audit(&mut self, op: Op, params: &[&str], body: &str) {
        let names = op
            .get()
            .path
            .split('/')
            .filter_map(|part| part.strip_prefix('{')?.strip_suffix('}'));
        let variables: Map<String, Value> = names
            .zip(params)
            .map(|(name, value)| (name.to_owned(), Value::from(*value)))
            .collect();
        let record = AuditRecord {
            n: self.audit.len() + 1,
            user_id: self.caller.clone(),
            operation_name: op.get().id,
            operation_text: (!body.is_empty()).then(|| body.to_owned()),
            variables: (!variables.is_empty()).then(|| Value::Object(variables).to_string()),
            created_at: self.time(),
        };
        self.audit.push(record);
    }
}

fn time(name: &str, value: &str) -> Result<DateTime<Utc>, super::http::Problem> {
    match DateTime::parse_from_rfc3339(value) {
        Ok(time) => Ok(time.with_timezone(&Utc)),
        Err(_) => problem(
            400,
            format!("{name}: {value:?} is not an ISO 8601 date-time"),
        ),
    }
}

/// Newest first, within `start_time..=end_time` (by default the 30 days
/// before now); a start after the end is a 400 (the contract does not say
/// what it is). Filters by user, operation type (every entry is a
/// mutation) and operation names (1 to 20, exact).
pub(super) fn list(state: &State, query: &str) -> Handled {
    if state.audit_disabled {
        return problem(403, "audit logging is not enabled for the account");
    }
    let (mut start, mut end, mut user_id) = (None, None, None);
    let (mut mutations, mut names) = (true, Vec::new());
    let mut paging = Paging::default();
    for (key, value) in query_pairs(query) {
        match key.as_str() {
            "start_time" => start = Some(time(&key, &value)?),
            "end_time" => end = Some(time(&key, &value)?),
            "user_id" => user_id = Some(value),
            "operation_type" => match value.as_str() {
                "MUTATION" => mutations = true,
                "QUERY" | "SUBSCRIPTION" => mutations = false,
                _ => return problem(400, format!("operation_type: {value:?} is not a type")),
            },
            "operation_name" if (1..=255).contains(&value.chars().count()) => names.push(value),
            "operation_name" => return problem(400, "operation_name: 1 to 255 characters"),
            _ => paging.read(&key, &value)?,
        }
    }
    if names.len() > 20 {
        return problem(400, "operation_name: at most 20");
    }
    let end = end.unwrap_or_else(|| state.time());
    let start = start.unwrap_or(end - Duration::days(30));
    if start > end {
        return problem(400, "start_time: after end_time");
    }
    let matching = state
        .audit
        .iter()
        .rev()
        .filter(|_| mutations)
        .filter(|e| (start..=end).contains(&e.created_at))
        .filter(|e| user_id.as_ref().is_none_or(|user| e.user_id == *user))
        .filter(|e| names.is_empty() || names.iter().any(|n| n == e.operation_name))
        .map(|e| (NEWEST_FIRST - e.n, e.to_json()));
    Ok(paging.page(Op::ListAuditLogs, matching))
}
