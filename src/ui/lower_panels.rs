//! The panels below the stage (the shape panel, the ambiguity plot, the framework table, the
//! examples): a module of their own, loaded when the place they go nears the viewport, so the
//! first view fetches only what it shows. Until then the place keeps roughly their height, so
//! the page's length (and the scrollbar) does not jump when they arrive.

use leptos::prelude::*;

use super::{lazy, visible};

/// The lower panels once loaded; until then, the room they will take.
#[component]
pub fn LowerPanels() -> impl IntoView {
    let place = NodeRef::<leptos::html::Div>::new();
    let seen = visible::seen(place, visible::NEAR);
    let build = RwSignal::new(None::<lazy::PartBuilder>);
    Effect::new(move |_| {
        if seen.get() && build.get_untracked().is_none() {
            leptos::task::spawn_local(async move { build.set(Some(lazy::load_lower_panels().await)) });
        }
    });
    view! {
        <div node_ref=place class="lower-panels" class:unloaded=move || build.with(Option::is_none)>
            {move || build.get().map(|build| build())}
        </div>
    }
}
