//! The shape panel: the framework's formula with this layer's numbers, per axis, and the notes.

use leptos::prelude::*;

use super::state::use_lab;

pub(super) fn axis_name(rank: usize, axis: usize) -> &'static str {
    match (rank, axis) {
        (1, _) => "length",
        (2, 0) | (3, 1) => "height",
        (2, 1) | (3, 2) => "width",
        _ => "depth",
    }
}

/// Formula, numbers and notes for the current layer.
#[component]
pub fn ShapePanel() -> impl IntoView {
    let lab = use_lab();
    move || {
        lab.layer.get().ok().map(|layer| {
            let rank = layer.axes.len();
            let framework = lab.state.with(|s| s.framework.display_name());
            let rows = layer
                .derivations
                .iter()
                .enumerate()
                .map(|(axis, d)| {
                    view! {
                        <tr>
                            <th scope="row">{axis_name(rank, axis)}</th>
                            <td>
                                <code class="formula">{d.formula.clone()}</code>
                                <code class="numbers">{format!("= {}", d.substituted)}</code>
                            </td>
                        </tr>
                    }
                })
                .collect_view();
            let notes = layer.notes.clone();
            view! {
                <section class="panel shape" aria-label="Shape">
                    <h2>{format!("Output shape in {framework}")}</h2>
                    <p class="shape-line">
                        <code>{format!("{:?}", layer.output_shape)}</code>
                        <span class="muted">" (full output tensor, in the framework's layout)"</span>
                    </p>
                    <table class="derivations"><tbody>{rows}</tbody></table>
                    {(!notes.is_empty())
                        .then(|| {
                            view! {
                                <ul class="notes" data-testid="notes">
                                    {notes.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}
                                </ul>
                            }
                        })}
                </section>
            }
        })
    }
}
