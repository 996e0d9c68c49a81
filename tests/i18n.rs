//! The Chinese table: one entry per English text, every template's placeholders kept, the
//! glossary's terms used alike, and the core's own words (scene titles, captions, the exports'
//! titles) all translated for layers of every kind.

use std::collections::HashSet;

use convt_lab::conv::geometry::axis::{Axis, AxisSpec, Op};
use convt_lab::conv::geometry::padding::PaddingMode;
use convt_lab::i18n::glossary::ZH_TERMS;
use convt_lab::i18n::{zh, Table};
use convt_lab::scene::{
    conv_scene, conv_steps, gather_scene, gather_steps, matrix_scene, matrix_steps, overlap_scene, scatter_scene,
    scatter_steps, Scene, WIDE,
};

fn placeholders(text: &str) -> Vec<String> {
    let mut found: Vec<String> = text
        .match_indices('{')
        .filter_map(|(at, _)| {
            let close = text[at..].find('}')? + at;
            text[at + 1..close].parse::<usize>().ok().map(|n| n.to_string())
        })
        .collect();
    found.sort();
    found
}

/// Whether `text` has `term` as a whole word (not inside `output_padding` or `strides=`).
fn has_word(text: &str, term: &str) -> bool {
    let lower = text.to_lowercase();
    lower.match_indices(term).any(|(at, _)| {
        let before = lower[..at].chars().next_back();
        let after = lower[at + term.len()..].chars().next();
        let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '=');
        !word(before) && !word(after)
    })
}

/// Whether a translation still has an English word: two letters or more, outside code (a token
/// with brackets, `=`, `_` or quotes) and the frameworks' names.
fn english_left(said: &str) -> bool {
    const NAMES: [&str; 12] = [
        "PyTorch",
        "Keras",
        "TensorFlow",
        "Caffe",
        "ONNX",
        "JAX",
        "MXNet",
        "Chainer",
        "Paddle",
        "SAME",
        "VALID",
        "NumPy",
    ];
    // A framework's own message in double quotes, and code in backticks, stay as they are.
    let unquoted: String = said.split('"').step_by(2).collect::<Vec<_>>().join(" ");
    let unquoted: String = unquoted.split('`').step_by(2).collect::<Vec<_>>().join(" ");
    unquoted.split(|c: char| c.is_whitespace() || "，；：。（）、".contains(c)).any(|token| {
        // Code (quoted in backticks too, as the engine's `as_it_is` takes it), or the matrix
        // view's mathematics (Cᵀx).
        let code = token.contains(|c: char| "()=_[]{}'\"`ᵀ".contains(c));
        let word = token.trim_matches(|c: char| !c.is_alphanumeric());
        // A name in the frameworks' own spelling, not English: CamelCase (TypeError,
        // ConvTranspose2d), with digits (conv1d, 2D), all capitals (NHWC, CPU).
        let name = word.chars().any(|c| c.is_ascii_digit())
            || word.chars().zip(word.chars().skip(1)).any(|(a, b)| a.is_ascii_lowercase() && b.is_ascii_uppercase())
            || (word.len() >= 2 && word.chars().all(|c| c.is_ascii_uppercase()))
            // Python's and JSON's literals, products (ONNX Runtime, Theano), dotted paths (tf.keras, nn.Conv2d).
            || ["None", "True", "False", "null", "Runtime", "Theano", "Gluon", "Eigen", "Linux", "Python"].contains(&word)
            || word.split('.').filter(|part| !part.is_empty()).count() >= 2;
        let letters = token.chars().filter(|c| c.is_ascii_alphabetic()).count();
        !code && !name && letters >= 2 && !NAMES.iter().any(|n| token.trim_matches(|c: char| !c.is_alphanumeric()) == *n)
    })
}

#[test]
fn entries_are_unique_and_keep_their_placeholders() {
    let mut seen = HashSet::new();
    for (english, chinese) in zh::ENTRIES {
        assert!(seen.insert(*english), "{english:?} is in the table twice");
        assert_eq!(placeholders(english), placeholders(chinese), "{english:?} → {chinese:?}");
        assert!(!chinese.trim().is_empty(), "{english:?} has no translation");
    }
}

