//! Keras 3: `keras.layers.Conv{1,2,3}DTranspose` and `Conv{1,2,3}D`.
//!
//! ```text
//! K = dilation_rate*(kernel_size - 1) + 1
//! transposed, valid: size_out = (size_in - 1)*strides + K + a,  a = output_padding ?? max(K, strides) - K
//! transposed, same:  size_out = size_in*strides                          (output_padding None)
//!                    size_out = (size_in - 1)*strides + K % 2 + output_padding
//! window start (crop) c0 = K - 1 - left, left = min(ceil(pad_len / 2), K - 1),
//!   pad_len = strides + K - 2 (output_padding None) or K + K % 2 - 2 + output_padding
//! forward: valid floor((size_in - K) / strides) + 1 (must be > 0); same/causal ceil(size_in / strides)
//! ```
//! Rules: `output_padding < strides` (dilation does not count, unlike PyTorch); `strides > 1`
//! and `dilation_rate > 1` never together; `groups` only on the forward layers; `'causal'` only
//! on Conv1D. Sources: keras/src/layers/convolutional/base_conv.py, base_conv_transpose.py,
//! keras/src/backend/common/backend_utils.py (`_convert_conv_transpose_padding_args_from_keras_to_jax`,
//! `_get_output_shape_given_tf_padding`), keras/src/ops/operation_utils.py, utils/argument_validation.py.
//! Kernels: transposed `(k…, filters, in)`, forward `(k…, in/groups, filters)`.

use super::common::{derive, list_text, python_lower, window_spec};
use crate::conv::axis::{kernel_field, AxisSpec, Op};
use crate::conv::error::{ConvError, ConvResult};
use crate::conv::frameworks::Framework;
use crate::conv::layer::{
    join_shape, resolve_axes, split_shape, ChannelPosition, Derivation, Layer, Request, WeightLayout,
};
use crate::conv::params::{ArgReader, Value};

const NAME: &str = "Keras";

/// Arguments every Keras layer takes that do not change the geometry.
pub const SHAPE_NEUTRAL: [&str; 12] = [
    "activation",
    "use_bias",
    "kernel_initializer",
    "bias_initializer",
    "kernel_regularizer",
    "bias_regularizer",
    "activity_regularizer",
    "kernel_constraint",
    "bias_constraint",
    "name",
    "trainable",
    "dtype",
];

fn layer_name(op: Op, rank: usize) -> String {
    match op {
        Op::ConvTranspose => format!("Conv{rank}DTranspose"),
        Op::Conv => format!("Conv{rank}D"),
    }
}

/// `standardize_tuple`: an int or exactly `rank` ints, each `> 0` (or `>= 0` when `allow_zero`).
pub fn standardize_tuple(value: &Value, rank: usize, name: &str, allow_zero: bool) -> ConvResult<Vec<i64>> {
    let values = match (value, value.as_ints()) {
        (Value::Int(i), _) => vec![*i; rank],
        (Value::List(_), Some(v)) if v.len() == rank => v,
        _ => {
            return Err(ConvError::rejected(format!(
                "The `{name}` argument must be a tuple of {rank} integers. Received {name}={}",
                value.describe()
            )))
        }
    };
    let bad: Vec<i64> = values.iter().copied().filter(|&v| if allow_zero { v < 0 } else { v <= 0 }).collect();
    if !bad.is_empty() {
        let rule = if allow_zero { "value >= 0" } else { "value > 0" };
        return Err(ConvError::rejected(format!(
            "The `{name}` argument must be a tuple of {rank} integers. Received {name}={}, including values {} \
             that do not satisfy `{rule}`",
            value.describe(),
            list_text(&bad)
        )));
    }
    Ok(values)
}

fn tuple_arg(reader: &mut ArgReader, name: &str, rank: usize, default: Option<i64>) -> ConvResult<Option<Vec<i64>>> {
    match reader.value(name) {
        Some(value) => standardize_tuple(value, rank, name, false).map(Some),
        None => Ok(default.map(|d| vec![d; rank])),
    }
}

/// Keras 3 transposed padding on one axis: `(c0, size_out)` as the JAX backend computes them.
fn transpose_window(n: i64, field: i64, stride: i64, same: bool, output_padding: Option<i64>) -> (i64, i64) {
    let (n, k, s) = (n as i128, field as i128, stride as i128);
    let (left, right) = if same {
        let pad_len = match output_padding {
            None => s + k - 2,
            Some(a) => k + k % 2 - 2 + a as i128,
        };
        let left = (pad_len / 2 + pad_len % 2).min(k - 1);
        (left, pad_len - left)
    } else {
        let a = output_padding.map(|a| a as i128).unwrap_or((k.max(s)) - k);
        (k - 1, k - 1 + a)
    };
    // JAX dilates the input to (n - 1)*s + 1 cells (0 when there is no input), pads, and slides K.
    let dilated = if n == 0 { 0 } else { (n - 1) * s + 1 };
    let size_out = dilated + left + right - k + 1;
    let fit = |v: i128| v.clamp(i64::MIN as i128, i64::MAX as i128) as i64;
    (fit(k - 1 - left), fit(size_out))
}

