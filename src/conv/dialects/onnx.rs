//! ONNX `ConvTranspose` and `Conv`, as ONNX Runtime's CPU provider runs them (opset 22).
//!
//! ```text
//! K = dilations*(kernel_shape - 1) + 1,  a = output_padding
//! output_shape O given:  t = max(0, strides*(n - 1) + a + K - O);  out = O         (pads ignored)
//! auto_pad SAME_*:       t = max(0, strides*(n - 1) + a + K - n*strides);  out = strides*(n - 1) + a + K - t
//! auto_pad VALID:        t = 0;  out = strides*(n - 1) + a + K
//! NOTSET:                out = strides*(n - 1) + a + K - pads[begin] - pads[end]
//! head (cropped at the start) = t/2 for SAME_UPPER, t - t/2 otherwise (SAME_LOWER, NOTSET with output_shape)
//! ONNX Runtime then requires out > 0 and (out + head + tail - K) / strides + 1 == n,
//! which in effect keeps output_padding below strides and O below the full scatter + strides.
//! ```
//! Conv: `out = (n + pads[begin] + pads[end] - K) / strides + 1`, rejected when the kernel field
//! does not fit; SAME_UPPER/SAME_LOWER give `ceil(n / strides)` (and refuse dilation), the odd
//! padding cell at the end for UPPER, at the start for LOWER.
//! Sources: onnx/defs/nn/defs.cc (`convTransposeShapeInference`, `convPoolShapeInference`),
//! onnxruntime/core/providers/cpu/nn/conv_transpose_attributes.h, conv_attributes.h; messages
//! recorded from onnxruntime 1.31 (tests/fixtures/onnx.jsonl). Weights: ConvTranspose `(C, M/group, k…)`,
//! Conv `(M, C/group, k…)`.

use super::common::{derive, list_text, window_spec};
use crate::conv::dialects::params::{ArgReader, Value};
use crate::conv::dialects::Request;
use crate::conv::error::{ConvError, ConvResult};
use crate::conv::geometry::axis::{kernel_field, Axis, AxisSpec, Op};
use crate::conv::geometry::layer::{
    join_shape, resolve_axes, split_shape, ChannelPosition, Derivation, Layer, SplitShape, WeightLayout,
};
use crate::conv::geometry::padding::{same_split, OddCell};

const NAME: &str = "ONNX Runtime";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AutoPad {
    NotSet,
    SameUpper,
    SameLower,
    Valid,
}

/// Where an `auto_pad` mode puts the odd padding cell (SAME_UPPER at the end, SAME_LOWER at the start).
fn odd_cell(auto_pad: AutoPad) -> OddCell {
    if auto_pad == AutoPad::SameUpper {
        OddCell::End
    } else {
        OddCell::Start
    }
}

/// An ONNX int-list attribute of exactly `count` entries (shape inference: "has incorrect size").
/// `lenient`: ONNX Runtime's Conv kernel alone reads the first `count` entries of a longer list.
fn ints_attr(
    reader: &mut ArgReader,
    node: &str,
    name: &str,
    count: usize,
    lenient: bool,
) -> ConvResult<Option<Vec<i64>>> {
    let Some(value) = reader.value(name) else { return Ok(None) };
    let values = match (value, value.as_ints()) {
        (Value::List(_), Some(v)) => v,
        _ => {
            return Err(ConvError::rejected(format!(
                "[ShapeInferenceError] Attribute {name} of {node} must be a list of ints (got {})",
                value.describe()
            )))
        }
    };
    if lenient && values.len() > count {
        return Ok(Some(values));
    }
    if values.len() != count {
        return Err(ConvError::rejected(format!(
            "[ShapeInferenceError] Attribute {name} has incorrect size: {node} needs {count} values, got {}",
            list_text(&values)
        )));
    }
    Ok(Some(values))
}

/// `output_shape`: one entry per spatial axis. ONNX Runtime's kernel alone (no shape inference)
/// also takes `rank + 2` entries (N and C, ignored) and treats a negative entry as not given.
fn read_output_shape(reader: &mut ArgReader, rank: usize, kernel_only: bool) -> ConvResult<Option<Vec<i64>>> {
    if !kernel_only {
        return ints_attr(reader, "ConvTranspose", "output_shape", rank, false);
    }
    let Some(value) = reader.value("output_shape") else { return Ok(None) };
    let values = match (value, value.as_ints()) {
        (Value::List(_), Some(v)) if !v.is_empty() => v,
        _ => {
            return Err(ConvError::rejected(format!(
                "Attribute output_shape of ConvTranspose must be a non-empty list of ints (got {})",
                value.describe()
            )))
        }
    };
    match values.len() {
        n if n == rank => Ok(Some(values)),
        n if n == rank + 2 => Ok(Some(values[2..].to_vec())),
        n => Err(ConvError::rejected(format!(
            "output_shape attribute has {n} elements, expected {rank} or {}.",
            rank + 2
        ))),
    }
}

