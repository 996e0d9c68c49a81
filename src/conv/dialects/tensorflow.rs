//! TensorFlow `tf.nn`: every public conv and conv-transpose entry point, as the CPU kernels run them.
//!
//! The request's `api` names the call as users write it (`tf.nn.conv2d`, `nn.convolution`,
//! `tf.compat.v1.nn.conv2d_transpose`, `tensorflow.nn.atrous_conv2d` …); without `api` a request is
//! `tf.nn.conv{rank}d` or `tf.nn.conv{rank}d_transpose`. Each entry point reads its own arguments
//! (`stride` for `conv1d`, `rate` for the atrous ones, `dilation_rate` for v1 `convolution`), turns
//! them into the attributes of one kernel the way its Python wrapper does (`_get_sequence`:
//! an int or 1, N or N+2 values; `convert_padding`: explicit pairs for the 2-D ops only), and the
//! kernel checks them in its own order. A transposed convolution is "the gradient of conv for an
//! input of shape `output_shape`", so `output_shape` is checked by running the forward size rule on
//! it (`GetWindowedOutputSizeVerbose`, C++ integer division):
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
//! Recorded with `TF_ENABLE_ONEDNN_OPTS=0` (the Eigen kernels, as documented); where oneDNN
//! (`=1`, the x86 default) decides differently, the answer says so in a note.
//!
//! Sources: tensorflow/python/ops/nn_ops.py (`_get_sequence`, `convert_padding`, `convolution_internal`,
//! `Convolution`, `conv1d`, `conv1d_transpose`, `conv2d_transpose_v2`, `conv3d_transpose_v2`,
//! `conv_transpose`, `atrous_conv2d(_transpose)`), nn_impl.py (`depthwise_conv2d`),
//! core/framework/kernel_shape_util.cc, core/kernels/conv_ops*.cc, conv_grad_*.cc, depthwise_conv_op.cc.
//! Filters: transposed `(k…, out, in)`, forward `(k…, in/groups, out)`, depthwise `(k…, in, multiplier)`.

use super::common::{derive, list_text, window_spec};
use crate::conv::dialects::params::{ArgReader, Value};
use crate::conv::dialects::Request;
use crate::conv::error::{ConvError, ConvResult};
use crate::conv::geometry::axis::{kernel_field, AxisSpec, Op};
use crate::conv::geometry::layer::{join_shape, ChannelPosition, Derivation, Layer, WeightLayout};
use crate::conv::geometry::padding::{same_split, OddCell};

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
            let (before, after) = same_split(total, OddCell::End);
            (out, before, after)
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

/// The public entry points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Convolution,
    Conv1d,
    Conv2d,
    Conv3d,
    Atrous,
    Depthwise,
    ConvTranspose,
    Conv1dT,
    Conv2dT,
    Conv3dT,
    AtrousT,
}

const KINDS: [(&str, Kind); 11] = [
    ("convolution", Kind::Convolution),
    ("conv1d", Kind::Conv1d),
    ("conv2d", Kind::Conv2d),
    ("conv3d", Kind::Conv3d),
    ("atrous_conv2d", Kind::Atrous),
    ("depthwise_conv2d", Kind::Depthwise),
    ("conv_transpose", Kind::ConvTranspose),
    ("conv1d_transpose", Kind::Conv1dT),
    ("conv2d_transpose", Kind::Conv2dT),
    ("conv3d_transpose", Kind::Conv3dT),
    ("atrous_conv2d_transpose", Kind::AtrousT),
];

/// One entry point: which function, and whether it is the `tf.compat.v1` form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    kind: Kind,
    v1: bool,
}

impl Entry {
    fn op(self) -> Op {
        match self.kind {
            Kind::ConvTranspose | Kind::Conv1dT | Kind::Conv2dT | Kind::Conv3dT | Kind::AtrousT => Op::ConvTranspose,
            _ => Op::Conv,
        }
    }

    fn function(self) -> &'static str {
        KINDS.iter().find(|(_, k)| *k == self.kind).map(|(n, _)| *n).unwrap_or("conv2d")
    }

    fn name(self) -> String {
        format!("tf.{}nn.{}", if self.v1 { "compat.v1." } else { "" }, self.function())
    }

    /// The rank the function is written for (`None`: any, from the filters or `output_shape`).
    fn fixed_rank(self) -> Option<usize> {
        match self.kind {
            Kind::Conv1d | Kind::Conv1dT => Some(1),
            Kind::Conv2d | Kind::Atrous | Kind::Depthwise | Kind::Conv2dT | Kind::AtrousT => Some(2),
            Kind::Conv3d | Kind::Conv3dT => Some(3),
            Kind::Convolution | Kind::ConvTranspose => None,
        }
    }

    /// The argument holding the strides.
    fn strides_name(self) -> Option<&'static str> {
        match self.kind {
            Kind::Conv1d => Some("stride"),
            Kind::Atrous | Kind::AtrousT => None,
            _ => Some("strides"),
        }
    }

    /// Arguments without a default in the signature.
    fn required(self) -> &'static [&'static str] {
        match (self.kind, self.v1) {
            (Kind::Convolution, false) => &[],
            (Kind::Convolution, true) => &["padding"],
            (Kind::Conv1d | Kind::Conv2d | Kind::Conv3d, false) => {
                if self.kind == Kind::Conv1d {
                    &["stride", "padding"]
                } else {
                    &["strides", "padding"]
                }
            }
            (Kind::Conv1d | Kind::Conv2d | Kind::Conv3d, true) => &[],
            (Kind::Atrous, _) => &["rate", "padding"],
            (Kind::Depthwise, _) => &["strides", "padding"],
            (Kind::ConvTranspose | Kind::Conv1dT, _) => &["output_shape", "strides"],
            (Kind::Conv2dT | Kind::Conv3dT, false) => &["output_shape", "strides"],
            (Kind::Conv2dT | Kind::Conv3dT, true) => &[],
            (Kind::AtrousT, _) => &["output_shape", "rate", "padding"],
        }
    }

    /// Whether the Python wrapper turns a padding list into explicit paddings (`convert_padding`).
    fn explicit_padding(self, rank: usize) -> bool {
        matches!(self.kind, Kind::Conv2d | Kind::Depthwise | Kind::Conv2dT | Kind::AtrousT)
            || (self.kind == Kind::ConvTranspose && rank == 2)
    }
}

/// Read `api` as users write it: `tf.nn.conv2d`, `nn.conv2d`, `tensorflow.nn.conv2d`,
/// `tf.compat.v1.nn.conv2d`, `compat.v1.nn.conv2d`. No `api`: `conv{rank}d(_transpose)`.
fn parse_api(api: Option<&str>, op: Op, rank: usize) -> ConvResult<Entry> {
    let Some(api) = api else {
        let kind = match (op, rank) {
            (Op::Conv, 1) => Kind::Conv1d,
            (Op::Conv, 2) => Kind::Conv2d,
            (Op::Conv, _) => Kind::Conv3d,
            (Op::ConvTranspose, 1) => Kind::Conv1dT,
            (Op::ConvTranspose, 2) => Kind::Conv2dT,
            (Op::ConvTranspose, _) => Kind::Conv3dT,
        };
        return Ok(Entry { kind, v1: false });
    };
    let mut rest = api.trim();
    for prefix in ["tf.", "tensorflow."] {
        if let Some(r) = rest.strip_prefix(prefix) {
            rest = r;
            break;
        }
    }
    let mut v1 = false;
    if let Some(r) = rest.strip_prefix("compat.v1.") {
        (rest, v1) = (r, true);
    } else if let Some(r) = rest.strip_prefix("compat.v2.") {
        rest = r;
    }
    let mut function = rest.strip_prefix("nn.").unwrap_or("");
    // The functions' own Python names (`conv2d_transpose_v2`, `conv3d_v1` …), as `__name__` prints them.
    if let Some(f) = function.strip_suffix("_v2") {
        function = f;
    } else if let Some(f) = function.strip_suffix("_v1") {
        (function, v1) = (f, true);
    }
    let kind = KINDS.iter().find(|(n, _)| *n == function).map(|(_, k)| *k).ok_or_else(|| {
        let names: Vec<&str> = KINDS.iter().map(|(n, _)| *n).collect();
        ConvError::malformed(format!(
            "unknown TensorFlow api {:?}: the tf.nn convolutions are tf.nn.{{{}}} (also as tf.compat.v1.nn.…)",
            api.chars().take(60).collect::<String>(),
            names.join(", ")
        ))
    })?;
    let entry = Entry { kind, v1 };
    if entry.op() != op {
        return Err(ConvError::malformed(format!(
            "api {} is a {}, but the request's op is {}",
            entry.name(),
            if entry.op() == Op::Conv {
                "forward convolution (op \"conv\")"
            } else {
                "transposed convolution (op \"conv_transpose\")"
            },
            if op == Op::Conv { "\"conv\"" } else { "\"conv_transpose\"" }
        )));
    }
    if let Some(fixed) = entry.fixed_rank() {
        if fixed != rank {
            return Err(ConvError::malformed(format!(
                "{} has {fixed} spatial axes, but the request's rank is {rank}",
                entry.name()
            )));
        }
    }
    Ok(entry)
}

/// The kernel a call ends in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kernel {
    Conv2D,
    Conv3D,
    Depthwise,
    Backprop2D,
    Backprop3D,
}

impl Kernel {
    fn op_name(self) -> &'static str {
        match self {
            Kernel::Conv2D => "Conv2D",
            Kernel::Conv3D => "Conv3D",
            Kernel::Depthwise => "DepthwiseConv2dNative",
            Kernel::Backprop2D => "Conv2DBackpropInput",
            Kernel::Backprop3D => "Conv3DBackpropInputV2",
        }
    }

    fn spatial(self) -> usize {
        match self {
            Kernel::Conv3D | Kernel::Backprop3D => 3,
            _ => 2,
        }
    }

    fn formats(self) -> (&'static str, &'static str) {
        if self.spatial() == 3 {
            ("NDHWC", "NCDHW")
        } else {
            ("NHWC", "NCHW")
        }
    }

    /// The transposed convolutions run as the gradient of the forward one for its input.
    fn is_backprop(self) -> bool {
        matches!(self, Kernel::Backprop2D | Kernel::Backprop3D)
    }
}

fn type_error(what: &str, value: &Value) -> ConvError {
    ConvError::rejected(format!("TypeError: Expected {what} not {}.", python_repr(value)))
}

fn python_repr(value: &Value) -> String {
    match value {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Str(s) => format!("'{}'", s.chars().take(40).collect::<String>()),
        Value::List(items) if items.len() <= 8 => {
            format!("[{}]", items.iter().map(python_repr).collect::<Vec<_>>().join(", "))
        }
        other => other.describe(),
    }
}

/// `_get_sequence(value, n, channel_index, name)`: `None` → ones; an int or a list of 1, `n` or
/// `n + 2` ints → the `n + 2` attribute values. A string is a sequence of characters in Python,
/// which the op then refuses.
fn get_sequence(value: Option<&Value>, n: usize, channels_first: bool, name: &str, arg: &str) -> ConvResult<Vec<i64>> {
    let items: Vec<Value> = match value {
        None => return Ok(vec![1; n + 2]),
        Some(Value::Int(i)) => vec![Value::Int(*i)],
        Some(Value::List(items)) => items.clone(),
        Some(Value::Str(s)) => s.chars().map(|c| Value::Str(c.to_string())).collect(),
        Some(other) => vec![other.clone()],
    };
    let len = items.len();
    if len != n + 2 && len != 1 && len != n {
        return Err(ConvError::rejected(format!(
            "ValueError: {name} should be of length 1, {n} or {}. Received: {name}={} of length {len}",
            n + 2,
            python_repr(&Value::List(items.clone()))
        )));
    }
    let mut ints = Vec::with_capacity(len);
    for item in &items {
        match item {
            Value::Int(i) => ints.push(*i),
            other => return Err(type_error(&format!("int for argument '{arg}'"), other)),
        }
    }
    Ok(match len {
        l if l == n + 2 => ints,
        _ => {
            let spatial = if len == 1 { vec![ints[0]; n] } else { ints };
            if channels_first {
                [vec![1, 1], spatial].concat()
            } else {
                [vec![1], spatial, vec![1]].concat()
            }
        }
    })
}

/// An attribute passed to the op unchanged (`tf.nn.conv3d`, `depthwise_conv2d_native`): a list.
fn raw_list(value: Option<&Value>, default_len: Option<usize>, arg: &str, op: &str) -> ConvResult<Vec<i64>> {
    match value {
        None => Ok(default_len.map(|n| vec![1; n]).unwrap_or_default()),
        Some(list @ Value::List(_)) => list.as_ints().ok_or_else(|| {
            ConvError::rejected(format!("TypeError: Expected int for argument '{arg}' not {}.", python_repr(list)))
        }),
        Some(other) => Err(ConvError::rejected(format!(
            "TypeError: Expected list for '{arg}' argument to '{op}' Op, not {}.",
            python_repr(other)
        ))),
    }
}

