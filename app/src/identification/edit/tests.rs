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

/// A flag-count configuration with three base statuses, for the composite forms.
fn three_statuses() -> Config {
    let mut config = empty("flag_count").unwrap();
    apply(
        &mut config,
        &edit("add_indicator", &[("code", "x"), ("cmp", "ge"), ("value", "1")]),
    )
    .unwrap();
    for code in ["in_list", "vpr_low", "excluded"] {
        apply(
            &mut config,
            &edit("add_status", &[("code", code), ("year", "0"), ("min_flags", "1")]),
        )
        .unwrap();
    }
    config
}

fn composite(code: &str, parts: &[(&str, &str)], more: &[(&str, &str)]) -> ConfigEdit {
    let mut e = edit("add_combined", &[("code", code), ("label", "Подтверждённые")]);
    for (k, v) in more {
        let mut map = serde_json::to_value(&e).unwrap();
        map[*k] = (*v).into();
        e = serde_json::from_value(map).unwrap();
    }
    e.parts = parts
        .iter()
        .map(|(c, p)| (c.to_string(), p.to_string()))
        .collect();
    e
}

#[test]
fn a_composite_status_is_built_edited_moved_and_removed_by_forms() {
    let mut config = three_statuses();
    let parts = [
        ("excluded", "none_of"),
        ("vpr_low", "all_of"),
        ("in_list", "all_of"),
    ];
    apply(
        &mut config,
        &composite("confirmed", &parts, &[("clusters", "город, село")]),
    )
    .unwrap();
    config.validate().unwrap();
    let Config::FlagCount(c) = &config else { panic!() };
    let first = &c.combined[0];
    // Parts keep the configuration's order, whatever order the form sent them in.
    assert_eq!(first.combine.all_of, ["in_list", "vpr_low"]);
    assert_eq!(first.combine.none_of, ["excluded"]);
    assert_eq!(first.filter.as_ref().unwrap().cluster, ["город", "село"]);
    assert_eq!(c.labels["confirmed"], "Подтверждённые");

    // A second composite may use the first; renaming the first follows into it.
    apply(&mut config, &composite("watch", &[("confirmed", "any_of")], &[])).unwrap();
    let mut rename = composite("sure", &[("in_list", "all_of")], &[]);
    rename.op = "update_combined".into();
    rename.combined = Some("0".into());
    apply(&mut config, &rename).unwrap();
    let Config::FlagCount(c) = &config else { panic!() };
    assert_eq!(c.combined[1].combine.any_of, ["sure"]);
    assert!(!c.labels.contains_key("confirmed"));

    // Moving «watch» before the status it uses is refused with the engine's message.
    let mut up = edit("move_combined", &[("combined", "1"), ("to", "0")]);
    let error = apply(&mut config.clone(), &up).unwrap_err();
    assert!(
        matches!(&error, AppError::Invalid { field, message } if field == "combined[0].combine.any_of[0]"
            && message.contains("не определён выше")),
        "{error:?}"
    );
    // Removing it is refused too while «watch» uses it; after «watch» goes, it may go.
    let remove_first = edit("remove_combined", &[("combined", "0")]);
    assert!(apply(&mut config.clone(), &remove_first).is_err());
    apply(&mut config, &edit("remove_combined", &[("combined", "1")])).unwrap();
    apply(&mut config, &remove_first).unwrap();
    let Config::FlagCount(c) = &config else { panic!() };
    assert!(c.combined.is_empty());

    // Two composites swap places when neither uses the other.
    apply(&mut config, &composite("a", &[("in_list", "all_of")], &[])).unwrap();
    apply(&mut config, &composite("b", &[("vpr_low", "any_of")], &[])).unwrap();
    up.combined = Some("1".into());
    apply(&mut config, &up).unwrap();
    let Config::FlagCount(c) = &config else { panic!() };
    assert_eq!(
        c.combined.iter().map(|s| s.code.as_str()).collect::<Vec<_>>(),
        ["b", "a"]
    );
}