/// Resolve a Keras 3 layer.
pub fn resolve(request: &Request) -> ConvResult<Layer> {
    let rank = request.rank;
    let op = request.op;
    let name = layer_name(op, rank);
    let mut reader = ArgReader::new(NAME, &request.params);
    for neutral in SHAPE_NEUTRAL {
        reader.value(neutral);
    }
    let bias = reader.boolean("use_bias")?.unwrap_or(true);

    if op == Op::ConvTranspose && reader.has("groups") {
        return Err(ConvError::rejected(format!(
            "Unrecognized keyword arguments passed to {name}: {{'groups'}} (Keras' transposed layers have no groups)"
        )));
    }
    let filters = reader
        .int("filters")?
        .ok_or_else(|| ConvError::rejected(format!("{name}() missing required argument: 'filters'")))?;
    let kernel_size = tuple_arg(&mut reader, "kernel_size", rank, None)?
        .ok_or_else(|| ConvError::rejected(format!("{name}() missing required argument: 'kernel_size'")))?;
    let strides = tuple_arg(&mut reader, "strides", rank, Some(1))?.unwrap_or_default();
    let dilation = tuple_arg(&mut reader, "dilation_rate", rank, Some(1))?.unwrap_or_default();
    let groups = match op {
        Op::Conv => reader.int("groups")?.unwrap_or(1),
        Op::ConvTranspose => 1,
    };
    let padding = match reader.value("padding") {
        None => "valid".to_string(),
        Some(Value::Str(s)) => python_lower(s),
        Some(other) => {
            return Err(ConvError::rejected(format!(
            "`padding` must be either `'valid'` or `'same'` in {name} (got {}); Keras 3 layers take no padding amounts",
            other.describe()
        )))
        }
    };
    let causal_allowed = op == Op::Conv && rank == 1;
    if !(padding == "valid" || padding == "same" || (causal_allowed && padding == "causal")) {
        let allowed = if causal_allowed { "{'valid', 'same', 'causal'}" } else { "{'valid', 'same'}" };
        return Err(ConvError::rejected(format!(
            "The `padding` argument must be one of {allowed} in {name}. Received: {padding}"
        )));
    }
    let output_padding = match (op, reader.value("output_padding")) {
        (Op::ConvTranspose, Some(value)) => Some(standardize_tuple(value, rank, "output_padding", true)?),
        _ => None,
    };
    let position = match reader.string("data_format")?.map(|f| python_lower(&f)).as_deref() {
        None | Some("channels_last") => ChannelPosition::Last,
        Some("channels_first") => ChannelPosition::First,
        Some(other) => {
            return Err(ConvError::rejected(format!(
                "The `data_format` argument must be one of {{'channels_first', 'channels_last'}}. Received: data_format={other}"
            )))
        }
    };

    if filters <= 0 {
        return Err(ConvError::rejected(format!(
            "Invalid value for argument `filters`. Expected a strictly positive value. Received filters={filters}."
        )));
    }
    if let Some(a) = &output_padding {
        for axis in 0..rank {
            if a[axis] >= strides[axis] {
                return Err(ConvError::rejected(format!(
                    "`output_padding` must be strictly less than `strides` for all dimensions. At dimension {axis}, \
                     `output_padding` is {} but `strides` is {}. Received: output_padding={}, strides={} \
                     (Keras ignores dilation here, unlike PyTorch)",
                    a[axis],
                    strides[axis],
                    list_text(a),
                    list_text(&strides)
                )));
            }
        }
    }
    if strides.iter().any(|&s| s > 1) && dilation.iter().any(|&d| d > 1) {
        return Err(ConvError::rejected(format!(
            "`strides > 1` not supported in conjunction with `dilation_rate > 1`. Received: strides={} and dilation_rate={}",
            list_text(&strides),
            list_text(&dilation)
        )));
    }
    if groups <= 0 || filters % groups != 0 {
        return Err(ConvError::rejected(format!(
            "The number of filters must be evenly divisible by the number of groups. Received: groups={groups}, filters={filters}."
        )));
    }
    if request.input_shape.len() != rank + 2 {
        return Err(ConvError::rejected(format!(
            "{name} expects inputs with {} dimensions (batch, spatial…, channels), found ndim={}. Full shape received: {}",
            rank + 2,
            request.input_shape.len(),
            list_text(&request.input_shape)
        )));
    }
    let input = split_shape(&request.input_shape, rank, position, false, NAME)?;
    if input.channels % groups != 0 {
        return Err(ConvError::rejected(format!(
            "The number of input channels must be evenly divisible by the number of groups. Received groups={groups}, \
             but the input has {} channels (full input shape is {}).",
            input.channels,
            list_text(&request.input_shape)
        )));
    }
    let fields: Vec<i64> =
        (0..rank).map(|a| kernel_field(kernel_size[a], dilation[a]).min(i64::MAX as i128) as i64).collect();

    let mut specs = Vec::with_capacity(rank);
    let mut derivations = Vec::with_capacity(rank);
    let mut notes = Vec::new();
    for axis in 0..rank {
        let (n, s, field) = (input.spatial[axis], strides[axis], fields[axis]);
        match op {
            Op::ConvTranspose => {
                let a = output_padding.as_ref().map(|a| a[axis]);
                let (c0, size_out) = transpose_window(n, field, s, padding == "same", a);
                if size_out < 0 {
                    return Err(ConvError::rejected(format!("the output size on axis {axis} would be {size_out}")));
                }
                specs.push(window_spec(n, kernel_size[axis], s, dilation[axis], c0, size_out));
                derivations.push(transpose_derivation(&padding, n, field, s, a, size_out));
            }
            Op::Conv => {
                let (before, after) = match padding.as_str() {
                    "valid" => (0, 0),
                    "causal" => (field - 1, 0),
                    _ => {
                        let out = if n == 0 { 0 } else { (n - 1) / s + 1 };
                        let total = ((out - 1) as i128 * s as i128 + field as i128 - n as i128).max(0) as i64;
                        (total / 2, total - total / 2)
                    }
                };
                let spec = AxisSpec {
                    size_in: n,
                    kernel_size: kernel_size[axis],
                    stride: s,
                    dilation: dilation[axis],
                    pad_before: before,
                    pad_after: after,
                    output_padding: 0,
                };
                let size_out = spec.raw_size_out(Op::Conv);
                if padding == "valid" && size_out <= 0 {
                    return Err(ConvError::rejected(format!(
                        "Computed output size would be zero or negative. Received `inputs shape={}`, kernel_size={}, \
                         `dilation_rate={}`, `strides={}`, `padding=valid` (axis {axis}: {n} cells cannot hold a kernel \
                         field of {field})",
                        list_text(&request.input_shape),
                        list_text(&kernel_size),
                        list_text(&dilation),
                        list_text(&strides)
                    )));
                }
                let values = [("size_in", n), ("strides", s), ("kernel_field", field)];
                derivations.push(match padding.as_str() {
                    "valid" => derive("floor(({size_in} - {kernel_field}) / {strides}) + 1", &values, size_out as i64),
                    _ => derive("floor(({size_in} - 1) / {strides}) + 1", &values, size_out as i64),
                });
                if padding == "same" && (before + after) % 2 == 1 {
                    notes.push(format!(
                        "axis {axis}: 'same' pads {} cells with the odd one at the end (bottom/right)",
                        before + after
                    ));
                }
                specs.push(spec);
            }
        }
    }
    let axes = resolve_axes(&specs, op)?;
    if op == Op::ConvTranspose && padding == "same" {
        for (axis, a) in axes.iter().enumerate() {
            let total = a.full_len() - a.size_out;
            if a.pad_after > a.pad_before && total % 2 == 1 {
                notes.push(format!(
                    "axis {axis}: 'same' crops the full scatter with the odd cell at the end, like TensorFlow \
                     (PyTorch's padding/output_padding crops it at the start)"
                ));
            }
        }
    }
    if input.spatial.contains(&0) && op == Op::ConvTranspose {
        notes.push("an empty input axis: this size is the JAX backend's; other backends may differ".to_string());
    }
    notes.extend(reader.unknown_notes());

    let channels_in = input.channels;
    let weight_shape = match op {
        Op::ConvTranspose => [kernel_size.clone(), vec![filters, channels_in]].concat(),
        Op::Conv => [kernel_size.clone(), vec![channels_in / groups, filters]].concat(),
    };
    let output_shape = join_shape(input.batch, filters, &axes.iter().map(|a| a.size_out).collect::<Vec<_>>(), position);
    Ok(Layer {
        framework: Framework::Keras,
        op,
        axes,
        channel_position: position,
        batch: input.batch,
        channels_in,
        channels_out: filters,
        groups,
        weight_layout: match op {
            Op::ConvTranspose => WeightLayout::SpatialOutIn,
            Op::Conv => WeightLayout::SpatialInOut,
        },
        weight_shape,
        output_shape,
        kernel_flipped: false,
        bias,
        derivations,
        notes,
        padding_mode: crate::conv::engine::PaddingMode::Zeros,
        explicit_layouts: None,
    })
}

fn transpose_derivation(
    padding: &str,
    n: i64,
    field: i64,
    stride: i64,
    output_padding: Option<i64>,
    size_out: i64,
) -> Derivation {
    let mut values = vec![("size_in", n), ("strides", stride), ("kernel_field", field)];
    match (padding, output_padding) {
        ("same", None) => derive("{size_in} * {strides}", &values, size_out),
        ("same", Some(a)) => {
            values.push(("output_padding", a));
            derive("({size_in} - 1)*{strides} + {kernel_field} % 2 + {output_padding}", &values, size_out)
        }
        (_, Some(a)) => {
            values.push(("output_padding", a));
            derive("({size_in} - 1)*{strides} + {kernel_field} + {output_padding}", &values, size_out)
        }
        (_, None) => derive(
            "({size_in} - 1)*{strides} + {kernel_field} + (max({kernel_field}, {strides}) - {kernel_field})",
            &values,
            size_out,
        ),
    }
}
