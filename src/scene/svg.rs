//! A display list as an SVG document: vector shapes, text as `<text>` (selectable, searchable,
//! sharp at any zoom), each painted path one `<path>` with its role as its class, each run of
//! texts one `<g>` carrying their font. What the canvas draws, drawn the same way.

use std::fmt::Write;

use super::display::{DisplayList, Draw, Font, Rect, Role};
use super::text::wrap;
use super::Anchor;

/// A coordinate with at most two decimals and no trailing zeros (`12`, `3.5`, `-0.25`).
fn num(value: f64) -> String {
    let hundredths = (value * 100.0).round() as i64;
    let sign = if hundredths < 0 { "-" } else { "" };
    let (whole, fraction) = (hundredths.unsigned_abs() / 100, hundredths.unsigned_abs() % 100);
    match fraction {
        0 => format!("{sign}{whole}"),
        f if f % 10 == 0 => format!("{sign}{whole}.{}", f / 10),
        f => format!("{sign}{whole}.{f:02}"),
    }
}

/// `text` safe inside an element or a double-quoted attribute; characters XML 1.0 forbids
/// (control characters) become U+FFFD rather than an unreadable file.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || matches!(c as u32, 0xFFFE | 0xFFFF) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

fn rect_path(d: &mut String, r: &Rect) {
    let _ = write!(d, "M{} {}h{}v{}h{}z", num(r.x), num(r.y), num(r.w), num(r.h), num(-r.w));
}

fn font_attributes(font: &Font, anchor: Anchor) -> String {
    let anchor = match anchor {
        Anchor::Start => "start",
        Anchor::Middle => "middle",
    };
    let weight = if font.bold { " font-weight=\"bold\"" } else { "" };
    format!(
        "font-family=\"{}\" font-size=\"{}\"{weight} text-anchor=\"{anchor}\" dominant-baseline=\"central\"",
        escape(font.family.css()),
        num(font.size)
    )
}

/// The SVG document for `list`, `title` as its accessible name (`<title>`).
pub fn svg(list: &DisplayList, title: &str) -> String {
    let (w, h) = (num(list.width), num(list.height));
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\">\n\
         <title>{}</title>\n<rect width=\"{w}\" height=\"{h}\" fill=\"{}\"/>\n",
        escape(title),
        list.background
    );
    // The current path's data, and the current font with whether its <g> is open.
    let mut path = String::new();
    let mut font: Option<(Role, &str, Font, Anchor)> = None;
    let mut open = false;
    let close = |out: &mut String, open: &mut bool| {
        if std::mem::take(open) {
            out.push_str("</g>\n");
        }
    };
    for draw in &list.draws {
        match draw {
            Draw::Rect(r) => rect_path(&mut path, r),
            Draw::Segment(s) => {
                let _ = write!(path, "M{} {}L{} {}", num(s[0]), num(s[1]), num(s[2]), num(s[3]));
            }
            Draw::Dot { x, y, radius } => {
                // A circle as two half arcs.
                let (r, across) = (num(*radius), num(2.0 * radius));
                let _ =
                    write!(path, "M{} {}a{r} {r} 0 1 0 {across} 0a{r} {r} 0 1 0 -{across} 0", num(x - radius), num(*y));
            }
            Draw::Fill { role, colour } | Draw::Stroke { role, colour, .. } => {
                if !path.is_empty() {
                    close(&mut out, &mut open);
                    let paint = match draw {
                        Draw::Stroke { width, .. } => {
                            format!("fill=\"none\" stroke=\"{colour}\" stroke-width=\"{}\"", num(*width))
                        }
                        _ => format!("fill=\"{colour}\""),
                    };
                    let _ = writeln!(out, "<path class=\"{}\" {paint} d=\"{path}\"/>", role.id());
                    path.clear();
                }
            }
            Draw::Font { role, colour, font: f, anchor } => {
                close(&mut out, &mut open);
                font = Some((*role, colour, *f, *anchor));
            }
            Draw::Text(placed) | Draw::Paragraph { placed, .. } => {
                let Some((role, colour, f, anchor)) = font else { continue };
                if !open {
                    let _ =
                        writeln!(out, "<g class=\"{}\" fill=\"{colour}\" {}>", role.id(), font_attributes(&f, anchor));
                    open = true;
                }
                let lines = match draw {
                    Draw::Paragraph { width, line, .. } => wrap(&placed.text, f.family, f.size, *width)
                        .into_iter()
                        .zip((0..).map(|i| f64::from(i) * line))
                        .collect(),
                    _ => vec![(placed.text.clone(), 0.0)],
                };
                for (text, dy) in lines {
                    let _ = writeln!(
                        out,
                        "<text x=\"{}\" y=\"{}\">{}</text>",
                        num(placed.x),
                        num(placed.y + dy),
                        escape(&text)
                    );
                }
            }
        }
    }
    close(&mut out, &mut open);
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_exact_to_the_hundredth() {
        let cases = [
            (12.0, "12"),
            (3.5, "3.5"),
            (-0.25, "-0.25"),
            (0.004, "0"),
            (-0.004, "0"),
            (1.0 / 3.0, "0.33"),
            (2.1, "2.1"),
        ];
        for (value, text) in cases {
            assert_eq!(num(value), text, "{value}");
        }
    }

    #[test]
    fn markup_and_control_characters_are_escaped() {
        assert_eq!(escape("a<b & \"c\" 'd'>"), "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;");
        assert_eq!(escape("x\u{0}y\u{1b}"), "x\u{FFFD}y\u{FFFD}");
    }
}
