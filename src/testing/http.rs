//! HTTP plumbing: reading a request, routing it, writing the answer, and
//! the helpers every resource's routes share.

use std::{io::Write, sync::Mutex, thread};

use flate2::{Compression, write::GzEncoder};
use percent_encoding::percent_decode_str;
use serde_json::{Map, Value, json};

use super::{
    RecordedRequest, api_keys, audit_logs, organizations, projects,
    records::admin_id,
    resource_restrictions, role_bindings, roles,
    server::{Incoming, Load},
    spaces,
    state::{State, lock},
    users,
};
use crate::operation::Op;

/// The largest request body the fake reads.
pub(super) const MAX_BODY: u64 = 1024 * 1024;

/// An answer: status and body (JSON, a problem document, or none).
pub(super) struct Answer {
    status: u16,
    body: Option<Value>,
    retry_after: Option<String>,
}

impl Answer {
    pub(super) fn json(status: u16, body: Value) -> Answer {
        Answer {
            status,
            body: Some(body),
            retry_after: None,
        }
    }

    pub(super) fn empty() -> Answer {
        Answer {
            status: 204,
            body: None,
            retry_after: None,
        }
    }
}

/// An error answer, as an RFC 9457 problem document.
pub(super) struct Problem(u16, String);

pub(super) type Handled = Result<Answer, Problem>;

pub(super) fn problem<T>(status: u16, detail: impl Into<String>) -> Result<T, Problem> {
    Err(Problem(status, detail.into()))
}

pub(super) fn serve(
    state: &Mutex<State>,
    api_key: &str,
    load: &Load,
    request: Incoming,
) -> Vec<u8> {
    load.enter();
    let Incoming {
        method,
        url,
        authorization,
        accept_encoding,
        body,
    } = request;
    let (body, too_large) = match body {
        Some(body) => (String::from_utf8_lossy(&body).into_owned(), false),
        None => (String::new(), true),
    };
    let gzip = accept_encoding.is_some_and(|value| accepts_gzip(&value));

    // Outside the lock, so that concurrent requests wait at the same time,
    // as over a network.
    let delay = lock(state).delay();
    if !delay.is_zero() {
        thread::sleep(delay);
    }

    let answer = {
        let mut state = lock(state);
        let answer = if let Some((status, retry_after)) = state.failures.pop_front() {
            let mut answer =
                problem_answer(status, "failure injected by FakeServer::fail_next", &url);
            answer.retry_after = retry_after;
            answer
        } else if too_large {
            problem_answer(413, "the body is larger than 1 MiB", &url)
        } else {
            let token = authorization
                .as_deref()
                .and_then(|a| a.strip_prefix("Bearer "));
            match token.and_then(|token| state.authenticate(token, api_key, &admin_id())) {
                None => problem_answer(
                    401,
                    "missing, invalid, revoked or expired API key: send Authorization: Bearer <key>",
                    &url,
                ),
                Some(caller) => {
                    state.caller = caller;
                    route(&mut state, &method, &url, &body).unwrap_or_else(
                        |Problem(status, detail)| problem_answer(status, &detail, &url),
                    )
                }
            }
        };
        state.log.push(RecordedRequest {
            method,
            url,
            body,
            status: answer.status,
        });
        answer
    };

    let body = match &answer.body {
        Some(body) if gzip => compress(body.to_string().as_bytes()),
        Some(body) => body.to_string().into_bytes(),
        None => Vec::new(),
    };
    let reason = match crate::error::reason(answer.status) {
        "" => "Unknown",
        reason => reason,
    };
    let mut head = format!(
        "HTTP/1.1 {} {reason}\r\nServer: arize-fake\r\nDate: {}\r\nContent-Length: {}\r\n",
        answer.status,
        httpdate::fmt_http_date(std::time::SystemTime::now()),
        body.len()
    );
    if answer.body.is_some() {
        head.push_str("Vary: Accept-Encoding\r\n");
        if gzip {
            head.push_str("Content-Encoding: gzip\r\n");
        }
    }
    let content_type = match (answer.status, &answer.body) {
        (_, None) => None,
        (200..=299, Some(_)) => Some("application/json"),
        (_, Some(_)) => Some("application/problem+json"),
    };
    if let Some(content_type) = content_type {
        head.push_str(&format!("Content-Type: {content_type}\r\n"));
    }
    if let Some(retry_after) = &answer.retry_after {
        head.push_str(&format!("Retry-After: {retry_after}\r\n"));
    }
    head.push_str("\r\n");
    // One write for head and body: with Nagle's algorithm, a body written
    // after its head would wait for the client's delayed ACK (40 ms).
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(&body);
    load.leave();
    bytes
}

