//! Decimal numbers from text without the standard library's float parser, whose correctly rounded
//! algorithm carries ~20 KB of tables (about 14 KB of the gzipped page). What the sandbox reads —
//! task sizes such as ".5", CLI float parameters, numbers in the CLI's checks — are short decimals,
//! for which this is exact: up to 19 significant digits are gathered as an integer, and one exact
//! power of ten scales it (the classic fast path: exact when the digits fit in 53 bits and the
//! power is at most 10^22; beyond, off by at most a few units in the last place).

const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

fn pow10(e: u32) -> f64 {
    match POW10.get(e as usize) {
        Some(p) => *p,
        None => 1e22 * pow10(e - 22),
    }
}

/// `[+-]digits[.digits][(e|E)[+-]digits]` (at least one digit before or after the point), or None.
pub fn parse_decimal(text: &str) -> Option<f64> {
    let b = text.as_bytes();
    let mut i = 0;
    let negative = matches!(b.first(), Some(b'-'));
    if matches!(b.first(), Some(b'-' | b'+')) {
        i += 1;
    }
    let (mut mantissa, mut exp10, mut digits, mut seen) = (0u64, 0i64, 0u32, false);
    let mut point = false;
    while i < b.len() {
        match b[i] {
            d @ b'0'..=b'9' => {
                seen = true;
                if mantissa == 0 && d == b'0' {
                    // A leading zero carries no precision; after the point it still shifts the
                    // scale.
                    if point {
                        exp10 -= 1;
                    }
                } else if digits < 19 {
                    mantissa = mantissa * 10 + u64::from(d - b'0');
                    digits += 1;
                    if point {
                        exp10 -= 1;
                    }
                } else if !point {
                    // Beyond 19 significant digits: an integer digit still scales; a fraction digit
                    // is dropped.
                    exp10 += 1;
                }
            }
            b'.' if !point => point = true,
            _ => break,
        }
        i += 1;
    }
    if !seen {
        return None;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        let neg = matches!(b.get(i), Some(b'-'));
        if matches!(b.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        let start = i;
        let mut e: i64 = 0;
        while i < b.len() && b[i].is_ascii_digit() {
            e = (e * 10 + i64::from(b[i] - b'0')).min(100_000);
            i += 1;
        }
        if i == start {
            return None;
        }
        exp10 += if neg { -e } else { e };
    }
    if i != b.len() {
        return None;
    }
    let m = mantissa as f64;
    let v = if mantissa == 0 {
        0.0
    } else if exp10 >= 0 {
        if exp10 > 330 {
            f64::INFINITY
        } else {
            m * pow10(exp10 as u32)
        }
    } else if exp10 < -345 {
        0.0
    } else if -exp10 > 308 {
        // Two steps, so 10^-exp itself does not overflow.
        m / pow10(300) / pow10((-exp10 - 300) as u32)
    } else {
        m / pow10((-exp10) as u32)
    };
    Some(if negative { -v } else { v })
}

#[cfg(test)]
mod tests {
    use super::parse_decimal;

    #[test]
    fn short_decimals_are_exact() {
        for t in [
            "0",
            "1",
            "-3",
            "+2",
            ".5",
            "0.5",
            "1.5",
            "0.25",
            "4096",
            "1e3",
            "2.5E-3",
            "123456.789",
            "0.1",
            "0.3",
            "3.14159",
            "1_0",
            "0.05",
            "00.500",
            "1234567890123456789",
            "0.1234567890123456789",
        ] {
            assert_eq!(parse_decimal(t), t.parse::<f64>().ok(), "{t}");
        }
        for n in 0..20_000u64 {
            for t in [
                format!("{n}"),
                format!("{}.{}", n / 100, n % 100),
                format!("0.{n:05}"),
                format!("{n}e-7"),
                format!("-{n}.{}", n % 7),
            ] {
                assert_eq!(parse_decimal(&t), t.parse::<f64>().ok(), "{t}");
            }
        }
    }

    #[test]
    fn not_numbers() {
        for t in [
            "", "-", ".", "e3", "1e", "1.2.3", "abc", "1 ", " 1", "0x10", "1e+", "--1",
        ] {
            assert_eq!(parse_decimal(t), None, "{t:?}");
        }
    }
}
