#![cfg(not(target_arch = "wasm32"))]
//! Golden values from the real frameworks (tests/fixtures/values/*.jsonl, made by
//! tests/generators/gen_values.py): `convt eval` must reproduce every output within 1e-4.

use std::fs;
use std::path::Path;

use convt_lab::cli::eval_line;
use serde_json::Value;

const TOLERANCE: f64 = 1e-4;

/// Returns (framework, cases, failures).
fn check_file(path: &Path) -> (String, usize, Vec<String>) {
    let text = fs::read_to_string(path).expect("values file is readable");
    let mut lines = text.lines();
    let header: Value = serde_json::from_str(lines.next().expect("header")).expect("header is JSON");
    assert!(header.get("versions").is_some());
    let mut count = 0;
    let mut failures = Vec::new();
    let mut framework = String::new();
    for line in lines {
        let case: Value = serde_json::from_str(line).expect("case is JSON");
        count += 1;
        framework = case["request"]["framework"].as_str().unwrap_or("?").to_string();
        let answer: Value = serde_json::from_str(&eval_line(&case["request"].to_string())).expect("answer is JSON");
        let want = case["expect"]["output"].as_array().expect("expected output");
        let problem = match answer["output"].as_array() {
            None => Some(format!("no output: {}", answer)),
            Some(got) if got.len() != want.len() => Some(format!("{} values, expected {}", got.len(), want.len())),
            Some(got) => got
                .iter()
                .zip(want)
                .enumerate()
                .map(|(i, (g, w))| (i, g.as_f64().unwrap_or(f64::NAN), w.as_f64().unwrap_or(f64::NAN)))
                .find(|(_, g, w)| (g - w).abs().is_nan() || (g - w).abs() > TOLERANCE)
                .map(|(i, g, w)| format!("value {i}: convt {g}, framework {w}")),
        };
        if let Some(problem) = problem {
            failures.push(format!(
                "{}: {problem}\n    request: {}",
                case["id"].as_str().unwrap_or("?"),
                truncate(&case["request"].to_string())
            ));
        }
    }
    (framework, count, failures)
}

fn truncate(text: &str) -> String {
    text.chars().take(400).collect()
}

#[test]
fn every_value_fixture_matches_its_framework() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/values");
    let mut paths: Vec<_> = fs::read_dir(&dir)
        .expect("tests/fixtures/values exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    paths.sort();
    let mut report = Vec::new();
    let mut per_framework = std::collections::BTreeMap::<String, usize>::new();
    for path in &paths {
        let (framework, count, failures) = check_file(path);
        let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or("?").to_string();
        println!("{name}: {} of {count} value cases match", count - failures.len());
        *per_framework.entry(framework).or_default() += count;
        report.extend(failures.into_iter().map(|f| format!("[{name}] {f}")));
    }
    for (framework, count) in &per_framework {
        assert!(*count >= 100, "{framework} has only {count} value cases; the issue asks for at least 100");
    }
    if !report.is_empty() {
        let shown: Vec<_> = report.iter().take(30).cloned().collect();
        panic!("{} value cases disagree (first {}):\n{}", report.len(), shown.len(), shown.join("\n"));
    }
}
