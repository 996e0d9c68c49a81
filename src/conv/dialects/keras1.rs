//! Keras 1 (1.0–1.2.2): `Deconvolution2D(nb_filter, nb_row, nb_col, output_shape, border_mode, subsample,
//! dim_ordering)`, on the TensorFlow or the Theano backend (`params.backend`, standing for `KERAS_BACKEND`).
//!
//! Which arguments decide the shape:
//! ```text
//! the layer reports (batch, nb_filter, output_shape rows, output_shape cols): nb_filter, never output_shape's channels
//! TensorFlow backend: tf.nn.conv2d_transpose(x, W, output_shape, (1, *subsample, 1), 'SAME'|'VALID')
//!   -> output_shape is used whole and TensorFlow checks it (tensorflow.rs); 'full' is refused
//! Theano backend: AbstractConv2d_gradInputs(output_shape[2:], border_mode 'valid' | 'half' (same) | 'full')
//!   -> output_shape's rows/cols are used; batch and channels are only passed through;
//!      accepted iff (O + 2*pad - K) // s + 1 == size_in, pad = 0 | K//2 | K - 1;
//!      'same' with an even kernel is then cropped to ceil(size_in / s) (_postprocess_conv2d_output);
//!      the kernel is applied flipped (filter_flip=True)
//! ```
//! Sources: keras 1.2.2 keras/layers/convolutional.py (`Deconvolution2D`), keras/backend/theano_backend.py and
//! tensorflow_backend.py (`deconv2d`, `_preprocess_border_mode`, `_postprocess_conv2d_output`).

use super::common::{derive, window_spec};
use super::tensorflow;
use crate::conv::dialects::params::{ArgReader, Params, Value};
use crate::conv::dialects::Framework;
use crate::conv::dialects::Request;
use crate::conv::error::{ConvError, ConvResult};
use crate::conv::geometry::axis::{AxisSpec, Op};
use crate::conv::geometry::layer::{
    join_shape, resolve_axes, split_shape, ChannelPosition, Derivation, Layer, SplitShape, WeightLayout,
};

const NAME: &str = "Keras 1";

const SHAPE_NEUTRAL: [&str; 10] = [
    "init",
    "activation",
    "weights",
    "W_regularizer",
    "b_regularizer",
    "activity_regularizer",
    "W_constraint",
    "b_constraint",
    "name",
    "trainable",
];

/// Resolve a Keras 1 `Deconvolution2D` request.
pub fn resolve(request: &Request) -> ConvResult<Layer> {
    if request.op != Op::ConvTranspose || request.rank != 2 {
        return Err(ConvError::malformed(
            "the keras1 dialect models Keras 1's Deconvolution2D (op conv_transpose, rank 2); use keras2 or keras for other layers",
        ));
    }
    let mut reader = ArgReader::new(NAME, &request.params);
    let args = read_args(&mut reader)?;
    check_args(&args)?;
    let target = read_output_shape(&args)?;
    let input = split_shape(&request.input_shape, 2, args.dim_ordering, false, NAME)?;
    check_declared_input(request, &mut reader)?;
    let (w_layout, w_shape) = layer_weight(request, &args, input.channels)?;
    let mut notes = vec![format!(
        "Keras 1 reports channels from nb_filter ({}); output_shape's batch and channel entries are only \
         passed to the backend",
        args.nb_filter
    )];
    notes.extend(reader.unknown_notes());

    match args.backend.as_str() {
        "tensorflow" => on_tensorflow(&args, &target, &input, w_layout, w_shape, notes),
        "theano" => on_theano(request, &args, &target, &input, w_layout, w_shape, notes),
        other => Err(ConvError::malformed(format!(
            "backend must be \"tensorflow\" or \"theano\" (Keras 1's KERAS_BACKEND); got {other:?}"
        ))),
    }
}

/// `Deconvolution2D(nb_filter, nb_row, nb_col, output_shape, …, border_mode='valid',
/// subsample=(1, 1), dim_ordering='default', …, bias=True)` under Keras 1's own names, defaults
/// filled in, and the backend that runs it.
struct Args {
    nb_filter: i64,
    nb_row: i64,
    nb_col: i64,
    /// As given: [`read_output_shape`] reads it after the layer's own checks.
    output_shape: Value,
    border_mode: String,
    subsample: Vec<i64>,
    /// 'th' puts the channels first; 'tf' and 'default' put them last.
    dim_ordering: ChannelPosition,
    /// `KERAS_BACKEND`: "tensorflow" (the default) or "theano"; any other is refused last.
    backend: String,
    bias: bool,
}

