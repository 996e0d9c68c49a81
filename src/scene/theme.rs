//! Colours and line and text weights of the stage: one [`Theme`] per palette (light, dark, and the
//! projector's high-contrast one) and a [`Style`] that adds how heavy lines and digits are.
//!
//! Every display (the canvas, SVG, PNG and GIF exports) draws through these, so a colour is
//! changed here once. The page's stylesheet (assets/app.css) mirrors the legend's colours.
//! Marks that carry meaning (hatch, ruling, dots, crosses) keep at least 3:1 against the fill
//! they sit on, so they survive a washed-out projector; the fills alone may be faint.

/// Colours of one palette, as CSS hex strings (the canvas, SVG and the GIF palette read them).
#[derive(Debug, PartialEq, Eq)]
pub struct Theme {
    pub background: &'static str,
    pub ink: &'static str,
    pub muted: &'static str,
    pub grid: &'static str,
    pub input: &'static str,
    pub input_done: &'static str,
    pub active: &'static str,
    pub kernel: &'static str,
    pub output: &'static str,
    pub cropped: &'static str,
    /// The diagonal hatch on cropped cells.
    pub hatch: &'static str,
    pub readded: &'static str,
    /// The horizontal ruling on cells output_padding gives back.
    pub ruling: &'static str,
    pub added: &'static str,
    pub ring: &'static str,
    /// Inserted / padding zeros and zero matrix entries: quieter than any other cell.
    pub zero: &'static str,
    /// Light to dark: 1 contribution … 6 or more (a sequential ramp, readable without hue).
    pub heat: [&'static str; 6],
    /// Digits on heat cells from this level on are drawn in `heat_ink` (the ramp is dark there).
    pub heat_ink_dark_from: u8,
    pub heat_ink: &'static str,
}

pub const LIGHT: Theme = Theme {
    background: "#ffffff",
    ink: "#1b1f24",
    muted: "#5a6270",
    grid: "#c9ced6",
    input: "#e8eef7",
    input_done: "#c7d6ec",
    active: "#1d4e89",
    kernel: "#f3e3c3",
    output: "#ffffff",
    cropped: "#d9dbdf",
    hatch: "#737b86",
    readded: "#d8ecd9",
    ruling: "#3f7a4a",
    added: "#f6f0d9",
    ring: "#c2410c",
    zero: "#f7f8fa",
    heat: ["#eef3fb", "#cfdcf0", "#a7c0e3", "#7b9fd1", "#4f79b8", "#2b5391"],
    heat_ink_dark_from: 4,
    heat_ink: "#ffffff",
};

pub const DARK: Theme = Theme {
    background: "#1b1f24",
    ink: "#e6e8eb",
    muted: "#9aa3ae",
    grid: "#3a414b",
    input: "#1f2a38",
    input_done: "#2c3e57",
    active: "#8cb8ff",
    kernel: "#4a3d22",
    output: "#1b1f24",
    cropped: "#2a2d31",
    hatch: "#7d8590",
    readded: "#1f3a27",
    ruling: "#6fbf7e",
    added: "#3a3420",
    ring: "#fb923c",
    zero: "#20252b",
    heat: ["#1d2633", "#24395a", "#2e5286", "#3d6db1", "#5b8ed6", "#8db4f0"],
    // The dark ramp gets lighter with the count, so its digits stay light throughout.
    heat_ink_dark_from: 7,
    heat_ink: "#ffffff",
};

/// The projector's palette: black on white, fills a step darker than LIGHT's and marks darker
/// still (a projector washes out pale tints and thin grey lines first).
pub const PRESENT: Theme = Theme {
    background: "#ffffff",
    ink: "#000000",
    muted: "#333a44",
    grid: "#5c6470",
    input: "#d6e4f7",
    input_done: "#9dbbe6",
    active: "#0b3d91",
    kernel: "#f5d48a",
    output: "#ffffff",
    cropped: "#c4c8ce",
    hatch: "#4b5361",
    readded: "#bfe3c4",
    ruling: "#1e6b2f",
    added: "#f3e3a6",
    ring: "#d04a02",
    zero: "#f2f4f7",
    heat: ["#e3ecf9", "#b9cdec", "#8eaedf", "#5f88c9", "#3563ad", "#173f85"],
    heat_ink_dark_from: 4,
    heat_ink: "#ffffff",
};

/// A palette with the weights it is drawn at.
#[derive(Debug, PartialEq)]
pub struct Style {
    pub theme: &'static Theme,
    /// Multiplies every line width (grid, rings, frames, pattern marks).
    pub line_scale: f64,
    /// Multiplies the digits in cells (still capped to fit the cell).
    pub text_scale: f64,
    /// Digits and labels in bold.
    pub bold: bool,
}

impl Style {
    pub const LIGHT: Style = Style { theme: &LIGHT, line_scale: 1.0, text_scale: 1.0, bold: false };
    pub const DARK: Style = Style { theme: &DARK, line_scale: 1.0, text_scale: 1.0, bold: false };
    /// `mode=present`: thick lines and large bold digits in high contrast. Labels keep their
    /// size (the layout leaves room for 15-unit labels only) but turn bold.
    pub const PRESENT: Style = Style { theme: &PRESENT, line_scale: 1.7, text_scale: 1.3, bold: true };
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WCAG relative luminance of a `#rrggbb` colour.
    fn luminance(hex: &str) -> f64 {
        let channel = |i: usize| {
            let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
    }

    fn contrast(a: &str, b: &str) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    /// The marks that carry meaning keep 3:1 (WCAG's non-text contrast) against their cells in
    /// every palette; the review measured the old hatch at 1.14:1 and output_padding's tint at 1.24:1.
    #[test]
    fn meaningful_marks_stand_out_in_every_palette() {
        for theme in [&LIGHT, &DARK, &PRESENT] {
            for (mark, fill, what) in [
                (theme.hatch, theme.cropped, "hatch on cropped"),
                (theme.ruling, theme.readded, "ruling on re-added"),
                (theme.muted, theme.added, "dots on added zeros"),
                (theme.muted, theme.output, "cross on holes"),
                (theme.ring, theme.output, "ring on output"),
            ] {
                let ratio = contrast(mark, fill);
                assert!(ratio >= 3.0, "{what}: {mark} on {fill} is {ratio:.2}:1 in {theme:?}");
            }
            assert!(contrast(theme.ink, theme.background) >= 7.0);
        }
        assert!(contrast(PRESENT.grid, PRESENT.output) >= 4.5, "the projector's grid is strong");
    }
}
