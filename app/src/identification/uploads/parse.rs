//! Reading the files operators upload (school registry, indicator data, external lists): all or
//! nothing, with errors that name the row and the column, into a canonical CSV that is stored
//! until the operator confirms the preview.

use std::collections::{BTreeMap, HashMap};
use std::io::{Read, Seek};

use serde::{Deserialize, Serialize};

use crate::identification::engine::{data, xlsx, ColumnTable, Dataset, ExternalList, InputError, RawTable};
use crate::identification::{clusters, RegistryRow, UploadKind};

/// Columns of indicator data that describe a school rather than measure it.
const DESCRIPTIVE_COLUMNS: [&str; 7] = [
    "name",
    "cluster",
    "school_name",
    "municipality",
    "address",
    "locality",
    "comment",
];

/// Reads an uploaded file by its name's extension. A CSV is read whole (its size was capped
/// on receipt); an XLSX is read from `file` as the archive needs, within [`xlsx`]'s bounds.
pub fn read_table<R: Read + Seek>(file_name: &str, mut file: R) -> Result<RawTable, InputError> {
    match data::Format::of(std::path::Path::new(file_name))? {
        data::Format::Csv => {
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).map_err(|e| InputError::Unreadable {
                path: file_name.to_string(),
                reason: e.to_string(),
            })?;
            RawTable::from_csv(&bytes)
        }
        data::Format::Spreadsheet => xlsx::read(file_name, file),
    }
}

/// The table as CSV with `,` and `.`; rows keep their order.
pub fn to_csv<R: AsRef<[String]>>(header: &[String], rows: impl IntoIterator<Item = R>) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let write = |writer: &mut csv::Writer<Vec<u8>>, record: &[String]| {
        writer
            .write_record(record)
            .expect("writing to memory cannot fail");
    };
    write(&mut writer, header);
    for row in rows {
        write(&mut writer, row.as_ref());
    }
    String::from_utf8(writer.into_inner().expect("writing to memory cannot fail"))
        .expect("the cells were UTF-8")
}

fn position(header: &[String], names: &[&str]) -> Option<usize> {
    header
        .iter()
        .position(|h| names.contains(&h.trim().to_lowercase().as_str()))
}

/// Registry columns, each under its English code or its Russian heading; the address, the
/// staff count and the cluster may be left out.
const REGISTRY_COLUMNS: [(&str, &[&str]); 8] = [
    ("school_id", &["school_id", "id", "код", "код школы"]),
    ("name", &["name", "наименование", "название"]),
    (
        "municipality",
        &["municipality", "муниципалитет", "муниципальное образование"],
    ),
    ("group", &["group", "группа"]),
    (
        "locality",
        &["locality", "urban_rural", "местность", "тип местности"],
    ),
    ("address", &["address", "адрес"]),
    (
        "staff_count",
        &[
            "staff_count",
            "staff",
            "численность педагогов",
            "педагогов",
            "штат",
        ],
    ),
    ("cluster", &["cluster", "кластер"]),
];

/// Columns a registry may leave out.
const OPTIONAL_COLUMNS: [&str; 3] = ["address", "staff_count", "cluster"];

/// A cluster: empty, or a name [`clusters::is_valid`] takes.
fn cluster(row: usize, text: &str) -> Result<Option<String>, InputError> {
    if text.is_empty() {
        return Ok(None);
    }
    if !clusters::is_valid(text) {
        return Err(InputError::BadCluster {
            row,
            value: text.to_string(),
        });
    }
    Ok(Some(text.to_string()))
}

/// A staff count: empty, or a non-negative whole number.
fn staff_count(row: usize, text: &str) -> Result<Option<i32>, InputError> {
    if text.is_empty() {
        return Ok(None);
    }
    text.parse::<i32>()
        .ok()
        .filter(|n| *n >= 0)
        .map(Some)
        .ok_or_else(|| InputError::BadStaffCount {
            row,
            value: text.to_string(),
        })
}

