//! `server identify`: the engine from the command line, with the contract's exit codes.

use std::process::{Command, Output};

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

fn identify(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_server"))
        .arg("identify")
        .args(args)
        .current_dir(ROOT)
        .output()
        .expect("run server identify")
}

const FEDERAL: &str = "app/src/identification/templates/federal_shnor.json";
const KUZBASS: &str = "server/seed/kuzbass_appendix1.csv";

fn statuses(json: &serde_json::Value) -> Vec<(String, Vec<String>)> {
    json["schools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let statuses = s["statuses"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap().to_owned())
                .collect();
            (s["school_id"].as_str().unwrap().to_owned(), statuses)
        })
        .collect()
}

#[test]
fn the_federal_rule_on_the_kuzbass_appendix_finds_three_of_the_seven_schools() {
    let output = identify(&["--config", FEDERAL, "--data", KUZBASS]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["years"], serde_json::json!([2019, 2021]));
    let found: Vec<String> = statuses(&json)
        .into_iter()
        .filter(|(_, s)| s == &["shnor"])
        .map(|(id, _)| id)
        .collect();
    assert_eq!(found, ["42-LK-02", "42-LK-03", "42-LK-05"]);
    let arinichevo = &json["schools"][1];
    assert_eq!(
        arinichevo["years"]["2021"]["flags"],
        serde_json::json!(["vpr_ma_8", "oge_ma", "oge_ru"])
    );
    assert_eq!(arinichevo["attributes"]["name"], "МБОУ «Ариничевская СОШ»");
}

#[test]
fn xlsx_input_gives_the_same_result_as_csv() {
    let csv = identify(&["--config", FEDERAL, "--data", KUZBASS]);
    let xlsx = identify(&[
        "--config",
        FEDERAL,
        "--data",
        "tests/fixtures/kuzbass_appendix1.xlsx",
    ]);
    assert_eq!(
        xlsx.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&xlsx.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&csv.stdout),
        String::from_utf8_lossy(&xlsx.stdout)
    );
}

#[test]
fn csv_format_written_to_a_file() {
    let out = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("identify-out.csv");
    let output = identify(&[
        "--config",
        FEDERAL,
        "--data",
        KUZBASS,
        "--format",
        "csv",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0));
    assert!(
        output.stdout.is_empty(),
        "with --out nothing goes to standard output"
    );
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(
        written.starts_with("school_id,statuses\n42-LK-01,\n42-LK-02,shnor\n"),
        "{written}"
    );
}

#[test]
fn bad_input_exits_with_2_and_names_the_row_and_column() {
    let output = identify(&["--config", FEDERAL, "--data", "tests/fixtures/bad_value.xlsx"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("Строка 3, столбец «vpr_ma_8»: значение «н/д» не является числом"),
        "{stderr}"
    );
}

#[test]
fn a_bad_configuration_exits_with_2() {
    let config = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("bad-config.json");
    std::fs::write(
        &config,
        r#"{"method": "flag_count", "title": "x", "window_years": 0, "indicators": [], "statuses": []}"#,
    )
    .unwrap();
    let output = identify(&["--config", config.to_str().unwrap(), "--data", KUZBASS]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("window_years"));
}

#[test]
fn a_missing_argument_exits_with_2_and_shows_the_usage() {
    let output = identify(&["--config", FEDERAL]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("не указан --data") && stderr.contains("Использование"),
        "{stderr}"
    );
}
