//! State bytes: arbitrary bytes, bare or sealed in a valid envelope (so they reach the payload
//! decoders behind the checksum), never panic and every error has a known code; a state that
//! does decode re-encodes to a state that decodes to the same value; base64 text round-trips.

#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use support_metrics::metrics::{CatalogueAccumulator, DurationAccumulator, QuantileSketch};
use support_metrics::report::ReportState;
use support_metrics::state::{self, Fingerprint, State};
use support_metrics::survey::Surveys;
use support_metrics::Error;

#[derive(Arbitrary, Debug)]
struct Input {
    kind: u8,
    bytes: Vec<u8>,
    text: String,
}

fn known(e: &Error) {
    assert!(
        Error::CODES.contains(&e.code()),
        "unknown code {}",
        e.code()
    );
}

/// Decodes as `T`; when that works, the value must survive a round trip.
fn check<T: State + PartialEq + std::fmt::Debug>(b: &[u8]) {
    match state::from_bytes::<T>(b) {
        Ok((v, fp)) => {
            let again = state::to_bytes(&v, fp).expect("a decoded state encodes");
            let (w, fp2) = state::from_bytes::<T>(&again).expect("a re-encoded state decodes");
            assert_eq!(fp, fp2);
            // NaN payloads compare unequal; compare the bytes instead.
            assert_eq!(again, state::to_bytes(&w, fp2).expect("encodes"));
        }
        Err(e) => known(&e),
    }
}

fn all(b: &[u8]) {
    check::<DurationAccumulator>(b);
    check::<QuantileSketch>(b);
    check::<CatalogueAccumulator>(b);
    check::<Surveys>(b);
    check::<ReportState>(b);
    if let Err(e) = state::header(b) {
        known(&e);
    }
}

fuzz_target!(|input: Input| {
    all(&input.bytes);
    let kind = match input.kind % 5 {
        0 => DurationAccumulator::KIND,
        1 => QuantileSketch::KIND,
        2 => CatalogueAccumulator::KIND,
        3 => Surveys::KIND,
        _ => ReportState::KIND,
    };
    all(&state::seal(kind, Fingerprint(7), &input.bytes));
    match state::from_base64(&input.text) {
        Ok(b) => assert_eq!(state::from_base64(&state::to_base64(&b)).ok(), Some(b)),
        Err(e) => known(&e),
    }
    assert_eq!(
        state::from_base64(&state::to_base64(&input.bytes)).ok(),
        Some(input.bytes.clone())
    );
    // A finished report state never panics either.
    if let Ok((r, _)) = state::from_bytes::<ReportState>(&state::seal(
        ReportState::KIND,
        Fingerprint(0),
        &input.bytes,
    )) {
        if let Err(e) = r.finish() {
            known(&e);
        }
    }
});
