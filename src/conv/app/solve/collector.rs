//! One axis's confirmed candidates as they are found: each probed layer is resolved once, and a
//! code line already kept is not kept again (a value the framework does not write, like Keras
//! 1's dilation, is the same call).

use std::collections::HashSet;

use super::candidates::{layer_state, tier, AxisCandidate, AxisChoice, Budget, Form, Names};
use super::Space;
use crate::conv::dialects::Request;
use crate::conv::error::ConvResult;
use crate::conv::geometry::axis::Axis;
use crate::conv::{resolve, Layer};

/// A layer the framework accepts with the target size: its first axis and its code line.
pub struct Probed {
    pub axis: Axis,
    pub code: String,
}

/// The candidates of one axis question: every layer is the "uniform copy" (each axis a copy of
/// this one), `n` cells in and `out` cells out on every axis.
pub struct Collector<'a> {
    pub space: &'a Space,
    size_in: Vec<i64>,
    target: Vec<i64>,
    seen: HashSet<(Form, bool, i64, String)>,
    pub found: Vec<AxisCandidate>,
    /// The last request [`Collector::layer`] resolved, and its answer.
    last: Option<(Request, Option<Layer>)>,
}

impl<'a> Collector<'a> {
    pub fn new(space: &'a Space, n: i64, out: i64) -> Collector<'a> {
        Collector {
            space,
            size_in: vec![n; space.rank],
            target: vec![out; space.rank],
            seen: HashSet::new(),
            found: Vec::new(),
            last: None,
        }
    }

    /// The target size on this axis.
    pub fn out(&self) -> i64 {
        self.target[0]
    }

    /// The uniform copy's layer when the framework accepts it, whatever its size (the caller
    /// reads the size: padding words are probed this way). A request equal to the last one
    /// (output_padding 0 where the framework leaves it out) is not resolved again.
    pub fn layer(&mut self, form: &Form, choice: &AxisChoice, budget: &mut Budget) -> ConvResult<Option<Layer>> {
        let state = layer_state(self.space, form, &vec![choice; self.space.rank], &self.size_in, &self.target);
        let request = state.request();
        if let Some((last, layer)) = &self.last {
            if *last == request {
                return Ok(layer.clone());
            }
        }
        budget.spend()?;
        let layer = resolve(&request).ok();
        self.last = Some((request, layer.clone()));
        Ok(layer)
    }

    /// Resolve the uniform copy; its axis and code line when the framework accepts it and it
    /// gives the target. `known`: the layer already resolved for it.
    pub fn probe(
        &self,
        form: &Form,
        choice: &AxisChoice,
        known: Option<Layer>,
        budget: &mut Budget,
    ) -> ConvResult<Option<Probed>> {
        let state = layer_state(self.space, form, &vec![choice; self.space.rank], &self.size_in, &self.target);
        let layer = match known {
            Some(layer) => Some(layer),
            None => {
                budget.spend()?;
                resolve(&state.request()).ok().filter(|layer| layer.spatial_out() == self.target)
            }
        };
        Ok(layer.and_then(|l| l.axes.first().copied()).map(|axis| Probed { axis, code: state.code_line() }))
    }

    /// Whether a code line of this form, output_padding given or not, and kernel is kept already.
    pub fn has(&self, form: &Form, choice: &AxisChoice, code: &str) -> bool {
        self.seen.contains(&(form.clone(), choice.output_padding.is_some(), choice.kernel, code.to_string()))
    }

    /// Keep a probed candidate (unless its code line is kept already); its written arguments.
    pub fn push(&mut self, form: &Form, choice: AxisChoice, probed: Probed, names: &mut Names) -> Option<u64> {
        let key = (form.clone(), choice.output_padding.is_some(), choice.kernel, probed.code);
        if self.seen.contains(&key) {
            return None;
        }
        let arguments = names.of(&key.3);
        self.seen.insert(key);
        self.found.push(AxisCandidate { form: form.clone(), tier: tier(&probed.axis), choice, arguments });
        Some(arguments)
    }

    /// Probe and keep.
    pub fn keep(
        &mut self,
        form: &Form,
        choice: AxisChoice,
        known: Option<Layer>,
        names: &mut Names,
        budget: &mut Budget,
    ) -> ConvResult<()> {
        if let Some(probed) = self.probe(form, &choice, known, budget)? {
            self.push(form, choice, probed, names);
        }
        Ok(())
    }

    /// Keep a candidate derived from others without resolving it (pair_family.rs says when).
    pub fn push_derived(&mut self, form: &Form, choice: AxisChoice, axis: &Axis, arguments: u64) {
        self.found.push(AxisCandidate { form: form.clone(), tier: tier(axis), choice, arguments });
    }
}
