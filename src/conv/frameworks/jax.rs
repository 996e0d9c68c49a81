//! JAX: `jax.lax.conv_transpose` and `jax.lax.conv_general_dilated`.
//!
//! `conv_transpose` is a forward convolution over the stride-dilated input
//! (`lhs_dilation = strides`, window stride 1), so its padding pads *the dilated input*:
//!
//! ```text
//! K = rhs_dilation*(k - 1) + 1;  dilated = (size_in - 1)*strides + 1  (0 for an empty input)
//! 'SAME':  pad_len = K + strides - 2;                  lo = strides > K - 1 ? K - 1 : ceil(pad_len / 2)
//! 'VALID': pad_len = K + strides - 2 + max(K - strides, 0);  lo = K - 1
//! explicit (lo, hi), legacy default: used as given;  use_consistent_padding=True: (K - 1 - p0, K - 1 - p1)
//! hi = pad_len - lo;  size_out = max(0, dilated + lo + hi - K + 1);  crop at the start c0 = K - 1 - lo
//! ```
//! By default the kernel acts spatially flipped relative to PyTorch/TensorFlow (`transpose_kernel=True`
//! flips it back and swaps the kernel's I/O axes). `conv_general_dilated`: `'SAME'`, `'SAME_LOWER'`,
//! `'VALID'` or `(lo, hi)` pairs (negative allowed while the padded size stays >= 0),
//! `size_out = max(0, floor((size_in + lo + hi - K) / stride) + 1)`.
//! Sources: jax/_src/lax/convolution.py (`conv_transpose`, `_conv_transpose_padding`,
//! `conv_general_permutations`, `_conv_general_dilated_shape_rule`), jax/_src/lax/lax.py (`padtype_to_pads`).

use super::common::{derive, list_text, window_spec};
use crate::conv::axis::{kernel_field, AxisSpec, Op};
use crate::conv::error::{ConvError, ConvResult};
use crate::conv::frameworks::Framework;
use crate::conv::layer::{resolve_axes, ChannelPosition, Layer, Request, WeightLayout};
use crate::conv::params::{ArgReader, Value};
use crate::conv::tensor::{Dim, Layouts, WeightDim};

const NAME: &str = "JAX";

/// `(lhs_spec, rhs_spec, out_spec)`, e.g. `("NHWC", "HWIO", "NHWC")`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DimensionNumbers {
    pub lhs: String,
    pub rhs: String,
    pub out: String,
}

impl DimensionNumbers {
    /// `conv_transpose`'s defaults (channels last, `HWIO` kernel).
    pub fn transpose_default(rank: usize) -> Self {
        let (lhs, rhs) = match rank {
            1 => ("NHC", "HIO"),
            2 => ("NHWC", "HWIO"),
            _ => ("NHWDC", "HWDIO"),
        };
        DimensionNumbers { lhs: lhs.into(), rhs: rhs.into(), out: lhs.into() }
    }

    /// `conv_general_dilated`'s defaults (`NCHW`, `OIHW`, `NCHW`).
    pub fn forward_default(rank: usize) -> Self {
        let spatial = &"HWD"[..rank];
        DimensionNumbers { lhs: format!("NC{spatial}"), rhs: format!("OI{spatial}"), out: format!("NC{spatial}") }
    }

    fn validate(&self, rank: usize) -> ConvResult<()> {
        let specs = [(&self.lhs, ('N', 'C')), (&self.rhs, ('O', 'I')), (&self.out, ('N', 'C'))];
        for (index, (spec, (a, b))) in specs.iter().enumerate() {
            let has_each_once = spec.matches(*a).count() == 1 && spec.matches(*b).count() == 1;
            let unique = spec.chars().collect::<std::collections::BTreeSet<_>>().len() == spec.len();
            if !has_each_once || !unique {
                return Err(ConvError::rejected(format!(
                    "convolution dimension_numbers[{index}] must contain the characters '{a}' and '{b}' exactly once \
                     and no character twice, got {spec:?}"
                )));
            }
            if spec.len() != rank + 2 {
                return Err(ConvError::rejected(format!(
                    "dimension_numbers[{index}] = {spec:?} has {} axes; a {rank}-D convolution has {}",
                    spec.len(),
                    rank + 2
                )));
            }
        }
        let spatial = |spec: &str, pair: [char; 2]| -> std::collections::BTreeSet<char> {
            spec.chars().filter(|c| !pair.contains(c)).collect()
        };
        if spatial(&self.lhs, ['N', 'C']) != spatial(&self.rhs, ['O', 'I'])
            || spatial(&self.out, ['N', 'C']) != spatial(&self.rhs, ['O', 'I'])
        {
            return Err(ConvError::rejected(format!(
                "convolution dimension_numbers elements must each have the same set of spatial characters, got ({:?}, {:?}, {:?})",
                self.lhs, self.rhs, self.out
            )));
        }
        Ok(())
    }

