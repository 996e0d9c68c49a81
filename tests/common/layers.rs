//! What the property tests over random layers share (tests/port_weights.rs,
//! tests/translate_properties.rs): small layers of every framework, and values that show a
//! misplaced weight. Included with `#[path = "common/layers.rs"] mod layers;`.

use convt_lab::conv::app::query::{AppState, Padding};
use convt_lab::conv::{Framework, Op};
use proptest::prelude::*;

/// Small layers of every framework, both ops, 1-D and 2-D, with `max_*` bounding each size.
pub fn state_strategy(max_n: i64, max_k: i64, max_p: i64, max_c: i64) -> impl Strategy<Value = AppState> {
    (
        prop::sample::select(Framework::ALL.to_vec()),
        prop::bool::ANY,
        1usize..3,
        (1i64..max_n, 1i64..max_k, 1i64..4, 1i64..3),
        0i64..max_p,
        (1i64..max_c, 1i64..max_c),
    )
        .prop_map(|(framework, forward, rank, (n, k, s, d), p, (cin, cout))| AppState {
            framework,
            op: if forward { Op::Conv } else { Op::ConvTranspose },
            rank,
            size_in: vec![n; rank],
            kernel: vec![k; rank],
            stride: vec![s; rank],
            dilation: vec![d; rank],
            padding: Padding::Amounts(vec![p; rank]),
            output_padding: None,
            channels_in: cin,
            channels_out: cout,
            ..AppState::default()
        })
}

pub fn sizes(shape: &[i64]) -> Vec<usize> {
    shape.iter().map(|&d| d.max(0) as usize).collect()
}

/// Small distinct integers, so a misplaced weight changes the sums.
pub fn values(count: usize, seed: usize) -> Vec<f32> {
    (0..count).map(|i| ((i * 7 + seed * 3) % 11) as f32 - 5.0).collect()
}
