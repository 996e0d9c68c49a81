//! TensorFlow `tf.nn`: `conv{1,2,3}d_transpose` and `conv{1,2,3}d`, as the CPU kernels run them.
//!
//! A transposed convolution in TensorFlow is "the gradient of conv for an input of shape
//! `output_shape`", so `output_shape` is mandatory and is checked by running the forward size
//! rule on it (`GetWindowedOutputSizeVerbose`, C++ integer division):
//!
//! ```text
//! SAME:     out = (O + stride - 1) / stride              pad_total = max(0, (out - 1)*stride + K - O)
//! VALID:    out = (O - K + stride) / stride              pad_total = 0
//! EXPLICIT: out = (O + pad_before + pad_after - K + stride) / stride
//! K = dilation*(kernel_size - 1) + 1;  pad_before = pad_total / 2  (the odd cell goes to the end)
//! accepted iff out == size_in; the output is the window of the full scatter starting at pad_before
//! ```
//! The forward ops use the same rule with `O` = the input size.
//!
//! Sources: tensorflow/python/ops/nn_ops.py (`_get_sequence`, `convert_padding`,
//! `conv1d_transpose`, `conv2d_transpose_v2`), tensorflow/core/framework/kernel_shape_util.cc,
//! tensorflow/core/kernels/conv_grad_shape_utils.cc, conv_grad_input_ops.h (CPU: NHWC only, no
//! dilation, no groups in the transposed op). Filters: transposed `(k…, out, in)`,
//! forward `(k…, in/groups, out)`.

use super::common::{derive, list_text, window_spec};
use crate::conv::axis::{kernel_field, AxisSpec, Op};
use crate::conv::error::{ConvError, ConvResult};
use crate::conv::frameworks::Framework;
use crate::conv::layer::{join_shape, split_shape, ChannelPosition, Derivation, Layer, Request, WeightLayout};
use crate::conv::params::{ArgReader, Value};

const NAME: &str = "TensorFlow";

/// One axis of TensorFlow's `padding` argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TfPadding {
    Same,
    Valid,
    Explicit(i64, i64),
}

/// `GetWindowedOutputSizeVerbose`: the forward output size of `input` cells and the padding
/// TensorFlow uses, or its error when the size would be negative.
pub fn windowed_output_size(input: i64, field: i64, stride: i64, padding: TfPadding) -> ConvResult<(i64, i64, i64)> {
    let (n, k, s) = (input as i128, field as i128, stride as i128);
    // C++ `/` truncates toward zero; Rust's `/` on i128 does the same.
    let (out, before, after) = match padding {
        TfPadding::Valid => ((n - k + s) / s, 0, 0),
        TfPadding::Same => {
            let out = (n + s - 1) / s;
            let total = ((out - 1) * s + k - n).max(0);
            (out, total / 2, total - total / 2)
        }
        TfPadding::Explicit(b, a) => ((n + b as i128 + a as i128 - k + s) / s, b as i128, a as i128),
    };
    if out < 0 {
        return Err(ConvError::rejected(format!(
            "Computed output size would be negative: {out} [input_size: {input}, effective_filter_size: {field}, stride: {stride}]"
        )));
    }
    let fit = |v: i128| v.clamp(i64::MIN as i128, i64::MAX as i128) as i64;
    Ok((fit(out), fit(before), fit(after)))
}

fn formats(rank: usize) -> (&'static str, &'static str) {
    match rank {
        1 => ("NWC", "NCW"),
        2 => ("NHWC", "NCHW"),
        _ => ("NDHWC", "NCDHW"),
    }
}

fn api_name(op: Op, rank: usize) -> String {
    match op {
        Op::ConvTranspose => format!("tf.nn.conv{rank}d_transpose"),
        Op::Conv => format!("tf.nn.conv{rank}d"),
    }
}

