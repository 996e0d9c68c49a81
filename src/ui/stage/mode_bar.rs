//! What present and embed modes add under the stage: in present mode, fullscreen (`F`) and the
//! way back to the whole page (`Esc`); in embed mode, a link that opens the same state in the
//! whole app in a new tab (a course page's frame is small, and the reader may want the rest).
//!
//! Only a link enters these modes, so the bar and its stylesheet come with the link reader's
//! module (state.rs, `open_link`), before the first frame of such a link; the default page
//! carries none of it. What the keys need (`toggle_fullscreen`, `leave_present`) stays in the
//! first module.

use leptos::prelude::*;

use crate::conv::app::query::{AppState, Mode};
use crate::ui::url::{load_query_writer, share_url};

/// Builds the bar for the page's state (a plain function pointer, so the first module carries
/// none of it; given the state rather than reading the lab, so state.rs can name it).
pub type ModeBarBuilder = fn(RwSignal<AppState>) -> AnyView;

/// Fullscreen on or off (the whole document, so the caption and controls come along).
pub fn toggle_fullscreen() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    if document.fullscreen_element().is_some() {
        document.exit_fullscreen();
    } else if let Some(root) = document.document_element() {
        let _ = root.request_fullscreen();
    }
}

/// Back to the whole page, out of fullscreen.
pub fn leave_present(state: RwSignal<AppState>) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        if document.fullscreen_element().is_some() {
            document.exit_fullscreen();
        }
    }
    state.update(|s| s.mode = None);
}

/// Link present and embed modes' stylesheet and wait until it has loaded, so that the first frame
/// is laid out in the mode.
pub async fn link_modes_stylesheet() {
    crate::ui::stylesheet::link_stylesheet("modes-stylesheet").await;
}

/// The whole app's link for the current state (the state without its mode), kept current.
fn whole_app_link(state: RwSignal<AppState>) -> ReadSignal<String> {
    let (href, set_href) = signal(share_url(""));
    Effect::new(move |_| {
        let state = AppState { mode: None, ..state.get() };
        leptos::task::spawn_local(async move { set_href.set(share_url(&load_query_writer().await(&state))) });
    });
    href
}

/// The mode's own controls, after the playback bar. Leaving present mode (`Esc`) hides it with
/// the rest of the mode's styles (CSS, `html[data-mode]`).
pub fn mode_bar(state: RwSignal<AppState>) -> AnyView {
    if state.with_untracked(|s| s.mode) == Some(Mode::Embed) {
        return view! {
            <div class="mode-bar">
                <a class="open-app" data-testid="open-app" href=whole_app_link(state) target="_blank" rel="noopener">
                    "open in convt-lab ↗"
                </a>
            </div>
        }
        .into_any();
    }
    view! {
        <div class="mode-bar">
            <button class="ghost" data-testid="fullscreen" on:click=move |_| toggle_fullscreen()>"fullscreen (F)"</button>
            <button class="ghost" data-testid="leave-present" on:click=move |_| leave_present(state)>"whole page (Esc)"</button>
        </div>
    }
    .into_any()
}
