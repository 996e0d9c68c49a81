//! The only code that touches the 2-D canvas: draws a [`Scene`] as it is.
//!
//! Tones differ by more than hue (a projector and colour-blind viewers must tell them apart):
//! cropped cells are hatched, added cells dotted, holes crossed, overlap a lightness ramp.

use web_sys::CanvasRenderingContext2d;

use crate::scene::batch::{blocks, runs};
use crate::scene::{Anchor, Scene, Tone};

/// Colours of one theme.
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
    pub readded: &'static str,
    pub added: &'static str,
    pub ring: &'static str,
    /// Inserted / padding zeros and zero matrix entries: quieter than any other cell.
    pub zero: &'static str,
    /// Light to dark: 1 contribution … 6 or more (a sequential ramp, readable without hue).
    pub heat: [&'static str; 6],
    pub heat_ink_dark_from: u8,
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
    readded: "#d8ecd9",
    added: "#f6f0d9",
    ring: "#c2410c",
    zero: "#f7f8fa",
    heat: ["#eef3fb", "#cfdcf0", "#a7c0e3", "#7b9fd1", "#4f79b8", "#2b5391"],
    heat_ink_dark_from: 4,
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
    readded: "#1f3a27",
    added: "#3a3420",
    ring: "#fb923c",
    zero: "#20252b",
    heat: ["#1d2633", "#24395a", "#2e5286", "#3d6db1", "#5b8ed6", "#8db4f0"],
    heat_ink_dark_from: 7,
};

fn fill(theme: &Theme, tone: Tone) -> &'static str {
    match tone {
        Tone::Input => theme.input,
        Tone::InputDone => theme.input_done,
        Tone::InputActive => theme.active,
        Tone::Kernel => theme.kernel,
        Tone::Output => theme.output,
        Tone::Cropped => theme.cropped,
        Tone::Readded => theme.readded,
        Tone::AddedZero => theme.added,
        Tone::Hole => theme.output,
        Tone::Heat(level) => theme.heat[(level.clamp(1, 6) - 1) as usize],
        Tone::Zero => theme.zero,
    }
}

fn ink(theme: &Theme, tone: Tone) -> &'static str {
    match tone {
        Tone::InputActive => theme.background,
        Tone::Cropped | Tone::Zero => theme.muted,
        Tone::Heat(level) if level >= theme.heat_ink_dark_from => "#ffffff",
        _ => theme.ink,
    }
}

/// Draw `scene` scaled by `scale` (canvas pixels per scene unit).
pub fn paint(ctx: &CanvasRenderingContext2d, scene: &Scene, theme: &Theme, scale: f64) {
    let (w, h) = (scene.width * scale, scene.height * scale);
    ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0).ok();
    ctx.set_fill_style_str(theme.background);
    ctx.fill_rect(0.0, 0.0, w, h);
    ctx.scale(scale, scale).ok();
    ctx.set_text_baseline("middle");

    if let Some(summary) = &scene.summary {
        ctx.set_fill_style_str(theme.muted);
        ctx.set_font("15px system-ui, sans-serif");
        ctx.set_text_align("start");
        paint_wrapped(ctx, summary, 24.0, 36.0, scene.width - 48.0);
        return;
    }
    // Batched: cells merge into runs and grids (scene::batch), so a 64×64 output costs a few
    // hundred canvas calls rather than several per cell. Fills first, then patterns, grid lines, rings.
    // The distinct fill colours (a handful), in first-seen order; cells never overlap, so order is free.
    let mut fills: Vec<&'static str> = Vec::new();
    for colour in scene.cells.iter().map(|c| fill(theme, c.tone)) {
        if !fills.contains(&colour) {
            fills.push(colour);
        }
    }
    for colour in fills {
        ctx.begin_path();
        for run in runs(scene.cells.iter().filter(|c| fill(theme, c.tone) == colour)) {
            ctx.rect(run.x, run.y, run.w, run.size);
        }
        ctx.set_fill_style_str(colour);
        ctx.fill();
    }
    patterns(ctx, scene, theme);
    // Grid lines 2 units wide on every cell boundary: 1 unit into each neighbouring cell.
    ctx.begin_path();
    for block in blocks(&runs(&scene.cells)) {
        let mut x = block.x;
        while x <= block.x + block.w + 0.01 {
            ctx.move_to(x, block.y - 1.0);
            ctx.line_to(x, block.y + block.h + 1.0);
            x += block.size;
        }
        let mut y = block.y;
        while y <= block.y + block.h + 0.01 {
            ctx.move_to(block.x - 1.0, y);
            ctx.line_to(block.x + block.w + 1.0, y);
            y += block.size;
        }
    }
    ctx.set_stroke_style_str(theme.grid);
    ctx.set_line_width(2.0);
    ctx.stroke();
    ctx.begin_path();
    for cell in scene.cells.iter().filter(|c| c.ring) {
        ctx.rect(cell.x + 2.5, cell.y + 2.5, cell.size - 5.0, cell.size - 5.0);
    }
    ctx.set_stroke_style_str(theme.ring);
    ctx.set_line_width(3.0);
    ctx.stroke();

    let (mut font, mut colour) = (0.0, "");
    ctx.set_text_align("center");
    for cell in &scene.cells {
        // Text smaller than this many device pixels is unreadable; skipping it keeps big grids fast.
        let Some(text) = cell.number.filter(|_| cell.size * scale >= 14.0).map(|n| n.to_string()) else { continue };
        // Sized for 40-unit cells and scaled down with smaller ones (the matrix view's).
        let base = if text.len() > 4 {
            11.0
        } else if text.len() > 2 {
            13.0
        } else {
            15.0
        };
        let size = base * (cell.size / 40.0).clamp(0.7, 1.0);
        if font != size {
            // Whole scene units (the context is scaled): printing an integer needs no float formatting.
            ctx.set_font(&format!("{}px ui-monospace, SFMono-Regular, Menlo, monospace", size.round() as i64));
            font = size;
        }
        if colour != ink(theme, cell.tone) {
            colour = ink(theme, cell.tone);
            ctx.set_fill_style_str(colour);
        }
        ctx.fill_text(&text, cell.x + cell.size / 2.0, cell.y + cell.size / 2.0 + 1.0).ok();
    }
    for frame in &scene.frames {
        ctx.set_stroke_style_str(theme.ink);
        ctx.set_line_width(2.5);
        ctx.stroke_rect(frame.x, frame.y, frame.w, frame.h);
    }
    ctx.set_font("15px system-ui, -apple-system, 'Segoe UI', sans-serif");
    ctx.set_fill_style_str(theme.ink);
    for label in &scene.labels {
        ctx.set_text_align(match label.anchor {
            Anchor::Start => "start",
            Anchor::Middle => "center",
        });
        ctx.fill_text(&label.text, label.x, label.y).ok();
    }
}

