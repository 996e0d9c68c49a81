//! Hover: what the cell under the pointer means. The explanations are a module of their own,
//! loaded on the first pointer move over the stage.

use leptos::prelude::*;
use web_sys::MouseEvent;

use crate::conv::geometry::padding::PaddingMode;
use crate::conv::Axis;
use crate::scene::{self, Place, Scene};
use crate::ui::state::Lab;
use crate::ui::values::stage_values;

/// Explains a stage cell: (axes, input, kernel, padding mode, step, place) → the hover text.
pub type Explainer = fn(&[Axis], &[i64], &[i64], PaddingMode, usize, Place) -> String;

/// The hover explanations, loaded when the pointer first moves over the stage.
#[cfg_attr(feature = "split", lazy)]
pub async fn load_explainer() -> Explainer {
    let explain: Explainer = scene::explain;
    explain
}

/// The hover text (None: the pointer is over no cell), and the stage's pointer handlers.
pub struct Hover<M, L> {
    pub text: RwSignal<Option<String>>,
    pub on_move: M,
    pub on_leave: L,
}

/// Track the cell under the pointer on `canvas` showing `scene` at `step`.
pub fn use_hover(
    lab: Lab,
    canvas: NodeRef<leptos::html::Canvas>,
    scene: Memo<Scene>,
    step: Memo<usize>,
) -> Hover<impl Fn(MouseEvent) + Copy + 'static, impl Fn(MouseEvent) + Copy + 'static> {
    let text = RwSignal::new(None::<String>);
    // The cell under the pointer is kept so that, when the module arrives, the text is for where
    // the pointer is then (or for nothing, if it has left the stage), not where it first moved.
    let explainer = RwSignal::new(None::<Explainer>);
    let pointed = StoredValue::new(None::<Place>);
    let explain_pointed = move |explain: Explainer| {
        let place = pointed.get_value()?;
        lab.shown.with_untracked(|layer| {
            layer.as_ref().map(|layer| {
                let (input, kernel) = lab.state.with_untracked(|s| stage_values(layer, s));
                explain(&layer.axes, &input, &kernel, layer.padding_mode, step.get_untracked(), place)
            })
        })
    };
    let on_move = move |ev: MouseEvent| {
        let Some(canvas) = canvas.get_untracked() else { return };
        let rect = canvas.get_bounding_client_rect();
        if rect.width() <= 0.0 {
            return;
        }
        // Read in place: a 64×64 scene has thousands of cells, too many to copy per pointer move.
        let place = scene.with_untracked(|scene| {
            let unit = scene.width / rect.width();
            let (x, y) = ((ev.client_x() as f64 - rect.left()) * unit, (ev.client_y() as f64 - rect.top()) * unit);
            scene.cell_at(x, y).map(|cell| cell.place)
        });
        pointed.set_value(place);
        match explainer.get_untracked() {
            Some(explain) => text.set(explain_pointed(explain)),
            None => leptos::task::spawn_local(async move {
                let explain = load_explainer().await;
                explainer.set(Some(explain));
                text.set(explain_pointed(explain));
            }),
        }
    };
    let on_leave = move |_: MouseEvent| {
        pointed.set_value(None);
        text.set(None);
    };
    Hover { text, on_move, on_leave }
}
