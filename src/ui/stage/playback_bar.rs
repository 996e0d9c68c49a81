//! Below the stage: play / pause, step, scrub, speed, numbers on or off, and the keys.

use leptos::prelude::*;

use super::playback::{speed_index, use_playback, SPEEDS};
use crate::ui::state::use_lab;

/// Play/pause, step, scrub, speed, numbers.
#[component]
pub fn PlaybackBar(
    /// Total animation steps.
    #[prop(into)]
    steps: Signal<usize>,
    /// The current step.
    #[prop(into)]
    step: Signal<usize>,
    /// Whether the cells show their numbers.
    numbers: RwSignal<bool>,
) -> impl IntoView {
    let lab = use_lab();
    let playback = use_playback();
    let set = move |s: usize| lab.state.update(|st| st.step = s.min(steps.get_untracked()));
    view! {
        <div class="playback" role="toolbar" aria-label="Playback">
            <button class="ghost" title="Restart (Home)" on:click=move |_| set(0)>"start"</button>
            <button class="ghost" title="Step back (←)" aria-label="Step back" on:click=move |_| set(step.get_untracked().saturating_sub(1))>"◀"</button>
            <button class="play" title="Play / pause (space)" data-testid="play" on:click=move |_| playback.playing.update(|p| *p = !*p)>
                {move || if playback.playing.get() { "pause" } else { "play" }}
            </button>
            <button class="ghost" title="Step forward (→)" aria-label="Step forward" on:click=move |_| set(step.get_untracked() + 1)>"▶"</button>
            <button class="ghost" title="Last step (End)" on:click=move |_| set(steps.get_untracked())>"end"</button>
            <input
                type="range"
                class="scrub"
                aria-label="Step"
                min="0"
                max=move || steps.get().to_string()
                prop:value=move || step.get().to_string()
                on:input=move |ev| set(event_target_value(&ev).parse().unwrap_or(0))
            />
            <label class="inline">
                "speed "
                <select
                    aria-label="Steps per second"
                    prop:value=move || SPEEDS[speed_index(playback.speed.get())].0
                    on:change=move |ev| {
                        let label = event_target_value(&ev);
                        if let Some(&(_, speed)) = SPEEDS.iter().find(|(l, _)| *l == label) {
                            playback.speed.set(speed);
                        }
                    }
                >
                    {SPEEDS
                        .into_iter()
                        .map(|(label, _)| view! { <option value=label>{label} "/s"</option> })
                        .collect_view()}
                </select>
            </label>
            <label class="inline">
                <input type="checkbox" prop:checked=move || numbers.get() on:change=move |ev| numbers.set(event_target_checked(&ev))/>
                " numbers"
            </label>
            <details class="keys">
                <summary>"keys"</summary>
                <dl>
                    <dt>"space"</dt><dd>"play / pause"</dd>
                    <dt>"← →"</dt><dd>"step"</dd>
                    <dt>"Home End"</dt><dd>"first / last step"</dd>
                    <dt>"+ −"</dt><dd>"faster / slower"</dd>
                    <dt>"← ↑ → ↓"</dt><dd>"walk the stage's cells (once Tab has reached the stage)"</dd>
                </dl>
            </details>
        </div>
    }
}
