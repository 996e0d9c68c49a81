//! Exact decimal text for 128-bit integers, 19 digits at a time through `u64`. The core computes
//! in `i128` so nothing overflows, and a few of those numbers reach the screen (a too-large output
//! size, a 2-D layer's holes); core's own 128-bit formatter would add a kilobyte to the app's
//! first module for them.

const TEN_TO_19: u128 = 10_000_000_000_000_000_000;

/// `count` in decimal.
pub fn count_text(count: u128) -> String {
    let low = (count % TEN_TO_19) as u64;
    match count / TEN_TO_19 {
        0 => low.to_string(),
        high => format!("{}{low:019}", count_text(high)),
    }
}

/// `value` in decimal, with its sign.
pub fn signed_text(value: i128) -> String {
    let magnitude = count_text(value.unsigned_abs());
    if value < 0 {
        format!("-{magnitude}")
    } else {
        magnitude
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_matches_the_standard_formatter() {
        let counts = [0u128, 7, TEN_TO_19 - 1, TEN_TO_19, TEN_TO_19 + 1, (1 << 124) - 1, u128::MAX];
        for count in counts {
            assert_eq!(count_text(count), count.to_string());
        }
        for value in [0i128, -1, 42, -(1 << 70), i128::MIN, i128::MAX] {
            assert_eq!(signed_text(value), value.to_string());
        }
    }
}
