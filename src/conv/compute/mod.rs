//! Numbers over the canonical geometry: the engine, framework tensors in and out of it, the
//! recorded trace of every contribution, and what the stage derives (overlap, gather, matrices).

pub mod defaults;
pub mod engine;
pub mod trace;
pub mod values;
pub mod views;
