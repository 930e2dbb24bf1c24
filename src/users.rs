//! The users operations: one method or builder per endpoint.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::secret::REDACTED;

/// The one-time password of a user invited with
/// `InviteMode::TemporaryPassword`.
///
/// It is a secret: its `Debug` and `Display` print `[REDACTED]`, and the
/// crate never logs it. Read it on purpose with
/// [`expose_secret`](TemporaryPassword::expose_secret), then hand it to the
/// user over a safe channel; they must change it at first login.
#[derive(Clone, PartialEq, Eq)]
pub struct TemporaryPassword(String);

impl TemporaryPassword {
    /// The password itself.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for TemporaryPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl fmt::Display for TemporaryPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl<'de> Deserialize<'de> for TemporaryPassword {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(TemporaryPassword)
    }
}

impl Serialize for TemporaryPassword {
    /// Serializes as `[REDACTED]`: a user or response written out as JSON
    /// (to a log, a file) must not carry the password.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(REDACTED)
    }
}