/// `convert_padding`, then the op's `padding` attribute (a string): a word stays the op's
/// `padding`; a list (2-D ops only) becomes `EXPLICIT` with the list's pairs as the op's
/// `explicit_paddings`.
fn convert_padding(value: Option<&Value>, explicit: bool, rank: usize) -> ConvResult<(String, Pairs)> {
    match value {
        None => Err(ConvError::rejected("TypeError: Expected string for argument 'padding' not None.")),
        Some(Value::Str(s)) if explicit && s == "EXPLICIT" => Err(ConvError::rejected(
            "ValueError: 'EXPLICIT' is not a valid value for `padding`. To use explicit padding, `padding` must be a list.",
        )),
        Some(Value::Str(s)) => Ok((s.clone(), Vec::new())),
        Some(list @ Value::List(items)) if explicit => {
            let mut pairs = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                let Value::List(pair) = item else {
                    return Err(ConvError::rejected(format!(
                        "ValueError: When `padding` is a list, each element of `padding` must be a list/tuple of size 2. \
                         Received: padding={} with element at index {i} of type {}",
                        python_repr(list),
                        match item {
                            Value::Int(_) => "<class 'int'>",
                            Value::Str(_) => "<class 'str'>",
                            _ => "<class 'object'>",
                        }
                    )));
                };
                if pair.len() != 2 {
                    return Err(ConvError::rejected(format!(
                        "ValueError: When `padding` is a list, each element of `padding` must be a list/tuple of size 2. \
                         Received: padding={} with element at index {i} of size {}",
                        python_repr(list),
                        pair.len()
                    )));
                }
                match (&pair[0], &pair[1]) {
                    (Value::Int(a), Value::Int(b)) => pairs.push((*a, *b)),
                    (a, _) => return Err(type_error("int for argument 'explicit_paddings'", a)),
                }
            }
            if pairs.len() != rank + 2 {
                return Err(ConvError::rejected(format!(
                    "ValueError: When padding is a list, it must be of size {}. Received: padding={} of size {}",
                    rank + 2,
                    python_repr(list),
                    pairs.len()
                )));
            }
            Ok(("EXPLICIT".to_string(), pairs))
        }
        Some(other) => Err(type_error("string for argument 'padding'", other)),
    }
}

type Pairs = Vec<(i64, i64)>;

/// The call's arguments under TensorFlow's own names, as the entry point's signature has them,
/// before its Python code runs: one Python object each (`None` when left out or passed as
/// `None`). The wrapper steps check and convert them in TensorFlow's order, so a call with two
/// mistakes is refused for the one TensorFlow meets first.
struct Args<'a> {
    /// `input` (`value` in the transposed and atrous functions): the input's shape.
    input: &'a [i64],
    /// `filters` (`filter` in the v1 forms): the filters' shape.
    filters: Option<&'a [i64]>,
    /// `data_format`; the atrous functions take none.
    data_format: Option<&'a Value>,
    /// `output_shape`, the transposed functions' result (read for every entry point).
    output_shape: Option<&'a Value>,
    /// `strides` (`stride` in conv1d); the atrous functions take none.
    strides: Option<&'a Value>,
    /// `dilations`: every entry point but the atrous ones.
    dilations: Option<&'a Value>,
    /// `dilation_rate`: the v1 `convolution`'s older name for `dilations`.
    dilation_rate: Option<&'a Value>,
    /// `rate`: the atrous functions' dilation, and the v1 `depthwise_conv2d`'s older name for
    /// `dilations`.
    rate: Option<&'a Value>,
    /// `padding`: a word, or (the 2-D ops) a list of pairs.
    padding: Option<&'a Value>,
}

impl<'a> Args<'a> {
    /// Read the arguments `entry`'s signature takes; the reader reports the rest as unknown.
    fn read(request: &'a Request, entry: Entry, reader: &mut ArgReader<'a>) -> Args<'a> {
        // Arguments every form takes (and ignores for the shape).
        for known in ["name", "use_cudnn_on_gpu", "filter", "filters", "input", "value", "bias"] {
            reader.value(known);
        }
        let atrous = matches!(entry.kind, Kind::Atrous | Kind::AtrousT);
        let v1_convolution = entry.kind == Kind::Convolution && entry.v1;
        let v1_depthwise = entry.kind == Kind::Depthwise && entry.v1;
        Args {
            input: &request.input_shape,
            filters: request.weight_shape.as_deref(),
            data_format: if atrous { None } else { reader.value("data_format") },
            output_shape: reader.value("output_shape"),
            strides: entry.strides_name().and_then(|name| reader.value(name)),
            dilations: if atrous { None } else { reader.value("dilations") },
            dilation_rate: if v1_convolution { reader.value("dilation_rate") } else { None },
            rate: if atrous || v1_depthwise { reader.value("rate") } else { None },
            padding: reader.value("padding"),
        }
    }

    /// The dilation, under whichever name the call used: the v1 forms take the new name or the
    /// old one, not both (`deprecated_argument_lookup`).
    fn dilation(&self, entry: Entry) -> ConvResult<Option<&'a Value>> {
        let names = match (entry.kind, entry.v1) {
            (Kind::Atrous | Kind::AtrousT, _) => return Ok(self.rate),
            (Kind::Convolution, true) => [("dilations", self.dilations), ("dilation_rate", self.dilation_rate)],
            (Kind::Depthwise, true) => [("dilations", self.dilations), ("rate", self.rate)],
            _ => return Ok(self.dilations),
        };
        match names {
            [(new, Some(_)), (old, Some(_))] => {
                Err(ConvError::rejected(format!("ValueError: Cannot specify both '{new}' and '{old}'")))
            }
            [(_, new), (_, old)] => Ok(new.or(old)),
        }
    }
}

/// What the Python wrapper hands its kernel: the op's attributes under their TensorFlow names,
/// in the geometry's own rank, and what the wrapper does around the op.
struct Call {
    entry: Entry,
    kernel: Kernel,
    rank: usize,
    channels_first: bool,
    /// The op's `data_format` (conv1d's: the 2-D op's `NHWC` or `NCHW`).
    data_format: String,
    /// The op's `strides` and `dilations`: `rank + 2` values in data-format order (conv1d's unit
    /// axis left out).
    strides: Vec<i64>,
    dilations: Vec<i64>,
    /// The op's `padding`: `SAME`, `VALID`, `EXPLICIT`, or whatever word the call gave.
    padding: String,
    /// The op's `explicit_paddings`: `convert_padding`'s pairs, for all `rank + 2` axes in the
    /// data format's order; empty unless `padding` came as a list.
    explicit_paddings: Pairs,
    /// Dilation done by `with_space_to_batch` (tf.nn.convolution, atrous_conv2d, depthwise):
    /// spatial rates, the kernel itself runs undilated.
    space_to_batch: Option<Vec<i64>>,
    /// Transposed: the `output_shape` as given (a list of ints).
    output_shape: Option<Vec<i64>>,
    /// Leading batch dimensions the wrapper folds into one (`squeeze_batch_dims`).
    extra_batch_ok: bool,
}

fn value_text(value: &Value) -> String {
    python_repr(value)
}

/// Resolve a `tf.nn` request.
pub fn resolve(request: &Request) -> ConvResult<Layer> {
    resolve_with(request, CpuLimits::TF_NN)
}

/// Resolve a `tf.nn` request under the given kernel limits.
pub fn resolve_with(request: &Request, limits: CpuLimits) -> ConvResult<Layer> {
    let entry = parse_api(request.api.as_deref(), request.op, request.rank)?;
    let mut reader = ArgReader::new(NAME, &request.params);
    let call = python_wrapper(request, entry, &mut reader)?;
    let (kernel, transposed) = (call.kernel, entry.op() == Op::ConvTranspose);
    let output_shape = call.output_shape.clone();
    match run_kernel(request, call, limits) {
        Ok(mut layer) => {
            if let Some(note) = onednn_accepted_note(&layer, kernel, request) {
                layer.notes.push(note);
            }
            layer.notes.extend(reader.unknown_notes());
            Ok(layer)
        }
        Err(mut error) => {
            if limits == CpuLimits::TF_NN {
                if let Some(remark) = onednn_rejected_remark(&error.message, kernel, transposed, request, output_shape)
                {
                    error.message = format!("{}. Note: {remark}", error.message);
                }
            }
            Err(error)
        }
    }
}

/// Where oneDNN (`TF_ENABLE_ONEDNN_OPTS=1`, the x86 default) accepts a call the Eigen kernels
/// refuse (recorded in tests/fixtures/onednn/tensorflow_docs.jsonl). The answer stays Eigen's.
fn onednn_rejected_remark(
    message: &str,
    kernel: Kernel,
    transposed: bool,
    request: &Request,
    output_shape: Option<Vec<i64>>,
) -> Option<String> {
    const ACCEPTS: &str = "with TF_ENABLE_ONEDNN_OPTS=1 (oneDNN, the default on x86 CPUs) TensorFlow runs this call";
    let has = |text: &str| message.contains(text);
    let rank = request.rank;
    let why = if has("only supports the NHWC")
        || has("only supports NHWC")
        || has("only supports NDHWC")
        || has("is only supported for NHWC")
    {
        "oneDNN's kernels take channels-first formats on CPU"
    } else if has("support dilation rates larger than 1") || has("only supports dilated rates of 1") {
        "oneDNN's kernels take dilations on CPU"
    } else if has("dilations in the batch and depth") && kernel == Kernel::Backprop3D {
        "oneDNN's Conv3DBackpropInput ignores the batch and depth dilations"
    } else if has("Gradients for grouped convolutions") {
        "oneDNN's backprop kernel runs grouped convolutions"
    } else if has("Nonzero explicit padding in the batch or depth") {
        "oneDNN does not check the batch and depth entries of explicit padding"
    } else if has("explicit_paddings attribute must contain") {
        "oneDNN takes padding 'EXPLICIT' without explicit paddings"
    } else if has("dnnl_sgemm") {
        "oneDNN's own kernel takes the empty filter window"
    } else if has("cropped_shape") {
        "oneDNN returns an output for it (the input's own shape)"
    } else if transposed && (has("strides should be larger than 0") || has("Stride must be > 0")) {
        "oneDNN's backprop kernel does not check strides > 0 (it returned the empty output_shape)"
    } else if transposed && has("Size of out_backprop") && output_shape.is_some_and(|s| s.contains(&0)) {
        "oneDNN's backprop kernel returns an empty output_shape without checking it"
    } else if (kernel == Kernel::Conv3D && request.input_shape.len() < rank + 2 && has("must be 5-dimensional"))
        || (kernel == Kernel::Depthwise && request.input_shape.len() > rank + 2 && has("must be 4-dimensional"))
        || (kernel == Kernel::Backprop2D && request.input_shape.len() > rank + 2 && has("must be 4"))
    {
        "oneDNN's kernel reads the input's dimensions without checking their number (its output shape is meaningless)"
    } else {
        return None;
    };
    Some(format!("{ACCEPTS}: {why}"))
}

/// Accepted calls whose oneDNN answer differs.
fn onednn_accepted_note(layer: &Layer, kernel: Kernel, request: &Request) -> Option<String> {
    if kernel == Kernel::Depthwise && layer.axes.iter().any(|a| a.kernel_size == 0) {
        return Some(
            "with TF_ENABLE_ONEDNN_OPTS=1 (oneDNN) TensorFlow refuses an empty depthwise filter: \"filter must not have \
             zero elements\""
                .to_string(),
        );
    }
    let empty = layer.output_shape.contains(&0);
    if request.op == Op::Conv && empty && layer.channels_out != layer.channels_in {
        return Some(format!(
            "with TF_ENABLE_ONEDNN_OPTS=1 (oneDNN) this empty output comes back with the input's {} channels instead \
             of {}",
            layer.channels_in, layer.channels_out
        ));
    }
    None
}

/// What the entry point's Python code does before the kernel runs, step by step in its order.
fn python_wrapper<'a>(request: &'a Request, entry: Entry, reader: &mut ArgReader<'a>) -> ConvResult<Call> {
    let rank = request.rank;
    let args = Args::read(request, entry, reader);
    check_required(request, entry)?;
    let format = data_format_argument(request, entry, &args)?;
    // The rank the call runs at: the filters' (convolution) or output_shape's (conv_transpose).
    let output_shape = output_shape_argument(request, entry, &args)?;
    if entry.kind == Kind::ConvTranspose {
        check_conv_transpose_rank(output_shape.as_deref(), rank)?;
    }
    let (channels_first, data_format) = op_data_format(entry, rank, format)?;
    let dilation = args.dilation(entry)?;
    check_atrous_rate(request, entry, dilation)?;
    let padding_value = padding_argument(request, entry, &args);
    let kernel = kernel_of(entry, rank);
    // Each function builds the op's strides and dilations its own way.
    let window = match entry.kind {
        Kind::Conv3d => conv3d_attrs(args.strides, dilation)?,
        Kind::Depthwise => depthwise_attrs(&args, dilation)?,
        Kind::Atrous => atrous_attrs(rank, dilation)?,
        Kind::AtrousT => {
            atrous_transpose_attrs(&args, rank, dilation, output_shape.as_deref(), padding_value.as_ref())?
        }
        _ => sequence_attrs(entry, rank, channels_first, args.strides, dilation)?,
    };
    let space_to_batch = window.space_to_batch.is_some();
    let (padding, explicit_paddings) = op_padding(entry, rank, padding_value.as_ref(), space_to_batch)?;
    Ok(Call {
        entry,
        kernel,
        rank,
        channels_first,
        data_format,
        strides: window.strides,
        dilations: window.dilations,
        padding,
        explicit_paddings,
        space_to_batch: window.space_to_batch,
        output_shape,
        extra_batch_ok: folds_batch_dims(entry),
    })
}

