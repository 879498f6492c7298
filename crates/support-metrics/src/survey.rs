//! Survey responses: CSAT under named definitions, NPS, CES, CSI, response and comment rates,
//! and the low-score share by topic, each with its interval.
//!
//! Responses go into a [`Surveys`] accumulator (`push`, `push_csv`, `merge`; serde, so partial
//! results can be stored and merged), which keeps one response per interaction and kind — the
//! first or the latest when a ticket is re-rated — and answers every metric from it.
//!
//! ```
//! use support_metrics::survey::{CsatDefinition, SurveyConfig, Surveys};
//! use support_metrics::stats::StatsOptions;
//! let mut s = Surveys::new(SurveyConfig::default())?;
//! let quality = s.push_csv("interaction_id,kind,score,responded_at\n\
//!     t1,csat,5,2026-03-02T10:00:00Z\n\
//!     t2,csat,3,2026-03-02T11:00:00Z\n\
//!     t3,csat,4,2026-03-02T12:00:00Z\n\
//!     t3,csat,2,2026-03-03T09:00:00Z\n\
//!     t4,csat,9,2026-03-03T10:00:00Z\n")?;
//! assert_eq!(quality.rows_rejected, 1); // 9 is off the 1–5 scale: counted, not dropped
//! // t3 was re-rated: the latest rating (2) counts. Top box: 4–5 of 5 over all responses.
//! let top = s.csat(CsatDefinition::TopBox, &StatsOptions::default())?;
//! assert_eq!((top.good, top.neutral, top.bad, top.responses), (1, 0, 2, 3));
//! assert!((top.value.unwrap() - 1.0 / 3.0).abs() < 1e-15);
//! # Ok::<(), support_metrics::Error>(())
//! ```

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::csv::{CsvReader, Header, Record};
use crate::error::{Error, Result};
use crate::interaction::ReadOptions;
use crate::keyed::Keyed;
use crate::quality::{DataQuality, Finding};
use crate::stats::{
    self, Interval, MeanEstimate, Moments, NpsCounts, NpsEstimate, NpsMethod, Rate, StatsOptions,
};

/// What a survey asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SurveyKind {
    /// Customer satisfaction with the interaction.
    Csat,
    /// Likelihood to recommend, 0–10.
    Nps,
    /// Customer effort.
    Ces,
    /// Attribute satisfaction and importance for a satisfaction index.
    Csi,
}

impl SurveyKind {
    /// Reads `csat`, `nps`, `ces` or `csi` (the CSV's `kind` column).
    pub fn parse(name: &str) -> Result<SurveyKind> {
        match crate::csv::trim(name) {
            "csat" => Ok(SurveyKind::Csat),
            "nps" => Ok(SurveyKind::Nps),
            "ces" => Ok(SurveyKind::Ces),
            "csi" => Ok(SurveyKind::Csi),
            other => Err(Error::UnknownDefinition {
                what: "survey kind",
                name: other.to_string(),
                expected: "csat, nps, ces, csi",
            }),
        }
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            SurveyKind::Csat => "csat",
            SurveyKind::Nps => "nps",
            SurveyKind::Ces => "ces",
            SurveyKind::Csi => "csi",
        }
    }
}

/// One attribute rated in a CSI survey.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttributeRating {
    /// The attribute ("speed of reply", "knowledge").
    pub attribute: String,
    /// Satisfaction on the CSI scale.
    pub satisfaction: f64,
    /// Stated importance (any positive scale); `None` when importance comes from the config.
    pub importance: Option<f64>,
}

/// One survey answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SurveyResponse {
    /// The ticket, chat or call rated.
    pub interaction_id: String,
    /// What was asked.
    pub kind: SurveyKind,
    /// The answer on the kind's scale (for CSI, overall satisfaction on the CSI scale).
    pub score: f64,
    /// When the customer answered.
    pub responded_at: DateTime<Utc>,
    /// Free-text comment, if any (blank counts as none).
    #[serde(default)]
    pub comment: Option<String>,
    /// Topic or reply template of the interaction.
    #[serde(default)]
    pub topic: Option<String>,
    /// Agent who handled it.
    #[serde(default)]
    pub agent: Option<String>,
    /// CSI attribute ratings.
    #[serde(default)]
    pub attributes: Vec<AttributeRating>,
}

/// A scale of whole points from `min` to `max`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingScale {
    /// Lowest point.
    pub min: i64,
    /// Highest point.
    pub max: i64,
}

impl RatingScale {
    fn validate(&self, what: &str) -> Result<()> {
        if self.min < self.max {
            Ok(())
        } else {
            Err(Error::InvalidScale {
                reason: format!(
                    "the {what} scale {} to {} needs min < max",
                    self.min, self.max
                ),
            })
        }
    }

    /// The score as a whole point of this scale.
    pub fn check(&self, score: f64, what: &str) -> Result<i64> {
        if !score.is_finite() {
            return Err(Error::InvalidScore {
                value: score.to_string(),
            });
        }
        if score.fract() != 0.0 {
            return Err(Error::NonIntegerScore {
                score: score.to_string(),
                what: what.to_string(),
            });
        }
        if score < self.min as f64 || score > self.max as f64 {
            return Err(Error::ScoreOutOfScale {
                score: score.to_string(),
                what: what.to_string(),
                min: self.min,
                max: self.max,
            });
        }
        Ok(score as i64)
    }
}

