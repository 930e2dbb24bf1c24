//! Parsers of argument values the library's types know how to read.

use std::{
    fs,
    io::{self, Read},
    path::Path,
    str::FromStr,
};

use arize::Role;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

use crate::exit::{Failure, Outcome};

/// Reads a value through the library's `FromStr`, which is forgiving about
/// case and separators (`read-only`, `READ_ONLY`); its message lists the
/// accepted values.
pub fn parse<T: FromStr<Err = arize::Error>>(text: &str) -> Result<T, String> {
    text.parse().map_err(|error: arize::Error| match error {
        arize::Error::InvalidRequest { reason, .. } => reason,
        other => other.to_string(),
    })
}

/// A role of a space or organization: a predefined name or
/// `custom:<name or ID>`.
pub fn parse_role(text: &str) -> Result<Role, String> {
    parse(text)
}

/// A point in time, as `ax` reads `--expires-at`: RFC 3339 with its
/// offset (`2026-01-31T09:00:00+01:00`), a date-time without one (taken as
/// UTC, `T` or a blank between date and time, seconds optional), or a date
/// (midnight UTC).
pub fn parse_time(text: &str) -> Result<DateTime<Utc>, String> {
    let text = text.trim();
    if let Ok(time) = DateTime::parse_from_rfc3339(text) {
        return Ok(time.with_timezone(&Utc));
    }
    const NAIVE: [&str; 4] = [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ];
    for format in NAIVE {
        if let Ok(time) = NaiveDateTime::parse_from_str(text, format) {
            return Ok(time.and_utc());
        }
    }
    if let Some(midnight) = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .and_then(|date| date.and_hms_opt(0, 0, 0))
    {
        return Ok(midnight.and_utc());
    }
    Err(format!(
        "{text:?} is not a time: expected RFC 3339 (2026-01-31T09:00:00Z), a date-time without \
         offset (taken as UTC) or a date (2026-01-31)"
    ))
}

/// The lines of a file (`-` for stdin): trimmed, without blank lines and
/// `#` comments.
pub fn read_list(path: &Path) -> Outcome<Vec<String>> {
    let text = if path == Path::new("-") {
        let mut text = String::new();
        io::stdin()
            .read_to_string(&mut text)
            .map_err(|error| Failure::file(path, &error))?;
        text
    } else {
        fs::read_to_string(path).map_err(|error| Failure::file(path, &error))?
    };
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(str::to_owned)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_without_an_offset_are_utc() {
        let utc = |text| parse_time(text).unwrap().to_rfc3339();
        assert_eq!(
            utc("2026-01-31T09:00:00+01:00"),
            "2026-01-31T08:00:00+00:00"
        );
        assert_eq!(utc("2026-01-31T09:00:00Z"), "2026-01-31T09:00:00+00:00");
        assert_eq!(utc("2026-01-31T09:00:00"), "2026-01-31T09:00:00+00:00");
        assert_eq!(
            utc("2026-01-31 09:00:00.5"),
            "2026-01-31T09:00:00.500+00:00"
        );
        assert_eq!(utc("2026-01-31T09:00"), "2026-01-31T09:00:00+00:00");
        assert_eq!(utc("2026-01-31"), "2026-01-31T00:00:00+00:00");
        assert!(parse_time("next tuesday").is_err());
        assert!(parse_time("2026-02-30").is_err());
    }
}
