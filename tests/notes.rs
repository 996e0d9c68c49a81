#![cfg(not(target_arch = "wasm32"))]
//! Non-fatal quirks come back as notes beside the result (the issue's list, and a few more).

use convt_lab::cli::eval_line;
use serde_json::Value;

fn notes_of(request: &str) -> Vec<String> {
    let answer: Value = serde_json::from_str(&eval_line(request)).unwrap();
    assert!(answer.get("output_shape").is_some(), "rejected: {answer}");
    answer["notes"].as_array().unwrap().iter().map(|n| n.as_str().unwrap().to_string()).collect()
}

fn has(notes: &[String], needle: &str) -> bool {
    notes.iter().any(|n| n.contains(needle))
}

#[test]
fn jax_flips_the_kernel_by_default() {
    let flipped = notes_of(
        r#"{"framework":"jax","rank":1,"input_shape":[1,3,1],"weight_shape":[3,1,1],"params":{"strides":[2],"padding":"SAME"}}"#,
    );
    assert!(has(&flipped, "JAX flips the kernel by default"), "{flipped:?}");
    let straight = notes_of(
        r#"{"framework":"jax","rank":1,"input_shape":[1,3,1],"weight_shape":[3,1,1],"params":{"strides":[2],"padding":"SAME","transpose_kernel":true}}"#,
    );
    assert!(has(&straight, "transpose_kernel=True"), "{straight:?}");
}

#[test]
fn tensorflow_puts_the_odd_pixel_at_the_end() {
    let notes = notes_of(
        r#"{"framework":"tensorflow","rank":1,"input_shape":[1,3,1],"weight_shape":[3,1,1],"params":{"strides":2,"padding":"SAME","output_shape":[1,6,1]}}"#,
    );
    assert!(has(&notes, "odd one at the end"), "{notes:?}");
}

#[test]
fn onnx_same_upper_and_same_lower_crop_opposite_ends() {
    let upper = notes_of(
        r#"{"framework":"onnx","rank":1,"input_shape":[1,1,3],"weight_shape":[1,1,3],"params":{"strides":[2],"auto_pad":"SAME_UPPER"}}"#,
    );
    let lower = notes_of(
        r#"{"framework":"onnx","rank":1,"input_shape":[1,1,3],"weight_shape":[1,1,3],"params":{"strides":[2],"auto_pad":"SAME_LOWER"}}"#,
    );
    assert!(has(&upper, "odd one at the end (SAME_UPPER)"), "{upper:?}");
    assert!(has(&lower, "odd one at the start"), "{lower:?}");
    assert!(has(&lower, "SAME_UPPER and SAME_LOWER differ"), "{lower:?}");
}

#[test]
fn pytorch_output_size_allows_less_than_output_padding_does() {
    let notes = notes_of(
        r#"{"framework":"pytorch","rank":1,"api":"torch.nn.ConvTranspose1d","input_shape":[1,1,3],"params":{"in_channels":1,"out_channels":1,"kernel_size":3,"stride":2,"output_size":[8]}}"#,
    );
    assert!(has(&notes, "output_size chose output_padding=[1]"), "{notes:?}");
    assert!(has(&notes, "only accepts sizes up to stride - 1"), "{notes:?}");
    // The same range difference, as numbers: stride 1, dilation 2 accepts output_padding 1 ...
    let direct = eval_line(
        r#"{"framework":"pytorch","rank":1,"input_shape":[1,1,3],"weight_shape":[1,1,3],"params":{"stride":1,"dilation":2,"output_padding":1}}"#,
    );
    assert!(direct.contains("\"output_shape\":[1,1,8]"), "{direct}");
    // ... but forward(output_size=8), the same size, is refused.
    let sized = eval_line(
        r#"{"framework":"pytorch","rank":1,"api":"torch.nn.ConvTranspose1d","input_shape":[1,1,3],"params":{"in_channels":1,"out_channels":1,"kernel_size":3,"dilation":2,"output_size":[8]}}"#,
    );
    assert!(sized.contains("valid sizes range from [7] to [7]"), "{sized}");
}

#[test]
fn keras1_says_which_arguments_decide_the_shape() {
    let theano = notes_of(
        r#"{"framework":"keras1","rank":2,"input_shape":[1,3,12,12],"params":{"nb_filter":3,"nb_row":3,"nb_col":3,"output_shape":[null,7,14,14],"dim_ordering":"th","backend":"theano"}}"#,
    );
    assert!(has(&theano, "channels from nb_filter"), "{theano:?}");
    assert!(has(&theano, "flipped"), "{theano:?}");
    let tf = eval_line(
        r#"{"framework":"keras1","rank":2,"input_shape":[1,3,12,12],"params":{"nb_filter":3,"nb_row":3,"nb_col":3,"output_shape":[null,7,14,14],"dim_ordering":"th","backend":"tensorflow"}}"#,
    );
    assert!(tf.contains("error"), "TensorFlow uses output_shape's channels and refuses 7 != 3: {tf}");
}

#[test]
fn paddle_same_resets_dilation() {
    let notes = notes_of(
        r#"{"framework":"paddle","rank":1,"api":"paddle.nn.Conv1DTranspose","input_shape":[1,1,5],"params":{"in_channels":1,"out_channels":1,"kernel_size":3,"stride":2,"padding":"SAME","dilation":2}}"#,
    );
    assert!(has(&notes, "resets dilation"), "{notes:?}");
}

#[test]
fn keras2_length_function_under_both_names() {
    let new = eval_line(
        r#"{"framework":"keras2","rank":1,"api":"tf_keras.utils.conv_utils.deconv_output_length","input_shape":[1,20,1],"params":{"filter_size":3,"padding":"full","stride":10}}"#,
    );
    let old = eval_line(
        r#"{"framework":"keras2","rank":1,"api":"keras.utils.conv_utils.deconv_length","input_shape":[1,20,1],"params":{"kernel_size":3,"padding":"full","stride_size":10}}"#,
    );
    assert!(new.contains("\"output_shape\":[1,189,1]"), "{new}");
    assert!(old.contains("\"output_shape\":[1,189,1]"), "{old}");
}
