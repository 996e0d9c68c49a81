#![cfg(not(target_arch = "wasm32"))]
//! Properties of the stage's scenes under random layers (any padding, including more than the
//! kernel reaches, output_padding or explicit sizes adding zeros, dilation, rank 1 and 2):
//! no view panics at any step, and the gather, matrix and scatter views show the same sums.

use convt_lab::conv::app::ambiguity::ambiguity;
use convt_lab::conv::geometry::axis::{Axis, AxisSpec, Op};
use convt_lab::conv::geometry::padding::PaddingMode;
use convt_lab::scene::{
    explain, gather_scene, gather_steps, matrix_scene, overlap_scene, scatter_scene, scatter_steps, Cell, Place, Scene,
};
use proptest::prelude::*;

fn axis_strategy() -> impl Strategy<Value = Axis> {
    (1i64..6, 1i64..5, 1i64..5, 1i64..3, -2i64..6, -2i64..6, 0i64..5).prop_filter_map(
        "a transposed layer with an output",
        |(size_in, kernel_size, stride, dilation, pad_before, pad_after, output_padding)| {
            AxisSpec { size_in, kernel_size, stride, dilation, pad_before, pad_after, output_padding }
                .resolve(Op::ConvTranspose)
                .ok()
                .filter(|a| a.size_out > 0)
        },
    )
}

fn layer_strategy() -> impl Strategy<Value = Vec<Axis>> {
    prop_oneof![axis_strategy().prop_map(|a| vec![a]), (axis_strategy(), axis_strategy()).prop_map(|(a, b)| vec![a, b])]
}

fn cells_of(axes: &[Axis], size: impl Fn(&Axis) -> i64) -> usize {
    axes.iter().map(|a| size(a) as usize).product()
}

/// The numbers shown in output cells, by output position.
fn output_numbers(scene: &Scene) -> Vec<(Place, Option<i64>)> {
    let mut cells: Vec<&Cell> = scene.cells.iter().filter(|c| matches!(c.place, Place::Output(..))).collect();
    cells.sort_by_key(|c| match c.place {
        Place::Output(r, c) => (r, c),
        _ => unreachable!(),
    });
    cells.into_iter().map(|c| (c.place, c.number)).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    #[test]
    fn views_never_panic_and_gather_equals_scatter(axes in layer_strategy(), step in 0usize..40) {
        let input: Vec<i64> = (0..cells_of(&axes, |a| a.size_in)).map(|i| (i % 7) as i64 - 2).collect();
        let kernel: Vec<i64> = (0..cells_of(&axes, |a| a.kernel_size)).map(|i| (i % 3) as i64 + 1).collect();
        let scatter = scatter_scene(&axes, &input, &kernel, step, true);
        let _ = overlap_scene(&axes);
        let gather = gather_scene(&axes, &input, &kernel, step, true);
        let matrix = matrix_scene(&axes, &input, &kernel, step, true);
        for scene in [&scatter, &gather, &matrix] {
            for cell in scene.cells.iter().take(50) {
                let _ = explain(&axes, &input, &kernel, PaddingMode::Zeros, step, cell.place);
            }
        }
        // At the end, every gather output equals the scatter canvas cell it names and y = Cᵀx.
        let end_gather = gather_scene(&axes, &input, &kernel, gather_steps(&axes), true);
        let end_scatter = scatter_scene(&axes, &input, &kernel, scatter_steps(&axes), true);
        let end_matrix = matrix_scene(&axes, &input, &kernel, scatter_steps(&axes), true);
        for (place, number) in output_numbers(&end_gather) {
            let Place::Output(r, c) = place else { unreachable!() };
            let canvas = if axes.len() == 2 {
                Place::Canvas(r + axes[0].pad_before, c + axes[1].pad_before)
            } else {
                Place::Canvas(0, c + axes[0].pad_before)
            };
            let twin = end_scatter.cells.iter().find(|s| s.place == canvas);
            let scatter_number = twin.and_then(|t| t.number).unwrap_or(0);
            prop_assert_eq!(number.unwrap(), scatter_number, "{:?}", canvas);
            // The matrix view summarises layers over 144 cells a side instead of drawing them.
            if end_matrix.summary.is_none() {
                let y = end_matrix.cells.iter().find(|m| m.place == place).unwrap();
                prop_assert_eq!(y.number.unwrap_or(0), number.unwrap());
            }
        }
        for axis in &axes {
            if let Some(a) = ambiguity(axis) {
                prop_assert!(a.candidates.iter().any(|c| c.size == axis.size_out) || axis.output_padding >= axis.stride.max(axis.dilation));
            }
        }
    }
}
