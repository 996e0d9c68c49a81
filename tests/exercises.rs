//! Practice mode's questions (conv::app::exercises): the same for everyone with one seed, each a
//! layer PyTorch's full rules accept, each answer the one the engine computes, each answer checked
//! right and each wrong one checked wrong, with an explanation whose arithmetic adds up.

use convt_lab::conv::app::exercises::{exercise, exercises, fallback, holes, Answer, Draw, Exercise, Kind, QUESTIONS};
use convt_lab::conv::app::query::{AppState, Mode, View};
use convt_lab::conv::compute::engine::{run, Geometry};
use convt_lab::conv::compute::views::output_holes;
use convt_lab::conv::dialects::pytorch;
use convt_lab::conv::geometry::padding::PaddingMode;
use convt_lab::conv::Op;

/// Seeds the checks run over: the first thousand, and a spread of large ones.
fn seeds() -> impl Iterator<Item = u64> {
    (0..1000u64).chain((0..1000u64).map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ u64::MAX))
}

/// The engine's output (one channel, row-major) for an input and kernel given per cell.
fn engine(ex: &Exercise, input: &[f32], kernel: &[f32]) -> Vec<f32> {
    let geometry = Geometry {
        op: Op::ConvTranspose,
        batch: 1,
        channels_in: 1,
        channels_out: 1,
        groups: 1,
        axes: ex.axes.clone(),
        padding_mode: PaddingMode::Zeros,
    };
    run(&geometry, input, kernel, None)
}

fn cells(rows: i64, cols: i64) -> Vec<(i64, i64)> {
    (0..rows).flat_map(|r| (0..cols).map(move |c| (r, c))).collect()
}

#[test]
fn one_seed_gives_everyone_the_same_questions() {
    for seed in seeds().take(200) {
        assert_eq!(exercises(seed), exercises(seed));
    }
    // A link shared today must ask the same tomorrow: the generator's output for one seed is pinned.
    let codes: Vec<String> = exercises(42).iter().map(|e| format!("{} on {:?}", e.code, e.input_shape)).collect();
    assert_eq!(codes, SEED_42, "seed 42's questions changed: every shared practice link would change with them");
    // Different seeds differ.
    let distinct: std::collections::HashSet<String> =
        (0..50u64).map(|s| exercises(s).iter().map(|e| e.code.clone()).collect::<Vec<_>>().join("|")).collect();
    assert!(distinct.len() >= 45, "only {} distinct question sets in 50 seeds", distinct.len());
}

const SEED_42: [&str; 8] = [
    "nn.ConvTranspose2d(1, 1, kernel_size=2, stride=(1, 3)) on [1, 1, 2, 2]",
    "nn.ConvTranspose2d(1, 1, kernel_size=2, stride=3, padding=2, dilation=2) on [1, 1, 4, 4]",
    "nn.ConvTranspose2d(1, 1, kernel_size=3) on [1, 1, 4, 4]",
    "nn.ConvTranspose2d(1, 1, kernel_size=2, stride=2) on [1, 1, 4, 3]",
    "nn.ConvTranspose2d(1, 1, kernel_size=4, stride=3, padding=2, output_padding=2) on [1, 1, 2, 2]",
    "nn.ConvTranspose2d(1, 1, kernel_size=1, stride=3) on [1, 1, 2, 2]",
    "nn.ConvTranspose2d(1, 1, kernel_size=3, stride=2, padding=2) on [1, 1, 4, 4]",
    "nn.ConvTranspose2d(1, 1, kernel_size=3, stride=3, padding=2) on [1, 1, 2, 2]",
];

