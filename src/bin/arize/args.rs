//! Parsers of argument values the library's types know how to read.

use std::{
    fs,
    io::{self, Read},
    path::Path,
    str::FromStr,
};

use arize::Role;

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
