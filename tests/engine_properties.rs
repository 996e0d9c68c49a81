#![cfg(not(target_arch = "wasm32"))]
//! The numeric engine under random geometries: it equals a brute-force reference, conv and
//! conv_transpose are adjoint, the trace folds to the output, overlap counts and the gather view agree.

use convt_lab::conv::compute::engine::{run, run_fast, Geometry};
use convt_lab::conv::compute::trace::record;
use convt_lab::conv::compute::views::{axis_overlap, gather_view_output, output_overlap};
use convt_lab::conv::geometry::axis::{Axis, AxisSpec, Op};
use convt_lab::conv::geometry::padding::PaddingMode;
use proptest::prelude::*;

#[derive(Debug, Clone)]
struct Problem {
    geometry: Geometry,
    input: Vec<f32>,
    weight: Vec<f32>,
    bias: Vec<f32>,
}

fn axis_strategy(op: Op) -> impl Strategy<Value = Axis> {
    (1i64..6, 1i64..4, 1i64..4, 1i64..3, 0i64..4, 0i64..4, 0i64..3).prop_filter_map(
        "valid axis",
        move |(n, k, s, d, pb, pa, a)| {
            let spec = AxisSpec {
                size_in: n,
                kernel_size: k,
                stride: s,
                dilation: d,
                pad_before: pb,
                pad_after: pa,
                output_padding: if op == Op::ConvTranspose { a } else { 0 },
            };
            spec.resolve(op).ok().filter(|axis| axis.size_out > 0)
        },
    )
}

fn problem(op: Op) -> impl Strategy<Value = Problem> {
    let mode = if op == Op::Conv {
        prop_oneof![
            Just(PaddingMode::Zeros),
            Just(PaddingMode::Reflect),
            Just(PaddingMode::Replicate),
            Just(PaddingMode::Circular)
        ]
        .boxed()
    } else {
        Just(PaddingMode::Zeros).boxed()
    };
    (proptest::collection::vec(axis_strategy(op), 1..3), 1usize..3, 1usize..3, 1usize..3, 1usize..3, mode)
        .prop_flat_map(move |(axes, batch, groups, cig, cog, padding_mode)| {
            let geometry = Geometry {
                op,
                batch,
                channels_in: groups * cig,
                channels_out: groups * cog,
                groups,
                axes,
                padding_mode,
            };
            let values = |n: usize| proptest::collection::vec((-3i32..4).prop_map(|v| v as f32), n);
            let (input_len, weight_len, channels) =
                (geometry.input_len(), geometry.weight_len(), geometry.channels_out);
            (Just(geometry), values(input_len), values(weight_len), values(channels))
        })
        .prop_map(|(geometry, input, weight, bias)| Problem { geometry, input, weight, bias })
}

fn cells(shape: &[usize]) -> Vec<Vec<usize>> {
    let total: usize = shape.iter().product();
    (0..total)
        .map(|mut flat| {
            let mut out = vec![0; shape.len()];
            for a in (0..shape.len()).rev() {
                out[a] = flat % shape[a];
                flat /= shape[a];
            }
            out
        })
        .collect()
}

fn ravel(index: &[usize], shape: &[usize]) -> usize {
    index.iter().zip(shape).fold(0, |acc, (i, n)| acc * n + i)
}

/// The definitions, output-centric and brute force: for every output cell, search every (input, tap).
fn naive(p: &Problem) -> Vec<f32> {
    let g = &p.geometry;
    let sin: Vec<usize> = g.axes.iter().map(|a| a.size_in as usize).collect();
    let sout: Vec<usize> = g.axes.iter().map(|a| a.size_out as usize).collect();
    let sk: Vec<usize> = g.axes.iter().map(|a| a.kernel_size as usize).collect();
    let (cig, cog) = (g.channels_in / g.groups, g.channels_out / g.groups);
    let (pin, pout) = (sin.iter().product::<usize>(), sout.iter().product::<usize>());
    let taps: usize = sk.iter().product();
    let mut out = vec![0.0f32; g.output_len()];
    for b in 0..g.batch {
        for co in 0..g.channels_out {
            let group = co / cog;
            for t in cells(&sout) {
                let mut sum = p.bias[co];
                for ci in group * cig..(group + 1) * cig {
                    for k in cells(&sk) {
                        let w = match g.op {
                            Op::ConvTranspose => p.weight[(ci * cog + co % cog) * taps + ravel(&k, &sk)],
                            Op::Conv => p.weight[(co * cig + ci % cig) * taps + ravel(&k, &sk)],
                        };
                        match g.op {
                            Op::ConvTranspose => {
                                for i in cells(&sin) {
                                    let hits = (0..g.axes.len()).all(|a| {
                                        let ax = &g.axes[a];
                                        i[a] as i64 * ax.stride + k[a] as i64 * ax.dilation - ax.pad_before
                                            == t[a] as i64
                                    });
                                    if hits {
                                        sum += p.input[(b * g.channels_in + ci) * pin + ravel(&i, &sin)] * w;
                                    }
                                }
                            }
                            Op::Conv => {
                                let source: Option<Vec<usize>> = (0..g.axes.len())
                                    .map(|a| {
                                        let ax = &g.axes[a];
                                        let pos = t[a] as i64 * ax.stride + k[a] as i64 * ax.dilation - ax.pad_before;
                                        g.padding_mode.source(pos, ax.size_in).map(|v| v as usize)
                                    })
                                    .collect();
                                if let Some(i) = source {
                                    sum += p.input[(b * g.channels_in + ci) * pin + ravel(&i, &sin)] * w;
                                }
                            }
                        }
                    }
                }
                out[(b * g.channels_out + co) * pout + ravel(&t, &sout)] = sum;
            }
        }
    }
    out
}

