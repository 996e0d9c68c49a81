//! Which framework's call a pasted name is: `nn.ConvTranspose2d` is PyTorch's, `nn.Conv2DTranspose`
//! Paddle's or MXNet Gluon's (their keywords tell), `layers.Conv2DTranspose` Keras's.

use crate::conv::dialects::{Framework, Signature};
use crate::conv::port::python::{Argument, Expr};

/// One framework's call.
#[derive(Debug, Clone, Copy)]
pub struct Found {
    pub framework: Framework,
    pub signature: &'static Signature,
}

/// Every call named `name`, of `from` only when given, whose selector (ONNX's op_type) the
/// arguments carry; in registry order.
pub fn named(name: &str, arguments: &[Argument], from: Option<Framework>) -> Vec<Found> {
    let selector = match arguments.first() {
        Some(Argument { keyword: None, value: Expr::Str(text, _), .. }) => Some(text.as_str()),
        _ => arguments.iter().find_map(|a| match (&a.keyword, &a.value) {
            (Some((k, _)), Expr::Str(text, _)) if k == "op_type" => Some(text.as_str()),
            _ => None,
        }),
    };
    Framework::ALL
        .iter()
        .filter(|f| from.is_none_or(|from| from == **f))
        .flat_map(|f| f.dialect().calls.iter().map(move |signature| Found { framework: *f, signature }))
        // (A signature without paths is a prototxt layer type, not a Python call.)
        .filter(|found| found.signature.name == name && !found.signature.paths.is_empty())
        .filter(|found| found.signature.selector.is_empty() || Some(found.signature.selector) == selector)
        .collect()
}

/// Every call name a framework (or all) knows, for "did you mean".
pub fn all_names(from: Option<Framework>) -> Vec<&'static str> {
    Framework::ALL
        .iter()
        .filter(|f| from.is_none_or(|from| from == **f))
        .flat_map(|f| f.dialect().calls.iter().map(|s| s.name))
        .collect()
}

/// How well the written path (`torch.nn` of `torch.nn.ConvTranspose2d`) fits: 3 when it is one
/// of the call's paths, 2 when it ends with one (`tf.keras.layers`), 1 when the name is bare, 0
/// else. (`paddle.nn.functional` is Paddle's path, though it ends with PyTorch's `nn.functional`.)
fn path_fit(prefix: &str, signature: &Signature) -> u8 {
    if prefix.is_empty() {
        return 1;
    }
    if signature.paths.contains(&prefix) {
        3
    } else if signature.paths.iter().any(|p| prefix.ends_with(&format!(".{p}"))) {
        2
    } else {
        0
    }
}

/// Whether the text imports the framework (`import torch`, `from mxnet import gluon`).
fn imported(text: &str, framework: Framework) -> bool {
    let roots: Vec<&str> = framework
        .dialect()
        .calls
        .iter()
        .flat_map(|s| s.paths.iter().map(|p| p.split('.').next().unwrap_or(p)))
        .collect();
    text.lines()
        .map(str::trim)
        .filter(|l| l.starts_with("import ") || l.starts_with("from "))
        .any(|line| line.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).any(|word| roots.contains(&word)))
}

/// Whether the arguments make a call Python accepts: no more by position than it takes, every
/// keyword its own, none given twice, none it requires left out.
fn binds(signature: &Signature, arguments: &[Argument]) -> bool {
    let by_position = arguments.iter().filter(|a| a.keyword.is_none() && !a.unpacked).count();
    if by_position > signature.positional {
        return false;
    }
    let mut given: Vec<&str> = signature.parameters.iter().take(by_position).copied().collect();
    for (keyword, _) in arguments.iter().filter_map(|a| a.keyword.as_ref()) {
        match signature.parameters.iter().find(|p| **p == keyword.as_str()) {
            Some(name) if !given.contains(name) => given.push(name),
            _ => return false,
        }
    }
    let unpacked = arguments.iter().any(|a| a.unpacked);
    unpacked || signature.parameters.iter().take(signature.required).all(|p| given.contains(p))
}

/// When nothing in the text tells two frameworks apart (`nn.Conv2DTranspose(256, 128, 4, 2, 1)`
/// is Paddle's or MXNet Gluon's), the one people write today: maintained frameworks before
/// retired ones (MXNet, Chainer), and Keras 3 before Keras 2 and Keras 1.
const WHEN_TIED: [Framework; 11] = [
    Framework::Pytorch,
    Framework::Keras,
    Framework::Tensorflow,
    Framework::Jax,
    Framework::Onnx,
    Framework::Paddle,
    Framework::Keras2,
    Framework::Caffe,
    Framework::Mxnet,
    Framework::Chainer,
    Framework::Keras1,
];

/// How `WHEN_TIED` ranks a framework: higher first.
fn preference(framework: Framework) -> usize {
    WHEN_TIED.len() - WHEN_TIED.iter().position(|f| *f == framework).unwrap_or(WHEN_TIED.len())
}

/// The candidate that fits best: its path, then whether the arguments bind, then an import, then
/// `WHEN_TIED`.
pub fn choose(candidates: &[Found], prefix: &str, arguments: &[Argument], text: &str) -> Option<Found> {
    let keywords_fit = |found: &Found| binds(found.signature, arguments);
    let mut best: Option<(Found, (u8, bool, bool, usize))> = None;
    for found in candidates {
        // The path written first: `tf.nn.conv2d_transpose(filter=…)` is TF 2's call with a wrong
        // keyword, not TF 1's.
        let score = (
            path_fit(prefix, found.signature),
            keywords_fit(found),
            imported(text, found.framework),
            preference(found.framework),
        );
        if best.as_ref().is_none_or(|(_, s)| score > *s) {
            best = Some((*found, score));
        }
    }
    best.map(|(found, _)| found)
}
