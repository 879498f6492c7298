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
        self.insert_hashed(SeenIds::hash(id), || id, row, id_of)
    }

    /// The hash [`insert`](Self::insert) files `id` under (to compute it apart, on another
    /// thread, and insert with [`insert_hashed`](Self::insert_hashed)).
    pub(crate) fn hash(id: &str) -> u64 {
        let mut h = FxHasher::default();
        std::hash::Hash::hash(id, &mut h);
        std::hash::Hasher::finish(&h)
    }

    /// [`insert`](Self::insert) with `h = SeenIds::hash(id)` computed already, and the id
    /// itself read only when the hash was seen before (`id()`): a batch's rows are read in
    /// hash order here, and reading each one's id is a cache miss a new hash does not need.
    pub(crate) fn insert_hashed<'a, 'b>(
        &mut self,
        h: u64,
        id: impl FnOnce() -> &'b str,
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
            Entry::Occupied(o) => {
                let id = id();
                id_of(*o.get()) != Some(id) && self.collided.insert(id.to_string())
            }
        }
    }
}

/// Interns strings to dense ids `1..` (0 is "none"), exactly, touching little memory per
/// lookup: an open-addressing table (linear probing) of `(hash tag, id, arena range)` slots,
/// where a tag match is confirmed against a compact copy of the string, so strings with equal
/// hashes simply probe on and ids never merge two strings.
///
/// Why: interning a million customer ids through a `HashMap<&str, _>` cost a cache miss per
/// key comparison (the keys point into a million separate allocations) and was a third of the
/// whole catalogue.
pub(crate) struct Interner<'a> {
    slots: Vec<Slot>,
    used: usize,
    arena: String,
    collided: FxMap<&'a str, u32>,
    len: u32,
    pub(crate) hash: fn(&str) -> u64,
}

/// One table slot (16 bytes, four to a cache line); `id == 0` is empty. `tag` is the high
/// half of the hash (the low bits pick the slot); a matching tag is confirmed against the
/// arena, so a tag collision costs a comparison, never a wrong id.
#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    tag: u32,
    id: u32,
    start: u32,
    end: u32,
}

pub(crate) fn fx_hash(s: &str) -> u64 {
    let mut h = FxHasher::default();
    std::hash::Hash::hash(s, &mut h);
    std::hash::Hasher::finish(&h)
}

