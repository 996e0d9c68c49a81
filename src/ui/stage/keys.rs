//! The stage's keys, anywhere on the page outside text fields: space plays or pauses (unless a
//! button, link or disclosure has the focus: then space presses it, as everywhere else), ← → step,
//! Home / End jump, + − change the speed; in present mode `F` toggles fullscreen and `Esc`
//! returns to the whole page. On the focused stage, the arrows walk its cells instead.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::KeyboardEvent;

use super::mode_bar::{leave_present, toggle_fullscreen};
use super::playback::{speed_index, Playback, SPEEDS};
use crate::conv::app::query::Mode;
use crate::ui::state::Lab;

/// Listen for the stage's keys while the stage is mounted; on the focused stage itself, the
/// first arrow key starts the walk among its cells (cell_words.rs, which then has the arrows).
pub fn use_keys(lab: Lab, playback: Playback, steps: Memo<usize>, on_stage_arrow: impl Fn() + Copy + 'static) {
    let handle = window_event_listener(leptos::ev::keydown, move |ev: KeyboardEvent| {
        let target = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
        let tag = target.as_ref().map(|e| e.tag_name()).unwrap_or_default();
        let typing = matches!(tag.as_str(), "INPUT" | "SELECT" | "TEXTAREA");
        let pressable = matches!(tag.as_str(), "BUTTON" | "A" | "SUMMARY")
            || target
                .as_ref()
                .and_then(|e| e.get_attribute("role"))
                .is_some_and(|r| matches!(r.as_str(), "button" | "tab" | "link" | "checkbox" | "switch"));
        if typing || ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        if tag == "CANVAS" && ev.key().starts_with("Arrow") {
            ev.prevent_default();
            return on_stage_arrow();
        }
        let total = steps.get_untracked();
        let set = |s: usize| lab.state.update(|st| st.step = s.min(total));
        let current = lab.state.with_untracked(|s| s.step).min(total);
        let speed = playback.speed;
        let present = lab.state.with_untracked(|s| s.mode == Some(Mode::Present));
        match ev.key().as_str() {
            "f" | "F" if present => toggle_fullscreen(),
            "Escape" if present => leave_present(lab.state),
            " " if !pressable => playback.playing.update(|p| *p = !*p),
            "ArrowRight" => set(current + 1),
            "ArrowLeft" => set(current.saturating_sub(1)),
            "Home" => set(0),
            "End" => set(total),
            "+" | "=" => speed.update(|s| *s = SPEEDS[(speed_index(*s) + 1).min(SPEEDS.len() - 1)].1),
            "-" | "_" => speed.update(|s| *s = SPEEDS[speed_index(*s).saturating_sub(1)].1),
            _ => return,
        }
        ev.prevent_default();
    });
    on_cleanup(move || handle.remove());
}
