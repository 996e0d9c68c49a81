#![cfg(not(target_arch = "wasm32"))]
//! The `convt` binary as a user runs it: Contract 1 (`convt eval`) under malformed and hostile
//! input, and the human-friendly `convt shape`.

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::Value;

const VALID: &str = r#"{"framework":"pytorch","op":"conv_transpose","rank":2,"input_shape":[1,1,3,3],"weight_shape":[1,1,3,3],"params":{"stride":2,"padding":1,"output_padding":1}}"#;

/// Run `convt eval` on `input` (raw bytes) and return its stdout lines and exit status.
fn eval(input: &[u8]) -> (Vec<String>, i32) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_convt"))
        .arg("eval")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("convt starts");
    let mut stdin = child.stdin.take().expect("stdin");
    let input = input.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child.wait_with_output().expect("convt finishes");
    writer.join().expect("writer thread").expect("input written");
    let stdout = String::from_utf8(output.stdout).expect("answers are UTF-8");
    assert!(
        !String::from_utf8_lossy(&output.stderr).contains("panicked"),
        "convt panicked: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    (stdout.lines().map(str::to_string).collect(), output.status.code().unwrap_or(-1))
}

fn parse(line: &str) -> Value {
    serde_json::from_str(line).unwrap_or_else(|e| panic!("answer is not JSON ({e}): {line}"))
}

#[test]
fn answers_a_valid_request() {
    let (lines, status) = eval(format!("{VALID}\n").as_bytes());
    assert_eq!(status, 0);
    assert_eq!(lines.len(), 1);
    assert_eq!(parse(&lines[0])["output_shape"], serde_json::json!([1, 1, 6, 6]));
}

