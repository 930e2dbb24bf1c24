//! Space roles: the predefined ones and custom (RBAC) ones.

use std::{fmt, str::FromStr};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Error;

/// A role that can be given to a member of a space.
///
/// On the wire a role is an object tagged by `type`:
/// `{"type":"PREDEFINED","name":"MEMBER"}` or `{"type":"CUSTOM","id":"…"}`.
///
/// ```
/// use arize::{PredefinedRole, Role};
///
/// let member: Role = PredefinedRole::Member.into();
/// let reviewer = Role::custom("Um9sZToxMjpyZXZpZXdlcg==");
/// assert_eq!(member.to_string(), "MEMBER");
/// assert_eq!(reviewer.custom_id(), Some("Um9sZToxMjpyZXZpZXdlcg=="));
/// ```
///
/// # Design
///
/// The enum is `#[non_exhaustive]` so that a new kind of role can be added
/// without breaking callers. A role this crate does not know, in a response,
/// fails to decode with an [`Error::Decode`] that names the unknown value,
/// rather than being silently mapped to something else.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Role {
    /// One of the roles every space has (admin, member, read-only, annotator).
    Predefined(PredefinedRole),
    /// A custom role defined through Arize's role-based access control.
    Custom {
        /// The ID of the custom role.
        id: String,
        /// The role's name. Only responses carry it; it is never sent.
        name: Option<String>,
    },
}

impl Role {
    /// A custom role, by its ID.
    pub fn custom(id: impl Into<String>) -> Role {
        Role::Custom {
            id: id.into(),
            name: None,
        }
    }

    /// The predefined role, if this is one.
    pub fn predefined(&self) -> Option<PredefinedRole> {
        match self {
            Role::Predefined(role) => Some(*role),
            Role::Custom { .. } => None,
        }
    }

    /// The ID of the custom role, if this is one.
    pub fn custom_id(&self) -> Option<&str> {
        match self {
            Role::Predefined(_) => None,
            Role::Custom { id, .. } => Some(id),
        }
    }
}

impl From<PredefinedRole> for Role {
    fn from(role: PredefinedRole) -> Role {
        Role::Predefined(role)
    }
}

impl fmt::Display for Role {
    /// Shows a predefined role by its wire name (`MEMBER`) and a custom one
    /// as `custom role <id>`, followed by its name when known.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Role::Predefined(role) => role.fmt(f),
            Role::Custom { id, name: None } => write!(f, "custom role {id}"),
            Role::Custom {
                id,
                name: Some(name),
            } => write!(f, "custom role {id} ({name})"),
        }
    }
}

/// The wire forms of a role. Requests never carry a custom role's `name`;
/// responses may.
#[derive(Serialize)]
#[serde(tag = "type")]
enum RoleOut<'a> {
    #[serde(rename = "PREDEFINED")]
    Predefined { name: PredefinedRole },
    #[serde(rename = "CUSTOM")]
    Custom { id: &'a str },
}

#[derive(Deserialize)]
#[serde(tag = "type")]
enum RoleIn {
    #[serde(rename = "PREDEFINED")]
    Predefined { name: PredefinedRole },
    #[serde(rename = "CUSTOM")]
    Custom { id: String, name: Option<String> },
}

impl Serialize for Role {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Role::Predefined(name) => RoleOut::Predefined { name: *name },
            Role::Custom { id, .. } => RoleOut::Custom { id },
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Role {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match RoleIn::deserialize(deserializer)? {
            RoleIn::Predefined { name } => Role::Predefined(name),
            RoleIn::Custom { id, name } => Role::Custom { id, name },
        })
    }
}

/// The roles every space has.
///
/// `Display` gives the wire name (`READ_ONLY`); `FromStr` is forgiving about
/// case and separators, so `"read-only"`, `"read_only"`, `"Read Only"` and
/// `"READ_ONLY"` all parse, which suits command-line arguments and config files.
///
/// ```
/// use arize::PredefinedRole;
///
/// let role: PredefinedRole = "read-only".parse()?;
/// assert_eq!(role, PredefinedRole::ReadOnly);
/// assert_eq!(role.to_string(), "READ_ONLY");
/// assert!("owner".parse::<PredefinedRole>().is_err());
/// # Ok::<(), arize::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum PredefinedRole {
    /// Manages the space: settings, members and their roles.
    Admin,
    /// Reads and writes the space's content.
    Member,
    /// Reads the space's content.
    ReadOnly,
    /// Annotates data. Only users whose *account* role is annotator can hold
    /// it, and they can hold no other.
    Annotator,
}

