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
use crate::conv::geometry::axis::{full_scatter_len, kernel_field, Axis, Op};
use crate::conv::geometry::layer::{
    join_shape, split_shape, ChannelPosition, Derivation, Layer, SplitShape, WeightLayout,
};

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
    let mut reader = ArgReader::new(NAME, &request.params);
    let args = read_args(&mut reader, request)?;
    check_filters_and_groups(&args)?;
    check_causal(&args)?;
    check_output_padding(&args)?;
    check_strides_and_dilation(&args)?;
    let input = read_input(request, &args)?;
    check_input_channels(&args, &input.folded)?;
    let (dilation_used, mut notes) = backend_dilation(&args)?;
    let fields: Vec<i64> = (0..args.rank)
        .map(|a| kernel_field(args.kernel_size[a], dilation_used[a]).min(i64::MAX as i128) as i64)
        .collect();
    let (sizes, derivations) = layer_sizes(&args, &input.folded.spatial, &fields)?;
    let (tf_request, weight_shape) = tensorflow_request(&args, &input, &sizes, &fields, &dilation_used);
    check_grouped_graph(&args, &input.folded.spatial, &fields)?;
    let tf_layer = run_tensorflow(&args, &tf_request)?;
    let axes = layer_axes(&args, tf_layer.axes, &input.folded.spatial, &fields, &sizes)?;
    notes.extend(tf_layer.notes);
    if args.op == Op::ConvTranspose && args.padding == "same" && args.output_padding.is_some() {
        notes.push(
            "'same' with output_padding: the size uses pad = K//2, but TensorFlow decides where the window sits \
             (the odd cropped cell goes to the end)"
                .to_string(),
        );
    }
    notes.extend(reader.unknown_notes());
    let mut output_shape = input.leading.clone();
    output_shape.extend(join_shape(Some(input.batch), args.filters, &sizes, args.data_format));
    Ok(Layer {
        op: args.op,
        axes,
        channel_position: args.data_format,
        batch: input.folded.batch,
        channels_in: input.folded.channels,
        channels_out: args.filters,
        groups: if args.op == Op::Conv { args.groups } else { 1 },
        weight_layout: tf_layer.weight_layout,
        weight_shape,
        output_shape,
        kernel_flipped: false,
        bias: args.use_bias,
        derivations,
        notes,
        padding_mode: crate::conv::geometry::padding::PaddingMode::Zeros,
        explicit_layouts: None,
    })
}

/// A layer's arguments under Keras' names (`padding` lower-cased, `data_format` as the channels'
/// position), with the layer it constructs.
struct Args {
    op: Op,
    rank: usize,
    /// `Conv2DTranspose`, `Conv1D`, …
    layer_name: String,
    filters: i64,
    kernel_size: Vec<i64>,
    strides: Vec<i64>,
    padding: String,
    /// Transposed layers only.
    output_padding: Option<Vec<i64>>,
    data_format: ChannelPosition,
    dilation_rate: Vec<i64>,
    groups: i64,
    use_bias: bool,
}

/// Read the layer's arguments as its constructor does, type checks included.
fn read_args(reader: &mut ArgReader, request: &Request) -> ConvResult<Args> {
    let (op, rank) = (request.op, request.rank);
    let layer_name = match op {
        Op::ConvTranspose => format!("Conv{rank}DTranspose"),
        Op::Conv => format!("Conv{rank}D"),
    };
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
    let use_bias = reader.boolean("use_bias")?.unwrap_or(true);
    let filters = reader
        .int("filters")?
        .ok_or_else(|| ConvError::rejected(format!("{layer_name}() missing required argument: 'filters'")))?;
    let kernel_size = match reader.value("kernel_size") {
        Some(v) => standardize_tuple(v, rank, "kernel_size", false)?,
        None => return Err(ConvError::rejected(format!("{layer_name}() missing required argument: 'kernel_size'"))),
    };
    let strides = read_tuple(reader, "strides", rank)?;
    let dilation_rate = read_tuple(reader, "dilation_rate", rank)?;
    let groups = reader.int("groups")?.unwrap_or(1);
    let padding = read_padding(reader)?;
    let output_padding = match (op, reader.value("output_padding")) {
        (Op::ConvTranspose, Some(v)) => Some(standardize_tuple(v, rank, "output_padding", true)?),
        _ => None,
    };
    let data_format = read_data_format(reader)?;
    Ok(Args {
        op,
        rank,
        layer_name,
        filters,
        kernel_size,
        strides,
        padding,
        output_padding,
        data_format,
        dilation_rate,
        groups,
        use_bias,
    })
}

