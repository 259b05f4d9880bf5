//! An event's start in each member's own time: stored in UTC, shown in the time zone of the
//! member's region (`tenants.time_zone`), so one webinar reads 10:00 in Хабаровск and 07:00 in
//! Новосибирск.

use chrono::{DateTime, Offset, Utc};
use chrono_tz::Tz;

/// The start as the member reads it: date, time and the zone's offset from UTC.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocalTime {
    pub date: String,
    pub time: String,
    pub offset: String,
}

/// `at` in the IANA zone `zone`; an unknown zone falls back to Moscow time, the country's
/// reference, rather than failing the page.
pub fn local(at: DateTime<Utc>, zone: &str) -> LocalTime {
    let tz: Tz = zone.parse().unwrap_or(chrono_tz::Europe::Moscow);
    let there = at.with_timezone(&tz);
    let seconds = there.offset().fix().local_minus_utc();
    let (sign, seconds) = if seconds < 0 {
        ('−', -seconds)
    } else {
        ('+', seconds)
    };
    let offset = match seconds % 3600 {
        0 => format!("UTC{sign}{}", seconds / 3600),
        rest => format!("UTC{sign}{}:{:02}", seconds / 3600, rest / 60),
    };
    LocalTime {
        date: there.format("%d.%m.%Y").to_string(),
        time: there.format("%H:%M").to_string(),
        offset,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_event_is_ten_in_khabarovsk_and_seven_in_novosibirsk() {
        let at: DateTime<Utc> = "2026-12-10T00:00:00Z".parse().unwrap();
        let khabarovsk = local(at, "Asia/Vladivostok");
        let novosibirsk = local(at, "Asia/Novosibirsk");
        assert_eq!(
            (khabarovsk.time.as_str(), khabarovsk.offset.as_str()),
            ("10:00", "UTC+10")
        );
        assert_eq!(
            (novosibirsk.time.as_str(), novosibirsk.offset.as_str()),
            ("07:00", "UTC+7")
        );
        assert_eq!(khabarovsk.date, "10.12.2026");
    }

    #[test]
    fn the_date_moves_with_the_zone() {
        let at: DateTime<Utc> = "2026-12-09T20:00:00Z".parse().unwrap();
        assert_eq!(local(at, "Asia/Vladivostok").date, "10.12.2026");
        assert_eq!(local(at, "Asia/Novosibirsk").date, "10.12.2026");
        assert_eq!(local(at, "Europe/Moscow").date, "09.12.2026");
    }
}
