//! Every multiply–accumulate of a small problem, in animation order, with where it lands.
//!
//! ```text
//! conv_transpose (scatter, input-major): step = one input cell (batch, in-channel, position);
//!   within a step: out-channels, then taps row-major. canvas = i*stride + k*dilation (full scatter),
//!   output = canvas - pad_before when inside the output, None when cropped away.
//! conv (gather, output-major): step = one output cell (batch, out-channel, position);
//!   within a step: in-channels, then taps. canvas = o*stride + k*dilation (padded input),
//!   input = the cell read there, None when it is padding.
//! ```
//! The same loops as engine.rs, recorded: folding the trace gives the engine's output exactly
//! (tests/engine_properties.rs). The stage does not read it: its scenes compute their own sums,
//! and tests/scene_properties.rs pins those to the engine. The trace is for listing every
//! contribution of a problem outside the stage.

use super::engine::Geometry;
use crate::conv::error::{ConvError, ConvResult};
use crate::conv::geometry::axis::Op;

/// The most contributions a trace may hold (a stage shows far fewer).
pub const MAX_CONTRIBUTIONS: usize = 2_000_000;

/// One multiply–accumulate.
#[derive(Debug, Clone, PartialEq)]
pub struct Contribution {
    /// The animation step this belongs to.
    pub step: usize,
    pub batch: usize,
    pub channel_in: usize,
    pub channel_out: usize,
    /// Input cell; `None` for a padding cell of a forward convolution.
    pub input: Option<Vec<usize>>,
    /// Kernel tap, as applied (after any framework flip).
    pub tap: Vec<usize>,
    /// Position on the full canvas: the full scatter (transposed) or the padded input (forward).
    pub canvas: Vec<i64>,
    /// Output cell; `None` when a transposed convolution crops this position away.
    pub output: Option<Vec<usize>>,
    pub input_value: f32,
    pub weight_value: f32,
    pub product: f32,
}

/// A recorded run.
#[derive(Debug, Clone, PartialEq)]
pub struct Trace {
    pub op: Op,
    pub steps: usize,
    pub contributions: Vec<Contribution>,
    /// Canonical output shape `[batch, channels_out, spatial…]`.
    pub output_shape: Vec<usize>,
    pub bias: Option<Vec<f32>>,
}

fn unravel(mut index: usize, shape: &[usize]) -> Vec<usize> {
    let mut out = vec![0; shape.len()];
    for a in (0..shape.len()).rev() {
        out[a] = index % shape[a].max(1);
        index /= shape[a].max(1);
    }
    out
}

fn ravel(index: &[usize], shape: &[usize]) -> usize {
    index.iter().zip(shape).fold(0, |acc, (i, n)| acc * n + i)
}

/// Record every contribution of `geometry` applied to canonical `input` and `weight`.
pub fn record(geometry: &Geometry, input: &[f32], weight: &[f32], bias: Option<&[f32]>) -> ConvResult<Trace> {
    let rank = geometry.axes.len();
    if rank > 2 {
        return Err(ConvError::malformed("traces are recorded for 1-D and 2-D problems"));
    }
    if geometry.work() > MAX_CONTRIBUTIONS as u128 {
        return Err(ConvError::malformed(format!(
            "this problem has {} multiply-adds; traces stop at {MAX_CONTRIBUTIONS}",
            geometry.work()
        )));
    }
    let sizes_in: Vec<usize> = geometry.axes.iter().map(|a| a.size_in as usize).collect();
    let sizes_out: Vec<usize> = geometry.axes.iter().map(|a| a.size_out as usize).collect();
    let kernel: Vec<usize> = geometry.axes.iter().map(|a| a.kernel_size as usize).collect();
    let taps: usize = kernel.iter().product();
    let (in_plane, out_plane): (usize, usize) = (sizes_in.iter().product(), sizes_out.iter().product());
    let groups = geometry.groups.max(1);
    let (cig, cog) = (geometry.channels_in / groups, geometry.channels_out / groups);
    let mut contributions = Vec::new();
    let mut step = 0;
    match geometry.op {
        Op::ConvTranspose => {
            for b in 0..geometry.batch {
                for c_in in 0..geometry.channels_in {
                    let g = c_in / cig.max(1);
                    for cell in 0..in_plane {
                        let i = unravel(cell, &sizes_in);
                        let x = input[(b * geometry.channels_in + c_in) * in_plane + cell];
                        for co in 0..cog {
                            let c_out = g * cog + co;
                            for t in 0..taps {
                                let k = unravel(t, &kernel);
                                let canvas: Vec<i64> = (0..rank)
                                    .map(|a| {
                                        let axis = &geometry.axes[a];
                                        i[a] as i64 * axis.stride + k[a] as i64 * axis.dilation
                                    })
                                    .collect();
                                let output: Option<Vec<usize>> = (0..rank)
                                    .map(|a| geometry.axes[a].scatter(i[a] as i64, k[a] as i64).map(|o| o as usize))
                                    .collect();
                                let w = weight[((c_in * cog) + co) * taps + t];
                                contributions.push(Contribution {
                                    step,
                                    batch: b,
                                    channel_in: c_in,
                                    channel_out: c_out,
                                    input: Some(i.clone()),
                                    tap: k,
                                    canvas,
                                    output,
                                    input_value: x,
                                    weight_value: w,
                                    product: x * w,
                                });
                            }
                        }
                        step += 1;
                    }
                }
            }
        }
        Op::Conv => {
            for b in 0..geometry.batch {
                for c_out in 0..geometry.channels_out {
                    let g = c_out / cog.max(1);
                    for cell in 0..out_plane {
                        let o = unravel(cell, &sizes_out);
                        for ci in 0..cig {
                            let c_in = g * cig + ci;
                            for t in 0..taps {
                                let k = unravel(t, &kernel);
                                let canvas: Vec<i64> = (0..rank)
                                    .map(|a| {
                                        let axis = &geometry.axes[a];
                                        o[a] as i64 * axis.stride + k[a] as i64 * axis.dilation
                                    })
                                    .collect();
                                let source: Option<Vec<usize>> = (0..rank)
                                    .map(|a| {
                                        let axis = &geometry.axes[a];
                                        geometry
                                            .padding_mode
                                            .source(canvas[a] - axis.pad_before, axis.size_in)
                                            .map(|i| i as usize)
                                    })
                                    .collect();
                                let x = source
                                    .as_ref()
                                    .map(|i| input[(b * geometry.channels_in + c_in) * in_plane + ravel(i, &sizes_in)])
                                    .unwrap_or(0.0);
                                let w = weight[(c_out * cig + ci) * taps + t];
                                contributions.push(Contribution {
                                    step,
                                    batch: b,
                                    channel_in: c_in,
                                    channel_out: c_out,
                                    input: source,
                                    tap: k,
                                    canvas,
                                    output: Some(o.clone()),
                                    input_value: x,
                                    weight_value: w,
                                    product: x * w,
                                });
                            }
                        }
                        step += 1;
                    }
                }
            }
        }
    }
    let mut output_shape = vec![geometry.batch, geometry.channels_out];
    output_shape.extend(&sizes_out);
    Ok(Trace { op: geometry.op, steps: step, contributions, output_shape, bias: bias.map(<[f32]>::to_vec) })
}