impl<'a> Interner<'a> {
    pub(crate) fn with_capacity(n: usize) -> Interner<'a> {
        Interner {
            hash: fx_hash,
            slots: vec![Slot::default(); (2 * n).max(16).next_power_of_two()],
            used: 0,
            arena: String::new(),
            collided: FxMap::default(),
            len: 0,
        }
    }

    /// How many distinct strings were interned (the largest id).
    pub(crate) fn len(&self) -> usize {
        self.len as usize
    }

    pub(crate) fn id(&mut self, s: Option<&'a str>) -> u32 {
        self.id_hashed(s, s.map_or(0, self.hash))
    }

    /// Loads the slots where probing for the hashes `hs` starts, so that a batch of probes
    /// that follows finds them in cache. Returns a value only so that the loads are not
    /// optimized away.
    pub(crate) fn touch(&self, hs: &[u64]) -> u32 {
        if cfg!(target_family = "wasm") {
            // No code for it in the module (its size is a target; its speed was measured natively).
            return 0;
        }
        let mask = self.slots.len() - 1;
        hs.iter()
            .filter_map(|&h| self.slots.get(h as usize & mask))
            .fold(0, |a, s| a ^ s.tag)
    }

    /// Loads the first byte of the interned text each hash of `hs` would be compared with (the
    /// first slot of its probe run whose tag matches), after [`touch`](Self::touch): the
    /// comparison of a string met before reads its copy at a random place of the arena.
    /// Returns a value only so that the loads are not optimized away.
    pub(crate) fn touch_texts(&self, hs: &[u64]) -> u8 {
        if cfg!(target_family = "wasm") {
            return 0;
        }
        let mask = self.slots.len() - 1;
        let bytes = self.arena.as_bytes();
        let mut x = 0u8;
        for &h in hs {
            let mut i = h as usize & mask;
            // A few slots: a probe run is short at three-quarters load at most.
            for _ in 0..4 {
                let Some(slot) = self.slots.get(i) else { break };
                if slot.id == 0 {
                    break;
                }
                if slot.tag == (h >> 32) as u32 {
                    x ^= bytes.get(slot.start as usize).copied().unwrap_or(0);
                    break;
                }
                i = (i + 1) & mask;
            }
        }
        x
    }

    /// [`id`](Self::id) of `s` whose hash `h` is already known (computed by `self.hash`).
    pub(crate) fn id_hashed(&mut self, s: Option<&'a str>, h: u64) -> u32 {
        let Some(s) = s else { return 0 };
        match self.probe(s, h) {
            Ok(id) => id,
            Err(Some(i)) => self.insert(i, h, s),
            Err(None) => self.collide(s),
        }
    }

    /// The id of `s` when it was interned (`None`: it was not), without interning it; `h` is
    /// its hash (computed by `self.hash`).
    pub(crate) fn find_hashed(&self, s: &str, h: u64) -> Option<u32> {
        match self.probe(s, h) {
            Ok(id) => Some(id),
            Err(_) if self.collided.is_empty() => None,
            Err(_) => self.collided.get(s).copied(),
        }
    }

    /// Where the slots hold `s` (hash `h`): `Ok(id)`, else `Err` of the empty slot its probe
    /// run ends at (`None`: none, which a table never full does not reach). A string kept in
    /// `collided` is not in the slots.
    fn probe(&self, s: &str, h: u64) -> std::result::Result<u32, Option<usize>> {
        let mask = self.slots.len() - 1;
        let mut i = h as usize & mask;
        for _ in 0..self.slots.len() {
            let Some(slot) = self.slots.get(i) else {
                return Err(None);
            };
            if slot.id == 0 {
                return Err(Some(i));
            }
            if slot.tag == (h >> 32) as u32 {
                let rep = self
                    .arena
                    .as_bytes()
                    .get(slot.start as usize..slot.end as usize);
                if rep.is_some_and(|r| same_text(r, s.as_bytes())) {
                    return Ok(slot.id);
                }
            }
            i = (i + 1) & mask;
        }
        Err(None)
    }

    /// A string that no longer fits the arena's 32-bit offsets: interned by exact comparison.
    fn collide(&mut self, s: &'a str) -> u32 {
        let next = self.len + 1;
        let id = *self.collided.entry(s).or_insert(next);
        self.len = self.len.max(id);
        id
    }

    fn insert(&mut self, i: usize, h: u64, s: &'a str) -> u32 {
        let start = self.arena.len();
        let (Ok(a), Ok(b)) = (u32::try_from(start), u32::try_from(start + s.len())) else {
            return self.collide(s);
        };
        self.arena.push_str(s);
        self.len += 1;
        if let Some(slot) = self.slots.get_mut(i) {
            *slot = Slot {
                tag: (h >> 32) as u32,
                id: self.len,
                start: a,
                end: b,
            };
        }
        self.used += 1;
        if 4 * self.used > 3 * self.slots.len() {
            self.grow();
        }
        self.len
    }

    /// Doubles the table (load at most three quarters: probe runs stay within a cache line or
    /// two, and a smaller table misses the cache less).
    fn grow(&mut self) {
        let mut slots = vec![Slot::default(); self.slots.len() * 2];
        let mask = slots.len() - 1;
        for slot in self.slots.iter().filter(|s| s.id != 0) {
            let text = self.arena.get(slot.start as usize..slot.end as usize);
            let mut i = (self.hash)(text.unwrap_or_default()) as usize & mask;
            while slots.get(i).is_some_and(|s| s.id != 0) {
                i = (i + 1) & mask;
            }
            if let Some(x) = slots.get_mut(i) {
                *x = *slot;
            }
        }
        self.slots = slots;
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

    /// Ids are exact even when every string has the same hash.
    #[test]
    fn interner_survives_hash_collisions() {
        let words = ["a", "b", "a", "c", "b", "", "c", "a"];
        for degenerate in [false, true] {
            let mut i = Interner::with_capacity(4);
            if degenerate {
                i.hash = |_| 42;
            }
            let ids: Vec<u32> = words.iter().map(|w| i.id(Some(w))).collect();
            assert_eq!(
                ids,
                [1, 2, 1, 3, 2, 4, 3, 1],
                "degenerate hash: {degenerate}"
            );
            assert_eq!(i.id(None), 0);
            assert_eq!(i.len(), 4);
            // Found without interning: the same ids, and none for a string never interned.
            for (w, id) in words.iter().zip(&ids) {
                assert_eq!(i.find_hashed(w, (i.hash)(w)), Some(*id));
            }
            assert_eq!(i.find_hashed("d", (i.hash)("d")), None);
            assert_eq!(i.len(), 4);
        }
    }

    /// The table grows and keeps every id.
    #[test]
    fn interner_grows() {
        let words: Vec<String> = (0..5000).map(|k| format!("customer-{k}")).collect();
        let mut i = Interner::with_capacity(1);
        for (k, w) in words.iter().enumerate() {
            assert_eq!(i.id(Some(w)), k as u32 + 1);
        }
        for (k, w) in words.iter().enumerate().rev() {
            assert_eq!(i.id(Some(w)), k as u32 + 1);
        }
        assert_eq!(i.len(), 5000);
    }
}
