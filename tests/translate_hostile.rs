#![cfg(not(target_arch = "wasm32"))]
//! Contract 4 under hostile and messy pastes: a seeded, time-bounded fuzzer over `translate_line`,
//! and the reproducers of what it found.
//!
//! The seeds are the pasted texts of tests/fixtures/translate/*.jsonl (each one a text a real
//! framework ran); the fuzzer damages them the ways pastes get damaged and the ways an attacker
//! would: characters cut, doubled or swapped, two texts spliced, numbers made huge (2**62,
//! 10**30), nesting made deep, names made long, NUL / control / bidi / combining characters,
//! `from` naming the wrong framework, shapes with 0, negative, huge, empty or 6-D dims.
//!
//! Every line must get back exactly one line of JSON (an `output_shape` or an `error`, every
//! equivalent one or the other), never a panic, never a negative dimension, within a time, an
//! answer-size and a memory bound. `CONVT_FUZZ_SECONDS` sets the fuzzer's time (4 s by default);
//! `CONVT_FUZZ_SEED` its seed (the default is fixed, so a failure is reproducible).

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::Ordering;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use convt_lab::cli::translate_command::translate_line;
use serde_json::{json, Value};

#[path = "common/fuzz.rs"]
mod fuzz;
use fuzz::{Rng, LIVE, PEAK};

/// The tests of this file measure memory one at a time (the counter is process-wide).
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// The bound on one line's live bytes beyond the line itself (parsed, it is held about twice):
/// a pasted text is read up to 1 MB, its answer a few KB.
const MEMORY_BOUND: usize = 64 << 20;
/// The bound on one line's time. A line takes a few ms (the equivalents search runs for ten
/// frameworks); the bound leaves room for a loaded 2-core machine, and the fuzzer prints the
/// slowest line so a slow class shows long before it fails.
const TIME_BOUND: Duration = Duration::from_secs(2);
/// The bound on one answer beyond the line's own length: eleven frameworks' requests and code
/// lines. The request the text reads as may quote a value as long as the text wrote it (an
/// unknown padding word), once; a hostile value is never repeated in every equivalent.
const ANSWER_BOUND: usize = 64 << 10;

/// The last panic's message and place (the fuzzer keeps going and reports every class).
static LAST_PANIC: Mutex<String> = Mutex::new(String::new());

fn record_panics() {
    std::panic::set_hook(Box::new(|info| {
        let place = info.location().map(|l| format!("{}:{}", l.file(), l.line())).unwrap_or_default();
        let message = info
            .payload()
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| info.payload().downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = format!("{message} at {place}");
        }
    }));
}

/// What answering one line cost.
struct Answered {
    answer: Value,
    peak_bytes: usize,
    elapsed: Duration,
}

/// An `output_shape` must be a list of non-negative integers.
fn check_shape(shape: &Value) -> Result<(), String> {
    let dims = shape.as_array().ok_or_else(|| format!("output_shape is not a list: {shape}"))?;
    if dims.iter().any(|d| d.as_i64().is_none_or(|d| d < 0)) {
        return Err(format!("output_shape holds a negative or non-integer dimension: {shape}"));
    }
    Ok(())
}

fn check_error(error: &Value) -> Result<(), String> {
    let message = error.as_str().ok_or("error is not a string")?;
    if message.chars().count() > 800 {
        return Err(format!("an error message of {} characters", message.chars().count()));
    }
    Ok(())
}

