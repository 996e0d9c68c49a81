//! JAX: `jax.lax.conv_transpose`, `conv_general_dilated`, `conv` and `conv_with_general_padding`.
//!
//! Every entry point is `conv_general_dilated` underneath. `conv_transpose` is a forward convolution
//! over the stride-dilated input (`lhs_dilation = strides`, window stride 1), so its padding pads
//! *the dilated input*:
//!
//! ```text
//! K = rhs_dilation*(k - 1) + 1;  dilated = (size_in - 1)*lhs_dilation + 1  (0 for an empty input)
//! conv_transpose 'SAME':  pad_len = K + s - 2;  lo = s > K - 1 ? K - 1 : ceil(pad_len / 2)
//! conv_transpose 'VALID': pad_len = K + s - 2 + max(K - s, 0);  lo = K - 1
//! explicit (lo, hi), legacy default: used as given;  use_consistent_padding=True: (K - 1 - p0, K - 1 - p1)
//! any other string ('same', 'SAME_LOWER', …): forward padding, upper-cased, only with strides 1
//! hi = pad_len - lo;  size_out = max(0, floor((dilated + lo + hi - K) / window_stride) + 1);  crop c0 = K - 1 - lo
//! ```
//! By default the kernel acts spatially flipped relative to PyTorch/TensorFlow (`transpose_kernel=True`
//! flips it back and swaps the kernel's I/O axes). Forward padding: `'SAME'`, `'SAME_LOWER'`,
//! `'VALID'` (any case) or `(lo, hi)` pairs (negative allowed while the padded size stays >= 0).
//!
//! `dimension_numbers` is read as JAX reads it: `None` (conv_transpose: `NHC`/`HIO`, `NHWC`/`HWIO`,
//! `NHWDC`/`HWDIO`; the others: `NC…`/`OI…`, the identity), three strings whose spatial letters are
//! any letters (only where `N`, `C`, `O`, `I` and the spatial axes sit matters; spatial axes pair up
//! in the kernel's order), or a `ConvDimensionNumbers` of three permutations (JSON: an object with
//! `lhs_spec`/`rhs_spec`/`out_spec`, or a list of three lists). A request's `layout` (`NWC`, `NCHW`,
//! `NDHWC`, …) must place N and C where the dimension numbers put them.
//! Sources: jax/_src/lax/convolution.py (`conv_transpose`, `_conv_transpose_padding`,
//! `conv_dimension_numbers`, `conv_general_permutations`, `_conv_general_dilated_shape_rule`),
//! jax/_src/lax/lax.py (`padtype_to_pads`, `canonicalize_precision`); checked against jax 0.10.2
//! (tests/fixtures/jax*.jsonl).

use super::common::{derive, list_text, window_spec};
use crate::conv::dialects::params::{ArgReader, Value};
use crate::conv::dialects::Request;
use crate::conv::error::{ConvError, ConvResult};
use crate::conv::geometry::axis::{kernel_field, Axis, AxisSpec, Op};
use crate::conv::geometry::layer::{resolve_axes, ChannelPosition, Derivation, Layer, WeightLayout};
use crate::conv::geometry::padding::{same_split, OddCell};
use crate::conv::geometry::tensor::{Dim, Layouts, WeightDim};

const NAME: &str = "JAX";

/// The public `jax.lax` convolution entry points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Api {
    ConvTranspose,
    ConvGeneralDilated,
    Conv,
    ConvWithGeneralPadding,
}

/// Every keyword any `jax.lax` convolution takes (a keyword of one entry point passed to another
/// is Python's `TypeError: … got an unexpected keyword argument`).
const ALL_KEYWORDS: [&str; 13] = [
    "strides",
    "window_strides",
    "padding",
    "lhs_dilation",
    "rhs_dilation",
    "dimension_numbers",
    "transpose_kernel",
    "use_consistent_padding",
    "feature_group_count",
    "batch_group_count",
    "precision",
    "preferred_element_type",
    "out_sharding",
];

impl Api {
    fn of(request: &Request) -> ConvResult<Api> {
        let name = request.api.as_deref().map(|a| a.trim_start_matches("jax.").trim_start_matches("lax."));
        let api = match name {
            None => match request.op {
                Op::ConvTranspose => Api::ConvTranspose,
                Op::Conv => Api::ConvGeneralDilated,
            },
            Some("conv_transpose") => Api::ConvTranspose,
            Some("conv_general_dilated") => Api::ConvGeneralDilated,
            Some("conv") => Api::Conv,
            Some("conv_with_general_padding") => Api::ConvWithGeneralPadding,
            Some(_) => {
                return Err(ConvError::malformed(format!(
                    "api {:?} is not a jax.lax convolution (conv_transpose, conv_general_dilated, conv, \
                     conv_with_general_padding)",
                    request.api.as_deref().unwrap_or("")
                )))
            }
        };
        let op = if api == Api::ConvTranspose { Op::ConvTranspose } else { Op::Conv };
        if op != request.op {
            return Err(ConvError::malformed(format!(
                "jax.lax.{} is a {} (op {:?} disagrees)",
                api.name(),
                if op == Op::Conv { "forward convolution (op \"conv\")" } else { "transposed convolution" },
                request.op.name()
            )));
        }
        Ok(api)
    }

    fn name(self) -> &'static str {
        match self {
            Api::ConvTranspose => "conv_transpose",
            Api::ConvGeneralDilated => "conv_general_dilated",
            Api::Conv => "conv",
            Api::ConvWithGeneralPadding => "conv_with_general_padding",
        }
    }

    fn keywords(self) -> &'static [&'static str] {
        match self {
            Api::ConvTranspose => &[
                "strides",
                "padding",
                "rhs_dilation",
                "dimension_numbers",
                "transpose_kernel",
                "precision",
                "preferred_element_type",
                "use_consistent_padding",
            ],
            Api::ConvGeneralDilated => &[
                "window_strides",
                "padding",
                "lhs_dilation",
                "rhs_dilation",
                "dimension_numbers",
                "feature_group_count",
                "batch_group_count",
                "precision",
                "preferred_element_type",
                "out_sharding",
            ],
            Api::Conv => &["window_strides", "padding", "precision", "preferred_element_type"],
            Api::ConvWithGeneralPadding => {
                &["window_strides", "padding", "lhs_dilation", "rhs_dilation", "precision", "preferred_element_type"]
            }
        }
    }

    /// Positional parameters without a default (`None` is a value for the dilations).
    fn required(self) -> &'static [&'static str] {
        match self {
            Api::ConvTranspose => &["strides", "padding"],
            Api::ConvWithGeneralPadding => &["window_strides", "padding", "lhs_dilation", "rhs_dilation"],
            _ => &["window_strides", "padding"],
        }
    }

    fn strides_name(self) -> &'static str {
        if self == Api::ConvTranspose {
            "strides"
        } else {
            "window_strides"
        }
    }
}

