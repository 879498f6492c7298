//! `Keyed<K, V>`: a map in key order, for the accumulators' and the report's own groupings.
//!
//! Why not `BTreeMap<K, V>`: the tree's code (search, insertion, splits, iteration, drop) is
//! compiled once per pair of key and value types, about 5 KB of WebAssembly each. Here the tree
//! is a `BTreeMap<K, usize>` into a vector of values, so one copy of the tree serves every value
//! type with the same key type (the groupings of eight value types share four trees: `String`,
//! `Option<String>`, `DateTime<Utc>` and `&str` keys). Lookups cost the same
//! tree search; values are not moved when the tree rebalances.
//!
//! It behaves as the `BTreeMap` it replaces: iteration in key order, `insert` replaces the
//! value of an equal key, equality compares the entries in order, and serde reads and writes
//! it as a map (the same JSON and state bytes; on reading, a repeated key's last value wins).

use std::borrow::Borrow;
use std::collections::BTreeMap;
use std::fmt;

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Clone)]
pub(crate) struct Keyed<K, V> {
    index: BTreeMap<K, usize>,
    values: Vec<V>,
}

impl<K, V> Default for Keyed<K, V> {
    fn default() -> Self {
        Keyed {
            index: BTreeMap::new(),
            values: Vec::new(),
        }
    }
}

impl<K: Ord, V> Keyed<K, V> {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    pub(crate) fn len(&self) -> usize {
        self.values.len()
    }

    pub(crate) fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.values.get(*self.index.get(key)?)
    }

    /// The value of `key`, made by `make` when the key is new.
    pub(crate) fn get_or_insert_with(&mut self, key: K, make: impl FnOnce() -> V) -> &mut V {
        let i = *self.index.entry(key).or_insert(self.values.len());
        if i >= self.values.len() {
            self.values.push(make());
        }
        // In bounds: the tree only hands out indices of pushed values, and one was pushed.
        let last = self.values.len().saturating_sub(1);
        &mut self.values[i.min(last)]
    }

    /// The value of `key`, `V::default()` when the key is new.
    pub(crate) fn entry_or_default(&mut self, key: K) -> &mut V
    where
        V: Default,
    {
        self.get_or_insert_with(key, V::default)
    }

    /// Sets the value of `key` (replacing an equal key's).
    pub(crate) fn insert(&mut self, key: K, value: V) {
        let i = *self.index.entry(key).or_insert(self.values.len());
        match self.values.get_mut(i) {
            Some(slot) => *slot = value,
            None => self.values.push(value),
        }
    }

    /// The entries in key order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&K, &V)> + '_ {
        self.index
            .iter()
            .filter_map(|(k, &i)| Some((k, self.values.get(i)?)))
    }

    /// The values in key order.
    pub(crate) fn values(&self) -> impl Iterator<Item = &V> + '_ {
        self.iter().map(|(_, v)| v)
    }
}

impl<K: Ord, V> IntoIterator for Keyed<K, V> {
    type Item = (K, V);
    type IntoIter = std::vec::IntoIter<(K, V)>;

    /// The entries in key order.
    fn into_iter(self) -> Self::IntoIter {
        let mut values: Vec<Option<V>> = self.values.into_iter().map(Some).collect();
        self.index
            .into_iter()
            .filter_map(|(k, i)| Some((k, values.get_mut(i)?.take()?)))
            .collect::<Vec<_>>()
            .into_iter()
    }
}

impl<K: Ord, V> FromIterator<(K, V)> for Keyed<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(entries: I) -> Self {
        let mut m = Keyed::new();
        for (k, v) in entries {
            m.insert(k, v);
        }
        m
    }
}

impl<K: Ord, V: PartialEq> PartialEq for Keyed<K, V> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl<K: Ord, V: Eq> Eq for Keyed<K, V> {}