/// Reads the arguments with their types; a missing required one is Python's TypeError.
fn read_args(reader: &mut ArgReader) -> ConvResult<Args> {
    for neutral in SHAPE_NEUTRAL {
        reader.value(neutral);
    }
    let bias = reader.boolean("bias")?.unwrap_or(true);
    let backend = reader.string("backend")?.unwrap_or_else(|| "tensorflow".to_string());
    let required = |reader: &mut ArgReader, name: &str| -> ConvResult<i64> {
        reader
            .int(name)?
            .ok_or_else(|| ConvError::rejected(format!("Deconvolution2D() missing required argument: '{name}'")))
    };
    let nb_filter = required(reader, "nb_filter")?;
    let nb_row = required(reader, "nb_row")?;
    let nb_col = required(reader, "nb_col")?;
    let output_shape = reader
        .value("output_shape")
        .ok_or_else(|| ConvError::rejected("Deconvolution2D() missing required argument: 'output_shape'"))?
        .clone();
    // `None` is not a default for these: the layer refuses it (tuple(None), the border_mode and dim_ordering checks).
    if reader.is_null("subsample") {
        return Err(ConvError::rejected(
            "TypeError: 'NoneType' object is not iterable (subsample=None; Deconvolution2D does tuple(subsample))",
        ));
    }
    if reader.is_null("border_mode") {
        return Err(ConvError::rejected("ValueError: ('Invalid border mode for Deconvolution2D:', None)"));
    }
    if reader.is_null("dim_ordering") {
        return Err(ConvError::rejected("ValueError: dim_ordering must be in {tf, th}. (got None)"));
    }
    let border_mode = reader.string("border_mode")?.unwrap_or_else(|| "valid".to_string());
    let subsample = match reader.value("subsample") {
        None => vec![1, 1],
        Some(v) => v
            .as_ints()
            .filter(|s| s.len() == 2 && matches!(v, Value::List(_)))
            .ok_or_else(|| ConvError::rejected(format!("subsample must be a pair of ints (got {})", v.describe())))?,
    };
    let dim_ordering = match reader.string("dim_ordering")?.as_deref() {
        None | Some("default") | Some("tf") => ChannelPosition::Last,
        Some("th") => ChannelPosition::First,
        Some(other) => return Err(ConvError::rejected(format!("Unknown dim_ordering {other}"))),
    };
    Ok(Args { nb_filter, nb_row, nb_col, output_shape, border_mode, subsample, dim_ordering, backend, bias })
}

/// The layer's own checks, before it reads output_shape.
fn check_args(args: &Args) -> ConvResult<()> {
    let Args { nb_filter, nb_row, nb_col, .. } = *args;
    if !["valid", "same", "full"].contains(&args.border_mode.as_str()) {
        return Err(ConvError::rejected(format!("Invalid border mode for Deconvolution2D: {}", args.border_mode)));
    }
    // Keras makes W with numpy: no negative sizes. nb_filter=0 (an output with 0 channels) runs on both backends;
    // an empty kernel (nb_row or nb_col 0) runs on TensorFlow only (Theano's CorrMM refuses it, below).
    if nb_filter < 0 || nb_row < 0 || nb_col < 0 || args.subsample.iter().any(|&s| s <= 0) {
        return Err(ConvError::rejected(format!(
            "nb_filter, nb_row and nb_col must be at least 0 (numpy makes W) and subsample positive (got \
             nb_filter={nb_filter}, nb_row={nb_row}, nb_col={nb_col}, subsample={:?})",
            args.subsample
        )));
    }
    Ok(())
}

/// `output_shape` as the backends get it: how many entries it has, and its batch, channels, rows and
/// cols in the layer's dim_ordering (only the batch may be None).
struct OutputShape {
    len: usize,
    batch: Option<i64>,
    channels: Option<i64>,
    rows: i64,
    cols: i64,
}

