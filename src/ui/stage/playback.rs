//! Playback: the animation runs on animation frames while `playing` is set, one step per
//! 1/speed seconds, and stops at the last step.

use leptos::prelude::*;

use crate::ui::state::Lab;

/// Whether the animation plays, and how fast (steps per second). Shared, so a panel that
/// replaces the layer (an example, a solution) can stop it.
#[derive(Clone, Copy)]
pub struct Playback {
    pub playing: RwSignal<bool>,
    pub speed: RwSignal<f64>,
}

/// Provide the playback state (stopped, 2 steps per second).
pub fn provide_playback() {
    provide_context(Playback { playing: RwSignal::new(false), speed: RwSignal::new(2.0) });
}

/// The shared playback state.
pub fn use_playback() -> Playback {
    use_context::<Playback>().unwrap_or_else(|| std::process::abort())
}

/// Stop the animation, if one plays.
pub fn stop_playback() {
    if let Some(playback) = use_context::<Playback>() {
        playback.playing.set(false);
    }
}

pub fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
}

/// Run the animation over `steps` while playing: from the start when play is pressed at the end.
pub fn use_animation(lab: Lab, playback: Playback, steps: Memo<usize>) {
    Effect::new(move |_| {
        if playback.playing.get() {
            if lab.state.with_untracked(|s| s.step) >= steps.get_untracked() {
                lab.state.update(|s| s.step = 0);
            }
            let start = now_ms();
            request_animation_frame(move || frame(lab, playback, steps, start, 0.0));
        }
    });
}

/// One animation frame: advance when a step's time has passed; stop at the end.
fn frame(lab: Lab, playback: Playback, steps: Memo<usize>, last: f64, carry: f64) {
    if !playback.playing.get_untracked() {
        return;
    }
    let now = now_ms();
    let per_step = 1000.0 / playback.speed.get_untracked().max(0.1);
    let mut carry = carry + (now - last);
    while carry >= per_step {
        carry -= per_step;
        let total = steps.get_untracked();
        let step = lab.state.with_untracked(|s| s.step);
        if step >= total {
            playback.playing.set(false);
            return;
        }
        lab.state.update(|s| s.step = step + 1);
    }
    request_animation_frame(move || frame(lab, playback, steps, now, carry));
}

/// Playback speeds in steps per second, each with its label: the select and the +/− keys move
/// along this list (labels as text, so no float is ever parsed or printed).
pub const SPEEDS: [(&str, f64); 7] =
    [("0.25", 0.25), ("0.5", 0.5), ("1", 1.0), ("2", 2.0), ("4", 4.0), ("8", 8.0), ("16", 16.0)];

/// The list position of a speed (the nearest at or above it).
pub fn speed_index(speed: f64) -> usize {
    SPEEDS.iter().position(|&(_, s)| s >= speed).unwrap_or(SPEEDS.len() - 1)
}
