//! The resource restrictions routes. The fake's only restrictable
//! resources are its projects; it has no dashboards or prompts.

use super::{
    http::{Answer, Handled, Problem, object, problem, query_pairs, string_field},
    paging::Paging,
    state::State,
};
use crate::operation::Op;

/// The number of the project `id`: 404 for an unknown ID, 400 for an ID of
/// a resource that cannot be restricted (a space, say).
fn project(state: &State, id: &str) -> Result<usize, Problem> {
    if let Some(project) = state.project(id) {
        return Ok(project.n);
    }
    let kind = if state.space_numbers.contains_key(id) {
        "a space"
    } else if state.organization(id).is_some() {
        "an organization"
    } else if state.user(id).is_some() {
        "a user"
    } else if state.role(id).is_some() {
        "a role"
    } else if state.bindings.values().any(|b| b.id == id) {
        "a role binding"
    } else {
        return problem(404, format!("no resource with ID {id}"));
    };
    problem(
        400,
        format!(
            "unsupported type: {id} is {kind}; only projects, dashboards and prompts can be restricted"
        ),
    )
}

/// Every restriction, filtered after reading: the page is `limit` projects
/// in creation order, and the unrestricted ones are dropped from it, so a
/// page can be short or empty while `has_more` is true, as on the real API.
pub(super) fn list(state: &State, query: &str) -> Handled {
    let mut projects = true;
    let mut paging = Paging::default();
    for (key, value) in query_pairs(query) {
        match (key.as_str(), value.as_str()) {
            ("resource_type", "PROJECT") => projects = true,
            // The fake has none of these.
            ("resource_type", "DASHBOARD" | "PROMPT") => projects = false,
            ("resource_type", _) => {
                return problem(
                    400,
                    format!("resource_type: {value:?} is not PROJECT, DASHBOARD or PROMPT"),
                );
            }
            _ => paging.read(&key, &value)?,
        }
    }
    let candidates = state
        .projects
        .range(paging.first()..)
        .filter(|_| projects)
        .map(|(n, p)| (*n, p.restriction()));
    Ok(paging.page_filtered_after(Op::ListResourceRestrictions, candidates))
}

/// Restricts a project; restricting it again returns the same restriction.
pub(super) fn create(state: &mut State, body: &str) -> Handled {
    let fields = object(Op::CreateResourceRestriction, body)?;
    let id = match string_field(&fields, "resource_id")? {
        Some(id) if !id.is_empty() => id,
        Some(_) => return problem(422, "resource_id: cannot be empty"),
        None => return problem(400, "resource_id: required"),
    };
    let n = project(state, id)?;
    if state.projects[&n].restricted_at.is_none() {
        let now = state.now();
        state.projects.entry(n).and_modify(|p| {
            p.restricted_at = Some(now);
        });
    }
    let restriction = state.projects[&n].restriction();
    Ok(Answer::json(200, restriction.unwrap_or_default()))
}

/// Lifts a restriction: 404 when the resource is not restricted.
pub(super) fn delete(state: &mut State, id: &str) -> Handled {
    let n = project(state, id)?;
    match state
        .projects
        .get_mut(&n)
        .and_then(|p| p.restricted_at.take())
    {
        Some(_) => Ok(Answer::empty()),
        None => problem(404, format!("the resource {id} is not restricted")),
    }
}