/// output_shape: four entries, the batch may be None.
fn read_output_shape(args: &Args) -> ConvResult<OutputShape> {
    let len = match &args.output_shape {
        Value::List(items) => items.len(),
        _ => 0,
    };
    let entries: Vec<Option<i64>> = match &args.output_shape {
        // Keras reads entries 0..=3 only ('th': output_shape[2:] goes to Theano, which uses two; 'tf' reorders
        // (0, 3, 1, 2)), so longer tuples work; shorter ones fail on an index.
        Value::List(items) if items.len() >= 4 => items[..4]
            .iter()
            .map(|v| match v {
                Value::Int(i) => Ok(Some(*i)),
                Value::Null => Ok(None),
                other => Err(ConvError::rejected(format!(
                    "output_shape entries must be ints or None (got {})",
                    other.describe()
                ))),
            })
            .collect::<ConvResult<_>>()?,
        other => {
            return Err(ConvError::rejected(format!(
                "output_shape must be a 4-tuple (batch, …) in the layer's dim_ordering (got {})",
                other.describe()
            )))
        }
    };
    let (batch, channels, rows, cols) = match args.dim_ordering {
        ChannelPosition::First => (entries[0], entries[1], entries[2], entries[3]),
        ChannelPosition::Last => (entries[0], entries[3], entries[1], entries[2]),
    };
    let (Some(rows), Some(cols)) = (rows, cols) else {
        return Err(ConvError::rejected("output_shape rows and cols must be given (only the batch may be None)"));
    };
    Ok(OutputShape { len, batch, channels, rows, cols })
}

/// The Sequential form: `Deconvolution2D(…, input_shape=(3, 12, 12))` (or batch_input_shape) builds the model for
/// that shape, and predict then checks the array against it.
fn check_declared_input(request: &Request, reader: &mut ArgReader) -> ConvResult<()> {
    for (name, skip) in [("input_shape", 1), ("batch_input_shape", 0)] {
        let Some(value) = reader.value(name) else { continue };
        let declared: Option<Vec<Option<i64>>> = match value {
            Value::List(items) => items
                .iter()
                .map(|v| match v {
                    Value::Int(i) => Some(Some(*i)),
                    Value::Null => Some(None),
                    _ => None,
                })
                .collect(),
            _ => None,
        };
        let actual = &request.input_shape[skip.min(request.input_shape.len())..];
        let fits = declared.as_ref().is_some_and(|d| {
            d.len() == actual.len() && d.iter().zip(actual).all(|(want, got)| want.is_none_or(|w| w == *got))
        });
        if !fits {
            return Err(ConvError::rejected(format!(
                "ValueError: Error when checking model input: expected the input to have shape {} (the layer's {name}) but \
                 got array with shape {:?}",
                value.describe(),
                request.input_shape
            )));
        }
    }
    Ok(())
}

/// W as the layer stores it (Convolution2D's W_shape); each backend reorders it internally.
fn layer_weight(request: &Request, args: &Args, channels: i64) -> ConvResult<(WeightLayout, Vec<i64>)> {
    let Args { nb_filter, nb_row, nb_col, .. } = *args;
    let channels_first = args.dim_ordering == ChannelPosition::First;
    let (w_layout, w_shape) = if channels_first {
        (WeightLayout::OutInSpatial, vec![nb_filter, channels, nb_row, nb_col])
    } else {
        (WeightLayout::SpatialInOut, vec![nb_row, nb_col, channels, nb_filter])
    };
    if let Some(given) = request.weight_shape.as_ref().filter(|w| **w != w_shape) {
        return Err(ConvError::rejected(format!(
            "weight_shape {given:?} contradicts the layer's W {w_shape:?} (Keras 1 makes W from nb_filter, nb_row, nb_col \
             and the input's channels, in dim_ordering '{}')",
            if channels_first { "th" } else { "tf" }
        )));
    }
    Ok((w_layout, w_shape))
}