fn locality(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "город" | "городская" | "городской" | "urban" | "г" => Some(false),
        "село" | "сельская" | "сельский" | "rural" | "с" => Some(true),
        _ => None,
    }
}

/// The registry rows of a table: every column but the address and the staff count is required
/// in every row.
pub fn parse_registry(table: &RawTable) -> Result<Vec<RegistryRow>, InputError> {
    let mut at = HashMap::new();
    for (code, names) in REGISTRY_COLUMNS {
        match position(&table.header, names) {
            Some(p) => {
                at.insert(code, p);
            }
            None if OPTIONAL_COLUMNS.contains(&code) => {}
            None => return Err(InputError::MissingColumn { column: code.into() }),
        }
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut rows = Vec::with_capacity(table.rows.len());
    for (row, cells) in &table.rows {
        let cell = |code: &str| {
            at.get(code)
                .map(|&p| cells[p].trim().to_string())
                .unwrap_or_default()
        };
        for code in ["school_id", "name", "municipality", "group", "locality"] {
            if cell(code).is_empty() {
                return Err(InputError::EmptyValue {
                    row: *row,
                    column: code.into(),
                });
            }
        }
        let code = cell("school_id");
        if let Some(first_row) = seen.insert(code.clone(), *row) {
            return Err(InputError::DuplicateSchool {
                row: *row,
                school_id: code,
                first_row,
            });
        }
        let is_rural = locality(&cell("locality")).ok_or_else(|| InputError::BadLocality {
            row: *row,
            value: cell("locality"),
        })?;
        let address = cell("address");
        let staff_count = staff_count(*row, &cell("staff_count"))?;
        let cluster = cluster(*row, &cell("cluster"))?;
        rows.push(RegistryRow {
            code,
            name: cell("name"),
            municipality: cell("municipality"),
            group: cell("group"),
            is_rural,
            address: (!address.is_empty()).then_some(address),
            staff_count,
            cluster,
        });
    }
    Ok(rows)
}

/// What an indicator upload holds, for the preview and for `indicator_years`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct IndicatorYear {
    pub year: i32,
    pub schools: usize,
    pub indicators: Vec<String>,
    /// The rows of this year as canonical CSV.
    #[serde(skip)]
    pub content: String,
    /// The SHA-256 of `content`, which names the version.
    #[serde(skip)]
    pub sha256: String,
    /// `content` [packed](crate::identification::packed), as it is stored.
    #[serde(skip)]
    pub packed: Vec<u8>,
    /// The same rows in columns ([`ColumnTable::encode`]), packed, which a run reads without
    /// parsing.
    #[serde(skip)]
    pub data: Vec<u8>,
    /// The first rows, for the preview.
    #[serde(skip)]
    pub sample: Vec<Vec<String>>,
}

/// Indicator columns are those named with a code (latin letters, digits, `_`, `-`) other than
/// `school_id`, `year`, `group` and the descriptive ones; every one must be numeric.
pub fn indicator_columns(header: &[String]) -> Vec<String> {
    header
        .iter()
        .filter(|h| {
            !h.is_empty()
                && !["school_id", "year", "group"].contains(&h.as_str())
                && !DESCRIPTIVE_COLUMNS.contains(&h.as_str())
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        })
        .cloned()
        .collect()
}

