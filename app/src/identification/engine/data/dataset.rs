//! The indicator table in columns: read in parallel parts from a large CSV, or row by row
//! from a spreadsheet.

use std::collections::HashMap;

use super::*;

/// The indicator table of the contract, parsed and checked.
#[derive(Debug, Default, Clone)]
pub struct Dataset {
    /// Each row's school, as an index into `school_ids`.
    pub school: Vec<u32>,
    /// Distinct school ids in order of first appearance.
    pub school_ids: Vec<String>,
    pub years: Vec<i32>,
    /// Each row's group, when the table has a group column.
    pub groups: Option<Interned>,
    /// Indicator code → value per row, NaN where the cell is empty (half the memory of
    /// `Option<f64>`; parsed values are never NaN). Read a cell with [`present`].
    pub indicators: Vec<(String, Vec<f64>)>,
    /// Columns the engine does not use, carried to the output.
    pub extra: Vec<(String, TextColumn)>,
}

/// The text cells of one column in one buffer. A region's file has a name per row, and a
/// string allocated per cell was a tenth of a large parse.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct TextColumn {
    pub(super) text: String,
    pub(super) ends: Vec<usize>,
}

impl TextColumn {
    pub(super) fn with_capacity(rows: usize) -> Self {
        TextColumn {
            text: String::new(),
            ends: Vec::with_capacity(rows),
        }
    }

    pub(super) fn push(&mut self, value: &str) {
        self.text.push_str(value);
        self.ends.push(self.text.len());
    }

    pub(super) fn append(&mut self, more: &TextColumn) {
        let shift = self.text.len();
        self.text.push_str(&more.text);
        self.ends.extend(more.ends.iter().map(|end| end + shift));
    }

    fn reserve(&mut self, rows: usize) {
        self.ends.reserve_exact(rows);
    }

    pub fn get(&self, row: usize) -> &str {
        let start = if row == 0 { 0 } else { self.ends[row - 1] };
        &self.text[start..self.ends[row]]
    }
}

/// Repeated text stored once: `values[of_row[row]]` is the row's value.
#[derive(Debug, Default, Clone)]
pub struct Interned {
    pub values: Vec<String>,
    pub of_row: Vec<u32>,
    index: foldhash::HashMap<String, u32>,
}

impl Interned {
    /// The distinct values, each its own id, with no rows yet.
    fn from_values(values: Vec<String>) -> Self {
        let index = values
            .iter()
            .enumerate()
            .map(|(i, v)| (v.clone(), i as u32))
            .collect();
        Interned {
            values,
            of_row: Vec::new(),
            index,
        }
    }

    /// The id of `value`, added if new, without recording a row.
    fn id(&mut self, value: &str) -> u32 {
        match self.index.get(value) {
            Some(&id) => id,
            None => {
                let id = self.values.len() as u32;
                self.values.push(value.to_string());
                self.index.insert(value.to_string(), id);
                id
            }
        }
    }

    pub(super) fn push(&mut self, value: &str) -> u32 {
        let id = self.id(value);
        self.of_row.push(id);
        id
    }

    pub fn get(&self, row: usize) -> &str {
        &self.values[self.of_row[row] as usize]
    }
}

/// Line ends in `bytes`: the number of records, give or take a blank line.
pub(super) fn lines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
}

/// The body cut at line ends into `threads` parts, each with the line it starts on and its
/// number of line ends.
pub(super) fn body_parts<'a>(csv: &Csv<'a>, threads: usize) -> (Vec<&'a [u8]>, Vec<(usize, usize)>) {
    let mut parts = Vec::with_capacity(threads);
    let mut start = 0;
    for i in 1..=threads {
        let mut end = (csv.body.len() * i / threads).max(start);
        while end < csv.body.len() && csv.body[end - 1] != b'\n' {
            end += 1;
        }
        parts.push(&csv.body[start..end]);
        start = end;
    }
    let mut first_lines = Vec::with_capacity(threads);
    let mut line = csv.first_line;
    for part in &parts {
        let count = lines(part);
        first_lines.push((line, count));
        line += count;
    }
    (parts, first_lines)
}

/// Files smaller than this are read by one thread: starting others costs more than it saves.
pub(super) const PARALLEL_FROM_BYTES: usize = 1 << 20;
/// The same for a table already split into cells.
const PARALLEL_FROM_ROWS: usize = 10_000;

