use super::dataset::{Layout, PARALLEL_FROM_BYTES};
use super::*;

/// A file above the parallel threshold: 40,000 school-years of three indicators.
fn large(edit: impl Fn(usize, String) -> String) -> String {
    let mut text = String::from("\u{feff}school_id;year;group;name;a;b;c\n");
    for i in 0..40_000 {
        let line = format!(
            "s{};{};g{};Школа {i};{},5;{};\n",
            i / 2,
            2020 + i % 2,
            i % 3,
            i % 97,
            i % 13
        );
        text.push_str(&edit(i, line));
    }
    text
}

fn codes() -> Vec<String> {
    ["a", "b", "c"].map(String::from).to_vec()
}

/// The parallel reader alone, without the fallback to the csv reader.
fn read_in_parts(text: &str) -> Option<Dataset> {
    let csv = split_csv(text.as_bytes()).unwrap();
    let layout = Layout::of(&csv.header, &codes(), true).unwrap();
    Dataset::from_parts(&csv, &layout, 2)
}

/// The csv reader and the table's rows one after another: the reference every parallel reader
/// must agree with.
fn in_order(text: &str) -> (RawTable, Result<Dataset, InputError>) {
    let table = RawTable::in_order(split_csv(text.as_bytes()).unwrap()).unwrap();
    let layout = Layout::of(&table.header, &codes(), true).unwrap();
    let data = Dataset::from_rows_in_order(&table, layout);
    (table, data)
}

fn assert_parts_equal_one_reader(text: &str) {
    assert!(text.len() > PARALLEL_FROM_BYTES);
    let parts = read_in_parts(text).expect("read in parts");
    let (table, whole) = in_order(text);
    let whole = whole.unwrap();
    let parallel_table = RawTable::from_csv(text.as_bytes()).unwrap();
    assert_eq!(parallel_table.header, table.header);
    assert_eq!(
        parallel_table.rows, table.rows,
        "the table read in parts equals the csv reader's"
    );
    assert_same_data(
        &Dataset::from_table(&parallel_table, &codes(), true).unwrap(),
        &whole,
    );
    assert_same_data(&parts, &whole);
}

fn assert_same_data(parts: &Dataset, whole: &Dataset) {
    assert_eq!(parts.school_ids, whole.school_ids);
    assert_eq!(parts.school, whole.school);
    assert_eq!(parts.years, whole.years);
    let cells = |d: &Dataset| -> Vec<Vec<Option<f64>>> {
        d.indicators
            .iter()
            .map(|(_, v)| v.iter().map(|&x| present(x)).collect())
            .collect()
    };
    assert_eq!(cells(parts), cells(whole));
    assert_eq!(parts.extra, whole.extra);
    let groups = |d: &Dataset| {
        (0..d.len())
            .map(|r| d.group(r).map(str::to_string))
            .collect::<Vec<_>>()
    };
    assert_eq!(groups(parts), groups(whole));
}

#[test]
fn plain_decimals_read_exactly_as_the_general_parser() {
    let mut state: u64 = 7;
    let mut next = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        state >> 33
    };
    for _ in 0..200_000 {
        let digits = 1 + next() % 15;
        let mut text: String = (0..digits)
            .map(|_| char::from(b'0' + (next() % 10) as u8))
            .collect();
        if next() % 4 != 0 {
            text.insert((next() % (digits + 1)) as usize, '.');
        }
        if next() % 3 == 0 {
            text.insert(0, '-');
        }
        let general = fast_float2::parse::<f64, _>(text.as_bytes()).ok();
        assert_eq!(
            plain_decimal(text.as_bytes()).map(f64::to_bits),
            general.map(f64::to_bits),
            "{text}"
        );
        // The decimal comma of a Russian export reads as the general reader reads it.
        let comma = text.replace('.', ",");
        assert_eq!(
            plain_decimal(comma.as_bytes()).map(f64::to_bits),
            parse_number(&comma).map(f64::to_bits),
            "{comma}"
        );
    }
    for text in [
        "",
        "-",
        ".",
        "1.2.3",
        "1,2.3",
        "+5",
        "1e5",
        "1234567890123456",
        " 5",
        "inf",
    ] {
        assert_eq!(plain_decimal(text.as_bytes()), None, "{text}");
    }
}

