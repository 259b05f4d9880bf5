//! Hand-computed cases for every clause of the contract.

use super::*;
use crate::identification::config::{Band, Config};
use result::IndexValue;

fn run_on(config: &str, csv: &str) -> Result<IdentificationResult, EngineError> {
    let config = Config::from_json(config)?;
    super::run_csv(&config, csv.as_bytes())
}

fn school<'a>(result: &'a IdentificationResult, id: &str) -> &'a SchoolResult {
    result
        .schools
        .iter()
        .find(|s| s.school_id == id)
        .unwrap_or_else(|| panic!("no school {id}"))
}

fn value<'a>(result: &'a IdentificationResult, id: &str, year: i32, index: &str) -> &'a IndexValue {
    match &school(result, id).years[&year] {
        YearResult::Indices(map) => &map[index],
        other => panic!("expected indices, got {other:?}"),
    }
}

fn band(result: &IdentificationResult, id: &str, year: i32) -> Option<Band> {
    value(result, id, year, "r").band
}

fn index(result: &IdentificationResult, id: &str, year: i32) -> Option<f64> {
    value(result, id, year, "r").index
}

fn statuses_of(result: &IdentificationResult, id: &str) -> Vec<String> {
    school(result, id).statuses.clone()
}

fn assert_close(actual: Option<f64>, expected: f64) {
    let actual = actual.expect("an index");
    assert!(
        (actual - expected).abs() < 1e-12,
        "expected {expected}, got {actual}"
    );
}

/// One index `r` over the given indicators, ungrouped unless `grouped`.
fn bands_config(indicators: &str, share: f64, statuses: &str, extra: &str) -> String {
    format!(
        r#"{{"method": "index_bands", "title": "t", "window_years": 3, {extra}
            "indices": [{{"code": "r", "orientation": "higher_is_better", "share": {share},
                         "indicators": [{indicators}]}}],
            "statuses": [{statuses}]}}"#
    )
}

const LOW: &str = r#"{"code": "low", "index": "r", "band": "worst", "rule": {"kind": "all_years"}}"#;
const MINMAX_A: &str = r#"{"code": "a", "normalization": "minmax", "direction": "direct"}"#;

#[test]
fn minmax_direct_normalises_inside_the_year_and_bands_the_bottom_share() {
    let config = bands_config(MINMAX_A, 0.25, LOW, "");
    let result = run_on(
        &config,
        "school_id,year,a\nA,2021,10\nB,2021,20\nC,2021,30\nD,2021,40\n",
    )
    .unwrap();
    assert_close(index(&result, "A", 2021), 0.0);
    assert_close(index(&result, "B", 2021), 1.0 / 3.0);
    assert_close(index(&result, "C", 2021), 2.0 / 3.0);
    assert_close(index(&result, "D", 2021), 1.0);
    assert_eq!(band(&result, "A", 2021), Some(Band::Worst));
    assert_eq!(band(&result, "B", 2021), Some(Band::Middle));
    assert_eq!(band(&result, "D", 2021), Some(Band::Best));
    assert_eq!(statuses_of(&result, "A"), ["low"]);
    assert!(statuses_of(&result, "B").is_empty());
}

#[test]
fn minmax_inverse_turns_the_scale_around() {
    let indicator = r#"{"code": "a", "normalization": "minmax", "direction": "inverse"}"#;
    let result = run_on(
        &bands_config(indicator, 0.25, LOW, ""),
        "school_id,year,a\nA,2021,10\nB,2021,40\n",
    )
    .unwrap();
    assert_close(index(&result, "A", 2021), 1.0);
    assert_close(index(&result, "B", 2021), 0.0);
}

#[test]
fn every_school_tied_at_the_cut_off_is_in_the_band() {
    // n = 5, k = ceil(0.25 × 5) = 2; the second worst is tied with the third.
    let csv = "school_id,year,a\nA,2021,0\nB,2021,10\nC,2021,10\nD,2021,30\nE,2021,40\n";
    let result = run_on(&bands_config(MINMAX_A, 0.25, LOW, ""), csv).unwrap();
    for id in ["A", "B", "C"] {
        assert_eq!(band(&result, id, 2021), Some(Band::Worst), "{id}");
    }
    assert_eq!(band(&result, "D", 2021), Some(Band::Best));
    assert_eq!(band(&result, "E", 2021), Some(Band::Best));
}

