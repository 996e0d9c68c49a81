//! The pure core: canonical geometry, framework dialects, errors. No web types here, so all of
//! it builds and tests natively with `cargo test`.

pub mod ambiguity;
pub mod axis;
pub mod engine;
pub mod error;
pub mod express;
pub mod form;
pub mod frameworks;
pub mod layer;
pub mod numbers;
pub mod padding;
pub mod params;
pub mod presets;
pub mod query;
pub mod tensor;
pub mod trace;
pub mod values;
pub mod views;

pub use axis::{Axis, AxisSpec, Op};
pub use error::{ConvError, ConvResult, ErrorKind};
pub use frameworks::{resolve, Framework};
pub use layer::{Layer, Request};
pub use params::{Params, Value};
