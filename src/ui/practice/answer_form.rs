//! Where a question is answered: height and width, an `output_padding`, or cells on a grid; then
//! checked. Once checked, the answer stays shown as given (and cannot be changed: the stage and
//! the explanation have told the right one).

use leptos::prelude::*;

use super::cell_grid::CellGrid;
use crate::conv::app::exercises::{Answer, Cell, Exercise, Kind};

/// What a student has typed or selected for a question but not yet checked: kept (by the panel)
/// while they look at other questions.
#[derive(Clone, Default)]
pub struct Draft {
    pub first: String,
    pub second: String,
    pub cells: Vec<Cell>,
}

/// A whole number as typed (spaces around allowed), or `None`.
fn whole(text: &str) -> Option<i64> {
    text.trim().parse::<i64>().ok().filter(|n| n.unsigned_abs() < 1_000_000)
}

#[component]
pub fn AnswerForm(
    exercise: Exercise,
    given: Option<Answer>,
    /// What was typed or selected before the student looked at another question.
    draft: Draft,
    /// Keeps the draft as it changes.
    keep: impl Fn(Draft) + Copy + 'static,
    check: impl Fn(Answer) + Copy + 'static,
) -> impl IntoView {
    let done = given.is_some();
    let problem = RwSignal::new(None::<&'static str>);
    let number_at = |at: usize| match &given {
        Some(Answer::Size(size)) => size.get(at).map(|n| n.to_string()).unwrap_or_default(),
        Some(Answer::Number(n)) if at == 0 => n.to_string(),
        _ if at == 0 => draft.first.clone(),
        _ => draft.second.clone(),
    };
    let first = RwSignal::new(number_at(0));
    let second = RwSignal::new(number_at(1));
    let selected = RwSignal::new(match &given {
        Some(Answer::Cells(cells)) => cells.clone(),
        _ => draft.cells.clone(),
    });
    if !done {
        Effect::new(move |_| {
            keep(Draft { first: first.get(), second: second.get(), cells: selected.get() });
        });
    }
    let kind = exercise.kind;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let answer = match kind {
            Kind::OutputSize => match (whole(&first.get_untracked()), whole(&second.get_untracked())) {
                (Some(h), Some(w)) => Answer::Size(vec![h, w]),
                _ => return problem.set(Some("Write the height and the width as whole numbers.")),
            },
            Kind::OutputPadding => match whole(&first.get_untracked()) {
                Some(a) => Answer::Number(a),
                None => return problem.set(Some("Write the output_padding as a whole number.")),
            },
            Kind::Holes | Kind::Reach => Answer::Cells(selected.get_untracked()),
        };
        problem.set(None);
        check(answer);
    };
    let number = |label: &'static str, testid: &'static str, value: RwSignal<String>| {
        view! {
            <label class="field">
                {label}
                <input
                    type="number"
                    inputmode="numeric"
                    data-testid=testid
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))
                    disabled=done
                />
            </label>
        }
    };
    let inputs = match kind {
        Kind::OutputSize => view! {
            {number("height", "practice-height", first)}
            <span class="times" aria-hidden="true">"×"</span>
            {number("width", "practice-width", second)}
        }
        .into_any(),
        Kind::OutputPadding => number("output_padding", "practice-number", first).into_any(),
        Kind::Holes | Kind::Reach => {
            let (rows, cols) = exercise.grid().unwrap_or((0, 0));
            let what = if kind == Kind::Holes { "output" } else { "input" };
            let truth = match (done, exercise.answer()) {
                (true, Answer::Cells(cells)) => Some(cells),
                _ => None,
            };
            view! { <CellGrid rows=rows cols=cols what=what selected=selected truth=truth/> }.into_any()
        }
    };
    view! {
        <form class="practice-answer" on:submit=submit>
            <div class="practice-inputs">{inputs}</div>
            <button type="submit" class="play" data-testid="practice-check" disabled=done>"check"</button>
            {move || problem.get().map(|p| view! { <p class="error" role="alert">{p}</p> })}
        </form>
    }
}
