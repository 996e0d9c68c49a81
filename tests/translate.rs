#![cfg(not(target_arch = "wasm32"))]
//! `convt translate` (Contract 4) on the questions convt-lab exists for, and on bad lines.

use convt_lab::cli::eval_line;
use convt_lab::cli::translate_command::translate_line;
use serde_json::{json, Value};

fn translate(line: Value) -> Value {
    serde_json::from_str(&translate_line(&line.to_string())).expect("the answer is JSON")
}

fn equivalent<'a>(answer: &'a Value, framework: &str) -> &'a Value {
    answer["equivalents"]
        .as_array()
        .expect("equivalents")
        .iter()
        .find(|e| e["framework"] == framework)
        .unwrap_or_else(|| panic!("no {framework} row in {answer}"))
}

/// VISION's first question: the Caffe layer (num_output 256, kernel 4, pad 1, stride 2) on 28×28.
#[test]
fn the_caffe_question_in_one_paste() {
    let answer = translate(json!({
        "text": "layer {\n  name: \"up\"\n  type: \"Deconvolution\"\n  bottom: \"conv5\"  top: \"up\"\n  param { lr_mult: 0 }\n  convolution_param {\n    num_output: 256  # C_out\n    kernel_size: 4\n    pad: 1\n    stride: 2\n    bias_term: false\n    weight_filler { type: \"bilinear\" }\n  }\n}",
        "input_shape": [1, 512, 28, 28],
    }));
    assert_eq!(answer["framework"], "caffe", "{answer}");
    assert_eq!(answer["output_shape"], json!([1, 256, 56, 56]));
    let keras = equivalent(&answer, "keras");
    assert_eq!(keras["code"], "keras.layers.Conv2DTranspose(256, 4, strides=2, padding='same')");
    assert_eq!(keras["output_shape"], json!([1, 56, 56, 256]));
    let keras1 = equivalent(&answer, "keras1");
    let code = keras1["code"].as_str().unwrap();
    assert!(code.contains("output_shape=[None, 256, 56, 56]") && code.contains("subsample=(2, 2)"), "{code}");
    assert!(keras1["notes"].to_string().contains("subsample=(2, 2) is what sizes this layer"), "{keras1}");
    assert_eq!(
        equivalent(&answer, "pytorch")["code"],
        "nn.ConvTranspose2d(512, 256, kernel_size=4, stride=2, padding=1)"
    );
    assert!(equivalent(&answer, "tensorflow")["code"].as_str().unwrap().contains("output_shape=(1, 56, 56, 256)"));
    // The weight moves too: Caffe's (C_in, C_out, kH, kW) is Keras's (kH, kW, C_out, C_in).
    assert_eq!(keras["weights"]["numpy"], "np.transpose(w, (2, 3, 1, 0))");
}

/// Every equivalent's request answers through `convt eval` with the same output shape.
#[test]
fn equivalents_resolve_through_eval() {
    let answer = translate(
        json!({"text": "self.up = nn.ConvTranspose2d(64, 32, 3, stride=2, padding=1, output_padding=1)", "input_shape": [4, 64, 15, 15]}),
    );
    assert_eq!(answer["output_shape"], json!([4, 32, 30, 30]));
    let mut exact = 0;
    for row in answer["equivalents"].as_array().unwrap() {
        if row.get("code").is_some() {
            exact += 1;
            let eval: Value = serde_json::from_str(&eval_line(&row["request"].to_string())).unwrap();
            assert_eq!(eval["output_shape"], row["output_shape"], "{row}");
        } else {
            assert!(row["error"].is_string(), "{row}");
            assert!(row.get("nearest").is_some(), "{row}");
        }
    }
    assert!(exact >= 6, "{answer}");
}

