use std::io::{Cursor, Read, Write};

use calamine::{open_workbook_auto_from_rs, Data, Reader};
use rust_xlsxwriter::Workbook;
use zip::{write::SimpleFileOptions, CompressionMethod, ZipArchive, ZipWriter};

use super::*;

/// The dense reader this module replaced, kept to prove that valid files read the same.
fn dense(bytes: &[u8]) -> Result<RawTable, InputError> {
    let mut workbook = open_workbook_auto_from_rs(Cursor::new(bytes)).unwrap();
    let sheet = workbook.worksheet_range_at(0).unwrap().unwrap();
    let cell = |data: &Data| match data {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Float(f) => format_number(*f),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        other => other.to_string(),
    };
    let first_row = sheet.start().map_or(0, |(row, _)| row as usize) + 1;
    let mut lines = sheet.rows().map(|r| r.iter().map(cell).collect::<Vec<_>>());
    let header = lines.next().ok_or(InputError::Empty)?;
    let width = header.iter().rposition(|h| !h.is_empty()).map_or(0, |p| p + 1);
    if width == 0 {
        return Err(InputError::Empty);
    }
    let rows = lines
        .enumerate()
        .map(|(i, mut row)| {
            row.resize(width.max(row.len()), String::new());
            row.truncate(width);
            (first_row + 1 + i, row)
        })
        .filter(|(_, row)| row.iter().any(|c| !c.is_empty()))
        .collect();
    Ok(RawTable {
        header: header[..width].to_vec(),
        rows,
    })
}

fn bounded(bytes: &[u8]) -> Result<RawTable, InputError> {
    read("data.xlsx", Cursor::new(bytes))
}

fn workbook(fill: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) -> Vec<u8> {
    let mut book = Workbook::new();
    fill(book.add_worksheet().set_name("Данные").unwrap());
    book.save_to_buffer().unwrap()
}

/// The archive with one part's content replaced, every part deflated.
fn with_part(bytes: &[u8], name: &str, content: &[u8]) -> Vec<u8> {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut out = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for index in 0..archive.len() {
        let mut part = archive.by_index(index).unwrap();
        let part_name = part.name().unwrap().to_string();
        out.start_file(part_name.as_str(), options).unwrap();
        if part_name == name {
            out.write_all(content).unwrap();
        } else {
            let mut buffer = Vec::new();
            part.read_to_end(&mut buffer).unwrap();
            out.write_all(&buffer).unwrap();
        }
    }
    out.finish().unwrap().into_inner()
}

