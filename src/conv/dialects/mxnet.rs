//! MXNet 1.9: `mx.nd.Deconvolution` / `mx.sym.Deconvolution` and `Convolution` (native CPU kernels).
//!
//! ```text
//! K = dilate*(kernel - 1) + 1
//! Deconvolution: size_out = stride*(size_in - 1) + K - 2*pad + adj,   adj <= stride - 1
//! target_shape T (any nonzero entry; pad and adj are then ignored):
//!     t = stride*(size_in - 1) + K - T  (must be >= 0: "too big target shape")
//!     adj = t % 2,  pad = (t + 1) / 2   -> the odd cropped cell is at the START
//! Convolution: size_out = (size_in + 2*pad - K) / stride + 1,  K <= size_in + 2*pad
//! ```
//! Sources: src/operator/nn/deconvolution-inl.h (`DeconvolutionParam`, `InferPad`),
//! deconvolution.cc (`DeconvolutionShape`), convolution.cc; behaviour recorded from mxnet 1.9.1
//! with MXNET_MKLDNN_ENABLED=0. Weights: Deconvolution `(C, num_filter/num_group, k…)`,
//! Convolution `(num_filter, C/num_group, k…)`.

use super::common::{derive, list_text, window_spec};
use crate::conv::dialects::params::{ArgReader, Params, Value};
use crate::conv::dialects::Request;
use crate::conv::error::{ConvError, ConvResult};
use crate::conv::geometry::axis::{kernel_field, AxisSpec, Op};
use crate::conv::geometry::layer::{
    join_shape, resolve_axes, split_shape, ChannelPosition, Derivation, Layer, SplitShape, WeightLayout,
};

const NAME: &str = "MXNet";

/// A `Shape` parameter: a tuple of `kernel.len()` ints, or empty for the default.
fn shape_param(reader: &mut ArgReader, name: &str, rank: usize) -> ConvResult<Option<Vec<i64>>> {
    let Some(value) = reader.value(name) else { return Ok(None) };
    let values = match (value, value.as_ints()) {
        (Value::List(_), Some(v)) => v,
        (Value::Int(i), _) => vec![*i],
        _ => return Err(ConvError::rejected(format!("`{name}` must be a tuple of ints (got {})", value.describe()))),
    };
    if values.is_empty() {
        return Ok(None);
    }
    if values.len() != rank {
        // The kernel's length is the operator's rank: the data must then have kernel.len() + 2 axes.
        if name == "kernel" {
            let k = values.len();
            if !(1..=3).contains(&k) {
                return Err(ConvError::rejected(format!(
                    "Check failed: param_.kernel.ndim() == 1U || 2U || 3U ({k} vs. …): {k}D convolution not supported"
                )));
            }
            let axes = ["batch-num_filter-x", "batch-num_filter-y-x", "batch-num_filter-d-y-x"][k - 1];
            return Err(ConvError::rejected(format!(
                "Check failed: dshape.ndim() == {}U ({} vs. {}) : Input data should be {k}D in {axes} (kernel={})",
                k + 2,
                rank + 2,
                k + 2,
                list_text(&values)
            )));
        }
        let what = match name {
            "stride" => "Stride",
            "dilate" => "Dilate",
            "pad" => "Padding",
            _ => "Adjustment",
        };
        return Err(ConvError::rejected(format!(
            "Check failed: param_.kernel.ndim() == param_.{name}.ndim() ({rank} vs. {}) : {what} must have the same \
             number of dimensions with kernel_size, but {name} is {}",
            values.len(),
            list_text(&values)
        )));
    }
    Ok(Some(values))
}

/// The layouts MXNet's `layout` parameter admits (its enum; anything else is "Invalid Input").
const LAYOUTS: [&str; 5] = ["NCDHW", "NCHW", "NCW", "NDHWC", "NHWC"];

/// The operator's parameters (`DeconvolutionParam` / `ConvolutionParam`); any other name is refused.
fn parameters(op: Op) -> &'static [&'static str] {
    match op {
        Op::ConvTranspose => &[
            "kernel",
            "stride",
            "dilate",
            "pad",
            "adj",
            "target_shape",
            "num_filter",
            "num_group",
            "workspace",
            "no_bias",
            "cudnn_tune",
            "cudnn_off",
            "layout",
        ],
        Op::Conv => &[
            "kernel",
            "stride",
            "dilate",
            "pad",
            "num_filter",
            "num_group",
            "workspace",
            "no_bias",
            "cudnn_tune",
            "cudnn_off",
            "layout",
        ],
    }
}

/// `None` is turned into the string "None" by the Python frontend: an optional parameter
/// (`target_shape`, `layout`, `cudnn_tune`) reads it as unset; a Shape reads it as a tuple of
/// unknown rank (which then mismatches kernel); an int or bool parameter cannot parse it.
fn check_nulls(reader: &ArgReader, name: &str) -> ConvResult<()> {
    for param in ["kernel", "stride", "dilate", "pad", "adj"] {
        if reader.is_null(param) {
            let what = match param {
                "kernel" => return Err(ConvError::rejected(format!(
                    "Check failed: param_.kernel.ndim() == 1U || 2U || 3U (-1 vs. …): -1D {} not supported (kernel=None)",
                    name.to_ascii_lowercase()
                ))),
                "stride" => "Stride",
                "dilate" => "Dilate",
                "pad" => "Padding",
                _ => "Adjustment",
            };
            return Err(ConvError::rejected(format!(
                "Check failed: param_.kernel.ndim() == param_.{param}.ndim() (… vs. -1) : {what} must have the same number \
                 of dimensions with kernel_size, but {param} is None"
            )));
        }
    }
    for (param, kind) in [
        ("num_filter", "int (non-negative)"),
        ("num_group", "int (non-negative)"),
        ("workspace", "long (non-negative)"),
        ("no_bias", "boolean"),
        ("cudnn_off", "boolean"),
    ] {
        if reader.is_null(param) {
            return Err(ConvError::rejected(format!(
                "MXNetError: Invalid Parameter format for {param} expect {kind} but value='None', in operator {name}"
            )));
        }
    }
    Ok(())
}