/// The CSAT answer scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CsatScale {
    /// 0 = bad, 1 = good (Zendesk's classic good/bad).
    Binary,
    /// 1–3 (Help Scout: not good / okay / great).
    OneToThree,
    /// 1–5, the default.
    #[default]
    OneToFive,
    /// 1–10.
    OneToTen,
}

impl CsatScale {
    /// The scale's range.
    #[must_use]
    pub fn range(self) -> RatingScale {
        let (min, max) = match self {
            CsatScale::Binary => (0, 1),
            CsatScale::OneToThree => (1, 3),
            CsatScale::OneToFive => (1, 5),
            CsatScale::OneToTen => (1, 10),
        };
        RatingScale { min, max }
    }

    /// Default `(good_min, bad_max)`: binary 1/0; 1–3: 3/1; 1–5: 4/3 (4–5 good, 3 counted
    /// bad as Zendesk does); 1–10: 9/6 (top two boxes good, as NPS splits 0–10).
    #[must_use]
    pub fn default_thresholds(self) -> (i64, i64) {
        match self {
            CsatScale::Binary => (1, 0),
            CsatScale::OneToThree => (3, 1),
            CsatScale::OneToFive => (4, 3),
            CsatScale::OneToTen => (9, 6),
        }
    }
}

/// What "CSAT" means; tools disagree, so the caller names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CsatDefinition {
    /// Good answers over all answers; neutrals stay in the denominator (Chatwoot: 4–5 of 5
    /// over all responses). The default.
    #[default]
    TopBox,
    /// Zendesk: good / (good + bad); neutrals (if the thresholds leave any) are left out.
    Zendesk,
    /// The mean rating (Frappe Helpdesk), with its t interval.
    MeanRating,
    /// Help Scout happiness: % great − % not good, in points (−100..100).
    HelpScout,
}

impl CsatDefinition {
    /// Reads `top_box`, `zendesk`, `mean_rating` or `help_scout`.
    pub fn parse(name: &str) -> Result<CsatDefinition> {
        match name {
            "top_box" => Ok(CsatDefinition::TopBox),
            "zendesk" => Ok(CsatDefinition::Zendesk),
            "mean_rating" => Ok(CsatDefinition::MeanRating),
            "help_scout" => Ok(CsatDefinition::HelpScout),
            other => Err(Error::UnknownDefinition {
                what: "CSAT definition",
                name: other.to_string(),
                expected: "top_box, zendesk, mean_rating, help_scout",
            }),
        }
    }
}

/// Which answer counts when an interaction is rated more than once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Rerating {
    /// The earliest answer.
    First,
    /// The latest answer (the customer's current opinion; Zendesk keeps the latest). Default.
    #[default]
    Latest,
}

/// Which end of the CES scale means little effort.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum EffortDirection {
    /// High scores mean easy ("the company made it easy": Gartner CES 2.0, 1–7). Default.
    #[default]
    HigherIsEasier,
    /// High scores mean much effort ("how much effort did you have to put in": CES 1.0, 1–5).
    HigherIsHarder,
}

/// How responses are read and validated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SurveyConfig {
    /// The CSAT scale (1–5 by default).
    pub csat_scale: CsatScale,
    /// Lowest good CSAT answer; the scale's default when `None`.
    pub csat_good_min: Option<i64>,
    /// Highest bad CSAT answer; the scale's default when `None`.
    pub csat_bad_max: Option<i64>,
    /// The CES scale (1–7 by default).
    pub ces_scale: RatingScale,
    /// Which end of the CES scale is easy.
    pub ces_direction: EffortDirection,
    /// The CSI satisfaction scale (1–10 by default).
    pub csi_scale: RatingScale,
    /// Attribute importance from a separate study; empty to use respondents' stated importance.
    pub csi_importance: BTreeMap<String, f64>,
    /// Which answer counts when an interaction is re-rated.
    pub rerating: Rerating,
    /// Interval of net scores (NPS, Help Scout happiness, CES effort index).
    pub net_score_method: NpsMethod,
}

impl Default for SurveyConfig {
    fn default() -> SurveyConfig {
        SurveyConfig {
            csat_scale: CsatScale::OneToFive,
            csat_good_min: None,
            csat_bad_max: None,
            ces_scale: RatingScale { min: 1, max: 7 },
            ces_direction: EffortDirection::HigherIsEasier,
            csi_scale: RatingScale { min: 1, max: 10 },
            csi_importance: BTreeMap::new(),
            rerating: Rerating::Latest,
            net_score_method: NpsMethod::AdjustedWald,
        }
    }
}

const NPS_SCALE: RatingScale = RatingScale { min: 0, max: 10 };

