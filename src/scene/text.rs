//! Text widths estimated from the characters, and lines wrapped to a width with them.
//!
//! Why estimate rather than measure: the SVG export has no canvas to measure with, and SVG text
//! does not wrap, so the same lines must be decided without a browser; a pure estimate also gives
//! the canvas and every export identical line breaks and is tested natively. The estimates are
//! on the wide side of common system fonts (DejaVu Sans, Segoe UI, SF, Roboto), so a wrapped
//! line never runs past its width; the cost is lines a little shorter than they could be.

/// Which font a text is set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    /// The system's sans-serif: labels, captions, the summary.
    Sans,
    /// Monospace: digits in cells and code.
    Mono,
}

impl Family {
    /// The CSS font stack: the canvas's font strings and the SVG's `font-family` alike.
    pub fn css(self) -> &'static str {
        match self {
            Family::Sans => "system-ui, -apple-system, 'Segoe UI', sans-serif",
            Family::Mono => "ui-monospace, SFMono-Regular, Menlo, monospace",
        }
    }
}

/// The width of `c` in ems, generously.
fn char_em(c: char, family: Family) -> f64 {
    // East Asian wide characters (CJK, kana, hangul, full-width forms) take a full em in any font.
    let wide = matches!(c as u32, 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6);
    match family {
        _ if wide => 1.0,
        Family::Mono => 0.62,
        Family::Sans => match c {
            ' ' => 0.33,
            'i' | 'j' | 'l' | 'I' | '.' | ',' | ':' | ';' | '\'' | '!' | '|' | '(' | ')' | '[' | ']' => 0.36,
            'f' | 't' | 'r' => 0.45,
            'm' | 'w' | 'M' | 'W' | '@' => 0.92,
            'A'..='Z' => 0.74,
            '0'..='9' | 'a'..='z' => 0.64,
            _ => 0.8,
        },
    }
}

/// The estimated width of `text` set at `size` units.
pub fn text_width(text: &str, family: Family, size: f64) -> f64 {
    text.chars().map(|c| char_em(c, family) * size).sum()
}

/// `text` broken at spaces into lines no wider than `max_width` (as estimated); a word wider
/// than a whole line is broken between characters, so no line is ever wider.
pub fn wrap(text: &str, family: Family, size: f64, max_width: f64) -> Vec<String> {
    let fits = |line: &str| text_width(line, family, size) <= max_width;
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let longer = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
        if fits(&longer) {
            line = longer;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        // The word alone: whole if it fits, else in pieces that each fill a line (widths summed
        // as it goes, so a long word costs its length, not its length squared).
        let mut width = 0.0;
        for c in word.chars() {
            let w = char_em(c, family) * size;
            if width + w > max_width && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                width = 0.0;
            }
            line.push(c);
            width += w;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_break_at_spaces_and_never_run_past_the_width() {
        let text = "3×3 → 400×400: too many cells to draw one by one (the stage draws grids up to 128 cells a side).";
        let lines = wrap(text, Family::Sans, 15.0, 300.0);
        assert!(lines.len() > 1, "{lines:?}");
        assert_eq!(lines.join(" "), text);
        assert!(lines.iter().all(|l| text_width(l, Family::Sans, 15.0) <= 300.0), "{lines:?}");
    }

    #[test]
    fn a_word_longer_than_a_line_is_cut_between_characters() {
        let long = "7".repeat(80);
        let lines = wrap(&format!("C would be {long} rows"), Family::Mono, 14.0, 200.0);
        assert!(lines.iter().all(|l| text_width(l, Family::Mono, 14.0) <= 200.0), "{lines:?}");
        assert_eq!(lines.concat().replace(' ', ""), format!("Cwouldbe{long}rows"));
        // Even a width narrower than one character gives one character a line, never a loop.
        assert_eq!(wrap("abc", Family::Sans, 15.0, 1.0), ["a", "b", "c"]);
        assert_eq!(wrap("", Family::Sans, 15.0, 100.0), [""]);
    }

    #[test]
    fn wide_characters_count_a_full_em() {
        assert_eq!(text_width("输入", Family::Sans, 10.0), 20.0);
        assert!(text_width("mmmm", Family::Sans, 10.0) > text_width("iiii", Family::Sans, 10.0));
    }
}
