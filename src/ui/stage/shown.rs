//! What the stage shows right now, provided as context for what exports it (the export panel,
//! a module of its own, reads it rather than rebuilding the current frame).

use leptos::prelude::*;

use crate::scene::Scene;

#[derive(Clone, Copy)]
pub struct Shown {
    pub scene: Memo<Scene>,
    pub step: Memo<usize>,
    pub steps: Memo<usize>,
    /// Whether the cells show their numbers.
    pub numbers: RwSignal<bool>,
}

/// The stage's `Shown` (the export panel is mounted under the stage).
pub fn use_shown() -> Shown {
    use_context::<Shown>().unwrap_or_else(|| std::process::abort())
}
