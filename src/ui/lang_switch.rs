//! The language switch (Contract 3 `lang-switch`): opens the same state in the other language.
//! The URL holds the whole state, so the page reopens where it was, in Chinese from its first
//! frame (the Chinese module loads before the app mounts) or in English without that module.

use leptos::prelude::*;

use super::state::use_lab;
use super::url::{load_query_writer, share_url};
use crate::conv::app::query::{AppState, Lang};

#[component]
pub fn LangSwitch() -> impl IntoView {
    let lab = use_lab();
    let chinese = lab.state.with_untracked(|s| s.lang == Lang::Zh);
    let switch = move |_| {
        let lang = if chinese { Lang::En } else { Lang::Zh };
        let state = AppState { lang, ..lab.state.get_untracked() };
        leptos::task::spawn_local(async move {
            let href = share_url(&load_query_writer().await(&state));
            if let Some(window) = web_sys::window() {
                let _ = window.location().assign(&href);
            }
        });
    };
    // Each name in its own language (and so marked, for a screen reader's voice).
    let (name, lang) = if chinese { ("English", "en") } else { ("中文", "zh-CN") };
    view! {
        <button class="ghost" data-testid="lang-switch" translate="no" lang=lang on:click=switch>
            {name}
        </button>
    }
}