#[test]
fn a_large_file_read_in_parts_equals_one_read_row_by_row() {
    let text = large(|_, line| line);
    assert_parts_equal_one_reader(&text);
    let parts = Dataset::from_csv(text.as_bytes(), &codes(), true).unwrap();
    assert_eq!(parts.indicators[0].1[3], 3.5);
    assert_eq!(parts.extra[0].1.get(39_999), "Школа 39999");
}

#[test]
fn windows_line_ends_blank_lines_and_spaced_numbers_read_as_by_one_reader() {
    let crlf = large(|_, line| line.replace('\n', "\r\n"));
    assert_parts_equal_one_reader(&crlf);
    let blanks = large(|i, line| {
        if i % 1000 == 0 {
            format!("{line}\n  \n")
        } else {
            line
        }
    });
    assert_parts_equal_one_reader(&blanks);
    let spaced = large(|i, line| match i % 3 {
        0 => line.replacen(";7;", ";1 234,5;", 1),
        1 => line.replacen(";5;", ";\u{a0}5 ;", 1),
        _ => line,
    });
    assert_parts_equal_one_reader(&spaced);
    let data = Dataset::from_csv(spaced.as_bytes(), &codes(), true).unwrap();
    let b = &data.indicators[1].1;
    assert!(b.contains(&1234.5) && b.contains(&5.0));
    // A lone carriage return is a line end for the csv reader: the plain reader steps aside.
    let lone = large(|i, line| {
        if i == 20_000 {
            line.replace('\n', "\r")
        } else {
            line
        }
    });
    assert!(read_in_parts(&lone).is_none());
    let whole = Dataset::from_table(&RawTable::from_csv(lone.as_bytes()).unwrap(), &codes(), true).unwrap();
    assert_eq!(
        Dataset::from_csv(lone.as_bytes(), &codes(), true).unwrap().years,
        whole.years
    );
}

#[test]
fn errors_in_a_large_file_are_the_first_in_file_order() {
    let error_of = |edit: &dyn Fn(usize, String) -> String| {
        let text = large(edit);
        let error = Dataset::from_csv(text.as_bytes(), &codes(), true)
            .unwrap_err()
            .to_string();
        // An upload's path: the table read in parts, then its rows checked in parts.
        let table = RawTable::from_csv(text.as_bytes()).unwrap();
        let from_table = Dataset::from_table(&table, &codes(), true)
            .unwrap_err()
            .to_string();
        assert_eq!(from_table, error);
        error
    };
    // A text late in the file and a duplicate across the middle: the duplicate comes first.
    assert_eq!(
        error_of(&|i, line| match i {
            30_000 => line.replace("Школа 30000;", "Школа 30000;семь"),
            25_000 => "s0;2020;g0;Школа;1;2;3\n".to_string(),
            _ => line,
        }),
        "Строка 25002, столбцы «school_id» и «year»: школа «s0» за 2020 год уже была в строке 2"
    );
    assert_eq!(
        error_of(&|i, line| if i == 39_999 {
            line.replacen("s19999", "", 1)
        } else {
            line
        }),
        "Строка 40001, столбец «school_id»: пустое значение; заполните его"
    );
    // A repeat inside one part is found as well as one across parts.
    assert_eq!(
        error_of(&|i, line| if i == 10 {
            "s0;2020;g0;Школа;1;2;3\n".to_string()
        } else {
            line
        }),
        "Строка 12, столбцы «school_id» и «year»: школа «s0» за 2020 год уже была в строке 2"
    );
    let mut bytes = large(|_, line| line).into_bytes();
    let at = bytes.len() - 30;
    bytes[at] = 0xFF;
    let error = Dataset::from_csv(&bytes, &codes(), true).unwrap_err();
    assert!(error.to_string().contains("UTF-8"), "{error}");
    let error = RawTable::from_csv(&bytes).unwrap_err();
    assert!(error.to_string().contains("UTF-8"), "{error}");
}

