//! The notice listing what in the opened URL was not understood and fell back to defaults
//! (Contract 3 `url-problems`). A module of its own (lazy.rs), loaded only for links that need it.

use leptos::prelude::*;

/// Values in the opened URL that were bad and fell back to defaults.
#[component]
pub fn UrlProblems(
    /// One line per value that fell back.
    problems: Vec<String>,
) -> impl IntoView {
    view! {
        <div class="notice" data-testid="url-problems" role="status">
            <strong>"Some values in the link were not understood and fell back to defaults:"</strong>
            <ul>{problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
        </div>
    }
}
