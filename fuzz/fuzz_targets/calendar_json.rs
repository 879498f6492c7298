//! Any text given to `BusinessCalendar::from_json` either becomes a calendar that round-trips
//! through its canonical JSON, or fails with a documented error code and a message. The serde
//! `Deserialize` impl must accept exactly the same documents.

#![no_main]

use libfuzzer_sys::fuzz_target;
use support_metrics::{BusinessCalendar, Error};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = BusinessCalendar::from_json(text);
    let via_serde = serde_json::from_str::<BusinessCalendar>(text);
    match parsed {
        Ok(cal) => {
            let json = cal.to_json();
            let again = BusinessCalendar::from_json(&json).unwrap_or_else(|e| {
                panic!("canonical JSON rejected: {e}\ninput: {text}\ncanonical: {json}")
            });
            assert_eq!(
                cal, again,
                "round trip changed the calendar\ncanonical: {json}"
            );
            assert_eq!(again.to_json(), json, "canonical JSON is not stable");
            assert_eq!(
                serde_json::to_string(&cal).ok().as_deref(),
                Some(json.as_str()),
                "Serialize differs from to_json"
            );
            match via_serde {
                Ok(other) => assert_eq!(other, cal, "Deserialize reads a different calendar"),
                Err(e) => panic!("from_json accepts but Deserialize rejects: {e}\ninput: {text}"),
            }
        }
        Err(e) => {
            assert!(
                Error::CODES.contains(&e.code()),
                "undocumented code {:?} for {e:?}",
                e.code()
            );
            assert!(
                ["format", "calendar", "value"].contains(&e.family()),
                "family {:?}",
                e.family()
            );
            assert!(!e.to_string().is_empty(), "empty message for {e:?}");
            assert!(
                via_serde.is_err(),
                "Deserialize accepts what from_json rejects ({e})\ninput: {text}"
            );
        }
    }
});