/// Python's check of the call's keywords: a sibling entry point's keyword, or a missing required one.
fn check_keywords(reader: &ArgReader, params: &crate::conv::dialects::params::Params, api: Api) -> ConvResult<()> {
    if let Some((name, _)) =
        params.entries.iter().find(|(n, _)| ALL_KEYWORDS.contains(&n.as_str()) && !api.keywords().contains(&n.as_str()))
    {
        return Err(ConvError::rejected(format!(
            "TypeError: {}() got an unexpected keyword argument '{name}'",
            api.name()
        )));
    }
    let missing: Vec<&str> = api.required().iter().copied().filter(|n| !reader.has(n) && !reader.is_null(n)).collect();
    if !missing.is_empty() {
        let names: Vec<String> = missing.iter().map(|n| format!("'{n}'")).collect();
        return Err(ConvError::rejected(format!(
            "TypeError: {}() missing {} required positional argument{}: {}",
            api.name(),
            missing.len(),
            if missing.len() == 1 { "" } else { "s" },
            names.join(" and ")
        )));
    }
    Ok(())
}

/// `ConvDimensionNumbers`: for `lhs` and `out` the axis of the batch, of the features, then of each
/// spatial dimension; for `rhs` the axis of the output features, of the input features, then the
/// spatial ones. The k-th spatial entries of the three belong together (and to `strides[k]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DimensionNumbers {
    pub lhs: Vec<usize>,
    pub rhs: Vec<usize>,
    pub out: Vec<usize>,
}

impl DimensionNumbers {
    /// `conv_transpose`'s defaults: `("NHC", "HIO", "NHC")`, `("NHWC", "HWIO", "NHWC")`, `("NHWDC", "HWDIO", "NHWDC")`.
    pub fn transpose_default(rank: usize) -> Self {
        let (lhs, rhs) = match rank {
            1 => ("NHC", "HIO"),
            2 => ("NHWC", "HWIO"),
            _ => ("NHWDC", "HWDIO"),
        };
        Self::from_strings([lhs, rhs, lhs], rank + 2).unwrap_or_else(|_| Self::forward_default(rank))
    }

    /// `dimension_numbers=None` in `conv_general_dilated`: `NC…`, `OI…`, `NC…` (every spec the identity).
    pub fn forward_default(rank: usize) -> Self {
        let iota: Vec<usize> = (0..rank + 2).collect();
        DimensionNumbers { lhs: iota.clone(), rhs: iota.clone(), out: iota }
    }

    /// `conv_dimension_numbers` / `conv_general_permutations` for the tuple-of-strings form.
    pub fn from_strings(specs: [&str; 3], ndim: usize) -> ConvResult<Self> {
        for (i, spec) in specs.iter().enumerate() {
            if spec.chars().count() != ndim {
                return Err(ConvError::rejected(format!(
                    "TypeError: convolution dimension_numbers[{i}] must have len equal to the ndim of lhs and rhs, \
                     got {} for {ndim}-dimensional lhs and rhs ({spec:?})",
                    spec.chars().count()
                )));
            }
        }
        let pairs = [('N', 'C'), ('O', 'I'), ('N', 'C')];
        for (i, (spec, (a, b))) in specs.iter().zip(pairs).enumerate() {
            if spec.matches(a).count() != 1 || spec.matches(b).count() != 1 {
                return Err(ConvError::rejected(format!(
                    "TypeError: convolution dimension_numbers[{i}] must contain the characters '{a}' and '{b}' \
                     exactly once, got {spec}."
                )));
            }
            let unique: std::collections::BTreeSet<char> = spec.chars().collect();
            if unique.len() != spec.chars().count() {
                return Err(ConvError::rejected(format!(
                    "TypeError: convolution dimension_numbers[{i}] cannot have duplicate characters, got {spec}."
                )));
            }
        }
        let spatial = |spec: &str, (a, b): (char, char)| -> std::collections::BTreeSet<char> {
            spec.chars().filter(|&c| c != a && c != b).collect()
        };
        if spatial(specs[0], pairs[0]) != spatial(specs[1], pairs[1])
            || spatial(specs[1], pairs[1]) != spatial(specs[2], pairs[2])
        {
            return Err(ConvError::rejected(format!(
                "TypeError: convolution dimension_numbers elements must each have the same set of spatial \
                 characters, got ({:?}, {:?}, {:?}).",
                specs[0], specs[1], specs[2]
            )));
        }
        let rhs: Vec<char> = specs[1].chars().collect();
        let rhs_spatial: Vec<char> = rhs.iter().copied().filter(|&c| c != 'O' && c != 'I').collect();
        let perm = |spec: &str, (a, b): (char, char)| -> Vec<usize> {
            let chars: Vec<char> = spec.chars().collect();
            let at = |c: char| chars.iter().position(|&x| x == c).unwrap_or(0);
            let mut perm = vec![at(a), at(b)];
            perm.extend(rhs_spatial.iter().map(|&c| at(c)));
            perm
        };
        Ok(DimensionNumbers {
            lhs: perm(specs[0], pairs[0]),
            rhs: perm(specs[1], pairs[1]),
            out: perm(specs[2], pairs[2]),
        })
    }

    /// The `ConvDimensionNumbers(lhs_spec, rhs_spec, out_spec)` form: each a permutation of the axes.
    fn from_permutations(specs: [Vec<i64>; 3], ndim: usize) -> ConvResult<Self> {
        let mut perms = Vec::with_capacity(3);
        for (i, spec) in specs.iter().enumerate() {
            let mut seen = vec![false; ndim];
            for &axis in spec {
                if axis < 0 || axis as usize >= ndim {
                    return Err(ConvError::rejected(format!(
                        "IndexError: ConvDimensionNumbers {}: index {axis} is out of bounds for axis 0 with size {ndim}",
                        ["lhs_spec", "rhs_spec", "out_spec"][i]
                    )));
                }
                seen[axis as usize] = true;
            }
            if spec.len() != ndim || seen.iter().any(|s| !s) {
                return Err(ConvError::rejected(format!(
                    "ConvDimensionNumbers {} = {} is not a permutation of the {ndim} axes of a {ndim}-dimensional \
                     operand (XLA: dimension numbers must be unique and cover every axis)",
                    ["lhs_spec", "rhs_spec", "out_spec"][i],
                    list_text(spec)
                )));
            }
            perms.push(spec.iter().map(|&a| a as usize).collect::<Vec<usize>>());
        }
        let out = perms.pop().unwrap_or_default();
        let rhs = perms.pop().unwrap_or_default();
        let lhs = perms.pop().unwrap_or_default();
        Ok(DimensionNumbers { lhs, rhs, out })
    }
}

