//! The template's text: placeholders filled with one certificate's facts, and the number.

use crate::i18n::ru;

/// The placeholders a template may use, as typed in it.
pub const PLACEHOLDERS: [&str; 5] = ["ФИО", "программа", "часы", "даты", "компетенции"];

/// What a certificate says about its holder, in the order of [`PLACEHOLDERS`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Facts {
    pub full_name: String,
    pub programme: String,
    pub hours: i32,
    pub dates: String,
    pub competencies: String,
}

impl Facts {
    fn value(&self, name: &str) -> Option<String> {
        Some(match name {
            "ФИО" => self.full_name.clone(),
            "программа" => self.programme.clone(),
            "часы" => self.hours.to_string(),
            "даты" => self.dates.clone(),
            "компетенции" => self.competencies.clone(),
            _ => return None,
        })
    }
}

/// Checks a template's text: every `{…}` must name a known placeholder and be closed. The
/// error names the first offending placeholder.
pub fn check(body: &str) -> Result<(), String> {
    let blank = Facts {
        full_name: String::new(),
        programme: String::new(),
        hours: 0,
        dates: String::new(),
        competencies: String::new(),
    };
    fill(body, &blank).map(|_| ())
}

/// The text with each placeholder replaced by its fact. A line whose placeholders are all
/// empty is left out, so a certificate without competencies has no «Развиваемые компетенции: .».
pub fn fill(body: &str, facts: &Facts) -> Result<String, String> {
    let mut lines = Vec::new();
    for line in body.split('\n') {
        if let Some(filled) = fill_line(line, facts)? {
            lines.push(filled);
        }
    }
    Ok(lines.join("\n"))
}

/// One line filled, or `None` when it has placeholders and every one of them is empty.
fn fill_line(line: &str, facts: &Facts) -> Result<Option<String>, String> {
    let mut out = String::with_capacity(line.len() + 64);
    let (mut placeholders, mut empty) = (0, 0);
    let mut rest = line;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after
            .find('}')
            .ok_or_else(|| ru::certificate_unclosed_placeholder(after))?;
        let name = &after[..close];
        let value = facts
            .value(name.trim())
            .ok_or_else(|| ru::certificate_unknown_placeholder(name))?;
        placeholders += 1;
        empty += usize::from(value.trim().is_empty());
        out.push_str(&value);
        rest = &after[close + 1..];
    }
    if rest.contains('}') {
        return Err(ru::CERTIFICATE_STRAY_BRACE.into());
    }
    out.push_str(rest);
    Ok((placeholders == 0 || empty < placeholders).then_some(out))
}

/// `27-2026-000123`: the region's code, the year, the sequence within them (six digits at least).
pub fn number(region_code: &str, year: i32, sequence: i32) -> String {
    format!("{region_code}-{year}-{sequence:06}")
}

/// The region code of a well-formed number, or `None`.
pub fn region_of(number: &str) -> Option<&str> {
    let mut parts = number.split('-');
    let (code, year, sequence) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = |s: &str, min: usize, max: usize| {
        (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    (parts.next().is_none() && digits(code, 2, 3) && digits(year, 4, 4) && digits(sequence, 6, 9))
        .then_some(code)
}

/// «Иванова М. П.» → «Ив*** М. П.»: the surname shows two letters, the rest one each.
pub fn masked_name(full_name: &str) -> String {
    let mut words = full_name.split_whitespace();
    let Some(surname) = words.next() else {
        return String::new();
    };
    let head: String = surname.chars().take(2).collect();
    let mut out = format!("{head}***");
    for word in words {
        if let Some(initial) = word.chars().next() {
            out.push(' ');
            out.push(initial);
            out.push('.');
        }
    }
    out
}

/// Whether `typed` is the holder's surname (case and ё/е aside).
pub fn surname_matches(full_name: &str, typed: &str) -> bool {
    let norm = |s: &str| s.trim().to_lowercase().replace('ё', "е");
    let surname = full_name.split_whitespace().next().unwrap_or_default();
    !typed.trim().is_empty() && norm(surname) == norm(typed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> Facts {
        Facts {
            full_name: "Иванова Мария Петровна".into(),
            programme: "Формирующее оценивание".into(),
            hours: 72,
            dates: "01.09.2026 – 30.11.2026".into(),
            competencies: "MET-2".into(),
        }
    }

    #[test]
    fn placeholders_are_filled() {
        let text = fill(
            "{ФИО} освоил(а) «{программа}», {часы} ч, {даты}; { компетенции }.",
            &facts(),
        )
        .unwrap();
        assert_eq!(
            text,
            "Иванова Мария Петровна освоил(а) «Формирующее оценивание», 72 ч, 01.09.2026 – 30.11.2026; MET-2."
        );
    }

    #[test]
    fn a_line_whose_placeholders_are_all_empty_is_left_out() {
        let mut facts = facts();
        facts.competencies = String::new();
        let text = fill(ru::CERTIFICATE_DEFAULT_BODY, &facts).unwrap();
        assert!(!text.contains("компетенции"), "{text}");
        assert!(text.contains("Иванова Мария Петровна") && text.ends_with("(01.09.2026 – 30.11.2026)."));
        facts.dates = String::new();
        let text = fill("{часы} ч ({даты})\nИтог", &facts).unwrap();
        assert_eq!(text, "72 ч ()\nИтог", "a line with one fact left keeps it");
        assert!(
            fill("{ФИО\n}", &facts).is_err(),
            "a placeholder does not span lines"
        );
    }

    #[test]
    fn an_unknown_placeholder_is_named_in_russian() {
        let error = fill("Выдан {Фамилия} за {программа}", &facts()).unwrap_err();
        assert!(error.contains("{Фамилия}"), "{error}");
        assert!(error.contains("Неизвестная подстановка"), "{error}");
        assert!(check("{ФИО} {часы}").is_ok());
        assert!(check("{ФИО").unwrap_err().contains("не закрыта"));
        assert!(check("ФИО}").is_err());
    }

    #[test]
    fn numbers_are_region_year_sequence() {
        assert_eq!(number("27", 2026, 123), "27-2026-000123");
        assert_eq!(number("177", 2027, 1_234_567), "177-2027-1234567");
        assert_eq!(region_of("27-2026-000123"), Some("27"));
        assert_eq!(region_of("27-2026-123"), None);
        assert_eq!(region_of("27-26-000123"), None);
        assert_eq!(region_of("../etc-2026-000123"), None);
        assert_eq!(region_of("27-2026-000123-1"), None);
    }

    #[test]
    fn names_are_masked_unless_the_surname_is_typed() {
        assert_eq!(masked_name("Иванова Мария Петровна"), "Ив*** М. П.");
        assert!(surname_matches("Ёлкина Анна", " елкина "));
        assert!(!surname_matches("Иванова Мария", "Иванов"));
        assert!(!surname_matches("Иванова Мария", ""));
    }
}
