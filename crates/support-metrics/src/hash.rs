//! The crate's internal hash maps.

use std::collections::{HashMap, HashSet};

/// A fast, non-cryptographic hasher (the Fx hash of rustc) for the crate's internal maps,
/// whose keys are the caller's own ids: SipHash's DoS resistance buys nothing here and costs a
/// large share of a million-row pass.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        // Whole words straight from the slice; the tail zero-padded. (Copying every chunk into
        // a scratch word compiled to a `memmove` call per 8 bytes.)
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            let mut word = [0u8; 8];
            word.copy_from_slice(w);
            self.write_u64(u64::from_le_bytes(word));
        }
        let tail = words.remainder();
        if !tail.is_empty() {
            let word = tail
                .iter()
                .enumerate()
                .fold(0u64, |w, (k, &b)| w | u64::from(b) << (8 * k));
            self.write_u64(word);
        }
    }
    fn write_u64(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_u8(&mut self, x: u8) {
        self.write_u64(u64::from(x));
    }
    fn write_u32(&mut self, x: u32) {
        self.write_u64(u64::from(x));
    }
    fn write_usize(&mut self, x: usize) {
        self.write_u64(x as u64);
    }
    fn finish(&self) -> u64 {
        // The multiply leaves the low bits depending only on the low input bits (ids sharing a
        // prefix collide in the table's bucket index), so finish with murmur3's fmix64.
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^ (h >> 33)
    }
}

/// `a == b` for the short texts of ids and dimension values (agents, channels, customers):
/// up to 16 bytes compare as two words built in registers, since a `memcmp` call per
/// comparison costs more than the comparison in a million-row pass.
#[inline]
pub(crate) fn same_text(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    if a.len() > 16 {
        return a == b;
    }
    let word = |s: &[u8], from: usize| {
        s.iter()
            .skip(from)
            .take(8)
            .enumerate()
            .fold(0u64, |w, (k, &b)| w | u64::from(b) << (8 * k))
    };
    word(a, 0) == word(b, 0) && word(a, 8) == word(b, 8)
}

pub(crate) type FxMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FxHasher>>;

pub(crate) type FxSet<K> = HashSet<K, std::hash::BuildHasherDefault<FxHasher>>;

/// The ids a batch has seen, without keeping a copy of each: the hash of an id maps to the
/// row that holds it (compared on a hit, so equal hashes never make a false duplicate), and
/// the rare id whose hash another id already has is kept in full.
#[derive(Debug, Default)]
pub(crate) struct SeenIds {
    first: FxMap<u64, usize>,
    collided: FxSet<String>,
}

impl SeenIds {
    pub(crate) fn with_capacity(n: usize) -> SeenIds {
        let mut s = SeenIds::default();
        s.first.reserve(n);
        s
    }

    /// Records `id` as the id of row `row` (rows already recorded are found through `id_of`);
    /// false when the id was seen before.
    pub(crate) fn insert<'a>(
        &mut self,
        id: &str,
        row: usize,
        id_of: impl Fn(usize) -> Option<&'a str>,
    ) -> bool {
        self.insert_hashed(SeenIds::hash(id), id, row, id_of)
    }

    /// The hash [`insert`](Self::insert) files `id` under (to compute it apart, on another
    /// thread, and insert with [`insert_hashed`](Self::insert_hashed)).
    pub(crate) fn hash(id: &str) -> u64 {
        let mut h = FxHasher::default();
        std::hash::Hash::hash(id, &mut h);
        std::hash::Hasher::finish(&h)
    }

    /// [`insert`](Self::insert) with `h = SeenIds::hash(id)` computed already.
    pub(crate) fn insert_hashed<'a>(
        &mut self,
        h: u64,
        id: &str,
        row: usize,
        id_of: impl Fn(usize) -> Option<&'a str>,
    ) -> bool {
        use std::collections::hash_map::Entry;
        // One probe of the table for a new id (the common case), not a lookup then an insert.
        match self.first.entry(h) {
            Entry::Vacant(v) => {
                v.insert(row);
                true
            }
            Entry::Occupied(o) if id_of(*o.get()) == Some(id) => false,
            Entry::Occupied(_) => self.collided.insert(id.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_text_is_equality() {
        let texts: [&[u8]; 9] = [
            b"",
            b"a",
            b"b",
            b"ab",
            b"agent1",
            b"agent10",
            b"0123456789abcdef",
            b"0123456789abcdeg",
            b"0123456789abcdef0",
        ];
        for a in texts {
            for b in texts {
                assert_eq!(same_text(a, b), a == b, "{a:?} {b:?}");
            }
        }
        assert!(!same_text(b"a\0", b"a"));
    }

    /// Repeated ids are found; an id sharing another's hash slot is not a duplicate of it.
    #[test]
    fn colliding_ids_stay_distinct() {
        let ids = ["a", "b", "a", "c", "b", "d"];
        let mut s = SeenIds::with_capacity(4);
        let mut rows: Vec<&str> = Vec::new();
        let mut fresh = Vec::new();
        for id in ids {
            let new = s.insert(id, rows.len(), |j| rows.get(j).copied());
            if new {
                rows.push(id);
            }
            fresh.push(new);
        }
        assert_eq!(fresh, [true, true, false, true, false, true]);
        let mut c = SeenIds::default();
        c.first.insert(
            {
                let mut h = FxHasher::default();
                std::hash::Hash::hash("x", &mut h);
                std::hash::Hasher::finish(&h)
            },
            0,
        );
        // Row 0 holds "other": "x" shares the slot but is not a duplicate, then it is.
        assert!(c.insert("x", 1, |_| Some("other")));
        assert!(!c.insert("x", 2, |_| Some("other")));
    }
}