/// Python's own check: an argument without a default must be passed (`None` counts).
fn check_required(request: &Request, entry: Entry) -> ConvResult<()> {
    for required in entry.required() {
        if !request.params.entries.iter().any(|(n, _)| n == required) {
            return Err(ConvError::rejected(format!(
                "TypeError: {}() missing required positional argument: '{required}'",
                entry.function()
            )));
        }
    }
    Ok(())
}

/// `data_format` as given (the request's `layout`, if any, must agree), else the `layout`. The
/// atrous functions have none: their input is NHWC.
fn data_format_argument(request: &Request, entry: Entry, args: &Args) -> ConvResult<Option<String>> {
    let takes_format = !matches!(entry.kind, Kind::Atrous | Kind::AtrousT);
    let format = match args.data_format {
        None => match &request.layout {
            Some(layout) if takes_format => Some(layout.clone()),
            _ => None,
        },
        Some(Value::Str(s)) => {
            if let Some(layout) = &request.layout {
                if layout != s {
                    return Err(ConvError::malformed(format!("layout {layout:?} and data_format {s:?} disagree")));
                }
            }
            Some(s.clone())
        }
        Some(other) => return Err(type_error("string for argument 'data_format'", other)),
    };
    if !takes_format {
        if let Some(layout) = &request.layout {
            if layout != "NHWC" {
                return Err(ConvError::malformed(format!(
                    "{} takes no data_format: its input is NHWC (got layout {layout:?})",
                    entry.name()
                )));
            }
        }
    }
    Ok(format)
}

/// `output_shape`: a list of ints. The transposed functions need one; what a missing one or
/// `None` raises differs per function.
fn output_shape_argument(request: &Request, entry: Entry, args: &Args) -> ConvResult<Option<Vec<i64>>> {
    if entry.op() == Op::ConvTranspose && args.output_shape.is_none() {
        return Err(ConvError::rejected(if request.params.get("output_shape").is_some() {
            match entry.kind {
                Kind::ConvTranspose => "ValueError: `output_shape` must be a tensor or sized collection. Received: output_shape=None".to_string(),
                Kind::Conv1dT => "TypeError: 'NoneType' object is not iterable".to_string(),
                _ => "ValueError: Attempt to convert a value (None) with an unsupported type (<class 'NoneType'>) to a Tensor.".to_string(),
            }
        } else {
            format!("ValueError: Attempt to convert a value (None) with an unsupported type (<class 'NoneType'>) to a Tensor ({}() has no output_shape).", entry.function())
        }));
    }
    match args.output_shape {
        None => Ok(None),
        Some(list @ Value::List(_)) => Ok(Some(list.as_ints().ok_or_else(|| {
            ConvError::rejected(format!("TypeError: output_shape must hold ints (got {})", value_text(list)))
        })?)),
        Some(other) => Err(ConvError::rejected(format!(
            "ValueError: `output_shape` must be a tensor or sized collection. Received: output_shape={}",
            value_text(other)
        ))),
    }
}

/// `tf.nn.conv_transpose` picks conv1d/2d/3d_transpose by the length of `output_shape`, and that
/// function's filters must have as many dimensions.
fn check_conv_transpose_rank(output_shape: Option<&[i64]>, rank: usize) -> ConvResult<()> {
    let n = output_shape.map_or(0, |s| s.len() as i64) - 2;
    if !(1..=3).contains(&n) {
        return Err(ConvError::rejected(format!(
            "ValueError: `output_shape` must be of length 3, 4 or 5. Received: output_shape={} of length {}",
            list_text(output_shape.unwrap_or(&[])),
            n + 2
        )));
    }
    if n as usize != rank {
        return Err(ConvError::rejected(format!(
            "output_shape has {} values, so tf.nn.conv_transpose runs conv{n}d_transpose, whose filter must be \
             {}-dimensional; the filters here have {} dimensions",
            n + 2,
            n + 2,
            rank + 2
        )));
    }
    Ok(())
}

/// The `data_format` of the op that ends up running, and whether it is channels-first. The 1-D
/// functions run the 2-D op on a unit height axis: `NWC` / `NCW` become `NHWC` / `NCHW` (conv1d
/// also takes the 2-D names, conv1d_transpose does not).
fn op_data_format(entry: Entry, rank: usize, format: Option<String>) -> ConvResult<(bool, String)> {
    let one_d =
        rank == 1 && matches!(entry.kind, Kind::Convolution | Kind::Conv1d | Kind::ConvTranspose | Kind::Conv1dT);
    if !one_d {
        let channels_last = match rank {
            1 => "NWC",
            2 => "NHWC",
            _ => "NDHWC",
        };
        let format = format.unwrap_or_else(|| channels_last.to_string());
        return Ok((format.starts_with("NC"), format));
    }
    let transposed = entry.op() == Op::ConvTranspose;
    match format.as_deref() {
        None | Some("NWC") => Ok((false, "NHWC".to_string())),
        Some("NHWC") if !transposed => Ok((false, "NHWC".to_string())),
        Some("NCW") => Ok((true, "NCHW".to_string())),
        Some("NCHW") if !transposed => Ok((true, "NCHW".to_string())),
        Some(other) => Err(ConvError::rejected(format!(
            "ValueError: `data_format` must be 'NWC' or 'NCW'. Received: data_format={other}"
        ))),
    }
}

/// `rate=None` reaches the atrous functions' own Python arithmetic, which raises.
fn check_atrous_rate(request: &Request, entry: Entry, rate: Option<&Value>) -> ConvResult<()> {
    if matches!(entry.kind, Kind::Atrous | Kind::AtrousT) && request.params.get("rate").is_some() && rate.is_none() {
        return Err(ConvError::rejected(match entry.kind {
            Kind::Atrous => {
                "TypeError: int() argument must be a string, a bytes-like object or a real number, not 'NoneType'"
            }
            _ => "TypeError: '<' not supported between instances of 'NoneType' and 'int'",
        }));
    }
    Ok(())
}

/// `padding`, or the signature's default when the call leaves it out; `None` passed stays `None`.
fn padding_argument(request: &Request, entry: Entry, args: &Args) -> Option<Value> {
    let default = match entry.kind {
        Kind::Convolution if !entry.v1 => Some("VALID"),
        Kind::ConvTranspose | Kind::Conv1dT | Kind::Conv2dT | Kind::Conv3dT => Some("SAME"),
        _ => None,
    };
    let given = request.params.entries.iter().any(|(n, _)| n == "padding");
    match (args.padding, given) {
        (Some(v), _) => Some(v.clone()),
        (None, false) => default.map(|d| Value::Str(d.to_string())),
        (None, true) => None,
    }
}

/// The kernel an entry point ends in at this rank.
fn kernel_of(entry: Entry, rank: usize) -> Kernel {
    match (entry.kind, rank) {
        (Kind::Conv3d, _) | (Kind::Convolution, 3) => Kernel::Conv3D,
        (Kind::Depthwise, _) => Kernel::Depthwise,
        (Kind::Conv3dT, _) | (Kind::ConvTranspose, 3) => Kernel::Backprop3D,
        (Kind::ConvTranspose | Kind::Conv1dT | Kind::Conv2dT | Kind::AtrousT, _) => Kernel::Backprop2D,
        _ => Kernel::Conv2D,
    }
}

/// The op's `strides` and `dilations` attributes (data-format order), and the dilation the
/// wrapper runs itself by `with_space_to_batch` (spatial rates; the op then runs undilated).
struct WindowAttrs {
    strides: Vec<i64>,
    dilations: Vec<i64>,
    space_to_batch: Option<Vec<i64>>,
}

/// `tf.nn.conv3d` passes `strides` and `dilations` to the op as they are.
fn conv3d_attrs(strides: Option<&Value>, dilations: Option<&Value>) -> ConvResult<WindowAttrs> {
    let strides = raw_list(strides, None, "strides", "conv3d")?;
    if strides.len() < 5 {
        return Err(ConvError::rejected(format!(
            "InvalidArgumentError: Length for attr 'strides' of {} must be at least minimum 5",
            strides.len()
        )));
    }
    let dilations = raw_list(dilations, Some(5), "dilations", "conv3d")?;
    Ok(WindowAttrs { strides, dilations, space_to_batch: None })
}

/// `depthwise_conv2d` passes `strides` to `depthwise_conv2d_native` as they are and runs its
/// dilation (two spatial rates) by `with_space_to_batch`.
fn depthwise_attrs(args: &Args, rate: Option<&Value>) -> ConvResult<WindowAttrs> {
    let strides = raw_list(args.strides, None, "strides", "depthwise_conv2d_native")?;
    let rate = depthwise_rate(rate, args.input)?;
    let mut space_to_batch = None;
    if rate.iter().any(|&r| r != 1) {
        if strides.iter().any(|&s| s != 1) {
            return Err(ConvError::rejected(format!(
                "convt-lab does not model depthwise_conv2d with dilation rate {} and strides {}: TensorFlow only \
                 warns (\"When dilation rate is greater than 1, then all values of strides must be 1\") and \
                 strides each space-to-batch phase separately",
                list_text(&rate),
                list_text(&strides)
            )));
        }
        space_to_batch = Some(rate);
    }
    Ok(WindowAttrs { strides, dilations: vec![1; 4], space_to_batch })
}

/// `depthwise_conv2d`'s dilation rate: a list of two positive ints (default `[1, 1]`).
fn depthwise_rate(rate: Option<&Value>, input: &[i64]) -> ConvResult<Vec<i64>> {
    let rate = match rate {
        None => vec![1, 1],
        Some(list @ Value::List(_)) => {
            list.as_ints().ok_or_else(|| ConvError::rejected("TypeError: the dilation rate must hold ints"))?
        }
        Some(other) => {
            return Err(ConvError::rejected(format!(
                "TypeError: '{}' object is not iterable",
                match other {
                    Value::Int(_) => "int",
                    Value::Bool(_) => "bool",
                    _ => "object",
                }
            )))
        }
    };
    match rate.len() {
        2 => {}
        4 => {
            return Err(ConvError::rejected(format!(
                "ValueError: `input.shape.rank` must be at least 5. Received: input.shape={} with rank {} \
                 (depthwise_conv2d's dilations are 2 spatial rates, not 4 values)",
                list_text(input),
                input.len()
            )))
        }
        n => {
            return Err(ConvError::rejected(format!(
                "convt-lab does not model depthwise_conv2d with {n} dilation values (TensorFlow broadcasts them \
                 into a shape that is no convolution geometry); give 2 rates"
            )))
        }
    }
    if rate.iter().any(|&r| r <= 0) {
        return Err(ConvError::rejected(format!(
            "ValueError: `dilation_rate` must be positive. Received: dilation_rate={}",
            numpy_text(&rate)
        )));
    }
    Ok(rate)
}

/// `atrous_conv2d`: stride 1, its `rate` (an int or a pair) run by `with_space_to_batch`.
fn atrous_attrs(rank: usize, rate: Option<&Value>) -> ConvResult<WindowAttrs> {
    let rate = match rate {
        Some(Value::Int(r)) => vec![*r; 2],
        Some(list @ Value::List(items)) if items.len() == 2 => list
            .as_ints()
            .ok_or_else(|| ConvError::rejected(format!("TypeError: rate must hold ints (got {})", value_text(list))))?,
        Some(list @ Value::List(items)) if items.len() == 1 => vec![list.as_ints().map_or(1, |v| v[0]); 2],
        Some(other) => {
            return Err(ConvError::rejected(format!(
                "ValueError: rate {} cannot be broadcast to shape (2,)",
                value_text(other)
            )))
        }
        None => vec![1, 1],
    };
    let mut space_to_batch = None;
    if rate.iter().any(|&r| r != 1) {
        if rate.iter().any(|&r| r <= 0) {
            return Err(ConvError::rejected(format!(
                "ValueError: all values of `dilation_rate` must be positive. Received: dilation_rate={}",
                numpy_text(&rate)
            )));
        }
        space_to_batch = Some(rate);
    }
    Ok(WindowAttrs { strides: vec![1; rank + 2], dilations: vec![1; rank + 2], space_to_batch })
}

