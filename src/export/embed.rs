//! The `<iframe>` snippet that puts the current state on a course page or in a slide deck
//! (`mode=embed`): the share link in its `src`, escaped as an HTML attribute (a link's `&`
//! must be written `&amp;`), a title for screen readers, and a fixed or a responsive size.

/// How big the frame is on the host page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrameSize {
    /// Fixed CSS pixels.
    Fixed(u32, u32),
    /// The host column's full width at 16:9.
    FullWidth,
}

/// The sizes offered, with their labels (800 × 450 first: a slide's 16:9 at a course page's width).
pub const FRAME_SIZES: [(&str, FrameSize); 4] = [
    ("800 × 450", FrameSize::Fixed(800, 450)),
    ("640 × 360", FrameSize::Fixed(640, 360)),
    ("960 × 540", FrameSize::Fixed(960, 540)),
    ("full width, 16:9", FrameSize::FullWidth),
];

/// `text` safe inside a double-quoted HTML attribute.
fn attribute(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// The snippet for `url` (the embed link), titled `title`, at `size`.
pub fn iframe_snippet(url: &str, title: &str, size: FrameSize) -> String {
    let size = match size {
        FrameSize::Fixed(w, h) => format!("width=\"{w}\" height=\"{h}\" style=\"border:0\""),
        FrameSize::FullWidth => "style=\"border:0;width:100%;aspect-ratio:16/9\"".to_string(),
    };
    format!(
        "<iframe src=\"{}\" title=\"{}\" {size} loading=\"lazy\" allow=\"fullscreen\"></iframe>",
        attribute(url),
        attribute(title)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_link_is_escaped_and_the_size_written() {
        let snippet = iframe_snippet(
            "https://example.org/convt-lab/?k=4&s=2&mode=embed",
            "convt-lab: 3×3 → 6×6",
            FrameSize::Fixed(800, 450),
        );
        assert_eq!(
            snippet,
            "<iframe src=\"https://example.org/convt-lab/?k=4&amp;s=2&amp;mode=embed\" title=\"convt-lab: 3×3 → 6×6\" \
             width=\"800\" height=\"450\" style=\"border:0\" loading=\"lazy\" allow=\"fullscreen\"></iframe>"
        );
    }

    #[test]
    fn nothing_in_a_title_or_link_can_close_the_attribute() {
        let snippet = iframe_snippet("a\"><script>", "\" onload=\"x", FrameSize::FullWidth);
        assert!(!snippet.contains("<script>") && !snippet.contains("\" onload"), "{snippet}");
        assert!(snippet.contains("aspect-ratio:16/9"));
        assert_eq!(snippet.matches('"').count() % 2, 0);
    }
}
