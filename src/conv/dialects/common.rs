//! Small helpers the dialects share: formula derivations and list formatting.

use crate::conv::geometry::axis::{full_scatter_len, Axis, AxisSpec};
use crate::conv::geometry::layer::Derivation;
pub use crate::conv::geometry::numbers::list_text;

/// Python's `str.lower()`, as the dialects that lower-case a user's word (Keras `padding`,
/// `data_format`) apply it. Rust's Unicode mapping equals Python's, so the CLI is exact for any
/// text. The browser app only ever sends ASCII words (`query::parse_padding` admits nothing
/// else), so its build maps ASCII alone and leaves out the Unicode case tables (about 8 KB of
/// the gzipped wasm).
pub fn python_lower(text: &str) -> String {
    #[cfg(not(target_arch = "wasm32"))]
    return text.to_lowercase();
    #[cfg(target_arch = "wasm32")]
    return text.to_ascii_lowercase();
}

/// Python's `str.upper()` (Paddle's `padding.upper()`); see [`python_lower`] for the app's ASCII.
pub fn python_upper(text: &str) -> String {
    #[cfg(not(target_arch = "wasm32"))]
    return text.to_uppercase();
    #[cfg(target_arch = "wasm32")]
    return text.to_ascii_uppercase();
}

/// Fill a formula template: `{name}` becomes the name in `formula` and the number in
/// `substituted`. Names missing from `values` are left as written.
pub fn derive(template: &str, values: &[(&str, i64)], size_out: i64) -> Derivation {
    let mut formula = String::new();
    let mut substituted = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        formula.push_str(&rest[..open]);
        substituted.push_str(&rest[..open]);
        let name = &rest[open + 1..close];
        formula.push_str(name);
        match values.iter().find(|(n, _)| *n == name) {
            Some((_, v)) if *v < 0 => substituted.push_str(&format!("({v})")),
            Some((_, v)) => substituted.push_str(&v.to_string()),
            None => substituted.push_str(name),
        }
        rest = &rest[close + 1..];
    }
    formula.push_str(rest);
    substituted.push_str(rest);
    Derivation {
        formula: format!("size_out = {formula}"),
        substituted: format!("{substituted} = {size_out}"),
        size_out,
    }
}

/// The canonical numbers of an axis under their canonical names.
pub fn axis_values(axis: &Axis) -> Vec<(&'static str, i64)> {
    vec![
        ("size_in", axis.size_in),
        ("kernel_size", axis.kernel_size),
        ("stride", axis.stride),
        ("dilation", axis.dilation),
        ("pad_before", axis.pad_before),
        ("pad_after", axis.pad_after),
        ("padding", axis.pad_before),
        ("output_padding", axis.output_padding),
        ("kernel_field", axis.kernel_field()),
    ]
}

/// A transposed-conv derivation written with symmetric `padding` (`symmetric`) or begin/end pads.
pub fn derive_conv_transpose(axis: &Axis, symmetric: bool) -> Derivation {
    let template = if symmetric {
        "({size_in} - 1)*{stride} - 2*{padding} + {dilation}*({kernel_size} - 1) + {output_padding} + 1"
    } else {
        "({size_in} - 1)*{stride} + {dilation}*({kernel_size} - 1) + 1 - {pad_before} - {pad_after} + {output_padding}"
    };
    derive(template, &axis_values(axis), axis.size_out)
}

/// A forward-conv derivation from canonical numbers.
pub fn derive_conv(axis: &Axis) -> Derivation {
    derive(
        "floor(({size_in} + {pad_before} + {pad_after} - {dilation}*({kernel_size} - 1) - 1) / {stride}) + 1",
        &axis_values(axis),
        axis.size_out,
    )
}

/// The canonical spec of a transposed axis whose output is a given window of the full scatter:
/// `size_out` cells starting `pad_before` cells in. Whatever the window leaves of the scatter's
/// end is `pad_after`; whatever it runs past the end is `output_padding` (zeros).
pub fn window_spec(
    size_in: i64,
    kernel_size: i64,
    stride: i64,
    dilation: i64,
    pad_before: i64,
    size_out: i64,
) -> AxisSpec {
    let full = full_scatter_len(size_in, kernel_size, stride, dilation);
    let rest = full - pad_before as i128 - size_out as i128;
    let clamp = |v: i128| v.clamp(i64::MIN as i128, i64::MAX as i128) as i64;
    AxisSpec {
        size_in,
        kernel_size,
        stride,
        dilation,
        pad_before,
        pad_after: clamp(rest.max(0)),
        output_padding: clamp((-rest).max(0)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derive_substitutes_names_and_numbers() {
        let d = derive("({n} - 1)*{s} + {x}", &[("n", 3), ("s", 2), ("x", -1)], 3);
        assert_eq!(d.formula, "size_out = (n - 1)*s + x");
        assert_eq!(d.substituted, "(3 - 1)*2 + (-1) = 3");
    }
}
