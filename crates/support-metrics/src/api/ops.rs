//! The operation table and what each operation calls. Each arm reads its arguments, calls one
//! public function of the core and returns its serde form: no calculation lives here.

use std::collections::BTreeSet;

use serde_json::{json, Map, Value};

use super::args::{de_value, Args};
use super::{states, to_json, Op};
use crate::calendar::{format_instant, RowError};
use crate::contact_centre::{
    self, AgentStateAccumulator, AgentStateInterval, QueueAccumulator, QueueOptions, QueueRecord,
};
use crate::csv::{CsvReader, Header, Record};
use crate::erlang::{self, IntervalForecast, IntervalLength, StaffingTarget};
use crate::error::{Error, Result};
use crate::interaction::{
    read_event_log_csv, read_summary_csv, read_summary_csv_in_parts, read_summary_jsonl,
    validate_batch, EventLogMapping, Interaction, MeasureOptions, Measures, ReadOptions,
    SummaryTable,
};
use crate::metrics::{self, BreakdownOptions, Period, RankBy, TicketOptions};
use crate::qa::{QaGrouping, QualityScores, Review, Scorecard};
use crate::quality::DataQuality;
use crate::report::{ReportData, ReportOptions, ReportPlan, ReportRows};
use crate::sla::SlaPolicies;
use crate::stats::{self, Moments, NpsCounts, StatsOptions};
use crate::survey::{CsatDefinition, RatingScale, SurveyConfig, SurveyResponse, Surveys};
use crate::targets::{self, SignalThresholds, Target};

macro_rules! ops {
    ($($area:literal { $($name:literal ($args:literal) $summary:literal;)* })*) => {
        /// Every operation of [`call`](super::call), in the order of the docs.
        pub static OPS: &[Op] = &[$($(Op { name: $name, area: $area, args_text: $args, summary: $summary },)*)*];
    };
}

