//! The layer in other frameworks: the framework table's rows and switching tabs both search
//! each framework's arguments for the layer (`express`), in a module of their own, loaded when
//! the table nears the viewport or a tab first switches framework.

use std::cell::RefCell;

use leptos::prelude::*;

use super::part::PartBuilder;
use super::state::use_lab;
use crate::conv::app::express::{express, Expression};
use crate::conv::app::query::AppState;
use crate::conv::{Framework, Layer};

/// The layer in each of `frameworks`.
#[cfg_attr(feature = "split", lazy)]
pub async fn express_each(state: AppState, layer: Layer, frameworks: Vec<Framework>) -> Vec<(Framework, Expression)> {
    frameworks.into_iter().map(|f| (f, express(&state, &layer, f))).collect()
}

/// Switching to `framework` is porting `layer` (resolved from `current`) there: the state of its
/// exact equivalent, or of the closest layer it can make with a notice saying so (shown beside the
/// stage while that state stands).
#[cfg_attr(feature = "split", lazy)]
pub async fn switch_framework(
    current: AppState,
    layer: Layer,
    framework: Framework,
) -> (AppState, Option<PartBuilder>) {
    let keep = |next: AppState| AppState { step: current.step, view: current.view, ..next };
    match express(&current, &layer, framework) {
        Expression::Exact { state, .. } => (keep(*state), None),
        Expression::Impossible { nearest: Some(nearest), .. } => {
            let next = keep(*nearest.state);
            SWITCH_NOTICE.with(|notice| *notice.borrow_mut() = Some((next.clone(), nearest.notice)));
            let build: PartBuilder = switch_notice;
            (next, Some(build))
        }
        Expression::Impossible { nearest: None, .. } => (current.in_framework(framework), None),
    }
}

thread_local! {
    /// The last switch's notice and the state it speaks of (`switch_notice` renders it).
    static SWITCH_NOTICE: RefCell<Option<(AppState, String)>> = const { RefCell::new(None) };
}

/// The last switch's notice, shown while the state it speaks of stands.
fn switch_notice() -> AnyView {
    let lab = use_lab();
    let Some((shown, notice)) = SWITCH_NOTICE.with(|n| n.borrow().clone()) else { return ().into_any() };
    view! {
        <Show when=move || lab.state.with(|s| *s == shown)>
            <p class="notice switch-notice" data-testid="switch-notice" role="status">{notice.clone()}</p>
        </Show>
    }
    .into_any()
}