#[test]
fn k_is_the_ceiling_of_share_times_n() {
    // 0.1 × 30 is 3.0000000000000004 in floating point; k must still be 3.
    let mut csv = String::from("school_id,year,a\n");
    for i in 0..30 {
        csv.push_str(&format!("S{i:02},2021,{i}\n"));
    }
    let result = run_on(&bands_config(MINMAX_A, 0.1, LOW, ""), &csv).unwrap();
    let worst = result
        .schools
        .iter()
        .filter(|s| band(&result, &s.school_id, 2021) == Some(Band::Worst))
        .count();
    let best = result
        .schools
        .iter()
        .filter(|s| band(&result, &s.school_id, 2021) == Some(Band::Best))
        .count();
    assert_eq!((worst, best), (3, 3));
}

#[test]
fn a_school_in_both_bands_is_in_neither() {
    let result = run_on(
        &bands_config(MINMAX_A, 0.5, LOW, ""),
        "school_id,year,a\nA,2021,1\nB,2021,1\n",
    )
    .unwrap();
    // max = min: the only indicator says nothing, so there is no index at all.
    assert_eq!(
        value(&result, "A", 2021, "r").reason.as_deref(),
        Some("insufficient_data")
    );

    let two = format!("{MINMAX_A}, {{\"code\": \"b\", \"normalization\": \"threshold\", \"op\": \"gt\", \"value\": 0, \"direction\": \"direct\"}}");
    let result = run_on(
        &bands_config(&two, 0.5, LOW, ""),
        "school_id,year,a,b\nA,2021,1,1\n",
    )
    .unwrap();
    assert_eq!(
        band(&result, "A", 2021),
        Some(Band::Middle),
        "n = 1: worst and best at once"
    );
}

#[test]
fn an_indicator_with_max_equal_to_min_is_left_out_for_the_whole_year_group() {
    let two =
        format!("{MINMAX_A}, {{\"code\": \"b\", \"normalization\": \"minmax\", \"direction\": \"direct\"}}");
    let csv = "school_id,year,a,b\nA,2021,5,0\nB,2021,5,10\nC,2021,5,20\n";
    let result = run_on(&bands_config(&two, 0.25, LOW, ""), csv).unwrap();
    assert_close(index(&result, "A", 2021), 0.0);
    assert_close(index(&result, "B", 2021), 0.5);
    assert_close(index(&result, "C", 2021), 1.0);
}

#[test]
fn a_missing_value_leaves_the_indicator_out_for_that_school_year() {
    let two =
        format!("{MINMAX_A}, {{\"code\": \"b\", \"normalization\": \"minmax\", \"direction\": \"direct\"}}");
    let csv = "school_id,year,a,b\nA,2021,0,\nB,2021,10,0\nC,2021,20,10\n";
    let result = run_on(&bands_config(&two, 0.25, LOW, ""), csv).unwrap();
    // A: only a = 0 → 0. B: (0.5 + 0) / 2. C: (1 + 1) / 2.
    assert_close(index(&result, "A", 2021), 0.0);
    assert_close(index(&result, "B", 2021), 0.25);
    assert_close(index(&result, "C", 2021), 1.0);
}

#[test]
fn fewer_available_indicators_than_min_indicators_gives_no_index() {
    let indicators =
        format!("{MINMAX_A}, {{\"code\": \"b\", \"normalization\": \"minmax\", \"direction\": \"direct\"}}");
    let config = format!(
        r#"{{"method": "index_bands", "title": "t", "window_years": 1,
            "indices": [{{"code": "r", "orientation": "higher_is_better", "share": 0.5, "min_indicators": 2,
                         "indicators": [{indicators}]}}],
            "statuses": [{LOW}]}}"#
    );
    let csv = "school_id,year,a,b\nA,2021,0,\nB,2021,10,0\nC,2021,20,10\n";
    let result = run_on(&config, csv).unwrap();
    let a = value(&result, "A", 2021, "r");
    assert_eq!(
        (a.index, a.band, a.reason.as_deref()),
        (None, None, Some("insufficient_data"))
    );
    let json = serde_json::to_value(&result).unwrap();
    assert_eq!(
        json["schools"][0]["years"]["2021"]["r"],
        serde_json::json!({"index": null, "band": null, "reason": "insufficient_data"})
    );
    // Only B and C are banded: n = 2, k = 1.
    assert_eq!(band(&result, "B", 2021), Some(Band::Worst));
    assert_eq!(band(&result, "C", 2021), Some(Band::Best));
    assert!(
        statuses_of(&result, "A").is_empty(),
        "a year without an index is not in the band"
    );
}