ops! {
    "calendar" {
        "validate_calendar" ("text") "true when the calendar JSON document is valid";
        "business_seconds" ("calendar, start, end") "business seconds in [start, end)";
        "add_business_seconds" ("calendar, start, seconds") "the latest instant with exactly that much business time after start";
        "is_open" ("calendar, at") "whether the calendar is open at the instant";
        "next_open" ("calendar, at") "the earliest open instant at or after the instant (itself when open), or null";
        "next_close" ("calendar, at") "the earliest closed instant at or after the instant (itself when closed), or null";
        "open_intervals" ("calendar, from, to") "the maximal open intervals clipped to [from, to)";
        "business_seconds_batch" ("calendar, starts, ends") "business seconds per row, with row errors";
    }
    "csv" {
        "read_csv" ("text") "the records and line numbers of a CSV text (RFC 4180)";
        "read_csv_header" ("text, require") "the positions of the required columns in the header";
    }
    "stats" {
        "rate" ("numerator, denominator, options?") "a proportion with its interval";
        "mean_estimate" ("values, options?") "a mean with its t interval";
        "normal_cdf" ("x") "the standard normal CDF";
        "normal_sf" ("x") "the standard normal survival function";
        "normal_quantile" ("p") "the standard normal quantile";
        "student_t_sf" ("t, df") "P(T > t) for Student's t";
        "student_t_quantile" ("p, df") "Student's t quantile";
        "beta_quantile" ("p, a, b") "the beta distribution's quantile";
        "nps_estimate" ("promoters, passives, detractors, method?, options?") "NPS in points with its interval";
        "nps_difference" ("a, b, options?") "the difference of two NPS with its interval and p-value";
        "proportion_difference" ("x_a, n_a, x_b, n_b, options?") "the difference of two proportions: Newcombe interval, z test";
        "welch_t_test" ("a, b, options?") "the difference of two means: Welch's t test";
        "benjamini_hochberg" ("p_values") "Benjamini-Hochberg q-values in input order";
        "quantile_interval" ("values, q, options?") "a percentile with its order-statistic interval";
    }
    "tickets" {
        "read_summary_csv" ("text, strict?") "interactions from the summary CSV, with data-quality findings";
        "read_summary_jsonl" ("text, strict?") "interactions from JSON Lines, with data-quality findings";
        "read_event_log" ("text, mapping, strict?") "interactions from an event log CSV (one row per event) through an event mapping, with data-quality findings";
        "validate_interaction" ("interaction") "true when the interaction is valid";
        "validate_interactions" ("interactions, strict?") "the valid interactions, with a finding per rejected one";
        "interaction_measures" ("calendar, interaction, options?") "per-interaction measures in calendar and business time";
        "validate_sla_policies" ("policies") "true when the SLA policies are valid";
        "evaluate_sla" ("calendar, policies, interaction, as_of") "each SLA target's state as of an instant";
        "ticket_report" ("calendar, interactions, policies?, options?") "the ticket catalogue's aggregates";
        "ticket_breakdown" ("calendar, interactions, by, policies?, options?") "the aggregates by dimensions and period";
        "agent_ranking" ("calendar, interactions, rank_by, min_count?, policies?, options?") "agents ranked on one aggregate";
        "volume_by_period" ("interactions, period, timezone") "contact volume per local period";
        "backlog" ("calendar, interactions, as_of") "interactions open as of an instant";
        "repeat_contacts" ("interactions, days, same_topic?") "per interaction: a repeat contact within the window, or null";
    }
    "report" {
        "report" ("calendar, interactions?, summary_csv?, event_log?, event_mapping?, surveys?, surveys_csv?, policies?, options?") "the quality report: KPIs with intervals and targets, breakdowns, trend, first-response histogram, volume heatmap, data quality";
        "kpi_scorecard" ("calendar, interactions?, summary_csv?, surveys?, surveys_csv?, policies?, options?") "the KPI scorecard: first response and resolution times, resolution rate, backlog, SLA compliance, CSAT, NPS and CES, in total and by agent (the report's figures, from summary rows or the summary CSV alone)";
        "demo_data" ("interactions?, seed?") "the deterministic demo data set: calendar, SLA policies, as_of, summary CSV and surveys CSV";
    }
    "state" {
        "report_state" ("calendar, interactions?, summary_csv?, event_log?, event_mapping?, surveys?, surveys_csv?, policies?, options?, part?, lines?") "the report's partial state as base64 bytes: the `all`, `tickets` or `surveys` share of one part of the data";
        "ticket_state" ("calendar, interactions?, summary_csv?, policies?, options?, by?, lines?") "the ticket catalogue's partial state (base64) of one part of the interactions";
        "survey_state" ("config?, csv?, responses?, sent?, options?, lines?") "survey_report's partial state (base64) of one part of the answers";
        "queue_state" ("records, options, stats?") "queue_report's partial state (base64) of one part of the contacts";
        "agent_state" ("states, interval?, timezone, shrinkage_reasons?") "agent_report's partial state (base64) of one part of the agent-state intervals";
        "qa_state" ("scorecard, reviews, grouping?, options?") "internal_quality's partial state (base64) of one part of the reviews";
        "merge_states" ("states") "one state from several of the same kind and definitions (base64 in, base64 out)";
        "finish_state" ("state") "the answer of the state's operation (report, ticket catalogue, survey_report, queue_report, agent_report, internal_quality) from a merged state";
        "state_info" ("state") "a state's header: kind, format version, fingerprint, sizes";
    }
    "survey" {
        "survey_report" ("config?, csv?, responses?, sent?, options?") "CSAT, NPS, CES, CSI, comment and response rates, by agent and topic";
        "parse_csat_definition" ("name") "the CSAT definition's canonical name";
        "validate_score" ("scale, what, score") "the score as a whole number on its scale";
    }
    "qa" {
        "score_review" ("scorecard, review") "a review's category and total scores";
        "internal_quality" ("scorecard, reviews, grouping?, options?") "internal quality score rows by group and period";
    }
    "targets" {
        "default_target" ("metric") "the industry-norm default target of a metric";
        "target_status" ("target, value?, interval?") "met, missed, not_significantly_different or no_data";
        "retention" ("start, end, options?") "customer retention (E - N) / S from id sets";
        "retention_from_counts" ("start, end, new, options?") "customer retention (E - N) / S from counts";
        "csat_drop" ("previous, current, thresholds?, options?") "audit signal: CSAT down on the previous period";
        "first_response_slowdown" ("previous, current, thresholds?, options?") "audit signal: first response slower";
        "nps_drop" ("previous, current, thresholds?, options?") "audit signal: NPS down";
        "rate_spike" ("kind, previous, current, thresholds?, options?") "audit signal: an escalation or repeat-contact spike";
    }
    "erlang" {
        "erlang_b" ("agents, traffic_erlangs") "Erlang B blocking probability";
        "erlang_c" ("agents, traffic_erlangs") "Erlang C probability of waiting";
        "erlang_c_metrics" ("agents, traffic_erlangs, aht_seconds, threshold_seconds") "Erlang C waiting, service level, ASA, occupancy";
        "agents_needed" ("traffic_erlangs, aht_seconds, target") "agents for a service-level target";
        "staffing_plan" ("forecast, interval, target") "agents per forecast interval, with row errors";
        "erlang_a" ("agents, traffic_erlangs, aht_seconds, patience_seconds, threshold_seconds") "Erlang A with patience: waiting, abandonment, service level";
    }
    "contact_centre" {
        "queue_report" ("records, options, stats?") "queue KPIs in total and by queue, agent and interval";
        "validate_queue_record" ("record") "true when the queue record is valid";
        "agent_report" ("states, interval?, timezone, shrinkage_reasons?") "agent-time KPIs: occupancy, utilisation, shrinkage";
    }
}

fn opts(a: &Args<'_>) -> Result<StatsOptions> {
    let o: StatsOptions = a.de_or_default("options")?;
    o.validate()?;
    Ok(o)
}

fn row_errors(errors: &[RowError]) -> Value {
    Value::Array(
        errors
            .iter()
            .map(|e| json!({"row": e.row, "error": e.error.code(), "message": e.error.to_string()}))
            .collect(),
    )
}

fn batch(interactions: &[Interaction], quality: &DataQuality) -> Result<Value> {
    Ok(json!({"interactions": to_json(&interactions)?, "quality": to_json(quality)?}))
}