impl<K: Ord + fmt::Debug, V: fmt::Debug> fmt::Debug for Keyed<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<K: Ord + Serialize, V: Serialize> Serialize for Keyed<K, V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.len()))?;
        for (k, v) in self.iter() {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de, K: Ord + Deserialize<'de>, V: Deserialize<'de>> Deserialize<'de> for Keyed<K, V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Entries<K, V>(std::marker::PhantomData<(K, V)>);
        impl<'de, K: Ord + Deserialize<'de>, V: Deserialize<'de>> Visitor<'de> for Entries<K, V> {
            type Value = Keyed<K, V>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
                let mut m = Keyed::new();
                while let Some((k, v)) = access.next_entry()? {
                    m.insert(k, v);
                }
                Ok(m)
            }
        }
        d.deserialize_map(Entries(std::marker::PhantomData))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Any sequence of inserts, updates of present keys and get-or-default updates: the
        /// same entries, order, lookups, JSON, `Debug` and equality as a `BTreeMap` given the
        /// same operations.
        #[test]
        fn behaves_as_a_btree_map(ops in proptest::collection::vec((0u8..3, "[a-d]{0,2}", -50i64..50), 0..60)) {
            let mut ours: Keyed<String, i64> = Keyed::new();
            let mut reference: BTreeMap<String, i64> = BTreeMap::new();
            for (op, k, v) in ops {
                apply(&mut ours, &mut reference, op, &k, v);
            }
            check(&ours, &reference);
        }
    }

    #[test]
    fn as_a_btree_map() {
        let ops: Vec<(u8, &str, i64)> = vec![
            (0, "b", 1),
            (1, "a", 2),
            (1, "b", 3),
            (0, "c", 4),
            (2, "a", 5),
            (0, "b", 6),
            (1, "", 7),
            (2, "zz", 8),
        ];
        let mut ours: Keyed<String, i64> = Keyed::new();
        let mut reference: BTreeMap<String, i64> = BTreeMap::new();
        for (op, k, v) in ops {
            apply(&mut ours, &mut reference, op, k, v);
        }
        check(&ours, &reference);
    }

    fn apply(
        ours: &mut Keyed<String, i64>,
        reference: &mut BTreeMap<String, i64>,
        op: u8,
        k: &str,
        v: i64,
    ) {
        match op {
            0 => {
                ours.insert(k.to_string(), v);
                reference.insert(k.to_string(), v);
            }
            1 => {
                *ours.entry_or_default(k.to_string()) += v;
                *reference.entry(k.to_string()).or_default() += v;
            }
            _ => {
                if let Some(&x) = ours.get(k) {
                    ours.insert(k.to_string(), x - v);
                }
                if let Some(x) = reference.get_mut(k) {
                    *x -= v;
                }
            }
        }
    }

    fn check(ours: &Keyed<String, i64>, reference: &BTreeMap<String, i64>) {
        assert_eq!(ours.len(), reference.len());
        let entries: Vec<_> = ours.iter().map(|(k, v)| (k.clone(), *v)).collect();
        let expected: Vec<_> = reference.iter().map(|(k, v)| (k.clone(), *v)).collect();
        assert_eq!(entries, expected);
        assert_eq!(
            ours.values().copied().collect::<Vec<_>>(),
            reference.values().copied().collect::<Vec<_>>()
        );
        for k in ["", "a", "b", "c", "d", "zz"] {
            assert_eq!(ours.get(k), reference.get(k));
        }
        assert_eq!(ours.clone().into_iter().collect::<Vec<_>>(), expected);
        assert_eq!(
            serde_json::to_string(ours).unwrap(),
            serde_json::to_string(reference).unwrap()
        );
        let back: Keyed<String, i64> =
            serde_json::from_str(&serde_json::to_string(reference).unwrap()).unwrap();
        assert_eq!(&back, ours);
        assert_eq!(format!("{ours:?}"), format!("{reference:?}"));
        let collected: Keyed<String, i64> = reference.clone().into_iter().collect();
        assert_eq!(&collected, ours);
    }
}
