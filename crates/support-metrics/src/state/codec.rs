//! The payload encoding of a state: a compact, non-self-describing serde format.
//!
//! Why our own: the core depends on serde alone, and the format must be pinned by this crate
//! (a dependency's layout change would silently change every state's bytes). The layout is
//! the serde data model written in order, with no field names:
//!
//! - unsigned integers: LEB128 varints; signed: zigzag, then LEB128; `i128`/`u128`: 16 bytes LE;
//! - `f64` / `f32`: IEEE 754 bits, little-endian (so every value, NaN included, round-trips);
//! - `bool`: one byte 0 or 1; `char`: its scalar value as a varint;
//! - strings and bytes: varint length, then the bytes (UTF-8 checked on reading);
//! - `Option`: one byte 0 (none) or 1 (some, then the value);
//! - sequences and maps: varint length, then the items (keys and values alternating);
//! - structs and tuples: their fields in declaration order, no length;
//! - enums: the variant index as a varint, then the variant's fields.
//!
//! Reading never trusts a length: a sequence reserves at most what the remaining bytes could
//! hold, every read is bounds-checked, and anything malformed is an error, never a panic.

use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};
use serde::ser::{self, Serialize};

/// An encoding or decoding failure, as text (mapped to [`crate::Error::InvalidState`]).
#[derive(Debug)]
pub(crate) struct CodecError(pub(crate) String);

impl std::fmt::Display for CodecError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CodecError {}

impl ser::Error for CodecError {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        CodecError(msg.to_string())
    }
}

impl de::Error for CodecError {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        CodecError(msg.to_string())
    }
}

type R<T> = std::result::Result<T, CodecError>;

/// Encodes `value` (appending to `out`).
pub(crate) fn encode<T: Serialize + ?Sized>(value: &T, out: &mut Vec<u8>) -> R<()> {
    value.serialize(&mut Writer { out })
}

/// Decodes a `T` that must use all of `bytes`.
pub(crate) fn decode<'de, T: serde::Deserialize<'de>>(bytes: &'de [u8]) -> R<T> {
    let mut r = Reader { input: bytes };
    let v = T::deserialize(&mut r)?;
    if r.input.is_empty() {
        Ok(v)
    } else {
        Err(CodecError(format!(
            "{} bytes left over after the state",
            r.input.len()
        )))
    }
}

pub(crate) fn put_varint(out: &mut Vec<u8>, mut x: u64) {
    while x >= 0x80 {
        out.push((x as u8) | 0x80);
        x >>= 7;
    }
    out.push(x as u8);
}

fn zigzag(x: i64) -> u64 {
    ((x << 1) ^ (x >> 63)) as u64
}

fn unzigzag(x: u64) -> i64 {
    ((x >> 1) as i64) ^ -((x & 1) as i64)
}

struct Writer<'a> {
    out: &'a mut Vec<u8>,
}

impl Writer<'_> {
    fn len(&mut self, len: Option<usize>) -> R<()> {
        let n = len.ok_or_else(|| CodecError("a sequence of unknown length".into()))?;
        put_varint(self.out, n as u64);
        Ok(())
    }
}

