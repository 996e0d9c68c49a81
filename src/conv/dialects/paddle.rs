//! PaddlePaddle 3: `paddle.nn.Conv{1,2,3}DTranspose` (incl. `forward(x, output_size=)`),
//! `paddle.nn.functional.conv{1,2,3}d_transpose`, and the forward `Conv{1,2,3}D` / `conv{1,2,3}d`.
//!
//! ```text
//! padding: int | [p per axis] | [before, after per axis] | [[0,0],[0,0],[b,a]…] | 'SAME' | 'VALID'
//! 'SAME' pads from the INPUT: pad_sum = max((ceil(n/stride) - 1)*stride + kernel - n, 0), split
//!        pad_sum//2 before, the rest after — and resets dilation to 1 (silently)
//! transposed: infer = (n - 1)*stride - pad_before - pad_after + dilation*(kernel - 1) + 1
//!   output_size O: infer <= O < infer + stride;  else infer + output_padding, output_padding < max(stride, dilation)
//!   the col2im kernel then requires (out + pads - K) / stride + 1 == n (so output_padding < stride in effect)
//! forward: (n + pad_before + pad_after - K) / stride + 1, which must be > 0
//! ```
//! Sources: python/paddle/nn/functional/conv.py (`_update_padding_nd`, `conv{1,2,3}d_transpose`),
//! python/paddle/nn/layer/conv.py (`_ConvNd`), paddle/phi/infermeta/binary.cc (`ConvTransposeInferMeta`),
//! paddle/phi/kernels/cpu/conv_util.h (`UpdatePaddingAndDilation`), paddle/phi/kernels/funcs/im2col.cc.
//! Weights: transposed `(C_in, C_out/groups, k…)`, forward `(C_out, C_in/groups, k…)`.

use super::common::{derive, list_text, python_upper, window_spec};
use crate::conv::dialects::params::{ArgReader, Value};
use crate::conv::dialects::Request;
use crate::conv::error::{ConvError, ConvResult};
use crate::conv::geometry::axis::{kernel_field, AxisSpec, Op};
use crate::conv::geometry::layer::{
    join_shape, resolve_axes, split_shape, ChannelPosition, Derivation, Layer, SplitShape, WeightLayout,
};
use crate::conv::geometry::padding::PaddingMode;
use crate::conv::geometry::padding::{same_split, OddCell};

const NAME: &str = "Paddle";

/// Padding after `_update_padding_nd`: per-axis (before, after), or the SAME algorithm.
enum Padding {
    Explicit(Vec<(i64, i64)>),
    Same,
}

fn formats(rank: usize) -> (&'static str, &'static str) {
    match rank {
        1 => ("NCL", "NLC"),
        2 => ("NCHW", "NHWC"),
        _ => ("NCDHW", "NDHWC"),
    }
}

/// `convert_to_list`: an int, or exactly `count` ints.
fn convert_to_list(value: &Value, count: usize, name: &str) -> ConvResult<Vec<i64>> {
    match (value, value.as_ints()) {
        (Value::Int(i), _) => Ok(vec![*i; count]),
        (Value::List(_), Some(v)) if v.len() == count => Ok(v),
        _ => Err(ConvError::rejected(format!("The {name}'s length must be {count}. Received: {}", value.describe()))),
    }
}

/// `_update_padding_nd`.
fn update_padding(value: Option<&Value>, rank: usize, channel_last: bool) -> ConvResult<Padding> {
    let Some(value) = value else { return Ok(Padding::Explicit(vec![(0, 0); rank])) };
    let pairs: Vec<(i64, i64)> = match value {
        Value::Str(s) => {
            return match python_upper(s).as_str() {
                "SAME" => Ok(Padding::Same),
                "VALID" => Ok(Padding::Explicit(vec![(0, 0); rank])),
                other => {
                    Err(ConvError::rejected(format!("Unknown padding: '{other}'. It can only be 'SAME' or 'VALID'.")))
                }
            };
        }
        Value::Int(p) => vec![(*p, *p); rank],
        Value::List(items) => {
            let nested: Option<Vec<Vec<i64>>> = items
                .iter()
                .map(|item| match item {
                    Value::List(_) => item.as_ints().filter(|p| p.len() == 2),
                    _ => None,
                })
                .collect();
            match (nested, value.as_ints()) {
                (Some(pairs), _) if pairs.len() == rank + 2 => {
                    let (outer, spatial) = if channel_last {
                        ([&pairs[0], &pairs[rank + 1]], &pairs[1..=rank])
                    } else {
                        ([&pairs[0], &pairs[1]], &pairs[2..])
                    };
                    if outer.iter().any(|p| p[0] != 0 || p[1] != 0) {
                        return Err(ConvError::rejected(format!(
                            "Non-zero padding({}) in the batch or channel dimensions is not supported.",
                            value.describe()
                        )));
                    }
                    spatial.iter().map(|p| (p[0], p[1])).collect()
                }
                (_, Some(flat)) if flat.len() == 2 * rank => flat.chunks(2).map(|c| (c[0], c[1])).collect(),
                (_, Some(flat)) if flat.len() == rank => flat.iter().map(|&p| (p, p)).collect(),
                _ => return Err(ConvError::rejected(format!("In valid padding: {}", value.describe()))),
            }
        }
        other => return Err(ConvError::rejected(format!("In valid padding: {}", other.describe()))),
    };
    if pairs.iter().any(|&(b, a)| b < 0 || a < 0) {
        let flat: Vec<i64> = pairs.iter().flat_map(|&(b, a)| [b, a]).collect();
        return Err(ConvError::rejected(format!(
            "Invalid padding, all value should be larger than or equal to 0, but received: {}",
            list_text(&flat)
        )));
    }
    Ok(Padding::Explicit(pairs))
}

/// The call an `api` names: `paddle.nn.Conv2DTranspose`, `nn.Conv1D`, `paddle.nn.functional.conv3d`,
/// `F.conv2d_transpose` → (op, rank, is_module). `None` when it names no rank.
fn named_call(api: &str) -> Option<(Op, usize, bool)> {
    let last = api.rsplit('.').next()?;
    let (module, rest) =
        if let Some(rest) = last.strip_prefix("Conv") { (true, rest) } else { (false, last.strip_prefix("conv")?) };
    let rank = match rest.get(..2)? {
        "1D" | "1d" => 1,
        "2D" | "2d" => 2,
        "3D" | "3d" => 3,
        _ => return None,
    };
    let op = match &rest[2..] {
        "" => Op::Conv,
        "Transpose" if module => Op::ConvTranspose,
        "_transpose" if !module => Op::ConvTranspose,
        _ => return None,
    };
    Some((op, rank, module))
}