#[test]
fn every_question_is_a_layer_pytorch_accepts_with_the_answer_the_engine_computes() {
    let mut kinds = [0usize; 4];
    for seed in seeds() {
        for (index, ex) in exercises(seed).into_iter().enumerate() {
            let kind = [Kind::OutputSize, Kind::Holes, Kind::Reach, Kind::OutputPadding][index % 4];
            assert_eq!(ex.kind, kind);
            kinds[index % 4] += 1;
            // PyTorch's full rules (not only the form's) give the same layer.
            let layer = pytorch::resolve(&pytorch::request(&ex.state.settings())).expect("PyTorch accepts it");
            assert_eq!(layer.axes, ex.axes, "seed {seed} question {index}");
            assert_eq!(layer.output_shape[2..], ex.size_out()[..]);
            let out = ex.size_out();
            assert!(out.iter().all(|o| (2..=10).contains(o)), "seed {seed} question {index}: output {out:?}");

            let (rows, cols) = (ex.axes[0].size_in, ex.axes[1].size_in);
            let kernel = vec![1.0; (ex.axes[0].kernel_size * ex.axes[1].kernel_size) as usize];
            match ex.answer() {
                Answer::Size(size) => assert_eq!(size, out),
                Answer::Number(a) => {
                    assert_eq!(ex.target.as_deref(), Some(&out[..]));
                    assert!(ex.axes.iter().all(|axis| axis.output_padding == a));
                    assert!(
                        !ex.code.contains("output_padding"),
                        "the question's code gives the answer away: {}",
                        ex.code
                    );
                }
                Answer::Cells(found) if ex.kind == Kind::Holes => {
                    // A hole: a zero of the output when every input and tap is 1.
                    let ones = engine(&ex, &vec![1.0; (rows * cols) as usize], &kernel);
                    let zeros: Vec<(i64, i64)> = cells(out[0], out[1])
                        .into_iter()
                        .filter(|&(r, c)| ones[(r * out[1] + c) as usize] == 0.0)
                        .collect();
                    assert_eq!(found, zeros, "seed {seed} question {index}");
                    assert!(!found.is_empty());
                    assert_eq!(output_holes(&ex.axes), Some(found.len() as u128));
                }
                Answer::Cells(found) => {
                    // An input reaches the cell when, alone set to 1, it makes the cell nonzero.
                    let (r, c) = ex.cell.expect("a reach question names its cell");
                    let reach: Vec<(i64, i64)> = cells(rows, cols)
                        .into_iter()
                        .filter(|&(i, j)| {
                            let mut one_hot = vec![0.0; (rows * cols) as usize];
                            one_hot[(i * cols + j) as usize] = 1.0;
                            engine(&ex, &one_hot, &kernel)[(r * out[1] + c) as usize] != 0.0
                        })
                        .collect();
                    assert_eq!(found, reach, "seed {seed} question {index}");
                    assert_eq!(ex.state.view, View::Gather);
                    assert_eq!(ex.state.step as i64, r * out[1] + c + 1, "the stage's step is the cell's");
                }
            }
        }
    }
    assert!(kinds.iter().all(|&n| n == 2 * 2000), "{kinds:?}");
}

/// Answers a student might give wrongly: off by one, a cell missed or added, another padding.
fn wrong_answers(ex: &Exercise) -> Vec<Answer> {
    match ex.answer() {
        Answer::Size(size) => vec![
            Answer::Size(vec![size[0] + 1, size[1]]),
            Answer::Size(vec![size[0], size[1] - 1]),
            Answer::Size(vec![size[1] + 2, size[0]]),
            Answer::Size(vec![0, 0]),
        ],
        Answer::Number(a) => vec![Answer::Number(a + 1), Answer::Number(a + 5), Answer::Number(-1)],
        Answer::Cells(found) => {
            let (rows, cols) = ex.grid().expect("a cell question has a grid");
            let mut wrong = Vec::new();
            if let Some((_, rest)) = found.split_first() {
                wrong.push(Answer::Cells(rest.to_vec()));
            }
            if let Some(other) = cells(rows, cols).into_iter().find(|c| !found.contains(c)) {
                let mut more = found.clone();
                more.push(other);
                wrong.push(Answer::Cells(more));
            }
            wrong
        }
    }
}