fn read_dimension_numbers(reader: &mut ArgReader, api: Api, ndim: usize) -> ConvResult<DimensionNumbers> {
    let rank = ndim.saturating_sub(2);
    let default = if api == Api::ConvTranspose {
        DimensionNumbers::transpose_default(rank)
    } else {
        DimensionNumbers::forward_default(rank)
    };
    let Some(value) = reader.value("dimension_numbers") else { return Ok(default) };
    let wrong = || {
        ConvError::rejected(format!(
            "TypeError: convolution dimension_numbers must be None, a tuple of three strings (lhs, rhs, out), e.g. \
             (\"NHWC\", \"HWIO\", \"NHWC\"), or a ConvDimensionNumbers(lhs_spec, rhs_spec, out_spec); got {}",
            value.describe()
        ))
    };
    match value {
        Value::List(items) if items.len() == 3 && items.iter().all(|v| matches!(v, Value::Str(_))) => {
            let s: Vec<&str> = items.iter().map(|v| if let Value::Str(s) = v { s.as_str() } else { "" }).collect();
            DimensionNumbers::from_strings([s[0], s[1], s[2]], ndim)
        }
        Value::List(items) if items.len() == 3 && items.iter().all(|v| matches!(v, Value::List(_))) => {
            let ints: Option<Vec<Vec<i64>>> = items.iter().map(Value::as_ints).collect();
            let ints = ints.ok_or_else(wrong)?;
            DimensionNumbers::from_permutations([ints[0].clone(), ints[1].clone(), ints[2].clone()], ndim)
        }
        Value::Map(entries) => {
            let field = |name: &str| -> ConvResult<Vec<i64>> {
                match entries.iter().find(|(n, _)| n == name).map(|(_, v)| v) {
                    Some(v @ Value::List(_)) => v.as_ints().ok_or_else(wrong),
                    _ => Err(wrong()),
                }
            };
            if let Some((extra, _)) =
                entries.iter().find(|(n, _)| !["lhs_spec", "rhs_spec", "out_spec"].contains(&n.as_str()))
            {
                return Err(ConvError::rejected(format!(
                    "TypeError: ConvDimensionNumbers.__new__() got an unexpected keyword argument '{extra}'"
                )));
            }
            DimensionNumbers::from_permutations([field("lhs_spec")?, field("rhs_spec")?, field("out_spec")?], ndim)
        }
        Value::List(items) if items.len() != 3 => Err(ConvError::rejected(format!(
            "TypeError: convolution dimension_numbers list/tuple must be length 3, got {}.",
            items.len()
        ))),
        _ => Err(wrong()),
    }
}

/// `layout` names the input's axes: any letters for the spatial ones, `N` and `C` where they sit.
/// It must place them as `dimension_numbers` (or its default) does.
fn check_layout(layout: &str, dn: &DimensionNumbers, ndim: usize, api: Api) -> ConvResult<()> {
    let chars: Vec<char> = layout.chars().collect();
    let unique: std::collections::BTreeSet<char> = chars.iter().copied().collect();
    let n = chars.iter().position(|&c| c == 'N');
    let c = chars.iter().position(|&c| c == 'C');
    let (Some(n), Some(c)) = (n, c) else {
        return Err(ConvError::malformed(format!(
            "layout {layout:?} must name the batch axis N and the channel axis C (spatial axes take any other letters)"
        )));
    };
    if chars.len() != ndim || unique.len() != chars.len() {
        return Err(ConvError::malformed(format!(
            "layout {layout:?} must name {ndim} distinct axes for a {}-D convolution",
            ndim.saturating_sub(2)
        )));
    }
    if n != dn.lhs[0] || c != dn.lhs[1] {
        let spell: String = (0..ndim)
            .map(|i| {
                if i == dn.lhs[0] {
                    'N'
                } else if i == dn.lhs[1] {
                    'C'
                } else {
                    '·'
                }
            })
            .collect();
        return Err(ConvError::malformed(format!(
            "JAX takes its layout from dimension_numbers: jax.lax.{} reads the input as {spell} (N, C and spatial \
             axes ·), and layout {layout:?} places N at {n} and C at {c}; pass dimension_numbers to read it that way",
            api.name()
        )));
    }
    Ok(())
}

/// A sequence argument (`strides`, `rhs_dilation`): JAX takes a sequence of `rank` ints, not an int.
fn read_sequence(reader: &mut ArgReader, name: &str, rank: usize) -> ConvResult<Option<Vec<i64>>> {
    let null = reader.is_null(name);
    let Some(value) = reader.value(name) else {
        if null && (name == "strides" || name == "window_strides") {
            return Err(ConvError::rejected(format!(
                "TypeError: `{name}` must be a sequence of {rank} ints, got None"
            )));
        }
        return Ok(None);
    };
    let values = match (value, value.as_ints()) {
        (Value::List(_), Some(v)) => v,
        _ => {
            return Err(ConvError::rejected(format!(
                "TypeError: `{name}` must be a sequence of {rank} ints in JAX (got {}; an int is not iterable)",
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
    let value = reader.value("padding").ok_or_else(|| {
        ConvError::rejected(
            "ValueError: padding argument to conv_general_dilated should be a string or a sequence of (low, high) \
             pairs, got None",
        )
    })?;
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
                    "ValueError: padding argument to conv_general_dilated should be a string or a sequence of \
                     (low, high) pairs, got {}",
                    value.describe()
                ))
            })?;
            if pairs.len() != rank {
                return Err(ConvError::rejected(format!(
                    "TypeError: Wrong number of explicit pads for convolution: expected {rank}, got {}.",
                    pairs.len()
                )));
            }
            Ok(Padding::Pairs(pairs))
        }
        other => Err(ConvError::rejected(format!(
            "ValueError: padding must be 'SAME', 'VALID', 'SAME_LOWER' or a sequence of (low, high) pairs (got {})",
            other.describe()
        ))),
    }
}

/// `padtype_to_pads` for one axis (the name is upper-cased first, as JAX does).
fn padtype_pads(kind: &str, n: i64, field: i64, stride: i64) -> ConvResult<(i64, i64)> {
    match super::common::python_upper(kind).as_str() {
        "VALID" => Ok((0, 0)),
        upper @ ("SAME" | "SAME_LOWER") => {
            let (n, k, s) = (n as i128, field as i128, stride as i128);
            let out = (n + s - 1) / s;
            let total = ((out - 1) * s + k - n).max(0);
            let odd = if upper == "SAME" { OddCell::End } else { OddCell::Start };
            let (before, after) = same_split(total, odd);
            Ok((before as i64, after as i64))
        }
        _ => Err(ConvError::rejected(format!(
            "RuntimeError: Unrecognized padding type: expected 'VALID', 'SAME', or 'SAME_LOWER', got {kind}."
        ))),
    }
}

/// `_conv_transpose_padding(K, s, padding)`: 'SAME' / 'VALID', or the forward padding `(p0, p1)`.
fn transpose_pads(kind: Result<&str, (i64, i64)>, field: i64, stride: i64) -> (i64, i64) {
    let (k, s) = (field as i128, stride as i128);
    let fit = |v: i128| v.clamp(i64::MIN as i128, i64::MAX as i128) as i64;
    match kind {
        Ok("SAME") => {
            let pad_len = k + s - 2;
            let lo = if s > k - 1 { k - 1 } else { (pad_len + 1).div_euclid(2) };
            (fit(lo), fit(pad_len - lo))
        }
        Ok(_) => (fit(k - 1), fit(k + s - 2 + (k - s).max(0) - (k - 1))),
        Err((p0, p1)) => (fit(k - 1 - p0 as i128), fit(k - 1 - p1 as i128)),
    }
}

