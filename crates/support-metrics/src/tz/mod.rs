//! IANA time zones: chrono-tz's database in a compact table.
//!
//! Why: chrono-tz compiles every zone's transitions into 24-byte entries, about 130 KB of the
//! WebAssembly module gzipped, a quarter of it. [`Zone`] carries the very same database (the
//! zones, links, transitions, offsets and abbreviations of the chrono-tz this crate depends
//! on, generated from the IANA sources it ships by the parser it uses) in about 26 KB gzipped,
//! and converts instants with chrono-tz's own rules, so every result is the same. A zone's
//! table is decoded on its first use, once per process.
//!
//! The table (`tzdata.bin`, written by `tools/tzdata`, see `scripts/gen-tzdata.sh`), with
//! every integer a LEB128 varint and `z` a zigzag-encoded signed one:
//!
//! ```text
//! "SMTZ" 0x01
//! version: len, bytes                      the IANA release, e.g. 2025b
//! abbreviations: n, n × (len, bytes)       sorted; index 0 below means "none" (a numeric one)
//! sets: n, n × (len, body)                 distinct timespan sets, shared by links
//!   body: types: n, n × (z utc, z dst, abbreviation index)   type 0 is the first timespan
//!         transitions: n, n × z delta seconds (from 0, then from the previous one),
//!                      n × type index
//! names: n, n × (len, bytes, set index)    sorted by bytes
//! ```
//!
//! The core's tests check every zone against chrono-tz at and around each transition, and the
//! release against `chrono_tz::IANA_TZDB_VERSION`, so an upgrade of chrono-tz without a new
//! table fails them.
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use support_metrics::tz::Zone;
//!
//! let berlin: Zone = "Europe/Berlin".parse()?;
//! let t = Utc.with_ymd_and_hms(2026, 7, 1, 12, 0, 0).unwrap();
//! assert_eq!(t.with_timezone(&berlin).to_rfc3339(), "2026-07-01T14:00:00+02:00");
//! assert_eq!(t.with_timezone(&berlin).offset().abbreviation(), Some("CEST"));
//! // 02:30 on the last Sunday of March does not exist in Berlin.
//! let gap = chrono::NaiveDate::from_ymd_opt(2026, 3, 29).unwrap().and_hms_opt(2, 30, 0).unwrap();
//! assert!(berlin.from_local_datetime(&gap).single().is_none());
//! assert_eq!(Zone::from(chrono_tz::Europe::Berlin), berlin);
//! assert!("Mars/Olympus".parse::<Zone>().is_err());
//! # Ok::<(), support_metrics::Error>(())
//! ```

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;
use std::sync::OnceLock;

use chrono::{FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone};

use crate::error::Error;

static TZDATA: &[u8] = include_bytes!("tzdata.bin");

/// One timespan: the standard offset, the daylight-saving part and the abbreviation (`None`
/// for a numeric one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    utc: i32,
    dst: i32,
    name: Option<&'static str>,
}

impl Span {
    fn total(self) -> i64 {
        i64::from(self.utc) + i64::from(self.dst)
    }
}

/// A zone's timespans: `first` until the first transition, then `spans[i]` from `at[i]`
/// (seconds since the Unix epoch, increasing).
#[derive(Debug, PartialEq, Eq)]
struct Set {
    first: Span,
    at: &'static [i64],
    spans: &'static [Span],
}

const UTC_SET: Set = Set {
    first: Span {
        utc: 0,
        dst: 0,
        name: Some("UTC"),
    },
    at: &[],
    spans: &[],
};

struct Db {
    version: &'static str,
    abbreviations: Vec<&'static str>,
    sets: Vec<(&'static [u8], OnceLock<Option<Set>>)>,
    /// Zone and link names, sorted, each with its set.
    names: Vec<(&'static str, usize)>,
}

/// Reads the table's varints and texts; `None` at any malformation (the table is generated
/// and tested, so this never happens, but reading it must not panic either).
struct Reader {
    data: &'static [u8],
    at: usize,
}

impl Reader {
    fn byte(&mut self) -> Option<u8> {
        let b = *self.data.get(self.at)?;
        self.at += 1;
        Some(b)
    }

    fn u64(&mut self) -> Option<u64> {
        let mut x = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            x |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Some(x);
            }
        }
        None
    }

