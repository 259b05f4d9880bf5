//! Scoring happens only here, on the server: the browser never sees a key.

use std::collections::HashMap;

use super::model::{Answer, AttemptResult, CompetencyScore, Framework, Item, ItemKind, Level};

/// Lower case, «ё» as «е», spaces collapsed, surrounding punctuation and quotes dropped, and a
/// decimal comma read as a point: what a person means by the same answer typed differently.
pub fn normalise(text: &str) -> String {
    let lowered = text.to_lowercase().replace('ё', "е");
    let words: Vec<&str> = lowered.split_whitespace().collect();
    let joined = words.join(" ");
    let trimmed = joined.trim_matches(|c: char| {
        c.is_ascii_punctuation() && c != '-' || matches!(c, '«' | '»' | '“' | '”' | '„')
    });
    let mut out = String::with_capacity(trimmed.len());
    let chars: Vec<char> = trimmed.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let between_digits =
            i > 0 && i + 1 < chars.len() && chars[i - 1].is_ascii_digit() && chars[i + 1].is_ascii_digit();
        out.push(if c == ',' && between_digits { '.' } else { c });
    }
    out
}

/// The share (0–1) of the item's points an answer earns; no answer earns nothing.
pub fn item_score(item: &Item, answer: Option<&Answer>) -> f64 {
    match (item.kind, answer) {
        (ItemKind::Single, Some(Answer::Options { chosen })) => {
            f64::from(u8::from(chosen.len() == 1 && item.correct.contains(&chosen[0])))
        }
        (ItemKind::Multiple, Some(Answer::Options { chosen })) => {
            let k = item.correct.len() as f64;
            let mut chosen = chosen.clone();
            chosen.sort_unstable();
            chosen.dedup();
            let right = chosen.iter().filter(|i| item.correct.contains(i)).count() as f64;
            let wrong = chosen.len() as f64 - right;
            ((right - wrong) / k).max(0.0)
        }
        (ItemKind::Likert, Some(Answer::Scale { value })) if (1..=5).contains(value) => {
            f64::from(value - 1) / 4.0
        }
        (ItemKind::Short, Some(Answer::Text { text })) => {
            let given = normalise(text);
            let accepted = !given.is_empty() && item.accepted.iter().any(|a| normalise(a) == given);
            f64::from(u8::from(accepted))
        }
        _ => 0.0,
    }
}