/// A tuple argument that defaults to 1 on every axis (`strides`, `dilation_rate`).
fn read_tuple(reader: &mut ArgReader, name: &str, rank: usize) -> ConvResult<Vec<i64>> {
    match reader.value(name) {
        Some(v) => standardize_tuple(v, rank, name, false),
        None => Ok(vec![1; rank]),
    }
}

/// `padding`, lower-cased as the layer does: 'valid', 'same' or 'causal'.
fn read_padding(reader: &mut ArgReader) -> ConvResult<String> {
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
    Ok(padding)
}

/// `data_format`: 'channels_last' (the default) or 'channels_first'.
fn read_data_format(reader: &mut ArgReader) -> ConvResult<ChannelPosition> {
    match reader.string("data_format")?.as_deref() {
        None | Some("channels_last") => Ok(ChannelPosition::Last),
        Some("channels_first") => Ok(ChannelPosition::First),
        Some(other) => Err(ConvError::rejected(format!(
            "The `data_format` argument must be one of \"channels_first\", \"channels_last\". Received: {other}"
        ))),
    }
}

fn check_filters_and_groups(args: &Args) -> ConvResult<()> {
    let (filters, groups) = (args.filters, args.groups);
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
    Ok(())
}

fn check_causal(args: &Args) -> ConvResult<()> {
    if args.padding == "causal" && !(args.op == Op::Conv && args.rank == 1) {
        return Err(ConvError::rejected(format!(
            "Causal padding is only supported for `Conv1D` (got {}); deconv_output_length asserts on it",
            args.layer_name
        )));
    }
    Ok(())
}

fn check_output_padding(args: &Args) -> ConvResult<()> {
    if let Some(a) = &args.output_padding {
        if a.iter().zip(&args.strides).any(|(a, s)| a >= s) {
            return Err(ConvError::rejected(format!(
                "Strides must be greater than output padding. Received strides={}, output_padding={} \
                 (tf.keras ignores dilation here, unlike PyTorch)",
                list_text(&args.strides),
                list_text(a)
            )));
        }
    }
    Ok(())
}

fn check_strides_and_dilation(args: &Args) -> ConvResult<()> {
    if args.strides.iter().any(|&s| s > 1) && args.dilation_rate.iter().any(|&d| d > 1) {
        return Err(ConvError::rejected(format!(
            "`strides > 1` not supported in conjunction with `dilation_rate > 1`. Received: strides={} and dilation_rate={}",
            list_text(&args.strides),
            list_text(&args.dilation_rate)
        )));
    }
    Ok(())
}

/// The layer's input: any extra leading batch dimensions, the batch dimension proper, and the whole
/// split by `data_format` with every batch dimension folded into one.
struct Input {
    leading: Vec<i64>,
    batch: i64,
    folded: SplitShape,
}

/// Forward layers take extra leading batch dimensions (InputSpec(min_ndim)); tf.nn.convolution folds them.
fn read_input(request: &Request, args: &Args) -> ConvResult<Input> {
    let (op, rank) = (args.op, args.rank);
    let ndim = request.input_shape.len();
    if ndim != rank + 2 && !(op == Op::Conv && ndim > rank + 2) {
        return Err(ConvError::rejected(format!(
            "Input 0 of layer \"{}\" is incompatible with the layer: expected {}ndim={}, found ndim={}",
            args.layer_name,
            if op == Op::Conv { "min_" } else { "" },
            rank + 2,
            ndim
        )));
    }
    let lead = ndim - (rank + 2);
    let batch_dims = &request.input_shape[..=lead];
    let folded = batch_dims.iter().try_fold(1i64, |acc, &b| acc.checked_mul(b)).unwrap_or(i64::MAX);
    let core_shape = [vec![folded], request.input_shape[lead + 1..].to_vec()].concat();
    let folded = split_shape(&core_shape, rank, args.data_format, false, NAME)?;
    Ok(Input { leading: batch_dims[..lead].to_vec(), batch: batch_dims[lead], folded })
}

