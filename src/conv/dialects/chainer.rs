//! Chainer 7: the functions `chainer.functions.deconvolution_2d` / `deconvolution_nd` / `deconvolution_{1,3}d`
//! and `convolution_2d` / `convolution_nd` / `convolution_{1,3}d`, and the links `chainer.links.Deconvolution2D` /
//! `DeconvolutionND` / `Deconvolution{1,3}D` and `Convolution2D` / `ConvolutionND` / `Convolution{1,3}D`
//! (`F.` / `L.` spell the same).
//!
//! ```text
//! dk = kernel + (kernel - 1)*(dilate - 1)          (any integer: a 0 kernel or a 0 dilate is accepted)
//! deconvolution: size_out = stride*(size_in - 1) + dk - 2*pad             (must be > 0)
//!   outsize O accepted iff (O + 2*pad - dk) // stride + 1 <= size_in <= (O + 2*pad - dk + stride - 1) // stride + 1
//!   i.e. O in [L0 - (stride - 1), L0 + (stride - 1)]: Chainer alone also accepts outputs SMALLER than L0
//!   the output is buffer[pad : pad + O] of a col2im buffer of O + 2*pad + stride - 1 cells (Python slicing)
//!   groups <= 1 runs the ungrouped kernel: the output has W.shape[1] channels whatever groups says
//! convolution:   size_out = (size_in + 2*pad - dk) // stride + 1;  cover_all=True adds stride - 1 to the end
//! links: W is made from (in_channels or x.shape[1], out_channels, ksize, groups); `L.Convolution2D(a, b)` (no
//!   ksize) means out_channels=a, ksize=b, in_channels from x; the default initializer divides by
//!   W.shape[1]*prod(ksize), so a link whose W has that product 0 fails unless initialW is given
//! ```
//! Sources: chainer/functions/connection/deconvolution_2d.py, deconvolution_nd.py, convolution_2d.py,
//! convolution_nd.py, chainer/links/connection/*.py, chainer/utils/conv.py (`get_conv_outsize`,
//! `get_deconv_outsize`, `col2im_cpu`), chainer/utils/conv_nd.py (`as_tuple`, `col2im_nd_cpu`), behaviour
//! recorded from chainer 7.8.1. Weights: deconvolution `(C_in, C_out/groups, k…)`, convolution `(C_out, C_in/groups, k…)`.

use super::common::{derive, list_text, window_spec};
use crate::conv::dialects::params::{ArgReader, Value};
use crate::conv::dialects::Request;
use crate::conv::error::{ConvError, ConvResult};
use crate::conv::geometry::axis::{AxisSpec, Op};
use crate::conv::geometry::layer::{
    join_shape, resolve_axes, split_shape, ChannelPosition, Derivation, Layer, SplitShape, WeightLayout,
};

const NAME: &str = "Chainer";

/// Python's `a // b` for `b > 0`.
fn floor_div(a: i128, b: i128) -> i128 {
    a.div_euclid(b)
}

/// `len(range(length)[start:stop])`: how many cells Python slicing keeps.
fn python_slice_len(length: i128, start: i128, stop: i128) -> i128 {
    let clamp = |i: i128| if i < 0 { (i + length).max(0) } else { i.min(length) };
    (clamp(stop) - clamp(start)).max(0)
}

/// Which public entry point a request names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    op: Op,
    /// A link (`chainer.links.*`): it makes W itself.
    link: bool,
    /// The 2-D forms (`_2d`, `*2D`): arguments are pairs, dilate must be positive.
    two_d: bool,
    /// The rank the entry point fixes (`_1d`/`1D` = 1, `_3d`/`3D` = 3, 2-D = 2); `None` for the N-D forms.
    fixed_rank: Option<usize>,
}

impl Entry {
    /// The name of the function node in Chainer's type-check messages.
    fn function(self) -> &'static str {
        match (self.op, self.two_d) {
            (Op::ConvTranspose, true) => "Deconvolution2DFunction",
            (Op::ConvTranspose, false) => "DeconvolutionND",
            (Op::Conv, true) => "Convolution2DFunction",
            (Op::Conv, false) => "ConvolutionND",
        }
    }
}

const ENTRY_POINTS: &str = "chainer.functions.{deconvolution,convolution}_{1d,2d,3d,nd} or \
     chainer.links.{Deconvolution,Convolution}{1D,2D,3D,ND}";

fn entry_of(request: &Request) -> ConvResult<Entry> {
    let Some(api) = request.api.as_deref() else {
        // No api: the function the rank suggests (deconvolution_2d for rank 2, _nd otherwise).
        let two_d = request.rank == 2;
        return Ok(Entry { op: request.op, link: false, two_d, fixed_rank: two_d.then_some(2) });
    };
    let (link, name) = if let Some(n) = api.strip_prefix("chainer.functions.").or(api.strip_prefix("F.")) {
        (false, n)
    } else if let Some(n) = api.strip_prefix("chainer.links.").or(api.strip_prefix("L.")) {
        (true, n)
    } else {
        (!api.contains('_'), api)
    };
    let lower = name.to_ascii_lowercase();
    let (op, rest) = if let Some(r) = lower.strip_prefix("deconvolution") {
        (Op::ConvTranspose, r)
    } else if let Some(r) = lower.strip_prefix("convolution") {
        (Op::Conv, r)
    } else {
        return Err(ConvError::malformed(format!(
            "unknown Chainer entry point {}; convt-lab models {ENTRY_POINTS}",
            Value::Str(api.to_string()).describe()
        )));
    };
    let suffix = rest.trim_start_matches('_');
    let fixed_rank = match suffix {
        "1d" => Some(1),
        "2d" => Some(2),
        "3d" => Some(3),
        "nd" => None,
        _ => {
            return Err(ConvError::malformed(format!(
                "unknown Chainer entry point {}; convt-lab models {ENTRY_POINTS}",
                Value::Str(api.to_string()).describe()
            )))
        }
    };
    Ok(Entry { op, link, two_d: suffix == "2d", fixed_rank })
}

/// A per-axis argument as the entry point reads it: `_pair` in the 2-D forms (an int or any
/// 2-sequence), `conv_nd.as_tuple` in the N-D forms (an int or a sequence of exactly `rank`).
/// `None` is passed through by both and fails in the arithmetic (a TypeError).
fn per_axis(reader: &mut ArgReader, entry: Entry, name: &str, rank: usize, default: i64) -> ConvResult<Vec<i64>> {
    if reader.is_null(name) {
        reader.value(name);
        return Err(ConvError::rejected(format!(
            "TypeError: unsupported operand type(s) for *: 'NoneType' and 'int' ({name}=None reaches Chainer's \
             size arithmetic)"
        )));
    }
    let Some(value) = reader.value(name) else { return Ok(vec![default; rank]) };
    match value {
        Value::Int(i) => Ok(vec![*i; rank]),
        Value::List(_) => {
            let ints = value.as_ints().ok_or_else(|| {
                ConvError::rejected(format!(
                    "TypeError: {name} must be an int or a tuple of ints (got {})",
                    value.describe()
                ))
            })?;
            if ints.len() == rank {
                Ok(ints)
            } else if entry.two_d {
                Err(ConvError::rejected(if ints.len() < 2 {
                    format!(
                        "ValueError: not enough values to unpack (expected 2, got {}) ({name}={})",
                        ints.len(),
                        list_text(&ints)
                    )
                } else {
                    format!("ValueError: too many values to unpack (expected 2) ({name}={})", list_text(&ints))
                }))
            } else {
                Err(ConvError::rejected(format!(
                    "AssertionError: conv_nd.as_tuple asserts len({name}) == ndim ({} != {rank})",
                    ints.len()
                )))
            }
        }
        other => Err(ConvError::rejected(format!(
            "TypeError: {name} must be an int or a tuple of ints (got {})",
            other.describe()
        ))),
    }
}