#[test]
fn every_entry_says_the_glossarys_terms_alike() {
    let mut wrong = Vec::new();
    for (english, chinese) in zh::ENTRIES {
        // The text outside placeholders is what the entry itself says.
        for (term, said) in ZH_TERMS {
            if has_word(english, term) && !chinese.contains(said) {
                wrong.push(format!("{english:?} → {chinese:?}: `{term}` is {said}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{} entries break the glossary:\n{}", wrong.len(), wrong.join("\n"));
}

fn axis(op: Op, size_in: i64, kernel: i64, stride: i64, pad: i64, out_pad: i64, dilation: i64) -> Option<Axis> {
    AxisSpec {
        size_in,
        kernel_size: kernel,
        stride,
        dilation,
        pad_before: pad,
        pad_after: pad,
        output_padding: out_pad,
    }
    .resolve(op)
    .ok()
}

/// The scenes of every view at every step for a layer, as the stage and the exports draw them.
fn scenes(axes: &[Axis]) -> Vec<Scene> {
    let (x, w): (Vec<i64>, Vec<i64>) = {
        let n_in: i64 = axes.iter().map(|a| a.size_in).product();
        let n_k: i64 = axes.iter().map(|a| a.kernel_size).product();
        ((1..=n_in).collect(), (1..=n_k).map(|v| v % 3 + 1).collect())
    };
    let mut out = vec![overlap_scene(axes)];
    out.extend((0..=scatter_steps(axes)).map(|s| scatter_scene(axes, &x, &w, s, true)));
    out.extend((0..=gather_steps(axes)).map(|s| gather_scene(axes, &x, &w, s, true, WIDE)));
    out.extend((0..=matrix_steps(axes)).map(|s| matrix_scene(axes, &x, &w, s, true)));
    out
}

#[test]
fn the_cores_words_are_all_in_the_table() {
    let table = Table::new(zh::ENTRIES);
    let mut missing = std::collections::BTreeSet::new();
    // A one-letter symbol (the matrix view's x, y, C, Cᵀ) is mathematics, the same in Chinese.
    let symbol = |text: &str| text.chars().filter(|c| c.is_alphabetic()).count() <= 2 && !text.contains(' ');
    let mut check = |text: &str| {
        if text.bytes().any(|b| b.is_ascii_alphabetic()) && !symbol(text) {
            match table.translate(text) {
                None => {
                    missing.insert(text.to_string());
                }
                // A template can take an argument it could not translate as it is: English left.
                Some(said) if english_left(&said) => {
                    missing.insert(format!("{text} → {said}"));
                }
                Some(_) => {}
            }
        }
    };
    let layers: Vec<Vec<Axis>> = [
        (3, 3, 2, 1, 1, 1),
        (2, 2, 3, 0, 0, 1),
        (4, 3, 1, 0, 0, 1),
        (3, 2, 2, 0, 0, 2),
        (5, 4, 2, 1, 0, 1),
        (3, 1, 1, 0, 0, 1),
    ]
    .into_iter()
    .filter_map(|(n, k, s, p, op, d)| {
        let a = axis(Op::ConvTranspose, n, k, s, p, op, d)?;
        Some(vec![a, a])
    })
    .chain([axis(Op::ConvTranspose, 6, 3, 2, 1, 1, 2).map(|a| vec![a])].into_iter().flatten())
    .collect();
    for axes in &layers {
        for scene in scenes(axes) {
            scene.labels.iter().for_each(|l| check(&l.text));
            check(&scene.caption);
            if let Some(summary) = &scene.summary {
                check(summary);
            }
        }
    }
    for (n, k, s, p) in [(5, 3, 1, 1), (4, 2, 2, 0), (6, 3, 2, 1)] {
        let Some(a) = axis(Op::Conv, n, k, s, p, 0, 1) else { continue };
        let axes = vec![a, a];
        let x: Vec<i64> = (1..=n * n).collect();
        let w: Vec<i64> = (1..=k * k).collect();
        for mode in [PaddingMode::Zeros, PaddingMode::Reflect] {
            for step in 0..=conv_steps(&axes) {
                let scene = conv_scene(&axes, &x, &w, mode, step, true, WIDE);
                scene.labels.iter().for_each(|l| check(&l.text));
                check(&scene.caption);
            }
        }
    }
    assert!(
        missing.is_empty(),
        "{} texts the Chinese table cannot say:\n{}",
        missing.len(),
        missing.into_iter().collect::<Vec<_>>().join("\n")
    );
}

/// The frameworks whose rejections the Chinese table says in full (the `framework` of each
/// fixture request): every dialect, with one exception, [`remains`].
const ZH_COVERED_FRAMEWORKS: [&str; 11] =
    ["pytorch", "tensorflow", "keras", "keras1", "keras2", "jax", "onnx", "caffe", "mxnet", "chainer", "paddle"];

/// What remains untranslated: Keras 3's messages cut at 600 characters (`error_json`). They stack a
/// tf.nn message, the oneDNN note and the other backends' answers, and the cut falls inside a
/// clause (often inside a word), so no entry can say the last clause; every uncut Keras message is
/// checked.
fn remains(framework: &str, error: &str) -> bool {
    framework == "keras" && error.ends_with(" (message cut at 600 characters)")
}

#[test]
fn the_dialects_rejections_are_all_in_the_table() {
    use std::collections::BTreeSet;
    let table = Table::new(zh::ENTRIES);
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/fixtures")
        .map(|e| e.expect("a fixture").path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    assert!(files.len() >= 30, "the fixtures are missing: {} files in {}", files.len(), dir.display());
    let (mut requests, mut errors) = (0, BTreeSet::new());
    for file in &files {
        let text = std::fs::read_to_string(file).expect("a fixture file");
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let entry: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
            let Some(request) = entry.get("request") else { continue };
            let framework = request.get("framework").and_then(|f| f.as_str()).unwrap_or("");
            if !ZH_COVERED_FRAMEWORKS.contains(&framework) {
                continue;
            }
            requests += 1;
            let answer: serde_json::Value =
                serde_json::from_str(&convt_lab::cli::eval_line(&request.to_string())).expect("a JSON answer");
            if let Some(error) = answer.get("error").and_then(|e| e.as_str()) {
                if !remains(framework, error) {
                    errors.insert(error.to_string());
                }
            }
        }
    }
    // The fixtures hold thousands of rejections: a test that found none would prove nothing.
    assert!(requests > 10_000 && errors.len() > 1_000, "{requests} requests, {} errors", errors.len());
    let missing: Vec<String> = errors
        .iter()
        .filter_map(|error| match table.translate(error) {
            None => Some(format!("{error}\n  → (none)")),
            Some(said) if english_left(&said) => Some(format!("{error}\n  → {said}")),
            Some(_) => None,
        })
        .collect();
    assert!(
        missing.is_empty(),
        "{} of {} rejections the Chinese table cannot say:\n{}",
        missing.len(),
        errors.len(),
        missing.join("\n")
    );
}

/// Practice mode's questions, verdicts and explanations, right and wrong, over many seeds: each
/// line is said whole in Chinese (the page shows each as a text of its own).
#[test]
fn the_exercises_words_are_all_in_the_table() {
    use convt_lab::conv::app::exercises::{exercises, Answer};
    let table = Table::new(zh::ENTRIES);
    let mut missing = std::collections::BTreeSet::new();
    for seed in 0..400u64 {
        for ex in exercises(seed) {
            let wrong = match ex.answer() {
                Answer::Size(s) => vec![Answer::Size(vec![s[0] + 1, s[1]])],
                Answer::Number(a) => vec![Answer::Number(a + 1), Answer::Number(a + 9)],
                Answer::Cells(c) => {
                    let (rows, cols) = ex.grid().unwrap();
                    let every: Vec<(i64, i64)> = (0..rows).flat_map(|r| (0..cols).map(move |c| (r, c))).collect();
                    vec![
                        Answer::Cells(Vec::new()),
                        Answer::Cells(every.into_iter().filter(|x| !c.contains(x)).collect()),
                    ]
                }
            };
            let mut lines = vec![ex.question()];
            lines.extend(ex.check(&ex.answer()).lines);
            for answer in wrong {
                lines.extend(ex.check(&answer).lines);
            }
            for line in lines {
                match table.translate(&line) {
                    Some(said) if !english_left(&said) => {}
                    said => {
                        missing.insert(format!("{line} → {said:?}"));
                    }
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "{} lines not in Chinese:\n{}",
        missing.len(),
        missing.into_iter().take(20).collect::<Vec<_>>().join("\n")
    );
}