/// What [`reference_disagrees`] looks at: the node as written and the size ONNX Runtime gives.
struct ReferenceView<'a> {
    op: Op,
    rank: usize,
    auto_pad: AutoPad,
    output_shape: Vec<i64>,
    pads: Vec<i64>,
    dilations: Vec<i64>,
    group: i64,
    per_group: i64,
    input_shape: &'a [i64],
    size_out: Vec<i64>,
    strides: Vec<i64>,
    /// `strides*(n - 1) + K` per axis: the full scatter before output_padding and any crop.
    scatter: Vec<i128>,
}

/// Where the ONNX reference evaluator (onnx 1.23, `onnx.reference`) answers a node that ONNX Runtime
/// runs differently (measured on tests/fixtures/onnx_*.jsonl, whose lines keep its outcome).
fn reference_disagrees(v: &ReferenceView) -> Option<String> {
    let same = matches!(v.auto_pad, AutoPad::SameUpper | AutoPad::SameLower);
    match v.op {
        Op::ConvTranspose => {
            if v.input_shape.contains(&0) {
                return Some("it raises on an empty input (cannot reshape)".into());
            }
            if v.group > 1 && v.per_group > 1 {
                return Some(format!(
                    "it raises for group={} unless every group has one input and one output channel (here up to {}; cannot reshape)",
                    v.group, v.per_group
                ));
            }
            if !v.output_shape.is_empty() {
                if v.output_shape.len() != v.rank {
                    return Some("it raises on an output_shape with N and C entries (IndexError)".into());
                }
                if v.output_shape.iter().any(|&o| o < 0) {
                    return Some("it raises on a negative output_shape entry".into());
                }
                let cropped = (0..v.rank).any(|a| v.scatter[a] > v.output_shape[a] as i128);
                if !same && cropped {
                    return Some(
                        "it raises for an output_shape smaller than the full scatter unless auto_pad is \
                         SAME_UPPER/SAME_LOWER (its pads do not map the output back to the input)"
                            .into(),
                    );
                }
                return None;
            }
            if same {
                let target: Vec<i64> = (0..v.rank).map(|a| v.input_shape[a + 2] * v.strides[a]).collect();
                if target != v.size_out {
                    return Some(format!(
                        "for SAME_UPPER/SAME_LOWER it gives input * strides = {} even where the kernel does not \
                         reach that far",
                        list_text(&target)
                    ));
                }
            }
            None
        }
        Op::Conv => {
            if v.pads.iter().any(|&p| p < 0) {
                return Some("it raises on negative pads (\"index can't contain negative values\")".into());
            }
            if v.dilations.len() > v.rank {
                return Some("it raises on a dilations list longer than the spatial rank".into());
            }
            None
        }
    }
}

/// The node's attributes under ONNX's own names (and `bias`, the presence of B), as read from the
/// request before any check.
struct Args {
    /// `shape_inference: false`: the model declares no shapes for X and W, so ONNX shape inference
    /// cannot check the node when the session is created; only the ORT kernel's own checks run.
    shape_inference: bool,
    auto_pad: AutoPad,
    strides: Vec<i64>,
    dilations: Vec<i64>,
    /// `None` when not given (shape inference refuses pads beside an auto_pad).
    pads: Option<Vec<i64>>,
    kernel_shape: Option<Vec<i64>>,
    group: i64,
    bias: bool,
    /// All zeros for Conv.
    output_padding: Vec<i64>,
    /// Always `None` for Conv.
    output_shape: Option<Vec<i64>>,
    unknown_notes: Vec<String>,
}

/// ONNX convolutions take N x C x D1 … inputs only.
fn check_layout(request: &Request, node: &str) -> ConvResult<()> {
    if let Some(layout) = &request.layout {
        if !layout.starts_with("NC") {
            return Err(ConvError::rejected(format!("ONNX {node} takes N x C x D1 … inputs (got layout {layout:?})")));
        }
    }
    Ok(())
}

/// Read the node's attributes, checking each one's type and length.
fn read_args(request: &Request, node: &str) -> ConvResult<Args> {
    let (op, rank) = (request.op, request.rank);
    let mut reader = ArgReader::new(NAME, &request.params);
    let shape_inference = reader.boolean("shape_inference")?.unwrap_or(true);
    let kernel_only = !shape_inference;
    let lenient_conv = kernel_only && op == Op::Conv;
    let auto_pad = read_auto_pad(&mut reader)?;
    let strides = ints_attr(&mut reader, node, "strides", rank, lenient_conv)?.unwrap_or(vec![1; rank]);
    let dilations = ints_attr(&mut reader, node, "dilations", rank, lenient_conv)?.unwrap_or(vec![1; rank]);
    let pads = ints_attr(&mut reader, node, "pads", 2 * rank, lenient_conv)?;
    let pads = pads.map(|p| if p.len() > 2 * rank { [&p[..rank], &p[rank..2 * rank]].concat() } else { p });
    let kernel_shape = ints_attr(&mut reader, node, "kernel_shape", rank, false)?;
    let group = reader.int("group")?.unwrap_or(1);
    let bias = reader.boolean("bias")?.unwrap_or(false);
    let (output_padding, output_shape) = match op {
        Op::ConvTranspose => (
            ints_attr(&mut reader, node, "output_padding", rank, false)?.unwrap_or(vec![0; rank]),
            read_output_shape(&mut reader, rank, kernel_only)?,
        ),
        Op::Conv => (vec![0; rank], None),
    };
    Ok(Args {
        shape_inference,
        auto_pad,
        strides,
        dilations,
        pads,
        kernel_shape,
        group,
        bias,
        output_padding,
        output_shape,
        unknown_notes: reader.unknown_notes(),
    })
}

