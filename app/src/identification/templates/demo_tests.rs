//! The templates of issue 16 §3 on their demo datasets, hand-checked school by school.

use crate::identification::config::Config;
use crate::identification::engine::run_csv;

fn statuses(template: &str, data: &str) -> Vec<(String, Vec<String>)> {
    let config = Config::from_json(template).unwrap();
    let result = run_csv(&config, data.as_bytes()).unwrap();
    result
        .schools
        .into_iter()
        .map(|s| (s.school_id, s.statuses))
        .collect()
}

fn expect(rows: &[(&str, &[&str])]) -> Vec<(String, Vec<String>)> {
    rows.iter()
        .map(|(id, s)| (id.to_string(), s.iter().map(|x| x.to_string()).collect()))
        .collect()
}

#[test]
fn leskensky_confirms_listed_schools_with_low_vpr_unless_excluded() {
    assert_eq!(
        statuses(super::LESKENSKY, super::LESKENSKY_DEMO),
        expect(&[
            ("07-1001", &["in_list", "vpr_low", "confirmed"]),
            ("07-1002", &["in_list", "vpr_low", "confirmed"]),
            ("07-1003", &["in_list"]),
            ("07-1004", &["vpr_low"]),
            ("07-1005", &["in_list", "vpr_low", "excluded"]),
            ("07-1006", &[]),
            ("07-1007", &["in_list", "vpr_low", "confirmed"]),
            ("07-1008", &["in_list"]),
        ])
    );
}

#[test]
fn ryazan_counts_each_category_and_cluster_on_its_own_criteria() {
    assert_eq!(
        statuses(super::RYAZAN, super::RYAZAN_DEMO),
        expect(&[
            ("62-0101", &["shsnor_city", "shsnor"]),
            ("62-0102", &[]),
            ("62-0103", &["shsnor_city", "shfnsu", "shsnor", "both"]),
            ("62-0201", &["shsnor_rural", "shfnsu", "shsnor", "both"]),
            ("62-0202", &["shsnor_rural", "shsnor"]),
            ("62-0203", &[]),
            ("62-0204", &["shsnor_city", "shsnor"]),
        ])
    );
}