#[test]
fn what_cannot_be_read_says_where() {
    let answer = translate(
        json!({"text": "import torch.nn as nn\n\nup = nn.ConvTranspose2d(512, 256, 4,\n    strde=2)", "input_shape": [1, 512, 28, 28]}),
    );
    assert_eq!(
        answer["error"],
        "line 4, column 5: `strde=…`: PyTorch's ConvTranspose2d has no argument `strde`; did you mean `stride`?"
    );
    let answer = translate(json!({"text": "nn.ConvTranpose2d(512, 256, 4)", "input_shape": [1, 512, 28, 28]}));
    assert!(answer["error"].as_str().unwrap().contains("did you mean `ConvTranspose2d`?"), "{answer}");
    let answer =
        translate(json!({"text": "nn.ConvTranspose2d(512, 256, 4, stride=s)", "input_shape": [1, 512, 28, 28]}));
    assert!(answer["error"].as_str().unwrap().starts_with("line 1, column 40: `s` has no value here"), "{answer}");
    let answer = translate(json!({"text": "nn.ConvTranspose2d(512, 256, 4)"}));
    assert!(answer["error"].as_str().unwrap().contains("give input_shape"), "{answer}");
    let answer = translate(
        json!({"text": "layer { type: \"Deconvolution\" convolution_param { num_output: 2 kernal_size: 3 } }", "input_shape": [1, 1, 4, 4]}),
    );
    assert!(answer["error"].as_str().unwrap().contains("did you mean `kernel_size`?"), "{answer}");
}

/// The framework's own rejection comes with the request the text was read as.
#[test]
fn a_call_the_framework_rejects_is_read_and_rejected() {
    let answer = translate(
        json!({"text": "nn.ConvTranspose2d(4, 4, 3, stride=2, output_padding=2)", "input_shape": [1, 4, 5, 5]}),
    );
    assert!(answer["error"].as_str().unwrap().contains("output_padding"), "{answer}");
    assert_eq!(answer["request"]["params"]["output_padding"], 2);
}

#[test]
fn bad_lines_are_answered_not_fatal() {
    for line in [
        "",
        "{",
        "[]",
        "{\"text\": 3}",
        "{\"text\": \"x\", \"from\": \"caffe2\"}",
        "{\"text\": \"x\", \"input_shape\": \"1x2\"}",
    ] {
        let answer: Value = serde_json::from_str(&translate_line(line)).expect("JSON");
        assert!(answer["error"].is_string(), "{line}: {answer}");
    }
    let deep = format!("{}1{}", "(".repeat(10_000), ")".repeat(10_000));
    let answer = translate(json!({"text": format!("nn.ConvTranspose2d({deep})"), "input_shape": [1, 1, 3, 3]}));
    assert!(answer["error"].is_string());
}