/// Interactions given as an array of objects (each read and validated like
/// `validate_interaction`).
fn interactions(a: &Args<'_>) -> Result<Vec<Interaction>> {
    let v = a.req("interactions")?;
    let items = v.as_array().ok_or_else(|| Error::InvalidType {
        path: "args.interactions".into(),
        expected: "an array of interactions",
        found: super::args::kind(v),
    })?;
    items.iter().map(interaction).collect()
}

/// One interaction, as its JSON text or as the already parsed object (read and validated
/// exactly as [`Interaction::from_json`] does, without printing it back to text first).
fn interaction(v: &Value) -> Result<Interaction> {
    match v {
        Value::String(text) => Interaction::from_json(text),
        other => {
            let it = Interaction::from_value(other.clone())?;
            it.validate()?;
            Ok(it)
        }
    }
}

fn policies(a: &Args<'_>) -> Result<Option<SlaPolicies>> {
    match a.opt("policies") {
        None => Ok(None),
        Some(_) => SlaPolicies::from_json(&a.text_of("policies")?).map(Some),
    }
}

fn ticket_options(a: &Args<'_>) -> Result<TicketOptions> {
    match a.opt("options") {
        None => Ok(TicketOptions::default()),
        Some(_) => TicketOptions::from_json(&a.text_of("options")?),
    }
}

fn pair(a: &Args<'_>, name: &'static str) -> Result<(u64, u64)> {
    let (count, total): (u64, u64) = a.de(name)?;
    Ok((count, total))
}

fn moments(a: &Args<'_>, name: &'static str) -> Result<Moments> {
    Ok(Moments::of(&a.f64s(name)?))
}

fn staffing_target(a: &Args<'_>) -> Result<StaffingTarget> {
    a.de("target")
}

fn interval_length(a: &Args<'_>) -> Result<IntervalLength> {
    match a.opt("interval") {
        None => Ok(IntervalLength::Minutes30),
        Some(_) => IntervalLength::from_name(a.str("interval")?),
    }
}

fn scorecard(a: &Args<'_>) -> Result<Scorecard> {
    // Through `Scorecard::new`, so that a bad weight gets its own code, not `invalid_json`.
    Scorecard::new(a.de("scorecard")?)
}

