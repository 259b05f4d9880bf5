//! Identification of schools that need help (module A): each region's criteria as
//! configuration, the engine that applies them, and (to come) runs, overrides and publishing.

pub mod config;
#[cfg(feature = "ssr")]
pub mod engine;

/// Ready configurations that regions copy and edit.
pub mod templates {
    /// Khabarovsk's methodology (seed 001): both tables, Russian and mathematics separately,
    /// gap thresholds 20 / 4 / 1 / 1.
    pub const KHABAROVSK: &str = include_str!("templates/khabarovsk.json");
    /// The federal ШНОР rule as applied in Ленинск-Кузнецкий округ (seed 004).
    pub const FEDERAL_SHNOR: &str = include_str!("templates/federal_shnor.json");
    /// The federal list of project 500+ participants (seed 003).
    pub const PROJECT_500: &str = include_str!("templates/project_500.json");

    #[cfg(test)]
    mod tests {
        use crate::identification::config::Config;

        #[test]
        fn every_template_is_a_valid_configuration() {
            for template in [super::KHABAROVSK, super::FEDERAL_SHNOR, super::PROJECT_500] {
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
    }
}
