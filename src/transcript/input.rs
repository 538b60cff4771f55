//! Reading a source into text.
//!
//! Every parser works on a `&str`, so this is where bytes become text, and
//! where anything that is not a text transcript is turned away with an error
//! naming the line, before a parser could make nonsense of it.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::Warning;
use crate::error::{Error, Result};

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
const UTF16_LE_BOM: &[u8] = b"\xFF\xFE";
const UTF16_BE_BOM: &[u8] = b"\xFE\xFF";

/// Text decoded from a source, with what decoding had to work around.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, BOM removed.
    pub text: String,
    /// E.g. that the bytes were not UTF-8 and were read as Windows-1252.
    pub warnings: Vec<Warning>,
}

/// Where a transcript comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Standard input.
    Stdin,
    /// A file.
    Path(PathBuf),
}

impl Source {
    /// The source named by a command-line argument: `-` is standard input,
    /// anything else a path.
    pub fn from_arg(arg: &str) -> Self {
        if arg == "-" {
            Source::Stdin
        } else {
            Source::Path(PathBuf::from(arg))
        }
    }

    /// The path to show in messages: `-` for standard input.
    pub fn path(&self) -> &Path {
        match self {
            Source::Stdin => Path::new("-"),
            Source::Path(p) => p,
        }
    }
}

impl From<&str> for Source {
    /// Same as [`Source::from_arg`].
    fn from(arg: &str) -> Self {
        Source::from_arg(arg)
    }
}

/// Reads all of `source` and decodes it with [`decode`].
pub fn read_source(source: &Source) -> Result<Decoded> {
    let path = source.path();
    let io_error = |e| Error::Io {
        path: path.to_path_buf(),
        source: e,
    };
    let bytes = match source {
        Source::Stdin => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .lock()
                .read_to_end(&mut bytes)
                .map_err(io_error)?;
            bytes
        }
        Source::Path(p) => std::fs::read(p).map_err(io_error)?,
    };
    decode_owned(bytes, path)
}

/// As [`decode`], taking the bytes by value: UTF-8 input (the usual case) is
/// checked in place instead of copied, which matters for a 100 MB file.
pub fn decode_owned(mut bytes: Vec<u8>, path: &Path) -> Result<Decoded> {
    if utf16_bom(&bytes).is_some() {
        return decode(&bytes, path);
    }
    // Decoding in place saves a copy of what may be a 100 MB file.
    if bytes.starts_with(UTF8_BOM) {
        bytes.drain(..UTF8_BOM.len());
    }
    decode_utf8(bytes, path)
}

/// Turns the bytes of a transcript into text.
///
/// UTF-16 (little or big endian) is recognized by its byte order mark; other
/// input is UTF-8, with or without a byte order mark (which is removed).
/// Bytes that are not UTF-8 but read as ordinary Windows-1252 text (older
/// Windows exports) are decoded as Windows-1252, with a warning on the line of
/// the first byte that is not UTF-8.
///
/// # Errors
///
/// - [`Error::Binary`] when the text holds a NUL byte (or, in UTF-16, a NUL
///   character), with the line it is on;
/// - [`Error::InvalidUtf8`] when the bytes are neither valid UTF-8 nor
///   plausible Windows-1252 text (control bytes, or bytes Windows-1252 leaves
///   undefined), or not valid UTF-16 after a UTF-16 byte order mark, with the
///   line of the first bad byte;
/// - [`Error::Empty`] when nothing but whitespace is left.
///
/// Lines are numbered from 1 and end at LF, CRLF or a lone CR, as the parsers
/// count them.
pub fn decode(bytes: &[u8], path: &Path) -> Result<Decoded> {
    if let Some(big_endian) = utf16_bom(bytes) {
        return decode_utf16(&bytes[UTF16_LE_BOM.len()..], big_endian, path)
            .and_then(|text| not_empty(clean(text), path));
    }
    let body = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    decode_utf8(body.to_vec(), path)
}