impl SurveyConfig {
    /// Checks scales, thresholds and importance weights.
    pub fn validate(&self) -> Result<()> {
        self.ces_scale.validate("ces")?;
        self.csi_scale.validate("csi")?;
        let (good, bad) = self.csat_thresholds();
        let range = self.csat_scale.range();
        if !(range.min <= bad && bad < good && good <= range.max) {
            return Err(Error::InvalidScale {
                reason: format!(
                    "CSAT thresholds bad <= {bad} and good >= {good} must satisfy {} <= bad < good <= {}",
                    range.min, range.max
                ),
            });
        }
        for (name, &w) in &self.csi_importance {
            check_weight(name, w)?;
        }
        Ok(())
    }

    fn csat_thresholds(&self) -> (i64, i64) {
        let (good, bad) = self.csat_scale.default_thresholds();
        (
            self.csat_good_min.unwrap_or(good),
            self.csat_bad_max.unwrap_or(bad),
        )
    }

    pub(crate) fn scale(&self, kind: SurveyKind) -> RatingScale {
        match kind {
            SurveyKind::Csat => self.csat_scale.range(),
            SurveyKind::Nps => NPS_SCALE,
            SurveyKind::Ces => self.ces_scale,
            SurveyKind::Csi => self.csi_scale,
        }
    }
}

pub(crate) fn check_weight(name: &str, w: f64) -> Result<()> {
    if w.is_finite() && w > 0.0 {
        Ok(())
    } else {
        Err(Error::InvalidWeight {
            name: name.to_string(),
            value: w.to_string(),
        })
    }
}

/// The answer kept for one interaction and kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Kept {
    responded_at: DateTime<Utc>,
    score: i64,
    has_comment: bool,
    topic: Option<String>,
    #[serde(default)]
    agent: Option<String>,
    attributes: Vec<AttributeRating>,
}

/// Mergeable survey state: one kept answer per interaction and kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Surveys {
    config: SurveyConfig,
    csat: Keyed<String, Kept>,
    nps: Keyed<String, Kept>,
    ces: Keyed<String, Kept>,
    csi: Keyed<String, Kept>,
    /// Valid answers pushed, re-ratings included.
    #[serde(default)]
    pushed: u64,
}

/// A CSAT figure under one definition.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CsatResult {
    /// The definition used.
    pub definition: CsatDefinition,
    /// Answers counted (one per interaction).
    pub responses: u64,
    /// Answers at or above the good threshold.
    pub good: u64,
    /// Answers between the thresholds.
    pub neutral: u64,
    /// Answers at or below the bad threshold.
    pub bad: u64,
    /// A share in [0, 1] (top box, Zendesk), a mean rating, or points (Help Scout); `None`
    /// when its denominator is 0.
    pub value: Option<f64>,
    /// The value's interval: Wilson (or the configured proportion method), t, or the net-score
    /// interval.
    pub interval: Option<Interval>,
    /// True when the denominator is below `min_n`.
    pub too_few: bool,
}

/// A net score (`% positive − % negative`, in points), such as the CES effort index.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct NetScore {
    /// Positive answers (little effort).
    pub positive: u64,
    /// Neither.
    pub neutral: u64,
    /// Negative answers (much effort).
    pub negative: u64,
    /// All answers.
    pub count: u64,
    /// `100 (positive − negative) / count`; `None` without answers.
    pub value: Option<f64>,
    /// The interval by the configured net-score method.
    pub interval: Option<Interval>,
    /// True when `count < min_n`.
    pub too_few: bool,
}

impl NetScore {
    fn from_estimate(e: NpsEstimate) -> NetScore {
        NetScore {
            positive: e.counts.promoters,
            neutral: e.counts.passives,
            negative: e.counts.detractors,
            count: e.count,
            value: e.value,
            interval: e.interval,
            too_few: e.too_few,
        }
    }
}

/// Customer effort.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CesResult {
    /// The mean answer on the configured scale, with its t interval.
    pub mean: MeanEstimate,
    /// Share of answers on the easy side of the scale's midpoint.
    pub low_effort: Rate,
    /// `% little effort − % much effort`, in points.
    pub effort_index: NetScore,
}

/// One attribute of a satisfaction index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CsiAttribute {
    /// The attribute.
    pub attribute: String,
    /// Ratings of it.
    pub ratings: u64,
    /// Mean satisfaction on the CSI scale.
    pub mean_satisfaction: f64,
    /// Importance used (configured, or the mean stated importance).
    pub importance: f64,
    /// `importance / Σ importance`.
    pub weight: f64,
}

/// An importance-weighted customer satisfaction index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CsiResult {
    /// CSI responses counted (one per interaction).
    pub respondents: u64,
    /// Per attribute, sorted by name.
    pub attributes: Vec<CsiAttribute>,
    /// `Σ weight · mean_satisfaction`, on the CSI scale; `None` without ratings.
    pub weighted_satisfaction: Option<f64>,
    /// The index, 0–100: `100 (weighted − min) / (max − min)`; `None` without ratings.
    pub index: Option<f64>,
}

/// A share of one group (an agent), tested against all other groups.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupRate {
    /// The group; `None` for answers without one.
    pub group: Option<String>,
    /// The group's share.
    pub rate: Rate,
    /// Two-proportion z test of this group against the rest; `None` when undefined.
    pub p_value: Option<f64>,
    /// Benjamini–Hochberg q-value over all groups' p-values; `None` with the p-value.
    pub q_value: Option<f64>,
}