/// `_get_sequence`: an int, or a list of 1, `rank`, or `rank + 2` entries; the spatial entries.
/// `tf.nn.conv3d` passes its lists straight to the op, which takes exactly `rank + 2`.
fn read_sequence(
    reader: &mut ArgReader,
    name: &str,
    rank: usize,
    position: ChannelPosition,
    full_list_only: bool,
) -> ConvResult<Option<Vec<i64>>> {
    let Some(value) = reader.value(name) else {
        return Ok(None);
    };
    let values = match (value, value.as_ints()) {
        (Value::Int(_), Some(v)) if !full_list_only => v,
        (Value::List(_), Some(v)) => v,
        _ => {
            let wanted = if full_list_only {
                format!("a list of {} ints", rank + 2)
            } else {
                format!("an int or a list of 1, {rank} or {} ints", rank + 2)
            };
            return Err(ConvError::rejected(format!("`{name}` must be {wanted} (got {})", value.describe())));
        }
    };
    let spatial = match values.len() {
        n if n == rank + 2 => {
            let (outer, spatial) = match position {
                ChannelPosition::Last => ([values[0], values[rank + 1]], values[1..=rank].to_vec()),
                ChannelPosition::First => ([values[0], values[1]], values[2..].to_vec()),
            };
            if outer != [1, 1] {
                return Err(ConvError::rejected(format!(
                    "Current implementation does not yet support {name} in the batch and depth dimensions \
                     (got {name}={}; the batch and channel entries must be 1)",
                    list_text(&values)
                )));
            }
            spatial
        }
        _ if full_list_only => {
            return Err(ConvError::rejected(format!(
                "tf.nn.conv3d needs `{name}` as a list of {} ints (got {})",
                rank + 2,
                list_text(&values)
            )))
        }
        1 => vec![values[0]; rank],
        n if n == rank => values,
        n => {
            return Err(ConvError::rejected(format!(
                "{name} should be of length 1, {rank} or {}. Received: {name}={} of length {n}",
                rank + 2,
                list_text(&values)
            )))
        }
    };
    Ok(Some(spatial))
}

/// The `padding` argument: `'SAME'`, `'VALID'`, or (2-D ops only) explicit pairs for all axes.
fn read_padding(
    reader: &mut ArgReader,
    rank: usize,
    position: ChannelPosition,
    api: &str,
) -> ConvResult<Vec<TfPadding>> {
    match reader.value("padding") {
        None => Ok(vec![TfPadding::Same; rank]),
        Some(Value::Str(s)) if s == "SAME" => Ok(vec![TfPadding::Same; rank]),
        Some(Value::Str(s)) if s == "VALID" => Ok(vec![TfPadding::Valid; rank]),
        Some(Value::Str(s)) if s == "EXPLICIT" => Err(ConvError::rejected(
            "'EXPLICIT' is not a valid value for `padding`. To use explicit padding, `padding` must be a list.",
        )),
        Some(Value::Str(s)) => Err(ConvError::rejected(format!(
            "Value for attr 'padding' of {:?} is not in the list of allowed values: \"SAME\", \"VALID\", \"EXPLICIT\" \
             (TensorFlow's padding strings are upper case)",
            s
        ))),
        Some(list @ Value::List(items)) => {
            if rank != 2 {
                return Err(ConvError::rejected(format!(
                    "{api} takes padding 'SAME' or 'VALID' only (explicit padding lists exist for the 2-D ops); got {}",
                    list.describe()
                )));
            }
            let mut pairs = Vec::with_capacity(items.len());
            for item in items {
                match item.as_ints().filter(|p| p.len() == 2 && matches!(item, Value::List(_))) {
                    Some(p) => pairs.push((p[0], p[1])),
                    None => {
                        return Err(ConvError::rejected(format!(
                            "When `padding` is a list, each element of `padding` must be a list/tuple of size 2. Received: padding={}",
                            list.describe()
                        )))
                    }
                }
            }
            if pairs.len() != rank + 2 {
                return Err(ConvError::rejected(format!(
                    "When padding is a list, it must be of size {}. Received: padding={} of size {}",
                    rank + 2,
                    list.describe(),
                    pairs.len()
                )));
            }
            if pairs.iter().any(|&(b, a)| b < 0 || a < 0) {
                return Err(ConvError::rejected("All elements of explicit_paddings must be nonnegative"));
            }
            type Pairs = Vec<(i64, i64)>;
            let (outer, spatial): (Pairs, Pairs) = match position {
                ChannelPosition::Last => (vec![pairs[0], pairs[rank + 1]], pairs[1..=rank].to_vec()),
                ChannelPosition::First => (vec![pairs[0], pairs[1]], pairs[2..].to_vec()),
            };
            if outer.iter().any(|&p| p != (0, 0)) {
                return Err(ConvError::rejected(
                    "Nonzero explicit padding in the batch or depth dimensions is not supported",
                ));
            }
            Ok(spatial.into_iter().map(|(b, a)| TfPadding::Explicit(b, a)).collect())
        }
        Some(other) => Err(ConvError::rejected(format!(
            "`padding` must be 'SAME', 'VALID' or a list of pairs (got {})",
            other.describe()
        ))),
    }
}