/// `preferred_element_type` and `precision`: checked as JAX checks them for float32 operands.
fn check_types(reader: &mut ArgReader) -> ConvResult<()> {
    if let Some(value) = reader.value("preferred_element_type") {
        let accepted = ["float32", "float64", "float", "f4", "f8", "double"];
        let narrower = ["float16", "bfloat16", "half", "f2"];
        match value {
            Value::Str(s) if accepted.contains(&s.as_str()) => {}
            Value::Str(s) if narrower.contains(&s.as_str()) || s.starts_with("float8") => {
                return Err(ConvError::rejected(
                    "TypeError: `preferred_element_type` must not be narrower than the original type.",
                ))
            }
            Value::Str(s)
                if s.starts_with("int") || s.starts_with("uint") || s == "bool" || s.starts_with("complex") =>
            {
                return Err(ConvError::rejected(format!(
                    "TypeError: Input type is incompatible with `preferred_element_type`: float32 operands cannot \
                     accumulate to {s} (compatible: integral→integral, integral→floating, floating→floating)"
                )))
            }
            other => {
                return Err(ConvError::rejected(format!("TypeError: data type {} not understood", other.describe())))
            }
        }
    }
    if let Some(value) = reader.value("precision") {
        const STRINGS: [&str; 8] =
            ["highest", "float32", "high", "bfloat16_3x", "tensorfloat32", "default", "bfloat16", "fastest"];
        const PRESETS: [&str; 16] = [
            "DEFAULT",
            "ANY_F8_ANY_F8_F32",
            "ANY_F8_ANY_F8_F32_FAST_ACCUM",
            "ANY_F8_ANY_F8_ANY",
            "ANY_F8_ANY_F8_ANY_FAST_ACCUM",
            "F16_F16_F16",
            "F16_F16_F32",
            "BF16_BF16_BF16",
            "BF16_BF16_F32",
            "BF16_BF16_F32_X3",
            "BF16_BF16_F32_X6",
            "BF16_BF16_F32_X9",
            "TF32_TF32_F32",
            "TF32_TF32_F32_X3",
            "F32_F32_F32",
            "F64_F64_F64",
        ];
        let ok = match value {
            Value::Str(s) => STRINGS.contains(&s.as_str()) || PRESETS.contains(&s.as_str()),
            Value::List(items) if items.len() == 2 => {
                items.iter().all(|v| matches!(v, Value::Str(s) if STRINGS.contains(&s.as_str())))
            }
            _ => false,
        };
        if !ok {
            return Err(ConvError::rejected(format!(
                "ValueError: Precision argument must be one of: None, a string in {STRINGS:?}, a tuple of two of \
                 them, or the name of a lax.DotAlgorithmPreset; but got {}.",
                value.describe()
            )));
        }
    }
    Ok(())
}

/// The arguments of one call under JAX's names, as `conv_general_dilated` receives them
/// (`conv_transpose` passes its `strides` on as `lhs_dilation`, with window strides of 1).
struct General {
    window_strides: Vec<i64>,
    padding: Padding,
    lhs_dilation: Vec<i64>,
    rhs_dilation: Vec<i64>,
    dimension_numbers: DimensionNumbers,
    feature_group_count: i64,
    batch_group_count: i64,
    /// `conv_transpose` only: flip the kernel back and swap its I/O axes.
    transpose_kernel: bool,
    /// `conv_transpose` only: explicit padding means PyTorch's.
    use_consistent_padding: bool,
}

/// The sizes the call reads from its operands, per `dimension_numbers`.
struct Operands {
    batch: i64,
    channels_in: i64,
    rhs_out: i64,
    rhs_in: i64,
    size_in: Vec<i64>,
    kernel: Vec<i64>,
}

fn operands(request: &Request, weight: &[i64], dn: &DimensionNumbers) -> ConvResult<Operands> {
    let rank = request.rank;
    let input = &request.input_shape;
    if input.len() != weight.len() {
        return Err(ConvError::rejected(format!(
            "TypeError: convolution requires lhs and rhs ndim to be equal, got {} and {}.",
            input.len(),
            weight.len()
        )));
    }
    if input.len() != rank + 2 {
        return Err(ConvError::rejected(format!(
            "a {rank}-D convolution needs lhs and rhs with {} dimensions (got input_shape {} and weight_shape {}; \
             jax.lax takes no unbatched input)",
            rank + 2,
            list_text(input),
            list_text(weight)
        )));
    }
    if let Some(&bad) = input.iter().chain(weight).find(|&&d| d < 0) {
        return Err(ConvError::rejected(format!("shapes must not have negative dimensions (got {bad})")));
    }
    Ok(Operands {
        batch: input[dn.lhs[0]],
        channels_in: input[dn.lhs[1]],
        rhs_out: weight[dn.rhs[0]],
        rhs_in: weight[dn.rhs[1]],
        size_in: dn.lhs[2..].iter().map(|&a| input[a]).collect(),
        kernel: dn.rhs[2..].iter().map(|&a| weight[a]).collect(),
    })
}

/// `_conv_general_dilated_shape_rule`'s checks, in its order (and the dilation checks before them).
fn check_general(g: &General, o: &Operands, rank: usize) -> ConvResult<()> {
    if g.window_strides.iter().any(|&s| s <= 0) {
        return Err(ConvError::rejected(format!(
            "All window strides must be positive, got {}",
            list_text(&g.window_strides)
        )));
    }
    for (name, dilation) in [("lhs_dilation", &g.lhs_dilation), ("rhs_dilation", &g.rhs_dilation)] {
        if dilation.iter().any(|&d| d <= 0) {
            let what =
                if name == "lhs_dilation" && g.window_strides.iter().all(|&s| s == 1) { " (strides)" } else { "" };
            return Err(ConvError::rejected(format!(
                "TypeError: All dilations must be positive, got {}{what}.",
                list_text(dilation)
            )));
        }
    }
    let fgc = g.feature_group_count;
    if fgc <= 0 {
        return Err(ConvError::rejected(format!(
            "ValueError: conv_general_dilated feature_group_count must be a positive integer, got {fgc}."
        )));
    }
    if o.channels_in % fgc != 0 {
        return Err(ConvError::rejected(format!(
            "ValueError: conv_general_dilated feature_group_count must divide lhs feature dimension size, but {fgc} \
             does not divide {}.",
            o.channels_in
        )));
    }
    if o.channels_in / fgc != o.rhs_in {
        return Err(ConvError::rejected(format!(
            "ValueError: conv_general_dilated lhs feature dimension size divided by feature_group_count must equal \
             the rhs input feature dimension size, but {} // {fgc} != {}.",
            o.channels_in, o.rhs_in
        )));
    }
    if o.rhs_out % fgc != 0 {
        return Err(ConvError::rejected(format!(
            "ValueError: conv_general_dilated rhs output feature dimension size must be a multiple of \
             feature_group_count, but {} is not a multiple of {fgc}.",
            o.rhs_out
        )));
    }
    let bgc = g.batch_group_count;
    if bgc <= 0 {
        return Err(ConvError::rejected(format!(
            "ValueError: conv_general_dilated batch_group_count must be a positive integer, got {bgc}."
        )));
    }
    if bgc > 1 && o.batch % bgc != 0 {
        return Err(ConvError::rejected(format!(
            "ValueError: conv_general_dilated batch_group_count must divide lhs batch dimension size, but {bgc} does \
             not divide {}.",
            o.batch
        )));
    }
    if o.rhs_out % bgc != 0 {
        return Err(ConvError::rejected(format!(
            "ValueError: conv_general_dilated rhs output feature dimension size must be a multiple of \
             batch_group_count, but {} is not a multiple of {bgc}.",
            o.rhs_out
        )));
    }
    if bgc > 1 && fgc > 1 {
        return Err(ConvError::rejected(format!(
            "ValueError: At most one of batch_group_count and feature_group_count may be > 1, got \
             batch_group_count={bgc} and feature_group_count={fgc}"
        )));
    }
    if g.window_strides.len() != rank {
        return Err(ConvError::rejected(format!(
            "ValueError: conv_general_dilated window and window_strides must have the same number of dimensions, \
             but got {rank} and {}",
            g.window_strides.len()
        )));
    }
    if o.kernel.contains(&0) {
        return Err(ConvError::rejected(format!(
            "XLA expects window to have positive value in every dimension, but the kernel's spatial size is {}",
            list_text(&o.kernel)
        )));
    }
    Ok(())
}