fn check_input_channels(args: &Args, input: &SplitShape) -> ConvResult<()> {
    if args.op == Op::Conv && input.channels % args.groups != 0 {
        return Err(ConvError::rejected(format!(
            "The number of input channels must be evenly divisible by the number of groups. Received groups={}, \
             but the input has {} channels",
            args.groups, input.channels
        )));
    }
    Ok(())
}

/// The dilation that reaches the backend, with notes on the arguments a transposed layer drops.
fn backend_dilation(args: &Args) -> ConvResult<(Vec<i64>, Vec<String>)> {
    let (op, rank, dilation) = (args.op, args.rank, &args.dilation_rate);
    let mut notes = Vec::new();
    // Conv3DTranspose drops dilation_rate on the way to the backend.
    let dilation_used = if op == Op::ConvTranspose && rank == 3 { vec![1; rank] } else { dilation.clone() };
    if op == Op::ConvTranspose && rank == 3 && dilation.iter().any(|&d| d > 1) {
        notes.push(format!(
            "Conv3DTranspose ignores dilation_rate={} (it never reaches the backend)",
            list_text(dilation)
        ));
    }
    if op == Op::ConvTranspose && args.groups > 1 {
        notes.push(format!(
            "{} accepts groups={} and ignores it: the kernel spans all input channels",
            args.layer_name, args.groups
        ));
    }
    if is_atrous(args) && dilation[0] != dilation[1] {
        return Err(ConvError::rejected(format!(
            "Expected the 2 dimensions of the `dilation_rate` argument to be equal to each other. Received: {}",
            list_text(dilation)
        )));
    }
    Ok((dilation_used, notes))
}

/// Conv2DTranspose runs a dilated kernel through `atrous_conv2d_transpose`.
fn is_atrous(args: &Args) -> bool {
    args.op == Op::ConvTranspose && args.rank == 2 && args.dilation_rate.iter().any(|&d| d > 1)
}

/// The size the layer computes on each axis and asks TensorFlow for.
fn layer_sizes(args: &Args, spatial: &[i64], fields: &[i64]) -> ConvResult<(Vec<i64>, Vec<Derivation>)> {
    let mut sizes = Vec::with_capacity(args.rank);
    let mut derivations = Vec::with_capacity(args.rank);
    for axis in 0..args.rank {
        let (n, s, field) = (spatial[axis], args.strides[axis], fields[axis]);
        let (size, derivation) = match args.op {
            Op::ConvTranspose => {
                let a = args.output_padding.as_ref().map(|a| a[axis]);
                let size = deconv_output_length(n, field, &args.padding, a, s);
                let shown = size.clamp(i64::MIN as i128, i64::MAX as i128) as i64;
                (size, length_derivation(&args.padding, a, n, field, s, shown))
            }
            Op::Conv => conv_output_length(&args.padding, n, field, s),
        };
        if size < 0 {
            return Err(ConvError::rejected(format!(
                "One of the dimensions in the output is <= 0 due to downsampling in {}: axis {axis} would be {size}. \
                 Consider increasing the input size.",
                args.layer_name
            )));
        }
        derivations.push(derivation);
        sizes.push(size as i64);
    }
    Ok((sizes, derivations))
}

/// `conv_utils.conv_output_length`: 'same'/'causal' keep `n`, 'valid' `n - K + 1`, then `ceil(/ s)`.
fn conv_output_length(padding: &str, n: i64, field: i64, s: i64) -> (i128, Derivation) {
    let length = match padding {
        "valid" => n as i128 - field as i128 + 1,
        _ => n as i128,
    };
    let size = (length + s as i128 - 1).div_euclid(s as i128);
    let values = [("size_in", n), ("strides", s), ("kernel_field", field)];
    let derivation = match padding {
        "valid" => derive("({size_in} - {kernel_field} + 1 + {strides} - 1) // {strides}", &values, size as i64),
        _ => derive("({size_in} + {strides} - 1) // {strides}", &values, size as i64),
    };
    (size, derivation)
}

