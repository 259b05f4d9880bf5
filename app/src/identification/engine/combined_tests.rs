//! Composite statuses, criteria sets per status and clusters (issue 16 §3).

use std::collections::BTreeSet;

use super::*;

type Set = BTreeSet<String>;

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

/// A flag-count configuration over indicators `a`, `b`, `c` (flagged at ≥ 50) with one base
/// status per indicator (`x` counts `a`, `y` counts `b`, `z` counts `c`) and `combined`.
fn config(combined: &str) -> Config {
    let status = |code: &str, indicator: &str| {
        format!(
            r#"{{"code": "{code}", "indicators": ["{indicator}"], "rule": {{"year": 0, "min_flags": 1}}}}"#
        )
    };
    let indicators = ["a", "b", "c"].map(|c| format!(r#"{{"code": "{c}", "op": "ge", "value": 50}}"#));
    Config::from_json(&format!(
        r#"{{"method": "flag_count", "title": "t", "window_years": 1,
            "indicators": [{}], "statuses": [{}, {}, {}], "combined": [{combined}]}}"#,
        indicators.join(","),
        status("x", "a"),
        status("y", "b"),
        status("z", "c"),
    ))
    .unwrap()
}

fn random_data(seed: u64, schools: usize) -> String {
    let mut rng = Lcg(seed);
    let mut csv = String::from("school_id,year,a,b,c\n");
    for s in 0..schools {
        let v: Vec<u64> = (0..3).map(|_| rng.next() % 100).collect();
        csv += &format!("s{s:03},2021,{},{},{}\n", v[0], v[1], v[2]);
    }
    csv
}

/// The schools holding each status.
fn holders(config: &Config, csv: &str) -> std::collections::BTreeMap<String, Set> {
    let result = run_csv(config, csv.as_bytes()).unwrap();
    let mut map = std::collections::BTreeMap::<String, Set>::new();
    for school in &result.schools {
        for status in &school.statuses {
            map.entry(status.clone())
                .or_default()
                .insert(school.school_id.clone());
        }
    }
    map
}

fn pick(rng: &mut Lcg) -> Vec<&'static str> {
    ["x", "y", "z"]
        .into_iter()
        .filter(|_| rng.next().is_multiple_of(2))
        .collect()
}

fn list(codes: &[&str]) -> String {
    codes
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(",")
}

#[test]
fn property_combine_is_set_algebra_over_the_schools() {
    let mut rng = Lcg(16);
    for seed in 1..=40 {
        let (all_of, any_of, none_of) = (pick(&mut rng), pick(&mut rng), pick(&mut rng));
        if all_of.is_empty() && any_of.is_empty() {
            continue;
        }
        let combined = format!(
            r#"{{"code": "c", "combine": {{"all_of": [{}], "any_of": [{}], "none_of": [{}]}}}},
               {{"code": "and", "combine": {{"all_of": ["x", "y"]}}}},
               {{"code": "or", "combine": {{"any_of": ["x", "y"]}}}},
               {{"code": "nested", "combine": {{"any_of": ["and", "z"]}}}}"#,
            list(&all_of),
            list(&any_of),
            list(&none_of)
        );
        let csv = random_data(seed, 120);
        let held = holders(&config(&combined), &csv);
        let of = |code: &str| held.get(code).cloned().unwrap_or_default();
        let everyone: Set = (0..120).map(|s| format!("s{s:03}")).collect();
        let mut expected = everyone.clone();
        for code in &all_of {
            expected = &expected & &of(code);
        }
        if !any_of.is_empty() {
            let union = any_of.iter().fold(Set::new(), |u, code| &u | &of(code));
            expected = &expected & &union;
        }
        for code in &none_of {
            expected = &expected - &of(code);
        }
        assert_eq!(
            of("c"),
            expected,
            "seed {seed}: {all_of:?} {any_of:?} {none_of:?}"
        );
        for code in &all_of {
            assert!(of("c").is_subset(&of(code)), "all_of is a subset of each part");
        }
        for code in &none_of {
            assert!(
                of("c").is_disjoint(&of(code)),
                "none_of is disjoint from each part"
            );
        }
        assert_eq!(of("and"), &of("x") & &of("y"));
        assert_eq!(of("or"), &of("x") | &of("y"));
        assert!(of("x").is_subset(&of("or")) && of("and").is_subset(&of("or")));
        assert_eq!(
            of("nested"),
            &of("and") | &of("z"),
            "a composite may use an earlier composite"
        );
    }
}

#[test]
fn composite_statuses_follow_the_base_statuses_in_configuration_order() {
    let config = config(
        r#"{"code": "confirmed", "combine": {"all_of": ["x", "y"], "none_of": ["z"]}},
           {"code": "either", "combine": {"any_of": ["confirmed", "z"]}}"#,
    );
    let csv = "school_id,year,a,b,c\nA,2021,60,60,0\nB,2021,60,60,60\nC,2021,60,0,0\n";
    let result = run_csv(&config, csv.as_bytes()).unwrap();
    let statuses: Vec<Vec<String>> = result.schools.iter().map(|s| s.statuses.clone()).collect();
    assert_eq!(statuses[0], ["x", "y", "confirmed", "either"]);
    assert_eq!(statuses[1], ["x", "y", "z", "either"]);
    assert_eq!(statuses[2], ["x"]);
}

