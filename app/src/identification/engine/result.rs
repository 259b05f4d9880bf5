//! The output of a run, in the JSON form of the contract.

use std::borrow::Borrow;

use serde::{Deserialize, Serialize};

use crate::identification::config::Band;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IdentificationResult {
    pub config_title: String,
    /// The years of the window, oldest first.
    pub years: Vec<i32>,
    /// Sorted by `school_id`, so the result does not depend on the order of the input rows.
    pub schools: Vec<SchoolResult>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SchoolResult {
    pub school_id: String,
    /// The school's group in its latest year (a school may change group).
    pub group: Option<String>,
    /// Status codes in the order of the configuration.
    pub statuses: Vec<String>,
    pub years: SmallMap<i32, YearResult>,
    /// Columns the engine does not use (name, municipality …), from the school's latest row.
    #[serde(default, skip_serializing_if = "SmallMap::is_empty")]
    pub attributes: SmallMap<String, String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum YearResult {
    Flags { flags: Vec<String> },
    Indices(SmallMap<String, IndexValue>),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndexValue {
    pub index: Option<f64>,
    pub band: Option<Band>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A map of a few entries kept as a vector sorted by key: serialised as a JSON object like a
/// `BTreeMap`, but one allocation of exactly its size. A run holds hundreds of thousands of
/// these (years per school, indices per year), and B-tree nodes sized for eleven entries made
/// up most of a large run's memory and much of its time.
#[derive(Clone, Debug, PartialEq)]
pub struct SmallMap<K, V>(Vec<(K, V)>);

impl<K, V> Default for SmallMap<K, V> {
    fn default() -> Self {
        SmallMap(Vec::new())
    }
}

impl<K: Ord, V> SmallMap<K, V> {
    pub fn new() -> Self {
        SmallMap(Vec::new())
    }

    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        self.0
            .binary_search_by(|(k, _)| k.borrow().cmp(key))
            .ok()
            .map(|i| &self.0[i].1)
    }

    pub fn contains_key<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.get(key).is_some()
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&K, &V)> + ExactSizeIterator {
        self.0.iter().map(|(k, v)| (k, v))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Adds or replaces the value of `key`, keeping the order.
    pub fn insert(&mut self, key: K, value: V) {
        match self.0.binary_search_by(|(k, _)| k.cmp(&key)) {
            Ok(i) => self.0[i].1 = value,
            Err(i) => self.0.insert(i, (key, value)),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<K: Ord, V> FromIterator<(K, V)> for SmallMap<K, V> {
    /// Like a `BTreeMap`: sorted by key, the last value of a repeated key wins.
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut entries: Vec<(K, V)> = iter.into_iter().collect();
        entries.reverse();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        entries.dedup_by(|later, earlier| later.0 == earlier.0);
        entries.shrink_to_fit();
        SmallMap(entries)
    }
}

impl<'a, K, V> IntoIterator for &'a SmallMap<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = std::iter::Map<std::slice::Iter<'a, (K, V)>, fn(&'a (K, V)) -> (&'a K, &'a V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl<K: Ord + Borrow<Q>, Q: Ord + ?Sized, V> std::ops::Index<&Q> for SmallMap<K, V> {
    type Output = V;

    fn index(&self, key: &Q) -> &V {
        self.get(key).expect("no entry for this key")
    }
}

impl<K: Serialize, V: Serialize> Serialize for SmallMap<K, V> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

impl<'de, K: Deserialize<'de> + Ord, V: Deserialize<'de>> Deserialize<'de> for SmallMap<K, V> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let map = std::collections::BTreeMap::<K, V>::deserialize(deserializer)?;
        Ok(map.into_iter().collect())
    }
}

pub const INSUFFICIENT_DATA: &str = "insufficient_data";

impl IdentificationResult {
    /// Writes the same JSON as `serde_json::to_writer`, with the schools serialised on every
    /// core: for a region-sized run, writing the output was an eighth of the time. The schools
    /// go out a slice at a time, so the whole text never sits in memory.
    pub fn write_json(&self, sink: &mut impl std::io::Write) -> std::io::Result<()> {
        const SCHOOLS_PER_SLICE: usize = 4096;
        sink.write_all(b"{\"config_title\":")?;
        serde_json::to_writer(&mut *sink, &self.config_title)?;
        sink.write_all(b",\"years\":")?;
        serde_json::to_writer(&mut *sink, &self.years)?;
        sink.write_all(b",\"schools\":[")?;
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        for (n, slice) in self.schools.chunks(SCHOOLS_PER_SLICE * threads).enumerate() {
            if n > 0 {
                sink.write_all(b",")?;
            }
            let chunks: Vec<&[SchoolResult]> = slice.chunks(slice.len().div_ceil(threads)).collect();
            let parts = super::parallel_map(&chunks, |schools| {
                let mut out = Vec::with_capacity(schools.len() * 512);
                for (n, school) in schools.iter().enumerate() {
                    if n > 0 {
                        out.push(b',');
                    }
                    serde_json::to_writer(&mut out, school)?;
                }
                Ok::<_, serde_json::Error>(out)
            });
            for (n, part) in parts.into_iter().enumerate() {
                if n > 0 {
                    sink.write_all(b",")?;
                }
                sink.write_all(&part?)?;
            }
        }
        sink.write_all(b"]}")
    }

    /// `school_id,statuses` with statuses joined by `;`.
    pub fn to_csv(&self) -> String {
        let mut out = String::from("school_id,statuses\n");
        for school in &self.schools {
            out.push_str(&csv_field(&school.school_id));
            out.push(',');
            out.push_str(&csv_field(&school.statuses.join(";")));
            out.push('\n');
        }
        out
    }
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_parallel_json_is_the_serde_json() {
        let school = |n: usize| SchoolResult {
            school_id: format!("27-{n:04}"),
            group: n.is_multiple_of(2).then(|| "средняя".to_string()),
            statuses: if n.is_multiple_of(3) {
                vec!["low".into()]
            } else {
                vec![]
            },
            years: [(
                2024,
                YearResult::Flags {
                    flags: vec!["ВПР".into()],
                },
            )]
            .into_iter()
            .collect(),
            attributes: [("name".to_string(), format!("Школа «{n}»"))]
                .into_iter()
                .collect(),
        };
        for count in [0, 1, 2, 7, 9000] {
            let result = IdentificationResult {
                config_title: "Тест \"кавычки\"".into(),
                years: vec![2023, 2024],
                schools: (0..count).map(school).collect(),
            };
            let mut parallel = Vec::new();
            result.write_json(&mut parallel).unwrap();
            assert_eq!(
                String::from_utf8(parallel).unwrap(),
                serde_json::to_string(&result).unwrap()
            );
        }
    }
}
