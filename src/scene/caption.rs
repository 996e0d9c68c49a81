//! The step in words: one caption per scene, written from what its builder computed for the
//! picture (the same spans, sums and counts), so the words and the cells never disagree.
//!
//! Positions are the grid's own: output cells in output coordinates (canvas position minus the
//! output window's start), the gather view's window in its zero-inserted, padded input, the
//! forward conv's window in input coordinates (negative or past the input = padding).
//! Plain `format!` only: the scatter caption ships in the first view's module, and string
//! searching or slicing would pull kilobytes of code in with it.

use super::{cell_name, size_text};
use crate::conv::compute::views::{output_overlap, Window};
use crate::conv::geometry::axis::Axis;
use crate::conv::geometry::padding::PaddingMode;

/// The cells one axis of a stamp or window covers: `first` to `last`, `every` apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Span {
    pub first: i64,
    pub last: i64,
    pub every: i64,
}

/// One cell after a step: where it is (output coordinates), its sum, and the products in it.
pub(super) struct Holds<'a> {
    pub cell: &'a [i64],
    pub sum: i64,
    pub addends: &'a [i64],
    /// What each addend came from, for a sum of many ("stamps", "products").
    pub noun: &'static str,
}

/// "… now holds 12 = 6 + 6" (2 to 4 addends, written out), "… now holds 24 from 5 stamps", or
/// "… now holds 3" (a single addend is the sum).
fn holds(h: &Holds) -> String {
    let mut words = format!("output cell {} now holds {}", cell_name(h.cell), h.sum);
    if h.addends.len() > 4 {
        words += &format!(" from {} {}", h.addends.len(), h.noun);
    } else if h.addends.len() > 1 {
        words += " = ";
        for (n, a) in h.addends.iter().enumerate() {
            words += &match (n, *a < 0) {
                (0, _) => a.to_string(),
                (_, true) => format!(" - {}", -a),
                (_, false) => format!(" + {a}"),
            };
        }
    }
    words
}

/// "2nd", "3rd", "11th" …
fn ordinal(n: i64) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// "rows 1–3, columns 3–5 (every 2nd)" in 2-D, "cells 5–7" in 1-D; "row 4", "cell 0" for one.
fn spans(spans: &[Span]) -> String {
    let nouns: &[(&str, &str)] =
        if spans.len() == 2 { &[("row", "rows"), ("column", "columns")] } else { &[("cell", "cells")] };
    let words: Vec<String> = spans
        .iter()
        .zip(nouns)
        .map(|(s, (one, many))| match (s.first == s.last, s.first < 0) {
            (true, _) => format!("{one} {}", s.first),
            // A dash after a minus sign reads as a subtraction.
            (false, true) => format!("{many} {} to {}", s.first, s.last),
            (false, false) => format!("{many} {}–{}", s.first, s.last),
        })
        .collect();
    let spread = spans.iter().filter(|s| s.first != s.last).map(|s| s.every).max().unwrap_or(1);
    let every = if spread > 1 { format!(" (every {})", ordinal(spread)) } else { String::new() };
    format!("{}{every}", words.join(", "))
}

/// A grid's size as words: "3×3" in 2-D; in 1-D "3-tap", "7-cell" (`noun` after a hyphen).
fn sized(sizes: &[i64], noun: &str) -> String {
    match sizes {
        [n] => format!("{n}-{noun}"),
        _ => size_text(sizes),
    }
}

/// Words for "A of B": "9" of a count, with "cells" in 1-D after a size ("6×6", "6 cells").
fn shape(sizes: &[i64]) -> String {
    match sizes {
        [n] => format!("{n} cells"),
        _ => size_text(sizes),
    }
}

fn count(sizes: impl Iterator<Item = i64>) -> i64 {
    sizes.product()
}

/// "1, 2 or 4"
fn alternatives(levels: &[u32]) -> String {
    let words: Vec<String> = levels.iter().map(|l| l.to_string()).collect();
    match words.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => words.join(""),
    }
}