    fn usize(&mut self) -> Option<usize> {
        usize::try_from(self.u64()?).ok()
    }

    fn i64(&mut self) -> Option<i64> {
        let z = self.u64()?;
        Some(((z >> 1) as i64) ^ -((z & 1) as i64))
    }

    fn i32(&mut self) -> Option<i32> {
        i32::try_from(self.i64()?).ok()
    }

    fn bytes(&mut self) -> Option<&'static [u8]> {
        let n = self.usize()?;
        let out = self.data.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(out)
    }

    fn str(&mut self) -> Option<&'static str> {
        std::str::from_utf8(self.bytes()?).ok()
    }
}

fn db() -> Option<&'static Db> {
    static DB: OnceLock<Option<Db>> = OnceLock::new();
    DB.get_or_init(|| Db::parse(TZDATA)).as_ref()
}

impl Db {
    /// The table's header, abbreviations, set bodies and names (the sets are decoded later).
    fn parse(data: &'static [u8]) -> Option<Db> {
        let mut r = Reader { data, at: 0 };
        if r.data.get(..5)? != b"SMTZ\x01" {
            return None;
        }
        r.at = 5;
        let version = r.str()?;
        let n = r.usize()?;
        let abbreviations = (0..n).map(|_| r.str()).collect::<Option<Vec<_>>>()?;
        let n = r.usize()?;
        let sets = (0..n)
            .map(|_| Some((r.bytes()?, OnceLock::new())))
            .collect::<Option<Vec<_>>>()?;
        let n = r.usize()?;
        let names = (0..n)
            .map(|_| Some((r.str()?, r.usize()?)))
            .collect::<Option<Vec<_>>>()?;
        Some(Db {
            version,
            abbreviations,
            sets,
            names,
        })
    }

    fn set(&'static self, index: usize) -> Option<&'static Set> {
        let (body, set) = self.sets.get(index)?;
        set.get_or_init(|| self.decode(body)).as_ref()
    }

    fn decode(&self, body: &'static [u8]) -> Option<Set> {
        let mut r = Reader { data: body, at: 0 };
        let n = r.usize()?;
        let types = (0..n)
            .map(|_| {
                let (utc, dst, name) = (r.i32()?, r.i32()?, r.usize()?);
                let name = match name {
                    0 => None,
                    i => Some(*self.abbreviations.get(i - 1)?),
                };
                Some(Span { utc, dst, name })
            })
            .collect::<Option<Vec<_>>>()?;
        let n = r.usize()?;
        let mut t = 0i64;
        let at = (0..n)
            .map(|_| {
                t = t.checked_add(r.i64()?)?;
                Some(t)
            })
            .collect::<Option<Vec<_>>>()?;
        let spans = (0..n)
            .map(|_| types.get(r.usize()?).copied())
            .collect::<Option<Vec<_>>>()?;
        // Leaked once per set and process: the zone's table lives as long as the program, as
        // chrono-tz's static tables do.
        Some(Set {
            first: *types.first()?,
            at: Box::leak(at.into_boxed_slice()),
            spans: Box::leak(spans.into_boxed_slice()),
        })
    }
}

/// An IANA time zone (or link), for example `Europe/Moscow`: a [`chrono::TimeZone`] with
/// chrono-tz's data and results. Small and `Copy`; equal when the names are.
#[derive(Clone, Copy)]
pub struct Zone {
    name: &'static str,
    set: &'static Set,
}

impl Zone {
    /// Coordinated Universal Time.
    pub const UTC: Zone = Zone {
        name: "UTC",
        set: &UTC_SET,
    };

    /// The zone or link called `name` (case-sensitive, as in the IANA database), if there is
    /// one.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Zone> {
        let db = db()?;
        let i = db
            .names
            .binary_search_by(|(n, _)| n.as_bytes().cmp(name.as_bytes()))
            .ok()?;
        let (name, set) = *db.names.get(i)?;
        Some(Zone {
            name,
            set: db.set(set)?,
        })
    }

