//! The notice listing what in the opened URL was not understood and fell back to defaults
//! (Contract 3 `url-problems`). Most links have nothing to report, so it is a module of its own,
//! loaded before the first frame of those that do (state.rs, `preload`).

use leptos::prelude::*;

/// Builds the notice from its lines.
pub type NoticeBuilder = fn(Vec<String>) -> AnyView;

#[cfg_attr(feature = "split", lazy)]
pub async fn load_notice() -> NoticeBuilder {
    let build: NoticeBuilder = notice;
    build
}

fn notice(problems: Vec<String>) -> AnyView {
    view! {
        <div class="notice" data-testid="url-problems" role="status">
            <strong>"Some values in the link were not understood and fell back to defaults:"</strong>
            <ul>{problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
        </div>
    }
    .into_any()
}
