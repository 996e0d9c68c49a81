//! The explicit-size route: the argument that names the output size (PyTorch's and Paddle's
//! `output_size`, tf.nn's, ONNX's and Keras 1's `output_shape`, MXNet's `target_shape`,
//! Chainer's `outsize`), the simplest layer it works with, and which sizes it accepts there.
//!
//! The simplest layer: padding 0 or a mode word, no output_padding, the target given to the
//! argument, ranked like the solutions. The accepted sizes are found by asking the dialect for
//! each size around the target (a window of twice the stride plus the kernel's field each way:
//! every framework's rule accepts one run of at most max(stride, dilation) sizes).

use super::candidates::{confirm, layer_state, tier, word_may_reach, AxisCandidate, AxisChoice, Budget, Form, Names};
use super::combine::{combine, Sameness};
use super::{describe, Explicit, Query, Space};
use crate::conv::error::ConvResult;
use crate::conv::geometry::axis::kernel_field;
use crate::conv::resolve;

/// The explicit route of `space` for the query, or `None` when no layer within the limits takes it.
pub fn find(
    space: &Space,
    query: &Query,
    argument: &'static str,
    triples: &[(i64, i64, i64)],
    budget: &mut Budget,
) -> ConvResult<Option<Explicit>> {
    let sized = Space {
        required_output: true,
        has_output_padding: false,
        forms: space.forms.iter().filter(|f| **f != Form::Pairs).cloned().collect(),
        ..space.clone()
    };
    let (size_in, target) = (&query.input_size, &query.output_size);
    let mut names = Names::default();
    let mut per_axis: Vec<Vec<AxisCandidate>> = Vec::new();
    for axis in 0..sized.rank {
        if let Some(a) = (0..axis).find(|&a| size_in[a] == size_in[axis] && target[a] == target[axis]) {
            let copy = per_axis[a].clone();
            per_axis.push(copy);
            continue;
        }
        let (n, out) = (size_in[axis], target[axis]);
        let mut found = Vec::new();
        for &(kernel, stride, dilation) in triples {
            if !word_may_reach(sized.op, n, out, stride, kernel_field(kernel, dilation), &sized.limits) {
                continue;
            }
            for form in &sized.forms {
                let choice = AxisChoice { kernel, stride, dilation, pad: (0, 0), output_padding: None };
                let state =
                    layer_state(&sized, form, &vec![&choice; sized.rank], &vec![n; sized.rank], &vec![out; sized.rank]);
                if let Some(axis) =
                    confirm(&state, &vec![out; sized.rank], budget)?.and_then(|l| l.axes.first().copied())
                {
                    let arguments = names.of(&state.code_line());
                    found.push(AxisCandidate { form: form.clone(), tier: tier(&axis), choice, arguments });
                }
            }
        }
        per_axis.push(found);
    }
    let same = Sameness { zero_is_not_given: false, symmetric_pair_is_amount: false };
    let ranked = combine(&sized, per_axis, size_in, target, &same, 1, budget)?;
    let Some((form, chosen)) = ranked.best.into_iter().next() else { return Ok(None) };
    let choices: Vec<&AxisChoice> = chosen.iter().map(|c| &c.choice).collect();
    let state = layer_state(&sized, &form, &choices, size_in, target);
    let Some(layer) = confirm(&state, target, budget)? else { return Ok(None) };
    let mut accepts = Vec::new();
    for (axis, choice) in choices.iter().enumerate() {
        let field = kernel_field(choice.kernel, choice.dilation) as i64;
        let radius = 2 * choice.stride.max(choice.dilation) + field + 2;
        let mut run: Option<(i64, i64)> = None;
        for size in (target[axis] - radius).max(1)..=target[axis] + radius {
            let mut sizes = target.clone();
            sizes[axis] = size;
            let trial = super::AppState { output_size: Some(sizes.clone()), ..state.clone() };
            budget.spend()?;
            if resolve(&trial.request()).is_ok_and(|l| l.spatial_out() == sizes) {
                run = Some(run.map_or((size, size), |(low, _)| (low, size)));
            }
        }
        accepts.push(run.unwrap_or((target[axis], target[axis])));
    }
    Ok(Some(Explicit { argument, solution: describe(state, &layer), accepts }))
}