/// `outsize`: `None` (the natural size), or a tuple; the 2-D forms also take `None` for one axis.
fn read_outsize(reader: &mut ArgReader, entry: Entry, rank: usize) -> ConvResult<Option<Vec<Option<i64>>>> {
    let Some(value) = reader.value("outsize") else { return Ok(None) };
    let items: Vec<Option<i64>> = match value {
        Value::List(items) => items
            .iter()
            .map(|v| match v {
                Value::Int(i) => Ok(Some(*i)),
                Value::Null if entry.two_d => Ok(None),
                Value::Null => Err(ConvError::rejected(
                    "TypeError: unsupported operand type(s) for +: 'NoneType' and 'int' (an outsize entry of None; only \
                     deconvolution_2d takes None for one axis)",
                )),
                other => Err(ConvError::rejected(format!("TypeError: outsize entries must be ints (got {})", other.describe()))),
            })
            .collect::<ConvResult<_>>()?,
        Value::Int(_) if entry.two_d => {
            return Err(ConvError::rejected("TypeError: cannot unpack non-iterable int object (outsize must be a tuple)"))
        }
        Value::Int(_) => return Err(ConvError::rejected("TypeError: object of type 'int' has no len() (outsize must be a tuple)")),
        other => return Err(ConvError::rejected(format!("TypeError: outsize must be a tuple of ints (got {})", other.describe()))),
    };
    if items.len() != rank {
        return Err(ConvError::rejected(if entry.two_d {
            format!("ValueError: outsize must be a pair (got {} values)", items.len())
        } else {
            format!("AssertionError: len(outsize) == ndim ({} != {rank})", items.len())
        }));
    }
    Ok(Some(items))
}

/// `groups`: an int; `None` fails where Chainer compares or multiplies it.
fn read_groups(reader: &mut ArgReader) -> ConvResult<i64> {
    if reader.is_null("groups") {
        reader.value("groups");
        return Err(ConvError::rejected(
            "TypeError: '<' not supported between instances of 'int' and 'NoneType' (groups=None)",
        ));
    }
    Ok(reader.int("groups")?.unwrap_or(1))
}

/// The W a link makes: `(in, out/groups, k…)` (deconvolution) or `(out, in/groups, k…)`.
fn link_weight(
    reader: &mut ArgReader,
    entry: Entry,
    rank: usize,
    x_channels: i64,
    groups: i64,
) -> ConvResult<Vec<i64>> {
    let link = read_link_args(reader, entry, rank)?;
    let in_channels = link.in_channels.unwrap_or(x_channels);
    let out_channels = link.out_channels;
    if groups == 0 {
        return Err(ConvError::rejected("ZeroDivisionError: integer modulo by zero (groups=0)"));
    }
    if out_channels % groups != 0 {
        return Err(ConvError::rejected(format!(
            "ValueError: the number of output channels must be divisible by the number of groups ({out_channels} and {groups})"
        )));
    }
    if in_channels % groups != 0 {
        return Err(ConvError::rejected(format!(
            "ValueError: the number of input channels must be divisible by the number of groups ({in_channels} and {groups})"
        )));
    }
    let weight = match entry.op {
        Op::ConvTranspose => [vec![in_channels, out_channels / groups], link.ksize].concat(),
        Op::Conv => [vec![out_channels, in_channels / groups], link.ksize].concat(),
    };
    if weight.iter().any(|&d| d < 0) {
        return Err(ConvError::rejected(format!(
            "ValueError: negative dimensions are not allowed (the link's W would be {})",
            list_text(&weight)
        )));
    }
    // fan_in = W.shape[1] * prod(ksize) is 0 exactly when one of them is (no product: they can be huge).
    if !link.initial_w && weight[1..].contains(&0) {
        return Err(ConvError::rejected(format!(
            "ZeroDivisionError: float division by zero (the default initializer LeCunNormal divides by fan_in = \
             W.shape[1]*prod(ksize) = 0 for W {}; pass initialW)",
            list_text(&weight)
        )));
    }
    Ok(weight)
}

/// A link's own constructor arguments, under Chainer's names, as [`link_weight`] reads them.
struct LinkArgs {
    /// `None`: W's input channels are `x.shape[1]`.
    in_channels: Option<i64>,
    out_channels: i64,
    ksize: Vec<i64>,
    /// `initialW` given: the default initializer (and its division by the fan-in) is not used.
    initial_w: bool,
}

/// Read a link's `ndim` (the N-D links), `in_channels`, `out_channels`, `ksize` and `initialW`.
fn read_link_args(reader: &mut ArgReader, entry: Entry, rank: usize) -> ConvResult<LinkArgs> {
    if !entry.two_d && entry.fixed_rank.is_none() {
        check_ndim(reader, entry, rank)?;
    }
    let mut in_channels = int_or_none(reader, "in_channels")?;
    let mut out_channels = int_or_none(reader, "out_channels")?;
    let ksize = if reader.has("ksize") {
        reader.value("ksize").cloned()
    } else {
        reader.value("ksize");
        // `L.Convolution2D(out_channels, ksize)`: the first two arguments shift.
        let shifted = out_channels.map(Value::Int);
        out_channels = in_channels;
        in_channels = None;
        shifted
    };
    let Some(ksize) = ksize else {
        return Err(ConvError::rejected("TypeError: 'NoneType' object cannot be interpreted as an integer (no ksize)"));
    };
    let ksize = ksize_tuple(&ksize, entry, rank)?;
    let Some(out_channels) = out_channels else {
        return Err(ConvError::rejected(
            "TypeError: unsupported operand type(s) for %: 'NoneType' and 'int' (out_channels=None)",
        ));
    };
    let initial_w = reader.has("initialW");
    reader.value("initialW");
    Ok(LinkArgs { in_channels, out_channels, ksize, initial_w })
}