/// The TensorFlow backend: `tf.nn.conv2d_transpose(x, W, output_shape, (1, *subsample, 1), 'SAME'|'VALID')`,
/// answered by the TensorFlow dialect and reported in the layer's own terms.
fn on_tensorflow(
    args: &Args,
    target: &OutputShape,
    input: &SplitShape,
    w_layout: WeightLayout,
    w_shape: Vec<i64>,
    mut notes: Vec<String>,
) -> ConvResult<Layer> {
    let (nb_filter, position) = (args.nb_filter, args.dim_ordering);
    if position == ChannelPosition::Last && target.len > 4 {
        return Err(ConvError::rejected(format!(
            "InvalidArgumentError: Conv2DBackpropInput requires input_sizes to contain 4 values or 2 values, but \
             got: {} (with dim_ordering 'tf' Keras 1 hands output_shape to tf.nn.conv2d_transpose whole)",
            target.len
        )));
    }
    // _preprocess_deconv_output_shape hands every entry but a None batch to TensorFlow as is.
    if target.channels.is_none() {
        return Err(ConvError::rejected(
            "ValueError: Attempt to convert a value (None) with an unsupported type (<class 'NoneType'>) to a \
             Tensor. (output_shape's channel entry is None; only the batch may be None on the TensorFlow backend)",
        ));
    }
    if args.border_mode == "full" {
        return Err(ConvError::rejected("Invalid border mode: full (the TensorFlow backend takes 'same' or 'valid')"));
    }
    let batch = target.batch.unwrap_or(input.batch.unwrap_or(1));
    let tf_output = join_shape(
        Some(batch),
        target.channels.unwrap_or(nb_filter),
        &[target.rows, target.cols],
        ChannelPosition::Last,
    );
    let tf_request = Request {
        framework: Framework::Tensorflow,
        op: Op::ConvTranspose,
        rank: 2,
        layout: None,
        api: None,
        input_shape: join_shape(input.batch, input.channels, &input.spatial, ChannelPosition::Last),
        weight_shape: Some(vec![args.nb_row, args.nb_col, nb_filter, input.channels]),
        params: Params::new()
            .with("output_shape", Value::List(tf_output.into_iter().map(Value::Int).collect()))
            .with("strides", Value::List(args.subsample.iter().map(|&s| Value::Int(s)).collect()))
            .with("padding", Value::Str(args.border_mode.to_ascii_uppercase())),
    };
    let tf_layer = tensorflow::resolve(&tf_request).map_err(|e| {
        // Lead with the fix when another subsample would take this output_shape (the
        // usual slip: subsample left at (1, 1) for a layer that doubles its input).
        let fits = |s: i64| {
            let mut trial = tf_request.clone();
            trial.params.set("strides", Value::List(vec![Value::Int(s), Value::Int(s)]));
            tensorflow::resolve(&trial).is_ok()
        };
        let fix = subsample_fix(&args.subsample, fits);
        ConvError { kind: e.kind, message: format!("{fix}{} (TensorFlow, running Keras 1's deconv2d)", e.message) }
    })?;
    notes.extend(tf_layer.notes.iter().cloned());
    let output_shape = join_shape(input.batch, nb_filter, &tf_layer.spatial_out(), position);
    Ok(Layer {
        channel_position: position,
        output_shape,
        weight_layout: w_layout,
        weight_shape: w_shape,
        bias: args.bias,
        notes,
        ..tf_layer
    })
}

/// The Theano backend: `AbstractConv2d_gradInputs(output_shape[2:], border_mode)`, which takes
/// output_shape's rows and cols when its own check accepts them, and applies the kernel flipped.
fn on_theano(
    request: &Request,
    args: &Args,
    target: &OutputShape,
    input: &SplitShape,
    w_layout: WeightLayout,
    w_shape: Vec<i64>,
    mut notes: Vec<String>,
) -> ConvResult<Layer> {
    let Args { nb_filter, nb_row, nb_col, .. } = *args;
    // glorot_uniform (init's default) has the scale sqrt(6 / (fan_in + fan_out)), which is inf when both fans
    // are 0, and the Theano backend draws W with numpy's uniform(-inf, inf).
    let glorot = matches!(request.params.get("init"), None | Some(Value::Str(_)))
        && request.params.get("init").is_none_or(|v| *v == Value::Str("glorot_uniform".into()));
    let no_fans = nb_row == 0 || nb_col == 0 || input.channels as i128 + nb_filter as i128 == 0;
    if no_fans && glorot {
        return Err(ConvError::rejected(format!(
            "OverflowError: Range exceeds valid bounds (glorot_uniform's scale sqrt(6 / (fan_in + fan_out)) is inf \
             for W of shape {w_shape:?}; the Theano backend draws W with numpy)"
        )));
    }
    let (kernel, target_sizes) = ([nb_row, nb_col], [target.rows, target.cols]);
    let mut specs = Vec::with_capacity(2);
    let mut derivations = Vec::with_capacity(2);
    for axis in 0..2 {
        let (spec, derivation) =
            theano_axis(args, axis, input.spatial[axis], kernel[axis], target_sizes[axis], &mut notes)?;
        specs.push(spec);
        derivations.push(derivation);
    }
    if target.channels.is_some_and(|c| c != nb_filter) {
        notes.push(format!(
            "output_shape says {} channels, the layer makes {nb_filter} (nb_filter)",
            target.channels.unwrap_or(0)
        ));
    }
    notes.push(
        "the Theano backend applies the kernel flipped (filter_flip=True): values differ from TensorFlow's".to_string(),
    );
    let axes = resolve_axes(&specs, Op::ConvTranspose)?;
    let position = args.dim_ordering;
    let output = join_shape(input.batch, nb_filter, &axes.iter().map(|a| a.size_out).collect::<Vec<_>>(), position);
    Ok(Layer {
        op: Op::ConvTranspose,
        axes,
        channel_position: position,
        batch: input.batch,
        channels_in: input.channels,
        channels_out: nb_filter,
        groups: 1,
        weight_layout: w_layout,
        weight_shape: w_shape,
        output_shape: output,
        kernel_flipped: true,
        bias: args.bias,
        derivations,
        notes,
        padding_mode: crate::conv::geometry::padding::PaddingMode::Zeros,
        explicit_layouts: None,
    })
}