/// Arguments the call does not take (Python's TypeError), and `None` where Paddle raises.
fn check_argument_names(reader: &ArgReader, op: Op, rank: usize, module: bool) -> ConvResult<()> {
    let call = match (module, op) {
        (true, Op::Conv) => format!("Conv{rank}D.__init__()"),
        (true, Op::ConvTranspose) => format!("Conv{rank}DTranspose.__init__()"),
        (false, Op::Conv) => format!("conv{rank}d()"),
        (false, Op::ConvTranspose) => format!("conv{rank}d_transpose()"),
    };
    let foreign: &[&str] = match (module, op) {
        (true, Op::Conv) => &["output_padding", "output_size"],
        (true, Op::ConvTranspose) => &["padding_mode"],
        (false, Op::Conv) => {
            &["in_channels", "out_channels", "kernel_size", "padding_mode", "output_size", "output_padding"]
        }
        (false, Op::ConvTranspose) => &["in_channels", "out_channels", "kernel_size", "padding_mode"],
    };
    if let Some(name) = foreign.iter().find(|name| reader.has(name) || reader.is_null(name)) {
        let call = if *name == "output_size" && module { format!("Conv{rank}D.forward()") } else { call };
        return Err(ConvError::rejected(format!("TypeError: {call} got an unexpected keyword argument '{name}'")));
    }
    let mut lists = vec!["stride", "padding", "dilation"];
    if op == Op::ConvTranspose {
        lists.push("output_padding");
    }
    if module {
        lists.push("kernel_size");
    }
    if let Some(name) = lists.iter().find(|name| reader.is_null(name)) {
        return Err(ConvError::rejected(format!("The {name}'s type must be list or tuple. Received: None")));
    }
    for name in ["groups", "in_channels", "out_channels"] {
        if reader.is_null(name) {
            return Err(ConvError::rejected(format!(
                "TypeError: unsupported operand type(s) for %: 'int' and 'NoneType' ({name}=None)"
            )));
        }
    }
    if reader.is_null("data_format") {
        return Err(ConvError::rejected("Attr(data_format) got wrong value: received None"));
    }
    if module && reader.is_null("padding_mode") {
        return Err(ConvError::rejected(
            "padding_mode must be one of {'zeros', 'reflect', 'replicate', 'circular'}, but got padding_mode='None'",
        ));
    }
    Ok(())
}

/// Contract 1's `layout` in Paddle's spelling: any name with N first and C second (or last).
fn layout_as_data_format(layout: &str, rank: usize) -> ConvResult<&'static str> {
    let (first, last) = formats(rank);
    let letters: Vec<char> = layout.chars().collect();
    let distinct = letters.iter().enumerate().all(|(i, c)| c.is_ascii_uppercase() && !letters[..i].contains(c));
    if distinct && letters.len() == rank + 2 && letters[0] == 'N' {
        if letters[1] == 'C' {
            return Ok(first);
        }
        if letters[rank + 1] == 'C' {
            return Ok(last);
        }
    }
    Err(ConvError::rejected(format!(
        "Paddle takes data_format '{first}' or '{last}' for a {rank}-D convolution; layout '{}' places N and C otherwise",
        layout.chars().take(12).collect::<String>()
    )))
}

/// Resolve a Paddle request.
pub fn resolve(request: &Request) -> ConvResult<Layer> {
    let mut reader = ArgReader::new(NAME, &request.params);
    for neutral in ["weight_attr", "bias_attr", "name"] {
        reader.value(neutral);
    }
    let call = Call::of(request, &reader);
    check_argument_names(&reader, call.op, call.rank, call.module)?;
    let args = read_args(&mut reader, request, call)?;
    let weight = weight_shape(request, call, &args)?;
    check_weight(call.rank, args.groups, &weight)?;
    let padding = update_padding(args.padding, call.rank, args.data_format.channel_last)?;
    check_reflect_padding(request, &args, &padding)?;
    check_transposed_arguments(call, &args)?;
    check_stride_and_dilation(call.op, &args)?;
    let kernel = kernel_size_of(&weight)?;
    let channels_out = channels_out(call.op, &args, &weight)?;
    let mut geometry = axis_geometry(call, &args, &padding, &kernel, channels_out)?;
    check_empty_channel_last_output(call.op, &args, &weight, &geometry.specs, channels_out)?;
    check_bias_broadcast(call.op, &args, &weight)?;
    if matches!(padding, Padding::Same) {
        geometry.notes.extend(same_notes(call.op, &args.dilation));
    }
    let axes = resolve_axes(&geometry.specs, call.op)?;
    let position = args.data_format.position();
    let mut notes = geometry.notes;
    notes.extend(args.data_format.layout_note);
    notes.extend(reader.unknown_notes());
    let output_shape =
        join_shape(args.x.batch, channels_out, &axes.iter().map(|a| a.size_out).collect::<Vec<_>>(), position);
    Ok(Layer {
        op: call.op,
        axes,
        channel_position: position,
        batch: args.x.batch,
        channels_in: args.x.channels,
        channels_out,
        groups: args.groups,
        weight_layout: WeightLayout::channels_first(call.op),
        weight_shape: weight,
        output_shape,
        kernel_flipped: false,
        bias: args.bias,
        derivations: geometry.derivations,
        notes,
        padding_mode: padding_mode(args.padding_mode.as_deref()),
        explicit_layouts: None,
    })
}

/// The entry point called: a forward or transposed convolution of some rank, as an `nn.Conv*`
/// layer (`module`) or a `functional` function.
#[derive(Clone, Copy)]
struct Call {
    op: Op,
    rank: usize,
    module: bool,
}

impl Call {
    /// The call the `api` names, else the request's `op` and `rank`; a layer or a function by the
    /// api's spelling, else by whether the layer's own arguments are given.
    fn of(request: &Request, reader: &ArgReader) -> Call {
        let named = request.api.as_deref().and_then(named_call);
        let (op, rank) = named.map(|(op, rank, _)| (op, rank)).unwrap_or((request.op, request.rank));
        let module = match (named, request.api.as_deref()) {
            (Some((_, _, module)), _) => module,
            (None, Some(api)) if api.contains("functional") || api.starts_with("F.") => false,
            (None, Some(api)) if api.contains("nn.") => true,
            _ => reader.has("kernel_size") || reader.has("in_channels"),
        };
        Call { op, rank, module }
    }
}

/// A call's arguments under Paddle's names, read and type-checked in the order Paddle reads them.
struct Args<'a> {
    /// The input `x`, split by `data_format`.
    x: SplitShape,
    data_format: DataFormat,
    stride: Vec<i64>,
    /// As given: 'SAME' resets it to 1 later.
    dilation: Vec<i64>,
    groups: i64,
    /// As given: `_update_padding_nd` reads it once the weight is known.
    padding: Option<&'a Value>,
    /// Transposed calls only; `0` (the default) reads as not given.
    output_padding: Option<Vec<i64>>,
    /// Transposed calls only (`forward(x, output_size=)` for a layer).
    output_size: Option<Vec<i64>>,
    /// Forward calls only.
    padding_mode: Option<String>,
    bias: bool,
    /// An `nn.Conv*` layer's own arguments; `None` for a functional call, which takes a `weight` tensor.
    layer: Option<LayerArgs>,
}

