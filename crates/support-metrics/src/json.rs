//! Reading JSON text into the core's types: serde_json's parser and errors, with one rule of
//! our own: a struct is read from a JSON object only.
//!
//! serde_json also reads a struct from an array of its fields in declaration order
//! (`[3, true]` for `{"a": 3, "b": true}`). No document of the core is written that way, such
//! an array is a mistake more often than not, and the code for it is compiled into every
//! struct's reader: about 9 KB of the WebAssembly module gzipped. [`from_str`] wraps
//! serde_json's deserializer so that every struct, at any depth, is read through
//! `deserialize_map`; an array where a struct belongs is `invalid type: sequence, expected
//! struct …`. Everything else (messages, positions, numbers, enums, maps, sequences) is
//! serde_json's own: the wrappers only forward.

use std::fmt;

use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor,
};

/// `T` from JSON text: serde_json's `from_str`, with structs read from objects only.
pub(crate) fn from_str<'a, T: de::Deserialize<'a>>(text: &'a str) -> serde_json::Result<T> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = T::deserialize(Strict(&mut de))?;
    de.end()?;
    Ok(value)
}

/// A deserializer whose structs are maps; everything else is forwarded.
struct Strict<D>(D);

/// A visitor whose nested deserializers are [`Strict`] too.
struct Wrap<V>(V);

/// A visitor for a struct: its map form only (it never sees a sequence).
struct MapOnly<V>(V);

struct Seed<S>(S);
struct Seq<A>(A);
struct Map<A>(A);
struct Enum<A>(A);
struct Variant<A>(A);

