//! Dates a user gives (`--date 2025-04-01`) and how documents write them: in the
//! Japanese era (令和7年4月1日), with the day of the week where a deadline needs it.
//! kijun never reads the clock: outputs carry a date only when the user gives one.

use crate::error::{Error, Result};

/// A day of the Gregorian calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Date {
    year: i32,
    month: u32,
    day: u32,
}

impl Date {
    /// `2025-04-01` (or `2025/4/1`); `option` names the option in the message.
    pub(crate) fn parse(text: &str, option: &str) -> Result<Date> {
        let refuse = || {
            Error::Usage(format!(
                "{option} の日付「{text}」を読み取れません。2025-04-01 のように、年-月-日で指定してください"
            ))
        };
        let parts: Vec<&str> = text.trim().split(['-', '/']).collect();
        let [y, m, d] = parts.as_slice() else {
            return Err(refuse());
        };
        let (Ok(year), Ok(month), Ok(day)) = (y.parse(), m.parse(), d.parse()) else {
            return Err(refuse());
        };
        let date = Date { year, month, day };
        let valid = (1900..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month);
        if valid {
            Ok(date)
        } else {
            Err(refuse())
        }
    }

    /// Days since 1970-01-01 (Howard Hinnant's civil-from-days, inverted).
    fn days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    fn from_days(z: i64) -> Date {
        let z = z + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    pub(crate) fn add_days(self, n: u32) -> Date {
        Date::from_days(self.days() + i64::from(n))
    }

    /// 0 = Monday … 6 = Sunday.
    pub(crate) fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday.
        ((self.days() + 3).rem_euclid(7)) as u32
    }

    pub(crate) fn sub_days(self, n: u32) -> Date {
        Date::from_days(self.days() - i64::from(n))
    }

    pub(crate) fn year(self) -> i32 {
        self.year
    }

    pub(crate) fn month(self) -> u32 {
        self.month
    }

    pub(crate) fn day(self) -> u32 {
        self.day
    }

    /// 令和7年4月1日 (平成 before 2019-05-01; 令和元年 for its first year).
    pub(crate) fn wareki(self) -> String {
        let (era, first) = if (self.year, self.month) >= (2019, 5) {
            ("令和", 2019)
        } else {
            ("平成", 1989)
        };
        let n = self.year - first + 1;
        let year = if n == 1 {
            "元".to_string()
        } else {
            n.to_string()
        };
        format!("{era}{year}年{}月{}日", self.month, self.day)
    }

    /// 令和7年4月11日（金）
    pub(crate) fn wareki_with_weekday(self) -> String {
        let names = ["月", "火", "水", "木", "金", "土", "日"];
        format!("{}（{}）", self.wareki(), names[self.weekday() as usize])
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s, "--date").expect("date")
    }

    #[test]
    fn dates_are_read_and_refused_with_the_option_named() {
        assert_eq!(d("2025-04-01"), d("2025/4/1"));
        for bad in ["2025-02-29", "2025-13-01", "令和7年", "2025-04", ""] {
            let e = Date::parse(bad, "--date").expect_err(bad).to_string();
            assert!(e.contains("--date") && e.contains("2025-04-01"), "{e}");
        }
        assert!(Date::parse("2024-02-29", "--date").is_ok());
    }

    #[test]
    fn era_names_and_weekdays() {
        assert_eq!(d("2025-04-01").wareki_with_weekday(), "令和7年4月1日（火）");
        assert_eq!(d("2019-05-01").wareki(), "令和元年5月1日");
        assert_eq!(d("2019-04-30").wareki(), "平成31年4月30日");
        assert_eq!(d("2024-12-25").add_days(10), d("2025-01-04"));
        assert_eq!(d("2025-04-05").weekday(), 5);
        assert_eq!(d("2025-04-01").sub_days(1), d("2025-03-31"));
    }
}
