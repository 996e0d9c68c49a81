//! From per-axis candidates to whole layers: count them without building each one, and build
//! only the best ones, ranked.
//!
//! A layer takes one padding form and one "output_padding given or not" for all its axes (a
//! group). Within a group, axes combine freely except for a framework's rules across axes
//! (Keras refuses strides > 1 on one axis with dilation > 1 on another; PyTorch's `'same'`
//! refuses any stride > 1). Those rules read whether a stride, dilation or output_padding
//! exceeds its default and whether a padding is asymmetric, so candidates are grouped by those
//! four facts (a class) and one layer per combination of classes is resolved: the framework
//! accepts the whole combination or none of it. The brute-force tests check this per framework.
//!
//! Two writings can be one call: output_padding 0 where the framework's code line leaves it
//! out (PyTorch) is "not given", and the pair (p, p) where the framework writes it as the
//! amount p (ONNX `pads`, tf.nn, JAX). Those combinations are counted once, as the simpler
//! writing.
//!
//! Ranking: no holes and even overlap, then no holes, then holes (the worst axis decides); then
//! the fewest arguments the code line writes; then the smallest kernels (their sum).

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet};

use super::candidates::{layer_state, AxisCandidate, Budget, Form};
use super::Space;
use crate::conv::error::ConvResult;
use crate::conv::resolve;

/// Which facts a framework's rules across axes read: stride > 1, dilation > 1,
/// output_padding > 0, begin ≠ end.
fn class_of(c: &AxisCandidate) -> u8 {
    u8::from(c.choice.stride > 1)
        | u8::from(c.choice.dilation > 1) << 1
        | u8::from(c.choice.output_padding.unwrap_or(0) > 0) << 2
        | u8::from(c.choice.pad.0 != c.choice.pad.1) << 3
}

const ADDS_CELLS: u8 = 1 << 2;
const ASYMMETRIC: u8 = 1 << 3;

/// One layer's group: its padding form and whether output_padding is given.
type Group = (Form, bool);

/// Candidates of one axis sharing class, tier and written arguments, best first.
#[derive(Debug)]
struct Bucket {
    class: u8,
    tier: u8,
    arguments: u64,
    members: Vec<AxisCandidate>,
}

/// Where a candidate sorts among equals: small kernels, then strides, dilations, pads.
type Order = (i64, i64, i64, i64, i64, i64);

/// Candidates of one group by (class, tier, arguments written).
type Sorting = HashMap<(u8, u8, u64), Vec<AxisCandidate>>;

/// The order within a bucket and among equals: small kernels, then strides, dilations, pads.
fn order(c: &AxisCandidate) -> Order {
    let ch = &c.choice;
    (ch.kernel, ch.stride, ch.dilation, ch.pad.0 + ch.pad.1, ch.pad.0, ch.output_padding.unwrap_or(-1))
}

fn buckets_of(candidates: Vec<AxisCandidate>) -> HashMap<Group, Vec<Bucket>> {
    let mut groups: HashMap<Group, Sorting> = HashMap::new();
    for c in candidates {
        let group = (c.form.clone(), c.choice.output_padding.is_some());
        groups.entry(group).or_default().entry((class_of(&c), c.tier, c.arguments)).or_default().push(c);
    }
    groups
        .into_iter()
        .map(|(group, map)| {
            let mut buckets: Vec<Bucket> = map
                .into_iter()
                .map(|((class, tier, arguments), mut members)| {
                    members.sort_by_key(order);
                    Bucket { class, tier, arguments, members }
                })
                .collect();
            buckets.sort_by_key(|b| (b.tier, b.arguments.count_ones(), b.class, b.arguments));
            (group, buckets)
        })
        .collect()
}

/// The ranked layers: each a group and one candidate per axis.
pub struct Ranked {
    pub count: u128,
    pub best: Vec<(Form, Vec<AxisCandidate>)>,
}

/// What the framework's code lines say about two writings of one call.
pub struct Sameness {
    /// Code lines with output_padding 0 and without it are the same line.
    pub zero_is_not_given: bool,
    /// The pair (p, p) is written as the amount p.
    pub symmetric_pair_is_amount: bool,
}

/// Every product of one index range per axis.
fn index_tuples(lengths: &[usize]) -> Vec<Vec<usize>> {
    lengths.iter().fold(vec![Vec::new()], |acc, &n| {
        acc.iter().flat_map(|prefix| (0..n).map(move |i| [prefix.as_slice(), &[i]].concat())).collect()
    })
}

