//! The stage: the scene for the current layer, view and step, painted to fit (canvas_fit.rs),
//! played (playback.rs), stepped by keys (keys.rs) and explained on hover (hover.rs).

pub mod canvas_fit;
mod header;
pub mod hover;
pub mod keys;
mod legend;
mod param_error;
pub mod playback;
mod playback_bar;
pub mod views;

use leptos::prelude::*;

use crate::scene::Scene;
use crate::ui::state::use_lab;
use crate::ui::values::stage_values;
use crate::ui::values_editor::ValuesDisclosure;
use canvas_fit::use_canvas_fit;
use header::StageHeader;
use hover::use_hover;
use keys::use_keys;
use legend::Legend;
use param_error::ParamError;
use playback::{use_animation, use_playback};
use playback_bar::PlaybackBar;

/// A scene that is only words: why nothing is drawn.
fn words(text: &str) -> Scene {
    Scene { summary: Some(text.into()), width: 800.0, height: 80.0, ..Scene::default() }
}

/// The stage with its header, playback bar, values and legend.
#[component]
pub fn Stage() -> impl IntoView {
    let lab = use_lab();
    let playback = use_playback();
    let numbers = RwSignal::new(true);
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let view_kind = Memo::new(move |_| lab.state.with(|s| s.view));
    let steps = Memo::new(move |_| {
        let view = view_kind.get();
        lab.shown.with(|l| l.as_ref().map(|l| views::steps_of(l, view)).unwrap_or(0))
    });
    let step = Memo::new(move |_| lab.state.with(|s| s.step).min(steps.get()));
    let scene = Memo::new(move |_| {
        lab.shown.with(|layer| {
            let Some(layer) = layer else {
                return words("Nothing to draw yet: the framework rejects these settings (the message says why).");
            };
            if layer.axes.len() > 2 {
                return words("3-D layers are not drawn on the stage; the shapes and formulas below apply.");
            }
            let (x, w) = lab.state.with(|s| stage_values(layer, s));
            views::build_scene(lab.loaded.views.get(), layer, view_kind.get(), &x, &w, step.get(), numbers.get())
        })
    });
    use_canvas_fit(canvas, scene);
    use_animation(lab, playback, steps);
    use_keys(lab, playback, steps);
    let hover = use_hover(lab, canvas, scene, step);

    view! {
        <section class="panel stage-panel" aria-label="Stage">
            <StageHeader steps=steps step=step/>
            <ParamError/>
            <div class="stage-wrap">
                <canvas
                    node_ref=canvas
                    data-testid="stage"
                    class="stage"
                    role="img"
                    aria-label=move || {
                        format!("{} view, step {} of {}", view_kind.get().id(), step.get(), steps.get())
                    }
                    on:mousemove=hover.on_move
                    on:mouseleave=hover.on_leave
                ></canvas>
            </div>
            <p class="hover" aria-live="polite">
                {move || {
                    hover.text.get().unwrap_or_else(|| "Hover a cell to see where it comes from or goes to.".to_string())
                }}
            </p>
            <PlaybackBar steps=steps step=step numbers=numbers/>
            <ValuesDisclosure/>
            <Legend/>
        </section>
    }
}