/// The arguments from which an `nn.Conv*` layer builds its weight.
struct LayerArgs {
    in_channels: i64,
    out_channels: i64,
    kernel_size: Vec<i64>,
}

/// Read the call's arguments (the input `x` included, which the layer's `in_channels` defaults to).
fn read_args<'a>(reader: &mut ArgReader<'a>, request: &Request, call: Call) -> ConvResult<Args<'a>> {
    let rank = call.rank;
    let data_format = read_data_format(reader, request, call)?;
    let stride = read_list(reader, "stride", rank)?.unwrap_or_else(|| vec![1; rank]);
    let dilation = read_list(reader, "dilation", rank)?.unwrap_or_else(|| vec![1; rank]);
    let groups = reader.int("groups")?.unwrap_or(1);
    let padding = reader.value("padding");
    let output_padding = match (call.op, reader.value("output_padding")) {
        (Op::ConvTranspose, Some(Value::Int(0))) | (_, None) | (Op::Conv, _) => None,
        (Op::ConvTranspose, Some(v)) => Some(convert_to_list(v, rank, "output_padding")?),
    };
    let output_size = match (call.op, reader.value("output_size")) {
        (Op::ConvTranspose, Some(v)) => Some(convert_to_list(v, rank, "output_size")?),
        _ => None,
    };
    // `Conv2DTranspose.forward` and `Conv3DTranspose.forward` pass `output_padding=0` when given an
    // `output_size` (`Conv1DTranspose.forward` passes both, which the function refuses).
    let output_padding = if call.module && rank >= 2 && output_size.is_some() { None } else { output_padding };
    let padding_mode = if call.op == Op::Conv { reader.string("padding_mode")? } else { None };
    // A layer drops its bias only for `bias is False` (`bias=0` keeps it); a function's is a tensor.
    let bias = if call.module {
        !matches!(reader.value("bias"), Some(Value::Bool(false)))
    } else {
        reader.boolean("bias")?.unwrap_or(false)
    };
    let x = split_shape(&request.input_shape, rank, data_format.position(), false, NAME)?;
    let layer = if call.module { Some(read_layer_args(reader, &x, rank)?) } else { None };
    Ok(Args {
        x,
        data_format,
        stride,
        dilation,
        groups,
        padding,
        output_padding,
        output_size,
        padding_mode,
        bias,
        layer,
    })
}

/// `data_format` as the entry point checked it.
struct DataFormat {
    /// As given, else the request's `layout` in Paddle's spelling, else channel-first.
    name: String,
    channel_last: bool,
    /// Neither of this rank's two spellings (a channel-first one that `Conv2D` / `Conv3D` pass on).
    foreign: bool,
    /// Where the request's `layout` disagrees with `data_format`.
    layout_note: Option<String>,
}

impl DataFormat {
    fn position(&self) -> ChannelPosition {
        if self.channel_last {
            ChannelPosition::Last
        } else {
            ChannelPosition::First
        }
    }
}

/// `data_format`, else the request's `layout`, checked as the entry point checks it.
fn read_data_format(reader: &mut ArgReader, request: &Request, call: Call) -> ConvResult<DataFormat> {
    let rank = call.rank;
    let (first, last) = formats(rank);
    let mut layout_note = None;
    let name = match (reader.string("data_format")?, &request.layout) {
        (Some(df), Some(layout)) => {
            if layout_as_data_format(layout, rank).ok() != Some(df.as_str()) {
                layout_note = Some(format!(
                    "layout '{}' and data_format='{df}' disagree; data_format is what Paddle receives, so it decides",
                    layout.chars().take(12).collect::<String>()
                ));
            }
            df
        }
        (Some(df), None) => df,
        (None, Some(layout)) => layout_as_data_format(layout, rank)?.to_string(),
        (None, None) => first.to_string(),
    };
    // Conv2D / Conv3D hand data_format straight to the C++ op, which reads any channel-first
    // spelling of the six Paddle knows as channel-first; the other entry points check it.
    let lenient = call.module && call.op == Op::Conv && rank >= 2 && ["NCL", "NCHW", "NCDHW"].contains(&name.as_str());
    let foreign = name != first && name != last;
    let channel_last = if name == first || lenient {
        false
    } else if name == last {
        true
    } else {
        return Err(ConvError::rejected(format!(
            "Attr(data_format) got wrong value: received {name}, but only '{first}' or '{last}' are supported."
        )));
    };
    Ok(DataFormat { name, channel_last, foreign, layout_note })
}

/// A list argument through `convert_to_list`, or `None` when not given.
fn read_list(reader: &mut ArgReader, name: &str, rank: usize) -> ConvResult<Option<Vec<i64>>> {
    reader.value(name).map(|value| convert_to_list(value, rank, name)).transpose()
}

/// `in_channels` (default: the input's), `out_channels` and `kernel_size`.
fn read_layer_args(reader: &mut ArgReader, x: &SplitShape, rank: usize) -> ConvResult<LayerArgs> {
    let in_channels = reader.int("in_channels")?.unwrap_or(x.channels);
    let out_channels =
        reader.int("out_channels")?.ok_or_else(|| ConvError::malformed("the Paddle layer needs out_channels"))?;
    let kernel_size = read_list(reader, "kernel_size", rank)?
        .ok_or_else(|| ConvError::malformed("the Paddle layer needs kernel_size"))?;
    Ok(LayerArgs { in_channels, out_channels, kernel_size })
}

/// The weight's shape: the one a layer builds from its arguments, or a functional call's `weight`.
fn weight_shape(request: &Request, call: Call, args: &Args) -> ConvResult<Vec<i64>> {
    match &args.layer {
        Some(layer) => layer_weight(request, call, args, layer),
        None => {
            request.weight_shape.clone().ok_or_else(|| ConvError::malformed("the functional form needs weight_shape"))
        }
    }
}