/// `target_shape`: optional; used (pad and adj then ignored) when any entry is nonzero. MXNet reads
/// `target_shape[i]` for each kernel axis: extra entries are ignored, too few fail its index check.
fn target_shape(reader: &mut ArgReader, rank: usize) -> ConvResult<Option<Vec<i64>>> {
    let Some(value) = reader.value("target_shape") else { return Ok(None) };
    let values = match (value, value.as_ints()) {
        (Value::List(_), Some(v)) => v,
        (Value::Int(i), _) => vec![*i],
        _ => {
            return Err(ConvError::rejected(format!(
                "`target_shape` must be a tuple of ints (got {})",
                value.describe()
            )))
        }
    };
    if values.iter().all(|&v| v == 0) {
        return Ok(None);
    }
    if values.len() < rank {
        return Err(ConvError::rejected(format!(
            "Check failed: i >= 0 && i < ndim(): index = {len} must be in range [0, {len}) (target_shape={} has fewer \
             entries than kernel's {rank})",
            list_text(&values),
            len = values.len()
        )));
    }
    Ok(Some(values[..rank].to_vec()))
}

/// The operator a request names: `api` (`mx.nd.Deconvolution`, `mx.sym.Convolution`, `mxnet.ndarray.…`,
/// `mx.symbol.…`) decides when given, else `op`.
fn op_of(request: &Request) -> ConvResult<Op> {
    let Some(api) = request.api.as_deref() else { return Ok(request.op) };
    let (namespace, name) = api.rsplit_once('.').unwrap_or(("", api));
    let known_namespace =
        ["", "mx.nd", "mx.ndarray", "mxnet.nd", "mxnet.ndarray", "mx.sym", "mx.symbol", "mxnet.sym", "mxnet.symbol"];
    match name {
        "Deconvolution" if known_namespace.contains(&namespace) => Ok(Op::ConvTranspose),
        "Convolution" if known_namespace.contains(&namespace) => Ok(Op::Conv),
        _ => Err(ConvError::malformed(format!(
            "unknown MXNet entry point {}; convt-lab models mx.nd.Deconvolution, mx.nd.Convolution and their mx.sym forms",
            Value::Str(api.to_string()).describe()
        ))),
    }
}

/// A Gluon block (`mx.gluon.nn.Conv2DTranspose` …): its op and rank, from the api's last name.
fn gluon_block(api: &str) -> Option<(Op, usize)> {
    let (namespace, name) = api.rsplit_once('.')?;
    if !["mx.gluon.nn", "mxnet.gluon.nn", "gluon.nn", "nn"].contains(&namespace) {
        return None;
    }
    let rest = name.strip_prefix("Conv")?;
    let rank = match rest.get(..2)? {
        "1D" => 1,
        "2D" => 2,
        "3D" => 3,
        _ => return None,
    };
    match &rest[2..] {
        "" => Some((Op::Conv, rank)),
        "Transpose" => Some((Op::ConvTranspose, rank)),
        _ => None,
    }
}

/// Gluon's `Conv{1,2,3}D[Transpose](channels, kernel_size, strides, padding, [output_padding,] dilation,
/// groups, layout, activation, use_bias, weight_initializer, bias_initializer, in_channels)`, as
/// conv_layers.py turns it into the operator call: ints become tuples of the block's rank,
/// `channels` → num_filter, `output_padding` → adj, `use_bias=False` → no_bias, and `in_channels`
/// (0 = inferred from x) fixes the weight's shape.
fn gluon_request(request: &Request, op: Op, block_rank: usize) -> ConvResult<Request> {
    check_gluon_keywords(request, op)?;
    let get = |name: &str| request.params.get(name);
    let layout = gluon_layout(get("layout"), block_rank)?;
    let channels = get("channels").ok_or_else(|| {
        ConvError::rejected(
            "TypeError: __init__() missing 2 required positional arguments: 'channels' and 'kernel_size'",
        )
    })?;
    let kernel = widen(
        get("kernel_size").ok_or_else(|| {
            ConvError::rejected("TypeError: __init__() missing 1 required positional argument: 'kernel_size'")
        })?,
        block_rank,
    );
    check_tuple_len("kernel_size", &kernel, block_rank)?;
    let mut params =
        Params::new().with("kernel", kernel).with("num_filter", channels.clone()).with("layout", Value::Str(layout));
    for (gluon, operator, default) in [("strides", "stride", 1), ("padding", "pad", 0), ("dilation", "dilate", 1)] {
        let value = get(gluon).map(|v| widen(v, block_rank));
        params.set(operator, value.unwrap_or(Value::List(vec![Value::Int(default); block_rank])));
    }
    if op == Op::ConvTranspose {
        let adj =
            get("output_padding").map(|v| widen(v, block_rank)).unwrap_or(Value::List(vec![Value::Int(0); block_rank]));
        check_tuple_len("output_padding", &adj, block_rank)?;
        params.set("adj", adj);
    }
    params.set("num_group", get("groups").cloned().unwrap_or(Value::Int(1)));
    let use_bias = gluon_use_bias(get("use_bias"))?;
    check_inferred_groups(request, op)?;
    params.set("no_bias", Value::Bool(!use_bias));
    let weight_shape = gluon_weight_shape(request, op, &params)?;
    Ok(Request {
        api: Some(format!("mx.nd.{}", if op == Op::Conv { "Convolution" } else { "Deconvolution" })),
        op,
        weight_shape,
        params,
        ..request.clone()
    })
}

/// Any keyword the block does not take is a TypeError (`bias` is Contract 1's, not Gluon's).
fn check_gluon_keywords(request: &Request, op: Op) -> ConvResult<()> {
    let block = request.api.as_deref().unwrap_or("Gluon block");
    let mut allowed = vec![
        "channels",
        "kernel_size",
        "strides",
        "padding",
        "dilation",
        "groups",
        "layout",
        "activation",
        "use_bias",
        "weight_initializer",
        "bias_initializer",
        "in_channels",
        "prefix",
        "params",
        "bias",
    ];
    if op == Op::ConvTranspose {
        allowed.push("output_padding");
    }
    if let Some((name, _)) = request.params.entries.iter().find(|(n, _)| !allowed.contains(&n.as_str())) {
        return Err(ConvError::rejected(format!(
            "TypeError: __init__() got an unexpected keyword argument {} ({block})",
            Value::Str(name.clone()).describe()
        )));
    }
    Ok(())
}

