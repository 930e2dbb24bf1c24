//! The projects routes: the projects of a space, with names unique in it.

use serde_json::{Map, Value};

use super::{
    http::{
        Answer, Handled, Problem, check_length, check_query_length, object, problem, query_pairs,
        string_field,
    },
    paging::Paging,
    records::ProjectRecord,
    state::State,
};
use crate::operation::Op;

fn project<'a>(state: &'a State, id: &str) -> Result<&'a ProjectRecord, Problem> {
    match state.project(id) {
        Some(project) => Ok(project),
        None => problem(404, format!("no project with ID {id}")),
    }
}

fn conflict<T>(name: &str) -> Result<T, Problem> {
    problem(
        409,
        format!("a project named {name:?} already exists in the space"),
    )
}

/// The `name` of a create or rename body: required and not empty.
fn name(op: Op, fields: &Map<String, Value>) -> Result<&str, Problem> {
    let Some(name) = string_field(fields, "name")? else {
        return problem(400, "name: required");
    };
    check_length(op, "name", name)?;
    Ok(name)
}

pub(super) fn list(state: &State, query: &str) -> Handled {
    let (mut space_id, mut space_name, mut name) = (None, None, None);
    let mut applications = true;
    let mut paging = Paging::default();
    for (key, value) in query_pairs(query) {
        match key.as_str() {
            "space_id" => space_id = Some(value),
            "space_name" => {
                check_query_length(Op::ListProjects, "space_name", &value)?;
                space_name = Some(value.to_lowercase());
            }
            "name" => {
                check_query_length(Op::ListProjects, "name", &value)?;
                name = Some(value.to_lowercase());
            }
            // Every project of the fake is an application.
            "project_type" => match value.as_str() {
                "APPLICATION" => applications = true,
                "HARNESS" | "EXPERIMENT" => applications = false,
                _ => {
                    return problem(
                        400,
                        format!(
                            "project_type: {value:?} is not APPLICATION, HARNESS or EXPERIMENT"
                        ),
                    );
                }
            },
            _ => paging.read(&key, &value)?,
        }
    }
    let matching = state
        .projects
        .range(paging.first()..)
        .map(|(_, p)| p)
        .filter(|_| applications)
        .filter(|p| space_id.as_ref().is_none_or(|id| &p.space_id == id))
        .filter(|p| {
            space_name.as_ref().is_none_or(|text| {
                let space = &state.spaces[&p.space].name;
                space.to_lowercase().contains(text.as_str())
            })
        })
        .filter(|p| {
            name.as_ref()
                .is_none_or(|text| p.name.to_lowercase().contains(text.as_str()))
        })
        .map(|p| (p.n, p.to_json()));
    Ok(paging.page(Op::ListProjects, matching))
}

pub(super) fn create(state: &mut State, body: &str) -> Handled {
    let fields = object(Op::CreateProject, body)?;
    let name = name(Op::CreateProject, &fields)?;
    let Some(space_id) = string_field(&fields, "space_id")? else {
        return problem(400, "space_id: required");
    };
    let Some(&space) = state.space_numbers.get(space_id) else {
        return problem(404, format!("no space with ID {space_id}"));
    };
    if state.project_name_taken(space, name, None) {
        return conflict(name);
    }
    Ok(Answer::json(
        201,
        state.insert_project(space, name).to_json(),
    ))
}

pub(super) fn get(state: &State, id: &str) -> Handled {
    Ok(Answer::json(200, project(state, id)?.to_json()))
}

/// A rename: `name` is required, and unique in the space (409, which the
/// contract leaves open between 409 and 400/422).
pub(super) fn update(state: &mut State, id: &str, body: &str) -> Handled {
    let (n, space) = project(state, id).map(|p| (p.n, p.space))?;
    let fields = object(Op::UpdateProject, body)?;
    let name = name(Op::UpdateProject, &fields)?;
    if state.project_name_taken(space, name, Some(n)) {
        return conflict(name);
    }
    let project = state.projects.get_mut(&n).expect("found above");
    name.clone_into(&mut project.name);
    Ok(Answer::json(200, project.to_json()))
}

/// Deletes a project with its restriction and the role bindings on it.
pub(super) fn delete(state: &mut State, id: &str) -> Handled {
    let n = project(state, id)?.n;
    state.delete_project(n);
    Ok(Answer::empty())
}