    /// The zone's IANA name.
    #[must_use]
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// Every zone and link name, sorted.
    pub fn names() -> impl Iterator<Item = &'static str> {
        db().into_iter()
            .flat_map(|db| db.names.iter().map(|(n, _)| *n))
    }

    /// The IANA release of the database (for example `2025b`).
    #[must_use]
    pub fn database_version() -> &'static str {
        db().map_or("", |db| db.version)
    }

    /// The instants (seconds since the Unix epoch) at which the zone's offset or abbreviation
    /// changes, in order.
    #[must_use]
    pub fn transitions(&self) -> &'static [i64] {
        self.set.at
    }

    fn len(&self) -> usize {
        self.set.at.len() + 1
    }

    fn get(&self, i: usize) -> Span {
        match i.checked_sub(1) {
            None => self.set.first,
            Some(j) => self.set.spans.get(j).copied().unwrap_or(self.set.first),
        }
    }

    /// The local times of span `i`: from its start plus its own offset to its end plus the
    /// offset in force before that end (chrono-tz's `local_span`).
    fn local_span(&self, i: usize) -> (Option<i64>, Option<i64>) {
        let at = self.set.at;
        let begin = i
            .checked_sub(1)
            .and_then(|j| Some(at.get(j)? + self.get(i).total()));
        let end = at.get(i).map(|t| t + self.get(i).total());
        (begin, end)
    }

    fn offset(&self, span: Span) -> ZoneOffset {
        ZoneOffset { zone: *self, span }
    }
}

/// chrono-tz's ordering of a span against an instant: `Equal` when inside it.
fn span_cmp((begin, end): (Option<i64>, Option<i64>), x: i64) -> Ordering {
    match (begin, end) {
        (Some(a), Some(b)) if a <= x && x < b => Ordering::Equal,
        (Some(a), Some(b)) if a <= x && b <= x => Ordering::Less,
        (Some(_), Some(_)) => Ordering::Greater,
        (Some(a), None) if a <= x => Ordering::Equal,
        (Some(_), None) => Ordering::Greater,
        (None, Some(b)) if b <= x => Ordering::Less,
        (None, Some(_)) | (None, None) => Ordering::Equal,
    }
}

fn contains(span: (Option<i64>, Option<i64>), x: i64) -> bool {
    span_cmp(span, x) == Ordering::Equal
}

impl PartialEq for Zone {
    fn eq(&self, other: &Zone) -> bool {
        self.name == other.name
    }
}

impl Eq for Zone {}

impl Hash for Zone {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.name.hash(state);
    }
}

impl fmt::Debug for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}

impl Default for Zone {
    fn default() -> Zone {
        Zone::UTC
    }
}

impl FromStr for Zone {
    type Err = Error;

    fn from_str(name: &str) -> Result<Zone, Error> {
        Zone::from_name(name).ok_or_else(|| Error::UnknownTimeZone {
            name: name.to_string(),
        })
    }
}

/// chrono-tz's zones convert by name: the table holds every one of them (tested), so the
/// fallback to UTC is never taken.
impl From<chrono_tz::Tz> for Zone {
    fn from(tz: chrono_tz::Tz) -> Zone {
        Zone::from_name(tz.name()).unwrap_or(Zone::UTC)
    }
}

/// The offset of a [`Zone`] at some instant: standard part, daylight-saving part and
/// abbreviation.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct ZoneOffset {
    zone: Zone,
    span: Span,
}

impl ZoneOffset {
    /// The zone's abbreviation then (`CEST`), or `None` where the database gives a numeric
    /// one.
    #[must_use]
    pub fn abbreviation(&self) -> Option<&'static str> {
        self.span.name
    }

    /// The standard offset from UTC, in seconds.
    #[must_use]
    pub fn base_utc_offset_seconds(&self) -> i32 {
        self.span.utc
    }

    /// The daylight-saving part of the offset, in seconds.
    #[must_use]
    pub fn dst_offset_seconds(&self) -> i32 {
        self.span.dst
    }

    /// The zone.
    #[must_use]
    pub fn zone(&self) -> Zone {
        self.zone
    }
}

impl Offset for ZoneOffset {
    fn fix(&self) -> FixedOffset {
        // The database's offsets are all well within a day; UTC would be the only fallback.
        i32::try_from(self.span.total())
            .ok()
            .and_then(FixedOffset::east_opt)
            .unwrap_or_else(|| chrono::Utc.fix())
    }
}