/// What a transposed layer adds up to: holes and how even the overlap is (the overlap view's
/// caption, and the last step's of the scatter, gather and matrix views).
pub(super) fn overlap_result(axes: &[Axis]) -> String {
    let counts = output_overlap(axes);
    let cells = counts.values.len();
    let holes = counts.holes();
    let reached: Vec<u32> = counts.levels().into_iter().filter(|&l| l > 0).collect();
    let contributions = |levels: &[u32]| {
        let plural = if levels == [1] { "contribution" } else { "contributions" };
        format!("{} {plural}", alternatives(levels))
    };
    match (holes, reached.len()) {
        (_, 0) => format!("All {cells} output cells are holes: no (input, tap) pair reaches them."),
        (0, 1) => format!("Every output cell receives exactly {}: even overlap, no holes.", contributions(&reached)),
        (0, _) => format!("Every output cell receives {}; no holes.", contributions(&reached)),
        _ => format!(
            "{holes} of {cells} output cells are holes (no (input, tap) pair reaches them); the others receive {}.",
            contributions(&reached)
        ),
    }
}

/// Step 0 of the scatter view: what is about to happen.
pub(super) fn scatter_start(axes: &[Axis]) -> String {
    let sizes_in: Vec<i64> = axes.iter().map(|a| a.size_in).collect();
    let kernel: Vec<i64> = axes.iter().map(|a| a.kernel_size).collect();
    let full: Vec<i64> = axes.iter().map(|a| a.full_len()).collect();
    let out: Vec<i64> = axes.iter().map(|a| a.size_out).collect();
    let (mut cropped, mut added) = (false, false);
    for axis in axes {
        let ((before, after), (zeros_before, zeros_after)) = Window::of(axis).margins();
        cropped |= before + after > 0;
        added |= zeros_before + zeros_after > 0;
    }
    let then = match (cropped, added) {
        (false, false) => "it is the output".to_string(),
        (true, false) => format!("padding then crops it to {}", shape(&out)),
        (false, true) => format!("zero cells added past it make the output {}", shape(&out)),
        (true, true) => format!("padding crops it and zero cells are added: the output is {}", shape(&out)),
    };
    format!(
        "Nothing stamped yet: each of the {} input cells will multiply the {} kernel and add it into the {} full scatter; {then}.",
        count(sizes_in.into_iter()),
        sized(&kernel, "tap"),
        sized(&full, "cell"),
    )
}

/// A scatter step: input `cell` = `value` stamps the kernel; `landed` = per axis, the output
/// cells its products reach (`None`: all cropped); `cropped` of its `taps` products land in
/// cropped cells; `holds` the stamped cell with the most contributions so far.
pub(super) fn scatter_step(
    cell: &[i64],
    value: i64,
    landed: Option<&[Span]>,
    cropped: usize,
    taps: usize,
    holds_now: Option<Holds>,
) -> String {
    let stamp = format!("input {} = {value} multiplies the kernel", cell_name(cell));
    let (Some(landed), Some(h)) = (landed, holds_now) else {
        return format!("{stamp}, but all {taps} of its products land in cropped cells.");
    };
    let lost =
        if cropped > 0 { format!("; {cropped} of its {taps} products land in cropped cells") } else { String::new() };
    format!("{stamp} and adds it into output {}{lost}; {}.", spans(landed), holds(&h))
}

/// Step 0 of the gather view.
pub(super) fn gather_start(axes: &[Axis], padded: &[i64]) -> String {
    format!(
        "Nothing computed yet: each of the {} output cells will be the kernel rotated 180° over a window of the {} zero-inserted, padded input (stride 1).",
        count(axes.iter().map(|a| a.size_out)),
        sized(padded, "cell"),
    )
}

/// A gather step: the rotated kernel over `window` of the padded input meets `met` input cells.
pub(super) fn gather_step(window: &[Span], met: usize, h: Holds) -> String {
    let over = format!("the kernel rotated 180° over {} of the zero-inserted, padded input", spans(window));
    if met == 0 {
        return format!("{over} meets only zeros; {}: a hole.", holds(&h));
    }
    let plural = if met == 1 { "cell" } else { "cells" };
    format!("{over} meets {met} input {plural}; {}.", holds(&h))
}

