//! Staffing benches: Erlang C agents needed for a forecast of 10,000 intervals (the issue's
//! target is under 50 ms on one core), at contact-centre and at very large loads.
//!
//! The forecast is a fixed-seed day-shaped profile: 30-minute intervals with 0–600 calls and an
//! AHT of 180–420 s (0 to 140 Erlangs), target 80% in 20 s, 85% maximum occupancy, 30% shrinkage.

use std::hint::black_box;

use criterion::{Criterion, SamplingMode, Throughput};
use support_metrics::erlang::{staffing_plan, IntervalForecast, IntervalLength, StaffingTarget};

use crate::rng::SplitMix64;

const N: usize = 10_000;

fn forecast(seed: u64, max_calls: i64) -> Vec<IntervalForecast> {
    let mut rng = SplitMix64::new(seed);
    (0..N)
        .map(|i| {
            // 48 half hours a day; volume peaks mid-day.
            let slot = (i % 48) as f64;
            let shape = (std::f64::consts::PI * slot / 48.0).sin().powi(2);
            let calls = (shape * rng.range(0, max_calls + 1) as f64).round();
            IntervalForecast {
                calls,
                aht_seconds: rng.range(180, 421) as f64,
            }
        })
        .collect()
}

fn total_agents(f: &[IntervalForecast], target: &StaffingTarget) -> u64 {
    let plan = staffing_plan(f, IntervalLength::Minutes30, target).expect("valid target");
    assert!(plan.errors.is_empty(), "{:?}", plan.errors.first());
    plan.values
        .iter()
        .map(|s| u64::from(s.map_or(0, |s| s.scheduled_agents)))
        .sum()
}

pub fn define(c: &mut Criterion) {
    let target = StaffingTarget::new(0.8, 20.0)
        .max_occupancy(0.85)
        .shrinkage(0.3);
    let typical = forecast(0x5747_2026, 600);
    // 4,000–12,000 calls per half hour of 180–420 s: up to 2,800 Erlangs.
    let large = forecast(0x1A26_2026, 12_000);
    let large_target = target.max_agents(100_000);
    let want_typical = total_agents(&typical, &target);
    let want_large = total_agents(&large, &large_target);

    let mut g = c.benchmark_group("staffing");
    g.sample_size(10).sampling_mode(SamplingMode::Flat);
    g.throughput(Throughput::Elements(N as u64));
    g.bench_function("plan_10k_intervals_up_to_140_erlangs", |b| {
        b.iter(|| assert_eq!(total_agents(black_box(&typical), &target), want_typical))
    });
    g.bench_function("plan_10k_intervals_up_to_2800_erlangs", |b| {
        b.iter(|| assert_eq!(total_agents(black_box(&large), &large_target), want_large))
    });
    g.finish();
}
