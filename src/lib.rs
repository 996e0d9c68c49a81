//! convt-lab: transposed convolution made exact and visible.
//!
//! - [`conv`]: the canonical per-axis geometry and one dialect per framework (pure Rust).
//! - [`scene`]: what the stage shows at a step, as a display list (pure Rust).
//! - [`i18n`]: languages: the tables that rewrite the app's English, and the active one.
//! - [`export`]: GIF encoding and download names for the exported pictures (pure Rust).
//! - [`cli`]: Contract 1, the JSON Lines interface of the `convt` command (native only).
//! - `ui`: the Leptos app (wasm32 only).

pub mod conv;
pub mod export;
pub mod i18n;
pub mod scene;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;

#[cfg(target_arch = "wasm32")]
pub mod ui;