impl Trace {
    fn flat_output(&self, c: &Contribution) -> Option<usize> {
        let cell = c.output.as_ref()?;
        let plane: usize = self.output_shape[2..].iter().product();
        Some((c.batch * self.output_shape[1] + c.channel_out) * plane + ravel(cell, &self.output_shape[2..]))
    }

    /// Output sums after the first `step` steps (no bias).
    pub fn running_sums(&self, step: usize) -> Vec<f32> {
        let mut sums = vec![0.0f32; self.output_shape.iter().product()];
        for c in self.contributions.iter().take_while(|c| c.step < step) {
            if let Some(index) = self.flat_output(c) {
                sums[index] += c.product;
            }
        }
        sums
    }

    /// The whole trace folded, bias added: the engine's output.
    pub fn fold(&self) -> Vec<f32> {
        let mut out = self.running_sums(self.steps);
        if let Some(bias) = &self.bias {
            let plane: usize = self.output_shape[2..].iter().product::<usize>().max(1);
            for (index, value) in out.iter_mut().enumerate() {
                *value += bias[(index / plane) % self.output_shape[1].max(1)];
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conv::compute::engine::run;
    use crate::conv::geometry::axis::AxisSpec;
    use crate::conv::geometry::padding::PaddingMode;

    /// The default example: ConvTranspose2d(kernel 3, stride 2, padding 1, output_padding 1) on 3×3.
    fn default_example() -> Geometry {
        let axis = AxisSpec {
            size_in: 3,
            kernel_size: 3,
            stride: 2,
            dilation: 1,
            pad_before: 1,
            pad_after: 1,
            output_padding: 1,
        }
        .resolve(Op::ConvTranspose)
        .unwrap();
        Geometry {
            op: Op::ConvTranspose,
            batch: 1,
            channels_in: 1,
            channels_out: 1,
            groups: 1,
            axes: vec![axis, axis],
            padding_mode: PaddingMode::Zeros,
        }
    }

    #[test]
    fn recording_the_default_example() {
        let g = default_example();
        let x: Vec<f32> = (1..=9).map(|v| v as f32).collect();
        let w = vec![1.0; 9];
        let trace = record(&g, &x, &w, None).unwrap();
        assert_eq!(trace.steps, 9, "one step per input pixel");
        assert_eq!(trace.contributions.len(), 81);
        // The corner pixel stamps 9 taps; the ones on row/column -1 of the canvas are cropped.
        let corner: Vec<_> = trace.contributions.iter().filter(|c| c.input.as_deref() == Some(&[0, 0])).collect();
        assert_eq!(corner.len(), 9);
        assert!(corner.iter().all(|c| c.step == 0));
        assert_eq!(corner.iter().filter(|c| c.output.is_none()).count(), 5);
        // Output cell (1, 1) sits where 4 stamps overlap (canvas 2, 2): pixels (0,0), (0,1), (1,0), (1,1).
        let into = trace.contributions.iter().filter(|c| c.output.as_deref() == Some(&[1, 1]));
        assert_eq!(into.map(|c| c.product).sum::<f32>(), 1.0 + 2.0 + 4.0 + 5.0);
        // After the first pixel only its stamp is in; at the end, the engine's output.
        let first = trace.running_sums(1);
        assert_eq!(first.iter().filter(|&&v| v != 0.0).count(), 4);
        assert_eq!(trace.fold(), run(&g, &x, &w, None));
    }
}