#[test]
fn threshold_flags_compare_exactly_on_the_value() {
    let lt =
        r#"{"code": "gap", "normalization": "threshold", "op": "lt", "value": -20, "direction": "inverse"}"#;
    let le =
        r#"{"code": "gap", "normalization": "threshold", "op": "le", "value": -20, "direction": "direct"}"#;
    let csv = "school_id,year,gap\nA,2021,-20\nB,2021,-21\nC,2021,5\n";
    let result = run_on(&bands_config(lt, 0.25, LOW, ""), csv).unwrap();
    // lt -20: A not flagged (1 − 0 = 1), B flagged (1 − 1 = 0), C not flagged.
    assert_close(index(&result, "A", 2021), 1.0);
    assert_close(index(&result, "B", 2021), 0.0);
    assert_close(index(&result, "C", 2021), 1.0);
    let result = run_on(&bands_config(le, 0.25, LOW, ""), csv).unwrap();
    assert_close(index(&result, "A", 2021), 1.0);
    assert_close(index(&result, "B", 2021), 1.0);
    assert_close(index(&result, "C", 2021), 0.0);
}

#[test]
fn weights_make_a_weighted_mean() {
    let indicators = r#"{"code": "a", "normalization": "minmax", "direction": "direct", "weight": 3},
                        {"code": "b", "normalization": "minmax", "direction": "direct", "weight": 1}"#;
    let csv = "school_id,year,a,b\nA,2021,0,10\nB,2021,10,0\n";
    let result = run_on(&bands_config(indicators, 0.25, LOW, ""), csv).unwrap();
    assert_close(index(&result, "A", 2021), 0.25);
    assert_close(index(&result, "B", 2021), 0.75);
}

#[test]
fn higher_is_worse_puts_the_highest_index_in_the_worst_band() {
    let config = bands_config(MINMAX_A, 0.25, LOW, "").replace("higher_is_better", "higher_is_worse");
    let result = run_on(
        &config,
        "school_id,year,a\nA,2021,10\nB,2021,20\nC,2021,30\nD,2021,40\n",
    )
    .unwrap();
    assert_eq!(band(&result, "D", 2021), Some(Band::Worst));
    assert_eq!(band(&result, "A", 2021), Some(Band::Best));
}

#[test]
fn groups_are_compared_separately_and_a_school_may_change_group() {
    let csv = "school_id,year,group,a\n\
               A,2020,secondary,10\nB,2020,secondary,20\nC,2020,basic,100\nD,2020,basic,50\n\
               A,2021,basic,10\nB,2021,secondary,20\nC,2021,basic,100\nD,2021,secondary,50\n";
    let result = run_on(&bands_config(MINMAX_A, 0.5, LOW, "\"grouped\": true,"), csv).unwrap();
    // 2020: secondary {A 10, B 20}, basic {C 100, D 50}.
    assert_close(index(&result, "A", 2020), 0.0);
    assert_close(index(&result, "D", 2020), 0.0);
    assert_close(index(&result, "C", 2020), 1.0);
    // 2021: A moved to basic {A 10, C 100}; D moved to secondary {B 20, D 50}.
    assert_close(index(&result, "A", 2021), 0.0);
    assert_close(index(&result, "B", 2021), 0.0);
    assert_close(index(&result, "D", 2021), 1.0);
    assert_eq!(
        school(&result, "A").group.as_deref(),
        Some("basic"),
        "the group of the latest year"
    );
}

