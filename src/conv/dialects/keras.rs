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
//! on Conv1D; any keyword the layer does not take is a `ValueError`.
//!
//! **The backend decides the call.** Keras 3 runs the layer on the backend named by
//! `KERAS_BACKEND`; a request names it as `params.backend` (`"tensorflow"`, the default, `"jax"`
//! or `"torch"`). The layer's own checks are the same everywhere; the call differs:
//! - TensorFlow computes the transposed output size with the formula above, then calls
//!   `tf.nn.conv_transpose` with that `output_shape`, whose CPU kernel re-checks it
//!   (`'same'` sizes that do not map back, e.g. kernel 4 with `output_padding=0`), refuses
//!   dilation and channels-first; the forward layers refuse channels-first on CPU unless Keras
//!   routes them through XLA (grouped convs, Conv3D), and an empty result is a `ValueError`.
//!   Both are modelled by calling [`super::tensorflow::resolve_with`].
//! - JAX pads the dilated input (`lax.conv_transpose`); an empty input axis still gets the pads.
//! - PyTorch runs the natural `conv_transpose` and crops to JAX's window; it refuses an empty
//!   spatial axis and zero input channels.
//!
//! Each answer says in a note when another backend answers differently. TensorFlow is answered
//! for `TF_ENABLE_ONEDNN_OPTS=0` (the Eigen kernels); its errors say what oneDNN does instead.
//!
//! Sources: keras/src/layers/convolutional/base_conv.py, base_conv_transpose.py, keras/src/backend/
//! {tensorflow,jax,torch}/nn.py, keras/src/backend/common/backend_utils.py (`_convert_conv_transpose_padding_args_from_keras_to_jax`,
//! `_get_output_shape_given_tf_padding`), keras/src/ops/operation_utils.py, utils/argument_validation.py.
//! Kernels: transposed `(k…, filters, in)`, forward `(k…, in/groups, filters)`.

use super::common::{derive, list_text, python_lower, window_spec};
use super::settings::Backend;
use super::tensorflow::{self, CpuLimits};
use crate::conv::dialects::params::{ArgReader, Params, Value};
use crate::conv::dialects::Framework;
use crate::conv::dialects::Request;
use crate::conv::error::{ConvError, ConvResult, ErrorKind};
use crate::conv::geometry::axis::{kernel_field, Axis, AxisSpec, Op};
use crate::conv::geometry::layer::{
    join_shape, resolve_axes, split_shape, ChannelPosition, Derivation, Layer, SplitShape, WeightLayout,
};
use crate::conv::geometry::padding::{same_split, OddCell};

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

/// The backend a request names (`params.backend`); TensorFlow, Keras' default, when it names none.
pub fn backend_of(params: &Params) -> ConvResult<Backend> {
    match params.get("backend") {
        None | Some(Value::Null) => Ok(Backend::Tensorflow),
        Some(Value::Str(s)) => Backend::from_id(s).filter(|b| DIALECT.backends.contains(b)).ok_or_else(|| {
            ConvError::malformed(format!(
                "`backend` must be \"tensorflow\", \"jax\" or \"torch\" (the KERAS_BACKEND Keras 3 runs on); got {}",
                Value::Str(s.clone()).describe()
            ))
        }),
        Some(other) => Err(ConvError::malformed(format!(
            "`backend` must be \"tensorflow\", \"jax\" or \"torch\"; got {}",
            other.describe()
        ))),
    }
}

/// A value as Python prints it in Keras' messages (`None`, `(2, 2)`, `'same'`).
fn python_repr(value: &Value) -> String {
    match value {
        Value::Null => "None".to_string(),
        Value::Bool(true) => "True".to_string(),
        Value::Bool(false) => "False".to_string(),
        Value::Str(s) => format!("'{}'", s.chars().take(40).collect::<String>()),
        Value::List(items) if items.len() <= 8 => {
            let parts: Vec<String> = items.iter().map(python_repr).collect();
            if parts.len() == 1 {
                format!("({},)", parts[0])
            } else {
                format!("({})", parts.join(", "))
            }
        }
        other => other.describe(),
    }
}

/// Keyword arguments of `keras.layers.Layer.__init__` the conv layers pass on.
const LAYER_KWARGS: [&str; 4] = ["autocast", "input_shape", "input_dim", "activity_regularizer"];

/// Whether `Conv*D` / `Conv*DTranspose` takes `key` (convt's own `backend` included).
fn takes(op: Op, key: &str) -> bool {
    const COMMON: [&str; 5] = ["filters", "kernel_size", "strides", "padding", "data_format"];
    COMMON.contains(&key)
        || SHAPE_NEUTRAL.contains(&key)
        || LAYER_KWARGS.contains(&key)
        || key == "dilation_rate"
        || key == "backend"
        || match op {
            Op::Conv => matches!(key, "groups" | "lora_rank" | "lora_alpha"),
            Op::ConvTranspose => key == "output_padding",
        }
}

