//! The app's model: its state and URL, the presets, the same layer in other frameworks, and which
//! output sizes share one input.

pub mod ambiguity;
pub mod exercises;
pub mod express;
pub mod link_defaults;
pub mod presets;
pub mod query;
pub mod solve;