#[test]
fn grouped_data_without_a_group_column_names_the_column() {
    let error = run_on(
        &bands_config(MINMAX_A, 0.5, LOW, "\"grouped\": true,"),
        "school_id,year,a\nA,2021,1\n",
    )
    .unwrap_err()
    .to_string();
    assert_eq!(error, "Строка 1: нет обязательного столбца «group»");
}

fn three_years(rows: &[(&str, i32, f64)]) -> String {
    let mut csv = String::from("school_id,year,a\n");
    for (id, year, a) in rows {
        csv.push_str(&format!("{id},{year},{a}\n"));
    }
    csv
}

#[test]
fn all_years_last_years_and_at_least_count_the_years_of_the_window() {
    let statuses = r#"{"code": "low", "index": "r", "band": "worst", "rule": {"kind": "all_years"}},
        {"code": "risk", "index": "r", "band": "worst", "rule": {"kind": "last_years", "n": 2}, "exclude": ["low"]},
        {"code": "often", "index": "r", "band": "worst", "rule": {"kind": "at_least", "n": 2}},
        {"code": "high", "index": "r", "band": "best", "rule": {"kind": "all_years"}}"#;
    // Four schools; share 0.25 → one worst and one best per year.
    let csv = three_years(&[
        ("A", 2019, 0.0),
        ("B", 2019, 1.0),
        ("C", 2019, 2.0),
        ("D", 2019, 3.0),
        ("A", 2020, 0.0),
        ("B", 2020, 1.0),
        ("C", 2020, 2.0),
        ("D", 2020, 3.0),
        ("A", 2021, 0.0),
        ("B", 2021, 1.0),
        ("C", 2021, 2.0),
        ("D", 2021, 3.0),
    ])
    .replace("B,2020,1", "B,2020,-1")
    .replace("B,2021,1", "B,2021,-1")
    .replace("A,2020,0", "A,2020,0.5")
    .replace("A,2021,0", "A,2021,0.5");
    // Worst per year: 2019 A, 2020 B, 2021 B.
    let result = run_on(&bands_config(MINMAX_A, 0.25, statuses, ""), &csv).unwrap();
    assert_eq!(statuses_of(&result, "A"), Vec::<String>::new());
    assert_eq!(statuses_of(&result, "B"), ["risk", "often"]);
    assert_eq!(statuses_of(&result, "D"), ["high"]);
    assert_eq!(result.years, [2019, 2020, 2021]);
}

#[test]
fn exclude_withholds_a_status_from_a_school_that_already_holds_another() {
    let statuses = r#"{"code": "low", "index": "r", "band": "worst", "rule": {"kind": "all_years"}},
        {"code": "risk", "index": "r", "band": "worst", "rule": {"kind": "last_years", "n": 2}, "exclude": ["low"]}"#;
    let csv = three_years(&[
        ("A", 2019, 0.0),
        ("B", 2019, 1.0),
        ("C", 2019, 2.0),
        ("D", 2019, 3.0),
        ("A", 2020, 0.0),
        ("B", 2020, 1.0),
        ("C", 2020, 2.0),
        ("D", 2020, 3.0),
        ("A", 2021, 0.0),
        ("B", 2021, 1.0),
        ("C", 2021, 2.0),
        ("D", 2021, 3.0),
    ]);
    let result = run_on(&bands_config(MINMAX_A, 0.25, statuses, ""), &csv).unwrap();
    assert_eq!(statuses_of(&result, "A"), ["low"], "risk is excluded by low");
}

#[test]
fn a_school_missing_a_year_is_not_in_the_band_that_year() {
    let statuses = r#"{"code": "low", "index": "r", "band": "worst", "rule": {"kind": "all_years"}},
        {"code": "risk", "index": "r", "band": "worst", "rule": {"kind": "last_years", "n": 2}}"#;
    let csv = three_years(&[
        ("B", 2019, 1.0),
        ("C", 2019, 2.0),
        ("D", 2019, 3.0),
        ("A", 2020, 0.0),
        ("B", 2020, 1.0),
        ("C", 2020, 2.0),
        ("D", 2020, 3.0),
        ("A", 2021, 0.0),
        ("B", 2021, 1.0),
        ("C", 2021, 2.0),
        ("D", 2021, 3.0),
    ]);
    let result = run_on(&bands_config(MINMAX_A, 0.25, statuses, ""), &csv).unwrap();
    assert_eq!(statuses_of(&result, "A"), ["risk"]);
    assert!(!school(&result, "A").years.contains_key(&2019));
}

