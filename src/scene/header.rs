//! The header every exported picture carries above the stage, so a slide explains itself: which
//! grid is the input and which the output with their sizes, the view and step, the framework's
//! call, and the caption of the step. Display-list items, so PNG, SVG and GIF share it.

use super::display::{DisplayList, Draw, Font, Placed, Role};
use super::text::{wrap, Family};
use super::theme::Style;
use super::Anchor;

/// What the header says.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Header<'a> {
    /// Spatial sizes of the input and output, per axis.
    pub sizes_in: &'a [i64],
    pub sizes_out: &'a [i64],
    /// The view's name (`scatter`, `gather`, …).
    pub view: &'a str,
    /// The step shown, of `steps` (a view without steps has 0).
    pub step: usize,
    pub steps: usize,
    /// The framework's call, as the code line shows it.
    pub call: &'a str,
    /// The words for the step (empty: no caption line).
    pub caption: &'a str,
}

impl Header<'_> {
    /// `input 3×3 → output 6×6 · scatter, step 4 of 9` (in the active language).
    pub fn title(&self) -> String {
        let sizes = |s: &[i64]| s.iter().map(|v| v.to_string()).collect::<Vec<_>>().join("×");
        let step = if self.steps > 0 { format!(", step {} of {}", self.step, self.steps) } else { String::new() };
        crate::i18n::tr(format!(
            "input {} → output {} · {}{step}",
            sizes(self.sizes_in),
            sizes(self.sizes_out),
            self.view
        ))
    }
}

const MARGIN: f64 = 24.0;
/// The header never wraps narrower than this, however narrow the scene (a 1×1 layer's is ~250).
const MIN_WIDTH: f64 = 560.0;
const TITLE_SIZE: f64 = 18.0;
const CALL_SIZE: f64 = 14.0;
const CAPTION_SIZE: f64 = 15.0;

/// `list` moved down under a header, the picture widened to at least the header's minimum width.
pub fn with_header(list: DisplayList, header: &Header, style: &Style) -> DisplayList {
    with_header_at_least(list, header, style, 0.0)
}

/// As [`with_header`], the header at least `height` units tall: an animation's frames all put
/// the stage at the same place however many lines each frame's caption takes.
pub fn with_header_at_least(mut list: DisplayList, header: &Header, style: &Style, height: f64) -> DisplayList {
    let theme = style.theme;
    let width = list.width.max(MIN_WIDTH);
    let text_width = width - 2.0 * MARGIN;
    let mut y = MARGIN;
    let mut draws = Vec::new();
    let mut block = |text: &str, font: Font, colour: &'static str, line: f64, y: &mut f64| {
        draws.push(Draw::Font { role: Role::Header, colour, font, anchor: Anchor::Start });
        for text in wrap(text, font.family, font.size, text_width) {
            draws.push(Draw::Text(Placed { x: MARGIN, y: *y + line / 2.0, text }));
            *y += line;
        }
    };
    let title = Font { size: TITLE_SIZE, family: Family::Sans, bold: true };
    block(&header.title(), title, theme.ink, 26.0, &mut y);
    let call = Font { size: CALL_SIZE, family: Family::Mono, bold: false };
    block(header.call, call, theme.ink, 20.0, &mut y);
    if !header.caption.trim().is_empty() {
        y += 4.0;
        let caption = Font { size: CAPTION_SIZE, family: Family::Sans, bold: style.bold };
        block(header.caption, caption, theme.muted, 21.0, &mut y);
    }
    y = (y + 10.0).max(height);
    draws.push(Draw::Segment([MARGIN, y, width - MARGIN, y]));
    draws.push(Draw::Stroke { role: Role::Header, colour: theme.grid, width: 1.0 });
    list.shift(y);
    draws.append(&mut list.draws);
    DisplayList { width, height: list.height + y, background: list.background, draws }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scene::display::display_list;
    use crate::scene::text::text_width;
    use crate::scene::Scene;

    fn header<'a>(call: &'a str, caption: &'a str) -> Header<'a> {
        Header { sizes_in: &[3, 3], sizes_out: &[6, 6], view: "scatter", step: 4, steps: 9, call, caption }
    }

    /// (text, y, font size) of every text and paragraph.
    fn texts(list: &DisplayList) -> Vec<(String, f64, f64)> {
        let mut size = 0.0;
        let mut out = Vec::new();
        for draw in &list.draws {
            match draw {
                Draw::Font { font, .. } => size = font.size,
                Draw::Text(t) | Draw::Paragraph { placed: t, .. } => out.push((t.text.clone(), t.y, size)),
                _ => {}
            }
        }
        out
    }

    #[test]
    fn the_header_names_the_grids_the_call_and_the_step_above_the_stage() {
        let scene = Scene { width: 300.0, height: 100.0, summary: Some("too large".into()), ..Scene::default() };
        let list = display_list(&scene, &Style::LIGHT, 1.0);
        let call = "nn.ConvTranspose2d(1, 1, kernel_size=3, stride=2, padding=1, output_padding=1)";
        let framed = with_header(list.clone(), &header(call, "input (0, 0) = 1 multiplies the kernel"), &Style::LIGHT);
        let lines = texts(&framed);
        assert_eq!(lines[0].0, "input 3×3 → output 6×6 · scatter, step 4 of 9");
        let all: String = lines.iter().map(|l| l.0.clone()).collect::<Vec<_>>().join(" ");
        assert!(all.contains(call) || all.contains("nn.ConvTranspose2d(1, 1,"), "{all}");
        assert!(all.contains("input (0, 0) = 1 multiplies the kernel"));
        // The scene's own text sits below every header line, the picture grew by as much.
        let summary_y = lines.iter().find(|l| l.0 == "too large").unwrap().1;
        assert!(lines.iter().filter(|l| l.0 != "too large").all(|l| l.1 < summary_y));
        assert_eq!(framed.height - list.height, summary_y - 36.0);
        assert_eq!(framed.width, MIN_WIDTH);
        // Every line fits the picture's width.
        for (text, _, size) in &lines {
            let family = if text.starts_with("nn.") || text.contains("padding=") { Family::Mono } else { Family::Sans };
            assert!(MARGIN + text_width(text, family, *size) <= framed.width, "{text}");
        }
    }

    #[test]
    fn no_caption_no_caption_line_and_no_steps_no_step() {
        let scene = Scene { width: 900.0, height: 100.0, ..Scene::default() };
        let list = display_list(&scene, &Style::LIGHT, 1.0);
        let plain = Header { steps: 0, step: 0, view: "overlap", ..header("f(x)", " ") };
        let framed = with_header(list, &plain, &Style::LIGHT);
        let lines = texts(&framed);
        assert_eq!(
            lines.iter().map(|l| l.0.as_str()).collect::<Vec<_>>(),
            ["input 3×3 → output 6×6 · overlap", "f(x)"]
        );
        assert_eq!(framed.width, 900.0);
    }

    #[test]
    fn a_header_held_taller_puts_the_stage_lower_by_exactly_the_difference() {
        let scene = Scene { width: 900.0, height: 100.0, ..Scene::default() };
        let list = display_list(&scene, &Style::LIGHT, 1.0);
        let short = header("f(x)", "one line");
        let natural = with_header(list.clone(), &short, &Style::LIGHT);
        let header_height = natural.height - list.height;
        let held = with_header_at_least(list.clone(), &short, &Style::LIGHT, header_height + 40.0);
        assert_eq!(held.height, natural.height + 40.0);
        // Held to less than it needs, a header keeps its own height.
        assert_eq!(with_header_at_least(list, &short, &Style::LIGHT, 10.0), natural);
    }
}
