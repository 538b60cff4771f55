//! Records whose values are all plain strings or `null`, read without
//! serde_json.
//!
//! A QMSum entry is `{"speaker": "...", "content": "..."}`: serde_json
//! spends most of its time on such a record in the machinery around the two
//! strings, not in reading them. Here the object is scanned directly and the
//! record's own `Deserialize` is fed the strings through a minimal
//! deserializer, so the record is built by the same code as from
//! serde_json. What the scan does not take on (an escape, a number, a
//! nested value, too many fields) or the record does not accept returns
//! `None`, and the caller has serde_json read the element from the same
//! place: so a record read here is the one serde_json would give, and
//! everything else is still judged by serde_json.

use serde::de::value::{BorrowedStrDeserializer, Error};
use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::forward_to_deserialize_any;

/// Deserializer methods that fail, leaving the value to serde_json.
macro_rules! refuse {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Error> {
            Err(left_to_serde_json())
        }
    )*};
}

/// Reads the record that starts at byte `at` of `text` (after whitespace)
/// when it is a flat object of plain strings and nulls that `T` accepts:
/// the record and the offset just past it.
pub(super) fn read<'a, T: Deserialize<'a>>(text: &'a str, at: usize) -> Option<(T, usize)> {
    let mut record = Record {
        text,
        scan: Scan {
            bytes: text.as_bytes(),
            pos: at,
        },
        fields: 0,
        done: false,
    };
    if !record.scan.eat(b'{') {
        return None;
    }
    let value = T::deserialize(&mut record).ok()?;
    // serde_json would insist the record read every field.
    record.done.then_some((value, record.scan.pos))
}

/// A position moving over the record.
struct Scan<'b> {
    bytes: &'b [u8],
    pos: usize,
}

impl Scan<'_> {
    /// Steps over `byte` when it is next after JSON whitespace.
    fn eat(&mut self, byte: u8) -> bool {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
        let found = self.bytes.get(self.pos) == Some(&byte);
        if found {
            self.pos += 1;
        }
        found
    }

    /// Steps over `null` when it is next (after whitespace).
    fn eat_null(&mut self) -> bool {
        let found = self.eat(b'n') && self.bytes.get(self.pos..self.pos + 3) == Some(b"ull");
        if found {
            self.pos += 3;
        }
        found
    }

    /// The string whose opening quote was just eaten, up to its closing
    /// quote, which is stepped over: `None` at an escape or a control
    /// character (serde_json decides about those) or without a closing
    /// quote. `text` is what the bytes are of.
    fn string<'a>(&mut self, text: &'a str) -> Option<&'a str> {
        let start = self.pos;
        let rest = self.bytes.get(start..)?;
        let len = plain_string_len(rest)?;
        self.pos = start + len + 1;
        // Quotes are ASCII, so the string's ends are character boundaries.
        text.get(start..start + len)
    }
}

/// Each byte 1, and each byte's high bit.
const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// How many bytes of `bytes` come before the first `"`, when none of them
/// is a `\` or a control character (below 0x20); `None` otherwise.
///
/// Eight bytes at a time: a byte is flagged when it is `"` or `\` (zero
/// after an XOR) or below 0x20. The lowest flag of a word is always exact
/// (the borrow that can raise false flags only runs upwards), and only the
/// lowest is used.
fn plain_string_len(bytes: &[u8]) -> Option<usize> {
    let flags = |word: u64| {
        let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
        zero(word ^ (ONES * u64::from(b'"')))
            | zero(word ^ (ONES * u64::from(b'\\')))
            | (word.wrapping_sub(ONES * 0x20) & !word & HIGH)
    };
    let mut chunks = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in chunks.by_ref() {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(chunk);
        let found = flags(u64::from_le_bytes(eight));
        if found != 0 {
            return end_at(bytes, at + (found.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    let tail = chunks
        .remainder()
        .iter()
        .position(|&b| b == b'"' || b == b'\\' || b < 0x20)?;
    end_at(bytes, at + tail)
}

/// `Some(i)` when the flagged byte `i` is the closing quote.
fn end_at(bytes: &[u8], i: usize) -> Option<usize> {
    (bytes.get(i) == Some(&b'"')).then_some(i)
}

/// The record's fields, scanned as its `Deserialize` asks for them: a map
/// whose keys and values are read from the text one at a time, the opening
/// brace already stepped over. Anything the scan does not take on is an
/// error, which leaves the record to serde_json.
struct Record<'a> {
    text: &'a str,
    scan: Scan<'a>,
    /// How many keys were handed out.
    fields: usize,
    /// Whether the closing brace was reached.
    done: bool,
}

impl<'de> Deserializer<'de> for &mut Record<'de> {
    type Error = Error;

    /// An object, as serde_json gives it to any request that takes one.
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_map(self)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_map(self)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_map(self)
    }

    // Anything else asks for what a plain object is not, or is asked of
    // serde_json in ways not copied here: serde_json decides.
    fn deserialize_option<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Error> {
        Err(left_to_serde_json())
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct seq tuple
        tuple_struct enum identifier ignored_any
    }
}

impl<'de> MapAccess<'de> for Record<'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        // `{}` and a comma before the brace are left to serde_json.
        if self.fields > 0 && self.scan.eat(b'}') {
            self.done = true;
            return Ok(None);
        }
        if self.fields > 0 && !self.scan.eat(b',') {
            return Err(left_to_serde_json());
        }
        if !self.scan.eat(b'"') {
            return Err(left_to_serde_json());
        }
        let key = self.scan.string(self.text).ok_or_else(left_to_serde_json)?;
        if !self.scan.eat(b':') {
            return Err(left_to_serde_json());
        }
        self.fields += 1;
        seed.deserialize(BorrowedStrDeserializer::new(key))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let value = if self.scan.eat(b'"') {
            Some(self.scan.string(self.text).ok_or_else(left_to_serde_json)?)
        } else if self.scan.eat_null() {
            None
        } else {
            return Err(left_to_serde_json());
        };
        seed.deserialize(Plain(value))
    }
}