/// The layer constructor's checks (`_ConvNd.__init__`), then the weight it builds.
fn layer_weight(request: &Request, call: Call, args: &Args, layer: &LayerArgs) -> ConvResult<Vec<i64>> {
    let groups = args.groups;
    if groups <= 0 {
        return Err(ConvError::rejected(format!("groups must be positive (got {groups})")));
    }
    if layer.in_channels % groups != 0 {
        return Err(ConvError::rejected(format!(
            "in_channels must be divisible by groups. ({} channels, {groups} groups)",
            layer.in_channels
        )));
    }
    check_padding_mode(call.rank, args)?;
    let shape = built_weight(call.op, layer, groups)?;
    if let Some(given) = &request.weight_shape {
        if *given != shape {
            return Err(ConvError::rejected(format!(
                "weight_shape {} contradicts the weight {} that the layer builds from in_channels, out_channels, \
                 kernel_size and groups={groups}; a layer makes its own weight, so give one or the other (or both alike)",
                list_text(given),
                list_text(&shape)
            )));
        }
    }
    let built = shape[1].saturating_mul(groups);
    if call.op == Op::ConvTranspose && args.bias && layer.out_channels != built && layer.out_channels != 1 {
        return Err(ConvError::rejected(format!(
            "Broadcast dimension mismatch: the output has {built} channels (out_channels // groups * groups = \
             {} // {groups} * {groups}) but the bias has {}",
            layer.out_channels, layer.out_channels
        )));
    }
    Ok(shape)
}

/// A forward layer's `padding_mode`: one of four, and anything but 'zeros' pads with `F.pad` first.
fn check_padding_mode(rank: usize, args: &Args) -> ConvResult<()> {
    let Some(mode) = &args.padding_mode else { return Ok(()) };
    let modes = ["zeros", "reflect", "replicate", "circular"];
    if !modes.contains(&mode.as_str()) {
        return Err(ConvError::rejected(format!(
            "padding_mode must be one of {modes:?}, but got padding_mode='{mode}'"
        )));
    }
    if mode != "zeros" && !matches!(args.padding, None | Some(Value::Int(_))) {
        return Err(ConvError::rejected(
            "when padding_mode in ['reflect', 'replicate', 'circular'], type of padding must be int",
        ));
    }
    if mode != "zeros" && args.data_format.foreign {
        let (first, last) = formats(rank);
        return Err(ConvError::rejected(format!(
            "input tensor dimension is {}, it's data format should be in ['{first}', '{last}'] but got \
             {} (padding_mode='{mode}' pads with F.pad, which checks the spelling)",
            rank + 2,
            args.data_format.name
        )));
    }
    Ok(())
}

/// The weight a layer creates, which must have no negative dimension.
fn built_weight(op: Op, layer: &LayerArgs, groups: i64) -> ConvResult<Vec<i64>> {
    // The layer builds its weight with out_channels // groups (Python's floor division), so extra
    // channels silently vanish — unless the bias (out_channels long) then fails to broadcast.
    let head = match op {
        Op::ConvTranspose => vec![layer.in_channels, layer.out_channels.div_euclid(groups)],
        Op::Conv => vec![layer.out_channels, layer.in_channels.div_euclid(groups)],
    };
    let shape = [head, layer.kernel_size.clone()].concat();
    if let Some((axis, &bad)) = shape.iter().enumerate().find(|(_, &d)| d < 0) {
        return Err(ConvError::rejected(format!(
            "Expected every dim's size to be larger than or equal to 0, but the size of the {axis}-th dim is {bad} \
             (the layer's weight would be {})",
            list_text(&shape)
        )));
    }
    Ok(shape)
}

/// The functional call's checks of the weight and of `groups`.
fn check_weight(rank: usize, groups: i64, weight: &[i64]) -> ConvResult<()> {
    if weight.len() != rank + 2 {
        return Err(ConvError::rejected(format!(
            "Input weight should be {}D tensor, but received weight with the shape of {}",
            rank + 2,
            list_text(weight)
        )));
    }
    if groups == 0 {
        return Err(ConvError::rejected(format!("The groups of conv{rank}d_transpose should not be zero.")));
    }
    if groups < 0 {
        return Err(ConvError::rejected(format!("groups must be positive (got {groups})")));
    }
    if let Some((axis, &bad)) = weight.iter().enumerate().find(|(_, &d)| d < 0) {
        return Err(ConvError::rejected(format!(
            "Each value of attribute 'shape' is expected to be no less than 0. But received: shape[{axis}] = {bad}; \
             shape = {}.",
            list_text(weight)
        )));
    }
    Ok(())
}

/// `F.pad(x, …, mode='reflect')` (pad3d): each padding must stay below a non-empty axis.
fn check_reflect_padding(request: &Request, args: &Args, padding: &Padding) -> ConvResult<()> {
    let input_empty = request.input_shape.contains(&0);
    if let (Some("reflect"), Padding::Explicit(pairs), false) = (args.padding_mode.as_deref(), padding, input_empty) {
        for (axis, (&n, &(before, after))) in args.x.spatial.iter().zip(pairs).enumerate() {
            if n > 0 && (before >= n || after >= n) {
                return Err(ConvError::rejected(format!(
                    "The size of Input(X)'s dimension should be greater than the padding in reflect mode, but received \
                     size({n}) and padding({}) on spatial axis {axis}",
                    before.max(after)
                )));
            }
        }
    }
    Ok(())
}

/// The transposed calls' checks of the input's channels, `output_size` and `output_padding`.
fn check_transposed_arguments(call: Call, args: &Args) -> ConvResult<()> {
    if call.op == Op::ConvTranspose && args.x.channels % args.groups != 0 {
        return Err(ConvError::rejected(format!(
            "the channel of input must be divisible by groups, received: the channel of input is {}, the groups is {}",
            args.x.channels, args.groups
        )));
    }
    if args.output_size.is_some() && args.output_padding.is_some() {
        return Err(ConvError::rejected("output_padding option is mutually exclusive with output_size"));
    }
    if call.rank == 1 && call.op == Op::ConvTranspose {
        if let Some(a) = &args.output_padding {
            if a[0] > args.stride[0] {
                return Err(ConvError::rejected(format!(
                    "The size of output_padding should not be greater than stride.But got output_padding={} and stride={}",
                    a[0], args.stride[0]
                )));
            }
        }
    }
    Ok(())
}

fn check_stride_and_dilation(op: Op, args: &Args) -> ConvResult<()> {
    if args.stride.iter().any(|&s| s <= 0) {
        return Err(ConvError::rejected(format!(
            "The stride of Op(Conv) should be larger than 0, but received stride is {}.",
            list_text(&args.stride)
        )));
    }
    // Paddle checks neither dilation >= 1 nor a non-empty kernel; a negative one is still nonsense.
    if op == Op::Conv && args.dilation.contains(&0) {
        return Err(ConvError::rejected(format!(
            "The dilation of Op(Conv) should be larger than 0, but received dilation is {}.",
            list_text(&args.dilation)
        )));
    }
    if args.dilation.iter().any(|&d| d < 0) {
        return Err(ConvError::rejected(format!(
            "The dilation of Op(Conv) should not be negative, but received dilation is {}.",
            list_text(&args.dilation)
        )));
    }
    Ok(())
}

/// The weight's spatial dimensions.
fn kernel_size_of(weight: &[i64]) -> ConvResult<Vec<i64>> {
    let kernel = weight[2..].to_vec();
    if kernel.iter().any(|&k| k < 0) {
        return Err(ConvError::rejected(format!("weight_shape has a negative dimension ({})", list_text(&kernel))));
    }
    Ok(kernel)
}

