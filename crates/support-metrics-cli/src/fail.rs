//! What can go wrong in the command line, where, and which exit code it gets.
//!
//! One line on stderr per failure: `FILE:LINE:COLUMN: message [code]` when the position is
//! known, `FILE: message [code]` when only the file is, `support-metrics: message [code]`
//! otherwise. The codes are the core's `Error::code()`, plus the command line's own:
//! `io_error` and `file_not_found` for the file system, `invalid_utf8`, `invalid_toml` (SLA
//! policies) and `row_errors`.

use std::fmt;
use std::process::ExitCode;

use support_metrics::Error;

/// Exit status: success.
pub const EXIT_OK: u8 = 0;
/// Exit status: bad input or data (malformed file, bad JSON, a core error, rejected rows).
pub const EXIT_DATA: u8 = 3;
/// Exit status: the file system or a pipe failed (a missing file, no permission).
pub const EXIT_IO: u8 = 4;

/// The exit codes, for `--help`.
pub const EXIT_CODES_HELP: &str = "\
Exit codes:
  0  success
  2  usage error: an unknown option, a missing or conflicting argument (clap)
  3  input or data error: malformed JSON, TOML or CSV, a bad timestamp, calendar or SLA
     policy, an error of the core (its code is printed), rows rejected by `calendar --input`
     / `staffing --input` / `sla`, or any rejected row or invalid file found by `validate`
  4  I/O error: a missing or unreadable file, an unwritable output

Errors go to stderr as `FILE:LINE:COLUMN: message [code]` when the position is known.";

/// Where an error is: a file (or `<stdin>`, `<args>`), maybe a line and a column (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub file: String,
    pub line: Option<u64>,
    pub column: Option<u64>,
}

/// One failure of the command: what, where, its code, and the exit status it maps to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub place: Option<Place>,
    pub message: String,
    pub code: String,
    pub exit: u8,
}

impl Failure {
    /// A data error (exit 3).
    pub fn data(message: impl Into<String>, code: &str) -> Failure {
        Failure {
            place: None,
            message: message.into(),
            code: code.to_string(),
            exit: EXIT_DATA,
        }
    }

    /// An I/O error on `what` (a file name), exit 4.
    pub fn io(what: &str, action: &str, e: &std::io::Error) -> Failure {
        let code = match e.kind() {
            std::io::ErrorKind::NotFound => "file_not_found",
            std::io::ErrorKind::BrokenPipe => "broken_pipe",
            _ => "io_error",
        };
        Failure {
            place: Some(Place {
                file: what.to_string(),
                line: None,
                column: None,
            }),
            message: format!("cannot {action}: {}", io_text(e)),
            code: code.to_string(),
            exit: EXIT_IO,
        }
    }

    /// A core error, in `file` when known. CSV errors carry their line and column, JSON syntax
    /// errors theirs (parsed from the message).
    pub fn core(e: &Error, file: Option<&str>) -> Failure {
        let (line, column, message) = match e {
            Error::InvalidCsv {
                line,
                column,
                reason,
            } => (Some(*line), Some(*column), (*reason).to_string()),
            Error::InvalidJson { message } => match split_json_position(message) {
                Some((text, l, c)) => (Some(l), Some(c), format!("invalid JSON: {text}")),
                None => (None, None, e.to_string()),
            },
            other => (None, None, other.to_string()),
        };
        Failure {
            place: file.map(|f| Place {
                file: f.to_string(),
                line,
                column: line.and(column),
            }),
            message,
            code: e.code().to_string(),
            exit: EXIT_DATA,
        }
    }

    /// A core error about the JSON document `text` named `file`: placed at the line and column
    /// of the value its path names, when that can be found.
    pub fn core_in(e: &Error, file: &str, text: &str) -> Failure {
        let f = Failure::core(e, Some(file));
        let placed = f.place.as_ref().is_some_and(|p| p.line.is_some());
        match crate::locate::locate(text, e) {
            Some((line, column)) if !placed => f.at(file, line, column),
            _ => f,
        }
    }

    /// The same failure placed at a position of `file`.
    #[must_use]
    pub fn at(mut self, file: &str, line: u64, column: u64) -> Failure {
        self.place = Some(Place {
            file: file.to_string(),
            line: Some(line),
            column: Some(column),
        });
        self
    }

    /// The same failure placed in `file`, keeping any position it has.
    #[must_use]
    pub fn in_file(mut self, file: &str) -> Failure {
        match &mut self.place {
            Some(p) => p.file = file.to_string(),
            None => {
                self.place = Some(Place {
                    file: file.to_string(),
                    line: None,
                    column: None,
                });
            }
        }
        self
    }

    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(self.exit)
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.place {
            Some(Place {
                file,
                line: Some(l),
                column: Some(c),
            }) => write!(f, "{file}:{l}:{c}: ")?,
            Some(Place {
                file,
                line: Some(l),
                column: None,
            }) => write!(f, "{file}:{l}: ")?,
            Some(Place { file, .. }) => write!(f, "{file}: ")?,
            None => write!(f, "support-metrics: ")?,
        }
        write!(f, "{} [{}]", self.message, self.code)
    }
}

/// An I/O error's text without Rust's ` (os error N)` suffix.
fn io_text(e: &std::io::Error) -> String {
    let text = e.to_string();
    match text.find(" (os error") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// Splits serde_json's `"... at line L column C"` into the text, L and C.
pub fn split_json_position(message: &str) -> Option<(String, u64, u64)> {
    let i = message.rfind(" at line ")?;
    let rest = &message[i + " at line ".len()..];
    let (l, c) = rest.split_once(" column ")?;
    Some((message[..i].to_string(), l.parse().ok()?, c.parse().ok()?))
}

/// A JSON syntax error of serde_json as a failure at its position in `file`.
pub fn json_failure(e: &serde_json::Error, file: &str) -> Failure {
    let text = e.to_string();
    let message = split_json_position(&text).map_or(text, |(m, _, _)| m);
    let f = Failure::data(format!("invalid JSON: {message}"), "invalid_json");
    if e.line() == 0 {
        f.in_file(file)
    } else {
        f.at(file, e.line() as u64, e.column().max(1) as u64)
    }
}

/// The exit code once a CSV with `bad` rejected rows of `total` is written: 3 unless allowed.
pub fn row_errors_exit(bad: usize, total: usize, file: &str, allow: bool) -> u8 {
    if bad == 0 {
        return EXIT_OK;
    }
    let f = Failure::data(
        format!("{bad} of {total} rows have errors (see the `error` column)"),
        "row_errors",
    )
    .in_file(file);
    eprintln!("{f}");
    if allow {
        EXIT_OK
    } else {
        EXIT_DATA
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        let f = Failure::data("bad", "invalid_json").at("a.json", 2, 5);
        assert_eq!(f.to_string(), "a.json:2:5: bad [invalid_json]");
        let f = Failure::data("bad", "x");
        assert_eq!(f.to_string(), "support-metrics: bad [x]");
        assert_eq!(
            split_json_position("EOF while parsing at line 3 column 1"),
            Some(("EOF while parsing".into(), 3, 1))
        );
    }
}
