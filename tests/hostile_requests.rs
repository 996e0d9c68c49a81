#![cfg(not(target_arch = "wasm32"))]
//! Contract 1 under hostile requests: a seeded, time-bounded fuzzer over `eval_line`, and the
//! reproducers of the crashes and run-away requests it is there to catch.
//!
//! Every line must get exactly one JSON object back (an `output_shape` or an `error`), never a
//! panic (the release build aborts on one and loses every later line), never a negative
//! dimension, values exactly as many as the shape holds, and every line within a time and
//! memory bound. Memory is measured with a counting allocator: the peak of live bytes while one
//! line is answered.
//!
//! `CONVT_FUZZ_SECONDS` sets the fuzzer's time (20 s by default, which CI runs);
//! `CONVT_FUZZ_SEED` its seed (the default is fixed, so a failure is reproducible).

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::Ordering;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use convt_lab::cli::eval_line;
use serde_json::{json, Value};

#[path = "common/fuzz.rs"]
mod fuzz;
use fuzz::{Rng, LIVE, PEAK};

/// The tests of this file measure memory one at a time (the counter is process-wide).
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// The bound on one line: live bytes above what was live before it.
const MEMORY_BOUND: usize = 400 << 20;
/// The bound on one line's time in this (unoptimised) test build; the release build is ~20× faster.
const TIME_BOUND: Duration = Duration::from_secs(20);

/// What answering one line cost.
struct Answered {
    answer: Value,
    peak_bytes: usize,
    elapsed: Duration,
}

/// Answer `line`, checking the contract's invariants; `Err` says what broke.
fn answer(line: &str) -> Result<Answered, String> {
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let start = Instant::now();
    let text = catch_unwind(AssertUnwindSafe(|| eval_line(line))).map_err(|_| "eval_line panicked".to_string())?;
    let elapsed = start.elapsed();
    let peak_bytes = PEAK.load(Ordering::Relaxed).saturating_sub(base);
    let answer: Value = serde_json::from_str(&text).map_err(|e| format!("the answer is not JSON ({e})"))?;
    let object = answer.as_object().ok_or("the answer is not an object")?;
    match (object.get("output_shape"), object.get("error")) {
        (Some(shape), None) => {
            let dims = shape.as_array().ok_or("output_shape is not a list")?;
            let mut cells: u128 = 1;
            for dim in dims {
                let dim = dim.as_i64().ok_or("output_shape holds a non-integer")?;
                if dim < 0 {
                    return Err(format!("a negative dimension in {shape}"));
                }
                cells = cells.saturating_mul(dim as u128);
            }
            if let Some(values) = object.get("output") {
                let values = values.as_array().ok_or("output is not a list")?;
                if values.len() as u128 != cells {
                    return Err(format!("{} values for a shape of {cells} cells", values.len()));
                }
                if let Some(bad) = values
                    .iter()
                    .find(|v| !(v.is_number() || ["inf", "-inf", "nan"].contains(&v.as_str().unwrap_or(""))))
                {
                    return Err(format!("an output value that is neither a number nor inf/-inf/nan: {bad}"));
                }
            }
        }
        (None, Some(error)) => {
            let message = error.as_str().ok_or("error is not a string")?;
            if message.chars().count() > 800 {
                return Err(format!("an error message of {} characters", message.chars().count()));
            }
        }
        _ => return Err("the answer needs exactly one of output_shape and error".into()),
    }
    if text.len() > 200 << 20 {
        return Err(format!("an answer of {} bytes", text.len()));
    }
    if peak_bytes > MEMORY_BOUND {
        return Err(format!("{} MB live while answering", peak_bytes >> 20));
    }
    if elapsed > TIME_BOUND {
        return Err(format!("took {elapsed:?}"));
    }
    Ok(Answered { answer, peak_bytes, elapsed })
}

fn must_answer(line: &str) -> Answered {
    answer(line).unwrap_or_else(|broken| panic!("{broken}\n  line: {}", shorten(line)))
}

fn shorten(line: &str) -> String {
    if line.len() <= 400 {
        line.to_string()
    } else {
        format!("{}… ({} bytes)", &line[..line.char_indices().nth(400).map_or(line.len(), |(i, _)| i)], line.len())
    }
}

