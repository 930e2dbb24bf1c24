//! Exit statuses and the one-line error a failed command prints.
//!
//! The classes are `ax`'s, so that scripts written for it keep working:
//!
//! | status | meaning |
//! |---|---|
//! | 0 | success (also: a confirmation answered "no") |
//! | 1 | configuration: no key, a profile missing, invalid or asking for what `arize` cannot do |
//! | 2 | usage: a bad flag or value, input refused before anything was sent, a destructive verb without `--yes` off a terminal |
//! | 4 | the API or the network failed (any HTTP error, a timeout, a name not found, a server whose pagination loops), or some inputs of a bulk verb failed |
//! | 5 | output or file: a bad `--output`, a file that cannot be read or written |
//! | 130 | interrupted (Ctrl-C), as the shell reports a `SIGINT` |

use std::{io, path::Path};

/// Configuration error: no key, a bad profile.
pub const CONFIG: u8 = 1;
/// Usage error: bad arguments, input the library refused before sending.
pub const USAGE: u8 = 2;
/// The API or the network failed.
pub const API: u8 = 4;
/// Output or file error.
pub const FILE: u8 = 5;

/// Why a command failed, and the status the process exits with.
///
/// The message is shown as one line on stderr. It is built from the
/// library's `Display`, which never shows the API key or a temporary
/// password, or from text this binary writes, which never quotes a secret.
#[derive(Debug)]
pub struct Failure {
    code: u8,
    /// `None`: exit quietly (stdout was closed by its reader).
    message: Option<String>,
}

impl Failure {
    /// A failure of class `code` with this message.
    pub fn new(code: u8, message: impl Into<String>) -> Failure {
        Failure {
            code,
            message: Some(message.into()),
        }
    }

    /// A configuration error (status 1).
    pub fn config(message: impl Into<String>) -> Failure {
        Failure::new(CONFIG, message)
    }

    /// A usage error (status 2).
    pub fn usage(message: impl Into<String>) -> Failure {
        Failure::new(USAGE, message)
    }

    /// A file that could not be read or written (status 5).
    pub fn file(path: &Path, error: &io::Error) -> Failure {
        Failure::new(FILE, format!("{}: {error}", path.display()))
    }

    /// A failed write of the output. A reader that went away (`arize … |
    /// head`) is not an error: the process ends quietly with success, as
    /// `ripgrep` does.
    pub fn output(error: io::Error) -> Failure {
        if error.kind() == io::ErrorKind::BrokenPipe {
            Failure {
                code: 0,
                message: None,
            }
        } else {
            Failure::new(FILE, format!("could not write the output: {error}"))
        }
    }

    /// The exit status.
    pub fn code(&self) -> u8 {
        self.code
    }

    /// The line to print on stderr, if any.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }
}

/// The library's errors sorted into the classes above.
impl From<arize::Error> for Failure {
    fn from(error: arize::Error) -> Failure {
        let code = match &error {
            arize::Error::Config(_) => CONFIG,
            // Nothing was sent: the input is at fault, as with a bad flag.
            arize::Error::InvalidRequest { .. } => USAGE,
            _ => API,
        };
        Failure::new(code, error.to_string())
    }
}

impl From<io::Error> for Failure {
    fn from(error: io::Error) -> Failure {
        Failure::output(error)
    }
}

/// `Result` of a command.
pub type Outcome<T = ()> = Result<T, Failure>;
