//! Caffe: `Deconvolution` and `Convolution` layers (`ConvolutionParameter`).
//!
//! ```text
//! kernel_extent = dilation*(kernel_size - 1) + 1
//! Deconvolution: size_out = stride*(size_in - 1) + kernel_extent - 2*pad        (no output_padding, no size knob)
//! Convolution:   size_out = (size_in + 2*pad - kernel_extent) / stride + 1      (C++ division truncates)
//! ```
//! `kernel_size`, `pad`, `stride`, `dilation` are repeated fields: once, or once per spatial axis;
//! 2-D layers may use `kernel_h`/`kernel_w`, `pad_h`/`pad_w`, `stride_h`/`stride_w` instead (not both).
//! Nothing checks that a Deconvolution output is positive: the blob reshape refuses a negative size.
//! Sources: src/caffe/layers/base_conv_layer.cpp (`LayerSetUp`), deconv_layer.cpp / conv_layer.cpp
//! (`compute_output_shape`), src/caffe/proto/caffe.proto; behaviour recorded from the `caffe` tool built
//! from BVLC/caffe@9b891540. Weights: Deconvolution `(C, num_output/group, k…)`, Convolution
//! `(num_output, C/group, k…)`.

use super::common::{derive, list_text};
use crate::conv::dialects::params::ArgReader;
use crate::conv::dialects::Request;
use crate::conv::error::{ConvError, ConvResult};
use crate::conv::geometry::axis::{kernel_field, Axis, AxisSpec, Op};
use crate::conv::geometry::layer::{
    join_shape, resolve_axes, split_shape, ChannelPosition, Derivation, Layer, WeightLayout,
};

const NAME: &str = "Caffe";

/// A repeated `uint32` field: absent, once, or once per spatial axis.
fn repeated(reader: &mut ArgReader, name: &str, rank: usize) -> ConvResult<Option<Vec<i64>>> {
    let Some(value) = reader.value(name) else { return Ok(None) };
    let values = value.as_ints().ok_or_else(|| {
        ConvError::rejected(format!("{name} must be an unsigned integer or a list of them (got {})", value.describe()))
    })?;
    if values.iter().any(|&v| v < 0) {
        return Err(ConvError::rejected(format!(
            "{name} is a uint32 field: a negative value ({}) does not parse",
            list_text(&values)
        )));
    }
    match values.len() {
        0 => Ok(None),
        1 => Ok(Some(vec![values[0]; rank])),
        n if n == rank => Ok(Some(values)),
        n => Err(ConvError::rejected(format!(
            "{name} must be specified once, or once per spatial dimension ({name} specified {n} times; {rank} spatial dims)."
        ))),
    }
}

/// `kernel_size` vs `kernel_h`/`kernel_w` (and the same for pad and stride).
fn field_or_hw(reader: &mut ArgReader, name: &str, rank: usize) -> ConvResult<Option<Vec<i64>>> {
    let (h, w) = (format!("{name}_h"), format!("{name}_w"));
    let short = if name == "kernel" { "kernel_size" } else { name };
    if reader.has(&h) || reader.has(&w) {
        if rank != 2 {
            return Err(ConvError::rejected(format!("{h} & {w} can only be used for 2D convolution.")));
        }
        if reader.has(short) {
            return Err(ConvError::rejected(format!("Either {short} or {h}/w should be specified; not both.")));
        }
        let h = reader.int(&h)?;
        let w = reader.int(&w)?;
        return match (h, w) {
            (Some(h), Some(w)) if h >= 0 && w >= 0 => Ok(Some(vec![h, w])),
            (Some(_), Some(_)) => Err(ConvError::rejected(format!("{name}_h and {name}_w are uint32 fields"))),
            _ if name == "kernel" => {
                Err(ConvError::rejected("For non-square filters both kernel_h and kernel_w are required."))
            }
            _ => Err(ConvError::rejected(format!("For non-square {name} both {name}_h and {name}_w are required."))),
        };
    }
    repeated(reader, short, rank)
}