/// `auto_pad`: NOTSET (or empty, or not given), SAME_UPPER, SAME_LOWER or VALID.
fn read_auto_pad(reader: &mut ArgReader) -> ConvResult<AutoPad> {
    match reader.string("auto_pad")?.as_deref() {
        None | Some("NOTSET") | Some("") => Ok(AutoPad::NotSet),
        Some("SAME_UPPER") => Ok(AutoPad::SameUpper),
        Some("SAME_LOWER") => Ok(AutoPad::SameLower),
        Some("VALID") => Ok(AutoPad::Valid),
        Some(other) => Err(ConvError::rejected(format!(
            "Unknown AutoPadType String {other:?}: auto_pad must be NOTSET, SAME_UPPER, SAME_LOWER or VALID"
        ))),
    }
}

/// ONNX shape inference's checks of the attributes (at session creation).
fn check_attributes(args: &Args) -> ConvResult<()> {
    if args.strides.iter().any(|&s| s <= 0) {
        return Err(ConvError::rejected(format!(
            "[ShapeInferenceError] Attribute strides must only contain positive values (got {})",
            list_text(&args.strides)
        )));
    }
    if args.dilations.iter().any(|&d| d <= 0) {
        return Err(ConvError::rejected(format!(
            "[ShapeInferenceError] Attribute dilations must only contain positive values (got {})",
            list_text(&args.dilations)
        )));
    }
    if let Some(p) = &args.pads {
        if args.auto_pad != AutoPad::NotSet {
            return Err(ConvError::rejected(
                "[ShapeInferenceError] The pads attribute cannot be used simultaneously with auto_pad attribute \
                 (the ORT kernel refuses it too: \"A Conv/ConvTranspose node has both 'auto_pad' and 'pads' attributes\")",
            ));
        }
        if args.shape_inference && p.iter().any(|&v| v < 0) {
            return Err(ConvError::rejected(format!(
                "[ShapeInferenceError] Attribute pads must not contain negative values (got {})",
                list_text(p)
            )));
        }
    }
    if args.output_padding.iter().any(|&v| v < 0) {
        return Err(ConvError::rejected(
            "[ShapeInferenceError] Attribute output_padding must not contain negative values",
        ));
    }
    if let Some(o) = args.output_shape.as_ref().filter(|_| args.shape_inference) {
        if o.iter().any(|&v| v < 0) {
            return Err(ConvError::rejected(
                "[ShapeInferenceError] Attribute output_shape must not contain negative values",
            ));
        }
    }
    if args.group <= 0 {
        return Err(ConvError::rejected(format!(
            "[ShapeInferenceError] Attribute group must be > 0 (got {})",
            args.group
        )));
    }
    Ok(())
}

/// The shape of W: `rank + 2` dimensions, none negative.
fn read_weight(request: &Request, node: &str) -> ConvResult<Vec<i64>> {
    let weight = request
        .weight_shape
        .clone()
        .ok_or_else(|| ConvError::malformed(format!("ONNX {node} needs weight_shape (the shape of W)")))?;
    if weight.len() != request.rank + 2 {
        return Err(ConvError::rejected(format!(
            "[ShapeInferenceError] Weight tensor spatial rank does not match input tensor spatial rank: W has shape {}",
            list_text(&weight)
        )));
    }
    if let Some(&bad) = weight.iter().find(|&&d| d < 0) {
        return Err(ConvError::rejected(format!("W has a negative dimension ({bad})")));
    }
    Ok(weight)
}

/// The kernel is W's spatial shape: it must not be empty, and `kernel_shape`, when given, must be it.
fn check_kernel(args: &Args, weight: &[i64]) -> ConvResult<()> {
    let kernel = &weight[2..];
    if kernel.contains(&0) {
        // Shape inference reads kernel_shape from W; without it ORT's ConvTranspose kernel refuses an empty
        // kernel and its Conv kernel never returns (measured: the process hangs).
        return Err(ConvError::rejected(format!(
            "[ShapeInferenceError] Attribute kernel_shape must only contain positive values (W has shape {}; \
             ONNX Runtime's kernel: \"Kernel size must be positive\")",
            list_text(weight)
        )));
    }
    if let Some(k) = &args.kernel_shape {
        if k != kernel {
            return Err(ConvError::rejected(format!(
                "kernel_shape is not compatible with W shape. kernel_shape: {} W: {}",
                list_text(k),
                list_text(weight)
            )));
        }
    }
    Ok(())
}