/// One axis on Theano: `n` cells in, kernel `k`, output_shape's `o` out: CorrMM's check of `o`
/// against the input, then the size Keras 1 leaves (its 'same' crop) and how it came about.
fn theano_axis(
    args: &Args,
    axis: usize,
    n: i64,
    k: i64,
    o: i64,
    notes: &mut Vec<String>,
) -> ConvResult<(AxisSpec, Derivation)> {
    let s = args.subsample[axis];
    let pad = match args.border_mode.as_str() {
        "same" => k / 2,
        "full" => k - 1,
        _ => 0,
    };
    if o <= 0 {
        return Err(ConvError::rejected(format!(
            "ValueError: CorrMM backprop wrt. inputs: impossible output shape (output_shape gives {o} cells on \
             axis {axis})"
        )));
    }
    let back_with = |s: i64| (o as i128 + 2 * pad as i128 - k as i128).div_euclid(s as i128) + 1;
    let back = back_with(s);
    if back != n as i128 || o < 0 {
        let fix = subsample_fix(&args.subsample, |s| back_with(s) == n as i128);
        return Err(ConvError::rejected(format!(
            "{fix}CorrMM shape inconsistency: output_shape {o} on axis {axis} would come from an input of {back}, \
             not {n} (Theano checks (O + 2*{pad} - {k}) // {s} + 1 == input); for this input it accepts \
             {}..={}",
            (n as i128 - 1) * s as i128 + k as i128 - 2 * pad as i128,
            (n as i128 - 1) * s as i128 + k as i128 - 2 * pad as i128 + s as i128 - 1
        )));
    }
    let size = if args.border_mode == "same" && k % 2 == 0 {
        let cropped = (n + s - 1) / s;
        if cropped < o {
            notes.push(format!(
                "axis {axis}: 'same' with an even kernel: Keras 1 crops the Theano result to ceil(input/stride) \
                 = {cropped} cells (a latent bug: it is meant for forward convolution); the layer still \
                 reports {o} (its get_output_shape_for reads output_shape), only the tensor has {cropped}"
            ));
        }
        o.min(cropped)
    } else {
        o
    };
    let values = [("output_shape", o), ("pad", pad), ("kernel", k), ("subsample", s), ("size_in", n)];
    // "size_out = output_shape", with Theano's acceptance check beside it (not chained into one equation).
    let check = derive("({output_shape} + 2*{pad} - {kernel}) // {subsample} + 1", &values, n);
    let rule = "(Theano checks (output_shape + 2*pad - kernel) // subsample + 1 == size_in)";
    let derivation = Derivation {
        formula: if size == o {
            format!("size_out = output_shape   {rule}")
        } else {
            format!("size_out = ceil(size_in / subsample), cropped from output_shape   {rule}")
        },
        substituted: format!("{size}   (check: {} = size_in)", check.substituted),
        size_out: size,
    };
    Ok((window_spec(n, k, s, 1, pad, size), derivation))
}

/// "subsample=(2, 2) takes this output_shape; " when a subsample other than the layer's own makes
/// the backend accept the call (tried from 1 to 16, both axes alike), else nothing.
fn subsample_fix(subsample: &[i64], accepts: impl Fn(i64) -> bool) -> String {
    (1..=16)
        .filter(|s| subsample.iter().any(|given| given != s))
        .find(|&s| accepts(s))
        .map(|s| {
            let given: Vec<String> = subsample.iter().map(i64::to_string).collect();
            format!("subsample=({s}, {s}) takes this output_shape (the layer has subsample=({})); ", given.join(", "))
        })
        .unwrap_or_default()
}

