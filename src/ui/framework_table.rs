//! The same layer in every framework: the arguments that reproduce it exactly, or why none can.

use leptos::prelude::*;

use super::framework_search::express_each;
use super::state::{set_state, use_lab, Lab};
use crate::conv::app::express::Expression;
use crate::conv::app::query::AppState;
use crate::conv::port::translate::exact_by_hand;
use crate::conv::port::weights::{layout_text, weight_port};
use crate::conv::{Framework, Layer};

/// One row per framework; the current one first.
#[component]
pub fn FrameworkTable() -> impl IntoView {
    let lab = use_lab();
    // Recomputed when the layer changes (not on every animation step), in a task of its own after
    // the stage has painted: eleven frameworks' searches cost about a millisecond, and the table
    // sits below the stage.
    let settled = RwSignal::new(None::<(AppState, Layer)>);
    Effect::new(move |_| {
        let current = lab.layer.get().ok().map(|layer| (lab.state.get_untracked(), layer));
        set_timeout(move || settled.set(current), std::time::Duration::ZERO);
    });
    let rows = RwSignal::new(None::<Vec<(Framework, Expression)>>);
    // The search is async (lazy module), so each settled layer takes a ticket and only the
    // newest one's answer is shown.
    let latest = StoredValue::new(0u64);
    let panel = NodeRef::<leptos::html::Section>::new();
    let seen = super::visible::seen(panel, super::visible::AHEAD);
    Effect::new(move |_| {
        let ticket = latest.get_value() + 1;
        latest.set_value(ticket);
        let Some((state, layer)) = settled.get() else { return rows.set(None) };
        if !seen.get() {
            return;
        }
        // The current framework first, the others in their usual order.
        let others = Framework::ALL.iter().copied().filter(|f| *f != state.framework);
        let frameworks: Vec<Framework> = std::iter::once(state.framework).chain(others).collect();
        leptos::task::spawn_local(async move {
            let expressions = express_each(state, layer, frameworks).await;
            if latest.get_value() == ticket {
                rows.set(Some(expressions));
            }
        });
    });
    view! {
        <section node_ref=panel class="panel table-panel" aria-label="Every framework">
            <h2>"The same layer in every framework"</h2>
            <p class="muted small">
                "Exact means the same output size and the same window into the full scatter, so the same values; "
                "each row says how the weights move there. Click a row to switch to it."
            </p>
            {move || match (settled.get(), rows.get()) {
                (None, _) => view! { <p class="muted">"Once the settings are valid, every framework's version appears here."</p> }.into_any(),
                (Some(_), None) => view! { <p class="muted">"Working out each framework's arguments…"</p> }.into_any(),
                (Some(settled), Some(rows)) => view! {
                    <table class="frameworks">
                        <thead><tr><th>"framework"</th><th>"output"</th><th>"arguments that reproduce it, or why not"</th></tr></thead>
                        <tbody>
                            {rows.into_iter().map(|(framework, expression)| row(lab, framework, expression, &settled)).collect_view()}
                        </tbody>
                    </table>
                }
                .into_any(),
            }}
        </section>
    }
}

/// How the current layer's weight becomes `target`'s: "weights (C_in, C_out/g, kH, kW) →
/// (kH, kW, C_out/g, C_in): np.transpose(w, (2, 3, 1, 0))", or that it moves as it is.
fn weights_line(source: &Layer, target: &Layer) -> String {
    let port = weight_port(source, target);
    let to = layout_text(&port.target_labels, target.op);
    if port.is_identity() {
        format!("weights {to}: as they are")
    } else {
        format!("weights {} → {to}: {}", layout_text(&port.source_labels, source.op), port.numpy())
    }
}

fn row(lab: Lab, framework: Framework, expression: Expression, (state, source): &(AppState, Layer)) -> impl IntoView {
    let current = lab.state.with_untracked(|s| s.framework == framework);
    match expression {
        Expression::Exact { state, code, layer, notes, .. } => {
            let size = layer.spatial_out().iter().map(|s| s.to_string()).collect::<Vec<_>>();
            let weights = weights_line(source, &layer);
            let adopt = state.clone();
            view! {
                <tr
                    data-testid="framework-row"
                    data-framework=framework.id()
                    data-size=size.join("x")
                    class:current=current
                    on:click=move |_| {
                        let step = lab.state.with_untracked(|s| (s.step, s.view));
                        let next = AppState { step: step.0, view: step.1, ..(*adopt).clone() };
                        set_state(lab, next);
                    }
                >
                    // The row is clickable; its button is the same for the keyboard (its click bubbles).
                    <th scope="row">
                        <button class="row-switch" title="Switch the stage to this layer">{framework.display_name()}</button>
                    </th>
                    <td class="size">{size.join("×")}</td>
                    <td>
                        <code>{code}</code>
                        {notes.into_iter().map(|n| view! { <small class="note">{n}</small> }).collect_view()}
                        <small class="note" data-testid="weights">{weights}</small>
                    </td>
                </tr>
            }
            .into_any()
        }
        Expression::Impossible { reason, .. } => {
            let attribute = reason.clone();
            // What to add by hand to make it exact: the unpadded layer, then a crop (or zeros).
            let by_hand = exact_by_hand(state, source, framework).map(|b| b.text);
            view! {
            <tr data-testid="framework-row" data-framework=framework.id() data-error=attribute class="impossible" class:current=current>
                <th scope="row">{framework.display_name()}</th>
                <td class="size">"—"</td>
                <td class="reason">
                    {reason}
                    {by_hand.map(|text| view! { <small class="note" data-testid="by-hand">{text}</small> })}
                </td>
            </tr>
            }
            .into_any()
        }
    }
}