/// `Some(true)` for a big-endian UTF-16 byte order mark, `Some(false)` for a
/// little-endian one.
fn utf16_bom(bytes: &[u8]) -> Option<bool> {
    if bytes.starts_with(UTF16_LE_BOM) {
        Some(false)
    } else if bytes.starts_with(UTF16_BE_BOM) {
        Some(true)
    } else {
        None
    }
}

/// Checks and converts UTF-8 without a BOM, keeping the buffer; falls back
/// to Windows-1252 for text that is not UTF-8.
fn decode_utf8(bytes: Vec<u8>, path: &Path) -> Result<Decoded> {
    // NUL is valid UTF-8, but a binary file usually has invalid bytes too;
    // looking for NUL first reports "not a text file", the truer message.
    // (`contains` on bytes is a fast memchr; the position is only needed on
    // the error path.)
    if bytes.contains(&0) {
        let at = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
        return Err(Error::Binary {
            path: path.to_path_buf(),
            line: line_at(&bytes, at),
        });
    }
    let decoded = match String::from_utf8(bytes) {
        Ok(text) => clean(text),
        Err(e) => {
            let line = line_at(e.as_bytes(), e.utf8_error().valid_up_to());
            let bytes = e.into_bytes();
            if !plausible_windows_1252(&bytes) {
                return Err(Error::InvalidUtf8 {
                    path: path.to_path_buf(),
                    line,
                });
            }
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&bytes);
            Decoded {
                text: text.into_owned(),
                warnings: vec![Warning {
                    line,
                    message: "not valid UTF-8 from this line on; read as Windows-1252".to_string(),
                }],
            }
        }
    };
    not_empty(decoded, path)
}

/// Text as Windows-1252 writes it: no control bytes but tab, line breaks and
/// form feed, and none of the five bytes Windows-1252 leaves undefined. Binary
/// data nearly always has one of those.
fn plausible_windows_1252(bytes: &[u8]) -> bool {
    bytes.iter().all(|&b| {
        !matches!(b, 0x81 | 0x8D | 0x8F | 0x90 | 0x9D)
            && (b >= 0x20 || matches!(b, b'\t' | b'\n' | b'\r' | 0x0C))
    })
}

fn clean(text: String) -> Decoded {
    Decoded {
        text,
        warnings: Vec::new(),
    }
}

/// Decodes UTF-16 code units (after the BOM) of the given byte order.
fn decode_utf16(body: &[u8], big_endian: bool, path: &Path) -> Result<String> {
    let units = body.chunks_exact(2).map(|pair| {
        let pair = [pair[0], pair[1]];
        if big_endian {
            u16::from_be_bytes(pair)
        } else {
            u16::from_le_bytes(pair)
        }
    });
    let mut text = String::with_capacity(body.len() / 2);
    for unit in char::decode_utf16(units) {
        match unit {
            Ok('\0') => {
                return Err(Error::Binary {
                    path: path.to_path_buf(),
                    line: line_at(text.as_bytes(), text.len()),
                })
            }
            Ok(c) => text.push(c),
            Err(_) => return Err(invalid_at_end(&text, path)),
        }
    }
    // A dangling byte is half a code unit: the text was cut off.
    if body.len() % 2 != 0 {
        return Err(invalid_at_end(&text, path));
    }
    Ok(text)
}

/// The error for a bad UTF-16 unit right after the text decoded so far.
fn invalid_at_end(text: &str, path: &Path) -> Error {
    Error::InvalidUtf8 {
        path: path.to_path_buf(),
        line: line_at(text.as_bytes(), text.len()),
    }
}

fn not_empty(decoded: Decoded, path: &Path) -> Result<Decoded> {
    if decoded.text.trim().is_empty() {
        Err(Error::Empty {
            path: path.to_path_buf(),
        })
    } else {
        Ok(decoded)
    }
}