/// Which CPU-kernel limits apply. `tf.nn` on CPU has all of them; Keras 2 reaches other kernels
/// for some layers (XLA for grouped convolutions, `atrous_conv2d_transpose` for dilation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CpuLimits {
    /// Channels-first data formats are refused.
    pub channels_last_only: bool,
    /// Transposed convolutions refuse dilation > 1.
    pub no_transposed_dilation: bool,
    /// Conv3D refuses groups and dilation.
    pub conv3d_plain_only: bool,
}

impl CpuLimits {
    /// The limits of the `tf.nn` CPU kernels.
    pub const TF_NN: CpuLimits =
        CpuLimits { channels_last_only: true, no_transposed_dilation: true, conv3d_plain_only: true };
}

/// Resolve a `tf.nn` request.
pub fn resolve(request: &Request) -> ConvResult<Layer> {
    resolve_with(request, CpuLimits::TF_NN)
}

/// Resolve a `tf.nn` request under the given kernel limits.
pub fn resolve_with(request: &Request, limits: CpuLimits) -> ConvResult<Layer> {
    let rank = request.rank;
    let op = request.op;
    let api = api_name(op, rank);
    let mut reader = ArgReader::new(NAME, &request.params);
    let (last, first) = formats(rank);
    let data_format = match (reader.string("data_format")?, request.layout.clone()) {
        (Some(a), Some(b)) if a != b => {
            return Err(ConvError::malformed(format!("layout {b:?} and data_format {a:?} disagree")));
        }
        (Some(f), _) | (None, Some(f)) => f,
        (None, None) => last.to_string(),
    };
    let position = if data_format == last {
        ChannelPosition::Last
    } else if data_format == first || (rank == 1 && data_format == "NCHW") {
        ChannelPosition::First
    } else {
        return Err(ConvError::rejected(format!(
            "`data_format` must be '{last}' or '{first}'. Received: data_format={data_format}"
        )));
    };

    let strides_name = if op == Op::Conv && rank == 1 { "stride" } else { "strides" };
    let full_list_only = op == Op::Conv && rank == 3;
    let strides = read_sequence(&mut reader, strides_name, rank, position, full_list_only)?
        .ok_or_else(|| ConvError::rejected(format!("{api}() missing required argument: '{strides_name}'")))?;
    let dilations = read_sequence(&mut reader, "dilations", rank, position, full_list_only)?.unwrap_or(vec![1; rank]);
    let padding = read_padding(&mut reader, rank, position, &api)?;
    let output_shape = match op {
        Op::ConvTranspose => Some(
            reader
                .value("output_shape")
                .ok_or_else(|| ConvError::rejected(format!("{api}() missing required argument: 'output_shape'")))?,
        ),
        Op::Conv => None,
    };

    let input = split_shape(&request.input_shape, rank, position, false, NAME)?;
    let batch = input.batch.unwrap_or(1);
    let filters = request
        .weight_shape
        .clone()
        .ok_or_else(|| ConvError::malformed(format!("{api} needs weight_shape (the filters' shape)")))?;

    // Checks made when the kernel is constructed.
    if strides.iter().any(|&s| s <= 0) {
        return Err(ConvError::rejected(format!(
            "Row and column strides should be larger than 0 (got strides={})",
            list_text(&strides)
        )));
    }
    if dilations.iter().any(|&d| d <= 0) {
        return Err(ConvError::rejected(format!(
            "Dilated rates should be larger than 0 (got dilations={})",
            list_text(&dilations)
        )));
    }
    let cpu_format_error = || {
        ConvError::rejected(format!(
            "the {api} CPU kernel only supports the channels-last format {last} (got {data_format}); \
             {data_format} runs on GPU only"
        ))
    };
    // The transposed kernels check the format when they are built; the forward ones only when
    // there is something to compute (below).
    if op == Op::ConvTranspose && position == ChannelPosition::First && limits.channels_last_only {
        return Err(cpu_format_error());
    }
    if op == Op::ConvTranspose && limits.no_transposed_dilation && dilations.iter().any(|&d| d > 1) {
        return Err(ConvError::rejected(format!(
            "Current CPU implementations do not yet support dilation rates larger than 1 (got dilations={})",
            list_text(&dilations)
        )));
    }
    if filters.len() != rank + 2 {
        return Err(ConvError::rejected(format!(
            "filter must be {}-dimensional (got weight_shape {})",
            rank + 2,
            list_text(&filters)
        )));
    }
    if let Some(&bad) = filters.iter().find(|&&d| d < 0) {
        return Err(ConvError::rejected(format!("Dimension {bad} must be >= 0 (in weight_shape)")));
    }
    let kernel_size = filters[..rank].to_vec();
    let fields: Vec<i64> =
        (0..rank).map(|a| kernel_field(kernel_size[a], dilations[a]).min(i64::MAX as i128) as i64).collect();

    let mut notes = Vec::new();
    let (axes_spec, channels_out, groups, derivations): (Vec<AxisSpec>, i64, i64, Vec<Derivation>) = match op {
        Op::ConvTranspose => {
            let shape_value = output_shape.unwrap_or(&Value::Null);
            let given = match shape_value {
                Value::List(_) => shape_value.as_ints(),
                _ => None,
            }
            .ok_or_else(|| {
                ConvError::rejected(format!("output_shape must be a list of ints (got {})", shape_value.describe()))
            })?;
            // conv1d_transpose inserts a unit height axis, so only a full shape survives that.
            let full = match given.len() {
                n if n == rank + 2 => given.clone(),
                2 if rank == 2 => join_shape(Some(batch), filters[rank], &given, position),
                n => {
                    return Err(ConvError::rejected(format!(
                        "{api} needs output_shape with {} values (batch, spatial sizes, channels); got {n}: {}",
                        rank + 2,
                        list_text(&given)
                    )))
                }
            };
            if let Some(&bad) = full.iter().find(|&&d| d < 0) {
                return Err(ConvError::rejected(format!("Dimension {bad} must be >= 0 (in output_shape)")));
            }
            let target = split_shape(&full, rank, position, false, NAME)?;
            if target.batch != input.batch {
                return Err(ConvError::rejected(format!(
                    "input and out_backprop must have the same batch size. Input batch: {}, outbackprop batch: {}",
                    target.batch.unwrap_or(0),
                    batch
                )));
            }
            let filter_out = filters[rank];
            let filter_in = filters[rank + 1];
            if filter_out == 0 || target.channels % filter_out != 0 {
                return Err(ConvError::rejected(format!(
                    "input depth must be evenly divisible by filter depth: the output_shape has {} channels, \
                     the filters' output depth (weight_shape[-2]) is {filter_out}",
                    target.channels
                )));
            }
            if filter_in != input.channels {
                return Err(ConvError::rejected(format!(
                    "filter and out_backprop must have the same out_depth: the filters' input depth (weight_shape[-1]) \
                     is {filter_in}, the input has {} channels",
                    input.channels
                )));
            }
            let mut specs = Vec::with_capacity(rank);
            let mut derivations = Vec::with_capacity(rank);
            for axis in 0..rank {
                let (size, n, s) = (target.spatial[axis], input.spatial[axis], strides[axis]);
                let (computed, before, after) = windowed_output_size(size, fields[axis], s, padding[axis])?;
                if computed != n {
                    return Err(ConvError::rejected(format!(
                        "Size of out_backprop doesn't match computed: actual = {n}, computed = {computed} \
                         spatial_dim: {} input: {size} filter: {} output: {n} stride: {s} dilation: {} — \
                         an output_shape of {size} would come from an input of {computed}, not {n}{}",
                        axis + 1,
                        kernel_size[axis],
                        dilations[axis],
                        valid_range_hint(n, fields[axis], s, padding[axis]),
                    )));
                }
                specs.push(window_spec(n, kernel_size[axis], s, dilations[axis], before, size));
                if before + after > 0 && (before + after) % 2 == 1 && padding[axis] == TfPadding::Same {
                    notes.push(format!(
                        "axis {axis}: SAME crops {} cells from the full scatter and puts the odd one at the end \
                         (bottom/right): {before} at the start, {after} at the end",
                        before + after
                    ));
                }
                derivations.push(transpose_derivation(padding[axis], size, n, fields[axis], s));
            }
            if target.channels != filter_out {
                return Err(ConvError::rejected(format!(
                    "Gradients for grouped convolutions are not supported on CPU. Computed input depth {} doesn't \
                     match filter input depth {filter_out}",
                    target.channels
                )));
            }
            (specs, target.channels, 1, derivations)
        }
        Op::Conv => {
            if filters.contains(&0) {
                return Err(ConvError::rejected(format!(
                    "filter must not have zero elements (i.e. all dimensions must be non-zero); weight_shape is {}",
                    list_text(&filters)
                )));
            }
            let filter_in = filters[rank];
            let channels_out = filters[rank + 1];
            if input.channels % filter_in != 0 {
                return Err(ConvError::rejected(format!(
                    "input depth must be evenly divisible by filter depth: {} vs {filter_in}",
                    input.channels
                )));
            }
            let groups = input.channels / filter_in;
            if groups == 0 || channels_out % groups != 0 {
                return Err(ConvError::rejected(format!(
                    "output depth must be evenly divisible by number of groups: {channels_out} vs {groups}"
                )));
            }
            let mut specs = Vec::with_capacity(rank);
            let mut derivations = Vec::with_capacity(rank);
            for axis in 0..rank {
                let n = input.spatial[axis];
                let (out, before, after) = windowed_output_size(n, fields[axis], strides[axis], padding[axis])?;
                specs.push(AxisSpec {
                    size_in: n,
                    kernel_size: kernel_size[axis],
                    stride: strides[axis],
                    dilation: dilations[axis],
                    pad_before: before,
                    pad_after: after,
                    output_padding: 0,
                });
                derivations.push(forward_derivation(padding[axis], n, fields[axis], strides[axis], out));
                if padding[axis] == TfPadding::Same && (before + after) % 2 == 1 {
                    notes.push(format!(
                        "axis {axis}: SAME pads {} cells and puts the odd one at the end (bottom/right): \
                         {before} before, {after} after",
                        before + after
                    ));
                }
            }
            // The forward kernels return an empty output before they check format, groups and dilation.
            let empty = batch == 0 || channels_out == 0 || specs.iter().any(|s| s.raw_size_out(Op::Conv) == 0);
            if !empty {
                if position == ChannelPosition::First && limits.channels_last_only {
                    return Err(cpu_format_error());
                }
                if rank == 3 && limits.conv3d_plain_only && filter_in != input.channels {
                    return Err(ConvError::rejected(format!(
                        "Number of channels in filter ({filter_in}) must match last dimension of input ({}): \
                     the Conv3D CPU kernel has no groups",
                        input.channels
                    )));
                }
                if rank == 3 && limits.conv3d_plain_only && dilations.iter().any(|&d| d > 1) {
                    return Err(ConvError::rejected(format!(
                        "CPU implementation of Conv3D currently only supports dilated rates of 1 (got dilations={})",
                        list_text(&dilations)
                    )));
                }
            }
            (specs, channels_out, groups, derivations)
        }
    };

    let mut axes = Vec::with_capacity(rank);
    for spec in &axes_spec {
        let axis = spec.resolve(op)?;
        if op == Op::ConvTranspose && axis.output_padding > 0 {
            notes.push(format!(
                "output_shape runs {} cells past the end of the full scatter ({} cells); they are zeros",
                axis.output_padding,
                axis.full_len()
            ));
        }
        axes.push(axis);
    }
    // TensorFlow's own size rule and the canonical geometry must agree on the forward size.
    if op == Op::Conv {
        for (axis, derivation) in axes.iter().zip(&derivations) {
            if axis.size_out != derivation.size_out {
                return Err(ConvError::rejected(format!(
                    "Computed output size would be {} (the kernel field does not fit the padded input)",
                    derivation.size_out
                )));
            }
        }
    }
    notes.extend(reader.unknown_notes());
    let output_shape =
        join_shape(input.batch, channels_out, &axes.iter().map(|a| a.size_out).collect::<Vec<_>>(), position);
    Ok(Layer {
        framework: Framework::Tensorflow,
        op,
        axes,
        channel_position: position,
        batch: input.batch,
        channels_in: input.channels,
        channels_out,
        groups,
        weight_layout: match op {
            Op::ConvTranspose => WeightLayout::SpatialOutIn,
            Op::Conv => WeightLayout::SpatialInOut,
        },
        weight_shape: filters,
        output_shape,
        kernel_flipped: false,
        bias: false,
        derivations,
        notes,
        padding_mode: crate::conv::engine::PaddingMode::Zeros,
        explicit_layouts: None,
    })
}

