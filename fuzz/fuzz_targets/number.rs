//! `csv::parse_number`, the reader of the CSV files' number fields (survey scores, durations),
//! against `str::parse::<f64>`, whose grammar and rounding it promises: the same `f64` bit for
//! bit (any NaN for NaN), or both refusing, for any text.

#![no_main]

use libfuzzer_sys::fuzz_target;
use support_metrics::csv::parse_number;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let ours = parse_number(text);
    let std = text.parse::<f64>().ok();
    match (ours, std) {
        (Some(a), Some(b)) => assert!(
            a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()),
            "{text:?}: {a:?} against {b:?}"
        ),
        (None, None) => {}
        (a, b) => panic!("{text:?}: {a:?} against {b:?}"),
    }
});
