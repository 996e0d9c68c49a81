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
}

/// `padding` after the Python wrapper.
#[derive(Debug, Clone, PartialEq)]
enum PadAttr {
    Word(String),
    /// `convert_padding`'s pairs, for all `rank + 2` axes in the data format's order.
    Pairs(Vec<(i64, i64)>),
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

/// `convert_padding`, then the op's `padding` attribute (a string).
fn read_padding(value: Option<&Value>, explicit: bool, rank: usize) -> ConvResult<PadAttr> {
    match value {
        None => Err(ConvError::rejected("TypeError: Expected string for argument 'padding' not None.")),
        Some(Value::Str(s)) if explicit && s == "EXPLICIT" => Err(ConvError::rejected(
            "ValueError: 'EXPLICIT' is not a valid value for `padding`. To use explicit padding, `padding` must be a list.",
        )),
        Some(Value::Str(s)) => Ok(PadAttr::Word(s.clone())),
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
            Ok(PadAttr::Pairs(pairs))
        }
        Some(other) => Err(type_error("string for argument 'padding'", other)),
    }
}

type Pairs = Vec<(i64, i64)>;

/// Everything one call hands its kernel, in the geometry's own rank.
struct Call {
    entry: Entry,
    kernel: Kernel,
    rank: usize,
    channels_first: bool,
    data_format: String,
    /// `rank + 2` values in data-format order (conv1d's unit axis left out).
    strides: Vec<i64>,
    dilations: Vec<i64>,
    padding: PadAttr,
    /// Dilation done by `with_space_to_batch` (tf.nn.convolution, atrous_conv2d, depthwise):
    /// spatial rates, the kernel itself runs undilated.
    space_to_batch: Option<Vec<i64>>,
    /// Transposed: the `output_shape` as given (a list of ints).
    output_shape: Option<Vec<i64>>,
    /// Leading batch dimensions the wrapper folds into one (`squeeze_batch_dims`).
    extra_batch_ok: bool,
    notes: Vec<String>,
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

/// What the entry point's Python code does before the kernel runs.
fn python_wrapper(request: &Request, entry: Entry, reader: &mut ArgReader) -> ConvResult<Call> {
    let name = entry.name();
    let function = entry.function();
    let rank = request.rank;
    // Arguments every form takes (and ignores for the shape).
    for known in ["name", "use_cudnn_on_gpu", "filter", "filters", "input", "value", "bias"] {
        reader.value(known);
    }
    for required in entry.required() {
        if !request.params.entries.iter().any(|(n, _)| n == required) {
            return Err(ConvError::rejected(format!(
                "TypeError: {function}() missing required positional argument: '{required}'"
            )));
        }
    }
    let notes = Vec::new();

    // data_format: the atrous functions have none.
    let takes_format = !matches!(entry.kind, Kind::Atrous | Kind::AtrousT);
    let format_value = if takes_format { reader.value("data_format") } else { None };
    let format: Option<String> = match format_value {
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
                    "{name} takes no data_format: its input is NHWC (got layout {layout:?})"
                )));
            }
        }
    }

    // The rank the call runs at: the filters' (convolution) or output_shape's (conv_transpose).
    let output_value = reader.value("output_shape");
    if entry.op() == Op::ConvTranspose && output_value.is_none() {
        return Err(ConvError::rejected(if request.params.get("output_shape").is_some() {
            match entry.kind {
                Kind::ConvTranspose => "ValueError: `output_shape` must be a tensor or sized collection. Received: output_shape=None".to_string(),
                Kind::Conv1dT => "TypeError: 'NoneType' object is not iterable".to_string(),
                _ => "ValueError: Attempt to convert a value (None) with an unsupported type (<class 'NoneType'>) to a Tensor.".to_string(),
            }
        } else {
            format!("ValueError: Attempt to convert a value (None) with an unsupported type (<class 'NoneType'>) to a Tensor ({function}() has no output_shape).")
        }));
    }
    let output_shape: Option<Vec<i64>> = match output_value {
        None => None,
        Some(list @ Value::List(_)) => Some(list.as_ints().ok_or_else(|| {
            ConvError::rejected(format!("TypeError: output_shape must hold ints (got {})", value_text(list)))
        })?),
        Some(other) => {
            return Err(ConvError::rejected(format!(
                "ValueError: `output_shape` must be a tensor or sized collection. Received: output_shape={}",
                value_text(other)
            )))
        }
    };
    if entry.kind == Kind::ConvTranspose {
        let n = output_shape.as_ref().map_or(0, |s| s.len() as i64) - 2;
        if !(1..=3).contains(&n) {
            return Err(ConvError::rejected(format!(
                "ValueError: `output_shape` must be of length 3, 4 or 5. Received: output_shape={} of length {}",
                list_text(output_shape.as_deref().unwrap_or(&[])),
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
    }

    // data_format per the function that ends up running.
    let (last, first) = match rank {
        1 => ("NWC", "NCW"),
        2 => ("NHWC", "NCHW"),
        _ => ("NDHWC", "NCDHW"),
    };
    let one_d =
        rank == 1 && matches!(entry.kind, Kind::Convolution | Kind::Conv1d | Kind::ConvTranspose | Kind::Conv1dT);
    let (channels_first, data_format) = if one_d {
        let transposed = entry.op() == Op::ConvTranspose;
        match format.as_deref() {
            None | Some("NWC") => (false, "NHWC".to_string()),
            Some("NHWC") if !transposed => (false, "NHWC".to_string()),
            Some("NCW") => (true, "NCHW".to_string()),
            Some("NCHW") if !transposed => (true, "NCHW".to_string()),
            Some(other) => {
                return Err(ConvError::rejected(format!(
                    "ValueError: `data_format` must be 'NWC' or 'NCW'. Received: data_format={other}"
                )))
            }
        }
    } else {
        let f = format.clone().unwrap_or_else(|| last.to_string());
        (f.starts_with("NC"), f)
    };
    let _ = first;

    // strides and dilations.
    let strides_value = entry.strides_name().and_then(|n| reader.value(n));
    let dilation_names: &[&str] = match (entry.kind, entry.v1) {
        (Kind::Convolution, true) => &["dilations", "dilation_rate"],
        (Kind::Depthwise, true) => &["dilations", "rate"],
        (Kind::Atrous | Kind::AtrousT, _) => &["rate"],
        _ => &["dilations"],
    };
    let mut dilation_value = None;
    for dn in dilation_names {
        if let Some(v) = reader.value(dn) {
            if dilation_value.is_some() {
                return Err(ConvError::rejected(format!(
                    "ValueError: Cannot specify both '{}' and '{dn}'",
                    dilation_names[0]
                )));
            }
            dilation_value = Some(v);
        }
    }
    if matches!(entry.kind, Kind::Atrous | Kind::AtrousT)
        && request.params.get("rate").is_some()
        && dilation_value.is_none()
    {
        return Err(ConvError::rejected(match entry.kind {
            Kind::Atrous => {
                "TypeError: int() argument must be a string, a bytes-like object or a real number, not 'NoneType'"
            }
            _ => "TypeError: '<' not supported between instances of 'NoneType' and 'int'",
        }));
    }
    let padding_value = reader.value("padding");
    let padding_default = match entry.kind {
        Kind::Convolution if !entry.v1 => Some("VALID"),
        Kind::ConvTranspose | Kind::Conv1dT | Kind::Conv2dT | Kind::Conv3dT => Some("SAME"),
        _ => None,
    };
    let padding_given = request.params.entries.iter().any(|(n, _)| n == "padding");
    let padding_value: Option<Value> = match (padding_value, padding_given) {
        (Some(v), _) => Some(v.clone()),
        (None, false) => padding_default.map(|d| Value::Str(d.to_string())),
        (None, true) => None,
    };

    let kernel = match (entry.kind, rank) {
        (Kind::Conv3d, _) | (Kind::Convolution, 3) => Kernel::Conv3D,
        (Kind::Depthwise, _) => Kernel::Depthwise,
        (Kind::Conv3dT, _) | (Kind::ConvTranspose, 3) => Kernel::Backprop3D,
        (Kind::ConvTranspose | Kind::Conv1dT | Kind::Conv2dT | Kind::AtrousT, _) => Kernel::Backprop2D,
        _ => Kernel::Conv2D,
    };
    let mut space_to_batch = None;
    let strides;
    let mut dilations;
    match entry.kind {
        Kind::Conv3d => {
            strides = raw_list(strides_value, None, "strides", "conv3d")?;
            if strides.len() < 5 {
                return Err(ConvError::rejected(format!(
                    "InvalidArgumentError: Length for attr 'strides' of {} must be at least minimum 5",
                    strides.len()
                )));
            }
            dilations = raw_list(dilation_value, Some(5), "dilations", "conv3d")?;
        }
        Kind::Depthwise => {
            strides = raw_list(strides_value, None, "strides", "depthwise_conv2d_native")?;
            let rate = match dilation_value {
                None => vec![1, 1],
                Some(Value::List(items)) => Value::List(items.clone())
                    .as_ints()
                    .ok_or_else(|| ConvError::rejected("TypeError: the dilation rate must hold ints"))?,
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
                        list_text(&request.input_shape),
                        request.input_shape.len()
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
            dilations = vec![1; 4];
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
        }
        Kind::Atrous => {
            strides = vec![1; rank + 2];
            let rate = match dilation_value {
                Some(Value::Int(r)) => vec![*r; 2],
                Some(list @ Value::List(items)) if items.len() == 2 => list.as_ints().ok_or_else(|| {
                    ConvError::rejected(format!("TypeError: rate must hold ints (got {})", value_text(list)))
                })?,
                Some(list @ Value::List(items)) if items.len() == 1 => vec![list.as_ints().map_or(1, |v| v[0]); 2],
                Some(other) => {
                    return Err(ConvError::rejected(format!(
                        "ValueError: rate {} cannot be broadcast to shape (2,)",
                        value_text(other)
                    )))
                }
                None => vec![1, 1],
            };
            dilations = vec![1; rank + 2];
            if rate.iter().any(|&r| r != 1) {
                if rate.iter().any(|&r| r <= 0) {
                    return Err(ConvError::rejected(format!(
                        "ValueError: all values of `dilation_rate` must be positive. Received: dilation_rate={}",
                        numpy_text(&rate)
                    )));
                }
                space_to_batch = Some(rate);
            }
        }
        Kind::AtrousT => {
            strides = vec![1; rank + 2];
            dilations = vec![1; rank + 2];
            let filters = request.weight_shape.clone().unwrap_or_default();
            let input_channels = request.input_shape.get(3).copied();
            if filters.len() == 4 && input_channels.is_some() && input_channels != Some(filters[3]) {
                return Err(ConvError::rejected(format!(
                    "ValueError: `value` channel count must be compatible with `filters` input channel count. \
                     Received: value.shape={} with channel count {} and filters.shape={} with input channel count {}.",
                    list_text(&request.input_shape),
                    input_channels.unwrap_or(0),
                    list_text(&filters),
                    filters[3]
                )));
            }
            if input_channels.is_none() || filters.len() != 4 || request.input_shape.len() != 4 {
                return Err(ConvError::rejected(format!(
                    "atrous_conv2d_transpose needs a 4-D NHWC value and 4-D filters (got {} and {})",
                    list_text(&request.input_shape),
                    list_text(&filters)
                )));
            }
            let rate = match dilation_value {
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
                return Err(ConvError::rejected(format!(
                    "ValueError: `rate` cannot be less than one. Received: rate={rate}"
                )));
            }
            if rate > 1 {
                let shape = output_shape.clone().unwrap_or_default();
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
                        list_text(&shape),
                        shape[3],
                        list_text(&filters),
                        filters[2]
                    )));
                }
                match &padding_value {
                    Some(Value::Str(s)) if s == "SAME" || s == "VALID" => {}
                    other => {
                        return Err(ConvError::rejected(format!(
                            "ValueError: `padding` must be either 'VALID' or 'SAME'. Received: padding={}",
                            other.as_ref().map_or("None".to_string(), value_text)
                        )))
                    }
                }
                space_to_batch = Some(vec![rate, rate]);
            }
        }
        _ => {
            // _get_sequence: conv1d and conv1d_transpose name their strides "stride".
            let seq_name = if rank == 1 && !matches!(entry.kind, Kind::Convolution) { "stride" } else { "strides" };
            strides = get_sequence(strides_value, rank, channels_first, seq_name, "strides")?;
            dilations = get_sequence(dilation_value, rank, channels_first, "dilations", "dilations")?;
            if entry.kind == Kind::Convolution {
                let spatial = |v: &[i64]| if channels_first { v[2..].to_vec() } else { v[1..=rank].to_vec() };
                let (sp_dil, sp_str) = (spatial(&dilations), spatial(&strides));
                if sp_dil.iter().any(|&d| d != 1) {
                    // The `Convolution` class: dilation by space-to-batch, spatial entries only.
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
                    dilations = vec![1; rank + 2];
                    space_to_batch = Some(sp_dil);
                }
            }
        }
    }

    let padding = match &padding_value {
        None => return Err(ConvError::rejected("TypeError: Expected string for argument 'padding' not None.")),
        Some(v) => {
            let explicit = entry.explicit_padding(rank) && !(entry.kind == Kind::AtrousT && space_to_batch.is_some());
            read_padding(Some(v), explicit, rank)?
        }
    };
    if space_to_batch.is_some() {
        if let PadAttr::Word(w) = &padding {
            if w != "SAME" && w != "VALID" && matches!(entry.kind, Kind::Convolution | Kind::Atrous | Kind::Depthwise) {
                return Err(ConvError::rejected(format!(
                    "ValueError: Invalid padding method \"{w}\" (with a dilation rate above 1 the padding is done by \
                     with_space_to_batch, which takes 'SAME' or 'VALID')"
                )));
            }
        } else {
            return Err(ConvError::rejected(
                "ValueError: with a dilation rate above 1 the padding must be 'SAME' or 'VALID' (with_space_to_batch)",
            ));
        }
    }
    let extra_batch_ok = match entry.kind {
        Kind::Convolution | Kind::Conv1d | Kind::Conv2d | Kind::Atrous => true,
        Kind::Conv3d => !entry.v1,
        _ => false,
    };
    Ok(Call {
        entry,
        kernel,
        rank,
        channels_first,
        data_format,
        strides,
        dilations,
        padding,
        space_to_batch,
        output_shape,
        extra_batch_ok,
        notes,
    })
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
    let rank = call.rank;
    let kernel = call.kernel;
    let op_name = kernel.op_name();
    let name = call.entry.name();
    let mut notes = call.notes.clone();

    // Attribute values the op allows.
    let (last, first) = kernel.formats();
    if call.data_format != last && call.data_format != first {
        return Err(ConvError::rejected(format!(
            "InvalidArgumentError: Value for attr 'data_format' of \"{}\" is not in the list of allowed values: \"{last}\", \"{first}\"",
            call.data_format.chars().take(40).collect::<String>()
        )));
    }
    let three_d = kernel.spatial() == 3;
    let padding_spec: Vec<TfPadding> = match &call.padding {
        PadAttr::Word(w) if w == "SAME" => vec![TfPadding::Same; rank],
        PadAttr::Word(w) if w == "VALID" => vec![TfPadding::Valid; rank],
        PadAttr::Word(w) if w == "EXPLICIT" && !three_d => {
            return Err(ConvError::rejected(format!(
                "InvalidArgumentError: explicit_paddings attribute must contain {} values, but got: 0",
                2 * (kernel.spatial() + 2)
            )))
        }
        PadAttr::Word(w) => {
            return Err(ConvError::rejected(format!(
                "InvalidArgumentError: Value for attr 'padding' of \"{}\" is not in the list of allowed values: \"SAME\", \"VALID\"{}",
                w.chars().take(40).collect::<String>(),
                if three_d { "" } else { ", \"EXPLICIT\"" }
            )))
        }
        PadAttr::Pairs(_) => vec![TfPadding::Valid; rank],
    };

    // Construction checks.
    let (sp_strides, outer_strides) = split_attr(&call.strides, rank, call.channels_first);
    let (sp_dil, outer_dil) = split_attr(&call.dilations, rank, call.channels_first);
    let want = kernel.spatial() + 2;
    let strides_len = call.strides.len() + usize::from(rank == 1 && kernel.spatial() == 2);
    if strides_len != want {
        return Err(ConvError::rejected(format!(
            "InvalidArgumentError: Sliding window strides field must specify {want} dimensions"
        )));
    }
    if outer_strides != [1, 1] {
        return Err(ConvError::rejected(
            "Current implementation does not yet support strides in the batch and depth dimensions.",
        ));
    }
    let dilations_len = call.dilations.len() + usize::from(rank == 1 && kernel.spatial() == 2);
    if dilations_len != want {
        return Err(ConvError::rejected(format!(
            "InvalidArgumentError: Dilation rates field must specify {want} dimensions"
        )));
    }
    if outer_dil != [1, 1] {
        return Err(ConvError::rejected(
            "Current implementation does not yet support dilations in the batch and depth dimensions.",
        ));
    }
    let transposed = matches!(kernel, Kernel::Backprop2D | Kernel::Backprop3D);
    match kernel {
        Kernel::Conv3D => {
            if sp_strides.iter().any(|&s| s <= 0) {
                return Err(ConvError::rejected(format!(
                    "InvalidArgumentError: Spatial strides should be larger than 0 (got strides={})",
                    list_text(&call.strides)
                )));
            }
            if sp_dil.iter().any(|&d| d <= 0) {
                return Err(ConvError::rejected("InvalidArgumentError: Dilated rates should be larger than 0."));
            }
        }
        Kernel::Backprop3D => {
            if sp_strides.iter().any(|&s| s <= 0) {
                return Err(ConvError::rejected(format!(
                    "InvalidArgumentError: Stride must be > 0, but got {} [Op:Conv3DBackpropInputV2]",
                    sp_strides.iter().find(|&&s| s <= 0).copied().unwrap_or(0)
                )));
            }
            if limits.no_transposed_dilation && sp_dil.iter().any(|&d| d != 1) {
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
        }
        _ => {
            if sp_strides.iter().any(|&s| s <= 0) {
                return Err(ConvError::rejected(format!(
                    "InvalidArgumentError: Row and column strides should be larger than 0 (got strides={})",
                    list_text(&call.strides)
                )));
            }
            if kernel == Kernel::Backprop2D {
                if call.channels_first && limits.channels_last_only {
                    return Err(ConvError::rejected(
                        "InvalidArgumentError: Conv2DCustomBackpropInputOp only supports NHWC.",
                    ));
                }
                if limits.no_transposed_dilation && sp_dil.iter().any(|&d| d != 1) {
                    return Err(ConvError::rejected(format!(
                        "InvalidArgumentError: Current CPU implementations do not yet support dilation rates larger \
                         than 1 (got dilations={})",
                        list_text(&call.dilations)
                    )));
                }
            } else if sp_dil.iter().any(|&d| d <= 0) {
                return Err(ConvError::rejected("InvalidArgumentError: Dilated rates should be larger than 0."));
            }
        }
    }
    if transposed && sp_dil.iter().any(|&d| d <= 0) {
        return Err(ConvError::rejected("InvalidArgumentError: Dilated rates should be larger than 0."));
    }
    // Explicit paddings.
    let mut padding_spec = padding_spec;
    if let PadAttr::Pairs(pairs) = &call.padding {
        if pairs.iter().any(|&(b, a)| b < 0 || a < 0) {
            return Err(ConvError::rejected(
                "InvalidArgumentError: All elements of explicit_paddings must be nonnegative",
            ));
        }
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
        padding_spec = spatial.into_iter().map(|(b, a)| TfPadding::Explicit(b, a)).collect();
    }
    if kernel == Kernel::Depthwise && sp_strides.first() != sp_strides.get(1) {
        return Err(ConvError::rejected(format!(
            "InvalidArgumentError: Current implementation only supports equal length strides in the row and column \
             dimensions (got strides={})",
            list_text(&call.strides)
        )));
    }
    if kernel == Kernel::Depthwise && call.channels_first && limits.channels_last_only {
        return Err(ConvError::rejected(
            "UnimplementedError: Depthwise convolution on CPU is only supported for NHWC format",
        ));
    }

    // Shapes.
    let filters = request
        .weight_shape
        .clone()
        .ok_or_else(|| ConvError::malformed(format!("{name} needs weight_shape (the filters' shape)")))?;
    if let Some(&bad) = request.input_shape.iter().chain(&filters).find(|&&d| d < 0) {
        return Err(ConvError::rejected(format!("InvalidArgumentError: Dimension {bad} must be >= 0")));
    }
    if let Some(shape) = &call.output_shape {
        if let Some(&bad) = shape.iter().find(|&&d| d < 0) {
            return Err(ConvError::rejected(format!(
                "InvalidArgumentError: Dimension {bad} must be >= 0 [Op:{op_name}]"
            )));
        }
    }
    let full = rank + 2;
    let len = request.input_shape.len();
    let batch_dims = if len == full {
        1
    } else if len > full && call.extra_batch_ok {
        len - rank - 1
    } else {
        return Err(ConvError::rejected(match kernel {
            Kernel::Conv2D if rank == 1 && len < full => format!(
                "InvalidArgumentError: convolution input must be 4-dimensional: {} (conv1d adds the unit height axis)",
                list_text(&request.input_shape)
            ),
            Kernel::Conv2D => format!(
                "InvalidArgumentError: convolution input must be 4-dimensional: {}",
                list_text(&request.input_shape)
            ),
            Kernel::Conv3D => "InvalidArgumentError: input must be 5-dimensional".to_string(),
            Kernel::Depthwise => {
                format!("InvalidArgumentError: input must be 4-dimensional{}", list_text(&request.input_shape))
            }
            _ => format!(
                "InvalidArgumentError: {op_name}: the input (out_backprop) must be {}-dimensional, got {} dimensions",
                kernel.spatial() + 2,
                len
            ),
        }));
    };
    let input = split_input(&request.input_shape, rank, call.channels_first, batch_dims);
    let batch_product = input.batch.iter().try_fold(1i64, |acc, &b| acc.checked_mul(b)).unwrap_or(i64::MAX);
    if filters.len() != full {
        return Err(ConvError::rejected(format!(
            "InvalidArgumentError: filter must be {full}-dimensional: {}",
            list_text(&filters)
        )));
    }
    let kernel_size = filters[..rank].to_vec();
    let rates = call.space_to_batch.clone().unwrap_or_else(|| sp_dil.clone());
    let fields: Vec<i64> =
        (0..rank).map(|a| kernel_field(kernel_size[a], rates[a]).min(i64::MAX as i128) as i64).collect();

    let mut derivations = Vec::with_capacity(rank);
    let (specs, channels_out, groups, weight_layout, weight_shape, output_shape) = if transposed {
        let given = call.output_shape.clone().unwrap_or_default();
        let filter_out = filters[rank];
        let filter_in = filters[rank + 1];
        // conv2d_transpose also takes output_shape as just the spatial sizes.
        let target_full = match given.len() {
            n if n == full => given.clone(),
            2 if rank == 2 && kernel == Kernel::Backprop2D && call.entry.kind != Kind::ConvTranspose => join_shape(
                Some(batch_product),
                filter_out,
                &given,
                if call.channels_first { ChannelPosition::First } else { ChannelPosition::Last },
            ),
            n => {
                return Err(ConvError::rejected(if kernel == Kernel::Backprop3D {
                    format!("InvalidArgumentError: input_sizes must have 5 values (got {n}: {})", list_text(&given))
                } else {
                    format!(
                        "InvalidArgumentError: Conv2DBackpropInput requires input_sizes to contain 4 values or 2 values, \
                         but got: {} ({name} takes output_shape with {} values)",
                        n + usize::from(rank == 1),
                        full
                    )
                }))
            }
        };
        let target = split_input(&target_full, rank, call.channels_first, 1);
        let target_batch = target.batch[0];
        if target_batch != batch_product {
            return Err(ConvError::rejected(format!(
                "InvalidArgumentError: {}: input and out_backprop must have the same batch size. Input batch: {}, \
                 outbackprop batch: {}",
                if kernel == Kernel::Backprop3D { "Conv3DBackpropInputOp" } else { "Conv2DCustomBackpropInput" },
                target_batch,
                batch_product
            )));
        }
        if kernel == Kernel::Backprop3D {
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
        } else {
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
        }
        let mut specs = Vec::with_capacity(rank);
        for axis in 0..rank {
            let (size, n, s) = (target.spatial[axis], input.spatial[axis], sp_strides[axis]);
            let (computed, before, after) = windowed_output_size(size, fields[axis], s, padding_spec[axis])?;
            if computed != n {
                return Err(ConvError::rejected(format!(
                    "InvalidArgumentError: {op_name}: Size of out_backprop doesn't match computed: actual = {n}, \
                     computed = {computed} spatial_dim: {} input: {size} filter: {} output: {n} stride: {s} dilation: {} \
                     — an output_shape of {size} would come from an input of {computed}, not {n}{}",
                    axis + 1,
                    kernel_size[axis],
                    rates[axis],
                    valid_range_hint(n, fields[axis], s, padding_spec[axis]),
                )));
            }
            specs.push(window_spec(n, kernel_size[axis], s, rates[axis], before, size));
            if before + after > 0 && (before + after) % 2 == 1 && padding_spec[axis] == TfPadding::Same {
                notes.push(format!(
                    "axis {axis}: SAME crops {} cells from the full scatter and puts the odd one at the end \
                     (bottom/right): {before} at the start, {after} at the end",
                    before + after
                ));
            }
            derivations.push(transpose_derivation(padding_spec[axis], size, n, fields[axis], s));
        }
        if kernel == Kernel::Backprop2D && target.channels != filter_out {
            return Err(ConvError::rejected(format!(
                "InvalidArgumentError: Gradients for grouped convolutions are not supported on CPU. Computed input \
                 depth {} doesn't match filter input depth {filter_out}",
                target.channels
            )));
        }
        let empty = target_full.contains(&0) || input.spatial.contains(&0) || input.channels == 0 || batch_product == 0;
        // With an empty filter window the 2-D CPU kernel's GEMM fails for a batch above 1.
        if kernel == Kernel::Backprop2D && kernel_size.contains(&0) && !empty && batch_product > 1 {
            return Err(ConvError::rejected(
                "InternalError: Failed to call dnnl_sgemm. Error code: 2 (the filters have a zero-sized spatial axis)",
            ));
        }
        let position = if call.channels_first { ChannelPosition::First } else { ChannelPosition::Last };
        let shape = join_shape(Some(batch_product), target.channels, &target.spatial, position);
        (specs, target.channels, 1, WeightLayout::SpatialOutIn, filters.clone(), shape)
    } else {
        let depthwise = kernel == Kernel::Depthwise;
        if !depthwise && filters.contains(&0) {
            return Err(ConvError::rejected(
                "InvalidArgumentError: filter must not have zero elements (i.e. all dimensions must be non-zero)",
            ));
        }
        let filter_in = filters[rank];
        let (channels_out, groups) = if depthwise {
            if filter_in != input.channels {
                return Err(ConvError::rejected(format!(
                    "InvalidArgumentError: input and filter must have the same depth: {} vs {filter_in}",
                    input.channels
                )));
            }
            (filter_in.saturating_mul(filters[rank + 1]), filter_in.max(1))
        } else {
            let channels_out = filters[rank + 1];
            if input.channels % filter_in != 0 {
                return Err(ConvError::rejected(format!(
                    "InvalidArgumentError: {}nput depth must be evenly divisible by filter depth: {} vs {filter_in}",
                    if kernel == Kernel::Conv3D { "I" } else { "i" },
                    input.channels
                )));
            }
            let groups = input.channels / filter_in;
            if groups == 0 {
                return Err(ConvError::rejected(format!(
                    "InvalidArgumentError: output depth must be evenly divisible by number of groups: {channels_out} vs {groups}"
                )));
            }
            (channels_out, groups)
        };
        let mut specs = Vec::with_capacity(rank);
        let mut sizes = Vec::with_capacity(rank);
        for axis in 0..rank {
            let n = input.spatial[axis];
            let (out, before, after) = windowed_output_size(n, fields[axis], sp_strides[axis], padding_spec[axis])
                .map_err(|e| match &call.space_to_batch {
                    Some(_) => ConvError::rejected(format!(
                        "InvalidArgumentError: cropped_shape[{axis}] would be negative: the dilated filter ({} cells) is \
                         longer than the input ({n}) ({})",
                        fields[axis], e.message
                    )),
                    None => e,
                })?;
            let mut spec = AxisSpec {
                size_in: n,
                kernel_size: kernel_size[axis],
                stride: sp_strides[axis],
                dilation: rates[axis],
                pad_before: before,
                pad_after: after,
                output_padding: 0,
            };
            if kernel_size[axis] == 0 {
                // An empty depthwise filter: every output cell is an empty sum.
                spec.pad_after = ((out as i128 - 1) * sp_strides[axis] as i128 - n as i128 - before as i128)
                    .clamp(i64::MIN as i128 / 4, i64::MAX as i128 / 4) as i64;
            }
            sizes.push(out);
            specs.push(spec);
            derivations.push(forward_derivation(padding_spec[axis], n, fields[axis], sp_strides[axis], out));
            if padding_spec[axis] == TfPadding::Same && (before + after) % 2 == 1 {
                notes.push(format!(
                    "axis {axis}: SAME pads {} cells and puts the odd one at the end (bottom/right): \
                     {before} before, {after} after",
                    before + after
                ));
            }
        }
        // The forward kernels return an empty output before they check groups, format and dilation.
        let empty = batch_product == 0 || channels_out == 0 || sizes.contains(&0);
        if !empty && !depthwise && channels_out % groups != 0 {
            return Err(ConvError::rejected(format!(
                "InvalidArgumentError: output depth must be evenly divisible by number of groups: {channels_out} vs {groups}"
            )));
        }
        if !empty && limits.channels_last_only && call.channels_first {
            return Err(ConvError::rejected(match kernel {
                Kernel::Conv3D => {
                    "InvalidArgumentError: CPU implementation of Conv3D currently only supports the NHWC \
                                   tensor format."
                        .to_string()
                }
                _ => "UnimplementedError: The Conv2D op currently only supports the NHWC tensor format on the CPU. \
                      The op was given the format: NCHW"
                    .to_string(),
            }));
        }
        if !empty && kernel == Kernel::Conv3D && limits.conv3d_plain_only && groups != 1 {
            return Err(ConvError::rejected(format!(
                "InvalidArgumentError: Number of channels in filter ({filter_in}) must match last dimension of input \
                 ({}): the Conv3D CPU kernel has no groups",
                input.channels
            )));
        }
        if !empty && kernel == Kernel::Conv3D && limits.conv3d_plain_only && sp_dil.iter().any(|&d| d > 1) {
            return Err(ConvError::rejected(format!(
                "InvalidArgumentError: CPU implementation of Conv3D currently only supports dilated rates of 1 (got \
                 dilations={})",
                list_text(&call.dilations)
            )));
        }
        let position = if call.channels_first { ChannelPosition::First } else { ChannelPosition::Last };
        let mut shape = input.batch.clone();
        shape.extend(join_shape(None, channels_out, &sizes, position));
        let (layout, weights) = if depthwise {
            notes.push(format!(
                "depthwise_conv2d: the filters {} are a grouped convolution's [{}, {}, 1, {}] with groups = {} \
                 (output channel c*multiplier + m reads input channel c)",
                list_text(&filters),
                filters[0],
                filters[1],
                channels_out,
                filter_in
            ));
            (WeightLayout::SpatialInOut, vec![filters[0], filters[1], 1, channels_out])
        } else {
            (WeightLayout::SpatialInOut, filters.clone())
        };
        (specs, channels_out, groups, layout, weights, shape)
    };

    if let Some(rate) = &call.space_to_batch {
        notes.push(format!(
            "dilation rate {} runs as space_to_batch + an undilated {op_name} + batch_to_space (stride 1), \
             the same as a dilated convolution",
            list_text(rate)
        ));
    }
    let mut axes = Vec::with_capacity(rank);
    for spec in &specs {
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
        for (axis, derivation) in axes.iter().zip(&derivations) {
            if axis.size_out != derivation.size_out {
                return Err(ConvError::rejected(format!(
                    "Computed output size would be {} (the kernel field does not fit the padded input)",
                    derivation.size_out
                )));
            }
        }
    }
    if batch_dims > 1 {
        notes.push(format!(
            "{name} folds the {batch_dims} leading batch dimensions {} into one ({batch_product}) and restores them",
            list_text(&input.batch)
        ));
    }
    Ok(Layer {
        op: request.op,
        axes,
        channel_position: if call.channels_first { ChannelPosition::First } else { ChannelPosition::Last },
        batch: Some(batch_product),
        channels_in: input.channels,
        channels_out,
        groups,
        weight_layout,
        weight_shape,
        output_shape,
        kernel_flipped: false,
        bias: false,
        derivations,
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
use super::spelling::{channels_last_input, compact, ints, keyword_args, natural_output, padding_pairs, pairs, python, upper, DefaultArg};
use super::{Dialect, Framework};

pub const DIALECT: Dialect =
    Dialect { id: "tensorflow", name: "TensorFlow", backends: &[], resolve, request, fields, code_line };

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
        framework: Framework::Tensorflow,
        op: s.op,
        rank: s.rank,
        layout: None,
        api: None,
        input_shape: channels_last_input(s),
        weight_shape: Some(weight_shape),
        params,
    }
}

fn fields(op: Op) -> Vec<Field> {
    use FieldKey::*;
    let mut out = vec![
        Field::new(ChannelsIn, "in_channels (filters[-1])", &[], "input depth"),
        Field::new(ChannelsOut, "out_channels (filters[-2])", &[], "output depth"),
        Field::new(Kernel, "filters (kernel)", &[], "filter height x width"),
        Field::new(Stride, "strides", &[], "int or HxW"),
        Field::new(Padding, "padding", &["SAME", "VALID"], "SAME, VALID, or explicit begin-end pairs (2-D)"),
        Field::new(Dilation, "dilations", &[], "CPU: 1 only for transposed"),
    ];
    if op == Op::ConvTranspose {
        out.push(Field::new(OutputSize, "output_shape", &[], "mandatory for transposed; empty = what the padding implies"));
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
