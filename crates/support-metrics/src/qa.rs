//! QA scorecards: weighted criteria on rating scales, N/A left out of the denominator, critical
//! criteria that zero a review, category and review scores, and the internal quality score
//! (IQS, the mean review score) per agent, team and period.
//!
//! ```
//! use support_metrics::qa::{Criterion, Review, Scorecard};
//! use support_metrics::survey::RatingScale;
//! use std::collections::BTreeMap;
//! let scale = RatingScale { min: 0, max: 4 };
//! let card = Scorecard::new(vec![
//!     Criterion { id: "greeting".into(), category: "tone".into(), weight: 1.0, scale, critical_min: None },
//!     Criterion { id: "solution".into(), category: "accuracy".into(), weight: 3.0, scale, critical_min: None },
//!     Criterion { id: "privacy".into(), category: "compliance".into(), weight: 1.0, scale, critical_min: Some(4) },
//! ])?;
//! let review = Review {
//!     review_id: "r1".into(), agent: "ana".into(), team: None,
//!     reviewed_at: "2026-03-02T10:00:00Z".parse().unwrap(),
//!     ratings: BTreeMap::from([("greeting".into(), Some(4.0)), ("solution".into(), Some(2.0)),
//!                              ("privacy".into(), None)]),
//! };
//! // privacy is N/A: (1·4/4 + 3·2/4) / (1 + 3) = 0.625.
//! assert_eq!(card.score(&review)?.score, 62.5);
//! # Ok::<(), support_metrics::Error>(())
//! ```

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::keyed::Keyed;
use crate::quality::{DataQuality, Finding};
use crate::stats::{self, MeanEstimate, Moments, StatsOptions};
use crate::survey::{check_weight, RatingScale};

/// One criterion of a scorecard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Criterion {
    /// Unique id, used in reviews' ratings.
    pub id: String,
    /// The category it counts towards ("tone", "accuracy", "compliance").
    pub category: String,
    /// Its weight, greater than 0.
    pub weight: f64,
    /// Its rating scale (a pass/fail criterion is 0–1).
    pub scale: RatingScale,
    /// For a critical criterion, the least passing rating: a lower rating zeroes the review.
    #[serde(default)]
    pub critical_min: Option<i64>,
}

/// A validated scorecard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "Vec<Criterion>", into = "Vec<Criterion>")]
pub struct Scorecard {
    criteria: Vec<Criterion>,
}

impl TryFrom<Vec<Criterion>> for Scorecard {
    type Error = Error;
    fn try_from(criteria: Vec<Criterion>) -> Result<Scorecard> {
        Scorecard::new(criteria)
    }
}

impl From<Scorecard> for Vec<Criterion> {
    fn from(card: Scorecard) -> Vec<Criterion> {
        card.criteria
    }
}

/// A review: ratings per criterion id; `None` (or a missing id) is N/A.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Review {
    /// The review's id.
    pub review_id: String,
    /// The agent reviewed.
    pub agent: String,
    /// The agent's team.
    #[serde(default)]
    pub team: Option<String>,
    /// When the reviewed interaction (or the review) happened; it decides the period.
    pub reviewed_at: DateTime<Utc>,
    /// Rating per criterion id; `None` is N/A.
    pub ratings: BTreeMap<String, Option<f64>>,
}

/// The score of one category of a review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryScore {
    /// The category.
    pub category: String,
    /// Weighted mean of its rated criteria, 0–100; `None` when all are N/A.
    pub score: Option<f64>,
}

/// A scored review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewScore {
    /// The review's id.
    pub review_id: String,
    /// 0–100: the weighted mean of rated criteria, or 0 when a critical criterion failed.
    pub score: f64,
    /// The score before any critical zeroing.
    pub weighted_score: f64,
    /// Per category, in scorecard order.
    pub categories: Vec<CategoryScore>,
    /// Critical criteria rated below their passing rating.
    pub critical_failed: Vec<String>,
    /// Criteria rated.
    pub rated: u64,
    /// Criteria N/A.
    pub not_applicable: u64,
}

