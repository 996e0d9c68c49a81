//! Keras 2 (tf.keras 2.x, today's `tf_keras`): `Conv{1,2,3}DTranspose`, `Conv{1,2,3}D` and the utility
//! `conv_utils.deconv_output_length`, on the TensorFlow backend (CPU).
//!
//! ```text
//! K = dilation*(kernel - 1) + 1
//! deconv_output_length, output_padding None:  valid n*s + max(K - s, 0);  same n*s;  full n*s - (s + K - 2)
//!                       output_padding a:     (n - 1)*s + K - 2*pad + a,  pad = K//2 (same), 0 (valid), K - 1 (full)
//! conv_output_length:   same/causal n, valid n - K + 1, then (length + s - 1) // s   (must be >= 0)
//! ```
//! The layer computes that size and hands it to `tf.nn.conv*_transpose` as `output_shape`, so
//! TensorFlow's own check (tensorflow.rs) decides whether the call runs, and its SAME rule decides the
//! window: 'same' + output_padding is cropped where TensorFlow crops, not at `pad`. Layer quirks:
//! `output_padding < strides` (dilation ignored); `strides > 1` with `dilation_rate > 1` refused;
//! Conv2DTranspose runs dilation through `atrous_conv2d_transpose` (equal rates only) and transposes
//! channels-first input to NHWC itself; Conv3DTranspose ignores `dilation_rate` entirely; transposed
//! layers accept and ignore `groups`; grouped forward convolutions run through XLA (no CPU format limit).
//! Sources: tf_keras/src/utils/conv_utils.py, layers/convolutional/{base_conv,conv1d_transpose,
//! conv2d_transpose,conv3d_transpose}.py, backend.py (`conv2d_transpose`, `_preprocess_conv2d_input`).

use super::common::{derive, list_text, python_lower, window_spec};
use super::keras::{standardize_tuple, SHAPE_NEUTRAL};
use super::tensorflow::{self, CpuLimits};
use crate::conv::dialects::params::{ArgReader, Params, Value};
use crate::conv::dialects::Framework;
use crate::conv::dialects::Request;
use crate::conv::error::{ConvError, ConvResult};
use crate::conv::geometry::axis::{full_scatter_len, kernel_field, Op};
use crate::conv::geometry::layer::{join_shape, split_shape, ChannelPosition, Derivation, Layer, WeightLayout};

const NAME: &str = "Keras 2";

/// `conv_utils.deconv_output_length`, exact; `None` padding means "infer".
pub fn deconv_output_length(n: i64, field: i64, padding: &str, output_padding: Option<i64>, stride: i64) -> i128 {
    let (n, k, s) = (n as i128, field as i128, stride as i128);
    match output_padding {
        None => match padding {
            "valid" => n * s + (k - s).max(0),
            "full" => n * s - (s + k - 2),
            _ => n * s,
        },
        Some(a) => {
            let pad = match padding {
                "same" => k / 2,
                "full" => k - 1,
                _ => 0,
            };
            (n - 1) * s + k - 2 * pad + a as i128
        }
    }
}

fn length_derivation(
    padding: &str,
    output_padding: Option<i64>,
    n: i64,
    field: i64,
    stride: i64,
    out: i64,
) -> Derivation {
    let mut values = vec![("size_in", n), ("strides", stride), ("kernel_field", field)];
    match (output_padding, padding) {
        (None, "valid") => derive("{size_in}*{strides} + max({kernel_field} - {strides}, 0)", &values, out),
        (None, "full") => derive("{size_in}*{strides} - ({strides} + {kernel_field} - 2)", &values, out),
        (None, _) => derive("{size_in}*{strides}", &values, out),
        (Some(a), _) => {
            values.push(("output_padding", a));
            let pad = match padding {
                "same" => "{kernel_field}//2",
                "full" => "({kernel_field} - 1)",
                _ => "0",
            };
            derive(
                &format!("({{size_in}} - 1)*{{strides}} + {{kernel_field}} - 2*{pad} + {{output_padding}}"),
                &values,
                out,
            )
        }
    }
}

