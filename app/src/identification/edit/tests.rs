use super::*;

fn edit(op: &str, fields: &[(&str, &str)]) -> ConfigEdit {
    let mut map = serde_json::Map::new();
    map.insert("op".into(), op.into());
    for (k, v) in fields {
        map.insert((*k).into(), (*v).into());
    }
    serde_json::from_value(serde_json::Value::Object(map)).unwrap()
}

#[test]
fn an_index_bands_configuration_is_built_form_by_form_into_a_valid_one() {
    let mut config = empty("index_bands").unwrap();
    assert!(config.validate().is_err());
    apply(
        &mut config,
        &edit(
            "general",
            &[("title", "Тест"), ("window_years", "2"), ("grouped", "on")],
        ),
    )
    .unwrap();
    apply(
        &mut config,
        &edit(
            "add_index",
            &[
                ("code", "results"),
                ("orientation", "higher_is_better"),
                ("share", "0,25"),
            ],
        ),
    )
    .unwrap();
    apply(
        &mut config,
        &edit(
            "add_indicator",
            &[
                ("index", "0"),
                ("code", "ege_ru"),
                ("normalization", "minmax"),
                ("direction", "direct"),
            ],
        ),
    )
    .unwrap();
    apply(
        &mut config,
        &edit(
            "add_indicator",
            &[
                ("index", "0"),
                ("code", "gap"),
                ("normalization", "threshold"),
                ("direction", "inverse"),
                ("cmp", "lt"),
                ("value", "-20"),
                ("weight", "2"),
            ],
        ),
    )
    .unwrap();
    apply(
        &mut config,
        &edit(
            "add_status",
            &[
                ("code", "low"),
                ("label", "ШНРО"),
                ("index", "results"),
                ("band", "worst"),
                ("rule", "all_years"),
            ],
        ),
    )
    .unwrap();
    config.validate().unwrap();
    let Config::IndexBands(c) = &config else { panic!() };
    assert_eq!(c.indices[0].share, 0.25);
    assert_eq!(c.indices[0].indicators[1].weight, 2.0);
    assert_eq!(c.labels["low"], "ШНРО");
}

#[test]
fn renaming_an_index_follows_into_its_status_rules() {
    let mut config = Config::from_json(crate::identification::templates::KHABAROVSK).unwrap();
    apply(
        &mut config,
        &edit(
            "update_index",
            &[
                ("index", "0"),
                ("code", "res"),
                ("orientation", "higher_is_better"),
                ("share", "0.2"),
            ],
        ),
    )
    .unwrap();
    config.validate().unwrap();
}

#[test]
fn flag_rules_are_built_from_variants_and_conditions() {
    let mut config = empty("flag_count").unwrap();
    apply(
        &mut config,
        &edit(
            "add_indicator",
            &[("code", "vpr"), ("cmp", "ge"), ("value", "30")],
        ),
    )
    .unwrap();
    apply(
        &mut config,
        &edit(
            "add_status",
            &[("code", "shnor"), ("year", "0"), ("min_flags", "2")],
        ),
    )
    .unwrap();
    apply(
        &mut config,
        &edit(
            "add_condition",
            &[
                ("status", "0"),
                ("variant", "new"),
                ("year", "0"),
                ("min_flags", "1"),
            ],
        ),
    )
    .unwrap();
    apply(
        &mut config,
        &edit(
            "add_condition",
            &[
                ("status", "0"),
                ("variant", "1"),
                ("year", "-1"),
                ("min_flags", "1"),
            ],
        ),
    )
    .unwrap();
    let Config::FlagCount(c) = &config else { panic!() };
    let expected: FlagRule = serde_json::from_str(
        r#"{"any": [{"year": 0, "min_flags": 2}, {"all": [{"year": 0, "min_flags": 1}, {"year": -1, "min_flags": 1}]}]}"#,
    )
    .unwrap();
    assert_eq!(c.statuses[0].rule, expected);
    config.validate().unwrap();
}

#[test]
fn a_bad_number_names_its_field_in_russian() {
    let mut config = empty("index_bands").unwrap();
    let error = apply(
        &mut config,
        &edit(
            "add_index",
            &[
                ("code", "r"),
                ("orientation", "higher_is_better"),
                ("share", "четверть"),
            ],
        ),
    )
    .unwrap_err();
    assert_eq!(
        error,
        AppError::invalid("share", "Поле «доля группы»: «четверть» не является числом")
    );
}
