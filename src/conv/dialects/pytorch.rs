//! PyTorch: `nn.Conv{1,2,3}d`, `nn.ConvTranspose{1,2,3}d` (module form, incl.
//! `forward(output_size=)`) and `torch.nn.functional.conv{,_transpose}{1,2,3}d`.
//!
//! ```text
//! conv_transpose: size_out = (size_in - 1)*stride - 2*padding + dilation*(kernel_size - 1) + output_padding + 1
//!                 output_padding < max(stride, dilation)  (per axis)
//!                 forward(output_size=O): O in [L0, L0 + stride - 1], L0 = the size with output_padding 0
//! conv:           size_out = floor((size_in + 2*padding - dilation*(kernel_size - 1) - 1) / stride) + 1
//!                 padding='same' (stride 1 only): total dilation*(kernel_size - 1), the odd cell at the end
//! ```
//!
//! Sources: torch/nn/modules/conv.py (`_ConvNd.__init__`, `_ConvTransposeNd._output_padding`),
//! aten/src/ATen/native/Convolution.cpp (`check_shape_forward`, `_convolution_mode`),
//! aten/src/ATen/native/NaiveConvolutionTranspose2d.cpp (`slow_conv_transpose2d_shape_check`).
//! Weight layouts: conv `(out, in/groups, k…)`, transposed `(in, out/groups, k…)`.

use super::common::{derive_conv, derive_conv_transpose, list_text, window_spec};
use crate::conv::dialects::params::{ArgReader, PerAxis, Value};
use crate::conv::dialects::Request;
use crate::conv::error::{ConvError, ConvResult};
use crate::conv::geometry::axis::{Axis, AxisSpec, Op};
use crate::conv::geometry::layer::{join_shape, split_shape, ChannelPosition, Layer, SplitShape, WeightLayout};
use crate::conv::geometry::numbers::signed_text;
use crate::conv::geometry::padding::PaddingMode;
use crate::conv::geometry::padding::{same_split, OddCell};

const NAME: &str = "PyTorch";

/// PyTorch tensors are `(N, C, spatial…)` (or `(C, spatial…)` unbatched); a layout may spell the
/// spatial axes with any letters (`NCL`, `NCW`, `NCHW`, `NCDHW`, `CHW`).
fn layout_position(layout: &str, rank: usize, dims: usize) -> ConvResult<ChannelPosition> {
    let letters: Vec<char> = layout.chars().collect();
    let distinct = letters.iter().enumerate().all(|(i, c)| c.is_ascii_uppercase() && !letters[..i].contains(c));
    let spatial_ok = |rest: &[char]| rest.len() == rank && rest.iter().all(|c| *c != 'N' && *c != 'C');
    let fits = distinct
        && ((letters.len() == rank + 2 && letters.starts_with(&['N', 'C']) && spatial_ok(&letters[2..]))
            || (letters.len() == rank + 1 && dims == rank + 1 && letters[0] == 'C' && spatial_ok(&letters[1..])));
    if !fits {
        let example = ["NCL", "NCHW", "NCDHW"][rank.clamp(1, 3) - 1];
        return Err(ConvError::rejected(format!(
            "PyTorch tensors are (N, C, spatial…) for a {rank}-D convolution (e.g. '{example}'); layout '{}' does not place them so (memory_format=torch.channels_last changes strides, not the logical layout)",
            layout.chars().take(12).collect::<String>()
        )));
    }
    Ok(ChannelPosition::First)
}

fn module_name(op: Op, rank: usize) -> String {
    match op {
        Op::Conv => format!("Conv{rank}d"),
        Op::ConvTranspose => format!("ConvTranspose{rank}d"),
    }
}

/// The function `F.conv*` (and the module's forward) dispatches to: `conv2d`, `conv_transpose2d`.
fn function_name(op: Op, rank: usize) -> String {
    match op {
        Op::Conv => format!("conv{rank}d"),
        Op::ConvTranspose => format!("conv_transpose{rank}d"),
    }
}

/// The call an `api` names: `torch.nn.ConvTranspose2d`, `nn.Conv1d`, `torch.nn.functional.conv3d`,
/// `F.conv_transpose1d`, `torch.conv2d` → (op, rank, is_module). `None` when it names no rank.
fn named_call(api: &str) -> Option<(Op, usize, bool)> {
    let last = api.rsplit('.').next()?;
    let (module, rest) = if let Some(rest) = last.strip_prefix("ConvTranspose") {
        (true, Some((Op::ConvTranspose, rest)))
    } else if let Some(rest) = last.strip_prefix("Conv") {
        (true, Some((Op::Conv, rest)))
    } else if let Some(rest) = last.strip_prefix("conv_transpose") {
        (false, Some((Op::ConvTranspose, rest)))
    } else if let Some(rest) = last.strip_prefix("conv") {
        (false, Some((Op::Conv, rest)))
    } else {
        (false, None)
    };
    let (op, rest) = rest?;
    let rank = match rest {
        "1d" => 1,
        "2d" => 2,
        "3d" => 3,
        _ => return None,
    };
    Some((op, rank, module))
}

/// Whether the request models the `nn` module (it has constructor arguments) or `F.*`.
fn is_module(request: &Request, reader: &ArgReader) -> bool {
    if let Some((_, _, module)) = request.api.as_deref().and_then(named_call) {
        return module;
    }
    match request.api.as_deref() {
        Some(api) if api.contains("functional") || api.starts_with("F.") => false,
        Some(api) if api.contains("nn.") => true,
        _ => reader.has("kernel_size") || reader.has("in_channels") || reader.has("out_channels"),
    }
}

/// The op and rank of the call: what `api` names wins over `op` / `rank` (which a request may
/// leave to their defaults); otherwise an unbatched functional call shows its rank in the weight.
fn call_op_and_rank(request: &Request) -> ConvResult<(Op, usize)> {
    let dims = request.input_shape.len();
    if let Some((op, rank, _)) = request.api.as_deref().and_then(named_call) {
        if dims != rank + 1 && dims != rank + 2 {
            return Err(ConvError::rejected(format!(
                "Expected {}D (unbatched) or {}D (batched) input to {}, but got input of size: {}",
                rank + 1,
                rank + 2,
                function_name(op, rank),
                list_text(&request.input_shape)
            )));
        }
        return Ok((op, rank));
    }
    if let Some(weight) = &request.weight_shape {
        let weight_rank = weight.len().wrapping_sub(2);
        if dims == request.rank + 2 && weight.len() == dims + 1 && (1..=3).contains(&weight_rank) {
            return Ok((request.op, weight_rank));
        }
    }
    Ok((request.op, request.rank))
}

/// Padding as PyTorch takes it: a per-axis integer, or `'valid'` / `'same'` for forward conv.
enum Padding {
    Explicit(Vec<i64>),
    Valid,
    Same,
    /// Applied by the module's own `F.pad` (padding_mode != 'zeros'): the conv itself pads nothing.
    Padded(Vec<(i64, i64)>),
}

fn read_padding(reader: &mut ArgReader, rank: usize, op: Op, module: bool) -> ConvResult<Padding> {
    let Some(value) = reader.value("padding") else {
        return Ok(Padding::Explicit(vec![0; rank]));
    };
    match value {
        Value::Str(s) if op == Op::ConvTranspose => Err(ConvError::rejected(format!(
            "ConvTranspose{rank}d takes no padding string (got '{s}'): its padding is an int or a tuple of ints \
             (PyTorch raises TypeError: argument 'padding' must be tuple of ints); 'same'/'valid' exist only for Conv{rank}d"
        ))),
        Value::Str(s) if s == "valid" => Ok(Padding::Valid),
        Value::Str(s) if s == "same" => Ok(Padding::Same),
        Value::Str(s) if module => Err(ConvError::rejected(format!(
            "Invalid padding string '{s}', should be one of {{'valid', 'same'}}"
        ))),
        Value::Str(s) => Err(ConvError::rejected(format!(
            "Invalid padding string '{s}', should be one of {{'valid', 'same'}} (case-sensitive)"
        ))),
        other => reader.expand("padding", other, rank, PerAxis::INT_OR_SINGLE_OR_LIST).map(Padding::Explicit),
    }
}

