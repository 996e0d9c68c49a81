//! Chainer 7: `chainer.functions.deconvolution_2d` / `deconvolution_nd` and `convolution_2d` / `convolution_nd`.
//!
//! ```text
//! dk = kernel + (kernel - 1)*(dilate - 1)
//! deconvolution: size_out = stride*(size_in - 1) + dk - 2*pad             (must be > 0)
//!   outsize O accepted iff (O + 2*pad - dk) // stride + 1 <= size_in <= (O + 2*pad - dk + stride - 1) // stride + 1
//!   i.e. O in [L0 - (stride - 1), L0 + (stride - 1)]: Chainer alone also accepts outputs SMALLER than L0
//!   the output is buffer[pad : pad + O] of a col2im buffer of O + 2*pad + stride - 1 cells (Python slicing)
//! convolution:   size_out = (size_in + 2*pad - dk) // stride + 1;  cover_all=True adds stride - 1 to the end
//! ```
//! Sources: chainer/functions/connection/deconvolution_2d.py, deconvolution_nd.py, convolution_2d.py,
//! convolution_nd.py, chainer/utils/conv.py (`get_conv_outsize`, `get_deconv_outsize`, `col2im_cpu`),
//! chainer/utils/conv_nd.py (`col2im_nd_cpu`). Weights: deconvolution `(C_in, C_out/groups, k…)`,
//! convolution `(C_out, C_in/groups, k…)`.

use super::common::{derive, list_text, window_spec};
use crate::conv::axis::{AxisSpec, Op};
use crate::conv::error::{ConvError, ConvResult};
use crate::conv::frameworks::Framework;
use crate::conv::layer::{join_shape, resolve_axes, split_shape, ChannelPosition, Layer, Request, WeightLayout};
use crate::conv::params::{ArgReader, PerAxis};

const NAME: &str = "Chainer";

/// Python's `a // b` for `b > 0`.
fn floor_div(a: i128, b: i128) -> i128 {
    a.div_euclid(b)
}

/// `len(range(length)[start:stop])`: how many cells Python slicing keeps.
fn python_slice_len(length: i128, start: i128, stop: i128) -> i128 {
    let clamp = |i: i128| if i < 0 { (i + length).max(0) } else { i.min(length) };
    (clamp(stop) - clamp(start)).max(0)
}

