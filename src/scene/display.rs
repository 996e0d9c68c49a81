//! One display list for every way the stage is drawn: a [`Scene`] in a [`Style`] becomes a flat
//! list of drawing commands, which the canvas painter (ui/paint.rs) and the SVG writer
//! ([`super::svg`]) interpret one by one without deciding anything; the PNG and GIF exports
//! rasterise through the canvas.
//!
//! The commands are a canvas's own vocabulary: shapes (rectangles, segments, dots) gather into
//! the current path until a [`Draw::Fill`] or [`Draw::Stroke`] paints it with a colour (and, for
//! SVG, a [`Role`] naming what it is); [`Draw::Font`] sets how the texts after it are set. Kept
//! flat and close to the canvas so the painter, which is in the first view's module, stays a
//! small loop. Batched: cells merge into runs and grids ([`super::batch`]) and each kind of mark
//! shares one path, so a 64×64 output is a few hundred canvas calls, not several per cell.

use super::batch::{blocks, runs};
use super::patterns::{self, Segment};
use super::text::Family;
use super::theme::{Style, Theme};
use super::{Anchor, Scene, Tone};

/// What a painted path or a run of texts is, so an SVG reader (or a test) can tell the layers
/// apart. The canvas ignores it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Cell fills.
    Cells,
    /// Hatch on cells cropped by padding.
    Cropped,
    /// Ruling on cells given back by output_padding.
    Readded,
    /// Dots on cells added as zero.
    AddedZero,
    /// Crosses on holes.
    Hole,
    Grid,
    /// Rings on the active cell and where its stamp lands.
    Ring,
    /// The outline of the output window.
    Frame,
    /// Digits in cells.
    Number,
    /// Grid titles and other words placed by the scene.
    Label,
    /// The words shown instead of cells when a problem is too large to draw.
    Summary,
    /// An export's header (sizes, the call, the caption) and its rule.
    Header,
}

impl Role {
    /// The SVG class of what has this role.
    pub fn id(self) -> &'static str {
        match self {
            Role::Cells => "cells",
            Role::Cropped => "cropped",
            Role::Readded => "readded",
            Role::AddedZero => "added-zero",
            Role::Hole => "hole",
            Role::Grid => "grid",
            Role::Ring => "ring",
            Role::Frame => "frame",
            Role::Number => "number",
            Role::Label => "label",
            Role::Summary => "summary",
            Role::Header => "header",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

/// How a text is set: size in scene units (whole units, so the canvas's font string needs no
/// float formatting), family and weight.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Font {
    pub size: f64,
    pub family: Family,
    pub bold: bool,
}

/// A text placed at its anchor point, vertically centred on `y`.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub x: f64,
    pub y: f64,
    pub text: String,
}