impl<'a> ser::Serializer for &mut Writer<'a> {
    type Ok = ();
    type Error = CodecError;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn serialize_bool(self, v: bool) -> R<()> {
        self.out.push(u8::from(v));
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> R<()> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i16(self, v: i16) -> R<()> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i32(self, v: i32) -> R<()> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i64(self, v: i64) -> R<()> {
        put_varint(self.out, zigzag(v));
        Ok(())
    }
    fn serialize_i128(self, v: i128) -> R<()> {
        self.out.extend_from_slice(&v.to_le_bytes());
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> R<()> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u16(self, v: u16) -> R<()> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u32(self, v: u32) -> R<()> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u64(self, v: u64) -> R<()> {
        put_varint(self.out, v);
        Ok(())
    }
    fn serialize_u128(self, v: u128) -> R<()> {
        self.out.extend_from_slice(&v.to_le_bytes());
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> R<()> {
        self.out.extend_from_slice(&v.to_bits().to_le_bytes());
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> R<()> {
        self.out.extend_from_slice(&v.to_bits().to_le_bytes());
        Ok(())
    }
    fn serialize_char(self, v: char) -> R<()> {
        self.serialize_u64(u64::from(u32::from(v)))
    }
    fn serialize_str(self, v: &str) -> R<()> {
        self.serialize_bytes(v.as_bytes())
    }
    fn serialize_bytes(self, v: &[u8]) -> R<()> {
        put_varint(self.out, v.len() as u64);
        self.out.extend_from_slice(v);
        Ok(())
    }
    fn serialize_none(self) -> R<()> {
        self.out.push(0);
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> R<()> {
        self.out.push(1);
        value.serialize(self)
    }
    fn serialize_unit(self) -> R<()> {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> R<()> {
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, index: u32, _: &'static str) -> R<()> {
        self.serialize_u32(index)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, v: &T) -> R<()> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
        v: &T,
    ) -> R<()> {
        put_varint(self.out, u64::from(index));
        v.serialize(self)
    }
    fn serialize_seq(self, len: Option<usize>) -> R<Self> {
        self.len(len)?;
        Ok(self)
    }
    fn serialize_tuple(self, _: usize) -> R<Self> {
        Ok(self)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> R<Self> {
        Ok(self)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
        _: usize,
    ) -> R<Self> {
        put_varint(self.out, u64::from(index));
        Ok(self)
    }
    fn serialize_map(self, len: Option<usize>) -> R<Self> {
        self.len(len)?;
        Ok(self)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> R<Self> {
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
        _: usize,
    ) -> R<Self> {
        put_varint(self.out, u64::from(index));
        Ok(self)
    }
    fn is_human_readable(&self) -> bool {
        false
    }
}

macro_rules! compound {
    ($($tr:ident :: $f:ident),*) => {$(
        impl ser::$tr for &mut Writer<'_> {
            type Ok = ();
            type Error = CodecError;
            fn $f<T: Serialize + ?Sized>(&mut self, v: &T) -> R<()> {
                v.serialize(&mut **self)
            }
            fn end(self) -> R<()> {
                Ok(())
            }
        }
    )*};
}
compound!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for &mut Writer<'_> {
    type Ok = ();
    type Error = CodecError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, k: &T) -> R<()> {
        k.serialize(&mut **self)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> R<()> {
        v.serialize(&mut **self)
    }
    fn end(self) -> R<()> {
        Ok(())
    }
}

/// Struct fields are written in order, without their names.
macro_rules! named {
    ($($tr:ident),*) => {$(
        impl ser::$tr for &mut Writer<'_> {
            type Ok = ();
            type Error = CodecError;
            fn serialize_field<T: Serialize + ?Sized>(&mut self, _: &'static str, v: &T) -> R<()> {
                v.serialize(&mut **self)
            }
            fn end(self) -> R<()> {
                Ok(())
            }
        }
    )*};
}
named!(SerializeStruct, SerializeStructVariant);

pub(crate) struct Reader<'de> {
    pub(crate) input: &'de [u8],
}

impl<'de> Reader<'de> {
    pub(crate) fn take(&mut self, n: usize) -> R<&'de [u8]> {
        if n > self.input.len() {
            return Err(CodecError(format!(
                "cut short: {n} bytes needed, {} left",
                self.input.len()
            )));
        }
        let (head, rest) = self.input.split_at(n);
        self.input = rest;
        Ok(head)
    }

    fn array<const N: usize>(&mut self) -> R<[u8; N]> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }

    pub(crate) fn varint(&mut self) -> R<u64> {
        let mut x = 0u64;
        for shift in (0..64).step_by(7) {
            let b = *self.take(1)?.first().unwrap_or(&0);
            let part = u64::from(b & 0x7f);
            if shift == 63 && part > 1 {
                return Err(CodecError("a varint overflows 64 bits".into()));
            }
            x |= part << shift;
            if b & 0x80 == 0 {
                return Ok(x);
            }
        }
        Err(CodecError("a varint overflows 64 bits".into()))
    }

    fn int<T: TryFrom<u64>>(&mut self, what: &str) -> R<T> {
        let v = self.varint()?;
        T::try_from(v).map_err(|_| CodecError(format!("{v} does not fit a {what}")))
    }

    fn signed<T: TryFrom<i64>>(&mut self, what: &str) -> R<T> {
        let v = unzigzag(self.varint()?);
        T::try_from(v).map_err(|_| CodecError(format!("{v} does not fit a {what}")))
    }

    fn length(&mut self) -> R<usize> {
        self.int("length")
    }

    fn bytes(&mut self) -> R<&'de [u8]> {
        let n = self.length()?;
        self.take(n)
    }
}