/// Resolve a Caffe layer.
pub fn resolve(request: &Request) -> ConvResult<Layer> {
    let op = request.op;
    let mut reader = ArgReader::new(NAME, &request.params);
    let args = read_args(&mut reader, request.rank)?;
    check_layout(request)?;
    check_kernel_and_stride(&args)?;
    let input = split_shape(&request.input_shape, request.rank, ChannelPosition::First, false, NAME)?;
    check_num_output_and_group(&args, input.channels)?;
    let weight_shape = weight_shape(request, &args, input.channels)?;
    let mut geometry = axis_geometry(op, &args, &input.spatial)?;
    let axes = resolve_axes(&geometry.specs, op)?;
    check_blobs_not_empty(request, &axes)?;
    if op == Op::ConvTranspose {
        geometry.notes.push(
            "Caffe's Deconvolution has no output_padding and no output size: to match another framework's size, \
             crop afterwards (a Crop layer) or change pad"
                .to_string(),
        );
    }
    let mut notes = geometry.notes;
    notes.extend(reader.unknown_notes());
    let output_shape = join_shape(
        input.batch,
        args.num_output,
        &axes.iter().map(|a| a.size_out).collect::<Vec<_>>(),
        ChannelPosition::First,
    );
    Ok(Layer {
        op,
        axes,
        channel_position: ChannelPosition::First,
        batch: input.batch,
        channels_in: input.channels,
        channels_out: args.num_output,
        groups: args.group,
        weight_layout: WeightLayout::channels_first(op),
        weight_shape,
        output_shape,
        kernel_flipped: false,
        bias: args.bias_term,
        derivations: geometry.derivations,
        notes,
        padding_mode: crate::conv::geometry::padding::PaddingMode::Zeros,
        explicit_layouts: None,
    })
}

/// The layer's `ConvolutionParameter` under Caffe's field names, one value per spatial axis
/// (`kernel_h`/`kernel_w`, `pad_h`/`pad_w`, `stride_h`/`stride_w` already merged in).
struct Args {
    bias_term: bool,
    num_output: i64,
    group: i64,
    kernel_size: Vec<i64>,
    stride: Vec<i64>,
    pad: Vec<i64>,
    dilation: Vec<i64>,
}

/// Read the `ConvolutionParameter` fields, with Caffe's defaults.
fn read_args(reader: &mut ArgReader, rank: usize) -> ConvResult<Args> {
    for neutral in ["engine", "force_nd_im2col", "weight_filler", "bias_filler", "name"] {
        reader.value(neutral);
    }
    if let Some(axis) = reader.int("axis")? {
        if axis != 1 {
            return Err(ConvError::malformed(format!(
                "convt-lab models Caffe convolutions with axis 1 only (got axis {axis})"
            )));
        }
    }
    let bias_term = reader.boolean("bias_term")?.unwrap_or(true);
    let num_output = reader.int("num_output")?.unwrap_or(0);
    let group = reader.int("group")?.unwrap_or(1);
    let kernel_size = field_or_hw(reader, "kernel", rank)?.ok_or_else(|| {
        ConvError::rejected(format!(
            "kernel_size must be specified once, or once per spatial dimension (kernel_size specified 0 times; {rank} spatial dims)."
        ))
    })?;
    let stride = field_or_hw(reader, "stride", rank)?.unwrap_or(vec![1; rank]);
    let pad = field_or_hw(reader, "pad", rank)?.unwrap_or(vec![0; rank]);
    let dilation = repeated(reader, "dilation", rank)?.unwrap_or(vec![1; rank]);
    Ok(Args { bias_term, num_output, group, kernel_size, stride, pad, dilation })
}

/// Caffe blobs are always N x C x spatial.
fn check_layout(request: &Request) -> ConvResult<()> {
    if let Some(layout) = &request.layout {
        if !layout.starts_with("NC") {
            return Err(ConvError::rejected(format!("Caffe blobs are N x C x spatial… (got layout {layout:?})")));
        }
    }
    Ok(())
}