/// The low-score share of one topic, tested against all other topics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TopicLowScore {
    /// The topic; `None` for answers without one.
    pub topic: Option<String>,
    /// Bad CSAT answers over the topic's CSAT answers.
    pub low: Rate,
    /// Two-proportion z test of this topic against the rest; `None` when undefined.
    pub p_value: Option<f64>,
    /// Benjamini–Hochberg q-value over all topics' p-values; `None` with the p-value.
    pub q_value: Option<f64>,
}

/// How many kept answers gave each score, per kind: all that CSAT, NPS and CES need.
/// Mergeable by addition, and the figures built from it do not depend on the order the
/// answers came in (means are accumulated in ascending score order).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyTally {
    /// CSAT answers per score.
    pub csat: BTreeMap<i64, u64>,
    /// NPS answers per score.
    pub nps: BTreeMap<i64, u64>,
    /// CES answers per score.
    pub ces: BTreeMap<i64, u64>,
}

impl SurveyTally {
    /// Counts one kept answer (CSI answers are not tallied: the index needs their ratings).
    pub fn push(&mut self, kind: SurveyKind, score: i64) {
        let map = match kind {
            SurveyKind::Csat => &mut self.csat,
            SurveyKind::Nps => &mut self.nps,
            SurveyKind::Ces => &mut self.ces,
            SurveyKind::Csi => return,
        };
        *map.entry(score).or_default() += 1;
    }

    /// Adds another tally.
    pub fn merge(&mut self, other: &SurveyTally) {
        for (mine, theirs) in [
            (&mut self.csat, &other.csat),
            (&mut self.nps, &other.nps),
            (&mut self.ces, &other.ces),
        ] {
            for (score, n) in theirs {
                *mine.entry(*score).or_default() += n;
            }
        }
    }

    /// Answers tallied, all kinds.
    #[must_use]
    pub fn answers(&self) -> u64 {
        [&self.csat, &self.nps, &self.ces]
            .iter()
            .flat_map(|m| m.values())
            .sum()
    }
}

/// The moments of a score histogram, built in ascending score order.
fn moments_of(counts: &BTreeMap<i64, u64>) -> Moments {
    let mut m = Moments::default();
    for (&score, &n) in counts {
        m.merge(&Moments {
            count: n,
            mean: score as f64,
            m2: 0.0,
        });
    }
    m
}

impl SurveyConfig {
    /// CSAT under `definition` from a tally.
    pub fn csat(
        &self,
        t: &SurveyTally,
        definition: CsatDefinition,
        opts: &StatsOptions,
    ) -> Result<CsatResult> {
        opts.validate()?;
        let (good_min, bad_max) = self.csat_thresholds();
        let (mut good, mut neutral, mut bad) = (0u64, 0u64, 0u64);
        for (&score, &n) in &t.csat {
            if score >= good_min {
                good += n;
            } else if score <= bad_max {
                bad += n;
            } else {
                neutral += n;
            }
        }
        let responses = good + neutral + bad;
        let (value, interval, too_few) = match definition {
            CsatDefinition::TopBox => {
                let r = stats::rate(good, responses, opts)?;
                (r.value, r.interval, r.too_few)
            }
            CsatDefinition::Zendesk => {
                let r = stats::rate(good, good + bad, opts)?;
                (r.value, r.interval, r.too_few)
            }
            CsatDefinition::MeanRating => {
                let e = stats::mean_estimate(&moments_of(&t.csat), opts)?;
                (e.mean, e.interval, e.too_few)
            }
            CsatDefinition::HelpScout => {
                let counts = NpsCounts {
                    promoters: good,
                    passives: neutral,
                    detractors: bad,
                };
                let e = stats::nps_estimate(&counts, self.net_score_method, opts)?;
                (e.value, e.interval, e.too_few)
            }
        };
        Ok(CsatResult {
            definition,
            responses,
            good,
            neutral,
            bad,
            value,
            interval,
            too_few,
        })
    }

    /// NPS on 0–10 from a tally: promoters 9–10, passives 7–8, detractors 0–6.
    pub fn nps(&self, t: &SurveyTally, opts: &StatsOptions) -> Result<NpsEstimate> {
        let mut c = NpsCounts::default();
        for (&score, &n) in &t.nps {
            match score {
                9..=10 => c.promoters += n,
                7..=8 => c.passives += n,
                _ => c.detractors += n,
            }
        }
        stats::nps_estimate(&c, self.net_score_method, opts)
    }

    /// Customer effort from a tally: mean, low-effort share and effort index. An answer is
    /// "little effort" when it lies strictly on the easy side of the scale's midpoint
    /// `(min + max) / 2`, "much effort" strictly on the other side, neutral at the midpoint
    /// (only odd scales have one).
    pub fn ces(&self, t: &SurveyTally, opts: &StatsOptions) -> Result<CesResult> {
        opts.validate()?;
        let scale = self.ces_scale;
        let twice_mid = i128::from(scale.min) + i128::from(scale.max);
        let mut c = NpsCounts::default();
        for (&score, &n) in &t.ces {
            let above = 2 * i128::from(score) > twice_mid;
            let below = 2 * i128::from(score) < twice_mid;
            let (easy, hard) = match self.ces_direction {
                EffortDirection::HigherIsEasier => (above, below),
                EffortDirection::HigherIsHarder => (below, above),
            };
            if easy {
                c.promoters += n;
            } else if hard {
                c.detractors += n;
            } else {
                c.passives += n;
            }
        }
        Ok(CesResult {
            mean: stats::mean_estimate(&moments_of(&t.ces), opts)?,
            low_effort: stats::rate(c.promoters, c.total(), opts)?,
            effort_index: NetScore::from_estimate(stats::nps_estimate(
                &c,
                self.net_score_method,
                opts,
            )?),
        })
    }
}

