#![cfg(not(target_arch = "wasm32"))]
//! `convt solve` (Contract 5): complete within its limits (the same set and count as resolving
//! every layer of a small space, for every framework, both ops, rank 1 and 2), every solution
//! resolving through `convt eval` to the target, ranked for people, and the Contract's example.

use std::collections::BTreeSet;

use convt_lab::cli::{eval_line, solve_line};
use convt_lab::conv::app::query::{AppState, Backend, Padding};
use convt_lab::conv::app::solve::{solve, Inverse, Limits, Query};
use convt_lab::conv::dialects::settings::FieldKey;
use convt_lab::conv::{resolve, Framework, Op};
use serde_json::Value as Json;

/// The small space both sides search.
const SMALL: Limits = Limits { kernel_size: 3, stride: 2, dilation: 2, padding: 1, output_padding: 1 };

/// Every value of `per_axis` on each of `rank` axes.
fn product<T: Clone>(options: &[T], rank: usize) -> Vec<Vec<T>> {
    (0..rank).fold(vec![Vec::new()], |acc, _| {
        acc.iter().flat_map(|prefix| options.iter().map(move |o| [prefix.clone(), vec![o.clone()]].concat())).collect()
    })
}

/// Resolve every layer of the space within `limits`; the code lines of those reaching `target`.
fn brute_force(
    framework: Framework,
    backend: Option<Backend>,
    op: Op,
    size_in: &[i64],
    target: &[i64],
    limits: &Limits,
) -> BTreeSet<String> {
    let rank = size_in.len();
    let mut triples = Vec::new();
    for k in 1..=limits.kernel_size {
        for s in 1..=limits.stride {
            for d in 1..=limits.dilation {
                triples.push((k, s, d));
            }
        }
    }
    let words: Vec<&str> = (framework.dialect().fields)(op, rank)
        .iter()
        .filter(|f| f.key == FieldKey::Padding)
        .flat_map(|f| f.words.iter().copied())
        .collect();
    let values: Vec<i64> = (0..=limits.padding).collect();
    let pairs: Vec<(i64, i64)> = values.iter().flat_map(|&b| values.iter().map(move |&e| (b, e))).collect();
    let mut paddings: Vec<Padding> = product(&values, rank).into_iter().map(Padding::Amounts).collect();
    paddings.extend(product(&pairs, rank).into_iter().map(Padding::Pairs));
    paddings.extend(words.iter().map(|w| Padding::Word(w.to_string())));
    let mut output_paddings: Vec<Option<Vec<i64>>> = vec![None];
    if op == Op::ConvTranspose {
        let options: Vec<i64> = (0..=limits.output_padding).collect();
        output_paddings.extend(product(&options, rank).into_iter().map(Some));
    }
    // tf.nn's and Keras 1's transposed calls must be told their output size: the target.
    let told = op == Op::ConvTranspose && matches!(framework, Framework::Tensorflow | Framework::Keras1);
    let mut found = BTreeSet::new();
    for axes in product(&triples, rank) {
        for padding in &paddings {
            for output_padding in &output_paddings {
                let state = AppState {
                    framework,
                    op,
                    rank,
                    size_in: size_in.to_vec(),
                    kernel: axes.iter().map(|t| t.0).collect(),
                    stride: axes.iter().map(|t| t.1).collect(),
                    dilation: axes.iter().map(|t| t.2).collect(),
                    padding: padding.clone(),
                    output_padding: output_padding.clone(),
                    output_size: told.then(|| target.to_vec()),
                    channels_in: 1,
                    channels_out: 1,
                    backend,
                    ..AppState::default()
                };
                if resolve(&state.request()).is_ok_and(|l| l.spatial_out() == target) {
                    found.insert(identity(&state));
                }
            }
        }
    }
    found
}

/// What tells two layers apart: the code line a user writes, and the kernel (which ONNX's,
/// tf.nn's and JAX's lines leave to the weight tensor).
fn identity(state: &AppState) -> String {
    format!("{}  # kernel {:?}", state.code_line(), state.kernel)
}

/// Every framework, and Keras on each backend.
fn dialects() -> Vec<(Framework, Option<Backend>)> {
    let mut out: Vec<(Framework, Option<Backend>)> = Framework::ALL.iter().map(|&f| (f, None)).collect();
    out.extend([Backend::Jax, Backend::Torch].map(|b| (Framework::Keras, Some(b))));
    out.push((Framework::Keras1, Some(Backend::Theano)));
    out
}

fn agree(framework: Framework, backend: Option<Backend>, op: Op, size_in: &[i64], target: &[i64]) -> usize {
    agree_within(framework, backend, op, size_in, target, &SMALL)
}

