//! The page's URL (Contract 2): its query (which state.rs reads once, when the app starts),
//! written back a moment after the last change, and turned into share links.

use leptos::prelude::*;

use crate::conv::app::query::AppState;

/// The page's query string, with its `?`.
pub fn current_query() -> String {
    web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default()
}

/// The page's full URL for a state's query.
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

/// `AppState::to_query`, from a module of its own: only a change of state or a share button
/// needs the query string, never the first frame.
#[cfg_attr(feature = "split", lazy)]
pub async fn load_query_writer() -> fn(&AppState) -> String {
    let write: fn(&AppState) -> String = AppState::to_query;
    write
}

/// Replace the URL with the state's query (no history entry per keystroke).
fn replace_query(query: &str) {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&share_url(query)));
    }
}

/// Write the state into the URL a moment after its last change, off the repaint's path:
/// replaceState costs about a millisecond, and browsers throttle it when called on every
/// animation step. A page whose URL already says its state (`opened_clean`: nothing in it fell
/// back to a default) writes nothing until its first change.
pub fn write_back(state: RwSignal<AppState>, opened_clean: bool) {
    let pending = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |previous: Option<()>| {
        let current = state.get();
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        // Only the first run may skip: a later return to the opened state must be written too.
        if previous.is_none() && opened_clean {
            return;
        }
        let write = move || {
            leptos::task::spawn_local(async move { replace_query(&load_query_writer().await(&current)) });
        };
        let handle = set_timeout_with_handle(write, std::time::Duration::from_millis(40));
        pending.set_value(handle.ok());
    });
}