/// What Russian Excel writes: a BOM, `;`, decimal commas, and names in quotes when they hold
/// a `;` or a quote (`""`). The fast reader and the csv reader give the same table.
#[test]
fn a_russian_excel_export_with_quoted_fields_reads_as_by_the_csv_reader() {
    let quoted = large(|i, line| match i % 4 {
        0 => line.replacen(
            &format!("Школа {i};"),
            &format!("\"МБОУ \"\"СОШ № {i}\"\"; филиал\";"),
            1,
        ),
        1 => line.replacen(&format!("Школа {i};"), &format!("\"Школа {i}\";"), 1),
        2 => line.replacen(";g", ";\"g", 1).replacen(";Школа", "\";Школа", 1),
        _ => line,
    });
    assert!(quoted.contains("\"МБОУ \"\"СОШ № 0\"\"; филиал\""));
    assert_parts_equal_one_reader(&quoted);
    let data = Dataset::from_csv(quoted.as_bytes(), &codes(), true).unwrap();
    assert_eq!(data.extra[0].1.get(4), "МБОУ \"СОШ № 4\"; филиал");
    assert_eq!(data.indicators[0].1[5], 5.5);
    // Quoted numbers with a decimal comma in a comma-separated file.
    let commas = large(|i, line| {
        let cells: Vec<String> = line
            .trim_end()
            .split(';')
            .map(|c| {
                if c.contains(',') || i % 5 == 0 {
                    format!("\"{c}\"")
                } else {
                    c.to_string()
                }
            })
            .collect();
        format!("{}\r\n", cells.join(","))
    })
    .replacen(
        "school_id;year;group;name;a;b;c",
        "school_id,year,group,name,a,b,c",
        1,
    );
    assert_parts_equal_one_reader(&commas);
    assert_eq!(
        Dataset::from_csv(commas.as_bytes(), &codes(), true)
            .unwrap()
            .indicators[0]
            .1[7],
        7.5
    );
}

/// Quotes the fast reader does not read alike step aside to the csv reader, which decides.
#[test]
fn quotes_over_two_lines_or_inside_a_field_go_to_the_csv_reader() {
    for edit in [
        |i: usize, line: String| {
            if i == 20_001 {
                line.replacen("Школа", "\"Школа\nвторая строка\"", 1)
            } else {
                line
            }
        },
        |i: usize, line: String| {
            if i == 30_001 {
                line.replacen("Школа", "\"Школа\" 2", 1)
            } else {
                line
            }
        },
        |i: usize, line: String| {
            if i == 101 {
                line.replacen("Школа", "Шко\"ла", 1)
            } else {
                line
            }
        },
    ] {
        let text = large(edit);
        assert!(read_in_parts(&text).is_none());
        let whole =
            Dataset::from_table(&RawTable::from_csv(text.as_bytes()).unwrap(), &codes(), true).unwrap();
        let data = Dataset::from_csv(text.as_bytes(), &codes(), true).unwrap();
        assert_eq!((data.years, data.extra), (whole.years, whole.extra));
    }
}

/// A canonical CSV of two years: numbers as the upload writes them, a quoted name, an empty
/// cell, a column of numbers written otherwise (`07`), which stays text.
fn canonical(year: i32) -> String {
    format!(
        "school_id,year,group,name,code,a,b,c\n\
         s1,{year},g1,\"Школа \"\"1\"\", филиал\",07,1.5,,-3\n\
         s2,{year},g2,Школа 2,08,2,0.1,1e21\n\
         s3,{year},,Школа 3,09,-0,7,12\n"
    )
}

