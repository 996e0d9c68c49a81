//! The browser app (wasm32 only). State lives in the URL (Contract 2); every number comes from
//! the same core the CLI uses; components are one per file and paint.rs alone touches the canvas.

mod ambiguity_plot;
mod controls;
mod framework_table;
mod gallery;
mod lazy;
mod lower_panels;
mod paint;
mod paste_panel;
mod shape_panel;
mod stage;
mod target_panel;
mod url_problems;
mod values;
mod visible;

use leptos::prelude::*;

use crate::conv::app::query::AppState;
use crate::conv::{ConvError, Layer};

/// What every component shares: the state, the layer it resolves to, and playback.
#[derive(Clone, Copy)]
pub struct Lab {
    pub state: RwSignal<AppState>,
    /// The current layer, or why the framework rejects it.
    pub layer: Memo<Result<Layer, ConvError>>,
    /// The last layer that resolved: the stage keeps drawing it while the settings are invalid.
    pub shown: Memo<Option<Layer>>,
    pub playing: RwSignal<bool>,
    /// Animation speed in steps per second.
    pub speed: RwSignal<f64>,
    pub numbers: RwSignal<bool>,
    /// Every framework's dialect, once loaded (PyTorch's is always there; see lazy.rs).
    pub dialects: RwSignal<Option<lazy::Dialects>>,
    /// The stage's views besides scatter, once loaded (see lazy.rs).
    pub views: RwSignal<Option<lazy::ViewBuilder>>,
    /// What the last framework switch says of the layer it shows, built by the module that
    /// worked it out (lazy.rs, `switch_framework`).
    pub switch_notice: RwSignal<Option<lazy::PartBuilder>>,
}

fn current_query() -> String {
    web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default()
}

/// The page's full URL for a state's query (Contract 2).
pub fn share_url(query: &str) -> String {
    let location = web_sys::window().map(|w| w.location());
    let origin = location.as_ref().and_then(|l| l.origin().ok()).unwrap_or_default();
    let path = location.as_ref().and_then(|l| l.pathname().ok()).unwrap_or_else(|| "/".to_string());
    if query.is_empty() {
        format!("{origin}{path}")
    } else {
        format!("{origin}{path}?{query}")
    }
}

/// `AppState::to_query`, from a module of its own: only a change of state or the copy-link button
/// needs the query string, never the first frame.
#[cfg_attr(feature = "split", lazy)]
pub async fn load_query_writer() -> fn(&AppState) -> String {
    let write: fn(&AppState) -> String = AppState::to_query;
    write
}

/// Replace the URL with the state's query (no history entry per keystroke).
fn write_query(query: &str) {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&share_url(query)));
    }
}

/// Before mounting: load the modules the page's own URL shows (lazy.rs).
pub async fn preload() {
    let (state, problems) = AppState::from_query(&current_query());
    lazy::preload_for(&state, !problems.is_empty()).await;
}

/// The app root.
#[component]
pub fn App() -> impl IntoView {
    let (initial, problems) = AppState::from_query(&current_query());
    let state = RwSignal::new(initial);
    let preloaded = lazy::preloaded();
    let all_dialects = RwSignal::new(preloaded.dialects);
    let layer = Memo::new(move |_| state.with(|s| lazy::resolve(all_dialects.get(), s)));
    let shown = Memo::new(move |previous: Option<&Option<Layer>>| match layer.get() {
        Ok(l) => Some(l),
        Err(_) => previous.cloned().flatten(),
    });
    let lab = Lab {
        state,
        layer,
        shown,
        playing: RwSignal::new(false),
        speed: RwSignal::new(2.0),
        numbers: RwSignal::new(true),
        dialects: all_dialects,
        views: RwSignal::new(preloaded.views),
        switch_notice: RwSignal::new(None),
    };
    provide_context(lab);
    // The URL is written a moment after the last change, off the repaint's path: replaceState
    // costs about a millisecond, and browsers throttle it when called on every animation step.
    // The writer is a module of its own (the first frame never needs it): a page whose URL
    // already says its state, with nothing to report, writes nothing until its first change.
    let pending = StoredValue::new(None::<TimeoutHandle>);
    let nothing_to_report = problems.is_empty();
    Effect::new(move |previous: Option<()>| {
        let current = state.get();
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        // Only the first run may skip: a later return to the opened state must be written too.
        if previous.is_none() && nothing_to_report {
            return;
        }
        let write = move || {
            leptos::task::spawn_local(async move { write_query(&load_query_writer().await(&current)) });
        };
        let handle = set_timeout_with_handle(write, std::time::Duration::from_millis(40));
        pending.set_value(handle.ok());
    });

    view! {
        <header class="top">
            <div class="brand">
                <h1>"convt-lab"</h1>
                <p class="lede">"Transposed convolution, exact and visible."</p>
            </div>
            <gallery::CopyLink/>
        </header>
        <main class="lab">
            {preloaded.url_problems.map(|build| build(problems))}
            <controls::Controls/>
            <stage::Stage/>
            <lower_panels::LowerPanels/>
        </main>
    }
}