/// Arguments the call does not take, and `None` where torch raises: Python's own TypeError /
/// ValueError, before anything is computed.
fn check_argument_names(reader: &ArgReader, op: Op, rank: usize, module: bool) -> ConvResult<()> {
    let function = function_name(op, rank);
    let module_name = module_name(op, rank);
    let (foreign, place): (&[&str], String) = match (module, op) {
        (true, Op::Conv) => (&["output_padding", "output_size"], format!("{module_name}.__init__() / forward()")),
        (true, Op::ConvTranspose) => (&[], String::new()),
        (false, Op::Conv) => (
            &[
                "in_channels",
                "out_channels",
                "kernel_size",
                "padding_mode",
                "output_size",
                "output_padding",
                "device",
                "dtype",
            ],
            format!("{function}()"),
        ),
        (false, Op::ConvTranspose) => (
            &["in_channels", "out_channels", "kernel_size", "padding_mode", "output_size", "device", "dtype"],
            format!("{function}()"),
        ),
    };
    if let Some(name) = foreign.iter().find(|name| reader.has(name) || reader.is_null(name)) {
        let hint = if module {
            String::new()
        } else {
            format!(
                " ({name} belongs to the nn.{module_name} module; the functional form takes the weight tensor instead)"
            )
        };
        return Err(ConvError::rejected(format!(
            "TypeError: {place} got an unexpected keyword argument '{name}'{hint}"
        )));
    }
    let mut must_not_be_none = vec!["stride", "padding", "dilation", "groups"];
    if op == Op::ConvTranspose {
        must_not_be_none.push("output_padding");
    }
    if module {
        must_not_be_none.extend(["kernel_size", "in_channels", "out_channels"]);
    }
    if let Some(name) = must_not_be_none.iter().find(|name| reader.is_null(name)) {
        let target = if module { module_name } else { function };
        return Err(ConvError::rejected(format!(
            "TypeError: {target}: argument '{name}' must be {}, not None",
            if *name == "groups" || name.ends_with("channels") { "int" } else { "an int or a tuple of ints" }
        )));
    }
    if module && reader.is_null("padding_mode") {
        return Err(ConvError::rejected(
            "padding_mode must be one of {'zeros', 'reflect', 'replicate', 'circular'}, but got padding_mode='None'",
        ));
    }
    Ok(())
}

/// `F.pad(input, _reversed_padding_repeated_twice, mode)` that a module with a non-zero
/// `padding_mode` applies before the convolution: its checks, last axis first as torch runs them.
fn check_padding_mode(
    mode: &str,
    input_shape: &[i64],
    batched: bool,
    spatial: &[i64],
    pads: &[(i64, i64)],
) -> ConvResult<()> {
    let rank = spatial.len();
    let dims = input_shape.len();
    if mode == "reflect" || mode == "replicate" {
        let non_batch = if batched { &input_shape[1..] } else { input_shape };
        if non_batch.contains(&0) {
            return Err(ConvError::rejected(format!(
                "Expected {}D or {}D (batch mode) tensor with possibly 0 batch size and other non-zero dimensions for \
                 input, but got: {} ({mode} padding needs every non-batch dimension non-empty)",
                rank + 1,
                rank + 2,
                list_text(input_shape)
            )));
        }
    }
    for axis in (0..rank).rev() {
        let (before, after) = pads[axis];
        let n = spatial[axis];
        match mode {
            "reflect" if before >= n || after >= n => {
                return Err(ConvError::rejected(format!(
                    "Padding size should be less than the corresponding input dimension, but got: padding ({before}, \
                     {after}) at dimension {} of input {} (padding_mode='reflect' needs padding < input size)",
                    dims - rank + axis,
                    list_text(input_shape)
                )));
            }
            "circular" if before > n || after > n => {
                return Err(ConvError::rejected(format!(
                    "Padding value causes wrapping around more than once. (padding_mode='circular' needs padding <= \
                     input size: padding ({before}, {after}) on an axis of {n})"
                )));
            }
            _ => {}
        }
    }
    Ok(())
}

/// Resolve a PyTorch request.
pub fn resolve(request: &Request) -> ConvResult<Layer> {
    resolve_call::<false>(request)
}

/// `resolve` for the requests the app's form writes (`request` of plain settings): the module form
/// `nn.ConvTranspose2d(…)` / `nn.Conv2d(…)` with its own argument names, integers, a batched
/// channels-first input, no `padding_mode` and no weight. The same rules, instantiated knowing
/// that, so the compiler drops the paths such a request cannot take (functional calls, unbatched
/// inputs, padding modes, argument-name checks) and the app's first module stays within its
/// budget. `tests/app_statements.rs` checks it answers every app state exactly as `resolve` does.
pub fn resolve_form(request: &Request) -> ConvResult<Layer> {
    if !plain_request(request) {
        return Err(ConvError::malformed("PyTorch's full rules for this layer are still loading"));
    }
    resolve_call::<true>(request)
}

/// Every number the form wrote is positive (padding and output_padding: not negative): the
/// states whose answers [`resolve_form`] gives; `is_plain` asks the same of the settings.
fn plain_request(request: &Request) -> bool {
    let positive = |value: &Value, least: i64| match value {
        Value::Int(i) => *i >= least,
        Value::List(items) => items.iter().all(|v| matches!(v, Value::Int(i) if *i >= least)),
        Value::Str(_) => true,
        _ => false,
    };
    request.input_shape.iter().all(|&d| d >= 1)
        && request.params.entries.iter().all(|(name, value)| match name.as_str() {
            "padding" | "output_padding" => positive(value, 0),
            _ => positive(value, 1),
        })
}

/// The rules; `FORM` says the request came from the app's form with a plain state (see
/// [`resolve_form`]): the checks only a zero or negative size, channel count, stride, dilation,
/// group count or padding can fail are left to the full dialect, which the app loads for such
/// a state before it asks (`is_plain`), and so are those of the weight against the
/// input, which the form builds from the same channel counts (the module's own constructor
/// checks, which do run, make them hold).
///
/// Every step takes `FORM`, also those with no code of their own the form skips: each instance
/// of `resolve_call` then has its own instance of each step, and of the closures and iterators in
/// it, called once and so inlined, and the form's instance compiles as when the steps were
/// written out here. (Steps shared by both instances stay calls, and their iterator code joined
/// the app's first module, which has little room left: 1.2 KB more, measured.)
fn resolve_call<const FORM: bool>(request: &Request) -> ConvResult<Layer> {
    let mut reader = ArgReader::new(NAME, &request.params);
    let call = read_call::<FORM>(request, &reader)?;
    let mut args = read_args::<FORM>(request, &call, &mut reader)?;
    let weight_shape = weight_shape::<FORM>(request, &call, &args)?;
    apply_output_size::<FORM>(request, &call, &mut args, &weight_shape)?;
    let spatial = apply_padding_mode::<FORM>(request, &call, &mut args, &weight_shape)?;
    check_shape_forward::<FORM>(&call, &args, &weight_shape)?;

    let kernel_size = &weight_shape[2..];
    let pads = conv_pads::<FORM>(&args.padding, call.rank, &args.dilation, kernel_size);
    let channels_out = channels_out::<FORM>(request, &call, &args, &weight_shape, &spatial, &pads)?;
    let sizes = output_sizes::<FORM>(call.op, &spatial, &args, kernel_size, &pads);
    let empty = check_backend::<FORM>(request, &call, &args, &weight_shape, &spatial, &sizes)?;
    let axes = axis_specs::<FORM>(call.op, &spatial, &args, kernel_size, &pads, &sizes)?;
    let notes = notes::<FORM>(request, &call, &args, &reader, &axes, &sizes, empty);
    let axes = with_module_pads::<FORM>(axes, &args);

    let op = call.op;
    let derivations = axes
        .iter()
        .map(|axis| match op {
            Op::ConvTranspose => derive_conv_transpose(axis, axis.pad_before == axis.pad_after),
            Op::Conv => derive_conv(axis),
        })
        .collect();
    let output_shape =
        join_shape(args.input.batch, channels_out, &axes.iter().map(|a| a.size_out).collect::<Vec<_>>(), call.position);
    Ok(Layer {
        op,
        axes,
        channel_position: call.position,
        batch: args.input.batch,
        channels_in: args.input.channels,
        channels_out,
        groups: args.groups,
        weight_layout: WeightLayout::channels_first(op),
        weight_shape,
        output_shape,
        kernel_flipped: false,
        bias: args.bias,
        derivations,
        notes,
        // (The form writes no padding_mode.)
        padding_mode: match args.padding_mode.as_deref().filter(|_| !FORM).unwrap_or("zeros") {
            "reflect" if call.module => PaddingMode::Reflect,
            "replicate" if call.module => PaddingMode::Replicate,
            "circular" if call.module => PaddingMode::Circular,
            _ => PaddingMode::Zeros,
        },
        explicit_layouts: None,
    })
}