/// `standardize_tuple` on an argument the user may have set to `None` (which Keras refuses).
fn tuple_arg(reader: &mut ArgReader, name: &str, rank: usize, default: i64) -> ConvResult<Vec<i64>> {
    if reader.is_null(name) {
        reader.value(name);
        return Err(ConvError::rejected(format!(
            "The `{name}` argument must be a tuple of {rank} integers. Received {name}=None"
        )));
    }
    match reader.value(name) {
        Some(value @ Value::Str(_)) => Err(ConvError::rejected(format!(
            "The `{name}` argument must be a tuple of {rank} integers. Received {name}={} (a string; Keras \
             compares its characters with 0 and fails)",
            python_repr(value)
        ))),
        Some(value) => standardize_tuple(value, rank, name, false),
        None => Ok(vec![default; rank]),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Padding {
    Valid,
    Same,
    Causal,
}

impl Padding {
    fn name(self) -> &'static str {
        match self {
            Padding::Valid => "valid",
            Padding::Same => "same",
            Padding::Causal => "causal",
        }
    }
}

/// The layer's arguments after its constructor has checked them.
#[derive(Debug, Clone)]
struct Args {
    name: String,
    op: Op,
    rank: usize,
    /// `None` when the user passed `filters=None` (refused when the kernel is built).
    filters: Option<i64>,
    kernel_size: Vec<i64>,
    strides: Vec<i64>,
    dilation: Vec<i64>,
    padding: Padding,
    output_padding: Option<Vec<i64>>,
    position: ChannelPosition,
    groups: i64,
    bias: bool,
    unknown_notes: Vec<String>,
}

/// The constructor: `Conv*D(...)` / `Conv*DTranspose(...)`, in Keras' order.
/// `Conv*(…)` itself: the required arguments, then `Layer.__init__`, for which every keyword the
/// layer does not name is an error, even `None`.
fn check_keywords(params: &Params, op: Op, name: &str) -> ConvResult<()> {
    for required in ["filters", "kernel_size"] {
        if params.get(required).is_none() {
            return Err(ConvError::rejected(format!(
                "{name}.__init__() missing 1 required positional argument: '{required}'"
            )));
        }
    }
    // Layer.__init__: every keyword the layer does not name is an error, even `None`.
    let unknown: Vec<String> = params
        .entries
        .iter()
        .filter(|(key, _)| !takes(op, key))
        .map(|(key, value)| format!("'{}': {}", key.chars().take(40).collect::<String>(), python_repr(value)))
        .collect();
    if !unknown.is_empty() {
        let hint = if op == Op::ConvTranspose && params.get("groups").is_some() {
            " (Keras' transposed layers have no groups)"
        } else {
            ""
        };
        return Err(ConvError::rejected(format!(
            "Unrecognized keyword arguments passed to {name}: {{{}}}{hint}",
            unknown.join(", ")
        )));
    }
    Ok(())
}

/// `trainable` must be a bool; `use_bias` is read as Python's truth (`None` builds no bias).
fn read_layer_kwargs(reader: &mut ArgReader) -> ConvResult<bool> {
    match reader.value("trainable") {
        None | Some(Value::Bool(_)) if !reader.is_null("trainable") => {}
        Some(other) => {
            return Err(ConvError::rejected(format!(
                "Expected `trainable` to be a boolean. Received: trainable={}",
                python_repr(other)
            )))
        }
        None => return Err(ConvError::rejected("Expected `trainable` to be a boolean. Received: trainable=None")),
    }
    // `if self.use_bias:` — None (or any falsy value) builds no bias.
    let bias = match reader.value("use_bias") {
        None => !reader.is_null("use_bias"),
        Some(Value::Bool(b)) => *b,
        Some(Value::Int(i)) => *i != 0,
        Some(other) => {
            return Err(ConvError::rejected(format!("`use_bias` must be a boolean (got {})", python_repr(other))))
        }
    };
    Ok(bias)
}

/// `standardize_padding` (lower-cased `'valid'`, `'same'`, `'causal'` on Conv1D); a list is kept
/// by the constructor and refused by the call; `None` or a number fails on `.lower()`.
fn read_padding(reader: &mut ArgReader, op: Op, rank: usize, name: &str) -> ConvResult<Padding> {
    let causal_allowed = op == Op::Conv && rank == 1;
    let padding = match reader.value("padding") {
        None if reader.is_null("padding") => {
            return Err(ConvError::rejected(
                "AttributeError: 'NoneType' object has no attribute 'lower' (padding=None)",
            ))
        }
        None => Padding::Valid,
        Some(Value::Str(s)) => match python_lower(s).as_str() {
            "valid" => Padding::Valid,
            "same" => Padding::Same,
            "causal" if causal_allowed => Padding::Causal,
            other => {
                let allowed = if causal_allowed { "{'valid', 'same', 'causal'}" } else { "{'valid', 'same'}" };
                return Err(ConvError::rejected(format!(
                    "The `padding` argument must be a list/tuple or one of {allowed}. Received: {}",
                    other.chars().take(40).collect::<String>()
                )));
            }
        },
        Some(list @ Value::List(_)) => {
            // Kept by the constructor; the call refuses it.
            return Err(ConvError::rejected(match op {
                Op::Conv => {
                    format!("`padding` must be either `'valid'` or `'same'`. Received {}.", python_repr(list))
                }
                Op::ConvTranspose => format!(
                    "AttributeError when calling {name}.call(): 'tuple' object has no attribute 'lower' \
                     (padding={}; Keras 3 layers take no padding amounts)",
                    python_repr(list)
                ),
            }));
        }
        Some(other) => {
            let kind = match other {
                Value::Int(_) => "int",
                Value::Bool(_) => "bool",
                Value::Float(_) => "float",
                _ => "dict",
            };
            return Err(ConvError::rejected(format!(
                "AttributeError: '{kind}' object has no attribute 'lower' (padding={}; Keras takes 'valid' or 'same')",
                python_repr(other)
            )));
        }
    };
    Ok(padding)
}

/// `standardize_data_format`: `str(value).lower()`, `None` = channels_last.
fn read_data_format(reader: &mut ArgReader) -> ConvResult<ChannelPosition> {
    let position = match reader.value("data_format") {
        None => ChannelPosition::Last,
        Some(value) => {
            let text = match value {
                Value::Str(s) => python_lower(s),
                other => python_lower(&python_repr(other)),
            };
            match text.as_str() {
                "channels_last" => ChannelPosition::Last,
                "channels_first" => ChannelPosition::First,
                other => {
                    return Err(ConvError::rejected(format!(
                        "The `data_format` argument must be one of {{'channels_first', 'channels_last'}}. \
                         Received: data_format={}",
                        other.chars().take(40).collect::<String>()
                    )))
                }
            }
        }
    };
    Ok(position)
}

/// `filters` (`None` passes the constructor) and, on the forward layers, `groups`.
fn read_filters_and_groups(reader: &mut ArgReader, op: Op) -> ConvResult<(Option<i64>, i64)> {
    let filters = match reader.value("filters") {
        None => None,
        Some(Value::Int(i)) => Some(*i),
        Some(other) => {
            return Err(ConvError::rejected(format!(
                "`filters` must be an integer (got {}); Keras builds a kernel with that many output channels",
                python_repr(other)
            )))
        }
    };
    if let Some(f) = filters {
        if f <= 0 {
            return Err(ConvError::rejected(format!(
                "Invalid value for argument `filters`. Expected a strictly positive value. Received filters={f}."
            )));
        }
    }
    let groups = match op {
        Op::ConvTranspose => 1,
        Op::Conv => {
            if reader.is_null("groups") {
                return Err(ConvError::rejected(
                    "TypeError: '<=' not supported between instances of 'NoneType' and 'int' (groups=None)",
                ));
            }
            let groups = reader.int("groups")?.unwrap_or(1);
            if groups <= 0 {
                return Err(ConvError::rejected(format!(
                    "The number of groups must be a positive integer. Received: groups={groups}."
                )));
            }
            if let Some(f) = filters {
                if f % groups != 0 {
                    return Err(ConvError::rejected(format!(
                        "The number of filters must be evenly divisible by the number of groups. Received: \
                         groups={groups}, filters={f}."
                    )));
                }
            }
            groups
        }
    };
    Ok((filters, groups))
}

fn read_args(request: &Request) -> ConvResult<Args> {
    let (op, rank) = (request.op, request.rank);
    let name = layer_name(op, rank);
    let params = &request.params;
    check_keywords(params, op, &name)?;
    let mut reader = ArgReader::new(NAME, params);
    reader.value("backend");
    for neutral in SHAPE_NEUTRAL.iter().chain(&LAYER_KWARGS) {
        if *neutral != "trainable" && *neutral != "use_bias" {
            reader.value(neutral);
        }
    }
    let bias = read_layer_kwargs(&mut reader)?;

    let kernel_size = tuple_arg(&mut reader, "kernel_size", rank, 1)?;
    let strides = tuple_arg(&mut reader, "strides", rank, 1)?;
    let dilation = tuple_arg(&mut reader, "dilation_rate", rank, 1)?;
    let padding = read_padding(&mut reader, op, rank, &name)?;
    let output_padding = match (op, reader.value("output_padding")) {
        (Op::ConvTranspose, Some(value)) => Some(standardize_tuple(value, rank, "output_padding", true)?),
        _ => None,
    };
    let position = read_data_format(&mut reader)?;
    let (filters, groups) = read_filters_and_groups(&mut reader, op)?;
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
            "`strides > 1` not supported in conjunction with `dilation_rate > 1`. Received: strides={} and \
             dilation_rate={}",
            list_text(&strides),
            list_text(&dilation)
        )));
    }
    Ok(Args {
        name,
        op,
        rank,
        filters,
        kernel_size,
        strides,
        dilation,
        padding,
        output_padding,
        position,
        groups,
        bias,
        unknown_notes: reader.unknown_notes(),
    })
}