/// The output's channels, after the operator's checks of the filter against the input.
fn channels_out(op: Op, args: &Args, weight: &[i64]) -> ConvResult<i64> {
    let (channels, groups) = (args.x.channels, args.groups);
    match op {
        Op::ConvTranspose => {
            if channels != weight[0] {
                return Err(ConvError::rejected(format!(
                    "The number of input channels should be equal to filter channels for Op(conv_transpose). But received: \
                     the input's channels is [{}], the filter's channels is [{}]",
                    channels, weight[0]
                )));
            }
            Ok(weight[1].saturating_mul(groups))
        }
        Op::Conv => {
            if weight[1].checked_mul(groups) != Some(channels) {
                return Err(ConvError::rejected(format!(
                    "The number of input's channels should be equal to filter's channels * groups for Op(Conv). The input's \
                     channels is {}, the filter's channels is {}, the groups is {groups}",
                    channels, weight[1]
                )));
            }
            if weight[0] == 0 {
                return Err(ConvError::rejected(format!(
                    "the size of filter at axis 0 should be greater than 0, but received the filter's shape {}",
                    list_text(weight)
                )));
            }
            if weight[0] % groups != 0 {
                return Err(ConvError::rejected(format!(
                    "The number of output's channels (filter's first dimension) of Op(Conv) should be divisible by groups. \
                     But received: the output's channels is {}, the groups is {groups}",
                    weight[0]
                )));
            }
            // An input with no channels yields no channels, whatever the filter says.
            if channels == 0 {
                Ok(0)
            } else {
                Ok(weight[0])
            }
        }
    }
}

/// Every spatial axis's canonical spec and derivation, with notes on forward overhangs.
struct Geometry {
    specs: Vec<AxisSpec>,
    derivations: Vec<Derivation>,
    notes: Vec<String>,
}

/// 'SAME' turned into pads, then each axis sized as the operator sizes it.
fn axis_geometry(
    call: Call,
    args: &Args,
    padding: &Padding,
    kernel: &[i64],
    channels_out: i64,
) -> ConvResult<Geometry> {
    let rank = call.rank;
    // 'SAME' pads from the input size and resets dilation to 1 (UpdatePaddingAndDilation).
    let same = matches!(padding, Padding::Same);
    let dilation_used: Vec<i64> = if same { vec![1; rank] } else { args.dilation.clone() };
    let pads: Vec<(i64, i64)> = match padding {
        Padding::Explicit(p) => p.clone(),
        Padding::Same => (0..rank)
            .map(|a| {
                let (n, s, k) = (args.x.spatial[a] as i128, args.stride[a] as i128, kernel[a] as i128);
                let out = (n + s - 1) / s;
                let sum = ((out - 1) * s + k - n).max(0) as i64;
                same_split(sum, OddCell::End)
            })
            .collect(),
    };
    let mut geometry =
        Geometry { specs: Vec::with_capacity(rank), derivations: Vec::with_capacity(rank), notes: Vec::new() };
    for axis in 0..rank {
        let (dilation, kernel_size) = (dilation_used[axis], kernel[axis]);
        let (pad_before, pad_after) = pads[axis];
        let numbers = AxisNumbers {
            axis,
            size_in: args.x.spatial[axis],
            stride: args.stride[axis],
            dilation,
            kernel_size,
            pad_before,
            pad_after,
            // Paddle's own field, dilation*(kernel - 1) + 1, even for an empty kernel or dilation 0.
            field: (dilation as i128 * (kernel_size as i128 - 1) + 1).clamp(i64::MIN as i128, i64::MAX as i128) as i64,
        };
        let (spec, derivation) = match call.op {
            Op::ConvTranspose => transposed_axis(&numbers, args, channels_out)?,
            Op::Conv => {
                let (spec, derivation, note) = forward_axis(&numbers, call)?;
                geometry.notes.extend(note);
                (spec, derivation)
            }
        };
        geometry.derivations.push(derivation);
        geometry.specs.push(spec);
    }
    Ok(geometry)
}

/// One spatial axis as the kernel sees it: size in, stride, dilation (after 'SAME'), kernel size,
/// pads (after `_update_padding_nd`) and Paddle's kernel field.
struct AxisNumbers {
    axis: usize,
    size_in: i64,
    stride: i64,
    dilation: i64,
    kernel_size: i64,
    pad_before: i64,
    pad_after: i64,
    field: i64,
}

/// A transposed axis: `ConvTransposeInferMeta`'s size, then the col2im kernel's check.
fn transposed_axis(numbers: &AxisNumbers, args: &Args, channels_out: i64) -> ConvResult<(AxisSpec, Derivation)> {
    let AxisNumbers { axis, size_in: n, stride: s, dilation: d, kernel_size: k, pad_before: pb, pad_after: pa, field } =
        *numbers;
    let infer = (n as i128 - 1) * s as i128 - pb as i128 - pa as i128 + field as i128;
    let (out, a) = transposed_size(numbers, args, infer)?;
    if out < 0 {
        return Err(ConvError::rejected(format!(
            "The meta data must be valid when call the mutable data function: the output size on axis {axis} \
             would be {out}"
        )));
    }
    // col2im / vol2col: the forward size of the output must give back the input.
    let back = (out + pb as i128 + pa as i128 - field as i128) / s as i128 + 1;
    let empty_output = args.x.batch == Some(0) || args.x.channels == 0 || channels_out == 0;
    if back != n as i128 && !empty_output {
        return Err(ConvError::rejected(format!(
            "Output_height and padding(padding_up, padding_down) are inconsistent: expected \
             ({out} + {pb} + {pa} - {field}) / {s} + 1 == {n}, but it is {back} (the extra output cells \
             must stay below stride = {s}, whatever the dilation)"
        )));
    }
    let spec = AxisSpec {
        size_in: n,
        kernel_size: k,
        stride: s,
        dilation: d,
        pad_before: pb,
        pad_after: pa,
        output_padding: a,
    };
    let spec = if spec.raw_size_out(Op::ConvTranspose) == out { spec } else { window_spec(n, k, s, d, pb, out as i64) };
    let values =
        [("size_in", n), ("stride", s), ("kernel_field", field), ("pad_before", pb), ("pad_after", pa), ("extra", a)];
    let derivation =
        derive("({size_in} - 1)*{stride} - {pad_before} - {pad_after} + {kernel_field} + {extra}", &values, out as i64);
    Ok((spec, derivation))
}