/// Numbers that broke or nearly broke size arithmetic somewhere.
fn extreme(rng: &mut Rng) -> Value {
    let choices = [
        json!(0),
        json!(-1),
        json!(1),
        json!(2),
        json!(3),
        json!(i32::MAX),
        json!(u32::MAX),
        json!(1u64 << 32),
        json!((1u64 << 21) - 1),
        json!(1u64 << 48),
        json!((1u64 << 48) + 1),
        json!(1u64 << 62),
        json!(i64::MAX),
        json!(i64::MIN),
        json!(u64::MAX),
        json!(0.5),
        json!(1e308),
        json!(-1e39),
        json!(null),
        json!("same"),
        json!(true),
        json!([]),
        json!({}),
    ];
    rng.pick(&choices).clone()
}

/// Rewrite one random node of `value` (depth-first) with something hostile.
fn mutate(value: &mut Value, rng: &mut Rng) {
    match value {
        Value::Object(map) if !map.is_empty() && rng.below(4) != 0 => {
            let keys: Vec<String> = map.keys().cloned().collect();
            let key = rng.pick(&keys).clone();
            match rng.below(6) {
                0 => {
                    map.remove(&key);
                }
                1 => {
                    map.insert(format!("{key}_{}", rng.below(9)), extreme(rng));
                }
                _ => mutate(map.get_mut(&key).expect("key exists"), rng),
            }
        }
        Value::Array(items) if !items.is_empty() && rng.below(4) != 0 => match rng.below(5) {
            0 => {
                items.pop();
            }
            1 => items.push(extreme(rng)),
            _ => {
                let index = rng.below(items.len());
                mutate(&mut items[index], rng)
            }
        },
        _ => {
            *value = match rng.below(10) {
                0 => Value::String("x".repeat(rng.below(20_000))),
                1 => Value::Array((0..rng.below(20_000)).map(|i| json!(i % 5)).collect()),
                _ => extreme(rng),
            }
        }
    }
}

/// A request with values for a small random layer of some framework, in that framework's words.
fn valued_request(rng: &mut Rng) -> Value {
    let rank = 1 + rng.below(3);
    let spatial: Vec<i64> = (0..rank).map(|_| 1 + rng.below(5) as i64).collect();
    let kernel: Vec<i64> = (0..rank).map(|_| 1 + rng.below(3) as i64).collect();
    // Zero channels too: most frameworks accept them, and the engine then has nothing to do.
    let (cin, cout) = (rng.below(3) as i64, rng.below(3) as i64);
    let op = *rng.pick(&["conv", "conv_transpose"]);
    let stride = rng.pick(&[json!(1), json!(2), json!(u32::MAX), json!((1u64 << 21) - 1), json!(1u64 << 40)]).clone();
    let dilation = rng.pick(&[json!(1), json!(2), json!(1u64 << 40)]).clone();
    let padding = rng.pick(&[json!(0), json!(1), json!(1u64 << 40)]).clone();
    let mut input_shape = vec![1, cin];
    input_shape.extend(&spatial);
    let mut weight_shape = if op == "conv" { vec![cout, cin] } else { vec![cin, cout] };
    weight_shape.extend(&kernel);
    let count = |shape: &[i64]| shape.iter().product::<i64>() as usize;
    let data = |n: usize| -> Vec<f64> { (0..n).map(|i| (i % 7) as f64 - 3.0).collect() };
    // ONNX reads the same channels-first tensors with its own argument names.
    if rng.below(3) == 0 {
        return json!({
            "framework": "onnx", "op": op, "rank": rank,
            "input_shape": input_shape, "weight_shape": weight_shape,
            "params": {"strides": vec![stride; rank], "dilations": vec![dilation; rank], "pads": vec![padding; 2 * rank]},
            "input": data(count(&input_shape)), "weight": data(count(&weight_shape)),
        });
    }
    json!({
        "framework": "pytorch", "op": op, "rank": rank,
        "input_shape": input_shape, "weight_shape": weight_shape,
        "params": {"stride": stride, "dilation": dilation, "padding": padding},
        "input": data(count(&input_shape)), "weight": data(count(&weight_shape)),
    })
}

/// Requests as the golden fixtures write them, for every framework (a sample of each file).
fn seed_requests() -> Vec<Value> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut seeds = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/fixtures exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    paths.sort();
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("fixture file is readable");
        seeds.extend(
            text.lines()
                .skip(1)
                .step_by(7)
                .filter_map(|line| serde_json::from_str::<Value>(line).ok())
                .map(|case| case["request"].clone()),
        );
    }
    seeds
}