/// The N-D links' required `ndim`, which must be the input's spatial rank.
fn check_ndim(reader: &mut ArgReader, entry: Entry, rank: usize) -> ConvResult<()> {
    let ndim = match reader.value("ndim") {
        Some(Value::Int(n)) => *n,
        Some(other) => {
            return Err(ConvError::rejected(format!("TypeError: ndim must be an int (got {})", other.describe())))
        }
        None => {
            return Err(ConvError::rejected("TypeError: __init__() missing 1 required positional argument: 'ndim'"))
        }
    };
    if ndim != rank as i64 {
        return Err(ConvError::rejected(format!(
            "Invalid operation is performed in: {} (Forward) Expect: x.ndim == {} Actual: {} (ndim={ndim}, the input has \
             {rank} spatial axes)",
            entry.function(),
            ndim.saturating_add(2),
            rank + 2
        )));
    }
    Ok(())
}

/// A link's `in_channels` / `out_channels`: an int or `None`.
fn int_or_none(reader: &mut ArgReader, name: &str) -> ConvResult<Option<i64>> {
    match reader.value(name) {
        None => Ok(None),
        Some(Value::Int(i)) => Ok(Some(*i)),
        Some(other) => {
            Err(ConvError::rejected(format!("TypeError: {name} must be an int or None (got {})", other.describe())))
        }
    }
}

/// A link's `ksize`: an int, or a tuple as `_pair` (2-D links) or `conv_nd.as_tuple` (N-D links) takes it.
fn ksize_tuple(ksize: &Value, entry: Entry, rank: usize) -> ConvResult<Vec<i64>> {
    match ksize {
        Value::Int(k) => Ok(vec![*k; rank]),
        Value::List(_) => match ksize.as_ints() {
            Some(k) if k.len() == rank => Ok(k),
            Some(k) if entry.two_d && k.len() < 2 => Err(ConvError::rejected(format!(
                "ValueError: not enough values to unpack (expected 2, got {}) (ksize)",
                k.len()
            ))),
            Some(_) if entry.two_d => {
                Err(ConvError::rejected("ValueError: too many values to unpack (expected 2) (ksize)"))
            }
            Some(k) => Err(ConvError::rejected(format!(
                "AssertionError: conv_nd.as_tuple asserts len(ksize) == ndim ({} != {rank})",
                k.len()
            ))),
            None => Err(ConvError::rejected(format!(
                "TypeError: ksize must be an int or a tuple (got {})",
                ksize.describe()
            ))),
        },
        other => {
            Err(ConvError::rejected(format!("TypeError: ksize must be an int or a tuple (got {})", other.describe())))
        }
    }
}

/// The keyword arguments an entry point takes; Chainer raises a TypeError for any other.
fn allowed_arguments(entry: Entry) -> Vec<&'static str> {
    let mut names = vec!["stride", "pad", "dilate", "groups"];
    match entry.op {
        Op::ConvTranspose => names.push("outsize"),
        Op::Conv if entry.two_d && entry.link => {}
        Op::Conv => names.push("cover_all"),
    }
    if entry.op == Op::Conv && entry.two_d && !entry.link {
        names.push("cudnn_fast");
    }
    if entry.link {
        names.extend(["in_channels", "out_channels", "ksize", "nobias", "initialW", "initial_bias"]);
        if !entry.two_d && entry.fixed_rank.is_none() {
            names.push("ndim");
        }
    }
    names
}

/// The call's arguments under Chainer's names (a link takes them in its constructor), as read from
/// the request before any check.
struct Args {
    stride: Vec<i64>,
    pad: Vec<i64>,
    dilate: Vec<i64>,
    groups: i64,
    /// Whether `groups` was passed (the notes about `groups <= 1` speak only then).
    groups_given: bool,
    /// Convolution only (false for deconvolution).
    cover_all: bool,
    /// Deconvolution only; an entry is `None` where deconvolution_2d takes `None` for one axis.
    outsize: Option<Vec<Option<i64>>>,
    /// A link's `not nobias` (Contract 1's `bias: false` stands for `nobias=True`); a function's `bias`:
    /// whether it is given `b`.
    bias: bool,
}

/// The rank an entry point fixes (`_2d` / `2D` a 4-D x, `_1d` and `_3d` theirs) must be the input's.
fn check_rank(request: &Request, entry: Entry) -> ConvResult<()> {
    let rank = request.rank;
    if let Some(fixed) = entry.fixed_rank {
        if fixed != rank {
            return Err(ConvError::rejected(if entry.two_d {
                format!(
                    "Invalid operation is performed in: {} (Forward) Expect: x.ndim == 4 Actual: {} != 4",
                    entry.function(),
                    request.input_shape.len()
                )
            } else {
                format!(
                    "ValueError: The number of dimensions under channel dimension of the input 'x' should be {fixed}. But \
                     the actual ndim was {rank}."
                )
            }));
        }
    }
    Ok(())
}

/// Any keyword the entry point does not take is a TypeError (`bias` is Contract 1's, not Chainer's).
fn check_keywords(request: &Request, entry: Entry) -> ConvResult<()> {
    let allowed = allowed_arguments(entry);
    if let Some((name, _)) = request.params.entries.iter().find(|(n, _)| !allowed.contains(&n.as_str()) && n != "bias")
    {
        let what = if entry.link { "__init__()" } else { "the function" };
        return Err(ConvError::rejected(format!(
            "TypeError: {what} got an unexpected keyword argument {} ({} takes {})",
            Value::Str(name.clone()).describe(),
            request.api.as_deref().unwrap_or(entry.function()),
            allowed.join(", ")
        )));
    }
    Ok(())
}

/// Read the call's arguments, checking each one's type; a link's own arguments are read with its W.
fn read_args(reader: &mut ArgReader, entry: Entry, rank: usize) -> ConvResult<Args> {
    reader.value("initial_bias"); // a link's bias initializer: no effect on shapes
    let stride = per_axis(reader, entry, "stride", rank, 1)?;
    let pad = per_axis(reader, entry, "pad", rank, 0)?;
    let dilate = per_axis(reader, entry, "dilate", rank, 1)?;
    let groups = read_groups(reader)?;
    let groups_given = reader.has("groups");
    let cover_all = entry.op == Op::Conv && read_cover_all(reader)?;
    let outsize = match entry.op {
        Op::ConvTranspose => read_outsize(reader, entry, rank)?,
        Op::Conv => None,
    };
    reader.value("cudnn_fast");
    let bias = if entry.link {
        let given = reader.boolean("bias")?;
        !reader.boolean("nobias")?.unwrap_or(given == Some(false))
    } else {
        reader.boolean("bias")?.unwrap_or(false)
    };
    Ok(Args { stride, pad, dilate, groups, groups_given, cover_all, outsize, bias })
}

/// `cover_all` is tested for truth (`if self.cover_all`): any int does.
fn read_cover_all(reader: &mut ArgReader) -> ConvResult<bool> {
    match reader.value("cover_all") {
        None => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(Value::Int(i)) => Ok(*i != 0),
        Some(other) => Err(ConvError::rejected(format!("cover_all must be true or false (got {})", other.describe()))),
    }
}

