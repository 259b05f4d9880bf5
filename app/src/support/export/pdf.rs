//! The case's documents as one PDF: A4 portrait, the certificates' DejaVu Sans (embedded and
//! subset by krilla, so the Cyrillic text is searchable and `pdftotext` reads it), laid out as
//! blocks of wrapped lines over as many pages as they take.

use krilla::page::PageSettings;
use krilla::Document;

use super::{Document as CaseDocument, Gathered};
use crate::certificates::pdf::{left, wrap, BOLD, FONTS, REGULAR};
use crate::i18n::ru;
use crate::support::documents::body::{field_label, fields};
use crate::support::documents::files::{place, AttachedFile};

const WIDTH: f32 = 595.28;
const HEIGHT: f32 = 841.89;
const MARGIN: f32 = 50.0;

/// A piece of the document: its kind decides the font, size and spacing.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    Title(String),
    Heading(String),
    Label(String),
    Text(String),
}

impl Block {
    /// (bold, size, space before, line height).
    fn style(&self) -> (bool, f32, f32, f32) {
        match self {
            Block::Title(_) => (true, 18.0, 0.0, 24.0),
            Block::Heading(_) => (true, 14.0, 16.0, 19.0),
            Block::Label(_) => (true, 10.5, 8.0, 14.0),
            Block::Text(_) => (false, 10.5, 2.0, 14.0),
        }
    }

    fn text(&self) -> &str {
        match self {
            Block::Title(t) | Block::Heading(t) | Block::Label(t) | Block::Text(t) => t,
        }
    }
}

/// The blocks of a case: its school, the risk profile (if shown) and each document's fields.
pub fn blocks(g: &Gathered) -> Vec<Block> {
    let case = &g.case;
    let mut out = vec![
        Block::Title(ru::SEXP_TITLE.to_string()),
        Block::Heading(case.school.clone()),
        Block::Text(ru::sexp_line(&case.municipality, case.year, &case.school_code)),
    ];
    if let Some(scored) = &g.scored {
        out.push(Block::Heading(ru::SEXP_RISKS.to_string()));
        for level in &scored.levels {
            let shown = level.level().map_or(ru::SUP_LEVEL_NONE, |l| l.label());
            let priority = if scored.priorities.contains(&level.code) {
                format!(" · {}", ru::SEXP_PRIORITY)
            } else {
                String::new()
            };
            out.push(Block::Text(format!(
                "{} — {shown} ({}/{}){priority}",
                level.title, level.score, level.max
            )));
        }
    }
    if g.documents.is_empty() {
        out.push(Block::Text(ru::SEXP_NO_DOCUMENTS.to_string()));
    }
    for doc in &g.documents {
        let state = doc.state.map_or("", |s| s.label());
        out.push(Block::Heading(doc.title.clone()));
        out.push(Block::Text(format!(
            "{} {} · {state}",
            ru::SEXP_VERSION,
            doc.version
        )));
        let schema = doc.slot.kind.schema();
        for field in fields(&schema, &doc.body) {
            if field.value.is_empty() {
                continue;
            }
            out.push(Block::Label(field.label));
            out.push(Block::Text(field.value));
        }
        if !doc.files.is_empty() {
            out.push(Block::Label(ru::SFILE_PDF_TITLE.to_string()));
            out.extend(file_lines(doc).into_iter().map(Block::Text));
        }
    }
    out
}

/// The document's own files, then each activity's evidence files named by stage and number.
fn file_lines(doc: &CaseDocument) -> Vec<String> {
    let own = doc.files.iter().filter(|f| f.place.is_empty()).map(file_line);
    let evidence = doc.body.activities().flat_map(|a| {
        let at = (!a.key().is_empty()).then(|| place(a.stage, a.key()));
        let (stage, number) = (field_label(a.stage), a.number);
        doc.files
            .iter()
            .filter(move |f| at.as_deref() == Some(f.place.as_str()))
            .map(move |f| ru::sfile_pdf_evidence(stage, number, &file_line(f)))
    });
    own.chain(evidence).collect()
}

fn file_line(file: &AttachedFile) -> String {
    ru::sfile_pdf_line(&file.name, &ru::file_size(file.size))
}

/// A line placed on a page: bold or not, size, baseline and text.
type Placed = (bool, f32, f32, String);

/// Breaks the blocks into lines and the lines into pages.
fn paginate(blocks: &[Block]) -> Vec<Vec<Placed>> {
    let mut pages: Vec<Vec<Placed>> = vec![Vec::new()];
    let mut y = MARGIN;
    for block in blocks {
        let (bold, size, before, height) = block.style();
        let font = if bold { BOLD } else { REGULAR };
        y += before;
        for paragraph in block.text().lines() {
            let lines = wrap(font, size, paragraph, WIDTH - 2.0 * MARGIN);
            for line in if lines.is_empty() {
                vec![String::new()]
            } else {
                lines
            } {
                if y + height > HEIGHT - MARGIN {
                    pages.push(Vec::new());
                    y = MARGIN;
                }
                y += height;
                pages.last_mut().expect("a page").push((bold, size, y, line));
            }
        }
    }
    pages
}

/// The PDF of `blocks`; an error is krilla's, which a shipped font never causes.
pub fn render(blocks: &[Block]) -> Result<Vec<u8>, String> {
    let (regular, bold) = FONTS.clone();
    let mut document = Document::new();
    for lines in paginate(blocks) {
        let mut page = document.start_page_with(PageSettings::from_wh(WIDTH, HEIGHT).expect("A4 is a size"));
        let mut surface = page.surface();
        for (is_bold, size, y, text) in &lines {
            let font = if *is_bold { &bold } else { &regular };
            left(&mut surface, font, *size, text, MARGIN, *y);
        }
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|error| format!("{error:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_documents_flow_onto_further_pages_within_the_margins() {
        let blocks: Vec<Block> = (0..120)
            .map(|n| Block::Text(format!("Мероприятие {n}: ").repeat(8)))
            .collect();
        let pages = paginate(&blocks);
        assert!(pages.len() > 2, "{} pages", pages.len());
        for page in &pages {
            assert!(page
                .iter()
                .all(|(_, _, y, _)| *y <= HEIGHT - MARGIN && *y > MARGIN));
        }
        let bytes = render(&blocks).unwrap();
        assert!(bytes.starts_with(b"%PDF"));
    }
}