/// Step 0 of the matrix view.
pub(super) fn matrix_start(n_in: usize) -> String {
    format!(
        "Nothing multiplied yet: y = Cᵀx adds each of the {n_in} input cells times its column of Cᵀ (the kernel taps that reach the output)."
    )
}

/// A matrix step: input `cell` = `value` is x[`row`]; column `row` of Cᵀ has `entries` taps.
pub(super) fn matrix_step(cell: &[i64], value: i64, row: usize, entries: usize, holds_now: Option<Holds>) -> String {
    let x = format!("input {} = {value} is x[{row}]", cell_name(cell));
    match holds_now {
        None => format!("{x}; column {row} of Cᵀ is all zeros (every tap lands in a cropped cell), so y is unchanged."),
        Some(h) => {
            let plural = if entries == 1 { "tap" } else { "taps" };
            format!(
                "{x}; column {row} of Cᵀ holds the {entries} kernel {plural} that reach the output, and y gains {value} times it; {}.",
                holds(&h)
            )
        }
    }
}

/// Step 0 of the forward conv view.
pub(super) fn conv_start(axes: &[Axis]) -> String {
    let padded: Vec<i64> = axes.iter().map(|a| a.size_in + a.pad_before + a.pad_after).collect();
    let mut strides: Vec<String> = axes.iter().map(|a| a.stride.to_string()).collect();
    strides.dedup();
    format!(
        "Nothing computed yet: each of the {} output cells will be the kernel over a window of the {} padded input, moved by stride {}.",
        count(axes.iter().map(|a| a.size_out)),
        sized(&padded, "cell"),
        strides.join("×"),
    )
}

/// A forward conv step: the kernel over `window` (input coordinates); `on_padding` of its
/// `taps` fall on padding.
pub(super) fn conv_step(window: &[Span], on_padding: usize, taps: usize, h: Holds) -> String {
    let padding = if on_padding > 0 { format!(" ({on_padding} of its {taps} taps on padding)") } else { String::new() };
    format!("the kernel over input {}{padding}; {}.", spans(window), holds(&h))
}