/// What each axis step reads: the attributes, the input, the kernel and what follows from them.
struct Geometry<'a> {
    args: &'a Args,
    input: &'a SplitShape,
    kernel: &'a [i64],
    /// `dilations*(kernel_shape - 1) + 1` per axis.
    fields: &'a [i64],
    /// `pads` as given, else zeros: begins first, then ends.
    pads: &'a [i64],
}

/// ConvTranspose's channel checks (ORT kernel); the output channels, `W.shape[1] * group`.
fn check_conv_transpose_channels(args: &Args, input: &SplitShape, weight: &[i64]) -> ConvResult<i64> {
    let group = args.group;
    if weight[0] != input.channels {
        return Err(ConvError::rejected(format!(
            "filter number not equal to input channel number. filter_number: {} num_input_channels: {}",
            weight[0], input.channels
        )));
    }
    if input.channels % group != 0 {
        return Err(ConvError::rejected(format!(
            "Input channels is not divisible by group. num_input_channels: {} group: {group}",
            input.channels
        )));
    }
    weight[1].checked_mul(group).ok_or_else(|| ConvError::rejected("the number of output channels overflows"))
}

/// One ConvTranspose axis: its spec and derivation; a note where the odd cropped cell lands.
fn conv_transpose_axis(
    geometry: &Geometry,
    axis: usize,
    notes: &mut Vec<String>,
) -> ConvResult<(AxisSpec, Derivation)> {
    let args = geometry.args;
    let (n, s, d, a, field) = (
        geometry.input.spatial[axis],
        args.strides[axis],
        args.dilations[axis],
        args.output_padding[axis],
        geometry.fields[axis],
    );
    if a >= s.max(d) {
        return Err(ConvError::rejected(format!(
            "output_padding[{axis}] ({a}) must be less than max(stride, dilation) ({}) for spatial dimension {axis}.",
            s.max(d)
        )));
    }
    let scatter = (n as i128 - 1) * s as i128 + a as i128 + field as i128;
    let explicit = args.output_shape.as_ref().map(|o| o[axis]).filter(|&o| o >= 0);
    let (out, head, tail) = conv_transpose_crop(geometry, axis, scatter, explicit)?;
    check_conv_transpose_output(geometry, axis, scatter, explicit, (out, head, tail))?;
    let fit = |v: i128| v.clamp(i64::MIN as i128, i64::MAX as i128) as i64;
    let (out, head, tail) = (fit(out), fit(head), fit(tail));
    // Keep output_padding visible as what it is: cells added to the scatter before cropping.
    let crop = AxisSpec {
        size_in: n,
        kernel_size: geometry.kernel[axis],
        stride: s,
        dilation: d,
        pad_before: head,
        pad_after: tail,
        output_padding: a,
    };
    let spec = if crop.raw_size_out(Op::ConvTranspose) == out as i128 {
        crop
    } else {
        window_spec(n, geometry.kernel[axis], s, d, head, out)
    };
    let values = [
        ("size_in", n),
        ("strides", s),
        ("kernel_field", field),
        ("output_padding", a),
        ("pad_begin", head),
        ("pad_end", tail),
    ];
    let derivation = match explicit {
        Some(_) => derive(
            "output_shape; pads {pad_begin} + {pad_end} = {strides}*({size_in} - 1) + {output_padding} + {kernel_field} - output_shape",
            &values,
            out,
        ),
        None => derive(
            "{strides}*({size_in} - 1) + {output_padding} + {kernel_field} - {pad_begin} - {pad_end}",
            &values,
            out,
        ),
    };
    if head != tail && (head + tail) % 2 == 1 && (explicit.is_some() || args.auto_pad != AutoPad::NotSet) {
        let side = if head > tail { "start (SAME_LOWER / output_shape)" } else { "end (SAME_UPPER)" };
        notes.push(format!(
            "axis {axis}: {} cells are cropped with the odd one at the {side}; SAME_UPPER and \
             SAME_LOWER differ exactly here, and files older than ONNX 1.10 / ORT 1.13 meant the opposite",
            head + tail
        ));
    }
    Ok((spec, derivation))
}