#[test]
fn every_hostile_line_gets_an_error_and_the_next_line_is_answered() {
    let million = format!("[{}]", vec!["1"; 1_000_000].join(","));
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let hostile: Vec<String> = vec![
        "not json".into(),
        "".into(),
        "   ".into(),
        "[1, 2, 3]".into(),
        "42".into(),
        "null".into(),
        r#"{"framework":"caffe2","input_shape":[1,1,3,3]}"#.into(),
        r#"{"framework":7,"input_shape":[1,1,3,3]}"#.into(),
        r#"{"framework":"pytorch"}"#.into(),
        r#"{"framework":"pytorch","input_shape":"1x1x3x3"}"#.into(),
        r#"{"framework":"pytorch","input_shape":[1,1,-3,3],"weight_shape":[1,1,3,3]}"#.into(),
        r#"{"framework":"pytorch","input_shape":[1,1,0,3],"weight_shape":[1,1,3,3]}"#.into(),
        r#"{"framework":"pytorch","input_shape":[1,1,1e30,3],"weight_shape":[1,1,3,3]}"#.into(),
        r#"{"framework":"pytorch","input_shape":[1,1,9223372036854775807,3],"weight_shape":[1,1,3,3]}"#.into(),
        r#"{"framework":"pytorch","input_shape":[1,1,18446744073709551615,3],"weight_shape":[1,1,3,3]}"#.into(),
        r#"{"framework":"pytorch","input_shape":[1,1,3,3],"weight_shape":[1,1,3,3],"params":{"stride":"2"}}"#.into(),
        r#"{"framework":"pytorch","input_shape":[1,1,3,3],"weight_shape":[1,1,3,3],"params":{"stride":2.5}}"#.into(),
        r#"{"framework":"pytorch","input_shape":[1,1,3,3],"weight_shape":[1,1,3,3],"params":{"stride":{"a":1}}}"#.into(),
        r#"{"framework":"pytorch","input_shape":[1,1,3,3],"weight_shape":[1,1,3,3],"params":[1,2]}"#.into(),
        r#"{"framework":"pytorch","input_shape":[1,1,3,3],"weight_shape":[1,1,3,3],"rank":7}"#.into(),
        r#"{"framework":"pytorch","input_shape":[1,1,3,3],"weight_shape":[1,1,3,3],"op":"deconv"}"#.into(),
        r#"{"framework":"onnx","input_shape":[1,1,3,3],"weight_shape":[1,1,3,3],"params":{"strides":[0,0]}}"#.into(),
        r#"{"framework":"tensorflow","input_shape":[1,3,3,1],"weight_shape":[3,3,1,1],"params":{"strides":2,"output_shape":[1,-6,6,1]}}"#.into(),
        format!(r#"{{"framework":"pytorch","input_shape":{million},"weight_shape":[1,1,3,3]}}"#),
        format!(r#"{{"framework":"pytorch","input_shape":[1,1,3,3],"weight_shape":[1,1,3,3],"params":{{"stride":{million}}}}}"#),
        format!(r#"{{"framework":"pytorch","input_shape":[1,1,3,3],"params":{{"stride":{deep}}}}}"#),
    ];
    let mut input = Vec::new();
    for line in &hostile {
        input.extend_from_slice(line.as_bytes());
        input.push(b'\n');
    }
    input.extend_from_slice(
        b"{\"framework\": \"pytorch\", \"input_shape\": [1, 1, 3, 3], \"weight_shape\": \xff\xfe}\n",
    );
    input.extend_from_slice(VALID.as_bytes());
    input.push(b'\n');
    let (lines, status) = eval(&input);
    assert_eq!(status, 0);
    assert_eq!(lines.len(), hostile.len() + 2, "one answer per line, in order");
    for (line, request) in lines.iter().zip(hostile.iter().map(|s| s.chars().take(120).collect::<String>())) {
        let answer = parse(line);
        let error = answer["error"].as_str().unwrap_or_else(|| panic!("no error for {request}: {line}"));
        assert!(!error.is_empty() && error.len() < 2000, "error for {request} is empty or huge: {} chars", error.len());
    }
    assert!(parse(&lines[hostile.len()])["error"].is_string(), "invalid UTF-8 gets an error");
    assert_eq!(parse(&lines[hostile.len() + 1])["output_shape"], serde_json::json!([1, 1, 6, 6]));
}

#[test]
fn values_come_back_in_the_framework_layout() {
    // The worked reference: x = [1,2,3], w = [1,10,100], stride 2; PyTorch crops one cell at the start.
    let torch = r#"{"framework":"pytorch","rank":1,"input_shape":[1,1,3],"weight_shape":[1,1,3],"params":{"stride":2,"padding":1,"output_padding":1},"input":[1,2,3],"weight":[1,10,100],"bias":[0.5]}"#;
    // TensorFlow NHWC with two channels: values interleave channel-last.
    let tf = r#"{"framework":"tensorflow","rank":1,"input_shape":[1,3,1],"weight_shape":[3,2,1],"params":{"strides":2,"padding":"SAME","output_shape":[1,6,2]},"input":[1,2,3],"weight":[1,2,10,20,100,200]}"#;
    let bad = r#"{"framework":"pytorch","rank":1,"input_shape":[1,1,3],"weight_shape":[1,1,3],"input":[1,2],"weight":[1,10,100]}"#;
    let (lines, _) = eval(format!("{torch}\n{tf}\n{bad}\n").as_bytes());
    assert_eq!(parse(&lines[0])["output"], serde_json::json!([10.5, 102.5, 20.5, 203.5, 30.5, 300.5]));
    assert_eq!(
        parse(&lines[1])["output"],
        serde_json::json!([1.0, 2.0, 10.0, 20.0, 102.0, 204.0, 20.0, 40.0, 203.0, 406.0, 30.0, 60.0])
    );
    assert!(parse(&lines[2])["error"].as_str().unwrap().contains("`input` has 2 values"));
}

#[test]
fn unknown_arguments_are_notes_not_errors() {
    let line =
        r#"{"framework":"pytorch","input_shape":[1,1,3,3],"weight_shape":[1,1,3,3],"params":{"stride":2,"foo":1}}"#;
    let (lines, _) = eval(format!("{line}\n").as_bytes());
    let answer = parse(&lines[0]);
    assert_eq!(answer["output_shape"], serde_json::json!([1, 1, 7, 7]));
    assert!(answer["notes"].as_array().unwrap().iter().any(|n| n.as_str().unwrap().contains("unknown argument `foo`")));
}

#[test]
fn eval_reads_a_file_argument() {
    let path = std::env::temp_dir().join(format!("convt-cli-test-{}.jsonl", std::process::id()));
    std::fs::write(&path, format!("{VALID}\n{VALID}\n")).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_convt")).arg("eval").arg(&path).output().unwrap();
    std::fs::remove_file(&path).ok();
    let text = String::from_utf8(output.stdout).unwrap();
    assert_eq!(text.lines().count(), 2);
    let missing = Command::new(env!("CARGO_BIN_EXE_convt")).args(["eval", "/nonexistent/file.jsonl"]).output().unwrap();
    assert_eq!(missing.status.code(), Some(2));
}

fn shape(args: &[&str]) -> (String, i32) {
    let output = Command::new(env!("CARGO_BIN_EXE_convt")).arg("shape").args(args).output().unwrap();
    (String::from_utf8(output.stdout).unwrap(), output.status.code().unwrap_or(-1))
}

#[test]
fn shape_prints_size_formula_and_notes() {
    let (text, status) = shape(&[
        "--framework",
        "caffe",
        "--input-shape",
        "1,256,28,28",
        "num_output=256",
        "kernel_size=4",
        "pad=1",
        "stride=2",
    ]);
    assert_eq!(status, 0, "{text}");
    assert!(text.contains("output [1, 256, 56, 56]"), "{text}");
    assert!(text.contains("2*(28 - 1) + 4 - 2*1 = 56"), "{text}");
    assert!(text.contains("note:"), "{text}");
}

#[test]
fn shape_explains_a_rejection_and_exits_nonzero() {
    let (text, status) =
        shape(&["--input-shape", "1,1,3,3", "--weight-shape", "1,1,3,3", "stride=2", "output_padding=2"]);
    assert_eq!(status, 1);
    assert!(text.starts_with("rejected: output padding must be smaller than either stride or dilation"), "{text}");
}

#[test]
fn shape_takes_python_style_values() {
    let (text, status) = shape(&[
        "--framework",
        "tensorflow",
        "--input-shape",
        "1x20x20x1",
        "--weight-shape",
        "3,3,1,1",
        "strides=10",
        "padding='SAME'",
        "output_shape=(1, 200, 200, 1)",
    ]);
    assert_eq!(status, 0, "{text}");
    assert!(text.contains("output [1, 200, 200, 1]"), "{text}");
    assert!(text.contains("ceil(200 / 10) = 20"), "{text}");
}