/// `deconv_output_length(input_length, filter_size, padding, output_padding, stride, dilation)`, or its
/// earlier name `deconv_length(dim_size, stride_size, kernel_size, padding, output_padding, dilation)`,
/// called as a function: a length, not a layer. `input_shape` is `[batch, length, channels]`.
fn resolve_length_function(request: &Request, old_name: bool) -> ConvResult<Layer> {
    let (kernel_name, stride_name) = if old_name { ("kernel_size", "stride_size") } else { ("filter_size", "stride") };
    let function = if old_name { "deconv_length" } else { "deconv_output_length" };
    let mut reader = ArgReader::new(NAME, &request.params);
    let input = split_shape(&request.input_shape, 1, ChannelPosition::Last, false, NAME)?;
    let filter_size =
        reader.int(kernel_name)?.ok_or_else(|| ConvError::rejected(format!("{function} needs {kernel_name}")))?;
    let padding = reader.string("padding")?.unwrap_or_else(|| "valid".to_string());
    if !["same", "valid", "full"].contains(&padding.as_str()) {
        return Err(ConvError::rejected(format!(
            "AssertionError: {function} takes padding 'same', 'valid' or 'full' (got {padding:?})"
        )));
    }
    let output_padding = reader.int("output_padding")?;
    let stride = reader.int(stride_name)?.unwrap_or(0);
    let dilation = reader.int("dilation")?.unwrap_or(1);
    let n = input.spatial[0];
    let field =
        (filter_size as i128 + (filter_size as i128 - 1) * (dilation as i128 - 1)).clamp(0, i64::MAX as i128) as i64;
    let length = deconv_output_length(n, field, &padding, output_padding, stride);
    if length < 0 {
        return Err(ConvError::rejected(format!(
            "{function} returns {length} here: no tensor can have that size (padding {padding:?} crops \
             more than the whole output)"
        )));
    }
    if stride < 1 || dilation < 1 || filter_size < 1 {
        return Err(ConvError::malformed("convt-lab draws this length only for stride, dilation and kernel size >= 1"));
    }
    let length = length.min(i64::MAX as i128) as i64;
    // The function only gives a length; the window shown is where TensorFlow would place it.
    let full = full_scatter_len(n, filter_size, stride, dilation);
    let start = ((full - length as i128).max(0) / 2) as i64;
    let axis = window_spec(n, filter_size, stride, dilation, start, length).resolve(Op::ConvTranspose)?;
    let mut notes = vec![format!("{function} only computes a length; the window shown is TensorFlow's SAME placement")];
    notes.extend(reader.unknown_notes());
    Ok(Layer {
        op: Op::ConvTranspose,
        axes: vec![axis],
        channel_position: ChannelPosition::Last,
        batch: input.batch,
        channels_in: input.channels,
        channels_out: input.channels,
        groups: 1,
        weight_layout: WeightLayout::SpatialOutIn,
        weight_shape: vec![filter_size, input.channels, input.channels],
        output_shape: join_shape(input.batch, input.channels, &[length], ChannelPosition::Last),
        kernel_flipped: false,
        bias: false,
        derivations: vec![length_derivation(&padding, output_padding, n, field, stride, length)],
        notes,
        padding_mode: crate::conv::geometry::padding::PaddingMode::Zeros,
        explicit_layouts: None,
    })
}

