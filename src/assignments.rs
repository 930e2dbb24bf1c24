//! Role assignments: the role a member holds in a space or an organization
//! ([`Role`]), and a user's role in the account ([`AccountRole`]).

use std::{fmt, str::FromStr};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::{
    Client, Error,
    names::{NameOrId, is_base64_id},
    types::{RoleDefinition, UnknownValue, wire_spelling},
};

/// A role that can be given to a member of a space or an organization.
///
/// On the wire a role is an object tagged by `type`:
/// `{"type":"PREDEFINED","name":"MEMBER"}` or `{"type":"CUSTOM","id":"…"}`.
///
/// A custom role is named by ID or by name: [`Role::custom`] takes either
/// (classified like every [`NameOrId`]), and a name is looked up among the
/// account's roles before the request that carries it is sent.
///
/// A role can come from text, say a config file or a command-line flag:
/// the predefined names parse forgivingly (`member`, `read-only`), and
/// `custom:<role id or name>` names a custom role. `Display` writes the same
/// form, so the two round-trip.
///
/// ```
/// use arize::{PredefinedRole, Role};
///
/// let member: Role = PredefinedRole::Member.into();
/// let reviewer = Role::custom("Um9sZToxMjpyZXZpZXdlcg==");
/// assert_eq!(member.to_string(), "MEMBER");
/// assert_eq!(reviewer.custom_id(), Some("Um9sZToxMjpyZXZpZXdlcg=="));
///
/// let parsed: Role = "custom:Um9sZToxMjpyZXZpZXdlcg==".parse()?;
/// assert_eq!(parsed, reviewer);
/// assert_eq!(Role::custom("reviewer"), Role::CustomNamed("reviewer".into()));
/// assert_eq!("read-only".parse::<Role>()?, Role::Predefined(PredefinedRole::ReadOnly));
/// assert_eq!(reviewer.to_string().parse::<Role>()?, reviewer);
/// # Ok::<(), arize::Error>(())
/// ```
///
/// # Design
///
/// What a caller *sends* is exhaustive: a predefined role or a custom one.
/// What the server *returns* may be newer than this crate, so a predefined
/// name or a kind of role it does not know decodes into [`Role::Unknown`]
/// instead of failing the response. An unknown role cannot be sent back:
/// operations refuse it before sending.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Role {
    /// One of the roles every space and organization has (admin, member,
    /// read-only, annotator).
    Predefined(PredefinedRole),
    /// A custom role defined through Arize's role-based access control.
    Custom {
        /// The ID of the custom role.
        id: String,
        /// The role's name. Only responses carry it; it is never sent.
        name: Option<String>,
    },
    /// A custom role by name, looked up (listing every role, exact match)
    /// and sent as [`Role::Custom`] with its ID. Only requests carry it.
    CustomNamed(String),
    /// A role this version of the crate does not know, as the server sent
    /// it: the predefined name, or the `type` of an unknown kind of role.
    Unknown(UnknownValue),
}

impl Role {
    /// A custom role, by ID or by name: text that is an ID (see
    /// [`NameOrId::parse`]) gives [`Role::Custom`], anything else
    /// [`Role::CustomNamed`].
    pub fn custom(id_or_name: impl Into<String>) -> Role {
        let text = id_or_name.into();
        if is_base64_id(&text) {
            Role::Custom {
                id: text,
                name: None,
            }
        } else {
            Role::CustomNamed(text)
        }
    }

    /// The predefined role, if this is one.
    pub fn predefined(&self) -> Option<PredefinedRole> {
        match self {
            Role::Predefined(role) => Some(*role),
            _ => None,
        }
    }

    /// The ID of the custom role, if this is one.
    pub fn custom_id(&self) -> Option<&str> {
        match self {
            Role::Custom { id, .. } => Some(id),
            _ => None,
        }
    }

    /// Refuses what cannot be sent: an unknown role, or a custom role
    /// without an ID or name.
    pub(crate) fn check(&self) -> crate::Result<()> {
        match self {
            Role::Predefined(_) => Ok(()),
            Role::Custom { id: text, .. } | Role::CustomNamed(text) => {
                crate::check::non_empty("role", text)
            }
            Role::Unknown(value) => Err(Error::invalid(
                "role",
                format!("{value:?} is a role this version of the crate does not know"),
            )),
        }
    }
}

