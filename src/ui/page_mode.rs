//! The page's mode on its root element (`<html data-mode="present">`, or `"embed"`): the
//! stylesheet shows the stage alone in those modes and hides the rest of the page. An attribute
//! the app sets, rather than parts of the view that come and go with the mode, so the first
//! module carries no view code for modes only a link enters.

use leptos::prelude::*;

use crate::conv::app::query::Mode;

/// Set the root's `data-mode` for `mode` (removed for the whole page, and for practice mode,
/// which keeps the whole page around the stage).
fn show(mode: Option<Mode>) {
    let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) else {
        return;
    };
    let _ = match mode {
        Some(mode @ (Mode::Present | Mode::Embed)) => root.set_attribute("data-mode", mode.id()),
        _ => root.remove_attribute("data-mode"),
    };
}

/// Keep the root's `data-mode` on the page's mode: at once (before the first frame is laid out)
/// and after each change (`Esc` leaves present mode).
pub fn follow_page_mode(mode: Memo<Option<Mode>>) {
    show(mode.get_untracked());
    Effect::new(move |_| show(mode.get()));
}
