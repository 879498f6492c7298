//! Reading inputs (files, stdin) and writing outputs (stdout or `--output FILE`); CSV field
//! positions for messages. All the file-system access of the command line is here.

use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use serde_json::Value;
use support_metrics::csv::{CsvReader, Header, Record};
use support_metrics::Error;

use crate::fail::{json_failure, Failure};

/// A text input and the name messages give it (`cal.json`, `<stdin>`, `<args>`).
pub struct Input {
    pub name: String,
    pub text: String,
}

/// How many threads the core may use for large inputs: the machine's cores, at most 8 (the
/// core never asks the machine itself).
pub fn threads() -> usize {
    std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(8)
}

/// Reads a whole file as UTF-8 text.
pub fn read_file(path: &Path) -> Result<Input, Failure> {
    let name = path.display().to_string();
    let bytes = read_bytes(path).map_err(|e| Failure::io(&name, "read the file", &e))?;
    utf8(name, bytes)
}

/// Files from this size are read in pieces at once.
const PIECES_FROM: u64 = 16 << 20;

/// The bytes of a file. A large regular file is read in up to four pieces at once, each on
/// its own thread: the kernel's copy and the first touches of the buffer's pages then use
/// every core (a 120 MB file: about 60 ms instead of 120 ms on two cores, before anything
/// else can start). Anything else, or any trouble with the pieces, is read whole.
fn read_bytes(path: &Path) -> io::Result<Vec<u8>> {
    #[cfg(unix)]
    if let Some(bytes) = read_in_pieces(path, PIECES_FROM)? {
        return Ok(bytes);
    }
    std::fs::read(path)
}

/// `None`: not a regular file of at least `from` bytes, or a piece could not be read as
/// planned (the file changed, no thread): read it whole.
#[cfg(unix)]
fn read_in_pieces(path: &Path, from: u64) -> io::Result<Option<Vec<u8>>> {
    use std::io::{Seek, SeekFrom};
    use std::os::unix::fs::FileExt;

    let mut file = File::open(path)?;
    let meta = file.metadata()?;
    let pieces = threads().min(4);
    if !meta.is_file() || meta.len() < from.max(1) || pieces < 2 {
        return Ok(None);
    }
    let Ok(len) = usize::try_from(meta.len()) else {
        return Ok(None);
    };
    let mut bytes = vec![0u8; len];
    let size = len.div_ceil(pieces);
    let read = std::thread::scope(|s| {
        let file = &file;
        let readers: Vec<_> = bytes
            .chunks_mut(size)
            .enumerate()
            .map(|(k, piece)| {
                let at = (k * size) as u64;
                std::thread::Builder::new()
                    .spawn_scoped(s, move || file.read_exact_at(piece, at))
                    .ok()
            })
            .collect();
        readers
            .into_iter()
            .all(|r| r.is_some_and(|h| h.join().is_ok_and(|r| r.is_ok())))
    });
    if !read {
        return Ok(None);
    }
    // A file that grew while it was read: its rest too.
    file.seek(SeekFrom::Start(meta.len()))?;
    file.read_to_end(&mut bytes)?;
    Ok(Some(bytes))
}

/// Reads the whole of stdin as UTF-8 text.
pub fn read_stdin() -> Result<Input, Failure> {
    let mut bytes = Vec::new();
    io::stdin()
        .read_to_end(&mut bytes)
        .map_err(|e| Failure::io("<stdin>", "read standard input", &e))?;
    utf8("<stdin>".to_string(), bytes)
}

/// Text from bytes; invalid UTF-8 is a data error at the first bad byte's line and column.
pub fn utf8(name: String, bytes: Vec<u8>) -> Result<Input, Failure> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Input { name, text }),
        Err(e) => {
            let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let text = String::from_utf8_lossy(good);
            let (line, column) = position_of_end(&text);
            Err(Failure::data("the input is not UTF-8 text", "invalid_utf8")
                .at(&name, line, column))
        }
    }
}

/// The 1-based line and column just after `text`.
fn position_of_end(text: &str) -> (u64, u64) {
    let line = text.matches('\n').count() as u64 + 1;
    let last = text.rfind('\n').map_or(text, |i| &text[i + 1..]);
    (line, last.chars().count() as u64 + 1)
}

/// Parses JSON text, a syntax error placed at its line and column of `input`.
pub fn parse_json(input: &Input) -> Result<Value, Failure> {
    serde_json::from_str(&input.text).map_err(|e| json_failure(&e, &input.name))
}