// The reverse: the app's settings in Keras 1's words (`Deconvolution2D`, channels first).

use super::settings::{Backend as SettingsBackend, Field, FieldKey, Settings};
use super::spelling::{
    backend_comment, ints, keyword_args, lower, natural_output, padding_value, settings_request, DefaultArg,
};
use super::{Dialect, Signature, Tensors};

pub const DIALECT: Dialect = Dialect {
    id: "keras1",
    name: "Keras 1",
    backends: &[SettingsBackend::Tensorflow, SettingsBackend::Theano],
    resolve,
    request,
    fields,
    code_line,
    calls: CALLS,
};

/// Keras 1.2.2's layers (`inspect.signature`), with the keywords its base `Layer` allows in
/// `**kwargs` (`allowed_kwargs`; any other is a TypeError). convt-lab models `Deconvolution2D`;
/// the forward and atrous layers are read so that a pasted one is named and answered as such.
const CALLS: &[Signature] = &{
    const CONVOLUTION_1D: &[&str] = &[
        "nb_filter",
        "filter_length",
        "init",
        "activation",
        "weights",
        "border_mode",
        "subsample_length",
        "W_regularizer",
        "b_regularizer",
        "activity_regularizer",
        "W_constraint",
        "b_constraint",
        "bias",
        "input_dim",
        "input_length",
        "input_shape",
        "batch_input_shape",
        "input_dtype",
        "name",
        "trainable",
    ];
    const CONVOLUTION_2D: &[&str] = &[
        "nb_filter",
        "nb_row",
        "nb_col",
        "init",
        "activation",
        "weights",
        "border_mode",
        "subsample",
        "dim_ordering",
        "W_regularizer",
        "b_regularizer",
        "activity_regularizer",
        "W_constraint",
        "b_constraint",
        "bias",
        "input_shape",
        "batch_input_shape",
        "input_dtype",
        "name",
        "trainable",
    ];
    const CONVOLUTION_3D: &[&str] = &[
        "nb_filter",
        "kernel_dim1",
        "kernel_dim2",
        "kernel_dim3",
        "init",
        "activation",
        "weights",
        "border_mode",
        "subsample",
        "dim_ordering",
        "W_regularizer",
        "b_regularizer",
        "activity_regularizer",
        "W_constraint",
        "b_constraint",
        "bias",
        "input_shape",
        "batch_input_shape",
        "input_dtype",
        "name",
        "trainable",
    ];
    const ATROUS_1D: &[&str] = &[
        "nb_filter",
        "filter_length",
        "init",
        "activation",
        "weights",
        "border_mode",
        "subsample_length",
        "atrous_rate",
        "W_regularizer",
        "b_regularizer",
        "activity_regularizer",
        "W_constraint",
        "b_constraint",
        "bias",
        "input_shape",
        "batch_input_shape",
        "input_dtype",
        "name",
        "trainable",
    ];
    const ATROUS_2D: &[&str] = &[
        "nb_filter",
        "nb_row",
        "nb_col",
        "init",
        "activation",
        "weights",
        "border_mode",
        "subsample",
        "atrous_rate",
        "dim_ordering",
        "W_regularizer",
        "b_regularizer",
        "activity_regularizer",
        "W_constraint",
        "b_constraint",
        "bias",
        "input_shape",
        "batch_input_shape",
        "input_dtype",
        "name",
        "trainable",
    ];
    const DECONVOLUTION_2D: &[&str] = &[
        "nb_filter",
        "nb_row",
        "nb_col",
        "output_shape",
        "init",
        "activation",
        "weights",
        "border_mode",
        "subsample",
        "dim_ordering",
        "W_regularizer",
        "b_regularizer",
        "activity_regularizer",
        "W_constraint",
        "b_constraint",
        "bias",
        "input_shape",
        "batch_input_shape",
        "input_dtype",
        "name",
        "trainable",
    ];
    const fn layer(
        name: &'static str,
        api: &'static str,
        op: Op,
        rank: usize,
        parameters: &'static [&'static str],
        positional: usize,
        required: usize,
    ) -> Signature {
        Signature {
            name,
            selector: "",
            paths: &["keras.layers", "keras.layers.convolutional", "layers"],
            api,
            op,
            rank,
            parameters,
            positional,
            required,
            tensors: Tensors::NONE,
            ignored: &["input_dtype"],
            applied: &["x"],
        }
    }
    use Op::{Conv, ConvTranspose};
    [
        layer("Deconvolution2D", "keras.layers.Deconvolution2D", ConvTranspose, 2, DECONVOLUTION_2D, 16, 4),
        layer("Convolution1D", "keras.layers.Convolution1D", Conv, 1, CONVOLUTION_1D, 15, 2),
        layer("Convolution2D", "keras.layers.Convolution2D", Conv, 2, CONVOLUTION_2D, 15, 3),
        layer("Convolution3D", "keras.layers.Convolution3D", Conv, 3, CONVOLUTION_3D, 16, 4),
        layer("AtrousConvolution1D", "keras.layers.AtrousConvolution1D", Conv, 1, ATROUS_1D, 14, 2),
        layer("AtrousConvolution2D", "keras.layers.AtrousConvolution2D", Conv, 2, ATROUS_2D, 16, 3),
    ]
};

