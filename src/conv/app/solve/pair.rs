//! The autoencoder pairing: for a forward convolution, the transposed convolution in the same
//! framework that gives its input size back exactly from its output, with the same kernel,
//! stride and dilation where one exists (and the same padding, when that works too).

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use super::candidates::{layer_state, triples, AxisCandidate, AxisChoice, Budget, Form};
use super::{confirmed, rank_in, sameness, solve_in, space_for, Inverse, Query, Solution};
use crate::conv::error::ConvResult;
use crate::conv::geometry::axis::Op;

/// One ranked transposed layer: its padding form and one candidate per axis.
type Ranked = (Form, Vec<AxisCandidate>);

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
    // Solutions often share their kernel, stride and dilation (differing in padding): each
    // such question is ranked once.
    let mut ranked: HashMap<Vec<(i64, i64, i64)>, Vec<Ranked>> = HashMap::new();
    for solution in solutions.iter_mut() {
        let forward = &solution.state;
        let own: Vec<(i64, i64, i64)> =
            (0..query.rank).map(|a| (forward.kernel[a], forward.stride[a], forward.dilation[a])).collect();
        let best = match ranked.entry(own) {
            Entry::Occupied(entry) => entry.into_mut(),
            Entry::Vacant(entry) => {
                let per_axis: Vec<Vec<(i64, i64, i64)>> = entry.key().iter().map(|&t| vec![t]).collect();
                entry.insert(rank_in(&space, small, large, &per_axis, &same, 20, budget)?.best)
            }
        };
        // The same padding first, then the best; each confirmed only when it is the one taken.
        let same_padding = |(form, chosen): &Ranked| {
            let choices: Vec<&AxisChoice> = chosen.iter().map(|c| &c.choice).collect();
            layer_state(&space, form, &choices, small, large).padding == forward.padding
        };
        let order = best.iter().filter(|r| same_padding(r)).chain(best.iter().filter(|r| !same_padding(r)));
        let mut found: Option<(Solution, bool)> = None;
        for choice in order {
            if let Some(inverse) = confirmed(&space, choice, small, large, budget)? {
                found = Some((inverse, same_padding(choice)));
                break;
            }
        }
        let inverse = match found {
            Some((mut inverse, keeps_padding)) => {
                let how = if keeps_padding {
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
