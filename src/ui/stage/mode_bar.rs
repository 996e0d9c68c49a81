//! What present and embed modes add under the stage: in present mode, fullscreen (`F`) and the
//! way back to the whole page (`Esc`); in embed mode, a link that opens the same state in the
//! whole app in a new tab (a course page's frame is small, and the reader may want the rest).

use leptos::prelude::*;

use crate::conv::app::query::{AppState, Mode};
use crate::ui::state::{use_lab, Lab};
use crate::ui::url::{load_query_writer, share_url};

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
pub fn leave_present(lab: Lab) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        if document.fullscreen_element().is_some() {
            document.exit_fullscreen();
        }
    }
    lab.state.update(|s| s.mode = None);
}

/// The whole app's link for the current state (the state without its mode), kept current.
fn whole_app_link(lab: Lab) -> ReadSignal<String> {
    let (href, set_href) = signal(share_url(""));
    Effect::new(move |_| {
        let state = AppState { mode: None, ..lab.state.get() };
        leptos::task::spawn_local(async move { set_href.set(share_url(&load_query_writer().await(&state))) });
    });
    href
}

/// The mode's own controls, after the playback bar.
#[component]
pub fn ModeBar(mode: Mode) -> impl IntoView {
    let lab = use_lab();
    if mode == Mode::Present {
        return view! {
            <div class="mode-bar">
                <button class="ghost" data-testid="fullscreen" on:click=move |_| toggle_fullscreen()>"fullscreen (F)"</button>
                <button class="ghost" data-testid="leave-present" on:click=move |_| leave_present(lab)>"whole page (Esc)"</button>
            </div>
        }
        .into_any();
    }
    view! {
        <div class="mode-bar">
            <a class="open-app" data-testid="open-app" href=whole_app_link(lab) target="_blank" rel="noopener">
                "open in convt-lab ↗"
            </a>
        </div>
    }
    .into_any()
}