/// `(out, head, tail)` of one ConvTranspose axis: the output size and the cells cropped from each
/// end of the `scatter` (output_padding included), from output_shape, auto_pad or pads.
fn conv_transpose_crop(
    geometry: &Geometry,
    axis: usize,
    scatter: i128,
    explicit: Option<i64>,
) -> ConvResult<(i128, i128, i128)> {
    let auto_pad = geometry.args.auto_pad;
    match (explicit, auto_pad) {
        (Some(o), _) => {
            let o = o as i128;
            if o <= 0 {
                return Err(ConvError::rejected(format!("Explicit output size must be positive. Got: {o}")));
            }
            let t = (scatter - o).max(0);
            let (head, tail) = same_split(t, odd_cell(auto_pad));
            Ok((o, head, tail))
        }
        (None, AutoPad::SameUpper | AutoPad::SameLower) => {
            let (n, s) = (geometry.input.spatial[axis], geometry.args.strides[axis]);
            let t = (scatter - n as i128 * s as i128).max(0);
            let (head, tail) = same_split(t, odd_cell(auto_pad));
            Ok((scatter - t, head, tail))
        }
        (None, AutoPad::Valid) => Ok((scatter, 0, 0)),
        (None, AutoPad::NotSet) => {
            let rank = geometry.input.spatial.len();
            let (b, e) = (geometry.pads[axis] as i128, geometry.pads[axis + rank] as i128);
            Ok((scatter - b - e, b, e))
        }
    }
}

/// ORT's checks of one ConvTranspose output size: positive, and mapping back to the input size.
fn check_conv_transpose_output(
    geometry: &Geometry,
    axis: usize,
    scatter: i128,
    explicit: Option<i64>,
    (out, head, tail): (i128, i128, i128),
) -> ConvResult<()> {
    let args = geometry.args;
    let (n, s, d, a, field) = (
        geometry.input.spatial[axis],
        args.strides[axis],
        args.dilations[axis],
        args.output_padding[axis],
        geometry.fields[axis],
    );
    if explicit.is_none() && out <= 0 {
        return Err(ConvError::rejected(format!(
            "Computed output dimension is <= 0 for dim {axis}. Input shape: {}",
            list_text(&geometry.input.spatial)
        )));
    }
    // ORT recomputes the forward size from the output and requires it to be the input size.
    let expected = (out + head + tail - field as i128) / s as i128 + 1;
    if expected != n as i128 {
        let message = match explicit {
            Some(_) => format!(
                "Explicit output_shape is inconsistent with input spatial dimensions and convolution \
                 parameters. Expected input size {expected} but got {n} (output_size={out}, kernel={}, \
                 stride={s}, dilation={d}, output_padding={a}); sizes up to {} are accepted",
                geometry.kernel[axis],
                scatter - a as i128 + s as i128 - 1
            ),
            None => format!(
                "Computed output shape is inconsistent with input spatial dimensions. output_padding ({a}) \
                 may be too large for stride ({s}). Expected input size {expected} but got {n}."
            ),
        };
        return Err(ConvError::rejected(message));
    }
    Ok(())
}

/// Conv's channel checks (ORT kernel); the output channels, `W.shape[0]`.
fn check_conv_channels(args: &Args, input: &SplitShape, weight: &[i64]) -> ConvResult<i64> {
    let group = args.group;
    if weight[1].checked_mul(group) != Some(input.channels) {
        return Err(ConvError::rejected(format!(
            "Input channels C is not equal to kernel channels * group. C: {} kernel channels: {} group: {group}",
            input.channels, weight[1]
        )));
    }
    if weight[0] % group != 0 {
        return Err(ConvError::rejected(format!(
            "Output channels M is not divisible by group. M: {} group: {group}",
            weight[0]
        )));
    }
    Ok(weight[0])
}

/// One Conv axis: its spec and derivation; a note where ORT shifts the windows.
fn conv_axis(geometry: &Geometry, axis: usize, notes: &mut Vec<String>) -> ConvResult<(AxisSpec, Derivation)> {
    let args = geometry.args;
    let rank = geometry.input.spatial.len();
    let (n, s, field) = (geometry.input.spatial[axis], args.strides[axis], geometry.fields[axis]);
    let (head, tail) = match args.auto_pad {
        AutoPad::NotSet => (geometry.pads[axis], geometry.pads[axis + rank]),
        AutoPad::Valid => (0, 0),
        AutoPad::SameUpper | AutoPad::SameLower => conv_same_pads(args, axis, n, s, field, notes)?,
    };
    if (n as i128) + (head as i128) + (tail as i128) < field as i128 {
        return Err(ConvError::rejected(format!(
            "Invalid input shape: {} (the kernel field {field} does not fit {n} + {head} + {tail} cells on axis {axis})",
            list_text(&geometry.input.spatial)
        )));
    }
    let spec = AxisSpec {
        size_in: n,
        kernel_size: geometry.kernel[axis],
        stride: s,
        dilation: args.dilations[axis],
        pad_before: head,
        pad_after: tail,
        output_padding: 0,
    };
    let values = [("size_in", n), ("strides", s), ("kernel_field", field), ("pad_begin", head), ("pad_end", tail)];
    let derivation = derive(
        "floor(({size_in} + {pad_begin} + {pad_end} - {kernel_field}) / {strides}) + 1",
        &values,
        spec.raw_size_out(Op::Conv) as i64,
    );
    Ok((spec, derivation))
}

