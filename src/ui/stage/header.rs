//! Above the stage: input size → output size, the holes, the view switch and the step.

use leptos::prelude::*;

use crate::conv::app::query::{AppState, View};
use crate::conv::compute::views::output_holes;
use crate::conv::geometry::numbers::count_text;
use crate::conv::Op;
use crate::ui::state::{set_state, use_lab};

/// The header's word on holes (`None`: too large in every direction to count quickly).
fn holes_text(holes: Option<u128>) -> String {
    match holes {
        Some(0) => "no holes".to_string(),
        Some(1) => "1 hole".to_string(),
        Some(n) => format!("{} holes", count_text(n)),
        None => "holes not counted (too large)".to_string(),
    }
}

/// Output size, holes, and the view switch.
#[component]
pub fn StageHeader(
    /// Total animation steps.
    #[prop(into)]
    steps: Signal<usize>,
    /// The current step.
    #[prop(into)]
    step: Signal<usize>,
) -> impl IntoView {
    let lab = use_lab();
    let current = Memo::new(move |_| lab.layer.get().ok());
    view! {
        <div class="stage-header">
            {move || {
                current
                    .get()
                    .map(|layer| {
                        let sizes: Vec<String> = layer.spatial_out().iter().map(|s| s.to_string()).collect();
                        let sizes_in: Vec<String> = layer.axes.iter().map(|a| a.size_in.to_string()).collect();
                        let holes = (layer.op == Op::ConvTranspose).then(|| output_holes(&layer.axes));
                        view! {
                            <p class="result">
                                {sizes_in.join("×")}
                                " → "
                                <strong data-testid="output-size" data-size=sizes.join("x")>{sizes.join("×")}</strong>
                                {holes
                                    .map(|holes| {
                                        view! {
                                            <span class="holes" data-testid="holes" data-count=holes.map(count_text)>
                                                {holes_text(holes)}
                                            </span>
                                        }
                                    })}
                            </p>
                        }
                    })
            }}
            <div class="views" role="group" aria-label="View" hidden=move || lab.state.with(|s| s.op == Op::Conv)>
                {[View::Scatter, View::Gather, View::Overlap, View::Matrix]
                    .into_iter()
                    .map(|v| {
                        view! {
                            <button
                                class="tab small"
                                data-view=v.id()
                                aria-pressed=move || (lab.state.with(|s| s.view) == v).to_string()
                                on:click=move |_| {
                                    set_state(lab, AppState { view: v, ..lab.state.get_untracked() })
                                }
                            >
                                {v.id()}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            <span class="step" data-testid="step" data-step=move || step.get().to_string() data-steps=move || steps.get().to_string()>
                {move || format!("step {} / {}", step.get(), steps.get())}
            </span>
        </div>
    }
}
