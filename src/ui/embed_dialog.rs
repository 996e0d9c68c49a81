//! "embed in a page…": a dialog with the `<iframe>` snippet for the current state in embed mode
//! (export/embed.rs writes it), a choice of size, and a copy button. Part of the export module.

use leptos::prelude::*;

use super::state::use_lab;
use super::url::{load_query_writer, share_url};
use crate::conv::app::query::{AppState, Mode};
use crate::export::embed::{iframe_snippet, FRAME_SIZES};

#[component]
pub fn EmbedDialog() -> impl IntoView {
    let lab = use_lab();
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let size = RwSignal::new(0usize);
    let link = RwSignal::new(String::new());
    let copied = RwSignal::new(false);
    // The state's link in embed mode, kept current (the writer is a module of its own).
    Effect::new(move |_| {
        let state = AppState { mode: Some(Mode::Embed), ..lab.state.get() };
        copied.set(false);
        leptos::task::spawn_local(async move { link.set(share_url(&load_query_writer().await(&state))) });
    });
    let title = move || {
        let sizes = |s: Vec<i64>| s.iter().map(|v| v.to_string()).collect::<Vec<_>>().join("×");
        // The frame's accessible name, in the page's language (the snippet is code, which the
        // page's translation leaves as it is).
        crate::i18n::tr(match lab.layer.get().ok() {
            Some(layer) => format!(
                "convt-lab: transposed convolution, {} → {}",
                sizes(layer.axes.iter().map(|a| a.size_in).collect()),
                sizes(layer.spatial_out())
            ),
            None => "convt-lab: transposed convolution".to_string(),
        })
    };
    let snippet = move || iframe_snippet(&link.get(), &title(), FRAME_SIZES[size.get()].1);
    let copy = move |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.navigator().clipboard().write_text(&snippet());
            copied.set(true);
        }
    };
    view! {
        <div class="export-row">
            <span class="export-what">"a course page"</span>
            <button
                class="ghost"
                data-testid="embed-open"
                on:click=move |_| {
                    if let Some(dialog) = dialog.get() {
                        let _ = dialog.show_modal();
                    }
                }
            >
                "embed in a page…"
            </button>
        </div>
        <dialog node_ref=dialog class="embed-dialog" aria-labelledby="embed-title">
            <h2 id="embed-title">"Embed this stage"</h2>
            <p class="small">
                "Paste this HTML into a course page, a blog or an HTML slide deck. The frame shows the stage, its step controls, "
                "the caption and legend, and a link that opens the same layer here."
            </p>
            <label class="inline">
                "size "
                <select
                    prop:value=move || size.get().to_string()
                    on:change=move |ev| size.set(event_target_value(&ev).parse().unwrap_or(0))
                >
                    {FRAME_SIZES
                        .iter()
                        .enumerate()
                        .map(|(i, (label, _))| view! { <option value=i.to_string()>{*label}</option> })
                        .collect_view()}
                </select>
            </label>
            <textarea data-testid="embed-code" readonly rows="4" aria-label="Embed code" prop:value=snippet></textarea>
            <p class="muted small">
                "The page may be framed by any site; a host that serves it must not add headers that forbid framing "
                "(X-Frame-Options, CSP frame-ancestors)."
            </p>
            <div class="export-row">
                <button class="play" on:click=copy>{move || if copied.get() { "copied" } else { "copy" }}</button>
                <button
                    class="ghost"
                    on:click=move |_| {
                        if let Some(dialog) = dialog.get() {
                            dialog.close();
                        }
                    }
                >
                    "close"
                </button>
            </div>
        </dialog>
    }
}
