//! The panels below the shape panel (the ambiguity plot, the framework table, the examples): a
//! module of their own, loaded when the place they go nears the viewport, so the first view
//! fetches only what it shows. Until then their frames and titles hold the place (plain HTML,
//! which costs the first module nothing), so nothing jumps and nothing looks missing.

use leptos::prelude::*;

use super::{lazy, visible};

/// The panels' frames and titles while their module loads.
const PLACEHOLDERS: &str = r#"<section class="panel placeholder plot"><h2>Why output_padding exists</h2></section>
<section class="panel placeholder table"><h2>The same layer in every framework</h2></section>
<section class="panel placeholder examples"><h2>Examples</h2></section>"#;

/// The lower panels once loaded; until then, the room they will take.
#[component]
pub fn LowerPanels() -> impl IntoView {
    let place = NodeRef::<leptos::html::Div>::new();
    let seen = visible::seen(place);
    let build = RwSignal::new(None::<lazy::PanelsBuilder>);
    Effect::new(move |_| {
        if seen.get() && build.get_untracked().is_none() {
            leptos::task::spawn_local(async move { build.set(Some(lazy::load_lower_panels().await)) });
        }
    });
    view! {
        <div node_ref=place class="lower-panels">
            <div class="placeholders" aria-hidden="true" hidden=move || build.with(Option::is_some) inner_html=PLACEHOLDERS></div>
            {move || build.get().map(|build| build())}
        </div>
    }
}