/// The block's `layout`: one of those its rank supports (the first is the default).
fn gluon_layout(layout: Option<&Value>, block_rank: usize) -> ConvResult<String> {
    let layouts: &[&str] = match block_rank {
        1 => &["NCW"],
        2 => &["NCHW", "NHWC"],
        _ => &["NCDHW", "NDHWC"],
    };
    match layout {
        None => Ok(layouts[0].to_string()),
        Some(Value::Str(l)) if layouts.contains(&l.as_str()) => Ok(l.clone()),
        Some(other) => Err(ConvError::rejected(format!(
            "AssertionError: Only supports {} layout for now (got {})",
            layouts.iter().map(|l| format!("'{l}'")).collect::<Vec<_>>().join(" and "),
            other.describe()
        ))),
    }
}

/// `isinstance(x, numeric_types)` → a tuple of the block's rank; anything else goes through as is.
fn widen(value: &Value, block_rank: usize) -> Value {
    match value {
        Value::Int(i) => Value::List(vec![Value::Int(*i); block_rank]),
        other => other.clone(),
    }
}

/// The block asserts that `kernel_size` and `output_padding` have one entry per axis.
fn check_tuple_len(name: &str, value: &Value, block_rank: usize) -> ConvResult<()> {
    match value {
        Value::List(items) if items.len() == block_rank => Ok(()),
        Value::List(items) => Err(ConvError::rejected(format!(
            "AssertionError: {name} must be a number or a list of {block_rank} ints (got {} values)",
            items.len()
        ))),
        Value::Null => {
            Err(ConvError::rejected(format!("TypeError: object of type 'NoneType' has no len() ({name}=None)")))
        }
        other => Err(ConvError::rejected(format!(
            "{name} must be a number or a list of {block_rank} ints (got {})",
            other.describe()
        ))),
    }
}

/// `'no_bias': not use_bias`: any value is tested for truth (None means no bias).
fn gluon_use_bias(use_bias: Option<&Value>) -> ConvResult<bool> {
    match use_bias {
        None => Ok(true),
        Some(Value::Bool(b)) => Ok(*b),
        Some(Value::Null) => Ok(false),
        Some(Value::Int(i)) => Ok(*i != 0),
        Some(other) => Err(ConvError::rejected(format!("use_bias must be True or False (got {})", other.describe()))),
    }
}

/// With in_channels=0 the weight is inferred at the first call, and Deconvolution's shape inference then
/// sees the unknown channel count as -1, i.e. 2^64 - 1 in its unsigned `dshape[1] % num_group` check: it
/// passes only for groups that divide 2^64 - 1 (1, 3, 5, 15, 17, …).
fn check_inferred_groups(request: &Request, op: Op) -> ConvResult<()> {
    let get = |name: &str| request.params.get(name);
    if op == Op::ConvTranspose && matches!(get("in_channels"), None | Some(Value::Int(0))) {
        if let Some(Value::Int(groups)) = get("groups") {
            if *groups > 1 && u64::MAX % (*groups as u64) != 0 {
                return Err(ConvError::rejected(format!(
                    "Check failed: dshape_nchw[1] % param_.num_group == 0U ({} vs. 0) : input num_filter must divide group \
                     size (Gluon infers the weight with the input's channels unknown, -1, read as 2^64 - 1; groups={groups} \
                     needs in_channels given)",
                    u64::MAX % (*groups as u64)
                )));
            }
        }
    }
    Ok(())
}

/// in_channels > 0 fixes the weight: (in, channels/groups, k…) transposed, (channels, in/groups, k…) forward.
/// `None`: inferred from x (in_channels 0 or not given).
fn gluon_weight_shape(request: &Request, op: Op, params: &Params) -> ConvResult<Option<Vec<i64>>> {
    match request.params.get("in_channels") {
        None | Some(Value::Int(0)) => Ok(None),
        Some(Value::Int(c)) => {
            let (Some(Value::Int(num_filter)), Some(Value::List(k))) = (params.get("num_filter"), params.get("kernel"))
            else {
                // A `channels` that is not an int: the operator refuses num_filter before W matters.
                return Ok(request.weight_shape.clone());
            };
            let groups = match params.get("num_group") {
                Some(Value::Int(g)) if *g > 0 => *g,
                _ => 1,
            };
            let kernel: Vec<i64> = k.iter().map(|v| if let Value::Int(i) = v { *i } else { 0 }).collect();
            Ok(Some(match op {
                Op::ConvTranspose => [vec![*c, num_filter / groups], kernel].concat(),
                Op::Conv => [vec![*num_filter, c / groups], kernel].concat(),
            }))
        }
        Some(other) => Err(ConvError::rejected(format!("in_channels must be an int (got {})", other.describe()))),
    }
}

/// Resolve an MXNet operator call, or a Gluon convolution block (translated to the operator it calls).
pub fn resolve(request: &Request) -> ConvResult<Layer> {
    if let Some((op, block_rank)) = request.api.as_deref().and_then(gluon_block) {
        let translated = gluon_request(request, op, block_rank)?;
        let mut layer = resolve_operator(&translated)?;
        if let Some(activation) = request.params.get("activation").filter(|a| **a != Value::Null) {
            layer.notes.push(format!(
                "activation={} is applied after the convolution: the shape is the same, the values shown are before it",
                activation.describe()
            ));
        }
        return Ok(layer);
    }
    resolve_operator(request)
}

/// The operator's parameters under MXNet's names (and `bias`, the presence of a bias), as read
/// from the request before the operator's checks.
struct Args {
    kernel: Vec<i64>,
    stride: Vec<i64>,
    /// `None` when not given (3-D Deconvolution refuses any dilate).
    dilate: Option<Vec<i64>>,
    pad: Vec<i64>,
    /// Zeros for Convolution.
    adj: Vec<i64>,
    /// Deconvolution only: `None` when not given or all zeros.
    target_shape: Option<Vec<i64>>,
    num_filter: i64,
    num_group: i64,
    /// `not no_bias` (no_bias defaults to true for Deconvolution, false for Convolution).
    bias: bool,
    /// Whether `pad` or `adj` was passed (the note that target_shape overrides them speaks only then).
    pad_or_adj_given: bool,
    unknown_notes: Vec<String>,
}

