//! Line splitting and quoting shared by the text-based parsers.

/// How much of a skipped line a warning quotes, in chars.
pub const PREVIEW_CHARS: usize = 40;

/// Lines ending at LF, CRLF or a lone CR, without their line breaks.
///
/// `str::lines` leaves a lone CR inside the line; old Mac files and some
/// exports use it alone, and the input layer numbers lines this same way.
pub struct Lines<'a> {
    rest: Option<&'a str>,
}

impl<'a> Lines<'a> {
    /// The lines of `text`.
    pub fn new(text: &'a str) -> Self {
        Lines { rest: Some(text) }
    }
}

impl<'a> Iterator for Lines<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.rest?;
        let bytes = rest.as_bytes();
        // memchr scans a word or a vector at a time: every text parser and
        // format detection read their input through here.
        match memchr::memchr2(b'\n', b'\r', bytes) {
            // CR and LF are ASCII, so these byte positions are char boundaries.
            Some(at) => {
                let width = if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
                self.rest = Some(&rest[at + width..]);
                Some(&rest[..at])
            }
            None => {
                self.rest = None;
                Some(rest)
            }
        }
    }
}

/// The start of a line for a message, cut at [`PREVIEW_CHARS`] chars.
pub struct Preview<'a>(pub &'a str);

impl std::fmt::Display for Preview<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0.char_indices().nth(PREVIEW_CHARS) {
            Some((cut, _)) => write!(f, "{}…", &self.0[..cut]),
            None => f.write_str(self.0),
        }
    }
}