    /// The spatial characters in the kernel's order (JAX orders every spatial axis by `rhs`).
    fn spatial_chars(&self) -> Vec<char> {
        self.rhs.chars().filter(|c| *c != 'O' && *c != 'I').collect()
    }
}

fn axis_of(spec: &str, c: char) -> usize {
    spec.chars().position(|x| x == c).unwrap_or(0)
}

fn read_dimension_numbers(reader: &mut ArgReader, op: Op, rank: usize) -> ConvResult<DimensionNumbers> {
    let default = match op {
        Op::ConvTranspose => DimensionNumbers::transpose_default(rank),
        Op::Conv => DimensionNumbers::forward_default(rank),
    };
    let Some(value) = reader.value("dimension_numbers") else { return Ok(default) };
    let specs: Option<Vec<String>> = match value {
        Value::List(items) if items.len() == 3 => items
            .iter()
            .map(|v| match v {
                Value::Str(s) => Some(s.clone()),
                _ => None,
            })
            .collect(),
        _ => None,
    };
    let specs = specs.ok_or_else(|| {
        ConvError::rejected(format!(
            "dimension_numbers must be three strings (lhs, rhs, out), e.g. [\"NHWC\", \"HWIO\", \"NHWC\"] (got {})",
            value.describe()
        ))
    })?;
    let dn = DimensionNumbers { lhs: specs[0].clone(), rhs: specs[1].clone(), out: specs[2].clone() };
    dn.validate(rank)?;
    Ok(dn)
}

/// A sequence argument (`strides`, `rhs_dilation`): JAX takes a sequence of `rank` ints, not an int.
fn read_sequence(reader: &mut ArgReader, name: &str, rank: usize, required: bool) -> ConvResult<Option<Vec<i64>>> {
    let Some(value) = reader.value(name) else {
        if required {
            return Err(ConvError::rejected(format!("missing required argument: '{name}'")));
        }
        return Ok(None);
    };
    let values = match (value, value.as_ints()) {
        (Value::List(_), Some(v)) => v,
        _ => {
            return Err(ConvError::rejected(format!(
                "`{name}` must be a sequence of {rank} ints in JAX (got {}; an int is not accepted)",
                value.describe()
            )))
        }
    };
    if values.len() != rank {
        return Err(ConvError::rejected(format!(
            "`{name}` needs {rank} values, one per spatial axis (got {})",
            list_text(&values)
        )));
    }
    Ok(Some(values))
}

/// The `padding` argument before it is turned into `(lo, hi)` pairs.
enum Padding {
    Named(String),
    Pairs(Vec<(i64, i64)>),
}

fn read_padding(reader: &mut ArgReader, rank: usize) -> ConvResult<Padding> {
    let value = reader.value("padding").ok_or_else(|| ConvError::rejected("missing required argument: 'padding'"))?;
    match value {
        Value::Str(s) => Ok(Padding::Named(s.clone())),
        Value::List(items) => {
            let pairs: Option<Vec<(i64, i64)>> = items
                .iter()
                .map(|item| match (item, item.as_ints()) {
                    (Value::List(_), Some(p)) if p.len() == 2 => Some((p[0], p[1])),
                    _ => None,
                })
                .collect();
            let pairs = pairs.ok_or_else(|| {
                ConvError::rejected(format!(
                    "padding must be a string or a list of (low, high) pairs (got {})",
                    value.describe()
                ))
            })?;
            if pairs.len() != rank {
                return Err(ConvError::rejected(format!(
                    "Wrong number of explicit pads for convolution: expected {rank}, got {}.",
                    pairs.len()
                )));
            }
            Ok(Padding::Pairs(pairs))
        }
        other => Err(ConvError::rejected(format!(
            "padding must be 'SAME', 'VALID', 'SAME_LOWER' or a list of (low, high) pairs (got {})",
            other.describe()
        ))),
    }
}