/// The 2-D forms refuse a dilate below 1.
fn check_dilate(entry: Entry, args: &Args) -> ConvResult<()> {
    if entry.two_d && args.dilate.iter().any(|&d| d < 1) {
        return Err(ConvError::rejected(format!(
            "ValueError: Dilate should be positive, but {} is supplied.",
            list_text(&args.dilate)
        )));
    }
    Ok(())
}

/// W: the one a link makes (`weight_shape`, if given too, must be it), else the function's `weight_shape`.
fn read_weight(
    request: &Request,
    reader: &mut ArgReader,
    entry: Entry,
    args: &Args,
    x_channels: i64,
) -> ConvResult<Vec<i64>> {
    if !entry.link {
        return request
            .weight_shape
            .clone()
            .ok_or_else(|| ConvError::malformed("chainer.functions convolutions need weight_shape (the shape of W)"));
    }
    let weight = link_weight(reader, entry, request.rank, x_channels, args.groups)?;
    if let Some(given) = request.weight_shape.as_ref().filter(|w| **w != weight) {
        return Err(ConvError::rejected(format!(
            "weight_shape {} contradicts the link's W {} (made from in_channels, out_channels, ksize and groups)",
            list_text(given),
            list_text(&weight)
        )));
    }
    Ok(weight)
}

/// W must be a shape numpy can make, with the input's number of dimensions.
fn check_weight(entry: Entry, weight: &[i64], rank: usize) -> ConvResult<()> {
    if let Some(&bad) = weight.iter().find(|&&d| d < 0) {
        return Err(ConvError::rejected(format!(
            "ValueError: negative dimensions are not allowed (W of shape {} cannot be made; {bad} < 0)",
            list_text(weight)
        )));
    }
    if weight.len() != rank + 2 {
        return Err(ConvError::rejected(format!(
            "Invalid operation is performed in: {} (Forward) Expect: w.ndim == {} Actual: {}",
            entry.function(),
            rank + 2,
            weight.len()
        )));
    }
    Ok(())
}

/// A stride must be positive; 0 passes only where Chainer never divides by it (below).
fn check_stride(entry: Entry, args: &Args, kernel: &[i64]) -> ConvResult<()> {
    let stride = &args.stride;
    // A stride of 0 divides by zero in get_conv_outsize (every convolution, the N-D deconvolution's cover_all
    // check, any outsize check) and makes col2im slice with step 0 -- unless the kernel is empty, when
    // deconvolution_2d's col2im has no tap to place.
    let zero_stride_ok = |axis: usize| {
        entry.op == Op::ConvTranspose
            && entry.two_d
            && kernel.contains(&0)
            && args.outsize.as_ref().is_none_or(|o| o[axis].is_none())
    };
    if let Some(axis) = (0..stride.len()).find(|&a| stride[a] < 0 || (stride[a] == 0 && !zero_stride_ok(a))) {
        return Err(ConvError::rejected(if stride[axis] == 0 {
            format!(
                "ZeroDivisionError: integer division or modulo by zero (stride={}: Chainer divides by the stride)",
                list_text(stride)
            )
        } else {
            format!("stride={} must be positive (a negative stride slices backwards)", list_text(stride))
        }));
    }
    Ok(())
}

/// The N-D forms take a dilate of 0 or below, until a kernel of 2 or more taps runs backwards with it.
fn check_dilate_taps(entry: Entry, args: &Args, kernel: &[i64]) -> ConvResult<()> {
    if entry.two_d {
        return Ok(());
    }
    if let Some(axis) = (0..kernel.len()).find(|&a| args.dilate[a] < 0 && kernel[a] >= 2) {
        return Err(ConvError::rejected(format!(
            "ValueError: operands could not be broadcast together (dilate {} with kernel {} on axis {axis}: the taps \
             run backwards out of the im2col/col2im buffer)",
            args.dilate[axis], kernel[axis]
        )));
    }
    Ok(())
}

/// What each axis step reads: the entry point, the arguments, the input and the kernel.
struct Geometry<'a> {
    entry: Entry,
    args: &'a Args,
    input: &'a SplitShape,
    kernel: &'a [i64],
    /// Chainer's dilated kernel size per axis, `kernel + (kernel - 1)*(dilate - 1)`.
    dk: &'a [i128],
}

impl Geometry<'_> {
    /// The canonical engine's dilation: taps only matter from kernel 2 on (dilate 0 stacks them, as Chainer does).
    fn engine_dilation(&self, axis: usize) -> i64 {
        if self.kernel[axis] >= 2 {
            self.args.dilate[axis]
        } else {
            1
        }
    }
}

/// Deconvolution's channel checks and the note for `groups <= 1`; the output channels.
fn check_deconvolution_channels(
    entry: Entry,
    args: &Args,
    input: &SplitShape,
    weight: &[i64],
    notes: &mut Vec<String>,
) -> ConvResult<i64> {
    let groups = args.groups;
    if input.channels != weight[0] {
        return Err(ConvError::rejected(format!(
            "Invalid operation is performed in: {} (Forward) Expect: x.shape[1] == W.shape[0] Actual: {} != {}",
            entry.function(),
            input.channels,
            weight[0]
        )));
    }
    // `if 1 < self.groups`: only then the grouped kernel runs (and checks the split).
    if groups > 1 && input.channels % groups != 0 {
        return Err(ConvError::rejected(format!(
            "TypeError: The number of groups must be a divisor of that of input channels ({} channels, {groups} groups)",
            input.channels
        )));
    }
    if groups < 1 && args.groups_given {
        notes.push(format!(
            "groups={groups}: Chainer runs the ungrouped deconvolution for any groups <= 1 (W.shape[1] = {} output \
             channels)",
            weight[1]
        ));
    }
    Ok(weight[1].saturating_mul(groups.max(1)))
}

/// One deconvolution axis: its spec and derivation; notes for a small outsize or a negative pad.
fn deconvolution_axis(geometry: &Geometry, axis: usize, notes: &mut Vec<String>) -> ConvResult<(AxisSpec, Derivation)> {
    let args = geometry.args;
    let (n, s, p) = (geometry.input.spatial[axis] as i128, args.stride[axis] as i128, args.pad[axis] as i128);
    let default = s * (n - 1) + geometry.dk[axis] - 2 * p;
    let given = args.outsize.as_ref().and_then(|o| o[axis]);
    let target = match given {
        Some(o) => check_outsize(geometry, axis, o, default)?,
        None => {
            if default <= 0 {
                return Err(positive_error(geometry.entry, axis));
            }
            default
        }
    };
    // col2im fills a buffer of target + 2*pad + stride - 1 cells and returns buffer[pad : pad + target].
    let buffer = target + 2 * p + s - 1;
    if buffer < 0 {
        return Err(ConvError::rejected("negative dimensions are not allowed (numpy.zeros in col2im)"));
    }
    let size_out = python_slice_len(buffer, p, p + target);
    let start = if p < 0 { (buffer + p).max(0) } else { p };
    // Stride 0 only gets here with an empty kernel: no taps, so the engine may use 1.
    let spec = window_spec(
        fit(n),
        geometry.kernel[axis],
        args.stride[axis].max(1),
        geometry.engine_dilation(axis),
        fit(start),
        fit(size_out),
    );
    let derivation = deconvolution_derivation(geometry, axis, given.is_some(), target, size_out);
    if given.is_some() && target < default {
        notes.push(format!(
            "axis {axis}: outsize {target} is smaller than the natural {default}; Chainer alone accepts that \
             (it sets cover_all), cropping {} more cell(s) at the end",
            default - target
        ));
    }
    if p < 0 {
        notes.push(format!(
            "axis {axis}: a negative pad makes col2im slice its buffer from the end (Python negative indexing); \
             the size is what Chainer returns, not a meaningful convolution"
        ));
    }
    Ok((spec, derivation))
}