/// Answer `line`, checking Contract 4's invariants; `Err` says what broke.
fn answer(line: &str) -> Result<Answered, String> {
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let start = Instant::now();
    let text = catch_unwind(AssertUnwindSafe(|| translate_line(line))).map_err(|_| {
        format!("translate_line panicked: {}", LAST_PANIC.lock().map(|p| p.clone()).unwrap_or_default())
    })?;
    let elapsed = start.elapsed();
    let peak_bytes = PEAK.load(Ordering::Relaxed).saturating_sub(base);
    if text.contains('\n') {
        return Err("the answer is more than one line".into());
    }
    let answer: Value = serde_json::from_str(&text).map_err(|e| format!("the answer is not JSON ({e})"))?;
    let object = answer.as_object().ok_or("the answer is not an object")?;
    match (object.get("output_shape"), object.get("error")) {
        (Some(shape), None) => {
            check_shape(shape)?;
            let rows = object.get("equivalents").and_then(Value::as_array).ok_or("no equivalents beside the shape")?;
            for row in rows {
                match (row.get("output_shape"), row.get("error")) {
                    (Some(shape), None) => check_shape(shape)?,
                    (None, Some(error)) => check_error(error)?,
                    _ => return Err(format!("an equivalent needs exactly one of output_shape and error: {row}")),
                }
            }
        }
        (None, Some(error)) => check_error(error)?,
        _ => return Err("the answer needs exactly one of output_shape and error".into()),
    }
    if text.len() > ANSWER_BOUND + line.len() {
        return Err(format!("an answer of {} bytes", text.len()));
    }
    if peak_bytes > MEMORY_BOUND + 3 * line.len() {
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
    if line.len() <= 600 {
        line.to_string()
    } else {
        format!("{}… ({} bytes)", &line[..line.char_indices().nth(600).map_or(line.len(), |(i, _)| i)], line.len())
    }
}

/// The fixture cases: text, from, shapes and backend as a user sends them (no `expect`, no `id`).
fn seed_cases() -> Vec<Value> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/translate");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/fixtures/translate exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    paths.sort();
    let mut cases = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("fixture file is readable");
        for line in text.lines().skip(1) {
            let Ok(Value::Object(mut case)) = serde_json::from_str::<Value>(line) else { continue };
            case.retain(|key, _| ["text", "from", "input_shape", "weight_shape", "backend"].contains(&key.as_str()));
            cases.push(Value::Object(case));
        }
    }
    cases
}

/// Numbers written the ways that broke or nearly broke size arithmetic somewhere.
const NUMBERS: [&str; 24] = [
    "0",
    "-1",
    "-0",
    "2**62",
    "2**63",
    "-2**63",
    "2**64",
    "10**30",
    "9999999999999999999999999",
    "4294967295",
    "2147483648",
    "1e308",
    "1e400",
    "-1e308",
    "0.5",
    "float('inf')",
    "float('nan')",
    "2**2**2**2**2",
    "10**10**10",
    "(2**62)*4",
    "-(-(-(-1)))",
    "0x7fffffffffffffff",
    "1_000_000_000_000",
    "True",
];

/// Characters pastes carry by accident or on purpose.
const ODD: [&str; 22] = [
    "\0", "\u{1}", "\u{7f}", "\r", "\r\n", "\t", "\u{b}", "\u{c}", "\u{a0}", "\u{200b}", "\u{202e}", "\u{feff}",
    "\u{301}", "é", "😀", "４", "（", "\u{2028}", "\\", "\"", "'", "#",
];

/// Python and prototxt fragments worth splicing in.
const FRAGMENTS: [&str; 30] = [
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    "=",
    ":",
    "*",
    "**",
    "(1,)",
    "[1] * 64",
    "(2,) * 3",
    "None",
    "lambda x: x",
    ", stride=2",
    ", padding='same'",
    ", output_padding=1",
    ", dilation=(2, 2)",
    ", groups=4",
    "x = ",
    "\n",
    "layer {",
    "layers {",
    "convolution_param {",
    "kernel_size: 3",
    "type: DECONVOLUTION",
    "pad: -1",
    "*args",
];

/// Frameworks' ids, real and not.
const FROMS: [&str; 15] = [
    "pytorch",
    "tensorflow",
    "keras",
    "keras2",
    "keras1",
    "jax",
    "onnx",
    "caffe",
    "mxnet",
    "chainer",
    "paddle",
    "theano",
    "",
    "PYTORCH",
    "caffe2",
];