/// A field's value: a string without escapes, or `null` (`None`).
struct Plain<'a>(Option<&'a str>);

impl<'de> Deserializer<'de> for Plain<'de> {
    type Error = Error;

    /// What serde_json calls for a string without escapes and for `null`.
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Some(s) => visitor.visit_borrowed_str(s),
            None => visitor.visit_unit(),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Some(_) => visitor.visit_some(self),
            None => visitor.visit_none(),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.string(visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.string(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.string(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Some(_) => Err(left_to_serde_json()),
            None => visitor.visit_unit(),
        }
    }

    // Where serde_json refuses a string or null without asking the visitor
    // (or asks it something else: bytes), so must this.
    refuse! {
        deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_i128 deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64
        deserialize_u128 deserialize_f32 deserialize_f64 deserialize_bytes deserialize_byte_buf
        deserialize_seq deserialize_map
    }

    // Asked of a string or null, these visitors refuse it whichever way it
    // comes (a char request reads a string in serde_json too).
    forward_to_deserialize_any! {
        char unit_struct newtype_struct tuple tuple_struct struct enum
    }
}

impl<'de> Plain<'de> {
    /// A string request: serde_json gives a string, and refuses `null`.
    fn string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Some(s) => visitor.visit_borrowed_str(s),
            None => Err(left_to_serde_json()),
        }
    }
}

/// The error that sends a record to serde_json.
fn left_to_serde_json() -> Error {
    de::Error::custom("left to serde_json")
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use proptest::prelude::*;
    use serde::Deserialize;

    use super::super::{Label, Time};
    use super::*;

    /// The field kinds the formats' records use.
    #[derive(Debug, PartialEq, Deserialize)]
    struct Entry<'a> {
        #[serde(borrow)]
        speaker: Option<Label<'a>>,
        #[serde(borrow, default)]
        content: Cow<'a, str>,
        text: Option<String>,
        start: Option<Time>,
    }

    /// What serde_json reads at `at`, and where it stops.
    fn by_serde(text: &str, at: usize) -> Option<(Entry<'_>, usize)> {
        let mut values = serde_json::Deserializer::from_str(&text[at..]).into_iter::<Entry>();
        let value = values.next()?.ok()?;
        Some((value, at + values.byte_offset()))
    }

    #[test]
    fn plain_records_are_read_and_the_rest_left() {
        let text = r#"{"speaker": "A", "content": "hi there", "x": null}"#;
        let (entry, end) = read::<Entry>(text, 0).expect("a plain record");
        assert_eq!(entry.speaker, Some(Label(Cow::Borrowed("A"))));
        assert!(matches!(entry.content, Cow::Borrowed("hi there")));
        assert_eq!(end, text.len());
        for text in [
            r#"{"speaker": "A\u0042", "content": "x"}"#,
            r#"{"speaker": 3, "content": "x"}"#,
            r#"{"content": "x", "content": "y"}"#,
            r#"{"content": null}"#,
            r#"{"content": "x",}"#,
            r#"{}"#,
            r#"{"start": 1.5}"#,
            "{\"content\": \"tab\there\"}",
        ] {
            assert!(read::<Entry>(text, 0).is_none(), "{text}");
        }
    }

    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("\"".to_string()),
            Just("\\".to_string()),
            Just("\\n".to_string()),
            Just("\t".to_string()),
            Just("é".to_string()),
            "[a-z :{}\\[\\],]{0,12}",
        ]
    }

    fn string() -> impl Strategy<Value = String> {
        proptest::collection::vec(piece(), 0..4).prop_map(|p| format!("\"{}\"", p.concat()))
    }

    fn value() -> impl Strategy<Value = String> {
        prop_oneof![
            4 => string(),
            1 => Just("null".to_string()),
            1 => Just("nul".to_string()),
            1 => Just("7".to_string()),
            1 => Just("[\"a\"]".to_string()),
            1 => Just("{\"a\": \"b\"}".to_string()),
        ]
    }

    fn key() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("\"speaker\"".to_string()),
            Just("\"content\"".to_string()),
            Just("\"text\"".to_string()),
            Just("\"start\"".to_string()),
            Just("\"other\"".to_string()),
            string(),
        ]
    }

    fn space() -> impl Strategy<Value = String> {
        "[ \n\r\t]{0,2}"
    }

    fn record() -> impl Strategy<Value = String> {
        let field = (space(), key(), space(), value(), space())
            .prop_map(|(a, k, b, v, c)| format!("{a}{k}{b}:{v}{c}"));
        (
            proptest::collection::vec(field, 0..5),
            any::<bool>(),
            "[ ,\\]}x]{0,2}",
        )
            .prop_map(|(fields, comma, tail)| {
                let close = if comma { ",}" } else { "}" };
                format!("{{{}{close}{tail}", fields.join(","))
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        /// Whatever is read here is what serde_json reads, up to the same
        /// place.
        #[test]
        fn agrees_with_serde_json(text in record()) {
            if let Some((entry, end)) = read::<Entry>(&text, 0) {
                let serde = by_serde(&text, 0);
                prop_assert_eq!(Some((entry, end)), serde);
            }
        }
    }
}