#[test]
fn rows_older_than_the_window_are_ignored() {
    let csv = three_years(&[
        ("A", 2017, 0.0),
        ("A", 2019, 1.0),
        ("A", 2020, 1.0),
        ("A", 2021, 1.0),
        ("B", 2021, 2.0),
    ]);
    let result = run_on(&bands_config(MINMAX_A, 0.25, LOW, ""), &csv).unwrap();
    assert_eq!(result.years, [2019, 2020, 2021]);
    assert!(!school(&result, "A").years.contains_key(&2017));
}

const FEDERAL: &str = r#"{
  "method": "flag_count", "title": "ШНОР", "window_years": 2,
  "indicators": [{"code": "vpr_ma_5", "op": "ge", "value": 30}, {"code": "oge_ru", "op": "ge", "value": 30}],
  "statuses": [{"code": "shnor", "rule": {"any": [
      {"year": 0, "min_flags": 2},
      {"all": [{"year": 0, "min_flags": 1}, {"year": -1, "min_flags": 1}]}]}}]}"#;

#[test]
fn flag_count_flags_a_value_exactly_on_the_threshold() {
    let csv = "school_id,year,vpr_ma_5,oge_ru\nA,2021,30,30\nB,2021,29.9,30\n";
    let result = run_on(FEDERAL, csv).unwrap();
    assert_eq!(statuses_of(&result, "A"), ["shnor"]);
    assert!(statuses_of(&result, "B").is_empty());
    assert_eq!(
        serde_json::to_value(&school(&result, "B").years[&2021]).unwrap(),
        serde_json::json!({"flags": ["oge_ru"]})
    );
}

#[test]
fn flag_count_skips_a_year_without_data() {
    // No 2020 in the data: year -1 is 2019.
    let csv = "school_id,year,vpr_ma_5,oge_ru\nA,2019,31,\nA,2021,40,\nB,2018,50,50\nB,2021,10,35\n";
    let result = run_on(FEDERAL, csv).unwrap();
    assert_eq!(result.years, [2019, 2021]);
    assert_eq!(
        statuses_of(&result, "A"),
        ["shnor"],
        "one flag in 2021 and one in 2019"
    );
    assert!(
        statuses_of(&result, "B").is_empty(),
        "B has no row in 2019; 2018 is outside the window"
    );
}

#[test]
fn a_missing_value_is_not_flagged() {
    let result = run_on(FEDERAL, "school_id,year,vpr_ma_5,oge_ru\nA,2021,,\n").unwrap();
    assert_eq!(
        serde_json::to_value(&school(&result, "A").years[&2021]).unwrap(),
        serde_json::json!({"flags": []})
    );
}

#[test]
fn a_semicolon_csv_with_decimal_commas_and_a_bom_reads_like_the_plain_one() {
    let plain = "school_id,year,vpr_ma_5,oge_ru\nA,2021,30.5,12\nB,2021,1.25,31\n";
    let russian = "\u{feff}school_id;year;vpr_ma_5;oge_ru\r\nA;2021;30,5;12\r\nB;2021;1,25;31\r\n";
    assert_eq!(run_on(FEDERAL, plain).unwrap(), run_on(FEDERAL, russian).unwrap());
}

#[test]
fn extra_columns_are_carried_to_the_output() {
    let csv = "school_id,name,year,vpr_ma_5,oge_ru\nA,Школа № 1,2021,1,1\n";
    let result = run_on(FEDERAL, csv).unwrap();
    assert_eq!(school(&result, "A").attributes["name"], "Школа № 1");
}

#[test]
fn the_csv_output_joins_statuses_with_semicolons() {
    let result = run_on(
        FEDERAL,
        "school_id,year,vpr_ma_5,oge_ru\nA,2021,31,31\nB,2021,0,0\n",
    )
    .unwrap();
    assert_eq!(result.to_csv(), "school_id,statuses\nA,shnor\nB,\n");
}

