//! Every JSON document folio prints goes out through here, and every string in it, map keys
//! included, is made terminal-safe on the way. serde_json escapes only C0 controls, so a C1 CSI
//! (U+009B) or a DEL from a feed or a discussion API would otherwise reach a terminal that shows
//! the JSON. Cleaning at the serializer covers fields nobody thought of, present and future, and
//! leaves the document otherwise exactly as serde would write it (same keys, same order).

use std::borrow::Cow;
use std::io::Write;

use anyhow::Result;
use serde::ser::{
    Serialize, SerializeMap, SerializeSeq, SerializeStruct, SerializeStructVariant, SerializeTuple,
    SerializeTupleStruct, SerializeTupleVariant, Serializer,
};

use crate::sanitize;

/// Writes `value` as JSON (`pretty`: indented) and a newline.
pub fn write_line(out: &mut impl Write, value: &impl Serialize, pretty: bool) -> Result<()> {
    write(out, value, pretty)?;
    writeln!(out)?;
    Ok(())
}

/// Writes `value` as JSON with nothing after it (for documents streamed piece by piece).
pub fn write(out: &mut impl Write, value: &impl Serialize, pretty: bool) -> Result<()> {
    if pretty {
        serde_json::to_writer_pretty(&mut *out, &Clean(value))?;
    } else {
        serde_json::to_writer(&mut *out, &Clean(value))?;
    }
    Ok(())
}

/// A value that serializes as itself with each of its strings made terminal-safe (newlines and
/// tabs kept: JSON escapes them).
pub struct Clean<'a, T: ?Sized>(pub &'a T);

impl<T: Serialize + ?Sized> Serialize for Clean<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(Cleaning(serializer))
    }
}

/// The serializer behind [`Clean`]: the inner one, with strings cleaned and every value inside
/// a compound wrapped again.
struct Cleaning<S>(S);

/// A compound (sequence, map, struct...) being written by the inner serializer.
struct CleaningCompound<C>(C);

