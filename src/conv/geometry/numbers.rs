//! Numbers as text: lists the way Python prints them, and exact decimal text for 128-bit integers,
//! 19 digits at a time through `u64`. The core computes in `i128` so nothing overflows, and a few of those numbers reach the screen (a too-large output
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

/// `[1, 2, 3]`, the way Python prints a list. A hostile list of a million entries is quoted by
/// its first eight and its length, so no message grows with the request.
pub fn list_text(values: &[i64]) -> String {
    // (The app's lists come from its own state, a few entries each: only the CLI needs the cut.)
    #[cfg(not(target_arch = "wasm32"))]
    if values.len() > 12 {
        let parts: Vec<String> = values.iter().take(8).map(|v| v.to_string()).collect();
        return format!("[{}, …] ({} values)", parts.join(", "), values.len());
    }
    let parts: Vec<String> = values.iter().map(|v| v.to_string()).collect();
    format!("[{}]", parts.join(", "))
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
