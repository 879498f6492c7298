//! Writes the core's compact time-zone table from the IANA tz sources that chrono-tz ships.
//!
//! Usage: `support-metrics-tzdata <chrono-tz source dir> <output file>`
//! (`scripts/gen-tzdata.sh` finds the directory of the chrono-tz in `Cargo.lock`).
//!
//! The zones, links and transitions are exactly chrono-tz's: the same sources (`<dir>/tz/`), read
//! by the same parser (`parse-zoneinfo`, as `chrono-tz-build` does), every zone and link name,
//! every timespan with its UTC offset, DST offset and abbreviation. Only the encoding differs:
//! variable-length integers, deltas between transitions and shared tables instead of chrono-tz's
//! 24 bytes per transition, so the WebAssembly module carries the whole database in about 20 KB
//! gzipped instead of 130 KB. The format is documented in `crates/support-metrics/src/tz/mod.rs`.

use std::collections::{BTreeMap, BTreeSet};
use std::error::Error;
use std::fs;
use std::path::Path;

use parse_zoneinfo::line::Line;
use parse_zoneinfo::table::TableBuilder;
use parse_zoneinfo::transitions::{FixedTimespan, TableTransitions};

fn varint(mut x: u64, out: &mut Vec<u8>) {
    loop {
        let b = (x & 0x7f) as u8;
        x >>= 7;
        if x == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

fn zigzag(x: i64) -> u64 {
    ((x << 1) ^ (x >> 63)) as u64
}

fn bytes(s: &str, out: &mut Vec<u8>) {
    varint(s.len() as u64, out);
    out.extend_from_slice(s.as_bytes());
}

/// One timespan as the table stores it: UTC offset, DST offset, abbreviation (`None` for a
/// numeric one, chrono-tz's `%z`).
type Span = (i64, i64, Option<String>);

fn span(t: &FixedTimespan) -> Span {
    let name = (t.name != "%z").then(|| t.name.clone());
    (t.utc_offset, t.dst_offset, name)
}

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, dir, out_path] = args.as_slice() else {
        return Err("usage: support-metrics-tzdata <chrono-tz source dir> <output file>".into());
    };
    let dir = Path::new(dir);
    let mut builder = TableBuilder::new();
    let mut texts = Vec::new();
    for file in parse_zoneinfo::FILES {
        texts.push(fs::read_to_string(dir.join("tz").join(file))?);
    }
    for text in &texts {
        for line in text.lines() {
            // chrono-tz-build strips comments the same way (no '#' inside quotes in the data).
            let line = match line.find('#') {
                Some(i) => &line[..i],
                None => line,
            };
            builder
                .add_line(Line::new(line).map_err(|e| format!("{e:?}"))?)
                .map_err(|e| format!("{e:?}"))?;
        }
    }
    let table = builder.build();
    let news = fs::read_to_string(dir.join("tz/NEWS"))?;
    let version = news
        .lines()
        .find_map(|l| l.strip_prefix("Release ")?.split_once(" - ").map(|v| v.0))
        .ok_or("no release in tz/NEWS")?
        .to_string();

    let names: BTreeSet<&String> = table.zonesets.keys().chain(table.links.keys()).collect();
    // Each distinct timespan set once (links and identical zones share it).
    let mut sets: Vec<(Span, Vec<(i64, Span)>)> = Vec::new();
    let mut set_of: BTreeMap<(Span, Vec<(i64, Span)>), usize> = BTreeMap::new();
    let mut zone_set = Vec::new();
    for name in &names {
        let t = table
            .timespans(name)
            .ok_or_else(|| format!("no timespans for {name}"))?;
        let key = (
            span(&t.first),
            t.rest
                .iter()
                .map(|(at, s)| (*at, span(s)))
                .collect::<Vec<_>>(),
        );
        let next = sets.len();
        let id = *set_of.entry(key.clone()).or_insert(next);
        if id == next {
            sets.push(key);
        }
        zone_set.push(id);
    }
    let mut abbrevs: BTreeSet<String> = BTreeSet::new();
    for (first, rest) in &sets {
        abbrevs.extend(first.2.iter().cloned());
        abbrevs.extend(rest.iter().filter_map(|(_, s)| s.2.clone()));
    }
    let abbrevs: Vec<String> = abbrevs.into_iter().collect();
    let abbrev = |n: &Option<String>| -> u64 {
        n.as_ref().map_or(0, |n| {
            abbrevs
                .iter()
                .position(|a| a == n)
                .map_or(0, |i| i as u64 + 1)
        })
    };

    let mut out = b"SMTZ\x01".to_vec();
    bytes(&version, &mut out);
    varint(abbrevs.len() as u64, &mut out);
    for a in &abbrevs {
        bytes(a, &mut out);
    }
    varint(sets.len() as u64, &mut out);
    let mut transitions = 0;
    for (first, rest) in &sets {
        let mut types: Vec<&Span> = vec![first];
        for (_, s) in rest {
            if !types.contains(&s) {
                types.push(s);
            }
        }
        let mut body = Vec::new();
        varint(types.len() as u64, &mut body);
        for (utc, dst, name) in &types {
            varint(zigzag(*utc), &mut body);
            varint(zigzag(*dst), &mut body);
            varint(abbrev(name), &mut body);
        }
        varint(rest.len() as u64, &mut body);
        let mut prev = 0i64;
        for (at, _) in rest {
            varint(zigzag(at - prev), &mut body);
            prev = *at;
        }
        for (_, s) in rest {
            let i = types.iter().position(|t| *t == s).ok_or("type")?;
            varint(i as u64, &mut body);
        }
        transitions += rest.len();
        varint(body.len() as u64, &mut out);
        out.extend_from_slice(&body);
    }
    varint(names.len() as u64, &mut out);
    for (name, set) in names.iter().zip(&zone_set) {
        bytes(name, &mut out);
        varint(*set as u64, &mut out);
    }
    fs::write(out_path, &out)?;
    eprintln!(
        "tzdata {version}: {} names, {} timespan sets, {transitions} transitions, {} abbreviations, {} bytes",
        names.len(),
        sets.len(),
        abbrevs.len(),
        out.len()
    );
    Ok(())
}
