#![cfg(not(target_arch = "wasm32"))]
//! Every statement the app makes about a framework comes from that framework's dialect, and is
//! checked here by resolving it again, over random layers of every framework:
//!
//! - the ambiguity plot and caption: each size they list as picked by an argument
//!   (`output_padding 9`, `output_shape 200`) is what the framework gives with that argument, and
//!   each size they call shared is one the framework's own forward convolution maps to the small size;
//! - the framework table: a row's arguments resolve, in that framework, to the same output size
//!   and window, and its code line is the form's code line for those arguments;
//! - the shape panel: each axis's formula ends in the size the dialect resolved.

use convt_lab::conv::app::ambiguity::in_framework;
use convt_lab::conv::app::express::{express, Expression};
use convt_lab::conv::app::query::{AppState, Backend, Padding};
use convt_lab::conv::dialects::pytorch;
use convt_lab::conv::dialects::settings::FieldKey;
use convt_lab::conv::{resolve, Framework, Layer, Op};
use proptest::prelude::*;

fn state_strategy() -> impl Strategy<Value = AppState> {
    let frameworks = prop::sample::select(Framework::ALL.to_vec());
    let words = prop::sample::select(vec!["same", "valid", "SAME", "VALID", "SAME_UPPER", "SAME_LOWER", "full"]);
    let padding = prop_oneof![
        (0i64..3).prop_map(|p| Padding::Amounts(vec![p, p])),
        words.prop_map(|w| Padding::Word(w.to_string())),
        ((0i64..3), (0i64..3)).prop_map(|(b, e)| Padding::Pairs(vec![(b, e), (b, e)])),
    ];
    let output_padding = prop_oneof![Just(None), (0i64..3).prop_map(|o| Some(vec![o, o]))];
    (
        frameworks,
        prop::bool::ANY,
        1usize..3,
        (1i64..7, 1i64..5, 1i64..5, 1i64..3),
        padding,
        output_padding,
        (1i64..3, 1i64..3),
        prop::sample::select(vec![None, Some(Backend::Jax), Some(Backend::Torch), Some(Backend::Theano)]),
    )
        .prop_map(|(framework, forward, rank, (n, k, s, d), padding, output_padding, (cin, cout), backend)| {
            let fit = |v: Vec<i64>| vec![v[0]; rank];
            let padding = match padding {
                Padding::Amounts(v) => Padding::Amounts(fit(v)),
                Padding::Pairs(v) => Padding::Pairs(vec![v[0]; rank]),
                word => word,
            };
            AppState {
                framework,
                op: if forward { Op::Conv } else { Op::ConvTranspose },
                rank,
                size_in: vec![n; rank],
                kernel: vec![k; rank],
                stride: vec![s; rank],
                dilation: vec![d; rank],
                padding,
                output_padding: output_padding.map(fit),
                output_size: None,
                channels_in: cin,
                channels_out: cout,
                groups: 1,
                backend: backend.filter(|b| framework.backends().contains(b)),
                ..AppState::default()
            }
        })
}

/// The layer a state means, when its framework accepts it.
fn layer_of(state: &AppState) -> Option<Layer> {
    resolve(&state.request()).ok()
}

/// `values` with entry `index` replaced.
fn with_axis(values: &[i64], index: usize, value: i64) -> Vec<i64> {
    let mut values = values.to_vec();
    values[index] = value;
    values
}

