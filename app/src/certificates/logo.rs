//! The region's logo on the template: a PNG or an SVG, told apart and checked by content (the
//! file's name and declared type are ignored), bounded in size, and read on a blocking thread
//! by the upload route ([`super::files::upload_logo`]).

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::i18n::ru;

/// The largest logo accepted: every certificate carries it, and a certificate stays under 150 KB.
pub const LOGO_CAP: u64 = 100 * 1024;
/// The largest side of a PNG logo in pixels: more is never seen at the printed size and only
/// costs memory to decode and bytes in every certificate.
pub const MAX_SIDE: u32 = 1000;

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// A logo that passed the checks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LogoKind {
    Png { width: u32, height: u32 },
    Svg,
}

impl LogoKind {
    pub fn content_type(self) -> &'static str {
        match self {
            LogoKind::Png { .. } => "image/png",
            LogoKind::Svg => "image/svg+xml",
        }
    }
}

/// Why a logo was refused; each message names the field «Логотип».
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
pub enum LogoError {
    #[error("{}", ru::CERT_LOGO_EMPTY)]
    Empty,
    #[error("{}", ru::CERT_LOGO_TOO_LARGE)]
    TooLarge,
    #[error("{}", ru::CERT_LOGO_NOT_IMAGE)]
    NotImage,
    #[error("{}", ru::CERT_LOGO_BAD_PNG)]
    BadPng,
    #[error("{}", ru::CERT_LOGO_TOO_WIDE)]
    TooWide,
    #[error("{}", ru::CERT_LOGO_BAD_SVG)]
    BadSvg,
    #[error("{}", ru::CERT_LOGO_ACTIVE_SVG)]
    ActiveSvg,
    #[error("{}", ru::CERT_LOGO_EXTERNAL_SVG)]
    ExternalSvg,
}

impl LogoError {
    /// The code the upload route redirects with, so the page can show the message.
    pub fn code(self) -> &'static str {
        match self {
            LogoError::Empty => "empty",
            LogoError::TooLarge => "large",
            LogoError::NotImage => "type",
            LogoError::BadPng => "png",
            LogoError::TooWide => "wide",
            LogoError::BadSvg => "svg",
            LogoError::ActiveSvg => "active",
            LogoError::ExternalSvg => "external",
        }
    }
}

/// Tells what the bytes are and checks them: a PNG whose header and pixels decode within
/// [`MAX_SIDE`], or an SVG document (an `<svg>` root) without scripts, event handlers,
/// `foreignObject`, a DOCTYPE or any reference outside the file.
pub fn check(bytes: &[u8]) -> Result<LogoKind, LogoError> {
    if bytes.is_empty() {
        return Err(LogoError::Empty);
    }
    if bytes.len() as u64 > LOGO_CAP {
        return Err(LogoError::TooLarge);
    }
    if bytes.starts_with(PNG_SIGNATURE) {
        return check_png(bytes);
    }
    let text = std::str::from_utf8(bytes).map_err(|_| LogoError::NotImage)?;
    check_svg(text.trim_start_matches('\u{feff}')).map(|()| LogoKind::Svg)
}

fn check_png(bytes: &[u8]) -> Result<LogoKind, LogoError> {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_limits(png::Limits {
        bytes: (MAX_SIDE * MAX_SIDE * 8) as usize,
    });
    let mut reader = decoder.read_info().map_err(|_| LogoError::BadPng)?;
    let (width, height) = reader.info().size();
    if width == 0 || height == 0 || width > MAX_SIDE || height > MAX_SIDE {
        return Err(LogoError::TooWide);
    }
    let size = reader.output_buffer_size().ok_or(LogoError::BadPng)?;
    let mut pixels = vec![0; size];
    reader.next_frame(&mut pixels).map_err(|_| LogoError::BadPng)?;
    Ok(LogoKind::Png { width, height })
}

fn check_svg(text: &str) -> Result<(), LogoError> {
    let mut reader = Reader::from_str(text);
    let mut root = false;
    loop {
        match reader.read_event().map_err(|_| LogoError::BadSvg)? {
            Event::Start(element) | Event::Empty(element) => {
                let name = local(&element);
                if !root {
                    if name != "svg" {
                        return Err(LogoError::NotImage);
                    }
                    root = true;
                }
                check_element(&name, &element)?;
            }
            Event::Text(text) => check_text(&text.into_inner())?,
            Event::CData(text) => check_text(&text.into_inner())?,
            Event::GeneralRef(reference) => check_text(&format!("&{};", &*reference.into_inner()))?,
            Event::DocType(_) => return Err(LogoError::ExternalSvg),
            Event::Eof => break,
            _ => {}
        }
    }
    if !root {
        return Err(LogoError::NotImage);
    }
    // What passed is then read as the certificate will draw it: an SVG it cannot draw is refused now.
    usvg::Tree::from_str(text, &super::pdf::svg_options())
        .map(|_| ())
        .map_err(|_| LogoError::BadSvg)
}

fn local(element: &BytesStart) -> String {
    element.local_name().into_inner().to_ascii_lowercase()
}

fn check_element(name: &str, element: &BytesStart) -> Result<(), LogoError> {
    if matches!(name, "script" | "foreignobject" | "iframe" | "embed" | "object") {
        return Err(LogoError::ActiveSvg);
    }
    for attribute in element.attributes() {
        let attribute = attribute.map_err(|_| LogoError::BadSvg)?;
        let key = attribute.key.local_name().into_inner().to_ascii_lowercase();
        let value = attribute.value;
        if key.starts_with("on") {
            return Err(LogoError::ActiveSvg);
        }
        if key == "href" && !value.trim_start().starts_with('#') {
            return Err(LogoError::ExternalSvg);
        }
        check_text(&value)?;
    }
    Ok(())
}

