//! Partial results as bytes: every mergeable aggregate can be written to a compact, versioned
//! binary state and read back, so that partitions of a data set (threads, processes, Spark
//! executors, machines) each compute a state, ship it, and merge to exactly the result of one
//! pass over the whole.
//!
//! A state is an envelope around the aggregate's payload ([`codec`](self) format):
//!
//! | bytes | what |
//! |---|---|
//! | 4 | magic `SMST` |
//! | 2 | format version, little-endian ([`FORMAT_VERSION`]) |
//! | 1 + n | the kind's name (`report`, `tickets`, `surveys`, ...), length-prefixed |
//! | 8 | the [`Fingerprint`] of the definitions (calendar, policies, options) |
//! | 8 | the payload's length |
//! | n | the payload |
//! | 8 | a checksum of everything before it |
//!
//! Reading checks all of it before decoding: foreign bytes (`invalid_state`), a state written
//! by a newer format (`state_version`: each version keeps the reader of every older one it
//! accepts, anything else is refused — never misread), a kind other than the one asked for,
//! a damaged state (the checksum: any one changed 8-byte word is always caught; it guards
//! against accidents, not tampering). States merge only when their kinds and fingerprints are
//! equal (`state_mismatch`), so partitions computed under different calendars, policies or
//! options can never be added up.
//!
//! ```
//! use support_metrics::metrics::{DurationAccumulator, QuantileMode};
//! use support_metrics::state::{self, Fingerprint};
//! let mut a = DurationAccumulator::new(QuantileMode::Exact);
//! a.push(Some(60.0));
//! a.push(None);
//! let fp = Fingerprint::of(&["my definitions"]);
//! let bytes = state::to_bytes(&a, fp)?;
//! let (b, read_fp) = state::from_bytes::<DurationAccumulator>(&bytes)?;
//! assert_eq!((b, read_fp), (a, fp));
//! let mut bad = bytes.clone();
//! bad[30] ^= 1;
//! assert_eq!(state::from_bytes::<DurationAccumulator>(&bad).unwrap_err().code(), "invalid_state");
//! # Ok::<(), support_metrics::Error>(())
//! ```

mod codec;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The format version this library writes. Version 1 is the first.
pub const FORMAT_VERSION: u16 = 1;

/// The oldest format version this library reads.
pub const OLDEST_READABLE_VERSION: u16 = 1;

const MAGIC: &[u8; 4] = b"SMST";

/// A mergeable aggregate that travels as bytes.
pub trait State: Serialize + DeserializeOwned {
    /// Its kind, written in the header so that one kind is never read as another.
    const KIND: &'static str;
}

/// A state that merges with another of its kind (computed under the same definitions).
pub trait Mergeable: State {
    /// Adds `other` (errors when the two cannot be added, e.g. other configs).
    fn merge_state(&mut self, other: Self) -> Result<()>;
}

macro_rules! states {
    ($($t:ty => $kind:literal, $how:ident;)*) => {$(
        impl State for $t {
            const KIND: &'static str = $kind;
        }
        impl Mergeable for $t {
            fn merge_state(&mut self, other: Self) -> Result<()> {
                states!(@$how self, other)
            }
        }
    )*};
    (@by_ref $a:ident, $b:ident) => {{ $a.merge(&$b); Ok(()) }};
    (@fallible $a:ident, $b:ident) => { $a.merge(&$b) };
    (@by_value $a:ident, $b:ident) => {{ $a.merge($b); Ok(()) }};
}

states! {
    crate::metrics::DurationAccumulator => "duration", by_ref;
    crate::metrics::QuantileSketch => "quantile_sketch", by_ref;
    crate::metrics::Counts => "counts", by_ref;
    crate::metrics::TicketAccumulator => "ticket_accumulator", by_ref;
    crate::metrics::CatalogueAccumulator => "catalogue_accumulator", by_ref;
    crate::stats::Moments => "moments", by_ref;
    crate::stats::NpsCounts => "nps_counts", by_ref;
    crate::survey::SurveyTally => "survey_tally", by_ref;
    crate::survey::Surveys => "survey_accumulator", fallible;
    crate::contact_centre::QueueAccumulator => "queue_accumulator", fallible;
    crate::contact_centre::AgentStateAccumulator => "agent_state_accumulator", fallible;
    crate::qa::QualityScores => "qa_accumulator", fallible;
    crate::quality::DataQuality => "data_quality", by_value;
}

/// Reads and merges states of kind `T`: all must have the first's fingerprint
/// (`state_mismatch` otherwise, naming the index); none is `invalid_argument`.
pub fn merge_bytes<T: Mergeable>(states: &[impl AsRef<[u8]>]) -> Result<(T, Fingerprint)> {
    let mut all = states.iter().enumerate();
    let Some((_, first)) = all.next() else {
        return Err(Error::InvalidArgument {
            name: "states",
            value: "[]".to_string(),
            expected: "at least one state",
        });
    };
    let (mut acc, fp) = from_bytes::<T>(first.as_ref())?;
    for (i, b) in all {
        let (x, other) = from_bytes::<T>(b.as_ref()).map_err(|e| of_state(i, e))?;
        if other != fp {
            return Err(other_definitions(i, other, fp));
        }
        acc.merge_state(x)?;
    }
    Ok((acc, fp))
}