impl Surveys {
    /// An empty accumulator (the config is checked).
    pub fn new(config: SurveyConfig) -> Result<Surveys> {
        config.validate()?;
        Ok(Surveys {
            config,
            csat: Keyed::new(),
            nps: Keyed::new(),
            ces: Keyed::new(),
            csi: Keyed::new(),
            pushed: 0,
        })
    }

    /// The config.
    #[must_use]
    pub fn config(&self) -> &SurveyConfig {
        &self.config
    }

    /// Valid answers pushed, re-ratings included.
    #[must_use]
    pub fn answers_pushed(&self) -> u64 {
        self.pushed
    }

    /// Answers kept (one per interaction and kind).
    #[must_use]
    pub fn answers_kept(&self) -> u64 {
        (self.csat.len() + self.nps.len() + self.ces.len() + self.csi.len()) as u64
    }

    /// Answers set aside because the interaction was rated again (`answers_pushed −
    /// answers_kept`): reported, so that re-ratings are visible rather than silently dropped.
    #[must_use]
    pub fn superseded(&self) -> u64 {
        self.pushed.saturating_sub(self.answers_kept())
    }

    fn map(&self, kind: SurveyKind) -> &Keyed<String, Kept> {
        match kind {
            SurveyKind::Csat => &self.csat,
            SurveyKind::Nps => &self.nps,
            SurveyKind::Ces => &self.ces,
            SurveyKind::Csi => &self.csi,
        }
    }

    fn keep(&mut self, kind: SurveyKind, id: &str, kept: Kept) {
        let rerating = self.config.rerating;
        let map = match kind {
            SurveyKind::Csat => &mut self.csat,
            SurveyKind::Nps => &mut self.nps,
            SurveyKind::Ces => &mut self.ces,
            SurveyKind::Csi => &mut self.csi,
        };
        match map.get(id) {
            Some(old) if !replaces(rerating, &kept, old) => {}
            _ => {
                map.insert(id.to_string(), kept);
            }
        }
    }

    /// Checks one response against the config (a non-empty id, a score on the kind's scale,
    /// valid CSI attribute ratings) and returns its score in whole points.
    pub fn check(&self, r: &SurveyResponse) -> Result<i64> {
        let score = self.check_values(&r.interaction_id, r.kind, r.score)?;
        if r.kind == SurveyKind::Csi {
            for a in &r.attributes {
                self.config.csi_scale.check(a.satisfaction, "csi")?;
                if let Some(w) = a.importance {
                    check_weight(&a.attribute, w)?;
                }
            }
        }
        Ok(score)
    }

    /// [`check`](Self::check) of an answer's id, kind and score (CSI attribute ratings
    /// aside): the scorecard's columns, which build no response.
    pub(crate) fn check_values(
        &self,
        interaction_id: &str,
        kind: SurveyKind,
        score: f64,
    ) -> Result<i64> {
        if crate::csv::trim(interaction_id).is_empty() {
            return Err(Error::InvalidArgument {
                name: "interaction_id",
                value: String::new(),
                expected: "a non-empty id",
            });
        }
        self.config.scale(kind).check(score, kind.name())
    }

    /// Adds one response, or explains why it is invalid (then nothing is added).
    pub fn push(&mut self, r: &SurveyResponse) -> Result<()> {
        let score = self.check(r)?;
        let kept = Kept {
            responded_at: r.responded_at,
            score,
            has_comment: r
                .comment
                .as_deref()
                .is_some_and(|c| !crate::csv::trim(c).is_empty()),
            topic: r.topic.clone().filter(|t| !crate::csv::trim(t).is_empty()),
            agent: r.agent.clone().filter(|t| !crate::csv::trim(t).is_empty()),
            attributes: r.attributes.clone(),
        };
        self.keep(r.kind, &r.interaction_id, kept);
        self.pushed = self.pushed.saturating_add(1);
        Ok(())
    }

    /// Adds another accumulator's responses (its config must be the same).
    pub fn merge(&mut self, other: &Surveys) -> Result<()> {
        if other.config != self.config {
            return Err(Error::InvalidArgument {
                name: "surveys",
                value: "an accumulator with another config".to_string(),
                expected: "accumulators built with the same SurveyConfig",
            });
        }
        self.pushed = self.pushed.saturating_add(other.pushed);
        for kind in [
            SurveyKind::Csat,
            SurveyKind::Nps,
            SurveyKind::Ces,
            SurveyKind::Csi,
        ] {
            for (id, kept) in other.map(kind).iter() {
                self.keep(kind, id, kept.clone());
            }
        }
        Ok(())
    }

