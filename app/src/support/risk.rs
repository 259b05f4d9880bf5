//! The risk questionnaire and its scoring: each factor sums the scores of the chosen answers
//! and its thresholds give the level; the answers that scored are the factor's causes. Pure,
//! so the levels can be checked against hand-computed answers.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::i18n::ru;

/// The 500+ questionnaire a region starts with: ten risk factors.
#[cfg(feature = "ssr")]
pub const TEMPLATE_500: &str = include_str!("templates/risk_500.json");

/// Most priority risks a school may choose, as in 500+.
pub const MAX_PRIORITIES: usize = 3;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Questionnaire {
    pub title: String,
    pub factors: Vec<Factor>,
}

/// A risk factor: its questions, and the scores from which it is high or medium (below
/// `medium` it is low).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Factor {
    pub code: String,
    pub title: String,
    pub high: u32,
    pub medium: u32,
    pub questions: Vec<Question>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Question {
    pub code: String,
    pub text: String,
    pub options: Vec<Choice>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    pub text: String,
    pub score: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Low,
    Medium,
    High,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::High, Level::Medium, Level::Low];

    pub fn code(self) -> &'static str {
        match self {
            Level::Low => "low",
            Level::Medium => "medium",
            Level::High => "high",
        }
    }

    pub fn from_code(code: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Level::Low => ru::SUP_LEVEL_LOW,
            Level::Medium => ru::SUP_LEVEL_MEDIUM,
            Level::High => ru::SUP_LEVEL_HIGH,
        }
    }
}

/// The curator's own assessment of a factor.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    pub level: Level,
    #[serde(default)]
    pub comment: String,
}

/// A factor scored from the school's answers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FactorLevel {
    pub code: String,
    pub title: String,
    pub score: u32,
    pub max: u32,
    /// `None` until every question of the factor is answered.
    pub computed: Option<Level>,
    /// The answers that scored: «question — answer».
    pub causes: Vec<String>,
    pub curator: Option<Assessment>,
}

impl FactorLevel {
    /// The curator's level where they gave one, else the computed one.
    pub fn level(&self) -> Option<Level> {
        self.curator.as_ref().map(|a| a.level).or(self.computed)
    }
}

impl Questionnaire {
    /// Every question's code with its number of options.
    pub fn questions(&self) -> impl Iterator<Item = &Question> {
        self.factors.iter().flat_map(|f| f.questions.iter())
    }

    pub fn has_factor(&self, code: &str) -> bool {
        self.factors.iter().any(|f| f.code == code)
    }

    /// Each factor's score, level and causes for `answers` (question code → option index).
    pub fn score(
        &self,
        answers: &BTreeMap<String, usize>,
        assessment: &BTreeMap<String, Assessment>,
    ) -> Vec<FactorLevel> {
        self.factors
            .iter()
            .map(|factor| {
                let mut score = 0;
                let mut answered = 0;
                let mut causes = Vec::new();
                for question in &factor.questions {
                    let chosen = answers.get(&question.code).and_then(|&i| question.options.get(i));
                    if let Some(choice) = chosen {
                        answered += 1;
                        score += choice.score;
                        if choice.score > 0 {
                            causes.push(format!("{} — {}", question.text, choice.text));
                        }
                    }
                }
                let max = factor
                    .questions
                    .iter()
                    .map(|q| q.options.iter().map(|o| o.score).max().unwrap_or(0))
                    .sum();
                let level = if score >= factor.high {
                    Level::High
                } else if score >= factor.medium {
                    Level::Medium
                } else {
                    Level::Low
                };
                let computed = (answered == factor.questions.len()).then_some(level);
                FactorLevel {
                    code: factor.code.clone(),
                    title: factor.title.clone(),
                    score,
                    max,
                    computed,
                    causes,
                    curator: assessment.get(&factor.code).cloned(),
                }
            })
            .collect()
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    fn template() -> Questionnaire {
        serde_json::from_str(TEMPLATE_500).expect("the template parses")
    }

    #[test]
    fn the_template_has_the_ten_factors_with_two_to_four_questions_each() {
        let q = template();
        assert_eq!(q.factors.len(), 10);
        for f in &q.factors {
            assert!((2..=4).contains(&f.questions.len()), "{}", f.code);
            assert!(f.medium <= f.high, "{}", f.code);
        }
        let mut codes: Vec<&str> = q.questions().map(|q| q.code.as_str()).collect();
        let n = codes.len();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), n, "question codes are unique");
    }

    #[test]
    fn levels_follow_the_thresholds_and_name_the_answers_that_scored() {
        let q = template();
        // Equipment (high ≥ 4, medium ≥ 2): 2 + 1 + 2 = 5 → high.
        // Staff: 0 + 1 + 1 = 2 → medium. Adaptivity (high ≥ 3, medium ≥ 2): 0 + 1 = 1 → low.
        let answers: BTreeMap<String, usize> = [
            ("equipment_internet", 2),
            ("equipment_computers", 1),
            ("equipment_labs", 2),
            ("staff_vacancies", 0),
            ("staff_non_profile", 1),
            ("staff_load", 1),
            ("adaptivity_differentiation", 0),
            ("adaptivity_routes", 1),
            ("parents_meetings", 2),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        let curator: BTreeMap<String, Assessment> = [(
            "adaptivity".to_string(),
            Assessment {
                level: Level::High,
                comment: "Маршрутов нет".into(),
            },
        )]
        .into();
        let levels = q.score(&answers, &curator);
        let by = |code: &str| levels.iter().find(|l| l.code == code).unwrap().clone();
        assert_eq!(
            (by("equipment").score, by("equipment").computed),
            (5, Some(Level::High))
        );
        assert_eq!(by("equipment").max, 6);
        assert_eq!(by("equipment").causes.len(), 3);
        assert_eq!(
            (by("staff").score, by("staff").computed),
            (2, Some(Level::Medium))
        );
        assert_eq!(by("staff").causes.len(), 2);
        assert_eq!(by("adaptivity").computed, Some(Level::Low));
        assert_eq!(by("adaptivity").level(), Some(Level::High));
        // Parents: one of three answered, so no level yet.
        assert_eq!((by("parents").score, by("parents").computed), (2, None));
    }
}