/// A dimension that broke or nearly broke something.
fn odd_dim(rng: &mut Rng) -> Value {
    let dims = [
        json!(0),
        json!(-1),
        json!(1),
        json!(2),
        json!(3),
        json!(7),
        json!(64),
        json!(100_000),
        json!(i32::MAX),
        json!(1u64 << 32),
        json!(1u64 << 48),
        json!(1u64 << 62),
        json!(i64::MAX),
        json!(i64::MIN),
        json!(u64::MAX),
        json!(1.5),
        json!(null),
        json!("3"),
    ];
    rng.pick(&dims).clone()
}

/// A shape with one hostile change: a dim replaced, added or dropped, emptied, or 6-D.
fn mutate_shape(shape: &Value, rng: &mut Rng) -> Value {
    let mut dims = shape.as_array().cloned().unwrap_or_else(|| vec![json!(1), json!(2), json!(5), json!(5)]);
    match rng.below(7) {
        0 => dims.clear(),
        1 => dims.push(odd_dim(rng)),
        2 => {
            dims.pop();
        }
        3 => dims.extend((0..2 + rng.below(4)).map(|_| json!(2))),
        4 => return rng.pick(&[json!(null), json!("1x2"), json!(3), json!([[1]]), json!({})]).clone(),
        _ if !dims.is_empty() => {
            let at = rng.below(dims.len());
            dims[at] = odd_dim(rng);
        }
        _ => dims.push(odd_dim(rng)),
    }
    Value::Array(dims)
}

/// A char boundary of `text` at random.
fn boundary(text: &str, rng: &mut Rng) -> usize {
    let count = text.chars().count();
    text.char_indices().nth(rng.below(count + 1)).map_or(text.len(), |(i, _)| i)
}

/// The spans of numbers in `text` (runs of ASCII digits).
fn number_spans(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at].is_ascii_digit() {
            let start = at;
            while at < bytes.len() && bytes[at].is_ascii_digit() {
                at += 1;
            }
            spans.push((start, at));
        } else {
            at += 1;
        }
    }
    spans
}

/// The spans of names in `text` (runs of ASCII letters, digits and `_` starting with a letter).
fn name_spans(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at].is_ascii_alphabetic() || bytes[at] == b'_' {
            let start = at;
            while at < bytes.len() && (bytes[at].is_ascii_alphanumeric() || bytes[at] == b'_') {
                at += 1;
            }
            spans.push((start, at));
        } else {
            at += 1;
        }
    }
    spans
}

/// One hostile edit of a pasted text (`other` is another seed's text, for splices).
fn mutate_text(text: &str, other: &str, rng: &mut Rng) -> String {
    // Past the reader's limit (1 MB) only shrink: the limit itself is tested once, not grown into.
    if text.len() > 3 << 19 {
        let cut = (0..=1 << 20).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
        return text[..boundary(&text[..cut], rng)].to_string();
    }
    let (a, b) = {
        let (x, y) = (boundary(text, rng), boundary(text, rng));
        (x.min(y), x.max(y))
    };
    match rng.below(14) {
        // Cut a span out.
        0 => format!("{}{}", &text[..a], &text[b..]),
        // Double a span.
        1 => format!("{}{}", &text[..b], &text[a..]),
        // A stray character.
        2 => format!("{}{}{}", &text[..a], rng.pick(&ODD), &text[a..]),
        // A stray fragment of code.
        3 | 4 => format!("{}{}{}", &text[..a], rng.pick(&FRAGMENTS), &text[a..]),
        // Two texts spliced.
        5 => format!("{}{}", &text[..a], &other[boundary(other, rng)..]),
        // A number made hostile.
        6..=8 => match number_spans(text).as_slice() {
            [] => format!("{}{}{}", &text[..a], rng.pick(&NUMBERS), &text[a..]),
            spans => {
                let (s, e) = *rng.pick(spans);
                format!("{}{}{}", &text[..s], rng.pick(&NUMBERS), &text[e..])
            }
        },
        // A name made long, or made unicode.
        9 => match name_spans(text).as_slice() {
            [] => text.to_string(),
            spans => {
                let (s, e) = *rng.pick(spans);
                let name = match rng.below(3) {
                    0 => "n".repeat(1 + rng.below(100_000)),
                    1 => format!("{}\u{301}", &text[s..e]),
                    _ => "ｓｔｒｉｄｅ".to_string(),
                };
                format!("{}{name}{}", &text[..s], &text[e..])
            }
        },
        // Deep nesting, around the whole call or around one argument.
        10 => {
            let depth = *rng.pick(&[3, 40, 63, 64, 65, 200, 5_000]);
            let (open, close) =
                *rng.pick(&[("(", ")"), ("[", "]"), ("{", "}"), ("-", ""), ("not ", ""), ("layer {", "}")]);
            format!("{}{}{}{}{}", &text[..a], open.repeat(depth), &text[a..b], close.repeat(depth), &text[b..])
        }
        // The whole text repeated, or padded to near the reader's limit.
        11 => match rng.below(3) {
            0 => text.repeat(2 + rng.below(50)),
            1 => format!("{text}\n{}", "# pad\n".repeat(rng.below(180_000))),
            _ => format!("{}{}{}", &text[..a], " ".repeat(rng.below(1 << 21)), &text[a..]),
        },
        // Swap two characters.
        12 => {
            let mut chars: Vec<char> = text.chars().collect();
            if chars.len() > 1 {
                let (i, j) = (rng.below(chars.len()), rng.below(chars.len()));
                chars.swap(i, j);
            }
            chars.into_iter().collect()
        }
        // Truncate.
        _ => text[..a].to_string(),
    }
}