pub(super) fn dispatch(op: &str, a: &Args<'_>) -> Result<Value> {
    Ok(match op {
        // -- calendar
        "validate_calendar" => {
            crate::BusinessCalendar::from_json(a.str("text")?)?;
            Value::Bool(true)
        }
        "business_seconds" => json!(a
            .calendar()?
            .business_seconds(a.instant("start")?, a.instant("end")?)?),
        "add_business_seconds" => Value::String(format_instant(
            a.calendar()?
                .add_business_seconds(a.instant("start")?, a.f64("seconds")?)?,
        )),
        "is_open" => Value::Bool(a.calendar()?.is_open(a.instant("at")?)?),
        "next_open" => to_json(
            &a.calendar()?
                .next_open(a.instant("at")?)?
                .map(format_instant),
        )?,
        "next_close" => to_json(
            &a.calendar()?
                .next_close(a.instant("at")?)?
                .map(format_instant),
        )?,
        "open_intervals" => {
            let cal = a.calendar()?;
            let spans: Vec<[String; 2]> = cal
                .open_intervals(a.instant("from")?, a.instant("to")?)?
                .map(|iv| [format_instant(iv.start), format_instant(iv.end)])
                .collect();
            to_json(&spans)?
        }
        "business_seconds_batch" => {
            let cal = a.calendar()?;
            let out = cal.business_seconds_batch(&a.instants("starts")?, &a.instants("ends")?)?;
            json!({"values": out.values, "errors": row_errors(&out.errors)})
        }
        // -- csv
        "read_csv" => {
            let mut reader = CsvReader::new(a.str("text")?);
            let mut rec = Record::default();
            let (mut records, mut lines) = (Vec::new(), Vec::new());
            while reader.read(&mut rec)? {
                records.push(rec.iter().map(Value::from).collect::<Vec<_>>());
                lines.push(rec.line());
            }
            json!({"records": records, "lines": lines})
        }
        "read_csv_header" => {
            let mut reader = CsvReader::new(a.str("text")?);
            let mut rec = Record::default();
            if !reader.read(&mut rec)? {
                return Err(Error::InvalidCsv {
                    line: 1,
                    column: 1,
                    reason: "the text is empty: a header line is required",
                });
            }
            let header = Header::new(&rec)?;
            let names: Vec<String> = a.de("require")?;
            let positions = names
                .iter()
                .map(|n| header.require(n))
                .collect::<Result<Vec<_>>>()?;
            json!({"positions": positions})
        }
        // -- stats
        "rate" => to_json(&stats::rate(
            a.u64("numerator")?,
            a.u64("denominator")?,
            &opts(a)?,
        )?)?,
        "mean_estimate" => to_json(&stats::mean_estimate(&moments(a, "values")?, &opts(a)?)?)?,
        "normal_cdf" => json!(stats::normal_cdf(a.f64("x")?)),
        "normal_sf" => json!(stats::normal_sf(a.f64("x")?)),
        "normal_quantile" => json!(stats::normal_quantile(a.f64("p")?)),
        "student_t_sf" => json!(stats::student_t_sf(a.f64("t")?, a.f64("df")?)),
        "student_t_quantile" => json!(stats::student_t_quantile(a.f64("p")?, a.f64("df")?)),
        "beta_quantile" => json!(stats::beta_quantile(a.f64("p")?, a.f64("a")?, a.f64("b")?)),
        "nps_estimate" => {
            let counts = NpsCounts {
                promoters: a.u64("promoters")?,
                passives: a.u64("passives")?,
                detractors: a.u64("detractors")?,
            };
            let method = match a.opt("method") {
                None => stats::NpsMethod::default(),
                Some(_) => a.de("method")?,
            };
            to_json(&stats::nps_estimate(&counts, method, &opts(a)?)?)?
        }
        "nps_difference" => {
            let (x, y): (NpsCounts, NpsCounts) = (a.de("a")?, a.de("b")?);
            to_json(&stats::nps_difference(&x, &y, &opts(a)?)?)?
        }
        "proportion_difference" => to_json(&stats::proportion_difference(
            a.u64("x_a")?,
            a.u64("n_a")?,
            a.u64("x_b")?,
            a.u64("n_b")?,
            &opts(a)?,
        )?)?,
        "welch_t_test" => to_json(&stats::welch_t_test(
            &moments(a, "a")?,
            &moments(a, "b")?,
            &opts(a)?,
        )?)?,
        "benjamini_hochberg" => to_json(&stats::benjamini_hochberg(&a.f64s("p_values")?)?)?,
        "quantile_interval" => {
            let mut xs = a.f64s("values")?;
            xs.sort_by(f64::total_cmp);
            to_json(&stats::quantile_interval(&xs, a.f64("q")?, &opts(a)?)?)?
        }
        // -- tickets
        "read_summary_csv" => {
            let b = if a.bool_or("strict", false)? {
                read_summary_csv(a.str("text")?, &ReadOptions::default().strict(true))?
            } else {
                read_summary_csv_in_parts(a.str("text")?, a.threads)?
            };
            batch(&b.interactions, &b.quality)?
        }
        "read_summary_jsonl" => {
            let ro = ReadOptions::default().strict(a.bool_or("strict", false)?);
            let b = read_summary_jsonl(a.str("text")?, &ro)?;
            batch(&b.interactions, &b.quality)?
        }
        "read_event_log" => {
            let ro = ReadOptions::default().strict(a.bool_or("strict", false)?);
            let mapping = EventLogMapping::from_json(&a.text_of("mapping")?)?;
            let b = read_event_log_csv(a.str("text")?, &mapping, &ro)?;
            batch(&b.interactions, &b.quality)?
        }
        "validate_interaction" => {
            interaction(a.req("interaction")?)?;
            Value::Bool(true)
        }
        "validate_interactions" => {
            let its: Vec<Interaction> = a.de("interactions")?;
            let b = validate_batch(its, a.bool_or("strict", false)?)?;
            batch(&b.interactions, &b.quality)?
        }
        "interaction_measures" => {
            let it = interaction(a.req("interaction")?)?;
            let mo = match a.opt("options") {
                None => MeasureOptions::default(),
                Some(_) => MeasureOptions::from_json(&a.text_of("options")?)?,
            };
            to_json(&Measures::compute(&it, &a.calendar()?, &mo)?)?
        }
        "validate_sla_policies" => {
            SlaPolicies::from_json(&a.text_of("policies")?)?;
            Value::Bool(true)
        }
        "evaluate_sla" => {
            let p = SlaPolicies::from_json(&a.text_of("policies")?)?;
            let it = interaction(a.req("interaction")?)?;
            to_json(&p.evaluate(&it, &a.calendar()?, a.instant("as_of")?)?)?
        }
        "ticket_report" => to_json(&metrics::ticket_report(
            &interactions(a)?,
            &a.calendar()?,
            policies(a)?.as_ref(),
            &ticket_options(a)?,
        )?)?,
        "ticket_breakdown" => {
            let by: BreakdownOptions = a.de("by")?;
            to_json(&metrics::ticket_breakdown(
                &interactions(a)?,
                &a.calendar()?,
                policies(a)?.as_ref(),
                &ticket_options(a)?,
                &by,
            )?)?
        }
        "agent_ranking" => {
            let by: RankBy = a.de("rank_by")?;
            let min_count = match a.opt("min_count") {
                None => 1,
                Some(_) => a.u64("min_count")?,
            };
            to_json(&metrics::agent_ranking(
                &interactions(a)?,
                &a.calendar()?,
                policies(a)?.as_ref(),
                &ticket_options(a)?,
                by,
                min_count,
            )?)?
        }
        "volume_by_period" => {
            let period: Period = a.de("period")?;
            let rows = metrics::volume_by_period(&interactions(a)?, period, a.str("timezone")?)?;
            Value::Array(
                rows.into_iter()
                    .map(|(period, count)| json!({"period": period, "count": count}))
                    .collect(),
            )
        }
        "backlog" => json!(metrics::backlog(
            &interactions(a)?,
            &a.calendar()?,
            a.instant("as_of")?
        )?),
        "repeat_contacts" => to_json(&metrics::repeat_contacts(
            &interactions(a)?,
            a.u32("days")?,
            a.bool_or("same_topic", false)?,
        ))?,
        // -- survey
        "survey_report" => survey_report(a)?,
        // -- report
        "report" => report(a)?,
        "kpi_scorecard" => kpi_scorecard(a)?,
        "report_state" => report_state(a)?,
        "ticket_state" => ticket_state(a)?,
        "survey_state" => {
            let st = survey_state_of(a)?;
            let fp = st.fingerprint()?;
            states::encode(&st, fp)?
        }
        "merge_states" => states::merge(&a.de::<Vec<String>>("states")?)?,
        "finish_state" => states::finish(a.str("state")?)?,
        "state_info" => to_json(&crate::state::header(&crate::state::from_base64(
            a.str("state")?,
        )?)?)?,
        "demo_data" => {
            let mut o = crate::demo::DemoOptions::default();
            if a.opt("interactions").is_some() {
                o.interactions = a.u64("interactions")?;
            }
            if a.opt("seed").is_some() {
                o.seed = a.u64("seed")?;
            }
            let d = crate::demo::demo(&o)?;
            json!({
                "calendar": d.calendar,
                "policies": d.policies,
                "as_of": format_instant(d.as_of),
                "summary_csv": crate::interaction::write_summary_csv(&d.interactions),
                "surveys_csv": crate::survey::write_surveys_csv(&d.surveys),
            })
        }
        "parse_csat_definition" => to_json(&CsatDefinition::parse(a.str("name")?)?)?,
        "validate_score" => {
            let scale: RatingScale = a.de("scale")?;
            json!(scale.check(a.f64("score")?, a.str("what")?)?)
        }
        // -- qa
        "score_review" => {
            let review: Review = a.de("review")?;
            to_json(&scorecard(a)?.score(&review)?)?
        }
        "qa_state" => {
            let card = scorecard(a)?;
            let grouping: QaGrouping = a.de_or_default("grouping")?;
            let reviews: Vec<Review> = a.de("reviews")?;
            let so = opts(a)?;
            let empty = QualityScores::new(card, grouping)?;
            let mut acc = empty.clone();
            let quality = acc.push_all(&reviews);
            let (st, fp) = states::QaState::new(acc, &empty, &so, quality)?;
            states::encode(&st, fp)?
        }
        "internal_quality" => {
            let card = scorecard(a)?;
            let grouping: QaGrouping = a.de_or_default("grouping")?;
            let reviews: Vec<Review> = a.de("reviews")?;
            let mut acc = QualityScores::new(card, grouping)?;
            let quality = acc.push_all(&reviews);
            json!({"quality": to_json(&quality)?, "rows": to_json(&acc.finish(&opts(a)?)?)?})
        }
        // -- targets
        "default_target" => to_json(&Target::default_for(a.de("metric")?))?,
        "target_status" => {
            let t: Target = a.de("target")?;
            let value = match a.opt("value") {
                None => None,
                Some(_) => Some(a.f64("value")?),
            };
            let iv: Option<stats::Interval> = match a.opt("interval") {
                None => None,
                Some(v) => Some(de_value("interval", v)?),
            };
            to_json(&t.status(value, iv.as_ref()))?
        }
        "retention" => {
            let (s, e): (Vec<String>, Vec<String>) = (a.de("start")?, a.de("end")?);
            to_json(&targets::retention(&s, &e, &opts(a)?)?)?
        }
        "retention_from_counts" => to_json(&targets::retention_from_counts(
            a.u64("start")?,
            a.u64("end")?,
            a.u64("new")?,
            &opts(a)?,
        )?)?,
        "csat_drop" => to_json(&targets::csat_drop(
            pair(a, "previous")?,
            pair(a, "current")?,
            &thresholds(a)?,
            &opts(a)?,
        )?)?,
        "first_response_slowdown" => to_json(&targets::first_response_slowdown(
            &moments(a, "previous")?,
            &moments(a, "current")?,
            &thresholds(a)?,
            &opts(a)?,
        )?)?,
        "nps_drop" => {
            let (p, c): (NpsCounts, NpsCounts) = (a.de("previous")?, a.de("current")?);
            to_json(&targets::nps_drop(&p, &c, &thresholds(a)?, &opts(a)?)?)?
        }
        "rate_spike" => to_json(&targets::rate_spike(
            a.de("kind")?,
            pair(a, "previous")?,
            pair(a, "current")?,
            &thresholds(a)?,
            &opts(a)?,
        )?)?,
        // -- erlang
        "erlang_b" => json!(erlang::erlang_b(
            a.f64("agents")?,
            a.f64("traffic_erlangs")?
        )?),
        "erlang_c" => json!(erlang::erlang_c(
            a.f64("agents")?,
            a.f64("traffic_erlangs")?
        )?),
        "erlang_c_metrics" => to_json(&erlang::erlang_c_metrics(
            a.f64("agents")?,
            a.f64("traffic_erlangs")?,
            a.f64("aht_seconds")?,
            a.f64("threshold_seconds")?,
        )?)?,
        "agents_needed" => to_json(&erlang::agents_needed(
            a.f64("traffic_erlangs")?,
            a.f64("aht_seconds")?,
            &staffing_target(a)?,
        )?)?,
        "staffing_plan" => {
            let forecast: Vec<IntervalForecast> = a.de("forecast")?;
            let plan = erlang::staffing_plan(
                &forecast,
                IntervalLength::from_name(a.str("interval")?)?,
                &staffing_target(a)?,
            )?;
            json!({"values": to_json(&plan.values)?, "errors": row_errors(&plan.errors)})
        }
        "erlang_a" => to_json(&erlang::erlang_a(
            a.u32("agents")?,
            a.f64("traffic_erlangs")?,
            a.f64("aht_seconds")?,
            a.f64("patience_seconds")?,
            a.f64("threshold_seconds")?,
        )?)?,
        // -- contact centre
        "queue_report" => {
            let records: Vec<QueueRecord> = a.de("records")?;
            let qo = queue_options(a)?;
            let so: StatsOptions = a.de_or_default("stats")?;
            to_json(&contact_centre::queue_report(&records, &qo, &so)?)?
        }
        "queue_state" => {
            let records: Vec<QueueRecord> = a.de("records")?;
            let qo = queue_options(a)?;
            let so: StatsOptions = a.de_or_default("stats")?;
            so.validate()?;
            let empty = QueueAccumulator::new(qo)?;
            let mut acc = empty.clone();
            for r in &records {
                acc.push(r);
            }
            let (st, fp) = states::QueueState::new(acc, &empty, &so)?;
            states::encode(&st, fp)?
        }
        "validate_queue_record" => {
            let r: QueueRecord = a.de("record")?;
            r.validate()?;
            Value::Bool(true)
        }
        "agent_state" => {
            let states_: Vec<AgentStateInterval> = a.de("states")?;
            let reasons: Option<BTreeSet<String>> = match a.opt("shrinkage_reasons") {
                None => None,
                Some(_) => Some(a.de("shrinkage_reasons")?),
            };
            let empty = AgentStateAccumulator::new(interval_length(a)?, a.str("timezone")?)?;
            let mut acc = empty.clone();
            for s in &states_ {
                acc.push(s);
            }
            let (st, fp) = states::AgentState::new(acc, &empty, reasons)?;
            states::encode(&st, fp)?
        }
        "agent_report" => {
            let states: Vec<AgentStateInterval> = a.de("states")?;
            let reasons: Option<BTreeSet<String>> = match a.opt("shrinkage_reasons") {
                None => None,
                Some(_) => Some(a.de("shrinkage_reasons")?),
            };
            to_json(&contact_centre::agent_report(
                &states,
                interval_length(a)?,
                a.str("timezone")?,
                reasons.as_ref(),
            )?)?
        }
        other => {
            return Err(Error::UnknownOperation {
                name: other.to_owned(),
            })
        }
    })
}