/// Read the operator's parameters as MXNet parses them: unknown names, `None`, the layout, the
/// Shape, int and bool parameters.
fn read_args(request: &Request, op: Op) -> ConvResult<Args> {
    let rank = request.rank;
    let name = operator_name(op);
    check_parameters(request, op)?;
    let mut reader = ArgReader::new(NAME, &request.params);
    check_nulls(&reader, name)?;
    for neutral in ["workspace", "cudnn_tune", "cudnn_off", "bias"] {
        reader.value(neutral);
    }
    read_layout(&mut reader, request, op)?;
    let kernel = shape_param(&mut reader, "kernel", rank)?.ok_or_else(|| {
        ConvError::rejected(format!("Required parameter kernel of Shape(tuple) is not presented in {name}"))
    })?;
    let stride = shape_param(&mut reader, "stride", rank)?.unwrap_or(vec![1; rank]);
    let dilate = shape_param(&mut reader, "dilate", rank)?;
    let pad = shape_param(&mut reader, "pad", rank)?.unwrap_or(vec![0; rank]);
    let (adj, target_shape) = match op {
        Op::ConvTranspose => {
            (shape_param(&mut reader, "adj", rank)?.unwrap_or(vec![0; rank]), target_shape(&mut reader, rank)?)
        }
        Op::Conv => (vec![0; rank], None),
    };
    let num_filter = reader.int("num_filter")?.ok_or_else(|| {
        ConvError::rejected(format!("Required parameter num_filter of int is not presented in {name}"))
    })?;
    let num_group = reader.int("num_group")?.unwrap_or(1);
    let bias = !reader.boolean("no_bias")?.unwrap_or(op == Op::ConvTranspose);
    Ok(Args {
        kernel,
        stride,
        dilate,
        pad,
        adj,
        target_shape,
        num_filter,
        num_group,
        bias,
        pad_or_adj_given: reader.has("pad") || reader.has("adj"),
        unknown_notes: reader.unknown_notes(),
    })
}

/// The operator's name in MXNet's messages.
fn operator_name(op: Op) -> &'static str {
    if op == Op::ConvTranspose {
        "Deconvolution"
    } else {
        "Convolution"
    }
}

/// Any name that is not one of the operator's parameters is refused (`bias` is Contract 1's:
/// the presence of a bias tensor).
fn check_parameters(request: &Request, op: Op) -> ConvResult<()> {
    if let Some((unknown, _)) =
        request.params.entries.iter().find(|(n, _)| n != "bias" && !parameters(op).contains(&n.as_str()))
    {
        return Err(ConvError::rejected(format!(
            "MXNetError: Cannot find argument {}, Possible Arguments: {} (in operator {})",
            Value::Str(unknown.clone()).describe(),
            parameters(op).join(", "),
            operator_name(op)
        )));
    }
    Ok(())
}

/// `layout` (or the request's): one of MXNet's names, with the input's number of axes, and
/// channels-first for the native CPU kernels.
fn read_layout(reader: &mut ArgReader, request: &Request, op: Op) -> ConvResult<()> {
    let Some(layout) = reader.string("layout")?.or(request.layout.clone()) else { return Ok(()) };
    if !LAYOUTS.contains(&layout.as_str()) {
        return Err(ConvError::rejected(format!(
            "MXNetError: Invalid Input: {}, valid values are: {{None, 'NCDHW', 'NCHW', 'NCW', 'NDHWC', 'NHWC'}}",
            Value::Str(layout.clone()).describe()
        )));
    }
    if layout.len() != request.input_shape.len() {
        return Err(ConvError::rejected(format!(
            "MXNetError: Invalid layout for {}d shape {} (layout {layout} has {} axes)",
            request.input_shape.len(),
            list_text(&request.input_shape),
            layout.len()
        )));
    }
    if !layout.starts_with("NC") {
        return Err(ConvError::rejected(match op {
            Op::Conv => format!(
                "Check failed: param_.layout.value() == kNCW || kNCHW || kNCDHW: Only support NCW, NCHW and NCDHW layout \
                 (got {layout}; MXNet's native CPU kernels are channels-first)"
            ),
            Op::ConvTranspose if request.rank == 3 => "Only 1D or 2D Deconvolution is natively supported".to_string(),
            Op::ConvTranspose => format!(
                "TBlob.get_with_shape: Check failed: new and old shape do not match total elements (the native CPU \
                 Deconvolution reads {layout} data as channels-first)"
            ),
        }));
    }
    Ok(())
}

/// Stride and dilate must be positive; 3-D Deconvolution takes no dilate.
fn check_stride_and_dilate(args: &Args, op: Op, rank: usize) -> ConvResult<()> {
    if args.stride.iter().any(|&s| s <= 0) {
        return Err(ConvError::rejected(format!(
            "incorrect stride size: {} (strides must be positive)",
            list_text(&args.stride)
        )));
    }
    if let Some(d) = &args.dilate {
        if d.iter().any(|&v| v <= 0) {
            return Err(ConvError::rejected(format!(
                "incorrect dilate size: {} (dilations must be positive)",
                list_text(d)
            )));
        }
        if op == Op::ConvTranspose && rank == 3 {
            return Err(ConvError::rejected("Dilate is not supported in 3d deconvolution"));
        }
    }
    Ok(())
}

/// What the native CPU Deconvolution cannot do: 3-D, and a negative pad or adj.
fn check_deconvolution_support(args: &Args, op: Op, rank: usize) -> ConvResult<()> {
    if op == Op::ConvTranspose && rank == 3 {
        return Err(ConvError::rejected(
            "Only 1D or 2D Deconvolution is natively supported (MXNet's native CPU kernels; the default pip build \
             runs 3-D deconvolution through oneDNN instead)",
        ));
    }
    // Convolution takes a negative pad (a crop) as long as the kernel fits; Deconvolution's crop
    // of its result then needs more cells than it has.
    if op == Op::ConvTranspose && (args.pad.iter().any(|&p| p < 0) || args.adj.iter().any(|&a| a < 0)) {
        return Err(ConvError::rejected(format!(
            "CroppingExp: Check failed: width requirement not met (a negative pad or adj asks Deconvolution for more \
             cells than it computes; pad={}, adj={})",
            list_text(&args.pad),
            list_text(&args.adj)
        )));
    }
    Ok(())
}

/// num_filter and num_group must be positive.
fn check_filters(args: &Args) -> ConvResult<()> {
    if args.num_filter <= 0 || args.num_group <= 0 {
        return Err(ConvError::rejected(format!(
            "num_filter and num_group must be positive (got num_filter={}, num_group={})",
            args.num_filter, args.num_group
        )));
    }
    Ok(())
}