/// Checks indicator data whole and splits it by year, numbers rewritten with a decimal point.
/// The table is parsed once ([`Dataset::from_table`], which refuses any indicator cell that is
/// not a number); each year is then written out (CSV, columns, hash, packing) on its own core.
pub fn parse_indicators(table: RawTable) -> Result<Vec<IndicatorYear>, InputError> {
    let indicators = indicator_columns(&table.header);
    let dataset = Dataset::from_table(&table, &indicators, false)?;
    let numeric: Vec<usize> = indicators
        .iter()
        .map(|code| table.header.iter().position(|h| h == code).expect("found above"))
        .collect();
    let year_column = table.header.iter().position(|h| h == "year").expect("checked");
    let RawTable { header, rows } = table;
    let mut by_year: BTreeMap<i32, (Vec<usize>, Vec<Vec<String>>)> = BTreeMap::new();
    for (index, (_, cells)) in rows.into_iter().enumerate() {
        let (members, cells_of_year) = by_year.entry(dataset.years[index]).or_default();
        members.push(index);
        cells_of_year.push(cells);
    }
    let years: Vec<(i32, Vec<usize>, Vec<Vec<String>>)> = by_year
        .into_iter()
        .map(|(year, (members, cells))| (year, members, cells))
        .collect();
    let shape = YearShape {
        header: &header,
        indicators: &indicators,
        numeric: &numeric,
        year_column,
        dataset: &dataset,
    };
    Ok(crate::identification::engine::parallel_into(
        years,
        |(year, members, cells)| shape.year(year, &members, cells),
    ))
}

/// What writing out each year of an indicator upload reads.
struct YearShape<'a> {
    header: &'a [String],
    indicators: &'a [String],
    /// The header position of each indicator.
    numeric: &'a [usize],
    year_column: usize,
    dataset: &'a Dataset,
}

impl YearShape<'_> {
    /// One year's rows (`members`, their dataset rows) as they are stored. The number kept in
    /// columns is the one written: its text reads back as it. Only a number with a decimal
    /// comma or spaces is rewritten (formatting every number took a third of an upload).
    fn year(&self, year: i32, members: &[usize], mut cells: Vec<Vec<String>>) -> IndicatorYear {
        let mut numbers: Vec<Option<Vec<f64>>> = Vec::with_capacity(self.numeric.len());
        let mut present = Vec::new();
        for (j, &column) in self.numeric.iter().enumerate() {
            let values: Vec<f64> = members
                .iter()
                .map(|&row| self.dataset.indicators[j].1[row])
                .collect();
            for (row, &value) in cells.iter_mut().zip(&values) {
                if data::needs_rewrite(&row[column]) {
                    row[column] = value.to_string();
                }
            }
            if values.iter().any(|v| !v.is_nan()) {
                present.push(self.indicators[j].clone());
            }
            numbers.push(Some(values));
        }
        let year_text = year.to_string();
        for row in &mut cells {
            row[self.year_column].clone_from(&year_text);
        }
        let columns = ColumnTable::with_numbers(self.header, &cells, |c| {
            let j = self.numeric.iter().position(|&n| n == c)?;
            numbers[j].take()
        });
        let content = to_csv(self.header, &cells);
        present.sort();
        IndicatorYear {
            year,
            schools: cells.len(),
            indicators: present,
            sha256: crate::identification::versions::content_sha256(&content),
            packed: crate::identification::packed::pack(content.as_bytes()),
            data: crate::identification::packed::pack(&columns.encode()),
            sample: cells.iter().take(SAMPLE_ROWS).cloned().collect(),
            content,
        }
    }
}

/// Checks an external list against the statuses its configuration allows.
pub fn parse_external_list(table: RawTable, allowed: &[String]) -> Result<String, InputError> {
    let header = table.header.clone();
    let rows: Vec<Vec<String>> = table.rows.iter().map(|(_, cells)| cells.clone()).collect();
    ExternalList::from_table(table, allowed)?;
    Ok(to_csv(&header, rows))
}

/// What its preview shows of an upload: the row count, the header and the first rows, as the
/// canonical form holds them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct UploadSummary {
    pub rows: usize,
    pub header: Vec<String>,
    pub sample: Vec<Vec<String>>,
}

/// Rows a preview shows.
const SAMPLE_ROWS: usize = 10;

impl UploadSummary {
    fn of(header: &[String], rows: usize, sample: impl Iterator<Item = Vec<String>>) -> Self {
        UploadSummary {
            rows,
            header: header.to_vec(),
            sample: sample.take(SAMPLE_ROWS).collect(),
        }
    }
}

