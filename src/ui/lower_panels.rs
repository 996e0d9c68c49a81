//! The panels below the stage (paste a layer, target size, the shape panel, the ambiguity plot,
//! the framework table, the examples): a module of their own, loaded when the place they go nears
//! the viewport, so the first view fetches only what it shows. Until then the place keeps roughly
//! their height, so the page's length (and the scrollbar) does not jump when they arrive.

use leptos::prelude::*;

use super::ambiguity_plot::AmbiguityPanel;
use super::framework_table::FrameworkTable;
use super::gallery::Gallery;
use super::part::PartBuilder;
use super::paste_panel::PastePanel;
use super::shape_panel::ShapePanel;
use super::target_panel::TargetPanel;
use super::visible;

/// The panels, from their module (which then loads plotters and the framework search as the
/// plot and the table need them).
#[cfg_attr(feature = "split", lazy)]
async fn load_lower_panels() -> PartBuilder {
    // Its classes are in the panels\' stylesheet (index.html), not the first view\'s.
    super::stylesheet::link_stylesheet("panels-stylesheet").await;
    let build: PartBuilder = lower_panels;
    build
}

fn lower_panels() -> AnyView {
    view! {
        <PastePanel/>
        <TargetPanel/>
        <ShapePanel/>
        <AmbiguityPanel/>
        <FrameworkTable/>
        <Gallery/>
    }
    .into_any()
}

/// The lower panels once loaded; until then, the room they will take.
#[component]
pub fn LowerPanels() -> impl IntoView {
    let place = NodeRef::<leptos::html::Div>::new();
    let seen = visible::seen(place, visible::NEAR);
    let build = RwSignal::new(None::<PartBuilder>);
    Effect::new(move |_| {
        if seen.get() && build.get_untracked().is_none() {
            leptos::task::spawn_local(async move { build.set(Some(load_lower_panels().await)) });
        }
    });
    view! {
        <div node_ref=place class="lower-panels" class:unloaded=move || build.with(Option::is_none)>
            {move || build.get().map(|build| build())}
        </div>
    }
}
