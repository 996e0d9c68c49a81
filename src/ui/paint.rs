//! The only code that touches a 2-D canvas: the display list's [`Pen`] for a canvas, drawing each
//! command as it comes and deciding nothing. The stage paints a scene through it as
//! [`draw_scene`] writes it, without keeping a list; the exports replay a recorded one.

use web_sys::CanvasRenderingContext2d;

use crate::scene::display::{draw_scene, DisplayList, Draw, Font, Pen, Rect, Role};
use crate::scene::patterns::Segment;
use crate::scene::theme::Style;
use crate::scene::{Anchor, Scene};

/// A 2-D context as a display list's pen: each method one or a few canvas calls.
pub struct CanvasPen<'a>(pub &'a CanvasRenderingContext2d);

impl CanvasPen<'_> {
    /// Clear `width` × `height` scene units to `background`, scale the context by `scale`
    /// (canvas pixels per scene unit) and start a path.
    pub fn start(&self, width: f64, height: f64, background: &str, scale: f64) {
        let ctx = self.0;
        ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0).ok();
        ctx.set_fill_style_str(background);
        ctx.fill_rect(0.0, 0.0, width * scale, height * scale);
        ctx.scale(scale, scale).ok();
        ctx.set_text_baseline("middle");
        ctx.begin_path();
    }
}

impl Pen for CanvasPen<'_> {
    fn rect(&mut self, r: Rect) {
        self.0.rect(r.x, r.y, r.w, r.h);
    }
    fn segment(&mut self, s: Segment) {
        self.0.move_to(s[0], s[1]);
        self.0.line_to(s[2], s[3]);
    }
    fn dot(&mut self, x: f64, y: f64, radius: f64) {
        self.0.move_to(x + radius, y);
        self.0.arc(x, y, radius, 0.0, std::f64::consts::TAU).ok();
    }
    fn fill(&mut self, _: Role, colour: &'static str) {
        self.0.set_fill_style_str(colour);
        self.0.fill();
        self.0.begin_path();
    }
    fn stroke(&mut self, _: Role, colour: &'static str, width: f64) {
        self.0.set_stroke_style_str(colour);
        self.0.set_line_width(width);
        self.0.stroke();
        self.0.begin_path();
    }
    fn font(&mut self, _: Role, colour: &'static str, font: Font, anchor: Anchor) {
        // Whole units (the context is scaled): printing the size needs no float formatting.
        let weight = if font.bold { "bold " } else { "" };
        self.0.set_font(&format!("{weight}{}px {}", font.size as i64, font.family.css()));
        self.0.set_text_align(match anchor {
            Anchor::Start => "start",
            Anchor::Middle => "center",
        });
        self.0.set_fill_style_str(colour);
    }
    fn text(&mut self, x: f64, y: f64, text: &str) {
        self.0.fill_text(text, x, y).ok();
    }
    fn paragraph(&mut self, x: f64, y: f64, text: &str, width: f64, line: f64) {
        paint_wrapped(self.0, text, x, y, width, line);
    }
}

/// Draw `scene` in `style` at `scale` canvas pixels per scene unit.
pub fn paint_scene(ctx: &CanvasRenderingContext2d, scene: &Scene, style: &Style, scale: f64) {
    let mut pen = CanvasPen(ctx);
    pen.start(scene.width, scene.height, style.theme.background, scale);
    draw_scene(scene, style, scale, &mut pen);
}

/// Replay a recorded display list (an export: the scene under its header) at `scale` canvas
/// pixels per unit.
pub fn paint_list(ctx: &CanvasRenderingContext2d, list: &DisplayList, scale: f64) {
    let mut pen = CanvasPen(ctx);
    pen.start(list.width, list.height, list.background, scale);
    for draw in &list.draws {
        match draw {
            Draw::Rect(r) => pen.rect(*r),
            Draw::Segment(s) => pen.segment(*s),
            Draw::Dot { x, y, radius } => pen.dot(*x, *y, *radius),
            Draw::Fill { role, colour } => pen.fill(*role, colour),
            Draw::Stroke { role, colour, width } => pen.stroke(*role, colour, *width),
            Draw::Font { role, colour, font, anchor } => pen.font(*role, colour, *font, *anchor),
            Draw::Text(t) => pen.text(t.x, t.y, &t.text),
            Draw::Paragraph { placed, width, line } => pen.paragraph(placed.x, placed.y, &placed.text, *width, *line),
        }
    }
}

/// Canvas text does not wrap: break `text` at spaces into lines no wider than `max_width` as the
/// canvas measures them, `line` units apart, the first at (`x`, `y`). Measured here rather than
/// estimated, so the stage's lines are as long as its font allows.
fn paint_wrapped(ctx: &CanvasRenderingContext2d, text: &str, x: f64, y: f64, max_width: f64, line_height: f64) {
    let mut line = String::new();
    let mut y = y;
    for word in text.split(' ') {
        let end = line.len();
        if end > 0 {
            line.push(' ');
        }
        line.push_str(word);
        if end > 0 && ctx.measure_text(&line).map(|m| m.width()).unwrap_or(0.0) > max_width {
            ctx.fill_text(&line[..end], x, y).ok();
            y += line_height;
            line = line[end + 1..].to_string();
        }
    }
    ctx.fill_text(&line, x, y).ok();
}