/// A group count: an int, where `None` is Python's `TypeError` (`None > 0`).
fn group_count(reader: &mut ArgReader, name: &str) -> ConvResult<i64> {
    if reader.is_null(name) {
        reader.value(name);
        return Err(ConvError::rejected(format!(
            "TypeError: '>' not supported between instances of 'NoneType' and 'int' ({name}=None)"
        )));
    }
    Ok(reader.int(name)?.unwrap_or(1))
}

/// The `(lo, hi)` padding of every spatial axis of the dilated input, as `conv_general_dilated` gets it.
fn axis_pads(api: Api, g: &General, o: &Operands, fields: &[i64]) -> ConvResult<Vec<(i64, i64)>> {
    let dilated_lhs = g.lhs_dilation.iter().any(|&d| d != 1);
    let consistent = g.use_consistent_padding;
    (0..fields.len())
        .map(|axis| match (&g.padding, api) {
            (Padding::Named(kind), Api::ConvTranspose) if kind == "SAME" || kind == "VALID" => {
                Ok(transpose_pads(Ok(kind), fields[axis], g.lhs_dilation[axis]))
            }
            (Padding::Named(kind), Api::ConvTranspose) if consistent => {
                Err(ConvError::rejected(format!("ValueError: Invalid padding mode: {kind}")))
            }
            (Padding::Pairs(pairs), Api::ConvTranspose) if consistent => {
                Ok(transpose_pads(Err(pairs[axis]), fields[axis], g.lhs_dilation[axis]))
            }
            (Padding::Named(_), _) if dilated_lhs => Err(ConvError::rejected(
                "ValueError: String padding is not implemented for transposed convolution using this op. Please \
                 either exactly specify the required padding or use conv_transpose.",
            )),
            (Padding::Named(kind), _) => padtype_pads(kind, o.size_in[axis], fields[axis], g.window_strides[axis]),
            (Padding::Pairs(pairs), _) => Ok(pairs[axis]),
        })
        .collect()
}

/// Resolve a `jax.lax` request.
pub fn resolve(request: &Request) -> ConvResult<Layer> {
    let rank = request.rank;
    let api = Api::of(request)?;
    let mut reader = ArgReader::new(NAME, &request.params);
    check_keywords(&reader, &request.params, api)?;
    let weight_shape = request
        .weight_shape
        .clone()
        .ok_or_else(|| ConvError::malformed("jax.lax convolutions need weight_shape (the rhs shape)"))?;
    let g = read_args(&mut reader, request, api)?;
    let mut o = operands(request, &weight_shape, &g.dimension_numbers)?;
    if g.transpose_kernel {
        // conv_transpose swaps the kernel's I and O axes (and flips it) before convolving.
        std::mem::swap(&mut o.rhs_in, &mut o.rhs_out);
    }
    check_general(&g, &o, rank)?;
    let fields: Vec<i64> =
        (0..rank).map(|a| kernel_field(o.kernel[a], g.rhs_dilation[a]).min(i64::MAX as i128) as i64).collect();
    let pads = axis_pads(api, &g, &o, &fields)?;
    let transposed = api == Api::ConvTranspose || g.lhs_dilation.iter().any(|&d| d != 1);
    check_modelled(&g, transposed)?;
    let op = if transposed { Op::ConvTranspose } else { Op::Conv };
    let geometry = axis_geometry(api, &g, &o, &fields, &pads, transposed)?;
    let axes = resolve_axes(&geometry.specs, op)?;
    let mut notes = geometry.notes;
    notes.extend(transpose_notes(api, op, &g));
    notes.extend(reader.unknown_notes());
    let dn = &g.dimension_numbers;
    let output_shape = output_shape(dn, o.batch, o.rhs_out, &axes);
    Ok(Layer {
        op,
        axes,
        channel_position: if dn.lhs[1] == rank + 1 { ChannelPosition::Last } else { ChannelPosition::First },
        batch: Some(o.batch),
        channels_in: o.channels_in,
        channels_out: o.rhs_out,
        groups: g.feature_group_count,
        weight_layout: weight_layout(dn, rank),
        weight_shape,
        output_shape,
        kernel_flipped: transposed && !g.transpose_kernel,
        bias: false,
        derivations: geometry.derivations,
        notes,
        padding_mode: crate::conv::geometry::padding::PaddingMode::Zeros,
        explicit_layouts: Some(layouts(dn, g.transpose_kernel)),
    })
}

/// Read the call's arguments in JAX's order (the layout checked against `dimension_numbers` as
/// soon as they are known), then hand them on as `conv_general_dilated` receives them.
fn read_args(reader: &mut ArgReader, request: &Request, api: Api) -> ConvResult<General> {
    let rank = request.rank;
    let dimension_numbers = read_dimension_numbers(reader, api, rank + 2)?;
    if let Some(layout) = &request.layout {
        check_layout(layout, &dimension_numbers, rank + 2, api)?;
    }
    let strides = read_sequence(reader, api.strides_name(), rank)?.unwrap_or_else(|| vec![1; rank]);
    let rhs_dilation = read_sequence(reader, "rhs_dilation", rank)?.unwrap_or_else(|| vec![1; rank]);
    let lhs_dilation = match api {
        Api::ConvGeneralDilated | Api::ConvWithGeneralPadding => read_sequence(reader, "lhs_dilation", rank)?,
        _ => None,
    };
    let padding = read_padding(reader, rank)?;
    let transpose_kernel = api == Api::ConvTranspose && reader.boolean("transpose_kernel")?.unwrap_or(false);
    let use_consistent_padding =
        api == Api::ConvTranspose && reader.boolean("use_consistent_padding")?.unwrap_or(false);
    let (feature_group_count, batch_group_count) = match api {
        Api::ConvGeneralDilated => {
            (group_count(reader, "feature_group_count")?, group_count(reader, "batch_group_count")?)
        }
        _ => (1, 1),
    };
    reader.value("out_sharding");
    check_types(reader)?;
    // conv_transpose convolves the stride-dilated input with window strides of 1.
    let (window_strides, lhs_dilation) = match api {
        Api::ConvTranspose => (vec![1; rank], strides),
        _ => (strides, lhs_dilation.unwrap_or_else(|| vec![1; rank])),
    };
    Ok(General {
        window_strides,
        padding,
        lhs_dilation,
        rhs_dilation,
        dimension_numbers,
        feature_group_count,
        batch_group_count,
        transpose_kernel,
        use_consistent_padding,
    })
}

/// Calls JAX accepts that convt-lab does not model.
fn check_modelled(g: &General, transposed: bool) -> ConvResult<()> {
    let not_modelled = |what: &str| {
        ConvError::malformed(format!("convt-lab does not model conv_general_dilated's {what} (JAX accepts this call)"))
    };
    if g.batch_group_count > 1 {
        return Err(not_modelled("batch_group_count > 1"));
    }
    if transposed && (g.window_strides.iter().any(|&s| s != 1) || g.feature_group_count > 1) {
        return Err(not_modelled("lhs_dilation together with window_strides > 1 or feature_group_count > 1"));
    }
    Ok(())
}