/// The transposed output size and the cells added to `infer`: `output_size` within
/// `[infer, infer + stride)`, else `output_padding` below `max(stride, dilation)`, else `infer`.
fn transposed_size(numbers: &AxisNumbers, args: &Args, infer: i128) -> ConvResult<(i128, i64)> {
    let AxisNumbers { axis, stride: s, dilation: d, .. } = *numbers;
    match (&args.output_size, &args.output_padding) {
        (Some(o), _) => {
            let o = o[axis] as i128;
            if o < infer {
                return Err(ConvError::rejected(format!(
                    "output_size of Op(ConvTransposeOp) should not be less than the inferred output size. \
                     But received output_size = {}, whose dim {axis} is less than the inferred output size [{infer}]",
                    o
                )));
            }
            // With no input channels (an empty filter) only the lower bound is checked.
            if o >= infer + s as i128 && args.x.channels != 0 {
                return Err(ConvError::rejected(format!(
                    "output_size of Op(ConvTransposeOp) should be less than inferred size + stride. But received \
                     output_size = {o}, whose dim {axis} is not less than the inferred output size ({infer}) + stride ({s}) = {}",
                    infer + s as i128
                )));
            }
            Ok((o, (o - infer) as i64))
        }
        (None, Some(a)) => {
            let a = a[axis];
            if a < 0 {
                return Err(ConvError::rejected(format!(
                    "output_padding of Op(ConvTransposeOp) should not be less than the 0. But received \
                     output_padding = {a}, whose dim {axis} is less than 0"
                )));
            }
            if a >= s.max(d) {
                return Err(ConvError::rejected(format!(
                    "output_padding of Op(ConvTransposeOp) should be less than either stride or dilation. \
                     Expected output_padding[{axis}] < max(stride, dilation) = {}, but received output_padding[{axis}] = {a}",
                    s.max(d)
                )));
            }
            Ok((infer + a as i128, a))
        }
        (None, None) => Ok((infer, 0)),
    }
}

/// A forward axis: `(n + pads - field) / stride + 1`, and a note where the field overhangs.
fn forward_axis(numbers: &AxisNumbers, call: Call) -> ConvResult<(AxisSpec, Derivation, Option<String>)> {
    let AxisNumbers { axis, size_in: n, stride: s, dilation: d, kernel_size: k, pad_before: pb, pad_after: pa, field } =
        *numbers;
    // C++ division truncates, so a kernel field that overhangs by less than a stride still yields
    // a cell; its reads past the input are zeros, which a longer end padding reproduces.
    let padded = n as i128 + pb as i128 + pa as i128;
    let out = (padded - field as i128) / s as i128 + 1;
    if out < 0 {
        let unchecked = if call.rank == 2 && !call.module {
            " (paddle.nn.functional.conv2d does not check this: it returns a tensor with a negative \
             dimension and then corrupts memory)"
        } else {
            ""
        };
        return Err(ConvError::rejected(format!(
            "The meta data must be valid when call the mutable data function: the output size on axis {axis} \
             would be {out} (kernel field {field} on {n} + {pb} + {pa} cells){unchecked}"
        )));
    }
    let overhang = if out > 0 { ((out - 1) * s as i128 + field as i128 - padded).max(0) as i64 } else { 0 };
    let note = (overhang > 0).then(|| {
        format!(
            "axis {axis}: the kernel field ({field}) overhangs the padded input by {overhang}; Paddle still \
             computes {out} cell(s), reading zeros past the end"
        )
    });
    let values = [("size_in", n), ("stride", s), ("kernel_field", field), ("pad_before", pb), ("pad_after", pa)];
    let derivation =
        derive("({size_in} + {pad_before} + {pad_after} - {kernel_field}) / {stride} + 1", &values, out as i64);
    let spec = AxisSpec {
        size_in: n,
        kernel_size: k,
        stride: s,
        dilation: d,
        pad_before: pb,
        pad_after: pa + overhang,
        output_padding: 0,
    };
    // An empty kernel with dilation != 1 has a field the canonical geometry does not know
    // (it holds no taps, so only the size matters): the end padding absorbs the difference.
    let spec = if spec.raw_size_out(Op::Conv) == out { spec } else { conv_spec_of_size(n, k, s, d, pb, out as i64) };
    Ok((spec, derivation, note))
}

/// A channel-last output with an empty spatial axis fails in the transpose back to the user's layout
/// (only when the kernel really runs: an empty input or filter skips it).
fn check_empty_channel_last_output(
    op: Op,
    args: &Args,
    weight: &[i64],
    specs: &[AxisSpec],
    channels_out: i64,
) -> ConvResult<()> {
    let sizes_out: Vec<i64> =
        specs.iter().map(|spec| spec.raw_size_out(op).clamp(0, i64::MAX as i128) as i64).collect();
    // A padding_mode layer pads first (F.pad), so its kernel sees the padded sizes.
    let mode_pad = match (&args.padding_mode, args.padding) {
        (Some(mode), Some(Value::Int(p))) if mode != "zeros" => *p,
        _ => 0,
    };
    let kernel_runs = args.x.batch != Some(0)
        && args.x.channels != 0
        && args.x.spatial.iter().all(|&n| n.saturating_add(mode_pad.saturating_mul(2)) != 0)
        && !weight.contains(&0);
    let data_format = &args.data_format.name;
    if args.data_format.channel_last && sizes_out.contains(&0) && kernel_runs && channels_out != 0 {
        return Err(ConvError::rejected(match op {
            Op::ConvTranspose => format!(
                "The input size should not be 0. (a {data_format} output with an empty spatial axis, {}, fails in the \
                 transpose back to {data_format})",
                list_text(&sizes_out)
            ),
            Op::Conv => format!(
                "process aborted: SIGFPE in the {data_format} kernel's transpose (Paddle crashes on a channel-last \
                 output with an empty spatial axis, {})",
                list_text(&sizes_out)
            ),
        }));
    }
    Ok(())
}

/// A forward call's bias, `weight[0]` values long, must broadcast to the output's channels.
fn check_bias_broadcast(op: Op, args: &Args, weight: &[i64]) -> ConvResult<()> {
    if op == Op::Conv && args.x.channels == 0 && args.bias && weight[0] != 1 {
        return Err(ConvError::rejected(format!(
            "Broadcast dimension mismatch: an input with no channels gives an output with no channels, and the bias \
             ({} values) cannot be added to it",
            weight[0]
        )));
    }
    Ok(())
}

/// What 'SAME' does that the user may not expect.
fn same_notes(op: Op, dilation: &[i64]) -> Vec<String> {
    let mut notes = Vec::new();
    if dilation.iter().any(|&d| d != 1) {
        notes.push(format!(
            "padding='SAME' resets dilation {} to 1 silently (Paddle's UpdatePaddingAndDilation)",
            list_text(dilation)
        ));
    }
    if op == Op::ConvTranspose {
        notes.push(
            "padding='SAME' for a transposed conv pads as if for a forward conv of the INPUT, so the output is not \
             size_in*stride in general (unlike TensorFlow)"
                .to_string(),
        );
    }
    notes
}

