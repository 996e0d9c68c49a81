//! The canonical geometry of one spatial axis, shared by every framework.
//!
//! Every framework's transposed convolution computes the same *full scatter* and returns a
//! window of it; every forward convolution slides the same window over a padded input. Only
//! the numbers below differ between frameworks, so each dialect translates its arguments into
//! them once (see `dialects/`), and nothing downstream knows where they came from.
//!
//! ```text
//! kernel_field = dilation * (kernel_size - 1) + 1
//!
//! conv_transpose:
//!   full     = (size_in - 1) * stride + kernel_field          (the whole scatter)
//!   size_out = full - pad_before - pad_after + output_padding
//!   output[t] = full_scatter[t + pad_before]                  (0 outside the scatter)
//!
//! conv:
//!   padded   = pad_before + size_in + pad_after
//!   size_out = (padded - kernel_field) / stride + 1           (0 when padded < kernel_field)
//!   output[o] = sum_k input[o * stride + k * dilation - pad_before] * kernel[k]
//! ```
//!
//! A kernel of size 0 has no taps: its field is 0 and nothing is scattered. Dilation 0 (which
//! Paddle accepts) stacks every tap on the same cell: the field is 1.
//! A negative `pad_before` / `pad_after` means zeros are *added* on that side (JAX's legacy
//! explicit padding can do that); `output_padding` always adds at the end.
//! All arithmetic is done in `i128` from values bounded by [`MAX_VALUE`], so nothing can
//! overflow, and every failure is a [`GeometryError`] rather than a panic.

use std::fmt;

use super::numbers::signed_text;
use crate::conv::error::ConvError;

/// The largest size, stride, dilation or padding the core accepts (2^62).
///
/// Far above any real tensor, and small enough that every formula below stays exact in `i128`.
pub const MAX_VALUE: i64 = 1 << 62;

/// Ordinary (forward) convolution or its transpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Op {
    /// Cross-correlation of a padded input with the kernel (what `nn.Conv2d` computes).
    Conv,
    /// The adjoint of `Conv`: every input value stamps a weighted kernel into the output.
    ConvTranspose,
}

impl Op {
    /// The name used in requests and URLs (`conv`, `conv_transpose`).
    pub fn name(self) -> &'static str {
        match self {
            Op::Conv => "conv",
            Op::ConvTranspose => "conv_transpose",
        }
    }
}

/// What a caller knows about one axis before the output size is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AxisSpec {
    pub size_in: i64,
    pub kernel_size: i64,
    pub stride: i64,
    pub dilation: i64,
    pub pad_before: i64,
    pub pad_after: i64,
    /// Extra cells at the end of a transposed output; must be 0 for `Conv`.
    pub output_padding: i64,
}

/// One spatial axis, fully resolved: the input to the engine and to every picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Axis {
    pub op: Op,
    pub size_in: i64,
    pub kernel_size: i64,
    pub stride: i64,
    pub dilation: i64,
    pub pad_before: i64,
    pub pad_after: i64,
    pub output_padding: i64,
    pub size_out: i64,
}

/// Why a set of canonical numbers does not describe a convolution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GeometryError {
    /// A value outside its domain, e.g. `stride` 0 or a negative size.
    OutOfRange { name: &'static str, value: i64, rule: &'static str },
    /// The output would have fewer than zero cells (transposed) or the kernel field does not fit.
    NoOutput { size_out: i128 },
    /// The output would be larger than [`MAX_VALUE`].
    TooLarge { size_out: i128 },
}

impl fmt::Display for GeometryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GeometryError::OutOfRange { name, value, rule } => {
                write!(f, "{name} must be {rule} (got {value})")
            }
            GeometryError::NoOutput { size_out } => {
                write!(f, "the output size would be {}: there is no output", signed_text(*size_out))
            }
            GeometryError::TooLarge { size_out } => {
                let size_out = signed_text(*size_out);
                write!(f, "the output size would be {size_out}, larger than the largest size this tool handles (2^62)")
            }
        }
    }
}

impl std::error::Error for GeometryError {}

