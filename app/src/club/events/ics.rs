//! iCalendar (RFC 5545) text for one event (`.ics`) and for a member's feed.
//!
//! Written by hand rather than with the `icalendar` crate: that crate turns on chrono's
//! `wasmbind` feature, which rebuilds polars and sqlx for every build of the workspace, while a
//! VEVENT needs only escaping, line folding and UTC times, which this file does.

use chrono::{DateTime, Utc};

/// One event as a calendar shows it.
pub struct IcsEvent {
    /// Stable across edits, so a subscribed calendar updates the event instead of adding one.
    pub uid: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub summary: String,
    pub description: String,
    pub location: Option<String>,
    pub url: Option<String>,
}

/// A VCALENDAR holding `events`, with CRLF line ends as the format requires.
pub fn calendar(name: &str, events: &[IcsEvent]) -> String {
    let mut out = String::new();
    let stamp = utc(Utc::now());
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//Rost//Club events//RU");
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    line(&mut out, &format!("X-WR-CALNAME:{}", escape(name)));
    for event in events {
        line(&mut out, "BEGIN:VEVENT");
        line(&mut out, &format!("UID:{}", escape(&event.uid)));
        line(&mut out, &format!("DTSTAMP:{stamp}"));
        line(&mut out, &format!("DTSTART:{}", utc(event.starts_at)));
        line(&mut out, &format!("DTEND:{}", utc(event.ends_at)));
        line(&mut out, &format!("SUMMARY:{}", escape(&event.summary)));
        line(&mut out, &format!("DESCRIPTION:{}", escape(&event.description)));
        if let Some(location) = &event.location {
            line(&mut out, &format!("LOCATION:{}", escape(location)));
        }
        if let Some(url) = &event.url {
            line(&mut out, &format!("URL:{}", url.replace(['\r', '\n'], "")));
        }
        line(&mut out, "END:VEVENT");
    }
    line(&mut out, "END:VCALENDAR");
    out
}

fn utc(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

/// TEXT values escape backslashes, separators and line ends (RFC 5545 3.3.11).
fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace("\r\n", "\\n")
        .replace(['\n', '\r'], "\\n")
}

/// Appends a content line folded at 75 octets, never inside a UTF-8 character (RFC 5545 3.1).
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for ch in content.chars() {
        if width + ch.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(ch);
        width += ch.len_utf8();
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event() -> IcsEvent {
        IcsEvent {
            uid: "e1@rost".into(),
            starts_at: "2026-12-10T00:00:00Z".parse().unwrap(),
            ends_at: "2026-12-10T01:30:00Z".parse().unwrap(),
            summary: "Вебинар; франчайзинг, опыт".into(),
            description:
                "Строка один\nСтрока два с очень длинным русским текстом, который надо перенести по правилам"
                    .into(),
            location: None,
            url: Some("https://example.org/webinar".into()),
        }
    }

    #[test]
    fn times_are_utc_and_text_is_escaped() {
        let ics = calendar("Клуб", &[event()]);
        assert!(ics.contains("DTSTART:20261210T000000Z\r\n"));
        assert!(ics.contains("DTEND:20261210T013000Z\r\n"));
        assert!(ics.contains("SUMMARY:Вебинар\\; франчайзинг\\, опыт\r\n"));
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.ends_with("END:VCALENDAR\r\n"));
    }

    #[test]
    fn long_lines_fold_within_75_octets_on_character_boundaries() {
        let ics = calendar("Клуб", &[event()]);
        for physical in ics.split("\r\n") {
            assert!(physical.len() <= 75, "{physical:?}");
        }
        let unfolded = ics.replace("\r\n ", "");
        assert!(unfolded.contains("Строка один\\nСтрока два с очень длинным русским текстом"));
    }
}