/// Count the layers and pick the `wanted` best.
pub fn combine(
    space: &Space,
    per_axis: Vec<Vec<AxisCandidate>>,
    size_in: &[i64],
    target: &[i64],
    sameness: &Sameness,
    wanted: usize,
    budget: &mut Budget,
) -> ConvResult<Ranked> {
    let per_axis: Vec<HashMap<Group, Vec<Bucket>>> = per_axis.into_iter().map(buckets_of).collect();
    let Some(first) = per_axis.first() else { return Ok(Ranked { count: 0, best: Vec::new() }) };
    let mut groups: Vec<&Group> = first.keys().filter(|g| per_axis.iter().all(|axis| axis.contains_key(*g))).collect();
    groups.sort();
    let mut count: u128 = 0;
    // (tier, arguments written, group index, bucket index per axis)
    let mut tuples: Vec<(u8, u32, usize, Vec<usize>)> = Vec::new();
    for (group_index, group) in groups.iter().enumerate() {
        let axes: Vec<&Vec<Bucket>> = per_axis.iter().map(|axis| &axis[*group]).collect();
        let mut accepted: HashMap<Vec<u8>, bool> = HashMap::new();
        for indices in index_tuples(&axes.iter().map(|b| b.len()).collect::<Vec<_>>()) {
            let buckets: Vec<&Bucket> = indices.iter().zip(&axes).map(|(&i, b)| &b[i]).collect();
            let classes: Vec<u8> = buckets.iter().map(|b| b.class).collect();
            // The simpler writing of the same call counts it.
            if sameness.zero_is_not_given && group.1 && classes.iter().all(|c| c & ADDS_CELLS == 0) {
                continue;
            }
            if sameness.symmetric_pair_is_amount
                && group.0 == Form::Pairs
                && classes.iter().all(|c| c & ASYMMETRIC == 0)
            {
                continue;
            }
            let ok = match accepted.get(&classes) {
                Some(&ok) => ok,
                None => {
                    let ok = classes_accepted(space, &group.0, &axes, &classes, size_in, target, budget)?;
                    accepted.insert(classes.clone(), ok);
                    ok
                }
            };
            if !ok {
                continue;
            }
            let size = buckets.iter().fold(1u128, |p, b| p.saturating_mul(b.members.len() as u128));
            count = count.saturating_add(size);
            let tier = buckets.iter().map(|b| b.tier).max().unwrap_or(0);
            let arguments = buckets.iter().fold(0u64, |bits, b| bits | b.arguments).count_ones();
            tuples.push((tier, arguments, group_index, indices));
        }
    }
    tuples.sort();
    let mut best: Vec<(Form, Vec<AxisCandidate>)> = Vec::new();
    let mut level_start = 0;
    while level_start < tuples.len() && best.len() < wanted {
        let level = (tuples[level_start].0, tuples[level_start].1);
        let level_end =
            tuples[level_start..].iter().position(|t| (t.0, t.1) != level).map_or(tuples.len(), |p| level_start + p);
        let mut pool: Vec<(i64, Vec<Order>, Form, Vec<AxisCandidate>)> = Vec::new();
        for (_, _, group_index, indices) in &tuples[level_start..level_end] {
            let group = groups[*group_index];
            let lists: Vec<&Vec<AxisCandidate>> =
                indices.iter().zip(&per_axis).map(|(&i, axis)| &axis[group][i].members).collect();
            for picks in smallest_sums(&lists, wanted - best.len()) {
                let chosen: Vec<AxisCandidate> = picks.iter().zip(&lists).map(|(&i, l)| l[i].clone()).collect();
                let kernels = chosen.iter().map(|c| c.choice.kernel).sum();
                pool.push((kernels, chosen.iter().map(order).collect(), group.0.clone(), chosen));
            }
        }
        pool.sort_by(|a, b| (a.0, &a.1, &a.2).cmp(&(b.0, &b.1, &b.2)));
        best.extend(pool.into_iter().take(wanted - best.len()).map(|(_, _, form, chosen)| (form, chosen)));
        level_start = level_end;
    }
    Ok(Ranked { count, best })
}

/// Does the framework accept layers whose axes have these classes? One layer says it.
fn classes_accepted(
    space: &Space,
    form: &Form,
    axes: &[&Vec<Bucket>],
    classes: &[u8],
    size_in: &[i64],
    target: &[i64],
    budget: &mut Budget,
) -> ConvResult<bool> {
    let mut choices = Vec::new();
    for (buckets, class) in axes.iter().zip(classes) {
        match buckets.iter().find(|b| b.class == *class).and_then(|b| b.members.first()) {
            Some(member) => choices.push(&member.choice),
            None => return Ok(false),
        }
    }
    let state = layer_state(space, form, &choices, size_in, target);
    budget.spend()?;
    Ok(resolve(&state.request()).is_ok_and(|layer| layer.spatial_out() == target))
}

/// The `wanted` index tuples with the smallest kernel sums, one index per list (each list
/// sorted by kernel), smallest first.
fn smallest_sums(lists: &[&Vec<AxisCandidate>], wanted: usize) -> Vec<Vec<usize>> {
    let key = |picks: &[usize]| -> i64 { picks.iter().zip(lists).map(|(&i, l)| l[i].choice.kernel).sum() };
    let mut out = Vec::new();
    if lists.iter().any(|l| l.is_empty()) || wanted == 0 {
        return out;
    }
    let start = vec![0usize; lists.len()];
    let mut heap = BinaryHeap::from([Reverse((key(&start), start.clone()))]);
    let mut seen: HashSet<Vec<usize>> = HashSet::from([start]);
    while let Some(Reverse((_, picks))) = heap.pop() {
        for axis in 0..lists.len() {
            let mut next = picks.clone();
            next[axis] += 1;
            if next[axis] < lists[axis].len() && seen.insert(next.clone()) {
                heap.push(Reverse((key(&next), next)));
            }
        }
        out.push(picks);
        if out.len() >= wanted {
            break;
        }
    }
    out
}