impl Scorecard {
    /// Checks weights (> 0), scales, critical thresholds (inside the scale) and unique ids.
    pub fn new(criteria: Vec<Criterion>) -> Result<Scorecard> {
        for (i, c) in criteria.iter().enumerate() {
            check_weight(&c.id, c.weight)?;
            if c.scale.min >= c.scale.max {
                return Err(Error::InvalidScale {
                    reason: format!(
                        "criterion `{}` scale {} to {} needs min < max",
                        c.id, c.scale.min, c.scale.max
                    ),
                });
            }
            if let Some(t) = c.critical_min {
                if t <= c.scale.min || t > c.scale.max {
                    return Err(Error::InvalidScale {
                        reason: format!(
                            "criterion `{}`: critical_min {t} must be above {} and at most {}",
                            c.id, c.scale.min, c.scale.max
                        ),
                    });
                }
            }
            if criteria[..i].iter().any(|o| o.id == c.id) {
                return Err(Error::InvalidArgument {
                    name: "criterion id",
                    value: c.id.clone(),
                    expected: "unique criterion ids",
                });
            }
        }
        Ok(Scorecard { criteria })
    }

    /// The criteria.
    #[must_use]
    pub fn criteria(&self) -> &[Criterion] {
        &self.criteria
    }

    /// Scores one review. Each rating `r` counts as `(r − min)/(max − min)`; N/A criteria are
    /// left out of numerator and denominator; review and category scores are weighted means,
    /// times 100. Errors: an unknown criterion id, a rating off its scale or fractional, a
    /// review with every criterion N/A (`all_not_applicable`).
    pub fn score(&self, review: &Review) -> Result<ReviewScore> {
        if let Some(id) = review
            .ratings
            .keys()
            .find(|id| !self.criteria.iter().any(|c| &c.id == *id))
        {
            return Err(Error::UnknownDefinition {
                what: "criterion",
                name: id.clone(),
                expected: "the ids of the scorecard's criteria",
            });
        }
        let mut cats: Vec<(String, f64, f64)> = Vec::new();
        let (mut num, mut den) = (0.0, 0.0);
        let (mut rated, mut na) = (0, 0);
        let mut failed = Vec::new();
        for c in &self.criteria {
            if !cats.iter().any(|(name, _, _)| name == &c.category) {
                cats.push((c.category.clone(), 0.0, 0.0));
            }
            let Some(Some(r)) = review.ratings.get(&c.id) else {
                na += 1;
                continue;
            };
            let r = c.scale.check(*r, &c.id)?;
            rated += 1;
            // In f64: the difference of two i64 may not fit an i64.
            let s = (r as f64 - c.scale.min as f64) / (c.scale.max as f64 - c.scale.min as f64);
            num += c.weight * s;
            den += c.weight;
            if let Some(cat) = cats.iter_mut().find(|(name, _, _)| name == &c.category) {
                cat.1 += c.weight * s;
                cat.2 += c.weight;
            }
            if c.critical_min.is_some_and(|t| r < t) {
                failed.push(c.id.clone());
            }
        }
        if rated == 0 {
            return Err(Error::AllNotApplicable {
                review: review.review_id.clone(),
            });
        }
        let weighted = 100.0 * num / den;
        Ok(ReviewScore {
            review_id: review.review_id.clone(),
            score: if failed.is_empty() { weighted } else { 0.0 },
            weighted_score: weighted,
            categories: cats
                .into_iter()
                .map(|(category, n, d)| CategoryScore {
                    category,
                    score: (d > 0.0).then(|| 100.0 * n / d),
                })
                .collect(),
            critical_failed: failed,
            rated,
            not_applicable: na,
        })
    }
}

/// Whose IQS is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum QaGroup {
    /// One row per agent (the default).
    #[default]
    Agent,
    /// One row per team (reviews without a team form the `None` row).
    Team,
    /// One row for everyone.
    All,
}

/// A reporting period, in the grouping's time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Period {
    /// Calendar day.
    Day,
    /// ISO week, starting Monday.
    Week,
    /// Calendar month.
    Month,
    /// Calendar quarter.
    Quarter,
}

/// How IQS rows are formed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct QaGrouping {
    /// Per agent, team or all.
    pub group: QaGroup,
    /// Per period, or (`None`) over all time.
    pub period: Option<Period>,
    /// IANA time zone that decides which period a review falls in.
    pub timezone: String,
}

impl Default for QaGrouping {
    fn default() -> QaGrouping {
        QaGrouping {
            group: QaGroup::Agent,
            period: None,
            timezone: "UTC".to_string(),
        }
    }
}

