//! What a share link means by the keys it leaves out (Contract 2).
//!
//! A page opened without a query shows the landing example (`AppState::default()`). A link with
//! a query is read as its framework reads a call: every argument it does not name takes that
//! framework's own default, the one in the real signature (`tests/link_defaults.rs` checks each
//! against tests/fixtures/translate/signatures.json), so `?fw=keras&in=20&k=3&s=10&p=same` is
//! `Conv2DTranspose(1, 3, strides=10, padding='same')` with Keras's `output_padding=None`. Where
//! the framework has no default (a required argument: every kernel size and channel count,
//! tf.nn's and jax.lax's strides, jax.lax's padding), the landing example's value stands in, and
//! so it does for what is no argument at all (the input size, the view, the step); tf.nn's
//! forward calls, whose padding is required too, take 'SAME' like its transposed calls.
//!
//! The defaults are named here rather than asked of each dialect: reading a link needs no dialect
//! loaded (the app loads a framework's rules only once a link or a tab names it).

use super::query::AppState;
use crate::conv::dialects::settings::Padding;
use crate::conv::dialects::Framework;
use crate::conv::geometry::axis::Op;

/// The landing example's kernel size and input size on every axis, for a link that leaves them out.
const KERNEL_AND_INPUT: i64 = 3;

/// The state a link in `framework` with `op` and `rank` means before its other keys are read:
/// the call's defaults for stride, padding and output_padding (or the landing example's values
/// where it has none), the landing example's kernel and input size, dilation 1 (every
/// framework's default), no explicit output size, and the landing example's channels, groups,
/// view and the rest.
pub fn omitted(framework: Framework, op: Op, rank: usize) -> AppState {
    let every = |value: i64| vec![value; rank];
    let word = |word: &str| Padding::Word(word.to_string());
    let (stride, padding, output_padding) = match (framework, op) {
        // tf.nn.conv*_transpose: strides required, padding='SAME'. tf.nn.conv*: both required,
        // and the padding 'SAME' too, the transposed calls' default (conv1d takes no explicit
        // amounts, so the landing example's padding 1 is no value it accepts).
        (Framework::Tensorflow, _) => (2, word("SAME"), None),
        // Every jax.lax call: strides and padding both required.
        (Framework::Jax, _) => (2, Padding::Amounts(every(1)), None),
        // strides=1 (Keras 1: subsample=(1, 1)), padding='valid' (border_mode), output_padding=None.
        (Framework::Keras | Framework::Keras2 | Framework::Keras1, _) => (1, word("valid"), None),
        // stride=1, padding=0, output_padding=0.
        (Framework::Pytorch | Framework::Paddle, Op::ConvTranspose) => (1, Padding::Amounts(every(0)), Some(every(0))),
        // Stride 1 and padding 0, written or left out (ONNX, Caffe, MXNet, Chainer, PyTorch's and
        // Paddle's forward layers), and no output_padding given (ONNX's and MXNet's are optional;
        // the others have none).
        _ => (1, Padding::Amounts(every(0)), None),
    };
    AppState {
        framework,
        op,
        rank,
        size_in: every(KERNEL_AND_INPUT),
        kernel: every(KERNEL_AND_INPUT),
        stride: every(stride),
        dilation: every(1),
        padding,
        output_padding,
        output_size: None,
        ..AppState::default()
    }
}