/// Chainer's check of a given `outsize` against the input (`default` is the natural size); the outsize.
fn check_outsize(geometry: &Geometry, axis: usize, outsize: i64, default: i128) -> ConvResult<i128> {
    let args = geometry.args;
    let (n, s, p) = (geometry.input.spatial[axis] as i128, args.stride[axis] as i128, args.pad[axis] as i128);
    let dk = geometry.dk[axis];
    let o = outsize as i128;
    let lower = floor_div(o + 2 * p - dk, s) + 1;
    let upper = floor_div(o + 2 * p - dk + s - 1, s) + 1;
    if !(lower <= n && n <= upper) {
        return Err(ConvError::rejected(format!(
            "Invalid operation is performed in: {} (Forward) Expect: {lower} <= x.shape[{}] <= {upper} \
             Actual: {n}; an outsize of {o} would come from an input of {lower}..={upper}; for this input \
             outsize may be {}..={}",
            geometry.entry.function(),
            axis + 2,
            default - (s - 1),
            default + (s - 1)
        )));
    }
    Ok(o)
}

/// The derivation of one deconvolution axis: the natural size, or the outsize with Chainer's check beside it.
fn deconvolution_derivation(
    geometry: &Geometry,
    axis: usize,
    outsize_given: bool,
    target: i128,
    size_out: i128,
) -> Derivation {
    let args = geometry.args;
    let (n, s, p) = (geometry.input.spatial[axis] as i128, args.stride[axis] as i128, args.pad[axis] as i128);
    let dk = geometry.dk[axis];
    let values = [
        ("size_in", fit(n)),
        ("stride", args.stride[axis]),
        ("dk", fit(dk)),
        ("pad", args.pad[axis]),
        ("outsize", fit(target)),
    ];
    if !outsize_given {
        return derive("{stride}*({size_in} - 1) + {dk} - 2*{pad}", &values, fit(size_out));
    }
    // "size_out = outsize", with Chainer's acceptance check beside it.
    let lower = floor_div(target + 2 * p - dk, s) + 1;
    let upper = floor_div(target + 2 * p - dk + s - 1, s) + 1;
    let low = derive("({outsize} + 2*{pad} - {dk}) // {stride} + 1", &values, fit(lower));
    let high = derive("({outsize} + 2*{pad} - {dk} + {stride} - 1) // {stride} + 1", &values, fit(upper));
    Derivation {
        formula: "size_out = outsize   (Chainer checks (outsize + 2*pad - dk) // stride + 1 <= size_in \
                  <= (outsize + 2*pad - dk + stride - 1) // stride + 1)"
            .to_string(),
        substituted: format!("{}   (check: {} <= {n} <= {})", fit(size_out), low.substituted, high.substituted),
        size_out: fit(size_out),
    }
}

/// `value` clamped to the `i64` range.
fn fit(value: i128) -> i64 {
    value.clamp(i64::MIN as i128, i64::MAX as i128) as i64
}

/// Convolution's channel checks and the note for `groups <= 1`; the output channels, `W.shape[0]`.
fn check_convolution_channels(
    entry: Entry,
    args: &Args,
    input: &SplitShape,
    weight: &[i64],
    notes: &mut Vec<String>,
) -> ConvResult<i64> {
    let groups = args.groups;
    // convolution_2d's type check; convolution_nd has none (its kernels check below).
    if entry.two_d && weight[1].checked_mul(groups) != Some(input.channels) {
        return Err(ConvError::rejected(format!(
            "Invalid operation is performed in: {} (Forward) Expect: x.shape[1] == W.shape[1] * groups \
             Actual: {} != {} * {groups}",
            entry.function(),
            input.channels,
            weight[1]
        )));
    }
    if groups > 1 {
        if input.channels % groups != 0 || weight[0] % groups != 0 {
            return Err(ConvError::rejected(format!(
                "TypeError: The number of groups must be a divisor of that of input channels and of output channels \
                 ({} in, {} out, {groups} groups)",
                input.channels, weight[0]
            )));
        }
        if weight[1] != input.channels / groups {
            return Err(ConvError::rejected(format!(
                "ValueError: matmul: Input operand 1 has a mismatch in its core dimension (W.shape[1] = {} but each of \
                 the {groups} groups has {} input channels)",
                weight[1],
                input.channels / groups
            )));
        }
    } else {
        // `groups <= 1` runs the ungrouped kernel: a tensordot over the channels.
        if weight[1] != input.channels {
            return Err(ConvError::rejected(format!(
                "ValueError: shape-mismatch for sum (x has {} channels, W.shape[1] = {}{})",
                input.channels,
                weight[1],
                if groups < 1 { format!("; groups={groups} runs the ungrouped kernel") } else { String::new() }
            )));
        }
        if groups < 1 && args.groups_given {
            notes.push(format!("groups={groups}: Chainer runs the ungrouped convolution for any groups <= 1"));
        }
    }
    Ok(weight[0])
}

/// One convolution axis: its spec and derivation.
fn convolution_axis(geometry: &Geometry, axis: usize) -> ConvResult<(AxisSpec, Derivation)> {
    let args = geometry.args;
    let (size_in, stride, pad) = (geometry.input.spatial[axis], args.stride[axis], args.pad[axis]);
    let (n, s, p) = (size_in as i128, stride as i128, pad as i128);
    let extra = if args.cover_all { s - 1 } else { 0 };
    let size_out = floor_div(n + 2 * p - geometry.dk[axis] + extra, s) + 1;
    if size_out <= 0 {
        return Err(positive_error(geometry.entry, axis));
    }
    if p < 0 {
        return Err(ConvError::rejected(format!(
            "ValueError: index can't contain negative values (im2col pads the input with numpy.pad; pad={})",
            list_text(&args.pad)
        )));
    }
    let mut spec = AxisSpec {
        size_in,
        kernel_size: geometry.kernel[axis],
        stride,
        dilation: geometry.engine_dilation(axis),
        pad_before: pad,
        pad_after: (p + extra) as i64,
        output_padding: 0,
    };
    if spec.raw_size_out(Op::Conv) != size_out {
        // Only an empty kernel gets here (Chainer's dk can then be negative): no taps, so the
        // size is all that matters; extend the padding until the window count is Chainer's.
        spec.pad_after = ((size_out - 1) * s - n - p).clamp(0, i64::MAX as i128) as i64;
    }
    let values = [("size_in", size_in), ("stride", stride), ("dk", geometry.dk[axis] as i64), ("pad", pad)];
    let derivation = if args.cover_all {
        derive("({size_in} + 2*{pad} - {dk} + {stride} - 1) // {stride} + 1", &values, size_out as i64)
    } else {
        derive("({size_in} + 2*{pad} - {dk}) // {stride} + 1", &values, size_out as i64)
    };
    Ok((spec, derivation))
}

