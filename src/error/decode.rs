//! [`DecodeError`]: a success response that does not decode, and the
//! bounded, scrubbed snippet of a body that errors quote.

use std::fmt;

use crate::{operation::PROPERTY_NAMES, secret::Secret};

/// A success response whose body does not match the API's schema.
#[derive(Debug, Clone)]
pub struct DecodeError {
    pub(crate) request: String,
    pub(crate) status: u16,
    pub(crate) expected: &'static str,
    pub(crate) path: String,
    pub(crate) message: String,
    pub(crate) body: String,
}

impl DecodeError {
    /// The HTTP status of the response.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The type the body should have decoded to, such as [`Space`](crate::Space).
    pub fn expected(&self) -> &str {
        self.expected
    }

    /// Where in the JSON decoding failed, such as `spaces[3].created_at`
    /// (`.` for the top level).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The start of the body (bounded, lossy UTF-8, API key scrubbed).
    pub fn body(&self) -> &str {
        &self.body
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the {} response to {} is not a valid {}: at `{}`: {}; body: {:?}",
            self.status, self.request, self.expected, self.path, self.message, self.body
        )
    }
}

/// The first `max_chars` characters of a body, as lossy UTF-8, with every
/// occurrence of the secret replaced, so that a server echoing the
/// `Authorization` header cannot leak the key into an error message.
pub(crate) fn snippet(body: &[u8], max_chars: usize, secret: &Secret) -> String {
    // Look a little past the cut so that a secret straddling it is still
    // found and scrubbed whole.
    let window = &body[..body.len().min(4 * max_chars + secret.longest())];
    let mut text = secret.scrub(String::from_utf8_lossy(window).into_owned());
    match text.char_indices().nth(max_chars) {
        Some((cut, _)) => {
            text.truncate(cut);
            text.push('…');
        }
        None if window.len() < body.len() => text.push('…'),
        None => {}
    }
    text
}

/// A JSON path with every key that is not a property name of the spec
/// replaced by `?`: keys come from the server, and only the spec's own
/// names are known not to be secrets.
pub(crate) fn spec_path<'a>(
    path: impl IntoIterator<Item = &'a serde_path_to_error::Segment>,
) -> String {
    use serde_path_to_error::Segment;
    let mut text = String::new();
    for segment in path {
        match segment {
            Segment::Seq { index } => text.push_str(&format!("[{index}]")),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                if !text.is_empty() {
                    text.push('.');
                }
                let known = PROPERTY_NAMES.binary_search(&key.as_str()).is_ok();
                text.push_str(if known { key } else { "?" });
            }
            Segment::Unknown => text.push_str(".?"),
        }
    }
    if text.is_empty() {
        ".".to_owned()
    } else {
        text
    }
}

/// A decoder's message with every quoted value (`"…"`, `` `…` ``) taken
/// out: `invalid type: string "Pw-1", expected a boolean` becomes
/// `invalid type: string "…", expected a boolean`.
pub(crate) fn unquoted(message: &str) -> String {
    let mut text = String::with_capacity(message.len());
    let mut chars = message.chars();
    while let Some(c) = chars.next() {
        text.push(c);
        let close = match c {
            '"' => '"',
            '`' => '`',
            _ => continue,
        };
        // Skip to the closing quote, over escaped ones (Rust's `{:?}`).
        let mut escaped = false;
        for c in chars.by_ref() {
            match c {
                '\\' if !escaped => escaped = true,
                c if c == close && !escaped => break,
                _ => escaped = false,
            }
        }
        text.push('…');
        text.push(close);
    }
    text
}
