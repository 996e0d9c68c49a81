//! The marks that tell cells apart without colour, as geometry: hatch (cropped by padding),
//! ruling (given back by output_padding), dots (added as zero) and a cross (a hole).
//!
//! Each mark stays inside its cell (clipped by arithmetic, not by the display), so every cell of
//! a kind shares one path, and the canvas and SVG draw the same thing (the legend's CSS mirrors
//! it). Marks are written with a display list's [`Pen`], as shapes of the current path.

use super::display::Pen;

/// A straight line from (x0, y0) to (x1, y1).
pub type Segment = [f64; 4];

/// Distance between hatch lines (scene units): wide enough that a digit stays readable on top.
const HATCH_SPACING: f64 = 7.0;

/// Diagonal lines (rising to the right) across the `w` × `h` rectangle at (x, y): each line
/// u + v = c, clipped to the rectangle.
pub fn hatch(x: f64, y: f64, w: f64, h: f64, pen: &mut impl Pen) {
    let mut c = HATCH_SPACING / 2.0;
    while c < w + h {
        let (u0, u1) = ((c - h).max(0.0), c.min(w));
        pen.segment([x + u0, y + c - u0, x + u1, y + c - u1]);
        c += HATCH_SPACING;
    }
}

/// Where ruling lines cross a cell, as fractions of its height: two near the top and two near
/// the bottom, leaving the middle band to the digits.
const RULING: [f64; 4] = [0.14, 0.26, 0.74, 0.86];

/// Horizontal lines across a row of cells `size` tall and `w` wide at (x, y) (output_padding's
/// cells: "ruled").
pub fn ruling(x: f64, y: f64, w: f64, size: f64, pen: &mut impl Pen) {
    for f in RULING {
        pen.segment([x, y + size * f, x + w, y + size * f]);
    }
}

/// An X through the middle of the square at (x, y), clear of its corners.
pub fn cross(x: f64, y: f64, size: f64, pen: &mut impl Pen) {
    let m = size * 0.28;
    pen.segment([x + m, y + m, x + size - m, y + size - m]);
    pen.segment([x + size - m, y + m, x + m, y + size - m]);
}

/// A 3 × 3 grid of dots of `radius` at the quarter points of the square at (x, y).
pub fn dots(x: f64, y: f64, size: f64, radius: f64, pen: &mut impl Pen) {
    let step = size / 4.0;
    for i in 1..4 {
        for j in 1..4 {
            pen.dot(x + i as f64 * step, y + j as f64 * step, radius);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scene::display::Draw;

    fn segments(draws: &[Draw]) -> Vec<Segment> {
        draws.iter().filter_map(|d| if let Draw::Segment(s) = d { Some(*s) } else { None }).collect()
    }

    fn inside_rect(segments: &[Segment], (x, y, w, h): (f64, f64, f64, f64)) -> bool {
        let eps = 1e-9;
        segments.iter().all(|s| {
            [(s[0], s[1]), (s[2], s[3])]
                .iter()
                .all(|&(px, py)| px >= x - eps && px <= x + w + eps && py >= y - eps && py <= y + h + eps)
        })
    }

    fn inside(segments: &[Segment], (x, y, size): (f64, f64, f64)) -> bool {
        inside_rect(segments, (x, y, size, size))
    }

    #[test]
    fn every_mark_stays_in_its_cell_and_the_four_differ() {
        let cell = (10.0, 20.0, 40.0);
        let (mut h, mut r, mut c, mut d): (Vec<Draw>, Vec<Draw>, Vec<Draw>, Vec<Draw>) = Default::default();
        hatch(cell.0, cell.1, cell.2, cell.2, &mut h);
        ruling(cell.0, cell.1, cell.2, cell.2, &mut r);
        cross(cell.0, cell.1, cell.2, &mut c);
        dots(cell.0, cell.1, cell.2, 1.3, &mut d);
        let (h, r, c) = (segments(&h), segments(&r), segments(&c));
        assert!(inside(&h, cell) && inside(&r, cell) && inside(&c, cell));
        assert_eq!((h.len(), r.len(), c.len(), d.len()), (11, 4, 2, 9));
        assert!(d.iter().all(|d| matches!(d, Draw::Dot { x, y, radius } if *x > 10.0 && *x < 50.0 && *y > 20.0 && *y < 60.0 && *radius == 1.3)));
        // Hatch lines run diagonally, ruling horizontally, the cross's two lines cross.
        assert!(h.iter().all(|s| (s[2] - s[0]) > 0.0 && (s[3] - s[1]) < 0.0));
        assert!(r.iter().all(|s| s[1] == s[3] && s[2] - s[0] == 40.0));
        assert!((c[0][2] - c[0][0]) * (c[1][2] - c[1][0]) < 0.0);
        // The digits' band (the middle third) is free of ruling.
        assert!(r.iter().all(|s| s[1] - 20.0 < 40.0 / 3.0 || s[1] - 20.0 > 80.0 / 3.0));
    }

    /// A strip of cells is hatched as one rectangle: fewer lines than cell by cell, all inside it.
    #[test]
    fn a_strip_is_hatched_whole() {
        let mut strip = Vec::new();
        hatch(0.0, 0.0, 40.0, 400.0, &mut strip);
        let strip = segments(&strip);
        assert!(inside_rect(&strip, (0.0, 0.0, 40.0, 400.0)));
        assert!(strip.len() < 10 * 11, "{} lines for ten cells", strip.len());
        // Lines stay 7 apart: the (u + v) of consecutive lines differ by the spacing.
        assert!(strip.windows(2).all(|w| ((w[1][0] + w[1][1]) - (w[0][0] + w[0][1]) - HATCH_SPACING).abs() < 1e-9));
    }
}
