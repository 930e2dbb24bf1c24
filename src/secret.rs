//! The API key as a value that cannot show itself.

use std::fmt;

/// A secret, such as the API key: its `Debug` is `[REDACTED]`, and
/// [`scrub`](Secret::scrub) removes it from text that came from elsewhere
/// (a server may echo the `Authorization` header back in a body).
#[derive(Clone)]
pub(crate) struct Secret(String);

/// What a secret is replaced with wherever it would have been shown.
pub(crate) const REDACTED: &str = "[REDACTED]";

impl Secret {
    pub(crate) fn new(secret: impl Into<String>) -> Secret {
        Secret(secret.into())
    }

    /// The secret itself, for the one place that sends it.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }

    /// `text` with every occurrence of the secret replaced by `[REDACTED]`.
    pub(crate) fn scrub(&self, text: String) -> String {
        if self.0.is_empty() || !text.contains(&self.0) {
            return text;
        }
        text.replace(&self.0, REDACTED)
    }
}

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
}