fn sheet_xml(bytes: &[u8]) -> String {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    archive
        .by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

fn refusal(result: Result<RawTable, InputError>) -> String {
    match result {
        Err(error @ InputError::Refused { .. }) => error.to_string(),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn valid_workbooks_read_exactly_as_the_dense_range_did() {
    let book = workbook(|s| {
        // A table that starts in B3, a gap in the header, a column past the header's last
        // title, blank rows, spaces, numbers of every kind, a boolean and a date.
        s.write_string(2, 1, " school_id ").unwrap();
        s.write_string(2, 2, "year").unwrap();
        s.write_string(2, 4, "ege_ru").unwrap();
        s.write_string(3, 1, "27-1").unwrap();
        s.write_number(3, 2, 2024.0).unwrap();
        s.write_number(3, 4, 55.5).unwrap();
        s.write_string(3, 6, "за шапкой").unwrap();
        s.write_string(5, 1, "27-2").unwrap();
        s.write_number(5, 2, 2023.0).unwrap();
        s.write_boolean(5, 3, true).unwrap();
        s.write_number(5, 4, -1e-7).unwrap();
        s.write_string(6, 6, "только за шапкой").unwrap();
        s.write_string(7, 1, "   ").unwrap();
        s.write_string(8, 1, "27-3").unwrap();
        s.write_number(8, 4, 1e20).unwrap();
        let date = rust_xlsxwriter::Format::new().set_num_format("dd.mm.yyyy");
        s.write_number_with_format(8, 2, 45000.0, &date).unwrap();
    });
    let (ours, theirs) = (bounded(&book).unwrap(), dense(&book).unwrap());
    assert_eq!(ours.header, theirs.header);
    assert_eq!(ours.rows, theirs.rows);
    assert_eq!(ours.header, ["school_id", "year", "", "ege_ru"]);
    assert_eq!(ours.rows.len(), 3, "{:?}", ours.rows);
    assert_eq!(ours.rows[0].0, 4, "row numbers are the sheet's");

    let empty = workbook(|s| {
        s.write_string(0, 0, "  ").unwrap();
        s.write_string(1, 0, "a").unwrap();
    });
    assert_eq!(bounded(&empty).unwrap_err(), InputError::Empty);
    assert_eq!(dense(&empty).unwrap_err(), InputError::Empty);
}

#[test]
fn cells_at_a1_and_xfd1048576_are_refused_without_building_a_range() {
    let bomb = workbook(|s| {
        s.write_string(0, 0, "school_id").unwrap();
        s.write_number(1_048_575, 16_383, 1.0).unwrap();
    });
    let message = refusal(bounded(&bomb));
    assert!(
        message.contains("«Данные»")
            && message.contains("A1:XFD1048576")
            && message.contains("16384 столбцов"),
        "{message}"
    );
    // Without a declared size the far cell itself is named.
    let declared = sheet_xml(&bomb);
    let xml = declared.replace("<dimension ref=\"A1:XFD1048576\"/>", "");
    assert_ne!(xml, declared);
    let message = refusal(bounded(&with_part(
        &bomb,
        "xl/worksheets/sheet1.xml",
        xml.as_bytes(),
    )));
    assert!(
        message.contains("заполнена ячейка XFD1048576") && message.contains("200 столбцов"),
        "{message}"
    );
}

#[test]
fn a_sheet_of_16384_columns_is_refused() {
    let wide = workbook(|s| {
        for column in 0..16_384u16 {
            s.write_string(0, column, format!("c{column}")).unwrap();
        }
    });
    // Excel (and rust_xlsxwriter after it) declares such a sheet as just "A1": the first
    // cell past the bound is named instead.
    assert!(sheet_xml(&wide).contains("<dimension ref=\"A1\"/>"));
    let message = refusal(bounded(&wide));
    assert!(
        message.contains("ячейка GS1") && message.contains("и 200 столбцов"),
        "{message}"
    );
}

#[test]
fn a_cell_outside_the_declared_dimension_is_refused() {
    let book = workbook(|s| {
        s.write_string(0, 0, "school_id").unwrap();
        s.write_string(0, 1, "year").unwrap();
        s.write_string(2, 1, "2024").unwrap();
    });
    let xml = sheet_xml(&book).replace("ref=\"A1:B3\"", "ref=\"A1:B2\"");
    let message = refusal(bounded(&with_part(
        &book,
        "xl/worksheets/sheet1.xml",
        xml.as_bytes(),
    )));
    assert!(message.contains("B3") && message.contains("A1:B2"), "{message}");
    // "A1" is what writers that do not know the size declare: not held against the cells.
    let xml = sheet_xml(&book).replace("ref=\"A1:B3\"", "ref=\"A1\"");
    let table = bounded(&with_part(&book, "xl/worksheets/sheet1.xml", xml.as_bytes())).unwrap();
    assert_eq!(table.rows, [(3, vec![String::new(), "2024".to_string()])]);
}

#[test]
fn a_highly_compressed_part_is_refused_before_it_is_decompressed() {
    let book = workbook(|s| {
        s.write_string(0, 0, "school_id").unwrap();
    });
    let mut strings =
        String::from("<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">");
    strings.push_str(&"<si><t>AAAAAAAAAAAAAAAA</t></si>".repeat(300_000));
    strings.push_str("</sst>");
    let bomb = with_part(&book, "xl/sharedStrings.xml", strings.as_bytes());
    assert!(
        bomb.len() * 100 < strings.len(),
        "{} → {}",
        strings.len(),
        bomb.len()
    );
    let message = refusal(bounded(&bomb));
    assert!(
        message.contains("xl/sharedStrings.xml") && message.contains("zip-бомб"),
        "{message}"
    );
}

#[test]
fn shared_strings_repeated_past_the_text_bound_are_refused() {
    // 3,400 cells of one 32,000-byte string: a small file, 109 MB of cell text.
    let long = "Ж".repeat(16_000);
    let book = workbook(|s| {
        s.write_string(0, 0, "name").unwrap();
        for row in 1..=3_400 {
            s.write_string(row, 0, &long).unwrap();
        }
    });
    assert!(book.len() < 1 << 20, "{}", book.len());
    let message = refusal(bounded(&book));
    assert!(message.contains("100 МБ текста"), "{message}");
}

#[test]
fn what_is_not_an_xlsx_archive_is_unreadable_not_a_panic() {
    let error = bounded(b"school_id;year\n1;2024\n").unwrap_err();
    assert!(matches!(error, InputError::Unreadable { .. }), "{error:?}");
    assert_eq!(cell_name(1_048_575, 16_383), "XFD1048576");
    assert_eq!(cell_name(0, 26), "AA1");
}

/// An export read back by the engine gives its cells unchanged: the quote prefix that keeps a
/// formula-like text from running is a style, not a character.
#[test]
fn an_exported_workbook_reads_back_unchanged() {
    let header = vec!["code".to_string(), "value".to_string(), "name".to_string()];
    let rows = vec![vec![
        "=cmd|' /C calc'!A0".to_string(),
        "-20".to_string(),
        "Школа".to_string(),
    ]];
    let bytes = crate::downloads::xlsx(&header, &rows).unwrap();
    let table = read("export.xlsx", Cursor::new(bytes)).unwrap();
    assert_eq!(table.rows[0].1, ["=cmd|' /C calc'!A0", "-20", "Школа"]);
}
