//! The documents of the diagnostic platform: a region's competency framework and its items.
//! Both are validated here, with Russian messages naming the field, so the editor forms, the
//! JSON and XLSX imports and the seed all refuse the same mistakes.

use serde::{Deserialize, Serialize};

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
        crate::i18n::ru::LEVELS[self.index()]
    }

    /// What the person should do about a deficit of this level.
    pub fn advice(self) -> &'static str {
        crate::i18n::ru::LEVEL_ADVICE[self.index()]
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
        Err(invalid(
            field,
            format!(
                "код «{code}» должен состоять из латинских букв, цифр, «-», «_» или «.» (до 32 символов)"
            ),
        ))
    }
}

fn require(text: &str, field: &str, what: &str) -> Result<(), Invalid> {
    if text.trim().is_empty() {
        Err(invalid(field, format!("укажите {what}")))
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
        require(&self.title, "title", "название модели компетенций")?;
        let t = self.thresholds;
        if !(t.low > 0.0 && t.low < t.high && t.high < 1.0) {
            return Err(invalid(
                "thresholds",
                "пороги уровней должны идти по возрастанию между 0 % и 100 % (например, 60 % и 80 %)",
            ));
        }
        if self.areas.is_empty() {
            return Err(invalid("areas", "добавьте хотя бы одну область компетенций"));
        }
        for (i, area) in self.areas.iter().enumerate() {
            check_code(&area.code, &format!("areas[{i}].code"))?;
            require(&area.title, &format!("areas[{i}].title"), "название области")?;
            if self.areas[..i].iter().any(|a| a.code == area.code) {
                return Err(invalid(
                    format!("areas[{i}].code"),
                    format!("область с кодом «{}» указана дважды", area.code),
                ));
            }
        }
        for (i, c) in self.competencies.iter().enumerate() {
            let field = format!("competencies[{i}]");
            check_code(&c.code, &format!("{field}.code"))?;
            require(&c.title, &format!("{field}.title"), "название компетенции")?;
            if self.competencies[..i].iter().any(|o| o.code == c.code) {
                return Err(invalid(
                    format!("{field}.code"),
                    format!("компетенция с кодом «{}» указана дважды", c.code),
                ));
            }
            if !self.areas.iter().any(|a| a.code == c.area) {
                return Err(invalid(
                    format!("{field}.area"),
                    format!(
                        "у компетенции «{}» указана неизвестная область «{}»",
                        c.code, c.area
                    ),
                ));
            }
        }
        for (i, p) in self.profiles.iter().enumerate() {
            let field = format!("profiles[{i}]");
            require(&p.position, &format!("{field}.position"), "должность профиля")?;
            if p.competencies.is_empty() {
                return Err(invalid(
                    format!("{field}.competencies"),
                    "в профиле должна быть хотя бы одна компетенция",
                ));
            }
            if let Some(code) = p.competencies.iter().find(|c| self.competency(c).is_none()) {
                return Err(invalid(
                    format!("{field}.competencies"),
                    format!("в профиле указана неизвестная компетенция «{code}»"),
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
        crate::i18n::ru::ITEM_KINDS[index]
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
}

fn one() -> f64 {
    1.0
}

impl Item {
    /// Checks the item on its own and against the framework; `field` prefixes field names
    /// (an import passes the row).
    pub fn validate(&self, framework: &Framework) -> Result<(), Invalid> {
        check_code(&self.code, "code")?;
        require(&self.stem, "stem", "текст задания")?;
        if !(self.points > 0.0 && self.points <= 100.0) {
            return Err(invalid(
                "points",
                "баллы за задание должны быть больше 0 и не больше 100",
            ));
        }
        if self.kind.has_options() {
            if self.options.len() < 2 || self.options.iter().any(|o| o.trim().is_empty()) {
                return Err(invalid(
                    "options",
                    "нужно не меньше двух непустых вариантов ответа",
                ));
            }
            if let Some(i) = self.correct.iter().find(|&&i| i >= self.options.len()) {
                return Err(invalid(
                    "correct",
                    format!(
                        "верный вариант № {} не существует: вариантов {}",
                        i + 1,
                        self.options.len()
                    ),
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
                        "в задании с одним ответом отметьте ровно один верный вариант"
                    } else {
                        "в задании с несколькими ответами отметьте хотя бы один верный и хотя бы один неверный вариант"
                    },
                ));
            }
        }
        if self.kind == ItemKind::Short && self.accepted.iter().all(|a| a.trim().is_empty()) {
            return Err(invalid("accepted", "укажите хотя бы один принимаемый ответ"));
        }
        if self.competencies.is_empty() {
            return Err(invalid(
                "competencies",
                "свяжите задание хотя бы с одной компетенцией",
            ));
        }
        for link in &self.competencies {
            if framework.competency(&link.code).is_none() {
                return Err(invalid(
                    "competencies",
                    format!("компетенции «{}» нет в модели компетенций региона", link.code),
                ));
            }
            if !(link.weight > 0.0 && link.weight <= 10.0) {
                return Err(invalid(
                    "competencies",
                    format!(
                        "вес компетенции «{}» должен быть больше 0 и не больше 10",
                        link.code
                    ),
                ));
            }
        }
        Ok(())
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