    /// Reads the surveys CSV ([`read_surveys_csv`]) and pushes every good row; every bad row
    /// becomes a counted `rejected` finding (source `surveys`, with line, column and id).
    pub fn push_csv(&mut self, text: &str) -> Result<DataQuality> {
        let batch = read_surveys_csv(text, &self.config, &ReadOptions::default())?;
        for r in &batch.responses {
            self.push(r)?;
        }
        Ok(batch.quality)
    }

    fn parse_row(
        rec: &Record,
        cols: [usize; 4],
        optional: [Option<usize>; 3],
    ) -> std::result::Result<SurveyResponse, (&'static str, Error)> {
        let field = |i: usize| crate::csv::trim(rec.get(i).unwrap_or_default());
        let kind = SurveyKind::parse(field(cols[1])).map_err(|e| ("kind", e))?;
        let score_text = field(cols[2]);
        let score = crate::csv::parse_number(score_text).ok_or_else(|| {
            (
                "score",
                Error::InvalidScore {
                    value: score_text.to_string(),
                },
            )
        })?;
        let at_text = field(cols[3]);
        let responded_at = crate::calendar::rfc3339_instant(at_text).ok_or_else(|| {
            (
                "responded_at",
                Error::InvalidArgument {
                    name: "responded_at",
                    value: at_text.to_string(),
                    expected: "an RFC 3339 instant with an offset, like 2026-03-02T10:00:00Z",
                },
            )
        })?;
        let opt = |i: Option<usize>| i.map(field).filter(|s| !s.is_empty()).map(str::to_string);
        Ok(SurveyResponse {
            interaction_id: field(cols[0]).to_string(),
            kind,
            score,
            responded_at,
            comment: opt(optional[0]),
            topic: opt(optional[1]),
            agent: opt(optional[2]),
            attributes: Vec::new(),
        })
    }

    /// The score counts of the kept answers.
    #[must_use]
    pub fn tally(&self) -> SurveyTally {
        let mut t = SurveyTally::default();
        for (kind, map) in [
            (SurveyKind::Csat, &self.csat),
            (SurveyKind::Nps, &self.nps),
            (SurveyKind::Ces, &self.ces),
        ] {
            for k in map.values() {
                t.push(kind, k.score);
            }
        }
        t
    }

    /// CSAT under `definition`.
    pub fn csat(&self, definition: CsatDefinition, opts: &StatsOptions) -> Result<CsatResult> {
        self.config.csat(&self.tally(), definition, opts)
    }

    /// NPS on 0–10: promoters 9–10, passives 7–8, detractors 0–6.
    pub fn nps(&self, opts: &StatsOptions) -> Result<NpsEstimate> {
        self.config.nps(&self.tally(), opts)
    }

    /// Customer effort: mean, low-effort share and effort index (see [`SurveyConfig::ces`]).
    pub fn ces(&self, opts: &StatsOptions) -> Result<CesResult> {
        self.config.ces(&self.tally(), opts)
    }

    /// The importance-weighted satisfaction index (see docs/metrics.md, "CSI").
    pub fn csi(&self) -> Result<CsiResult> {
        let mut sat: Keyed<&str, (Moments, Moments)> = Keyed::new();
        for k in self.csi.values() {
            for a in &k.attributes {
                let e = sat.entry_or_default(a.attribute.as_str());
                e.0.push(a.satisfaction);
                if let Some(w) = a.importance {
                    e.1.push(w);
                }
            }
        }
        let mut attrs = Vec::new();
        for (name, (s, w)) in sat.iter() {
            let importance = match self.config.csi_importance.get(*name) {
                Some(&w) => w,
                None if self.config.csi_importance.is_empty() => w.mean().unwrap_or(f64::NAN),
                None => f64::NAN,
            };
            check_weight(name, importance)?;
            attrs.push(CsiAttribute {
                attribute: (*name).to_string(),
                ratings: s.count,
                mean_satisfaction: s.mean,
                importance,
                weight: 0.0,
            });
        }
        let total: f64 = attrs.iter().map(|a| a.importance).sum();
        let mut weighted = 0.0;
        for a in &mut attrs {
            a.weight = a.importance / total;
            weighted += a.weight * a.mean_satisfaction;
        }
        let scale = self.config.csi_scale;
        let weighted_satisfaction = (!attrs.is_empty()).then_some(weighted);
        Ok(CsiResult {
            respondents: self.csi.len() as u64,
            attributes: attrs,
            weighted_satisfaction,
            index: weighted_satisfaction
                .map(|w| 100.0 * (w - scale.min as f64) / (scale.max as f64 - scale.min as f64)),
        })
    }

    /// Answers with a non-blank comment over answers, of one kind or (`None`) of all kinds.
    pub fn comment_rate(&self, kind: Option<SurveyKind>, opts: &StatsOptions) -> Result<Rate> {
        let (mut with, mut all) = (0, 0);
        for k in self.kinds(kind) {
            for kept in self.map(k).values() {
                all += 1;
                with += u64::from(kept.has_comment);
            }
        }
        stats::rate(with, all, opts)
    }

