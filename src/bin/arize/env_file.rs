//! `--env-file`: a new API key written into `ARIZE_API_KEY` of a dotenv or
//! `.envrc` file instead of the terminal, as `ax` does it.
//!
//! The file is checked before anything is sent (its name, not a symlink,
//! its folder there), so that a key is never minted only to find it has
//! nowhere to go. The write replaces the file in one rename, keeps every
//! other line, and updates an existing assignment in place (its `export`,
//! quotes and comment kept). Unlike `ax`, which keeps the file's mode, the
//! file ends private to its owner (0600), as everything this binary writes
//! that can hold a key.

use std::{
    fs,
    io::{self, Write},
    path::{Path, PathBuf},
};

use crate::exit::{FILE, Failure, Outcome};

/// The variable the key is written to.
const VARIABLE: &str = "ARIZE_API_KEY";

/// A checked destination for a key.
#[derive(Debug, Clone)]
pub struct EnvFile {
    path: PathBuf,
    /// `.envrc` (a shell script for direnv): `export NAME='value'`.
    shell: bool,
}

impl EnvFile {
    /// Checks `path` as `ax` does: named `.env`, `.env.<suffix>` or
    /// `.envrc`, not a symlink, in a folder that exists (status 5
    /// otherwise).
    pub fn check(path: &Path) -> Outcome<EnvFile> {
        let refuse =
            |why: &str| Failure::new(FILE, format!("--env-file {}: {why}", path.display()));
        let name = path
            .file_name()
            .and_then(|name| name.to_str())
            .unwrap_or("");
        let shell = name == ".envrc";
        if !(shell || name == ".env" || name.starts_with(".env.")) {
            return Err(refuse(
                "the file must be named .env, .env.<suffix> or .envrc",
            ));
        }
        if fs::symlink_metadata(path).is_ok_and(|meta| meta.file_type().is_symlink()) {
            return Err(refuse("is a symlink; name the file itself"));
        }
        let folder = match path.parent() {
            Some(folder) if !folder.as_os_str().is_empty() => folder,
            _ => Path::new("."),
        };
        if !folder.is_dir() {
            return Err(refuse("its folder does not exist"));
        }
        Ok(EnvFile {
            path: path.to_owned(),
            shell,
        })
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes `key` as the file's `ARIZE_API_KEY`, replacing the file in
    /// one rename.
    pub fn write(&self, key: &str) -> io::Result<()> {
        let old = match fs::read_to_string(&self.path) {
            Ok(text) => text,
            Err(error) if error.kind() == io::ErrorKind::NotFound => String::new(),
            Err(error) => return Err(error),
        };
        let text = assign(&old, key, self.shell);
        let name = self.path.file_name().unwrap_or_default().to_string_lossy();
        let temporary = self
            .path
            .with_file_name(format!(".{name}.arize-{}", std::process::id()));
        let written = (|| {
            let mut file = private_new(&temporary)?;
            file.write_all(text.as_bytes())?;
            file.sync_all()?;
            fs::rename(&temporary, &self.path)
        })();
        if written.is_err() {
            let _ = fs::remove_file(&temporary);
        }
        written
    }
}

/// A new file only its owner can read.
fn private_new(path: &Path) -> io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// `text` with `ARIZE_API_KEY` set to `key`: the last assignment of it
/// updated in place (its `export`, quotes and trailing comment kept), or
/// a new line at the end.
fn assign(text: &str, key: &str, shell: bool) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let existing = lines.iter().rposition(|line| value_span(line).is_some());
    match existing {
        Some(index) => {
            let line = &lines[index];
            let (start, end) = value_span(line).expect("found above");
            let quote = line[start..]
                .chars()
                .next()
                .filter(|c| *c == '"' || *c == '\'');
            lines[index] = format!("{}{}{}", &line[..start], quoted(key, quote), &line[end..]);
        }
        None if shell => lines.push(format!("export {VARIABLE}={}", quoted(key, Some('\'')))),
        None => lines.push(format!("{VARIABLE}={}", quoted(key, None))),
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

/// Where the value of an `ARIZE_API_KEY=` line is: from after `=` to its
/// closing quote, or to a ` #` comment or the end of the line.
fn value_span(line: &str) -> Option<(usize, usize)> {
    let body = line.trim_start();
    let body = body
        .strip_prefix("export")
        .filter(|rest| rest.starts_with(char::is_whitespace))
        .map_or(body, str::trim_start);
    let rest = body
        .strip_prefix(VARIABLE)?
        .trim_start()
        .strip_prefix('=')?
        // Blanks after `=` stay as they are.
        .trim_start_matches([' ', '\t']);
    let start = line.len() - rest.len();
    let end = match rest.chars().next() {
        Some(quote @ ('"' | '\'')) => rest[1..].find(quote).map_or(rest.len(), |at| at + 2),
        _ => rest.find(" #").unwrap_or(rest.len()),
    };
    Some((start, start + end))
}

/// The key as a value in this quote style. A key is letters, digits and
/// `-_.~+/=`; anything else (which no key has) is single-quoted, so that no
/// shell or dotenv reader changes it.
fn quoted(key: &str, quote: Option<char>) -> String {
    let plain = key
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_.~+/=".contains(c));
    match quote {
        Some('"') if plain => format!("\"{key}\""),
        None if plain => key.to_owned(),
        _ => format!("'{}'", key.replace('\'', r"'\''")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_assignment_goes_at_the_end() {
        assert_eq!(assign("", "ak-1", false), "ARIZE_API_KEY=ak-1\n");
        assert_eq!(
            assign("A=1\n", "ak-1", true),
            "A=1\nexport ARIZE_API_KEY='ak-1'\n"
        );
    }

    #[test]
    fn an_assignment_is_updated_in_place_with_its_style() {
        let text = "# keys\nexport ARIZE_API_KEY=\"ak-old\" # rotated monthly\nB=2\n";
        assert_eq!(
            assign(text, "ak-new", false),
            "# keys\nexport ARIZE_API_KEY=\"ak-new\" # rotated monthly\nB=2\n"
        );
        assert_eq!(
            assign("ARIZE_API_KEY = 'x'\n", "ak-2", false),
            "ARIZE_API_KEY = 'ak-2'\n"
        );
        assert_eq!(
            assign("ARIZE_API_KEY=old # c\n", "ak-3", false),
            "ARIZE_API_KEY=ak-3 # c\n"
        );
        // A quoted value may hold " #": the comment starts after the quote.
        assert_eq!(
            assign("ARIZE_API_KEY=\"a #b\" # c\n", "ak-4", false),
            "ARIZE_API_KEY=\"ak-4\" # c\n"
        );
        // Only the variable itself: not a longer name, not another one.
        assert_eq!(
            assign("ARIZE_API_KEY_OLD=1\nexported=2\n", "k", false),
            "ARIZE_API_KEY_OLD=1\nexported=2\nARIZE_API_KEY=k\n"
        );
    }

    #[test]
    fn a_key_with_odd_characters_is_single_quoted() {
        assert_eq!(quoted("a b'c", None), r"'a b'\''c'");
        assert_eq!(quoted("a#b", Some('"')), "'a#b'");
    }

    #[test]
    fn a_file_that_cannot_be_read_is_left_as_it_is() {
        let dir = std::env::temp_dir().join(format!("arize-env-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join(".env");
        // Not UTF-8: rewriting it would lose what it holds.
        fs::write(&path, b"A=\xff\n").unwrap();
        let file = EnvFile::check(&path).unwrap();
        assert!(file.write("ak-1").is_err());
        assert_eq!(fs::read(&path).unwrap(), b"A=\xff\n");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn names_that_are_not_env_files_are_refused() {
        let dir = std::env::temp_dir();
        assert!(EnvFile::check(&dir.join("keys.txt")).is_err());
        assert!(EnvFile::check(&dir.join("no-such-folder/.env")).is_err());
        assert!(EnvFile::check(&dir.join(".env.ci")).is_ok());
        assert!(EnvFile::check(Path::new(".envrc")).unwrap().shell);
    }
}