/// Resolve a Chainer function call.
pub fn resolve(request: &Request) -> ConvResult<Layer> {
    let rank = request.rank;
    let op = request.op;
    let two_d = rank == 2 && request.api.as_deref().is_none_or(|api| api.ends_with("_2d"));
    let function = match (op, two_d) {
        (Op::ConvTranspose, true) => "Deconvolution2DFunction",
        (Op::ConvTranspose, false) => "DeconvolutionND",
        (Op::Conv, true) => "Convolution2DFunction",
        (Op::Conv, false) => "ConvolutionND",
    };
    let positive_error = |what: &str| -> ConvError {
        if two_d {
            let verb = if op == Op::ConvTranspose { "must" } else { "should" };
            ConvError::rejected(format!("{what} in the output {verb} be positive."))
        } else {
            ConvError::rejected("Output sizes should be positive.")
        }
    };
    let mut reader = ArgReader::new(NAME, &request.params);
    let stride = reader.per_axis("stride", rank, PerAxis::INT_OR_LIST)?.unwrap_or(vec![1; rank]);
    let pad = reader.per_axis("pad", rank, PerAxis::INT_OR_LIST)?.unwrap_or(vec![0; rank]);
    let dilate = reader.per_axis("dilate", rank, PerAxis::INT_OR_LIST)?.unwrap_or(vec![1; rank]);
    let groups = reader.int("groups")?.unwrap_or(1);
    let cover_all = op == Op::Conv && reader.boolean("cover_all")?.unwrap_or(false);
    let outsize = match (op, reader.value("outsize")) {
        (Op::ConvTranspose, Some(value)) => {
            let sizes = value.as_ints().filter(|v| v.len() == rank).ok_or_else(|| {
                ConvError::rejected(format!("outsize must be a tuple of {rank} ints (got {})", value.describe()))
            })?;
            Some(sizes)
        }
        _ => None,
    };
    let bias = reader.boolean("bias")?.unwrap_or(false);

    if stride.iter().any(|&s| s <= 0) {
        return Err(ConvError::rejected(format!(
            "ZeroDivisionError: integer division or modulo by zero (stride={} must be positive)",
            list_text(&stride)
        )));
    }
    if dilate.iter().any(|&d| d <= 0) {
        return Err(ConvError::rejected(format!("Dilate should be positive, but {} is given", list_text(&dilate))));
    }
    if groups <= 0 {
        return Err(ConvError::rejected(format!("groups must be positive (got {groups})")));
    }
    let input = split_shape(&request.input_shape, rank, ChannelPosition::First, false, NAME)?;
    let weight = request
        .weight_shape
        .clone()
        .ok_or_else(|| ConvError::malformed("chainer.functions convolutions need weight_shape (the shape of W)"))?;
    if weight.len() != rank + 2 {
        return Err(ConvError::rejected(format!(
            "Invalid operation is performed in: {function} (Forward) Expect: w.ndim == {} Actual: {}",
            rank + 2,
            weight.len()
        )));
    }
    let kernel = weight[2..].to_vec();
    if kernel.iter().any(|&k| k <= 0) {
        return Err(ConvError::malformed(format!(
            "convt-lab does not model Chainer with an empty kernel ({})",
            list_text(&kernel)
        )));
    }
    let dk: Vec<i128> =
        (0..rank).map(|a| kernel[a] as i128 + (kernel[a] as i128 - 1) * (dilate[a] as i128 - 1)).collect();

    let mut specs = Vec::with_capacity(rank);
    let mut derivations = Vec::with_capacity(rank);
    let mut notes = Vec::new();
    let channels_out;
    match op {
        Op::ConvTranspose => {
            if input.channels != weight[0] {
                return Err(ConvError::rejected(format!(
                    "Invalid operation is performed in: {function} (Forward) Expect: x.shape[1] == W.shape[0] Actual: {} != {}",
                    input.channels, weight[0]
                )));
            }
            if input.channels % groups != 0 {
                return Err(ConvError::rejected(format!(
                    "cannot split {} input channels into {groups} groups",
                    input.channels
                )));
            }
            channels_out = weight[1].saturating_mul(groups);
            for axis in 0..rank {
                let (n, s, p) = (input.spatial[axis] as i128, stride[axis] as i128, pad[axis] as i128);
                let default = s * (n - 1) + dk[axis] - 2 * p;
                let target = match &outsize {
                    Some(o) => {
                        let o = o[axis] as i128;
                        let lower = floor_div(o + 2 * p - dk[axis], s) + 1;
                        let upper = floor_div(o + 2 * p - dk[axis] + s - 1, s) + 1;
                        if !(lower <= n && n <= upper) {
                            return Err(ConvError::rejected(format!(
                                "Invalid operation is performed in: {function} (Forward) Expect: {lower} <= x.shape[{}] <= {upper} \
                                 Actual: {n}; an outsize of {o} would come from an input of {lower}..={upper}; for this input \
                                 outsize may be {}..={}",
                                axis + 2,
                                default - (s - 1),
                                default + (s - 1)
                            )));
                        }
                        o
                    }
                    None => {
                        if default <= 0 {
                            return Err(positive_error(["Height", "Width", "Depth"][axis.min(2)]));
                        }
                        default
                    }
                };
                // col2im fills a buffer of target + 2*pad + stride - 1 cells and returns buffer[pad : pad + target].
                let buffer = target + 2 * p + s - 1;
                if buffer < 0 {
                    return Err(ConvError::rejected("negative dimensions are not allowed (numpy.zeros in col2im)"));
                }
                let size_out = python_slice_len(buffer, p, p + target);
                let start = if p < 0 { (buffer + p).max(0) } else { p };
                let fit = |v: i128| v.clamp(i64::MIN as i128, i64::MAX as i128) as i64;
                specs.push(window_spec(fit(n), kernel[axis], stride[axis], dilate[axis], fit(start), fit(size_out)));
                let values = [
                    ("size_in", fit(n)),
                    ("stride", stride[axis]),
                    ("dk", fit(dk[axis])),
                    ("pad", pad[axis]),
                    ("outsize", fit(target)),
                ];
                derivations.push(match &outsize {
                    Some(_) => derive(
                        "outsize, accepted because ({outsize} + 2*{pad} - {dk}) // {stride} + 1 <= {size_in} <= ({outsize} + 2*{pad} - {dk} + {stride} - 1) // {stride} + 1",
                        &values,
                        fit(size_out),
                    ),
                    None => derive("{stride}*({size_in} - 1) + {dk} - 2*{pad}", &values, fit(size_out)),
                });
                if outsize.is_some() && target < default {
                    notes.push(format!(
                        "axis {axis}: outsize {target} is smaller than the natural {default}; Chainer alone accepts that \
                         (it sets cover_all), cropping {} more cells at the end",
                        default - target
                    ));
                }
                if p < 0 {
                    notes.push(format!(
                        "axis {axis}: a negative pad makes col2im slice its buffer from the end (Python negative indexing); \
                         the size is what Chainer returns, not a meaningful convolution"
                    ));
                }
            }
        }
        Op::Conv => {
            if weight[1].checked_mul(groups) != Some(input.channels) {
                return Err(ConvError::rejected(format!(
                    "Invalid operation is performed in: {function} (Forward) Expect: x.shape[1] == W.shape[1] * groups \
                     Actual: {} != {} * {groups}",
                    input.channels, weight[1]
                )));
            }
            if weight[0] % groups != 0 {
                return Err(ConvError::rejected(format!(
                    "the number of output channels ({}) must be divisible by groups ({groups})",
                    weight[0]
                )));
            }
            channels_out = weight[0];
            for axis in 0..rank {
                let (n, s, p) = (input.spatial[axis] as i128, stride[axis] as i128, pad[axis] as i128);
                let extra = if cover_all { s - 1 } else { 0 };
                let size_out = floor_div(n + 2 * p - dk[axis] + extra, s) + 1;
                if size_out <= 0 {
                    return Err(positive_error(["Height", "Width", "Depth"][axis.min(2)]));
                }
                let spec = AxisSpec {
                    size_in: input.spatial[axis],
                    kernel_size: kernel[axis],
                    stride: stride[axis],
                    dilation: dilate[axis],
                    pad_before: pad[axis],
                    pad_after: (p + extra) as i64,
                    output_padding: 0,
                };
                let values = [
                    ("size_in", input.spatial[axis]),
                    ("stride", stride[axis]),
                    ("dk", dk[axis] as i64),
                    ("pad", pad[axis]),
                ];
                derivations.push(if cover_all {
                    derive("({size_in} + 2*{pad} - {dk} + {stride} - 1) // {stride} + 1", &values, size_out as i64)
                } else {
                    derive("({size_in} + 2*{pad} - {dk}) // {stride} + 1", &values, size_out as i64)
                });
                specs.push(spec);
            }
        }
    }
    let axes = resolve_axes(&specs, op)?;
    notes.extend(reader.unknown_notes());
    let output_shape = join_shape(
        input.batch,
        channels_out,
        &axes.iter().map(|a| a.size_out).collect::<Vec<_>>(),
        ChannelPosition::First,
    );
    Ok(Layer {
        framework: Framework::Chainer,
        op,
        axes,
        channel_position: ChannelPosition::First,
        batch: input.batch,
        channels_in: input.channels,
        channels_out,
        groups,
        weight_layout: WeightLayout::channels_first(op),
        weight_shape: weight,
        output_shape,
        kernel_flipped: false,
        bias,
        derivations,
        notes,
        padding_mode: crate::conv::engine::PaddingMode::Zeros,
        explicit_layouts: None,
    })
}