/// `LayerSetUp`'s checks of the kernel and the stride.
fn check_kernel_and_stride(args: &Args) -> ConvResult<()> {
    if args.kernel_size.contains(&0) {
        return Err(ConvError::rejected(format!(
            "Filter dimensions must be nonzero (kernel {}).",
            list_text(&args.kernel_size)
        )));
    }
    if args.stride.contains(&0) {
        return Err(ConvError::rejected(format!(
            "Stride dimensions must be nonzero (stride {}).",
            list_text(&args.stride)
        )));
    }
    Ok(())
}

/// `LayerSetUp`'s checks of `num_output` and `group` against the input's channels.
fn check_num_output_and_group(args: &Args, channels: i64) -> ConvResult<()> {
    let (num_output, group) = (args.num_output, args.group);
    if num_output <= 0 {
        return Err(ConvError::rejected(format!("Check failed: num_output_ > 0 (num_output is {num_output})")));
    }
    if group <= 0 || channels % group != 0 {
        return Err(ConvError::rejected(format!(
            "Check failed: channels_ % group_ == 0 ({channels} channels, group {group})"
        )));
    }
    if num_output % group != 0 {
        return Err(ConvError::rejected(format!(
            "Number of output should be multiples of group (num_output {num_output}, group {group})."
        )));
    }
    Ok(())
}

/// The weight blob the layer makes, which a given `weight_shape` must equal.
fn weight_shape(request: &Request, args: &Args, channels: i64) -> ConvResult<Vec<i64>> {
    let (num_output, group) = (args.num_output, args.group);
    let weight_shape = match request.op {
        Op::ConvTranspose => [vec![channels, num_output / group], args.kernel_size.clone()].concat(),
        Op::Conv => [vec![num_output, channels / group], args.kernel_size.clone()].concat(),
    };
    if let Some(given) = &request.weight_shape {
        if *given != weight_shape {
            return Err(ConvError::rejected(format!(
                "Incorrect weight shape: expected shape {}; instead, shape was {}",
                list_text(&weight_shape),
                list_text(given)
            )));
        }
    }
    Ok(weight_shape)
}

/// Every spatial axis's canonical spec and derivation, with notes on forward overhangs.
struct Geometry {
    specs: Vec<AxisSpec>,
    derivations: Vec<Derivation>,
    notes: Vec<String>,
}

/// Each axis sized as `compute_output_shape` sizes it.
fn axis_geometry(op: Op, args: &Args, spatial: &[i64]) -> ConvResult<Geometry> {
    let rank = spatial.len();
    let mut geometry =
        Geometry { specs: Vec::with_capacity(rank), derivations: Vec::with_capacity(rank), notes: Vec::new() };
    for (axis, &size_in) in spatial.iter().enumerate() {
        let numbers = AxisNumbers {
            axis,
            size_in,
            kernel_size: args.kernel_size[axis],
            stride: args.stride[axis],
            pad: args.pad[axis],
            dilation: args.dilation[axis],
        };
        let (spec, derivation) = match op {
            Op::ConvTranspose => deconvolution_axis(&numbers)?,
            Op::Conv => {
                let (spec, derivation, note) = convolution_axis(&numbers)?;
                geometry.notes.extend(note);
                (spec, derivation)
            }
        };
        geometry.derivations.push(derivation);
        geometry.specs.push(spec);
    }
    Ok(geometry)
}

/// One spatial axis's numbers.
struct AxisNumbers {
    axis: usize,
    size_in: i64,
    kernel_size: i64,
    stride: i64,
    pad: i64,
    dilation: i64,
}

impl AxisNumbers {
    /// `dilation*(kernel_size - 1) + 1`.
    fn kernel_extent(&self) -> i128 {
        kernel_field(self.kernel_size, self.dilation)
    }