/// MXNet 1.x shapes use 0 for "unknown", so a zero-size tensor cannot even be created.
fn check_no_zero_sizes(request: &Request, input: &SplitShape, kernel: &[i64]) -> ConvResult<()> {
    if input.spatial.contains(&0) || kernel.contains(&0) || input.channels == 0 || input.batch == Some(0) {
        return Err(ConvError::rejected(format!(
            "MXNet 1.x treats a 0 in a shape as unknown, so a tensor of shape {} or a kernel of {} cannot be used",
            list_text(&request.input_shape),
            list_text(kernel)
        )));
    }
    Ok(())
}

/// num_group must divide the input channels and num_filter.
fn check_groups(input: &SplitShape, args: &Args) -> ConvResult<()> {
    let (num_filter, num_group) = (args.num_filter, args.num_group);
    if input.channels % num_group != 0 {
        return Err(ConvError::rejected(format!(
            "Check failed: dshape[1] % param_.num_group == 0 ({} vs. {num_group}): input num_filter must divide group size",
            input.channels
        )));
    }
    if num_filter % num_group != 0 {
        return Err(ConvError::rejected(format!(
            "Check failed: param_.num_filter % param_.num_group == 0: output num_filter must divide group size \
             ({num_filter} filters, {num_group} groups)"
        )));
    }
    Ok(())
}

/// The weight MXNet infers; a given `weight_shape` must be it.
fn infer_weight(request: &Request, op: Op, input: &SplitShape, args: &Args) -> ConvResult<Vec<i64>> {
    let expected_weight = match op {
        Op::ConvTranspose => [vec![input.channels, args.num_filter / args.num_group], args.kernel.clone()].concat(),
        Op::Conv => [vec![args.num_filter, input.channels / args.num_group], args.kernel.clone()].concat(),
    };
    if let Some(weight) = &request.weight_shape {
        if *weight != expected_weight {
            return Err(ConvError::rejected(format!(
                "Shape inconsistent, Provided = {}, inferred shape={}",
                list_text(weight),
                list_text(&expected_weight)
            )));
        }
    }
    Ok(expected_weight)
}

/// What each axis step reads: the parameters and the input.
struct Geometry<'a> {
    args: &'a Args,
    input: &'a SplitShape,
    /// `dilate` as given, else ones.
    dilate: &'a [i64],
    /// `dilate*(kernel - 1) + 1` per axis.
    fields: &'a [i64],
}

/// One Deconvolution axis: its spec and derivation; a note where target_shape crops an odd number of cells.
fn deconvolution_axis(geometry: &Geometry, axis: usize, notes: &mut Vec<String>) -> ConvResult<(AxisSpec, Derivation)> {
    let args = geometry.args;
    let (n, s, field) = (geometry.input.spatial[axis], args.stride[axis], geometry.fields[axis]);
    let (kernel, dilate) = (args.kernel[axis], geometry.dilate[axis]);
    let full = (n as i128 - 1) * s as i128 + field as i128;
    let (p, a) = match &args.target_shape {
        Some(t) => target_pad_adj(axis, full, t[axis])?,
        None => (args.pad[axis], args.adj[axis]),
    };
    if a > s - 1 {
        return Err(ConvError::rejected(format!(
            "Check failed: param_.stride[{axis}]-1 >= o_adj[{axis}] ({} vs. {a}): adj({}) must be samller than \
             stride[{axis}]{}",
            s - 1,
            ["x", "y", "z"][geometry.input.spatial.len() - 1 - axis],
            if args.target_shape.is_some() { " (target_shape implies this adj)" } else { "" }
        )));
    }
    let size_out = full - 2 * p as i128 + a as i128;
    if size_out < 0 {
        return Err(ConvError::rejected(format!(
            "Check failed: shape dim size must be >= 0: the output size on axis {axis} would be {size_out}"
        )));
    }
    let spec = AxisSpec {
        size_in: n,
        kernel_size: kernel,
        stride: s,
        dilation: dilate,
        pad_before: p,
        pad_after: p,
        output_padding: a,
    };
    let spec = if spec.raw_size_out(Op::ConvTranspose) == size_out {
        spec
    } else {
        window_spec(n, kernel, s, dilate, p, size_out as i64)
    };
    let values = [("size_in", n), ("stride", s), ("kernel_field", field), ("pad", p), ("adj", a)];
    let derivation = derive("{stride}*({size_in} - 1) + {kernel_field} - 2*{pad} + {adj}", &values, size_out as i64);
    if args.target_shape.is_some() && (2 * p - a) % 2 == 1 {
        notes.push(format!(
            "axis {axis}: target_shape crops {} cells with the odd one at the start (like ONNX SAME_LOWER and \
             PyTorch's padding+output_padding, unlike TensorFlow)",
            2 * p - a
        ));
    }
    Ok((spec, derivation))
}

/// `(pad, adj)` that target_shape implies on one axis (`InferPad`), `full` being the full scatter.
fn target_pad_adj(axis: usize, full: i128, target: i64) -> ConvResult<(i64, i64)> {
    let t_axis = target as i128;
    if full < t_axis {
        return Err(ConvError::rejected(format!(
            "Check failed: o_pad[i] >= target_shape[i] ({full} vs. {t_axis}): too big target shape \
             (the full scatter has only {full} cells on axis {axis})"
        )));
    }
    let extra = full - t_axis;
    Ok((((extra + 1) / 2) as i64, (extra % 2) as i64))
}

/// One Convolution axis: its spec and derivation.
fn convolution_axis(geometry: &Geometry, axis: usize) -> ConvResult<(AxisSpec, Derivation)> {
    let args = geometry.args;
    let (n, s, field, pad) = (geometry.input.spatial[axis], args.stride[axis], geometry.fields[axis], args.pad[axis]);
    let padded = n as i128 + 2 * pad as i128;
    if (field as i128) > padded {
        return Err(ConvError::rejected(format!(
            "Check failed: dilated_ksize <= AddPad(dshape[{}], param_.pad[{axis}]) ({field} vs. {padded}): kernel size exceed input",
            axis + 2
        )));
    }
    let spec = AxisSpec {
        size_in: n,
        kernel_size: args.kernel[axis],
        stride: s,
        dilation: geometry.dilate[axis],
        pad_before: pad,
        pad_after: pad,
        output_padding: 0,
    };
    let values = [("size_in", n), ("stride", s), ("kernel_field", field), ("pad", pad)];
    let derivation =
        derive("({size_in} + 2*{pad} - {kernel_field}) / {stride} + 1", &values, spec.raw_size_out(Op::Conv) as i64);
    Ok((spec, derivation))
}