    /// Interactions that answered over surveys sent (`count_exceeds_total` when more answered
    /// than were sent).
    pub fn response_rate(
        &self,
        kind: Option<SurveyKind>,
        sent: u64,
        opts: &StatsOptions,
    ) -> Result<Rate> {
        let answered: u64 = self.kinds(kind).map(|k| self.map(k).len() as u64).sum();
        stats::rate(answered, sent, opts)
    }

    fn kinds(&self, kind: Option<SurveyKind>) -> impl Iterator<Item = SurveyKind> {
        [
            SurveyKind::Csat,
            SurveyKind::Nps,
            SurveyKind::Ces,
            SurveyKind::Csi,
        ]
        .into_iter()
        .filter(move |k| kind.map_or(true, |want| want == *k))
    }

    /// Per topic, the share of bad CSAT answers, its test against all other topics and the
    /// Benjamini–Hochberg q-value; sorted by share, highest first, then by topic.
    pub fn low_score_by_topic(&self, opts: &StatsOptions) -> Result<Vec<TopicLowScore>> {
        let (_, bad_max) = self.config.csat_thresholds();
        let rows = self.grouped_csat(|k| k.topic.as_deref(), |s| s <= bad_max, opts)?;
        Ok(rows
            .into_iter()
            .map(|g| TopicLowScore {
                topic: g.group,
                low: g.rate,
                p_value: g.p_value,
                q_value: g.q_value,
            })
            .collect())
    }

    /// The CSAT leaderboard: per agent (the `agent` column; answers without one form the
    /// `None` row), the top-box share (good / answers), its two-proportion z test against all
    /// other agents and the Benjamini–Hochberg q-value over the agents, so that the agents who
    /// differ by chance among many are not singled out. Sorted by share, highest first.
    pub fn csat_by_agent(&self, opts: &StatsOptions) -> Result<Vec<GroupRate>> {
        let (good_min, _) = self.config.csat_thresholds();
        self.grouped_csat(|k| k.agent.as_deref(), |s| s >= good_min, opts)
    }

    fn grouped_csat<'a>(
        &'a self,
        key: impl Fn(&'a Kept) -> Option<&'a str>,
        hit: impl Fn(i64) -> bool,
        opts: &StatsOptions,
    ) -> Result<Vec<GroupRate>> {
        opts.validate()?;
        let mut by: BTreeMap<Option<&str>, (u64, u64)> = BTreeMap::new();
        for k in self.csat.values() {
            let e = by.entry(key(k)).or_default();
            e.0 += u64::from(hit(k.score));
            e.1 += 1;
        }
        let (hits_all, n_all) = by.values().fold((0, 0), |(h, n), &(x, m)| (h + x, n + m));
        let mut out = Vec::new();
        for (group, &(hits, n)) in &by {
            let test = stats::proportion_difference(hits, n, hits_all - hits, n_all - n, opts)?;
            out.push(GroupRate {
                group: group.map(str::to_string),
                rate: stats::rate(hits, n, opts)?,
                p_value: test.p_value,
                q_value: None,
            });
        }
        let ps: Vec<f64> = out.iter().filter_map(|t| t.p_value).collect();
        let mut qs = stats::benjamini_hochberg(&ps)?.into_iter();
        for t in &mut out {
            if t.p_value.is_some() {
                t.q_value = qs.next();
            }
        }
        out.sort_by(|a, b| {
            let (va, vb) = (a.rate.value.unwrap_or(0.0), b.rate.value.unwrap_or(0.0));
            vb.total_cmp(&va).then_with(|| a.group.cmp(&b.group))
        });
        Ok(out)
    }
}

/// Survey responses read from the surveys CSV, with the data-quality report.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SurveyBatch {
    /// The good rows, in input order (re-ratings included: the accumulator chooses).
    pub responses: Vec<SurveyResponse>,
    /// Rows read, rows rejected, and a finding (line, column, reason) per rejection.
    pub quality: DataQuality,
}

