//! The response types of the API, generated at build time from
//! `openapi/arize.json` by `build.rs` (progenitor and typify).
//!
//! The most used ones are re-exported at the crate root ([`Space`],
//! [`SpaceMembership`], …). They are `#[non_exhaustive]`: read their fields,
//! but let the client build them, so that fields the API adds later do not
//! break your code.
//!
//! # Reading tolerantly
//!
//! The API is in beta and changes without notice, so responses are read
//! leniently: only what the crate cannot work without is required (an
//! item's ID, and the name or email it is looked up by). Other text and
//! flags default to empty or `false` when absent or `null`; timestamps,
//! enums and nested objects are `Option`s; unknown fields are ignored; and
//! every enum keeps a value it does not know in an `Unknown` variant
//! instead of failing. Requests are the opposite: strict, and checked
//! before anything is sent.
//!
//! Request types are generated too, but kept private: the builders of the
//! facade fill them in, and their `TryFrom` checks the spec's limits. The
//! role assignments are replaced by hand-written types ([`Role`](crate::Role),
//! [`AccountRole`](crate::AccountRole)), and the three-state update bodies
//! live behind builders such as [`UpdateSpace`](crate::UpdateSpace).

use std::fmt;

use serde::{Deserialize, Deserializer};

// Request types the facade does not use, and generated helpers, would
// otherwise be reported as dead code.
#[allow(dead_code, clippy::all)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/types.rs"));
}

include!(concat!(env!("OUT_DIR"), "/public_types.rs"));

pub(crate) use generated::*;

/// A value of an API enum that this version of the crate does not know,
/// kept as the server sent it.
///
/// Only decoding makes one. Passed back to the API (say, the permissions of
/// one role copied to another), it is sent unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(String);

impl UnknownValue {
    pub(crate) fn new(value: impl Into<String>) -> UnknownValue {
        UnknownValue(value.into())
    }

    /// The value as the server sent it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The wire spelling of a name typed by a person: trimmed, upper case, with
/// `-` and spaces as `_` (`read-only` → `READ_ONLY`).
pub(crate) fn wire_spelling(text: &str) -> String {
    text.trim()
        .chars()
        .map(|c| match c {
            '-' | ' ' => '_',
            c => c.to_ascii_uppercase(),
        })
        .collect()
}

/// Reads `null` as the field's default, as an absent field is.
pub(crate) fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}