/// Conv's `(head, tail)` pads for SAME_UPPER / SAME_LOWER on one axis, as ONNX Runtime splits them.
fn conv_same_pads(
    args: &Args,
    axis: usize,
    n: i64,
    s: i64,
    field: i64,
    notes: &mut Vec<String>,
) -> ConvResult<(i64, i64)> {
    if args.dilations.iter().any(|&d| d != 1) {
        return Err(ConvError::rejected(
            "Dilation not supported for AutoPadType::SAME_UPPER or AutoPadType::SAME_LOWER.",
        ));
    }
    let out = (n as i128 + s as i128 - 1) / s as i128;
    let need = ((out - 1) * s as i128 + field as i128 - n as i128) as i64;
    // ONNX Runtime does not clamp a negative need at 0 (cells the stride leaves over at
    // the end): it shifts the windows, splitting need + 1 (measured, onnxruntime 1.31).
    let split = if need < 0 { need + 1 } else { need };
    let head = if args.auto_pad == AutoPad::SameUpper { split / 2 } else { (split + 1) / 2 };
    if need < 0 && head != 0 {
        notes.push(format!(
            "axis {axis}: the stride leaves {} input cells over; ONNX Runtime shifts every window {} \
             cell(s) right instead of dropping them all at the end",
            -need, -head
        ));
    }
    Ok((head, need - head))
}

/// The note for a node the ONNX reference evaluator answers differently, if it does.
fn reference_note(
    request: &Request,
    args: &Args,
    input: &SplitShape,
    weight: &[i64],
    axes: &[Axis],
    fields: &[i64],
) -> Option<String> {
    let rank = request.rank;
    let raw = |name: &str| request.params.get(name).and_then(Value::as_ints).unwrap_or_default();
    let seen = ReferenceView {
        op: request.op,
        rank,
        auto_pad: args.auto_pad,
        output_shape: raw("output_shape"),
        pads: raw("pads"),
        dilations: raw("dilations"),
        group: args.group,
        per_group: (input.channels / args.group.max(1)).max(weight[1]),
        input_shape: &request.input_shape,
        size_out: axes.iter().map(|a| a.size_out).collect(),
        strides: args.strides.clone(),
        scatter: (0..rank)
            .map(|a| (input.spatial[a] as i128 - 1) * args.strides[a] as i128 + fields[a] as i128)
            .collect(),
    };
    let why = reference_disagrees(&seen)?;
    Some(format!(
        "the ONNX reference evaluator (onnx.reference.ReferenceEvaluator) disagrees: {why}; this answer is \
         ONNX Runtime's"
    ))
}

/// Resolve an ONNX node.
pub fn resolve(request: &Request) -> ConvResult<Layer> {
    let (op, rank) = (request.op, request.rank);
    let node = if op == Op::ConvTranspose { "ConvTranspose" } else { "Conv" };
    check_layout(request, node)?;
    let args = read_args(request, node)?;
    check_attributes(&args)?;
    let input = split_shape(&request.input_shape, rank, ChannelPosition::First, false, NAME)?;
    let weight = read_weight(request, node)?;
    check_kernel(&args, &weight)?;
    let kernel = &weight[2..];
    let fields: Vec<i64> =
        (0..rank).map(|a| kernel_field(kernel[a], args.dilations[a]).min(i64::MAX as i128) as i64).collect();
    let pads = args.pads.clone().unwrap_or(vec![0; 2 * rank]);
    let geometry = Geometry { args: &args, input: &input, kernel, fields: &fields, pads: &pads };
    let channels_out = match op {
        Op::ConvTranspose => check_conv_transpose_channels(&args, &input, &weight)?,
        Op::Conv => check_conv_channels(&args, &input, &weight)?,
    };
    let mut specs = Vec::with_capacity(rank);
    let mut derivations = Vec::with_capacity(rank);
    let mut notes = Vec::new();
    for axis in 0..rank {
        let (spec, derivation) = match op {
            Op::ConvTranspose => conv_transpose_axis(&geometry, axis, &mut notes)?,
            Op::Conv => conv_axis(&geometry, axis, &mut notes)?,
        };
        specs.push(spec);
        derivations.push(derivation);
    }
    let axes = resolve_axes(&specs, op)?;
    notes.extend(reference_note(request, &args, &input, &weight, &axes, &fields));
    notes.extend(args.unknown_notes);
    let output = join_shape(
        input.batch,
        channels_out,
        &axes.iter().map(|a| a.size_out).collect::<Vec<_>>(),
        ChannelPosition::First,
    );
    Ok(Layer {
        op,
        axes,
        channel_position: ChannelPosition::First,
        batch: input.batch,
        channels_in: input.channels,
        channels_out,
        groups: args.group,
        weight_layout: WeightLayout::channels_first(op),
        weight_shape: weight,
        output_shape: output,
        kernel_flipped: false,
        bias: args.bias,
        derivations,
        notes,
        padding_mode: crate::conv::geometry::padding::PaddingMode::Zeros,
        explicit_layouts: None,
    })
}