/// Through [`QueueOptions::new`], so that an unknown zone is `unknown_time_zone`.
fn queue_options(a: &Args<'_>) -> Result<QueueOptions> {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Form {
        threshold_seconds: f64,
        #[serde(default)]
        short_abandon_seconds: f64,
        #[serde(default)]
        interval: Option<String>,
        timezone: String,
    }
    let f: Form = a.de("options")?;
    let mut o = QueueOptions::new(f.threshold_seconds, &f.timezone)?
        .short_abandon_seconds(f.short_abandon_seconds);
    if let Some(name) = f.interval {
        o = o.interval(IntervalLength::from_name(&name)?);
    }
    o.validate()?;
    Ok(o)
}

fn thresholds(a: &Args<'_>) -> Result<SignalThresholds> {
    a.de_or_default("thresholds")
}

/// The report of interactions (objects, the summary CSV and/or an event log with its mapping)
/// and survey answers (objects and/or the surveys CSV); the readers' findings go to its
/// data-quality section.
/// What `report` and `report_state` read: the options, the interactions and the answers,
/// with the findings of reading the interactions and of reading the answers.
struct ReportInputs {
    options: ReportOptions,
    interactions: Vec<Interaction>,
    answers: Vec<SurveyResponse>,
    interaction_quality: DataQuality,
    survey_quality: DataQuality,
}