/// One hostile change to a translate line.
fn mutate_case(case: &mut Value, other: &Value, rng: &mut Rng) {
    let object = case.as_object_mut().expect("cases are objects");
    match rng.below(10) {
        0..=5 => {
            let text = object.get("text").and_then(Value::as_str).unwrap_or("").to_string();
            let other = other["text"].as_str().unwrap_or("");
            let mut text = mutate_text(&text, other, rng);
            // At most 2 MB: the reader refuses past 1 MB, and a longer line only tests serde_json.
            if text.len() > 2 << 20 {
                let cut = (0..=2 << 20).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
                text.truncate(cut);
            }
            object.insert("text".into(), json!(text));
        }
        6 => {
            let from = *rng.pick(&FROMS);
            object.insert("from".into(), json!(from));
        }
        7 => {
            let shape = mutate_shape(object.get("input_shape").unwrap_or(&Value::Null), rng);
            object.insert("input_shape".into(), shape);
        }
        8 => {
            let shape = mutate_shape(object.get("weight_shape").unwrap_or(&Value::Null), rng);
            object.insert("weight_shape".into(), shape);
        }
        _ => {
            let backend = rng
                .pick(&[json!("jax"), json!("torch"), json!("theano"), json!("tensorflow"), json!("cntk"), json!(3)])
                .clone();
            object.insert("backend".into(), backend);
        }
    }
}