/// Notes on the whole call: where oneDNN (the default pip build) or the GPU differ from the native
/// CPU kernels, and what target_shape overrides.
fn operator_notes(op: Op, args: &Args, dilate: &[i64]) -> Vec<String> {
    let mut notes = Vec::new();
    if op == Op::ConvTranspose && args.stride.iter().any(|&s| s > 1) && dilate.iter().any(|&d| d > 1) {
        notes.push(
            "MXNet's native CPU Deconvolution computes wrong values when stride and dilate both exceed 1; oneDNN \
             (the default pip build) and GPU compute the scatter shown here"
                .to_string(),
        );
    }
    if op == Op::Conv && args.pad.iter().any(|&p| p < 0) {
        notes.push(format!(
            "a negative pad crops the input (pad={}); MXNet's native CPU kernels compute that, while oneDNN (the default pip \
             build) fails with 'could not create a descriptor'",
            list_text(&args.pad)
        ));
    }
    if args.target_shape.is_some() && args.pad_or_adj_given {
        notes.push("target_shape is set, so pad and adj are ignored".to_string());
    }
    if args.target_shape.is_some() {
        notes.push(
            "with oneDNN (the default pip build on CPU) a target_shape that needs padding fails with 'could not create a \
             descriptor' unless pad is passed too"
                .to_string(),
        );
    }
    notes
}

/// Resolve an operator call (`Deconvolution` / `Convolution`).
fn resolve_operator(request: &Request) -> ConvResult<Layer> {
    let rank = request.rank;
    let op = op_of(request)?;
    let args = read_args(request, op)?;
    check_stride_and_dilate(&args, op, rank)?;
    check_deconvolution_support(&args, op, rank)?;
    check_filters(&args)?;
    let input = split_shape(&request.input_shape, rank, ChannelPosition::First, false, NAME)?;
    check_no_zero_sizes(request, &input, &args.kernel)?;
    check_groups(&input, &args)?;
    let expected_weight = infer_weight(request, op, &input, &args)?;
    let dilate = args.dilate.clone().unwrap_or(vec![1; rank]);
    let fields: Vec<i64> =
        (0..rank).map(|a| kernel_field(args.kernel[a], dilate[a]).min(i64::MAX as i128) as i64).collect();
    let geometry = Geometry { args: &args, input: &input, dilate: &dilate, fields: &fields };
    let mut specs = Vec::with_capacity(rank);
    let mut derivations = Vec::with_capacity(rank);
    let mut notes = Vec::new();
    for axis in 0..rank {
        let (spec, derivation) = match op {
            Op::ConvTranspose => deconvolution_axis(&geometry, axis, &mut notes)?,
            Op::Conv => convolution_axis(&geometry, axis)?,
        };
        specs.push(spec);
        derivations.push(derivation);
    }
    notes.extend(operator_notes(op, &args, &dilate));
    let axes = resolve_axes(&specs, op)?;
    notes.extend(args.unknown_notes);
    let output_shape = join_shape(
        input.batch,
        args.num_filter,
        &axes.iter().map(|a| a.size_out).collect::<Vec<_>>(),
        ChannelPosition::First,
    );
    Ok(Layer {
        op,
        axes,
        channel_position: ChannelPosition::First,
        batch: input.batch,
        channels_in: input.channels,
        channels_out: args.num_filter,
        groups: args.num_group,
        weight_layout: WeightLayout::channels_first(op),
        weight_shape: expected_weight,
        output_shape,
        kernel_flipped: false,
        bias: args.bias,
        derivations,
        notes,
        padding_mode: crate::conv::geometry::padding::PaddingMode::Zeros,
        explicit_layouts: None,
    })
}

// The reverse: the app's settings as an `mx.sym` operator call.

use super::settings::{Field, FieldKey, Settings};
use super::spelling::{
    as_is, channels_first_weight, ints, keyword_args, padding_value, settings_request, symmetric, DefaultArg,
};
use super::{Dialect, Framework, Signature, Tensors};

pub const DIALECT: Dialect =
    Dialect { id: "mxnet", name: "MXNet", backends: &[], resolve, request, fields, code_line, calls: CALLS };

