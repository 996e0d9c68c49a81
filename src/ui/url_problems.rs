//! The notice listing what in the opened URL was not understood and fell back to defaults
//! (Contract 3 `url-problems`). Only a link can have something to report, so it comes with the
//! link reader's module (state.rs, `open_link`), never in the first view's.

use leptos::prelude::*;

/// Builds the notice from its lines.
pub type NoticeBuilder = fn(Vec<String>) -> AnyView;

/// The notice (named only by `open_link`, so its code is in that module).
pub fn notice(problems: Vec<String>) -> AnyView {
    view! {
        <div class="notice" data-testid="url-problems" role="status">
            <strong>"Some values in the link were not understood and fell back to defaults:"</strong>
            <ul>{problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
        </div>
    }
    .into_any()
}