/// Whether an `Accept-Encoding` value accepts gzip: `gzip` (or `x-gzip`,
/// or `*`) without `q=0` (RFC 9110, 12.5.3).
fn accepts_gzip(accept_encoding: &str) -> bool {
    let mut any = false;
    for item in accept_encoding.split(',') {
        let mut parts = item.split(';').map(str::trim);
        let coding = parts.next().unwrap_or_default();
        let refused = parts.any(|p| {
            p.get(..2).is_some_and(|q| q.eq_ignore_ascii_case("q="))
                && p[2..].parse::<f32>().is_ok_and(|q| q == 0.0)
        });
        if coding.eq_ignore_ascii_case("gzip") || coding.eq_ignore_ascii_case("x-gzip") {
            return !refused;
        }
        if coding == "*" {
            any = !refused;
        }
    }
    any
}

/// `data` gzip-compressed, at the fastest level (nginx's default), which
/// keeps the fake quick in debug builds.
fn compress(data: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::with_capacity(data.len() / 4), Compression::fast());
    encoder
        .write_all(data)
        .and_then(|()| encoder.finish())
        .expect("writing to memory cannot fail")
}

fn problem_answer(status: u16, detail: &str, instance: &str) -> Answer {
    let title = match crate::error::reason(status) {
        "" => "Error",
        reason => reason,
    };
    let path = instance.split('?').next().unwrap_or(instance);
    Answer::json(
        status,
        json!({
            "type": "about:blank",
            "title": title,
            "status": status,
            "detail": detail,
            "instance": path,
        }),
    )
}

/// Finds the operation of the table that `method` and `url` name, and
/// serves it: 404 for a path of no operation, 405 for a known path with
/// another method.
fn route(state: &mut State, method: &str, url: &str, body: &str) -> Handled {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let segments: Vec<String> = path
        .split('/')
        .skip(1)
        .map(|s| percent_decode_str(s).decode_utf8_lossy().into_owned())
        .collect();
    let mut known_path = false;
    for op in Op::ALL {
        let operation = op.get();
        let Some(params) = path_params(operation.path, &segments) else {
            continue;
        };
        if operation.method.as_str() == method {
            let answer = serve_operation(state, op, &params, query, body)?;
            if method != "GET" {
                state.audit(op, &params, body);
            }
            return Ok(answer);
        }
        known_path = true;
    }
    if known_path {
        problem(405, format!("{method} is not allowed here"))
    } else {
        problem(404, format!("no endpoint at {path}"))
    }
}

/// The values of a path template's parameters in `segments`, if the path
/// is the template's.
fn path_params<'a>(template: &str, segments: &'a [String]) -> Option<Vec<&'a str>> {
    let parts: Vec<&str> = template.split('/').skip(1).collect();
    if parts.len() != segments.len() {
        return None;
    }
    let mut params = Vec::new();
    for (part, segment) in parts.iter().zip(segments) {
        if part.starts_with('{') {
            params.push(segment.as_str());
        } else if part != segment {
            return None;
        }
    }
    Some(params)
}

/// Serves one operation; `p` holds its path parameters, in order. Every
/// operation of the spec has an arm: a new one does not compile until the
/// fake serves it.
fn serve_operation(state: &mut State, op: Op, p: &[&str], query: &str, body: &str) -> Handled {
    match op {
        Op::ListSpaces => spaces::list(state, query),
        Op::CreateSpace => spaces::create(state, body),
        Op::GetSpace => spaces::get(state, p[0]),
        Op::UpdateSpace => spaces::update(state, p[0], body),
        Op::DeleteSpace => spaces::delete(state, p[0]),
        Op::AddSpaceUser => spaces::add_user(state, p[0], body),
        Op::RemoveSpaceUser => spaces::remove_user(state, p[0], p[1]),
        Op::ListOrganizations => organizations::list(state, query),
        Op::CreateOrganization => organizations::create(state, body),
        Op::GetOrganization => organizations::get(state, p[0]),
        Op::UpdateOrganization => organizations::update(state, p[0], body),
        Op::DeleteOrganization => organizations::delete(state, p[0]),
        Op::AddOrganizationUser => organizations::add_user(state, p[0], body),
        Op::RemoveOrganizationUser => organizations::remove_user(state, p[0], p[1]),
        Op::ListUsers => users::list(state, query),
        Op::CreateUser => users::create(state, body),
        Op::GetUser => users::get(state, p[0]),
        Op::UpdateUser => users::update(state, p[0], body),
        Op::DeleteUser => users::delete(state, p[0]),
        Op::ResendUserInvitation => users::resend_invitation(state, p[0]),
        Op::ResetUserPassword => users::reset_password(state, p[0]),
        Op::ListRoles => roles::list(state, query),
        Op::CreateRole => roles::create(state, body),
        Op::GetRole => roles::get(state, p[0]),
        Op::UpdateRole => roles::update(state, p[0], body),
        Op::DeleteRole => roles::delete(state, p[0]),
        Op::ListRoleBindings => role_bindings::list(state, query),
        Op::CreateRoleBinding => role_bindings::create(state, body),
        Op::GetRoleBinding => role_bindings::get(state, p[0]),
        Op::UpdateRoleBinding => role_bindings::update(state, p[0], body),
        Op::DeleteRoleBinding => role_bindings::delete(state, p[0]),
        Op::ListResourceRestrictions => resource_restrictions::list(state, query),
        Op::CreateResourceRestriction => resource_restrictions::create(state, body),
        Op::DeleteResourceRestriction => resource_restrictions::delete(state, p[0]),
        Op::ListProjects => projects::list(state, query),
        Op::CreateProject => projects::create(state, body),
        Op::GetProject => projects::get(state, p[0]),
        Op::UpdateProject => projects::update(state, p[0], body),
        Op::DeleteProject => projects::delete(state, p[0]),
        Op::ListApiKeys => api_keys::list(state, query),
        Op::CreateApiKey => api_keys::create(state, body),
        Op::RevokeApiKey => api_keys::revoke(state, p[0]),
        Op::RefreshApiKey => api_keys::refresh(state, p[0], body),
        Op::ListAuditLogs => audit_logs::list(state, query),
    }
}