fn padding_mode(name: Option<&str>) -> PaddingMode {
    match name {
        Some("reflect") => PaddingMode::Reflect,
        Some("replicate") => PaddingMode::Replicate,
        Some("circular") => PaddingMode::Circular,
        _ => PaddingMode::Zeros,
    }
}

/// A forward axis whose output has `size` cells, for Paddle's field of an empty kernel (which the
/// canonical geometry, holding no taps, does not know): the end padding absorbs the difference.
fn conv_spec_of_size(n: i64, k: i64, s: i64, d: i64, pad_before: i64, size: i64) -> AxisSpec {
    let field = kernel_field(k, d);
    let padded = if size == 0 { 0 } else { (size as i128 - 1) * s as i128 + field };
    let after = (padded - n as i128 - pad_before as i128).clamp(i64::MIN as i128, i64::MAX as i128) as i64;
    AxisSpec { size_in: n, kernel_size: k, stride: s, dilation: d, pad_before, pad_after: after, output_padding: 0 }
}

// The reverse: the app's settings in Paddle's words (its module signature mirrors PyTorch's).

use super::pytorch::{module_code_line, module_fields, module_request};
use super::settings::{Field, Settings};
use super::spelling::{upper, DefaultArg};
use super::{Dialect, Framework, Signature, Tensors};

pub const DIALECT: Dialect =
    Dialect { id: "paddle", name: "Paddle", backends: &[], resolve, request, fields, code_line, calls: CALLS };

/// `paddle.nn.Conv2DTranspose.__init__`, `forward`, `paddle.nn.functional.conv2d_transpose` … as
/// Paddle 3.3's `inspect.signature` gives them. The transposed layers list `groups, dilation` for
/// 1-D but `dilation, groups` for 2-D and 3-D (and the functions differ again), so a positional
/// call means different things in each; the forward layers take only 7 arguments by position.
const CALLS: &[Signature] = &{
    const MODULE: &[&str] = &["paddle.nn", "nn"];
    const FUNCTION: &[&str] = &["paddle.nn.functional", "F", "nn.functional"];
    const FORWARD: &[&str] = &[
        "in_channels",
        "out_channels",
        "kernel_size",
        "stride",
        "padding",
        "dilation",
        "groups",
        "bias",
        "padding_mode",
        "device",
        "dtype",
        "weight_attr",
        "bias_attr",
        "data_format",
    ];
    const TRANSPOSED_1D: &[&str] = &[
        "in_channels",
        "out_channels",
        "kernel_size",
        "stride",
        "padding",
        "output_padding",
        "groups",
        "dilation",
        "weight_attr",
        "bias_attr",
        "data_format",
    ];
    const TRANSPOSED: &[&str] = &[
        "in_channels",
        "out_channels",
        "kernel_size",
        "stride",
        "padding",
        "output_padding",
        "dilation",
        "groups",
        "weight_attr",
        "bias_attr",
        "data_format",
    ];
    const F_FORWARD: &[&str] =
        &["x", "weight", "bias", "stride", "padding", "dilation", "groups", "data_format", "name"];
    const F_TRANSPOSED_13: &[&str] = &[
        "x",
        "weight",
        "bias",
        "stride",
        "padding",
        "output_padding",
        "groups",
        "dilation",
        "output_size",
        "data_format",
        "name",
    ];
    const F_TRANSPOSED_2: &[&str] = &[
        "x",
        "weight",
        "bias",
        "stride",
        "padding",
        "output_padding",
        "dilation",
        "groups",
        "output_size",
        "data_format",
        "name",
    ];
    const OPERANDS: Tensors = Tensors { input: &["x"], weight: &["weight"], bias: &["bias"], operands: "" };
    // (`ParamAttr`s set initial values and names, not shapes.)
    const IGNORED: &[&str] = &["device", "dtype", "weight_attr", "bias_attr", "name"];
    const fn module(
        name: &'static str,
        api: &'static str,
        rank: usize,
        parameters: &'static [&'static str],
    ) -> Signature {
        let transposed = parameters.len() == TRANSPOSED.len();
        Signature {
            name,
            selector: "",
            paths: MODULE,
            api,
            op: if transposed { Op::ConvTranspose } else { Op::Conv },
            rank,
            parameters,
            // (`Conv*D` takes `bias` and what follows by keyword only.)
            positional: if transposed { parameters.len() } else { 7 },
            required: 3,
            tensors: Tensors::NONE,
            ignored: IGNORED,
            applied: if transposed { &["x", "output_size"] } else { &["x"] },
        }
    }
    const fn function(
        name: &'static str,
        api: &'static str,
        rank: usize,
        parameters: &'static [&'static str],
    ) -> Signature {
        Signature {
            name,
            selector: "",
            paths: FUNCTION,
            api,
            op: if parameters.len() == F_FORWARD.len() { Op::Conv } else { Op::ConvTranspose },
            rank,
            parameters,
            positional: parameters.len(),
            required: 2,
            tensors: OPERANDS,
            ignored: IGNORED,
            applied: &[],
        }
    }
    [
        module("Conv1DTranspose", "paddle.nn.Conv1DTranspose", 1, TRANSPOSED_1D),
        module("Conv2DTranspose", "paddle.nn.Conv2DTranspose", 2, TRANSPOSED),
        module("Conv3DTranspose", "paddle.nn.Conv3DTranspose", 3, TRANSPOSED),
        module("Conv1D", "paddle.nn.Conv1D", 1, FORWARD),
        module("Conv2D", "paddle.nn.Conv2D", 2, FORWARD),
        module("Conv3D", "paddle.nn.Conv3D", 3, FORWARD),
        function("conv1d_transpose", "paddle.nn.functional.conv1d_transpose", 1, F_TRANSPOSED_13),
        function("conv2d_transpose", "paddle.nn.functional.conv2d_transpose", 2, F_TRANSPOSED_2),
        function("conv3d_transpose", "paddle.nn.functional.conv3d_transpose", 3, F_TRANSPOSED_13),
        function("conv1d", "paddle.nn.functional.conv1d", 1, F_FORWARD),
        function("conv2d", "paddle.nn.functional.conv2d", 2, F_FORWARD),
        function("conv3d", "paddle.nn.functional.conv3d", 3, F_FORWARD),
    ]
};

/// Arguments `paddle.nn.Conv*` layers take with these defaults, left out of the code line.
const DEFAULTS: [(&str, DefaultArg); 5] = [
    ("stride", DefaultArg::Every(1)),
    ("padding", DefaultArg::Every(0)),
    ("output_padding", DefaultArg::Every(0)),
    ("groups", DefaultArg::Every(1)),
    ("dilation", DefaultArg::Every(1)),
];

fn request(settings: &Settings) -> Request {
    let class = match settings.op {
        Op::ConvTranspose => format!("Conv{}DTranspose", settings.rank),
        Op::Conv => format!("Conv{}D", settings.rank),
    };
    module_request(settings, Framework::Paddle, format!("paddle.nn.{class}"), upper)
}