/// Gives a sequence's or map's items, with a size hint no larger than the input could hold.
struct Items<'a, 'de> {
    r: &'a mut Reader<'de>,
    left: usize,
}

impl<'de> de::SeqAccess<'de> for Items<'_, 'de> {
    type Error = CodecError;
    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> R<Option<T::Value>> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        seed.deserialize(&mut *self.r).map(Some)
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.left.min(self.r.input.len()))
    }
}

impl<'de> de::MapAccess<'de> for Items<'_, 'de> {
    type Error = CodecError;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> R<Option<K::Value>> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        seed.deserialize(&mut *self.r).map(Some)
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> R<V::Value> {
        seed.deserialize(&mut *self.r)
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.left.min(self.r.input.len()))
    }
}

impl<'de> de::EnumAccess<'de> for &mut Reader<'de> {
    type Error = CodecError;
    type Variant = Self;
    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> R<(V::Value, Self)> {
        let index: u32 = self.int("variant index")?;
        let v = seed.deserialize(index.into_deserializer())?;
        Ok((v, self))
    }
}

impl<'de> de::VariantAccess<'de> for &mut Reader<'de> {
    type Error = CodecError;
    fn unit_variant(self) -> R<()> {
        Ok(())
    }
    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> R<T::Value> {
        seed.deserialize(self)
    }
    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> R<V::Value> {
        visitor.visit_seq(Items { r: self, left: len })
    }
    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> R<V::Value> {
        visitor.visit_seq(Items {
            r: self,
            left: fields.len(),
        })
    }
}

impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = CodecError;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> R<V::Value> {
        Err(CodecError(
            "the state format is not self-describing (a type asked for any value)".into(),
        ))
    }
    fn deserialize_bool<V: Visitor<'de>>(self, v: V) -> R<V::Value> {
        match self.take(1)?.first() {
            Some(0) => v.visit_bool(false),
            Some(1) => v.visit_bool(true),
            other => Err(CodecError(format!("{other:?} is not a boolean"))),
        }
    }
    fn deserialize_i8<V: Visitor<'de>>(self, v: V) -> R<V::Value> {
        v.visit_i8(self.signed("i8")?)
    }
    fn deserialize_i16<V: Visitor<'de>>(self, v: V) -> R<V::Value> {
        v.visit_i16(self.signed("i16")?)
    }
    fn deserialize_i32<V: Visitor<'de>>(self, v: V) -> R<V::Value> {
        v.visit_i32(self.signed("i32")?)
    }
    fn deserialize_i64<V: Visitor<'de>>(self, v: V) -> R<V::Value> {
        v.visit_i64(self.signed("i64")?)
    }
    fn deserialize_i128<V: Visitor<'de>>(self, v: V) -> R<V::Value> {
        v.visit_i128(i128::from_le_bytes(self.array()?))
    }
    fn deserialize_u8<V: Visitor<'de>>(self, v: V) -> R<V::Value> {
        v.visit_u8(self.int("u8")?)
    }
    fn deserialize_u16<V: Visitor<'de>>(self, v: V) -> R<V::Value> {
        v.visit_u16(self.int("u16")?)
    }
    fn deserialize_u32<V: Visitor<'de>>(self, v: V) -> R<V::Value> {
        v.visit_u32(self.int("u32")?)
    }
    fn deserialize_u64<V: Visitor<'de>>(self, v: V) -> R<V::Value> {
        v.visit_u64(self.varint()?)
    }
    fn deserialize_u128<V: Visitor<'de>>(self, v: V) -> R<V::Value> {
        v.visit_u128(u128::from_le_bytes(self.array()?))
    }
    fn deserialize_f32<V: Visitor<'de>>(self, v: V) -> R<V::Value> {
        v.visit_f32(f32::from_bits(u32::from_le_bytes(self.array()?)))
    }
    fn deserialize_f64<V: Visitor<'de>>(self, v: V) -> R<V::Value> {
        v.visit_f64(f64::from_bits(u64::from_le_bytes(self.array()?)))
    }
    fn deserialize_char<V: Visitor<'de>>(self, v: V) -> R<V::Value> {
        let n: u32 = self.int("char")?;
        let c = char::from_u32(n).ok_or_else(|| CodecError(format!("{n} is not a char")))?;
        v.visit_char(c)
    }
    fn deserialize_str<V: Visitor<'de>>(self, v: V) -> R<V::Value> {
        let b = self.bytes()?;
        let s = std::str::from_utf8(b).map_err(|e| CodecError(format!("a string: {e}")))?;
        v.visit_borrowed_str(s)
    }
    fn deserialize_string<V: Visitor<'de>>(self, v: V) -> R<V::Value> {
        self.deserialize_str(v)
    }
    fn deserialize_bytes<V: Visitor<'de>>(self, v: V) -> R<V::Value> {
        v.visit_borrowed_bytes(self.bytes()?)
    }
    fn deserialize_byte_buf<V: Visitor<'de>>(self, v: V) -> R<V::Value> {
        self.deserialize_bytes(v)
    }
    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> R<V::Value> {
        match self.take(1)?.first() {
            Some(0) => v.visit_none(),
            Some(1) => v.visit_some(self),
            other => Err(CodecError(format!("{other:?} is not an option tag"))),
        }
    }
    fn deserialize_unit<V: Visitor<'de>>(self, v: V) -> R<V::Value> {
        v.visit_unit()
    }
    fn deserialize_unit_struct<V: Visitor<'de>>(self, _: &'static str, v: V) -> R<V::Value> {
        v.visit_unit()
    }
    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _: &'static str, v: V) -> R<V::Value> {
        v.visit_newtype_struct(self)
    }
    fn deserialize_seq<V: Visitor<'de>>(self, v: V) -> R<V::Value> {
        let left = self.length()?;
        v.visit_seq(Items { r: self, left })
    }
    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, v: V) -> R<V::Value> {
        v.visit_seq(Items { r: self, left: len })
    }
    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        len: usize,
        v: V,
    ) -> R<V::Value> {
        v.visit_seq(Items { r: self, left: len })
    }
    fn deserialize_map<V: Visitor<'de>>(self, v: V) -> R<V::Value> {
        let left = self.length()?;
        v.visit_map(Items { r: self, left })
    }
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        v: V,
    ) -> R<V::Value> {
        v.visit_seq(Items {
            r: self,
            left: fields.len(),
        })
    }
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        v: V,
    ) -> R<V::Value> {
        v.visit_enum(self)
    }
    fn deserialize_identifier<V: Visitor<'de>>(self, v: V) -> R<V::Value> {
        v.visit_u32(self.int("identifier")?)
    }
    fn deserialize_ignored_any<V: Visitor<'de>>(self, _: V) -> R<V::Value> {
        Err(CodecError(
            "the state format cannot skip a value it does not know".into(),
        ))
    }
    fn is_human_readable(&self) -> bool {
        false
    }
}