/// The call a request names: `nn.ConvTranspose2d(…)(input)`, `F.conv1d(input, weight, …)` …
struct Call {
    op: Op,
    rank: usize,
    position: ChannelPosition,
    /// The `nn` module (constructor arguments, a weight it builds) rather than `F.*` (a weight tensor).
    module: bool,
    /// The module's name (`ConvTranspose2d`), which the messages use for either form.
    name: String,
}

/// (`FORM`: the form names a module call by `op` and `rank`, without a layout.)
fn read_call<const FORM: bool>(request: &Request, reader: &ArgReader) -> ConvResult<Call> {
    let (op, rank) = if FORM { (request.op, request.rank) } else { call_op_and_rank(request)? };
    let position = match &request.layout {
        Some(layout) if !FORM => layout_position(layout, rank, request.input_shape.len())?,
        _ => ChannelPosition::First,
    };
    let module = FORM || is_module(request, reader);
    Ok(Call { op, rank, position, module, name: module_name(op, rank) })
}

/// The call's arguments under PyTorch's own names, defaults filled in: `nn.ConvTranspose2d(
/// in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1,
/// bias=True, dilation=1, padding_mode='zeros')` and its `forward(input, output_size=None)`, or
/// `F.conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1,
/// dilation=1)` (the request's `weight_shape` stands for `weight`).
struct Args {
    input: SplitShape,
    /// The module's `in_channels, out_channels, kernel_size`, or F.*'s `weight`.
    weight: Weight,
    stride: Vec<i64>,
    /// As given; [`apply_padding_mode`] makes it `Padded` when the module pads the input itself.
    padding: Padding,
    /// Zeros for a forward conv, which takes none; [`apply_output_size`] replaces it with the one
    /// `output_size` implies.
    output_padding: Vec<i64>,
    groups: i64,
    dilation: Vec<i64>,
    bias: bool,
    /// As given (`None`: 'zeros'); only the module takes it.
    padding_mode: Option<String>,
    /// `forward(output_size=)`, which only the transposed module takes.
    output_size: Option<Value>,
}

/// What the weight comes from.
enum Weight {
    /// `nn.Conv*d(in_channels, out_channels, kernel_size, …)`: the module builds its own.
    Module { in_channels: i64, out_channels: i64, kernel_size: Vec<i64> },
    /// `F.conv*d(input, weight, …)`: the tensor's shape (the request's `weight_shape`).
    Tensor(Vec<i64>),
}

/// Reads the arguments with their types, after the names the call does not take; the input comes
/// before the constructor's three (whose defaults may come from it), as the dialect always read them.
fn read_args<const FORM: bool>(request: &Request, call: &Call, reader: &mut ArgReader) -> ConvResult<Args> {
    // (`FORM ||`: the form's call is the module, and saying so here keeps F.*'s paths out of its instance.)
    let (op, rank, module) = (call.op, call.rank, FORM || call.module);
    if !FORM {
        check_argument_names(reader, op, rank, module)?;
    }
    for neutral in ["device", "dtype"] {
        reader.value(neutral);
    }

    let stride = reader.per_axis("stride", rank, PerAxis::INT_OR_SINGLE_OR_LIST)?.unwrap_or(vec![1; rank]);
    let dilation = reader.per_axis("dilation", rank, PerAxis::INT_OR_SINGLE_OR_LIST)?.unwrap_or(vec![1; rank]);
    let padding = read_padding(reader, rank, op, module)?;
    let output_padding = match op {
        Op::ConvTranspose => {
            reader.per_axis("output_padding", rank, PerAxis::INT_OR_SINGLE_OR_LIST)?.unwrap_or(vec![0; rank])
        }
        Op::Conv => vec![0; rank],
    };
    let groups = reader.int("groups")?.unwrap_or(1);
    // A module takes `bias=None` as "no bias" (`if bias:`); F.* takes None as no bias tensor.
    let bias = if reader.is_null("bias") { false } else { reader.boolean("bias")?.unwrap_or(module) };
    let padding_mode = if FORM { None } else { reader.string("padding_mode")? };
    let output_size = match op {
        Op::ConvTranspose if module => reader.value("output_size").cloned(),
        _ => None,
    };
    let input = split_shape(&request.input_shape, rank, call.position, !FORM, NAME)?;

    let name = &call.name;
    let weight = if module {
        let in_channels = reader.int("in_channels")?.unwrap_or(input.channels);
        let out_channels = reader
            .int("out_channels")?
            .or_else(|| if FORM { None } else { module_out_channels(request, op, groups) })
            .ok_or_else(|| ConvError::malformed(format!("{name} needs out_channels")))?;
        let kernel_size = reader
            .per_axis("kernel_size", rank, PerAxis::INT_OR_LIST)?
            .or_else(|| request.weight_shape.as_ref().filter(|w| !FORM && w.len() == rank + 2).map(|w| w[2..].to_vec()))
            .ok_or_else(|| ConvError::malformed(format!("{name} needs kernel_size")))?;
        Weight::Module { in_channels, out_channels, kernel_size }
    } else {
        Weight::Tensor(
            request
                .weight_shape
                .clone()
                .ok_or_else(|| ConvError::malformed(format!("the functional form of {name} needs weight_shape")))?,
        )
    };
    Ok(Args { input, weight, stride, padding, output_padding, groups, dilation, bias, padding_mode, output_size })
}

/// The weight: built by the module constructor, or passed to the functional form.
fn weight_shape<const FORM: bool>(request: &Request, call: &Call, args: &Args) -> ConvResult<Vec<i64>> {
    let shape = match &args.weight {
        Weight::Module { in_channels, out_channels, kernel_size } => {
            module_weight::<FORM>(request, call, args, *in_channels, *out_channels, kernel_size)?
        }
        Weight::Tensor(shape) => shape.clone(),
    };
    if let Some(&bad) = shape.iter().find(|&&d| !FORM && d < 0) {
        return Err(ConvError::rejected(format!(
            "Trying to create tensor with negative dimension {bad}: {}",
            list_text(&shape)
        )));
    }
    Ok(shape)
}

/// The module constructor's checks, then the weight it makes.
fn module_weight<const FORM: bool>(
    request: &Request,
    call: &Call,
    args: &Args,
    in_channels: i64,
    out_channels: i64,
    kernel_size: &[i64],
) -> ConvResult<Vec<i64>> {
    let (op, name, groups) = (call.op, &call.name, args.groups);
    check_module_constructor(in_channels, out_channels, groups, &args.padding, &args.stride)?;
    if !FORM {
        // (The form writes no padding_mode.)
        check_module_padding_mode(name, op, args.padding_mode.as_deref().unwrap_or("zeros"))?;
    }
    let (first, second) = match op {
        Op::ConvTranspose => (in_channels, out_channels / groups),
        Op::Conv => (out_channels, in_channels / groups),
    };
    let mut shape = vec![first, second];
    shape.extend(kernel_size);
    if let Some(&bad) = shape.iter().find(|&&d| !FORM && d < 0) {
        return Err(ConvError::rejected(format!(
            "Trying to create tensor with negative dimension {bad}: {} ({name}'s weight is \
             (in_channels, out_channels / groups, *kernel_size) for a transposed conv, \
             (out_channels, in_channels / groups, *kernel_size) otherwise)",
            list_text(&shape)
        )));
    }
    if let Some(given) = request.weight_shape.as_ref().filter(|_| !FORM) {
        if *given != shape {
            return Err(ConvError::rejected(format!(
                "weight_shape {} contradicts the weight {} that {name}(in_channels, out_channels, kernel_size, \
                 groups={groups}) builds; a module makes its own weight, so give one or the other (or both alike)",
                list_text(given),
                list_text(&shape)
            )));
        }
    }
    Ok(shape)
}

