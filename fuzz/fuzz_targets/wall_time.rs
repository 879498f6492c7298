//! `WallTime::parse` and `WallInterval::parse` against an independent model of the grammar
//! (`HH:MM` or `HH:MM:SS`, up to `24:00`); accepted values re-display to text that parses back
//! to the same value.

#![no_main]

use libfuzzer_sys::fuzz_target;
use support_metrics::calendar::{WallInterval, WallTime, SECONDS_PER_DAY};

/// The grammar, written independently of the parser: seconds since midnight, or `None`.
fn model(text: &str) -> Option<u32> {
    let b = text.as_bytes();
    let two = |i: usize| -> Option<u32> {
        let s = b.get(i..i + 2)?;
        s.iter()
            .all(u8::is_ascii_digit)
            .then(|| u32::from(s[0] - b'0') * 10 + u32::from(s[1] - b'0'))
    };
    let (h, m, s) = match b.len() {
        5 if b[2] == b':' => (two(0)?, two(3)?, 0),
        8 if b[2] == b':' && b[5] == b':' => (two(0)?, two(3)?, two(6)?),
        _ => return None,
    };
    let ok = (h < 24 && m < 60 && s < 60) || (h, m, s) == (24, 0, 0);
    ok.then_some(h * 3600 + m * 60 + s)
}

fn check_time(text: &str) -> Option<WallTime> {
    let parsed = WallTime::parse(text, "fuzz");
    assert_eq!(
        parsed.as_ref().ok().map(|t| t.seconds()),
        model(text),
        "WallTime::parse({text:?})"
    );
    match parsed {
        Ok(t) => {
            assert!(t.seconds() <= SECONDS_PER_DAY);
            let shown = t.to_string();
            assert_eq!(
                WallTime::parse(&shown, "").ok(),
                Some(t),
                "{text:?} displays as {shown:?}"
            );
            assert_eq!(WallTime::from_seconds(t.seconds()).ok(), Some(t));
            Some(t)
        }
        Err(e) => {
            assert_eq!(e.code(), "invalid_time");
            assert!(
                e.to_string().contains(text),
                "message {e} does not quote {text:?}"
            );
            None
        }
    }
}

fuzz_target!(|input: (&str, &str)| {
    let (a, b) = input;
    let (start, end) = (check_time(a), check_time(b));
    match WallInterval::parse(a, b) {
        Ok(iv) => {
            let (Some(s), Some(e)) = (start, end) else {
                panic!("interval ({a:?}, {b:?}) accepted with an invalid end");
            };
            assert_eq!((iv.start(), iv.end()), (s, e));
            assert!(s != WallTime::END_OF_DAY && s != e);
            assert_eq!(iv.is_overnight(), e < s);
            let shown = iv.to_string();
            let (ss, es) = shown.split_once('-').expect("START-END");
            assert_eq!(
                WallInterval::parse(ss, es).ok(),
                Some(iv),
                "{iv:?} displays as {shown:?}"
            );
        }
        Err(err) => {
            assert!(
                ["invalid_time", "empty_interval"].contains(&err.code()),
                "{err:?}"
            );
            let explained = start.is_none()
                || end.is_none()
                || start == Some(WallTime::END_OF_DAY)
                || start == end;
            assert!(
                explained,
                "interval ({a:?}, {b:?}) rejected for no reason: {err}"
            );
        }
    }
});