/// One drawing command.
#[derive(Debug, Clone, PartialEq)]
pub enum Draw {
    /// Add a rectangle to the current path.
    Rect(Rect),
    /// Add a line segment to the current path.
    Segment(Segment),
    /// Add a full circle to the current path.
    Dot { x: f64, y: f64, radius: f64 },
    /// Fill the current path with `colour`; a new path starts.
    Fill { role: Role, colour: &'static str },
    /// Stroke the current path (butt ends); a new path starts.
    Stroke { role: Role, colour: &'static str, width: f64 },
    /// The texts that follow are set in `font` and `colour`, placed by `anchor`.
    Font { role: Role, colour: &'static str, font: Font, anchor: Anchor },
    /// A text in the current font.
    Text(Placed),
    /// A text in the current font broken at spaces into lines no wider than `width`, `line`
    /// units apart, the first centred on `placed.y`. Each display wraps with its own measure.
    Paragraph { placed: Placed, width: f64, line: f64 },
}

impl Draw {
    /// The same command moved down by `dy` units.
    fn shift(&mut self, dy: f64) {
        match self {
            Draw::Rect(r) => r.y += dy,
            Draw::Segment(s) => {
                s[1] += dy;
                s[3] += dy;
            }
            Draw::Dot { y, .. } => *y += dy,
            Draw::Text(placed) | Draw::Paragraph { placed, .. } => placed.y += dy,
            Draw::Fill { .. } | Draw::Stroke { .. } | Draw::Font { .. } => {}
        }
    }
}

/// Everything to draw, in order, on a `width` × `height` area (scene units) filled with `background`.
#[derive(Debug, Clone, PartialEq)]
pub struct DisplayList {
    pub width: f64,
    pub height: f64,
    pub background: &'static str,
    pub draws: Vec<Draw>,
}

impl DisplayList {
    /// Every command moved down by `dy` units (room for a header above).
    pub fn shift(&mut self, dy: f64) {
        self.draws.iter_mut().for_each(|d| d.shift(dy));
    }
}

/// What the display list is written with: one method per command. `Vec<Draw>` records the
/// commands (for SVG, and for PNG and GIF under a header); the stage's canvas (ui/paint.rs)
/// executes each as it comes, so the first view's module keeps no list and builds no commands.
pub trait Pen {
    fn rect(&mut self, r: Rect);
    fn segment(&mut self, s: Segment);
    fn dot(&mut self, x: f64, y: f64, radius: f64);
    fn fill(&mut self, role: Role, colour: &'static str);
    fn stroke(&mut self, role: Role, colour: &'static str, width: f64);
    fn font(&mut self, role: Role, colour: &'static str, font: Font, anchor: Anchor);
    fn text(&mut self, x: f64, y: f64, text: &str);
    fn paragraph(&mut self, x: f64, y: f64, text: &str, width: f64, line: f64);
}

impl Pen for Vec<Draw> {
    fn rect(&mut self, r: Rect) {
        self.push(Draw::Rect(r));
    }
    fn segment(&mut self, s: Segment) {
        self.push(Draw::Segment(s));
    }
    fn dot(&mut self, x: f64, y: f64, radius: f64) {
        self.push(Draw::Dot { x, y, radius });
    }
    fn fill(&mut self, role: Role, colour: &'static str) {
        self.push(Draw::Fill { role, colour });
    }
    fn stroke(&mut self, role: Role, colour: &'static str, width: f64) {
        self.push(Draw::Stroke { role, colour, width });
    }
    fn font(&mut self, role: Role, colour: &'static str, font: Font, anchor: Anchor) {
        self.push(Draw::Font { role, colour, font, anchor });
    }
    fn text(&mut self, x: f64, y: f64, text: &str) {
        self.push(Draw::Text(Placed { x, y, text: text.to_string() }));
    }
    fn paragraph(&mut self, x: f64, y: f64, text: &str, width: f64, line: f64) {
        self.push(Draw::Paragraph { placed: Placed { x, y, text: text.to_string() }, width, line });
    }
}

/// The sans-serif's size for labels and the summary (the layouts leave room for this size).
pub const LABEL_SIZE: f64 = 15.0;
/// Digits in a cell narrower than this many device pixels are unreadable; skipping them keeps
/// large grids fast.
const MIN_CELL_PIXELS_FOR_DIGITS: f64 = 14.0;
/// A monospace digit's width in ems, generously (see [`super::text`]).
pub const MONO_EM: f64 = 0.62;

pub fn fill(theme: &Theme, tone: Tone) -> &'static str {
    match tone {
        Tone::Input => theme.input,
        Tone::InputDone => theme.input_done,
        Tone::InputActive => theme.active,
        Tone::Kernel => theme.kernel,
        Tone::Output | Tone::Hole => theme.output,
        Tone::Cropped => theme.cropped,
        Tone::Readded => theme.readded,
        Tone::AddedZero => theme.added,
        Tone::Heat(level) => theme.heat[(level.clamp(1, 6) - 1) as usize],
        Tone::Zero => theme.zero,
    }
}

fn ink(theme: &Theme, tone: Tone) -> &'static str {
    match tone {
        Tone::InputActive => theme.background,
        Tone::Cropped | Tone::Zero => theme.muted,
        Tone::Heat(level) if level >= theme.heat_ink_dark_from => theme.heat_ink,
        _ => theme.ink,
    }
}

/// The size a cell's digits are set at: by their count (sized for 40-unit cells, scaled down with
/// smaller ones and up by the style), capped so the number still fits inside the cell.
pub fn digit_size(chars: usize, cell: f64, style: &Style) -> f64 {
    let base = match chars {
        0..=2 => 15.0,
        3..=4 => 13.0,
        _ => 11.0,
    };
    let wanted = base * (cell / 40.0).clamp(0.7, 1.0) * style.text_scale;
    let fitting = cell * 0.88 / (chars.max(1) as f64 * MONO_EM);
    wanted.min(fitting).round().max(1.0)
}

/// The display list of `scene` in `style`, for a display of `pixels_per_unit` device pixels per
/// scene unit (digits in cells too small to read there are left out; pass `f64::INFINITY` to keep
/// every digit, as the SVG export does).
pub fn display_list(scene: &Scene, style: &Style, pixels_per_unit: f64) -> DisplayList {
    let mut draws = Vec::new();
    draw_scene(scene, style, pixels_per_unit, &mut draws);
    DisplayList { width: scene.width, height: scene.height, background: style.theme.background, draws }
}

/// The commands of [`display_list`], written with `pen` as they are made (the stage's canvas
/// paints each at once). The list's background is `style.theme.background` over `scene.width` ×
/// `scene.height`.
pub fn draw_scene(scene: &Scene, style: &Style, pixels_per_unit: f64, pen: &mut impl Pen) {
    let theme = style.theme;
    let lines = style.line_scale;
    if let Some(summary) = &scene.summary {
        let font = Font { size: LABEL_SIZE, family: Family::Sans, bold: false };
        pen.font(Role::Summary, theme.muted, font, Anchor::Start);
        pen.paragraph(24.0, 36.0, summary, scene.width - 48.0, 22.0);
        return;
    }
    // Fills, one path per colour of the theme that some cell has (cells never overlap, so the
    // order of colours is free).
    let plain = [
        theme.input,
        theme.input_done,
        theme.active,
        theme.kernel,
        theme.output,
        theme.cropped,
        theme.readded,
        theme.added,
        theme.zero,
    ];
    for colour in plain.into_iter().chain(theme.heat) {
        let runs = runs(&scene.cells, &|c| fill(theme, c.tone) == colour);
        if !runs.is_empty() {
            for run in runs {
                pen.rect(Rect { x: run.x, y: run.y, w: run.w, h: run.size });
            }
            pen.fill(Role::Cells, colour);
        }
    }
    // The marks that carry meaning without colour, each kind one path, only kinds present.
    for (tone, role, colour) in [
        (Tone::Cropped, Role::Cropped, theme.hatch),
        (Tone::Readded, Role::Readded, theme.ruling),
        (Tone::Hole, Role::Hole, theme.muted),
        (Tone::AddedZero, Role::AddedZero, theme.muted),
    ] {
        if !scene.cells.iter().any(|c| c.tone == tone) {
            continue;
        }
        for c in scene.cells.iter().filter(|c| c.tone == tone) {
            match tone {
                Tone::Cropped => patterns::hatch(c.x + 1.0, c.y + 1.0, c.size - 2.0, c.size - 2.0, pen),
                Tone::Readded => patterns::ruling(c.x, c.y, c.size, c.size, pen),
                Tone::Hole => patterns::cross(c.x, c.y, c.size, pen),
                _ => patterns::dots(c.x, c.y, c.size, 1.3 * lines, pen),
            }
        }
        match tone {
            Tone::AddedZero => pen.fill(role, colour),
            _ => pen.stroke(role, colour, 1.5 * lines),
        }
    }
    // Grid lines on every cell boundary of each block of cells, half a line past its edges so
    // corners close.
    let grid = 2.0 * lines;
    for block in blocks(&runs(&scene.cells, &|_| true)) {
        let mut x = block.x;
        while x <= block.x + block.w + 0.01 {
            pen.segment([x, block.y - grid / 2.0, x, block.y + block.h + grid / 2.0]);
            x += block.size;
        }
        let mut y = block.y;
        while y <= block.y + block.h + 0.01 {
            pen.segment([block.x - grid / 2.0, y, block.x + block.w + grid / 2.0, y]);
            y += block.size;
        }
    }
    pen.stroke(Role::Grid, theme.grid, grid);
    // Rings sit inside their cell, clear of the grid line.
    let ring = 3.0 * lines;
    let inset = (grid + ring) / 2.0;
    for c in scene.cells.iter().filter(|c| c.ring) {
        pen.rect(Rect { x: c.x + inset, y: c.y + inset, w: c.size - 2.0 * inset, h: c.size - 2.0 * inset });
    }
    pen.stroke(Role::Ring, theme.ring, ring);
    // Digits; a new font command only where colour or size changes from the previous cell's.
    let mut set: Option<(&'static str, f64)> = None;
    for cell in &scene.cells {
        let Some(number) = cell.number.filter(|_| cell.size * pixels_per_unit >= MIN_CELL_PIXELS_FOR_DIGITS) else {
            continue;
        };
        let text = number.to_string();
        let size = digit_size(text.len(), cell.size, style);
        let colour = ink(theme, cell.tone);
        if set != Some((colour, size)) {
            set = Some((colour, size));
            let font = Font { size, family: Family::Mono, bold: style.bold };
            pen.font(Role::Number, colour, font, Anchor::Middle);
        }
        // The centre of a digit sits a unit below the cell's: digits have no descenders.
        pen.text(cell.x + cell.size / 2.0, cell.y + cell.size / 2.0 + 1.0, &text);
    }
    for f in &scene.frames {
        pen.rect(Rect { x: f.x, y: f.y, w: f.w, h: f.h });
    }
    pen.stroke(Role::Frame, theme.ink, 2.5 * lines);
    // A font for each label: they are few, and most differ in anchor anyway.
    for label in &scene.labels {
        let font = Font { size: LABEL_SIZE, family: Family::Sans, bold: style.bold };
        pen.font(Role::Label, theme.ink, font, label.anchor);
        pen.text(label.x, label.y, &label.text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conv::geometry::axis::{Axis, AxisSpec, Op};
    use crate::scene::{overlap_scene, scatter_scene, scatter_steps};

    fn axes(size_in: i64, kernel: i64, stride: i64, pad: i64, output_padding: i64) -> Vec<Axis> {
        let spec = AxisSpec {
            size_in,
            kernel_size: kernel,
            stride,
            dilation: 1,
            pad_before: pad,
            pad_after: pad,
            output_padding,
        };
        let axis = spec.resolve(Op::ConvTranspose).unwrap();
        vec![axis, axis]
    }

    /// A painted path: its role, colour, stroke width (0 for fills) and how many shapes it has.
    #[derive(Debug)]
    struct Painted {
        role: Role,
        colour: &'static str,
        width: f64,
        shapes: usize,
    }

    fn painted(list: &DisplayList) -> Vec<Painted> {
        let mut out = Vec::new();
        let mut shapes = 0;
        for draw in &list.draws {
            match draw {
                Draw::Rect(_) | Draw::Segment(_) | Draw::Dot { .. } => shapes += 1,
                Draw::Fill { role, colour } => out.push(Painted { role: *role, colour, width: 0.0, shapes }),
                Draw::Stroke { role, colour, width } => {
                    out.push(Painted { role: *role, colour, width: *width, shapes })
                }
                _ => continue,
            }
            if matches!(draw, Draw::Fill { .. } | Draw::Stroke { .. }) {
                shapes = 0;
            }
        }
        out
    }

    fn of(list: &DisplayList, role: Role) -> Vec<Painted> {
        painted(list).into_iter().filter(|p| p.role == role).collect()
    }

    /// (role, font) of each text.
    fn texts(list: &DisplayList) -> Vec<(Role, Font, String)> {
        let mut current = None;
        let mut out = Vec::new();
        for draw in &list.draws {
            match draw {
                Draw::Font { role, font, .. } => current = Some((*role, *font)),
                Draw::Text(t) => out.push((current.unwrap().0, current.unwrap().1, t.text.clone())),
                _ => {}
            }
        }
        out
    }

    /// The default layer's last step: every kind of cell it has gets its own mark, and each
    /// digit in the scene is drawn once.
    #[test]
    fn the_default_layer_has_hatch_ruling_and_every_digit() {
        let axes = axes(3, 3, 2, 1, 1);
        let x: Vec<i64> = (1..=9).collect();
        let scene = scatter_scene(&axes, &x, &[1; 9], scatter_steps(&axes), true);
        let list = display_list(&scene, &Style::LIGHT, 1.0);
        assert_eq!(of(&list, Role::Cropped).len(), 1);
        let readded = of(&list, Role::Readded);
        assert_eq!(readded.len(), 1);
        assert_eq!(readded[0].shapes, scene.cells.iter().filter(|c| c.tone == Tone::Readded).count() * 4);
        assert_eq!(readded[0].colour, Style::LIGHT.theme.ruling);
        assert!(of(&list, Role::AddedZero).is_empty(), "no added zeros in this layer");
        let digits = texts(&list).into_iter().filter(|t| t.0 == Role::Number).count();
        assert_eq!(digits, scene.cells.iter().filter(|c| c.number.is_some()).count());
        // Cells too small on the display keep their digits out.
        assert!(texts(&display_list(&scene, &Style::LIGHT, 0.3)).iter().all(|t| t.0 != Role::Number));
    }

    /// 64×64 output: a few hundred rectangles and lines and a handful of paths, not one per cell.
    #[test]
    fn a_large_output_stays_batched() {
        let axes = axes(32, 4, 2, 1, 0);
        let scene = scatter_scene(&axes, &vec![1; 32 * 32], &[1; 16], 100, true);
        let list = display_list(&scene, &Style::LIGHT, 0.3);
        assert!(scene.cells.len() > 5000);
        let count = |role| of(&list, role).iter().map(|p| p.shapes).sum::<usize>();
        let fills_grid_rings = count(Role::Cells) + count(Role::Grid) + count(Role::Ring);
        assert!(fills_grid_rings < 800, "{fills_grid_rings} rectangles and grid lines");
        assert!(painted(&list).len() < 20, "{} paths", painted(&list).len());
    }

    #[test]
    fn holes_are_crossed_and_the_present_style_is_heavier() {
        let spec = AxisSpec {
            size_in: 3,
            kernel_size: 2,
            stride: 3,
            dilation: 1,
            pad_before: 0,
            pad_after: 0,
            output_padding: 1,
        };
        let axis = spec.resolve(Op::ConvTranspose).unwrap();
        let scene = overlap_scene(&[axis, axis]);
        let light = display_list(&scene, &Style::LIGHT, 1.0);
        let present = display_list(&scene, &Style::PRESENT, 1.0);
        assert_eq!(of(&light, Role::Hole).len(), 1);
        for role in [Role::Grid, Role::Frame, Role::Hole] {
            assert!(of(&present, role)[0].width > of(&light, role)[0].width, "{role:?}");
        }
        let digit = |list: &DisplayList| texts(list).into_iter().find(|t| t.0 == Role::Number).unwrap().1;
        assert!(digit(&present).size > digit(&light).size && digit(&present).bold);
    }

    #[test]
    fn digits_fit_their_cell() {
        for chars in 1..=20 {
            for cell in [12.0, 20.0, 40.0] {
                let size = digit_size(chars, cell, &Style::PRESENT);
                // Rounding may add half a unit to the size.
                let width = chars as f64 * MONO_EM * (size - 0.5);
                assert!(size == 1.0 || width <= cell * 0.88, "{chars} digits in {cell}: {size}");
            }
        }
    }

    #[test]
    fn a_summary_is_one_paragraph_in_the_muted_colour() {
        let scene = Scene { summary: Some("word ".repeat(200)), width: 800.0, height: 120.0, ..Scene::default() };
        let list = display_list(&scene, &Style::DARK, 1.0);
        let paragraphs: Vec<&Draw> = list.draws.iter().filter(|d| matches!(d, Draw::Paragraph { .. })).collect();
        assert_eq!(paragraphs.len(), 1);
        assert!(
            matches!(list.draws[0], Draw::Font { role: Role::Summary, colour, .. } if colour == Style::DARK.theme.muted)
        );
        assert!(matches!(paragraphs[0], Draw::Paragraph { width, .. } if *width == 752.0));
    }

    #[test]
    fn shifting_moves_everything_down() {
        let axes = axes(3, 3, 2, 1, 1);
        let scene = scatter_scene(&axes, &[1; 9], &[1; 9], 3, true);
        let list = display_list(&scene, &Style::LIGHT, 1.0);
        let mut moved = list.clone();
        moved.shift(50.0);
        for (a, b) in list.draws.iter().zip(&moved.draws) {
            match (a, b) {
                (Draw::Rect(r), Draw::Rect(s)) => assert!(s.y == r.y + 50.0 && s.x == r.x),
                (Draw::Segment(r), Draw::Segment(s)) => assert!(s[1] == r[1] + 50.0 && s[3] == r[3] + 50.0),
                (Draw::Text(t), Draw::Text(u)) => assert_eq!(u.y, t.y + 50.0),
                (a, b) => assert_eq!(a, b),
            }
        }
    }
}
