//! Open enums: the Rust form of the spec's string enums.
//!
//! typify makes closed enums, so one value the crate does not know (a new
//! permission, a new user status) would fail a whole response. An open enum
//! has a variant per known value and `Unknown`, which keeps the wire name of
//! any other, so that reading never fails and writing the value back sends
//! it unchanged (compare aws-sdk-rust's `Unknown(UnknownVariantValue)`).
//! Users cannot build an `Unknown` themselves: `FromStr` accepts only the
//! known names, forgivingly spelled.

/// A string enum of the spec.
pub struct OpenEnum {
    pub name: String,
    pub description: String,
    pub values: Vec<String>,
}

impl OpenEnum {
    /// The Rust source of the enum and its impls.
    pub fn rust(&self) -> String {
        let name = &self.name;
        let variants: Vec<String> = self.values.iter().map(|v| pascal_case(v)).collect();
        let mut decl = String::new();
        let mut known = String::new();
        let mut as_str = String::new();
        let mut from_wire = String::new();
        for (value, variant) in self.values.iter().zip(&variants) {
            decl += &format!("    #[doc = \"`{value}`\"]\n    {variant},\n");
            known += &format!("{name}::{variant}, ");
            as_str += &format!("            {name}::{variant} => \"{value}\",\n");
            from_wire += &format!("            \"{value}\" => {name}::{variant},\n");
        }
        let field = snake_case(name);
        let expected = if self.values.len() <= 8 {
            format!("one of {}", self.values.join(", "))
        } else {
            format!(
                "one of the {} names of the API, such as {}",
                self.values.len(),
                self.values[0]
            )
        };
        let description = if self.description.is_empty() {
            format!("The `{name}` values of the API.")
        } else {
            self.description.clone()
        };
        format!(
            r##"
#[doc = {description:?}]
#[doc = ""]
#[doc = "Values this version of the crate does not know decode into `Unknown`, which keeps the wire name; `FromStr` accepts the known names, ignoring case and treating `-`, `_` and spaces alike."]
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum {name} {{
{decl}    /// A value this version of the crate does not know (the API added it
    /// later). It is sent back unchanged if passed to the API again.
    Unknown(crate::types::UnknownValue),
}}

impl {name} {{
    /// Every value this version of the crate knows, in the spec's order.
    pub const KNOWN: &'static [{name}] = &[{known}];

    /// The name on the wire.
    pub fn as_str(&self) -> &str {{
        match self {{
{as_str}            {name}::Unknown(value) => value.as_str(),
        }}
    }}

    fn from_wire(value: &str) -> Option<{name}> {{
        Some(match value {{
{from_wire}            _ => return None,
        }})
    }}
}}

impl ::std::fmt::Display for {name} {{
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {{
        f.write_str(self.as_str())
    }}
}}

impl ::std::str::FromStr for {name} {{
    type Err = crate::Error;

    fn from_str(text: &str) -> ::std::result::Result<{name}, crate::Error> {{
        {name}::from_wire(&crate::types::wire_spelling(text)).ok_or_else(|| {{
            crate::Error::invalid("{field}", format!("unknown value {{text:?}}; expected {expected}"))
        }})
    }}
}}

impl ::serde::Serialize for {name} {{
    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {{
        serializer.serialize_str(self.as_str())
    }}
}}

impl<'de> ::serde::Deserialize<'de> for {name} {{
    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<{name}, D::Error> {{
        let value = <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
        Ok({name}::from_wire(&value)
            .unwrap_or_else(|| {name}::Unknown(crate::types::UnknownValue::new(value))))
    }}
}}
"##
        )
    }
}

/// `ROLE_BINDING_CREATE` → `RoleBindingCreate`.
fn pascal_case(wire: &str) -> String {
    wire.split(['_', '-', ' '])
        .filter(|word| !word.is_empty())
        .map(|word| {
            let lower = word.to_ascii_lowercase();
            let mut chars = lower.chars();
            chars
                .next()
                .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// `UserStatus` → `user_status`.
fn snake_case(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}