/// Reads the surveys CSV. Every bad row becomes a counted `rejected` finding (source
/// `surveys`, with line, column and id) and is left out; with [`ReadOptions::strict`] the
/// first bad row is the error. A malformed file or header is always an error.
///
/// Columns: `interaction_id`, `kind` (`csat` | `nps` | `ces` | `csi`), `score`,
/// `responded_at` (RFC 3339 with an offset) are required; `comment`, `topic` and `agent`
/// are optional; other columns are ignored. CSI attribute ratings are not in the CSV (give
/// them as [`SurveyResponse::attributes`]). Scores are checked against `config`'s scales.
///
/// ```
/// use support_metrics::interaction::ReadOptions;
/// use support_metrics::survey::{read_surveys_csv, SurveyConfig};
/// let csv = "interaction_id,kind,score,responded_at\n\
///            t1,csat,5,2026-03-02T10:00:00Z\n\
///            t2,nps,11,2026-03-02T11:00:00Z\n";
/// let b = read_surveys_csv(csv, &SurveyConfig::default(), &ReadOptions::default())?;
/// assert_eq!(b.responses.len(), 1);
/// assert_eq!((b.quality.rows_read, b.quality.rows_rejected), (2, 1));
/// assert_eq!(b.quality.findings[0].line, Some(3));
/// assert_eq!(b.quality.findings[0].column.as_deref(), Some("score"));
/// # Ok::<(), support_metrics::Error>(())
/// ```
pub fn read_surveys_csv(
    text: &str,
    config: &SurveyConfig,
    opts: &ReadOptions,
) -> Result<SurveyBatch> {
    let checker = Surveys::new(config.clone())?;
    let mut reader = CsvReader::new(text);
    let mut rec = Record::default();
    let mut batch = SurveyBatch::default();
    if !reader.read(&mut rec)? {
        return Ok(batch);
    }
    let header = Header::new(&rec)?;
    let cols = [
        header.require("interaction_id")?,
        header.require("kind")?,
        header.require("score")?,
        header.require("responded_at")?,
    ];
    let optional = [
        header.position("comment"),
        header.position("topic"),
        header.position("agent"),
    ];
    let width = header.names().len();
    while reader.read(&mut rec)? {
        batch.quality.rows_read += 1;
        let line = Some(rec.line());
        let outcome = if rec.len() != width {
            Err((
                None,
                Error::InvalidCsv {
                    line: rec.line(),
                    column: (rec.len().min(width) + 1) as u64,
                    reason: if rec.len() < width {
                        "the row has fewer fields than the header"
                    } else {
                        "the row has more fields than the header"
                    },
                },
            ))
        } else {
            Surveys::parse_row(&rec, cols, optional)
                .map_err(|(c, e)| (Some(c), e))
                .and_then(|r| match checker.check(&r) {
                    Ok(_) => Ok(r),
                    Err(e) => {
                        let column = match e {
                            Error::InvalidArgument { .. } => "interaction_id",
                            _ => "score",
                        };
                        Err((Some(column), e))
                    }
                })
        };
        match outcome {
            Ok(r) => batch.responses.push(r),
            Err((_, e)) if opts.strict => return Err(e),
            Err((column, e)) => {
                let id = rec.get(cols[0]).map(str::trim).filter(|s| !s.is_empty());
                batch
                    .quality
                    .push(Finding::rejected("surveys", line, id, column, &e));
            }
        }
    }
    Ok(batch)
}

/// Writes responses as the surveys CSV (`interaction_id,kind,score,responded_at,comment,topic,agent`;
/// attribute ratings are not part of the CSV). [`read_surveys_csv`] reads it back.
///
/// ```
/// use support_metrics::interaction::ReadOptions;
/// use support_metrics::survey::{read_surveys_csv, write_surveys_csv, SurveyConfig};
/// let csv = "interaction_id,kind,score,responded_at,comment\nt1,csat,4,2026-03-02T10:00:00+03:00,\"slow, but ok\"\n";
/// let b = read_surveys_csv(csv, &SurveyConfig::default(), &ReadOptions::default())?;
/// let out = write_surveys_csv(&b.responses);
/// assert_eq!(out.lines().nth(1), Some("t1,csat,4,2026-03-02T07:00:00Z,\"slow, but ok\",,"));
/// let again = read_surveys_csv(&out, &SurveyConfig::default(), &ReadOptions::default())?;
/// assert_eq!(again.responses, b.responses);
/// # Ok::<(), support_metrics::Error>(())
/// ```
#[must_use]
pub fn write_surveys_csv(responses: &[SurveyResponse]) -> String {
    use crate::csv::push_field;
    let mut out = String::with_capacity(responses.len() * 64 + 64);
    out.push_str("interaction_id,kind,score,responded_at,comment,topic,agent\n");
    for r in responses {
        push_field(&mut out, &r.interaction_id);
        out.push(',');
        out.push_str(r.kind.name());
        out.push(',');
        out.push_str(&r.score.to_string());
        out.push(',');
        out.push_str(&crate::calendar::format_instant(r.responded_at));
        for v in [&r.comment, &r.topic, &r.agent] {
            out.push(',');
            if let Some(v) = v {
                push_field(&mut out, v);
            }
        }
        out.push('\n');
    }
    out
}

/// Whether `new` replaces `old` under the re-rating rule. Answers are ordered by
/// `(responded_at, score, comment?, topic, agent)`, so the choice does not depend on input or
/// merge order (only CSI answers identical in all of these but their attribute ratings are
/// kept in arrival order).
fn replaces(rule: Rerating, new: &Kept, old: &Kept) -> bool {
    fn key(k: &Kept) -> AnswerKey<'_> {
        (
            k.responded_at,
            k.score,
            k.has_comment,
            k.topic.as_deref(),
            k.agent.as_deref(),
        )
    }
    prefers(rule, &key(new), &key(old))
}

/// The order of answers under the re-rating rule: `(responded_at, score, has a comment,
/// topic, agent)`, blanks as `None`.
pub(crate) type AnswerKey<'a> = (DateTime<Utc>, i64, bool, Option<&'a str>, Option<&'a str>);

/// Whether the answer keyed `new` replaces the one keyed `old` under `rule`.
pub(crate) fn prefers(rule: Rerating, new: &AnswerKey<'_>, old: &AnswerKey<'_>) -> bool {
    match rule {
        Rerating::First => new < old,
        Rerating::Latest => new > old,
    }
}
