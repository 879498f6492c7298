//! Data-quality findings: in batch work a bad row is counted and reported, never dropped silently.

use serde::{Deserialize, Serialize};

use crate::error::Error;

/// The codes of findings that are not an [`Error`]'s: suspicious rows the batch keeps.
/// `unknown_interaction`: a survey answer about an interaction that is not in the batch.
pub const FINDING_CODES: &[&str] = &[UNKNOWN_INTERACTION];

/// A survey answer about an interaction that is not in the batch (suspicious: it counts in
/// the totals but in no breakdown).
pub const UNKNOWN_INTERACTION: &str = "unknown_interaction";

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Severity {
    /// The row was rejected: it contributes to no metric.
    Rejected,
    /// The row was used, but something about it is doubtful (a reply before creation, say).
    Suspicious,
}

/// One problem with one input row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Which input: `interactions`, `surveys`, a file name.
    pub source: String,
    /// The 1-based line in that input, when it has lines.
    pub line: Option<u64>,
    /// The row's id, when it has one.
    pub id: Option<String>,
    /// The column or field at fault, when one is.
    pub column: Option<String>,
    /// Rejected or suspicious.
    pub severity: Severity,
    /// A stable code: an [`Error::code`] or one of [`FINDING_CODES`].
    pub code: String,
    /// What is wrong, for a person.
    pub message: String,
}

impl Finding {
    /// A rejected row, from the error that rejected it.
    #[must_use]
    pub fn rejected(
        source: &str,
        line: Option<u64>,
        id: Option<&str>,
        column: Option<&str>,
        error: &Error,
    ) -> Finding {
        Finding {
            source: source.to_string(),
            line,
            id: id.map(str::to_string),
            column: column.map(str::to_string),
            severity: Severity::Rejected,
            code: error.code().to_string(),
            message: error.to_string(),
        }
    }
}

/// All findings of a batch, with the counts a report shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataQuality {
    /// Rows read, good or bad.
    pub rows_read: u64,
    /// Rows rejected (each has at least one `rejected` finding).
    pub rows_rejected: u64,
    /// Every finding, in input order.
    pub findings: Vec<Finding>,
}

impl DataQuality {
    /// Records a finding; a rejection also counts its row as rejected.
    pub fn push(&mut self, finding: Finding) {
        if finding.severity == Severity::Rejected {
            self.rows_rejected += 1;
        }
        self.findings.push(finding);
    }

    /// Adds another batch's findings and counts (for merging partial results).
    pub fn merge(&mut self, other: DataQuality) {
        self.rows_read += other.rows_read;
        self.rows_rejected += other.rows_rejected;
        self.findings.extend(other.findings);
    }

    /// Findings per code, sorted by code.
    #[must_use]
    pub fn counts(&self) -> Vec<(String, u64)> {
        let mut map = std::collections::BTreeMap::<&str, u64>::new();
        for f in &self.findings {
            *map.entry(f.code.as_str()).or_default() += 1;
        }
        map.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
    }

    /// True when there is nothing to report.
    #[must_use]
    pub fn is_clean(&self) -> bool {
        self.findings.is_empty()
    }
}
