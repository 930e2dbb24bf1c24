//! The API key, and the client's other secrets, as a value that cannot show
//! itself.

use std::fmt;

/// A secret, such as the API key: its `Debug` is `[REDACTED]`, and
/// [`scrub`](Secret::scrub) removes it from text that came from elsewhere
/// (a server may echo the `Authorization` header back in a body).
///
/// A client's secret is a small set: the API key, which
/// [`expose`](Secret::expose) gives to the one place that sends it, and the
/// proxy's password (as given, as decoded, and as the `Proxy-Authorization`
/// credential), added with [`and`](Secret::and), which are only scrubbed.
#[derive(Clone)]
pub(crate) struct Secret {
    /// The exposed secret.
    exposed: String,
    /// Every secret to scrub, the exposed one included, longest first (so
    /// that a secret holding another is replaced whole); none empty.
    scrubbed: Vec<String>,
}

/// What a secret is replaced with wherever it would have been shown.
pub(crate) const REDACTED: &str = "[REDACTED]";

impl Secret {
    pub(crate) fn new(secret: impl Into<String>) -> Secret {
        let exposed = secret.into();
        let scrubbed = if exposed.is_empty() {
            Vec::new()
        } else {
            vec![exposed.clone()]
        };
        Secret { exposed, scrubbed }
    }

    /// This secret, scrubbing `other` as well (ignored if empty or known).
    pub(crate) fn and(mut self, other: impl Into<String>) -> Secret {
        let other = other.into();
        if !other.is_empty() && !self.scrubbed.contains(&other) {
            self.scrubbed.push(other);
            self.scrubbed
                .sort_by_key(|value| std::cmp::Reverse(value.len()));
        }
        self
    }

    /// This set with another exposed secret (a new API key), still
    /// scrubbing every secret it scrubbed (the old key among them).
    pub(crate) fn with_exposed(&self, secret: impl Into<String>) -> Secret {
        let mut rekeyed = Secret::new(secret);
        for value in &self.scrubbed {
            rekeyed = rekeyed.and(value.as_str());
        }
        rekeyed
    }

    /// The first secret (the API key), for the one place that sends it.
    pub(crate) fn expose(&self) -> &str {
        &self.exposed
    }

    /// Whether `text` holds the exposed secret (the API key).
    pub(crate) fn exposed_in(&self, text: &str) -> bool {
        !self.exposed.is_empty() && text.contains(self.exposed.as_str())
    }

    /// The length of the longest secret, so that a cut text can be scrubbed
    /// across the cut.
    pub(crate) fn longest(&self) -> usize {
        self.scrubbed.first().map_or(0, String::len)
    }

    /// `text` with every occurrence of every secret replaced by `[REDACTED]`.
    pub(crate) fn scrub(&self, mut text: String) -> String {
        for value in &self.scrubbed {
            if text.contains(value.as_str()) {
                text = text.replace(value.as_str(), REDACTED);
            }
        }
        text
    }
}

/// Declares a secret the API returns (a one-time password, a new API key):
/// text whose `Debug`, `Display` and `Serialize` give `[REDACTED]`, read on
/// purpose with `expose_secret`.
macro_rules! returned_secret {
    ($(#[$doc:meta])* $name:ident, $what:literal) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq)]
        pub struct $name(String);

        impl $name {
            #[doc = concat!("The ", $what, " itself.")]
            pub fn expose_secret(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str($crate::secret::REDACTED)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str($crate::secret::REDACTED)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                String::deserialize(deserializer).map($name)
            }
        }

        impl serde::Serialize for $name {
            #[doc = concat!("Serializes as `[REDACTED]`: a response written out as JSON (to a log, a file) must not carry the ", $what, ".")]
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str($crate::secret::REDACTED)
            }
        }
    };
}

pub(crate) use returned_secret;

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_scrubs_itself_and_never_shows() {
        let secret = Secret::new("sk-1");
        assert_eq!(
            secret.scrub("a sk-1 b sk-1".into()),
            "a [REDACTED] b [REDACTED]"
        );
        assert_eq!(secret.scrub("nothing".into()), "nothing");
        assert_eq!(format!("{secret:?}"), "[REDACTED]");
        assert_eq!(secret.expose(), "sk-1");
        // An empty secret would otherwise match between every character.
        assert_eq!(Secret::new("").scrub("abc".into()), "abc");
    }

    #[test]
    fn a_set_scrubs_every_member_and_exposes_the_first() {
        let secret = Secret::new("sk-1").and("pw").and("").and("pw-long");
        assert_eq!(secret.expose(), "sk-1");
        assert_eq!(secret.longest(), 7);
        assert_eq!(
            secret.scrub("sk-1 pw pw-long".into()),
            "[REDACTED] [REDACTED] [REDACTED]"
        );
        assert_eq!(format!("{secret:?}"), "[REDACTED]");
    }

    #[test]
    fn another_exposed_secret_keeps_scrubbing_the_old_ones() {
        let secret = Secret::new("sk-old").and("pw").with_exposed("sk-new");
        assert_eq!(secret.expose(), "sk-new");
        assert_eq!(
            secret.scrub("sk-new sk-old pw".into()),
            "[REDACTED] [REDACTED] [REDACTED]"
        );
    }
}