/// The call the backend makes, and the kernel's shape: the forward layers call tf.nn.convolution
/// (base_conv.convolution_op), the transposed ones tf.nn.conv{1,2,3}d_transpose with the layer's
/// size as `output_shape`.
fn tensorflow_request(
    args: &Args,
    input: &Input,
    sizes: &[i64],
    fields: &[i64],
    dilation_used: &[i64],
) -> (Request, Vec<i64>) {
    let (op, rank) = (args.op, args.rank);
    // Conv2DTranspose transposes channels-first input to NHWC itself.
    let tf_position = if op == Op::ConvTranspose && rank == 2 { ChannelPosition::Last } else { args.data_format };
    let mut params = Params::new()
        .with("strides", Value::List(args.strides.iter().map(|&s| Value::Int(s)).collect()))
        .with("padding", Value::Str(if args.padding == "same" { "SAME".into() } else { "VALID".into() }));
    params.set("dilations", Value::List(dilation_used.iter().map(|&d| Value::Int(d)).collect()));
    let (tf_last, tf_first) = match rank {
        1 => ("NWC", "NCW"),
        2 => ("NHWC", "NCHW"),
        _ => ("NDHWC", "NCDHW"),
    };
    params.set("data_format", Value::Str(if tf_position == ChannelPosition::Last { tf_last } else { tf_first }.into()));
    let channels = input.folded.channels;
    let mut tf_spatial_in = input.folded.spatial.clone();
    if args.padding == "causal" {
        // Conv1D pads K - 1 zeros at the start, then runs a VALID convolution.
        tf_spatial_in[0] = tf_spatial_in[0].saturating_add(fields[0] - 1);
    }
    let weight_shape = match op {
        Op::ConvTranspose => [args.kernel_size.clone(), vec![args.filters, channels]].concat(),
        Op::Conv => [args.kernel_size.clone(), vec![channels / args.groups, args.filters]].concat(),
    };
    if op == Op::ConvTranspose {
        let shape = join_shape(input.folded.batch, args.filters, sizes, tf_position);
        params.set("output_shape", Value::List(shape.into_iter().map(Value::Int).collect()));
    }
    let mut input_shape = input.leading.clone();
    input_shape.extend(join_shape(Some(input.batch), channels, &tf_spatial_in, tf_position));
    let tf_request = Request {
        framework: Framework::Tensorflow,
        op,
        rank,
        layout: None,
        api: if op == Op::Conv { Some("tf.nn.convolution".to_string()) } else { None },
        input_shape,
        weight_shape: Some(weight_shape.clone()),
        params,
    };
    (tf_request, weight_shape)
}

/// Grouped forward layers run through a jit-compiled tf.function: graph shape inference refuses a
/// 'valid' window longer than the input even where the eager kernel would return an empty output.
fn check_grouped_graph(args: &Args, spatial: &[i64], fields: &[i64]) -> ConvResult<()> {
    if is_grouped(args) && args.padding == "valid" {
        if let Some(axis) = (0..args.rank).find(|&a| spatial[a] < fields[a]) {
            return Err(ConvError::rejected(format!(
                "ValueError: Negative dimension size caused by subtracting {} from {} (axis {axis}; {} with \
                 groups={} runs as a compiled graph)",
                fields[axis], spatial[axis], args.layer_name, args.groups
            )));
        }
    }
    Ok(())
}

/// Grouped forward convolutions run through XLA (no CPU format limit).
fn is_grouped(args: &Args) -> bool {
    args.op == Op::Conv && args.groups > 1
}

/// TensorFlow's answer to the backend's call, under TensorFlow's CPU limits unless XLA or
/// `atrous_conv2d_transpose` lifts them.
fn run_tensorflow(args: &Args, tf_request: &Request) -> ConvResult<Layer> {
    let grouped = is_grouped(args);
    let limits = CpuLimits {
        channels_last_only: !grouped,
        no_transposed_dilation: !is_atrous(args),
        conv3d_plain_only: !grouped,
    };
    tensorflow::resolve_with(tf_request, limits).map_err(|e| ConvError {
        kind: e.kind,
        message: format!("{} (TensorFlow, running {})", e.message, args.layer_name),
    })
}