/// The solver and the brute force find the same layers within `limits`, and count them alike.
fn agree_within(
    framework: Framework,
    backend: Option<Backend>,
    op: Op,
    size_in: &[i64],
    target: &[i64],
    limits: &Limits,
) -> usize {
    let expected = brute_force(framework, backend, op, size_in, target, limits);
    let query = Query {
        backend,
        limits: *limits,
        max_solutions: 1000,
        ..Query::new(framework, op, size_in.to_vec(), target.to_vec())
    };
    let answer = match solve(&query) {
        Ok(answer) => answer,
        // A framework without this op or rank: the brute force finds nothing either.
        Err(e) => {
            assert!(expected.is_empty(), "{framework:?} {op:?} {size_in:?}->{target:?}: {}", e.message);
            return 0;
        }
    };
    let got: BTreeSet<String> = answer.solutions.iter().map(|s| identity(&s.state)).collect();
    let context = format!("{framework:?} {backend:?} {op:?} {size_in:?} -> {target:?}");
    let mut seen = BTreeSet::new();
    let twice: Vec<String> =
        answer.solutions.iter().map(|s| identity(&s.state)).filter(|c| !seen.insert(c.clone())).collect();
    assert!(twice.is_empty(), "{context}: listed twice: {twice:#?}");
    let missing: Vec<&String> = expected.difference(&got).take(5).collect();
    let extra: Vec<&String> = got.difference(&expected).take(5).collect();
    // Beyond 1000 layers only the best are listed: those must be real ones.
    assert!(extra.is_empty(), "{context}: extra {extra:#?}");
    assert!(missing.is_empty() || got.len() == 1000, "{context}: missing {missing:#?}");
    assert_eq!(answer.count, expected.len() as u128, "{context}: count");
    expected.len()
}

#[test]
fn transposed_solves_agree_with_the_brute_force_in_every_framework() {
    let mut total = 0;
    for (framework, backend) in dialects() {
        for (size_in, target) in [(&[3][..], &[6][..]), (&[3], &[7]), (&[3, 4], &[6, 7]), (&[2, 3], &[4, 6])] {
            total += agree(framework, backend, Op::ConvTranspose, size_in, target);
        }
    }
    assert!(total > 500, "{total}");
}

#[test]
fn forward_solves_agree_with_the_brute_force_in_every_framework() {
    let mut total = 0;
    for (framework, backend) in dialects() {
        for (size_in, target) in [(&[7][..], &[3][..]), (&[6], &[4]), (&[7, 6], &[3, 4]), (&[5, 5], &[5, 3])] {
            total += agree(framework, backend, Op::Conv, size_in, target);
        }
    }
    assert!(total > 500, "{total}");
}

/// Begin/end pairs up to 6 (rank 1) and 4 (rank 2): families of up to 13 pairs with one total,
/// which the solver probes at their ends and derives (src/conv/app/solve/pair_family.rs), here
/// against resolving every layer, in the frameworks that write pairs.
#[test]
fn wide_pair_families_agree_with_the_brute_force() {
    let wide = Limits { kernel_size: 3, stride: 2, dilation: 2, padding: 6, output_padding: 1 };
    let square = Limits { kernel_size: 2, stride: 2, dilation: 1, padding: 4, output_padding: 1 };
    let mut total = 0;
    for framework in [Framework::Tensorflow, Framework::Onnx, Framework::Jax, Framework::Paddle] {
        for (size_in, target) in [(3, 2), (3, 4), (4, 5), (3, 7)] {
            total += agree_within(framework, None, Op::ConvTranspose, &[size_in], &[target], &wide);
        }
        for (size_in, target) in [(7, 3), (6, 7), (9, 9), (5, 2)] {
            total += agree_within(framework, None, Op::Conv, &[size_in], &[target], &wide);
        }
        total += agree_within(framework, None, Op::ConvTranspose, &[3, 2], &[4, 3], &square);
        total += agree_within(framework, None, Op::Conv, &[6, 5], &[5, 4], &square);
    }
    assert!(total > 2000, "{total}");
}

/// output_padding up to 4 and strides up to 4: the padding words are probed without it and with
/// 0, then 1 only where it can matter (candidates.rs); here against resolving every layer.
#[test]
fn larger_output_paddings_agree_with_the_brute_force() {
    let wide = Limits { kernel_size: 4, stride: 4, dilation: 2, padding: 1, output_padding: 4 };
    let mut total = 0;
    for (framework, backend) in dialects() {
        for (size_in, target) in [(3, 6), (3, 9), (4, 14), (2, 7), (3, 12)] {
            total += agree_within(framework, backend, Op::ConvTranspose, &[size_in], &[target], &wide);
        }
    }
    assert!(total > 1000, "{total}");
}