/// The transposed convolution that is the adjoint of a forward one (same weight memory).
fn adjoint_of(forward: &Geometry) -> Geometry {
    let axes = forward
        .axes
        .iter()
        .map(|a| {
            let full = (a.size_out - 1) * a.stride + a.kernel_field();
            let rest = full - a.pad_before - a.size_in;
            AxisSpec {
                size_in: a.size_out,
                kernel_size: a.kernel_size,
                stride: a.stride,
                dilation: a.dilation,
                pad_before: a.pad_before,
                pad_after: rest.max(0),
                output_padding: (-rest).max(0),
            }
            .resolve(Op::ConvTranspose)
            .unwrap()
        })
        .collect();
    Geometry {
        op: Op::ConvTranspose,
        batch: forward.batch,
        channels_in: forward.channels_out,
        channels_out: forward.channels_in,
        groups: forward.groups,
        axes,
        padding_mode: PaddingMode::Zeros,
    }
}

fn dot(a: &[f32], b: &[f32]) -> f64 {
    a.iter().zip(b).map(|(x, y)| *x as f64 * *y as f64).sum()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    #[test]
    fn engine_equals_the_brute_force_reference(p in prop_oneof![problem(Op::ConvTranspose), problem(Op::Conv)]) {
        let got = run(&p.geometry, &p.input, &p.weight, Some(&p.bias));
        prop_assert_eq!(got, naive(&p));
    }

    #[test]
    fn the_fast_path_equals_the_reference(p in prop_oneof![problem(Op::ConvTranspose), problem(Op::Conv)]) {
        prop_assert_eq!(run_fast(&p.geometry, &p.input, &p.weight, Some(&p.bias)), run(&p.geometry, &p.input, &p.weight, Some(&p.bias)));
    }

    #[test]
    fn conv_and_conv_transpose_are_adjoint(p in problem(Op::Conv)) {
        let mut forward = p.geometry.clone();
        forward.padding_mode = PaddingMode::Zeros;
        let y: Vec<f32> = (0..forward.output_len()).map(|i| ((i * 7 + 3) % 7) as f32 - 3.0).collect();
        let cx = run(&forward, &p.input, &p.weight, None);
        let transpose = adjoint_of(&forward);
        let cty = run(&transpose, &y, &p.weight, None);
        prop_assert_eq!(dot(&cx, &y), dot(&p.input, &cty));
    }

    #[test]
    fn folding_the_trace_gives_the_output(p in prop_oneof![problem(Op::ConvTranspose), problem(Op::Conv)]) {
        let trace = record(&p.geometry, &p.input, &p.weight, Some(&p.bias)).unwrap();
        prop_assert_eq!(trace.fold(), run(&p.geometry, &p.input, &p.weight, Some(&p.bias)));
        // Steps are in animation order and running sums end at the folded output minus bias.
        prop_assert!(trace.contributions.windows(2).all(|w| w[0].step <= w[1].step));
        prop_assert_eq!(trace.running_sums(0), vec![0.0; trace.fold().len()]);
    }

    #[test]
    fn overlap_counts_equal_an_independent_count(p in problem(Op::ConvTranspose)) {
        let axes = &p.geometry.axes;
        let counts = output_overlap(axes);
        let sout: Vec<usize> = axes.iter().map(|a| a.size_out as usize).collect();
        let sin: Vec<usize> = axes.iter().map(|a| a.size_in as usize).collect();
        let sk: Vec<usize> = axes.iter().map(|a| a.kernel_size as usize).collect();
        for t in cells(&sout) {
            let mut n = 0u32;
            for i in cells(&sin) {
                for k in cells(&sk) {
                    if (0..axes.len()).all(|a| {
                        let ax = &axes[a];
                        i[a] as i64 * ax.stride + k[a] as i64 * ax.dilation - ax.pad_before == t[a] as i64
                    }) {
                        n += 1;
                    }
                }
            }
            prop_assert_eq!(counts.values[ravel(&t, &sout)], n);
        }
        // And the full canvas holds every pair exactly once.
        let canvas_total: u32 = axes.iter().map(|a| axis_overlap(a).1.iter().sum::<u32>()).product();
        prop_assert_eq!(canvas_total as usize, sin.iter().product::<usize>() * sk.iter().product::<usize>());
    }

    #[test]
    fn the_gather_view_computes_the_scatter(p in problem(Op::ConvTranspose)) {
        let single = Geometry { batch: 1, channels_in: 1, channels_out: 1, groups: 1, ..p.geometry.clone() };
        let n: usize = single.input_len();
        let taps: usize = single.weight_len();
        let x = &p.input[..n];
        let w = &p.weight[..taps];
        prop_assert_eq!(gather_view_output(&single.axes, x, w), run(&single, x, w, None));
    }
}