/// Refuses styles that reach outside the file: `@import` and any `url(…)` not to `#an-id`; and
/// character or entity references other than XML's five, which could spell either unseen.
fn check_text(text: &str) -> Result<(), LogoError> {
    let mut references = text.split('&').skip(1);
    if references.any(|rest| {
        !["amp;", "lt;", "gt;", "quot;", "apos;"]
            .iter()
            .any(|r| rest.starts_with(r))
    }) {
        return Err(LogoError::ExternalSvg);
    }
    let lower = text.to_ascii_lowercase();
    if lower.contains("@import") || lower.contains("javascript:") {
        return Err(LogoError::ExternalSvg);
    }
    let mut rest = lower.as_str();
    while let Some(at) = rest.find("url(") {
        rest = &rest[at + 4..];
        let target = rest.trim_start().trim_start_matches(['"', '\'']);
        if !target.starts_with('#') {
            return Err(LogoError::ExternalSvg);
        }
    }
    Ok(())
}

#[cfg(test)]
pub mod tests {
    use super::*;

    /// A small valid PNG of `side` × `side` pixels (RGBA), made with the decoder's own encoder.
    pub fn png(side: u32) -> Vec<u8> {
        let mut bytes = Vec::new();
        {
            let mut encoder = png::Encoder::new(&mut bytes, side, side);
            encoder.set_color(png::ColorType::Rgba);
            encoder.set_depth(png::BitDepth::Eight);
            let mut writer = encoder.write_header().unwrap();
            let pixels: Vec<u8> = (0..side * side * 4).map(|i| (i % 251) as u8).collect();
            writer.write_image_data(&pixels).unwrap();
        }
        bytes
    }

    const SVG: &str = r##"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="40" height="40">
        <defs><linearGradient id="g"/></defs><circle cx="20" cy="20" r="18" fill="url(#g)"/>
        <text x="2" y="38">Р &amp; К</text></svg>"##;

    #[test]
    fn what_a_logo_is_comes_from_its_content() {
        assert_eq!(
            check(&png(32)),
            Ok(LogoKind::Png {
                width: 32,
                height: 32
            })
        );
        assert_eq!(check(SVG.as_bytes()), Ok(LogoKind::Svg));
        // A PNG named logo.svg is still a PNG, an SVG named logo.png still an SVG: the name is
        // never read. Text that is neither is refused, whatever it is called.
        assert_eq!(check(b"GIF89a not a logo"), Err(LogoError::NotImage));
        assert_eq!(check(b"<html><body>hi</body></html>"), Err(LogoError::NotImage));
        assert_eq!(check(b""), Err(LogoError::Empty));
    }

    #[test]
    fn a_broken_or_huge_png_is_refused() {
        let mut truncated = png(32);
        truncated.truncate(40);
        assert_eq!(check(&truncated), Err(LogoError::BadPng));
        let mut garbled = png(32);
        let end = garbled.len() - 20;
        garbled[end - 10..end].fill(0xff);
        assert_eq!(check(&garbled), Err(LogoError::BadPng));
        assert_eq!(check(&png(MAX_SIDE + 1)), Err(LogoError::TooWide));
    }

    #[test]
    fn an_svg_that_acts_or_reaches_out_is_refused() {
        let with = |inner: &str| format!(r#"<svg xmlns="http://www.w3.org/2000/svg">{inner}</svg>"#);
        for (svg, error) in [
            (with("<script>alert(1)</script>"), LogoError::ActiveSvg),
            (
                with("<foreignObject><p>x</p></foreignObject>"),
                LogoError::ActiveSvg,
            ),
            (with(r#"<rect onclick="alert(1)"/>"#), LogoError::ActiveSvg),
            (
                with(r#"<image href="https://example.ru/a.png"/>"#),
                LogoError::ExternalSvg,
            ),
            (
                with(
                    r#"<image xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="file:///etc/passwd"/>"#,
                ),
                LogoError::ExternalSvg,
            ),
            (
                with("<style>@import url(https://example.ru/x.css);</style>"),
                LogoError::ExternalSvg,
            ),
            (
                with(r#"<rect style="fill:url(https://example.ru/p)"/>"#),
                LogoError::ExternalSvg,
            ),
            (
                r#"<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg>&x;</svg>"#.to_string(),
                LogoError::ExternalSvg,
            ),
            (
                with("<style>&#64;import 'https://example.ru/x.css';</style>"),
                LogoError::ExternalSvg,
            ),
            (
                with(r#"<rect style="fill:url(&#104;ttps://example.ru/p)"/>"#),
                LogoError::ExternalSvg,
            ),
            (with("<rect>"), LogoError::BadSvg),
        ] {
            assert_eq!(check(svg.as_bytes()), Err(error), "{svg}");
        }
    }

    #[test]
    fn each_refusal_comes_back_to_the_page_as_its_own_message() {
        use LogoError::*;
        for error in [
            Empty,
            TooLarge,
            NotImage,
            BadPng,
            TooWide,
            BadSvg,
            ActiveSvg,
            ExternalSvg,
        ] {
            let outcome = ru::cert_logo_outcome(error.code())
                .map(|(message, is_error)| (message.to_string(), is_error));
            assert_eq!(outcome, Some((error.to_string(), true)));
        }
    }

    #[test]
    fn a_logo_over_the_cap_is_refused_before_it_is_read() {
        let big = format!("<svg>{}</svg>", " ".repeat(LOGO_CAP as usize));
        assert_eq!(check(big.as_bytes()), Err(LogoError::TooLarge));
    }
}