/// Where each column the engine reads sits in the table.
#[derive(Clone)]
pub(super) struct Layout {
    width: usize,
    pub(super) school: usize,
    pub(super) year: usize,
    pub(super) group: Option<usize>,
    pub(super) needs_groups: bool,
    pub(super) indicators: Vec<(String, usize)>,
    pub(super) extra: Vec<(String, usize)>,
}

impl Layout {
    pub(super) fn of(
        header: &[String],
        indicator_codes: &[String],
        needs_groups: bool,
    ) -> Result<Layout, InputError> {
        let columns = column_positions(header)?;
        let require = |name: &str| {
            columns
                .get(name)
                .copied()
                .ok_or_else(|| InputError::MissingColumn { column: name.into() })
        };
        let school = require("school_id")?;
        let year = require("year")?;
        let group = if needs_groups {
            Some(require("group")?)
        } else {
            columns.get("group").copied()
        };
        let indicators = indicator_codes
            .iter()
            .map(|code| require(code).map(|col| (code.clone(), col)))
            .collect::<Result<Vec<_>, _>>()?;
        let used: Vec<usize> = [school, year]
            .into_iter()
            .chain(group)
            .chain(indicators.iter().map(|(_, c)| *c))
            .collect();
        let extra = header
            .iter()
            .enumerate()
            .filter(|(i, name)| !used.contains(i) && !name.is_empty())
            .map(|(i, name)| (name.clone(), i))
            .collect();
        Ok(Layout {
            width: header.len(),
            school,
            year,
            group,
            needs_groups,
            indicators,
            extra,
        })
    }
}

/// An indicator cell: NaN when empty, else its number, or the error naming the row and column.
pub(super) fn parse_cell(row: usize, code: &str, raw: &[u8]) -> Result<f64, InputError> {
    let bytes = raw.trim_ascii();
    // Most cells are plain `57.23` or `57,23`: parsed from the bytes, no text checks needed.
    let parsed = plain_decimal(bytes).or_else(|| fast_float2::parse::<f64, _>(bytes).ok());
    match parsed.filter(|value| value.is_finite()) {
        Some(value) => Ok(value),
        None => {
            let text = cell_str(bytes)?;
            if text.is_empty() {
                Ok(f64::NAN)
            } else {
                parse_number(text).ok_or_else(|| InputError::NotANumber {
                    row,
                    column: code.to_string(),
                    value: text.to_string(),
                })
            }
        }
    }
}

/// Checks and appends rows one at a time, so a CSV never has to exist as a table of strings.
struct Builder {
    layout: Layout,
    data: Dataset,
    schools: Interned,
    /// The first row of each (school, year), to name it when the pair repeats. The parallel
    /// reader leaves it out and checks the joined columns once instead.
    seen: Option<HashMap<(u32, i32), usize>>,
}

impl Builder {
    /// Columns sized for `rows` up front: growing them by doubling would copy and touch twice
    /// the memory.
    fn new(layout: Layout, rows: usize) -> Self {
        let data = Dataset {
            school: Vec::with_capacity(rows),
            school_ids: Vec::new(),
            years: Vec::with_capacity(rows),
            groups: layout.group.map(|_| Interned::default()),
            indicators: layout
                .indicators
                .iter()
                .map(|(code, _)| (code.clone(), Vec::with_capacity(rows)))
                .collect(),
            extra: layout
                .extra
                .iter()
                .map(|(name, _)| (name.clone(), TextColumn::with_capacity(rows)))
                .collect(),
        };
        Builder {
            layout,
            data,
            schools: Interned::default(),
            seen: Some(HashMap::new()),
        }
    }

    /// Appends a row given its raw cells.
    fn push<'a>(&mut self, row: usize, raw: impl Fn(usize) -> &'a [u8]) -> Result<(), InputError> {
        let layout = &self.layout;
        let cell = |col: usize| cell_str(raw(col));
        let school_id = cell(layout.school)?;
        if school_id.is_empty() {
            return Err(InputError::EmptyValue {
                row,
                column: "school_id".into(),
            });
        }
        let year_text = cell(layout.year)?;
        let year = parse_year(year_text).ok_or_else(|| InputError::BadYear {
            row,
            value: year_text.to_string(),
        })?;
        let school = self.schools.push(school_id);
        if let Some(first_row) = self
            .seen
            .as_mut()
            .and_then(|seen| seen.insert((school, year), row))
        {
            return Err(InputError::DuplicateSchoolYear {
                row,
                school_id: school_id.to_string(),
                year,
                first_row,
            });
        }
        if let (Some(groups), Some(col)) = (self.data.groups.as_mut(), layout.group) {
            let group = cell(col)?;
            if group.is_empty() && layout.needs_groups {
                return Err(InputError::EmptyValue {
                    row,
                    column: "group".into(),
                });
            }
            groups.push(group);
        }
        for ((code, values), (_, col)) in self.data.indicators.iter_mut().zip(&layout.indicators) {
            values.push(parse_cell(row, code, raw(*col))?);
        }
        for ((_, values), (_, col)) in self.data.extra.iter_mut().zip(&layout.extra) {
            values.push(cell(*col)?);
        }
        self.data.years.push(year);
        Ok(())
    }

    fn finish(mut self) -> Dataset {
        self.data.school = self.schools.of_row;
        self.data.school_ids = self.schools.values;
        self.data
    }
}