/// `padtype_to_pads` for one axis.
fn padtype_pads(kind: &str, n: i64, field: i64, stride: i64) -> ConvResult<(i64, i64)> {
    match kind {
        "VALID" => Ok((0, 0)),
        "SAME" | "SAME_LOWER" => {
            let (n, k, s) = (n as i128, field as i128, stride as i128);
            let out = (n + s - 1) / s;
            let total = ((out - 1) * s + k - n).max(0) as i64;
            Ok(if kind == "SAME" { (total / 2, total - total / 2) } else { (total - total / 2, total / 2) })
        }
        other => Err(ConvError::rejected(format!(
            "Unrecognized padding type: expected 'VALID', 'SAME', or 'SAME_LOWER', got {other:?}"
        ))),
    }
}

/// `_conv_transpose_padding(K, s, padding)` for 'SAME' / 'VALID'.
fn transpose_pads(kind: &str, field: i64, stride: i64) -> (i64, i64) {
    let (k, s) = (field, stride);
    let pad_len = if kind == "SAME" { k + s - 2 } else { k + s - 2 + (k - s).max(0) };
    let lo = if kind == "SAME" {
        if s > k - 1 {
            k - 1
        } else {
            (pad_len + 1) / 2
        }
    } else {
        k - 1
    };
    (lo, pad_len - lo)
}

/// The tensors' axis orders from `dimension_numbers`. With `transpose_kernel=True` the kernel's
/// `I` axis holds the output channels and `O` the input channels (JAX swaps them before convolving).
fn layouts(dn: &DimensionNumbers, transpose_kernel: bool) -> Layouts {
    let spatial = dn.spatial_chars();
    let spatial_index = |c: char| spatial.iter().position(|&s| s == c).unwrap_or(0);
    let activation = |spec: &str| -> Vec<Dim> {
        spec.chars()
            .map(|c| match c {
                'N' => Dim::Batch,
                'C' => Dim::Channels,
                other => Dim::Spatial(spatial_index(other)),
            })
            .collect()
    };
    let weight = dn
        .rhs
        .chars()
        .map(|c| match (c, transpose_kernel) {
            ('I', false) | ('O', true) => WeightDim::In,
            ('O', false) | ('I', true) => WeightDim::Out,
            (other, _) => WeightDim::Spatial(spatial_index(other)),
        })
        .collect();
    Layouts { input: activation(&dn.lhs), weight, output: activation(&dn.out) }
}

