#![cfg(not(target_arch = "wasm32"))]
//! TensorFlow's outcome for some calls depends on oneDNN (`TF_ENABLE_ONEDNN_OPTS`). convt answers
//! what the Eigen kernels do (`=0`, recorded in tests/fixtures/tensorflow_docs.jsonl) and says where
//! oneDNN (`=1`) differs. tests/fixtures/onednn/tensorflow_docs.jsonl (tests/generators/tf_onednn_diff.py)
//! holds every recorded call whose outcome differs, with both outcomes: the answer must be Eigen's
//! and must name oneDNN in its error or notes.

use std::fs;
use std::path::Path;

use convt_lab::cli::eval_line;
use serde_json::Value;

#[test]
fn every_onednn_difference_is_said() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/onednn/tensorflow_docs.jsonl");
    let text = fs::read_to_string(&path).expect("oneDNN comparison is readable");
    let mut lines = text.lines();
    let header: Value = serde_json::from_str(lines.next().expect("header")).expect("header is JSON");
    assert!(header.get("onednn_versions").is_some());
    let mut failures = Vec::new();
    let mut count = 0;
    for line in lines {
        let case: Value = serde_json::from_str(line).expect("case is JSON");
        count += 1;
        let answer: Value = serde_json::from_str(&eval_line(&case["request"].to_string())).expect("answer is JSON");
        let eigen_ok = case["expect"].get("output_shape").is_some();
        let agrees = if eigen_ok {
            answer.get("output_shape") == case["expect"].get("output_shape")
        } else {
            answer.get("error").is_some()
        };
        let said = answer["error"].as_str().is_some_and(|e| e.contains("oneDNN"))
            || answer["notes"]
                .as_array()
                .is_some_and(|n| n.iter().any(|n| n.as_str().is_some_and(|n| n.contains("oneDNN"))));
        if !agrees || !said {
            failures.push(format!("{}: {}", case["id"], answer));
        }
    }
    assert!(count > 0);
    assert!(failures.is_empty(), "{} of {count} oneDNN cases wrong:\n{}", failures.len(), failures.join("\n"));
}
