//! The certificate as a PDF: A4 landscape, Russian text in DejaVu Sans (embedded, subset to
//! the glyphs used by krilla), a QR code to the public verification page, the region's logo
//! (a PNG as an image, an SVG as vectors through krilla-svg).
//!
//! krilla was chosen over printpdf because it subsets fonts itself (a certificate is ~30 KB,
//! not the 750 KB of the whole font), writes the ToUnicode maps that make the text searchable
//! and extractable (`pdftotext`), shapes text with rustybuzz, and is maintained (it is the PDF
//! back end of Typst).

use std::sync::{Arc, LazyLock};

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect, Transform};
use krilla::image::Image;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::{Font, TextDirection};
use krilla::Document;
use krilla_svg::{SurfaceExt, SvgSettings};
use skrifa::{instance::LocationRef, instance::Size, MetadataProvider};

use super::text::{fill, Facts};
use crate::i18n::ru;

pub static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
pub static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

pub static FONTS: LazyLock<(Font, Font)> = LazyLock::new(|| {
    let font = |bytes: &'static [u8]| Font::new(bytes.into(), 0).expect("the shipped font parses");
    (font(REGULAR), font(BOLD))
});

/// The fonts an SVG logo's text is drawn in: the certificate's own, never the system's.
static SVG_FONTS: LazyLock<Arc<usvg::fontdb::Database>> = LazyLock::new(|| {
    let mut fonts = usvg::fontdb::Database::new();
    fonts.load_font_data(REGULAR.to_vec());
    fonts.load_font_data(BOLD.to_vec());
    fonts.set_sans_serif_family("DejaVu Sans");
    Arc::new(fonts)
});

/// How an SVG logo is read: images it names are never fetched (the upload check refuses any
/// reference outside the file; this is the second lock).
pub fn svg_options() -> usvg::Options<'static> {
    usvg::Options {
        fontdb: SVG_FONTS.clone(),
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: Box::new(|_, _, _| None),
            resolve_string: Box::new(|_, _| None),
        },
        ..usvg::Options::default()
    }
}

/// A region's logo ready to draw on many certificates: the PNG decoded, the SVG parsed once.
pub enum Logo {
    Png(Image),
    Svg(Box<usvg::Tree>),
}

impl Logo {
    /// The stored logo by its content type; an error is a Russian message.
    pub fn parse(bytes: Vec<u8>, content_type: &str) -> Result<Logo, String> {
        if content_type == "image/svg+xml" {
            let tree = usvg::Tree::from_data(&bytes, &svg_options())
                .map_err(|_| ru::CERT_LOGO_BAD_SVG.to_string())?;
            return Ok(Logo::Svg(Box::new(tree)));
        }
        Image::from_png(bytes.into(), true).map(Logo::Png)
    }
}

/// A4 landscape, in points.
const WIDTH: f32 = 841.89;
const HEIGHT: f32 = 595.28;
const MARGIN: f32 = 56.0;

/// Everything printed on one certificate.
pub struct Sheet<'a> {
    pub number: &'a str,
    pub facts: &'a Facts,
    pub title: &'a str,
    pub body: &'a str,
    pub signatory_name: &'a str,
    pub signatory_position: &'a str,
    pub region_name: &'a str,
    pub issued_on: &'a str,
    pub verify_url: &'a str,
    /// The region's logo, drawn at the top left.
    pub logo: Option<&'a Logo>,
}

/// The logo's box at the top left, inside the frame, in points.
const LOGO_BOX: f32 = 64.0;

/// Renders the certificate; an error is a template that no longer fills (a Russian message).
pub fn render(sheet: &Sheet) -> Result<Vec<u8>, String> {
    let body = fill(sheet.body, sheet.facts)?;
    let (regular, bold) = FONTS.clone();
    let mut document = Document::new();
    let mut page = document.start_page_with(PageSettings::from_wh(WIDTH, HEIGHT).expect("A4 is a size"));
    let mut surface = page.surface();
    frame(&mut surface);
    if let Some(image) = sheet.logo {
        logo(&mut surface, image)?;
    }
    let mut y = 70.0;
    centred(&mut surface, &regular, REGULAR, 12.0, sheet.region_name, y);
    y += 58.0;
    centred(&mut surface, &bold, BOLD, 34.0, sheet.title, y);
    y += 30.0;
    centred(
        &mut surface,
        &regular,
        REGULAR,
        14.0,
        &format!("№ {}", sheet.number),
        y,
    );
    y += 44.0;
    for paragraph in body.lines() {
        for line in wrap(REGULAR, 16.0, paragraph, WIDTH - 2.0 * MARGIN - 40.0) {
            centred(&mut surface, &regular, REGULAR, 16.0, &line, y);
            y += 23.0;
        }
    }
    let bottom = HEIGHT - 70.0;
    left(
        &mut surface,
        &regular,
        12.0,
        sheet.signatory_position,
        MARGIN,
        bottom - 36.0,
    );
    left(
        &mut surface,
        &bold,
        13.0,
        sheet.signatory_name,
        MARGIN,
        bottom - 18.0,
    );
    left(
        &mut surface,
        &regular,
        11.0,
        &ru::certificate_issued_on(sheet.issued_on),
        MARGIN,
        bottom,
    );
    let qr_size = 96.0;
    let qr_x = WIDTH - MARGIN - qr_size;
    qr(
        &mut surface,
        sheet.verify_url,
        qr_x,
        bottom - qr_size - 6.0,
        qr_size,
    )?;
    let caption = ru::CERTIFICATE_PDF_VERIFY;
    let caption_x = WIDTH - MARGIN - width(REGULAR, 9.0, caption);
    left(&mut surface, &regular, 9.0, caption, caption_x, bottom + 8.0);
    surface.finish();
    page.finish();
    document.finish().map_err(|error| format!("{error:?}"))
}