impl Dataset {
    /// The table's rows checked and in columns. A large table is read in parts on all cores;
    /// on any error it is read again in order, so the message names the first bad row.
    pub fn from_table(
        table: &RawTable,
        indicator_codes: &[String],
        needs_groups: bool,
    ) -> Result<Dataset, InputError> {
        let layout = Layout::of(&table.header, indicator_codes, needs_groups)?;
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
        if threads > 1 && table.rows.len() >= PARALLEL_FROM_ROWS {
            let parts: Vec<&[(usize, Vec<String>)]> =
                table.rows.chunks(table.rows.len().div_ceil(threads)).collect();
            let read = |rows: &&[(usize, Vec<String>)]| -> Option<Dataset> {
                let mut builder = Builder::new(layout.clone(), rows.len());
                builder.seen = None;
                for (row, cells) in rows.iter() {
                    builder.push(*row, |i| cells[i].as_bytes()).ok()?;
                }
                Some(builder.finish())
            };
            let datasets = crate::identification::engine::parallel_map(&parts, read);
            if let Some(data) = datasets
                .into_iter()
                .collect::<Option<Vec<_>>>()
                .and_then(Dataset::concat)
            {
                if !data.repeats_school_year() {
                    return Ok(data);
                }
            }
        }
        Self::from_rows_in_order(table, layout)
    }

    /// [`Dataset::from_table`] by one reader, row after row.
    pub(super) fn from_rows_in_order(table: &RawTable, layout: Layout) -> Result<Dataset, InputError> {
        let mut builder = Builder::new(layout, table.rows.len());
        for (row, cells) in &table.rows {
            builder.push(*row, |i| cells[i].as_bytes())?;
        }
        Ok(builder.finish())
    }

    /// Reads CSV straight into columns, without a table of strings in between. A large file is
    /// cut at line ends and read by all cores; any error is then looked for
    /// again in file order, so the message is the same as from one reader.
    pub fn from_csv(
        bytes: &[u8],
        indicator_codes: &[String],
        needs_groups: bool,
    ) -> Result<Dataset, InputError> {
        let csv = split_csv(bytes)?;
        let layout = Layout::of(&csv.header, indicator_codes, needs_groups)?;
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
        if threads > 1 && csv.body.len() > PARALLEL_FROM_BYTES {
            if let Some(data) = Self::from_parts(&csv, &layout, threads) {
                return Ok(data);
            }
        }
        utf8(csv.body)?;
        let mut builder = Builder::new(layout, lines(csv.body));
        for_each_record(
            csv.body,
            csv.delimiter,
            csv.first_line,
            builder.layout.width,
            |row, record| builder.push(row, |i| &record[i]),
        )?;
        Ok(builder.finish())
    }

    /// Reads `threads` parts of the body at once; `None` on any error.
    pub(super) fn from_parts(csv: &Csv, layout: &Layout, threads: usize) -> Option<Dataset> {
        let (parts, mut first_lines) = body_parts(csv, threads);
        // The first part's columns will receive the others: size them for the whole file.
        first_lines[0].1 = first_lines.iter().map(|(_, rows)| rows).sum();
        let read = |part: &[u8], (first_line, rows): (usize, usize)| -> Option<Dataset> {
            let mut builder = Builder::new(layout.clone(), rows);
            builder.seen = None;
            for_each_plain_record(part, csv.delimiter, first_line, layout.width, |row, fields| {
                builder.push(row, |i| fields[i])
            })?;
            Some(builder.finish())
        };
        let jobs: Vec<(&[u8], (usize, usize))> = parts.into_iter().zip(first_lines).collect();
        let datasets = crate::identification::engine::parallel_map(&jobs, |&(part, first)| read(part, first));
        let data = Dataset::concat(datasets.into_iter().collect::<Option<Vec<_>>>()?)?;
        (!data.repeats_school_year()).then_some(data)
    }

