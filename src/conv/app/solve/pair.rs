//! The autoencoder pairing: for a forward convolution, the transposed convolution in the same
//! framework that gives its input size back exactly from its output, with the same kernel,
//! stride and dilation where one exists (and the same padding, when that works too).

use super::candidates::{triples, Budget};
use super::{sameness, solve_in, space_for, Inverse, Query, Solution};
use crate::conv::error::ConvResult;
use crate::conv::geometry::axis::Op;

/// Attach to each forward solution its inverse.
pub fn attach(query: &Query, solutions: &mut [Solution], budget: &mut Budget) -> ConvResult<()> {
    let (small, large) = (&query.output_size, &query.input_size);
    let transposed =
        Query { op: Op::ConvTranspose, input_size: small.clone(), output_size: large.clone(), ..query.clone() };
    let space = match space_for(&transposed, Op::ConvTranspose) {
        Ok(space) => space,
        Err(e) => {
            for solution in solutions.iter_mut() {
                solution.inverse = Some(Inverse::Impossible(e.message.clone()));
            }
            return Ok(());
        }
    };
    let same = sameness(&space, &transposed);
    let sizes = |v: &[i64]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>().join("×");
    // Any kernel, stride and dilation: asked once, only when some solution needs it.
    let mut fallback: Option<Option<Solution>> = None;
    for solution in solutions.iter_mut() {
        let forward = &solution.state;
        let own: Vec<Vec<(i64, i64, i64)>> =
            (0..query.rank).map(|a| vec![(forward.kernel[a], forward.stride[a], forward.dilation[a])]).collect();
        let (_, found, _) = solve_in(&space, small, large, &own, &same, 20, budget)?;
        let keeps_padding = found.iter().position(|s| s.state.padding == forward.padding);
        let inverse = match keeps_padding.or((!found.is_empty()).then_some(0)) {
            Some(index) => {
                let mut inverse = found[index].clone();
                let how = if keeps_padding.is_some() {
                    "the same kernel, stride, dilation and padding"
                } else {
                    "the same kernel, stride and dilation"
                };
                inverse.notes.insert(0, format!("restores {} from {}: {how}", sizes(large), sizes(small)));
                Inverse::Restores(Box::new(inverse))
            }
            None => {
                let any = match &fallback {
                    Some(any) => any.clone(),
                    None => {
                        let all = vec![triples(&query.limits); query.rank];
                        let (_, found, _) = solve_in(&space, small, large, &all, &same, 1, budget)?;
                        let any = found.into_iter().next();
                        fallback = Some(any.clone());
                        any
                    }
                };
                match any {
                    Some(mut inverse) => {
                        inverse.notes.insert(
                            0,
                            format!(
                                "no transposed layer with this kernel, stride and dilation gives {} back from {}; \
                                 the simplest that does",
                                sizes(large),
                                sizes(small)
                            ),
                        );
                        Inverse::Restores(Box::new(inverse))
                    }
                    None => Inverse::Impossible(format!(
                        "no transposed layer in {} within the limits gives {} from {}",
                        query.framework.display_name(),
                        sizes(large),
                        sizes(small)
                    )),
                }
            }
        };
        solution.inverse = Some(inverse);
    }
    Ok(())
}
