//! The pasted layer in every other framework: the framework table's expression (app/express.rs),
//! with the pasted batch, each checked by resolving it.

use crate::conv::app::express::{express, Expression};
use crate::conv::app::query::{AppState, Backend, Padding};
use crate::conv::dialects::params::Value;
use crate::conv::dialects::{Framework, Request};
use crate::conv::geometry::layer::Layer;
use crate::conv::resolve;

/// One framework's answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Equivalent {
    /// Code that reproduces the layer exactly, its request and what it resolves to.
    Exact { framework: Framework, code: String, request: Request, layer: Box<Layer>, notes: Vec<String> },
    /// Why the framework cannot, the closest layer it can make, and what to add by hand to make
    /// the layer exactly (a crop, zeros, a padded input), when that works.
    Impossible {
        framework: Framework,
        reason: String,
        nearest: Option<Box<AppState>>,
        by_hand: Option<Box<super::ByHand>>,
    },
}

/// The app's state for a resolved layer, in `request`'s framework (padding as amounts; the
/// expression picks each framework's own words). `None` beyond two spatial axes (the app's stage).
pub fn state_of(request: &Request, layer: &Layer) -> AppState {
    let per_axis = |f: fn(&crate::conv::geometry::axis::Axis) -> i64| layer.axes.iter().map(f).collect::<Vec<_>>();
    let backend = match request.params.get("backend") {
        Some(Value::Str(id)) => Backend::from_id(id).filter(|b| request.framework.backends().contains(b)),
        _ => None,
    };
    AppState {
        framework: request.framework,
        op: layer.op,
        rank: layer.axes.len(),
        size_in: per_axis(|a| a.size_in),
        kernel: per_axis(|a| a.kernel_size),
        stride: per_axis(|a| a.stride),
        dilation: per_axis(|a| a.dilation),
        padding: Padding::Amounts(per_axis(|a| a.pad_before)),
        output_padding: None,
        output_size: None,
        channels_in: layer.channels_in,
        channels_out: layer.channels_out,
        groups: layer.groups,
        backend,
        ..AppState::default()
    }
}

/// The request with the pasted layer's batch (the app's requests have batch 1), also in a
/// TensorFlow-style `output_shape` that carries it.
pub fn with_batch(mut request: Request, batch: i64, rank: usize) -> Request {
    if request.input_shape.len() == rank + 2 {
        request.input_shape[0] = batch;
    }
    if let Some(Value::List(items)) = request.params.get("output_shape") {
        if items.len() == rank + 2 && matches!(items[0], Value::Int(_)) {
            let mut items = items.clone();
            items[0] = Value::Int(batch);
            request.params.set("output_shape", Value::List(items));
        }
    }
    request
}

/// Whether two layers compute the same tensor, whatever each framework's layout.
fn same_output(a: &Layer, b: &Layer) -> bool {
    a.spatial_out() == b.spatial_out()
        && a.channels_out == b.channels_out
        && a.batch.unwrap_or(1) == b.batch.unwrap_or(1)
}

/// Keras 1's `Deconvolution2D` takes its size from `subsample` and `border_mode`; `output_shape`
/// has to agree with them, it does not choose the size. Shown by trying the same line with
/// subsample=(1, 1) (the usual slip), which Keras 1 rejects or sizes differently.
fn why_subsample(request: &Request) -> Option<String> {
    if request.framework != Framework::Keras1 {
        return None;
    }
    let subsample = request.params.get("subsample")?.as_ints()?;
    if subsample.iter().all(|&s| s == 1) {
        return None;
    }
    let mut trial = request.clone();
    trial.params.set("subsample", Value::List(vec![Value::Int(1); subsample.len()]));
    let shown = format!("({})", subsample.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(", "));
    let consequence = match resolve(&trial) {
        Err(_) => "with subsample=(1, 1) Keras 1 rejects the same output_shape".to_string(),
        Ok(layer) => format!(
            "with subsample=(1, 1) the same output_shape gives {}",
            layer.spatial_out().iter().map(|s| s.to_string()).collect::<Vec<_>>().join("×")
        ),
    };
    Some(format!("subsample={shown} is what sizes this layer; output_shape only has to agree with it ({consequence})"))
}

/// What the equivalent's line needs for the pasted layer's bias: the code lines keep each
/// framework's default (a bias in the layers, none in the bare operators).
fn bias_note(framework: Framework, bias: bool) -> Option<String> {
    let say = |s: &str| Some(s.to_string());
    match (framework, bias) {
        (Framework::Pytorch, false) => say("the pasted layer has no bias: add bias=False"),
        (Framework::Paddle, false) => say("the pasted layer has no bias: add bias_attr=False"),
        (Framework::Keras | Framework::Keras2, false) => say("the pasted layer has no bias: add use_bias=False"),
        (Framework::Keras1, false) => say("the pasted layer has no bias: add bias=False"),
        (Framework::Caffe, false) => say("the pasted layer has no bias: add bias_term: false"),
        (Framework::Mxnet, false) => say("the pasted layer has no bias: add no_bias=True"),
        (Framework::Onnx, true) => say("the pasted layer has a bias: add it as the third input, ['X', 'W', 'B']"),
        (Framework::Tensorflow, true) => say("the pasted layer has a bias: add it after, tf.nn.bias_add(y, b)"),
        (Framework::Jax, true) => say("the pasted layer has a bias: add it after, y + b"),
        (Framework::Chainer, true) => say("the pasted layer has a bias: pass it, F.deconvolution_2d(x, W, b, …)"),
        _ => None,
    }
}

/// Every other framework's equivalent of `layer` (read from `request`).
pub fn equivalents(request: &Request, layer: &Layer) -> Vec<Equivalent> {
    let state = state_of(request, layer);
    let batch = layer.batch.unwrap_or(1);
    Framework::ALL
        .iter()
        .filter(|f| **f != request.framework)
        .map(|&framework| match express(&state, layer, framework) {
            Expression::Exact { request: exact, code, layer: resolved, notes, .. } => {
                let batched = with_batch((*exact).clone(), batch, layer.axes.len());
                // The expression's request with the pasted batch; kept as it was if that breaks it.
                let (request, resolved) = match resolve(&batched) {
                    Ok(l) if same_output(&l, layer) => (batched, Box::new(l)),
                    _ => (*exact, resolved),
                };
                // TensorFlow's line writes the batch in output_shape, as its request does.
                let code = match framework {
                    Framework::Tensorflow if batch != 1 => {
                        code.replacen("output_shape=(1, ", &format!("output_shape=({batch}, "), 1)
                    }
                    _ => code,
                };
                let mut notes = notes;
                notes.extend(resolved.notes.iter().cloned());
                notes.extend(why_subsample(&request));
                notes.extend(bias_note(framework, layer.bias));
                Equivalent::Exact { framework, code, request, layer: resolved, notes }
            }
            Expression::Impossible { reason, nearest } => Equivalent::Impossible {
                framework,
                reason,
                nearest: nearest.map(|n| n.state),
                by_hand: super::exact_by_hand::exact_by_hand(&state, layer, framework).map(Box::new),
            },
        })
        .collect()
}
