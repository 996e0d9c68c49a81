//! Cells to select on a grid of toggle buttons: the output's (holes) or the input's (reach).
//! One tab stop for the whole grid; the arrow keys move among the cells, and space or Enter
//! toggles one, as a screen reader announces it ("(2, 3), pressed").

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::conv::app::exercises::{cell_text, Cell};

/// The grid's id prefix: one grid is shown at a time.
const ID: &str = "practice-cell";

/// Focus the element with `id`, if the page has it (also the panel's, after a check).
pub fn focus_by_id(id: &str) {
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = element {
        let _ = element.focus();
    }
}

fn focus_cell((r, c): Cell) {
    focus_by_id(&format!("{ID}-{r}-{c}"));
}

#[component]
pub fn CellGrid(
    rows: i64,
    cols: i64,
    what: &'static str,
    selected: RwSignal<Vec<Cell>>,
    /// Once checked: the right cells, so the grid marks each pick right or wrong and each cell
    /// left out (a mark and a word each, not colour alone).
    truth: Option<Vec<Cell>>,
) -> impl IntoView {
    let done = truth.is_some();
    let truth = StoredValue::new(truth.unwrap_or_default());
    // The cell that takes the focus when the grid is tabbed into.
    let active = RwSignal::new((0i64, 0i64));
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let (r, c) = active.get_untracked();
        let next = match ev.key().as_str() {
            "ArrowRight" => (r, (c + 1).min(cols - 1)),
            "ArrowLeft" => (r, (c - 1).max(0)),
            "ArrowDown" => ((r + 1).min(rows - 1), c),
            "ArrowUp" => ((r - 1).max(0), c),
            "Home" => (r, 0),
            "End" => (r, cols - 1),
            _ => return,
        };
        // The stage's own keys (← → step it) stay out of the grid.
        ev.prevent_default();
        ev.stop_propagation();
        active.set(next);
        focus_cell(next);
    };
    let toggle = move |cell: Cell| {
        selected.update(|s| match s.iter().position(|&x| x == cell) {
            Some(at) => {
                s.remove(at);
            }
            None => s.push(cell),
        });
    };
    let label = format!("{what} cells, {rows} rows × {cols} columns");
    // The numbers along the edges are for the eye: each cell's name says its row and column.
    let header = (0..cols).map(|c| view! { <span class="axis" aria-hidden="true">{c}</span> }).collect_view();
    let body = (0..rows)
        .map(|r| {
            let cells = (0..cols)
                .map(|c| {
                    let cell = (r, c);
                    let pressed = move || selected.with(|s| s.contains(&cell));
                    let wanted = truth.with_value(|t| t.contains(&cell));
                    // Checked: ● a right pick, ✗ a wrong one, ○ one left out.
                    let (mark, class, said) = match (done, pressed(), wanted) {
                        (false, _, _) => ("●", "cell", cell_text(cell)),
                        (true, true, true) => ("●", "cell right", format!("{}: selected, right", cell_text(cell))),
                        (true, true, false) => ("✗", "cell wrong", format!("{}: selected, wrong", cell_text(cell))),
                        (true, false, true) => ("○", "cell missed", format!("{}: left out", cell_text(cell))),
                        (true, false, false) => ("", "cell", cell_text(cell)),
                    };
                    view! {
                        <button
                            type="button"
                            class=class
                            id=format!("{ID}-{r}-{c}")
                            data-testid="practice-cell"
                            data-cell=format!("{r},{c}")
                            aria-label=said
                            aria-pressed=move || pressed().to_string()
                            tabindex=move || if active.get() == cell { "0" } else { "-1" }
                            // Checked: still reachable, so the marks can be walked and read out.
                            aria-disabled=done.then_some("true")
                            on:focus=move |_| active.set(cell)
                            on:click=move |_| {
                                if !done {
                                    toggle(cell);
                                }
                            }
                        >
                            {move || if pressed() || done { mark } else { "" }}
                        </button>
                    }
                })
                .collect_view();
            view! {
                <span class="axis" aria-hidden="true">{r}</span>
                {cells}
            }
        })
        .collect_view();
    view! {
        <div
            class="cell-grid"
            role="group"
            aria-label=label
            aria-describedby="practice-grid-hint"
            // Through the style object, which the page's Content-Security-Policy allows (a style
            // attribute it does not).
            style:grid-template-columns=format!("1.6rem repeat({cols}, 2rem)")
            on:keydown=on_key
        >
            <span class="axis" aria-hidden="true"></span>
            {header}
            {body}
        </div>
        <p class="muted small" id="practice-grid-hint">
            {move || match done {
                false => format!("{} selected · arrow keys move, space selects", selected.with(|s| s.len())),
                true => "● right · ✗ wrong · ○ left out".to_string(),
            }}
        </p>
    }
}
