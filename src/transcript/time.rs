//! Timestamps as transcripts write them: `m:ss`, `mm:ss`, `h:mm:ss` and
//! `hh:mm:ss`, each with an optional `.mmm` or `,mmm` fraction (the comma is
//! what SRT files and many European tools write).

/// Most fraction digits accepted. Nothing past nanoseconds is a time anyone
/// means, and the cap keeps the digits inside a `u64` without checks.
const MAX_FRACTION_DIGITS: usize = 9;

/// Parses a timestamp into seconds.
///
/// Accepted shapes are `m:ss`, `mm:ss`, `h:mm:ss` and `hh:mm:ss`, each
/// optionally followed by `.` or `,` and 1 to 9 fraction digits. Only ASCII
/// digits count. The leading field has one or two digits; every other field
/// has exactly two, and minutes (when hours are given) and seconds must be
/// below 60. Anything else, including surrounding whitespace, gives `None`:
/// callers trim, and decide whether a timestamp is expected where they look
/// (this function would read the ratio `3:10` as a time).
///
/// ```
/// use colead::transcript::parse_timestamp;
/// assert_eq!(parse_timestamp("1:02:03.5"), Some(3723.5));
/// assert_eq!(parse_timestamp("3:75"), None);
/// ```
pub fn parse_timestamp(s: &str) -> Option<f64> {
    let (clock, fraction) = match s.find(['.', ',']) {
        // `.` and `,` are one byte, so `i + 1` is a char boundary.
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };

    let mut fields = clock.split(':');
    let lead = fields.next()?;
    let second = fields.next()?;
    let third = fields.next();
    if fields.next().is_some() {
        return None;
    }

    let lead = digits(lead, 1, 2)?;
    let (hours, minutes, seconds) = match third {
        None => (0, lead, digits(second, 2, 2)?),
        Some(third) => (lead, digits(second, 2, 2)?, digits(third, 2, 2)?),
    };
    // Minutes are free only as the leading field (`75:00` is 75 minutes).
    if seconds >= 60 || (third.is_some() && minutes >= 60) {
        return None;
    }

    let fraction = match fraction {
        None => 0.0,
        Some(f) => {
            let value = digits(f, 1, MAX_FRACTION_DIGITS)?;
            value as f64 / 10f64.powi(f.len() as i32)
        }
    };
    Some(f64::from(hours * 3600 + minutes * 60 + seconds) + fraction)
}

/// The value of `s` when it is `min..=max` ASCII digits.
///
/// With at most nine digits the value fits a `u32`, and the callers' sums
/// (hours of at most two digits) stay far below its limit.
fn digits(s: &str, min: usize, max: usize) -> Option<u32> {
    if s.len() < min || s.len() > max || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(s.bytes().fold(0, |n, b| n * 10 + u32::from(b - b'0')))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Option<f64> {
        parse_timestamp(s)
    }

    #[test]
    fn minutes_and_seconds() {
        assert_eq!(ts("0:00"), Some(0.0));
        assert_eq!(ts("3:07"), Some(187.0)); // 3*60 + 7
        assert_eq!(ts("12:34"), Some(754.0)); // 12*60 + 34
        assert_eq!(ts("00:59"), Some(59.0));
    }

    #[test]
    fn leading_minutes_may_exceed_an_hour() {
        assert_eq!(ts("75:00"), Some(4500.0)); // 75*60
        assert_eq!(ts("99:59"), Some(5999.0));
    }

    #[test]
    fn hours_minutes_seconds() {
        assert_eq!(ts("1:02:03"), Some(3723.0)); // 3600 + 120 + 3
        assert_eq!(ts("00:01:02"), Some(62.0));
        assert_eq!(ts("10:00:00"), Some(36000.0));
        assert_eq!(ts("99:59:59"), Some(359_999.0)); // 99*3600 + 59*60 + 59
    }

    #[test]
    fn fractions_with_dot_or_comma() {
        assert_eq!(ts("00:01:02.500"), Some(62.5));
        assert_eq!(ts("00:01:02,250"), Some(62.25));
        assert_eq!(ts("1:05.5"), Some(65.5));
        assert_eq!(ts("0:00.05"), Some(0.05));
        assert_eq!(ts("0:00,125"), Some(0.125));
        let long = ts("0:01.123456789").unwrap();
        assert!((long - 1.123_456_789).abs() < 1e-12);
    }

    #[test]
    fn fields_above_sixty_are_rejected_under_a_higher_field() {
        assert_eq!(ts("3:60"), None);
        assert_eq!(ts("1:60:00"), None);
        assert_eq!(ts("1:00:60"), None);
        assert_eq!(ts("00:99:00"), None);
    }

    #[test]
    fn wrong_digit_counts_are_rejected() {
        assert_eq!(ts("3:1"), None); // seconds need two digits
        assert_eq!(ts("123:45"), None); // leading field has at most two
        assert_eq!(ts("1:2:03"), None); // minutes under hours need two
        assert_eq!(ts("1:02:3"), None);
        assert_eq!(ts("001:02:03"), None);
        assert_eq!(ts("1:023"), None);
        assert_eq!(ts("0:00.1234567890"), None); // ten fraction digits
    }

    #[test]
    fn malformed_inputs_are_rejected() {
        for bad in [
            "",
            ":",
            "::",
            "1:",
            ":30",
            "12",
            "1.5",
            "a:bc",
            "1:0a",
            "1:02:03:04",
            "1:02.",
            "1:02.x",
            "1:02,",
            ".5",
            "1:02.5.6",
            "1:02,5,6",
            " 1:02",
            "1:02 ",
            "-1:02",
            "+1:02",
            "1:-2",
            "1 :02",
            "１:２３",
            "٣:٢٢",
            "1:02:03pm",
            "1h02",
            "10:30am",
        ] {
            assert_eq!(ts(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn never_panics_on_odd_input() {
        for s in [
            "\u{0}",
            "é:éé",
            "1:0é",
            "9999999999:00",
            "99:99:99:99",
            "0:00.",
            "0:00.é",
            "王:小明",
            "1:2.3:4",
            ",",
            ".",
            "00:00,0000000000000000000000000",
        ] {
            let _ = ts(s);
        }
    }
}
