//! A listing's query parameters: set by its filters under the spec's names,
//! checked against the spec's limits and with their names resolved before
//! the first request, then written straight into the URL in the spec's
//! order.
//!
//! # Design
//!
//! A listing's filters are pairs, as the gitlab crate's `QueryParams`, not
//! a struct per listing: the operation table already says which parameters
//! an operation takes, in which order, how long each may be and which are
//! required, so one generic check and one writer serve every listing, and a
//! new listing's filters are only its setters. Writing allocates nothing of
//! its own, which matters on the path of every page.

use std::fmt::{self, Debug, Display, Write as _};

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::{Client, Error, Result, operation::Operation};

/// Everything but RFC 3986's unreserved characters, and `.` as well, so that
/// no segment can be `..`. IDs are base64 (`+`, `/`, `=`), and a hostile one
/// could hold `?`, `#` or `%`: encoded with this set, none of them can leave
/// its path segment or query value.
pub(crate) const ALL_BUT_UNRESERVED: &AsciiSet =
    &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'~');

/// A listing's own query parameters (`limit` and `cursor` aside), under the
/// spec's names, in the order they were set.
#[derive(Debug, Clone, Default)]
pub(crate) struct Query(Vec<(&'static str, Value)>);

/// The value of one query parameter.
#[derive(Debug, Clone)]
pub(crate) enum Value {
    /// Sent as it is.
    Text(String),
    /// Sent once per item, under the same name: `status=A&status=B`.
    Repeated(Vec<String>),
    /// A resource named by ID or name, sent as its ID once
    /// [`Query::prepare`] has resolved it.
    Reference(Box<dyn Reference>),
}

/// A resource named by ID or name, in a listing's filters (implemented by
/// [`NameOrId`](crate::NameOrId)).
pub(crate) trait Reference: Debug + Send + Sync + 'static {
    /// The resource's ID: an ID as it is, a name looked up.
    fn resolve(&self, client: &Client) -> Result<String>;

    /// A copy, for a listing that is cloned.
    fn clone_box(&self) -> Box<dyn Reference>;
}

impl Clone for Box<dyn Reference> {
    fn clone(&self) -> Self {
        self.clone_box()
    }
}

impl Query {
    /// Sets parameter `name` to `value`, or removes it for `None`.
    pub(crate) fn set(&mut self, name: &'static str, value: Option<Value>) {
        self.0.retain(|(set, _)| *set != name);
        if let Some(value) = value {
            self.0.push((name, value));
        }
    }

    /// Adds one more value to the repeated parameter `name`.
    pub(crate) fn add(&mut self, name: &'static str, text: String) {
        match self.0.iter_mut().find(|(set, _)| *set == name) {
            Some((_, Value::Repeated(values))) => values.push(text),
            _ => self.set(name, Some(Value::Repeated(vec![text]))),
        }
    }

    /// The query to send: every value checked against `operation`'s limits
    /// (before anything is sent, and before any name is looked up), every
    /// required parameter present, then every reference resolved to its ID.
    pub(crate) fn prepare(&self, client: &Client, operation: &Operation) -> Result<Query> {
        for param in operation.query {
            let value = self.0.iter().find(|(name, _)| *name == param.name);
            let texts: &[String] = match value {
                None if param.required => return Err(Error::invalid(param.name, "required")),
                Some((_, Value::Text(text))) => std::slice::from_ref(text),
                Some((_, Value::Repeated(texts))) => texts,
                None | Some((_, Value::Reference(_))) => &[],
            };
            if let Some(max) = param.max_length {
                for text in texts {
                    check_length(param.name, text, max)?;
                }
            }
        }
        debug_assert!(
            self.0
                .iter()
                .all(|(name, _)| operation.query.iter().any(|param| param.name == *name)),
            "{} takes none of {self:?}",
            operation.id
        );
        let mut prepared = Vec::with_capacity(self.0.len());
        for (name, value) in &self.0 {
            let value = match value {
                Value::Reference(reference) => Value::Text(reference.resolve(client)?),
                other => other.clone(),
            };
            prepared.push((*name, value));
        }
        Ok(Query(prepared))
    }

    /// Appends the parameters to `url` in the order `operation` lists them.
    pub(crate) fn write(&self, url: &mut String, operation: &Operation) {
        for param in operation.query {
            match self.0.iter().find(|(name, _)| *name == param.name) {
                Some((name, Value::Text(text))) => push(url, name, text),
                Some((name, Value::Repeated(texts))) => {
                    for text in texts {
                        push(url, name, text);
                    }
                }
                // `prepare` has resolved every reference.
                Some((_, Value::Reference(_))) | None => {}
            }
        }
    }
}

/// Refuses a text longer than the spec allows, counting characters as the
/// API does.
pub(crate) fn check_length(field: &'static str, text: &str, max: usize) -> Result<()> {
    let length = text.chars().count();
    if length > max {
        let reason = format!("{length} characters, at most {max}");
        return Err(Error::invalid(field, reason));
    }
    Ok(())
}

/// Appends `name=value` to `url`, the value percent-encoded: after `?` for
/// the first parameter, `&` for the others.
pub(crate) fn push(url: &mut String, name: &str, value: impl Display) {
    url.push(if url.contains('?') { '&' } else { '?' });
    url.push_str(name);
    url.push('=');
    // Display straight into the encoder: no intermediate string.
    let _ = write!(Encoder(url), "{value}");
}

/// Percent-encodes what is written through it into a URL.
struct Encoder<'a>(&'a mut String);

