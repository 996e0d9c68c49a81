#![cfg(not(target_arch = "wasm32"))]
//! Porting weights, checked by the engine: for random layers of every framework and each
//! framework's exact equivalent (the framework table's rows), the weight moved by `weight_port`
//! gives the same output values there, and lands in that framework's weight shape.

use convt_lab::conv::app::express::{express, Expression};
use convt_lab::conv::app::query::AppState;
use convt_lab::conv::compute::values::compute;
use convt_lab::conv::geometry::tensor::permute;
use convt_lab::conv::port::weights::weight_port;
use convt_lab::conv::{resolve, Framework};
use proptest::prelude::*;

#[path = "common/layers.rs"]
mod layers;
use layers::{sizes, values};

fn state_strategy() -> impl Strategy<Value = AppState> {
    layers::state_strategy(5, 4, 2, 3)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn ported_weights_give_the_same_values(state in state_strategy(), seed in 0usize..100) {
        let request = state.request();
        let Ok(source) = resolve(&request) else { return Ok(()) };
        let input = values(sizes(&request.input_shape).iter().product(), seed);
        let weight = values(sizes(&source.weight_shape).iter().product(), seed + 1);
        let Ok(expected) = compute(&source, &request.input_shape, &input, &weight, None) else { return Ok(()) };
        for &framework in Framework::ALL {
            let Expression::Exact { state: other, layer: target, .. } = express(&state, &source, framework) else {
                continue;
            };
            let port = weight_port(&source, &target);
            let (ported, ported_shape) = port.apply(&weight, &sizes(&source.weight_shape));
            prop_assert_eq!(&ported_shape, &sizes(&target.weight_shape), "{:?} -> {:?}", state.framework, framework);
            let from_input = source.layouts().input;
            let to_input = target.layouts().input;
            let (moved_input, _) = permute(&input, &sizes(&request.input_shape), &from_input, &to_input);
            let target_input_shape = other.request().input_shape;
            let output = compute(&target, &target_input_shape, &moved_input, &ported, None)
                .map_err(|e| TestCaseError::fail(format!("{framework:?}: {e}")))?;
            let (back, _) = permute(&output, &sizes(&target.output_shape), &target.layouts().output, &source.layouts().output);
            prop_assert_eq!(
                &back, &expected,
                "{:?} -> {:?}: {} then {}", state.framework, framework, port.numpy(), other.code_line()
            );
        }
    }
}

/// JAX's conv_transpose without `transpose_kernel` applies the kernel rotated 180° (and reads it
/// as `(k…, in, out)`): the port reverses the kernel, and the values agree.
#[test]
fn a_flipped_kernel_is_reversed() {
    use convt_lab::conv::Value;
    let state = AppState { channels_in: 2, channels_out: 3, ..AppState::default() };
    let request = state.request();
    let source = resolve(&request).unwrap();
    let Expression::Exact { state: jax, .. } = express(&state, &source, Framework::Jax) else { panic!("JAX has it") };
    let mut jax_request = jax.request();
    jax_request.params.set("transpose_kernel", Value::Bool(false));
    let target = resolve(&jax_request).unwrap();
    assert!(target.kernel_flipped && !source.kernel_flipped);
    let port = weight_port(&source, &target);
    assert_eq!(port.numpy(), "np.transpose(w, (2, 3, 0, 1))[::-1, ::-1]");
    let input = values(sizes(&request.input_shape).iter().product(), 1);
    let weight = values(sizes(&source.weight_shape).iter().product(), 2);
    let expected = compute(&source, &request.input_shape, &input, &weight, None).unwrap();
    let (ported, _) = port.apply(&weight, &sizes(&source.weight_shape));
    let (moved, _) = permute(&input, &sizes(&request.input_shape), &source.layouts().input, &target.layouts().input);
    let output = compute(&target, &jax_request.input_shape, &moved, &ported, None).unwrap();
    let (back, _) = permute(&output, &sizes(&target.output_shape), &target.layouts().output, &source.layouts().output);
    assert_eq!(back, expected);
}