fn answer(line: &str) -> Json {
    serde_json::from_str(&solve_line(line)).expect("an answer is JSON")
}

/// The Contract's example: Keras, 20×20 → 200×200, `strides=10, padding='same'` among the first,
/// and alternatives with holes further down.
#[test]
fn the_contract_example() {
    let a = answer(
        r#"{"framework": "keras", "op": "conv_transpose", "rank": 2, "input_size": [20, 20], "output_size": [200, 200],
            "limits": {"kernel_size": 16, "stride": 16, "dilation": 4, "padding": 16}, "max_solutions": 50}"#,
    );
    let solutions = a["solutions"].as_array().expect("solutions");
    assert_eq!(solutions.len(), 50);
    assert!(a["count"].as_u64().unwrap() >= 50);
    let first: Vec<&str> = solutions[..3].iter().map(|s| s["code"].as_str().unwrap()).collect();
    assert!(first.contains(&"keras.layers.Conv2DTranspose(1, 10, strides=10, padding='same')"), "{first:?}");
    let same = solutions.iter().find(|s| s["params"]["padding"] == "same" && s["params"]["kernel_size"] == 10).unwrap();
    assert_eq!(same["params"]["strides"], 10);
    assert_eq!(same["holes"], 0);
    assert_eq!(same["even_overlap"], true);
    assert_eq!(same["href"], "?fw=keras&in=20&k=10&s=10&p=same");
    // Every solution's link opens that layer: its keys left out are Keras's own defaults.
    for solution in solutions {
        let (state, problems) = AppState::from_query(solution["href"].as_str().unwrap());
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(state.code_line(), solution["code"].as_str().unwrap());
        assert_eq!(resolve(&state.request()).unwrap().spatial_out(), vec![200, 200], "{}", solution["href"]);
    }
    assert!(same["notes"][0].as_str().unwrap().contains("multiple of the stride"));
    assert_eq!(a["explicit"], Json::Null, "Keras 3 has no output size argument");
    // Holes rank last; with more listed, they appear.
    let all =
        answer(r#"{"framework": "keras", "input_size": [20, 20], "output_size": [200, 200], "max_solutions": 1000}"#);
    let listed = all["solutions"].as_array().unwrap();
    let holes: Vec<&Json> = listed.iter().filter(|s| s["holes"].as_u64().unwrap() > 0).collect();
    assert!(!holes.is_empty());
    assert!(holes.iter().any(|s| s["code"] == "keras.layers.Conv2DTranspose(1, 3, strides=10, padding='same')"));
    let first_hole = listed.iter().position(|s| s["holes"].as_u64().unwrap() > 0).unwrap();
    assert!(listed[first_hole..].iter().all(|s| s["holes"].as_u64().unwrap() > 0), "holes rank last");
    assert!(holes[0]["notes"][0].as_str().unwrap().contains("holes"));
}

/// Each solution's request goes through `convt eval` to the target, for every framework.
#[test]
fn every_listed_solution_resolves_through_eval() {
    for (framework, backend) in dialects() {
        let backend = backend.map_or(String::new(), |b| format!(r#", "backend": "{}""#, b.id()));
        for (op, size_in, target) in [("conv_transpose", "[12, 9]", "[24, 18]"), ("conv", "[24, 19]", "[12, 10]")] {
            let line = format!(
                r#"{{"framework": "{}"{backend}, "op": "{op}", "input_size": {size_in}, "output_size": {target},
                    "in_channels": 3, "out_channels": 5, "max_solutions": 40}}"#,
                framework.id()
            );
            let a = answer(&line);
            if a.get("error").is_some() {
                assert!(framework == Framework::Keras1 && op == "conv", "{line}: {a}");
                continue;
            }
            let solutions = a["solutions"].as_array().unwrap();
            assert!(!solutions.is_empty(), "{line}");
            for s in solutions.iter().chain(std::iter::once(&a["explicit"]).filter(|e| !e.is_null())) {
                let evaluated: Json = serde_json::from_str(&eval_line(&s["request"].to_string())).unwrap();
                let shape: Vec<i64> = evaluated["output_shape"]
                    .as_array()
                    .unwrap_or_else(|| panic!("{}: {evaluated}", s["code"]))
                    .iter()
                    .map(|v| v.as_i64().unwrap())
                    .collect();
                let spatial: Vec<i64> = serde_json::from_str(target).unwrap();
                assert!(shape.windows(spatial.len()).any(|w| w == spatial.as_slice()), "{}: {shape:?}", s["code"]);
                assert!(shape.contains(&5), "{}: 5 output channels in {shape:?}", s["code"]);
            }
        }
    }
}