/// Keras' transposed output size (`_get_output_shape_given_tf_padding`), which the TensorFlow
/// backend passes to `tf.nn.conv_transpose` as `output_shape`.
fn keras_transpose_size(n: i64, field: i64, stride: i64, same: bool, output_padding: Option<i64>) -> i128 {
    let (n, k, s) = (n as i128, field as i128, stride as i128);
    match (same, output_padding) {
        (false, None) => (n - 1) * s + k + (k.max(s) - k),
        (false, Some(a)) => (n - 1) * s + k + a as i128,
        (true, None) => n * s,
        (true, Some(a)) => (n - 1) * s + k % 2 + a as i128,
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

fn tf_data_format(rank: usize, position: ChannelPosition) -> &'static str {
    match (rank, position) {
        (1, ChannelPosition::Last) => "NWC",
        (1, ChannelPosition::First) => "NCW",
        (2, ChannelPosition::Last) => "NHWC",
        (2, ChannelPosition::First) => "NCHW",
        (_, ChannelPosition::Last) => "NDHWC",
        (_, ChannelPosition::First) => "NCDHW",
    }
}

fn int_list(values: &[i64]) -> Value {
    Value::List(values.iter().map(|&v| Value::Int(v)).collect())
}

/// A per-axis list as `rank + 2` entries with 1 at the batch and channel positions (the form
/// every `tf.nn` entry point takes).
fn full_list(values: &[i64], position: ChannelPosition) -> Value {
    let full = join_shape(Some(1), 1, values, position);
    int_list(&full)
}

/// The TensorFlow backend's `tf.nn.conv_transpose` call: Keras' size as `output_shape`.
fn tensorflow_transpose(args: &Args, request: &Request, filters: i64, channels_in: i64) -> ConvResult<Layer> {
    let input = split_shape(&request.input_shape, args.rank, args.position, false, NAME)?;
    let mut spatial = Vec::with_capacity(args.rank);
    for axis in 0..args.rank {
        let field = kernel_field(args.kernel_size[axis], args.dilation[axis]).min(i64::MAX as i128) as i64;
        let size = keras_transpose_size(
            input.spatial[axis],
            field,
            args.strides[axis],
            args.padding == Padding::Same,
            args.output_padding.as_ref().map(|a| a[axis]),
        );
        spatial.push(size.clamp(i64::MIN as i128, i64::MAX as i128) as i64);
    }
    let output_shape = join_shape(input.batch, filters, &spatial, args.position);
    let params = Params::new()
        .with("strides", int_list(&args.strides))
        .with("padding", Value::Str(if args.padding == Padding::Same { "SAME" } else { "VALID" }.to_string()))
        .with("dilations", int_list(&args.dilation))
        .with("data_format", Value::Str(tf_data_format(args.rank, args.position).to_string()))
        .with("output_shape", int_list(&output_shape));
    let tf_request = Request {
        framework: Framework::Tensorflow,
        op: Op::ConvTranspose,
        rank: args.rank,
        layout: None,
        api: None,
        input_shape: request.input_shape.clone(),
        weight_shape: Some([args.kernel_size.clone(), vec![filters, channels_in]].concat()),
        params,
    };
    tensorflow::resolve_with(&tf_request, CpuLimits::TF_NN).map_err(|e| {
        let mut error = tf_error(e, args, &output_shape);
        if let Some(hint) = same_output_padding_hint(args, &input.spatial) {
            error.message.push_str(&hint);
        }
        if let Ok(layer) = tensorflow::resolve_with(&tf_request, ONEDNN) {
            error.message.push_str(&onednn_hint(&layer.output_shape));
        }
        error
    })
}

/// The TensorFlow backend's `tf.nn.convolution` call (Keras pads a causal input first; grouped
/// convolutions and channels-first Conv3D go through XLA, which has none of the CPU kernels' limits;
/// `tf.nn.convolution` runs a dilated Conv3D as space-to-batch, so the Conv3D kernel's "dilated
/// rates of 1" limit never fires).
fn tensorflow_forward(args: &Args, request: &Request, filters: i64, channels_in: i64) -> ConvResult<Layer> {
    let mut input_shape = request.input_shape.clone();
    if args.padding == Padding::Causal {
        let spatial_index = match args.position {
            ChannelPosition::Last => 1,
            ChannelPosition::First => 2,
        };
        let field = kernel_field(args.kernel_size[0], args.dilation[0]).min(i64::MAX as i128) as i64;
        input_shape[spatial_index] = input_shape[spatial_index].saturating_add(field - 1);
    }
    let xla = args.groups > 1 || (args.position == ChannelPosition::First && args.rank == 3);
    let limits = CpuLimits { channels_last_only: !xla, no_transposed_dilation: true, conv3d_plain_only: false };
    let strides_name = if args.rank == 1 { "stride" } else { "strides" };
    let params = Params::new()
        .with(strides_name, full_list(&args.strides, args.position))
        .with("padding", Value::Str(if args.padding == Padding::Same { "SAME" } else { "VALID" }.to_string()))
        .with("dilations", full_list(&args.dilation, args.position))
        .with("data_format", Value::Str(tf_data_format(args.rank, args.position).to_string()));
    let tf_request = Request {
        framework: Framework::Tensorflow,
        op: Op::Conv,
        rank: args.rank,
        layout: None,
        api: None,
        input_shape: input_shape.clone(),
        weight_shape: Some([args.kernel_size.clone(), vec![channels_in / args.groups.max(1), filters]].concat()),
        params,
    };
    let size = |shape: &[i64]| shape.iter().map(|&d| d.max(0) as i128).product::<i128>();
    let layer = tensorflow::resolve_with(&tf_request, limits).map_err(|e| {
        let mut error = tf_error(e, args, &[]);
        if let Ok(layer) = tensorflow::resolve_with(&tf_request, ONEDNN) {
            if size(&layer.output_shape) != 0 {
                error.message.push_str(&onednn_hint(&layer.output_shape));
            }
        }
        error
    })?;
    if size(&layer.output_shape) == 0 && size(&input_shape) != 0 {
        return Err(ConvError::rejected(format!(
            "The convolution operation resulted in an empty output. Output shape: {}. This can happen if the input \
             is too small for the given kernel size, strides, dilation rate, and padding mode.",
            list_text(&layer.output_shape)
        )));
    }
    Ok(layer)
}

/// With `'same'` and an `output_padding`, Keras' size `(n - 1)*s + K % 2 + a` must fall in TF's
/// SAME range `(n - 1)*s + 1 ..= n*s`: `a` in `1 - K % 2 ..= s - K % 2` (and `< s`). Says which
/// values work on the first axis where the given one does not.
fn same_output_padding_hint(args: &Args, spatial: &[i64]) -> Option<String> {
    if args.padding != Padding::Same {
        return None;
    }
    let given = args.output_padding.as_ref()?;
    for (axis, &a) in given.iter().enumerate() {
        let field = kernel_field(args.kernel_size[axis], args.dilation[axis]);
        let odd = (field % 2) as i64;
        let s = args.strides[axis];
        let (low, high) = (1 - odd, (s - odd).min(s - 1));
        if spatial[axis] > 0 && (a < low || a > high) {
            let works = if low > high {
                format!(
                    "no output_padding does with an even kernel field ({field}) and stride {s}: pass output_padding=None (size {}) or use an odd kernel",
                    (spatial[axis] as i128) * (s as i128)
                )
            } else {
                format!("output_padding {low}..={high} (or None) does")
            };
            return Some(format!(
                " — on axis {axis}, TensorFlow's SAME only maps sizes {}..={} back to {}: {works}",
                (spatial[axis] as i128 - 1) * s as i128 + 1,
                (spatial[axis] as i128) * (s as i128),
                spatial[axis]
            ));
        }
    }
    None
}

/// The CPU kernels with `TF_ENABLE_ONEDNN_OPTS=1` (TensorFlow's default on x86 Linux builds): the
/// oneDNN convolutions take channels-first and dilated transposed calls that the Eigen kernels
/// (`TF_ENABLE_ONEDNN_OPTS=0`, which this dialect answers for) refuse.
const ONEDNN: CpuLimits =
    CpuLimits { channels_last_only: false, no_transposed_dilation: false, conv3d_plain_only: false };

fn onednn_hint(shape: &[i64]) -> String {
    format!(
        " — this is TensorFlow with TF_ENABLE_ONEDNN_OPTS=0 (the Eigen kernels); with oneDNN on (the default on x86 \
         Linux builds) the call runs and gives {}",
        list_text(shape)
    )
}

fn tf_error(error: ConvError, args: &Args, output_shape: &[i64]) -> ConvError {
    let passed = if output_shape.is_empty() {
        String::new()
    } else {
        format!(" with output_shape={} (Keras' size)", list_text(output_shape))
    };
    ConvError::rejected(format!(
        "Exception encountered when calling {}.call() on the TensorFlow backend: tf.nn rejects the call{passed}: {}",
        args.name, error.message
    ))
}

/// One backend's call after the checks every backend shares.
struct Call<'a> {
    args: &'a Args,
    request: &'a Request,
    backend: Backend,
    input: SplitShape,
    /// Dilated kernel extents per axis.
    fields: Vec<i64>,
    filters: i64,
}