/// "output_shape must be between A and B" for the error message.
fn valid_range_hint(n: i64, field: i64, stride: i64, padding: TfPadding) -> String {
    let (n, k, s) = (n as i128, field as i128, stride as i128);
    let (low, high) = match padding {
        TfPadding::Same => ((n - 1) * s + 1, n * s),
        TfPadding::Valid => ((n - 1) * s + k, (n - 1) * s + k + s - 1),
        TfPadding::Explicit(b, a) => {
            let low = (n - 1) * s + k - b as i128 - a as i128;
            (low, low + s - 1)
        }
    };
    if n == 0 || high < 0 {
        return String::new();
    }
    format!("; for an input of {n} this padding accepts output sizes {}..={high}", low.max(0))
}

fn transpose_derivation(padding: TfPadding, size: i64, n: i64, field: i64, stride: i64) -> Derivation {
    let values = [("output_shape", size), ("strides", stride), ("kernel_field", field), ("size_in", n)];
    let mut derivation = match padding {
        TfPadding::Same => derive("{output_shape}, accepted because ceil({output_shape} / {strides}) = {size_in}", &values, size),
        TfPadding::Valid => derive(
            "{output_shape}, accepted because ({output_shape} - {kernel_field} + {strides}) div {strides} = {size_in}",
            &values,
            size,
        ),
        TfPadding::Explicit(b, a) => derive(
            "{output_shape}, accepted because ({output_shape} + {pad_before} + {pad_after} - {kernel_field} + {strides}) div {strides} = {size_in}",
            &[values.as_slice(), &[("pad_before", b), ("pad_after", a)]].concat(),
            size,
        ),
    };
    derivation.formula = derivation.formula.replacen("size_out = ", "size_out = output_shape = ", 1);
    derivation
}

fn forward_derivation(padding: TfPadding, n: i64, field: i64, stride: i64, out: i64) -> Derivation {
    let values = [("size_in", n), ("strides", stride), ("kernel_field", field)];
    match padding {
        TfPadding::Same => derive("ceil({size_in} / {strides})", &values, out),
        TfPadding::Valid => derive("({size_in} - {kernel_field} + {strides}) div {strides}", &values, out),
        TfPadding::Explicit(b, a) => derive(
            "({size_in} + {pad_before} + {pad_after} - {kernel_field} + {strides}) div {strides}",
            &[values.as_slice(), &[("pad_before", b), ("pad_after", a)]].concat(),
            out,
        ),
    }
}