#[test]
fn the_right_answer_checks_right_and_every_wrong_one_wrong_with_reasons() {
    for seed in seeds().step_by(3) {
        for ex in exercises(seed) {
            let right = ex.check(&ex.answer());
            assert!(right.right, "{:?}", right.lines);
            assert!(right.lines[0].starts_with("Right"), "{:?}", right.lines);
            // Cells in any order, repeated, still check right.
            if let Answer::Cells(mut found) = ex.answer() {
                found.reverse();
                found.extend(found.clone());
                assert!(ex.check(&Answer::Cells(found)).right);
            }
            let wrong_answers = wrong_answers(&ex);
            assert!(!wrong_answers.is_empty());
            for wrong in wrong_answers {
                let verdict = ex.check(&wrong);
                assert!(!verdict.right, "{:?} checked right for {}", wrong, ex.code);
                assert!(verdict.lines[0].starts_with("Not quite"), "{:?}", verdict.lines);
                assert!(verdict.lines.len() >= 2, "a wrong answer is explained: {:?}", verdict.lines);
            }
            // An answer of another kind is wrong, not a panic.
            assert!(!ex.check(&Answer::Number(0)).right || ex.kind == Kind::OutputPadding);
        }
    }
}

/// Evaluate the explanation's arithmetic: `(5 − 1)·2 − 2·1 + 1·(3 − 1) + 0 + 1 = 9`.
fn evaluate(expression: &str) -> i64 {
    let expression = expression.replace('−', "-").replace('·', "*").replace(' ', "");
    fn sum(s: &[u8], at: &mut usize) -> i64 {
        let mut total = product(s, at);
        while *at < s.len() && (s[*at] == b'+' || s[*at] == b'-') {
            let sign = if s[*at] == b'+' { 1 } else { -1 };
            *at += 1;
            total += sign * product(s, at);
        }
        total
    }
    fn product(s: &[u8], at: &mut usize) -> i64 {
        let mut total = atom(s, at);
        while *at < s.len() && s[*at] == b'*' {
            *at += 1;
            total *= atom(s, at);
        }
        total
    }
    fn atom(s: &[u8], at: &mut usize) -> i64 {
        if s[*at] == b'(' {
            *at += 1;
            let value = sum(s, at);
            *at += 1;
            return value;
        }
        let start = *at;
        while *at < s.len() && s[*at].is_ascii_digit() {
            *at += 1;
        }
        std::str::from_utf8(&s[start..*at]).unwrap().parse().unwrap()
    }
    let mut at = 0;
    let value = sum(expression.as_bytes(), &mut at);
    assert_eq!(at, expression.len(), "could not read {expression}");
    value
}

#[test]
fn the_explanations_arithmetic_adds_up() {
    let mut formulas = 0;
    for seed in seeds() {
        for ex in exercises(seed) {
            for line in ex.explanation() {
                let Some((left, right)) = line.rsplit_once(" = ") else { continue };
                let Some(left) = left.rsplit_once(": ").map(|(_, l)| l) else { continue };
                if !left.starts_with('(') {
                    continue;
                }
                let right: i64 = right.trim_end_matches('.').parse().unwrap();
                assert_eq!(evaluate(left), right, "{line}");
                formulas += 1;
            }
        }
    }
    assert!(formulas > 4000, "{formulas} formulas checked");
}

#[test]
fn the_stage_shows_the_questions_layer_keeping_the_pages_settings() {
    let page = AppState { mode: Some(Mode::Practice), seed: Some(7), ..AppState::default() };
    for index in 0..QUESTIONS {
        let ex = exercise(7, index);
        let shown = ex.stage_state(&page);
        assert_eq!((shown.mode, shown.seed), (Some(Mode::Practice), Some(7)));
        // The state survives its URL: a link to it reopens the same layer.
        let (reopened, problems) = AppState::from_query(&shown.to_query());
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(reopened, shown);
    }
    assert_eq!(holes(&exercise(7, 1).axes).len(), output_holes(&exercise(7, 1).axes).unwrap() as usize);
}

#[test]
fn the_fallback_layer_suits_every_kind_whatever_the_draw() {
    for kind in [Kind::OutputSize, Kind::Holes, Kind::Reach, Kind::OutputPadding] {
        for seed in 0..500u64 {
            let ex = fallback(kind, &mut Draw::new(seed, 0));
            assert_eq!(ex.kind, kind);
            assert!(ex.check(&ex.answer()).right);
            if kind == Kind::Holes {
                assert!(!holes(&ex.axes).is_empty());
            }
        }
    }
}