fn check_plot(state: &AppState, layer: &Layer) -> Result<(), TestCaseError> {
    for index in 0..layer.axes.len() {
        let Some(plot) = in_framework(state, layer, index) else { continue };
        prop_assert!(plot.candidates.iter().any(|c| c.size == plot.current), "the current size is listed");
        for candidate in &plot.candidates {
            // A size called shared is one the staircase (the framework's forward rule) maps to small.
            if candidate.inverts {
                prop_assert!(plot.staircase.contains(&(candidate.size, plot.small)), "{candidate:?}");
            }
            let Some(pick) = &candidate.pick else { continue };
            let (name, value) = pick.rsplit_once(' ').expect("a pick is `name value`");
            let value: i64 = value.parse().expect("a pick's value is an integer");
            let transposed = AppState { op: Op::ConvTranspose, ..state.clone() };
            let small_state = match state.op {
                Op::ConvTranspose => transposed,
                // A forward layer's picks belong to its transposed counterpart from the small size.
                Op::Conv => continue,
            };
            let trial = if (state.framework.dialect().fields)(Op::ConvTranspose, state.rank)
                .iter()
                .any(|f| f.name == name && f.key == FieldKey::OutputPadding)
            {
                let others = state.output_padding.clone().unwrap_or_else(|| vec![0; state.rank]);
                AppState { output_padding: Some(with_axis(&others, index, value)), output_size: None, ..small_state }
            } else {
                let sizes = state.output_size.clone().unwrap_or_else(|| layer.spatial_out());
                AppState { output_size: Some(with_axis(&sizes, index, value)), ..small_state }
            };
            let resolved = layer_of(&trial);
            prop_assert!(
                resolved.as_ref().is_some_and(|l| l.axes[index].size_out == candidate.size),
                "{:?}: the plot says `{pick}` gives {}, the dialect says {:?}",
                state.framework,
                candidate.size,
                resolved.map(|l| l.spatial_out())
            );
        }
    }
    Ok(())
}

fn check_table(state: &AppState, layer: &Layer) -> Result<(), TestCaseError> {
    if layer.axes.len() > 2 {
        return Ok(());
    }
    for framework in
        [Framework::Pytorch, Framework::Tensorflow, Framework::Keras, Framework::Jax, Framework::Onnx, Framework::Caffe]
    {
        if let Expression::Exact { state: row, code, layer: row_layer, .. } = express(state, layer, framework) {
            prop_assert_eq!(row.framework, framework);
            prop_assert_eq!(row_layer.spatial_out(), layer.spatial_out(), "{:?} row of {:?}", framework, state);
            prop_assert_eq!(row_layer.channels_out, layer.channels_out);
            if framework != Framework::Jax {
                // JAX's row adds transpose_kernel to the form's line; the others are the form's line.
                prop_assert_eq!(code, row.code_line());
                let again = layer_of(&row);
                prop_assert!(again.is_some_and(|l| l.spatial_out() == layer.spatial_out()), "{:?} row", framework);
            }
        }
    }
    Ok(())
}