#[test]
fn fuzzing_contract_4_finds_no_panic_and_no_run_away_line() {
    let _serial = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let seconds: u64 = std::env::var("CONVT_FUZZ_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(4);
    let seed: u64 = std::env::var("CONVT_FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0x7a5e_11a7);
    let mut rng = Rng(seed | 1);
    let seeds = seed_cases();
    assert!(seeds.len() > 1000, "too few seed texts ({})", seeds.len());
    let start = Instant::now();
    let deadline = start + Duration::from_secs(seconds);
    let (mut execs, mut shapes, mut worst_time, mut worst_bytes, mut worst_size) = (0u64, 0u64, Duration::ZERO, 0, 0);
    let mut slowest = String::new();
    // Every failure, by what broke (its first 60 characters): one example line each.
    let mut failures: std::collections::BTreeMap<String, (usize, String)> = Default::default();
    record_panics();
    while Instant::now() < deadline {
        let mut case = rng.pick(&seeds).clone();
        for _ in 0..1 + rng.below(3) {
            let other = rng.pick(&seeds).clone();
            mutate_case(&mut case, &other, &mut rng);
        }
        let line = case.to_string();
        execs += 1;
        let answered = match answer(&line) {
            Ok(answered) => answered,
            Err(broken) => {
                let class: String = broken.chars().take(90).collect();
                failures.entry(class).or_insert((0, format!("{broken}\n  line: {}", shorten(&line)))).0 += 1;
                continue;
            }
        };
        shapes += u64::from(answered.answer.get("output_shape").is_some());
        if answered.elapsed > worst_time {
            worst_time = answered.elapsed;
            slowest = shorten(&line);
        }
        worst_bytes = worst_bytes.max(answered.peak_bytes);
        worst_size = worst_size.max(answered.answer.to_string().len());
    }
    let elapsed = start.elapsed().as_secs_f64();
    println!(
        "fuzzed {execs} pastes in {elapsed:.1} s ({:.0}/s, seed {seed}): {shapes} shapes, {} errors; \
         slowest line {worst_time:?}, most memory {} KB, largest answer {} KB",
        execs as f64 / elapsed,
        execs - shapes,
        worst_bytes >> 10,
        worst_size >> 10
    );
    println!("slowest line: {slowest}");
    let _ = std::panic::take_hook();
    assert!(
        failures.is_empty(),
        "seed {seed}: {} classes of failure:\n{}",
        failures.len(),
        failures.values().map(|(n, example)| format!("[{n}×] {example}")).collect::<Vec<_>>().join("\n")
    );
}

/// The fuzzer's slowest class: a 3-D layer with a stride of 16 or more that some framework cannot
/// reproduce. The equivalents search once tried every output_padding below 16 on every axis, with
/// seven padding words and ten frameworks: 290 000 resolutions, 2 s for one line.
#[test]
fn a_3d_layer_with_a_huge_stride_answers_at_once() {
    let _serial = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let lines = [
        r#"{"text":"x = paddle.nn.Conv3DTranspose(in_channels=4, out_channels=1, kernel_size=3, stride=2147483648, padding=\"SAME\", )(x)","from":"paddle","input_shape":[1,4,5,1,2]}"#,
        r#"{"text":"F.conv_transpose3d(x, w, stride=4294967295, output_padding=(0, 1, 0))","input_shape":[2,4,8,8,2],"weight_shape":[4,3,4,4,4]}"#,
        r#"{"text":"nn.ConvTranspose3d(4, 3, 3, stride=(17, 19, 23), padding=1, output_padding=(5, 7, 11))","input_shape":[1,4,3,3,3]}"#,
        // A forward conv ignores output_padding: every vector once resolved to the same layer.
        r#"{"text":"L.ConvolutionND(3, 1, 8, 3, stride=1_000_000_000_000, pad=1)","from":"chainer","input_shape":[1,1,9,9,9]}"#,
    ];
    for line in lines {
        let answered = must_answer(line);
        assert!(answered.answer.get("output_shape").is_some(), "{}", answered.answer);
        assert!(answered.elapsed < Duration::from_millis(500), "{line}: {:?}", answered.elapsed);
    }
}

/// A text past the reader's limit, and nesting past its depth, are refused with a short message.
#[test]
fn long_and_deep_texts_are_refused_briefly() {
    let _serial = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let texts = [
        format!("nn.ConvTranspose2d(4, 4, 3){}", " ".repeat(1 << 20)),
        format!("nn.ConvTranspose2d({}4{}, 4, 3)", "(".repeat(5_000), ")".repeat(5_000)),
        format!("layer {{ {} }}", "convolution_param { ".repeat(5_000)),
        format!("nn.ConvTranspose2d(4, 4, {})", "n".repeat(500_000)),
    ];
    for text in texts {
        let answered = must_answer(&json!({"text": text, "input_shape": [1, 4, 5, 5]}).to_string());
        let error = answered.answer["error"].as_str().unwrap_or_else(|| panic!("not refused: {}", answered.answer));
        assert!(error.chars().count() < 400, "{error}");
    }
}
