//! `report --html`: one self-contained page (inline CSS and SVG, no scripts, no external
//! assets) drawn from the core's `Report`. Every number on it is a field of that object; the
//! elements carry `data-*` attributes so a browser test can read them back.

use std::fmt::Write;

use support_metrics::calendar::format_instant;
use support_metrics::metrics::Dimension;
use support_metrics::report::{sla_kpi_name, Breakdown, Report, Unit};
use support_metrics::stats::Interval;

use crate::report::{
    bin_label, csat_unit, dimension_name, group_figures, interval_text, show, status_text, WEEKDAYS,
};

/// Findings listed on the page at most; the JSON output has them all.
const MAX_FINDINGS: usize = 5_000;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const STYLE: &str = "
body{font:14px/1.4 system-ui,-apple-system,'Segoe UI',sans-serif;margin:24px;color:#1f2933;background:#f7f8fa}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}
.sub{color:#52606d;margin-bottom:16px}
.tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(190px,1fr));gap:10px}
.tile{background:#fff;border-radius:8px;padding:10px 12px;border-left:5px solid #cbd2d9;box-shadow:0 1px 2px #0001}
.tile.met{border-left-color:#2f9e44}.tile.missed{border-left-color:#e03131}.tile.not_significantly_different{border-left-color:#f59f00}
.tile .name{color:#52606d;font-size:12px}.tile .value{font-size:22px;font-weight:600}
.tile .ci,.tile .n,.tile .target{font-size:12px;color:#616e7c}
.panel{background:#fff;border-radius:8px;padding:12px;box-shadow:0 1px 2px #0001;margin-bottom:12px;overflow-x:auto}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:12px}
table{border-collapse:collapse;font-size:13px}td,th{padding:3px 8px;text-align:right;border-bottom:1px solid #e4e7eb}
td:first-child,th:first-child{text-align:left}
svg text{font:11px system-ui,sans-serif;fill:#3e4c59}
.dq li{font-family:ui-monospace,monospace;font-size:12px}
";

/// The whole page.
pub fn page(r: &Report, title: &str, findings: &[String]) -> String {
    let mut h = String::with_capacity(64 * 1024);
    let _ = write!(
        h,
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>Support quality report</title><style>{STYLE}</style></head><body>\
         <h1>Support quality report</h1><div class=\"sub\">{} · as of {} · durations in {} time · periods in {}</div>",
        esc(title),
        r.as_of.map_or_else(|| "(no as-of)".to_string(), format_instant),
        if r.time == support_metrics::sla::TimeBasis::Calendar {
            "calendar"
        } else {
            "business"
        },
        esc(&r.timezone)
    );
    tiles(&mut h, r);
    h.push_str("<div class=\"grid2\">");
    histogram(&mut h, r);
    sla_by_channel(&mut h, r);
    h.push_str("</div><div class=\"grid2\">");
    by_agent(&mut h, r);
    heatmap(&mut h, r);
    h.push_str("</div>");
    trend(&mut h, r);
    breakdown_tables(&mut h, r);
    data_quality(&mut h, r, findings);
    h.push_str(
        "<p class=\"sub\">Computed by support-metrics; definitions in docs/metrics.md. \
         Intervals are 95% unless configured otherwise.</p></body></html>\n",
    );
    h
}

fn tiles(h: &mut String, r: &Report) {
    h.push_str("<h2>Key figures</h2><div class=\"tiles\">");
    for k in &r.kpis {
        let status = k
            .status
            .and_then(|s| serde_json::to_value(s).ok())
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let _ = write!(
            h,
            "<div class=\"tile {status}\" data-kpi=\"{}\" data-value=\"{}\">\
             <div class=\"name\">{}</div><div class=\"value\">{}</div>\
             <div class=\"ci\">{}</div><div class=\"n\">n = {}</div><div class=\"target\">{}</div></div>",
            esc(&k.name),
            k.value.map(|v| v.to_string()).unwrap_or_default(),
            esc(&k.name.replace('_', " ")),
            esc(&show(k.unit, k.value)),
            esc(&interval_text(k.unit, k.interval.as_ref())),
            k.n,
            esc(&status_text(k)),
        );
    }
    h.push_str("</div>");
}

fn histogram(h: &mut String, r: &Report) {
    let hist = &r.first_response_histogram;
    let (w, ht, left, bottom) = (520.0, 220.0, 50.0, 40.0);
    let max = hist.counts.iter().copied().max().unwrap_or(0).max(1) as f64;
    let n = hist.counts.len().max(1) as f64;
    let bw = (w - left - 10.0) / n;
    let _ = write!(
        h,
        "<div class=\"panel\"><h2>First response time</h2>\
         <svg id=\"frt-histogram\" width=\"{w}\" height=\"{ht}\" viewBox=\"0 0 {w} {ht}\">"
    );
    for (i, c) in hist.counts.iter().enumerate() {
        let bh = (*c as f64 / max) * (ht - bottom - 20.0);
        let x = left + i as f64 * bw;
        let y = ht - bottom - bh;
        let _ = write!(
            h,
            "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{bh:.1}\" fill=\"#4c6ef5\" data-count=\"{c}\"><title>{}: {c}</title></rect>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{c}</text>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            bw - 4.0,
            esc(&bin_label(&hist.edges, i)),
            x + bw / 2.0,
            y - 3.0,
            x + bw / 2.0,
            ht - bottom + 14.0,
            esc(&bin_label(&hist.edges, i)),
        );
    }
    let _ = write!(
        h,
        "</svg><div class=\"sub\">{} interactions without a first response time.</div></div>",
        hist.excluded
    );
}

/// Horizontal bars with interval whiskers, values in [0, 1].
fn share_bars(h: &mut String, id: &str, rows: &[(String, Option<f64>, Option<Interval>)]) {
    let (w, left) = (520.0, 130.0);
    let rh = 22.0;
    let ht = rows.len() as f64 * rh + 24.0;
    let x = |v: f64| left + v.clamp(0.0, 1.0) * (w - left - 50.0);
    let _ = write!(
        h,
        "<svg id=\"{id}\" width=\"{w}\" height=\"{ht}\" viewBox=\"0 0 {w} {ht}\">"
    );
    for (i, (label, v, iv)) in rows.iter().enumerate() {
        let y = i as f64 * rh + 4.0;
        let _ = write!(
            h,
            "<text x=\"0\" y=\"{:.1}\">{}</text>",
            y + 14.0,
            esc(label)
        );
        if let Some(v) = v {
            let _ = write!(
                h,
                "<rect x=\"{left}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"16\" fill=\"#74c0fc\" data-label=\"{}\" data-value=\"{v}\"></rect>\
                 <text x=\"{:.1}\" y=\"{:.1}\">{:.1}%</text>",
                x(*v) - left,
                esc(label),
                x(1.0) + 4.0,
                y + 13.0,
                v * 100.0
            );
        }
        if let Some(iv) = iv {
            whisker(h, x(iv.lower), x(iv.upper), y + 8.0);
        }
    }
    let _ = write!(
        h,
        "<line x1=\"{left}\" x2=\"{left}\" y1=\"0\" y2=\"{:.1}\" stroke=\"#9aa5b1\"></line></svg>",
        ht - 20.0
    );
}

/// The report's breakdown by `d`, or a note in the open panel (closed) saying how to get one.
/// An interval's whisker: a horizontal line from `x1` to `x2` at height `y`.
fn whisker(h: &mut String, x1: f64, x2: f64, y: f64) {
    let _ = write!(
        h,
        "<line x1=\"{x1:.1}\" x2=\"{x2:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#1c3d5a\" stroke-width=\"2\"></line>"
    );
}

fn breakdown<'r>(h: &mut String, r: &'r Report, d: &Dimension) -> Option<&'r Breakdown> {
    let found = r.breakdowns.iter().find(|b| b.dimension == *d);
    if found.is_none() {
        let name = dimension_name(d);
        let _ = write!(
            h,
            "<p class=\"sub\">No {name} breakdown (add {name} to --by).</p></div>"
        );
    }
    found
}

fn sla_by_channel(h: &mut String, r: &Report) {
    h.push_str("<div class=\"panel\"><h2>SLA compliance by channel</h2>");
    let Some(b) = breakdown(h, r, &Dimension::Channel) else {
        return;
    };
    let mut rows = Vec::new();
    for g in &b.rows {
        let Some(t) = &g.tickets else { continue };
        for s in &t.sla {
            let name = sla_kpi_name(s.metric);
            let metric = name.trim_start_matches("sla_").replace('_', " ");
            rows.push((
                format!("{} · {metric}", g.key.as_deref().unwrap_or("(none)")),
                s.compliance.value,
                s.compliance.interval,
            ));
        }
    }
    if rows.is_empty() {
        h.push_str("<p class=\"sub\">No SLA outcomes (no policies, or no --as-of).</p>");
    } else {
        share_bars(h, "sla-by-channel", &rows);
    }
    h.push_str("</div>");
}

fn by_agent(h: &mut String, r: &Report) {
    h.push_str("<div class=\"panel\"><h2>CSAT and NPS by agent</h2>");
    let Some(b) = breakdown(h, r, &Dimension::Agent) else {
        return;
    };
    let cu = csat_unit(r);
    let rows: Vec<_> = b
        .rows
        .iter()
        .filter_map(|g| {
            let s = g.surveys.as_ref()?;
            Some((g.key.clone().unwrap_or_else(|| "(none)".into()), s))
        })
        .collect();
    if rows.is_empty() {
        h.push_str("<p class=\"sub\">No survey answers.</p></div>");
        return;
    }
    if cu == Unit::Share {
        let csat: Vec<_> = rows
            .iter()
            .map(|(k, s)| (k.clone(), s.csat.value, s.csat.interval))
            .collect();
        h.push_str("<div class=\"sub\">CSAT (share of good answers)</div>");
        share_bars(h, "csat-by-agent", &csat);
    }
    // NPS: −100..100 mapped onto [0, 1] for the same bar layout, labelled in points.
    let (w, left) = (520.0, 130.0);
    let rh = 22.0;
    let ht = rows.len() as f64 * rh + 24.0;
    let x = |v: f64| left + ((v + 100.0) / 200.0).clamp(0.0, 1.0) * (w - left - 50.0);
    let _ = write!(
        h,
        "<div class=\"sub\">NPS (points)</div><svg id=\"nps-by-agent\" width=\"{w}\" height=\"{ht}\" viewBox=\"0 0 {w} {ht}\">\
         <line x1=\"{:.1}\" x2=\"{:.1}\" y1=\"0\" y2=\"{:.1}\" stroke=\"#9aa5b1\"></line>",
        x(0.0),
        x(0.0),
        ht - 20.0
    );
    for (i, (k, s)) in rows.iter().enumerate() {
        let y = i as f64 * rh + 4.0;
        let _ = write!(h, "<text x=\"0\" y=\"{:.1}\">{}</text>", y + 14.0, esc(k));
        if let Some(iv) = s.nps.interval {
            whisker(h, x(iv.lower), x(iv.upper), y + 8.0);
        }
        if let Some(v) = s.nps.value {
            let _ = write!(
                h,
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"5\" fill=\"#f76707\" data-label=\"{}\" data-value=\"{v}\"><title>n = {}</title></circle>\
                 <text x=\"{:.1}\" y=\"{:.1}\">{v:+.1}</text>",
                x(v),
                y + 8.0,
                esc(k),
                s.nps.count,
                x(100.0) + 4.0,
                y + 13.0,
            );
        }
    }
    h.push_str("</svg></div>");
}

fn heatmap(h: &mut String, r: &Report) {
    let max = r
        .volume_heatmap
        .iter()
        .flatten()
        .copied()
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let (cell, left, top) = (18.0, 36.0, 16.0);
    let w = left + 24.0 * cell + 4.0;
    let ht = top + 7.0 * cell + 4.0;
    let _ = write!(
        h,
        "<div class=\"panel\"><h2>Volume by weekday and hour ({})</h2>\
         <svg id=\"volume-heatmap\" width=\"{w}\" height=\"{ht}\" viewBox=\"0 0 {w} {ht}\">",
        esc(&r.timezone)
    );
    for hour in (0..24).step_by(3) {
        let _ = write!(
            h,
            "<text x=\"{:.1}\" y=\"11\">{hour:02}</text>",
            left + f64::from(hour) * cell
        );
    }
    for (d, row) in r.volume_heatmap.iter().enumerate() {
        let y = top + d as f64 * cell;
        let _ = write!(
            h,
            "<text x=\"0\" y=\"{:.1}\">{}</text>",
            y + 13.0,
            WEEKDAYS.get(d).copied().unwrap_or("")
        );
        for (hour, c) in row.iter().enumerate() {
            let a = (*c as f64 / max).sqrt();
            let _ = write!(
                h,
                "<rect x=\"{:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"rgba(12,166,120,{a:.3})\" stroke=\"#fff\" data-count=\"{c}\"><title>{} {hour:02}:00 — {c}</title></rect>",
                left + hour as f64 * cell,
                cell,
                cell,
                WEEKDAYS.get(d).copied().unwrap_or("")
            );
        }
    }
    h.push_str("</svg></div>");
}

/// One small line chart of a trend series, with an interval band when there is one.
fn line_chart(
    h: &mut String,
    id: &str,
    title: &str,
    unit: Unit,
    points: &[(String, Option<f64>, Option<Interval>)],
) {
    let (w, ht, left, bottom) = (520.0, 180.0, 60.0, 30.0);
    let values: Vec<f64> = points
        .iter()
        .flat_map(|p| [p.1, p.2.map(|i| i.lower), p.2.map(|i| i.upper)])
        .flatten()
        .collect();
    let _ = write!(h, "<div class=\"panel\"><h2>{}</h2>", esc(title));
    if values.is_empty() {
        h.push_str("<p class=\"sub\">No data.</p></div>");
        return;
    }
    let lo = values
        .iter()
        .copied()
        .fold(f64::INFINITY, f64::min)
        .min(0.0);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let hi = if hi > lo { hi } else { lo + 1.0 };
    let n = points.len().max(2) as f64 - 1.0;
    let x = |i: usize| left + i as f64 / n * (w - left - 20.0);
    let y = |v: f64| 10.0 + (1.0 - (v - lo) / (hi - lo)) * (ht - bottom - 10.0);
    let _ = write!(
        h,
        "<svg id=\"{id}\" width=\"{w}\" height=\"{ht}\" viewBox=\"0 0 {w} {ht}\">\
         <text x=\"0\" y=\"{:.1}\">{}</text><text x=\"0\" y=\"{:.1}\">{}</text>",
        y(hi) + 4.0,
        esc(&show(unit, Some(hi))),
        y(lo),
        esc(&show(unit, Some(lo)))
    );
    let band: Vec<(usize, Interval)> = points
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.2.map(|iv| (i, iv)))
        .collect();
    if band.len() > 1 {
        let mut d = String::new();
        for (j, (i, iv)) in band.iter().enumerate() {
            let _ = write!(
                d,
                "{}{:.1},{:.1} ",
                if j == 0 { "M" } else { "L" },
                x(*i),
                y(iv.upper)
            );
        }
        for (i, iv) in band.iter().rev() {
            let _ = write!(d, "L{:.1},{:.1} ", x(*i), y(iv.lower));
        }
        let _ = write!(h, "<path d=\"{d}Z\" fill=\"#d0ebff\"></path>");
    }
    let mut d = String::new();
    let mut first = true;
    for (i, p) in points.iter().enumerate() {
        if let Some(v) = p.1 {
            let _ = write!(
                d,
                "{}{:.1},{:.1} ",
                if first { "M" } else { "L" },
                x(i),
                y(v)
            );
            first = false;
        }
    }
    let _ = write!(
        h,
        "<path d=\"{d}\" fill=\"none\" stroke=\"#1971c2\" stroke-width=\"2\"></path>"
    );
    for (i, p) in points.iter().enumerate() {
        if let Some(v) = p.1 {
            let _ = write!(
                h,
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"2.5\" fill=\"#1971c2\" data-label=\"{}\" data-value=\"{v}\"><title>{}: {}</title></circle>",
                x(i),
                y(v),
                esc(&p.0),
                esc(&p.0),
                esc(&show(unit, Some(v)))
            );
        }
    }
    let step = (points.len() / 6).max(1);
    for (i, p) in points.iter().enumerate().step_by(step) {
        let _ = write!(
            h,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            x(i),
            ht - 8.0,
            esc(&p.0)
        );
    }
    h.push_str("</svg></div>");
}

fn trend(h: &mut String, r: &Report) {
    if r.trend.is_empty() {
        return;
    }
    let cu = csat_unit(r);
    let series = |name: &str| -> Vec<(String, Option<f64>, Option<Interval>)> {
        r.trend
            .iter()
            .map(|p| {
                let figs = group_figures(p.tickets.as_ref(), p.surveys.as_ref(), cu);
                let f = figs.iter().find(|f| f.0 == name);
                (p.period.clone(), f.and_then(|f| f.2), f.and_then(|f| f.3))
            })
            .collect()
    };
    h.push_str("<h2>Trends by period</h2><div class=\"grid2\">");
    line_chart(
        h,
        "trend-volume",
        "Volume",
        Unit::Count,
        &series("interactions"),
    );
    line_chart(
        h,
        "trend-frt",
        "First response time, median",
        Unit::Seconds,
        &series("first_response_median"),
    );
    line_chart(
        h,
        "trend-sla",
        "SLA first reply",
        Unit::Share,
        &series("sla_first_reply"),
    );
    line_chart(h, "trend-csat", "CSAT", cu, &series("csat"));
    h.push_str("</div>");
}

fn breakdown_tables(h: &mut String, r: &Report) {
    let cu = csat_unit(r);
    for b in &r.breakdowns {
        let dim = dimension_name(&b.dimension);
        let mut names: Vec<&str> = Vec::new();
        let rows: Vec<_> = b
            .rows
            .iter()
            .map(|g| {
                let figs = group_figures(g.tickets.as_ref(), g.surveys.as_ref(), cu);
                for f in &figs {
                    if !names.contains(&f.0) {
                        names.push(f.0);
                    }
                }
                (g.key.clone().unwrap_or_else(|| "(none)".into()), figs)
            })
            .collect();
        let _ = write!(
            h,
            "<div class=\"panel\"><h2>By {}</h2><table data-breakdown=\"{}\"><tr><th>{}</th>",
            esc(&dim),
            esc(&dim),
            esc(&dim)
        );
        for n in &names {
            let _ = write!(h, "<th>{}</th>", esc(&n.replace('_', " ")));
        }
        h.push_str("</tr>");
        for (key, figs) in rows {
            let _ = write!(h, "<tr data-key=\"{}\"><td>{}</td>", esc(&key), esc(&key));
            for n in &names {
                match figs.iter().find(|f| f.0 == *n) {
                    Some(f) => {
                        let _ = write!(
                            h,
                            "<td data-metric=\"{}\" data-value=\"{}\" title=\"{}\">{}</td>",
                            n,
                            f.2.map(|v| v.to_string()).unwrap_or_default(),
                            esc(&interval_text(f.1, f.3.as_ref())),
                            esc(&show(f.1, f.2))
                        );
                    }
                    None => h.push_str("<td></td>"),
                }
            }
            h.push_str("</tr>");
        }
        h.push_str("</table></div>");
    }
}

fn data_quality(h: &mut String, r: &Report, findings: &[String]) {
    let dq = &r.data_quality;
    let _ = write!(
        h,
        "<div class=\"panel dq\" id=\"data-quality\" data-rows-read=\"{}\" data-rows-rejected=\"{}\" data-findings=\"{}\">\
         <h2>Data quality</h2><p>{} rows read, {} rejected, {} finding(s). Left out as after the as-of instant: {} interactions, {} survey answers.</p>",
        dq.rows_read,
        dq.rows_rejected,
        dq.findings.len(),
        dq.rows_read,
        dq.rows_rejected,
        dq.findings.len(),
        r.excluded.interactions_after_as_of,
        r.excluded.surveys_after_as_of
    );
    if !dq.findings.is_empty() {
        h.push_str("<table><tr><th>code</th><th>findings</th></tr>");
        for (code, n) in dq.counts() {
            let _ = write!(h, "<tr><td>{}</td><td>{n}</td></tr>", esc(&code));
        }
        h.push_str("</table><ul>");
        for f in findings.iter().take(MAX_FINDINGS) {
            let _ = write!(h, "<li>{}</li>", esc(f));
        }
        h.push_str("</ul>");
        if findings.len() > MAX_FINDINGS {
            let _ = write!(
                h,
                "<p>{} more findings are not listed here; `--json` has every one.</p>",
                findings.len() - MAX_FINDINGS
            );
        }
    }
    h.push_str("</div>");
}