impl Role {
    /// The role as it can be sent: a custom role named by name is looked
    /// up, anything else is returned as it is.
    pub(crate) fn resolved(self, client: &Client) -> crate::Result<Role> {
        match self {
            Role::CustomNamed(name) => Ok(Role::Custom {
                id: NameOrId::<RoleDefinition>::Name(name.clone()).resolve(client)?,
                name: Some(name),
            }),
            role => Ok(role),
        }
    }
}

impl From<PredefinedRole> for Role {
    fn from(role: PredefinedRole) -> Role {
        Role::Predefined(role)
    }
}

impl fmt::Display for Role {
    /// Writes a predefined role by its wire name (`MEMBER`) and a custom one
    /// as `custom:<id>`, the forms [`FromStr`] reads. An unknown role is
    /// `unknown:<what the server sent>`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Role::Predefined(role) => role.fmt(f),
            Role::Custom { id: text, .. } | Role::CustomNamed(text) => write!(f, "custom:{text}"),
            Role::Unknown(value) => write!(f, "unknown:{value}"),
        }
    }
}

impl FromStr for Role {
    type Err = Error;

    /// Reads `custom:<role id or name>` as a custom role (see
    /// [`Role::custom`]), and anything else as a predefined role name (see
    /// [`PredefinedRole`]'s `FromStr`).
    fn from_str(text: &str) -> Result<Role, Error> {
        match text.trim().split_once(':') {
            Some((kind, id)) if kind.eq_ignore_ascii_case("custom") => {
                let role = Role::custom(id.trim());
                role.check()?;
                Ok(role)
            }
            _ => text
                .parse::<PredefinedRole>()
                .map(Role::Predefined)
                .map_err(|_| {
                    Error::invalid(
                        "role",
                        format!(
                            "unknown role {text:?}; expected admin, member, read-only, annotator \
                         or custom:<role id or name>"
                        ),
                    )
                }),
        }
    }
}

/// The wire form of a role assignment, shared by [`Role`] and
/// [`AccountRole`]: a `type` tag, then a predefined `name` or a custom `id`.
/// Anything else, read leniently, is kept as unknown.
#[derive(Serialize, Deserialize)]
struct Assignment {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    id: Option<String>,
}

impl Assignment {
    fn predefined(name: &str) -> Assignment {
        Assignment {
            kind: "PREDEFINED".into(),
            name: Some(name.into()),
            id: None,
        }
    }

    fn custom(id: &str) -> Assignment {
        Assignment {
            kind: "CUSTOM".into(),
            name: None,
            id: Some(id.into()),
        }
    }
}

/// What an assignment read off the wire holds.
enum Read {
    Predefined(String),
    Custom { id: String, name: Option<String> },
    Unknown(UnknownValue),
}

impl From<Assignment> for Read {
    fn from(wire: Assignment) -> Read {
        match (wire.kind.as_str(), wire.name, wire.id) {
            ("PREDEFINED", Some(name), _) => Read::Predefined(name),
            ("CUSTOM", name, Some(id)) => Read::Custom {
                id,
                name: name.filter(|n| !n.is_empty()),
            },
            _ => Read::Unknown(UnknownValue::new(wire.kind)),
        }
    }
}

impl Serialize for Role {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Role::Predefined(role) => Assignment::predefined(role.as_str()),
            // A request never carries a custom role's name.
            Role::Custom { id, .. } => Assignment::custom(id),
            // Resolved before sending; written as given for completeness.
            Role::CustomNamed(name) => Assignment::custom(name),
            // Refused before sending; written as read for completeness.
            Role::Unknown(value) => Assignment::predefined(value.as_str()),
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Role {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match Read::from(Assignment::deserialize(deserializer)?) {
            Read::Predefined(name) => match PredefinedRole::from_wire(&name) {
                Some(role) => Role::Predefined(role),
                None => Role::Unknown(UnknownValue::new(name)),
            },
            Read::Custom { id, name } => Role::Custom { id, name },
            Read::Unknown(value) => Role::Unknown(value),
        })
    }
}