/// The blue frame around the page; leaves the fill set to near-black for the text.
fn frame(surface: &mut krilla::surface::Surface) {
    surface.set_fill(None);
    surface.set_stroke(Some(Stroke {
        paint: rgb::Color::new(30, 70, 140).into(),
        width: 3.0,
        ..Default::default()
    }));
    let mut frame = PathBuilder::new();
    frame.push_rect(Rect::from_xywh(24.0, 24.0, WIDTH - 48.0, HEIGHT - 48.0).expect("a rectangle"));
    surface.draw_path(&frame.finish().expect("a path"));
    surface.set_stroke(None);
    surface.set_fill(Some(Fill {
        paint: rgb::Color::new(20, 20, 20).into(),
        ..Default::default()
    }));
}

pub fn left(surface: &mut krilla::surface::Surface, font: &Font, size: f32, text: &str, x: f32, y: f32) {
    surface.draw_text(
        Point::from_xy(x, y),
        font.clone(),
        size,
        text,
        false,
        TextDirection::Auto,
    );
}

fn centred(surface: &mut krilla::surface::Surface, font: &Font, bytes: &[u8], size: f32, text: &str, y: f32) {
    let x = (WIDTH - width(bytes, size, text)) / 2.0;
    left(surface, font, size, text, x.max(MARGIN), y);
}

/// The advance of `text` at `size` points (no kerning: enough to centre and wrap).
pub fn width(bytes: &[u8], size: f32, text: &str) -> f32 {
    let Ok(font) = skrifa::FontRef::new(bytes) else {
        return 0.0;
    };
    let charmap = font.charmap();
    let metrics = font.glyph_metrics(Size::new(size), LocationRef::default());
    text.chars()
        .filter_map(|c| charmap.map(c))
        .filter_map(|glyph| metrics.advance_width(glyph))
        .sum()
}

/// Breaks a paragraph into lines no wider than `max` at spaces (a word longer than a line
/// stands alone).
pub fn wrap(bytes: &[u8], size: f32, paragraph: &str, max: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in paragraph.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if !line.is_empty() && width(bytes, size, &candidate) > max {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Draws the logo within [`LOGO_BOX`] at the top left, its proportions kept.
fn logo(surface: &mut krilla::surface::Surface, logo: &Logo) -> Result<(), String> {
    let (width, height) = match logo {
        Logo::Png(image) => {
            let (width, height) = image.size();
            (width as f32, height as f32)
        }
        Logo::Svg(tree) => (tree.size().width(), tree.size().height()),
    };
    let scale = LOGO_BOX / width.max(height).max(1.0);
    let size = krilla::geom::Size::from_wh(width * scale, height * scale).ok_or("an empty logo")?;
    surface.push_transform(&Transform::from_translate(40.0, 40.0));
    let drawn = match logo {
        Logo::Png(image) => {
            surface.draw_image(image.clone(), size);
            Some(())
        }
        Logo::Svg(tree) => surface.draw_svg(tree, size, SvgSettings::default()),
    };
    surface.pop();
    drawn.ok_or_else(|| ru::CERT_LOGO_BAD_SVG.to_string())
}

/// Draws the QR code of `url` as one path of dark squares.
fn qr(surface: &mut krilla::surface::Surface, url: &str, x: f32, y: f32, size: f32) -> Result<(), String> {
    let code = qrcode::QrCode::new(url.as_bytes()).map_err(|error| error.to_string())?;
    let modules = code.width();
    let cell = size / modules as f32;
    let mut path = PathBuilder::new();
    for (i, colour) in code.to_colors().into_iter().enumerate() {
        if colour == qrcode::Color::Dark {
            let (col, row) = ((i % modules) as f32, (i / modules) as f32);
            if let Some(rect) = Rect::from_xywh(x + col * cell, y + row * cell, cell, cell) {
                path.push_rect(rect);
            }
        }
    }
    if let Some(path) = path.finish() {
        surface.draw_path(&path);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_long_text_within_the_page() {
        let text = "очень ".repeat(60);
        let lines = wrap(REGULAR, 16.0, &text, 600.0);
        assert!(lines.len() > 2);
        assert!(lines.iter().all(|line| width(REGULAR, 16.0, line) <= 600.0));
    }
}