/// Resolve a Keras 2 request.
pub fn resolve(request: &Request) -> ConvResult<Layer> {
    match request.api.as_deref() {
        Some(api) if api.ends_with("deconv_output_length") => return resolve_length_function(request, false),
        Some(api) if api.ends_with("deconv_length") => return resolve_length_function(request, true),
        _ => {}
    }
    let rank = request.rank;
    let op = request.op;
    let layer_name = match op {
        Op::ConvTranspose => format!("Conv{rank}DTranspose"),
        Op::Conv => format!("Conv{rank}D"),
    };
    let mut reader = ArgReader::new(NAME, &request.params);
    for neutral in SHAPE_NEUTRAL {
        reader.value(neutral);
    }
    // `None` where the layer has a default: conv_utils.normalize_tuple and `padding.lower()` refuse it.
    for (name, what) in [("strides", "strides"), ("dilation_rate", "dilation_rate")] {
        if reader.is_null(name) {
            return Err(ConvError::rejected(format!(
                "ValueError: The `{what}` argument must be a tuple of {rank} integers. Received: None"
            )));
        }
    }
    if reader.is_null("padding") {
        return Err(ConvError::rejected("AttributeError: 'NoneType' object has no attribute 'lower'"));
    }
    let bias = reader.boolean("use_bias")?.unwrap_or(true);
    let filters = reader
        .int("filters")?
        .ok_or_else(|| ConvError::rejected(format!("{layer_name}() missing required argument: 'filters'")))?;
    let kernel_size = match reader.value("kernel_size") {
        Some(v) => standardize_tuple(v, rank, "kernel_size", false)?,
        None => return Err(ConvError::rejected(format!("{layer_name}() missing required argument: 'kernel_size'"))),
    };
    let strides = match reader.value("strides") {
        Some(v) => standardize_tuple(v, rank, "strides", false)?,
        None => vec![1; rank],
    };
    let dilation = match reader.value("dilation_rate") {
        Some(v) => standardize_tuple(v, rank, "dilation_rate", false)?,
        None => vec![1; rank],
    };
    let groups = reader.int("groups")?.unwrap_or(1);
    let padding = match reader.value("padding") {
        None => "valid".to_string(),
        Some(Value::Str(s)) => python_lower(s),
        Some(other) => {
            return Err(ConvError::rejected(format!("`padding` must be a string (got {})", other.describe())))
        }
    };
    if !["valid", "same", "causal"].contains(&padding.as_str()) {
        return Err(ConvError::rejected(format!(
            "The `padding` argument must be a list/tuple or one of \"valid\", \"same\" (or \"causal\", only for `Conv1D). Received: {padding}"
        )));
    }
    let output_padding = match (op, reader.value("output_padding")) {
        (Op::ConvTranspose, Some(v)) => Some(standardize_tuple(v, rank, "output_padding", true)?),
        _ => None,
    };
    let channels_first = match reader.string("data_format")?.as_deref() {
        None | Some("channels_last") => false,
        Some("channels_first") => true,
        Some(other) => {
            return Err(ConvError::rejected(format!(
                "The `data_format` argument must be one of \"channels_first\", \"channels_last\". Received: {other}"
            )))
        }
    };
    let position = if channels_first { ChannelPosition::First } else { ChannelPosition::Last };

    // Layer-constructor checks.
    if filters <= 0 {
        return Err(ConvError::rejected(format!(
            "Invalid value for argument `filters`. Expected a strictly positive value. Received filters={filters}."
        )));
    }
    if groups <= 0 || filters % groups != 0 {
        return Err(ConvError::rejected(format!(
            "The number of filters must be evenly divisible by the number of groups. Received: groups={groups}, filters={filters}."
        )));
    }
    if padding == "causal" && !(op == Op::Conv && rank == 1) {
        return Err(ConvError::rejected(format!(
            "Causal padding is only supported for `Conv1D` (got {layer_name}); deconv_output_length asserts on it"
        )));
    }
    if let Some(a) = &output_padding {
        if a.iter().zip(&strides).any(|(a, s)| a >= s) {
            return Err(ConvError::rejected(format!(
                "Strides must be greater than output padding. Received strides={}, output_padding={} \
                 (tf.keras ignores dilation here, unlike PyTorch)",
                list_text(&strides),
                list_text(a)
            )));
        }
    }
    if strides.iter().any(|&s| s > 1) && dilation.iter().any(|&d| d > 1) {
        return Err(ConvError::rejected(format!(
            "`strides > 1` not supported in conjunction with `dilation_rate > 1`. Received: strides={} and dilation_rate={}",
            list_text(&strides),
            list_text(&dilation)
        )));
    }
    // Forward layers take extra leading batch dimensions (InputSpec(min_ndim)); tf.nn.convolution folds them.
    let ndim = request.input_shape.len();
    if ndim != rank + 2 && !(op == Op::Conv && ndim > rank + 2) {
        return Err(ConvError::rejected(format!(
            "Input 0 of layer \"{layer_name}\" is incompatible with the layer: expected {}ndim={}, found ndim={}",
            if op == Op::Conv { "min_" } else { "" },
            rank + 2,
            ndim
        )));
    }
    let lead = ndim - (rank + 2);
    let leading: Vec<i64> = request.input_shape[..=lead].to_vec();
    let folded = leading.iter().try_fold(1i64, |acc, &b| acc.checked_mul(b)).unwrap_or(i64::MAX);
    let core_shape = [vec![folded], request.input_shape[lead + 1..].to_vec()].concat();
    let input = split_shape(&core_shape, rank, position, false, NAME)?;
    if op == Op::Conv && input.channels % groups != 0 {
        return Err(ConvError::rejected(format!(
            "The number of input channels must be evenly divisible by the number of groups. Received groups={groups}, \
             but the input has {} channels",
            input.channels
        )));
    }

    let mut notes = Vec::new();
    // Conv3DTranspose drops dilation_rate on the way to the backend.
    let dilation_used = if op == Op::ConvTranspose && rank == 3 { vec![1; rank] } else { dilation.clone() };
    if op == Op::ConvTranspose && rank == 3 && dilation.iter().any(|&d| d > 1) {
        notes.push(format!(
            "Conv3DTranspose ignores dilation_rate={} (it never reaches the backend)",
            list_text(&dilation)
        ));
    }
    if op == Op::ConvTranspose && groups > 1 {
        notes.push(format!("{layer_name} accepts groups={groups} and ignores it: the kernel spans all input channels"));
    }
    let atrous = op == Op::ConvTranspose && rank == 2 && dilation.iter().any(|&d| d > 1);
    if atrous && dilation[0] != dilation[1] {
        return Err(ConvError::rejected(format!(
            "Expected the 2 dimensions of the `dilation_rate` argument to be equal to each other. Received: {}",
            list_text(&dilation)
        )));
    }
    let fields: Vec<i64> =
        (0..rank).map(|a| kernel_field(kernel_size[a], dilation_used[a]).min(i64::MAX as i128) as i64).collect();

    // The size the layer computes and asks TensorFlow for.
    let mut sizes = Vec::with_capacity(rank);
    let mut derivations = Vec::with_capacity(rank);
    for axis in 0..rank {
        let (n, s, field) = (input.spatial[axis], strides[axis], fields[axis]);
        let size = match op {
            Op::ConvTranspose => {
                let a = output_padding.as_ref().map(|a| a[axis]);
                let size = deconv_output_length(n, field, &padding, a, s);
                derivations.push(length_derivation(
                    &padding,
                    a,
                    n,
                    field,
                    s,
                    size.clamp(i64::MIN as i128, i64::MAX as i128) as i64,
                ));
                size
            }
            Op::Conv => {
                let length = match padding.as_str() {
                    "valid" => n as i128 - field as i128 + 1,
                    _ => n as i128,
                };
                let size = (length + s as i128 - 1).div_euclid(s as i128);
                let values = [("size_in", n), ("strides", s), ("kernel_field", field)];
                derivations.push(match padding.as_str() {
                    "valid" => {
                        derive("({size_in} - {kernel_field} + 1 + {strides} - 1) // {strides}", &values, size as i64)
                    }
                    _ => derive("({size_in} + {strides} - 1) // {strides}", &values, size as i64),
                });
                size
            }
        };
        if size < 0 {
            return Err(ConvError::rejected(format!(
                "One of the dimensions in the output is <= 0 due to downsampling in {layer_name}: axis {axis} would be {size}. \
                 Consider increasing the input size."
            )));
        }
        sizes.push(size as i64);
    }

    // Hand the call to TensorFlow, as the backend does.
    let tf_position = if op == Op::ConvTranspose && rank == 2 { ChannelPosition::Last } else { position };
    let tf_input = {
        let mut shape = leading[..lead].to_vec();
        shape.extend(join_shape(Some(leading[lead]), input.channels, &input.spatial, tf_position));
        shape
    };
    let causal = padding == "causal";
    let mut params = Params::new()
        .with("strides", Value::List(strides.iter().map(|&s| Value::Int(s)).collect()))
        .with("padding", Value::Str(if padding == "same" { "SAME".into() } else { "VALID".into() }));
    // The forward layers call tf.nn.convolution (base_conv.convolution_op), the transposed ones
    // tf.nn.conv{1,2,3}d_transpose.
    params.set("dilations", Value::List(dilation_used.iter().map(|&d| Value::Int(d)).collect()));
    let (tf_last, tf_first) = match rank {
        1 => ("NWC", "NCW"),
        2 => ("NHWC", "NCHW"),
        _ => ("NDHWC", "NCDHW"),
    };
    params.set("data_format", Value::Str(if tf_position == ChannelPosition::Last { tf_last } else { tf_first }.into()));
    let mut tf_spatial_in = input.spatial.clone();
    if causal {
        // Conv1D pads K - 1 zeros at the start, then runs a VALID convolution.
        tf_spatial_in[0] = tf_spatial_in[0].saturating_add(fields[0] - 1);
    }
    let weight_shape = match op {
        Op::ConvTranspose => [kernel_size.clone(), vec![filters, input.channels]].concat(),
        Op::Conv => [kernel_size.clone(), vec![input.channels / groups, filters]].concat(),
    };
    if op == Op::ConvTranspose {
        let shape = join_shape(input.batch, filters, &sizes, tf_position);
        params.set("output_shape", Value::List(shape.into_iter().map(Value::Int).collect()));
    }
    let tf_request = Request {
        framework: Framework::Tensorflow,
        op,
        rank,
        layout: None,
        api: if op == Op::Conv { Some("tf.nn.convolution".to_string()) } else { None },
        input_shape: if causal {
            [leading[..lead].to_vec(), join_shape(Some(leading[lead]), input.channels, &tf_spatial_in, tf_position)]
                .concat()
        } else {
            tf_input
        },
        weight_shape: Some(weight_shape.clone()),
        params,
    };
    let grouped = op == Op::Conv && groups > 1;
    // Grouped forward layers run through a jit-compiled tf.function: graph shape inference refuses a
    // 'valid' window longer than the input even where the eager kernel would return an empty output.
    if grouped && padding == "valid" {
        if let Some(axis) = (0..rank).find(|&a| input.spatial[a] < fields[a]) {
            return Err(ConvError::rejected(format!(
                "ValueError: Negative dimension size caused by subtracting {} from {} (axis {axis}; {layer_name} with \
                 groups={groups} runs as a compiled graph)",
                fields[axis], input.spatial[axis]
            )));
        }
    }
    let limits =
        CpuLimits { channels_last_only: !grouped, no_transposed_dilation: !atrous, conv3d_plain_only: !grouped };
    let tf_layer = tensorflow::resolve_with(&tf_request, limits).map_err(|e| ConvError {
        kind: e.kind,
        message: format!("{} (TensorFlow, running {layer_name})", e.message),
    })?;

    let mut axes = tf_layer.axes;
    if causal {
        // The causal padding is input padding: move it from the padded input into pad_before.
        let axis = &mut axes[0];
        axis.size_in = input.spatial[0];
        axis.pad_before += fields[0] - 1;
    }
    for (axis, size) in axes.iter().zip(&sizes) {
        if axis.size_out != *size {
            return Err(ConvError::rejected(format!(
                "Keras computed an output size of {size} but TensorFlow produces {} (axis of {})",
                axis.size_out, axis.size_in
            )));
        }
    }
    notes.extend(tf_layer.notes);
    if op == Op::ConvTranspose && padding == "same" && output_padding.is_some() {
        notes.push(
            "'same' with output_padding: the size uses pad = K//2, but TensorFlow decides where the window sits \
             (the odd cropped cell goes to the end)"
                .to_string(),
        );
    }
    notes.extend(reader.unknown_notes());
    let mut output_shape = leading[..lead].to_vec();
    output_shape.extend(join_shape(Some(leading[lead]), filters, &sizes, position));
    Ok(Layer {
        op,
        axes,
        channel_position: position,
        batch: input.batch,
        channels_in: input.channels,
        channels_out: filters,
        groups: if op == Op::Conv { groups } else { 1 },
        weight_layout: tf_layer.weight_layout,
        weight_shape,
        output_shape,
        kernel_flipped: false,
        bias,
        derivations,
        notes,
        padding_mode: crate::conv::geometry::padding::PaddingMode::Zeros,
        explicit_layouts: None,
    })
}

// The reverse: the app's settings in tf.keras 2's words (its layers take Keras 3's arguments).

use super::keras::{layer_code_line, layer_fields, layer_request};
use super::settings::Settings;
use super::Dialect;

pub const DIALECT: Dialect =
    Dialect { id: "keras2", name: "Keras 2", backends: &[], resolve, request, fields: layer_fields, code_line };

fn request(settings: &Settings) -> Request {
    layer_request(settings, Framework::Keras2)
}

fn code_line(settings: &Settings) -> String {
    layer_code_line(settings, &request(settings), "tf.keras.layers", &[])
}