// The error paths of the generic functions here are functions of their own: one copy for all
// state kinds instead of one per kind (they are a few KB of the WebAssembly module).

/// A mismatch of `states[i]`, named so.
fn of_state(i: usize, e: Error) -> Error {
    match e {
        Error::StateMismatch { reason } => Error::StateMismatch {
            reason: format!("states[{i}]: {reason}"),
        },
        e => e,
    }
}

fn other_definitions(i: usize, other: Fingerprint, fp: Fingerprint) -> Error {
    Error::StateMismatch {
        reason: format!(
            "states[{i}] was computed under other definitions (calendar, policies or options): fingerprint {} where states[0] has {}",
            other.to_hex(),
            fp.to_hex()
        ),
    }
}

fn other_kind(found: &str, wanted: &str) -> Error {
    Error::StateMismatch {
        reason: format!("a `{found}` state where a `{wanted}` state belongs"),
    }
}

/// What a state was computed under: a 64-bit FNV-1a hash of the definitions' canonical
/// text (the calendar's JSON, the policies' and options' JSON). Equal definitions give equal
/// fingerprints on every platform and in every language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Fingerprint(pub u64);

impl Fingerprint {
    /// The fingerprint of some texts (each length-prefixed, so `["ab", "c"]` and
    /// `["a", "bc"]` differ).
    #[must_use]
    pub fn of(parts: &[&str]) -> Fingerprint {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        let mut eat = |bytes: &[u8]| {
            for &b in bytes {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
        };
        for p in parts {
            eat(&(p.len() as u64).to_le_bytes());
            eat(p.as_bytes());
        }
        Fingerprint(h)
    }

    /// As 16 lowercase hex digits.
    #[must_use]
    pub fn to_hex(self) -> String {
        format!("{:016x}", self.0)
    }
}

/// What a state's header says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    /// The aggregate's kind.
    pub kind: String,
    /// The format version it was written with.
    pub version: u16,
    /// The definitions' fingerprint, as 16 hex digits.
    pub fingerprint: String,
    /// The payload's length in bytes.
    pub payload_bytes: u64,
    /// The whole state's length in bytes.
    pub bytes: u64,
}

/// Writes `state` with its definitions' fingerprint.
pub fn to_bytes<T: State>(state: &T, fingerprint: Fingerprint) -> Result<Vec<u8>> {
    let mut payload = Vec::new();
    codec::encode(state, &mut payload).map_err(|e| invalid(&e.0))?;
    Ok(envelope(T::KIND, fingerprint, &payload))
}

/// Reads a state of kind `T` and its fingerprint (see the [module docs](self) for what is
/// checked).
pub fn from_bytes<T: State>(bytes: &[u8]) -> Result<(T, Fingerprint)> {
    let (header, fp, payload) = open(bytes)?;
    if header.kind != T::KIND {
        return Err(other_kind(&header.kind, T::KIND));
    }
    let value = codec::decode(payload).map_err(|e| invalid(&e.0))?;
    Ok((value, fp))
}

/// Reads and checks a state's header and checksum, without decoding its payload.
pub fn header(bytes: &[u8]) -> Result<Header> {
    open(bytes).map(|(h, _, _)| h)
}

fn invalid(reason: &str) -> Error {
    Error::InvalidState {
        reason: reason.to_string(),
    }
}

/// Wraps raw payload bytes in a valid envelope (kind cut to 255 bytes): for tests and fuzz
/// targets that must reach the payload decoders behind the checksum.
#[must_use]
pub fn seal(kind: &str, fingerprint: Fingerprint, payload: &[u8]) -> Vec<u8> {
    envelope(kind, fingerprint, payload)
}

fn envelope(kind: &str, fp: Fingerprint, payload: &[u8]) -> Vec<u8> {
    let kind = kind
        .as_bytes()
        .get(..kind.len().min(255))
        .unwrap_or_default();
    let mut out = Vec::with_capacity(payload.len() + kind.len() + 40);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.push(kind.len() as u8);
    out.extend_from_slice(kind);
    out.extend_from_slice(&fp.0.to_le_bytes());
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(payload);
    let sum = checksum(&out);
    out.extend_from_slice(&sum.to_le_bytes());
    out
}