/// Hatching (cropped), dots (added zeros) and crosses (holes): the marks that tell tones apart
/// without colour. Lines are clipped to their cell by arithmetic, so all cells share one path.
fn patterns(ctx: &CanvasRenderingContext2d, scene: &Scene, theme: &Theme) {
    ctx.begin_path();
    for cell in scene.cells.iter().filter(|c| c.tone == Tone::Cropped) {
        hatch(ctx, cell.x + 1.0, cell.y + 1.0, cell.size - 2.0);
    }
    ctx.set_stroke_style_str(theme.grid);
    ctx.set_line_width(1.5);
    ctx.stroke();

    ctx.begin_path();
    for cell in scene.cells.iter().filter(|c| c.tone == Tone::Hole) {
        cross(ctx, cell.x, cell.y, cell.size);
    }
    ctx.set_stroke_style_str(theme.muted);
    ctx.stroke();

    ctx.begin_path();
    for cell in scene.cells.iter().filter(|c| c.tone == Tone::AddedZero) {
        dots(ctx, cell.x, cell.y, cell.size);
    }
    ctx.set_fill_style_str(theme.muted);
    ctx.fill();
}

/// Diagonal lines 7 units apart across the square at (x, y): each line u + v = c, clipped to the square.
fn hatch(ctx: &CanvasRenderingContext2d, x: f64, y: f64, size: f64) {
    let mut c = 7.0 / 2.0;
    while c < 2.0 * size {
        let (u0, u1) = ((c - size).max(0.0), c.min(size));
        ctx.move_to(x + u0, y + c - u0);
        ctx.line_to(x + u1, y + c - u1);
        c += 7.0;
    }
}

fn dots(ctx: &CanvasRenderingContext2d, x: f64, y: f64, size: f64) {
    let step = size / 4.0;
    for i in 1..4 {
        for j in 1..4 {
            let (cx, cy) = (x + i as f64 * step, y + j as f64 * step);
            ctx.move_to(cx + 1.3, cy);
            ctx.arc(cx, cy, 1.3, 0.0, std::f64::consts::TAU).ok();
        }
    }
}

fn cross(ctx: &CanvasRenderingContext2d, x: f64, y: f64, size: f64) {
    let m = size * 0.28;
    ctx.move_to(x + m, y + m);
    ctx.line_to(x + size - m, y + size - m);
    ctx.move_to(x + size - m, y + m);
    ctx.line_to(x + m, y + size - m);
}

/// Canvas text does not wrap: break `text` at spaces into lines no wider than `max_width`,
/// 22 units apart, the first at (`x`, `y`).
fn paint_wrapped(ctx: &CanvasRenderingContext2d, text: &str, x: f64, y: f64, max_width: f64) {
    let width = |line: &str| ctx.measure_text(line).map(|m| m.width()).unwrap_or(0.0);
    let mut line = String::new();
    let mut y = y;
    for word in text.split(' ') {
        let longer = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
        if !line.is_empty() && width(&longer) > max_width {
            ctx.fill_text(&line, x, y).ok();
            y += 22.0;
            line = word.to_string();
        } else {
            line = longer;
        }
    }
    ctx.fill_text(&line, x, y).ok();
}