/// The report's options (the defaults when none are given).
fn report_options(a: &Args<'_>) -> Result<ReportOptions> {
    match a.opt("options") {
        None => Ok(ReportOptions::default()),
        Some(_) => ReportOptions::from_json(&a.text_of("options")?),
    }
}

/// The report's answers (objects and/or the surveys CSV), with the findings of reading them.
fn report_answers(
    a: &Args<'_>,
    options: &ReportOptions,
) -> Result<(Vec<SurveyResponse>, DataQuality)> {
    let mut answers: Vec<SurveyResponse> = match a.opt("surveys") {
        None => Vec::new(),
        Some(_) => a.de("surveys")?,
    };
    let mut survey_quality = DataQuality::default();
    if a.opt("surveys_csv").is_some() {
        let b = crate::survey::read_surveys_csv(
            a.str("surveys_csv")?,
            &options.surveys,
            &ReadOptions::default(),
        )?;
        answers.extend(b.responses);
        survey_quality = b.quality;
    }
    Ok((answers, survey_quality))
}

fn report_inputs(a: &Args<'_>) -> Result<ReportInputs> {
    let options = report_options(a)?;
    let mut quality = DataQuality::default();
    let mut its = match a.opt("interactions") {
        None => Vec::new(),
        Some(_) => interactions(a)?,
    };
    if a.opt("summary_csv").is_some() {
        let b = read_summary_csv_in_parts(a.str("summary_csv")?, a.threads)?;
        if its.is_empty() {
            // A million rows: no copy into an empty list.
            its = b.interactions;
        } else {
            its.extend(b.interactions);
        }
        quality.merge(b.quality);
    }
    if a.opt("event_log").is_some() || a.opt("event_mapping").is_some() {
        let text = a.str("event_log")?;
        let mapping = EventLogMapping::from_json(&a.text_of("event_mapping")?)?;
        let b = read_event_log_csv(text, &mapping, &ReadOptions::default())?;
        its.extend(b.interactions);
        quality.merge(b.quality);
    }
    let (answers, survey_quality) = report_answers(a, &options)?;
    Ok(ReportInputs {
        options,
        interactions: its,
        answers,
        interaction_quality: quality,
        survey_quality,
    })
}

