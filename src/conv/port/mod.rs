//! Porting layers between frameworks: reading a layer as people paste it, and moving its weights.

pub mod prototxt;
pub mod python;
pub mod translate;
pub mod weights;