#[test]
fn the_explicit_route_names_the_framework_argument_and_its_range() {
    for (framework, argument) in [
        ("pytorch", "output_size"),
        ("paddle", "output_size"),
        ("tensorflow", "output_shape"),
        ("onnx", "output_shape"),
        ("keras1", "output_shape"),
        ("mxnet", "target_shape"),
        ("chainer", "outsize"),
    ] {
        let a =
            answer(&format!(r#"{{"framework": "{framework}", "input_size": [20, 20], "output_size": [200, 200]}}"#));
        let explicit = &a["explicit"];
        assert_eq!(explicit["argument"], argument, "{framework}: {a}");
        let accepts = explicit["accepts"].as_array().unwrap();
        for range in accepts {
            let (low, high) = (range[0].as_i64().unwrap(), range[1].as_i64().unwrap());
            assert!(low <= 200 && 200 <= high, "{framework}: {range}");
        }
        assert!(explicit["code"].as_str().unwrap().contains(argument), "{framework}: {}", explicit["code"]);
    }
    for framework in ["caffe", "keras", "keras2", "jax"] {
        let a = answer(&format!(r#"{{"framework": "{framework}", "input_size": [20], "output_size": [200]}}"#));
        assert_eq!(a["explicit"], Json::Null, "{framework}");
    }
    let forward = answer(r#"{"framework": "pytorch", "op": "conv", "input_size": [200], "output_size": [20]}"#);
    assert_eq!(forward["explicit"], Json::Null);
}

#[test]
fn an_impossible_target_answers_count_zero_and_the_nearest_sizes() {
    let a = answer(
        r#"{"framework": "caffe", "input_size": [3], "output_size": [50], "limits": {"kernel_size": 3, "stride": 2, "dilation": 1, "padding": 1}}"#,
    );
    assert_eq!(a["count"], 0, "{a}");
    assert_eq!(a["solutions"].as_array().unwrap().len(), 0);
    // Largest: (3 - 1)*2 + 3 = 7 cells.
    assert_eq!(a["nearest"][0]["below"], 7, "{a}");
    assert_eq!(a["nearest"][0]["above"], Json::Null, "{a}");
}

/// "What gives 20 from 200?", and the autoencoder pairing.
#[test]
fn forward_solves_and_their_inverses() {
    let a = answer(
        r#"{"framework": "pytorch", "op": "conv", "input_size": [200, 200], "output_size": [20, 20], "pair": true, "max_solutions": 10}"#,
    );
    let solutions = a["solutions"].as_array().unwrap();
    assert_eq!(solutions[0]["code"], "nn.Conv2d(1, 1, kernel_size=10, stride=10)", "{a}");
    for s in solutions {
        let inverse = &s["inverse"];
        assert!(inverse.get("error").is_none(), "{inverse}");
        let evaluated: Json = serde_json::from_str(&eval_line(&inverse["request"].to_string())).unwrap();
        assert_eq!(evaluated["output_shape"], serde_json::json!([1, 1, 200, 200]), "{}", inverse["code"]);
    }
    assert_eq!(solutions[0]["inverse"]["code"], "nn.ConvTranspose2d(1, 1, kernel_size=10, stride=10)");
    // Keras: 'same' in the encoder and the decoder.
    let query = Query { pair: true, max_solutions: 5, ..Query::new(Framework::Keras, Op::Conv, vec![200], vec![20]) };
    let answer = solve(&query).unwrap();
    for s in &answer.solutions {
        match &s.inverse {
            Some(Inverse::Restores(inverse)) => {
                assert_eq!(resolve(&inverse.request).unwrap().spatial_out(), vec![200]);
                assert_eq!(inverse.state.kernel, s.state.kernel, "{}", s.code);
            }
            other => panic!("{}: {other:?}", s.code),
        }
    }
}

/// Hostile requests answer with an error or a capped search, quickly, never a panic.
#[test]
fn hostile_requests_are_refused_or_capped() {
    for line in [
        r#"{"framework": "keras", "input_size": [20, 20], "output_size": [200, 200], "limits": {"kernel_size": 1e12}}"#,
        r#"{"framework": "keras", "input_size": [20, 20], "output_size": [200, 200], "limits": {"stride": -3}}"#,
        r#"{"framework": "keras", "input_size": [20, 20], "output_size": [200, 200], "limits": {"padding": "lots"}}"#,
        r#"{"framework": "keras", "input_size": [20, 20], "output_size": [200, 200], "max_solutions": -1}"#,
        r#"{"framework": "keras", "input_size": [1099511627777], "output_size": [2]}"#,
        r#"{"framework": "keras", "input_size": [0], "output_size": [2]}"#,
        r#"{"framework": "keras", "input_size": [2, 2, 2, 2], "output_size": [2, 2, 2, 2]}"#,
        r#"{"framework": "keras", "input_size": [2, 2], "output_size": [2]}"#,
        r#"{"framework": "keras", "input_size": [2], "output_size": [4], "rank": 99999999999999999999}"#,
        r#"{"framework": "keras1", "op": "conv", "input_size": [20, 20], "output_size": [2, 2]}"#,
        r#"{"framework": "keras", "backend": "theano", "input_size": [2], "output_size": [4]}"#,
        r#"{"framework": "keras", "in_channels": 0, "input_size": [2], "output_size": [4]}"#,
        r#"[1, 2]"#,
        r#"{"framework": "keras", "input_size": [20], "output_size": [200]"#,
        "",
    ] {
        let a = answer(line);
        assert!(a["error"].is_string(), "{line}: {a}");
    }
    let start = std::time::Instant::now();
    let capped = answer(
        r#"{"framework": "pytorch", "input_size": [1099511627776, 3], "output_size": [1099511627776, 7],
            "limits": {"kernel_size": 1000000000000, "stride": 1000000, "dilation": 99, "padding": 4, "output_padding": 2},
            "max_solutions": 1000000000000}"#,
    );
    assert!(capped["notes"].as_array().unwrap().len() >= 4, "{capped}");
    assert!(capped["count"].as_u64().is_some(), "{capped}");
    assert!(start.elapsed().as_secs() < 30, "{:?}", start.elapsed());
    let too_many = answer(
        r#"{"framework": "onnx", "input_size": [20, 20], "output_size": [200, 200],
            "limits": {"kernel_size": 64, "stride": 64, "dilation": 16, "padding": 64, "output_padding": 63}}"#,
    );
    assert!(
        too_many["error"].as_str().is_some_and(|e| e.contains("lower")) || too_many["count"].as_u64().is_some(),
        "{too_many}"
    );
}

/// A tiny deterministic generator (xorshift), so a failing line can be found again.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }

    /// A size-like value: mostly small, sometimes hostile.
    fn number(&mut self, small: bool) -> String {
        const ODD: [&str; 14] =
            ["0", "1", "2", "3", "7", "20", "200", "-1", "1e12", "2.5", "1099511627776", "\"x\"", "null", "[]"];
        if small && self.below(4) != 0 {
            (1 + self.below(40)).to_string()
        } else {
            ODD[self.below(ODD.len() as u64) as usize].to_string()
        }
    }
}

/// Random solve lines, hostile values among them, for `CONVT_FUZZ_SECONDS` (default 5): each
/// answers with JSON (a count or an error) within seconds.
#[test]
fn random_solve_lines_always_answer() {
    let seconds: u64 = std::env::var("CONVT_FUZZ_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(5);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let start = std::time::Instant::now();
    let mut lines = 0;
    while start.elapsed().as_secs() < seconds {
        let framework = Framework::ALL[rng.below(Framework::ALL.len() as u64) as usize].id();
        let framework = if rng.below(20) == 0 { "caffe2" } else { framework };
        let rank = 1 + rng.below(3) as usize;
        let input: Vec<String> = (0..rank).map(|_| rng.number(true)).collect();
        let output: Vec<String> = (0..rank).map(|_| rng.number(true)).collect();
        let mut limits = Vec::new();
        for name in ["kernel_size", "stride", "dilation", "padding", "output_padding"] {
            if rng.below(2) == 0 {
                let value = if rng.below(3) == 0 { rng.number(false) } else { rng.below(5).to_string() };
                limits.push(format!("\"{name}\": {value}"));
            }
        }
        let op = ["conv", "conv_transpose", "deconv"][rng.below(3) as usize];
        let line = format!(
            r#"{{"framework": "{framework}", "op": "{op}", "input_size": [{}], "output_size": [{}], "limits": {{{}}}, "max_solutions": {}, "pair": {}}}"#,
            input.join(", "),
            output.join(", "),
            limits.join(", "),
            rng.number(true),
            rng.below(2) == 0
        );
        let began = std::time::Instant::now();
        let a = answer(&line);
        assert!(a["error"].is_string() || a["count"].is_u64() || a["count"].is_string(), "{line}: {a}");
        assert!(began.elapsed().as_secs() < 20, "{line}: {:?}", began.elapsed());
        lines += 1;
    }
    assert!(lines > 10, "{lines}");
}
