//! Reading a document's records in one pass, for documents with nothing
//! wrong in them.
//!
//! The careful way ([`Doc::object`](super::Doc::object) splitting the array
//! into raw elements, then [`Doc::each_of`](super::Doc::each_of) reading
//! each) reads every byte twice, so that a bad record can be skipped alone
//! and any problem is told exactly as serde_json words it. Nearly every file
//! has no problem at all: this module walks the document's outer structure
//! itself (the object, its keys, the array) and hands each element straight
//! to serde_json where it starts, so each byte is read once and the element's
//! offset is known without splitting. Records of plain strings are read
//! without serde_json's machinery ([`flat`]).
//!
//! It only ever says "read" or "not like this": anything it does not take on
//! (a syntax error anywhere, a record that does not read, an escaped key, a
//! duplicate or missing key) gives up, and the caller reads the document the
//! careful way from the start, which then says what is wrong. So a document
//! read here gives exactly the records the careful way gives; the rest give
//! exactly its messages.

use serde::de::{Deserialize, IgnoredAny};

use super::flat;

/// Calls `f` with the byte offset and value of each element of the
/// document's array of records, in order: the whole document when `key` is
/// `None`, else the field `key` of the top-level object. Returns whether the
/// document was read; on `false` the caller starts over the careful way
/// (`f` may have seen some records by then).
pub(super) fn each_record<'a, T, F>(text: &'a str, key: Option<&str>, mut f: F) -> bool
where
    T: Deserialize<'a>,
    F: FnMut(usize, T),
{
    let mut walk = Walk { text, pos: 0 };
    let read = match key {
        None => walk.array(&mut f),
        Some(key) => walk.object_with(key, &mut f),
    };
    // serde_json allows only whitespace after the top-level value.
    read.is_some() && {
        walk.skip_whitespace();
        walk.pos == text.len()
    }
}

/// A position in the document, moving forward over its structure.
struct Walk<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Walk<'a> {
    /// Skips what JSON counts as whitespace (not Unicode's).
    fn skip_whitespace(&mut self) {
        let bytes = self.text.as_bytes();
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    /// Steps over `byte` when it is next (after whitespace).
    fn eat(&mut self, byte: u8) -> bool {
        self.skip_whitespace();
        let found = self.text.as_bytes().get(self.pos) == Some(&byte);
        if found {
            self.pos += 1;
        }
        found
    }

    /// The top-level object, reading the array `key` as records and checking
    /// that every other value is well-formed JSON.
    fn object_with<T, F>(&mut self, key: &str, f: &mut F) -> Option<()>
    where
        T: Deserialize<'a>,
        F: FnMut(usize, T),
    {
        if !self.eat(b'{') {
            return None;
        }
        let mut found = false;
        loop {
            let name = self.key()?;
            if name == key {
                if found {
                    return None; // serde's "duplicate field"
                }
                found = true;
                self.array(f)?;
            } else {
                self.value::<IgnoredAny>()?;
            }
            if self.eat(b'}') {
                break;
            }
            if !self.eat(b',') {
                return None;
            }
        }
        found.then_some(())
    }

    /// A key and its colon. Only keys without escapes or control characters
    /// are compared here: an escaped key may still name the field.
    fn key(&mut self) -> Option<&'a str> {
        if !self.eat(b'"') {
            return None;
        }
        let rest = &self.text.as_bytes()[self.pos..];
        let len = memchr::memchr2(b'"', b'\\', rest)?;
        if rest[len] != b'"' || rest[..len].iter().any(|&b| b < 0x20) {
            return None;
        }
        let name = &self.text[self.pos..self.pos + len];
        self.pos += len + 1;
        self.eat(b':').then_some(name)
    }

    /// An array, each element read as a record.
    fn array<T, F>(&mut self, f: &mut F) -> Option<()>
    where
        T: Deserialize<'a>,
        F: FnMut(usize, T),
    {
        if !self.eat(b'[') {
            return None;
        }
        if self.eat(b']') {
            return Some(());
        }
        loop {
            self.skip_whitespace();
            let at = self.pos;
            let record = match flat::read(self.text, at) {
                Some((record, end)) => {
                    self.pos = end;
                    record
                }
                None => self.value()?,
            };
            f(at, record);
            if self.eat(b']') {
                return Some(());
            }
            if !self.eat(b',') {
                return None;
            }
        }
    }

    /// One value read by serde_json from here, as `T`: a deserializer of its
    /// own per value is what gives back the offset where the value ends.
    fn value<T: Deserialize<'a>>(&mut self) -> Option<T> {
        let rest = &self.text[self.pos..];
        let mut values = serde_json::Deserializer::from_str(rest).into_iter::<T>();
        let value = values.next()?.ok()?;
        self.pos += values.byte_offset();
        Some(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offsets(text: &str, key: Option<&str>) -> Option<Vec<(usize, u32)>> {
        let mut out = Vec::new();
        each_record(text, key, |at, n: u32| out.push((at, n))).then_some(out)
    }

    #[test]
    fn records_with_their_offsets() {
        let text = "{\"a\": {\"x\": [1, 2]}, \"rs\": [ 7,\n 8 ], \"b\": null}";
        assert_eq!(offsets(text, Some("rs")), Some(vec![(29, 7), (33, 8)]));
        assert_eq!(offsets(" [] ", None), Some(vec![]));
        assert_eq!(offsets("[1,2]", None), Some(vec![(1, 1), (3, 2)]));
    }

    #[test]
    fn anything_unusual_gives_up() {
        for (text, key) in [
            ("{\"rs\": [1,]}", Some("rs")),
            ("{\"rs\": [1], \"rs\": []}", Some("rs")),
            ("{\"r\\u0073\": [1]}", Some("rs")),
            ("{\"other\": [1]}", Some("rs")),
            ("{\"rs\": [1], \"b\": [}", Some("rs")),
            ("{\"rs\": [1]} x", Some("rs")),
            ("{\"rs\": [\"one\"]}", Some("rs")),
            ("{\"rs\": [1]", Some("rs")),
            ("{}", Some("rs")),
            ("[1] [2]", None),
            ("{\"rs\": [1]}", None),
            ("[1, 2 3]", None),
        ] {
            assert_eq!(offsets(text, key), None, "{text}");
        }
    }
}
