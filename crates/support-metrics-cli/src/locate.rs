//! The line and column, in a JSON document, of the value a core error names by its path
//! (`week.mon[0]`, `holidays[2]`, `args.start`), so that an invalid calendar is reported at
//! `cal.json:LINE:COLUMN`. The document has already been read by serde_json: this scanner only
//! walks well-formed JSON, and answers `None` whenever anything does not fit.

use support_metrics::Error;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Seg {
    Key(String),
    Index(usize),
}

/// What an error points at: a value by its path, or a key inside the object at a path.
pub(crate) fn target(e: &Error) -> Option<(&str, Option<&str>)> {
    Some(match e {
        Error::InvalidType { path, .. }
        | Error::MissingField { path, .. }
        | Error::InvalidTime { path, .. }
        | Error::EmptyInterval { path, .. }
        | Error::InvalidSlaPolicy { path, .. } => (path.as_str(), None),
        Error::InvalidDate { path, value } => match path.strip_suffix(" key") {
            Some(object) => (object, Some(value.as_str())),
            None => (path.as_str(), None),
        },
        Error::UnknownField { path, field, .. } => (path.as_str(), Some(field.as_str())),
        Error::DuplicateKey { path, key } | Error::UnknownWeekday { path, key } => {
            (path.as_str(), Some(key.as_str()))
        }
        Error::InvalidTimestamp { field, .. } | Error::InvalidValue { field, .. } => {
            (field.as_str(), None)
        }
        // `policies[0].targets[1].seconds = -60`.
        Error::InvalidDuration { value } => (value.split(" = ").next()?, None),
        _ => return None,
    })
}

/// The 1-based line and column (characters) in `text` of what `e` names, if it can be found.
/// The path is tried from the document's root, then without its first segment (a root name
/// such as `calendar` or `args`), then under a `calendar` key (a calendar inside arguments).
pub fn locate(text: &str, e: &Error) -> Option<(u64, u64)> {
    let (path, key) = target(e)?;
    let segs = parse_path(path)?;
    let mut candidates = vec![segs.clone()];
    if !segs.is_empty() {
        candidates.push(segs[1..].to_vec());
    }
    let mut under = vec![Seg::Key("calendar".into())];
    under.extend(segs);
    candidates.push(under);
    // A duplicate key is reported where it appears the second time.
    let nth = usize::from(matches!(e, Error::DuplicateKey { .. }));
    candidates
        .iter()
        .find_map(|c| find(text, c, key, nth))
        .map(|offset| position(text, offset))
}

/// `week.mon[0][1]` → Key(week), Key(mon), Index(0), Index(1).
pub(crate) fn parse_path(path: &str) -> Option<Vec<Seg>> {
    let mut segs = Vec::new();
    for part in path.split('.') {
        let (name, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !name.is_empty() {
            segs.push(Seg::Key(name.to_string()));
        }
        while let Some(r) = rest.strip_prefix('[') {
            let close = r.find(']')?;
            segs.push(Seg::Index(r[..close].parse().ok()?));
            rest = &r[close + 1..];
        }
        if !rest.is_empty() {
            return None;
        }
    }
    Some(segs)
}

fn position(text: &str, offset: usize) -> (u64, u64) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() as u64 + 1;
    let last = before.rfind('\n').map_or(before, |i| &before[i + 1..]);
    (line, last.chars().count() as u64 + 1)
}

/// The byte offset of the value at `path` (or of the `nth` occurrence of `key` in the object
/// there).
fn find(text: &str, path: &[Seg], key: Option<&str>, nth: usize) -> Option<usize> {
    let mut s = Scan {
        b: text.as_bytes(),
        i: 0,
    };
    s.ws();
    s.find(path, key, nth)
}

struct Scan<'a> {
    b: &'a [u8],
    i: usize,
}