/// `atrous_conv2d_transpose`: stride 1; rate 1 is `conv2d_transpose`, a larger rate runs by
/// `with_space_to_batch` after its own checks of the shapes and the padding.
fn atrous_transpose_attrs(
    args: &Args,
    rank: usize,
    rate: Option<&Value>,
    output_shape: Option<&[i64]>,
    padding: Option<&Value>,
) -> ConvResult<WindowAttrs> {
    let filters = args.filters.unwrap_or(&[]);
    check_atrous_transpose_channels(args.input, filters)?;
    let rate = match rate {
        Some(Value::Int(r)) => *r,
        Some(other) => {
            return Err(ConvError::rejected(format!(
                "TypeError: '<' not supported between instances of '{}' and 'int'",
                match other {
                    Value::List(_) => "list",
                    Value::Str(_) => "str",
                    _ => "object",
                }
            )))
        }
        None => 1,
    };
    if rate < 1 {
        return Err(ConvError::rejected(format!("ValueError: `rate` cannot be less than one. Received: rate={rate}")));
    }
    let mut space_to_batch = None;
    if rate > 1 {
        check_atrous_transpose_dilated(filters, output_shape, padding)?;
        space_to_batch = Some(vec![rate, rate]);
    }
    Ok(WindowAttrs { strides: vec![1; rank + 2], dilations: vec![1; rank + 2], space_to_batch })
}

/// `atrous_conv2d_transpose` first checks the value's channels against the filters' input
/// channels (`filters[3]`); convt-lab needs both 4-D.
fn check_atrous_transpose_channels(input: &[i64], filters: &[i64]) -> ConvResult<()> {
    let input_channels = input.get(3).copied();
    if filters.len() == 4 && input_channels.is_some() && input_channels != Some(filters[3]) {
        return Err(ConvError::rejected(format!(
            "ValueError: `value` channel count must be compatible with `filters` input channel count. \
             Received: value.shape={} with channel count {} and filters.shape={} with input channel count {}.",
            list_text(input),
            input_channels.unwrap_or(0),
            list_text(filters),
            filters[3]
        )));
    }
    if input_channels.is_none() || filters.len() != 4 || input.len() != 4 {
        return Err(ConvError::rejected(format!(
            "atrous_conv2d_transpose needs a 4-D NHWC value and 4-D filters (got {} and {})",
            list_text(input),
            list_text(filters)
        )));
    }
    Ok(())
}

/// With a rate above 1, `atrous_conv2d_transpose` checks `output_shape` (4 values, the filters'
/// output channels) and `padding` ('SAME' or 'VALID') itself. `filters` is 4-D here.
fn check_atrous_transpose_dilated(
    filters: &[i64],
    output_shape: Option<&[i64]>,
    padding: Option<&Value>,
) -> ConvResult<()> {
    let shape = output_shape.unwrap_or(&[]);
    if shape.len() != 4 {
        return Err(ConvError::rejected(format!(
            "ValueError: `output_shape` must have shape (4,). Received: output_shape=({},)",
            shape.len()
        )));
    }
    if shape[3] != filters[2] {
        return Err(ConvError::rejected(format!(
            "ValueError: `output_shape` channel count must be compatible with `filters` output channel count. \
             Received: output_shape={} with channel count {} and filters.shape={} with output channel count {}.",
            list_text(shape),
            shape[3],
            list_text(filters),
            filters[2]
        )));
    }
    match padding {
        Some(Value::Str(s)) if s == "SAME" || s == "VALID" => Ok(()),
        other => Err(ConvError::rejected(format!(
            "ValueError: `padding` must be either 'VALID' or 'SAME'. Received: padding={}",
            other.map_or("None".to_string(), value_text)
        ))),
    }
}

/// `_get_sequence` for `strides` and `dilations` (conv1d and conv1d_transpose name their strides
/// "stride"); `tf.nn.convolution` then runs a dilation by space-to-batch.
fn sequence_attrs(
    entry: Entry,
    rank: usize,
    channels_first: bool,
    strides: Option<&Value>,
    dilations: Option<&Value>,
) -> ConvResult<WindowAttrs> {
    let seq_name = if rank == 1 && !matches!(entry.kind, Kind::Convolution) { "stride" } else { "strides" };
    let strides = get_sequence(strides, rank, channels_first, seq_name, "strides")?;
    let dilations = get_sequence(dilations, rank, channels_first, "dilations", "dilations")?;
    if entry.kind == Kind::Convolution {
        return convolution_attrs(rank, channels_first, strides, dilations);
    }
    Ok(WindowAttrs { strides, dilations, space_to_batch: None })
}

/// The `Convolution` class: dilation by space-to-batch, spatial entries only, and then no
/// stride above 1.
fn convolution_attrs(
    rank: usize,
    channels_first: bool,
    strides: Vec<i64>,
    dilations: Vec<i64>,
) -> ConvResult<WindowAttrs> {
    let spatial = |v: &[i64]| if channels_first { v[2..].to_vec() } else { v[1..=rank].to_vec() };
    let (sp_dil, sp_str) = (spatial(&dilations), spatial(&strides));
    if sp_dil.iter().all(|&d| d == 1) {
        return Ok(WindowAttrs { strides, dilations, space_to_batch: None });
    }
    if sp_dil.iter().any(|&d| d <= 0) {
        return Err(ConvError::rejected(format!(
            "ValueError: all values of `dilation_rate` must be positive. Received: dilation_rate={}",
            numpy_text(&sp_dil)
        )));
    }
    if sp_str.iter().any(|&s| s > 1) {
        return Err(ConvError::rejected(format!(
            "ValueError: `strides > 1` not supported in conjunction with `dilation_rate > 1`. \
             Received: strides={} and dilation_rate={}",
            numpy_text(&sp_str),
            numpy_text(&sp_dil)
        )));
    }
    Ok(WindowAttrs { strides, dilations: vec![1; rank + 2], space_to_batch: Some(sp_dil) })
}

/// The op's `padding` and `explicit_paddings` (`convert_padding`: the 2-D ops take a list).
/// A dilation run by `with_space_to_batch` takes 'SAME' or 'VALID' only.
fn op_padding(entry: Entry, rank: usize, padding: Option<&Value>, space_to_batch: bool) -> ConvResult<(String, Pairs)> {
    let explicit = entry.explicit_padding(rank) && !(entry.kind == Kind::AtrousT && space_to_batch);
    let (padding, explicit_paddings) = convert_padding(padding, explicit, rank)?;
    if space_to_batch {
        if !explicit_paddings.is_empty() {
            return Err(ConvError::rejected(
                "ValueError: with a dilation rate above 1 the padding must be 'SAME' or 'VALID' (with_space_to_batch)",
            ));
        }
        if padding != "SAME"
            && padding != "VALID"
            && matches!(entry.kind, Kind::Convolution | Kind::Atrous | Kind::Depthwise)
        {
            return Err(ConvError::rejected(format!(
                "ValueError: Invalid padding method \"{padding}\" (with a dilation rate above 1 the padding is done \
                 by with_space_to_batch, which takes 'SAME' or 'VALID')"
            )));
        }
    }
    Ok((padding, explicit_paddings))
}

/// Whether the wrapper folds leading batch dimensions into one (`squeeze_batch_dims`).
fn folds_batch_dims(entry: Entry) -> bool {
    match entry.kind {
        Kind::Convolution | Kind::Conv1d | Kind::Conv2d | Kind::Atrous => true,
        Kind::Conv3d => !entry.v1,
        _ => false,
    }
}

/// numpy's way of printing an int array: `[2 2]`.
fn numpy_text(values: &[i64]) -> String {
    format!("[{}]", values.iter().map(|v| v.to_string()).collect::<Vec<_>>().join(" "))
}

/// The spatial entries of an `n + 2` attribute, and its batch / channel entries.
fn split_attr(values: &[i64], rank: usize, channels_first: bool) -> (Vec<i64>, [i64; 2]) {
    if values.len() != rank + 2 {
        return (vec![1; rank], [1, 1]);
    }
    if channels_first {
        (values[2..].to_vec(), [values[0], values[1]])
    } else {
        (values[1..=rank].to_vec(), [values[0], values[rank + 1]])
    }
}

struct Shape {
    /// Leading batch dimensions (one normally, several when the wrapper folds them).
    batch: Vec<i64>,
    channels: i64,
    spatial: Vec<i64>,
}

fn split_input(shape: &[i64], rank: usize, channels_first: bool, batch_dims: usize) -> Shape {
    let batch = shape[..batch_dims].to_vec();
    let rest = &shape[batch_dims..];
    if channels_first {
        Shape { batch, channels: rest[0], spatial: rest[1..].to_vec() }
    } else {
        Shape { batch, channels: rest[rank], spatial: rest[..rank].to_vec() }
    }
}

/// The kernel: its construction checks, then its compute checks, then the geometry.
fn run_kernel(request: &Request, call: Call, limits: CpuLimits) -> ConvResult<Layer> {
    let window = construct_kernel(&call, limits)?;
    let operands = read_operands(request, &call, &window)?;
    let geometry = if call.kernel.is_backprop() {
        backprop_input_geometry(&call, &window, &operands)?
    } else {
        forward_geometry(&call, &window, &operands, limits)?
    };
    build_layer(request, &call, &operands, geometry)
}

/// The op's window per spatial axis, once its attributes are checked.
struct Window {
    /// The spatial entries of `strides` and `dilations` (their batch and depth entries are 1).
    strides: Vec<i64>,
    dilations: Vec<i64>,
    padding: Vec<TfPadding>,
}

/// The op's construction checks of its attributes, in the kernel's order.
fn construct_kernel(call: &Call, limits: CpuLimits) -> ConvResult<Window> {
    check_data_format_attr(call)?;
    check_padding_attr(call)?;
    let (strides, dilations) = spatial_strides_and_dilations(call)?;
    match call.kernel {
        Kernel::Conv2D | Kernel::Depthwise => check_conv2d_window(call, &strides, &dilations)?,
        Kernel::Conv3D => check_conv3d_window(call, &strides, &dilations)?,
        Kernel::Backprop2D => check_conv2d_backprop_input_window(call, &strides, &dilations, limits)?,
        Kernel::Backprop3D => check_conv3d_backprop_input_window(call, &strides, &dilations, limits)?,
    }
    let padding = padding_per_axis(call)?;
    if call.kernel == Kernel::Depthwise {
        check_depthwise_window(call, &strides, limits)?;
    }
    Ok(Window { strides, dilations, padding })
}

/// The `data_format` values the op allows.
fn check_data_format_attr(call: &Call) -> ConvResult<()> {
    let (last, first) = call.kernel.formats();
    if call.data_format != last && call.data_format != first {
        return Err(ConvError::rejected(format!(
            "InvalidArgumentError: Value for attr 'data_format' of \"{}\" is not in the list of allowed values: \"{last}\", \"{first}\"",
            call.data_format.chars().take(40).collect::<String>()
        )));
    }
    Ok(())
}

/// The `padding` values the op allows (the 3-D ops have no `EXPLICIT`), and with `EXPLICIT` a
/// pair of `explicit_paddings` per dimension.
fn check_padding_attr(call: &Call) -> ConvResult<()> {
    let three_d = call.kernel.spatial() == 3;
    match call.padding.as_str() {
        "SAME" | "VALID" => Ok(()),
        "EXPLICIT" if !three_d => {
            let (want, got) = (2 * (call.kernel.spatial() + 2), 2 * call.explicit_paddings.len());
            if got == want {
                return Ok(());
            }
            Err(ConvError::rejected(format!(
                "InvalidArgumentError: explicit_paddings attribute must contain {want} values, but got: {got}"
            )))
        }
        word => Err(ConvError::rejected(format!(
            "InvalidArgumentError: Value for attr 'padding' of \"{}\" is not in the list of allowed values: \"SAME\", \"VALID\"{}",
            word.chars().take(40).collect::<String>(),
            if three_d { "" } else { ", \"EXPLICIT\"" }
        ))),
    }
}

/// `strides` and `dilations`: one value per dimension (conv1d's unit height axis counts) and 1
/// for the batch and the depth; their spatial entries.
fn spatial_strides_and_dilations(call: &Call) -> ConvResult<(Vec<i64>, Vec<i64>)> {
    let want = call.kernel.spatial() + 2;
    let unit_axis = usize::from(call.rank == 1 && call.kernel.spatial() == 2);
    let (strides, outer_strides) = split_attr(&call.strides, call.rank, call.channels_first);
    let (dilations, outer_dilations) = split_attr(&call.dilations, call.rank, call.channels_first);
    if call.strides.len() + unit_axis != want {
        return Err(ConvError::rejected(format!(
            "InvalidArgumentError: Sliding window strides field must specify {want} dimensions"
        )));
    }
    if outer_strides != [1, 1] {
        return Err(ConvError::rejected(
            "Current implementation does not yet support strides in the batch and depth dimensions.",
        ));
    }
    if call.dilations.len() + unit_axis != want {
        return Err(ConvError::rejected(format!(
            "InvalidArgumentError: Dilation rates field must specify {want} dimensions"
        )));
    }
    if outer_dilations != [1, 1] {
        return Err(ConvError::rejected(
            "Current implementation does not yet support dilations in the batch and depth dimensions.",
        ));
    }
    Ok((strides, dilations))
}

