//! EventBridge schedule expressions: `cron(min hour dom month dow year)` with `, - * / ? L W #`,
//! and `rate(N unit)`. All times are UTC. Next-fire times are computed on the virtual clock
//! (docs/scheduled-tasks.md#cron-expressions).

use crate::clock::{civil_from_days, days_from_civil, Millis, MINUTE};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Schedule {
    Cron(Cron),
    /// Every this many milliseconds (at least one minute).
    Rate(Millis),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cron {
    minutes: Vec<u32>,
    hours: Vec<u32>,
    dom: DayOfMonth,
    months: Vec<u32>,
    dow: DayOfWeek,
    years: Vec<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
enum DayOfMonth {
    Any,
    Days(Vec<u32>),
    Last,
    /// The weekday nearest to the day (`15W`), within the month.
    NearestWeekday(u32),
    LastWeekday,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
enum DayOfWeek {
    Any,
    /// 1 = Sunday … 7 = Saturday.
    Days(Vec<u32>),
    /// `5L`: the last Thursday of the month.
    LastOfMonth(u32),
    /// `3#2`: the second Tuesday.
    Nth(u32, u32),
}

/// Why an expression is not valid (for a learner; AWS only says it is not valid).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleError(pub String);

const MONTHS: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];
const DAYS: [&str; 7] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

fn value(
    text: &str,
    min: u32,
    max: u32,
    names: &[&str],
    field: &str,
) -> Result<u32, ScheduleError> {
    let upper = text.to_ascii_uppercase();
    if let Some(i) = names.iter().position(|n| *n == upper) {
        return Ok(i as u32 + min);
    }
    let n: u32 = text.parse().map_err(|_| {
        ScheduleError(format!(
            "'{text}' is not a valid value for the {field} field"
        ))
    })?;
    if n < min || n > max {
        return Err(ScheduleError(format!(
            "{n} is outside {min}-{max} in the {field} field"
        )));
    }
    Ok(n)
}

/// `*`, `a`, `a-b`, `a/s`, `*/s`, `a-b/s`, comma lists.
fn numbers(
    text: &str,
    min: u32,
    max: u32,
    names: &[&str],
    field: &str,
) -> Result<Vec<u32>, ScheduleError> {
    let mut out = vec![];
    for item in text.split(',') {
        let (range, step) = match item.split_once('/') {
            Some((r, s)) => {
                let s: u32 = s.parse().ok().filter(|s| *s > 0).ok_or_else(|| {
                    ScheduleError(format!(
                        "'{item}': the step after '/' must be a positive number ({field} field)"
                    ))
                })?;
                (r, Some(s))
            }
            None => (item, None),
        };
        let (lo, hi) = if range == "*" {
            (min, max)
        } else if let Some((a, b)) = range.split_once('-') {
            (
                value(a, min, max, names, field)?,
                value(b, min, max, names, field)?,
            )
        } else {
            let v = value(range, min, max, names, field)?;
            (v, if step.is_some() { max } else { v })
        };
        if lo > hi {
            return Err(ScheduleError(format!(
                "'{item}': the range goes backwards ({field} field)"
            )));
        }
        let step = step.unwrap_or(1);
        let mut v = lo;
        while v <= hi {
            out.push(v);
            v += step;
        }
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

impl Cron {
    pub fn parse(fields: &str) -> Result<Cron, ScheduleError> {
        let f: Vec<&str> = fields.split_whitespace().collect();
        if f.len() != 6 {
            return Err(ScheduleError(format!("a cron expression has 6 fields (minutes hours day-of-month month day-of-week year); this one has {}", f.len())));
        }
        let minutes = numbers(f[0], 0, 59, &[], "minutes")?;
        let hours = numbers(f[1], 0, 23, &[], "hours")?;
        let months = numbers(f[3], 1, 12, &MONTHS, "month")?;
        let years = numbers(f[5], 1970, 2199, &[], "year")?;
        let (dom_text, dow_text) = (f[2], f[4]);
        match (dom_text == "?", dow_text == "?") {
            (true, true) => {
                return Err(ScheduleError(
                    "only one of day-of-month and day-of-week can be '?'".into(),
                ))
            }
            (false, false) => {
                return Err(ScheduleError(
                    "one of day-of-month and day-of-week must be '?' (you cannot give both)".into(),
                ))
            }
            _ => {}
        }
        let dom = match dom_text {
            "?" => DayOfMonth::Any,
            "L" => DayOfMonth::Last,
            "LW" => DayOfMonth::LastWeekday,
            t if t.ends_with('W') => {
                DayOfMonth::NearestWeekday(value(&t[..t.len() - 1], 1, 31, &[], "day-of-month")?)
            }
            t => DayOfMonth::Days(numbers(t, 1, 31, &[], "day-of-month")?),
        };
        let dow = match dow_text {
            "?" => DayOfWeek::Any,
            "L" => DayOfWeek::Days(vec![7]),
            t if t.contains('#') => {
                if t.matches('#').count() > 1 || t.contains(',') {
                    return Err(ScheduleError(
                        "only one '#' expression is allowed in the day-of-week field".into(),
                    ));
                }
                let (d, n) = t.split_once('#').unwrap_or((t, ""));
                let n: u32 = n
                    .parse()
                    .ok()
                    .filter(|n| (1..=5).contains(n))
                    .ok_or_else(|| {
                        ScheduleError(format!("'{t}': the number after '#' must be 1-5"))
                    })?;
                DayOfWeek::Nth(value(d, 1, 7, &DAYS, "day-of-week")?, n)
            }
            t if t.len() > 1 && t.ends_with('L') => {
                DayOfWeek::LastOfMonth(value(&t[..t.len() - 1], 1, 7, &DAYS, "day-of-week")?)
            }
            t => DayOfWeek::Days(numbers(t, 1, 7, &DAYS, "day-of-week")?),
        };
        if minutes.is_empty() || hours.is_empty() || months.is_empty() || years.is_empty() {
            return Err(ScheduleError("a field matches nothing".into()));
        }
        Ok(Cron {
            minutes,
            hours,
            dom,
            months,
            dow,
            years,
        })
    }

    fn day_matches(&self, y: i64, m: u32, d: u32) -> bool {
        let days = days_from_civil(y, m, d);
        let weekday = ((days + 4).rem_euclid(7)) as u32 + 1; // 1970-01-01 was a Thursday (5); Sunday = 1.
        let month_len = days_in_month(y, m);
        let dom_ok = match &self.dom {
            DayOfMonth::Any => true,
            DayOfMonth::Days(list) => list.contains(&d),
            DayOfMonth::Last => d == month_len,
            DayOfMonth::NearestWeekday(target) => {
                let t = (*target).min(month_len);
                let wd = |day: u32| ((days_from_civil(y, m, day) + 4).rem_euclid(7)) as u32 + 1;
                let nearest = match wd(t) {
                    1 => {
                        if t < month_len {
                            t + 1
                        } else {
                            t - 2
                        }
                    } // Sunday → Monday (or Friday at month end)
                    7 => {
                        if t > 1 {
                            t - 1
                        } else {
                            t + 2
                        }
                    } // Saturday → Friday (or Monday on the 1st)
                    _ => t,
                };
                d == nearest
            }
            DayOfMonth::LastWeekday => {
                let mut last = month_len;
                while matches!(
                    ((days_from_civil(y, m, last) + 4).rem_euclid(7)) as u32 + 1,
                    1 | 7
                ) {
                    last -= 1;
                }
                d == last
            }
        };
        let dow_ok = match &self.dow {
            DayOfWeek::Any => true,
            DayOfWeek::Days(list) => list.contains(&weekday),
            DayOfWeek::LastOfMonth(w) => weekday == *w && d + 7 > month_len,
            DayOfWeek::Nth(w, n) => weekday == *w && (d - 1) / 7 + 1 == *n,
        };
        dom_ok && dow_ok
    }

    /// The first firing strictly after `after` (None if the years run out).
    pub fn next_after(&self, after: Millis) -> Option<Millis> {
        let start = after / MINUTE + 1; // minutes since the epoch, strictly after
        let start_day = (start / 1440) as i64;
        let start_minute = (start % 1440) as u32;
        let last_year = *self.years.last()? as i64;
        let mut day = start_day;
        loop {
            let (y, m, d) = civil_from_days(day);
            if y > last_year {
                return None;
            }
            if self.years.contains(&(y as u32))
                && self.months.contains(&m)
                && self.day_matches(y, m, d)
            {
                for h in &self.hours {
                    for mi in &self.minutes {
                        let minute_of_day = h * 60 + mi;
                        if day > start_day || minute_of_day >= start_minute {
                            return Some(((day as u64) * 1440 + minute_of_day as u64) * MINUTE);
                        }
                    }
                }
            }
            day += 1;
        }
    }
}

fn days_in_month(y: i64, m: u32) -> u32 {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    (days_from_civil(ny, nm, 1) - days_from_civil(y, m, 1)) as u32
}

/// The longest rate the sandbox takes: 100,000 days (its clock counts milliseconds in a u64, and
/// next firings must stay far from its end).
pub const MAX_RATE: Millis = 100_000 * 1440 * MINUTE;

impl Schedule {
    /// `cron(...)` or `rate(...)`, as EventBridge accepts them.
    pub fn parse(expression: &str) -> Result<Schedule, ScheduleError> {
        let e = expression.trim();
        if let Some(inner) = e.strip_prefix("cron(").and_then(|r| r.strip_suffix(')')) {
            return Cron::parse(inner).map(Schedule::Cron);
        }
        if let Some(inner) = e.strip_prefix("rate(").and_then(|r| r.strip_suffix(')')) {
            let parts: Vec<&str> = inner.split_whitespace().collect();
            let [n, unit] = parts.as_slice() else {
                return Err(ScheduleError(
                    "a rate is rate(VALUE UNIT), e.g. rate(5 minutes)".into(),
                ));
            };
            let n: u64 =
                n.parse().ok().filter(|n| *n > 0).ok_or_else(|| {
                    ScheduleError(format!("'{n}' is not a positive whole number"))
                })?;
            let singular = n == 1;
            let scale = match (*unit, singular) {
                ("minute", true) | ("minutes", false) => MINUTE,
                ("hour", true) | ("hours", false) => 60 * MINUTE,
                ("day", true) | ("days", false) => 1440 * MINUTE,
                ("minute" | "hour" | "day", false) => {
                    return Err(ScheduleError(format!(
                        "use the plural unit for a value other than 1: rate({n} {unit}s)"
                    )))
                }
                ("minutes" | "hours" | "days", true) => {
                    return Err(ScheduleError(format!(
                        "use the singular unit for 1: rate(1 {})",
                        unit.trim_end_matches('s')
                    )))
                }
                _ => {
                    return Err(ScheduleError(format!(
                        "'{unit}' is not a unit: use minute(s), hour(s) or day(s)"
                    )))
                }
            };
            // A rate past what the virtual clock can count is refused rather than wrapped.
            return n
                .checked_mul(scale)
                .filter(|every| *every <= MAX_RATE)
                .map(Schedule::Rate)
                .ok_or_else(|| {
                    ScheduleError(format!(
                        "rate({n} {unit}) is longer than the sandbox's clock can count (at most {} days; sandbox wording)",
                        MAX_RATE / (1440 * MINUTE)
                    ))
                });
        }
        Err(ScheduleError(
            "a schedule expression is cron(...) or rate(...)".into(),
        ))
    }

    /// The first firing after `after`, for a rule that was (re)enabled at `since`.
    pub fn next_after(&self, after: Millis, since: Millis) -> Option<Millis> {
        match self {
            Schedule::Cron(c) => c.next_after(after),
            Schedule::Rate(every) => {
                let every = (*every).max(1);
                let elapsed = after.saturating_sub(since);
                (elapsed / every + 1)
                    .checked_mul(every)
                    .and_then(|n| since.checked_add(n))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::iso8601;

    fn at(y: i64, m: u32, d: u32, h: u64, mi: u64) -> Millis {
        (days_from_civil(y, m, d) as u64 * 1440 + h * 60 + mi) * MINUTE
    }

    fn next(expr: &str, from: Millis) -> String {
        let s = Schedule::parse(expr).unwrap_or_else(|e| panic!("{expr}: {}", e.0));
        s.next_after(from, from)
            .map(|t| iso8601(t as i64)[..16].to_string())
            .unwrap_or_default()
    }

    #[test]
    fn next_fire_times_computed_by_hand() {
        let mon_9 = at(2026, 1, 5, 9, 0); // Monday 2026-01-05 09:00 UTC
        assert_eq!(next("cron(0 12 * * ? *)", mon_9), "2026-01-05T12:00");
        assert_eq!(next("cron(0/15 * * * ? *)", mon_9), "2026-01-05T09:15");
        assert_eq!(
            next("cron(0 9-17 ? * MON-FRI *)", mon_9),
            "2026-01-05T10:00"
        );
        assert_eq!(next("cron(0 8 ? * SAT *)", mon_9), "2026-01-10T08:00");
        assert_eq!(next("cron(0 0 L * ? *)", mon_9), "2026-01-31T00:00");
        assert_eq!(next("cron(0 0 L 2 ? *)", mon_9), "2026-02-28T00:00");
        // 2026-02-15 is a Sunday: the nearest weekday is Monday the 16th.
        assert_eq!(next("cron(0 0 15W 2 ? *)", mon_9), "2026-02-16T00:00");
        // 2026-08-01 is a Saturday: 1W is Monday the 3rd (never the previous month).
        assert_eq!(next("cron(0 0 1W 8 ? *)", mon_9), "2026-08-03T00:00");
        // The second Tuesday of February 2026 is the 10th; the last Friday of January is the 30th.
        assert_eq!(next("cron(30 10 ? 2 3#2 *)", mon_9), "2026-02-10T10:30");
        assert_eq!(next("cron(0 17 ? * 6L *)", mon_9), "2026-01-30T17:00");
        assert_eq!(next("cron(0 0 1 1 ? 2030)", mon_9), "2030-01-01T00:00");
        assert_eq!(next("cron(0 0 LW 5 ? *)", mon_9), "2026-05-29T00:00");
        assert_eq!(next("rate(5 minutes)", mon_9), "2026-01-05T09:05");
        assert_eq!(next("rate(1 day)", mon_9), "2026-01-06T09:00");
        // Strictly after: at 12:00 exactly, the next noon is tomorrow's.
        assert_eq!(
            next("cron(0 12 * * ? *)", at(2026, 1, 5, 12, 0)),
            "2026-01-06T12:00"
        );
        assert_eq!(
            Schedule::parse("cron(0 0 1 1 ? 1999)")
                .ok()
                .and_then(|s| s.next_after(mon_9, mon_9)),
            None
        );
    }

    #[test]
    fn invalid_expressions_say_why() {
        for (bad, why) in [
            ("cron(0 12 * * * *)", "must be '?'"),
            ("cron(0 12 ? * ? *)", "only one"),
            ("cron(0 12 * *)", "6 fields"),
            ("cron(60 12 * * ? *)", "outside 0-59"),
            ("cron(0 12 ? * 2#1,3#2 *)", "only one '#'"),
            ("cron(0 12 ? * MON#6 *)", "1-5"),
            ("rate(5 minute)", "plural"),
            ("rate(1 hours)", "singular"),
            ("rate(0 minutes)", "positive"),
            (
                "rate(18446744073709551615 minutes)",
                "longer than the sandbox's clock",
            ),
            (
                "rate(576460752303423488 minutes)",
                "longer than the sandbox's clock",
            ),
            ("rate(100001 days)", "longer than the sandbox's clock"),
            ("rate(5 weeks)", "not a unit"),
            ("every 5 minutes", "cron(...) or rate(...)"),
        ] {
            let e = Schedule::parse(bad).expect_err(bad);
            assert!(e.0.contains(why), "{bad}: {}", e.0);
        }
    }

    #[test]
    fn a_rate_near_the_end_of_the_clock_stops_instead_of_wrapping() {
        let longest = Schedule::parse("rate(100000 days)").expect("the longest rate");
        assert_eq!(longest.next_after(u64::MAX - 10, 0), None);
        assert!(longest.next_after(0, 0).is_some_and(|t| t == MAX_RATE));
    }
}
