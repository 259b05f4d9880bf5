//! What an attached file is, read from its content, never from its name: PDF, DOCX, XLSX, PPTX,
//! PNG or JPEG. An Office document is a ZIP whose directory names its main part; one carrying
//! macros (`vbaProject.bin`) is refused, like anything that is no document, an executable above
//! all.

use std::io::{Read, Seek, SeekFrom};

/// A kind of file people may attach.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Pdf,
    Docx,
    Xlsx,
    Pptx,
    Png,
    Jpeg,
}

/// Every kind: what a club post or a support document accepts.
pub const DOCUMENTS: &[Kind] = &[
    Kind::Pdf,
    Kind::Docx,
    Kind::Xlsx,
    Kind::Pptx,
    Kind::Png,
    Kind::Jpeg,
];

/// Why a file is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// A program (Windows, Linux, macOS) or a script, whatever its name says.
    Executable,
    /// An Office document with macros.
    Macros,
    /// Anything else that is none of the accepted kinds.
    Unknown,
}

impl Kind {
    pub fn content_type(self) -> &'static str {
        match self {
            Kind::Pdf => "application/pdf",
            Kind::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Kind::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Kind::Pptx => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            Kind::Png => "image/png",
            Kind::Jpeg => "image/jpeg",
        }
    }

    /// The extension a name of this kind ends with (the first is added when none fits).
    fn extensions(self) -> &'static [&'static str] {
        match self {
            Kind::Pdf => &["pdf"],
            Kind::Docx => &["docx"],
            Kind::Xlsx => &["xlsx"],
            Kind::Pptx => &["pptx"],
            Kind::Png => &["png"],
            Kind::Jpeg => &["jpg", "jpeg"],
        }
    }
}

/// The kind of the file `file` holds, from its first bytes and, for a ZIP, its directory.
pub fn sniff<R: Read + Seek>(file: &mut R) -> Result<Kind, Refusal> {
    let mut head = [0u8; 8];
    let read = read_head(file, &mut head).map_err(|_| Refusal::Unknown)?;
    let head = &head[..read];
    if head.starts_with(b"%PDF-") {
        return Ok(Kind::Pdf);
    }
    if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Ok(Kind::Png);
    }
    if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Ok(Kind::Jpeg);
    }
    if is_executable(head) {
        return Err(Refusal::Executable);
    }
    if head.starts_with(b"PK\x03\x04") {
        file.seek(SeekFrom::Start(0)).map_err(|_| Refusal::Unknown)?;
        return office(file);
    }
    Err(Refusal::Unknown)
}

fn read_head<R: Read>(file: &mut R, head: &mut [u8]) -> std::io::Result<usize> {
    let mut read = 0;
    while read < head.len() {
        match file.read(&mut head[read..])? {
            0 => break,
            n => read += n,
        }
    }
    Ok(read)
}

/// Windows PE (`MZ`), ELF, Mach-O (both byte orders, and universal binaries) and `#!` scripts.
fn is_executable(head: &[u8]) -> bool {
    const MAGICS: [&[u8]; 7] = [
        b"MZ",
        b"\x7fELF",
        &[0xFE, 0xED, 0xFA, 0xCE],
        &[0xFE, 0xED, 0xFA, 0xCF],
        &[0xCE, 0xFA, 0xED, 0xFE],
        &[0xCF, 0xFA, 0xED, 0xFE],
        &[0xCA, 0xFE, 0xBA, 0xBE],
    ];
    head.starts_with(b"#!") || MAGICS.iter().any(|m| head.starts_with(m))
}

/// An Office Open XML document by the parts its directory names; nothing is decompressed.
fn office<R: Read + Seek>(file: &mut R) -> Result<Kind, Refusal> {
    let archive = zip::ZipArchive::new(file).map_err(|_| Refusal::Unknown)?;
    let names: Vec<String> = archive
        .file_names()
        .map(|name| name.map(|n| n.into_owned()))
        .collect::<Result<_, _>>()
        .map_err(|_| Refusal::Unknown)?;
    let has = |part: &str| names.iter().any(|n| n == part);
    if !has("[Content_Types].xml") {
        return Err(Refusal::Unknown);
    }
    if names
        .iter()
        .any(|n| n.to_ascii_lowercase().ends_with("vbaproject.bin"))
    {
        return Err(Refusal::Macros);
    }
    [
        ("word/document.xml", Kind::Docx),
        ("xl/workbook.xml", Kind::Xlsx),
        ("ppt/presentation.xml", Kind::Pptx),
    ]
    .into_iter()
    .find(|(part, _)| has(part))
    .map(|(_, kind)| kind)
    .ok_or(Refusal::Unknown)
}

