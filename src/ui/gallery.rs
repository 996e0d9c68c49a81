//! The gallery of presets, and the share-link button.

use leptos::prelude::*;

use super::stage::playback::stop_playback;
use super::state::{set_state, use_lab};
use super::url::{load_query_writer, share_url};
use crate::conv::app::presets::PRESETS;
use crate::conv::app::query::{AppState, Lang};

/// Preset links: plain links (copyable from the context menu), switched in place on click.
#[component]
pub fn Gallery() -> impl IntoView {
    let lab = use_lab();
    view! {
        <nav class="panel gallery" aria-label="Examples">
            <h2>"Examples"</h2>
            <ul>
                {PRESETS
                    .iter()
                    .map(|preset| {
                        let query = preset.query;
                        let href = if query.is_empty() { "?".to_string() } else { format!("?{query}") };
                        view! {
                            <li>
                                <a
                                    href=href
                                    data-preset=query
                                    on:click=move |ev| {
                                        ev.prevent_default();
                                        let (state, _) = AppState::from_query(query);
                                        stop_playback();
                                        set_state(lab, state);
                                    }
                                >
                                    {preset.title}
                                </a>
                                <small>{preset.shows}</small>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            // A full page load: practice mode's panel comes with the link reader (state.rs).
            <p class="small">
                <a href=move || practice_link(lab.state.with(|s| s.lang)) data-testid="practice-link">
                    "Practice: eight questions to answer, the same for everyone who opens the link"
                </a>
            </p>
        </nav>
    }
}

/// Practice mode's link, in the page's language.
fn practice_link(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "?mode=practice&lang=zh",
        Lang::En => "?mode=practice",
    }
}

/// Copies the page's URL: the exact configuration, view and step.
#[component]
pub fn CopyLink() -> impl IntoView {
    let lab = use_lab();
    let copied = RwSignal::new(false);
    let copy = move |_| {
        // Built from the state, not read from the address bar, which is written a moment later.
        let state = lab.state.get_untracked();
        leptos::task::spawn_local(async move {
            let href = share_url(&load_query_writer().await(&state));
            if let Some(window) = web_sys::window() {
                let _ = window.navigator().clipboard().write_text(&href);
                copied.set(true);
            }
        });
    };
    view! {
        <button class="ghost" data-testid="copy-link" on:click=copy>
            {move || if copied.get() { "link copied" } else { "copy link" }}
        </button>
    }
}