/// Caffe's own refusals that the reader must make, as `caffe time` made them (paste-fixtures'
/// caffe.jsonl): more ParamSpecs than the layer has blobs, and each block's own `type` form.
#[test]
fn caffe_refuses_what_caffe_refuses() {
    let refused = |text: &str, needle: &str| {
        let answer = translate(json!({"text": text, "from": "caffe", "input_shape": [1, 2, 9, 9]}));
        let error = answer["error"].as_str().unwrap_or_else(|| panic!("not refused: {text}\n{answer}"));
        assert!(error.contains(needle), "{error}");
    };
    // caffe-0006: two blobs_lr for one blob (no bias).
    refused(
        "layers {\n  name: \"upsample\"\n  type: DECONVOLUTION\n  bottom: \"score\"\n  top: \"upsample\"\n  blobs_lr: 0\n  blobs_lr: 0\n  convolution_param {\n    num_output: 2\n    kernel_size: 8\n    stride: 4\n    bias_term: false\n  }\n}",
        "Too many params specified for layer upsample",
    );
    // The new form counts `param { … }` blocks the same way; three are too many even with a bias.
    refused(
        "layer { name: \"up\" type: \"Deconvolution\" param { lr_mult: 1 } param { lr_mult: 2 } param { lr_mult: 3 } convolution_param { num_output: 2 kernel_size: 4 } }",
        "3 `param` for 2 blobs",
    );
    // caffe-0025: V1's type is an enum, never a string; LayerParameter's is a string.
    refused(
        "layers { name: \"up\" type: \"Deconvolution\" convolution_param { num_output: 8 kernel_size: 4 } }",
        "V1 enum name, unquoted",
    );
    refused(
        "layer { type: DECONVOLUTION convolution_param { num_output: 8 kernel_size: 4 } }",
        "takes its type as a string",
    );
    refused(
        "layer { type: \"DECONVOLUTION\" convolution_param { num_output: 8 kernel_size: 4 } }",
        "not a convolution",
    );
    // V1-only fields in the new block, and the other way round.
    refused(
        "layer { type: \"Deconvolution\" blobs_lr: 1 convolution_param { num_output: 8 kernel_size: 4 } }",
        "no field `blobs_lr`",
    );
    refused(
        "layers { type: DECONVOLUTION phase: TRAIN convolution_param { num_output: 8 kernel_size: 4 } }",
        "no field `phase`",
    );
    // What Caffe accepts still reads: one blobs_lr per blob, and a bare body.
    for text in [
        "layers { name: 'upsample' type: DECONVOLUTION blobs_lr: 0 blobs_lr: 0 convolution_param { num_output: 2 kernel_size: 4 stride: 2 } }",
        "layer { type: \"Deconvolution\" param { lr_mult: 0 } convolution_param { num_output: 2 kernel_size: 4 stride: 2 bias_term: false } }",
        "type: \"Deconvolution\" convolution_param { num_output: 2 kernel_size: 4 stride: 2 }",
    ] {
        let answer = translate(json!({"text": text, "from": "caffe", "input_shape": [1, 2, 9, 9]}));
        assert_eq!(answer["output_shape"], json!([1, 2, 20, 20]), "{text}\n{answer}");
    }
}

/// VISION's Keras 1 call reads, and the answer explains its backends: TensorFlow takes the
/// Caffe port's output_shape, Theano refuses it (an even kernel with 'same').
#[test]
fn the_keras1_call_reads_and_explains_its_backends() {
    let answer = translate(json!({
        "text": "from keras.layers import Deconvolution2D\nx = Deconvolution2D(256, 4, 4, output_shape=(None, 256, 56, 56),\n                    border_mode='same', subsample=(2, 2), dim_ordering='th')(x)",
        "input_shape": [1, 512, 28, 28],
    }));
    assert_eq!(answer["framework"], "keras1", "{answer}");
    assert_eq!(answer["output_shape"], json!([1, 256, 56, 56]));
    let backends = answer["backends"].as_array().expect("backends");
    assert_eq!(backends[0]["backend"], "tensorflow");
    assert_eq!(backends[0]["output_shape"], json!([1, 256, 56, 56]));
    assert_eq!(backends[1]["backend"], "theano");
    assert!(backends[1]["error"].as_str().unwrap().contains("for this input it accepts 54..=55"), "{answer}");
    // Its PyTorch equivalent is the Caffe layer's.
    assert_eq!(
        equivalent(&answer, "pytorch")["code"],
        "nn.ConvTranspose2d(512, 256, kernel_size=4, stride=2, padding=1)"
    );
}

/// The docs print examples at the interpreter's prompt, and Keras prints the batch as None:
/// both paste as they are. A layer without bias says what each equivalent needs for that.
#[test]
fn docs_examples_paste_as_printed() {
    let answer = translate(json!({
        "text": ">>> m = nn.ConvTranspose2d(16, 33, 3, stride=2, bias=False)\n>>> input = torch.randn(20, 16, 50, 100)\n>>> output = m(input)",
    }));
    assert_eq!(answer["output_shape"], json!([20, 33, 101, 201]), "{answer}");
    assert!(equivalent(&answer, "keras")["notes"].to_string().contains("use_bias=False"), "{answer}");
    let answer =
        translate(json!({"text": "layers.Conv2DTranspose(8, 3, strides=2)", "input_shape": [null, 16, 16, 4]}));
    assert_eq!(answer["output_shape"], json!([1, 33, 33, 8]), "{answer}");
}