impl fmt::Write for Encoder<'_> {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        self.0.extend(utf8_percent_encode(text, ALL_BUT_UNRESERVED));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operation::QueryParam;

    fn operation(query: &'static [QueryParam]) -> &'static Operation {
        Box::leak(Box::new(Operation {
            id: "list_things",
            method: ureq::http::Method::GET,
            path: "/v2/things",
            success: &[200],
            retry: crate::retry::Retry::Idempotent,
            secret: false,
            items: Some("things"),
            response: None,
            body: None,
            query,
        }))
    }

    const PARAMS: &[QueryParam] = &[
        QueryParam {
            name: "kind",
            max_length: None,
            required: true,
        },
        QueryParam {
            name: "name",
            max_length: Some(3),
            required: false,
        },
        QueryParam {
            name: "status",
            max_length: Some(6),
            required: false,
        },
    ];

    fn client() -> Client {
        Client::new("k").unwrap()
    }

    #[test]
    fn parameters_are_written_in_the_specs_order_and_encoded() {
        let mut query = Query::default();
        query.add("status", "ACTIVE".into());
        query.set("name", Some(Value::Text("a&b".into())));
        query.add("status", "A B".into());
        query.set("kind", Some(Value::Text("x".into())));
        let mut url = String::from("/v2/things");
        let op = operation(PARAMS);
        query.prepare(&client(), op).unwrap().write(&mut url, op);
        assert_eq!(
            url,
            "/v2/things?kind=x&name=a%26b&status=ACTIVE&status=A%20B"
        );
        push(&mut url, "limit", 7);
        assert!(url.ends_with("&limit=7"), "{url}");
    }

    #[test]
    fn setting_again_replaces_and_none_removes() {
        let mut query = Query::default();
        query.set("kind", Some(Value::Text("a".into())));
        query.set("kind", Some(Value::Text("b".into())));
        query.set("name", Some(Value::Text("n".into())));
        query.set("name", None);
        let mut url = String::new();
        query.write(&mut url, operation(PARAMS));
        assert_eq!(url, "?kind=b");
    }

    #[test]
    fn lengths_and_required_parameters_are_checked_before_sending() {
        let op = operation(PARAMS);
        let error = Query::default().prepare(&client(), op).unwrap_err();
        assert!(
            matches!(&error, Error::InvalidRequest { field: "kind", reason } if reason == "required"),
            "{error:?}"
        );
        let mut query = Query::default();
        query.set("kind", Some(Value::Text("x".into())));
        query.set("name", Some(Value::Text("éé".into())));
        query.add("status", "ACTIVE".into());
        assert!(
            query.prepare(&client(), op).is_ok(),
            "characters, not bytes"
        );
        query.add("status", "INVITED".into());
        let error = query.prepare(&client(), op).unwrap_err();
        assert!(
            matches!(&error, Error::InvalidRequest { field: "status", reason } if reason == "7 characters, at most 6"),
            "{error:?}"
        );
        query.set("status", None);
        query.set("name", Some(Value::Text("four".into())));
        let error = query.prepare(&client(), op).unwrap_err();
        assert!(
            matches!(&error, Error::InvalidRequest { field: "name", .. }),
            "{error:?}"
        );
    }
}