/// `_ConvTransposeNd._output_padding` runs in Python before anything else in forward(): with
/// `output_size`, the output_padding it implies replaces the given one.
fn apply_output_size<const FORM: bool>(
    request: &Request,
    call: &Call,
    args: &mut Args,
    weight_shape: &[i64],
) -> ConvResult<()> {
    let rank = call.rank;
    // It indexes stride / padding / dilation per axis, so a one-element list there is an IndexError.
    if !FORM && args.output_size.is_some() && rank > 1 {
        let short = |name: &str| matches!(request.params.get(name), Some(Value::List(items)) if items.len() < rank);
        if let Some(name) = ["stride", "padding", "dilation"].into_iter().find(|name| short(name)) {
            return Err(ConvError::rejected(format!(
                "IndexError: tuple index out of range ({name} was given with fewer than {rank} entries, and forward(output_size=) reads {name}[d] for each of the {rank} axes)"
            )));
        }
    }
    if let (Some(sizes), Padding::Explicit(pads)) = (&args.output_size, &args.padding) {
        if weight_shape.len() == rank + 2 {
            args.output_padding = output_padding_from_size::<FORM>(
                &call.name,
                sizes,
                &args.input,
                &args.stride,
                pads,
                &weight_shape[2..],
                &args.dilation,
            )?;
        }
    }
    Ok(())
}

/// A module with padding_mode != 'zeros' pads the input itself (F.pad), then convolves with
/// padding 0: the spatial sizes the convolution sees (the padded ones), and `args.padding`
/// becomes `Padded` with F.pad's pads.
fn apply_padding_mode<const FORM: bool>(
    request: &Request,
    call: &Call,
    args: &mut Args,
    weight_shape: &[i64],
) -> ConvResult<Vec<i64>> {
    let mut spatial = args.input.spatial.clone();
    let padding_mode = args.padding_mode.as_deref().unwrap_or("zeros");
    // (Even for padding='valid': F.pad then runs with zero pads, and its checks still apply.)
    if !FORM && call.module && call.op == Op::Conv && padding_mode != "zeros" {
        let rank = call.rank;
        let pads: Vec<(i64, i64)> = match &args.padding {
            Padding::Explicit(p) => p.iter().map(|&p| (p, p)).collect(),
            Padding::Valid => vec![(0, 0); rank],
            _ => (0..rank)
                .map(|axis| {
                    let total =
                        args.dilation[axis].saturating_mul(weight_shape.get(axis + 2).copied().unwrap_or(1) - 1);
                    same_split(total, OddCell::End)
                })
                .collect(),
        };
        if pads.iter().any(|&(b, a)| b < 0 || a < 0) {
            return Err(ConvError::rejected("negative padding is not supported"));
        }
        let batched = args.input.batch.is_some();
        check_padding_mode(padding_mode, &request.input_shape, batched, &args.input.spatial, &pads)?;
        for axis in 0..rank {
            spatial[axis] = spatial[axis].saturating_add(pads[axis].0).saturating_add(pads[axis].1);
        }
        args.padding = Padding::Padded(pads);
    }
    Ok(spatial)
}

/// C++ `_convolution` / `check_shape_forward`, in its order.
fn check_shape_forward<const FORM: bool>(call: &Call, args: &Args, weight_shape: &[i64]) -> ConvResult<()> {
    let (stride, dilation, groups) = (&args.stride, &args.dilation, args.groups);
    if let Padding::Explicit(p) = &args.padding {
        if !FORM && p.iter().any(|&v| v < 0) {
            return Err(ConvError::rejected("negative padding is not supported"));
        }
    }
    if !FORM && args.output_padding.iter().any(|&v| v < 0) {
        return Err(ConvError::rejected("negative output_padding is not supported"));
    }
    if !FORM && stride.iter().any(|&v| v <= 0) {
        return Err(ConvError::rejected(format!(
            "non-positive stride is not supported (stride={})",
            list_text(stride)
        )));
    }
    if !FORM && dilation.iter().any(|&v| v < 0) {
        return Err(ConvError::rejected(format!(
            "dilation should be greater than zero, but got dilation={}",
            list_text(dilation)
        )));
    }
    if !FORM && groups <= 0 {
        return Err(ConvError::rejected(format!("non-positive groups is not supported (groups={groups})")));
    }
    if matches!(args.padding, Padding::Same) && stride.iter().any(|&s| s != 1) {
        return Err(ConvError::rejected("padding='same' is not supported for strided convolutions"));
    }
    if !FORM && weight_shape.len() != call.rank + 2 {
        return Err(ConvError::rejected(format!(
            "Expected {}-dimensional input for {}-dimensional weight {}, but got {}-dimensional input",
            weight_shape.len(),
            weight_shape.len(),
            list_text(weight_shape),
            call.rank + 2
        )));
    }
    if !FORM && weight_shape[0] < groups {
        return Err(ConvError::rejected(format!(
            "Given groups={groups}, expected weight to be at least {groups} at dimension 0, but got weight of size {} instead",
            list_text(weight_shape)
        )));
    }
    if !FORM && weight_shape[0] % groups != 0 {
        return Err(ConvError::rejected(format!(
            "Given groups={groups}, expected weight to be divisible by {groups} at dimension 0, but got weight of size {}",
            list_text(weight_shape)
        )));
    }
    Ok(())
}

/// The pads (before, after) per axis that the convolution itself applies.
fn conv_pads<const FORM: bool>(
    padding: &Padding,
    rank: usize,
    dilation: &[i64],
    kernel_size: &[i64],
) -> Vec<(i64, i64)> {
    match padding {
        Padding::Explicit(p) => p.iter().map(|&p| (p, p)).collect(),
        Padding::Valid => vec![(0, 0); rank],
        Padding::Padded(_) => vec![(0, 0); rank],
        Padding::Same => (0..rank)
            .map(|axis| {
                let total = dilation[axis].saturating_mul(kernel_size[axis] - 1).max(0);
                same_split(total, OddCell::End)
            })
            .collect(),
    }
}

/// torch's kernel field: dilation*(k - 1) + 1, even for an empty kernel.
fn torch_field(dilation: i64, kernel_size: i64) -> i128 {
    dilation as i128 * (kernel_size as i128 - 1) + 1
}

/// The output's channels, after the checks of the weight against the input's channels (and, for
/// a forward conv, of the kernel against the padded input).
fn channels_out<const FORM: bool>(
    request: &Request,
    call: &Call,
    args: &Args,
    weight_shape: &[i64],
    spatial: &[i64],
    pads: &[(i64, i64)],
) -> ConvResult<i64> {
    let (channels, groups) = (args.input.channels, args.groups);
    let channels_out = match call.op {
        Op::ConvTranspose => {
            if !FORM && channels != weight_shape[0] {
                return Err(ConvError::rejected(format!(
                    "Given transposed=1, weight of size {}, expected input {} to have {} channels, but got {} channels instead",
                    list_text(weight_shape),
                    list_text(&request.input_shape),
                    weight_shape[0],
                    channels
                )));
            }
            weight_shape[1].checked_mul(groups)
        }
        Op::Conv => {
            if !FORM && weight_shape[1].checked_mul(groups) != Some(channels) {
                return Err(ConvError::rejected(format!(
                    "Given groups={groups}, weight of size {}, expected input {} to have {} channels, but got {} channels instead",
                    list_text(weight_shape),
                    list_text(&request.input_shape),
                    weight_shape[1].saturating_mul(groups),
                    channels
                )));
            }
            let rank = call.rank;
            let field = |axis: usize| torch_field(args.dilation[axis], weight_shape[2 + axis]);
            let padded: Vec<i128> =
                (0..rank).map(|axis| spatial[axis] as i128 + pads[axis].0 as i128 + pads[axis].1 as i128).collect();
            if (0..rank).any(|axis| padded[axis] < field(axis)) {
                let padded: Vec<String> = padded.iter().map(|v| signed_text(*v)).collect();
                let fields: Vec<String> = (0..rank).map(|axis| signed_text(field(axis))).collect();
                return Err(ConvError::rejected(format!(
                    "Calculated padded input size per channel: ({}). Kernel size: ({}). Kernel size can't be greater than actual input size",
                    padded.join(" x "),
                    fields.join(" x ")
                )));
            }
            // An input with no channels yields no channels, whatever the weight says (torch's empty path).
            Some(if channels == 0 { 0 } else { weight_shape[0] })
        }
    };
    channels_out.ok_or_else(|| ConvError::rejected("the number of output channels overflows"))
}