/// The name to keep and to offer on download: its last path part, without control or
/// direction-changing characters (which make `exe.pdf` read as `fdp.exe`), at most 200
/// characters, and ending with an extension of its real kind.
pub fn safe_name(name: &str, kind: Kind) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = base
        .chars()
        .filter(|c| !c.is_control() && !is_direction_mark(*c))
        .take(200)
        .collect();
    let clean = clean.trim().trim_start_matches('.').to_string();
    let stem = if clean.is_empty() {
        "file".to_string()
    } else {
        clean
    };
    let fits = stem
        .rsplit_once('.')
        .is_some_and(|(_, ext)| kind.extensions().contains(&ext.to_lowercase().as_str()));
    if fits {
        stem
    } else {
        format!("{stem}.{}", kind.extensions()[0])
    }
}

fn is_direction_mark(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Write};

    use super::*;

    fn zip_of(parts: &[&str]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options =
            zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        for part in parts {
            writer.start_file(*part, options).unwrap();
            writer.write_all(b"<x/>").unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    fn kind(bytes: &[u8]) -> Result<Kind, Refusal> {
        sniff(&mut Cursor::new(bytes))
    }

    #[test]
    fn the_kind_comes_from_the_content() {
        assert_eq!(kind(b"%PDF-1.7\n"), Ok(Kind::Pdf));
        assert_eq!(kind(b"\x89PNG\r\n\x1a\n\0\0"), Ok(Kind::Png));
        assert_eq!(kind(&[0xFF, 0xD8, 0xFF, 0xE0]), Ok(Kind::Jpeg));
        assert_eq!(
            kind(&zip_of(&["[Content_Types].xml", "word/document.xml"])),
            Ok(Kind::Docx)
        );
        assert_eq!(
            kind(&zip_of(&["[Content_Types].xml", "xl/workbook.xml"])),
            Ok(Kind::Xlsx)
        );
        assert_eq!(
            kind(&zip_of(&["[Content_Types].xml", "ppt/presentation.xml"])),
            Ok(Kind::Pptx)
        );
    }

    #[test]
    fn programs_macros_and_other_files_are_refused() {
        assert_eq!(kind(b"MZ\x90\0\x03\0\0\0"), Err(Refusal::Executable));
        assert_eq!(kind(b"\x7fELF\x02\x01"), Err(Refusal::Executable));
        assert_eq!(kind(b"#!/bin/sh\nrm -rf /"), Err(Refusal::Executable));
        assert_eq!(
            kind(&[0xCF, 0xFA, 0xED, 0xFE, 7, 0, 0, 1]),
            Err(Refusal::Executable)
        );
        let macros = zip_of(&["[Content_Types].xml", "word/document.xml", "word/vbaProject.bin"]);
        assert_eq!(kind(&macros), Err(Refusal::Macros));
        assert_eq!(kind(&zip_of(&["payload.exe"])), Err(Refusal::Unknown));
        assert_eq!(kind(b"PK\x03\x04broken"), Err(Refusal::Unknown));
        assert_eq!(kind(b"<html><script>alert(1)</script>"), Err(Refusal::Unknown));
        assert_eq!(kind(b""), Err(Refusal::Unknown));
    }

    #[test]
    fn a_kept_name_has_no_path_no_tricks_and_its_real_extension() {
        assert_eq!(
            safe_name("C:\\Users\\me\\Отчёт за год.pdf", Kind::Pdf),
            "Отчёт за год.pdf"
        );
        assert_eq!(safe_name("../../etc/passwd", Kind::Pdf), "passwd.pdf");
        assert_eq!(safe_name("a\r\nb.PNG", Kind::Png), "ab.PNG");
        assert_eq!(safe_name("фото.jpeg", Kind::Jpeg), "фото.jpeg");
        assert_eq!(
            safe_name("invoice\u{202E}fdp.exe", Kind::Pdf),
            "invoicefdp.exe.pdf"
        );
        assert_eq!(safe_name("доклад.pdf", Kind::Pptx), "доклад.pdf.pptx");
        assert_eq!(safe_name("", Kind::Docx), "file.docx");
        assert_eq!(safe_name(".htaccess", Kind::Xlsx), "htaccess.xlsx");
    }
}