/// Chainer's error for an output size that is not positive: per axis in the 2-D forms.
fn positive_error(entry: Entry, axis: usize) -> ConvError {
    let what = ["Height", "Width", "Depth"][axis.min(2)];
    if entry.two_d {
        let verb = if entry.op == Op::ConvTranspose { "must" } else { "should" };
        ConvError::rejected(format!("{what} in the output {verb} be positive."))
    } else {
        ConvError::rejected("Output sizes should be positive.")
    }
}

/// Resolve a Chainer function or link call.
pub fn resolve(request: &Request) -> ConvResult<Layer> {
    let rank = request.rank;
    let entry = entry_of(request)?;
    let op = entry.op;
    check_rank(request, entry)?;
    check_keywords(request, entry)?;
    let mut reader = ArgReader::new(NAME, &request.params);
    let args = read_args(&mut reader, entry, rank)?;
    check_dilate(entry, &args)?;
    let input = split_shape(&request.input_shape, rank, ChannelPosition::First, false, NAME)?;
    let weight = read_weight(request, &mut reader, entry, &args, input.channels)?;
    check_weight(entry, &weight, rank)?;
    let kernel = &weight[2..];
    check_stride(entry, &args, kernel)?;
    check_dilate_taps(entry, &args, kernel)?;
    let dk: Vec<i128> =
        (0..rank).map(|a| kernel[a] as i128 + (kernel[a] as i128 - 1) * (args.dilate[a] as i128 - 1)).collect();
    let geometry = Geometry { entry, args: &args, input: &input, kernel, dk: &dk };
    let mut notes = Vec::new();
    let channels_out = match op {
        Op::ConvTranspose => check_deconvolution_channels(entry, &args, &input, &weight, &mut notes)?,
        Op::Conv => check_convolution_channels(entry, &args, &input, &weight, &mut notes)?,
    };
    let mut specs = Vec::with_capacity(rank);
    let mut derivations = Vec::with_capacity(rank);
    for axis in 0..rank {
        let (spec, derivation) = match op {
            Op::ConvTranspose => deconvolution_axis(&geometry, axis, &mut notes)?,
            Op::Conv => convolution_axis(&geometry, axis)?,
        };
        specs.push(spec);
        derivations.push(derivation);
    }
    let axes = resolve_axes(&specs, op)?;
    notes.extend(reader.unknown_notes());
    let output_shape = join_shape(
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
        groups: args.groups,
        weight_layout: WeightLayout::channels_first(op),
        weight_shape: weight,
        output_shape,
        kernel_flipped: false,
        bias: args.bias,
        derivations,
        notes,
        padding_mode: crate::conv::geometry::padding::PaddingMode::Zeros,
        explicit_layouts: None,
    })
}

// The reverse: the app's settings as a `chainer.functions` call.

use super::params::Params;
use super::settings::{Field, FieldKey, Settings};
use super::spelling::{
    as_is, channels_first_weight, compact, ints, keyword_args, padding_value, settings_request, symmetric, DefaultArg,
};
use super::{Dialect, Framework, Signature, Tensors};

pub const DIALECT: Dialect =
    Dialect { id: "chainer", name: "Chainer", backends: &[], resolve, request, fields, code_line, calls: CALLS };

/// `chainer.links.Deconvolution2D`, `chainer.functions.deconvolution_2d` … as Chainer 7.8's
/// `inspect.signature` gives them; the 2-D ones read `dilate` and `groups` (and
/// `convolution_2d` `cudnn_fast`) out of `**kwargs`, so those are keyword-only there.
const CALLS: &[Signature] = &{
    const LINKS: &[&str] = &["chainer.links", "links", "L"];
    const FUNCTIONS: &[&str] = &["chainer.functions", "functions", "F"];
    const LINK_2D: &[&str] = &[
        "in_channels",
        "out_channels",
        "ksize",
        "stride",
        "pad",
        "nobias",
        "initialW",
        "initial_bias",
        "dilate",
        "groups",
    ];
    const DECONVOLUTION_LINK_2D: &[&str] = &[
        "in_channels",
        "out_channels",
        "ksize",
        "stride",
        "pad",
        "nobias",
        "outsize",
        "initialW",
        "initial_bias",
        "dilate",
        "groups",
    ];
    const LINK_ND: &[&str] = &[
        "ndim",
        "in_channels",
        "out_channels",
        "ksize",
        "stride",
        "pad",
        "nobias",
        "initialW",
        "initial_bias",
        "cover_all",
        "dilate",
        "groups",
    ];
    const DECONVOLUTION_LINK_ND: &[&str] = &[
        "ndim",
        "in_channels",
        "out_channels",
        "ksize",
        "stride",
        "pad",
        "nobias",
        "outsize",
        "initialW",
        "initial_bias",
        "dilate",
        "groups",
    ];
    const LINK: &[&str] = &[
        "in_channels",
        "out_channels",
        "ksize",
        "stride",
        "pad",
        "nobias",
        "initialW",
        "initial_bias",
        "cover_all",
        "dilate",
        "groups",
    ];
    const DECONVOLUTION_LINK: &[&str] = &[
        "in_channels",
        "out_channels",
        "ksize",
        "stride",
        "pad",
        "nobias",
        "outsize",
        "initialW",
        "initial_bias",
        "dilate",
        "groups",
    ];
    const FUNCTION_2D: &[&str] = &["x", "W", "b", "stride", "pad", "cover_all", "dilate", "groups", "cudnn_fast"];
    const DECONVOLUTION_2D: &[&str] = &["x", "W", "b", "stride", "pad", "outsize", "dilate", "groups"];
    const FUNCTION: &[&str] = &["x", "W", "b", "stride", "pad", "cover_all", "dilate", "groups"];
    const DECONVOLUTION: &[&str] = &["x", "W", "b", "stride", "pad", "outsize", "dilate", "groups"];
    #[allow(clippy::too_many_arguments)]
    const fn call(
        name: &'static str,
        api: &'static str,
        op: Op,
        rank: usize,
        parameters: &'static [&'static str],
        positional: usize,
        required: usize,
    ) -> Signature {
        let link = matches!(name.as_bytes()[0], b'C' | b'D');
        Signature {
            name,
            selector: "",
            paths: if link { LINKS } else { FUNCTIONS },
            api,
            op,
            rank,
            parameters,
            positional,
            required,
            tensors: if link {
                Tensors::NONE
            } else {
                Tensors { input: &["x"], weight: &["W"], bias: &["b"], operands: "" }
            },
            ignored: &[],
            applied: if link { &["x"] } else { &[] },
        }
    }
    use Op::{Conv, ConvTranspose};
    [
        call("Deconvolution2D", "chainer.links.Deconvolution2D", ConvTranspose, 2, DECONVOLUTION_LINK_2D, 9, 2),
        call("Convolution2D", "chainer.links.Convolution2D", Conv, 2, LINK_2D, 8, 2),
        call("DeconvolutionND", "chainer.links.DeconvolutionND", ConvTranspose, 0, DECONVOLUTION_LINK_ND, 12, 3),
        call("ConvolutionND", "chainer.links.ConvolutionND", Conv, 0, LINK_ND, 12, 3),
        call("Deconvolution1D", "chainer.links.Deconvolution1D", ConvTranspose, 1, DECONVOLUTION_LINK, 11, 3),
        call("Convolution1D", "chainer.links.Convolution1D", Conv, 1, LINK, 11, 3),
        call("Deconvolution3D", "chainer.links.Deconvolution3D", ConvTranspose, 3, DECONVOLUTION_LINK, 11, 3),
        call("Convolution3D", "chainer.links.Convolution3D", Conv, 3, LINK, 11, 3),
        call("deconvolution_2d", "chainer.functions.deconvolution_2d", ConvTranspose, 2, DECONVOLUTION_2D, 6, 2),
        call("convolution_2d", "chainer.functions.convolution_2d", Conv, 2, FUNCTION_2D, 6, 2),
        call("deconvolution_nd", "chainer.functions.deconvolution_nd", ConvTranspose, 0, DECONVOLUTION, 8, 2),
        call("convolution_nd", "chainer.functions.convolution_nd", Conv, 0, FUNCTION, 8, 2),
        call("deconvolution_1d", "chainer.functions.deconvolution_1d", ConvTranspose, 1, DECONVOLUTION, 8, 2),
        call("convolution_1d", "chainer.functions.convolution_1d", Conv, 1, FUNCTION, 8, 2),
        call("deconvolution_3d", "chainer.functions.deconvolution_3d", ConvTranspose, 3, DECONVOLUTION, 8, 2),
        call("convolution_3d", "chainer.functions.convolution_3d", Conv, 3, FUNCTION, 8, 2),
    ]
};

