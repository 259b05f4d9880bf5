use crate::identification::config::Config;

#[test]
fn every_template_is_a_valid_configuration() {
    for template in [
        super::KHABAROVSK,
        super::FEDERAL_SHNOR,
        super::PROJECT_500,
        super::LESKENSKY,
        super::RYAZAN,
    ] {
        Config::from_json(template).unwrap();
    }
}

#[test]
fn the_khabarovsk_template_has_all_indicators_of_both_tables() {
    let Config::IndexBands(config) = Config::from_json(super::KHABAROVSK).unwrap() else {
        panic!("index_bands expected");
    };
    let results = &config.indices[0];
    let social = &config.indices[1];
    // Table 1: indicators 2, 3, 5–11 split into Russian and mathematics (9 splits into
    // Russian, profile and basic mathematics): 21 in all. Table 2: 11.
    assert_eq!((results.indicators.len(), social.indicators.len()), (21, 11));
    let thresholds: Vec<f64> = results.indicators.iter().filter_map(|i| i.value).collect();
    assert_eq!(thresholds, [-20.0, -20.0, -4.0, -1.0, -1.0, -1.0, -1.0]);
}

/// Seed 001: «за 2 последних года или за все 3 года» is being in the band in the two
/// latest years; years 1 and 3 only are not enough, for the social and the favourable
/// status alike.
#[test]
fn the_khabarovsk_social_statuses_need_the_two_latest_years() {
    let config = Config::from_json(super::KHABAROVSK).unwrap();
    let codes = config.indicator_codes();
    let mut csv = format!("school_id,year,group,{}\n", codes.join(","));
    let deviant = [
        (2019, [100, 50, 0, 40]),
        (2020, [10, 100, 50, 0]),
        (2021, [100, 100, 0, 0]),
    ];
    for (year, values) in deviant {
        for (school, value) in ["A", "B", "C", "D"].iter().zip(values) {
            let cells: Vec<String> = codes
                .iter()
                .map(|c| {
                    if c == "deviant" {
                        value.to_string()
                    } else {
                        String::new()
                    }
                })
                .collect();
            csv += &format!("{school},{year},secondary,{}\n", cells.join(","));
        }
    }
    let result = crate::identification::engine::run_csv(&config, csv.as_bytes()).unwrap();
    let statuses: Vec<(&str, &[String])> = result
        .schools
        .iter()
        .map(|s| (s.school_id.as_str(), s.statuses.as_slice()))
        .collect();
    let social = |id: &str| statuses.iter().find(|(s, _)| *s == id).unwrap().1.to_vec();
    assert!(social("A").is_empty(), "worst in 2019 and 2021 only: not ШНСУ");
    assert_eq!(social("B"), ["social"]);
    assert!(
        social("C").is_empty(),
        "best in 2019 and 2021 only: not favourable"
    );
    assert_eq!(social("D"), ["favourable"]);
}