    /// Joins datasets read from consecutive parts of one file.
    fn concat(parts: Vec<Dataset>) -> Option<Dataset> {
        let total: usize = parts.iter().map(Dataset::len).sum();
        let mut parts = parts.into_iter();
        let mut data = parts.next()?;
        // Each column grows once to its final size instead of doubling part by part.
        let more = total - data.len();
        data.school.reserve_exact(more);
        data.years.reserve_exact(more);
        for (_, values) in &mut data.indicators {
            values.reserve_exact(more);
        }
        for (_, values) in &mut data.extra {
            values.reserve(more);
        }
        let mut schools = Interned::from_values(std::mem::take(&mut data.school_ids));
        for part in parts {
            let ids: Vec<u32> = part.school_ids.iter().map(|s| schools.id(s)).collect();
            data.school.extend(part.school.iter().map(|&s| ids[s as usize]));
            data.years.extend_from_slice(&part.years);
            if let (Some(groups), Some(more)) = (data.groups.as_mut(), part.groups.as_ref()) {
                let ids: Vec<u32> = more.values.iter().map(|g| groups.id(g)).collect();
                groups.of_row.extend(more.of_row.iter().map(|&g| ids[g as usize]));
            }
            for ((_, values), (_, more)) in data.indicators.iter_mut().zip(part.indicators) {
                values.extend(more);
            }
            for ((_, values), (_, more)) in data.extra.iter_mut().zip(&part.extra) {
                values.append(more);
            }
        }
        data.school_ids = schools.values;
        Some(data)
    }

    /// Whether a (school, year) appears twice, checked on the whole table at once: each row is
    /// linked to the school's previous row, and a school has only a few years.
    pub(super) fn repeats_school_year(&self) -> bool {
        const NONE: usize = usize::MAX;
        let mut last = vec![NONE; self.school_ids.len()];
        let mut previous = vec![NONE; self.len()];
        for (row, (&school, &year)) in self.school.iter().zip(&self.years).enumerate() {
            let mut other = last[school as usize];
            while other != NONE {
                if self.years[other] == year {
                    return true;
                }
                other = previous[other];
            }
            previous[row] = last[school as usize];
            last[school as usize] = row;
        }
        false
    }

    pub fn len(&self) -> usize {
        self.years.len()
    }

    /// Gives rows without a group the one `lookup` knows for their school (the registry).
    pub fn fill_groups<'a>(&mut self, lookup: impl Fn(&str) -> Option<&'a str>) {
        let mut groups = Interned::default();
        for row in 0..self.len() {
            let school = &self.school_ids[self.school[row] as usize];
            groups.push(self.group(row).or_else(|| lookup(school)).unwrap_or_default());
        }
        self.groups = Some(groups);
    }

    /// Gives rows without a cluster the one `lookup` gives their school, and returns the
    /// clusters so taken by school. The column is added only when some row takes one, so data
    /// without clusters still says so.
    pub fn fill_clusters<'a>(
        &mut self,
        lookup: impl Fn(&str) -> Option<&'a str>,
    ) -> std::collections::BTreeMap<String, String> {
        let name = crate::identification::engine::CLUSTER;
        let at = self.extra.iter().position(|(n, _)| n == name);
        let mut taken = std::collections::BTreeMap::new();
        let mut column = TextColumn::with_capacity(self.len());
        for row in 0..self.len() {
            let own = at.map(|c| self.extra[c].1.get(row)).filter(|c| !c.is_empty());
            let school = &self.school_ids[self.school[row] as usize];
            let value = own.or_else(|| {
                let given = lookup(school)?;
                taken.insert(school.clone(), given.to_string());
                Some(given)
            });
            column.push(value.unwrap_or_default());
        }
        if !taken.is_empty() {
            match at {
                Some(c) => self.extra[c].1 = column,
                None => self.extra.push((name.to_string(), column)),
            }
        }
        taken
    }

    pub fn group(&self, row: usize) -> Option<&str> {
        self.groups.as_ref().map(|g| g.get(row)).filter(|g| !g.is_empty())
    }

    pub fn is_empty(&self) -> bool {
        self.years.is_empty()
    }
}