/// Arguments with these defaults, left out of the call.
const DEFAULTS: [(&str, DefaultArg); 4] = [
    ("stride", DefaultArg::Every(1)),
    ("pad", DefaultArg::Every(0)),
    ("dilate", DefaultArg::Every(1)),
    ("groups", DefaultArg::Every(1)),
];

fn request(settings: &Settings) -> Request {
    let s = settings;
    let function = match s.op {
        Op::ConvTranspose => "deconvolution",
        Op::Conv => "convolution",
    };
    let suffix = if s.rank == 2 { "_2d" } else { "_nd" };
    let mut params = Params::new();
    params.set("stride", compact(s.stride));
    params.set("pad", symmetric(s).map(|p| compact(&p)).unwrap_or_else(|| padding_value(s, as_is)));
    if s.op == Op::ConvTranspose {
        if let Some(out) = s.output_size {
            params.set("outsize", ints(out));
        }
    }
    params.set("dilate", compact(s.dilation));
    if s.groups != 1 {
        params.set("groups", Value::Int(s.groups));
    }
    Request {
        api: Some(format!("chainer.functions.{function}{suffix}")),
        weight_shape: Some(channels_first_weight(s)),
        ..settings_request(Framework::Chainer, s, params)
    }
}

fn fields(op: Op, _rank: usize) -> Vec<Field> {
    use FieldKey::*;
    let mut out = vec![
        Field::new(ChannelsIn, "in_channels", &[], "input channels"),
        Field::new(ChannelsOut, "out_channels", &[], "output channels"),
        Field::new(Kernel, "ksize", &[], "kernel"),
        Field::new(Stride, "stride", &[], "int or HxW"),
        Field::new(Padding, "pad", &[], "int or HxW"),
        Field::new(Dilation, "dilate", &[], "kernel dilation"),
    ];
    if op == Op::ConvTranspose {
        out.push(Field::new(OutputSize, "outsize", &[], "may be smaller than the natural size"));
    }
    out.push(Field::new(Groups, "groups", &[], "channel groups"));
    out
}

fn code_line(settings: &Settings) -> String {
    let request = request(settings);
    let function = request.api.as_deref().unwrap_or_default().replacen("chainer.functions.", "F.", 1);
    let args = keyword_args(&request, &[], &DEFAULTS);
    format!("{function}(x, W{}{})", if args.is_empty() { "" } else { ", " }, args.join(", "))
}

#[cfg(test)]
mod tests {

    use crate::conv::dialects::ask;

    fn shape(json: &str) -> Vec<i64> {
        ask(json).expect("Chainer accepts this call").output_shape
    }

    fn rejected(json: &str) -> String {
        ask(json).expect_err("Chainer rejects this call").message
    }

