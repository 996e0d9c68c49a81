//! `convt bench`: time the engine on the benchmark layers (printed as JSON lines, one per case).
//!
//! scripts/bench-engine.sh runs this beside ONNX Runtime (one thread) and prints them side by side.

use std::time::Instant;

use crate::conv::compute::engine::{run, run_fast, Geometry};
use crate::conv::geometry::axis::{AxisSpec, Op};
use crate::conv::geometry::padding::PaddingMode;

/// One benchmark layer: a 2-D transposed convolution, channels-first, batch 1.
pub struct Case {
    pub name: &'static str,
    pub channels_in: usize,
    pub channels_out: usize,
    pub size: i64,
    pub kernel: i64,
    pub stride: i64,
    pub padding: i64,
}

/// The layers the issue asks for.
pub const CASES: [Case; 2] = [
    Case {
        name: "convT 1x16x64x64 -> 16, k4 s2 p1",
        channels_in: 16,
        channels_out: 16,
        size: 64,
        kernel: 4,
        stride: 2,
        padding: 1,
    },
    Case {
        name: "convT 1x3x512x512 -> 3, k4 s2 p1",
        channels_in: 3,
        channels_out: 3,
        size: 512,
        kernel: 4,
        stride: 2,
        padding: 1,
    },
];

fn geometry(case: &Case) -> Geometry {
    let axis = AxisSpec {
        size_in: case.size,
        kernel_size: case.kernel,
        stride: case.stride,
        dilation: 1,
        pad_before: case.padding,
        pad_after: case.padding,
        output_padding: 0,
    }
    .resolve(Op::ConvTranspose)
    .expect("benchmark geometry is valid");
    Geometry {
        op: Op::ConvTranspose,
        batch: 1,
        channels_in: case.channels_in,
        channels_out: case.channels_out,
        groups: 1,
        axes: vec![axis, axis],
        padding_mode: PaddingMode::Zeros,
    }
}

/// Median of `runs` timings of `f`, in milliseconds, after one warm-up call.
fn median_ms(runs: usize, mut f: impl FnMut() -> Vec<f32>) -> (f64, Vec<f32>) {
    let mut result = f();
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            result = f();
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(|a, b| a.total_cmp(b));
    (times[times.len() / 2], result)
}

/// Deterministic small-integer data (the same formula the ONNX Runtime side uses).
pub fn data(len: usize, salt: usize) -> Vec<f32> {
    (0..len).map(|i| ((i * 7 + salt) % 7) as f32 - 3.0).collect()
}

/// Run every case; one JSON line each: the engine's fast path, its reference loop, a checksum.
pub fn run_all(runs: usize) -> String {
    let mut out = String::new();
    for case in &CASES {
        let g = geometry(case);
        let (x, w) = (data(g.input_len(), 1), data(g.weight_len(), 2));
        let (fast_ms, fast) = median_ms(runs, || run_fast(&g, &x, &w, None));
        let (naive_ms, naive) = median_ms(runs.min(3), || run(&g, &x, &w, None));
        let checksum: f64 = fast.iter().map(|&v| v as f64).sum();
        let agree = fast == naive;
        out.push_str(&format!(
            "{{\"case\": \"{}\", \"output\": [{}, {}, {}], \"fast_ms\": {fast_ms:.3}, \"naive_ms\": {naive_ms:.3}, \"checksum\": {checksum}, \"fast_equals_naive\": {agree}}}\n",
            case.name, case.channels_out, g.axes[0].size_out, g.axes[1].size_out
        ));
    }
    out
}
