//! The stage: the scene for the current layer, view and step, painted to fit (canvas_fit.rs),
//! played (playback.rs), stepped by keys (keys.rs), explained on hover (hover.rs) and in words
//! (the scene's caption), with the values, the legend and the export disclosure under it. In
//! `mode=present` and `mode=embed` the stylesheet lets it fill the page with only the step
//! controls and the caption, and mode_bar.rs (loaded for such links) adds what each mode needs.

pub mod canvas_fit;
pub mod cell_words;
mod export_bar;
mod header;
pub mod hover;
pub mod keys;
mod legend;
pub mod mode_bar;
mod param_error;
pub mod playback;
mod playback_bar;
pub mod shown;
pub mod views;

use leptos::prelude::*;

use crate::scene::Scene;
use crate::ui::state::use_lab;
use crate::ui::values::stage_values;
use crate::ui::values_editor::ValuesDisclosure;
use canvas_fit::use_canvas_fit;
use export_bar::ExportBar;
use header::StageHeader;
use hover::use_hover;
use keys::use_keys;
use legend::Legend;
use param_error::ParamError;
use playback::{use_animation, use_playback};
use playback_bar::PlaybackBar;
use shown::Shown;

/// A scene that is only words: why nothing is drawn.
fn words(text: &str) -> Scene {
    Scene { summary: Some(text.into()), width: 800.0, height: 80.0, ..Scene::default() }
}

/// The stage with its header, playback bar, caption, and (on the full page) values, legend and
/// export.
#[component]
pub fn Stage() -> impl IntoView {
    let lab = use_lab();
    let playback = use_playback();
    let numbers = RwSignal::new(true);
    let mode = Memo::new(move |_| lab.state.with(|s| s.mode));
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let view_kind = Memo::new(move |_| lab.state.with(|s| s.view));
    let steps = Memo::new(move |_| {
        let view = view_kind.get();
        lab.shown.with(|l| l.as_ref().map(|l| views::steps_of(l, view)).unwrap_or(0))
    });
    let step = Memo::new(move |_| lab.state.with(|s| s.step).min(steps.get()));
    // The room the canvas has (canvas_fit.rs measures it), and its width over its height, in steps
    // of 0.05 so a resize recomputes the scene only when the proportion really changes.
    let room = RwSignal::new(None::<(f64, f64)>);
    let aspect =
        Memo::new(move |_| room.get().map(|(w, h)| (w / h * 20.0).round() / 20.0).unwrap_or(crate::scene::WIDE));
    let scene = Memo::new(move |_| {
        lab.shown
            .with(|layer| {
                let Some(layer) = layer else {
                    return words("Nothing to draw yet: the framework rejects these settings (the message says why).");
                };
                if layer.axes.len() > 2 {
                    return words("3-D layers are not drawn on the stage; the shapes and formulas below apply.");
                }
                let (x, w) = lab.state.with(|s| stage_values(layer, s));
                let builders = views::Builders { views: lab.loaded.views.get(), words: lab.loaded.words.get() };
                views::build_scene(builders, layer, view_kind.get(), &x, &w, step.get(), numbers.get(), aspect.get())
            })
            // In the page's language (a no-op in English).
            .in_language()
    });
    // The steps' words load the first time a step needs them (step 0's are in this module).
    Effect::new(move |_| {
        if step.get() > 0 && lab.loaded.words.get_untracked().is_none() {
            leptos::task::spawn_local(async move { lab.loaded.words.set(Some(views::load_scatter_words().await)) });
        }
    });
    use_canvas_fit(canvas, scene, mode, room);
    use_animation(lab, playback, steps);
    let hover = use_hover(lab, canvas, scene, step);
    use_keys(lab, playback, steps, hover.on_arrow);

    provide_context(Shown { scene, step, steps, numbers });

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
                        // Said when the stage takes the focus: how to walk its cells from there.
                        format!(
                            "{} view, step {} of {}; the arrow keys walk its cells",
                            view_kind.get().id(),
                            step.get(),
                            steps.get()
                        )
                    }
                    on:mousemove=hover.on_move
                    on:mouseleave=hover.on_leave
                ></canvas>
            </div>
            <p class="caption" data-testid="caption" aria-live="polite">{move || scene.with(|s| s.caption.clone())}</p>
            <p class="hover" aria-live="polite">
                {move || {
                    hover.text.get().unwrap_or_else(|| "Hover a cell to see where it comes from or goes to.".to_string())
                }}
            </p>
            <PlaybackBar steps=steps step=step numbers=numbers/>
            // Present and embed modes hide the values and the export (CSS); present mode hides the
            // legend too, where a teacher explains the marks (a course page's reader has no one to).
            <ValuesDisclosure/>
            <Legend/>
            <ExportBar/>
            {lab.loaded.mode_bar.map(|build| build(lab.state))}
        </section>
    }
}
