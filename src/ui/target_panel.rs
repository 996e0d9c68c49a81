//! Hit a target size (Contract 5 in the app): every parameter set the framework accepts that turns
//! the input size into the target, ranked for people, each a link that opens it on the stage.

use leptos::prelude::*;

use super::{lazy, Lab};
use crate::conv::app::query::{per_axis, AppState};
use crate::conv::app::solve::{solve, Answer, Limits, Query, Solution};
use crate::conv::dialects::params::Value;
use crate::conv::{Framework, Op};

/// How many solutions the panel lists (the count still counts them all).
const LISTED: usize = 30;

/// A framework argument as JSON, for `data-params` (the browser has no serde).
fn json(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(text) => text.clone(),
        Value::Str(text) => format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\"")),
        Value::List(items) => format!("[{}]", items.iter().map(json).collect::<Vec<_>>().join(",")),
        Value::Map(entries) => {
            let inner: Vec<String> =
                entries.iter().map(|(k, v)| format!("{}:{}", json(&Value::Str(k.clone())), json(v))).collect();
            format!("{{{}}}", inner.join(","))
        }
    }
}

fn sizes(values: &[i64]) -> String {
    values.iter().map(|v| v.to_string()).collect::<Vec<_>>().join("×")
}

/// What the search found, or why it could not run.
type Found = Result<(Query, Answer), String>;

fn search(framework: Framework, op: Op, input: Vec<i64>, target: Vec<i64>) -> Found {
    let query = Query { max_solutions: LISTED, ..Query::new(framework, op, input, target) };
    solve(&query).map(|answer| (query, answer)).map_err(|e| e.message)
}

fn solution_row(lab: Lab, solution: Solution) -> impl IntoView {
    let params = format!(
        "{{{}}}",
        solution
            .request
            .params
            .entries
            .iter()
            .map(|(k, v)| format!("\"{k}\":{}", json(v)))
            .collect::<Vec<_>>()
            .join(",")
    );
    let href = solution.href().unwrap_or_default();
    let state = solution.state.clone();
    let class = match (solution.holes, solution.even_overlap) {
        (Some(0), true) => "no holes, even overlap".to_string(),
        (Some(0), false) => "no holes, uneven overlap".to_string(),
        (Some(n), _) => format!("{n} holes"),
        (None, _) => "holes".to_string(),
    };
    view! {
        <li data-testid="solution" data-params=params>
            <a
                href=href
                on:click=move |ev| {
                    ev.prevent_default();
                    lab.playing.set(false);
                    lazy::set_state(lab, AppState { step: 0, ..state.clone() });
                }
            >
                <code>{solution.code.clone()}</code>
            </a>
            <small class="note">{class}</small>
        </li>
    }
}

#[component]
pub fn TargetPanel() -> impl IntoView {
    let lab = expect_context::<Lab>();
    let target = RwSignal::new(String::new());
    let found = RwSignal::new(None::<Found>);
    let busy = RwSignal::new(false);
    let run = move || {
        let state = lab.state.get_untracked();
        let text = target.get_untracked();
        if text.trim().is_empty() {
            return found.set(None);
        }
        let Some(wanted) = per_axis(text.trim(), state.rank) else {
            let rank = state.rank;
            return found
                .set(Some(Err(format!("the target size is a whole number or {rank} joined by x, e.g. 200x200"))));
        };
        busy.set(true);
        // After the "searching" line has painted: a search can take a few tens of milliseconds.
        set_timeout(
            move || {
                found.set(Some(search(state.framework, state.op, state.size_in.clone(), wanted)));
                busy.set(false);
            },
            std::time::Duration::from_millis(16),
        );
    };
    let heading = move || lab.state.with(|s| format!("from {} in {}", sizes(&s.size_in), s.framework.display_name()));
    view! {
        <section class="panel target-panel" aria-label="Hit a target size">
            <h2>"Hit a target size"</h2>
            <p class="muted small">
                "Every layer " {heading} " that reaches the size you need, within kernel ≤ " {Limits::DEFAULT.kernel_size}
                ", stride ≤ " {Limits::DEFAULT.stride} ", dilation ≤ " {Limits::DEFAULT.dilation} ", padding ≤ "
                {Limits::DEFAULT.padding} ". No holes and even overlap first (a kernel that is a multiple of the stride), "
                "then the fewest arguments, then small kernels. Click one to open it on the stage."
            </p>
            <label class="field">
                "target output size"
                <input data-testid="target-size" placeholder="200x200"
                    on:change=move |ev| { target.set(event_target_value(&ev)); run(); }/>
            </label>
            <div data-testid="target-result" role="status" aria-live="polite">
                {move || busy.get().then(|| view! { <p class="muted">"Searching…"</p> })}
                {move || found.get().map(|found| match found {
                    Err(message) => view! { <p class="error">{message}</p> }.into_any(),
                    Ok((query, answer)) => answer_view(lab, query, answer).into_any(),
                })}
            </div>
        </section>
    }
}

fn answer_view(lab: Lab, query: Query, answer: Answer) -> impl IntoView {
    let name = query.framework.display_name();
    let (from, to) = (sizes(&query.input_size), sizes(&query.output_size));
    let headline = match answer.count {
        0 => format!("No {name} layer within the limits makes {to} from {from}."),
        1 => format!("1 {name} layer makes {to} from {from}:"),
        n if n as usize > answer.solutions.len() => {
            format!("{n} {name} layers make {to} from {from}; the best {}:", answer.solutions.len())
        }
        n => format!("{n} {name} layers make {to} from {from}:"),
    };
    let nearest: Vec<String> = answer
        .nearest
        .iter()
        .enumerate()
        .map(|(axis, n)| {
            let near: Vec<String> = [n.below, n.above].iter().flatten().map(|v| v.to_string()).collect();
            format!("axis {}: {}", axis + 1, if near.is_empty() { "none nearby".into() } else { near.join(" or ") })
        })
        .collect();
    let explicit = answer.explicit.map(|e| {
        let accepts: Vec<String> =
            e.accepts.iter().map(|(lo, hi)| if lo == hi { lo.to_string() } else { format!("{lo}…{hi}") }).collect();
        view! {
            <p class="small">
                "Or name the size: " <code>{e.argument}</code> " accepts " {accepts.join(" × ")} " with "
                <code>{e.solution.code.clone()}</code>
            </p>
        }
    });
    view! {
        <p><strong>{headline}</strong></p>
        {(!nearest.is_empty()).then(|| view! { <p class="small">"Nearest sizes it reaches: " {nearest.join("; ")}</p> })}
        <ol class="solutions">{answer.solutions.into_iter().map(|s| solution_row(lab, s)).collect_view()}</ol>
        {explicit}
        <ul class="small">{answer.notes.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
    }
}