/// `Conv2D` and `DepthwiseConv2dNative`: strides and dilation rates above 0.
fn check_conv2d_window(call: &Call, strides: &[i64], dilations: &[i64]) -> ConvResult<()> {
    if strides.iter().any(|&s| s <= 0) {
        return Err(ConvError::rejected(format!(
            "InvalidArgumentError: Row and column strides should be larger than 0 (got strides={})",
            list_text(&call.strides)
        )));
    }
    check_dilated_rates(dilations)
}

/// Every op: dilation rates above 0.
fn check_dilated_rates(dilations: &[i64]) -> ConvResult<()> {
    if dilations.iter().any(|&d| d <= 0) {
        return Err(ConvError::rejected("InvalidArgumentError: Dilated rates should be larger than 0."));
    }
    Ok(())
}

/// `Conv3D`: strides and dilation rates above 0.
fn check_conv3d_window(call: &Call, strides: &[i64], dilations: &[i64]) -> ConvResult<()> {
    if strides.iter().any(|&s| s <= 0) {
        return Err(ConvError::rejected(format!(
            "InvalidArgumentError: Spatial strides should be larger than 0 (got strides={})",
            list_text(&call.strides)
        )));
    }
    check_dilated_rates(dilations)
}

/// `Conv2DBackpropInput` on CPU (`Conv2DCustomBackpropInputOp`): strides above 0, NHWC only,
/// no dilation.
fn check_conv2d_backprop_input_window(
    call: &Call,
    strides: &[i64],
    dilations: &[i64],
    limits: CpuLimits,
) -> ConvResult<()> {
    if strides.iter().any(|&s| s <= 0) {
        return Err(ConvError::rejected(format!(
            "InvalidArgumentError: Row and column strides should be larger than 0 (got strides={})",
            list_text(&call.strides)
        )));
    }
    if call.channels_first && limits.channels_last_only {
        return Err(ConvError::rejected("InvalidArgumentError: Conv2DCustomBackpropInputOp only supports NHWC."));
    }
    if limits.no_transposed_dilation && dilations.iter().any(|&d| d != 1) {
        return Err(ConvError::rejected(format!(
            "InvalidArgumentError: Current CPU implementations do not yet support dilation rates larger \
             than 1 (got dilations={})",
            list_text(&call.dilations)
        )));
    }
    check_dilated_rates(dilations)
}

/// `Conv3DBackpropInputV2` on CPU: strides above 0, no dilation, NDHWC only.
fn check_conv3d_backprop_input_window(
    call: &Call,
    strides: &[i64],
    dilations: &[i64],
    limits: CpuLimits,
) -> ConvResult<()> {
    if let Some(&stride) = strides.iter().find(|&&s| s <= 0) {
        return Err(ConvError::rejected(format!(
            "InvalidArgumentError: Stride must be > 0, but got {stride} [Op:Conv3DBackpropInputV2]"
        )));
    }
    if limits.no_transposed_dilation && dilations.iter().any(|&d| d != 1) {
        return Err(ConvError::rejected(format!(
            "InvalidArgumentError: Current CPU implementation does not yet support dilation rates larger than 1 \
             (got dilations={})",
            list_text(&call.dilations)
        )));
    }
    if call.channels_first && limits.channels_last_only {
        return Err(ConvError::rejected(
            "InvalidArgumentError: Conv3DBackpropInputOpV2 only supports NDHWC on the CPU.",
        ));
    }
    check_dilated_rates(dilations)
}

/// The padding per spatial axis; `explicit_paddings` checked as `CheckValidPadding` does.
fn padding_per_axis(call: &Call) -> ConvResult<Vec<TfPadding>> {
    let (rank, pairs) = (call.rank, &call.explicit_paddings);
    if pairs.is_empty() {
        // 'SAME' or 'VALID': check_padding_attr refused every other word.
        let padding = if call.padding == "SAME" { TfPadding::Same } else { TfPadding::Valid };
        return Ok(vec![padding; rank]);
    }
    if pairs.iter().any(|&(b, a)| b < 0 || a < 0) {
        return Err(ConvError::rejected("InvalidArgumentError: All elements of explicit_paddings must be nonnegative"));
    }
    // convert_padding gave one pair per dimension.
    let (outer, spatial): (Pairs, Pairs) = if call.channels_first {
        (pairs[..2].to_vec(), pairs[2..].to_vec())
    } else {
        (vec![pairs[0], pairs[rank + 1]], pairs[1..=rank].to_vec())
    };
    if outer.iter().any(|&p| p != (0, 0)) {
        return Err(ConvError::rejected(
            "InvalidArgumentError: Nonzero explicit padding in the batch or depth dimensions is not supported",
        ));
    }
    Ok(spatial.into_iter().map(|(b, a)| TfPadding::Explicit(b, a)).collect())
}

/// `DepthwiseConv2dNative`: equal row and column strides, and on CPU NHWC only.
fn check_depthwise_window(call: &Call, strides: &[i64], limits: CpuLimits) -> ConvResult<()> {
    if strides.first() != strides.get(1) {
        return Err(ConvError::rejected(format!(
            "InvalidArgumentError: Current implementation only supports equal length strides in the row and column \
             dimensions (got strides={})",
            list_text(&call.strides)
        )));
    }
    if call.channels_first && limits.channels_last_only {
        return Err(ConvError::rejected(
            "UnimplementedError: Depthwise convolution on CPU is only supported for NHWC format",
        ));
    }
    Ok(())
}

/// The tensors as the kernel reads them, and the filter window per spatial axis.
struct Operands {
    /// Transposed `(k…, out, in)`, forward `(k…, in/groups, out)`, depthwise `(k…, in, multiplier)`.
    filters: Vec<i64>,
    input: Shape,
    /// How many leading batch dimensions the input has, and their product (the kernel's batch).
    batch_dims: usize,
    batch: i64,
    kernel_size: Vec<i64>,
    /// The dilation per axis: the wrapper's space-to-batch rates, else the op's.
    rates: Vec<i64>,
    /// The cells one filter window spans per axis.
    fields: Vec<i64>,
}

/// The compute step's first checks: the dimensions, then the input's and the filters' ranks.
fn read_operands(request: &Request, call: &Call, window: &Window) -> ConvResult<Operands> {
    let rank = call.rank;
    let filters = request.weight_shape.clone().ok_or_else(|| {
        ConvError::malformed(format!("{} needs weight_shape (the filters' shape)", call.entry.name()))
    })?;
    if let Some(&bad) = request.input_shape.iter().chain(&filters).find(|&&d| d < 0) {
        return Err(ConvError::rejected(format!("InvalidArgumentError: Dimension {bad} must be >= 0")));
    }
    if let Some(shape) = &call.output_shape {
        if let Some(&bad) = shape.iter().find(|&&d| d < 0) {
            return Err(ConvError::rejected(format!(
                "InvalidArgumentError: Dimension {bad} must be >= 0 [Op:{}]",
                call.kernel.op_name()
            )));
        }
    }
    let batch_dims = input_batch_dims(&request.input_shape, call)?;
    let input = split_input(&request.input_shape, rank, call.channels_first, batch_dims);
    let batch = input.batch.iter().try_fold(1i64, |acc, &b| acc.checked_mul(b)).unwrap_or(i64::MAX);
    if filters.len() != rank + 2 {
        return Err(ConvError::rejected(format!(
            "InvalidArgumentError: filter must be {}-dimensional: {}",
            rank + 2,
            list_text(&filters)
        )));
    }
    let kernel_size = filters[..rank].to_vec();
    let rates = call.space_to_batch.clone().unwrap_or_else(|| window.dilations.clone());
    let fields: Vec<i64> =
        (0..rank).map(|a| kernel_field(kernel_size[a], rates[a]).min(i64::MAX as i128) as i64).collect();
    Ok(Operands { filters, input, batch_dims, batch, kernel_size, rates, fields })
}

/// How many leading batch dimensions the input has: one, or more where the wrapper folds them.
fn input_batch_dims(input: &[i64], call: &Call) -> ConvResult<usize> {
    let (rank, kernel) = (call.rank, call.kernel);
    let (full, len) = (rank + 2, input.len());
    if len == full {
        return Ok(1);
    }
    if len > full && call.extra_batch_ok {
        return Ok(len - rank - 1);
    }
    Err(ConvError::rejected(match kernel {
        Kernel::Conv2D if rank == 1 && len < full => format!(
            "InvalidArgumentError: convolution input must be 4-dimensional: {} (conv1d adds the unit height axis)",
            list_text(input)
        ),
        Kernel::Conv2D => {
            format!("InvalidArgumentError: convolution input must be 4-dimensional: {}", list_text(input))
        }
        Kernel::Conv3D => "InvalidArgumentError: input must be 5-dimensional".to_string(),
        Kernel::Depthwise => format!("InvalidArgumentError: input must be 4-dimensional{}", list_text(input)),
        _ => format!(
            "InvalidArgumentError: {}: the input (out_backprop) must be {}-dimensional, got {} dimensions",
            kernel.op_name(),
            kernel.spatial() + 2,
            len
        ),
    }))
}

/// What the backprop or the forward geometry hands the `Layer`.
struct Geometry {
    specs: Vec<AxisSpec>,
    derivations: Vec<Derivation>,
    channels_out: i64,
    groups: i64,
    weight_layout: WeightLayout,
    weight_shape: Vec<i64>,
    output_shape: Vec<i64>,
    notes: Vec<String>,
}

/// `Conv2DBackpropInput` / `Conv3DBackpropInputV2`: the gradient of the forward convolution for
/// an input of `output_shape` (the op's `input_sizes`), which the forward rule must map onto the
/// input (the op's `out_backprop`) on every axis.
fn backprop_input_geometry(call: &Call, window: &Window, operands: &Operands) -> ConvResult<Geometry> {
    let (rank, kernel) = (call.rank, call.kernel);
    let (filters, input) = (&operands.filters, &operands.input);
    let filter_out = filters[rank];
    let input_sizes = backprop_input_sizes(call, operands.batch, filter_out)?;
    let target = split_input(&input_sizes, rank, call.channels_first, 1);
    check_backprop_input_depths(call, &target, operands)?;
    let (mut specs, mut derivations, mut notes) = (Vec::with_capacity(rank), Vec::with_capacity(rank), Vec::new());
    for axis in 0..rank {
        let (size, n, s) = (target.spatial[axis], input.spatial[axis], window.strides[axis]);
        let (field, padding) = (operands.fields[axis], window.padding[axis]);
        let (computed, before, after) = windowed_output_size(size, field, s, padding)?;
        if computed != n {
            return Err(ConvError::rejected(format!(
                "InvalidArgumentError: {}: Size of out_backprop doesn't match computed: actual = {n}, \
                 computed = {computed} spatial_dim: {} input: {size} filter: {} output: {n} stride: {s} dilation: {} \
                 — an output_shape of {size} would come from an input of {computed}, not {n}{}",
                kernel.op_name(),
                axis + 1,
                operands.kernel_size[axis],
                operands.rates[axis],
                valid_range_hint(n, field, s, padding),
            )));
        }
        specs.push(window_spec(n, operands.kernel_size[axis], s, operands.rates[axis], before, size));
        if before + after > 0 && (before + after) % 2 == 1 && padding == TfPadding::Same {
            notes.push(format!(
                "axis {axis}: SAME crops {} cells from the full scatter and puts the odd one at the end \
                 (bottom/right): {before} at the start, {after} at the end",
                before + after
            ));
        }
        derivations.push(transpose_derivation(padding, size, n, field, s));
    }
    if kernel == Kernel::Backprop2D && target.channels != filter_out {
        return Err(ConvError::rejected(format!(
            "InvalidArgumentError: Gradients for grouped convolutions are not supported on CPU. Computed input \
             depth {} doesn't match filter input depth {filter_out}",
            target.channels
        )));
    }
    let empty = input_sizes.contains(&0) || input.spatial.contains(&0) || input.channels == 0 || operands.batch == 0;
    // With an empty filter window the 2-D CPU kernel's GEMM fails for a batch above 1.
    if kernel == Kernel::Backprop2D && operands.kernel_size.contains(&0) && !empty && operands.batch > 1 {
        return Err(ConvError::rejected(
            "InternalError: Failed to call dnnl_sgemm. Error code: 2 (the filters have a zero-sized spatial axis)",
        ));
    }
    let position = if call.channels_first { ChannelPosition::First } else { ChannelPosition::Last };
    Ok(Geometry {
        specs,
        derivations,
        channels_out: target.channels,
        groups: 1,
        weight_layout: WeightLayout::SpatialOutIn,
        weight_shape: filters.clone(),
        output_shape: join_shape(Some(operands.batch), target.channels, &target.spatial, position),
        notes,
    })
}