#[test]
fn columns_read_as_their_canonical_csv() {
    let years = [canonical(2023), canonical(2024)];
    let tables: Vec<ColumnTable> = years
        .iter()
        .map(|y| ColumnTable::decode(&ColumnTable::from_csv(y).unwrap().encode()).unwrap())
        .collect();
    assert_eq!(tables[0], ColumnTable::from_csv(&years[0]).unwrap());
    let joined = format!("{}{}", years[0], years[1].split_once('\n').unwrap().1);
    for codes in [
        vec!["a".to_string()],
        vec!["a".into(), "b".into(), "code".into(), "c".into()],
    ] {
        let columns = Dataset::from_columns(&tables, &codes, false).unwrap();
        let csv = Dataset::from_csv(joined.as_bytes(), &codes, false).unwrap();
        assert_eq!(columns.school_ids, csv.school_ids);
        assert_eq!(columns.school, csv.school);
        assert_eq!(columns.years, csv.years);
        assert_eq!(columns.extra, csv.extra, "unused columns keep their text");
        let cells = |d: &Dataset| -> Vec<Vec<Option<f64>>> {
            d.indicators
                .iter()
                .map(|(_, v)| v.iter().map(|&x| present(x)).collect())
                .collect()
        };
        assert_eq!(cells(&columns), cells(&csv));
        let groups = |d: &Dataset| {
            (0..d.len())
                .map(|r| d.group(r).map(str::to_string))
                .collect::<Vec<_>>()
        };
        assert_eq!(groups(&columns), groups(&csv));
    }
    let missing = Dataset::from_columns(&tables, &["zz".to_string()], false).unwrap_err();
    assert_eq!(missing, InputError::MissingColumn { column: "zz".into() });
    let text = Dataset::from_columns(&tables, &["name".to_string()], false).unwrap_err();
    assert!(matches!(text, InputError::NotANumber { row: 2, .. }), "{text:?}");
}

#[test]
fn years_under_other_headers_read_under_their_union() {
    let old = "school_id,year,a\ns1,2023,1\n";
    let new = "school_id,year,a,b\ns1,2024,2,3\n";
    let tables = [
        ColumnTable::from_csv(old).unwrap(),
        ColumnTable::from_csv(new).unwrap(),
    ];
    let data = Dataset::from_columns(&tables, &["a".into(), "b".into()], false).unwrap();
    assert_eq!(data.years, [2023, 2024]);
    assert!(data.indicators[1].1[0].is_nan());
    assert_eq!(data.indicators[1].1[1], 3.0);
    let twice = [
        ColumnTable::from_csv(old).unwrap(),
        ColumnTable::from_csv(old).unwrap(),
    ];
    assert!(matches!(
        Dataset::from_columns(&twice, &["a".into()], false),
        Err(InputError::DuplicateSchoolYear {
            row: 3,
            first_row: 2,
            ..
        })
    ));
}

#[test]
fn damaged_columns_are_not_read() {
    let bytes = ColumnTable::from_csv(&canonical(2024)).unwrap().encode();
    assert!(ColumnTable::decode(&bytes[..bytes.len() - 1]).is_none());
    assert!(ColumnTable::decode(b"school_id,year\n").is_none());
    let mut longer = bytes.clone();
    longer.push(0);
    assert!(ColumnTable::decode(&longer).is_none());
}

/// Excel on Windows ends lines with `\r\n`: an error names the row the file has it on.
#[test]
fn an_error_in_a_file_with_windows_line_ends_names_its_own_row() {
    let text = "school_id;year;group;name;a;b;c\r\ns1;2020;g;Школа;1;2;3\r\n\r\ns2;2020;g;Школа;1;два;3\r\n";
    let error = Dataset::from_csv(text.as_bytes(), &codes(), true).unwrap_err();
    assert!(error.to_string().starts_with("Строка 4, столбец «b»"), "{error}");
    let table = RawTable::from_csv(text.as_bytes()).unwrap();
    assert_eq!(table.rows.iter().map(|(row, _)| *row).collect::<Vec<_>>(), [2, 4]);
}