/// Methods that hand their arguments and the wrapped visitor to the inner deserializer.
macro_rules! forward {
    ($($method:ident($($arg:ident: $t:ty),*))*) => {
        $(
            fn $method<V: Visitor<'de>>(
                self,
                $($arg: $t,)*
                visitor: V,
            ) -> Result<V::Value, D::Error> {
                self.0.$method($($arg,)* Wrap(visitor))
            }
        )*
    };
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Strict<D> {
    type Error = D::Error;

    forward! {
        deserialize_any() deserialize_bool() deserialize_i8() deserialize_i16()
        deserialize_i32() deserialize_i64() deserialize_i128() deserialize_u8()
        deserialize_u16() deserialize_u32() deserialize_u64() deserialize_u128()
        deserialize_f32() deserialize_f64() deserialize_char() deserialize_str()
        deserialize_string() deserialize_bytes() deserialize_byte_buf() deserialize_option()
        deserialize_unit() deserialize_seq() deserialize_map() deserialize_identifier()
        deserialize_ignored_any()
        deserialize_unit_struct(name: &'static str)
        deserialize_newtype_struct(name: &'static str)
        deserialize_tuple(len: usize)
        deserialize_tuple_struct(name: &'static str, len: usize)
        deserialize_enum(name: &'static str, variants: &'static [&'static str])
    }

    /// The one change: a struct is read as a map.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(MapOnly(visitor))
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

macro_rules! visit {
    ($($method:ident: $t:ty)*) => {
        $(
            fn $method<E: de::Error>(self, v: $t) -> Result<Self::Value, E> {
                self.0.$method(v)
            }
        )*
    };
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Wrap<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    visit! {
        visit_bool: bool visit_i8: i8 visit_i16: i16 visit_i32: i32 visit_i64: i64
        visit_i128: i128 visit_u8: u8 visit_u16: u16 visit_u32: u32 visit_u64: u64
        visit_u128: u128 visit_f32: f32 visit_f64: f64 visit_char: char visit_str: &str
        visit_borrowed_str: &'de str visit_string: String visit_bytes: &[u8]
        visit_borrowed_bytes: &'de [u8] visit_byte_buf: Vec<u8>
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.0.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.0.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        self.0.visit_some(Strict(d))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        self.0.visit_newtype_struct(Strict(d))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        self.0.visit_seq(Seq(seq))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.0.visit_map(Map(map))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        self.0.visit_enum(Enum(data))
    }
}

impl<'de, V: Visitor<'de>> Visitor<'de> for MapOnly<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.0.visit_map(Map(map))
    }
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Seed<S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        self.0.deserialize(Strict(d))
    }
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Seq<A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        self.0.next_element_seed(Seed(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Map<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        self.0.next_key_seed(Seed(seed))
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, A::Error> {
        self.0.next_value_seed(Seed(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: EnumAccess<'de>> EnumAccess<'de> for Enum<A> {
    type Error = A::Error;
    type Variant = Variant<A::Variant>;

    fn variant_seed<T: DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<(T::Value, Self::Variant), A::Error> {
        let (value, variant) = self.0.variant_seed(Seed(seed))?;
        Ok((value, Variant(variant)))
    }
}

impl<'de, A: VariantAccess<'de>> VariantAccess<'de> for Variant<A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), A::Error> {
        self.0.unit_variant()
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, A::Error> {
        self.0.newtype_variant_seed(Seed(seed))
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        self.0.tuple_variant(len, Wrap(visitor))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        self.0.struct_variant(fields, MapOnly(visitor))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::collections::BTreeMap;

    use proptest::prelude::*;
    use serde::{Deserialize, Serialize};
    use serde_json::{json, Value};

    /// Every shape serde gives a derived type: structs nested in options, vectors, maps,
    /// newtypes and enum variants, tuples, renamed and aliased fields, unknown fields refused.
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Outer {
        a: i64,
        #[serde(default)]
        b: Option<Inner>,
        #[serde(default)]
        c: Vec<Inner>,
        #[serde(default)]
        d: BTreeMap<String, Inner>,
        #[serde(default)]
        e: Option<Kind>,
        #[serde(default)]
        f: (u8, String),
        #[serde(default)]
        g: Option<Wrapper>,
        #[serde(default, rename = "h-name", alias = "hh")]
        h: f64,
        #[serde(default)]
        i: Option<char>,
        #[serde(default)]
        j: Option<Value>,
        #[serde(default)]
        k: Option<Unit>,
        #[serde(default)]
        l: Option<u128>,
    }

    #[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
    struct Inner {
        x: Option<bool>,
        #[serde(default)]
        y: String,
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    enum Kind {
        Plain,
        New(Inner),
        Pair(u8, u8),
        Shape { w: u32, inner: Inner },
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Wrapper(Inner);

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Unit;

    /// Ours against serde_json's own `from_str`: the same value or the same message, except
    /// where a struct was given as an array, which ours refuses.
    fn agrees(text: &str) -> std::result::Result<(), String> {
        let raw = serde_json::from_str::<Outer>(text).map_err(|e| e.to_string());
        let ours = super::from_str::<Outer>(text).map_err(|e| e.to_string());
        match (&raw, &ours) {
            (Ok(a), Ok(b)) if a == b => Ok(()),
            (Err(a), Err(b)) if a == b => Ok(()),
            // An array where a struct belongs: refused, whatever serde_json made of it.
            (_, Err(m)) if m.contains("invalid type: sequence, expected struct") => Ok(()),
            _ => Err(format!("{text}\n serde_json: {raw:?}\n ours: {ours:?}")),
        }
    }

    fn junk() -> BoxedStrategy<Value> {
        prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            (-1e6f64..1e6).prop_map(Value::from),
            "[a-zA-Z]{0,3}".prop_map(Value::from),
            Just(json!("Plain")),
            Just(json!([])),
            Just(json!({})),
        ]
        .boxed()
    }

    fn inner() -> BoxedStrategy<Value> {
        let x = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            junk()
        ];
        let y = prop_oneof!["[a-z]{0,3}".prop_map(Value::from), junk()];
        prop_oneof![
            (x.clone(), y.clone()).prop_map(|(x, y)| json!({"x": x, "y": y})),
            x.clone().prop_map(|x| json!({ "x": x })),
            (x.clone(), y.clone()).prop_map(|(x, y)| json!([x, y])),
            x.prop_map(|x| json!([x])),
            (y, junk()).prop_map(|(y, z)| json!({"y": y, "z": z})),
            junk(),
        ]
        .boxed()
    }

    fn kind() -> BoxedStrategy<Value> {
        prop_oneof![
            Just(json!("Plain")),
            Just(json!({ "Plain": null })),
            inner().prop_map(|i| json!({ "New": i })),
            (any::<u8>(), junk()).prop_map(|(a, b)| json!({"Pair": [a, b]})),
            (any::<u32>(), inner()).prop_map(|(w, i)| json!({"Shape": {"w": w, "inner": i}})),
            (any::<u32>(), inner()).prop_map(|(w, i)| json!({"Shape": [w, i]})),
            (any::<u32>(), inner())
                .prop_map(|(w, i)| json!({"Shape": {"inner": i, "w": w, "v": 1}})),
            junk(),
        ]
        .boxed()
    }

    fn outer() -> BoxedStrategy<Value> {
        let fields = (
            prop_oneof![any::<i64>().prop_map(Value::from), junk()],
            proptest::option::of(inner()),
            proptest::option::of(proptest::collection::vec(inner(), 0..3)),
            proptest::option::of(proptest::collection::btree_map("[a-c]", inner(), 0..3)),
            proptest::option::of(kind()),
            proptest::option::of(prop_oneof![
                (any::<u8>(), "[a-z]{0,2}").prop_map(|(n, s)| json!([n, s])),
                junk()
            ]),
            proptest::option::of(inner()),
            proptest::option::of((0u8..3, junk())),
            proptest::option::of(prop_oneof!["[a-z]{0,2}".prop_map(Value::from), junk()]),
            proptest::option::of(prop_oneof![inner(), kind()]),
            proptest::option::of(junk()),
            proptest::option::of(prop_oneof![Just(json!(u64::MAX)), junk()]),
        );
        (fields, proptest::option::of(junk()))
            .prop_map(|((a, b, c, d, e, f, g, h, i, j, k, l), zz)| {
                let mut m = serde_json::Map::new();
                m.insert("a".into(), a);
                let mut put = |k: &str, v: Option<Value>| {
                    if let Some(v) = v {
                        m.insert(k.into(), v);
                    }
                };
                put("b", b);
                put("c", c.map(Value::from));
                put("d", d.map(|d| Value::Object(d.into_iter().collect())));
                put("e", e);
                put("f", f);
                put("g", g);
                put(
                    h.as_ref()
                        .map_or("h", |(which, _)| ["h-name", "hh", "h"][usize::from(*which)]),
                    h.map(|(_, v)| v),
                );
                put("i", i);
                put("j", j);
                put("k", k);
                put("l", l);
                put("zz", zz);
                Value::Object(m)
            })
            .boxed()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]

        #[test]
        fn reads_as_serde_json_does_but_structs_from_objects_only(v in outer()) {
            agrees(&v.to_string()).map_err(TestCaseError::fail)?;
            agrees(&serde_json::to_string_pretty(&v).unwrap()).map_err(TestCaseError::fail)?;
        }

        #[test]
        fn any_value_of_the_document_is_read_alike(v in prop_oneof![inner(), kind(), junk()]) {
            agrees(&v.to_string()).map_err(TestCaseError::fail)?;
        }
    }

    #[test]
    fn a_struct_as_an_array_is_refused_at_any_depth() {
        // (text, the array where a struct belongs, the struct). The position is computed from
        // the text: serde_json's type errors give the array's opening bracket as its 0-based
        // column (its peek position), and the 1-based one for a struct variant, whose bracket
        // it has already consumed.
        let cases = [
            (r#"[1]"#, "[1]", "struct Outer"),
            (r#"{"a": 1, "b": [true, "s"]}"#, "[true", "struct Inner"),
            (
                r#"{"a": 1, "c": [{"x": null}, [false]]}"#,
                "[false",
                "struct Inner",
            ),
            (r#"{"a": 1, "d": {"k": [null]}}"#, "[null", "struct Inner"),
            (r#"{"a": 1, "g": [null, ""]}"#, "[null", "struct Inner"),
            (r#"{"a": 1, "e": {"New": [true]}}"#, "[true", "struct Inner"),
            (
                r#"{"a": 1, "e": {"Shape": [1, {}]}}"#,
                "[1",
                "struct variant Kind::Shape",
            ),
            (
                r#"{"a": 1, "e": {"Shape": {"w": 1, "inner": [null]}}}"#,
                "[null",
                "struct Inner",
            ),
        ];
        for (text, array, what) in cases {
            assert!(serde_json::from_str::<Outer>(text).is_ok(), "{text}");
            let at = text.find(array).unwrap() + usize::from(what.starts_with("struct variant"));
            let e = super::from_str::<Outer>(text).unwrap_err().to_string();
            assert_eq!(
                e,
                format!("invalid type: sequence, expected {what} at line 1 column {at}"),
                "{text}"
            );
        }
        // Everything else as serde_json reads it: values, defaults, aliases, the enum forms,
        // tuples, borrowed and escaped strings, big integers, and trailing text refused.
        let text = r#"{"a": -3, "b": {"x": true, "y": "\u00e9"}, "c": [{"x": null}], "d": {"k": {"x": false}},
            "e": {"Shape": {"w": 7, "inner": {"x": null}}}, "f": [2, "t"], "g": {"x": true}, "hh": 1.5,
            "i": "z", "j": [1, {"q": null}], "k": null, "l": 340282366920938463463374607431768211455}"#;
        let ours: Outer = super::from_str(text).unwrap();
        assert_eq!(ours, serde_json::from_str::<Outer>(text).unwrap());
        assert_eq!(ours.b.unwrap().y, "é");
        assert_eq!(ours.l, Some(u128::MAX));
        for text in [
            r#"{"a": 1} x"#,
            r#"{"a": 1, "zz": 0}"#,
            r#"{"a": 1, "e": "Pair"}"#,
            "",
        ] {
            assert_eq!(
                super::from_str::<Outer>(text).unwrap_err().to_string(),
                serde_json::from_str::<Outer>(text).unwrap_err().to_string()
            );
        }
    }
}