/// TensorFlow's axes, the causal padding moved from the input into `pad_before`, which must give
/// the sizes the layer computed.
fn layer_axes(
    args: &Args,
    mut axes: Vec<Axis>,
    spatial: &[i64],
    fields: &[i64],
    sizes: &[i64],
) -> ConvResult<Vec<Axis>> {
    if args.padding == "causal" {
        // The causal padding is input padding: move it from the padded input into pad_before.
        let axis = &mut axes[0];
        axis.size_in = spatial[0];
        axis.pad_before += fields[0] - 1;
    }
    for (axis, size) in axes.iter().zip(sizes) {
        if axis.size_out != *size {
            return Err(ConvError::rejected(format!(
                "Keras computed an output size of {size} but TensorFlow produces {} (axis of {})",
                axis.size_out, axis.size_in
            )));
        }
    }
    Ok(axes)
}

// The reverse: the app's settings in tf.keras 2's words (its layers take Keras 3's arguments).

use super::keras::{keras_layer, layer_code_line, layer_fields, layer_request};
use super::settings::Settings;
use super::Dialect;
use super::Signature;

pub const DIALECT: Dialect = Dialect {
    id: "keras2",
    name: "Keras 2",
    backends: &[],
    resolve,
    request,
    fields: layer_fields,
    code_line,
    calls: CALLS,
};

/// `tf_keras.layers.Conv2DTranspose` … and their `Convolution*` aliases as tf_keras 2.21's
/// `inspect.signature` gives them, with the base `Layer`'s parameters and the keywords its
/// `**kwargs` allows (`allowed_kwargs`). `tf.keras` is Keras 3 since TensorFlow 2.16, so only
/// `tf_keras` tells this Keras apart (or naming the framework).
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
        "name",
        "dtype",
        "dynamic",
        "input_dim",
        "input_shape",
        "batch_input_shape",
        "batch_size",
        "weights",
        "autocast",
        "implementation",
        // Conv's own keywords, which the transposed layers pass up through **kwargs (tf_keras
        // 2.21 accepts both; `groups` is then ignored).
        "groups",
        "conv_op",
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
        "name",
        "dtype",
        "dynamic",
        "input_dim",
        "input_shape",
        "batch_input_shape",
        "batch_size",
        "weights",
        "autocast",
        "implementation",
        "conv_op",
    ];
    // (Keywords about execution, not shape.)
    const IGNORED: &[&str] = &["dynamic", "batch_size", "weights", "autocast", "implementation", "conv_op"];
    const fn layer(
        name: &'static str,
        api: &'static str,
        op: Op,
        rank: usize,
        parameters: &'static [&'static str],
    ) -> Signature {
        keras_layer(name, &["tf_keras.layers"], api, op, rank, parameters, IGNORED)
    }
    use Op::{Conv, ConvTranspose};
    [
        layer("Conv1DTranspose", "tf_keras.layers.Conv1DTranspose", ConvTranspose, 1, TRANSPOSED),
        layer("Convolution1DTranspose", "tf_keras.layers.Convolution1DTranspose", ConvTranspose, 1, TRANSPOSED),
        layer("Conv2DTranspose", "tf_keras.layers.Conv2DTranspose", ConvTranspose, 2, TRANSPOSED),
        layer("Convolution2DTranspose", "tf_keras.layers.Convolution2DTranspose", ConvTranspose, 2, TRANSPOSED),
        layer("Conv3DTranspose", "tf_keras.layers.Conv3DTranspose", ConvTranspose, 3, TRANSPOSED),
        layer("Convolution3DTranspose", "tf_keras.layers.Convolution3DTranspose", ConvTranspose, 3, TRANSPOSED),
        layer("Conv1D", "tf_keras.layers.Conv1D", Conv, 1, FORWARD),
        layer("Convolution1D", "tf_keras.layers.Convolution1D", Conv, 1, FORWARD),
        layer("Conv2D", "tf_keras.layers.Conv2D", Conv, 2, FORWARD),
        layer("Convolution2D", "tf_keras.layers.Convolution2D", Conv, 2, FORWARD),
        layer("Conv3D", "tf_keras.layers.Conv3D", Conv, 3, FORWARD),
        layer("Convolution3D", "tf_keras.layers.Convolution3D", Conv, 3, FORWARD),
    ]
};

fn request(settings: &Settings) -> Request {
    layer_request(settings, Framework::Keras2)
}

fn code_line(settings: &Settings) -> String {
    layer_code_line(settings, &request(settings), "tf_keras.layers", &[])
}