/// An upload read once, when it is received: its preview, and what committing it stores.
#[derive(Debug)]
pub struct ParsedUpload {
    pub summary: UploadSummary,
    /// The canonical CSV of a registry or an external list.
    pub content: Option<String>,
    /// The years of indicator data, each with its CSV and its columns.
    pub years: Vec<IndicatorYear>,
}

/// Parses an upload of `kind` into its canonical form and its preview.
pub fn parse<R: Read + Seek>(
    kind: UploadKind,
    file_name: &str,
    file: R,
    allowed_statuses: &[String],
) -> Result<ParsedUpload, InputError> {
    let table = read_table(file_name, file)?;
    match kind {
        UploadKind::Schools => {
            let header = REGISTRY_COLUMNS.map(|(code, _)| code.to_string());
            let rows: Vec<Vec<String>> = parse_registry(&table)?
                .into_iter()
                .map(|r| {
                    vec![
                        r.code,
                        r.name,
                        r.municipality,
                        r.group,
                        if r.is_rural { "rural" } else { "urban" }.to_string(),
                        r.address.unwrap_or_default(),
                        r.staff_count.map(|n| n.to_string()).unwrap_or_default(),
                        r.cluster.unwrap_or_default(),
                    ]
                })
                .collect();
            Ok(ParsedUpload {
                summary: UploadSummary::of(&header, rows.len(), rows.iter().cloned()),
                content: Some(to_csv(&header, rows)),
                years: Vec::new(),
            })
        }
        UploadKind::Indicators => {
            let header = table.header.clone();
            let rows = table.rows.len();
            let years = parse_indicators(table)?;
            // The preview shows the first rows of the canonical file: the oldest year's.
            let sample = years.iter().flat_map(|y| y.sample.iter().cloned());
            Ok(ParsedUpload {
                summary: UploadSummary::of(&header, rows, sample),
                content: None,
                years,
            })
        }
        UploadKind::ExternalList => {
            let header = table.header.clone();
            let rows: Vec<Vec<String>> = table.rows.iter().map(|(_, cells)| cells.clone()).collect();
            let content = parse_external_list(table, allowed_statuses)?;
            Ok(ParsedUpload {
                summary: UploadSummary::of(&header, rows.len(), rows.into_iter()),
                content: Some(content),
                years: Vec::new(),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_russian_excel_export_is_split_by_year_with_decimal_points() {
        let csv = "\u{feff}school_id;year;group;name;ege_ru\n27-1;2023;secondary;Школа 1;55,5\n27-1;2024;secondary;Школа 1;60\n27-2;2024;basic;Школа 2;\n";
        let years = parse_indicators(RawTable::from_csv(csv.as_bytes()).unwrap()).unwrap();
        assert_eq!(
            years.iter().map(|y| (y.year, y.schools)).collect::<Vec<_>>(),
            [(2023, 1), (2024, 2)]
        );
        assert_eq!(years[0].indicators, ["ege_ru"]);
        assert!(
            years[0].content.contains("27-1,2023,secondary,Школа 1,55.5"),
            "{}",
            years[0].content
        );
    }

    /// Every stored text reads back as the number kept in the columns: a decimal comma or a
    /// thousands space is rewritten, a plain number is kept as written.
    #[test]
    fn stored_numbers_read_back_as_the_columns_hold_them() {
        let csv = "school_id;year;a;b;c\n27-1;2024;57,230;1\u{a0}234,5;57.230\n27-2;2024;-0,5;12;1e2\n";
        let year = parse_indicators(RawTable::from_csv(csv.as_bytes()).unwrap())
            .unwrap()
            .remove(0);
        assert!(
            year.content
                .contains("27-1,2024,57.23,1234.5,57.230\n27-2,2024,-0.5,12,1e2"),
            "{}",
            year.content
        );
        let text = RawTable::from_csv(year.content.as_bytes()).unwrap();
        for (_, cells) in &text.rows {
            for cell in &cells[2..] {
                assert!(!data::needs_rewrite(cell), "{cell}");
                assert!(data::parse_number(cell).is_some(), "{cell}");
            }
        }
    }

    #[test]
    fn a_text_in_an_indicator_column_names_row_and_column() {
        let csv = "school_id,year,ege_ru\n27-1,2024,12\n27-2,2024,нет данных\n";
        let error = parse_indicators(RawTable::from_csv(csv.as_bytes()).unwrap()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "Строка 3, столбец «ege_ru»: значение «нет данных» не является числом"
        );
    }

    #[test]
    fn registry_headings_may_be_russian_and_locality_is_checked() {
        let csv = "Код;Наименование;Муниципалитет;Группа;Местность;Адрес\n27-1;МБОУ СОШ № 1;Хабаровск;secondary;город;ул. Ленина, 1\n27-2;МБОУ ООШ с. Ачан;Амурский район;basic;деревня;\n";
        let error = parse_registry(&RawTable::from_csv(csv.as_bytes()).unwrap()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "Строка 3, столбец «locality»: «деревня» — укажите «город» или «село»"
        );
        let csv = csv.replace("деревня", "село");
        let rows = parse_registry(&RawTable::from_csv(csv.as_bytes()).unwrap()).unwrap();
        assert_eq!(rows.len(), 2);
        assert!(rows[1].is_rural && !rows[0].is_rural);
        assert_eq!(rows[0].address.as_deref(), Some("ул. Ленина, 1"));
    }

    #[test]
    fn a_staff_count_is_optional_and_else_a_whole_number_named_by_its_row() {
        let csv = "Код;Наименование;Муниципалитет;Группа;Местность;Численность педагогов\n27-1;СОШ № 1;Хабаровск;secondary;город;42\n27-2;ООШ;Хабаровск;basic;село;\n";
        let rows = parse_registry(&RawTable::from_csv(csv.as_bytes()).unwrap()).unwrap();
        assert_eq!((rows[0].staff_count, rows[1].staff_count), (Some(42), None));
        for bad in ["-3", "сорок", "4.5"] {
            let csv = csv.replace(";42", &format!(";{bad}"));
            let error = parse_registry(&RawTable::from_csv(csv.as_bytes()).unwrap()).unwrap_err();
            assert_eq!(
                error.to_string(),
                format!("Строка 2, столбец «staff_count»: «{bad}» — укажите целое неотрицательное число педагогов")
            );
        }
        let without = "school_id,name,municipality,group,locality\n1,А,М,g,город\n";
        let rows = parse_registry(&RawTable::from_csv(without.as_bytes()).unwrap()).unwrap();
        assert_eq!(rows[0].staff_count, None);
    }

    #[test]
    fn a_cluster_is_optional_and_else_a_short_name_without_separators() {
        let csv = "Код;Наименование;Муниципалитет;Группа;Местность;Кластер\n27-1;СОШ № 1;Хабаровск;secondary;город;Город\n27-2;ООШ;Хабаровск;basic;село;\n";
        let rows = parse_registry(&RawTable::from_csv(csv.as_bytes()).unwrap()).unwrap();
        assert_eq!(
            (rows[0].cluster.as_deref(), rows[1].cluster.as_deref()),
            (Some("Город"), None)
        );
        let long = "к".repeat(clusters::MAX_CHARS + 1);
        for bad in ["\"Город, центр\"", long.as_str()] {
            let csv = csv.replace(";Город\n", &format!(";{bad}\n"));
            let error = parse_registry(&RawTable::from_csv(csv.as_bytes()).unwrap()).unwrap_err();
            let shown = bad.trim_matches('"');
            assert_eq!(
                error.to_string(),
                format!("Строка 2, столбец «cluster»: «{shown}» — название кластера: до 64 знаков, без запятых и точек с запятой")
            );
        }
    }

    #[test]
    fn a_school_listed_twice_in_the_registry_is_refused() {
        let csv = "school_id,name,municipality,group,locality\n1,А,М,g,город\n1,Б,М,g,село\n";
        let error = parse_registry(&RawTable::from_csv(csv.as_bytes()).unwrap()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "Строка 3, столбец «school_id»: школа «1» уже указана в строке 2"
        );
    }
}
