//! convt-lab: transposed convolution made exact and visible.
//!
//! - [`conv`]: the canonical per-axis geometry and one dialect per framework (pure Rust).
//! - [`cli`]: Contract 1, the JSON Lines interface of the `convt` command (native only).
//! - `ui`: the Leptos app (wasm32 only).

pub mod conv;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;

#[cfg(target_arch = "wasm32")]
pub mod ui;
