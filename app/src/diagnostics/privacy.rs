//! How big a group is, as people may be told it. An exact head count next to an average lets
//! anyone who watches the average change when one person joins compute that person's score
//! (n·new − (n−1)·old), so counts of people leave the server only as bands, and averages only
//! to whole percents.

use serde::{Deserialize, Serialize};

/// The smallest group whose averages may be shown without exposing a person.
pub const MIN_GROUP: usize = 5;

/// A group's size in bands; the exact number never reaches the browser.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum GroupSize {
    #[serde(rename = "under-5")]
    Under5,
    #[serde(rename = "5-9")]
    From5To9,
    #[serde(rename = "10-19")]
    From10To19,
    #[serde(rename = "20-49")]
    From20To49,
    #[serde(rename = "50-99")]
    From50To99,
    #[serde(rename = "100+")]
    From100,
}

impl GroupSize {
    pub fn label(self) -> &'static str {
        let index = match self {
            GroupSize::Under5 => 0,
            GroupSize::From5To9 => 1,
            GroupSize::From10To19 => 2,
            GroupSize::From20To49 => 3,
            GroupSize::From50To99 => 4,
            GroupSize::From100 => 5,
        };
        crate::i18n::ru::GROUP_SIZES[index]
    }
}

impl GroupSize {
    pub fn of(people: usize) -> Self {
        match people {
            0..=4 => Self::Under5,
            5..=9 => Self::From5To9,
            10..=19 => Self::From10To19,
            20..=49 => Self::From20To49,
            50..=99 => Self::From50To99,
            _ => Self::From100,
        }
    }

    /// Whether averages of a group of this size may be shown.
    pub fn large_enough(self) -> bool {
        self != Self::Under5
    }
}

/// A mean score (a share, 0–1) rounded to a whole percent, as the pages show it; the finer
/// digits would only help the difference-of-averages arithmetic.
pub fn rounded_share(mean: f64) -> f64 {
    (mean * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_have_no_gaps_and_start_at_the_smallest_group() {
        assert_eq!(GroupSize::of(0), GroupSize::Under5);
        assert_eq!(GroupSize::of(MIN_GROUP - 1), GroupSize::Under5);
        assert_eq!(GroupSize::of(MIN_GROUP), GroupSize::From5To9);
        assert_eq!(GroupSize::of(9), GroupSize::From5To9);
        assert_eq!(GroupSize::of(10), GroupSize::From10To19);
        assert_eq!(GroupSize::of(49), GroupSize::From20To49);
        assert_eq!(GroupSize::of(99), GroupSize::From50To99);
        assert_eq!(GroupSize::of(100_000), GroupSize::From100);
        assert!(!GroupSize::of(4).large_enough());
        assert!(GroupSize::of(5).large_enough());
    }

    #[test]
    fn a_band_is_sent_as_a_string() {
        assert_eq!(serde_json::to_string(&GroupSize::of(7)).unwrap(), "\"5-9\"");
        assert_eq!(serde_json::to_string(&GroupSize::of(120)).unwrap(), "\"100+\"");
    }

    #[test]
    fn shares_are_rounded_to_whole_percents() {
        assert_eq!(rounded_share(0.40), 0.40);
        assert_eq!(rounded_share(0.4049), 0.40);
        assert_eq!(rounded_share(0.4051), 0.41);
    }
}