/// The geometry and checks of one backend's call.
struct Outcome {
    axes: Vec<Axis>,
    derivations: Vec<Derivation>,
    notes: Vec<String>,
}

fn run_backend(args: &Args, request: &Request, backend: Backend) -> ConvResult<(Outcome, Vec<i64>)> {
    let (op, rank, name) = (args.op, args.rank, args.name.as_str());
    let ndim = request.input_shape.len();
    if ndim < rank + 2 {
        let shape: Vec<String> = request.input_shape.iter().map(|d| d.to_string()).collect();
        return Err(ConvError::rejected(format!(
            "Input 0 of layer '{}' is incompatible with the layer: expected min_ndim={}, found ndim={ndim}. \
             Full shape received: ({})",
            python_lower(name),
            rank + 2,
            shape.join(", ")
        )));
    }
    if ndim > rank + 2 {
        return Err(ConvError::rejected(format!(
            "{name} passes InputSpec(min_ndim={}) an input of ndim={ndim}, but its kernel has {} dimensions: the {} \
             backend's convolution refuses it (Kernel shape must have the same length as input). Full shape \
             received: {}",
            rank + 2,
            rank + 2,
            backend.id(),
            list_text(&request.input_shape)
        )));
    }
    let input = split_shape(&request.input_shape, rank, args.position, false, NAME)?;
    let channels_in = input.channels;
    if op == Op::Conv && channels_in % args.groups != 0 {
        return Err(ConvError::rejected(format!(
            "The number of input channels must be evenly divisible by the number of groups. Received groups={}, \
             but the input has {channels_in} channels (full input shape is {}).",
            args.groups,
            list_text(&request.input_shape)
        )));
    }
    let fields: Vec<i64> =
        (0..rank).map(|a| kernel_field(args.kernel_size[a], args.dilation[a]).min(i64::MAX as i128) as i64).collect();
    // build(): the forward layers compute their output shape to check it.
    if op == Op::Conv && args.padding == Padding::Valid {
        for (axis, &field) in fields.iter().enumerate() {
            let n = input.spatial[axis] as i128;
            let out = (n - field as i128).div_euclid(args.strides[axis] as i128) + 1;
            if out <= 0 {
                return Err(ConvError::rejected(format!(
                    "Computed output size would be zero or negative. Received `inputs shape={}`, kernel_size={}, \
                     `dilation_rate={}`, `strides={}`, `padding=valid` (axis {axis}: {n} cells cannot hold a kernel \
                     field of {})",
                    list_text(&request.input_shape),
                    list_text(&args.kernel_size),
                    list_text(&args.dilation),
                    list_text(&args.strides),
                    field
                )));
            }
        }
    }
    let Some(filters) = args.filters else {
        let kernel = match op {
            Op::ConvTranspose => format!("{} + (None, {channels_in})", list_text(&args.kernel_size)),
            Op::Conv => format!("{} + ({}, None)", list_text(&args.kernel_size), channels_in / args.groups),
        };
        return Err(ConvError::rejected(format!(
            "Shapes used to initialize variables must be fully-defined (no `None` dimensions). Received: shape={kernel} \
             for the kernel (filters=None)"
        )));
    };
    let call = Call { args, request, backend, input, fields, filters };
    let outcome = match op {
        Op::ConvTranspose => transposed(&call)?,
        Op::Conv => forward(&call)?,
    };
    let sizes: Vec<i64> = outcome.axes.iter().map(|a| a.size_out).collect();
    let output_shape = join_shape(call.input.batch, filters, &sizes, args.position);
    Ok((outcome, output_shape))
}

