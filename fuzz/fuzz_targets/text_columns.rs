//! `kpi::TextColumn::new`, the check of a text column handed over as Arrow buffers (the Python
//! binding's, from any DataFrame), against the rule it states: accepted exactly when the
//! offsets are there, not negative, never decreasing, within the text and on character
//! boundaries. An accepted column read in pieces (`TextChunks`, as Arrow's chunks) gives every
//! row as the whole column does.

#![no_main]

use libfuzzer_sys::fuzz_target;
use support_metrics::kpi::{TextChunks, TextColumn, TextColumns};

fuzz_target!(|data: &[u8]| {
    // The first byte: how many offsets (up to 32), one signed byte each; the rest: the text.
    let Some((&n, rest)) = data.split_first() else {
        return;
    };
    let (raw, text) = rest.split_at(usize::from(n % 33).min(rest.len()));
    let Ok(text) = std::str::from_utf8(text) else {
        return;
    };
    let offsets: Vec<i64> = raw.iter().map(|&b| i64::from(b as i8)).collect();
    let at = |o: i64| usize::try_from(o).ok();
    let expected = !offsets.is_empty()
        && offsets
            .iter()
            .all(|&o| at(o).is_some_and(|a| a <= text.len() && text.is_char_boundary(a)))
        && offsets.windows(2).all(|w| w[0] <= w[1]);
    let column = TextColumn::new(&offsets, text);
    assert_eq!(column.is_ok(), expected, "{offsets:?} {text:?}");
    let Ok(column) = column else {
        return;
    };
    // In pieces, cut after each row of odd length (so pieces of every size, empty ones too).
    let mut pieces = Vec::new();
    let mut piece = TextColumns::default();
    for i in 0..column.len() {
        let row = column.get(i);
        piece.push(row);
        if row.map_or(0, str::len) % 2 == 1 {
            pieces.push(std::mem::take(&mut piece));
        }
    }
    pieces.push(piece);
    let chunks = TextChunks::new(pieces.iter().map(TextColumns::column).collect());
    let whole = chunks.column();
    assert_eq!(whole.len(), column.len());
    for i in 0..=column.len() {
        assert_eq!(whole.get(i), column.get(i), "row {i}");
    }
});