fn open(bytes: &[u8]) -> Result<(Header, Fingerprint, &[u8])> {
    let mut r = codec::Reader { input: bytes };
    let cut = |e: codec::CodecError| invalid(&e.0);
    if r.take(4).ok() != Some(MAGIC.as_slice()) {
        return Err(invalid(
            "not a support-metrics state (it does not start with `SMST`)",
        ));
    }
    let version = u16::from_le_bytes(word(r.take(2).map_err(cut)?));
    if !(OLDEST_READABLE_VERSION..=FORMAT_VERSION).contains(&version) {
        return Err(Error::StateVersion {
            found: version,
            oldest: OLDEST_READABLE_VERSION,
            newest: FORMAT_VERSION,
        });
    }
    if bytes.len() < 8 {
        return Err(invalid("cut short"));
    }
    let (body, sum) = bytes.split_at(bytes.len() - 8);
    if checksum(body) != u64::from_le_bytes(word(sum)) {
        return Err(invalid(
            "the checksum does not match: the state was damaged or cut",
        ));
    }
    let mut r = codec::Reader {
        input: body.get(6..).unwrap_or_default(),
    };
    let n = usize::from(*r.take(1).map_err(cut)?.first().unwrap_or(&0));
    let kind = std::str::from_utf8(r.take(n).map_err(cut)?)
        .map_err(|_| invalid("the kind is not text"))?
        .to_string();
    let fp = Fingerprint(u64::from_le_bytes(word(r.take(8).map_err(cut)?)));
    let len = u64::from_le_bytes(word(r.take(8).map_err(cut)?));
    if len != r.input.len() as u64 {
        return Err(invalid(&format!(
            "the payload should be {len} bytes, {} are there",
            r.input.len()
        )));
    }
    let header = Header {
        kind,
        version,
        fingerprint: fp.to_hex(),
        payload_bytes: len,
        bytes: bytes.len() as u64,
    };
    Ok((header, fp, r.input))
}

fn word<const N: usize>(b: &[u8]) -> [u8; N] {
    let mut a = [0u8; N];
    for (x, y) in a.iter_mut().zip(b) {
        *x = *y;
    }
    a
}

/// A 64-bit checksum: each step `h = (rotl(h, 5) ^ w) × K` is a bijection of `h` for a given
/// word and of the word for a given `h`, so one changed word always changes the result; the
/// length is mixed in first, so a cut state never matches.
fn checksum(bytes: &[u8]) -> u64 {
    const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
    let mut h = (bytes.len() as u64).wrapping_mul(K);
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        h = (h.rotate_left(5) ^ u64::from_le_bytes(word(w))).wrapping_mul(K);
    }
    let tail = words.remainder();
    if !tail.is_empty() {
        h = (h.rotate_left(5) ^ u64::from_le_bytes(word(tail))).wrapping_mul(K);
    }
    h ^ (h >> 29)
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 (RFC 4648, padded): how states cross JSON (the operations' boundary).
#[must_use]
pub fn to_base64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                let i = (n >> (18 - 6 * k)) & 63;
                out.push(char::from(B64.get(i as usize).copied().unwrap_or(b'A')));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Reads [`to_base64`]'s text (`invalid_state` when it is not base64).
pub fn from_base64(text: &str) -> Result<Vec<u8>> {
    let text = text.trim_end_matches('=');
    let value = |c: u8| -> Result<u32> {
        B64.iter()
            .position(|&x| x == c)
            .map(|p| p as u32)
            .ok_or_else(|| invalid(&format!("not base64: {:?}", char::from(c))))
    };
    if text.len() % 4 == 1 {
        return Err(invalid("not base64: a length of 4k + 1 characters"));
    }
    let mut out = Vec::with_capacity(text.len() / 4 * 3 + 2);
    for chunk in text.as_bytes().chunks(4) {
        let mut n = 0u32;
        for (k, &c) in chunk.iter().enumerate() {
            n |= value(c)? << (18 - 6 * k);
        }
        let bytes = n.to_be_bytes();
        out.extend_from_slice(bytes.get(1..chunk.len()).unwrap_or_default());
    }
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips_and_matches_rfc_4648() {
        for (raw, text) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(to_base64(raw.as_bytes()), text);
            assert_eq!(from_base64(text).unwrap(), raw.as_bytes());
        }
        assert_eq!(from_base64("Zm9v!").unwrap_err().code(), "invalid_state");
        assert_eq!(from_base64("Zm9vY").unwrap_err().code(), "invalid_state");
    }

    #[test]
    fn fnv_matches_the_reference_values() {
        // FNV-1a 64 written out from its definition, checked against the published vectors
        // (Fowler, Noll, Vo: "", "a", "foobar"), then the fingerprint against it: the length
        // of each part as 8 little-endian bytes, then the part.
        let fnv = |bytes: &[u8]| {
            bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| {
                (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
            })
        };
        assert_eq!(fnv(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv(b"foobar"), 0x8594_4171_f739_67e8);
        assert_eq!(Fingerprint::of(&[]).0, fnv(b""));
        let mut framed = 2u64.to_le_bytes().to_vec();
        framed.extend_from_slice(b"ab");
        framed.extend_from_slice(&1u64.to_le_bytes());
        framed.push(b'c');
        assert_eq!(Fingerprint::of(&["ab", "c"]).0, fnv(&framed));
        assert_ne!(Fingerprint::of(&["ab", "c"]), Fingerprint::of(&["a", "bc"]));
    }
}