/// The pairs of a query string, percent-decoded (`+` is a space).
pub(super) fn query_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = percent_decode_str(&value.replace('+', " "))
                .decode_utf8_lossy()
                .into_owned();
            (key.to_owned(), value)
        })
        .collect()
}

/// Parses the JSON object body of `op`, refusing (400) a field its
/// schema does not have.
pub(super) fn object(op: Op, body: &str) -> Result<Map<String, Value>, Problem> {
    let Ok(Value::Object(fields)) = serde_json::from_str::<Value>(body) else {
        return problem(400, "the body is not a JSON object");
    };
    closed(op.get().body.unwrap_or_default(), &fields)?;
    Ok(fields)
}

/// Refuses (400) a field that the closed object `schema` does not have.
pub(super) fn closed(schema: &str, fields: &Map<String, Value>) -> Result<(), Problem> {
    let known = schemas::properties(schema);
    match fields.keys().find(|k| !known.contains(&k.as_str())) {
        Some(unknown) => problem(400, format!("unknown field {unknown:?}")),
        None => Ok(()),
    }
}

pub(super) fn string_field<'a>(
    fields: &'a Map<String, Value>,
    name: &str,
) -> Result<Option<&'a str>, Problem> {
    match fields.get(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => problem(400, format!("{name}: expected a string")),
    }
}

pub(super) fn bool_field(fields: &Map<String, Value>, name: &str) -> Result<Option<bool>, Problem> {
    match fields.get(name) {
        None => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(_) => problem(400, format!("{name}: expected a boolean")),
    }
}

/// Refuses (422) a field of `op`'s body whose length is outside its
/// schema's limits.
pub(super) fn check_length(op: Op, name: &str, value: &str) -> Result<(), Problem> {
    check_length_in(op.get().body.unwrap_or_default(), name, value)
}

/// [`check_length`], for a property of any schema.
pub(super) fn check_length_in(schema: &str, name: &str, value: &str) -> Result<(), Problem> {
    let Some((min, max)) = schemas::length_limits(schema, name) else {
        panic!("{schema}.{name} has no length limits in the spec");
    };
    let length = value.chars().count();
    if length < min || length > max {
        return problem(
            422,
            format!("{name}: length {length} is outside {min}..={max}"),
        );
    }
    Ok(())
}

/// Refuses (400) a query parameter of `op` longer than the spec allows.
pub(super) fn check_query_length(op: Op, name: &str, value: &str) -> Result<(), Problem> {
    let max = op
        .get()
        .query
        .iter()
        .find(|param| param.name == name)
        .and_then(|param| param.max_length);
    match max {
        Some(max) if value.chars().count() > max => {
            problem(400, format!("{name}: longer than {max} characters"))
        }
        _ => Ok(()),
    }
}

/// The request schemas of the spec, as the fake checks them.
mod schemas {
    include!(concat!(env!("OUT_DIR"), "/schemas.rs"));
}

#[cfg(test)]
mod tests {
    use super::accepts_gzip;

    #[test]
    fn gzip_is_accepted_unless_refused() {
        for yes in [
            "gzip",
            "GZip",
            "deflate, gzip;q=0.5",
            "x-gzip",
            "*",
            "br;q=1, *",
        ] {
            assert!(accepts_gzip(yes), "{yes}");
        }
        for no in [
            "",
            "identity",
            "br",
            "gzip;q=0",
            "gzip; Q=0.000",
            "*;q=0",
            "*, gzip;q=0",
        ] {
            assert!(!accepts_gzip(no), "{no}");
        }
    }
}