/// The KPI scorecard of summary rows (objects in `interactions`, or `summary_csv`) and
/// answers (objects in `surveys`, or `surveys_csv`): one form of each.
fn kpi_scorecard(a: &Args<'_>) -> Result<Value> {
    use crate::kpi::{AnswerInput, InteractionInput};
    let one_of = |objects: &'static str, text: &'static str| -> Result<()> {
        if a.opt(objects).is_some() && a.opt(text).is_some() {
            return Err(Error::InvalidArgument {
                name: objects,
                value: format!("both `{objects}` and `{text}`"),
                expected: "the rows as objects or as CSV text, not both",
            });
        }
        Ok(())
    };
    one_of("interactions", "summary_csv")?;
    one_of("surveys", "surveys_csv")?;
    let options = report_options(a)?;
    let rows: Vec<crate::interaction::SummaryRow>;
    let interactions = match a.opt("summary_csv") {
        Some(_) => InteractionInput::Csv(a.str("summary_csv")?),
        None => {
            rows = a.de("interactions")?;
            InteractionInput::Rows(&rows)
        }
    };
    let responses: Vec<SurveyResponse>;
    let surveys = if a.opt("surveys_csv").is_some() {
        Some(AnswerInput::Csv(a.str("surveys_csv")?))
    } else if a.opt("surveys").is_some() {
        responses = a.de("surveys")?;
        Some(AnswerInput::Responses(&responses))
    } else {
        None
    };
    to_json(&crate::kpi::scorecard_of(
        &a.calendar()?,
        policies(a)?.as_ref(),
        interactions,
        surveys,
        &options,
        a.threads,
    )?)
}

fn report(a: &Args<'_>) -> Result<Value> {
    let only_csv = a.opt("interactions").is_none()
        && a.opt("event_log").is_none()
        && a.opt("event_mapping").is_none();
    // The summary CSV alone is read as a table, each interaction built when the report reads
    // it (the same report, without a million interactions in memory).
    let mut table: Option<SummaryTable<'_>> = None;
    let mut r = if only_csv && a.opt("summary_csv").is_some() {
        let options = report_options(a)?;
        let t = table.insert(SummaryTable::read(a.str("summary_csv")?, a.threads)?);
        let (answers, survey_quality) = report_answers(a, &options)?;
        ReportInputs {
            options,
            interactions: Vec::new(),
            answers,
            interaction_quality: t.quality().clone(),
            survey_quality,
        }
    } else {
        report_inputs(a)?
    };
    r.interaction_quality
        .merge(std::mem::take(&mut r.survey_quality));
    let slice = r.interactions.as_slice();
    let data = ReportRows {
        interactions: match &table {
            Some(t) => t,
            None => &slice,
        },
        surveys: &r.answers,
        quality: &r.interaction_quality,
    };
    to_json(&crate::report::report_rows_in_parts(
        &data,
        &a.calendar()?,
        policies(a)?.as_ref(),
        &r.options,
        a.threads,
    )?)
}

/// Forgets the findings' line numbers (`lines: false`): lines of a part's text (a Spark
/// partition's batch, say) would point into no file the user has; the `id` names the row.
fn unlined(q: &mut DataQuality) {
    for f in &mut q.findings {
        f.line = None;
    }
}