/// Arguments `Deconvolution2D` takes with these defaults, left out of the code line.
const DEFAULTS: [(&str, DefaultArg); 2] =
    [("subsample", DefaultArg::Every(1)), ("border_mode", DefaultArg::Word("valid"))];

fn request(settings: &Settings) -> Request {
    let s = settings;
    let mut params = Params::new();
    // The backend is no argument of the layer; the dialect reads it from params (KERAS_BACKEND).
    if let Some(backend) = s.backend {
        params.set("backend", Value::Str(backend.id().to_string()));
    }
    params.set("nb_filter", Value::Int(s.channels_out));
    params.set("nb_row", Value::Int(s.kernel[0]));
    params.set("nb_col", Value::Int(*s.kernel.last().unwrap_or(&1)));
    let out = s.output_size.map(<[i64]>::to_vec).unwrap_or_else(|| natural_output(s));
    let mut shape = vec![Value::Null, Value::Int(s.channels_out)];
    shape.extend(out.iter().map(|&v| Value::Int(v)));
    params.set("output_shape", Value::List(shape));
    params.set("border_mode", padding_value(s, lower));
    params.set("subsample", ints(s.stride));
    params.set("dim_ordering", Value::Str("th".into()));
    settings_request(Framework::Keras1, s, params)
}

fn fields(_op: Op, _rank: usize) -> Vec<Field> {
    use FieldKey::*;
    vec![
        Field::new(ChannelsIn, "stack size (input channels)", &[], "input channels"),
        Field::new(ChannelsOut, "nb_filter", &[], "output channels"),
        Field::new(Kernel, "nb_row x nb_col", &[], "kernel"),
        Field::new(Stride, "subsample", &[], "strides"),
        Field::new(Padding, "border_mode", &["valid", "same", "full"], "valid, same or full"),
        Field::new(OutputSize, "output_shape", &[], "mandatory; rows x cols"),
        Field::new(Backend, "backend", &["tensorflow", "theano"], "KERAS_BACKEND: tensorflow or theano"),
    ]
}

fn code_line(settings: &Settings) -> String {
    let args = keyword_args(&request(settings), &["backend"], &DEFAULTS);
    format!("Deconvolution2D({}){}", args.join(", "), backend_comment(settings, DIALECT.backends))
}

#[cfg(test)]
mod tests {
    use crate::conv::error::ConvResult;
    use crate::conv::geometry::layer::Layer;

    use crate::conv::dialects::ask;

    fn theano(params: &str) -> ConvResult<Layer> {
        ask(&format!(
            r#"{{"framework":"keras1","input_shape":[1,3,6,6],"params":{{"backend":"theano","nb_filter":2,"nb_row":3,"nb_col":3,"dim_ordering":"th",{params}}}}}"#
        ))
    }