/// The transposed call on one backend: TensorFlow's window from `tf.nn.conv_transpose`, JAX's
/// (and torch's, which crops to it) from the padded dilated input.
fn transposed(call: &Call) -> ConvResult<Outcome> {
    let Call { args, request, backend, input, fields, filters } = call;
    let (rank, name, channels_in) = (args.rank, args.name.as_str(), input.channels);
    let (backend, filters) = (*backend, *filters);
    let mut derivations = Vec::with_capacity(rank);
    let axes = {
        match backend {
            Backend::Torch if channels_in == 0 => {
                return Err(ConvError::rejected(format!(
                    "RuntimeError when calling {name}.call() on the torch backend: Given groups=1, expected weight \
                     to be at least 1 at dimension 0, but got weight of size {} instead (the input has 0 channels)",
                    list_text(&[vec![0, filters], args.kernel_size.clone()].concat())
                )))
            }
            Backend::Torch if input.spatial.contains(&0) && input.batch != Some(0) => {
                return Err(ConvError::rejected(format!(
                    "RuntimeError when calling {name}.call() on the torch backend: Only zero batch or zero channel \
                     inputs are supported, but got input shape: {}",
                    list_text(&join_shape(input.batch, channels_in, &input.spatial, ChannelPosition::First))
                )))
            }
            _ => {}
        }
        for axis in 0..rank {
            let a = args.output_padding.as_ref().map(|a| a[axis]);
            let size = keras_transpose_size(
                input.spatial[axis],
                fields[axis],
                args.strides[axis],
                args.padding == Padding::Same,
                a,
            );
            let size = size.clamp(i64::MIN as i128, i64::MAX as i128) as i64;
            derivations.push(transpose_derivation(
                args.padding.name(),
                input.spatial[axis],
                fields[axis],
                args.strides[axis],
                a,
                size,
            ));
        }
        if backend == Backend::Tensorflow {
            let layer = tensorflow_transpose(args, request, filters, channels_in)?;
            for d in derivations.iter_mut().zip(&layer.axes) {
                d.0.size_out = d.1.size_out;
            }
            layer.axes
        } else {
            let mut specs = Vec::with_capacity(rank);
            for axis in 0..rank {
                let (n, s) = (input.spatial[axis], args.strides[axis]);
                let a = args.output_padding.as_ref().map(|a| a[axis]);
                let (c0, size_out) = transpose_window(n, fields[axis], s, args.padding == Padding::Same, a);
                if size_out < 0 {
                    return Err(ConvError::rejected(format!("the output size on axis {axis} would be {size_out}")));
                }
                specs.push(window_spec(n, args.kernel_size[axis], s, args.dilation[axis], c0, size_out));
                if n == 0 {
                    // No dilated input at all: the output is what the pads alone hold.
                    let field = fields[axis];
                    let left = (field as i128 - 1 - c0 as i128).clamp(0, i64::MAX as i128) as i64;
                    let right = (size_out as i128 + field as i128 - 1 - left as i128).clamp(0, i64::MAX as i128) as i64;
                    derivations[axis] = derive(
                        "{pad_left} + {pad_right} - {kernel_field} + 1",
                        &[("pad_left", left), ("pad_right", right), ("kernel_field", field)],
                        size_out,
                    );
                }
            }
            resolve_axes(&specs, Op::ConvTranspose)?
        }
    };
    let mut notes = Vec::new();
    if args.padding == Padding::Same {
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
    Ok(Outcome { axes, derivations, notes })
}

/// The forward call on one backend; the geometry is Keras' own on all three.
fn forward(call: &Call) -> ConvResult<Outcome> {
    let Call { args, request, backend, input, fields, filters } = call;
    let (rank, name, channels_in) = (args.rank, args.name.as_str(), input.channels);
    let (backend, filters) = (*backend, *filters);
    let mut derivations = Vec::with_capacity(rank);
    let mut notes = Vec::new();
    // JAX and torch derive the group count as channels // kernel channels.
    if backend != Backend::Tensorflow && channels_in == 0 {
        return Err(ConvError::rejected(format!(
            "ZeroDivisionError when calling {name}.call() on the {} backend: integer modulo by zero \
             (the input and so the kernel have 0 input channels)",
            backend.id()
        )));
    }
    if backend == Backend::Torch && input.spatial.contains(&0) {
        return Err(ConvError::rejected(format!(
            "RuntimeError when calling {name}.call() on the torch backend: Calculated padded input size per \
             channel is smaller than the kernel ({}). Kernel size can't be greater than actual input size \
             (an empty input axis)",
            list_text(fields)
        )));
    }
    if backend == Backend::Tensorflow {
        tensorflow_forward(args, request, filters, channels_in)?;
    }
    let mut specs = Vec::with_capacity(rank);
    for (axis, &field) in fields.iter().enumerate() {
        let (n, s) = (input.spatial[axis], args.strides[axis]);
        let (before, after) = match args.padding {
            Padding::Valid => (0, 0),
            Padding::Causal => (field - 1, 0),
            Padding::Same => {
                let out = if n == 0 { 0 } else { (n - 1) / s + 1 };
                let total = ((out - 1) as i128 * s as i128 + field as i128 - n as i128).max(0) as i64;
                same_split(total, OddCell::End)
            }
        };
        let spec = AxisSpec {
            size_in: n,
            kernel_size: args.kernel_size[axis],
            stride: s,
            dilation: args.dilation[axis],
            pad_before: before,
            pad_after: after,
            output_padding: 0,
        };
        let size_out = spec.raw_size_out(Op::Conv).clamp(0, i64::MAX as i128) as i64;
        let values = [("size_in", n), ("strides", s), ("kernel_field", field)];
        derivations.push(match args.padding {
            Padding::Valid => derive("floor(({size_in} - {kernel_field}) / {strides}) + 1", &values, size_out),
            _ => derive("floor(({size_in} - 1) / {strides}) + 1", &values, size_out),
        });
        if args.padding == Padding::Same && (before + after) % 2 == 1 {
            notes.push(format!(
                "axis {axis}: 'same' pads {} cells with the odd one at the end (bottom/right)",
                before + after
            ));
        }
        specs.push(spec);
    }
    let axes = resolve_axes(&specs, Op::Conv)?;
    Ok(Outcome { axes, derivations, notes })
}

/// What the other backends do with the same call, when it differs from `mine`: one phrase per
/// outcome ("on the jax and torch backends this call gives [1, 7, 7, 3]").
fn other_backends(args: &Args, request: &Request, backend: Backend, mine: &ConvResult<Vec<i64>>) -> Vec<String> {
    let mut groups: Vec<(Vec<&'static str>, String)> = Vec::new();
    for other in DIALECT.backends.iter().copied().filter(|&b| b != backend) {
        let theirs = run_backend(args, request, other).map(|r| r.1);
        let phrase = match (mine, &theirs) {
            (Ok(a), Ok(b)) if a == b => continue,
            (Err(_), Err(_)) => continue,
            (_, Ok(b)) => format!("gives {}", list_text(b)),
            (Ok(_), Err(e)) => format!("fails: {}", e.message),
        };
        match groups.iter_mut().find(|(_, p)| *p == phrase) {
            Some((names, _)) => names.push(other.id()),
            None => groups.push((vec![other.id()], phrase)),
        }
    }
    groups
        .into_iter()
        .map(|(names, phrase)| {
            let which = match names.as_slice() {
                [one] => format!("the {one} backend"),
                many => format!("the {} backends", many.join(" and ")),
            };
            format!("on {which} this call {phrase}")
        })
        .collect()
}

/// Keras' TensorFlow `ops.add` turns `outputs + bias` into `tf.nn.bias_add`, choosing "NHWC" when
/// the output's last axis has as many cells as the bias; a channels-first output whose last
/// spatial size equals `filters` then gets the bias along that spatial axis, not per channel.
fn tf_bias_quirk(args: &Args, backend: Backend, output_shape: &[i64], filters: i64) -> Option<String> {
    let last = *output_shape.last()?;
    (backend == Backend::Tensorflow
        && args.bias
        && args.position == ChannelPosition::First
        && filters > 1
        && last == filters)
        .then(|| {
            format!(
                "TensorFlow backend quirk: the output's last axis has {last} cells, as many as the bias, so Keras' \
                 ops.add calls tf.nn.bias_add with data_format=\"NHWC\" and adds bias[i] to every cell at position i \
                 of that axis instead of per channel; the values here add it per channel (as jax and torch do)"
            )
        })
}

/// Resolve a Keras 3 layer on the backend the request names.
pub fn resolve(request: &Request) -> ConvResult<Layer> {
    let backend = backend_of(&request.params)?;
    let args = read_args(request)?;
    let result = run_backend(&args, request, backend);
    let mine: ConvResult<Vec<i64>> = result.as_ref().map(|r| r.1.clone()).map_err(Clone::clone);
    let others = other_backends(&args, request, backend, &mine);
    let (outcome, output_shape) = match result {
        Ok(r) => r,
        Err(mut e) => {
            if e.kind == ErrorKind::Rejected && !others.is_empty() {
                e.message = format!("{} — {} rejects it; {}", e.message, backend.id(), others.join("; "));
            }
            return Err(e);
        }
    };
    let (op, rank) = (args.op, args.rank);
    let input = split_shape(&request.input_shape, rank, args.position, false, NAME)?;
    let channels_in = input.channels;
    let filters = args.filters.unwrap_or(1);
    let mut notes = outcome.notes;
    if let Some(Value::Str(activation)) = request.params.get("activation") {
        if activation != "linear" {
            notes.push(format!(
                "activation '{}' is applied after the convolution (and bias); the values here are before it",
                activation.chars().take(40).collect::<String>()
            ));
        }
    }
    if let Some(note) = tf_bias_quirk(&args, backend, &output_shape, filters) {
        notes.push(note);
    }
    notes.extend(others);
    notes.extend(args.unknown_notes.iter().cloned());
    let weight_shape = match op {
        Op::ConvTranspose => [args.kernel_size.clone(), vec![filters, channels_in]].concat(),
        Op::Conv => [args.kernel_size.clone(), vec![channels_in / args.groups, filters]].concat(),
    };
    Ok(Layer {
        op,
        axes: outcome.axes,
        channel_position: args.position,
        batch: input.batch,
        channels_in,
        channels_out: filters,
        groups: args.groups,
        weight_layout: match op {
            Op::ConvTranspose => WeightLayout::SpatialOutIn,
            Op::Conv => WeightLayout::SpatialInOut,
        },
        weight_shape,
        output_shape,
        kernel_flipped: false,
        bias: args.bias,
        derivations: outcome.derivations,
        notes,
        padding_mode: crate::conv::geometry::padding::PaddingMode::Zeros,
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

// The reverse: the app's settings in Keras's words (Keras 2's layers take the same arguments and
// reuse these).

use super::settings::{Field, FieldKey, Settings};
use super::spelling::{
    backend_comment, channels_last_input, compact, keyword_args, lower, padding_value, python, settings_request,
    DefaultArg,
};
use super::{Dialect, Signature, Tensors};

pub const DIALECT: Dialect = Dialect {
    id: "keras",
    name: "Keras",
    backends: &[Backend::Tensorflow, Backend::Jax, Backend::Torch],
    resolve,
    request,
    fields,
    code_line,
    calls: CALLS,
};

/// `keras.layers.Conv2DTranspose` … and their `Convolution*` aliases as Keras 3.15's
/// `inspect.signature` gives them, with the base `Layer`'s keywords their `**kwargs` pass up
/// (`trainable`, `dtype`, `autocast`, `name`, and `input_dim` / `input_shape`, which it pops).
/// Keras 3's Conv3DTranspose alone lists `data_format` before `output_padding`.
const CALLS: &[Signature] = &{
    const TRANSPOSED: &[&str] = &[
        "filters",
        "kernel_size",
        "strides",
        "padding",
        "output_padding",
        "data_format",
        "dilation_rate",
        "activation",
        "use_bias",
        "kernel_initializer",
        "bias_initializer",
        "kernel_regularizer",
        "bias_regularizer",
        "activity_regularizer",
        "kernel_constraint",
        "bias_constraint",
        "trainable",
        "dtype",
        "autocast",
        "name",
        "input_dim",
        "input_shape",
    ];
    const TRANSPOSED_3D: &[&str] = &[
        "filters",
        "kernel_size",
        "strides",
        "padding",
        "data_format",
        "output_padding",
        "dilation_rate",
        "activation",
        "use_bias",
        "kernel_initializer",
        "bias_initializer",
        "kernel_regularizer",
        "bias_regularizer",
        "activity_regularizer",
        "kernel_constraint",
        "bias_constraint",
        "trainable",
        "dtype",
        "autocast",
        "name",
        "input_dim",
        "input_shape",
    ];
    const FORWARD: &[&str] = &[
        "filters",
        "kernel_size",
        "strides",
        "padding",
        "data_format",
        "dilation_rate",
        "groups",
        "activation",
        "use_bias",
        "kernel_initializer",
        "bias_initializer",
        "kernel_regularizer",
        "bias_regularizer",
        "activity_regularizer",
        "kernel_constraint",
        "bias_constraint",
        "trainable",
        "dtype",
        "autocast",
        "name",
        "input_dim",
        "input_shape",
        // Passed up through **kwargs to the LoRA-capable base (Keras 3.15 accepts both).
        "lora_rank",
        "lora_alpha",
    ];
    const fn layer(
        name: &'static str,
        api: &'static str,
        op: Op,
        rank: usize,
        parameters: &'static [&'static str],
    ) -> Signature {
        keras_layer(name, &["keras.layers", "layers", "keras.src.layers"], api, op, rank, parameters, &[])
    }
    use Op::{Conv, ConvTranspose};
    [
        layer("Conv1DTranspose", "keras.layers.Conv1DTranspose", ConvTranspose, 1, TRANSPOSED),
        layer("Convolution1DTranspose", "keras.layers.Convolution1DTranspose", ConvTranspose, 1, TRANSPOSED),
        layer("Conv2DTranspose", "keras.layers.Conv2DTranspose", ConvTranspose, 2, TRANSPOSED),
        layer("Convolution2DTranspose", "keras.layers.Convolution2DTranspose", ConvTranspose, 2, TRANSPOSED),
        layer("Conv3DTranspose", "keras.layers.Conv3DTranspose", ConvTranspose, 3, TRANSPOSED_3D),
        layer("Convolution3DTranspose", "keras.layers.Convolution3DTranspose", ConvTranspose, 3, TRANSPOSED_3D),
        layer("Conv1D", "keras.layers.Conv1D", Conv, 1, FORWARD),
        layer("Convolution1D", "keras.layers.Convolution1D", Conv, 1, FORWARD),
        layer("Conv2D", "keras.layers.Conv2D", Conv, 2, FORWARD),
        layer("Convolution2D", "keras.layers.Convolution2D", Conv, 2, FORWARD),
        layer("Conv3D", "keras.layers.Conv3D", Conv, 3, FORWARD),
        layer("Convolution3D", "keras.layers.Convolution3D", Conv, 3, FORWARD),
    ]
};

/// A Keras layer (Keras 3's or tf_keras's): 16 arguments by position, then keywords only; applied
/// to its input (`layer(x)`).
pub const fn keras_layer(
    name: &'static str,
    paths: &'static [&'static str],
    api: &'static str,
    op: Op,
    rank: usize,
    parameters: &'static [&'static str],
    ignored: &'static [&'static str],
) -> Signature {
    Signature {
        name,
        selector: "",
        paths,
        api,
        op,
        rank,
        parameters,
        positional: 16,
        required: 2,
        tensors: Tensors::NONE,
        ignored,
        applied: &["inputs"],
    }
}

/// Arguments Keras's conv layers take with these defaults, left out of the code line
/// (`output_padding` defaults to None, which is not 0).
const DEFAULTS: [(&str, DefaultArg); 4] = [
    ("strides", DefaultArg::Every(1)),
    ("padding", DefaultArg::Word("valid")),
    ("dilation_rate", DefaultArg::Every(1)),
    ("groups", DefaultArg::Every(1)),
];

fn request(settings: &Settings) -> Request {
    layer_request(settings, Framework::Keras)
}

/// The settings as a `Conv2DTranspose`-style layer of `framework` (Keras 3 or 2).
pub fn layer_request(settings: &Settings, framework: Framework) -> Request {
    let s = settings;
    let mut params = Params::new();
    // The backend is no argument of the layer; the dialect reads it from params (KERAS_BACKEND).
    if let Some(backend) = s.backend {
        params.set("backend", Value::Str(backend.id().to_string()));
    }
    params.set("filters", Value::Int(s.channels_out));
    params.set("kernel_size", compact(s.kernel));
    params.set("strides", compact(s.stride));
    params.set("padding", padding_value(s, lower));
    match (s.op, s.output_padding) {
        (Op::ConvTranspose, Some(a)) => params.set("output_padding", compact(a)),
        (Op::Conv, _) if s.groups != 1 => params.set("groups", Value::Int(s.groups)),
        _ => {}
    }
    params.set("dilation_rate", compact(s.dilation));
    Request { input_shape: channels_last_input(s), ..settings_request(framework, s, params) }
}

fn fields(op: Op, rank: usize) -> Vec<Field> {
    let mut out = layer_fields(op, rank);
    out.push(Field::new(
        FieldKey::Backend,
        "backend",
        &["tensorflow", "jax", "torch"],
        "KERAS_BACKEND: the same call can pass on one and fail on another",
    ));
    out
}

/// The layer's fields (Keras 3's and 2's alike).
pub fn layer_fields(op: Op, _rank: usize) -> Vec<Field> {
    use FieldKey::*;
    let mut out = vec![
        Field::new(ChannelsIn, "input channels", &[], "last axis of the input"),
        Field::new(ChannelsOut, "filters", &[], "output channels"),
        Field::new(Kernel, "kernel_size", &[], "int or HxW"),
        Field::new(Stride, "strides", &[], "int or HxW"),
        Field::new(Padding, "padding", &["valid", "same"], "valid or same"),
    ];
    match op {
        Op::ConvTranspose => {
            out.push(Field::new(OutputPadding, "output_padding", &[], "empty = None (inferred); must be < strides"));
            out.push(Field::new(Dilation, "dilation_rate", &[], "not with strides > 1"));
        }
        Op::Conv => {
            out.push(Field::new(Dilation, "dilation_rate", &[], "not with strides > 1"));
            out.push(Field::new(Groups, "groups", &[], "forward layers only"));
        }
    }
    out
}

fn code_line(settings: &Settings) -> String {
    layer_code_line(settings, &request(settings), "keras.layers", DIALECT.backends)
}

/// `{prefix}.Conv2DTranspose(filters, kernel_size, …)`, and the backend when not the default.
pub fn layer_code_line(settings: &Settings, request: &Request, prefix: &str, backends: &[Backend]) -> String {
    let class = match settings.op {
        Op::ConvTranspose => format!("Conv{}DTranspose", settings.rank),
        Op::Conv => format!("Conv{}D", settings.rank),
    };
    let mut args = vec![settings.channels_out.to_string(), python(&compact(settings.kernel))];
    args.extend(keyword_args(request, &["filters", "kernel_size", "backend"], &DEFAULTS));
    format!("{prefix}.{class}({}){}", args.join(", "), backend_comment(settings, backends))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int(v: i64) -> Value {
        Value::Int(v)
    }

    fn text(s: &str) -> Value {
        Value::Str(s.to_string())
    }

    fn request(op: Op, input_shape: &[i64], params: &[(&str, Value)]) -> Request {
        let mut p = Params::new();
        for (name, value) in params {
            p.set(name, value.clone());
        }
        Request {
            framework: Framework::Keras,
            op,
            rank: input_shape.len() - 2,
            layout: None,
            api: None,
            input_shape: input_shape.to_vec(),
            weight_shape: None,
            params: p,
        }
    }

    fn on(backend: &str, op: Op, input_shape: &[i64], params: &[(&str, Value)]) -> ConvResult<Layer> {
        let mut all = params.to_vec();
        all.push(("backend", text(backend)));
        resolve(&request(op, input_shape, &all))
    }

    fn shape(result: ConvResult<Layer>) -> Vec<i64> {
        result.expect("accepted").output_shape
    }

    fn error(result: ConvResult<Layer>) -> String {
        result.expect_err("rejected").message
    }

    #[test]
    fn backend_is_read_from_params_and_defaults_to_tensorflow() {
        let p = [("filters", int(1)), ("kernel_size", int(3)), ("dilation_rate", int(2))];
        // TensorFlow (the default) refuses a dilated transposed conv on CPU; JAX and torch run it.
        assert!(resolve(&request(Op::ConvTranspose, &[1, 5, 1], &p)).is_err());
        assert!(on("tensorflow", Op::ConvTranspose, &[1, 5, 1], &p).is_err());
        assert_eq!(shape(on("jax", Op::ConvTranspose, &[1, 5, 1], &p)), vec![1, 9, 1]);
        assert_eq!(shape(on("torch", Op::ConvTranspose, &[1, 5, 1], &p)), vec![1, 9, 1]);
        let bad = on("theano", Op::ConvTranspose, &[1, 5, 1], &p).expect_err("unknown backend");
        assert_eq!(bad.kind, ErrorKind::Malformed);
    }

    #[test]
    fn tensorflow_rechecks_a_same_size_that_does_not_map_back() {
        // Kernel 4, stride 1, 'same', output_padding 0: Keras computes 6 for an input of 7, and
        // TF's SAME maps 6 back to 6, not 7.
        let p = [("filters", int(3)), ("kernel_size", int(4)), ("padding", text("same")), ("output_padding", int(0))];
        let message = error(on("tensorflow", Op::ConvTranspose, &[1, 7, 7, 3], &p));
        assert!(message.contains("Size of out_backprop doesn't match computed"), "{message}");
        assert!(message.contains("on the jax and torch backends this call gives [1, 6, 6, 3]"), "{message}");
        let jax = on("jax", Op::ConvTranspose, &[1, 7, 7, 3], &p).expect("jax runs it");
        assert_eq!(jax.output_shape, vec![1, 6, 6, 3]);
        assert!(
            jax.notes.iter().any(|n| n.starts_with("on the tensorflow backend this call fails")),
            "{:?}",
            jax.notes
        );
    }

    #[test]
    fn tensorflow_cpu_refuses_channels_first_except_through_xla() {
        let t = [("filters", int(2)), ("kernel_size", int(3)), ("data_format", text("channels_first"))];
        assert!(error(on("tensorflow", Op::ConvTranspose, &[1, 1, 3, 3], &t)).contains("NHWC"));
        assert!(error(on("tensorflow", Op::Conv, &[1, 1, 5, 5], &t)).contains("NHWC"));
        // Grouped convolutions and Conv3D channels_first are compiled with XLA.
        let grouped =
            [("filters", int(2)), ("kernel_size", int(3)), ("data_format", text("channels_first")), ("groups", int(2))];
        assert_eq!(shape(on("tensorflow", Op::Conv, &[1, 2, 5, 5], &grouped)), vec![1, 2, 3, 3]);
        assert_eq!(shape(on("tensorflow", Op::Conv, &[1, 1, 5, 5, 5], &t)), vec![1, 2, 3, 3, 3]);
        assert_eq!(shape(on("jax", Op::Conv, &[1, 1, 5, 5], &t)), vec![1, 2, 3, 3]);
    }

    #[test]
    fn tensorflow_errors_say_what_onednn_does() {
        // The Eigen kernels (TF_ENABLE_ONEDNN_OPTS=0) refuse a dilated transposed conv; oneDNN runs it.
        let p = [("filters", int(2)), ("kernel_size", int(3)), ("dilation_rate", int(2))];
        let message = error(on("tensorflow", Op::ConvTranspose, &[2, 7, 3], &p));
        assert!(message.contains("with oneDNN on (the default on x86 Linux builds) the call runs and gives [2, 11, 2]"));
        let cf = [("filters", int(2)), ("kernel_size", int(3)), ("data_format", text("channels_first"))];
        let message = error(on("tensorflow", Op::Conv, &[2, 3, 7], &cf));
        assert!(message.contains("gives [2, 2, 5]"), "{message}");
        // A size TF's own check refuses stays refused, with the output_padding that works.
        let same = [
            ("filters", int(3)),
            ("kernel_size", int(4)),
            ("strides", int(3)),
            ("padding", text("same")),
            ("output_padding", int(0)),
        ];
        let message = error(on("tensorflow", Op::ConvTranspose, &[1, 7, 7, 3], &same));
        assert!(!message.contains("oneDNN on"), "{message}");
        assert!(message.contains("output_padding 1..=2 (or None) does"), "{message}");
    }

    #[test]
    fn tensorflow_runs_dilated_conv3d_as_space_to_batch() {
        let p = [("filters", int(2)), ("kernel_size", int(2)), ("dilation_rate", int(3))];
        assert_eq!(shape(on("tensorflow", Op::Conv, &[2, 5, 5, 5, 4], &p)), vec![2, 2, 2, 2, 2]);
    }

    #[test]
    fn an_empty_input_axis_differs_per_backend() {
        let p = [("filters", int(1)), ("kernel_size", int(3)), ("strides", int(2))];
        assert_eq!(shape(on("tensorflow", Op::ConvTranspose, &[1, 0, 1], &p)), vec![1, 1, 1]);
        assert_eq!(shape(on("jax", Op::ConvTranspose, &[1, 0, 1], &p)), vec![1, 2, 1]);
        assert!(error(on("torch", Op::ConvTranspose, &[1, 0, 1], &p)).contains("Only zero batch or zero channel"));
        // A zero batch is fine everywhere.
        assert_eq!(shape(on("torch", Op::ConvTranspose, &[0, 3, 1], &p)), vec![0, 7, 1]);
        let same = [("filters", int(2)), ("kernel_size", int(3)), ("strides", int(2)), ("padding", text("same"))];
        assert_eq!(shape(on("tensorflow", Op::Conv, &[2, 0, 3], &same)), vec![2, 0, 2]);
        assert!(error(on("torch", Op::Conv, &[2, 0, 3], &same)).contains("Kernel size can't be greater"));
    }

    #[test]
    fn zero_input_channels() {
        let p = [("filters", int(2)), ("kernel_size", int(3))];
        for backend in ["tensorflow", "jax", "torch"] {
            assert!(on(backend, Op::Conv, &[2, 7, 0], &p).is_err(), "{backend}");
        }
        assert_eq!(shape(on("tensorflow", Op::ConvTranspose, &[2, 7, 0], &p)), vec![2, 9, 2]);
        assert!(error(on("torch", Op::ConvTranspose, &[2, 7, 0], &p)).contains("expected weight to be at least 1"));
    }

    #[test]
    fn keywords_keras_does_not_take_are_errors_even_as_none() {
        let base = [("filters", int(2)), ("kernel_size", int(3))];
        for (op, key, value) in [
            (Op::Conv, "output_padding", Value::Null),
            (Op::ConvTranspose, "groups", int(1)),
            (Op::ConvTranspose, "lora_rank", Value::Null),
            (Op::Conv, "stride", int(2)),
            (Op::Conv, "batch_input_shape", Value::List(vec![int(2), int(7), int(3)])),
        ] {
            let mut p = base.to_vec();
            p.push((key, value));
            let message = error(resolve(&request(op, &[2, 7, 3], &p)));
            assert!(message.starts_with("Unrecognized keyword arguments passed to Conv1D"), "{message}");
        }
        // Layer-level keywords are taken (and change nothing).
        let mut p = base.to_vec();
        p.push(("input_shape", Value::List(vec![int(7), int(3)])));
        p.push(("input_dim", int(3)));
        p.push(("lora_rank", Value::Null));
        assert_eq!(shape(resolve(&request(Op::Conv, &[2, 7, 3], &p))), vec![2, 5, 2]);
    }

    #[test]
    fn none_is_refused_where_keras_refuses_it() {
        for key in ["strides", "dilation_rate", "kernel_size", "padding", "groups"] {
            let p = [("filters", int(2)), ("kernel_size", int(3)), (key, Value::Null)];
            assert!(resolve(&request(Op::Conv, &[2, 7, 3], &p)).is_err(), "{key}=None");
        }
        let filters_none = [("filters", Value::Null), ("kernel_size", int(3))];
        assert!(error(resolve(&request(Op::ConvTranspose, &[2, 7, 3], &filters_none))).contains("fully-defined"));
        // None is the default for these.
        for key in ["output_padding", "data_format", "activation", "name"] {
            let p = [("filters", int(2)), ("kernel_size", int(3)), (key, Value::Null)];
            assert_eq!(shape(resolve(&request(Op::ConvTranspose, &[2, 7, 3], &p))), vec![2, 9, 2], "{key}");
        }
        // `use_bias=None` is falsy: no bias.
        let p = [("filters", int(2)), ("kernel_size", int(3)), ("use_bias", Value::Null)];
        assert!(!resolve(&request(Op::Conv, &[2, 7, 3], &p)).expect("accepted").bias);
    }

    #[test]
    fn input_rank_is_checked_as_a_minimum_then_by_the_backend() {
        let p = [("filters", int(2)), ("kernel_size", int(3))];
        let mut r = request(Op::Conv, &[2, 7, 3], &p);
        r.input_shape = vec![2, 3];
        assert!(error(resolve(&r)).contains("expected min_ndim=3, found ndim=2"));
        r.input_shape = vec![1, 2, 7, 3];
        assert!(resolve(&r).is_err());
    }

    #[test]
    fn padding_amounts_and_non_strings_are_refused() {
        for padding in [Value::List(vec![int(1)]), int(1), Value::Null] {
            let p = [("filters", int(1)), ("kernel_size", int(3)), ("padding", padding)];
            assert!(resolve(&request(Op::ConvTranspose, &[1, 3, 1], &p)).is_err());
            assert!(resolve(&request(Op::Conv, &[1, 5, 1], &p)).is_err());
        }
        let upper = [("filters", int(1)), ("kernel_size", int(3)), ("padding", text("CAUSAL"))];
        assert_eq!(shape(resolve(&request(Op::Conv, &[1, 5, 1], &upper))), vec![1, 5, 1]);
    }

    #[test]
    fn tensorflow_bias_quirk_is_noted() {
        // Conv3D channels_first runs (XLA); the output's last axis has 2 cells = filters.
        let p = [("filters", int(2)), ("kernel_size", int(1)), ("data_format", text("channels_first"))];
        let layer = on("tensorflow", Op::Conv, &[1, 1, 2, 2, 2], &p).expect("accepted");
        assert!(layer.notes.iter().any(|n| n.contains("tf.nn.bias_add")), "{:?}", layer.notes);
        let jax = on("jax", Op::Conv, &[1, 1, 2, 2, 2], &p).expect("accepted");
        assert!(!jax.notes.iter().any(|n| n.contains("tf.nn.bias_add")));
    }
}