impl<S: Serializer> Serializer for Cleaning<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    type SerializeSeq = CleaningCompound<S::SerializeSeq>;
    type SerializeTuple = CleaningCompound<S::SerializeTuple>;
    type SerializeTupleStruct = CleaningCompound<S::SerializeTupleStruct>;
    type SerializeTupleVariant = CleaningCompound<S::SerializeTupleVariant>;
    type SerializeMap = CleaningCompound<S::SerializeMap>;
    type SerializeStruct = CleaningCompound<S::SerializeStruct>;
    type SerializeStructVariant = CleaningCompound<S::SerializeStructVariant>;

    fn serialize_str(self, text: &str) -> Result<S::Ok, S::Error> {
        self.0.serialize_str(&sanitize::multi_line(text))
    }

    fn serialize_char(self, c: char) -> Result<S::Ok, S::Error> {
        let mut buffer = [0; 4];
        match sanitize::multi_line(c.encode_utf8(&mut buffer)) {
            Cow::Borrowed(_) => self.0.serialize_char(c),
            Cow::Owned(clean) => self.0.serialize_str(&clean),
        }
    }

    fn serialize_bool(self, v: bool) -> Result<S::Ok, S::Error> {
        self.0.serialize_bool(v)
    }
    fn serialize_i8(self, v: i8) -> Result<S::Ok, S::Error> {
        self.0.serialize_i8(v)
    }
    fn serialize_i16(self, v: i16) -> Result<S::Ok, S::Error> {
        self.0.serialize_i16(v)
    }
    fn serialize_i32(self, v: i32) -> Result<S::Ok, S::Error> {
        self.0.serialize_i32(v)
    }
    fn serialize_i64(self, v: i64) -> Result<S::Ok, S::Error> {
        self.0.serialize_i64(v)
    }
    fn serialize_i128(self, v: i128) -> Result<S::Ok, S::Error> {
        self.0.serialize_i128(v)
    }
    fn serialize_u8(self, v: u8) -> Result<S::Ok, S::Error> {
        self.0.serialize_u8(v)
    }
    fn serialize_u16(self, v: u16) -> Result<S::Ok, S::Error> {
        self.0.serialize_u16(v)
    }
    fn serialize_u32(self, v: u32) -> Result<S::Ok, S::Error> {
        self.0.serialize_u32(v)
    }
    fn serialize_u64(self, v: u64) -> Result<S::Ok, S::Error> {
        self.0.serialize_u64(v)
    }
    fn serialize_u128(self, v: u128) -> Result<S::Ok, S::Error> {
        self.0.serialize_u128(v)
    }
    fn serialize_f32(self, v: f32) -> Result<S::Ok, S::Error> {
        self.0.serialize_f32(v)
    }
    fn serialize_f64(self, v: f64) -> Result<S::Ok, S::Error> {
        self.0.serialize_f64(v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<S::Ok, S::Error> {
        self.0.serialize_bytes(v)
    }
    fn serialize_none(self) -> Result<S::Ok, S::Error> {
        self.0.serialize_none()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<S::Ok, S::Error> {
        self.0.serialize_some(&Clean(value))
    }
    fn serialize_unit(self) -> Result<S::Ok, S::Error> {
        self.0.serialize_unit()
    }
    fn serialize_unit_struct(self, name: &'static str) -> Result<S::Ok, S::Error> {
        self.0.serialize_unit_struct(name)
    }
    fn serialize_unit_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
    ) -> Result<S::Ok, S::Error> {
        self.0.serialize_unit_variant(name, index, variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<S::Ok, S::Error> {
        self.0.serialize_newtype_struct(name, &Clean(value))
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<S::Ok, S::Error> {
        self.0
            .serialize_newtype_variant(name, index, variant, &Clean(value))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Self::SerializeSeq, S::Error> {
        self.0.serialize_seq(len).map(CleaningCompound)
    }
    fn serialize_tuple(self, len: usize) -> Result<Self::SerializeTuple, S::Error> {
        self.0.serialize_tuple(len).map(CleaningCompound)
    }
    fn serialize_tuple_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleStruct, S::Error> {
        self.0.serialize_tuple_struct(name, len).map(CleaningCompound)
    }
    fn serialize_tuple_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleVariant, S::Error> {
        (self.0)
            .serialize_tuple_variant(name, index, variant, len)
            .map(CleaningCompound)
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Self::SerializeMap, S::Error> {
        self.0.serialize_map(len).map(CleaningCompound)
    }
    fn serialize_struct(self, name: &'static str, len: usize) -> Result<Self::SerializeStruct, S::Error> {
        self.0.serialize_struct(name, len).map(CleaningCompound)
    }
    fn serialize_struct_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStructVariant, S::Error> {
        (self.0)
            .serialize_struct_variant(name, index, variant, len)
            .map(CleaningCompound)
    }
    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

/// The compounds' methods: each value (and map key) is wrapped in [`Clean`] on its way to the
/// inner serializer; names given as `&'static str` are ours, not outside text.
macro_rules! cleaning_compound {
    ($trait:ident, $method:ident) => {
        impl<C: $trait> $trait for CleaningCompound<C> {
            type Ok = C::Ok;
            type Error = C::Error;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), C::Error> {
                self.0.$method(&Clean(value))
            }
            fn end(self) -> Result<C::Ok, C::Error> {
                self.0.end()
            }
        }
    };
    ($trait:ident) => {
        impl<C: $trait> $trait for CleaningCompound<C> {
            type Ok = C::Ok;
            type Error = C::Error;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), C::Error> {
                self.0.serialize_field(key, &Clean(value))
            }
            fn skip_field(&mut self, key: &'static str) -> Result<(), C::Error> {
                self.0.skip_field(key)
            }
            fn end(self) -> Result<C::Ok, C::Error> {
                self.0.end()
            }
        }
    };
}

cleaning_compound!(SerializeSeq, serialize_element);
cleaning_compound!(SerializeTuple, serialize_element);
cleaning_compound!(SerializeTupleStruct, serialize_field);
cleaning_compound!(SerializeTupleVariant, serialize_field);
cleaning_compound!(SerializeStruct);
cleaning_compound!(SerializeStructVariant);

impl<C: SerializeMap> SerializeMap for CleaningCompound<C> {
    type Ok = C::Ok;
    type Error = C::Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), C::Error> {
        self.0.serialize_key(&Clean(key))
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), C::Error> {
        self.0.serialize_value(&Clean(value))
    }
    fn end(self) -> Result<C::Ok, C::Error> {
        self.0.end()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn written(value: &impl Serialize) -> String {
        let mut out = Vec::new();
        write(&mut out, value, false).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn every_string_and_key_loses_its_controls_and_the_rest_is_as_serde_writes_it() {
        let value = serde_json::json!({
            "id": "c\u{9b}31m1\u{7f}",
            "k\u{1b}[2Jey": ["a\u{9d}0;x\u{7}b", {"deep": [["\u{1b}]52;c;eA==\u{7}ok"]]}],
            "text": "one\ntwo\tthree",
            "n": 3,
            "none": null,
        });
        let clean = serde_json::json!({
            "id": "c1",
            "key": ["ab", {"deep": [["ok"]]}],
            "text": "one\ntwo\tthree",
            "n": 3,
            "none": null,
        });
        assert_eq!(written(&value), serde_json::to_string(&clean).unwrap());

        #[derive(serde::Serialize)]
        struct Row<'a> {
            title: &'a str,
            link: Option<&'a str>,
            tags: Vec<&'a str>,
            mark: char,
            count: u64,
        }
        let row = Row {
            title: "T\u{9b}1mitle",
            link: Some("http://e.example/\u{7f}"),
            tags: vec!["a", "b\u{85}"],
            mark: '\u{9b}',
            count: 7,
        };
        assert_eq!(
            written(&row),
            r#"{"title":"Title","link":"http://e.example/","tags":["a","b"],"mark":"","count":7}"#,
            "fields keep the struct's order"
        );
    }
}
