//! Begin/end pairs with one total: a family, probed at its ends instead of member by member.
//!
//! For one (kernel, stride, dilation, output_padding), every pair `(b, e)` with `b + e = V`
//! gives the same size, so the members are `b = lo..=hi` (both values within the padding limit):
//! up to 2*limit + 1 layers that differ only in where the crop falls. The frameworks' rules on
//! padding values are bounds on each side (at least 0, at most so much), so the members a
//! framework accepts are one run of `b`; and the canonical crop moves one cell per step of `b`
//! (JAX's transposed values the other way). So:
//!
//! ```text
//! both ends accepted, one more step apart  => every member accepted (the run spans the family);
//!   the written arguments are the ends' (all asymmetric pairs), the crop of member b is the
//!   first end's moved b - lo cells, so its holes and overlap are computed, not resolved
//! both ends and the middle refused         => none accepted
//! anything else                            => every member resolved, as before
//! ```
//! The symmetric member `(V/2, V/2)` is always resolved: frameworks may write it as an amount.
//! A small family is resolved member by member. `tests::families_agree_with_resolving_every_member`
//! checks the families against resolving every member, for every framework.

use super::candidates::{AxisChoice, Budget, Form, Names};
use super::collector::Collector;
use crate::conv::error::ConvResult;
use crate::conv::geometry::axis::Axis;

/// Families of at most this many members are resolved member by member (the ends and the
/// middle are most of them).
const SMALL: i64 = 5;

/// Keep the accepted members of the family `b + e = values_total` (framework values, both in
/// 0..=limit) of `base` (its kernel, stride, dilation and output_padding).
pub fn keep_family(
    c: &mut Collector,
    base: &AxisChoice,
    values_total: i64,
    names: &mut Names,
    budget: &mut Budget,
    exhaustive: bool,
) -> ConvResult<()> {
    let limit = c.space.limits.padding;
    let (lo, hi) = ((values_total - limit).max(0), values_total.min(limit));
    let member = |b: i64| AxisChoice { pad: (b, values_total - b), ..base.clone() };
    let symmetric = (values_total % 2 == 0).then_some(values_total / 2);
    if exhaustive || hi - lo < SMALL {
        for b in lo..=hi {
            c.keep(&Form::Pairs, member(b), None, names, budget)?;
        }
        return Ok(());
    }
    let first = c.probe(&Form::Pairs, &member(lo), None, budget)?;
    let last = c.probe(&Form::Pairs, &member(hi), None, budget)?;
    match (first, last) {
        (Some(first), Some(last)) => {
            let step = crop_step(&first.axis, &last.axis, hi - lo);
            let fresh = first.code != last.code
                && !c.has(&Form::Pairs, &member(lo), &first.code)
                && !c.has(&Form::Pairs, &member(hi), &last.code);
            let first_axis = first.axis;
            let arguments = c.push(&Form::Pairs, member(lo), first, names);
            let last_arguments = c.push(&Form::Pairs, member(hi), last, names);
            match (step, fresh, arguments) {
                (Some(step), true, Some(arguments)) if last_arguments == Some(arguments) => {
                    for b in lo + 1..hi {
                        if Some(b) == symmetric {
                            c.keep(&Form::Pairs, member(b), None, names, budget)?;
                        } else {
                            let axis = Axis { pad_before: first_axis.pad_before + step * (b - lo), ..first_axis };
                            c.push_derived(&Form::Pairs, member(b), &axis, arguments);
                        }
                    }
                }
                _ => {
                    for b in lo + 1..hi {
                        c.keep(&Form::Pairs, member(b), None, names, budget)?;
                    }
                }
            }
        }
        (None, None) => {
            let middle = values_total / 2;
            let probed = c.probe(&Form::Pairs, &member(middle), None, budget)?;
            if probed.is_some() {
                if let Some(probed) = probed {
                    c.push(&Form::Pairs, member(middle), probed, names);
                }
                for b in (lo + 1..hi).filter(|&b| b != middle) {
                    c.keep(&Form::Pairs, member(b), None, names, budget)?;
                }
            }
        }
        (first, last) => {
            for (b, probed) in [(lo, first), (hi, last)] {
                if let Some(probed) = probed {
                    c.push(&Form::Pairs, member(b), probed, names);
                }
            }
            for b in lo + 1..hi {
                c.keep(&Form::Pairs, member(b), None, names, budget)?;
            }
        }
    }
    Ok(())
}