#[test]
fn a_criteria_set_counts_only_its_own_indicators() {
    // Ryazan: ШСНОР counts two criteria of its own, ШФНСУ one of its own.
    let config = Config::from_json(
        r#"{"method": "flag_count", "title": "t", "window_years": 1,
            "indicators": [{"code": "a", "op": "ge", "value": 50}, {"code": "b", "op": "ge", "value": 50},
                           {"code": "c", "op": "ge", "value": 50}],
            "statuses": [{"code": "shsnor", "indicators": ["a", "b"], "rule": {"year": 0, "min_flags": 2}},
                         {"code": "shfnsu", "indicators": ["c"], "rule": {"year": 0, "min_flags": 1}}]}"#,
    )
    .unwrap();
    let csv = "school_id,year,a,b,c\nA,2021,60,0,60\nB,2021,60,60,0\n";
    let result = run_csv(&config, csv.as_bytes()).unwrap();
    assert_eq!(result.schools[0].statuses, ["shfnsu"]);
    assert_eq!(result.schools[1].statuses, ["shsnor"]);
}

#[test]
fn a_status_limited_to_clusters_goes_only_to_their_schools() {
    let config = Config::from_json(
        r#"{"method": "flag_count", "title": "t", "window_years": 1,
            "indicators": [{"code": "a", "op": "ge", "value": 50}],
            "statuses": [{"code": "low", "where": {"cluster": ["1"]}, "rule": {"year": 0, "min_flags": 1}},
                         {"code": "any", "rule": {"year": 0, "min_flags": 1}}],
            "combined": [{"code": "rural", "combine": {"all_of": ["any"]}, "where": {"cluster": ["2"]}}]}"#,
    )
    .unwrap();
    let csv = "school_id,year,cluster,a\nA,2021,1,60\nB,2021,2,60\nC,2021,,60\n";
    let result = run_csv(&config, csv.as_bytes()).unwrap();
    let statuses: Vec<Vec<String>> = result.schools.iter().map(|s| s.statuses.clone()).collect();
    assert_eq!(statuses, [vec!["low", "any"], vec!["any", "rural"], vec!["any"]]);
    // Without the column the run stops and names it.
    let error = run_csv(&config, b"school_id,year,a\nA,2021,60\n").unwrap_err();
    assert_eq!(error.to_string(), "Строка 1: нет обязательного столбца «cluster»");
}

#[test]
fn bad_composites_are_refused_with_the_field_named_in_russian() {
    let error_of = |combined: &str| {
        Config::from_json(&format!(
            r#"{{"method": "flag_count", "title": "t", "window_years": 1,
                "indicators": [{{"code": "a", "op": "ge", "value": 50}}],
                "statuses": [{{"code": "x", "rule": {{"year": 0, "min_flags": 1}}}}],
                "combined": [{combined}]}}"#
        ))
        .unwrap_err()
        .to_string()
    };
    assert_eq!(
        error_of(
            r#"{"code": "c", "combine": {"all_of": ["x", "d"]}}, {"code": "d", "combine": {"all_of": ["x"]}}"#
        ),
        "Ошибка в конфигурации, поле «combined[0].combine.all_of[1]»: статус «d» не определён выше \
         составного статуса «c»; ссылаться можно только на статусы, которые вычисляются раньше"
    );
    assert!(error_of(r#"{"code": "c", "combine": {"none_of": ["x"]}}"#)
        .starts_with("Ошибка в конфигурации, поле «combined[0].combine»: составной статус должен"));
    assert!(error_of(r#"{"code": "x", "combine": {"all_of": ["x"]}}"#).contains("поле «combined[0].code»"));
    assert!(
        error_of(r#"{"code": "c", "combine": {"all_of": ["x"]}, "where": {"cluster": []}}"#)
            .contains("поле «combined[0].where.cluster»: укажите хотя бы один непустой кластер")
    );
    let unknown = Config::from_json(
        r#"{"method": "flag_count", "title": "t", "window_years": 1,
            "indicators": [{"code": "a", "op": "ge", "value": 50}],
            "statuses": [{"code": "x", "indicators": ["b"], "rule": {"year": 0, "min_flags": 1}}]}"#,
    )
    .unwrap_err();
    assert_eq!(unknown.field, "statuses[0].indicators[0]");
}

#[test]
fn an_index_limited_to_a_cluster_compares_only_its_schools() {
    let config = Config::from_json(
        r#"{"method": "index_bands", "title": "t", "window_years": 1,
            "indices": [{"code": "r", "orientation": "higher_is_better", "share": 0.25,
                         "where": {"cluster": ["1"]},
                         "indicators": [{"code": "a", "normalization": "minmax", "direction": "direct"}]}],
            "statuses": [{"code": "low", "index": "r", "band": "worst", "rule": {"kind": "all_years"}}]}"#,
    )
    .unwrap();
    let csv = "school_id,year,cluster,a\nA,2021,1,10\nB,2021,1,20\nC,2021,1,30\nD,2021,1,50\nE,2021,2,0\n";
    let result = run_csv(&config, csv.as_bytes()).unwrap();
    let index = |s: usize| match &result.schools[s].years[&2021] {
        YearResult::Indices(map) => map["r"].index,
        other => panic!("{other:?}"),
    };
    // min and max come from cluster 1 only: A is 0, D is 1, E has no index.
    assert_eq!((index(0), index(3), index(4)), (Some(0.0), Some(1.0), None));
    let statuses: Vec<Vec<String>> = result.schools.iter().map(|s| s.statuses.clone()).collect();
    assert_eq!(statuses[0], ["low"]);
    assert!(statuses[4].is_empty());
}