fn fields(op: Op, _rank: usize) -> Vec<Field> {
    module_fields(op, &["SAME", "VALID"])
}

fn code_line(settings: &Settings) -> String {
    let request = request(settings);
    module_code_line(settings, &request, request.api.as_deref().unwrap_or_default(), &DEFAULTS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(
        op: Op,
        rank: usize,
        api: &str,
        input: &[i64],
        weight: Option<&[i64]>,
        params: &[(&str, Value)],
    ) -> Request {
        crate::conv::dialects::test_request(crate::conv::Framework::Paddle, op, rank, api, input, weight, params)
    }

    fn layer(cin: i64, cout: i64, k: i64) -> Vec<(&'static str, Value)> {
        crate::conv::dialects::module_arguments(cin, cout, k)
    }

    fn shape(request: &Request) -> Option<Vec<i64>> {
        resolve(request).ok().map(|layer| layer.output_shape)
    }

    #[test]
    fn entry_points_and_data_format_spellings() {
        // the api names op and rank, whatever `op` defaulted to
        let r = request(Op::ConvTranspose, 2, "paddle.nn.functional.conv2d", &[1, 2, 5, 5], Some(&[3, 2, 3, 3]), &[]);
        assert_eq!(shape(&r), Some(vec![1, 3, 3, 3]));
        let mut params = layer(5, 3, 3);
        params.push(("data_format", Value::Str("NCL".into())));
        assert_eq!(
            shape(&request(Op::Conv, 2, "paddle.nn.Conv2D", &[1, 5, 6, 6], None, &params)),
            Some(vec![1, 3, 4, 4])
        );
        let r = request(
            Op::Conv,
            2,
            "paddle.nn.functional.conv2d",
            &[1, 5, 6, 6],
            Some(&[3, 5, 3, 3]),
            &[("data_format", Value::Str("NCL".into()))],
        );
        assert_eq!(shape(&r), None);
        let mut r = request(Op::Conv, 1, "paddle.nn.Conv1D", &[1, 6, 5], None, &layer(5, 3, 3));
        r.layout = Some("NWC".into());
        assert_eq!(shape(&r), Some(vec![1, 4, 3]));
    }

    #[test]
    fn none_and_foreign_arguments_raise() {
        for name in ["stride", "padding", "dilation", "groups", "output_padding", "kernel_size"] {
            let mut params = layer(2, 2, 3);
            params.push((name, Value::Null));
            assert!(
                shape(&request(Op::ConvTranspose, 1, "paddle.nn.Conv1DTranspose", &[1, 2, 5], None, &params)).is_none()
            );
        }
        let mut params = layer(2, 2, 3);
        params.push(("output_size", Value::Null));
        assert_eq!(
            shape(&request(Op::ConvTranspose, 1, "paddle.nn.Conv1DTranspose", &[1, 2, 5], None, &params)),
            Some(vec![1, 2, 7])
        );
        let r = request(
            Op::Conv,
            1,
            "paddle.nn.functional.conv1d",
            &[1, 2, 5],
            Some(&[3, 2, 3]),
            &[("padding_mode", Value::Str("zeros".into()))],
        );
        assert!(resolve(&r).unwrap_err().message.contains("unexpected keyword argument 'padding_mode'"));
    }

    #[test]
    fn never_a_negative_channel() {
        for (cin, cout) in [(1, -1), (1, -4), (-1, 1)] {
            for (op, api) in [(Op::Conv, "paddle.nn.Conv1D"), (Op::ConvTranspose, "paddle.nn.Conv1DTranspose")] {
                assert!(shape(&request(op, 1, api, &[1, 1, 9], None, &layer(cin, cout, 5))).is_none());
            }
        }
        let r = request(Op::Conv, 1, "paddle.nn.functional.conv1d", &[1, 2, 4], Some(&[-1, 2, 3]), &[]);
        assert!(resolve(&r).is_err());
    }

    #[test]
    fn zero_channels() {
        assert!(shape(&request(Op::Conv, 1, "paddle.nn.Conv1D", &[1, 1, 9], None, &layer(1, 0, 5))).is_none());
        assert_eq!(
            shape(&request(Op::ConvTranspose, 1, "paddle.nn.Conv1DTranspose", &[1, 1, 9], None, &layer(1, 0, 5))),
            Some(vec![1, 0, 13])
        );
        // 0 input channels: 0 output channels; a bias of 2 values cannot be added to them
        let r = request(Op::Conv, 1, "paddle.nn.functional.conv1d", &[1, 0, 4], Some(&[2, 0, 3]), &[]);
        assert_eq!(shape(&r), Some(vec![1, 0, 2]));
        assert!(shape(&request(Op::Conv, 1, "paddle.nn.Conv1D", &[1, 0, 4], None, &layer(0, 2, 3))).is_none());
    }

    #[test]
    fn reflect_limit_and_empty_channel_last_outputs() {
        let mut params = layer(1, 1, 1);
        params.push(("padding", Value::Int(3)));
        params.push(("padding_mode", Value::Str("reflect".into())));
        assert!(shape(&request(Op::Conv, 2, "paddle.nn.Conv2D", &[1, 1, 3, 3], None, &params)).is_none());
        params[4] = ("padding_mode", Value::Str("circular".into()));
        assert_eq!(
            shape(&request(Op::Conv, 2, "paddle.nn.Conv2D", &[1, 1, 3, 3], None, &params)),
            Some(vec![1, 1, 9, 9])
        );
        let pads = Value::List(vec![Value::Int(2), Value::Int(0)]);
        let cf = request(
            Op::ConvTranspose,
            1,
            "paddle.nn.functional.conv1d_transpose",
            &[1, 2, 2],
            Some(&[2, 2, 1]),
            &[("dilation", Value::Int(2)), ("padding", pads.clone())],
        );
        assert_eq!(shape(&cf), Some(vec![1, 2, 0]));
        let cl = request(
            Op::ConvTranspose,
            1,
            "paddle.nn.functional.conv1d_transpose",
            &[1, 2, 2],
            Some(&[2, 2, 1]),
            &[("dilation", Value::Int(2)), ("padding", pads), ("data_format", Value::Str("NLC".into()))],
        );
        assert_eq!(shape(&cl), None);
    }

    #[test]
    fn empty_kernel_field_follows_paddle() {
        // kernel 0, dilation 0: Paddle's field is 0*(0-1)+1 = 1
        let r = request(
            Op::ConvTranspose,
            2,
            "paddle.nn.functional.conv2d_transpose",
            &[2, 2, 4, 4],
            Some(&[2, 1, 0, 0]),
            &[("dilation", Value::Int(0))],
        );
        assert_eq!(shape(&r), Some(vec![2, 1, 4, 4]));
    }
}