/// How far the canonical crop at the start moves per step of `b` (+1, or -1 for JAX's
/// transposed values), when the two ends' axes differ only there (and at the end, which the
/// canonical axis may write as pad_after or output_padding). Holes and overlap read only where
/// the output window starts and its size (compute/views.rs), so a member's axis is the first
/// end's with its start moved.
fn crop_step(first: &Axis, last: &Axis, steps: i64) -> Option<i64> {
    let window = |a: &Axis| (a.op, a.size_in, a.kernel_size, a.stride, a.dilation, a.size_out);
    if window(first) != window(last) {
        return None;
    }
    [1, -1].into_iter().find(|&step| last.pad_before == first.pad_before + step * steps)
}

#[cfg(test)]
mod tests {
    use super::super::candidates::{axis_candidates, triples, AxisQuestion, Budget, Names};
    use super::super::{space_for, Limits, Query};
    use crate::conv::app::query::Backend;
    use crate::conv::{Framework, Op};

    /// Pads up to 8 make families of up to 17 members; the brute-force tests in tests/solve.rs
    /// stay within pads of 1, where every family is resolved member by member.
    const LIMITS: Limits = Limits { kernel_size: 5, stride: 3, dilation: 2, padding: 8, output_padding: 2 };

    /// One axis's candidates, each as text: form, choice, tier and the argument names written.
    fn candidates(query: &Query, n: i64, out: i64, every_member: bool) -> (Vec<String>, usize) {
        let Ok(space) = space_for(query, query.op) else { return (Vec::new(), 0) };
        let (mut names, mut budget) = (Names::default(), Budget::default());
        let triples = triples(&LIMITS);
        let question = AxisQuestion { n, out, triples: &triples, first_only: false, every_member };
        let found = axis_candidates(&space, &question, &mut names, &mut budget).expect("within the budget");
        let mut text: Vec<String> = found
            .iter()
            .map(|c| format!("{:?} {:?} tier {} {:?}", c.form, c.choice, c.tier, names.spelled(c.arguments)))
            .collect();
        text.sort();
        (text, budget.used)
    }

    #[test]
    fn families_agree_with_resolving_every_member() {
        let mut dialects: Vec<(Framework, Option<Backend>)> = Framework::ALL.iter().map(|&f| (f, None)).collect();
        dialects.extend([Backend::Jax, Backend::Torch].map(|b| (Framework::Keras, Some(b))));
        let (mut families, mut resolved_fast, mut resolved_every) = (0, 0, 0);
        for (framework, backend) in dialects {
            for (op, n, outs) in [(Op::ConvTranspose, 4, [3, 6, 9, 13]), (Op::Conv, 12, [2, 5, 9, 14])] {
                for rank in [1, 2] {
                    for out in outs {
                        let query = Query {
                            backend,
                            limits: LIMITS,
                            ..Query::new(framework, op, vec![n; rank], vec![out; rank])
                        };
                        let (fast, cost) = candidates(&query, n, out, false);
                        let (every, every_cost) = candidates(&query, n, out, true);
                        (resolved_fast, resolved_every) = (resolved_fast + cost, resolved_every + every_cost);
                        let context = format!("{framework:?} {backend:?} {op:?} rank {rank} {n} -> {out}");
                        let missing: Vec<&String> = every.iter().filter(|c| !fast.contains(c)).take(5).collect();
                        let extra: Vec<&String> = fast.iter().filter(|c| !every.contains(c)).take(5).collect();
                        assert!(
                            missing.is_empty() && extra.is_empty(),
                            "{context}: missing {missing:#?}, extra {extra:#?}"
                        );
                        assert_eq!(fast.len(), every.len(), "{context}");
                        families += fast.iter().filter(|c| c.starts_with("Pairs")).count();
                    }
                }
            }
        }
        assert!(families > 1000, "{families} pair candidates compared");
        // Families were derived, not resolved member by member (most of either count is
        // amounts, words and families too small to derive).
        assert!(resolved_fast + 3000 < resolved_every, "{resolved_fast} resolves, {resolved_every} member by member");
    }
}