    /// The derivation's numbers, under Caffe's names.
    fn values(&self) -> [(&'static str, i64); 4] {
        let extent = self.kernel_extent().min(i64::MAX as i128) as i64;
        [("size_in", self.size_in), ("stride", self.stride), ("kernel_extent", extent), ("pad", self.pad)]
    }
}

/// A Deconvolution axis: `stride*(size_in - 1) + kernel_extent - 2*pad`, which the blob reshape
/// refuses when negative.
fn deconvolution_axis(numbers: &AxisNumbers) -> ConvResult<(AxisSpec, Derivation)> {
    let AxisNumbers { axis, size_in: n, kernel_size: k, stride: s, pad: p, dilation: d } = *numbers;
    let extent = numbers.kernel_extent();
    let out = s as i128 * (n as i128 - 1) + extent - 2 * p as i128;
    if out < 0 {
        return Err(ConvError::rejected(format!(
            "Check failed: shape[i] >= 0 ({out} vs. 0): the Deconvolution output on axis {axis} would be \
             {s}*({n} - 1) + {extent} - 2*{p} = {out}"
        )));
    }
    let derivation = derive("{stride}*({size_in} - 1) + {kernel_extent} - 2*{pad}", &numbers.values(), out as i64);
    let spec =
        AxisSpec { size_in: n, kernel_size: k, stride: s, dilation: d, pad_before: p, pad_after: p, output_padding: 0 };
    Ok((spec, derivation))
}

/// A Convolution axis: `(size_in + 2*pad - kernel_extent) / stride + 1`, and a note where the
/// kernel overhangs the padded input.
fn convolution_axis(numbers: &AxisNumbers) -> ConvResult<(AxisSpec, Derivation, Option<String>)> {
    let AxisNumbers { axis, size_in: n, kernel_size: k, stride: s, pad: p, dilation: d } = *numbers;
    let extent = numbers.kernel_extent();
    let padded = n as i128 + 2 * p as i128;
    let out = (padded - extent) / s as i128 + 1;
    if out < 0 {
        return Err(ConvError::rejected(format!(
            "Check failed: shape[i] >= 0 ({out} vs. 0): the Convolution output on axis {axis} would be \
             ({n} + 2*{p} - {extent}) / {s} + 1 = {out}"
        )));
    }
    // Truncating division: a kernel overhanging by less than a stride still yields a cell,
    // whose reads past the input are zeros (im2col), i.e. extra end padding.
    let overhang = if out > 0 { ((out - 1) * s as i128 + extent - padded).max(0) as i64 } else { 0 };
    let note = (overhang > 0).then(|| {
        format!(
            "axis {axis}: the kernel extent ({extent}) overhangs the padded input by {overhang}; Caffe still \
             computes {out} cell(s), reading zeros past the end"
        )
    });
    let derivation = derive("({size_in} + 2*{pad} - {kernel_extent}) / {stride} + 1", &numbers.values(), out as i64);
    let spec = AxisSpec {
        size_in: n,
        kernel_size: k,
        stride: s,
        dilation: d,
        pad_before: p,
        pad_after: p + overhang,
        output_padding: 0,
    };
    Ok((spec, derivation, note))
}

/// Caffe's SyncedMemory cannot hold an empty blob: the forward pass fails on "Check failed: data_".
fn check_blobs_not_empty(request: &Request, axes: &[Axis]) -> ConvResult<()> {
    let output_sizes: Vec<i64> = axes.iter().map(|a| a.size_out).collect();
    if request.input_shape.contains(&0) || output_sizes.contains(&0) {
        return Err(ConvError::rejected(format!(
            "Check failed: data_ — Caffe cannot allocate an empty blob (input {}, output spatial {})",
            list_text(&request.input_shape),
            list_text(&output_sizes)
        )));
    }
    Ok(())
}

// The reverse: the app's settings as a Caffe layer's `convolution_param`.

use super::params::{Params, Value};
use super::settings::{Field, FieldKey, Settings};
use super::spelling::{as_is, compact, padding_value, python, settings_request, symmetric, DefaultArg};
use super::{Dialect, Framework, Signature, Tensors};

pub const DIALECT: Dialect =
    Dialect { id: "caffe", name: "Caffe", backends: &[], resolve, request, fields, code_line, calls: CALLS };

/// The prototxt layer types (`layer { type: "Deconvolution" … }`, and the old `layers { type:
/// DECONVOLUTION }` enum names), each reading `ConvolutionParameter`'s fields (BVLC caffe.proto,
/// in its order). No paths: these are not Python calls.
const CALLS: &[Signature] = &{
    const CONVOLUTION_PARAMETER: &[&str] = &[
        "num_output",
        "bias_term",
        "pad",
        "kernel_size",
        "stride",
        "dilation",
        "pad_h",
        "pad_w",
        "kernel_h",
        "kernel_w",
        "stride_h",
        "stride_w",
        "group",
        "weight_filler",
        "bias_filler",
        "engine",
        "axis",
        "force_nd_im2col",
    ];
    const fn layer(name: &'static str, api: &'static str, op: Op) -> Signature {
        Signature {
            name,
            selector: "",
            paths: &[],
            api,
            op,
            rank: 0,
            parameters: CONVOLUTION_PARAMETER,
            positional: 0,
            required: 0,
            tensors: Tensors::NONE,
            // (Fillers set initial values, not shapes; `engine` picks an implementation.)
            ignored: &["weight_filler", "bias_filler"],
            applied: &[],
        }
    }
    [
        layer("Deconvolution", "Deconvolution", Op::ConvTranspose),
        layer("Convolution", "Convolution", Op::Conv),
        layer("DECONVOLUTION", "Deconvolution", Op::ConvTranspose),
        layer("CONVOLUTION", "Convolution", Op::Conv),
    ]
};

/// Fields with these defaults, left out of the layer.
const DEFAULTS: [(&str, DefaultArg); 4] = [
    ("stride", DefaultArg::Every(1)),
    ("pad", DefaultArg::Every(0)),
    ("dilation", DefaultArg::Every(1)),
    ("group", DefaultArg::Every(1)),
];

fn request(settings: &Settings) -> Request {
    let s = settings;
    let mut params = Params::new();
    params.set("num_output", Value::Int(s.channels_out));
    params.set("kernel_size", compact(s.kernel));
    params.set("stride", compact(s.stride));
    params.set("pad", symmetric(s).map(|p| compact(&p)).unwrap_or_else(|| padding_value(s, as_is)));
    params.set("dilation", compact(s.dilation));
    if s.groups != 1 {
        params.set("group", Value::Int(s.groups));
    }
    settings_request(Framework::Caffe, s, params)
}

fn fields(_op: Op, _rank: usize) -> Vec<Field> {
    use FieldKey::*;
    vec![
        Field::new(ChannelsIn, "bottom channels", &[], "input channels"),
        Field::new(ChannelsOut, "num_output", &[], "output channels"),
        Field::new(Kernel, "kernel_size", &[], "or kernel_h / kernel_w"),
        Field::new(Stride, "stride", &[], "or stride_h / stride_w"),
        Field::new(Padding, "pad", &[], "or pad_h / pad_w; Caffe has no output_padding"),
        Field::new(Dilation, "dilation", &[], "kernel dilation"),
        Field::new(Groups, "group", &[], "channel groups"),
    ]
}

/// `layer { type: "Deconvolution" convolution_param { … } }`, a repeated field once per value.
fn code_line(settings: &Settings) -> String {
    let layer = match settings.op {
        Op::ConvTranspose => "Deconvolution",
        Op::Conv => "Convolution",
    };
    let fields: Vec<String> = request(settings)
        .params
        .entries
        .iter()
        .filter(|(name, value)| !DEFAULTS.iter().any(|(n, d)| n == name && d.is(value)))
        .flat_map(|(name, value)| match value {
            Value::List(items) => items.iter().map(|x| format!("{name}: {}", python(x))).collect(),
            other => vec![format!("{name}: {}", python(other))],
        })
        .collect();
    format!("layer {{ type: \"{layer}\" convolution_param {{ {} }} }}", fields.join(" "))
}