impl Scan<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn eat(&mut self, c: u8) -> Option<()> {
        self.ws();
        (self.peek() == Some(c)).then(|| self.i += 1)
    }

    /// A string's raw content (escapes kept but for `\"` and `\\`, enough for keys).
    fn string(&mut self) -> Option<String> {
        self.eat(b'"')?;
        let mut out = Vec::new();
        loop {
            match self.peek()? {
                b'"' => {
                    self.i += 1;
                    return String::from_utf8(out).ok();
                }
                b'\\' => {
                    let c = *self.b.get(self.i + 1)?;
                    if !matches!(c, b'"' | b'\\') {
                        out.push(b'\\');
                    }
                    out.push(c);
                    self.i += 2;
                }
                c => {
                    out.push(c);
                    self.i += 1;
                }
            }
        }
    }

    fn skip(&mut self) -> Option<()> {
        self.ws();
        match self.peek()? {
            b'"' => self.string().map(drop),
            b'{' => {
                self.i += 1;
                if self.eat(b'}').is_some() {
                    return Some(());
                }
                loop {
                    self.string()?;
                    self.eat(b':')?;
                    self.skip()?;
                    if self.eat(b',').is_none() {
                        return self.eat(b'}');
                    }
                }
            }
            b'[' => {
                self.i += 1;
                if self.eat(b']').is_some() {
                    return Some(());
                }
                loop {
                    self.skip()?;
                    if self.eat(b',').is_none() {
                        return self.eat(b']');
                    }
                }
            }
            _ => {
                while matches!(self.peek(), Some(c) if !matches!(c, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r'))
                {
                    self.i += 1;
                }
                Some(())
            }
        }
    }

    fn find(&mut self, path: &[Seg], key: Option<&str>, nth: usize) -> Option<usize> {
        self.ws();
        let Some((first, rest)) = path.split_first() else {
            let Some(key) = key else {
                return Some(self.i);
            };
            // The nth occurrence of `key` in this object.
            self.eat(b'{')?;
            let mut seen = 0;
            loop {
                self.ws();
                let at = self.i;
                if self.string()? == key {
                    if seen == nth {
                        return Some(at);
                    }
                    seen += 1;
                }
                self.eat(b':')?;
                self.skip()?;
                self.eat(b',')?;
            }
        };
        match first {
            Seg::Key(k) => {
                self.eat(b'{')?;
                loop {
                    if self.string()? == *k {
                        self.eat(b':')?;
                        return self.find(rest, key, nth);
                    }
                    self.eat(b':')?;
                    self.skip()?;
                    self.eat(b',')?;
                }
            }
            Seg::Index(n) => {
                self.eat(b'[')?;
                for _ in 0..*n {
                    self.skip()?;
                    self.eat(b',')?;
                }
                self.find(rest, key, nth)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_values_and_keys() {
        let text = "{\n  \"timezone\": \"UTC\",\n  \"week\": {\"mon\": [[\"09:00\", \"25:00\"]], \"fri\": []},\n  \"holidays\": [\"2026-01-01\", \"2026-02-30\"]\n}";
        let e = Error::InvalidTime {
            path: "week.mon[0]".into(),
            value: "25:00".into(),
            reason: "r",
        };
        assert_eq!(locate(text, &e), Some((3, 20)));
        let e = Error::InvalidDate {
            path: "holidays[1]".into(),
            value: "2026-02-30".into(),
        };
        assert_eq!(locate(text, &e), Some((4, 30)));
        let e = Error::UnknownWeekday {
            path: "week".into(),
            key: "fri".into(),
        };
        assert_eq!(locate(text, &e), Some((3, 41)));
        let e = Error::InvalidTimestamp {
            field: "args.start".into(),
            value: "x".into(),
        };
        assert_eq!(locate("{\"start\": \"x\"}", &e), Some((1, 11)));
        assert_eq!(
            parse_path("a[1][2].b"),
            Some(vec![
                Seg::Key("a".into()),
                Seg::Index(1),
                Seg::Index(2),
                Seg::Key("b".into())
            ])
        );
        assert_eq!(locate("{]", &e), None);
    }
}