#[test]
fn external_list_takes_statuses_as_they_are() {
    let config =
        r#"{"method": "external_list", "title": "500+", "statuses": [{"code": "p500"}, {"code": "other"}]}"#;
    let result = run_on(
        config,
        "school_id,status,reason\nB,other,\nA,p500,федеральный список\nB,p500,\n",
    )
    .unwrap();
    assert_eq!(statuses_of(&result, "B"), ["p500", "other"]);
    assert_eq!(
        school(&result, "A").attributes["reason:p500"],
        "федеральный список"
    );
    let error = run_on(config, "school_id,status\nA,zzz\n")
        .unwrap_err()
        .to_string();
    assert_eq!(
        error,
        "Строка 2, столбец «status»: статус «zzz» не описан в конфигурации (допустимы: p500, other)"
    );
}

#[test]
fn input_errors_name_the_row_and_the_column() {
    let cases = [
        (
            "school_id,year,vpr_ma_5,oge_ru\nA,2021,1,abc\n",
            "Строка 2, столбец «oge_ru»: значение «abc» не является числом",
        ),
        (
            "school_id,year,vpr_ma_5\nA,2021,1\n",
            "Строка 1: нет обязательного столбца «oge_ru»",
        ),
        (
            "school_id,year,vpr_ma_5,oge_ru\nA,2021,1,1\nB,2021,1,1\nA,2021,2,2\n",
            "Строка 4, столбцы «school_id» и «year»: школа «A» за 2021 год уже была в строке 2",
        ),
        (
            "school_id,year,vpr_ma_5,oge_ru\nA,21,1,1\n",
            "Строка 2, столбец «year»: «21» не является годом (целое число от 2000 до 2100)",
        ),
        (
            "school_id,year,vpr_ma_5,oge_ru\n,2021,1,1\n",
            "Строка 2, столбец «school_id»: пустое значение; заполните его",
        ),
        (
            "school_id,year,vpr_ma_5,oge_ru\nA,2021,1\n",
            "Строка 2: 3 значений вместо 4 (столбцов в заголовке)",
        ),
        (
            "school_id,year,year,vpr_ma_5,oge_ru\n",
            "Строка 1: столбец «year» встречается дважды",
        ),
        ("", "Файл пуст: нет строки заголовка"),
    ];
    for (csv, expected) in cases {
        assert_eq!(run_on(FEDERAL, csv).unwrap_err().to_string(), expected, "{csv}");
    }
}

#[test]
fn configuration_errors_name_the_field() {
    let bad_share = bands_config(MINMAX_A, 0.6, LOW, "");
    let missing_index = bands_config(
        MINMAX_A,
        0.25,
        &LOW.replace("\"index\": \"r\"", "\"index\": \"social\""),
        "",
    );
    let duplicate = bands_config(&format!("{MINMAX_A}, {MINMAX_A}"), 0.25, LOW, "");
    let forward_exclude = format!(
        r#"{{"code": "risk", "index": "r", "band": "worst", "rule": {{"kind": "all_years"}}, "exclude": ["low"]}}, {LOW}"#
    );
    let forward = bands_config(MINMAX_A, 0.25, &forward_exclude, "");
    let cases = [
        (bad_share, "Ошибка в конфигурации, поле «indices[0].share»: доля группы 0.6 вне допустимого диапазона (0; 0,5]"),
        (missing_index, "Ошибка в конфигурации, поле «statuses[0].index»: правило ссылается на несуществующий индекс «social»"),
        (duplicate, "Ошибка в конфигурации, поле «indices[0].indicators[1].code»: показатель с кодом «a» указан дважды"),
        (
            forward,
            "Ошибка в конфигурации, поле «statuses[0].exclude[0]»: статус «low» не определён выше статуса «risk»; \
             исключать можно только статусы, которые вычисляются раньше",
        ),
    ];
    for (config, expected) in cases {
        assert_eq!(Config::from_json(&config).unwrap_err().to_string(), expected);
    }
}

/// A small deterministic generator, so the property tests need no extra dependency.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