/// The forward conv's last step: which input cells no window reads (a stride past the kernel's
/// reach skips some).
pub(super) fn conv_result(axes: &[Axis], mode: PaddingMode) -> String {
    let read: Vec<i64> = axes
        .iter()
        .map(|a| {
            let mut seen = vec![false; a.size_in.max(0) as usize];
            for o in 0..a.size_out {
                for k in 0..a.kernel_size {
                    if let Some(i) = mode.source(o * a.stride + k * a.dilation - a.pad_before, a.size_in) {
                        seen[i as usize] = true;
                    }
                }
            }
            seen.iter().filter(|&&s| s).count() as i64
        })
        .collect();
    let cells = count(axes.iter().map(|a| a.size_in));
    let unread = cells - count(read.into_iter());
    let outputs = count(axes.iter().map(|a| a.size_out));
    if unread == 0 {
        format!("All {outputs} output cells are computed; every input cell is read.")
    } else {
        format!("All {outputs} output cells are computed; {unread} of {cells} input cells are never read.")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conv::compute::defaults::default_values;
    use crate::conv::geometry::axis::{AxisSpec, Op};
    use crate::scene::{
        conv_scene, gather_scene, matrix_scene, overlap_scene, scatter_scene, scatter_steps, tests::default_axes, WIDE,
    };

    fn axis(size_in: i64, kernel_size: i64, stride: i64, dilation: i64, pad: i64, op: Op) -> Axis {
        let spec =
            AxisSpec { size_in, kernel_size, stride, dilation, pad_before: pad, pad_after: pad, output_padding: 0 };
        spec.resolve(op).unwrap()
    }

    /// The stage's default values for `axes`.
    fn values(axes: &[Axis]) -> (Vec<i64>, Vec<i64>) {
        let cells = axes.iter().map(|a| a.size_in as usize).product();
        default_values(cells, axes.iter().map(|a| a.kernel_size as usize).product())
    }

    /// The landing example, PyTorch ConvTranspose2d(k3, s2, p1, op1) on 3×3 → 6×6, inputs 1 … 9,
    /// kernel 3 2 1 / 2 1 2 / 1 2 1. Step 6: input (1, 2) lands on canvas rows and columns 2–6
    /// (stride 2), output rows 1–3, columns 3–5; output (1, 3) = canvas (2, 4) has the stamps of
    /// inputs (0, 1), (0, 2), (1, 1), (1, 2) through the kernel's corners: 2·1 + 3·1 + 5·1 + 6·3 = 28.
    #[test]
    fn the_landing_example_in_words() {
        let axes = default_axes();
        let (x, w) = values(&axes);
        let scatter = |step| scatter_scene(&axes, &x, &w, step, true).caption;
        assert_eq!(
            scatter(0),
            "Nothing stamped yet: each of the 9 input cells will multiply the 3×3 kernel and add it into the 7×7 full scatter; padding then crops it to 6×6."
        );
        assert_eq!(
            scatter(1),
            "input (0, 0) = 1 multiplies the kernel and adds it into output rows 0–1, columns 0–1; 5 of its 9 products land in cropped cells; output cell (0, 0) now holds 1."
        );
        assert_eq!(
            scatter(6),
            "input (1, 2) = 6 multiplies the kernel and adds it into output rows 1–3, columns 3–5; output cell (1, 3) now holds 28 = 2 + 3 + 5 + 18."
        );
        assert_eq!(
            scatter(9),
            "input (2, 2) = 9 multiplies the kernel and adds it into output rows 3–5, columns 3–5; output cell (3, 3) now holds 46 = 5 + 6 + 8 + 27. Every output cell receives 1, 2 or 4 contributions; no holes."
        );
        assert_eq!(
            gather_scene(&axes, &x, &w, 8, true, WIDE).caption,
            "the kernel rotated 180° over rows 1–3, columns 1–3 of the zero-inserted, padded input meets 4 input cells; output cell (1, 1) now holds 22 = 1 + 2 + 4 + 15."
        );
        assert_eq!(
            matrix_scene(&axes, &x, &w, 6, true).caption,
            "input (1, 2) = 6 is x[5]; column 5 of Cᵀ holds the 9 kernel taps that reach the output, and y gains 6 times it; output cell (1, 3) now holds 28 = 2 + 3 + 5 + 18."
        );
        assert_eq!(overlap_scene(&axes).caption, "Every output cell receives 1, 2 or 4 contributions; no holes.");
    }

    #[test]
    fn a_one_dimensional_layer_in_words() {
        // ConvTranspose1d(k3, s2) on 4 cells → 9; input [3] = 4 lands on cells 6–8, and cell 6
        // also has input [2]'s last tap: 3·1 + 4·3.
        let axes = [axis(4, 3, 2, 1, 0, Op::ConvTranspose)];
        let (x, w) = values(&axes);
        let scatter = |step| scatter_scene(&axes, &x, &w, step, true).caption;
        assert_eq!(
            scatter(0),
            "Nothing stamped yet: each of the 4 input cells will multiply the 3-tap kernel and add it into the 9-cell full scatter; it is the output."
        );
        assert_eq!(
            scatter(4),
            "input [3] = 4 multiplies the kernel and adds it into output cells 6–8; output cell [6] now holds 15 = 3 + 12. Every output cell receives 1 or 2 contributions; no holes."
        );
        assert_eq!(
            gather_scene(&axes, &x, &w, 1, true, WIDE).caption,
            "the kernel rotated 180° over cells 0–2 of the zero-inserted, padded input meets 1 input cell; output cell [0] now holds 3."
        );
    }

    #[test]
    fn dilation_two_in_words() {
        let axes = vec![axis(3, 3, 1, 2, 0, Op::ConvTranspose); 2];
        let (x, w) = values(&axes);
        assert_eq!(
            scatter_scene(&axes, &x, &w, 6, true).caption,
            "input (1, 2) = 6 multiplies the kernel and adds it into output rows 1–5, columns 2–6 (every 2nd); output cell (1, 2) now holds 26 = 8 + 18."
        );
        // A forward Conv1d(k3, dilation 2) on 8 cells: output [0] reads cells 0, 2 and 4.
        let forward = [axis(8, 3, 1, 2, 0, Op::Conv)];
        let (x, w) = values(&forward);
        assert_eq!(
            conv_scene(&forward, &x, &w, PaddingMode::Zeros, 1, true, WIDE).caption,
            "the kernel over input cells 0–4 (every 2nd); output cell [0] now holds 14 = 3 + 6 + 5."
        );
    }

    #[test]
    fn holes_in_words() {
        // Kernel 2, stride 3: every third row and column is never reached: 64 - 6·6 = 28 holes.
        let axes = vec![axis(3, 2, 3, 1, 0, Op::ConvTranspose); 2];
        let (x, w) = values(&axes);
        let result =
            "28 of 64 output cells are holes (no (input, tap) pair reaches them); the others receive 1 contribution.";
        assert_eq!(overlap_scene(&axes).caption, result);
        let last = scatter_scene(&axes, &x, &w, scatter_steps(&axes), true).caption;
        assert_eq!(
            last,
            format!("input (2, 2) = 9 multiplies the kernel and adds it into output rows 6–7, columns 6–7; output cell (6, 6) now holds 27. {result}")
        );
        assert_eq!(
            gather_scene(&axes, &x, &w, 3, true, WIDE).caption,
            "the kernel rotated 180° over rows 0–1, columns 2–3 of the zero-inserted, padded input meets only zeros; output cell (0, 2) now holds 0: a hole."
        );
    }

    #[test]
    fn a_forward_conv_with_padding_in_words() {
        // Conv2d(k3, s2, p1) on 5×5 → 3×3: output (0, 0) reads rows and columns -1 to 1.
        let axes = vec![axis(5, 3, 2, 1, 1, Op::Conv); 2];
        let (x, w) = values(&axes);
        let conv = |step| conv_scene(&axes, &x, &w, PaddingMode::Zeros, step, true, WIDE).caption;
        assert_eq!(
            conv(0),
            "Nothing computed yet: each of the 9 output cells will be the kernel over a window of the 7×7 padded input, moved by stride 2."
        );
        assert_eq!(
            conv(1),
            "the kernel over input rows -1 to 1, columns -1 to 1 (5 of its 9 taps on padding); output cell (0, 0) now holds 24 = 1 + 4 + 12 + 7."
        );
        assert!(conv(9).ends_with(" All 9 output cells are computed; every input cell is read."), "{}", conv(9));
    }

    #[test]
    fn sums_are_written_out_up_to_four_addends() {
        let h = |addends: &'static [i64], sum| holds(&Holds { cell: &[2, 4], sum, addends, noun: "stamps" });
        assert_eq!(h(&[6, 6], 12), "output cell (2, 4) now holds 12 = 6 + 6");
        assert_eq!(h(&[6, -2, 0, 1], 5), "output cell (2, 4) now holds 5 = 6 - 2 + 0 + 1");
        assert_eq!(h(&[1, 2, 3, 4, 5], 15), "output cell (2, 4) now holds 15 from 5 stamps");
        assert_eq!(h(&[7], 7), "output cell (2, 4) now holds 7");
        assert_eq!(h(&[], 0), "output cell (2, 4) now holds 0");
    }

    #[test]
    fn spans_and_ordinals() {
        let s = |first, last, every| Span { first, last, every };
        assert_eq!(spans(&[s(1, 3, 1), s(3, 5, 1)]), "rows 1–3, columns 3–5");
        assert_eq!(spans(&[s(4, 4, 1), s(0, 4, 2)]), "row 4, columns 0–4 (every 2nd)");
        assert_eq!(spans(&[s(-1, 1, 1)]), "cells -1 to 1");
        assert_eq!(spans(&[s(7, 7, 3)]), "cell 7");
        let ordinals: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 103].map(ordinal).to_vec();
        assert_eq!(ordinals, ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "103rd"]);
        assert_eq!(alternatives(&[1, 2, 4]), "1, 2 or 4");
        assert_eq!(alternatives(&[2]), "2");
    }
}