    #[test]
    fn none_is_refused_for_subsample_border_mode_and_dim_ordering() {
        for arg in ["subsample", "border_mode", "dim_ordering"] {
            assert!(theano(&format!(r#""output_shape":[null,2,8,8],"{arg}":null"#)).is_err(), "{arg}");
        }
    }

    #[test]
    fn theano_refuses_an_empty_output() {
        let message = ask(r#"{"framework":"keras1","input_shape":[1,3,1,1],"params":{"backend":"theano","nb_filter":2,"nb_row":2,"nb_col":2,"dim_ordering":"th","border_mode":"full","subsample":[3,3],"output_shape":[null,2,0,0]}}"#)
            .unwrap_err()
            .message;
        assert!(message.contains("impossible output shape"), "{message}");
    }

    #[test]
    fn output_shape_entries_past_the_fourth_are_ignored() {
        assert_eq!(theano(r#""output_shape":[null,2,8,8,1]"#).unwrap().output_shape, vec![1, 2, 8, 8]);
        assert!(theano(r#""output_shape":[2,8,8]"#).is_err());
    }

    #[test]
    fn a_weight_shape_must_be_the_layers_w() {
        let request = r#"{"framework":"keras1","input_shape":[1,3,6,6],"weight_shape":[2,3,3,3],"params":{"backend":"theano","nb_filter":2,"nb_row":3,"nb_col":3,"dim_ordering":"th","output_shape":[null,2,8,8]}}"#;
        assert_eq!(ask(request).unwrap().output_shape, vec![1, 2, 8, 8]);
        assert!(ask(&request.replace("[2,3,3,3]", "[3,3,3,3]")).is_err());
    }

    #[test]
    fn the_tensorflow_backend_takes_an_empty_kernel_but_no_none_channels() {
        let tf = r#"{"framework":"keras1","input_shape":[1,3,6,6],"params":{"backend":"tensorflow","nb_filter":2,"nb_row":0,"nb_col":3,"dim_ordering":"th","output_shape":[null,2,5,8]}}"#;
        assert_eq!(ask(tf).unwrap().output_shape, vec![1, 2, 5, 8]);
        assert!(ask(&tf.replace("\"tensorflow\"", "\"theano\"")).is_err());
        let none_channels = r#"{"framework":"keras1","input_shape":[1,3,6,6],"params":{"backend":"tensorflow","nb_filter":2,"nb_row":3,"nb_col":3,"dim_ordering":"th","output_shape":[null,null,8,8]}}"#;
        assert!(ask(none_channels).is_err());
        assert_eq!(ask(&none_channels.replace("\"tensorflow\"", "\"theano\"")).unwrap().output_shape, vec![1, 2, 8, 8]);
    }

    /// The issue's Keras 1 question: output_shape 56 from 28 with subsample left at (1, 1); the
    /// answer leads with the fix on both backends (Theano's 'same' with kernel 4 takes 54..=55 at
    /// subsample 2, so there the question asks for 55).
    #[test]
    fn a_missing_subsample_is_suggested() {
        for (backend, size) in [("tensorflow", 56), ("theano", 55)] {
            let error = ask(&format!(
                r#"{{"framework":"keras1","input_shape":[1,1,28,28],"params":{{"nb_filter":1,"nb_row":4,"nb_col":4,"output_shape":[null,1,{size},{size}],"border_mode":"same","dim_ordering":"th","backend":"{backend}"}}}}"#
            ))
            .unwrap_err();
            assert!(
                error.message.starts_with("subsample=(2, 2) takes this output_shape"),
                "{backend}: {}",
                error.message
            );
        }
    }

    #[test]
    fn the_derivation_states_the_check_beside_the_size() {
        // It read "= 14, accepted because (14 + 2*0 - 3) // 1 + 1 = 12 = 14", as if 12 were 14.
        let layer = theano(r#""output_shape":[null,2,8,8]"#).unwrap();
        assert_eq!(layer.derivations[0].substituted, "8   (check: (8 + 2*0 - 3) // 1 + 1 = 6 = size_in)");
    }

    #[test]
    fn the_sequential_forms_input_shape_must_be_the_arrays() {
        assert!(theano(r#""output_shape":[null,2,8,8],"input_shape":[3,6,6]"#).is_ok());
        assert!(theano(r#""output_shape":[null,2,8,8],"batch_input_shape":[null,3,6,6]"#).is_ok());
        assert!(theano(r#""output_shape":[null,2,8,8],"input_shape":[3,6,7]"#).is_err());
    }

    #[test]
    fn zero_filters_make_zero_channels() {
        assert_eq!(theano(r#""nb_filter":0,"output_shape":[null,0,8,8]"#).unwrap().output_shape, vec![1, 0, 8, 8]);
        assert!(theano(r#""nb_filter":-1,"output_shape":[null,0,8,8]"#).is_err());
    }
}