fn check(name: &'static str, value: i64, min: i64) -> Result<(), GeometryError> {
    if value < min {
        let rule = if min == 0 { "at least 0" } else { "at least 1" };
        return Err(GeometryError::OutOfRange { name, value, rule });
    }
    check_magnitude(name, value)
}

fn check_magnitude(name: &'static str, value: i64) -> Result<(), GeometryError> {
    if value.unsigned_abs() > MAX_VALUE as u64 {
        return Err(GeometryError::OutOfRange { name, value, rule: "at most 2^62 in magnitude" });
    }
    Ok(())
}

/// `dilation * (kernel_size - 1) + 1`, exact for any validated inputs; 0 for an empty kernel
/// (TensorFlow's transposed ops accept a kernel with no taps and output zeros).
pub fn kernel_field(kernel_size: i64, dilation: i64) -> i128 {
    if kernel_size == 0 {
        return 0;
    }
    dilation as i128 * (kernel_size as i128 - 1) + 1
}

/// Length of the full scatter of a transposed convolution: `(size_in - 1) * stride + kernel_field`.
///
/// For `size_in == 0` there is nothing to scatter and the length is 0.
pub fn full_scatter_len(size_in: i64, kernel_size: i64, stride: i64, dilation: i64) -> i128 {
    if size_in == 0 {
        return 0;
    }
    (size_in as i128 - 1) * stride as i128 + kernel_field(kernel_size, dilation)
}

/// Forward output length: `floor((padded - kernel_field) / stride) + 1`, or 0 when the kernel
/// field does not fit in the padded input. Returned unclamped so callers can report it.
pub fn conv_len(padded: i128, kernel_field: i128, stride: i64) -> i128 {
    if padded < kernel_field {
        return 0;
    }
    (padded - kernel_field) / stride as i128 + 1
}

impl AxisSpec {
    fn validate(&self, op: Op) -> Result<(), GeometryError> {
        check("size_in", self.size_in, 0)?;
        check("kernel_size", self.kernel_size, 0)?;
        check("stride", self.stride, 1)?;
        check("dilation", self.dilation, 0)?;
        check_magnitude("pad_before", self.pad_before)?;
        check_magnitude("pad_after", self.pad_after)?;
        check("output_padding", self.output_padding, 0)?;
        if op == Op::Conv && self.output_padding != 0 {
            return Err(GeometryError::OutOfRange {
                name: "output_padding",
                value: self.output_padding,
                rule: "0 for a forward convolution",
            });
        }
        Ok(())
    }

    /// The output length this spec would give, before any range check (exact, may be negative).
    pub fn raw_size_out(&self, op: Op) -> i128 {
        let field = kernel_field(self.kernel_size, self.dilation);
        match op {
            Op::ConvTranspose => {
                full_scatter_len(self.size_in, self.kernel_size, self.stride, self.dilation)
                    - self.pad_before as i128
                    - self.pad_after as i128
                    + self.output_padding as i128
            }
            Op::Conv => {
                let padded = self.pad_before as i128 + self.size_in as i128 + self.pad_after as i128;
                conv_len(padded, field, self.stride)
            }
        }
    }

    /// Resolve into an [`Axis`]; the output may have 0 cells but never fewer.
    pub fn resolve(self, op: Op) -> Result<Axis, GeometryError> {
        self.validate(op)?;
        let size_out = self.raw_size_out(op);
        if size_out < 0 {
            return Err(GeometryError::NoOutput { size_out });
        }
        if size_out > MAX_VALUE as i128 {
            return Err(GeometryError::TooLarge { size_out });
        }
        Ok(Axis {
            op,
            size_in: self.size_in,
            kernel_size: self.kernel_size,
            stride: self.stride,
            dilation: self.dilation,
            pad_before: self.pad_before,
            pad_after: self.pad_after,
            output_padding: self.output_padding,
            size_out: size_out as i64,
        })
    }
}

impl Axis {
    /// `dilation * (kernel_size - 1) + 1`: how many cells one kernel copy spans.
    pub fn kernel_field(&self) -> i64 {
        kernel_field(self.kernel_size, self.dilation) as i64
    }