/// The sizes torch's shape rule gives (its own field, which an empty kernel or dilation 0 can make odd).
fn output_sizes<const FORM: bool>(
    op: Op,
    spatial: &[i64],
    args: &Args,
    kernel_size: &[i64],
    pads: &[(i64, i64)],
) -> Vec<i128> {
    (0..spatial.len())
        .map(|axis| {
            let (n, s) = (spatial[axis] as i128, args.stride[axis] as i128);
            let field = torch_field(args.dilation[axis], kernel_size[axis]);
            match op {
                Op::ConvTranspose => {
                    (n - 1) * s - pads[axis].0 as i128 - pads[axis].1 as i128
                        + field
                        + args.output_padding[axis] as i128
                }
                Op::Conv => (n + pads[axis].0 as i128 + pads[axis].1 as i128 - field).div_euclid(s) + 1,
            }
        })
        .collect()
}

/// `_select_conv_backend`: a batch of 0 or an input of 0 channels takes the empty path, which
/// skips the kernels' own checks (dilation 0, empty kernels, output_padding, too-small outputs).
/// Runs the checks of the path the call takes, and says whether it is the empty one.
fn check_backend<const FORM: bool>(
    request: &Request,
    call: &Call,
    args: &Args,
    weight_shape: &[i64],
    spatial: &[i64],
    sizes: &[i128],
) -> ConvResult<bool> {
    // F.* and forward() unsqueeze an unbatched input to a batch of one.
    let batch = args.input.batch.unwrap_or(1);
    let empty = !FORM && (batch == 0 || args.input.channels == 0);
    if empty {
        check_empty_path(args.input.channels, weight_shape, sizes)?;
    } else {
        check_kernel_path::<FORM>(request, call, args, weight_shape, spatial, sizes)?;
    }
    Ok(empty)
}

/// The empty path reads the first weight value, and computes the output's size without checking it.
fn check_empty_path(channels: i64, weight_shape: &[i64], sizes: &[i128]) -> ConvResult<()> {
    if channels != 0 && weight_shape.contains(&0) {
        return Err(ConvError::rejected(format!(
            "IndexError: select(): index 0 out of range for tensor of size [0] at dimension 0 (the empty-batch \
             path of torch reads the first weight value, and weight {} has none)",
            list_text(weight_shape)
        )));
    }
    if let Some(bad) = sizes.iter().find(|&&v| v < 0) {
        return Err(ConvError::rejected(format!(
            "invalid shape dimension {} in the output shape ({}): torch's empty-batch path computes the size \
             without checking it",
            signed_text(*bad),
            sizes.iter().map(|v| signed_text(*v)).collect::<Vec<_>>().join(" x ")
        )));
    }
    Ok(())
}

/// The kernels' own checks, which every call but the empty path's runs.
fn check_kernel_path<const FORM: bool>(
    request: &Request,
    call: &Call,
    args: &Args,
    weight_shape: &[i64],
    spatial: &[i64],
    sizes: &[i128],
) -> ConvResult<()> {
    let (stride, dilation, output_padding) = (&args.stride, &args.dilation, &args.output_padding);
    let kernel_size = &weight_shape[2..];
    if args.input.spatial.contains(&0) || spatial.contains(&0) {
        return Err(ConvError::rejected(format!(
            "Only zero batch or zero channel inputs are supported, but got input shape: {}",
            list_text(&request.input_shape)
        )));
    }
    if !FORM && dilation.iter().any(|&v| v <= 0) {
        return Err(ConvError::rejected(format!(
            "dilation should be greater than zero, but got dilation={}",
            list_text(dilation)
        )));
    }
    if !FORM && call.op == Op::ConvTranspose && weight_shape[1] == 0 {
        return Err(ConvError::rejected(format!(
            "non-empty {}D weight tensor expected, but got: {} (a transposed conv with no output channels)",
            call.rank + 2,
            list_text(weight_shape)
        )));
    }
    if let Some(k) = kernel_size.iter().find(|&&k| !FORM && k <= 0) {
        return Err(ConvError::rejected(format!(
            "kernel size should be greater than zero, but got kernel_size={} ({k})",
            list_text(kernel_size)
        )));
    }
    if call.op == Op::ConvTranspose {
        for axis in 0..call.rank {
            if output_padding[axis] >= stride[axis] && output_padding[axis] >= dilation[axis] {
                return Err(ConvError::rejected(format!(
                    "output padding must be smaller than either stride or dilation, but got output_padding={} \
                     stride={} dilation={} (axis {axis}: {} is not smaller than max({}, {}) = {})",
                    list_text(output_padding),
                    list_text(stride),
                    list_text(dilation),
                    output_padding[axis],
                    stride[axis],
                    dilation[axis],
                    stride[axis].max(dilation[axis])
                )));
            }
        }
        // oneDNN (mkldnn), which torch picks for many of these calls, returns an empty axis where the
        // native kernel says "too small"; a negative size fails in both.
        let mkldnn_empty = sizes.iter().all(|&v| v >= 0)
            && uses_mkldnn_transpose(
                args.input.batch.unwrap_or(1),
                args.input.channels,
                spatial,
                weight_shape,
                args.groups,
                stride,
                output_padding,
            );
        if sizes.iter().any(|&v| v < 1) && !mkldnn_empty {
            let text: Vec<String> = sizes.iter().map(|v| signed_text(*v)).collect();
            return Err(ConvError::rejected(format!(
                "Given input size per channel: ({}). Calculated output size per channel: ({}). Output size is too small",
                join_x(&args.input.spatial),
                text.join(" x ")
            )));
        }
    }
    Ok(())
}

/// The canonical axes, of torch's sizes.
fn axis_specs<const FORM: bool>(
    op: Op,
    spatial: &[i64],
    args: &Args,
    kernel_size: &[i64],
    pads: &[(i64, i64)],
    sizes: &[i128],
) -> ConvResult<Vec<Axis>> {
    let mut axes = Vec::with_capacity(spatial.len());
    for axis in 0..spatial.len() {
        let (n, k, s, d) = (spatial[axis], kernel_size[axis], args.stride[axis], args.dilation[axis]);
        let size = sizes[axis].clamp(0, i64::MAX as i128) as i64;
        let spec = AxisSpec {
            size_in: n,
            kernel_size: k,
            stride: s,
            dilation: d,
            pad_before: pads[axis].0,
            pad_after: pads[axis].1,
            output_padding: if op == Op::ConvTranspose { args.output_padding[axis] } else { 0 },
        };
        // Only the empty path can disagree with the canonical geometry (its output holds no values).
        let spec = match op {
            _ if spec.raw_size_out(op) == size as i128 => spec,
            Op::ConvTranspose => window_spec(n, k, s, d, pads[axis].0, size),
            Op::Conv => conv_spec_of_size(n, k, s, d, pads[axis].0, size),
        };
        axes.push(spec.resolve(op)?);
    }
    Ok(axes)
}

/// What the answer says besides the shape.
fn notes<const FORM: bool>(
    request: &Request,
    call: &Call,
    args: &Args,
    reader: &ArgReader,
    axes: &[Axis],
    sizes: &[i128],
    empty: bool,
) -> Vec<String> {
    let op = call.op;
    let mut notes = Vec::new();
    // (The form's input is always batched: `[1, in_channels, spatial…]`.)
    let batched = FORM || args.input.batch.is_some();
    if !batched {
        notes.push(format!(
            "unbatched input: {} treats {} as a batch of one and returns the output without the batch axis",
            call.name,
            list_text(&request.input_shape)
        ));
    }
    if empty {
        notes.push(
            "an input with a batch of 0 or no channels takes torch's empty path: the output holds no values, and the \
             kernels' own checks (dilation > 0, kernel > 0, output_padding < max(stride, dilation), output size > 0) \
             do not run"
                .to_string(),
        );
    }
    if op == Op::ConvTranspose && !empty && sizes.contains(&0) {
        notes.push(
            "an output axis of size 0: torch runs this call through oneDNN (mkldnn), which returns an empty output; its native kernel (chosen for a batch of one with groups=1 and a small kernel, or with torch.set_num_threads(1)) rejects it as \"Output size is too small\""
                .to_string(),
        );
    }
    if op == Op::ConvTranspose && args.output_size.is_some() {
        let a: Vec<i64> = axes.iter().map(|a| a.output_padding).collect();
        notes.push(format!(
            "output_size chose output_padding={} (forward(output_size=) only accepts sizes up to stride - 1 above the \
             smallest, even where output_padding alone may go up to max(stride, dilation) - 1)",
            list_text(&a)
        ));
    }
    if op == Op::ConvTranspose && axes.iter().any(|a| a.output_padding > 0) {
        notes.push(
            "output_padding adds cells at the end (bottom/right) only; they are not zeros — they keep whatever the \
             scatter put there before padding cropped it"
                .to_string(),
        );
    }
    if op == Op::Conv && matches!(args.padding, Padding::Same) && axes.iter().any(|a| a.pad_before != a.pad_after) {
        notes
            .push("padding='same' with an odd total puts the extra padding cell at the end (bottom/right)".to_string());
    }
    if let Padding::Padded(pads) = &args.padding {
        notes.push(format!(
            "padding_mode='{}': the module pads the input itself (F.pad, {} per axis) and then convolves \
             with padding 0",
            args.padding_mode.as_deref().unwrap_or("zeros"),
            pads.iter().map(|(b, a)| format!("({b}, {a})")).collect::<Vec<_>>().join(", ")
        ));
    }
    if !FORM {
        // (The form writes only PyTorch's own argument names.)
        notes.extend(reader.unknown_notes());
    }
    notes
}