impl PredefinedRole {
    /// Every predefined role, in order of decreasing privilege.
    pub const ALL: [PredefinedRole; 4] = [
        PredefinedRole::Admin,
        PredefinedRole::Member,
        PredefinedRole::ReadOnly,
        PredefinedRole::Annotator,
    ];

    /// The name the API uses: `ADMIN`, `MEMBER`, `READ_ONLY` or `ANNOTATOR`.
    pub fn as_str(self) -> &'static str {
        match self {
            PredefinedRole::Admin => "ADMIN",
            PredefinedRole::Member => "MEMBER",
            PredefinedRole::ReadOnly => "READ_ONLY",
            PredefinedRole::Annotator => "ANNOTATOR",
        }
    }

    fn from_wire(name: &str) -> Option<PredefinedRole> {
        PredefinedRole::ALL
            .into_iter()
            .find(|role| role.as_str() == name)
    }
}

impl fmt::Display for PredefinedRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for PredefinedRole {
    type Err = Error;

    /// Parses a role name ignoring case and treating `-`, `_` and spaces
    /// alike; `readonly` is accepted too. Fails with
    /// [`Error::InvalidRequest`] listing the valid names.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let normalized: String = text
            .trim()
            .chars()
            .map(|c| match c {
                '-' | ' ' => '_',
                c => c.to_ascii_uppercase(),
            })
            .collect();
        let normalized = if normalized == "READONLY" {
            "READ_ONLY"
        } else {
            &normalized
        };
        PredefinedRole::from_wire(normalized).ok_or_else(|| Error::InvalidRequest {
            field: "role",
            reason: format!(
                "unknown predefined role {text:?}; expected one of admin, member, read-only, annotator"
            ),
        })
    }
}

impl Serialize for PredefinedRole {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for PredefinedRole {
    /// Accepts only the exact wire names: a server answer is not user input.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        PredefinedRole::from_wire(&name).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown predefined role {name:?} (expected ADMIN, MEMBER, READ_ONLY or \
                 ANNOTATOR; the server may be newer than this crate)"
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn predefined_role_wire_format_both_ways() {
        for role in PredefinedRole::ALL {
            let wire = serde_json::to_value(Role::from(role)).unwrap();
            assert_eq!(wire, json!({"type": "PREDEFINED", "name": role.as_str()}));
            let back: Role = serde_json::from_value(wire).unwrap();
            assert_eq!(back, Role::Predefined(role));
        }
    }

    #[test]
    fn custom_role_never_sends_its_name() {
        let role = Role::Custom {
            id: "Um9sZTox".into(),
            name: Some("Reviewer".into()),
        };
        assert_eq!(
            serde_json::to_string(&role).unwrap(),
            r#"{"type":"CUSTOM","id":"Um9sZTox"}"#
        );
    }

    #[test]
    fn custom_role_keeps_its_name_from_a_response() {
        let role: Role =
            serde_json::from_value(json!({"type": "CUSTOM", "id": "Um9sZTox", "name": "Reviewer"}))
                .unwrap();
        assert_eq!(
            role,
            Role::Custom {
                id: "Um9sZTox".into(),
                name: Some("Reviewer".into())
            }
        );
        let role: Role = serde_json::from_value(json!({"type": "CUSTOM", "id": "x"})).unwrap();
        assert_eq!(role, Role::custom("x"));
    }

    #[test]
    fn unknown_roles_fail_with_a_message_naming_them() {
        let err = serde_json::from_value::<Role>(json!({"type": "PREDEFINED", "name": "OWNER"}))
            .unwrap_err();
        assert!(err.to_string().contains("\"OWNER\""), "{err}");
        let err = serde_json::from_value::<Role>(json!({"type": "GROUP", "id": "x"})).unwrap_err();
        assert!(err.to_string().contains("GROUP"), "{err}");
    }

    #[test]
    fn predefined_role_parses_leniently() {
        for (text, role) in [
            ("member", PredefinedRole::Member),
            ("MEMBER", PredefinedRole::Member),
            (" Admin ", PredefinedRole::Admin),
            ("read-only", PredefinedRole::ReadOnly),
            ("read_only", PredefinedRole::ReadOnly),
            ("Read Only", PredefinedRole::ReadOnly),
            ("readonly", PredefinedRole::ReadOnly),
            ("annotator", PredefinedRole::Annotator),
        ] {
            assert_eq!(text.parse::<PredefinedRole>().unwrap(), role, "{text}");
        }
        for role in PredefinedRole::ALL {
            assert_eq!(role.to_string().parse::<PredefinedRole>().unwrap(), role);
        }
        let err = "owner".parse::<PredefinedRole>().unwrap_err();
        assert!(matches!(err, Error::InvalidRequest { field: "role", .. }));
        assert!(err.to_string().contains("read-only"), "{err}");
    }
}