/// Every spatial axis's canonical spec and derivation, with notes on padding before the scatter.
struct Geometry {
    specs: Vec<AxisSpec>,
    derivations: Vec<Derivation>,
    notes: Vec<String>,
}

/// Each axis of the padded, dilated input, sized as `_conv_general_dilated_shape_rule` sizes it.
fn axis_geometry(
    api: Api,
    g: &General,
    o: &Operands,
    fields: &[i64],
    pads: &[(i64, i64)],
    transposed: bool,
) -> ConvResult<Geometry> {
    let rank = fields.len();
    let mut geometry =
        Geometry { specs: Vec::with_capacity(rank), derivations: Vec::with_capacity(rank), notes: Vec::new() };
    for axis in 0..rank {
        let (lo, hi) = pads[axis];
        let numbers = AxisNumbers { axis, size_in: o.size_in[axis], field: fields[axis], lo, hi };
        let padded = padded_size(&numbers, g)?;
        let (spec, derivation) = if transposed {
            let (spec, derivation, note) = transposed_axis(&numbers, padded, api, g, o);
            geometry.notes.extend(note);
            (spec, derivation)
        } else {
            forward_axis(&numbers, g, o)
        };
        geometry.specs.push(spec);
        geometry.derivations.push(derivation);
    }
    Ok(geometry)
}

/// One spatial axis: the input's size, the kernel field and the `(lo, hi)` padding of the dilated input.
struct AxisNumbers {
    axis: usize,
    size_in: i64,
    field: i64,
    lo: i64,
    hi: i64,
}

/// The dilated input's size plus its padding, which must not be negative.
fn padded_size(numbers: &AxisNumbers, g: &General) -> ConvResult<i128> {
    let AxisNumbers { axis, size_in: n, lo, hi, .. } = *numbers;
    let dilated = if n == 0 { 0 } else { (n as i128 - 1) * g.lhs_dilation[axis] as i128 + 1 };
    let padded = dilated + lo as i128 + hi as i128;
    if padded < 0 {
        return Err(ConvError::rejected(format!(
            "ValueError: Negative padding is larger than the size of the corresponding dimension: got padding \
             ({lo}, {hi}) for an lhs of {dilated} (axis {axis})"
        )));
    }
    Ok(padded)
}

/// An axis of a transposed convolution: a window of the full scatter, starting `K - 1 - lo` cells in,
/// and a note where the padding starts before the scatter.
fn transposed_axis(
    numbers: &AxisNumbers,
    padded: i128,
    api: Api,
    g: &General,
    o: &Operands,
) -> (AxisSpec, Derivation, Option<String>) {
    let AxisNumbers { axis, size_in: n, field, lo, hi } = *numbers;
    let ld = g.lhs_dilation[axis];
    let size_out = (padded - field as i128 + 1).max(0).min(i64::MAX as i128) as i64;
    let c0 = (field as i128 - 1 - lo as i128).clamp(i64::MIN as i128, i64::MAX as i128) as i64;
    let spec = window_spec(n, o.kernel[axis], ld, g.rhs_dilation[axis], c0, size_out);
    let name = if api == Api::ConvTranspose { "strides" } else { "lhs_dilation" };
    let values = [("size_in", n), (name, ld), ("kernel_field", field), ("lo", lo), ("hi", hi)];
    let template = format!("max(0, ({{size_in}} - 1)*{{{name}}} + 1 + {{lo}} + {{hi}} - {{kernel_field}} + 1)");
    let derivation = derive(&template, &values, size_out);
    let note =
        (c0 < 0).then(|| format!("axis {axis}: padding adds {} zero cells before the scatter begins", -(c0 as i128)));
    (spec, derivation, note)
}

/// An axis of a forward convolution: `floor((size_in + lo + hi - K) / window_strides) + 1`, at least 0.
fn forward_axis(numbers: &AxisNumbers, g: &General, o: &Operands) -> (AxisSpec, Derivation) {
    let AxisNumbers { axis, size_in: n, field, lo, hi } = *numbers;
    let ws = g.window_strides[axis];
    let spec = AxisSpec {
        size_in: n,
        kernel_size: o.kernel[axis],
        stride: ws,
        dilation: g.rhs_dilation[axis],
        pad_before: lo,
        pad_after: hi,
        output_padding: 0,
    };
    let values = [("size_in", n), ("window_strides", ws), ("kernel_field", field), ("lo", lo), ("hi", hi)];
    let derivation = derive(
        "max(0, floor(({size_in} + {lo} + {hi} - {kernel_field}) / {window_strides}) + 1)",
        &values,
        spec.raw_size_out(Op::Conv).max(0) as i64,
    );
    (spec, derivation)
}

/// The output's shape, laid out by `dimension_numbers`' `out` spec.
fn output_shape(dn: &DimensionNumbers, batch: i64, channels: i64, axes: &[Axis]) -> Vec<i64> {
    let mut shape = vec![0; axes.len() + 2];
    shape[dn.out[0]] = batch;
    shape[dn.out[1]] = channels;
    for (i, axis) in axes.iter().enumerate() {
        shape[dn.out[2 + i]] = axis.size_out;
    }
    shape
}

fn transpose_notes(api: Api, op: Op, g: &General) -> Vec<String> {
    let mut notes = Vec::new();
    if op != Op::ConvTranspose {
        return notes;
    }
    if api != Api::ConvTranspose {
        notes.push(
            "lhs_dilation > 1 makes this a transposed convolution: a correlation over the dilated input, so each \
             input pixel stamps the kernel rotated 180°"
                .to_string(),
        );
        return notes;
    }
    notes.push(if g.transpose_kernel {
        "transpose_kernel=True: the kernel is flipped back and its I/O axes swapped, so values match \
         TensorFlow/Keras for the same kernel"
            .to_string()
    } else {
        "JAX flips the kernel by default: conv_transpose is a correlation over the stride-dilated input, so each \
         input pixel stamps the kernel rotated 180° (pass transpose_kernel=True for TensorFlow/PyTorch values)"
            .to_string()
    });
    if matches!(g.padding, Padding::Pairs(_)) && !g.use_consistent_padding {
        notes.push(
            "explicit padding pads the stride-dilated input (legacy JAX semantics): (p, p) crops K - 1 - p cells, \
             not p as PyTorch's padding does; use_consistent_padding=True means PyTorch's"
                .to_string(),
        );
    }
    if let Padding::Named(kind) = &g.padding {
        if kind != "SAME" && kind != "VALID" {
            notes.push(format!(
                "padding {kind:?} is not 'SAME'/'VALID' as spelled, so conv_transpose hands it to \
                 conv_general_dilated as forward padding (upper-cased; only possible with strides 1): 'same' splits \
                 K - 1 with the odd cell at the end, 'SAME' at the start"
            ));
        }
    }
    notes
}

fn weight_layout(dn: &DimensionNumbers, rank: usize) -> WeightLayout {
    match (dn.rhs[0], dn.rhs[1]) {
        (0, _) => WeightLayout::OutInSpatial,
        (_, 0) => WeightLayout::InOutSpatial,
        (o, i) if i == rank && o == rank + 1 => WeightLayout::SpatialInOut,
        _ => WeightLayout::SpatialOutIn,
    }
}