/// The abbreviation, or the offset as `+HH` / `+HHMM` (`+HHMMSS` for seconds) where the
/// database gives none: chrono-tz's display.
impl fmt::Display for ZoneOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(name) = self.span.name {
            return f.write_str(name);
        }
        let total = self.span.total();
        let sign = if total < 0 { '-' } else { '+' };
        let off = total.unsigned_abs();
        let (h, m, s) = (off / 3600, off / 60 % 60, off % 60);
        write!(f, "{sign}{h:02}")?;
        if m != 0 || s != 0 {
            write!(f, "{m:02}")?;
        }
        if s != 0 {
            write!(f, "{s:02}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for ZoneOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl TimeZone for Zone {
    type Offset = ZoneOffset;

    fn from_offset(offset: &ZoneOffset) -> Zone {
        offset.zone
    }

    /// As chrono-tz: the offset at the day's first moment that has one, never ambiguous.
    fn offset_from_local_date(&self, local: &NaiveDate) -> LocalResult<ZoneOffset> {
        let earliest = self.offset_from_local_datetime(&local.and_time(NaiveTime::MIN));
        let last = NaiveTime::from_hms_opt(23, 59, 59).unwrap_or(NaiveTime::MIN);
        let latest = self.offset_from_local_datetime(&local.and_time(last));
        match (earliest, latest) {
            (r @ LocalResult::Single(_), _) | (_, r @ LocalResult::Single(_)) => r,
            (LocalResult::Ambiguous(o, _), _) | (_, LocalResult::Ambiguous(o, _)) => {
                LocalResult::Single(o)
            }
            (LocalResult::None, LocalResult::None) => LocalResult::None,
        }
    }

    /// chrono-tz's search: the span whose local times hold `local` (by its binary search, step
    /// for step), then its neighbours for an overlap.
    fn offset_from_local_datetime(&self, local: &NaiveDateTime) -> LocalResult<ZoneOffset> {
        let x = local.and_utc().timestamp();
        let len = self.len();
        let (mut start, mut end) = (0, len);
        let found = loop {
            let mid = start + (end - start) / 2;
            if mid == end {
                break None;
            }
            match span_cmp(self.local_span(mid), x) {
                Ordering::Less => start = mid + 1,
                Ordering::Greater => end = mid,
                Ordering::Equal => break Some(mid),
            }
        };
        let one = |i| LocalResult::Single(self.offset(self.get(i)));
        let two = |i: usize| {
            LocalResult::Ambiguous(self.offset(self.get(i)), self.offset(self.get(i + 1)))
        };
        match found {
            None => LocalResult::None,
            Some(0) if len == 1 => one(0),
            Some(0) if contains(self.local_span(1), x) => two(0),
            Some(0) => one(0),
            Some(i) if contains(self.local_span(i - 1), x) => two(i - 1),
            Some(i) if i == len - 1 => one(i),
            Some(i) if contains(self.local_span(i + 1), x) => two(i),
            Some(i) => one(i),
        }
    }

    fn offset_from_utc_date(&self, utc: &NaiveDate) -> ZoneOffset {
        self.offset_from_utc_datetime(&utc.and_time(NaiveTime::MIN))
    }

    fn offset_from_utc_datetime(&self, utc: &NaiveDateTime) -> ZoneOffset {
        let t = utc.and_utc().timestamp();
        // Span i holds the instants from its transition (i - 1) to the next one.
        let i = self.set.at.partition_point(|&a| a <= t);
        self.offset(self.get(i))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use chrono::{DateTime, Utc};

    fn utc(t: i64) -> NaiveDateTime {
        DateTime::<Utc>::from_timestamp(t, 0).unwrap().naive_utc()
    }

    /// Every chrono-tz zone and link: the same name, and the same offset, abbreviation and
    /// DST part just before, at and after every transition and midway between transitions;
    /// the same local-time resolution (single, ambiguous or none) around every transition's
    /// local times.
    #[test]
    fn every_zone_is_chrono_tz() {
        use chrono_tz::{OffsetComponents, OffsetName};
        assert_eq!(Zone::database_version(), chrono_tz::IANA_TZDB_VERSION);
        let names: Vec<_> = Zone::names().collect();
        assert_eq!(names.len(), chrono_tz::TZ_VARIANTS.len());
        let mut checked = 0u64;
        for tz in chrono_tz::TZ_VARIANTS {
            let z = Zone::from_name(tz.name()).unwrap();
            assert_eq!(Zone::from(tz), z);
            assert_eq!(z.name(), tz.name());
            let same_utc = |t: i64| {
                let (a, b) = (
                    z.offset_from_utc_datetime(&utc(t)),
                    tz.offset_from_utc_datetime(&utc(t)),
                );
                assert_eq!(a.fix(), b.fix(), "{} at {t}", tz.name());
                assert_eq!(a.abbreviation(), b.abbreviation(), "{} at {t}", tz.name());
                assert_eq!(
                    i64::from(a.dst_offset_seconds()),
                    b.dst_offset().num_seconds()
                );
                assert_eq!(a.to_string(), b.to_string(), "{} at {t}", tz.name());
            };
            let same_local = |t: i64| {
                let local = utc(t);
                let a = z.offset_from_local_datetime(&local).map(|o| o.fix());
                let b = tz.offset_from_local_datetime(&local).map(|o| o.fix());
                assert_eq!(a, b, "{} local {local}", tz.name());
                let d = local.date();
                assert_eq!(
                    z.offset_from_local_date(&d).map(|o| o.fix()),
                    tz.offset_from_local_date(&d).map(|o| o.fix()),
                    "{} date {d}",
                    tz.name()
                );
            };
            let at = z.transitions();
            same_utc(i64::from(i32::MIN) * 4);
            same_utc(0);
            for (k, &t) in at.iter().enumerate() {
                for dt in [-1, 0, 1] {
                    same_utc(t + dt);
                }
                if let Some(&next) = at.get(k + 1) {
                    same_utc(t + (next - t) / 2);
                }
                let total = |o: ZoneOffset| o.fix().local_minus_utc() as i64;
                let before = total(z.offset_from_utc_datetime(&utc(t - 1)));
                let after = total(z.offset_from_utc_datetime(&utc(t)));
                for base in [before, after] {
                    for dt in [-3601, -1, 0, 1, 1799, 3599, 3600] {
                        same_local(t + base + dt);
                    }
                }
                checked += 1;
            }
            same_utc(4_102_444_800); // 2100-01-01
            same_local(4_102_444_800);
        }
        assert!(checked > 30_000, "{checked} transitions");
    }

    #[test]
    fn utc_constant_is_the_tables_utc() {
        let table = Zone::from_name("UTC").unwrap();
        assert_eq!(table, Zone::UTC);
        assert_eq!(table.set, Zone::UTC.set);
        assert_eq!(Zone::default(), Zone::UTC);
        assert_eq!("Etc/UTC".parse::<Zone>().unwrap().set, Zone::UTC.set);
    }

    #[test]
    fn unknown_names_are_refused() {
        for name in [
            "",
            "europe/berlin",
            "Europe/Berlin ",
            "Mars/Olympus",
            "Europe",
        ] {
            assert!(Zone::from_name(name).is_none(), "{name}");
            assert_eq!(
                name.parse::<Zone>().unwrap_err().code(),
                "unknown_time_zone"
            );
        }
    }

    #[test]
    fn a_malformed_table_reads_as_none() {
        let whole = Db::parse(TZDATA).unwrap();
        assert_eq!(whole.names.len(), chrono_tz::TZ_VARIANTS.len());
        // Every cut of the table, and a wrong magic, read as no table, never a panic.
        let n = TZDATA.len();
        for cut in (0..n).step_by(997).chain(n - 40..n) {
            assert!(Db::parse(&TZDATA[..cut]).is_none(), "cut at {cut}");
        }
        let mut wrong: Vec<u8> = TZDATA.to_vec();
        wrong[4] = 2;
        assert!(Db::parse(Box::leak(wrong.into_boxed_slice())).is_none());
        // Every cut of a zone's body reads as no zone.
        let berlin = whole
            .names
            .iter()
            .find(|(n, _)| *n == "Europe/Berlin")
            .unwrap()
            .1;
        let body = whole.sets[berlin].0;
        assert!(whole.decode(body).is_some());
        for cut in 0..body.len() {
            assert!(whole.decode(&body[..cut]).is_none(), "cut at {cut}");
        }
        // A varint longer than 64 bits is refused.
        let mut r = Reader {
            data: &[0xff; 12],
            at: 0,
        };
        assert_eq!(r.u64(), None);
    }
}
