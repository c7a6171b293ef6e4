//! The virtual clock. Time only moves when a command (a waiter, `sandbox advance`, the app's play
//! button) moves it; nothing reads the wall clock.

/// Milliseconds since the Unix epoch, virtual.
pub type Millis = u64;

/// Where every new world's clock starts: 2026-01-05T09:00:00Z, a Monday morning.
pub const EPOCH_START: Millis = 1_767_603_600_000;

pub const SECOND: Millis = 1_000;
pub const MINUTE: Millis = 60 * SECOND;
pub const HOUR: Millis = 60 * MINUTE;

/// Timestamps cross the AWS wire (JSON protocol) as epoch seconds with a fraction.
pub fn wire_seconds(t: Millis) -> f64 {
    t as f64 / 1000.0
}

/// Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Days since 1970-01-01 for a civil date.
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// ISO-8601 in UTC with microseconds, as the AWS CLI v2 prints timestamps:
/// `2026-01-05T09:00:00.000000+00:00`.
pub fn iso8601(t_ms: i64) -> String {
    let days = t_ms.div_euclid(86_400_000);
    let rem = t_ms.rem_euclid(86_400_000);
    let (y, m, d) = civil_from_days(days);
    let (h, mi, s, ms) = (
        rem / 3_600_000,
        rem / 60_000 % 60,
        rem / 1000 % 60,
        rem % 1000,
    );
    format!(
        "{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{:06}+00:00",
        ms * 1000
    )
}

/// Parse a duration such as `30s`, `5m`, `2h`, `1h30m`, `90` (seconds).
pub fn parse_duration(text: &str) -> Option<Millis> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    if let Ok(n) = t.parse::<u64>() {
        return n.checked_mul(SECOND);
    }
    let mut total: Millis = 0;
    let mut num = String::new();
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            num.push(c);
            continue;
        }
        let mut unit = String::from(c);
        while let Some(&n) = chars.peek() {
            if n.is_ascii_alphabetic() {
                unit.push(n);
                chars.next();
            } else {
                break;
            }
        }
        let n: u64 = num.parse().ok()?;
        num.clear();
        let scale = match unit.as_str() {
            "ms" => 1,
            "s" | "sec" | "secs" | "second" | "seconds" => SECOND,
            "m" | "min" | "mins" | "minute" | "minutes" => MINUTE,
            "h" | "hr" | "hrs" | "hour" | "hours" => HOUR,
            "d" | "day" | "days" => 24 * HOUR,
            _ => return None,
        };
        total = total.checked_add(n.checked_mul(scale)?)?;
    }
    if !num.is_empty() {
        return None;
    }
    Some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_of_the_world_is_a_monday_morning() {
        assert_eq!(
            iso8601(EPOCH_START as i64),
            "2026-01-05T09:00:00.000000+00:00"
        );
        let days = (EPOCH_START / 86_400_000) as i64;
        assert_eq!(civil_from_days(days), (2026, 1, 5));
        assert_eq!(days_from_civil(2026, 1, 5), days);
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("30s"), Some(30_000));
        assert_eq!(parse_duration("1h30m"), Some(90 * 60_000));
        assert_eq!(parse_duration("45"), Some(45_000));
        assert_eq!(parse_duration("5 parsecs"), None);
        assert_eq!(parse_duration(""), None);
        assert_eq!(parse_duration("99999999999999999999h"), None);
    }
}