#[test]
fn a_composite_form_names_what_is_wrong() {
    let mut config = three_statuses();
    let error = apply(
        &mut config,
        &composite("only_not", &[("excluded", "none_of")], &[]),
    )
    .unwrap_err();
    assert!(
        matches!(&error, AppError::Invalid { field, .. } if field == "combined[0].combine"),
        "{error:?}"
    );
    let error = apply(&mut config, &composite("in_list", &[("vpr_low", "all_of")], &[])).unwrap_err();
    assert!(
        matches!(&error, AppError::Invalid { field, .. } if field == "combined[0].code"),
        "{error:?}"
    );
    let error = apply(&mut config, &composite("c", &[("vpr_low", "most_of")], &[])).unwrap_err();
    assert!(
        matches!(&error, AppError::Invalid { field, .. } if field == "parts"),
        "{error:?}"
    );
    let long = "к".repeat(65);
    let error = apply(
        &mut config,
        &composite("c", &[("vpr_low", "all_of")], &[("clusters", &long)]),
    )
    .unwrap_err();
    assert!(
        matches!(&error, AppError::Invalid { field, .. } if field == "clusters"),
        "{error:?}"
    );
    let Config::FlagCount(c) = &config else { panic!() };
    assert!(c.combined.is_empty(), "a refused form changes nothing");
}

#[test]
fn statuses_and_indices_take_a_cluster_limit_and_lose_it_when_emptied() {
    let mut config = three_statuses();
    apply(
        &mut config,
        &edit("status_where", &[("status", "1"), ("clusters", "село")]),
    )
    .unwrap();
    let Config::FlagCount(c) = &config else { panic!() };
    assert_eq!(c.statuses[1].filter.as_ref().unwrap().cluster, ["село"]);
    apply(
        &mut config,
        &edit("status_where", &[("status", "1"), ("clusters", " ")]),
    )
    .unwrap();
    let Config::FlagCount(c) = &config else { panic!() };
    assert_eq!(c.statuses[1].filter, None);

    let mut config = empty("index_bands").unwrap();
    let index = [
        ("code", "results"),
        ("orientation", "higher_is_better"),
        ("share", "0.25"),
        ("clusters", "город"),
    ];
    apply(&mut config, &edit("add_index", &index)).unwrap();
    let mut update = index.to_vec();
    update.push(("index", "0"));
    update[3] = ("clusters", "город; село");
    apply(&mut config, &edit("update_index", &update)).unwrap();
    let status = [
        ("code", "low"),
        ("index", "results"),
        ("band", "worst"),
        ("rule", "all_years"),
        ("clusters", "село"),
    ];
    apply(&mut config, &edit("add_status", &status)).unwrap();
    let Config::IndexBands(c) = &config else { panic!() };
    assert_eq!(c.indices[0].filter.as_ref().unwrap().cluster, ["город", "село"]);
    assert_eq!(c.statuses[0].filter.as_ref().unwrap().cluster, ["село"]);
}

#[test]
fn a_flag_count_status_takes_its_own_criteria_set_from_the_configurations_indicators() {
    let mut config = three_statuses();
    apply(
        &mut config,
        &edit(
            "add_indicator",
            &[("code", "vpr_math"), ("cmp", "lt"), ("value", "3")],
        ),
    )
    .unwrap();
    apply(
        &mut config,
        &edit(
            "add_status",
            &[
                ("code", "shfnsu"),
                ("year", "0"),
                ("min_flags", "1"),
                ("indicators", "vpr_math; x, vpr_math"),
            ],
        ),
    )
    .unwrap();
    let Config::FlagCount(c) = &config else { panic!() };
    assert_eq!(c.statuses[3].indicators, ["vpr_math", "x"]);
    assert_eq!(c.statuses[0].indicators, Vec::<String>::new());

    apply(
        &mut config,
        &edit("status_indicators", &[("status", "0"), ("indicators", "x")]),
    )
    .unwrap();
    let unknown = apply(
        &mut config,
        &edit(
            "status_indicators",
            &[("status", "0"), ("indicators", "x, vpr_rus")],
        ),
    )
    .unwrap_err();
    assert!(
        unknown.to_string().contains("«учитываемые показатели»"),
        "{unknown}"
    );
    assert!(unknown.to_string().contains("vpr_rus"), "{unknown}");
    let Config::FlagCount(c) = &config else { panic!() };
    assert_eq!(c.statuses[0].indicators, ["x"], "a refused edit changes nothing");

    apply(
        &mut config,
        &edit("status_indicators", &[("status", "0"), ("indicators", " ")]),
    )
    .unwrap();
    let Config::FlagCount(c) = &config else { panic!() };
    assert!(c.statuses[0].indicators.is_empty());
    assert!(config.validate().is_ok());
}