/// The op's `input_sizes`: `output_shape` in full (conv2d_transpose also takes just its spatial
/// sizes).
fn backprop_input_sizes(call: &Call, batch: i64, filter_out: i64) -> ConvResult<Vec<i64>> {
    let (rank, kernel) = (call.rank, call.kernel);
    let given = call.output_shape.clone().unwrap_or_default();
    match given.len() {
        n if n == rank + 2 => Ok(given),
        2 if rank == 2 && kernel == Kernel::Backprop2D && call.entry.kind != Kind::ConvTranspose => Ok(join_shape(
            Some(batch),
            filter_out,
            &given,
            if call.channels_first { ChannelPosition::First } else { ChannelPosition::Last },
        )),
        n => Err(ConvError::rejected(if kernel == Kernel::Backprop3D {
            format!("InvalidArgumentError: input_sizes must have 5 values (got {n}: {})", list_text(&given))
        } else {
            format!(
                "InvalidArgumentError: Conv2DBackpropInput requires input_sizes to contain 4 values or 2 values, \
                 but got: {} ({} takes output_shape with {} values)",
                n + usize::from(rank == 1),
                call.entry.name(),
                rank + 2
            )
        })),
    }
}

/// The backprop kernels' shape checks: the same batch, and depths that fit the filters.
fn check_backprop_input_depths(call: &Call, target: &Shape, operands: &Operands) -> ConvResult<()> {
    let (rank, input) = (call.rank, &operands.input);
    let (filter_out, filter_in) = (operands.filters[rank], operands.filters[rank + 1]);
    let target_batch = target.batch[0];
    let three_d = call.kernel == Kernel::Backprop3D;
    if target_batch != operands.batch {
        return Err(ConvError::rejected(format!(
            "InvalidArgumentError: {}: input and out_backprop must have the same batch size. Input batch: {}, \
             outbackprop batch: {}",
            if three_d { "Conv3DBackpropInputOp" } else { "Conv2DCustomBackpropInput" },
            target_batch,
            operands.batch
        )));
    }
    if three_d {
        if target.channels != filter_out {
            return Err(ConvError::rejected(format!(
                "InvalidArgumentError: input and filter_sizes must have the same depth: {} vs {filter_out}",
                target.channels
            )));
        }
        if filter_in != input.channels {
            return Err(ConvError::rejected(format!(
                "InvalidArgumentError: out_backprop and filter_sizes must have the same out_depth: {} vs {filter_in}",
                input.channels
            )));
        }
        return Ok(());
    }
    if filter_out == 0 || target.channels % filter_out != 0 {
        return Err(ConvError::rejected(format!(
            "InvalidArgumentError: Conv2DCustomBackpropInput: input depth must be evenly divisible by filter \
             depth: the output_shape has {} channels, the filters' output depth (filters[-2]) is {filter_out}",
            target.channels
        )));
    }
    if filter_in != input.channels {
        return Err(ConvError::rejected(format!(
            "InvalidArgumentError: Conv2DCustomBackpropInput: filter and out_backprop must have the same \
             out_depth: filters[-1] is {filter_in}, the input has {} channels",
            input.channels
        )));
    }
    Ok(())
}

/// `Conv2D`, `Conv3D`, `DepthwiseConv2dNative` compute: channels and groups from the filters,
/// the forward size rule on every axis, then (for a non-empty output) groups, format, dilation.
fn forward_geometry(call: &Call, window: &Window, operands: &Operands, limits: CpuLimits) -> ConvResult<Geometry> {
    let rank = call.rank;
    let filters = &operands.filters;
    let depthwise = call.kernel == Kernel::Depthwise;
    if !depthwise && filters.contains(&0) {
        return Err(ConvError::rejected(
            "InvalidArgumentError: filter must not have zero elements (i.e. all dimensions must be non-zero)",
        ));
    }
    let (channels_out, groups) = forward_channels(call, operands)?;
    let (mut specs, mut derivations, mut notes) = (Vec::with_capacity(rank), Vec::with_capacity(rank), Vec::new());
    let mut sizes = Vec::with_capacity(rank);
    for axis in 0..rank {
        let (n, field, stride, padding) =
            (operands.input.spatial[axis], operands.fields[axis], window.strides[axis], window.padding[axis]);
        let (out, before, after) = forward_size(call, axis, n, field, stride, padding)?;
        specs.push(forward_spec(operands, axis, stride, out, before, after));
        sizes.push(out);
        derivations.push(forward_derivation(padding, n, field, stride, out));
        if padding == TfPadding::Same && (before + after) % 2 == 1 {
            notes.push(format!(
                "axis {axis}: SAME pads {} cells and puts the odd one at the end (bottom/right): \
                 {before} before, {after} after",
                before + after
            ));
        }
    }
    // The forward kernels return an empty output before they check groups, format and dilation.
    let empty = operands.batch == 0 || channels_out == 0 || sizes.contains(&0);
    if !empty {
        check_forward_compute(call, window, operands, limits, channels_out, groups)?;
    }
    let position = if call.channels_first { ChannelPosition::First } else { ChannelPosition::Last };
    let mut output_shape = operands.input.batch.clone();
    output_shape.extend(join_shape(None, channels_out, &sizes, position));
    let weight_shape = if depthwise {
        let filter_in = filters[rank];
        notes.push(format!(
            "depthwise_conv2d: the filters {} are a grouped convolution's [{}, {}, 1, {}] with groups = {} \
             (output channel c*multiplier + m reads input channel c)",
            list_text(filters),
            filters[0],
            filters[1],
            channels_out,
            filter_in
        ));
        vec![filters[0], filters[1], 1, channels_out]
    } else {
        filters.clone()
    };
    let weight_layout = WeightLayout::SpatialInOut;
    Ok(Geometry { specs, derivations, channels_out, groups, weight_layout, weight_shape, output_shape, notes })
}

/// The output channels and the groups: depthwise filters `(k…, in, multiplier)` are a grouped
/// convolution with groups = in; forward filters `(k…, in/groups, out)` give groups by division.
fn forward_channels(call: &Call, operands: &Operands) -> ConvResult<(i64, i64)> {
    let (filters, input_channels) = (&operands.filters, operands.input.channels);
    let filter_in = filters[call.rank];
    if call.kernel == Kernel::Depthwise {
        if filter_in != input_channels {
            return Err(ConvError::rejected(format!(
                "InvalidArgumentError: input and filter must have the same depth: {input_channels} vs {filter_in}"
            )));
        }
        return Ok((filter_in.saturating_mul(filters[call.rank + 1]), filter_in.max(1)));
    }
    let channels_out = filters[call.rank + 1];
    // filter_in is not 0: forward_geometry refused filters with zero elements.
    if input_channels % filter_in != 0 {
        return Err(ConvError::rejected(format!(
            "InvalidArgumentError: {}nput depth must be evenly divisible by filter depth: {input_channels} vs {filter_in}",
            if call.kernel == Kernel::Conv3D { "I" } else { "i" },
        )));
    }
    let groups = input_channels / filter_in;
    if groups == 0 {
        return Err(ConvError::rejected(format!(
            "InvalidArgumentError: output depth must be evenly divisible by number of groups: {channels_out} vs {groups}"
        )));
    }
    Ok((channels_out, groups))
}

/// TensorFlow's forward size rule on one axis (`GetWindowedOutputSizeVerbose`); with a dilation
/// run by space-to-batch its error is the cropping's.
fn forward_size(
    call: &Call,
    axis: usize,
    n: i64,
    field: i64,
    stride: i64,
    padding: TfPadding,
) -> ConvResult<(i64, i64, i64)> {
    windowed_output_size(n, field, stride, padding).map_err(|e| match &call.space_to_batch {
        Some(_) => ConvError::rejected(format!(
            "InvalidArgumentError: cropped_shape[{axis}] would be negative: the dilated filter ({field} cells) is \
             longer than the input ({n}) ({})",
            e.message
        )),
        None => e,
    })
}

/// The canonical spec of one forward axis: `out` cells, padded `before` and `after`.
fn forward_spec(operands: &Operands, axis: usize, stride: i64, out: i64, before: i64, after: i64) -> AxisSpec {
    let n = operands.input.spatial[axis];
    let mut spec = AxisSpec {
        size_in: n,
        kernel_size: operands.kernel_size[axis],
        stride,
        dilation: operands.rates[axis],
        pad_before: before,
        pad_after: after,
        output_padding: 0,
    };
    if spec.kernel_size == 0 {
        // An empty depthwise filter: every output cell is an empty sum.
        spec.pad_after = ((out as i128 - 1) * stride as i128 - n as i128 - before as i128)
            .clamp(i64::MIN as i128 / 4, i64::MAX as i128 / 4) as i64;
    }
    spec
}

/// The checks the forward kernels make once the output is known not to be empty.
fn check_forward_compute(
    call: &Call,
    window: &Window,
    operands: &Operands,
    limits: CpuLimits,
    channels_out: i64,
    groups: i64,
) -> ConvResult<()> {
    let kernel = call.kernel;
    if kernel != Kernel::Depthwise && channels_out % groups != 0 {
        return Err(ConvError::rejected(format!(
            "InvalidArgumentError: output depth must be evenly divisible by number of groups: {channels_out} vs {groups}"
        )));
    }
    if limits.channels_last_only && call.channels_first {
        return Err(ConvError::rejected(match kernel {
            Kernel::Conv3D => "InvalidArgumentError: CPU implementation of Conv3D currently only supports the NHWC \
                               tensor format."
                .to_string(),
            _ => "UnimplementedError: The Conv2D op currently only supports the NHWC tensor format on the CPU. \
                  The op was given the format: NCHW"
                .to_string(),
        }));
    }
    if kernel == Kernel::Conv3D && limits.conv3d_plain_only && groups != 1 {
        return Err(ConvError::rejected(format!(
            "InvalidArgumentError: Number of channels in filter ({}) must match last dimension of input \
             ({}): the Conv3D CPU kernel has no groups",
            operands.filters[call.rank], operands.input.channels
        )));
    }
    if kernel == Kernel::Conv3D && limits.conv3d_plain_only && window.dilations.iter().any(|&d| d > 1) {
        return Err(ConvError::rejected(format!(
            "InvalidArgumentError: CPU implementation of Conv3D currently only supports dilated rates of 1 (got \
             dilations={})",
            list_text(&call.dilations)
        )));
    }
    Ok(())
}