/// The 1-based line of byte `at`, counting LF, CRLF and lone CR as one line
/// break each, like the parsers do.
fn line_at(bytes: &[u8], at: usize) -> usize {
    let before = &bytes[..at.min(bytes.len())];
    let breaks = before
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
        .count();
    breaks + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path() -> &'static Path {
        Path::new("t.txt")
    }

    fn ok(bytes: &[u8]) -> String {
        decode(bytes, path()).unwrap().text
    }

    fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
        let mut bytes = if big_endian {
            UTF16_BE_BOM.to_vec()
        } else {
            UTF16_LE_BOM.to_vec()
        };
        for unit in text.encode_utf16() {
            if big_endian {
                bytes.extend(unit.to_be_bytes());
            } else {
                bytes.extend(unit.to_le_bytes());
            }
        }
        bytes
    }

    fn binary_line(bytes: &[u8]) -> usize {
        match decode(bytes, path()) {
            Err(Error::Binary { line, path: p }) => {
                assert_eq!(p, path());
                line
            }
            other => panic!("expected Binary, got {other:?}"),
        }
    }

    fn invalid_line(bytes: &[u8]) -> usize {
        match decode(bytes, path()) {
            Err(Error::InvalidUtf8 { line, path: p }) => {
                assert_eq!(p, path());
                line
            }
            other => panic!("expected InvalidUtf8, got {other:?}"),
        }
    }

    fn is_empty_error(bytes: &[u8]) -> bool {
        matches!(decode(bytes, path()), Err(Error::Empty { .. }))
    }

    #[test]
    fn source_from_arg() {
        assert_eq!(Source::from_arg("-"), Source::Stdin);
        assert_eq!(Source::from("-"), Source::Stdin);
        assert_eq!(
            Source::from_arg("a/b.txt"),
            Source::Path(PathBuf::from("a/b.txt"))
        );
        assert_eq!(Source::from("./-"), Source::Path(PathBuf::from("./-")));
        assert_eq!(Source::Stdin.path(), Path::new("-"));
        assert_eq!(Source::from("x.txt").path(), Path::new("x.txt"));
    }

    #[test]
    fn plain_utf8_passes_through() {
        assert_eq!(ok(b"Alice: hi\n"), "Alice: hi\n");
        assert_eq!(ok("Zoë: 你好\r\n".as_bytes()), "Zoë: 你好\r\n");
    }

    #[test]
    fn utf8_bom_is_removed() {
        assert_eq!(ok(b"\xEF\xBB\xBFAlice: hi"), "Alice: hi");
        // Only the leading mark is a BOM.
        assert_eq!(ok(b"\xEF\xBB\xBFA\xEF\xBB\xBF"), "A\u{feff}");
    }

    #[test]
    fn utf16_le_and_be_with_bom() {
        let text = "Alice: hi\r\nМария: 你好 😀\n";
        assert_eq!(ok(&utf16(text, false)), text);
        assert_eq!(ok(&utf16(text, true)), text);
    }

    #[test]
    fn utf16_errors() {
        // Odd length: the last unit is cut in half, on line 2.
        let mut bytes = utf16("A: b\nc", false);
        bytes.push(b'x');
        assert_eq!(invalid_line(&bytes), 2);
        // A lone high surrogate (D800) on line 3.
        let mut bytes = utf16("A: b\nc\nd", false);
        bytes.extend([0x00, 0xD8, b'e', 0x00]);
        assert_eq!(invalid_line(&bytes), 3);
        // A NUL character on line 2 (big endian).
        let mut bytes = utf16("A: b\n", true);
        bytes.extend([0x00, 0x00]);
        assert_eq!(binary_line(&bytes), 2);
        // Nothing but the BOM, or whitespace.
        assert!(is_empty_error(&utf16("", false)));
        assert!(is_empty_error(&utf16(" \r\n\t", true)));
    }

    #[test]
    fn nul_byte_reports_its_line() {
        assert_eq!(binary_line(b"\0"), 1);
        assert_eq!(binary_line(b"Alice: hi\0"), 1);
        assert_eq!(binary_line(b"a\nb\nc\0d\n"), 3);
        assert_eq!(binary_line(b"a\r\nb\r\n\0"), 3);
        // A lone CR is a line break too.
        assert_eq!(binary_line(b"a\rb\r\0"), 3);
        // NUL is reported even when invalid UTF-8 comes first.
        assert_eq!(binary_line(b"\xFF\n\n\0"), 3);
        // A BOM does not shift the count.
        assert_eq!(binary_line(b"\xEF\xBB\xBFa\n\0"), 2);
    }

    #[test]
    fn invalid_utf8_reports_line_of_first_bad_byte() {
        // Each has a byte Windows-1252 leaves undefined (0x81, 0x8D, 0x8F,
        // 0x90, 0x9D) or a control byte, so the fallback does not apply.
        assert_eq!(invalid_line(b"\x81"), 1);
        assert_eq!(invalid_line(b"Alice: caf\xE9\x01\n"), 1);
        assert_eq!(invalid_line(b"a\nb\n\nJos\xE9: hi\n\x9D"), 4);
        assert_eq!(invalid_line(b"a\r\nb\r\n\xC3\x01"), 3);
        assert_eq!(invalid_line(b"a\rb\xC3\x28\x90"), 2);
        assert_eq!(invalid_line(b"\xEF\xBB\xBFok\n\xED\xA0\x80\x8D"), 2);
    }

    #[test]
    fn windows_1252_text_is_read_with_a_warning() {
        let d = decode(
            b"Alice: hi\nJos\xE9: caf\xE9 \x93ol\xE9\x94 \x80 5\n",
            path(),
        )
        .unwrap();
        assert_eq!(d.text, "Alice: hi\nJosé: café \u{201C}olé\u{201D} € 5\n");
        assert_eq!(d.warnings.len(), 1);
        assert_eq!(d.warnings[0].line, 2);
        assert!(d.warnings[0].message.contains("Windows-1252"));
        // Valid UTF-8 gets no warning.
        assert!(decode("José: café".as_bytes(), path())
            .unwrap()
            .warnings
            .is_empty());
    }

    #[test]
    fn empty_and_whitespace_only() {
        assert!(is_empty_error(b""));
        assert!(is_empty_error(b"\xEF\xBB\xBF"));
        assert!(is_empty_error(b"  \n\t\r\n  "));
        assert!(is_empty_error("\u{3000}\u{a0}\n".as_bytes()));
    }

    #[test]
    fn line_at_counts_like_the_parser() {
        assert_eq!(line_at(b"", 0), 1);
        assert_eq!(line_at(b"a\nb", 2), 2);
        assert_eq!(line_at(b"a\r\nb", 3), 2);
        assert_eq!(line_at(b"a\r\nb", 2), 1); // the LF ends line 1
        assert_eq!(line_at(b"a\r\rb", 3), 3);
        assert_eq!(line_at(b"a\n", 99), 2); // past the end is clamped
    }

    #[test]
    fn never_panics_on_any_bytes() {
        let samples: [&[u8]; 10] = [
            b"\xFF\xFE",
            b"\xFE\xFF\x00",
            b"\xFF\xFE\x00\x00",
            b"\xEF\xBB",
            b"\xEF\xBB\xBF\xEF\xBB\xBF",
            b"\r",
            b"\r\n\r",
            b"\xC0\x80",
            b"\xF4\x90\x80\x80",
            b"\xFE\xFF\xDC\x00",
        ];
        for s in samples {
            let _ = decode(s, path());
        }
        for b in 0..=255u8 {
            let _ = decode(&[b], path());
            let _ = decode(&[b, b'\n', b], path());
            let _ = decode(&[0xFF, 0xFE, b], path());
        }
    }

    #[test]
    fn reads_files() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("bom.txt");
        std::fs::write(&file, b"\xEF\xBB\xBFAlice: hi\n").unwrap();
        let source = Source::Path(file.clone());
        assert_eq!(read_source(&source).unwrap().text, "Alice: hi\n");
        std::fs::write(&file, utf16("Bob: yo", false)).unwrap();
        assert_eq!(read_source(&source).unwrap().text, "Bob: yo");
        std::fs::write(&file, b"a\n\x81").unwrap();
        assert!(matches!(
            read_source(&source),
            Err(Error::InvalidUtf8 { line: 2, .. })
        ));

        let missing = dir.path().join("missing.txt");
        match read_source(&Source::Path(missing.clone())) {
            Err(Error::Io { path, .. }) => assert_eq!(path, missing),
            other => panic!("expected Io, got {other:?}"),
        }
    }
}