/// The roles every space and organization has.
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
    /// Manages the space or organization: settings, members and their roles.
    Admin,
    /// Reads and writes its content.
    Member,
    /// Reads its content.
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
        let wire = wire_spelling(text);
        let wire = if wire == "READONLY" {
            "READ_ONLY"
        } else {
            &wire
        };
        PredefinedRole::from_wire(wire).ok_or_else(|| {
            Error::invalid(
                "role",
                format!(
                    "unknown predefined role {text:?}; expected one of admin, member, \
                     read-only, annotator"
                ),
            )
        })
    }
}

impl Serialize for PredefinedRole {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// A user's role in the account, which bounds what they can be in spaces
/// and organizations (an annotator can only be an annotator there).
///
/// On the wire it is a role assignment like [`Role`]'s:
/// `{"type":"PREDEFINED","name":"MEMBER"}`. `FromStr` reads the predefined
/// names forgivingly (`member`, `member-ui-only`).
///
/// ```
/// use arize::AccountRole;
///
/// assert_eq!("annotator".parse::<AccountRole>()?, AccountRole::Annotator);
/// assert_eq!(AccountRole::MemberUiOnly.to_string(), "MEMBER_UI_ONLY");
/// # Ok::<(), arize::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AccountRole {
    /// An account administrator.
    Admin,
    /// A regular account member.
    Member,
    /// An annotation-only account.
    Annotator,
    /// A member who uses the web UI only (listed by the Python SDK only).
    MemberUiOnly,
    /// A custom account-level role. The API declares it but documents it as
    /// reserved and not yet supported.
    Custom {
        /// The ID of the custom role.
        id: String,
        /// The role's name. Only responses carry it; it is never sent.
        name: Option<String>,
    },
    /// A role this version of the crate does not know, as the server sent
    /// it. It cannot be sent back.
    Unknown(UnknownValue),
}

impl AccountRole {
    /// The predefined account roles.
    const PREDEFINED: [AccountRole; 4] = [
        AccountRole::Admin,
        AccountRole::Member,
        AccountRole::Annotator,
        AccountRole::MemberUiOnly,
    ];

    /// The wire name of a predefined role.
    fn predefined_name(&self) -> Option<&'static str> {
        match self {
            AccountRole::Admin => Some("ADMIN"),
            AccountRole::Member => Some("MEMBER"),
            AccountRole::Annotator => Some("ANNOTATOR"),
            AccountRole::MemberUiOnly => Some("MEMBER_UI_ONLY"),
            AccountRole::Custom { .. } | AccountRole::Unknown(_) => None,
        }
    }

    fn from_wire(name: &str) -> Option<AccountRole> {
        Self::PREDEFINED
            .into_iter()
            .find(|role| role.predefined_name() == Some(name))
    }
}

impl AccountRole {
    /// Refuses what cannot be sent: an unknown role, or a custom role
    /// without an ID.
    pub(crate) fn check(&self) -> crate::Result<()> {
        match self {
            AccountRole::Unknown(value) => Err(Error::invalid(
                "role",
                format!("{value:?} is a role this version of the crate does not know"),
            )),
            AccountRole::Custom { id, .. } => crate::check::non_empty("role", id),
            _ => Ok(()),
        }
    }
}

impl fmt::Display for AccountRole {
    /// The wire name of a predefined role (`MEMBER`), `custom:<id>` or
    /// `unknown:<what the server sent>`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AccountRole::Custom { id, .. } => write!(f, "custom:{id}"),
            AccountRole::Unknown(value) => write!(f, "unknown:{value}"),
            predefined => f.write_str(predefined.predefined_name().unwrap_or_default()),
        }
    }
}

impl FromStr for AccountRole {
    type Err = Error;

    /// Parses a predefined account role name, ignoring case and treating
    /// `-`, `_` and spaces alike.
    fn from_str(text: &str) -> Result<AccountRole, Error> {
        AccountRole::from_wire(&wire_spelling(text)).ok_or_else(|| {
            Error::invalid(
                "role",
                format!(
                    "unknown account role {text:?}; expected one of admin, member, annotator, \
                     member-ui-only"
                ),
            )
        })
    }
}