/// `mx.sym.Deconvolution`, `mx.nd.Deconvolution` (and `Convolution`) as MXNet 1.9's generated
/// Python functions take them (every argument defaults, the operator checks what it needs), and
/// the Gluon blocks `mx.gluon.nn.Conv2DTranspose` … (`inspect.signature`).
const CALLS: &[Signature] = &{
    const SYM: &[&str] = &["mx.sym", "mx.symbol", "mxnet.sym", "mxnet.symbol", "sym", "symbol"];
    const ND: &[&str] = &["mx.nd", "mx.ndarray", "mxnet.nd", "mxnet.ndarray", "nd"];
    const GLUON: &[&str] = &["mx.gluon.nn", "mxnet.gluon.nn", "gluon.nn", "nn"];
    const SYM_DECONVOLUTION: &[&str] = &[
        "data",
        "weight",
        "bias",
        "kernel",
        "stride",
        "dilate",
        "pad",
        "adj",
        "target_shape",
        "num_filter",
        "num_group",
        "workspace",
        "no_bias",
        "cudnn_tune",
        "cudnn_off",
        "layout",
        "name",
        "attr",
        "out",
    ];
    const SYM_CONVOLUTION: &[&str] = &[
        "data",
        "weight",
        "bias",
        "kernel",
        "stride",
        "dilate",
        "pad",
        "num_filter",
        "num_group",
        "workspace",
        "no_bias",
        "cudnn_tune",
        "cudnn_off",
        "layout",
        "name",
        "attr",
        "out",
    ];
    const ND_DECONVOLUTION: &[&str] = &[
        "data",
        "weight",
        "bias",
        "kernel",
        "stride",
        "dilate",
        "pad",
        "adj",
        "target_shape",
        "num_filter",
        "num_group",
        "workspace",
        "no_bias",
        "cudnn_tune",
        "cudnn_off",
        "layout",
        "out",
        "name",
    ];
    const ND_CONVOLUTION: &[&str] = &[
        "data",
        "weight",
        "bias",
        "kernel",
        "stride",
        "dilate",
        "pad",
        "num_filter",
        "num_group",
        "workspace",
        "no_bias",
        "cudnn_tune",
        "cudnn_off",
        "layout",
        "out",
        "name",
    ];
    const BLOCK_TRANSPOSED: &[&str] = &[
        "channels",
        "kernel_size",
        "strides",
        "padding",
        "output_padding",
        "dilation",
        "groups",
        "layout",
        "activation",
        "use_bias",
        "weight_initializer",
        "bias_initializer",
        "in_channels",
    ];
    const BLOCK: &[&str] = &[
        "channels",
        "kernel_size",
        "strides",
        "padding",
        "dilation",
        "groups",
        "layout",
        "activation",
        "use_bias",
        "weight_initializer",
        "bias_initializer",
        "in_channels",
    ];
    const fn operator(
        name: &'static str,
        paths: &'static [&'static str],
        api: &'static str,
        op: Op,
        parameters: &'static [&'static str],
    ) -> Signature {
        Signature {
            name,
            selector: "",
            paths,
            api,
            op,
            rank: 0,
            parameters,
            positional: parameters.len(),
            required: 0,
            tensors: Tensors { input: &["data"], weight: &["weight"], bias: &["bias"], operands: "" },
            ignored: &["name", "attr", "out"],
            applied: &[],
        }
    }
    const fn block(name: &'static str, api: &'static str, op: Op, rank: usize) -> Signature {
        let parameters = if matches!(op, Op::ConvTranspose) { BLOCK_TRANSPOSED } else { BLOCK };
        Signature {
            name,
            selector: "",
            paths: GLUON,
            api,
            op,
            rank,
            parameters,
            positional: parameters.len(),
            required: 2,
            tensors: Tensors::NONE,
            // (Initializers set values, not shapes.)
            ignored: &["weight_initializer", "bias_initializer"],
            applied: &["x"],
        }
    }
    use Op::{Conv, ConvTranspose};
    [
        operator("Deconvolution", SYM, "mx.sym.Deconvolution", ConvTranspose, SYM_DECONVOLUTION),
        operator("Convolution", SYM, "mx.sym.Convolution", Conv, SYM_CONVOLUTION),
        operator("Deconvolution", ND, "mx.nd.Deconvolution", ConvTranspose, ND_DECONVOLUTION),
        operator("Convolution", ND, "mx.nd.Convolution", Conv, ND_CONVOLUTION),
        block("Conv1DTranspose", "mx.gluon.nn.Conv1DTranspose", ConvTranspose, 1),
        block("Conv2DTranspose", "mx.gluon.nn.Conv2DTranspose", ConvTranspose, 2),
        block("Conv3DTranspose", "mx.gluon.nn.Conv3DTranspose", ConvTranspose, 3),
        block("Conv1D", "mx.gluon.nn.Conv1D", Conv, 1),
        block("Conv2D", "mx.gluon.nn.Conv2D", Conv, 2),
        block("Conv3D", "mx.gluon.nn.Conv3D", Conv, 3),
    ]
};

/// Parameters with these defaults, left out of the call.
const DEFAULTS: [(&str, DefaultArg); 5] = [
    ("stride", DefaultArg::Every(1)),
    ("dilate", DefaultArg::Every(1)),
    ("pad", DefaultArg::Every(0)),
    ("adj", DefaultArg::Every(0)),
    ("num_group", DefaultArg::Every(1)),
];

fn request(settings: &Settings) -> Request {
    let s = settings;
    let mut params = Params::new();
    params.set("kernel", ints(s.kernel));
    params.set("stride", ints(s.stride));
    params.set("dilate", ints(s.dilation));
    params.set("pad", symmetric(s).map(|p| ints(&p)).unwrap_or_else(|| padding_value(s, as_is)));
    if s.op == Op::ConvTranspose {
        if let Some(a) = s.output_padding {
            params.set("adj", ints(a));
        }
        if let Some(out) = s.output_size {
            params.set("target_shape", ints(out));
        }
    }
    params.set("num_filter", Value::Int(s.channels_out));
    if s.groups != 1 {
        params.set("num_group", Value::Int(s.groups));
    }
    Request { weight_shape: Some(channels_first_weight(s)), ..settings_request(Framework::Mxnet, s, params) }
}

fn fields(op: Op, _rank: usize) -> Vec<Field> {
    use FieldKey::*;
    let transposed = op == Op::ConvTranspose;
    let mut out = vec![
        Field::new(ChannelsIn, "data channels", &[], "input channels"),
        Field::new(ChannelsOut, "num_filter", &[], "output channels"),
        Field::new(Kernel, "kernel", &[], "tuple"),
        Field::new(Stride, "stride", &[], "tuple"),
        Field::new(Padding, "pad", &[], "tuple"),
    ];
    if transposed {
        out.push(Field::new(OutputPadding, "adj", &[], "<= stride - 1"));
    }
    out.push(Field::new(Dilation, "dilate", &[], "tuple"));
    if transposed {
        out.push(Field::new(OutputSize, "target_shape", &[], "overrides pad and adj"));
    }
    out.push(Field::new(Groups, "num_group", &[], "channel groups"));
    out
}

fn code_line(settings: &Settings) -> String {
    let name = match settings.op {
        Op::ConvTranspose => "Deconvolution",
        Op::Conv => "Convolution",
    };
    format!("mx.sym.{name}(data, {})", keyword_args(&request(settings), &[], &DEFAULTS).join(", "))
}

#[cfg(test)]
mod tests {

    use crate::conv::dialects::ask;

    const DECONV: &str = r#"{"framework":"mxnet","api":"mx.nd.Deconvolution","input_shape":[1,1,5,5],"weight_shape":[1,1,3,3],"params":{"kernel":[3,3],"num_filter":1,"#;

