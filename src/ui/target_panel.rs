//! Hit a target size (Contract 5 in the app): every parameter set the framework accepts that turns
//! the input size into the target, ranked for people, each a link that opens it on the stage.

use leptos::either::EitherOf3;
use leptos::prelude::*;

use super::stage::playback::stop_playback;
use super::state::{set_state, use_lab, Lab};
use crate::conv::app::query::{per_axis, AppState};
use crate::conv::app::solve::{solve, Answer, Limits, Query, Solution};
use crate::conv::dialects::params::Value;
use crate::conv::{Framework, Op};

/// How many solutions the panel asks for, best first (the count still counts them all).
const LISTED: usize = 120;
/// How many of each kind show before "more".
const SHOWN: usize = 8;

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
        _ if solution.wasted > 0 => format!("{} cells lost to the padding", solution.wasted),
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
                    stop_playback();
                    set_state(lab, AppState { step: 0, ..state.clone() });
                }
            >
                <code>{solution.code.clone()}</code>
            </a>
            " "
            <small class="note">{class}</small>
        </li>
    }
}

#[component]
pub fn TargetPanel() -> impl IntoView {
    let lab = use_lab();
    // `None`: searching; `Some(None)`: nothing asked yet.
    let found = RwSignal::new(Some(None::<Found>));
    let run = move |ev: leptos::ev::Event| {
        let state = lab.state.get_untracked();
        let text = event_target_value(&ev);
        if text.trim().is_empty() {
            return found.set(Some(None));
        }
        let Some(wanted) = per_axis(text.trim(), state.rank) else {
            let rank = state.rank;
            let message = format!("the target size is a whole number or {rank} joined by x, e.g. 200x200");
            return found.set(Some(Some(Err(message))));
        };
        found.set(None);
        // After the "searching" line has painted: a search can take a few tens of milliseconds.
        set_timeout(
            move || found.set(Some(Some(search(state.framework, state.op, state.size_in.clone(), wanted)))),
            std::time::Duration::from_millis(16),
        );
    };
    view! {
        <section class="panel target-panel" aria-label="Hit a target size">
            <h2>"Hit a target size"</h2>
            <p class="muted small">
                "Every layer in the stage's framework, from the stage's input size, that reaches the size you need, within kernel ≤ " {Limits::DEFAULT.kernel_size}
                ", stride ≤ " {Limits::DEFAULT.stride} ", dilation ≤ " {Limits::DEFAULT.dilation} ", padding ≤ "
                {Limits::DEFAULT.padding} ". No holes and even overlap first (a kernel that is a multiple of the stride), "
                "then the fewest arguments, then small kernels. Click one to open it on the stage."
            </p>
            <label class="field">
                "target output size"
                <input data-testid="target-size" placeholder="200x200"
                    on:change=run/>
            </label>
            <div data-testid="target-result" role="status" aria-live="polite">
                {move || match found.get() {
                    None => Some(EitherOf3::A(view! { <p class="muted">"Searching…"</p> })),
                    Some(None) => None,
                    Some(Some(Err(message))) => Some(EitherOf3::B(view! { <p class="error">{message}</p> })),
                    Some(Some(Ok((query, answer)))) => Some(EitherOf3::C(answer_view(lab, query, answer))),
                }}
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
            format!("{n} {name} layers make {to} from {from}; the best {}, by kind:", answer.solutions.len())
        }
        n => format!("{n} {name} layers make {to} from {from}, by kind:"),
    };
    // The ranked list, by kind: no holes and even overlap, no holes, holes.
    let kinds = [
        ("No holes, even overlap", (true, true)),
        ("No holes, uneven overlap (checkerboard)", (true, false)),
        ("With holes, or cells lost to the padding", (false, false)),
    ];
    let mut groups: Vec<Vec<Solution>> = vec![Vec::new(); kinds.len()];
    for solution in answer.solutions {
        let kind = match (solution.holes == Some(0) && solution.wasted == 0, solution.even_overlap) {
            (true, true) => 0,
            (true, false) => 1,
            (false, _) => 2,
        };
        groups[kind].push(solution);
    }
    let groups = kinds
        .iter()
        .zip(groups)
        .filter(|(_, group)| !group.is_empty())
        .map(|((label, _), mut group)| {
            let count = group.len();
            let rest = group.split_off(count.min(SHOWN));
            let more = (!rest.is_empty()).then(|| {
                view! {
                    <details>
                        <summary>{format!("{} more", rest.len())}</summary>
                        <ol class="solutions" start=SHOWN + 1>{rest.into_iter().map(|s| solution_row(lab, s)).collect_view()}</ol>
                    </details>
                }
            });
            view! {
                <h3 class="small">{format!("{label}: {count} listed")}</h3>
                <ol class="solutions">{group.into_iter().map(|s| solution_row(lab, s)).collect_view()}</ol>
                {more}
            }
        })
        .collect_view();
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
        {groups}
        {explicit}
        <ul class="small">{answer.notes.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
    }
}