/// The padded input is what the engine convolves; the pads go back so the values use the mode.
fn with_module_pads<const FORM: bool>(axes: Vec<Axis>, args: &Args) -> Vec<Axis> {
    match &args.padding {
        Padding::Padded(pads) => axes
            .into_iter()
            .zip(pads)
            .zip(&args.input.spatial)
            .map(|((mut axis, &(before, after)), &n)| {
                axis.size_in = n;
                axis.pad_before = before;
                axis.pad_after = after;
                axis
            })
            .collect(),
        _ => axes,
    }
}

/// `ConvParams::use_mkldnn` for a transposed conv on a float32 CPU tensor, with torch's default
/// thread count on a multi-core machine (more than one thread). A 1-D call is viewed as 2-D
/// (`(N, C, 1, L)`, weight `(…, 1, k)`); for 3-D the last two kernel axes and `D`, `H` count.
fn uses_mkldnn_transpose(
    batch: i64,
    channels: i64,
    spatial: &[i64],
    weight: &[i64],
    groups: i64,
    stride: &[i64],
    output_padding: &[i64],
) -> bool {
    if output_padding.iter().zip(stride).any(|(a, s)| a >= s) {
        return false;
    }
    let rank = spatial.len();
    let (kh, kw) = if rank == 1 { (1, weight[2]) } else { (weight[weight.len() - 2], weight[weight.len() - 1]) };
    let (size2, size3) = if rank == 1 { (1, spatial[0]) } else { (spatial[0], spatial[1]) };
    let volume = batch as i128 * channels as i128 * size2 as i128 * size3 as i128;
    groups > 1 || (kw > 3 && kh > 3) || batch > 1 || volume > 20480
}

/// A forward axis whose output has `size` cells (the empty path's sizes, where torch's field for an
/// empty kernel differs from the canonical one): the end padding absorbs the difference.
fn conv_spec_of_size(n: i64, k: i64, s: i64, d: i64, pad_before: i64, size: i64) -> AxisSpec {
    let field = crate::conv::geometry::axis::kernel_field(k, d);
    let padded = if size == 0 { 0 } else { (size as i128 - 1) * s as i128 + field };
    let after = (padded - n as i128 - pad_before as i128).clamp(i64::MIN as i128, i64::MAX as i128) as i64;
    AxisSpec { size_in: n, kernel_size: k, stride: s, dilation: d, pad_before, pad_after: after, output_padding: 0 }
}

/// Without `out_channels`, a module request may still carry its weight shape.
fn module_out_channels(request: &Request, op: Op, groups: i64) -> Option<i64> {
    let weight = request.weight_shape.as_ref()?;
    match op {
        Op::ConvTranspose => weight.get(1).and_then(|c| c.checked_mul(groups)),
        Op::Conv => weight.first().copied(),
    }
}

/// The checks `_ConvNd.__init__` / `_ConvTransposeNd.__init__` make before any tensor exists.
fn check_module_constructor(
    in_channels: i64,
    out_channels: i64,
    groups: i64,
    padding: &Padding,
    stride: &[i64],
) -> ConvResult<()> {
    if groups <= 0 {
        return Err(ConvError::rejected(format!("groups must be a positive integer (got groups={groups})")));
    }
    if in_channels % groups != 0 {
        return Err(ConvError::rejected(format!(
            "in_channels must be divisible by groups ({in_channels} is not divisible by {groups})"
        )));
    }
    if out_channels % groups != 0 {
        return Err(ConvError::rejected(format!(
            "out_channels must be divisible by groups ({out_channels} is not divisible by {groups})"
        )));
    }
    if matches!(padding, Padding::Same) && stride.iter().any(|&s| s != 1) {
        return Err(ConvError::rejected("padding='same' is not supported for strided convolutions"));
    }
    Ok(())
}

/// The constructor's `padding_mode` checks, which it makes right after [`check_module_constructor`]'s.
fn check_module_padding_mode(name: &str, op: Op, padding_mode: &str) -> ConvResult<()> {
    let modes = ["zeros", "reflect", "replicate", "circular"];
    if !modes.contains(&padding_mode) {
        return Err(ConvError::rejected(format!(
            "padding_mode must be one of {{'zeros', 'reflect', 'replicate', 'circular'}}, but got padding_mode='{padding_mode}'"
        )));
    }
    if op == Op::ConvTranspose && padding_mode != "zeros" {
        return Err(ConvError::rejected(format!("Only \"zeros\" padding mode is supported for {name}")));
    }
    Ok(())
}

/// `_ConvTransposeNd._output_padding`: the output_padding that `forward(output_size=)` implies.
/// (`FORM`: the form writes `output_size` as one integer per spatial axis.)
fn output_padding_from_size<const FORM: bool>(
    name: &str,
    sizes: &Value,
    input: &SplitShape,
    stride: &[i64],
    padding: &[i64],
    kernel_size: &[i64],
    dilation: &[i64],
) -> ConvResult<Vec<i64>> {
    let rank = stride.len();
    let Some(mut sizes) = sizes.as_ints().filter(|_| FORM || matches!(sizes, Value::List(_))) else {
        return Err(ConvError::rejected(format!("output_size must be a list of ints (got {})", sizes.describe())));
    };
    let non_spatial = if input.batch.is_some() { 2 } else { 1 };
    if !FORM && sizes.len() == rank + non_spatial {
        sizes.drain(..non_spatial);
    }
    if !FORM && sizes.len() != rank {
        return Err(ConvError::rejected(format!(
            "{name}: for {}D input, output_size must have {} or {} elements (got {})",
            rank + non_spatial,
            rank,
            rank + non_spatial,
            sizes.len()
        )));
    }
    let min: Vec<i64> = (0..rank)
        .map(|d| {
            let field = crate::conv::geometry::axis::kernel_field(kernel_size[d], dilation[d]);
            let value = (input.spatial[d] as i128 - 1) * stride[d] as i128 - 2 * padding[d] as i128 + field;
            value.clamp(i64::MIN as i128, i64::MAX as i128) as i64
        })
        .collect();
    let max: Vec<i64> = (0..rank).map(|d| min[d].saturating_add(stride[d] - 1)).collect();
    if (0..rank).any(|d| sizes[d] < min[d] || sizes[d] > max[d]) {
        return Err(ConvError::rejected(format!(
            "requested an output size of {}, but valid sizes range from {} to {} (for an input of {})",
            list_text(&sizes),
            list_text(&min),
            list_text(&max),
            list_text(&input.spatial)
        )));
    }
    Ok((0..rank).map(|d| sizes[d] - min[d]).collect())
}

fn join_x(values: &[i64]) -> String {
    values.iter().map(|v| v.to_string()).collect::<Vec<_>>().join(" x ")
}

// The reverse: the app's settings in PyTorch's words (the app's first module needs exactly
// these, `is_plain`, `request`, `fields` and `code_line`, so they stand alone; Paddle's module
// signature mirrors PyTorch's and reuses them).

use super::params::Params;
use super::settings::{Field, FieldKey, Padding as FormPadding, Settings};
use super::spelling::{compact, ints, keyword_args, lower, padding_value, python, settings_request, DefaultArg};
use super::{Dialect, Framework, Signature, Tensors};

pub const DIALECT: Dialect =
    Dialect { id: "pytorch", name: "PyTorch", backends: &[], resolve, request, fields, code_line, calls: CALLS };