/// Resolve a `jax.lax` request.
pub fn resolve(request: &Request) -> ConvResult<Layer> {
    let rank = request.rank;
    let op = request.op;
    let mut reader = ArgReader::new(NAME, &request.params);
    let dn = read_dimension_numbers(&mut reader, op, rank)?;
    if let Some(layout) = &request.layout {
        if *layout != dn.lhs {
            return Err(ConvError::malformed(format!(
                "JAX takes its layout from dimension_numbers (input {:?}); layout {layout:?} disagrees",
                dn.lhs
            )));
        }
    }
    let strides_name = if op == Op::Conv { "window_strides" } else { "strides" };
    let strides = read_sequence(&mut reader, strides_name, rank, true)?.unwrap_or_default();
    let rhs_dilation = read_sequence(&mut reader, "rhs_dilation", rank, false)?.unwrap_or(vec![1; rank]);
    let padding = read_padding(&mut reader, rank)?;
    let transpose_kernel = op == Op::ConvTranspose && reader.boolean("transpose_kernel")?.unwrap_or(false);
    let consistent = op == Op::ConvTranspose && reader.boolean("use_consistent_padding")?.unwrap_or(false);
    let feature_group_count = match op {
        Op::Conv => reader.int("feature_group_count")?.unwrap_or(1),
        Op::ConvTranspose => 1,
    };
    if op == Op::Conv {
        let not_modelled = |name: &str| {
            ConvError::malformed(format!(
                "convt-lab does not model conv_general_dilated's {name}; use conv_transpose for input dilation"
            ))
        };
        if reader.value("batch_group_count").is_some_and(|v| *v != Value::Int(1)) {
            return Err(not_modelled("batch_group_count"));
        }
        if reader.value("lhs_dilation").is_some_and(|v| !v.as_ints().is_some_and(|d| d.iter().all(|&x| x == 1))) {
            return Err(not_modelled("lhs_dilation"));
        }
    }
    for name in ["precision", "preferred_element_type"] {
        reader.value(name);
    }

    let input_shape = &request.input_shape;
    let weight_shape = request
        .weight_shape
        .clone()
        .ok_or_else(|| ConvError::malformed("jax.lax convolutions need weight_shape (the rhs shape)"))?;
    if input_shape.len() != rank + 2 || weight_shape.len() != rank + 2 {
        return Err(ConvError::rejected(format!(
            "a {rank}-D convolution needs lhs and rhs with {} dimensions (got input_shape {} and weight_shape {})",
            rank + 2,
            list_text(input_shape),
            list_text(&weight_shape)
        )));
    }
    if let Some(&bad) = input_shape.iter().chain(&weight_shape).find(|&&d| d < 0) {
        return Err(ConvError::rejected(format!("shapes must not have negative dimensions (got {bad})")));
    }
    let spatial = dn.spatial_chars();
    let size_in: Vec<i64> = spatial.iter().map(|&c| input_shape[axis_of(&dn.lhs, c)]).collect();
    let kernel_size: Vec<i64> = spatial.iter().map(|&c| weight_shape[axis_of(&dn.rhs, c)]).collect();
    let batch = input_shape[axis_of(&dn.lhs, 'N')];
    let channels_in = input_shape[axis_of(&dn.lhs, 'C')];
    let rhs_in = weight_shape[axis_of(&dn.rhs, 'I')];
    let rhs_out = weight_shape[axis_of(&dn.rhs, 'O')];

    if strides.iter().any(|&s| s <= 0) {
        let what = if op == Op::ConvTranspose { "dilations" } else { "window strides" };
        return Err(ConvError::rejected(format!(
            "All {what} must be positive, got {} ({strides_name} must be >= 1)",
            list_text(&strides)
        )));
    }
    if rhs_dilation.iter().any(|&d| d <= 0) {
        return Err(ConvError::rejected(format!("All dilations must be positive, got {}.", list_text(&rhs_dilation))));
    }
    if kernel_size.contains(&0) {
        return Err(ConvError::rejected(format!(
            "XLA expects window to have positive value in every dimension, but the kernel's spatial size is {}",
            list_text(&kernel_size)
        )));
    }
    // conv_transpose with transpose_kernel swaps the kernel's I and O axes before convolving.
    let (kernel_in, channels_out) = if transpose_kernel { (rhs_out, rhs_in) } else { (rhs_in, rhs_out) };
    if feature_group_count <= 0 {
        return Err(ConvError::rejected(format!("feature_group_count must be positive, got {feature_group_count}")));
    }
    if channels_in % feature_group_count != 0 || channels_in / feature_group_count != kernel_in {
        return Err(ConvError::rejected(format!(
            "conv_general_dilated lhs feature dimension size divided by feature_group_count must equal the rhs input \
             feature dimension size, but {channels_in} // {feature_group_count} != {kernel_in}"
        )));
    }
    if channels_out % feature_group_count != 0 {
        return Err(ConvError::rejected(format!(
            "conv_general_dilated rhs output feature dimension size must be a multiple of feature_group_count, but \
             {channels_out} is not a multiple of {feature_group_count}."
        )));
    }

    let fields: Vec<i64> =
        (0..rank).map(|a| kernel_field(kernel_size[a], rhs_dilation[a]).min(i64::MAX as i128) as i64).collect();
    let mut specs = Vec::with_capacity(rank);
    let mut derivations = Vec::with_capacity(rank);
    let mut notes = Vec::new();
    for axis in 0..rank {
        let (n, s, field) = (size_in[axis], strides[axis], fields[axis]);
        match op {
            Op::ConvTranspose => {
                let (lo, hi) = match &padding {
                    Padding::Named(kind) if kind == "SAME" || kind == "VALID" => transpose_pads(kind, field, s),
                    Padding::Named(kind) => {
                        if strides.iter().any(|&s| s != 1) {
                            return Err(ConvError::rejected(format!(
                                "String padding is not implemented for transposed convolution using this op \
                                 (got {kind:?}). Please either exactly specify the required padding or use 'SAME'/'VALID'."
                            )));
                        }
                        padtype_pads(kind, n, field, 1)?
                    }
                    Padding::Pairs(pairs) if consistent => (field - 1 - pairs[axis].0, field - 1 - pairs[axis].1),
                    Padding::Pairs(pairs) => pairs[axis],
                };
                let dilated = if n == 0 { 0 } else { (n as i128 - 1) * s as i128 + 1 };
                let padded = dilated + lo as i128 + hi as i128;
                if padded < 0 {
                    return Err(ConvError::rejected(format!(
                        "Negative padding is larger than the size of the corresponding dimension: got padding ({lo}, {hi}) \
                         for a stride-dilated input of {dilated}"
                    )));
                }
                let size_out = (padded - field as i128 + 1).max(0) as i64;
                let c0 = field - 1 - lo;
                specs.push(window_spec(n, kernel_size[axis], s, rhs_dilation[axis], c0, size_out));
                let values = [("size_in", n), ("strides", s), ("kernel_field", field), ("lo", lo), ("hi", hi)];
                derivations.push(derive(
                    "max(0, ({size_in} - 1)*{strides} + 1 + {lo} + {hi} - {kernel_field} + 1)",
                    &values,
                    size_out,
                ));
                if c0 < 0 {
                    notes.push(format!("axis {axis}: padding adds {} zero cells before the scatter begins", -c0));
                }
            }
            Op::Conv => {
                let (lo, hi) = match &padding {
                    Padding::Named(kind) => padtype_pads(kind, n, field, s)?,
                    Padding::Pairs(pairs) => pairs[axis],
                };
                if n as i128 + lo as i128 + hi as i128 <= -1 {
                    return Err(ConvError::rejected(format!(
                        "Negative padding is larger than the size of the corresponding dimension: got padding ({lo}, {hi}) \
                         for an input of {n}"
                    )));
                }
                let spec = AxisSpec {
                    size_in: n,
                    kernel_size: kernel_size[axis],
                    stride: s,
                    dilation: rhs_dilation[axis],
                    pad_before: lo,
                    pad_after: hi,
                    output_padding: 0,
                };
                let values = [("size_in", n), ("window_strides", s), ("kernel_field", field), ("lo", lo), ("hi", hi)];
                derivations.push(derive(
                    "max(0, floor(({size_in} + {lo} + {hi} - {kernel_field}) / {window_strides}) + 1)",
                    &values,
                    spec.raw_size_out(Op::Conv) as i64,
                ));
                specs.push(spec);
            }
        }
    }
    let axes = resolve_axes(&specs, op)?;
    if op == Op::ConvTranspose {
        notes.push(if transpose_kernel {
            "transpose_kernel=True: the kernel is flipped back and its I/O axes swapped, so values match \
             TensorFlow/Keras for the same kernel"
                .to_string()
        } else {
            "JAX flips the kernel by default: conv_transpose is a correlation over the stride-dilated input, so each \
             input pixel stamps the kernel rotated 180° (pass transpose_kernel=True for TensorFlow/PyTorch values)"
                .to_string()
        });
        if matches!(padding, Padding::Pairs(_)) && !consistent {
            notes.push(
                "explicit padding pads the stride-dilated input (legacy JAX semantics): (p, p) crops \
                 K - 1 - p cells, not p as PyTorch's padding does; use_consistent_padding=True means PyTorch's"
                    .to_string(),
            );
        }
    }
    notes.extend(reader.unknown_notes());

    let out_spatial: Vec<i64> = axes.iter().map(|a| a.size_out).collect();
    let output_shape: Vec<i64> = dn
        .out
        .chars()
        .map(|c| match c {
            'N' => batch,
            'C' => channels_out,
            other => out_spatial[spatial.iter().position(|&s| s == other).unwrap_or(0)],
        })
        .collect();
    let channel_position =
        if axis_of(&dn.lhs, 'C') == dn.lhs.len() - 1 { ChannelPosition::Last } else { ChannelPosition::First };
    let weight_layout = match (dn.rhs.starts_with('O'), dn.rhs.starts_with('I'), dn.rhs.ends_with("IO")) {
        (true, _, _) => WeightLayout::OutInSpatial,
        (_, true, _) => WeightLayout::InOutSpatial,
        (_, _, true) => WeightLayout::SpatialInOut,
        _ => WeightLayout::SpatialOutIn,
    };
    Ok(Layer {
        framework: Framework::Jax,
        op,
        axes,
        channel_position,
        batch: Some(batch),
        channels_in,
        channels_out,
        groups: feature_group_count,
        weight_layout,
        weight_shape,
        output_shape,
        kernel_flipped: op == Op::ConvTranspose && !transpose_kernel,
        bias: false,
        derivations,
        notes,
        padding_mode: crate::conv::engine::PaddingMode::Zeros,
        explicit_layouts: Some(layouts(&dn, transpose_kernel)),
    })
}