// The reverse: the app's settings as an ONNX node's attributes.

use super::params::Params;
use super::settings::{Field, FieldKey, Padding, Settings};
use super::spelling::{channels_first_weight, ints, keyword_args, padding_pairs, settings_request, upper, DefaultArg};
use super::{Dialect, Framework, Signature, Tensors};

pub const DIALECT: Dialect =
    Dialect { id: "onnx", name: "ONNX", backends: &[], resolve, request, fields, code_line, calls: CALLS };

/// `onnx.helper.make_node(op_type, inputs, outputs, name, doc_string, domain, overload, **kwargs)`
/// (onnx 1.23's `inspect.signature`), whose keywords are the operator's attributes (its opset-22
/// schema): the first argument selects the operator. `inputs` names the operands; their shapes
/// come with the request.
const CALLS: &[Signature] = &{
    const PATHS: &[&str] = &["onnx.helper", "helper"];
    const CONV_TRANSPOSE: &[&str] = &[
        "op_type",
        "inputs",
        "outputs",
        "name",
        "doc_string",
        "domain",
        "overload",
        "auto_pad",
        "dilations",
        "group",
        "kernel_shape",
        "output_padding",
        "output_shape",
        "pads",
        "strides",
    ];
    const CONV: &[&str] = &[
        "op_type",
        "inputs",
        "outputs",
        "name",
        "doc_string",
        "domain",
        "overload",
        "auto_pad",
        "dilations",
        "group",
        "kernel_shape",
        "pads",
        "strides",
    ];
    const fn make_node(selector: &'static str, op: Op, parameters: &'static [&'static str]) -> Signature {
        Signature {
            name: "make_node",
            selector,
            paths: PATHS,
            api: selector,
            op,
            rank: 0,
            parameters,
            positional: 7,
            required: 3,
            tensors: Tensors { input: &[], weight: &[], bias: &[], operands: "inputs" },
            ignored: &["op_type", "outputs", "name", "doc_string", "domain", "overload"],
            applied: &[],
        }
    }
    [make_node("ConvTranspose", Op::ConvTranspose, CONV_TRANSPOSE), make_node("Conv", Op::Conv, CONV)]
};

/// Attributes with these defaults, left out of the node.
const DEFAULTS: [(&str, DefaultArg); 4] = [
    ("strides", DefaultArg::Every(1)),
    ("dilations", DefaultArg::Every(1)),
    ("output_padding", DefaultArg::Every(0)),
    ("group", DefaultArg::Every(1)),
];

fn request(settings: &Settings) -> Request {
    let s = settings;
    let mut params = Params::new();
    params.set("strides", ints(s.stride));
    match s.padding {
        Padding::Word(w) => params.set("auto_pad", Value::Str(upper(w))),
        _ => {
            let p = padding_pairs(s);
            let flat: Vec<i64> = p.iter().map(|x| x.0).chain(p.iter().map(|x| x.1)).collect();
            if flat.iter().any(|&v| v != 0) {
                params.set("pads", ints(&flat));
            }
        }
    }
    params.set("dilations", ints(s.dilation));
    if s.op == Op::ConvTranspose {
        if let Some(a) = s.output_padding {
            params.set("output_padding", ints(a));
        }
        if let Some(out) = s.output_size {
            params.set("output_shape", ints(out));
        }
    }
    if s.groups != 1 {
        params.set("group", Value::Int(s.groups));
    }
    Request { weight_shape: Some(channels_first_weight(s)), ..settings_request(Framework::Onnx, s, params) }
}

fn fields(op: Op, _rank: usize) -> Vec<Field> {
    use FieldKey::*;
    let transposed = op == Op::ConvTranspose;
    let mut out = vec![
        Field::new(ChannelsIn, "C (input channels)", &[], "input channels"),
        Field::new(ChannelsOut, "M (output channels)", &[], "W.shape[1] * group for ConvTranspose"),
        Field::new(Kernel, "kernel_shape", &[], "from W"),
        Field::new(Stride, "strides", &[], "per axis"),
        Field::new(Padding, "pads / auto_pad", &["SAME_UPPER", "SAME_LOWER", "VALID"], "pads, or an auto_pad mode"),
    ];
    if transposed {
        out.push(Field::new(OutputPadding, "output_padding", &[], "< max(stride, dilation)"));
    }
    out.push(Field::new(Dilation, "dilations", &[], "per axis"));
    if transposed {
        out.push(Field::new(OutputSize, "output_shape", &[], "overrides pads"));
    }
    out.push(Field::new(Groups, "group", &[], "channel groups"));
    out
}

fn code_line(settings: &Settings) -> String {
    let node = match settings.op {
        Op::ConvTranspose => "ConvTranspose",
        Op::Conv => "Conv",
    };
    let attributes = keyword_args(&request(settings), &[], &DEFAULTS);
    let separator = if attributes.is_empty() { "" } else { ", " };
    format!("helper.make_node('{node}', ['X', 'W'], ['Y']{separator}{})", attributes.join(", "))
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use crate::cli::eval_line;
    use serde_json::{json, Value as Json};

    fn eval(op: &str, x: Json, w: Json, params: Json) -> Json {
        let rank = x.as_array().unwrap().len() - 2;
        let api = if op == "conv" { "Conv" } else { "ConvTranspose" };
        let request = json!({"framework": "onnx", "op": op, "rank": rank, "api": api,
                             "input_shape": x, "weight_shape": w, "params": params});
        serde_json::from_str(&eval_line(&request.to_string())).unwrap()
    }

    /// Class: negative pads. Shape inference refuses them; ORT's kernel alone crops (Conv) or widens (ConvTranspose).
    #[test]
    fn negative_pads_only_without_shape_inference() {
        let a = eval("conv_transpose", json!([1, 1, 3]), json!([1, 1, 3]), json!({"strides": [2], "pads": [-1, 0]}));
        assert!(a.get("error").is_some(), "{a}");
        let a = eval(
            "conv_transpose",
            json!([1, 1, 3]),
            json!([1, 1, 3]),
            json!({"strides": [2], "pads": [-4, -4], "shape_inference": false}),
        );
        assert_eq!(a["output_shape"], json!([1, 1, 15]), "{a}");
        let a = eval("conv", json!([1, 1, 6]), json!([1, 1, 3]), json!({"pads": [-1, -1], "shape_inference": false}));
        assert_eq!(a["output_shape"], json!([1, 1, 2]), "{a}");
        assert!(a["notes"].to_string().contains("reference evaluator"), "{a}");
    }

    /// Class: output_shape with N and C (kernel only: the last `rank` entries; a negative entry is not given).
    #[test]
    fn output_shape_with_batch_and_channels() {
        let p = |out: Json, si: bool| json!({"strides": [2], "output_shape": out, "shape_inference": si});
        let a = eval("conv_transpose", json!([1, 1, 3]), json!([1, 1, 3]), p(json!([5, 5, 7]), false));
        assert_eq!(a["output_shape"], json!([1, 1, 7]), "{a}");
        let a = eval("conv_transpose", json!([1, 1, 3]), json!([1, 1, 3]), p(json!([5, 5, 7]), true));
        assert!(a.get("error").is_some(), "{a}");
        let a = eval("conv_transpose", json!([1, 1, 3]), json!([1, 1, 3]), p(json!([1, 6]), false));
        assert!(a.get("error").is_some(), "{a}");
        let a = eval("conv_transpose", json!([1, 1, 3]), json!([1, 1, 3]), p(json!([-1]), false));
        assert_eq!(a["output_shape"], json!([1, 1, 7]), "{a}");
    }

    /// Class: zero kernels and auto_pad spellings.
    #[test]
    fn zero_kernel_and_empty_auto_pad() {
        for si in [true, false] {
            for op in ["conv", "conv_transpose"] {
                let a = eval(op, json!([1, 1, 4]), json!([1, 1, 0]), json!({"shape_inference": si}));
                assert!(a.get("error").is_some(), "{op} {si}: {a}");
            }
        }
        let a = eval("conv_transpose", json!([1, 1, 4]), json!([1, 1, 3]), json!({"strides": [2], "auto_pad": ""}));
        assert_eq!(a["output_shape"], json!([1, 1, 9]), "{a}");
        let a = eval("conv", json!([1, 1, 6]), json!([1, 1, 3]), json!({"strides": [2, 2], "shape_inference": false}));
        assert_eq!(a["output_shape"], json!([1, 1, 2]), "ORT's Conv kernel reads the first entries: {a}");
    }

    /// Class: the reference evaluator. Every recorded fixture where it disagrees with an accepted ORT
    /// call gets the note, and no other accepted call does.
    #[test]
    fn reference_evaluator_notes_follow_the_fixtures() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut checked = 0;
        for name in ["onnx_docs.jsonl", "onnx_sampled.jsonl"] {
            let text = std::fs::read_to_string(dir.join(name)).unwrap();
            for line in text.lines().skip(1) {
                let case: Json = serde_json::from_str(line).unwrap();
                if case["expect"].get("output_shape").is_none() {
                    continue;
                }
                let answer: Json = serde_json::from_str(&eval_line(&case["request"].to_string())).unwrap();
                let noted = answer["notes"].to_string().contains("reference evaluator");
                assert_eq!(noted, case.get("reference").is_some(), "{}: {answer}", case["id"]);
                checked += 1;
            }
        }
        assert!(checked > 1000, "{checked}");
    }
}
