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
    said.split(|c: char| c.is_whitespace() || "，；：。（）、".contains(c)).any(|token| {
        // Code, or the matrix view's mathematics (Cᵀx).
        let code = token.contains(|c: char| "()=_[]{}'\"ᵀ".contains(c));
        let letters = token.chars().filter(|c| c.is_ascii_alphabetic()).count();
        !code && letters >= 2 && !NAMES.iter().any(|n| token.trim_matches(|c: char| !c.is_alphanumeric()) == *n)
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