    #[test]
    fn negative_weight_dims_are_rejected_as_numpy_does() {
        // The CLI review's example: answered [1, -1, 7] before; numpy cannot make such a W.
        let message = rejected(r#"{"framework":"chainer","input_shape":[1,1,3],"weight_shape":[1,-1,5]}"#);
        assert!(message.contains("negative dimensions are not allowed"), "{message}");
        rejected(r#"{"framework":"chainer","op":"conv","input_shape":[1,2,6,6],"weight_shape":[-1,2,3,3]}"#);
    }

    #[test]
    fn empty_kernels_and_zero_channels_are_computed() {
        // W (2, 3, 0, 3): dk = 0 on the first axis, so 1*(6-1) + 0 = 5.
        let fn2d = r#"{"framework":"chainer","api":"chainer.functions.deconvolution_2d","input_shape":[1,2,6,6],"weight_shape":[2,3,0,3]}"#;
        assert_eq!(shape(fn2d), vec![1, 3, 5, 8]);
        // dk = k + (k-1)(d-1) = -1 for k=0, d=2: the forward output grows.
        let conv = r#"{"framework":"chainer","op":"conv","api":"chainer.functions.convolution_nd","input_shape":[1,1,5],"weight_shape":[1,1,0],"params":{"dilate":2}}"#;
        assert_eq!(shape(conv), vec![1, 1, 7]);
        assert_eq!(shape(r#"{"framework":"chainer","input_shape":[1,1,3],"weight_shape":[1,0,5]}"#), vec![1, 0, 7]);
    }

    #[test]
    fn dilate_zero_is_taken_by_the_nd_forms_only() {
        let nd = r#"{"framework":"chainer","api":"chainer.functions.deconvolution_nd","input_shape":[1,2,6,6],"weight_shape":[2,3,3,3],"params":{"dilate":0}}"#;
        assert_eq!(shape(nd), vec![1, 3, 6, 6]);
        let two_d = nd.replace("deconvolution_nd", "deconvolution_2d");
        assert!(rejected(&two_d).contains("Dilate should be positive"));
        let backwards = nd.replace("\"dilate\":0", "\"dilate\":-1");
        rejected(&backwards);
    }

    #[test]
    fn groups_below_one_run_the_ungrouped_kernel() {
        let deconv = r#"{"framework":"chainer","api":"chainer.functions.deconvolution_2d","input_shape":[1,6,6,6],"weight_shape":[6,2,3,3],"params":{"groups":0}}"#;
        assert_eq!(shape(deconv), vec![1, 2, 8, 8]);
        let conv_nd = r#"{"framework":"chainer","op":"conv","api":"chainer.functions.convolution_nd","input_shape":[1,2,5],"weight_shape":[4,2,3],"params":{"groups":0,"stride":2}}"#;
        assert_eq!(shape(conv_nd), vec![1, 4, 2]);
        rejected(
            &conv_nd
                .replace("convolution_nd", "convolution_2d")
                .replace("[1,2,5]", "[1,2,5,5]")
                .replace("[4,2,3]", "[4,2,3,3]"),
        );
    }

    #[test]
    fn none_is_a_type_error_except_for_outsize() {
        for arg in ["stride", "pad", "dilate", "groups"] {
            let request = format!(
                r#"{{"framework":"chainer","api":"chainer.functions.deconvolution_nd","input_shape":[1,2,6,6],"weight_shape":[2,3,3,3],"params":{{"{arg}":null}}}}"#
            );
            assert!(rejected(&request).contains("TypeError"), "{arg}");
        }
        let outsize = r#"{"framework":"chainer","api":"chainer.functions.deconvolution_2d","input_shape":[1,2,6,6],"weight_shape":[2,3,3,3],"params":{"stride":2,"outsize":[null,12]}}"#;
        assert_eq!(shape(outsize), vec![1, 3, 13, 12]);
        rejected(&outsize.replace("deconvolution_2d", "deconvolution_nd"));
    }

    #[test]
    fn links_make_their_weight() {
        let link = r#"{"framework":"chainer","api":"chainer.links.Deconvolution2D","input_shape":[1,2,4,4],"params":{"in_channels":null,"out_channels":3,"ksize":4,"stride":2,"pad":1}}"#;
        assert_eq!(shape(link), vec![1, 3, 8, 8]);
        // L.Convolution2D(4, 3): out_channels 4, ksize 3, in_channels from x.
        let shorthand = r#"{"framework":"chainer","api":"L.Convolution2D","input_shape":[1,3,6,6],"params":{"in_channels":4,"out_channels":3}}"#;
        assert_eq!(shape(shorthand), vec![1, 4, 4, 4]);
        let nd = r#"{"framework":"chainer","api":"chainer.links.ConvolutionND","input_shape":[1,2,9],"params":{"ndim":1,"in_channels":2,"out_channels":3,"ksize":3,"cover_all":true,"stride":2}}"#;
        assert_eq!(shape(nd), vec![1, 3, 4]);
        // The default initializer divides by W.shape[1]*prod(ksize): 0 output channels of a deconvolution fail.
        assert!(rejected(&link.replace("\"out_channels\":3", "\"out_channels\":0")).contains("ZeroDivisionError"));
        assert!(rejected(&link.replace("\"stride\":2", "\"stride\":2,\"groups\":0")).contains("ZeroDivisionError"));
        assert!(rejected(&link.replace("\"stride\":2", "\"stride\":2,\"groups\":-1")).contains("negative dimensions"));
    }

    #[test]
    fn a_links_weight_shape_must_be_its_w() {
        let link = r#"{"framework":"chainer","api":"chainer.links.Deconvolution2D","input_shape":[1,2,4,4],"weight_shape":[2,3,4,4],"params":{"in_channels":2,"out_channels":3,"ksize":4}}"#;
        assert_eq!(shape(link), vec![1, 3, 7, 7]);
        assert!(rejected(&link.replace("[2,3,4,4]", "[2,3,3,3]")).contains("contradicts"));
    }

    #[test]
    fn unexpected_keyword_arguments_are_type_errors() {
        let link = r#"{"framework":"chainer","api":"chainer.links.Convolution2D","input_shape":[1,2,5,5],"params":{"in_channels":2,"out_channels":4,"ksize":1,"cover_all":true}}"#;
        assert!(rejected(link).contains("unexpected keyword argument"));
    }

    #[test]
    fn stride_zero_divides_by_zero_unless_deconvolution_2d_has_no_taps() {
        let empty = r#"{"framework":"chainer","api":"chainer.functions.deconvolution_2d","input_shape":[1,2,5,4],"weight_shape":[2,2,3,0],"params":{"stride":[0,1],"pad":[0,1],"dilate":[2,1]}}"#;
        // col2im's buffer has outh + 2*pad + stride - 1 = 4 cells on the first axis, and the slice keeps them.
        assert_eq!(shape(empty), vec![1, 2, 4, 1]);
        assert!(rejected(&empty.replace("[2,2,3,0]", "[2,2,3,1]")).contains("ZeroDivisionError"));
        assert!(rejected(&empty.replace("deconvolution_2d", "deconvolution_nd")).contains("ZeroDivisionError"));
    }

    #[test]
    fn cover_all_is_tested_for_truth() {
        let conv = r#"{"framework":"chainer","op":"conv","api":"chainer.functions.convolution_nd","input_shape":[1,1,8],"weight_shape":[1,1,5],"params":{"pad":1,"cover_all":1}}"#;
        assert_eq!(shape(conv), vec![1, 1, 6]);
    }

    #[test]
    fn the_outsize_derivation_states_the_check_beside_the_size() {
        let layer = ask(r#"{"framework":"chainer","input_shape":[1,1,3],"weight_shape":[1,1,3],"params":{"stride":2,"outsize":[6]}}"#)
            .unwrap();
        assert_eq!(
            layer.derivations[0].substituted,
            "6   (check: (6 + 2*0 - 3) // 2 + 1 = 2 <= 3 <= (6 + 2*0 - 3 + 2 - 1) // 2 + 1 = 3)"
        );
    }

    #[test]
    fn forward_convolution_refuses_negative_pad() {
        let conv = r#"{"framework":"chainer","op":"conv","api":"chainer.functions.convolution_nd","input_shape":[1,2,6,6],"weight_shape":[3,2,3,3],"params":{"pad":-1}}"#;
        assert!(rejected(conv).contains("negative values"));
    }

    #[test]
    fn two_d_entry_points_need_four_dimensional_input() {
        let message = rejected(
            r#"{"framework":"chainer","api":"chainer.functions.deconvolution_2d","input_shape":[1,2,6],"weight_shape":[2,3,3]}"#,
        );
        assert!(message.contains("ndim == 4"), "{message}");
        let one_d = r#"{"framework":"chainer","api":"chainer.functions.deconvolution_1d","input_shape":[1,2,6],"weight_shape":[2,3,3]}"#;
        assert_eq!(shape(one_d), vec![1, 3, 8]);
    }
}