fn check_shape_panel(layer: &Layer) -> Result<(), TestCaseError> {
    prop_assert_eq!(layer.derivations.len(), layer.axes.len());
    for (derivation, axis) in layer.derivations.iter().zip(&layer.axes) {
        prop_assert_eq!(derivation.size_out, axis.size_out, "{:?}", derivation);
        let said = derivation.substituted.split_whitespace().next().unwrap_or("");
        let last = derivation.substituted.rsplit(" = ").next().unwrap_or("");
        prop_assert!(
            last.trim() == axis.size_out.to_string() || said == axis.size_out.to_string(),
            "the formula states {} for a size of {}",
            derivation.substituted,
            axis.size_out
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    #[test]
    fn plot_table_and_shape_panel_agree_with_the_dialects(state in state_strategy()) {
        let Some(layer) = layer_of(&state) else { return Ok(()) };
        check_plot(&state, &layer)?;
        check_table(&state, &layer)?;
        check_shape_panel(&layer)?;
    }
}

/// The property above is not vacuous: most random layers resolve, many have a plot with picks,
/// and every framework is among them.
#[test]
fn the_random_layers_reach_every_framework_and_the_plot() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = state_strategy();
    let (mut resolved, mut picked, mut frameworks) = (0, 0, std::collections::HashSet::new());
    for _ in 0..400 {
        let state = strategy.new_tree(&mut runner).expect("a state").current();
        let Some(layer) = layer_of(&state) else { continue };
        resolved += 1;
        frameworks.insert(state.framework);
        let picks = (0..layer.axes.len())
            .filter_map(|index| in_framework(&state, &layer, index))
            .any(|plot| plot.candidates.iter().any(|c| c.pick.is_some()));
        picked += usize::from(picks);
    }
    println!(
        "{resolved} of 400 random layers resolve; {picked} have a plot with picks; {} frameworks",
        frameworks.len()
    );
    assert!(resolved >= 120, "only {resolved} of 400 random layers resolve");
    assert!(picked >= 60, "only {picked} plots with picks");
    assert_eq!(frameworks.len(), Framework::ALL.len(), "{frameworks:?}");
}

/// Any PyTorch state a link or the form can hold: sizes from 0, paddings beyond the kernel,
/// words PyTorch refuses for transposed layers, output_padding and output_size out of range.
fn torch_state_strategy() -> impl Strategy<Value = AppState> {
    let padding = prop_oneof![
        (-1i64..5).prop_map(|p| Padding::Amounts(vec![p, p])),
        (0i64..5).prop_map(|p| Padding::Amounts(vec![p, p])),
        prop::sample::select(vec!["same", "valid", "SAME", "full"]).prop_map(|w| Padding::Word(w.to_string())),
        ((0i64..3), (0i64..3)).prop_map(|(b, e)| Padding::Pairs(vec![(b, e), (b, e)])),
    ];
    (
        prop::bool::ANY,
        1usize..3,
        prop_oneof![(0i64..8, 0i64..5, 0i64..5, 0i64..4), (1i64..8, 1i64..5, 1i64..5, 1i64..4)],
        padding,
        prop_oneof![Just(None), (-1i64..5).prop_map(|o| Some(vec![o, o]))],
        prop_oneof![Just(None), (0i64..20).prop_map(|o| Some(vec![o, o]))],
        prop_oneof![(0i64..4, 0i64..4, 0i64..3), (1i64..4, 1i64..4, 1i64..3)],
    )
        .prop_map(|(forward, rank, (n, k, s, d), padding, output_padding, output_size, (cin, cout, groups))| {
            let fit = |v: Vec<i64>| vec![v[0]; rank];
            // Axes that differ too (the form then writes lists, not one integer).
            let uneven = |v: i64| if rank == 2 { vec![v, (v + 2) % 5 + 1] } else { vec![v] };
            AppState {
                framework: Framework::Pytorch,
                op: if forward { Op::Conv } else { Op::ConvTranspose },
                rank,
                size_in: uneven(n),
                kernel: if n % 2 == 0 { uneven(k) } else { vec![k; rank] },
                stride: vec![s; rank],
                dilation: vec![d; rank],
                padding: match padding {
                    Padding::Amounts(v) => Padding::Amounts(fit(v)),
                    Padding::Pairs(v) => Padding::Pairs(vec![v[0]; rank]),
                    word => word,
                },
                output_padding: output_padding.map(fit),
                output_size: output_size.map(fit),
                channels_in: cin,
                channels_out: cout,
                groups,
                ..AppState::default()
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    /// The app's first module resolves plain PyTorch states with `resolve_pytorch` (the dialect
    /// instantiated for the form's requests) and loads the full dialect for the others: for every
    /// plain state it answers exactly as the full dialect, the same layer or the same error word for
    /// word; for every other state it does not answer at all (so nothing it says can be wrong).
    #[test]
    fn the_first_views_pytorch_is_the_full_dialect(state in torch_state_strategy()) {
        let request = pytorch::request(&state.settings());
        let first = convt_lab::conv::dialects::resolve_pytorch(&request);
        if pytorch::is_plain(&state.settings()) {
            prop_assert_eq!(first, resolve(&request));
        } else {
            prop_assert!(first.is_err_and(|e| e.message.contains("still loading")), "{:?}", state);
        }
    }
}

// Each dialect's reverse direction: the settings in its words resolve, in its dialect, to the layer meant.

#[test]
fn the_default_example_in_pytorch_words() {
    let state = AppState::default();
    assert_eq!(state.code_line(), "nn.ConvTranspose2d(1, 1, kernel_size=3, stride=2, padding=1, output_padding=1)");
    assert_eq!(resolve(&state.request()).unwrap().output_shape, vec![1, 1, 6, 6]);
}

#[test]
fn every_framework_resolves_its_own_reading_of_a_plain_layer() {
    // k3 s2, no padding, no output_padding: every framework can run it.
    let (base, _) = AppState::from_query("s=2");
    for &framework in Framework::ALL {
        let mut state = base.clone();
        state.framework = framework;
        if matches!(framework, Framework::Keras | Framework::Keras2 | Framework::Keras1 | Framework::Jax) {
            state.padding = Padding::Word("valid".into());
            state.output_padding = None;
        }
        let layer = resolve(&state.request()).unwrap_or_else(|e| panic!("{framework:?}: {e}"));
        assert_eq!(layer.spatial_out(), vec![7, 7], "{framework:?}: {}", state.code_line());
        assert!(!state.code_line().is_empty());
    }
}

#[test]
fn keras_stride_ten_question() {
    let (state, problems) = AppState::from_query("fw=keras&in=20&k=3&s=10&p=same");
    assert!(problems.is_empty());
    assert_eq!(state.code_line(), "keras.layers.Conv2DTranspose(1, 3, strides=10, padding='same')");
    assert_eq!(resolve(&state.request()).unwrap().spatial_out(), vec![200, 200]);
}

#[test]
fn code_lines_keep_required_arguments_and_meaningful_zeros() {
    // tf.nn and jax.lax take strides (and padding) with no default, so a stride of 1 is written;
    // Keras's output_padding=0 is not its default None (with 'same' they give different sizes).
    let line = |query: &str| AppState::from_query(query).0.code_line();
    assert!(line("fw=tensorflow&s=1&p=valid").contains("strides=1"), "{}", line("fw=tensorflow&s=1&p=valid"));
    assert!(line("fw=jax&s=1&p=valid").contains("strides=(1, 1)"), "{}", line("fw=jax&s=1&p=valid"));
    let keras = line("fw=keras&s=2&p=same&opad=0");
    assert!(keras.contains("output_padding=0"), "{keras}");
    assert!(!line("fw=keras&s=2&p=same").contains("output_padding"));
    // nn.Conv2d's padding='valid' is its padding=0; nn.ConvTranspose2d refuses the string, and
    // its line shows what the dialect rejects.
    assert_eq!(line("op=conv&s=2&p=valid"), "nn.Conv2d(1, 1, kernel_size=3, stride=2)");
    let transposed = line("s=2&p=valid");
    assert_eq!(transposed, "nn.ConvTranspose2d(1, 1, kernel_size=3, stride=2, padding='valid')");
    assert!(resolve(&AppState::from_query("s=2&p=valid").0.request()).is_err());
}

#[test]
fn the_form_names_a_field_as_the_code_line_does() {
    // tf.nn.conv1d, the 1-D forward call, names its stride `stride`; every other tf.nn call `strides`.
    let stride_field = |op: Op, rank: usize| {
        (Framework::Tensorflow.dialect().fields)(op, rank).into_iter().find(|f| f.key == FieldKey::Stride).unwrap().name
    };
    assert_eq!(stride_field(Op::Conv, 1), "stride");
    assert_eq!(stride_field(Op::Conv, 2), "strides");
    assert_eq!(stride_field(Op::ConvTranspose, 1), "strides");
    let (state, problems) = AppState::from_query("fw=tensorflow&op=conv&rank=1&in=5&p=valid");
    assert!(problems.is_empty(), "{problems:?}");
    assert!(state.code_line().starts_with("tf.nn.conv1d(x, filters, stride=2"), "{}", state.code_line());
}