/// Per competency, the weighted share of points earned over the items linked to it; the level
/// follows the framework's thresholds; deficits are ranked by how far below the upper
/// threshold the score is.
pub fn score_attempt(framework: &Framework, items: &[(&Item, Option<&Answer>)]) -> AttemptResult {
    let mut earned: HashMap<&str, (f64, f64)> = HashMap::new();
    let mut points = 0.0;
    let mut max_points = 0.0;
    for (item, answer) in items {
        let share = item_score(item, *answer);
        points += share * item.points;
        max_points += item.points;
        for link in &item.competencies {
            let entry = earned.entry(link.code.as_str()).or_default();
            entry.0 += link.weight * item.points * share;
            entry.1 += link.weight * item.points;
        }
    }
    let thresholds = framework.thresholds;
    let competencies: Vec<CompetencyScore> = framework
        .competencies
        .iter()
        .filter_map(|c| {
            let (got, max) = earned.get(c.code.as_str())?;
            let score = if *max > 0.0 { got / max } else { 0.0 };
            Some(CompetencyScore {
                code: c.code.clone(),
                title: c.title.clone(),
                area: framework.area_title(&c.area).to_string(),
                score,
                level: thresholds.level(score),
                description: c.description.clone(),
                deficit_meaning: c.deficit_meaning.clone(),
            })
        })
        .collect();
    let mut deficits: Vec<&CompetencyScore> = competencies
        .iter()
        .filter(|c| c.level != Level::Minimal)
        .collect();
    deficits.sort_by(|a, b| {
        (thresholds.high - b.score)
            .total_cmp(&(thresholds.high - a.score))
            .then_with(|| a.code.cmp(&b.code))
    });
    AttemptResult {
        points,
        max_points,
        thresholds,
        deficits: deficits.iter().map(|c| c.code.clone()).collect(),
        competencies,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::model::{Area, Competency, CompetencyWeight, Thresholds};

    fn item(kind: ItemKind, correct: &[usize], links: &[(&str, f64)], points: f64) -> Item {
        Item {
            code: "T-1".into(),
            kind,
            stem: "Вопрос".into(),
            options: vec!["а".into(), "б".into(), "в".into(), "г".into()],
            correct: correct.to_vec(),
            accepted: vec!["Двадцать пять".into(), "25".into()],
            competencies: links
                .iter()
                .map(|(code, weight)| CompetencyWeight {
                    code: code.to_string(),
                    weight: *weight,
                })
                .collect(),
            points,
            subject: None,
        }
    }

    fn chosen(options: &[usize]) -> Answer {
        Answer::Options {
            chosen: options.to_vec(),
        }
    }

    fn framework() -> Framework {
        let competency = |code: &str| Competency {
            code: code.into(),
            area: "A".into(),
            title: format!("Компетенция {code}"),
            description: String::new(),
            deficit_meaning: String::new(),
        };
        Framework {
            title: "Модель".into(),
            thresholds: Thresholds::default(),
            areas: vec![Area {
                code: "A".into(),
                title: "Область".into(),
            }],
            competencies: vec![competency("X"), competency("Y"), competency("Z")],
            profiles: vec![],
        }
    }

    #[test]
    fn single_choice_is_all_or_nothing() {
        let single = item(ItemKind::Single, &[2], &[("X", 1.0)], 1.0);
        assert_eq!(item_score(&single, Some(&chosen(&[2]))), 1.0);
        assert_eq!(item_score(&single, Some(&chosen(&[1]))), 0.0);
        assert_eq!(item_score(&single, Some(&chosen(&[2, 1]))), 0.0);
        assert_eq!(item_score(&single, None), 0.0);
    }

    #[test]
    fn multiple_choice_gives_partial_credit_never_below_zero() {
        let multiple = item(ItemKind::Multiple, &[0, 1, 2], &[("X", 1.0)], 1.0);
        assert_eq!(item_score(&multiple, Some(&chosen(&[0, 1, 2]))), 1.0);
        assert!((item_score(&multiple, Some(&chosen(&[0, 1]))) - 2.0 / 3.0).abs() < 1e-12);
        assert!((item_score(&multiple, Some(&chosen(&[0, 1, 3]))) - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(item_score(&multiple, Some(&chosen(&[0, 3]))), 0.0);
        assert_eq!(item_score(&multiple, Some(&chosen(&[3]))), 0.0);
        assert_eq!(item_score(&multiple, Some(&chosen(&[0, 0, 0]))), 1.0 / 3.0);
    }

    #[test]
    fn likert_maps_one_to_five_onto_zero_to_one() {
        let likert = item(ItemKind::Likert, &[], &[("X", 1.0)], 1.0);
        let scale = |value| item_score(&likert, Some(&Answer::Scale { value }));
        assert_eq!(
            [scale(1), scale(2), scale(3), scale(4), scale(5)],
            [0.0, 0.25, 0.5, 0.75, 1.0]
        );
        assert_eq!(scale(6), 0.0);
        assert_eq!(scale(0), 0.0);
    }

    #[test]
    fn short_answer_matches_after_normalisation() {
        let short = item(ItemKind::Short, &[], &[("X", 1.0)], 1.0);
        let typed = |text: &str| item_score(&short, Some(&Answer::Text { text: text.into() }));
        assert_eq!(typed("  двадцать   ПЯТЬ. "), 1.0);
        assert_eq!(typed("«25»"), 1.0);
        assert_eq!(typed("26"), 0.0);
        assert_eq!(typed(""), 0.0);
        assert_eq!(normalise("Ёлка,  2,5 "), "елка, 2.5");
        assert_eq!(item_score(&short, Some(&chosen(&[0]))), 0.0);
    }

    #[test]
    fn competency_scores_weight_points_and_rank_deficits() {
        let f = framework();
        // X: item a (weight 1, 2 points, right) and item b (weight 0.5, 1 point, wrong)
        //    → (1·2·1 + 0.5·1·0) / (1·2 + 0.5·1) = 2 / 2.5 = 0.8 → partial (80 % is inside 60–80 %)
        // Y: item b only (weight 1, wrong) → 0 → pronounced
        // Z: item c (likert 5) → 1 → minimal
        let a = item(ItemKind::Single, &[0], &[("X", 1.0)], 2.0);
        let b = item(ItemKind::Single, &[0], &[("X", 0.5), ("Y", 1.0)], 1.0);
        let c = item(ItemKind::Likert, &[], &[("Z", 1.0)], 1.0);
        let right = chosen(&[0]);
        let wrong = chosen(&[1]);
        let five = Answer::Scale { value: 5 };
        let result = score_attempt(&f, &[(&a, Some(&right)), (&b, Some(&wrong)), (&c, Some(&five))]);
        let score = |code: &str| result.competencies.iter().find(|c| c.code == code).unwrap();
        assert!((score("X").score - 0.8).abs() < 1e-12);
        assert_eq!(score("X").level, Level::Partial);
        assert_eq!(score("Y").score, 0.0);
        assert_eq!(score("Y").level, Level::Pronounced);
        assert_eq!(score("Z").level, Level::Minimal);
        assert_eq!(result.deficits, vec!["Y".to_string(), "X".to_string()]);
        assert_eq!((result.points, result.max_points), (3.0, 4.0));
    }

    #[test]
    fn thresholds_are_configurable_and_inclusive_in_the_middle() {
        let t = Thresholds::default();
        assert_eq!(t.level(0.599), Level::Pronounced);
        assert_eq!(t.level(0.6), Level::Partial);
        assert_eq!(t.level(0.8), Level::Partial);
        assert_eq!(t.level(0.801), Level::Minimal);
        let strict = Thresholds { low: 0.7, high: 0.9 };
        assert_eq!(strict.level(0.65), Level::Pronounced);
        assert_eq!(strict.level(0.85), Level::Partial);
    }

    #[test]
    fn unanswered_items_count_as_zero_and_unmeasured_competencies_are_left_out() {
        let f = framework();
        let a = item(ItemKind::Single, &[0], &[("X", 1.0)], 1.0);
        let result = score_attempt(&f, &[(&a, None)]);
        assert_eq!(result.competencies.len(), 1);
        assert_eq!(result.competencies[0].score, 0.0);
        assert_eq!(result.deficits, vec!["X".to_string()]);
    }
}
