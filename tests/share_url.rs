#![cfg(not(target_arch = "wasm32"))]
//! The share URL's codec (Contract 2): every state the app can hold is written as a link that
//! reads back to exactly that state, and any text at all reads as some state (with each bad value
//! reported) without a panic, a hang or unbounded memory. `mode` and `seed` by name.

use convt_lab::conv::app::query::{AppState, Backend, Lang, Mode, Padding, View};
use convt_lab::conv::{Framework, Op};
use proptest::prelude::*;

/// The largest integer a link carries (query.rs).
const MAX_URL_INT: i64 = 1 << 40;

fn per_axis(rank: usize) -> impl Strategy<Value = Vec<i64>> {
    prop::collection::vec(prop_oneof![-3i64..40, -MAX_URL_INT..=MAX_URL_INT], rank)
}

fn padding(rank: usize) -> impl Strategy<Value = Padding> {
    prop_oneof![
        per_axis(rank).prop_map(Padding::Amounts),
        prop::collection::vec((-3i64..9, -3i64..9), rank).prop_map(Padding::Pairs),
        "[a-zA-Z_]{1,16}".prop_map(Padding::Word),
    ]
}

/// One of the framework's backends, or none named (for a framework without backends, none).
fn backend(framework: Framework) -> BoxedStrategy<Option<Backend>> {
    match framework.backends() {
        [] => Just(None).boxed(),
        backends => prop::option::of(prop::sample::select(backends.to_vec())).boxed(),
    }
}

/// Any state the app can hold: every field, per-axis values of the rank's length, a backend only
/// of its framework.
fn state() -> impl Strategy<Value = AppState> {
    (prop::sample::select(Framework::ALL.to_vec()), prop::bool::ANY, 1usize..=2).prop_flat_map(
        |(framework, forward, rank)| {
            let layer = (
                per_axis(rank),
                per_axis(rank),
                per_axis(rank),
                per_axis(rank),
                padding(rank),
                prop::option::of(per_axis(rank)),
                prop::option::of(per_axis(rank)),
                (-MAX_URL_INT..=MAX_URL_INT, -5i64..300, -2i64..5),
            );
            let page = (
                prop::sample::select(View::ALL.to_vec()),
                0usize..100_000,
                prop::bool::ANY,
                prop::collection::vec(-999i64..=999, 0..12),
                prop::collection::vec(-999i64..=999, 0..12),
                backend(framework),
                prop::option::of(prop::sample::select(Mode::ALL.to_vec())),
                prop::option::of(prop_oneof![Just(0u64), Just(u64::MAX), any::<u64>()]),
            );
            (layer, page).prop_map(move |(layer, page)| {
                let (size_in, kernel, stride, dilation, padding, output_padding, output_size, (cin, cout, groups)) =
                    layer;
                let (view, step, zh, input_values, kernel_values, backend, mode, seed) = page;
                AppState {
                    framework,
                    op: if forward { Op::Conv } else { Op::ConvTranspose },
                    rank,
                    size_in,
                    kernel,
                    stride,
                    dilation,
                    padding,
                    output_padding,
                    output_size,
                    channels_in: cin,
                    channels_out: cout,
                    groups,
                    view,
                    step,
                    lang: if zh { Lang::Zh } else { Lang::En },
                    input_values,
                    kernel_values,
                    backend,
                    mode,
                    seed,
                }
            })
        },
    )
}

/// Text that looks like a query: the app's keys, their values' alphabet, escapes, stray
/// separators, non-ASCII.
fn noise() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        prop::sample::select(vec![
            "fw=",
            "op=",
            "rank=",
            "in=",
            "k=",
            "s=",
            "d=",
            "p=",
            "opad=",
            "out=",
            "cin=",
            "cout=",
            "g=",
            "view=",
            "t=",
            "lang=",
            "xv=",
            "wv=",
            "be=",
            "mode=",
            "seed=",
            "&",
            "=",
            "?",
            "x",
            "-",
            ",",
            "%",
            "%2",
            "%FF",
            "%3D",
            "+",
            "none",
            "same",
            "keras",
            "jax",
            "theano",
            "present",
            "embed",
            "practice",
            "conv",
            "1",
            "0",
            "99999999999",
            "18446744073709551616",
            "é",
            "ＳＡＭＥ",
            "\u{0}",
            " ",
        ])
        .prop_map(str::to_string),
        "[ -~]{0,6}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn every_state_reads_back_from_its_link(state in state()) {
        let query = state.to_query();
        let (read, problems) = AppState::from_query(&query);
        prop_assert!(problems.is_empty(), "{query}: {problems:?}");
        prop_assert_eq!(read, state, "{}", query);
    }

    #[test]
    fn any_text_reads_as_a_state_that_round_trips(text in noise()) {
        let (state, problems) = AppState::from_query(&text);
        let pairs = text.split('&').filter(|p| !p.is_empty()).count();
        prop_assert!(problems.len() <= pairs, "{text:?}: {problems:?}");
        prop_assert!(problems.iter().all(|p| p.chars().count() < 160), "{problems:?}");
        for values in [&state.size_in, &state.kernel, &state.stride, &state.dilation] {
            prop_assert_eq!(values.len(), state.rank);
        }
        let (again, again_problems) = AppState::from_query(&state.to_query());
        prop_assert!(again_problems.is_empty(), "{:?}", again_problems);
        prop_assert_eq!(again, state);
    }
}

#[test]
fn a_long_hostile_query_reads_in_bounded_time_and_space() {
    let query = format!(
        "?in={}&p={}&xv={}&seed={}",
        "9x".repeat(200_000),
        "-".repeat(200_000),
        "1,".repeat(200_000),
        "9".repeat(200_000)
    );
    let started = std::time::Instant::now();
    let (state, problems) = AppState::from_query(&query);
    assert!(started.elapsed().as_secs() < 2);
    assert_eq!(problems.len(), 4, "{problems:?}");
    assert!(problems.iter().all(|p| p.chars().count() < 160), "{problems:?}");
    assert_eq!(state.size_in, vec![3, 3]);
    assert_eq!(state.seed, None);
}

#[test]
fn modes_and_seeds_are_kept_and_written_back() {
    for mode in Mode::ALL {
        let link = format!("mode={}", mode.id());
        let (state, problems) = AppState::from_query(&link);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(state.mode, Some(mode));
        assert_eq!(state.to_query(), link);
    }
    for (link, seed) in [("mode=practice&seed=42", 42), ("seed=0", 0), ("seed=18446744073709551615", u64::MAX)] {
        let (state, problems) = AppState::from_query(link);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(state.seed, Some(seed));
        assert_eq!(state.to_query(), link);
    }
    // A mode or seed that is not one is reported, and the link opens without it.
    for (link, problem) in [
        ("mode=Present", "mode=Present is not present, embed or practice; using the default"),
        ("mode=", "mode= is not present, embed or practice; using the default"),
        ("seed=18446744073709551616", "seed=18446744073709551616 is not a whole number below 2^64; using the default"),
        ("seed=-1", "seed=-1 is not a whole number below 2^64; using the default"),
        ("seed=4.2", "seed=4.2 is not a whole number below 2^64; using the default"),
        ("seed=%3Cb%3E", "seed=<b> is not a whole number below 2^64; using the default"),
    ] {
        let (state, problems) = AppState::from_query(link);
        assert_eq!(problems, vec![problem.to_string()], "{link}");
        assert_eq!((state.mode, state.seed), (None, None), "{link}");
    }
}