/// The first day of the period holding `date`.
#[must_use]
pub fn period_start(period: Period, date: NaiveDate) -> NaiveDate {
    let first_of = |month: u32| NaiveDate::from_ymd_opt(date.year(), month, 1).unwrap_or(date);
    match period {
        Period::Day => date,
        Period::Week => date
            .checked_sub_signed(chrono::Duration::days(i64::from(
                date.weekday().num_days_from_monday(),
            )))
            .unwrap_or(date),
        Period::Month => first_of(date.month()),
        Period::Quarter => first_of((date.month() - 1) / 3 * 3 + 1),
    }
}

/// One IQS row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IqsRow {
    /// The agent or team; `None` for all, or for reviews without a team.
    pub group: Option<String>,
    /// The period's first day (`YYYY-MM-DD`, local); `None` when not split by period.
    pub period: Option<String>,
    /// The mean review score (0–100) with its t interval: the IQS.
    pub iqs: MeanEstimate,
}

/// Mergeable IQS state: review-score moments per group and period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QualityScores {
    scorecard: Scorecard,
    grouping: QaGrouping,
    groups: Keyed<String, (Option<String>, Option<String>, Moments)>,
}

impl QualityScores {
    /// An empty accumulator (the time zone is checked).
    pub fn new(scorecard: Scorecard, grouping: QaGrouping) -> Result<QualityScores> {
        parse_tz(&grouping.timezone)?;
        Ok(QualityScores {
            scorecard,
            grouping,
            groups: Keyed::new(),
        })
    }

    /// Scores a review and adds it; an invalid review is an error and adds nothing.
    pub fn push(&mut self, review: &Review) -> Result<ReviewScore> {
        let scored = self.scorecard.score(review)?;
        let group = match self.grouping.group {
            QaGroup::Agent => Some(review.agent.clone()),
            QaGroup::Team => review.team.clone(),
            QaGroup::All => None,
        };
        let tz = parse_tz(&self.grouping.timezone)?;
        let period = self.grouping.period.map(|p| {
            let local = review.reviewed_at.with_timezone(&tz).date_naive();
            // `Display` of a date is `%Y-%m-%d`.
            period_start(p, local).to_string()
        });
        let key = format!(
            "{}\u{1f}{}",
            group.as_deref().map_or(String::new(), |g| format!("+{g}")),
            period.as_deref().unwrap_or("")
        );
        let entry = self
            .groups
            .get_or_insert_with(key, || (group, period, Moments::default()));
        entry.2.push(scored.score);
        Ok(scored)
    }

    /// Pushes many reviews; each invalid one becomes a counted `rejected` finding (source
    /// `reviews`, with the review id), nothing is dropped silently.
    pub fn push_all(&mut self, reviews: &[Review]) -> DataQuality {
        let mut q = DataQuality::default();
        for r in reviews {
            q.rows_read += 1;
            if let Err(e) = self.push(r) {
                q.push(Finding::rejected(
                    "reviews",
                    None,
                    Some(&r.review_id),
                    None,
                    &e,
                ));
            }
        }
        q
    }

    /// Adds another accumulator's state (same scorecard and grouping).
    pub fn merge(&mut self, other: &QualityScores) -> Result<()> {
        if other.scorecard != self.scorecard || other.grouping != self.grouping {
            return Err(Error::InvalidArgument {
                name: "quality scores",
                value: "an accumulator with another scorecard or grouping".to_string(),
                expected: "accumulators built with the same scorecard and grouping",
            });
        }
        for (k, (g, p, m)) in other.groups.iter() {
            let e = self
                .groups
                .get_or_insert_with(k.clone(), || (g.clone(), p.clone(), Moments::default()));
            e.2.merge(m);
        }
        Ok(())
    }

    /// IQS rows, sorted by group then period.
    pub fn finish(&self, opts: &StatsOptions) -> Result<Vec<IqsRow>> {
        self.groups
            .values()
            .map(|(g, p, m)| {
                Ok(IqsRow {
                    group: g.clone(),
                    period: p.clone(),
                    iqs: stats::mean_estimate(m, opts)?,
                })
            })
            .collect()
    }
}

fn parse_tz(name: &str) -> Result<crate::tz::Zone> {
    name.parse()
}