fn random_csv(seed: u64, schools: usize, distinct: bool) -> Vec<String> {
    let mut rng = Lcg(seed);
    let mut rows = Vec::new();
    for s in 0..schools {
        for year in 2019..=2021 {
            let group = if rng.next().is_multiple_of(2) {
                "secondary"
            } else {
                "basic"
            };
            let a = if distinct {
                (rng.next() % 1_000_000) as f64 + s as f64 * 1e-3
            } else {
                (rng.next() % 5) as f64
            };
            let b = if rng.next().is_multiple_of(7) {
                String::new()
            } else {
                (rng.next() % 100).to_string()
            };
            rows.push(format!("S{s:03},{year},{group},{a},{b}"));
        }
    }
    rows
}

const RANDOM_CONFIG_INDICATORS: &str = r#"{"code": "a", "normalization": "minmax", "direction": "direct"},
    {"code": "b", "normalization": "threshold", "op": "ge", "value": 50, "direction": "inverse", "weight": 0.5}"#;

#[test]
fn property_band_sizes_follow_ceil_share_times_n_apart_from_ties() {
    for seed in 1..=20 {
        let share = [0.1, 0.2, 0.25, 0.3, 0.5][seed as usize % 5];
        let statuses =
            r#"{"code": "low", "index": "r", "band": "worst", "rule": {"kind": "at_least", "n": 1}}"#;
        let config = bands_config(
            r#"{"code": "a", "normalization": "minmax", "direction": "direct"}"#,
            share,
            statuses,
            "\"grouped\": true,",
        );
        let rows = random_csv(seed, 10 + seed as usize * 3, true);
        let csv = format!("school_id,year,group,a,b\n{}\n", rows.join("\n"));
        let result = run_on(&config, &csv).unwrap();
        for year in 2019..=2021 {
            for group in ["secondary", "basic"] {
                let members: Vec<&str> = rows
                    .iter()
                    .filter(|r| r.contains(&format!(",{year},{group},")))
                    .map(|r| r.split(',').next().unwrap())
                    .collect();
                let n = members.len();
                let k = (share * n as f64 - 1e-9).ceil() as usize;
                let count = |b: Band| {
                    members
                        .iter()
                        .filter(|id| band(&result, id, year) == Some(b))
                        .count()
                };
                if n > 0 && 2 * k <= n {
                    assert_eq!(count(Band::Worst), k, "seed {seed}, {year} {group}, n {n}");
                    assert_eq!(count(Band::Best), k, "seed {seed}, {year} {group}, n {n}");
                }
            }
        }
    }
}

#[test]
fn property_ties_only_ever_enlarge_a_band() {
    for seed in 1..=20 {
        let config = bands_config(MINMAX_A, 0.25, LOW, "");
        let rows = random_csv(seed, 12, false);
        let csv = format!("school_id,year,group,a,b\n{}\n", rows.join("\n"));
        let result = run_on(&config, &csv).unwrap();
        for year in 2019..=2021 {
            let k = (0.25f64 * 12.0).ceil() as usize;
            let worst = result
                .schools
                .iter()
                .filter(|s| band(&result, &s.school_id, year) == Some(Band::Worst))
                .count();
            let all_equal = result
                .schools
                .iter()
                .all(|s| index(&result, &s.school_id, year).is_none());
            assert!(all_equal || worst >= k, "seed {seed}, {year}: {worst} < {k}");
        }
    }
}

#[test]
fn property_the_result_does_not_depend_on_row_order() {
    for seed in 1..=10 {
        let statuses =
            r#"{"code": "low", "index": "r", "band": "worst", "rule": {"kind": "at_least", "n": 2}}"#;
        let config = bands_config(RANDOM_CONFIG_INDICATORS, 0.25, statuses, "\"grouped\": true,");
        let mut rows = random_csv(seed, 25, seed % 2 == 0);
        let original = run_on(
            &config,
            &format!("school_id,year,group,a,b\n{}\n", rows.join("\n")),
        )
        .unwrap();
        let mut rng = Lcg(seed * 7919);
        for i in (1..rows.len()).rev() {
            rows.swap(i, (rng.next() as usize) % (i + 1));
        }
        let shuffled = run_on(
            &config,
            &format!("school_id,year,group,a,b\n{}\n", rows.join("\n")),
        )
        .unwrap();
        assert_eq!(original, shuffled, "seed {seed}");
    }
}