/// The tensors' axis orders from `dimension_numbers`. With `transpose_kernel=True` the kernel's
/// `I` axis holds the output channels and `O` the input channels (JAX swaps them before convolving).
fn layouts(dn: &DimensionNumbers, transpose_kernel: bool) -> Layouts {
    let activation = |perm: &[usize]| -> Vec<Dim> {
        let mut dims = vec![Dim::Batch; perm.len()];
        for (role, &axis) in perm.iter().enumerate() {
            dims[axis] = match role {
                0 => Dim::Batch,
                1 => Dim::Channels,
                k => Dim::Spatial(k - 2),
            };
        }
        dims
    };
    let mut weight = vec![WeightDim::In; dn.rhs.len()];
    for (role, &axis) in dn.rhs.iter().enumerate() {
        weight[axis] = match (role, transpose_kernel) {
            (0, false) | (1, true) => WeightDim::Out,
            (1, false) | (0, true) => WeightDim::In,
            (k, _) => WeightDim::Spatial(k - 2),
        };
    }
    Layouts { input: activation(&dn.lhs), weight, output: activation(&dn.out) }
}

// The reverse: the app's settings in jax.lax's words (channels last, as `conv_transpose`'s
// default dimension numbers are; the forward call names its NHWC / HWIO dimension numbers).

use super::params::Params;
use super::settings::{Field, FieldKey, Padding as FormPadding, Settings};
use super::spelling::{
    channels_last_input, ints, keyword_args, padding_pairs, pairs, python, settings_request, upper, DefaultArg,
};
use super::{Dialect, Framework, Signature, Tensors};

pub const DIALECT: Dialect =
    Dialect { id: "jax", name: "JAX", backends: &[], resolve, request, fields, code_line, calls: CALLS };

/// `jax.lax.conv_transpose`, `conv_general_dilated`, `conv` and `conv_with_general_padding` as
/// JAX 0.10.2's `inspect.signature` gives them; the rank comes from the input's.
const CALLS: &[Signature] = &{
    const CONV_TRANSPOSE: &[&str] = &[
        "lhs",
        "rhs",
        "strides",
        "padding",
        "rhs_dilation",
        "dimension_numbers",
        "transpose_kernel",
        "precision",
        "preferred_element_type",
        "use_consistent_padding",
    ];
    const CONV_GENERAL_DILATED: &[&str] = &[
        "lhs",
        "rhs",
        "window_strides",
        "padding",
        "lhs_dilation",
        "rhs_dilation",
        "dimension_numbers",
        "feature_group_count",
        "batch_group_count",
        "precision",
        "preferred_element_type",
        "out_sharding",
    ];
    const CONV: &[&str] = &["lhs", "rhs", "window_strides", "padding", "precision", "preferred_element_type"];
    const CONV_WITH_GENERAL_PADDING: &[&str] = &[
        "lhs",
        "rhs",
        "window_strides",
        "padding",
        "lhs_dilation",
        "rhs_dilation",
        "precision",
        "preferred_element_type",
    ];
    const fn function(
        name: &'static str,
        api: &'static str,
        op: Op,
        parameters: &'static [&'static str],
        required: usize,
    ) -> Signature {
        Signature {
            name,
            selector: "",
            paths: &["jax.lax", "lax"],
            api,
            op,
            rank: 0,
            parameters,
            positional: parameters.len(),
            required,
            tensors: Tensors { input: &["lhs"], weight: &["rhs"], bias: &[], operands: "" },
            // (Numerics and placement, not shapes.)
            ignored: &["precision", "preferred_element_type", "out_sharding"],
            applied: &[],
        }
    }
    [
        function("conv_transpose", "jax.lax.conv_transpose", Op::ConvTranspose, CONV_TRANSPOSE, 4),
        function("conv_general_dilated", "jax.lax.conv_general_dilated", Op::Conv, CONV_GENERAL_DILATED, 4),
        function("conv", "jax.lax.conv", Op::Conv, CONV, 4),
        function(
            "conv_with_general_padding",
            "jax.lax.conv_with_general_padding",
            Op::Conv,
            CONV_WITH_GENERAL_PADDING,
            6,
        ),
    ]
};

/// `window_strides` / `strides` and `padding` are required; these have defaults.
const DEFAULTS: [(&str, DefaultArg); 2] =
    [("rhs_dilation", DefaultArg::Every(1)), ("feature_group_count", DefaultArg::Every(1))];

fn request(settings: &Settings) -> Request {
    let s = settings;
    let transposed = s.op == Op::ConvTranspose;
    let weight_shape = if transposed {
        [s.kernel.to_vec(), vec![s.channels_in, s.channels_out]].concat()
    } else {
        [s.kernel.to_vec(), vec![s.channels_in / s.groups.max(1), s.channels_out]].concat()
    };
    let mut params = Params::new();
    params.set(if transposed { "strides" } else { "window_strides" }, ints(s.stride));
    let padding = match s.padding {
        FormPadding::Word(w) => Value::Str(upper(w)),
        _ => pairs(&padding_pairs(s)),
    };
    params.set("padding", padding);
    params.set("rhs_dilation", ints(s.dilation));
    if !transposed {
        let spatial = &"HWD"[..s.rank.min(3)];
        let spec = |text: String| Value::Str(text);
        params.set(
            "dimension_numbers",
            Value::List(vec![spec(format!("N{spatial}C")), spec(format!("{spatial}IO")), spec(format!("N{spatial}C"))]),
        );
        if s.groups != 1 {
            params.set("feature_group_count", Value::Int(s.groups));
        }
    }
    Request {
        input_shape: channels_last_input(s),
        weight_shape: Some(weight_shape),
        ..settings_request(Framework::Jax, s, params)
    }
}

fn fields(op: Op, _rank: usize) -> Vec<Field> {
    use FieldKey::*;
    let transposed = op == Op::ConvTranspose;
    let mut out = vec![
        Field::new(ChannelsIn, "lhs channels (I)", &[], "input features"),
        Field::new(ChannelsOut, "rhs O", &[], "output features"),
        Field::new(Kernel, "rhs spatial (kernel)", &[], "kernel size"),
        Field::new(Stride, if transposed { "strides" } else { "window_strides" }, &[], "int or HxW"),
        Field::new(
            Padding,
            "padding",
            &["SAME", "VALID", "SAME_LOWER"],
            "SAME, VALID or (lo, hi) pairs of the dilated input",
        ),
        Field::new(Dilation, "rhs_dilation", &[], "kernel dilation"),
    ];
    if !transposed {
        out.push(Field::new(Groups, "feature_group_count", &[], "forward only"));
    }
    out
}

