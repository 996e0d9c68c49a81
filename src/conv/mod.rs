//! The pure core. No web types here, so all of it builds and tests natively with `cargo test`.
//! Its folders by role (tests/layering.rs checks that geometry names neither compute, dialects
//! nor app, and that compute and dialects name neither each other nor app):
//!
//! - [`geometry`]: the canonical per-axis geometry, the resolved layer, padding, tensor layouts;
//! - [`compute`]: numbers over that geometry (the engine, framework tensors in and out, the trace,
//!   what the stage derives: overlap, gather, matrices);
//! - [`dialects`]: one file per framework, reading its calls into the geometry and writing the
//!   app's settings back in its own words, and the registry that lists them;
//! - [`port`]: reading a layer as people paste it (Python, prototxt) into the dialects' values;
//! - [`app`]: the app's model (its state and URL, presets, the same layer in other frameworks,
//!   which sizes share an input).

pub mod app;
pub mod compute;
pub mod dialects;
pub mod error;
pub mod geometry;
pub mod port;

pub use dialects::params::{Params, Value};
pub use dialects::{resolve, Framework, Request};
pub use error::{ConvError, ConvResult, ErrorKind};
pub use geometry::axis::{Axis, AxisSpec, Op};
pub use geometry::layer::Layer;
