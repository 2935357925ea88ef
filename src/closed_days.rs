//! The days government offices are closed (行政機関の休日に関する法律 第1条): Saturdays
//! and Sundays, the national holidays (国民の祝日に関する法律: the holidays it names, a
//! substitute holiday after one on a Sunday, and a day between two holidays), and the
//! year-end days from 29 December to 3 January. A deadline set in days falls on the
//! next open day. The holidays are those of the law as it stands (since 2020); the
//! equinox days follow the usual formula, which holds from 1980 to 2099.

use crate::date::Date;

/// The first day on or after `d` that government offices are open: where a deadline
/// set in days falls.
pub(crate) fn open_on_or_after(d: Date) -> Date {
    let mut day = d;
    while is_closed(day) {
        day = day.add_days(1);
    }
    day
}

/// Whether offices are closed on `d`.
fn is_closed(d: Date) -> bool {
    d.weekday() >= 5 || year_end(d) || is_holiday(d)
}

/// 29 December to 3 January.
fn year_end(d: Date) -> bool {
    (d.month() == 12 && d.day() >= 29) || (d.month() == 1 && d.day() <= 3)
}

/// A national holiday: named by the law, a substitute for one on a Sunday, or a day
/// between two holidays.
fn is_holiday(d: Date) -> bool {
    named(d) || substitute(d) || between(d)
}

/// The day after a run of named holidays that began on a Sunday (振替休日).
fn substitute(d: Date) -> bool {
    if named(d) {
        return false;
    }
    let mut day = d.sub_days(1);
    while named(day) {
        if day.weekday() == 6 {
            return true;
        }
        day = day.sub_days(1);
    }
    false
}

/// A day that is not a holiday itself, between two (国民の休日).
fn between(d: Date) -> bool {
    !named(d) && named(d.sub_days(1)) && named(d.add_days(1))
}

/// The holidays the law names (第2条).
fn named(d: Date) -> bool {
    let monday = |n: u32| d.weekday() == 0 && (d.day() - 1) / 7 + 1 == n;
    match d.month() {
        1 => d.day() == 1 || monday(2),
        2 => d.day() == 11 || d.day() == 23,
        3 => d.day() == equinox(d.year(), 20_843_100),
        4 => d.day() == 29,
        5 => (3..=5).contains(&d.day()),
        7 => monday(3),
        8 => d.day() == 11,
        9 => monday(3) || d.day() == equinox(d.year(), 23_248_800),
        10 => monday(2),
        11 => d.day() == 3 || d.day() == 23,
        _ => false,
    }
}

/// The day of the vernal (base 20.8431) or autumnal (23.2488) equinox in `year`, the
/// base in millionths of a day.
fn equinox(year: i32, base: i64) -> u32 {
    let y = i64::from(year) - 1980;
    ((base + 242_194 * y).div_euclid(1_000_000) - y.div_euclid(4)) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s, "--date").expect("date")
    }

    /// The holidays of 2025 and 2026 as the Cabinet Office lists them.
    #[test]
    fn the_holidays_of_two_years() {
        let listed = [
            "2025-01-01",
            "2025-01-13",
            "2025-02-11",
            "2025-02-23",
            "2025-02-24",
            "2025-03-20",
            "2025-04-29",
            "2025-05-03",
            "2025-05-04",
            "2025-05-05",
            "2025-05-06",
            "2025-07-21",
            "2025-08-11",
            "2025-09-15",
            "2025-09-23",
            "2025-10-13",
            "2025-11-03",
            "2025-11-23",
            "2025-11-24",
            "2026-01-01",
            "2026-01-12",
            "2026-02-11",
            "2026-02-23",
            "2026-03-20",
            "2026-04-29",
            "2026-05-03",
            "2026-05-04",
            "2026-05-05",
            "2026-05-06",
            "2026-07-20",
            "2026-08-11",
            "2026-09-21",
            "2026-09-22",
            "2026-09-23",
            "2026-10-12",
            "2026-11-03",
            "2026-11-23",
        ];
        let mut found = Vec::new();
        let mut day = d("2025-01-01");
        while day <= d("2026-12-31") {
            if is_holiday(day) {
                found.push(day);
            }
            day = day.add_days(1);
        }
        let listed: Vec<Date> = listed.iter().map(|s| d(s)).collect();
        assert_eq!(found, listed);
    }

    #[test]
    fn equinoxes_by_the_formula() {
        // 国立天文台: 春分日 / 秋分日.
        assert_eq!(equinox(2024, 20_843_100), 20);
        assert_eq!(equinox(2024, 23_248_800), 22);
        assert_eq!(equinox(2027, 20_843_100), 21);
        assert_eq!(equinox(2027, 23_248_800), 23);
    }

    #[test]
    fn a_deadline_moves_to_the_next_open_day() {
        for (day, open) in [
            ("2025-04-05", "2025-04-07"), // a weekend
            ("2025-04-07", "2025-04-07"),
            ("2025-05-03", "2025-05-07"), // Golden Week and its substitute day
            ("2025-12-27", "2026-01-05"), // the year end
            ("2025-11-23", "2025-11-25"), // a holiday on a Sunday, then its substitute
        ] {
            assert_eq!(open_on_or_after(d(day)), d(open), "{day}");
        }
    }

    #[test]
    fn offices_close_at_the_year_end_and_on_weekends() {
        for closed in ["2025-12-29", "2026-01-02", "2026-01-03", "2025-04-05"] {
            assert!(is_closed(d(closed)), "{closed}");
        }
        for open in ["2025-12-26", "2026-01-05", "2025-04-07"] {
            assert!(!is_closed(d(open)), "{open}");
        }
    }
}