impl Serialize for AccountRole {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            AccountRole::Custom { id, .. } => Assignment::custom(id),
            // Refused before sending; written as read for completeness.
            AccountRole::Unknown(value) => Assignment::predefined(value.as_str()),
            predefined => Assignment::predefined(predefined.predefined_name().unwrap_or_default()),
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for AccountRole {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match Read::from(Assignment::deserialize(deserializer)?) {
            Read::Predefined(name) => AccountRole::from_wire(&name)
                .unwrap_or_else(|| AccountRole::Unknown(UnknownValue::new(name))),
            Read::Custom { id, name } => AccountRole::Custom { id, name },
            Read::Unknown(value) => AccountRole::Unknown(value),
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
        assert_eq!(
            role,
            Role::Custom {
                id: "x".into(),
                name: None
            }
        );
    }

    #[test]
    fn unknown_roles_are_kept_and_cannot_be_sent() {
        let role: Role =
            serde_json::from_value(json!({"type": "PREDEFINED", "name": "OWNER"})).unwrap();
        assert_eq!(role, Role::Unknown(UnknownValue::new("OWNER")));
        assert_eq!(role.to_string(), "unknown:OWNER");
        assert!(matches!(
            role.check(),
            Err(Error::InvalidRequest { field: "role", .. })
        ));
        let role: Role = serde_json::from_value(json!({"type": "GROUP", "id": "x"})).unwrap();
        assert_eq!(role, Role::Unknown(UnknownValue::new("GROUP")));
        // A half-filled assignment is unknown, not a failure.
        let role: Role = serde_json::from_value(json!({"type": "CUSTOM"})).unwrap();
        assert_eq!(role, Role::Unknown(UnknownValue::new("CUSTOM")));
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
            assert_eq!(
                text.parse::<Role>().unwrap(),
                Role::Predefined(role),
                "{text}"
            );
        }
        for role in PredefinedRole::ALL {
            assert_eq!(role.to_string().parse::<PredefinedRole>().unwrap(), role);
        }
        let err = "owner".parse::<PredefinedRole>().unwrap_err();
        assert!(matches!(err, Error::InvalidRequest { field: "role", .. }));
        assert!(err.to_string().contains("read-only"), "{err}");
    }

    #[test]
    fn roles_round_trip_through_text() {
        let roles = PredefinedRole::ALL
            .into_iter()
            .map(Role::from)
            .chain([Role::custom("Um9sZTo3"), Role::custom("a:b")]);
        for role in roles {
            assert_eq!(role.to_string().parse::<Role>().unwrap(), role, "{role}");
        }
        assert_eq!(
            " Custom: Um9sZTo3 ".parse::<Role>().unwrap(),
            Role::custom("Um9sZTo3")
        );
        for bad in ["custom:", "owner", "", "unknown:OWNER"] {
            let err = bad.parse::<Role>().unwrap_err();
            assert!(
                matches!(err, Error::InvalidRequest { field: "role", .. }),
                "{bad}: {err}"
            );
        }
        assert!(
            "owner"
                .parse::<Role>()
                .unwrap_err()
                .to_string()
                .contains("custom:<role id or name>")
        );
    }

    #[test]
    fn account_roles_both_ways() {
        for role in AccountRole::PREDEFINED {
            let name = role.predefined_name().unwrap();
            let wire = serde_json::to_value(&role).unwrap();
            assert_eq!(wire, json!({"type": "PREDEFINED", "name": name}));
            assert_eq!(serde_json::from_value::<AccountRole>(wire).unwrap(), role);
            assert_eq!(role.to_string(), name);
            assert_eq!(
                name.to_lowercase()
                    .replace('_', "-")
                    .parse::<AccountRole>()
                    .unwrap(),
                role
            );
        }
        let unknown: AccountRole =
            serde_json::from_value(json!({"type": "PREDEFINED", "name": "OWNER"})).unwrap();
        assert_eq!(unknown, AccountRole::Unknown(UnknownValue::new("OWNER")));
        assert!(unknown.check().is_err());
        assert!(AccountRole::Member.check().is_ok());
        let custom: AccountRole =
            serde_json::from_value(json!({"type": "CUSTOM", "id": "x", "name": ""})).unwrap();
        assert_eq!(
            custom,
            AccountRole::Custom {
                id: "x".into(),
                name: None
            }
        );
        assert_eq!(
            serde_json::to_string(&custom).unwrap(),
            r#"{"type":"CUSTOM","id":"x"}"#
        );
        assert!("owner".parse::<AccountRole>().is_err());
    }
}
