//! Which theme the system asks for.

/// True when the system prefers dark colours (the stage and the plot repaint in the dark theme).
pub fn dark_mode() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches())
}
