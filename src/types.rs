//! The data the API sends back: [`Space`], [`Organization`], [`User`],
//! [`RoleDefinition`], [`RoleBinding`], [`ResourceRestriction`], the
//! memberships and the rest, each a plain struct with public fields. The
//! ones you meet most are also at the crate root (`arize::Space`).
//!
//! They are `#[non_exhaustive]`: read their fields, but let the client
//! build them, so that fields the API adds later do not break your code.
//! They implement `Serialize`, so any of them can be written out as JSON.
//!
//! # Reading tolerantly
//!
//! The API is in beta and changes without notice, so responses are read
//! leniently: only what the crate cannot work without is required (an
//! item's ID, and the name or email it is looked up by). Other text and
//! flags default to empty or `false` when absent or `null`; timestamps,
//! enums and nested objects are `Option`s; unknown fields are ignored; and
//! every enum keeps a value it does not know in an `Unknown` variant
//! instead of failing, so a new value from the server never fails a whole
//! page. Requests are the opposite: strict, and checked before anything is
//! sent, by the builders of each resource.
//!
//! These types are generated from the crate's copy of the API's OpenAPI
//! document when the crate is built, so they match the API field for field.

use std::fmt;

use chrono::{DateTime, Utc};
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

/// Reads an optional RFC 3339 timestamp, as every response's dates are.
///
/// # Design
///
/// The API writes dates as `2026-01-02T03:04:05Z`, with an optional
/// fraction of a second. That form is parsed on a fast path (about a tenth
/// of chrono's general parser's time, which was a tenth of the time of a
/// whole listing); anything else goes through chrono's parser, the one
/// `DateTime<Utc>`'s own `Deserialize` uses, so the result is the same
/// either way (a test compares them on many random timestamps).
pub(crate) fn timestamp<'de, D>(deserializer: D) -> Result<Option<DateTime<Utc>>, D::Error>
where
    D: Deserializer<'de>,
{
    struct Timestamp;
    impl<'de> serde::de::Visitor<'de> for Timestamp {
        type Value = Option<DateTime<Utc>>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an RFC 3339 date-time string")
        }
        fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Self::Value, E> {
            parse_timestamp(text).map(Some).map_err(E::custom)
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, inner: D) -> Result<Self::Value, D::Error> {
            inner.deserialize_str(Timestamp)
        }
    }
    deserializer.deserialize_option(Timestamp)
}

/// `text` as a UTC date-time, exactly as `text.parse::<DateTime<Utc>>()`
/// reads it, but faster for the API's own form.
pub(crate) fn parse_timestamp(text: &str) -> Result<DateTime<Utc>, chrono::ParseError> {
    match utc_fast_path(text.as_bytes()) {
        Some(at) => Ok(at),
        None => text.parse(),
    }
}

/// `YYYY-MM-DDTHH:MM:SS[.f{1,9}]Z`, or `None` for anything else (leap
/// seconds and out-of-range fields included), left to the full parser.
fn utc_fast_path(text: &[u8]) -> Option<DateTime<Utc>> {
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        text.get(range)?.iter().try_fold(0u32, |n, &b| {
            b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
        })
    };
    let punctuation = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')];
    if text.len() < 20
        || text[text.len() - 1] != b'Z'
        || punctuation.iter().any(|&(at, byte)| text[at] != byte)
    {
        return None;
    }
    let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    let (hour, minute, second) = (digits(11..13)?, digits(14..16)?, digits(17..19)?);
    let nanos = match &text[19..text.len() - 1] {
        [] => 0,
        [b'.', fraction @ ..] if (1..=9).contains(&fraction.len()) => {
            digits(20..text.len() - 1)? * 10u32.pow(9 - fraction.len() as u32)
        }
        _ => return None,
    };
    if second > 59 {
        return None;
    }
    let date = chrono::NaiveDate::from_ymd_opt(year as i32, month, day)?;
    Some(
        date.and_hms_nano_opt(hour, minute, second, nanos)?
            .and_utc(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The full parser's answer, to compare with.
    fn chrono(text: &str) -> Option<DateTime<Utc>> {
        text.parse().ok()
    }

    #[test]
    fn the_fast_path_reads_the_api_form() {
        let at = utc_fast_path(b"2026-03-04T05:06:07.123Z").unwrap();
        assert_eq!(at.to_rfc3339(), "2026-03-04T05:06:07.123+00:00");
        assert_eq!(
            utc_fast_path(b"2026-03-04T05:06:07Z"),
            chrono("2026-03-04T05:06:07Z")
        );
        assert_eq!(
            utc_fast_path(b"2024-02-29T23:59:59.999999999Z"),
            chrono("2024-02-29T23:59:59.999999999Z")
        );
        // Left to the full parser: offsets, leap seconds, odd forms.
        for text in [
            "2026-03-04T05:06:07+01:00",
            "2026-03-04T05:06:07z",
            "2026-03-04 05:06:07Z",
            "2026-06-30T23:59:60Z",
            "2026-03-04T05:06:07.1234567891Z",
            "2026-03-04T05:06:07.Z",
            "2023-02-29T00:00:00Z",
            "+2026-03-04T05:06:07Z",
        ] {
            assert_eq!(utc_fast_path(text.as_bytes()), None, "{text}");
            assert_eq!(parse_timestamp(text).ok(), chrono(text), "{text}");
        }
    }

    #[test]
    fn fast_and_full_parsers_agree_on_many_random_timestamps() {
        let mut rng = fastrand::Rng::with_seed(2026);
        let mut fast = 0;
        for _ in 0..200_000 {
            // In and out of range, to reach every refusal.
            let (year, month, day) = (rng.u32(0..10_000), rng.u32(0..14), rng.u32(0..33));
            let (hour, minute, second) = (rng.u32(0..26), rng.u32(0..62), rng.u32(0..62));
            let fraction = match rng.u32(0..4) {
                0 => String::new(),
                _ => {
                    let digits = rng.usize(0..12);
                    let text: String = (0..digits).map(|_| rng.digit(10)).collect();
                    format!(".{text}")
                }
            };
            let zone = ["Z", "Z", "Z", "z", "+00:00", "-05:30", ""][rng.usize(0..7)];
            let separator = ["T", "T", "T", "t", " "][rng.usize(0..5)];
            let text = format!(
                "{year:04}-{month:02}-{day:02}{separator}{hour:02}:{minute:02}:{second:02}\
                 {fraction}{zone}"
            );
            let expected = chrono(&text);
            if let Some(at) = utc_fast_path(text.as_bytes()) {
                fast += 1;
                assert_eq!(Some(at), expected, "{text}");
            }
            assert_eq!(parse_timestamp(&text).ok(), expected, "{text}");
        }
        assert!(fast > 10_000, "the fast path was taken {fast} times");
    }

    #[test]
    fn every_minute_of_a_leap_year_agrees() {
        let start = chrono::NaiveDate::from_ymd_opt(2024, 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        for minute in (0..366 * 24 * 60).step_by(7) {
            let at = (start + chrono::Duration::minutes(minute)).and_utc();
            for text in [
                at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
                at.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(),
            ] {
                assert_eq!(utc_fast_path(text.as_bytes()), Some(at), "{text}");
            }
        }
    }
}
