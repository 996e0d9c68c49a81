//! The stage's cells explained: this part only notes where the pointer is and, at the first
//! pointer move over the stage or the first arrow key on it, loads the module that explains
//! (cell_words.rs), which from then on listens on the canvas itself.

use leptos::prelude::*;
use web_sys::MouseEvent;

use super::cell_words::{load_cell_words, Cue, Stage};
use crate::scene::Scene;
use crate::ui::state::Lab;

/// The words line's text (None: no cell to explain), and the stage's handlers that cue the words.
pub struct Hover<M, L, A> {
    pub text: RwSignal<Option<String>>,
    pub on_move: M,
    pub on_leave: L,
    /// An arrow key on the focused stage (keys.rs).
    pub on_arrow: A,
}

/// The stage's hover and keyboard words, for `canvas` showing `scene` at `step`.
pub fn use_hover(
    lab: Lab,
    canvas: NodeRef<leptos::html::Canvas>,
    scene: Memo<Scene>,
    step: Memo<usize>,
) -> Hover<impl Fn(MouseEvent) + Copy + 'static, impl Fn(MouseEvent) + Copy + 'static, impl Fn() + Copy + 'static> {
    let text = RwSignal::new(None::<String>);
    // Kept while the module loads, so that its first words are for where the pointer is then
    // (or for nothing, if it has left the stage), not where it first moved.
    let pointer = StoredValue::new(None::<(i32, i32)>);
    let stage = Stage { lab, canvas, scene, step, text, pointer };
    let asked = StoredValue::new(false);
    let cue = move |cue: Cue| {
        if !asked.get_value() {
            asked.set_value(true);
            leptos::task::spawn_local(async move { load_cell_words().await(stage, cue) });
        }
    };
    let on_move = move |ev: MouseEvent| {
        pointer.set_value(Some((ev.client_x(), ev.client_y())));
        cue(Cue::Pointer);
    };
    let on_leave = move |_: MouseEvent| pointer.set_value(None);
    Hover { text, on_move, on_leave, on_arrow: move || cue(Cue::Arrow) }
}