/// The `Layer`: the axes resolved from their specs, with the notes on what the call does.
fn build_layer(request: &Request, call: &Call, operands: &Operands, geometry: Geometry) -> ConvResult<Layer> {
    let transposed = call.kernel.is_backprop();
    let mut notes = geometry.notes;
    if let Some(rate) = &call.space_to_batch {
        notes.push(format!(
            "dilation rate {} runs as space_to_batch + an undilated {} + batch_to_space (stride 1), \
             the same as a dilated convolution",
            list_text(rate),
            call.kernel.op_name()
        ));
    }
    let mut axes = Vec::with_capacity(call.rank);
    for spec in &geometry.specs {
        let axis = spec.resolve(request.op)?;
        if transposed && axis.output_padding > 0 {
            notes.push(format!(
                "output_shape runs {} cells past the end of the full scatter ({} cells); they are zeros",
                axis.output_padding,
                axis.full_len()
            ));
        }
        axes.push(axis);
    }
    // TensorFlow's own size rule and the canonical geometry must agree on the forward size.
    if !transposed {
        for (axis, derivation) in axes.iter().zip(&geometry.derivations) {
            if axis.size_out != derivation.size_out {
                return Err(ConvError::rejected(format!(
                    "Computed output size would be {} (the kernel field does not fit the padded input)",
                    derivation.size_out
                )));
            }
        }
    }
    if operands.batch_dims > 1 {
        notes.push(format!(
            "{} folds the {} leading batch dimensions {} into one ({}) and restores them",
            call.entry.name(),
            operands.batch_dims,
            list_text(&operands.input.batch),
            operands.batch
        ));
    }
    Ok(Layer {
        op: request.op,
        axes,
        channel_position: if call.channels_first { ChannelPosition::First } else { ChannelPosition::Last },
        batch: Some(operands.batch),
        channels_in: operands.input.channels,
        channels_out: geometry.channels_out,
        groups: geometry.groups,
        weight_layout: geometry.weight_layout,
        weight_shape: geometry.weight_shape,
        output_shape: geometry.output_shape,
        kernel_flipped: false,
        bias: false,
        derivations: geometry.derivations,
        notes,
        padding_mode: crate::conv::geometry::padding::PaddingMode::Zeros,
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

/// `size_out = output_shape`, with TensorFlow's acceptance check beside it, not chained into one
/// equation: it once read "= 56, accepted because ceil(56 / 2) = 28 = 56", as if 28 were 56.
fn transpose_derivation(padding: TfPadding, size: i64, n: i64, field: i64, stride: i64) -> Derivation {
    let values = [("output_shape", size), ("strides", stride), ("kernel_field", field), ("size_in", n)];
    let check = match padding {
        TfPadding::Same => derive("ceil({output_shape} / {strides})", &values, n),
        TfPadding::Valid => derive("({output_shape} - {kernel_field} + {strides}) div {strides}", &values, n),
        TfPadding::Explicit(b, a) => derive(
            "({output_shape} + {pad_before} + {pad_after} - {kernel_field} + {strides}) div {strides}",
            &[values.as_slice(), &[("pad_before", b), ("pad_after", a)]].concat(),
            n,
        ),
    };
    Derivation {
        formula: format!(
            "size_out = output_shape   (TensorFlow checks {} == size_in)",
            check.formula.trim_start_matches("size_out = ")
        ),
        substituted: format!("{size}   (check: {} = size_in)", check.substituted),
        size_out: size,
    }
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

// The reverse: the app's settings in tf.nn's words.

use super::params::Params;
use super::settings::{Field, FieldKey, Padding, Settings};
use super::spelling::{
    channels_last_input, compact, ints, keyword_args, natural_output, padding_pairs, pairs, python, settings_request,
    upper, DefaultArg,
};
use super::{Dialect, Framework, Signature, Tensors};

pub const DIALECT: Dialect =
    Dialect { id: "tensorflow", name: "TensorFlow", backends: &[], resolve, request, fields, code_line, calls: CALLS };

/// `tf.nn.conv2d_transpose` … and their `tf.compat.v1.nn` forms, as TensorFlow 2.21's
/// `inspect.signature` gives them. The v1 forms keep their old names (`value`, `filter`) beside
/// the new ones (`input`, `filters`), which come last: either may be written, not both.
const CALLS: &[Signature] = &{
    const V2: &[&str] = &["tf.nn", "tensorflow.nn"];
    const V1: &[&str] = &["tf.compat.v1.nn", "tensorflow.compat.v1.nn", "compat.v1.nn"];
    const CONV1D: &[&str] = &["input", "filters", "stride", "padding", "data_format", "dilations", "name"];
    const CONV: &[&str] = &["input", "filters", "strides", "padding", "data_format", "dilations", "name"];
    const TRANSPOSED: &[&str] =
        &["input", "filters", "output_shape", "strides", "padding", "data_format", "dilations", "name"];
    const ATROUS: &[&str] = &["value", "filters", "rate", "padding", "name"];
    const ATROUS_TRANSPOSED: &[&str] = &["value", "filters", "output_shape", "rate", "padding", "name"];
    const DEPTHWISE: &[&str] = &["input", "filter", "strides", "padding", "data_format", "dilations", "name"];
    const V1_CONV1D: &[&str] =
        &["value", "filters", "stride", "padding", "use_cudnn_on_gpu", "data_format", "name", "input", "dilations"];
    const V1_CONV2D: &[&str] =
        &["input", "filter", "strides", "padding", "use_cudnn_on_gpu", "data_format", "dilations", "name", "filters"];
    const V1_CONV3D: &[&str] =
        &["input", "filter", "strides", "padding", "data_format", "dilations", "name", "filters"];
    const V1_TRANSPOSED: &[&str] = &[
        "value",
        "filter",
        "output_shape",
        "strides",
        "padding",
        "data_format",
        "name",
        "input",
        "filters",
        "dilations",
    ];
    const V1_CONVOLUTION: &[&str] =
        &["input", "filter", "padding", "strides", "dilation_rate", "name", "data_format", "filters", "dilations"];
    const V1_DEPTHWISE: &[&str] =
        &["input", "filter", "strides", "padding", "rate", "name", "data_format", "dilations"];
    const OPERANDS: Tensors =
        Tensors { input: &["input", "value"], weight: &["filters", "filter"], bias: &[], operands: "" };
    const IGNORED: &[&str] = &["name", "use_cudnn_on_gpu"];
    const fn call(
        name: &'static str,
        paths: &'static [&'static str],
        api: &'static str,
        op: Op,
        rank: usize,
        parameters: &'static [&'static str],
        required: usize,
    ) -> Signature {
        Signature {
            name,
            selector: "",
            paths,
            api,
            op,
            rank,
            parameters,
            positional: parameters.len(),
            required,
            tensors: OPERANDS,
            ignored: IGNORED,
            applied: &[],
        }
    }
    use Op::{Conv, ConvTranspose};
    [
        call("conv1d_transpose", V2, "tf.nn.conv1d_transpose", ConvTranspose, 1, TRANSPOSED, 4),
        call("conv2d_transpose", V2, "tf.nn.conv2d_transpose", ConvTranspose, 2, TRANSPOSED, 4),
        call("conv3d_transpose", V2, "tf.nn.conv3d_transpose", ConvTranspose, 3, TRANSPOSED, 4),
        call("conv_transpose", V2, "tf.nn.conv_transpose", ConvTranspose, 0, TRANSPOSED, 4),
        call("atrous_conv2d_transpose", V2, "tf.nn.atrous_conv2d_transpose", ConvTranspose, 2, ATROUS_TRANSPOSED, 5),
        call("conv1d", V2, "tf.nn.conv1d", Conv, 1, CONV1D, 4),
        call("conv2d", V2, "tf.nn.conv2d", Conv, 2, CONV, 4),
        call("conv3d", V2, "tf.nn.conv3d", Conv, 3, CONV, 4),
        call("convolution", V2, "tf.nn.convolution", Conv, 0, CONV, 2),
        call("atrous_conv2d", V2, "tf.nn.atrous_conv2d", Conv, 2, ATROUS, 4),
        call("depthwise_conv2d", V2, "tf.nn.depthwise_conv2d", Conv, 2, DEPTHWISE, 4),
        call("conv1d_transpose", V1, "tf.compat.v1.nn.conv1d_transpose", ConvTranspose, 1, TRANSPOSED, 4),
        call("conv2d_transpose", V1, "tf.compat.v1.nn.conv2d_transpose", ConvTranspose, 2, V1_TRANSPOSED, 0),
        call("conv3d_transpose", V1, "tf.compat.v1.nn.conv3d_transpose", ConvTranspose, 3, V1_TRANSPOSED, 1),
        call("conv_transpose", V1, "tf.compat.v1.nn.conv_transpose", ConvTranspose, 0, TRANSPOSED, 4),
        call("conv1d", V1, "tf.compat.v1.nn.conv1d", Conv, 1, V1_CONV1D, 0),
        call("conv2d", V1, "tf.compat.v1.nn.conv2d", Conv, 2, V1_CONV2D, 1),
        call("conv3d", V1, "tf.compat.v1.nn.conv3d", Conv, 3, V1_CONV3D, 1),
        call("convolution", V1, "tf.compat.v1.nn.convolution", Conv, 0, V1_CONVOLUTION, 3),
        call("depthwise_conv2d", V1, "tf.compat.v1.nn.depthwise_conv2d", Conv, 2, V1_DEPTHWISE, 4),
    ]
};

/// `tf.nn` calls take strides, padding and (transposed) output_shape as required arguments; only
/// `dilations` has a default worth leaving out.
const DEFAULTS: [(&str, DefaultArg); 1] = [("dilations", DefaultArg::Every(1))];

fn request(settings: &Settings) -> Request {
    let s = settings;
    let transposed = s.op == Op::ConvTranspose;
    let weight_shape = if transposed {
        [s.kernel.to_vec(), vec![s.channels_out, s.channels_in]].concat()
    } else {
        [s.kernel.to_vec(), vec![s.channels_in / s.groups.max(1), s.channels_out]].concat()
    };
    let mut params = Params::new();
    params.set(if !transposed && s.rank == 1 { "stride" } else { "strides" }, compact(s.stride));
    let padding = match s.padding {
        Padding::Word(w) => Value::Str(upper(w)),
        _ => {
            let mut all = vec![(0, 0)];
            all.extend(padding_pairs(s));
            all.push((0, 0));
            pairs(&all)
        }
    };
    params.set("padding", padding);
    params.set("dilations", compact(s.dilation));
    if transposed {
        let out = s.output_size.map(<[i64]>::to_vec).unwrap_or_else(|| natural_output(s));
        params.set("output_shape", ints(&[vec![1], out, vec![s.channels_out]].concat()));
    }
    Request {
        input_shape: channels_last_input(s),
        weight_shape: Some(weight_shape),
        ..settings_request(Framework::Tensorflow, s, params)
    }
}

fn fields(op: Op, rank: usize) -> Vec<Field> {
    use FieldKey::*;
    let mut out = vec![
        Field::new(ChannelsIn, "in_channels (filters[-1])", &[], "input depth"),
        Field::new(ChannelsOut, "out_channels (filters[-2])", &[], "output depth"),
        Field::new(Kernel, "filters (kernel)", &[], "filter height x width"),
        // (`tf.nn.conv1d`, the 1-D forward call, names it `stride`.)
        Field::new(Stride, if op == Op::Conv && rank == 1 { "stride" } else { "strides" }, &[], "int or HxW"),
        Field::new(Padding, "padding", &["SAME", "VALID"], "SAME, VALID, or explicit begin-end pairs (2-D)"),
        Field::new(Dilation, "dilations", &[], "CPU: 1 only for transposed"),
    ];
    if op == Op::ConvTranspose {
        out.push(Field::new(
            OutputSize,
            "output_shape",
            &[],
            "mandatory for transposed; empty = what the padding implies",
        ));
    }
    out
}

fn code_line(settings: &Settings) -> String {
    let request = request(settings);
    let rank = settings.rank;
    let name = match settings.op {
        Op::ConvTranspose => format!("conv{rank}d_transpose"),
        Op::Conv => format!("conv{rank}d"),
    };
    let filters = request.weight_shape.clone().unwrap_or_default();
    let args = keyword_args(&request, &[], &DEFAULTS).join(", ");
    format!("tf.nn.{name}(x, filters, {args})  # filters: {}", python(&ints(&filters)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(api: &str, op: &str, input: &str, weight: &str, params: &str) -> ConvResult<Layer> {
        let rank = serde_json::from_str::<Vec<i64>>(weight).map(|w| w.len().max(3) - 2).unwrap_or(2);
        let line = format!(
            r#"{{"framework": "tensorflow", "op": "{op}", "rank": {rank}, "api": "{api}", "input_shape": {input},
                "weight_shape": {weight}, "params": {params}}}"#
        );
        crate::conv::dialects::ask(&line)
    }

    fn shape(api: &str, op: &str, input: &str, weight: &str, params: &str) -> Vec<i64> {
        answer(api, op, input, weight, params).expect("accepted").output_shape
    }

    fn error(api: &str, op: &str, input: &str, weight: &str, params: &str) -> String {
        answer(api, op, input, weight, params).expect_err("rejected").message
    }

    #[test]
    fn convolution_takes_strides_and_dilations_not_conv1d_stride() {
        let conv = "tf.nn.convolution";
        assert_eq!(shape(conv, "conv", "[2, 5, 2]", "[3, 2, 3]", r#"{"strides": 2, "padding": "SAME"}"#), [2, 3, 3]);
        // No strides at all: tf.nn.convolution defaults them (and padding to VALID).
        assert_eq!(shape(conv, "conv", "[2, 5, 6, 2]", "[3, 2, 2, 3]", "{}"), [2, 3, 5, 3]);
        // Dilation runs through space-to-batch, so strides > 1 with it is a Python ValueError …
        assert!(error(
            conv,
            "conv",
            "[2, 5, 6, 2]",
            "[3, 2, 2, 3]",
            r#"{"strides": 2, "dilations": 2, "padding": "SAME"}"#
        )
        .contains("`strides > 1` not supported in conjunction with `dilation_rate > 1`"));
        // … while tf.nn.conv2d's CPU kernel runs both.
        assert_eq!(
            shape(
                "tf.nn.conv2d",
                "conv",
                "[2, 5, 6, 2]",
                "[3, 2, 2, 3]",
                r#"{"strides": 2, "dilations": 2, "padding": "SAME"}"#
            ),
            [2, 3, 3, 3]
        );
        // And rank-3 convolution with dilation works on CPU although Conv3D's kernel has none.
        assert_eq!(
            shape(conv, "conv", "[1, 5, 6, 7, 2]", "[3, 2, 3, 2, 3]", r#"{"dilations": 2, "padding": "SAME"}"#),
            [1, 5, 6, 7, 3]
        );
    }

    #[test]
    fn strides_forms_per_entry_point() {
        let c2 = |p: &str| answer("tf.nn.conv2d", "conv", "[2, 5, 6, 2]", "[3, 2, 2, 3]", p);
        for strides in ["2", "[2]", "[2, 2]", "[1, 2, 2, 1]"] {
            assert_eq!(
                c2(&format!(r#"{{"strides": {strides}, "padding": "SAME"}}"#)).unwrap().output_shape,
                [2, 3, 3, 3]
            );
        }
        assert!(c2(r#"{"strides": [2, 2, 2], "padding": "SAME"}"#)
            .unwrap_err()
            .message
            .contains("strides should be of length 1, 2 or 4"));
        assert!(c2(r#"{"strides": [2, 2, 2, 2], "padding": "SAME"}"#).unwrap_err().message.contains("batch and depth"));
        assert!(c2(r#"{"padding": "SAME"}"#)
            .unwrap_err()
            .message
            .contains("missing required positional argument: 'strides'"));
        // tf.nn.conv1d calls it `stride`; tf.nn.conv3d passes a list of 5 straight to the op.
        assert_eq!(
            shape("tf.nn.conv1d", "conv", "[2, 5, 2]", "[3, 2, 3]", r#"{"stride": 2, "padding": "SAME"}"#),
            [2, 3, 3]
        );
        assert!(error("tf.nn.conv1d", "conv", "[2, 5, 2]", "[3, 2, 3]", r#"{"stride": [1, 1], "padding": "SAME"}"#)
            .contains("stride should be of length 1, 1 or 3"));
        let c3 = |p: &str| answer("tf.nn.conv3d", "conv", "[2, 5, 6, 7, 2]", "[3, 2, 3, 2, 3]", p);
        assert!(c3(r#"{"strides": 2, "padding": "SAME"}"#)
            .unwrap_err()
            .message
            .contains("Expected list for 'strides'"));
        assert!(c3(r#"{"strides": [2, 2, 2], "padding": "SAME"}"#).unwrap_err().message.contains("at least minimum 5"));
        assert_eq!(c3(r#"{"strides": [1, 2, 2, 2, 1], "padding": "SAME"}"#).unwrap().output_shape, [2, 3, 3, 4, 3]);
        // The v1 forms default strides to None (= ones).
        assert_eq!(
            shape("tf.compat.v1.nn.conv2d", "conv", "[2, 5, 6, 2]", "[3, 2, 2, 3]", r#"{"padding": "SAME"}"#),
            [2, 5, 6, 3]
        );
    }

    #[test]
    fn data_format_spellings_per_entry_point() {
        // conv1d also takes the 2-D names; conv1d_transpose does not; no op takes Keras' words.
        assert_eq!(
            shape(
                "tf.nn.conv1d",
                "conv",
                "[2, 5, 2]",
                "[3, 2, 3]",
                r#"{"stride": 1, "padding": "SAME", "data_format": "NHWC"}"#
            ),
            [2, 5, 3]
        );
        assert!(error(
            "tf.nn.conv1d_transpose",
            "conv_transpose",
            "[2, 5, 2]",
            "[3, 3, 2]",
            r#"{"output_shape": [2, 5, 3], "strides": 1, "data_format": "NHWC"}"#
        )
        .contains("must be 'NWC' or 'NCW'"));
        assert!(error(
            "tf.nn.conv2d",
            "conv",
            "[2, 5, 6, 2]",
            "[3, 2, 2, 3]",
            r#"{"strides": 1, "padding": "SAME", "data_format": "channels_last"}"#
        )
        .contains("Value for attr 'data_format'"));
        // Channels-first runs on GPU only: each CPU kernel says so in its words.
        assert!(error(
            "tf.nn.conv2d",
            "conv",
            "[2, 2, 5, 6]",
            "[3, 2, 2, 3]",
            r#"{"strides": 1, "padding": "SAME", "data_format": "NCHW"}"#
        )
        .contains("only supports the NHWC tensor format on the CPU"));
        assert!(error(
            "tf.nn.conv2d_transpose",
            "conv_transpose",
            "[2, 2, 5, 6]",
            "[3, 2, 3, 2]",
            r#"{"output_shape": [2, 3, 5, 6], "strides": 1, "data_format": "NCHW"}"#
        )
        .contains("Conv2DCustomBackpropInputOp only supports NHWC"));
    }

    #[test]
    fn explicit_padding_only_where_convert_padding_runs() {
        let pads = r#"[[0, 0], [1, 1], [1, 1], [0, 0]]"#;
        assert_eq!(
            shape(
                "tf.nn.conv2d",
                "conv",
                "[2, 5, 6, 2]",
                "[3, 2, 2, 3]",
                &format!(r#"{{"strides": 2, "padding": {pads}}}"#)
            ),
            [2, 3, 4, 3]
        );
        assert!(error(
            "tf.nn.convolution",
            "conv",
            "[2, 5, 6, 2]",
            "[3, 2, 2, 3]",
            &format!(r#"{{"padding": {pads}}}"#)
        )
        .contains("Expected string for argument 'padding'"));
        assert!(error("tf.nn.conv2d", "conv", "[2, 5, 6, 2]", "[3, 2, 2, 3]", r#"{"strides": 1, "padding": "same"}"#)
            .contains("not in the list of allowed values"));
        assert!(error(
            "tf.nn.conv2d",
            "conv",
            "[2, 5, 6, 2]",
            "[3, 2, 2, 3]",
            r#"{"strides": 1, "padding": "EXPLICIT"}"#
        )
        .contains("'EXPLICIT' is not a valid value"));
        assert!(error("tf.nn.conv1d", "conv", "[2, 5, 2]", "[3, 2, 3]", r#"{"stride": 1, "padding": "EXPLICIT"}"#)
            .contains("explicit_paddings attribute must contain 8 values"));
    }

    #[test]
    fn output_shape_forms() {
        let t2 = |out: &str| {
            answer(
                "tf.nn.conv2d_transpose",
                "conv_transpose",
                "[2, 5, 6, 2]",
                "[3, 2, 3, 2]",
                &format!(r#"{{"output_shape": {out}, "strides": 2}}"#),
            )
        };
        assert_eq!(t2("[2, 10, 12, 3]").unwrap().output_shape, [2, 10, 12, 3]);
        assert_eq!(t2("[10, 12]").unwrap().output_shape, [2, 10, 12, 3]);
        assert!(t2("[1, 10, 12, 3]").unwrap_err().message.contains("same batch size"));
        assert!(t2("[2, 10, 12, 6]").unwrap_err().message.contains("grouped convolutions are not supported on CPU"));
        assert!(t2("[2, 10, 12]").unwrap_err().message.contains("4 values or 2 values"));
        // tf.nn.conv_transpose picks the op from len(output_shape).
        assert!(error(
            "tf.nn.conv_transpose",
            "conv_transpose",
            "[2, 5, 6, 2]",
            "[3, 2, 3, 2]",
            r#"{"output_shape": [10, 12], "strides": 2}"#
        )
        .contains("must be of length 3, 4 or 5"));
    }

    #[test]
    fn api_spellings() {
        for api in ["tf.nn.conv2d", "nn.conv2d", "tensorflow.nn.conv2d", "tf.compat.v1.nn.conv2d", "tf.nn.conv2d_v2"] {
            assert_eq!(
                shape(api, "conv", "[2, 5, 6, 2]", "[3, 2, 2, 3]", r#"{"strides": 2, "padding": "SAME"}"#),
                [2, 3, 3, 3]
            );
        }
        assert!(answer(
            "tf.nn.conv2d_transpose",
            "conv",
            "[2, 5, 6, 2]",
            "[3, 2, 2, 3]",
            r#"{"strides": 2, "padding": "SAME"}"#
        )
        .is_err());
        assert!(answer("tf.nn.pool", "conv", "[2, 5, 6, 2]", "[3, 2, 2, 3]", r#"{"strides": 2, "padding": "SAME"}"#)
            .is_err());
    }

    #[test]
    fn depthwise_is_a_grouped_convolution() {
        let layer = answer(
            "tf.nn.depthwise_conv2d",
            "conv",
            "[2, 5, 6, 2]",
            "[3, 2, 2, 3]",
            r#"{"strides": [1, 1, 1, 1], "padding": "SAME"}"#,
        )
        .unwrap();
        assert_eq!(layer.output_shape, [2, 5, 6, 6]);
        assert_eq!((layer.groups, layer.weight_shape.clone()), (2, vec![3, 2, 1, 6]));
        assert!(error(
            "tf.nn.depthwise_conv2d",
            "conv",
            "[2, 5, 6, 2]",
            "[3, 2, 2, 3]",
            r#"{"strides": 1, "padding": "SAME"}"#
        )
        .contains("Expected list for 'strides'"));
        assert_eq!(
            shape(
                "tf.nn.depthwise_conv2d",
                "conv",
                "[2, 5, 6, 2]",
                "[3, 2, 2, 3]",
                r#"{"strides": [1, 1, 1, 1], "padding": "VALID", "dilations": [2, 2]}"#
            ),
            [2, 1, 4, 6]
        );
    }

    #[test]
    fn atrous_entry_points() {
        assert_eq!(
            shape("tf.nn.atrous_conv2d", "conv", "[2, 5, 6, 2]", "[3, 2, 2, 3]", r#"{"rate": 2, "padding": "VALID"}"#),
            [2, 1, 4, 3]
        );
        assert!(error(
            "tf.nn.atrous_conv2d",
            "conv",
            "[2, 5, 6, 2]",
            "[3, 2, 2, 3]",
            r#"{"rate": 3, "padding": "VALID"}"#
        )
        .contains("negative"));
        let t = |out: &str, rate: i64| {
            answer(
                "tf.nn.atrous_conv2d_transpose",
                "conv_transpose",
                "[2, 5, 6, 2]",
                "[3, 2, 3, 2]",
                &format!(r#"{{"output_shape": {out}, "rate": {rate}, "padding": "SAME"}}"#),
            )
        };
        assert_eq!(t("[2, 5, 6, 3]", 2).unwrap().output_shape, [2, 5, 6, 3]);
        assert!(t("[2, 6, 6, 3]", 2).is_err());
        assert!(t("[2, 5, 6, 3]", 0).unwrap_err().message.contains("cannot be less than one"));
    }

    #[test]
    fn batch_dimensions() {
        // convolution / conv1d / conv2d fold extra batch dimensions; unbatched input is refused.
        assert_eq!(
            shape("tf.nn.conv2d", "conv", "[2, 3, 5, 6, 2]", "[3, 2, 2, 3]", r#"{"strides": 1, "padding": "SAME"}"#),
            [2, 3, 5, 6, 3]
        );
        assert!(error("tf.nn.conv2d", "conv", "[5, 6, 2]", "[3, 2, 2, 3]", r#"{"strides": 1, "padding": "SAME"}"#)
            .contains("must be 4-dimensional"));
        assert!(answer(
            "tf.compat.v1.nn.conv3d",
            "conv",
            "[2, 3, 5, 6, 7, 2]",
            "[3, 2, 3, 2, 3]",
            r#"{"strides": [1, 1, 1, 1, 1], "padding": "SAME"}"#
        )
        .is_err());
    }

    #[test]
    fn empty_filter_window_in_conv2d_backprop_fails_for_batch_above_one() {
        let t = |batch: i64| {
            answer(
                "tf.nn.conv2d_transpose",
                "conv_transpose",
                &format!("[{batch}, 3, 3, 2]"),
                "[0, 2, 1, 2]",
                &format!(r#"{{"output_shape": [{batch}, 6, 6, 1], "strides": 2}}"#),
            )
        };
        assert_eq!(t(1).unwrap().output_shape, [1, 6, 6, 1]);
        assert!(t(2).unwrap_err().message.contains("dnnl_sgemm"));
    }

    #[test]
    fn conv3d_groups_are_refused_only_when_there_is_output() {
        let c = |input: &str| {
            answer(
                "tf.nn.conv3d",
                "conv",
                input,
                "[3, 4, 5, 1, 2]",
                r#"{"strides": [1, 2, 2, 2, 1], "padding": "VALID"}"#,
            )
        };
        assert_eq!(c("[1, 5, 2, 3, 2]").unwrap().output_shape, [1, 2, 0, 0, 2]);
        assert!(c("[1, 5, 6, 7, 2]").unwrap_err().message.contains("no groups"));
    }

    #[test]
    fn depthwise_needs_equal_row_and_column_strides() {
        assert!(error(
            "tf.nn.depthwise_conv2d",
            "conv",
            "[2, 6, 6, 2]",
            "[4, 1, 2, 3]",
            r#"{"strides": [1, 3, 4, 1], "padding": "VALID"}"#
        )
        .contains("equal length strides"));
    }

    #[test]
    fn empty_forward_output_skips_the_group_check() {
        // 4 input channels, filter depth 2: 2 groups, 3 output channels; fine while the output is empty.
        assert_eq!(
            shape(
                "tf.compat.v1.nn.conv2d",
                "conv",
                "[2, 6, 1, 4]",
                "[4, 2, 2, 3]",
                r#"{"strides": [1, 1, 2, 1], "padding": "VALID"}"#
            ),
            [2, 3, 0, 3]
        );
        assert!(error("tf.nn.conv2d", "conv", "[2, 6, 6, 4]", "[4, 2, 2, 3]", r#"{"strides": 1, "padding": "VALID"}"#)
            .contains("number of groups"));
    }

    #[test]
    fn onednn_differences_are_said() {
        let nchw = error(
            "tf.nn.conv2d",
            "conv",
            "[2, 2, 5, 6]",
            "[3, 2, 2, 3]",
            r#"{"strides": 1, "padding": "SAME", "data_format": "NCHW"}"#,
        );
        assert!(nchw.contains("oneDNN") && nchw.contains("channels-first"));
        let dilated = error(
            "tf.nn.conv2d_transpose",
            "conv_transpose",
            "[2, 5, 6, 2]",
            "[3, 2, 3, 2]",
            r#"{"output_shape": [2, 5, 6, 3], "strides": 1, "dilations": 2}"#,
        );
        assert!(dilated.contains("oneDNN"));
        let empty = answer("tf.nn.convolution", "conv", "[0, 5, 2]", "[3, 2, 3]", r#"{"padding": "SAME"}"#).unwrap();
        assert!(empty.notes.iter().any(|n| n.contains("oneDNN")));
    }
}