fn code_line(settings: &Settings) -> String {
    let request = request(settings);
    let name = match settings.op {
        Op::ConvTranspose => "conv_transpose",
        Op::Conv => "conv_general_dilated",
    };
    let args = keyword_args(&request, &[], &DEFAULTS).join(", ");
    format!("lax.{name}(x, w, {args})  # w: {}", python(&ints(&request.weight_shape.unwrap_or_default())))
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use crate::cli::eval_line;
    use serde_json::{json, Value as Json};

    fn eval(api: &str, rank: usize, x: Json, w: Json, params: Json, layout: Option<&str>) -> Json {
        let op = if api == "conv_transpose" { "conv_transpose" } else { "conv" };
        let mut request = json!({"framework": "jax", "op": op, "rank": rank, "api": format!("jax.lax.{api}"),
                                 "input_shape": x, "weight_shape": w, "params": params});
        if let Some(layout) = layout {
            request["layout"] = json!(layout);
        }
        serde_json::from_str(&eval_line(&request.to_string())).unwrap()
    }

    /// Class: layout names. Any spelling that places N and C where dimension_numbers does is read the same.
    #[test]
    fn layout_names_place_n_and_c_whatever_the_spatial_letters() {
        let p = json!({"strides": [2], "padding": "SAME"});
        for layout in ["NWC", "NHC", "NLC", "NXC"] {
            let a = eval("conv_transpose", 1, json!([1, 5, 2]), json!([3, 2, 4]), p.clone(), Some(layout));
            assert_eq!(a["output_shape"], json!([1, 10, 4]), "{layout}: {a}");
        }
        for layout in ["NCHW", "NCWH", "NCYX"] {
            let a = eval(
                "conv",
                2,
                json!([1, 2, 5, 7]),
                json!([4, 2, 3, 3]),
                json!({"window_strides": [1, 2], "padding": "SAME"}),
                Some(layout),
            );
            assert_eq!(a["output_shape"], json!([1, 4, 5, 4]), "{layout}: {a}");
        }
        let a = eval(
            "conv_transpose",
            2,
            json!([1, 2, 5, 7]),
            json!([2, 4, 3, 3]),
            json!({"strides": [2, 2], "padding": "VALID", "dimension_numbers": ["NCHW", "IOHW", "NCHW"]}),
            Some("NCDH"),
        );
        assert!(a.get("output_shape").is_some(), "{a}");
        // NCW read against conv_transpose's default NHC: the request contradicts itself.
        let a = eval("conv_transpose", 1, json!([1, 2, 5]), json!([3, 2, 4]), p, Some("NCW"));
        assert!(a["error"].as_str().unwrap().contains("dimension_numbers"), "{a}");
    }

    /// Class: dimension_numbers forms. Strings, ConvDimensionNumbers as an object and as three lists agree.
    #[test]
    fn dimension_numbers_in_every_form_agree() {
        let forms = [
            json!(["NCHW", "HWIO", "NHWC"]),
            json!({"lhs_spec": [0, 1, 2, 3], "rhs_spec": [3, 2, 0, 1], "out_spec": [0, 3, 1, 2]}),
            json!([[0, 1, 2, 3], [3, 2, 0, 1], [0, 3, 1, 2]]),
        ];
        for dn in forms {
            let a = eval(
                "conv_transpose",
                2,
                json!([1, 3, 5, 7]),
                json!([2, 3, 3, 4]),
                json!({"strides": [1, 2], "padding": "SAME", "dimension_numbers": dn}),
                None,
            );
            assert_eq!(a["output_shape"], json!([1, 5, 14, 4]), "{a}");
        }
        // Spatial axes pair up in the kernel's order: NHWC with a WHIO kernel swaps the kernel's axes.
        let a = eval(
            "conv_general_dilated",
            2,
            json!([1, 5, 7, 1]),
            json!([2, 3, 1, 1]),
            json!({"window_strides": [1, 1], "padding": "VALID", "dimension_numbers": ["NHWC", "WHIO", "NHWC"]}),
            None,
        );
        assert_eq!(a["output_shape"], json!([1, 3, 6, 1]), "{a}");
        let a = eval(
            "conv",
            1,
            json!([1, 2, 6]),
            json!([4, 2, 3]),
            json!({"window_strides": [1], "padding": "VALID"}),
            None,
        );
        assert_eq!(a["output_shape"], json!([1, 4, 4]), "lax.conv defaults to NCH/OIH: {a}");
    }

    /// Class: entry points. Each takes its own keywords; a sibling's keyword is a TypeError.
    #[test]
    fn entry_points_take_their_own_keywords() {
        let x = json!([1, 2, 6]);
        let w = json!([4, 2, 3]);
        let a = eval(
            "conv",
            1,
            x.clone(),
            w.clone(),
            json!({"window_strides": [1], "padding": "SAME", "rhs_dilation": [2]}),
            None,
        );
        assert!(a["error"].as_str().unwrap().contains("unexpected keyword argument 'rhs_dilation'"), "{a}");
        let a = eval(
            "conv_with_general_padding",
            1,
            x.clone(),
            w.clone(),
            json!({"window_strides": [1], "padding": "SAME"}),
            None,
        );
        assert!(a["error"].as_str().unwrap().contains("missing 2 required positional arguments"), "{a}");
        let a = eval(
            "conv_with_general_padding",
            1,
            x.clone(),
            w.clone(),
            json!({"window_strides": [1], "padding": [[2, 2]], "lhs_dilation": [2], "rhs_dilation": null}),
            None,
        );
        assert_eq!(a["output_shape"], json!([1, 4, 13]), "lhs_dilation is a transposed conv: {a}");
        let a = eval(
            "conv_general_dilated",
            1,
            x,
            w,
            json!({"window_strides": [1], "padding": "SAME", "lhs_dilation": [2]}),
            None,
        );
        assert!(a["error"].as_str().unwrap().contains("String padding is not implemented"), "{a}");
    }

    /// Class: padding strings. conv_transpose treats exactly 'SAME'/'VALID' itself; other spellings are
    /// forward padding, allowed only with strides 1 (so 'same' and 'SAME' split K - 1 differently).
    #[test]
    fn padding_strings_as_conv_transpose_reads_them() {
        let a = eval(
            "conv_transpose",
            1,
            json!([1, 5, 1]),
            json!([4, 1, 1]),
            json!({"strides": [2], "padding": "same"}),
            None,
        );
        assert!(a["error"].as_str().unwrap().contains("String padding"), "{a}");
        let a = eval(
            "conv_transpose",
            1,
            json!([1, 5, 1]),
            json!([4, 1, 1]),
            json!({"strides": [1], "padding": "same"}),
            None,
        );
        assert_eq!(a["output_shape"], json!([1, 5, 1]), "{a}");
        let a = eval(
            "conv_transpose",
            1,
            json!([1, 5, 1]),
            json!([4, 1, 1]),
            json!({"strides": [2], "padding": "SAME_LOWER", "use_consistent_padding": true}),
            None,
        );
        assert!(a["error"].as_str().unwrap().contains("Invalid padding mode"), "{a}");
    }

    /// Class: precision and preferred_element_type, as JAX checks them for float32 operands.
    #[test]
    fn precision_and_preferred_element_type() {
        let x = json!([1, 2, 6]);
        let w = json!([4, 2, 3]);
        for (key, value, ok) in [
            ("precision", json!("highest"), true),
            ("precision", json!("F32_F32_F32"), true),
            ("precision", json!(["high", "default"]), true),
            ("precision", json!("HIGHEST"), false),
            ("preferred_element_type", json!("float64"), true),
            ("preferred_element_type", json!("float16"), false),
            ("preferred_element_type", json!("int32"), false),
        ] {
            let mut p = json!({"window_strides": [1], "padding": "SAME"});
            p[key] = value.clone();
            let a = eval("conv_general_dilated", 1, x.clone(), w.clone(), p, None);
            assert_eq!(a.get("output_shape").is_some(), ok, "{key}={value}: {a}");
        }
    }
}
