//! Porting layers between frameworks: reading a layer as people paste it.

pub mod prototxt;
pub mod python;