#[test]
fn fuzzing_contract_1_finds_no_panic_and_no_run_away_line() {
    let _serial = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let seconds: u64 = std::env::var("CONVT_FUZZ_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(20);
    let seed: u64 = std::env::var("CONVT_FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0x5eed_c0a7);
    let mut rng = Rng(seed | 1);
    let seeds = seed_requests();
    assert!(seeds.len() > 100, "too few seed requests ({})", seeds.len());
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let (mut execs, mut shapes, mut worst_time, mut worst_bytes) = (0u64, 0u64, Duration::ZERO, 0usize);
    let mut slowest = String::new();
    while Instant::now() < deadline {
        let mut request = if rng.below(3) == 0 { valued_request(&mut rng) } else { rng.pick(&seeds).clone() };
        for _ in 0..1 + rng.below(3) {
            mutate(&mut request, &mut rng);
        }
        let mut line = request.to_string();
        if rng.below(20) == 0 {
            // Byte-level damage: cut the line short or splice in a stray character.
            let cut = line.char_indices().nth(rng.below(line.chars().count())).map_or(0, |(i, _)| i);
            line = if rng.below(2) == 0 {
                line[..cut].to_string()
            } else {
                format!("{}\u{0}]{}", &line[..cut], &line[cut..])
            };
        }
        let answered = answer(&line)
            .unwrap_or_else(|broken| panic!("seed {seed}, exec {execs}: {broken}\n  line: {}", shorten(&line)));
        execs += 1;
        shapes += u64::from(answered.answer.get("output_shape").is_some());
        if answered.elapsed > worst_time {
            worst_time = answered.elapsed;
            slowest = shorten(&line);
        }
        worst_bytes = worst_bytes.max(answered.peak_bytes);
    }
    println!(
        "fuzzed {execs} requests in {seconds} s (seed {seed}): {shapes} shapes, {} errors; slowest line {worst_time:?}, most memory {} KB",
        execs - shapes,
        worst_bytes >> 10
    );
    println!("slowest line: {slowest}");
}

/// The reproducers from the CLI review: each once aborted `convt eval` (a `usize` product that
/// wrapped, so a size guard saw a small number and the engine indexed out of bounds).
#[test]
fn size_products_that_wrapped_are_refused_with_the_numbers() {
    let _serial = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let lines = [
        r#"{"framework":"pytorch","input_shape":[1,1,2,2],"weight_shape":[1,1,1,1],"params":{"stride":4294967295},"input":[1,2,3,4],"weight":[1]}"#,
        r#"{"framework":"pytorch","rank":3,"input_shape":[1,1,2,2,2],"weight_shape":[1,1,1,1,1],"params":{"stride":[2097151,2097151,4194303]},"input":[1,2,3,4,5,6,7,8],"weight":[1]}"#,
        r#"{"framework":"onnx","input_shape":[1,1,2,2],"weight_shape":[1,1,1,1],"params":{"strides":[4294967295,4294967295]},"input":[1,2,3,4],"weight":[1]}"#,
        r#"{"framework":"pytorch","op":"conv","input_shape":[1,1,4294967296,4294967296],"weight_shape":[1,1,1,1],"params":{"stride":4294967296},"input":[],"weight":[1]}"#,
        r#"{"framework":"keras","input_shape":[1,65536,65536,1],"params":{"filters":65536,"kernel_size":1,"strides":65536},"input":[1],"weight":[1]}"#,
    ];
    for line in lines {
        let answered = must_answer(line);
        let error = answered.answer["error"].as_str().unwrap_or_else(|| panic!("not refused: {line}"));
        assert!(!error.contains(" 0 output values"), "a wrapped count in: {error}");
    }
}

/// Layers with nothing to multiply (no channels on one side, a batch of 2^48 with an empty
/// output, a trillion-tap kernel with no channels) once indexed past an empty slice, sized a
/// 4 TB scratch buffer or looped for days; their values are the bias alone.
#[test]
fn layers_with_no_work_answer_at_once() {
    let _serial = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let lines = [
        r#"{"framework":"onnx","op":"conv_transpose","rank":1,"input_shape":[1,0,5000],"weight_shape":[0,1,1],"input":[],"weight":[]}"#,
        r#"{"framework":"onnx","op":"conv","rank":1,"input_shape":[1,1,5000],"weight_shape":[0,1,1],"input":[],"weight":[]}"#,
        r#"{"framework":"onnx","op":"conv_transpose","rank":1,"input_shape":[1,0,1],"weight_shape":[0,1,1000000000000],"params":{"pads":[499999999999,499999999999]},"input":[],"weight":[]}"#,
        r#"{"framework":"jax","op":"conv","rank":1,"api":"jax.lax.conv_general_dilated","input_shape":[281474976710656,0,1],"weight_shape":[1,1,1],"params":{"window_strides":[1],"padding":"VALID","dimension_numbers":["NWC","WIO","NWC"]},"input":[],"weight":[1]}"#,
    ];
    for line in lines {
        let answered = must_answer(line);
        assert!(answered.elapsed < Duration::from_secs(2), "{line}: {:?}", answered.elapsed);
    }
    // Zero input channels: the output is all zeros (no bias here), as many as the shape holds.
    let answered = must_answer(lines[0]);
    let output = answered.answer["output"].as_array().expect("values");
    assert!(
        output.len() == 5000 && output.iter().all(|v| v.as_f64() == Some(0.0)),
        "{}",
        shorten(&answered.answer.to_string())
    );
}

/// Scratch memory is bounded by blocks, not by the layer: a 1-D signal of 20 000 cells and a
/// 999-tap kernel once needed a 320 MB tap table and an 80 MB column buffer.
#[test]
fn a_long_signal_and_a_long_kernel_stay_within_the_scratch_bound() {
    let _serial = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let length = 20_000;
    let signal: Vec<f64> = (0..length).map(|i| (i % 5) as f64).collect();
    for (op, padding) in [("conv", 499), ("conv_transpose", 0)] {
        let line = json!({
            "framework": "pytorch", "op": op, "input_shape": [1, 1, length], "weight_shape": [1, 1, 999],
            "params": {"padding": padding}, "input": signal, "weight": vec![1.0; 999],
        })
        .to_string();
        let answered = must_answer(&line);
        assert!(answered.answer.get("output").is_some(), "{op}: {}", answered.answer);
        // Input, output and their copies are about 2.5 MB; the scratch adds at most 16 MB.
        assert!(answered.peak_bytes < 48 << 20, "{op}: {} MB live", answered.peak_bytes >> 20);
    }
}

/// A value float32 cannot hold is written as Contract 1 says, with a note, never as `null`.
#[test]
fn values_past_float32_are_written_as_inf_and_nan() {
    let _serial = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let line =
        r#"{"framework":"pytorch","input_shape":[1,1,3],"weight_shape":[1,1,1],"input":[3e38,-1e39,1],"weight":[2]}"#;
    let answered = must_answer(line);
    assert_eq!(answered.answer["output"], json!(["inf", "-inf", 2.0]));
    assert!(answered.answer["notes"].to_string().contains("not finite in float32"), "{}", answered.answer);
}

/// Arguments written beside `params` instead of inside it are reported, not silently dropped.
#[test]
fn top_level_arguments_get_a_note() {
    let _serial = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let line = r#"{"framework":"pytorch","input_shape":[1,1,3,3],"weight_shape":[1,1,3,3],"stride":2,"padding":1}"#;
    let answered = must_answer(line);
    assert_eq!(answered.answer["output_shape"], json!([1, 1, 5, 5]));
    let notes = answered.answer["notes"].to_string();
    assert!(notes.contains("`stride` at the top level is not read"), "{notes}");
    assert!(notes.contains("`padding` at the top level is not read"), "{notes}");
}

/// A hostile value is quoted by a short prefix: no answer grows with its request.
#[test]
fn messages_quote_a_short_prefix_of_hostile_values() {
    let _serial = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let long = "é".repeat(1_000_000);
    let million: Vec<i64> = vec![3; 1_000_000];
    let lines = [
        json!({"framework": "pytorch", "layout": long, "input_shape": [1, 1, 3, 3], "weight_shape": [1, 1, 3, 3]}),
        json!({"framework": "pytorch", "input_shape": [1, 1, 3, 3], "weight_shape": million}),
        json!({"framework": "onnx", "input_shape": [1, 1, 3, 3], "weight_shape": [1, 1, 3, 3], "params": {"pads": million}}),
        json!({"framework": "keras", "input_shape": [1, 3, 3, 1], "params": {"filters": 1, "kernel_size": 3, "padding": long}}),
    ];
    for line in lines {
        let answered = must_answer(&line.to_string());
        assert!(answered.answer.to_string().len() < 2_000, "{}", shorten(&answered.answer.to_string()));
    }
    let many: serde_json::Map<String, Value> = (0..100_000).map(|i| (format!("arg{i}"), json!(1))).collect();
    let line = json!({"framework": "pytorch", "input_shape": [1, 1, 3], "weight_shape": [1, 1, 3], "params": many});
    let answered = must_answer(&line.to_string());
    assert!(
        answered.answer["notes"].as_array().is_some_and(|notes| notes.len() <= 24),
        "{}",
        shorten(&answered.answer.to_string())
    );
}
