//! The canonical geometry every dialect resolves into: one axis per spatial dimension, the
//! resolved layer, the padding specs, tensor layouts. Nothing here knows a framework.

pub mod axis;
pub mod layer;
pub mod numbers;
pub mod padding;
pub mod tensor;