/// `nn.ConvTranspose2d.__init__`, `forward`, `F.conv_transpose2d` … as torch 2.15's
/// `inspect.signature` and docstrings give them. The modules list `groups, bias, dilation` in
/// that order for the transposed layer but `dilation, groups, bias` for the forward one, so a
/// positional call means different things in each.
const CALLS: &[Signature] = &{
    const MODULE: &[&str] = &["torch.nn", "nn"];
    const FUNCTION: &[&str] = &["torch.nn.functional", "F", "nn.functional", "torch"];
    const TRANSPOSED: &[&str] = &[
        "in_channels",
        "out_channels",
        "kernel_size",
        "stride",
        "padding",
        "output_padding",
        "groups",
        "bias",
        "dilation",
        "padding_mode",
        "device",
        "dtype",
    ];
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
    ];
    const F_TRANSPOSED: &[&str] =
        &["input", "weight", "bias", "stride", "padding", "output_padding", "groups", "dilation"];
    const F_FORWARD: &[&str] = &["input", "weight", "bias", "stride", "padding", "dilation", "groups"];
    const OPERANDS: Tensors = Tensors { input: &["input"], weight: &["weight"], bias: &["bias"], operands: "" };
    const IGNORED: &[&str] = &["device", "dtype"];
    const fn module(name: &'static str, api: &'static str, op: Op, rank: usize) -> Signature {
        let transposed = matches!(op, Op::ConvTranspose);
        Signature {
            name,
            selector: "",
            paths: MODULE,
            api,
            op,
            rank,
            parameters: if transposed { TRANSPOSED } else { FORWARD },
            positional: if transposed { TRANSPOSED.len() } else { FORWARD.len() },
            required: 3,
            tensors: Tensors::NONE,
            ignored: IGNORED,
            applied: if transposed { &["input", "output_size"] } else { &["input"] },
        }
    }
    const fn function(name: &'static str, api: &'static str, op: Op, rank: usize) -> Signature {
        let parameters = if matches!(op, Op::ConvTranspose) { F_TRANSPOSED } else { F_FORWARD };
        Signature {
            name,
            selector: "",
            paths: FUNCTION,
            api,
            op,
            rank,
            parameters,
            positional: parameters.len(),
            required: 2,
            tensors: OPERANDS,
            ignored: &[],
            applied: &[],
        }
    }
    use Op::{Conv, ConvTranspose};
    [
        module("ConvTranspose1d", "torch.nn.ConvTranspose1d", ConvTranspose, 1),
        module("ConvTranspose2d", "torch.nn.ConvTranspose2d", ConvTranspose, 2),
        module("ConvTranspose3d", "torch.nn.ConvTranspose3d", ConvTranspose, 3),
        module("Conv1d", "torch.nn.Conv1d", Conv, 1),
        module("Conv2d", "torch.nn.Conv2d", Conv, 2),
        module("Conv3d", "torch.nn.Conv3d", Conv, 3),
        function("conv_transpose1d", "torch.nn.functional.conv_transpose1d", ConvTranspose, 1),
        function("conv_transpose2d", "torch.nn.functional.conv_transpose2d", ConvTranspose, 2),
        function("conv_transpose3d", "torch.nn.functional.conv_transpose3d", ConvTranspose, 3),
        function("conv1d", "torch.nn.functional.conv1d", Conv, 1),
        function("conv2d", "torch.nn.functional.conv2d", Conv, 2),
        function("conv3d", "torch.nn.functional.conv3d", Conv, 3),
    ]
};

/// Arguments `nn.Conv*` modules take with these defaults, left out of the code line. The last,
/// `padding='valid'` (padding 0), only `nn.Conv*d` takes: `nn.ConvTranspose*d` refuses a padding
/// string, so its line keeps the argument its dialect rejects.
const DEFAULTS: [(&str, DefaultArg); 6] = [
    ("stride", DefaultArg::Every(1)),
    ("padding", DefaultArg::Every(0)),
    ("output_padding", DefaultArg::Every(0)),
    ("groups", DefaultArg::Every(1)),
    ("dilation", DefaultArg::Every(1)),
    ("padding", DefaultArg::Word("valid")),
];

/// Whether the app's first module answers these PyTorch settings itself (`resolve_form`): every
/// size, kernel, stride, dilation, channel count and group count at least 1, padding amounts (or
/// words) and output_padding not negative. Any other settings load the full dialect first.
pub fn is_plain(settings: &Settings) -> bool {
    let positive = |values: &[i64]| values.iter().all(|&v| v >= 1);
    let padding = match settings.padding {
        FormPadding::Amounts(values) => values.iter().all(|&v| v >= 0),
        // (PyTorch takes no begin/end pairs; its full dialect says so.)
        FormPadding::Pairs(_) => false,
        FormPadding::Word(_) => true,
    };
    [settings.size_in, settings.kernel, settings.stride, settings.dilation].into_iter().all(positive)
        && positive(&[settings.channels_in, settings.channels_out, settings.groups])
        && padding
        // (A forward layer's form writes neither.)
        && (settings.op == Op::Conv
            || settings.output_padding.into_iter().flatten().all(|&v| v >= 0)
                && settings.output_size.into_iter().flatten().all(|&v| v >= 1))
}

/// The settings as an `nn.ConvTranspose2d`-style module call.
pub fn request(settings: &Settings) -> Request {
    let class = match settings.op {
        Op::ConvTranspose => format!("ConvTranspose{}d", settings.rank),
        Op::Conv => format!("Conv{}d", settings.rank),
    };
    module_request(settings, Framework::Pytorch, format!("torch.nn.{class}"), lower)
}

/// The settings as a call of the module `api`, whose arguments are PyTorch's (Paddle's mirror
/// them), with padding words in `word_case`.
pub fn module_request(
    settings: &Settings,
    framework: Framework,
    api: String,
    word_case: fn(&str) -> String,
) -> Request {
    let mut params = Params::new();
    params.set("in_channels", Value::Int(settings.channels_in));
    params.set("out_channels", Value::Int(settings.channels_out));
    params.set("kernel_size", compact(settings.kernel));
    params.set("stride", compact(settings.stride));
    params.set("padding", padding_value(settings, word_case));
    if settings.op == Op::ConvTranspose {
        if let Some(a) = settings.output_padding {
            params.set("output_padding", compact(a));
        }
        if let Some(out) = settings.output_size {
            params.set("output_size", ints(out));
        }
    }
    params.set("groups", Value::Int(settings.groups));
    params.set("dilation", compact(settings.dilation));
    Request { api: Some(api), ..settings_request(framework, settings, params) }
}

/// The module's fields, with the padding words `nn.Conv*d` takes.
pub fn fields(op: Op, _rank: usize) -> Vec<Field> {
    module_fields(op, &["valid", "same"])
}

/// The module's fields, PyTorch's or Paddle's (whose padding words are `words`).
pub fn module_fields(op: Op, words: &'static [&'static str]) -> Vec<Field> {
    use FieldKey::*;
    let transposed = op == Op::ConvTranspose;
    let mut out = vec![
        Field::new(ChannelsIn, "in_channels", &[], "input channels"),
        Field::new(ChannelsOut, "out_channels", &[], "output channels"),
        Field::new(Kernel, "kernel_size", &[], "int or HxW"),
        Field::new(Stride, "stride", &[], "int or HxW"),
        Field::new(Padding, "padding", words, "cropped from each side of the full scatter (transposed)"),
    ];
    if transposed {
        out.push(Field::new(OutputPadding, "output_padding", &[], "cells added at the end; < max(stride, dilation)"));
    }
    out.push(Field::new(Groups, "groups", &[], "channel groups"));
    out.push(Field::new(Dilation, "dilation", &[], "spacing between kernel taps"));
    if transposed {
        out.push(Field::new(OutputSize, "output_size", &[], "forward(x, output_size=): picks output_padding"));
    }
    out
}

/// `nn.ConvTranspose2d(1, 1, kernel_size=3, stride=2, …)`, and the forward call with
/// `output_size` when the settings give one.
pub fn code_line(settings: &Settings) -> String {
    let request = request(settings);
    let api = request.api.as_deref().unwrap_or_default().replacen("torch.", "", 1);
    let defaults = match settings.op {
        Op::Conv => &DEFAULTS[..],
        Op::ConvTranspose => &DEFAULTS[..DEFAULTS.len() - 1],
    };
    module_code_line(settings, &request, &api, defaults)
}