    /// Transposed: the length of the full scatter. Forward: the length of the padded input.
    pub fn full_len(&self) -> i64 {
        match self.op {
            Op::ConvTranspose => full_scatter_len(self.size_in, self.kernel_size, self.stride, self.dilation) as i64,
            Op::Conv => self.pad_before + self.size_in + self.pad_after,
        }
    }

    /// Transposed conv: the output cell that `input[i] * kernel[k]` is added to, or `None` when
    /// that product lands in a part of the full scatter the framework crops away.
    pub fn scatter(&self, i: i64, k: i64) -> Option<i64> {
        let t = i as i128 * self.stride as i128 + k as i128 * self.dilation as i128 - self.pad_before as i128;
        (0..self.size_out as i128).contains(&t).then_some(t as i64)
    }

    /// Forward conv: the input cell that output `o` reads through tap `k`, or `None` when it
    /// reads padding.
    pub fn gather(&self, o: i64, k: i64) -> Option<i64> {
        let i = o as i128 * self.stride as i128 + k as i128 * self.dilation as i128 - self.pad_before as i128;
        (0..self.size_in as i128).contains(&i).then_some(i as i64)
    }
}

impl From<GeometryError> for ConvError {
    fn from(error: GeometryError) -> Self {
        ConvError::rejected(error.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(n: i64, k: i64, s: i64, d: i64, pb: i64, pa: i64, a: i64) -> AxisSpec {
        AxisSpec {
            size_in: n,
            kernel_size: k,
            stride: s,
            dilation: d,
            pad_before: pb,
            pad_after: pa,
            output_padding: a,
        }
    }

    #[test]
    fn pytorch_default_example_3_to_6() {
        let axis = spec(3, 3, 2, 1, 1, 1, 1).resolve(Op::ConvTranspose).unwrap();
        assert_eq!(axis.size_out, 6);
        assert_eq!(axis.full_len(), 7);
    }

    #[test]
    fn caffe_28_to_56() {
        let axis = spec(28, 4, 2, 1, 1, 1, 0).resolve(Op::ConvTranspose).unwrap();
        assert_eq!(axis.size_out, 56);
    }

    #[test]
    fn conv_floor_and_too_small() {
        assert_eq!(spec(5, 3, 2, 1, 0, 0, 0).resolve(Op::Conv).unwrap().size_out, 2);
        assert_eq!(spec(6, 3, 2, 1, 0, 0, 0).resolve(Op::Conv).unwrap().size_out, 2);
        assert_eq!(spec(2, 3, 1, 1, 0, 0, 0).resolve(Op::Conv).unwrap().size_out, 0);
        assert_eq!(spec(8820, 3, 1, 2, 0, 0, 0).resolve(Op::Conv).unwrap().size_out, 8816);
    }

    #[test]
    fn scatter_matches_the_worked_reference() {
        // x = [1,2,3], w = [1,10,100], s = 2: F = [1,10,102,20,203,30,300]; crop 1 at the start.
        let axis = spec(3, 3, 2, 1, 1, 1, 1).resolve(Op::ConvTranspose).unwrap();
        let (x, w) = ([1, 2, 3], [1, 10, 100]);
        let mut out = vec![0; axis.size_out as usize];
        for i in 0..3 {
            for k in 0..3 {
                if let Some(t) = axis.scatter(i, k) {
                    out[t as usize] += x[i as usize] * w[k as usize];
                }
            }
        }
        assert_eq!(out, vec![10, 102, 20, 203, 30, 300]);
    }

    #[test]
    fn huge_values_are_errors_not_panics() {
        let big = spec(i64::MAX, i64::MAX, i64::MAX, i64::MAX, i64::MIN, i64::MAX, i64::MAX);
        assert!(big.resolve(Op::ConvTranspose).is_err());
        let at_limit = spec(1 << 31, 1 << 31, 1 << 31, 1 << 31, 0, 0, 0);
        assert!(matches!(at_limit.resolve(Op::ConvTranspose), Err(GeometryError::TooLarge { .. })));
        let exact = spec(1 << 31, 3, 1, 1, 1, 1, 0).resolve(Op::ConvTranspose).unwrap();
        assert_eq!(exact.size_out, 1 << 31);
    }
}