    #[test]
    fn none_is_refused_except_by_optional_parameters() {
        for (arg, words) in [
            ("stride", "Stride must have the same number of dimensions"),
            ("pad", "Padding must have the same number of dimensions"),
            ("adj", "Adjustment must have the same number of dimensions"),
            ("num_group", "Invalid Parameter format for num_group"),
            ("no_bias", "Invalid Parameter format for no_bias"),
            ("workspace", "Invalid Parameter format for workspace"),
        ] {
            let message = ask(&format!("{DECONV}\"{arg}\":null}}}}")).expect_err(arg).message;
            assert!(message.contains(words), "{arg}: {message}");
        }
        for arg in ["target_shape", "layout", "cudnn_tune"] {
            assert_eq!(ask(&format!("{DECONV}\"{arg}\":null}}}}")).expect(arg).output_shape, vec![1, 1, 7, 7]);
        }
    }

    #[test]
    fn layout_is_one_of_mxnets_names_and_fits_the_rank() {
        assert!(ask(&format!("{DECONV}\"layout\":\"NCWH\"}}}}")).unwrap_err().message.contains("Invalid Input"));
        assert!(ask(&format!("{DECONV}\"layout\":\"NCW\"}}}}"))
            .unwrap_err()
            .message
            .contains("Invalid layout for 4d shape"));
        assert_eq!(ask(&format!("{DECONV}\"layout\":\"NCHW\"}}}}")).unwrap().output_shape, vec![1, 1, 7, 7]);
        assert!(ask(&format!("{DECONV}\"layout\":\"NHWC\"}}}}")).is_err());
    }

    #[test]
    fn the_entry_point_names_the_operator() {
        // No "op": the api says Convolution, so this is a forward convolution.
        let conv = r#"{"framework":"mxnet","api":"mx.sym.Convolution","input_shape":[1,2,5,5],"params":{"kernel":[3,3],"num_filter":4}}"#;
        let layer = ask(conv).unwrap();
        assert_eq!((layer.op, layer.output_shape), (crate::conv::geometry::axis::Op::Conv, vec![1, 4, 3, 3]));
        assert!(ask(&conv.replace("mx.sym.Convolution", "mx.gluon.nn.Conv2D")).is_err());
    }

    #[test]
    fn gluon_blocks_call_the_operator() {
        let block = r#"{"framework":"mxnet","api":"mx.gluon.nn.Conv2DTranspose","input_shape":[1,8,28,28],"params":{"channels":8,"kernel_size":4,"strides":2,"padding":1}}"#;
        assert_eq!(ask(block).unwrap().output_shape, vec![1, 8, 56, 56]);
        // output_padding is the operator's adj; in_channels fixes the weight.
        let adj = block.replace("\"padding\":1", "\"padding\":1,\"output_padding\":1");
        assert_eq!(ask(&adj).unwrap().output_shape, vec![1, 8, 57, 57]);
        assert!(ask(&block.replace("\"padding\":1", "\"padding\":1,\"in_channels\":3")).is_err());
        // Layouts the block asserts on, and its own argument names only.
        assert!(ask(&block.replace("\"padding\":1", "\"layout\":\"NCW\""))
            .unwrap_err()
            .message
            .contains("AssertionError"));
        assert!(ask(&block.replace("\"padding\":1", "\"pad\":1")).unwrap_err().message.contains("unexpected keyword"));
        // use_bias=None is falsy: no bias, no error.
        assert!(!ask(&block.replace("\"padding\":1", "\"use_bias\":null")).unwrap().bias);
    }

    #[test]
    fn gluon_transpose_groups_must_divide_two_to_the_64_minus_1_without_in_channels() {
        let block = r#"{"framework":"mxnet","api":"mx.gluon.nn.Conv2DTranspose","input_shape":[1,6,6,6],"params":{"channels":6,"kernel_size":3,"groups":2}}"#;
        assert!(ask(block).unwrap_err().message.contains("num_group"));
        assert_eq!(ask(&block.replace("\"groups\":2", "\"groups\":3")).unwrap().output_shape, vec![1, 6, 8, 8]);
        assert_eq!(
            ask(&block.replace("\"groups\":2", "\"groups\":2,\"in_channels\":6")).unwrap().output_shape,
            vec![1, 6, 8, 8]
        );
        let conv = block.replace("Conv2DTranspose", "Conv2D");
        assert_eq!(ask(&conv).unwrap().output_shape, vec![1, 6, 4, 4]);
    }

    #[test]
    fn unknown_parameters_are_refused() {
        let conv = r#"{"framework":"mxnet","op":"conv","input_shape":[1,1,5],"weight_shape":[1,1,3],"params":{"kernel":[3],"num_filter":1,"target_shape":[3]}}"#;
        assert!(ask(conv).unwrap_err().message.contains("Cannot find argument"));
    }

    #[test]
    fn convolution_takes_a_negative_pad_as_a_crop() {
        let conv = r#"{"framework":"mxnet","op":"conv","input_shape":[1,1,5,5],"weight_shape":[1,1,3,3],"params":{"kernel":[3,3],"num_filter":1,"pad":[-1,0]}}"#;
        assert_eq!(ask(conv).unwrap().output_shape, vec![1, 1, 1, 3]);
        // Values recorded from mxnet 1.9.1 with MXNET_MKLDNN_ENABLED=0: x = 1..6, w = [1, 10, 100], pad -1.
        let values = r#"{"framework":"mxnet","op":"conv","input_shape":[1,1,6],"weight_shape":[1,1,3],"input":[1,2,3,4,5,6],"weight":[1,10,100],"params":{"kernel":[3],"pad":[-1],"num_filter":1,"no_bias":true}}"#;
        let answer: serde_json::Value = serde_json::from_str(&crate::cli::eval_line(values)).unwrap();
        assert_eq!(answer["output"], serde_json::json!([432.0, 543.0]));
        assert!(ask(&conv.replace("[-1,0]", "[-2,0]")).unwrap_err().message.contains("kernel size exceed input"));
        assert!(ask(&format!("{DECONV}\"pad\":[-1,0]}}}}")).is_err());
    }

    #[test]
    fn target_shape_longer_than_kernel_is_cut_shorter_is_refused() {
        let one_d = r#"{"framework":"mxnet","input_shape":[1,1,4],"weight_shape":[1,1,3],"params":{"kernel":[3],"stride":[2],"num_filter":1,"target_shape":[8,8]}}"#;
        assert_eq!(ask(one_d).unwrap().output_shape, vec![1, 1, 8]);
        let two_d = format!("{DECONV}\"stride\":[2,2],\"target_shape\":8}}}}");
        assert!(ask(&two_d).unwrap_err().message.contains("index = 1 must be in range"));
    }
}