/// A module's code line: channels positional, then the keyword arguments not at `defaults`.
pub fn module_code_line(settings: &Settings, request: &Request, api: &str, defaults: &[(&str, DefaultArg)]) -> String {
    let mut args = vec![settings.channels_in.to_string(), settings.channels_out.to_string()];
    args.push(format!("kernel_size={}", python(&compact(settings.kernel))));
    args.extend(keyword_args(request, &["in_channels", "out_channels", "kernel_size", "output_size"], defaults));
    let call = format!("{api}({})", args.join(", "));
    // `output_size` is an argument of the forward call, so the line names the layer to call it.
    match settings.output_size {
        Some(out) => format!("layer = {call}\ny = layer(x, output_size={})", python(&ints(out))),
        None => call,
    }
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
        crate::conv::dialects::test_request(crate::conv::Framework::Pytorch, op, rank, api, input, weight, params)
    }

    fn module(cin: i64, cout: i64, k: i64) -> Vec<(&'static str, Value)> {
        crate::conv::dialects::module_arguments(cin, cout, k)
    }

    fn shape(request: &Request) -> Option<Vec<i64>> {
        resolve(request).ok().map(|layer| layer.output_shape)
    }

    #[test]
    fn unbatched_inputs_module_and_functional() {
        // (C, H, W) to nn.Conv2d: the request's rank defaulted to 1 (3 dims - 2); the api names 2.
        let r = request(Op::ConvTranspose, 1, "torch.nn.Conv2d", &[3, 5, 5], None, &module(3, 2, 3));
        assert_eq!(shape(&r), Some(vec![2, 3, 3]));
        let r =
            request(Op::Conv, 1, "torch.nn.functional.conv_transpose3d", &[3, 5, 5, 5], Some(&[3, 2, 3, 3, 3]), &[]);
        assert_eq!(shape(&r), Some(vec![2, 7, 7, 7]));
        let r = request(Op::Conv, 1, "torch.nn.Conv1d", &[3, 5], None, &module(3, 2, 3));
        assert_eq!(shape(&r), Some(vec![2, 3]));
        let r = request(Op::Conv, 2, "torch.nn.Conv2d", &[5, 5], None, &module(5, 2, 1));
        assert!(resolve(&r).unwrap_err().message.contains("Expected 3D (unbatched) or 4D (batched) input to conv2d"));
    }

    #[test]
    fn padding_mode_limits_per_mode() {
        let with = |mode: &str, n: i64, p: i64| {
            let mut params = module(1, 1, 1);
            params.push(("padding", Value::Int(p)));
            params.push(("padding_mode", Value::Str(mode.to_string())));
            shape(&request(Op::Conv, 2, "torch.nn.Conv2d", &[1, 1, n, n], None, &params))
        };
        assert_eq!(with("reflect", 3, 2), Some(vec![1, 1, 7, 7]));
        assert_eq!(with("reflect", 3, 3), None);
        assert_eq!(with("circular", 3, 3), Some(vec![1, 1, 9, 9]));
        assert_eq!(with("circular", 3, 4), None);
        assert_eq!(with("replicate", 1, 5), Some(vec![1, 1, 11, 11]));
        assert_eq!(with("replicate", 0, 1), None, "reflect/replicate need non-empty dims");
        // 'same' with reflect pads (1, 2) for kernel 4: 2 is not below 2
        let mut params = module(1, 1, 4);
        params.push(("padding", Value::Str("same".into())));
        params.push(("padding_mode", Value::Str("reflect".into())));
        assert_eq!(shape(&request(Op::Conv, 1, "torch.nn.Conv1d", &[1, 1, 2], None, &params)), None);
    }

    #[test]
    fn functional_form_rejects_module_only_arguments() {
        let r = request(
            Op::ConvTranspose,
            1,
            "torch.nn.functional.conv_transpose1d",
            &[1, 1, 3],
            Some(&[1, 1, 1]),
            &[("padding_mode", Value::Str("circular".into()))],
        );
        assert!(resolve(&r).unwrap_err().message.contains("unexpected keyword argument 'padding_mode'"));
        let r = request(
            Op::Conv,
            1,
            "torch.nn.functional.conv1d",
            &[1, 1, 3],
            Some(&[1, 1, 1]),
            &[("output_size", Value::Int(3))],
        );
        assert!(resolve(&r).is_err());
        let mut params = module(1, 1, 1);
        params.push(("output_padding", Value::Int(0)));
        assert!(resolve(&request(Op::Conv, 1, "torch.nn.Conv1d", &[1, 1, 3], None, &params)).is_err());
    }

    #[test]
    fn none_is_a_type_error_except_bias() {
        for name in ["stride", "padding", "dilation", "groups", "output_padding"] {
            let mut params = module(1, 1, 1);
            params.push((name, Value::Null));
            assert!(
                resolve(&request(Op::ConvTranspose, 1, "torch.nn.ConvTranspose1d", &[1, 1, 3], None, &params)).is_err()
            );
            let r = request(
                Op::ConvTranspose,
                1,
                "torch.nn.functional.conv_transpose1d",
                &[1, 1, 3],
                Some(&[1, 1, 1]),
                &[(name, Value::Null)],
            );
            assert!(resolve(&r).is_err(), "{name}=None");
        }
        let r =
            request(Op::Conv, 1, "torch.nn.functional.conv1d", &[1, 1, 3], Some(&[1, 1, 1]), &[("bias", Value::Null)]);
        assert_eq!(shape(&r), Some(vec![1, 1, 3]));
    }

    #[test]
    fn empty_batch_and_channel_inputs_take_the_empty_path() {
        // batch 0: output 0 and output_padding >= stride pass; a negative size does not
        let t = |input: &[i64], weight: &[i64], params: &[(&str, Value)]| {
            shape(&request(Op::ConvTranspose, 1, "torch.nn.functional.conv_transpose1d", input, Some(weight), params))
        };
        assert_eq!(t(&[0, 1, 1], &[1, 1, 2], &[("padding", Value::Int(1))]), Some(vec![0, 1, 0]));
        assert_eq!(t(&[0, 1, 3], &[1, 2, 3], &[("output_padding", Value::Int(2))]), Some(vec![0, 2, 7]));
        assert_eq!(t(&[0, 1, 1], &[1, 1, 1], &[("padding", Value::Int(2))]), None);
        assert_eq!(t(&[1, 1, 0], &[1, 1, 3], &[]), None, "only zero batch or zero channel inputs");
        // 0 input channels: 0 output channels, whatever the weight says
        let r = request(Op::Conv, 1, "torch.nn.functional.conv1d", &[1, 0, 5], Some(&[2, 0, 3]), &[]);
        assert_eq!(shape(&r), Some(vec![1, 0, 3]));
    }

    #[test]
    fn onednn_accepts_an_empty_transposed_axis() {
        let t = |input: &[i64], weight: &[i64]| {
            shape(&request(
                Op::ConvTranspose,
                1,
                "torch.nn.functional.conv_transpose1d",
                input,
                Some(weight),
                &[("padding", Value::Int(1))],
            ))
        };
        assert_eq!(t(&[2, 1, 1], &[1, 1, 2]), Some(vec![2, 1, 0]), "batch 2 runs on oneDNN");
        assert_eq!(
            t(&[1, 1, 1], &[1, 1, 2]),
            None,
            "batch 1, groups 1, small kernel: the native kernel says too small"
        );
    }

    #[test]
    fn weight_shape_must_agree_with_module_arguments() {
        let r = request(
            Op::ConvTranspose,
            2,
            "torch.nn.ConvTranspose2d",
            &[1, 4, 6, 6],
            Some(&[4, 8, 5, 5]),
            &module(4, 8, 3),
        );
        assert!(resolve(&r).unwrap_err().message.contains("contradicts"));
        let r = request(
            Op::ConvTranspose,
            2,
            "torch.nn.ConvTranspose2d",
            &[1, 4, 6, 6],
            Some(&[4, 8, 3, 3]),
            &module(4, 8, 3),
        );
        assert_eq!(shape(&r), Some(vec![1, 8, 8, 8]));
    }

    #[test]
    fn output_size_with_one_element_lists_is_an_index_error() {
        let mut params = module(2, 1, 3);
        params.push(("padding", Value::List(vec![Value::Int(0)])));
        params.push(("output_size", Value::List(vec![Value::Int(6), Value::Int(6)])));
        assert!(
            resolve(&request(Op::ConvTranspose, 2, "torch.nn.ConvTranspose2d", &[1, 2, 4, 4], None, &params)).is_err()
        );
    }
}
