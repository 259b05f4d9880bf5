//! The documents of the diagnostic platform: a region's competency framework and its items.
//! Both are validated here, with Russian messages naming the field, so the editor forms, the
//! JSON and XLSX imports and the seed all refuse the same mistakes.

use serde::{Deserialize, Serialize};

use crate::i18n::ru;

/// Level boundaries as shares of the maximum (Р-201: below 60 % a pronounced deficit,
/// 60–80 % a partial one, above 80 % none or minimal).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Thresholds {
    pub low: f64,
    pub high: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds { low: 0.6, high: 0.8 }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Pronounced,
    Partial,
    Minimal,
}

impl Level {
    fn index(self) -> usize {
        match self {
            Level::Pronounced => 0,
            Level::Partial => 1,
            Level::Minimal => 2,
        }
    }

    pub fn label(self) -> &'static str {
        ru::LEVELS[self.index()]
    }

    /// What the person should do about a deficit of this level.
    pub fn advice(self) -> &'static str {
        ru::LEVEL_ADVICE[self.index()]
    }
}

impl Thresholds {
    pub fn level(&self, score: f64) -> Level {
        if score < self.low {
            Level::Pronounced
        } else if score <= self.high {
            Level::Partial
        } else {
            Level::Minimal
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Area {
    pub code: String,
    pub title: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Competency {
    pub code: String,
    pub area: String,
    pub title: String,
    pub description: String,
    /// What the deficit means in a teacher's daily work, shown beside a deficit.
    pub deficit_meaning: String,
}

/// The competencies expected of a position (and, optionally, a subject).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TargetProfile {
    pub position: String,
    #[serde(default)]
    pub subject: Option<String>,
    pub competencies: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Framework {
    pub title: String,
    #[serde(default)]
    pub thresholds: Thresholds,
    pub areas: Vec<Area>,
    pub competencies: Vec<Competency>,
    #[serde(default)]
    pub profiles: Vec<TargetProfile>,
}

/// A mistake in a document: the field it is in and what to do about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invalid {
    pub field: String,
    pub message: String,
}

fn invalid(field: impl Into<String>, message: impl Into<String>) -> Invalid {
    Invalid {
        field: field.into(),
        message: message.into(),
    }
}

fn check_code(code: &str, field: &str) -> Result<(), Invalid> {
    let ok = !code.is_empty()
        && code.len() <= 32
        && code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.');
    if ok {
        Ok(())
    } else {
        Err(invalid(field, ru::diag_bad_code(code)))
    }
}

fn require(text: &str, field: &str, what: &str) -> Result<(), Invalid> {
    if text.trim().is_empty() {
        Err(invalid(field, ru::diag_required(what)))
    } else {
        Ok(())
    }
}

impl Framework {
    pub fn competency(&self, code: &str) -> Option<&Competency> {
        self.competencies.iter().find(|c| c.code == code)
    }

    pub fn area_title<'a>(&'a self, code: &'a str) -> &'a str {
        self.areas
            .iter()
            .find(|a| a.code == code)
            .map_or(code, |a| a.title.as_str())
    }

    pub fn validate(&self) -> Result<(), Invalid> {
        require(&self.title, "title", ru::DIAG_WHAT_FRAMEWORK_TITLE)?;
        let t = self.thresholds;
        if !(t.low > 0.0 && t.low < t.high && t.high < 1.0) {
            return Err(invalid("thresholds", ru::DIAG_BAD_THRESHOLDS));
        }
        if self.areas.is_empty() {
            return Err(invalid("areas", ru::DIAG_NO_AREAS));
        }
        for (i, area) in self.areas.iter().enumerate() {
            check_code(&area.code, &format!("areas[{i}].code"))?;
            require(
                &area.title,
                &format!("areas[{i}].title"),
                ru::DIAG_WHAT_AREA_TITLE,
            )?;
            if self.areas[..i].iter().any(|a| a.code == area.code) {
                return Err(invalid(
                    format!("areas[{i}].code"),
                    ru::diag_duplicate_area(&area.code),
                ));
            }
        }
        for (i, c) in self.competencies.iter().enumerate() {
            let field = format!("competencies[{i}]");
            check_code(&c.code, &format!("{field}.code"))?;
            require(
                &c.title,
                &format!("{field}.title"),
                ru::DIAG_WHAT_COMPETENCY_TITLE,
            )?;
            if self.competencies[..i].iter().any(|o| o.code == c.code) {
                return Err(invalid(
                    format!("{field}.code"),
                    ru::diag_duplicate_competency(&c.code),
                ));
            }
            if !self.areas.iter().any(|a| a.code == c.area) {
                return Err(invalid(
                    format!("{field}.area"),
                    ru::diag_unknown_area(&c.code, &c.area),
                ));
            }
        }
        for (i, p) in self.profiles.iter().enumerate() {
            let field = format!("profiles[{i}]");
            require(
                &p.position,
                &format!("{field}.position"),
                ru::DIAG_WHAT_PROFILE_POSITION,
            )?;
            if p.competencies.is_empty() {
                return Err(invalid(format!("{field}.competencies"), ru::DIAG_EMPTY_PROFILE));
            }
            if let Some(code) = p.competencies.iter().find(|c| self.competency(c).is_none()) {
                return Err(invalid(
                    format!("{field}.competencies"),
                    ru::diag_profile_unknown_competency(code),
                ));
            }
        }
        Ok(())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// One correct option.
    Single,
    /// Several correct options, partial credit.
    Multiple,
    /// Self-assessment on a 1–5 scale.
    Likert,
    /// A typed answer compared with the accepted ones.
    Short,
}

impl ItemKind {
    pub fn label(self) -> &'static str {
        let index = match self {
            ItemKind::Single => 0,
            ItemKind::Multiple => 1,
            ItemKind::Likert => 2,
            ItemKind::Short => 3,
        };
        ru::ITEM_KINDS[index]
    }
}

impl ItemKind {
    pub const ALL: [ItemKind; 4] = [
        ItemKind::Single,
        ItemKind::Multiple,
        ItemKind::Likert,
        ItemKind::Short,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ItemKind::Single => "single",
            ItemKind::Multiple => "multiple",
            ItemKind::Likert => "likert",
            ItemKind::Short => "short",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn has_options(self) -> bool {
        matches!(self, ItemKind::Single | ItemKind::Multiple)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompetencyWeight {
    pub code: String,
    pub weight: f64,
}

/// An item with its key; only operators' pages and the server's scoring ever see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub code: String,
    pub kind: ItemKind,
    pub stem: String,
    #[serde(default)]
    pub options: Vec<String>,
    /// Indices into `options` of the correct ones.
    #[serde(default)]
    pub correct: Vec<usize>,
    /// Accepted short answers, compared after normalisation.
    #[serde(default)]
    pub accepted: Vec<String>,
    pub competencies: Vec<CompetencyWeight>,
    /// The item's maximum points (1 by default; 4 gives Tatarstan's 25 tasks × 4 = 100 points).
    #[serde(default = "one")]
    pub points: f64,
    /// The school subject of a subject item («математика»): drawn only for people who teach it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
}

fn one() -> f64 {
    1.0
}

impl Item {
    /// Checks the item on its own and against the framework; `field` prefixes field names
    /// (an import passes the row).
    pub fn validate(&self, framework: &Framework) -> Result<(), Invalid> {
        check_code(&self.code, "code")?;
        require(&self.stem, "stem", ru::DIAG_WHAT_STEM)?;
        if !(self.points > 0.0 && self.points <= 100.0) {
            return Err(invalid("points", ru::DIAG_BAD_ITEM_POINTS));
        }
        if self.kind.has_options() {
            if self.options.len() < 2 || self.options.iter().any(|o| o.trim().is_empty()) {
                return Err(invalid("options", ru::DIAG_TWO_OPTIONS));
            }
            if let Some(i) = self.correct.iter().find(|&&i| i >= self.options.len()) {
                return Err(invalid(
                    "correct",
                    ru::diag_no_such_option(i + 1, self.options.len()),
                ));
            }
            let mut correct = self.correct.clone();
            correct.sort_unstable();
            correct.dedup();
            let needed = match self.kind {
                ItemKind::Single => correct.len() == 1,
                _ => !correct.is_empty() && correct.len() < self.options.len(),
            };
            if !needed {
                return Err(invalid(
                    "correct",
                    if self.kind == ItemKind::Single {
                        ru::DIAG_SINGLE_CORRECT
                    } else {
                        ru::DIAG_MULTIPLE_CORRECT
                    },
                ));
            }
        }
        if self.kind == ItemKind::Short && self.accepted.iter().all(|a| a.trim().is_empty()) {
            return Err(invalid("accepted", ru::DIAG_ACCEPTED_REQUIRED));
        }
        if self.competencies.is_empty() {
            return Err(invalid("competencies", ru::DIAG_LINK_REQUIRED));
        }
        for link in &self.competencies {
            if framework.competency(&link.code).is_none() {
                return Err(invalid("competencies", ru::diag_link_unknown(&link.code)));
            }
            if !(link.weight > 0.0 && link.weight <= 10.0) {
                return Err(invalid("competencies", ru::diag_bad_link_weight(&link.code)));
            }
        }
        Ok(())
    }

    /// Whether a person teaching `subjects` may be given the item: a subject item only to
    /// those who teach its subject (compared as the recommender compares course subjects).
    pub fn fits_subjects(&self, subjects: &[String]) -> bool {
        self.subject.as_deref().is_none_or(|subject| {
            subjects
                .iter()
                .any(|mine| mine.trim().to_lowercase() == subject.trim().to_lowercase())
        })
    }

    /// The competency the item mostly measures, for drawing k items per competency.
    pub fn primary_competency(&self) -> Option<&str> {
        self.competencies
            .iter()
            .max_by(|a, b| a.weight.total_cmp(&b.weight))
            .map(|c| c.code.as_str())
    }
}

/// A person's answer to one item. Options are referred to by their index in the item, not by
/// their shuffled position, so a reshuffle never changes a stored answer's meaning.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "t", rename_all = "snake_case")]
pub enum Answer {
    Options { chosen: Vec<usize> },
    Scale { value: u8 },
    Text { text: String },
}

/// How the instrument draws its items.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "t", rename_all = "snake_case")]
pub enum Selection {
    /// These item codes, in this order.
    Fixed { items: Vec<String> },
    /// `k` random items per competency (by the item's main competency).
    PerCompetency { k: usize, competencies: Vec<String> },
}

/// The settings of an instrument besides its title, limit and window.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InstrumentBody {
    pub selection: Selection,
    #[serde(default)]
    pub positions: Vec<String>,
    #[serde(default)]
    pub subjects: Vec<String>,
    #[serde(default)]
    pub shuffle_options: bool,
    #[serde(default)]
    pub instructions: String,
}

/// Who a campaign assigns the instrument to; empty lists mean "everyone" on that axis.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Scope {
    #[serde(default)]
    pub municipalities: Vec<String>,
    #[serde(default)]
    pub schools: Vec<String>,
    #[serde(default)]
    pub positions: Vec<String>,
}

/// One competency of a result, with the texts as they were when it was scored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompetencyScore {
    pub code: String,
    pub title: String,
    pub area: String,
    pub score: f64,
    pub level: Level,
    pub description: String,
    pub deficit_meaning: String,
}

/// A finished attempt's result: written once, never recomputed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttemptResult {
    pub points: f64,
    pub max_points: f64,
    pub thresholds: Thresholds,
    pub competencies: Vec<CompetencyScore>,
    /// Codes of the competencies with a deficit, most severe (threshold − score) first.
    pub deficits: Vec<String>,
}

/// A result with just these competency scores (default thresholds), for tests of what is
/// computed from results.
#[cfg(test)]
pub fn result_of(scores: &[(&str, f64)]) -> AttemptResult {
    let thresholds = Thresholds::default();
    AttemptResult {
        points: 0.0,
        max_points: 0.0,
        thresholds,
        competencies: scores
            .iter()
            .map(|(code, score)| CompetencyScore {
                code: code.to_string(),
                title: format!("Компетенция {code}"),
                area: "MET".into(),
                score: *score,
                level: thresholds.level(*score),
                description: String::new(),
                deficit_meaning: String::new(),
            })
            .collect(),
        deficits: Vec::new(),
    }
}
