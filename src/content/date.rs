//! Dates in front-matter: `YYYY-MM-DD` or RFC 3339 (`2024-05-26T09:00:00+09:00`).
//! Kept as validated text: manabi never needs date arithmetic, only ordering,
//! display and feed timestamps.

use serde::Serialize;

/// A validated date, optionally with a time and offset.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
    /// `HH:MM:SS` and offset (`Z`, `+09:00`) when given.
    time: Option<(String, String)>,
}

impl Date {
    /// Parses `YYYY-MM-DD`, optionally followed by `T` or a space and
    /// `HH:MM[:SS[.frac]]` and an offset.
    pub fn parse(s: &str) -> Result<Date, String> {
        let s = s.trim();
        let (date, time) = match s.find(['T', 't', ' ']) {
            Some(i) => (&s[..i], Some(&s[i + 1..])),
            None => (s, None),
        };
        let (year, month, day) = parse_ymd(date).ok_or_else(|| format!("`{s}` is not a date"))?;
        if !is_valid_day(year, month, day) {
            return Err(format!("`{s}` is not a calendar date"));
        }
        let time = time
            .map(|t| parse_time(t).ok_or_else(|| format!("`{s}` has an invalid time")))
            .transpose()?;
        Ok(Date {
            year,
            month,
            day,
            time,
        })
    }

    /// `YYYY-MM-DD`.
    pub fn ymd(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// RFC 3339 for feeds; a bare date is midnight UTC.
    pub fn rfc3339(&self) -> String {
        match &self.time {
            Some((t, off)) => format!("{}T{t}{off}", self.ymd()),
            None => format!("{}T00:00:00Z", self.ymd()),
        }
    }

    /// Today's date in UTC, from the system clock (for `manabi new`).
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let (year, month, day) = civil_from_days((secs / 86_400) as i64);
        Date {
            year,
            month,
            day,
            time: None,
        }
    }
}

fn parse_ymd(s: &str) -> Option<(u16, u8, u8)> {
    let mut parts = s.split('-');
    let y = parts.next().filter(|p| p.len() == 4)?.parse().ok()?;
    let m = parts.next().filter(|p| p.len() == 2)?.parse().ok()?;
    let d = parts.next().filter(|p| p.len() == 2)?.parse().ok()?;
    parts.next().is_none().then_some((y, m, d))
}

fn is_valid_day(y: u16, m: u8, d: u8) -> bool {
    let leap = (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400);
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

fn parse_time(t: &str) -> Option<(String, String)> {
    let split = t
        .char_indices()
        .find(|&(i, c)| c == 'Z' || c == 'z' || ((c == '+' || c == '-') && i > 0))
        .map_or(t.len(), |(i, _)| i);
    let (clock, offset) = t.split_at(split);
    let nums: Vec<&str> = clock.split(':').collect();
    let valid_part = |p: &str, max: u32| p.len() == 2 && p.parse::<u32>().is_ok_and(|n| n <= max);
    let ok = matches!(nums.len(), 2 | 3)
        && valid_part(nums[0], 23)
        && valid_part(nums[1], 59)
        && nums.get(2).is_none_or(|s| {
            let whole = s.split('.').next().unwrap_or("");
            valid_part(whole, 60)
        });
    if !ok {
        return None;
    }
    let clock = if nums.len() == 2 {
        format!("{clock}:00")
    } else {
        clock.to_string()
    };
    let offset = match offset {
        "" | "z" | "Z" => "Z".to_string(),
        o if is_offset(o) => o.to_string(),
        _ => return None,
    };
    Some((clock, offset))
}

fn is_offset(o: &str) -> bool {
    let b = o.as_bytes();
    b.len() == 6
        && (b[0] == b'+' || b[0] == b'-')
        && b[3] == b':'
        && [1, 2, 4, 5].iter().all(|&i| b[i].is_ascii_digit())
}

/// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (u16, u8, u8) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y as u16, m as u8, d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_plain_dates() {
        let d = Date::parse("2024-05-26").unwrap();
        assert_eq!(d.ymd(), "2024-05-26");
        assert_eq!(d.rfc3339(), "2024-05-26T00:00:00Z");
    }

    #[test]
    fn parses_rfc3339() {
        let d = Date::parse("2024-05-26T09:30:00+09:00").unwrap();
        assert_eq!(d.rfc3339(), "2024-05-26T09:30:00+09:00");
        assert_eq!(
            Date::parse("2024-05-26 09:30").unwrap().rfc3339(),
            "2024-05-26T09:30:00Z"
        );
    }

    #[test]
    fn rejects_impossible_dates() {
        assert!(Date::parse("2024-02-30").is_err());
        assert!(Date::parse("2023-02-29").is_err());
        assert!(Date::parse("2024-5-6").is_err());
        assert!(Date::parse("yesterday").is_err());
        assert!(Date::parse("2024-05-26T25:00:00Z").is_err());
        assert!(Date::parse("2024-02-29").is_ok());
    }

    #[test]
    fn orders_chronologically() {
        assert!(Date::parse("2024-05-26").unwrap() < Date::parse("2024-06-01").unwrap());
    }

    #[test]
    fn civil_conversion() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_869), (2024, 5, 26));
    }
}