/// A CSV input's reader, positioned after its header, and the positions of the required
/// columns in it (a missing column is a `missing_column` failure on the header's line).
pub fn open_csv<'a>(
    input: &'a Input,
    required: &[&str],
) -> Result<(CsvReader<'a>, Header, Vec<usize>), Failure> {
    let mut reader = CsvReader::new(&input.text);
    let mut rec = Record::default();
    let found = reader
        .read(&mut rec)
        .map_err(|e| Failure::core(&e, Some(&input.name)))?;
    if !found {
        let e = Error::InvalidCsv {
            line: 1,
            column: 1,
            reason: "the file is empty: a header line is required",
        };
        return Err(Failure::core(&e, Some(&input.name)));
    }
    let header = Header::new(&rec).map_err(|e| Failure::core(&e, Some(&input.name)))?;
    let columns = required
        .iter()
        .map(|name| {
            header
                .require(name)
                .map_err(|e| Failure::core(&e, None).at(&input.name, rec.line(), 1))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok((reader, header, columns))
}

/// The error of a row whose number of fields differs from the header's, if it does.
pub fn ragged(rec: &Record, header: &Header) -> Option<Error> {
    (rec.len() != header.names().len()).then(|| Error::InvalidCsv {
        line: rec.line(),
        column: rec.len().min(header.names().len()) as u64 + 1,
        reason: "the row has a different number of fields than the header",
    })
}

/// A row's error as `code: message` for an `error` column.
pub fn error_cell(e: &Error) -> String {
    match e {
        Error::InvalidCsv { reason, .. } => format!("{}: {reason}", e.code()),
        other => format!("{}: {other}", other.code()),
    }
}

/// Where output goes: stdout, or a file created for `--output`.
pub struct Output {
    name: String,
    w: Box<dyn Write>,
}

impl Output {
    pub fn new(path: Option<&PathBuf>) -> Result<Output, Failure> {
        match path {
            None => Ok(Output {
                name: "<stdout>".into(),
                w: Box::new(BufWriter::new(io::stdout().lock())),
            }),
            Some(p) => {
                let name = p.display().to_string();
                let f = File::create(p).map_err(|e| Failure::io(&name, "create the file", &e))?;
                Ok(Output {
                    name,
                    w: Box::new(BufWriter::new(f)),
                })
            }
        }
    }

    /// Writes one line (a newline is added).
    pub fn line(&mut self, text: &str) -> Result<(), Failure> {
        let r = self
            .w
            .write_all(text.as_bytes())
            .and_then(|()| self.w.write_all(b"\n"));
        r.map_err(|e| Failure::io(&self.name, "write", &e))
    }

    /// Writes one CSV record (fields quoted where RFC 4180 needs it).
    pub fn csv<S: AsRef<str>>(&mut self, fields: &[S]) -> Result<(), Failure> {
        let line: Vec<String> = fields.iter().map(|f| csv_field(f.as_ref())).collect();
        self.line(&line.join(","))
    }

    pub fn flush(&mut self) -> Result<(), Failure> {
        self.w
            .flush()
            .map_err(|e| Failure::io(&self.name, "write", &e))
    }
}

/// One CSV field, quoted where RFC 4180 needs it (the core's rule, so it reads back exactly).
pub fn csv_field(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    support_metrics::csv::push_field(&mut out, s);
    out
}

/// The 1-based line and column (in characters) where field `index` of the CSV record that
/// starts on `line` begins, following the core reader's rules (a leading byte-order mark is
/// not counted). Falls back to the record's first column.
pub fn field_position(text: &str, line: u64, index: usize) -> (u64, u64) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut start = 0;
    for _ in 1..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return (line, 1),
        }
    }
    let (mut cur_line, mut col, mut field, mut quoted) = (line, 1u64, 0usize, false);
    if index == 0 {
        return (line, 1);
    }
    for ch in text[start..].chars() {
        match ch {
            '"' => quoted = !quoted,
            ',' if !quoted => {
                field += 1;
                if field == index {
                    return (cur_line, col + 1);
                }
            }
            '\n' if quoted => {
                cur_line += 1;
                col = 0;
            }
            '\n' => break,
            _ => {}
        }
        col += 1;
    }
    (line, 1)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// A file read in pieces is the file, for sizes that do and do not divide into the
    /// pieces; an empty file and a directory are left to the whole read.
    #[cfg(unix)]
    #[test]
    fn pieces_are_the_file() {
        let dir = std::env::temp_dir().join(format!("sm-pieces-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for size in [0usize, 1, 7, 4096, 1_000_003] {
            let path = dir.join(format!("f{size}"));
            let bytes: Vec<u8> = (0..size).map(|i| (i * 7 + i / 251) as u8).collect();
            std::fs::write(&path, &bytes).unwrap();
            let got = read_in_pieces(&path, 1).unwrap();
            if size == 0 || threads() < 2 {
                assert_eq!(got, None, "{size}");
            } else {
                assert_eq!(got.as_deref(), Some(&bytes[..]), "{size}");
            }
            assert_eq!(read_bytes(&path).unwrap(), bytes);
        }
        assert_eq!(read_in_pieces(&dir, 1).unwrap(), None);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn field_positions() {
        let t = "a,b,c\n1,\"x,\ny\",3\n";
        assert_eq!(field_position(t, 1, 2), (1, 5));
        assert_eq!(field_position(t, 2, 1), (2, 3));
        assert_eq!(field_position(t, 2, 2), (3, 4));
        assert_eq!(field_position(t, 2, 7), (2, 1));
        assert_eq!(csv_field("a,\"b"), "\"a,\"\"b\"");
        assert_eq!(position_of_end("ab\ncd"), (2, 3));
    }
}