/// The report's state of one part of the data: `all` of it, its `tickets` share (with the
/// findings of reading the interactions), or its `surveys` share (with the findings of
/// reading the answers; the interactions are there only for the join, their findings are
/// the tickets share's).
fn report_state(a: &Args<'_>) -> Result<Value> {
    let part = match a.opt("part") {
        None => "all",
        Some(_) => a.str("part")?,
    };
    let (tickets, surveys) = match part {
        "all" => (true, true),
        "tickets" => (true, false),
        "surveys" => (false, true),
        other => {
            return Err(Error::InvalidArgument {
                name: "part",
                value: other.chars().take(40).collect(),
                expected: "`all`, `tickets` or `surveys`",
            })
        }
    };
    let mut r = report_inputs(a)?;
    if !a.bool_or("lines", true)? {
        unlined(&mut r.interaction_quality);
        unlined(&mut r.survey_quality);
    }
    let mut quality = DataQuality::default();
    if tickets {
        quality.merge(r.interaction_quality);
    }
    if surveys {
        quality.merge(r.survey_quality);
    }
    let data = ReportData {
        interactions: &r.interactions,
        surveys: &r.answers,
        quality: &quality,
    };
    let cal = a.calendar()?;
    let pol = policies(a)?;
    let plan = ReportPlan::new(data, &cal, pol.as_ref(), &r.options)?;
    let ticket_parts = if tickets {
        vec![plan.tickets(0..r.interactions.len())?]
    } else {
        Vec::new()
    };
    let survey_part = if surveys { Some(plan.surveys()?) } else { None };
    let state = plan.state(ticket_parts, survey_part)?;
    states::encode(&state, plan.fingerprint())
}

/// Every survey metric of one batch of responses (the surveys CSV text and/or response
/// objects, pushed in that order).
fn survey_report(a: &Args<'_>) -> Result<Value> {
    survey_answer(&survey_state_of(a)?)
}

/// What `survey_report` and `survey_state` read: the kept answers, the findings of reading
/// the CSV, and the surveys sent.
fn survey_state_of(a: &Args<'_>) -> Result<states::SurveyState> {
    let config: SurveyConfig = a.de_or_default("config")?;
    let so = opts(a)?;
    let mut s = Surveys::new(config)?;
    let mut quality = None;
    if a.opt("csv").is_some() {
        quality = Some(s.push_csv(a.str("csv")?)?);
    }
    if a.opt("responses").is_some() {
        let responses: Vec<SurveyResponse> = a.de("responses")?;
        for r in &responses {
            s.push(r)?;
        }
    }
    let sent = match a.opt("sent") {
        None => None,
        Some(_) => Some(a.u64("sent")?),
    };
    if a.opt("lines").is_some() && !a.bool_or("lines", true)? {
        quality.iter_mut().for_each(unlined);
    }
    states::SurveyState::new(s, &so, quality, sent)
}

/// `survey_report`'s answer.
pub(super) fn survey_answer(st: &states::SurveyState) -> Result<Value> {
    let (s, so) = (&st.surveys, &st.stats()?);
    let mut out = Map::new();
    if let Some(q) = &st.quality {
        out.insert("quality".into(), to_json(q)?);
    }
    out.insert(
        "answers".into(),
        json!({"pushed": s.answers_pushed(), "kept": s.answers_kept(), "superseded": s.superseded()}),
    );
    for (key, def) in [
        ("csat_top_box", CsatDefinition::TopBox),
        ("csat_zendesk", CsatDefinition::Zendesk),
        ("csat_mean_rating", CsatDefinition::MeanRating),
        ("csat_help_scout", CsatDefinition::HelpScout),
    ] {
        out.insert(key.into(), to_json(&s.csat(def, so)?)?);
    }
    out.insert("nps".into(), to_json(&s.nps(so)?)?);
    out.insert("ces".into(), to_json(&s.ces(so)?)?);
    out.insert("csi".into(), to_json(&s.csi()?)?);
    out.insert("comment_rate".into(), to_json(&s.comment_rate(None, so)?)?);
    out.insert("csat_by_agent".into(), to_json(&s.csat_by_agent(so)?)?);
    out.insert(
        "low_score_by_topic".into(),
        to_json(&s.low_score_by_topic(so)?)?,
    );
    if let Some(sent) = st.sent {
        out.insert(
            "response_rate".into(),
            to_json(&s.response_rate(None, sent, so)?)?,
        );
    }
    Ok(Value::Object(out))
}

/// The ticket catalogue's state of a part of the interactions (objects and/or the summary
/// CSV), with the breakdown `by` when given.
fn ticket_state(a: &Args<'_>) -> Result<Value> {
    let mut its = match a.opt("interactions") {
        None => Vec::new(),
        Some(_) => interactions(a)?,
    };
    let mut quality = None;
    if a.opt("summary_csv").is_some() {
        let b = read_summary_csv(a.str("summary_csv")?, &ReadOptions::default())?;
        its.extend(b.interactions);
        quality = Some(b.quality);
    }
    if !a.bool_or("lines", true)? {
        quality.iter_mut().for_each(unlined);
    }
    let by: Option<BreakdownOptions> = match a.opt("by") {
        None => None,
        Some(_) => Some(a.de("by")?),
    };
    let cal = a.calendar()?;
    let pol = policies(a)?;
    let opts = ticket_options(a)?;
    let acc = metrics::accumulate_catalogue(&its, &cal, pol.as_ref(), &opts, by.as_ref())?;
    let (st, fp) = states::TicketState::new(acc, &cal, pol.as_ref(), &opts, by.as_ref(), quality)?;
    states::encode(&st, fp)
}
