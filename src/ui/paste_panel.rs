//! Paste a layer (Contract 4 in the app): the text as read, with what was read marked or the place
//! that could not be, and the stage switched to the layer. The text stays on the page only: the
//! link keeps the layer, not the paste.

use leptos::prelude::*;

use super::state::{set_state, use_lab};
use crate::conv::app::query::AppState;
use crate::conv::port::translate::{on_backends, paste_for_stage, Paste};
use crate::conv::Framework;

/// What the panel shows for one paste.
#[derive(Debug, Clone, Default)]
pub struct PasteOutcome {
    /// "PyTorch · torch.nn.ConvTranspose2d: input 1×512×28×28 → output 1×256×56×56", or why it cannot be read.
    pub headline: String,
    /// The framework that rejects the call (or the text that cannot be read) makes it an error.
    pub failed: bool,
    pub framework: Option<&'static str>,
    pub notes: Vec<String>,
    /// Byte ranges of the text to mark: what was read, or where reading failed.
    pub marks: Vec<(usize, usize)>,
    /// The stage's state for the layer, when the stage can draw it.
    pub state: Option<AppState>,
}

fn shape(dims: &[i64]) -> String {
    dims.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("×")
}

/// Read `text`. (In the lower panels' module: a module of its own would cost the first view the
/// loader's lines for it, about 0.2 KB.)
pub fn outcome(
    text: &str,
    from: Option<Framework>,
    input_shape: Option<Vec<i64>>,
    weight_shape: Option<Vec<i64>>,
) -> PasteOutcome {
    let paste = Paste { text, from, input_shape, weight_shape, backend: None };
    match paste_for_stage(&paste) {
        Err(error) => PasteOutcome {
            headline: error.to_string(),
            failed: true,
            marks: vec![(error.place.start, error.place.end.max(error.place.start + 1))],
            ..PasteOutcome::default()
        },
        Ok(pasted) => {
            let request = &pasted.reading.request;
            let name = request.framework.display_name();
            let api = request.api.clone().unwrap_or_default();
            let marks = pasted.reading.read.iter().map(|p| (p.start, p.end)).collect();
            let mut notes = pasted.reading.notes.clone();
            let (headline, failed) = match &pasted.layer {
                Ok(layer) => {
                    notes.extend(layer.notes.iter().cloned());
                    if pasted.state.is_none() {
                        notes.push(
                            "the stage draws 1-D and 2-D layers in the app's settings; this one is not among them"
                                .into(),
                        );
                    }
                    (
                        format!(
                            "{name} · {api}: input {} → output {}",
                            shape(&request.input_shape),
                            shape(&layer.output_shape)
                        ),
                        false,
                    )
                }
                Err(error) => (format!("{name} · {api} rejects this call: {}", error.message), true),
            };
            // Keras answers per backend: say what each of the others does with the same call.
            for (backend, layer) in on_backends(request).into_iter().skip(1) {
                notes.push(match layer {
                    Ok(layer) => format!("on the {} backend: output {}", backend.id(), shape(&layer.output_shape)),
                    Err(error) => format!("on the {} backend: refused: {}", backend.id(), error.message),
                });
            }
            PasteOutcome {
                headline,
                failed,
                framework: Some(request.framework.id()),
                notes,
                marks,
                state: pasted.state,
            }
        }
    }
}

/// `1, 512, 28, 28`, `1x512x28x28` or `[1, 512, 28, 28]`; `Err` names what is wrong.
fn parse_shape(text: &str) -> Result<Option<Vec<i64>>, String> {
    let inner = text.trim().trim_start_matches(['[', '(']).trim_end_matches([']', ')']);
    if inner.trim().is_empty() {
        return Ok(None);
    }
    inner
        .split(|c: char| c == ',' || c == 'x' || c == '×' || c.is_whitespace())
        .filter(|part| !part.is_empty())
        .map(|part| part.parse::<i64>().ok().filter(|d| (0..=1 << 40).contains(d)))
        .collect::<Option<Vec<i64>>>()
        .map(Some)
        .ok_or_else(|| "a shape is whole numbers separated by commas, e.g. 1, 512, 28, 28".to_string())
}

/// The text with `marks` highlighted: (plain, marked) pairs.
fn marked(text: &str, marks: &[(usize, usize)]) -> Vec<impl IntoView> {
    let mut spans = Vec::new();
    let mut at = 0;
    let mut marks: Vec<(usize, usize)> = marks.iter().map(|&(s, e)| (s.min(text.len()), e.min(text.len()))).collect();
    marks.sort_unstable();
    for (start, end) in marks {
        let (start, end) = (start.max(at), end.max(at));
        if !text.is_char_boundary(start) || !text.is_char_boundary(end) || start >= end {
            continue;
        }
        spans.push((text[at..start].to_string(), Some(view! { <mark>{text[start..end].to_string()}</mark> })));
        at = end;
    }
    spans.push((text[at..].to_string(), None));
    spans
}

#[component]
pub fn PastePanel() -> impl IntoView {
    let lab = use_lab();
    let text = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let input = RwSignal::new(String::new());
    let weight = RwSignal::new(String::new());
    let result = RwSignal::new(None::<(String, PasteOutcome)>);
    let read = move || {
        let pasted = text.get_untracked();
        if pasted.trim().is_empty() {
            return result.set(None);
        }
        let shapes = (parse_shape(&input.get_untracked()), parse_shape(&weight.get_untracked()));
        let (input_shape, weight_shape) = match shapes {
            (Ok(i), Ok(w)) => (i, w),
            (Err(e), _) | (_, Err(e)) => {
                let failed = PasteOutcome { headline: e, failed: true, ..PasteOutcome::default() };
                return result.set(Some((pasted, failed)));
            }
        };
        let framework = Framework::from_id(&from.get_untracked());
        let outcome = outcome(&pasted, framework, input_shape, weight_shape);
        if let Some(state) = outcome.state.clone() {
            if lab.state.with_untracked(|s| *s != state) {
                set_state(lab, state);
            }
        }
        result.set(Some((pasted, outcome)));
    };
    let frameworks =
        Framework::ALL.iter().map(|f| view! { <option value=f.id()>{f.display_name()}</option> }).collect_view();
    view! {
        <section class="panel paste-panel" aria-label="Paste a layer">
            <h2>"Paste a layer"</h2>
            <p class="muted small">
                "A layer from any framework, as you would copy it: nn.ConvTranspose2d(…), layers.Conv2DTranspose(…), "
                "a Caffe layer { … }, tf.nn.conv2d_transpose(…), Deconvolution2D(…). The stage switches to it and the table "
                "below gives every framework's version."
            </p>
            <textarea
                data-testid="paste-layer"
                rows="5"
                spellcheck="false"
                aria-label="layer code"
                placeholder="nn.ConvTranspose2d(512, 256, 4, stride=2, padding=1)"
                prop:value=move || text.get()
                on:input=move |ev| {
                    text.set(event_target_value(&ev));
                    read();
                }
            ></textarea>
            <div class="row">
                <label class="field">
                    "framework"
                    <select on:change=move |ev| { from.set(event_target_value(&ev)); read(); }>
                        <option value="">"recognise from the text"</option>
                        {frameworks}
                    </select>
                </label>
                <label class="field">
                    "input shape (when the text lacks it)"
                    <input data-testid="paste-input-shape" placeholder="1, 512, 28, 28"
                        on:change=move |ev| { input.set(event_target_value(&ev)); read(); }/>
                </label>
                <label class="field">
                    "weight shape (a functional call's kernel)"
                    <input placeholder="4, 4, 256, 512" on:change=move |ev| { weight.set(event_target_value(&ev)); read(); }/>
                </label>
            </div>
            <div data-testid="paste-result" role="status" aria-live="polite"
                data-framework=move || result.with(|r| r.as_ref().and_then(|(_, o)| o.framework).unwrap_or(""))
                data-error=move || result.with(|r| r.as_ref().is_some_and(|(_, o)| o.failed).to_string())>
                {move || result.get().map(|(pasted, outcome)| view! {
                    <p class:error=outcome.failed><strong>{outcome.headline.clone()}</strong></p>
                    <div class="code"><pre>{marked(&pasted, &outcome.marks)}</pre></div>
                    <ul class="small">{outcome.notes.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}</ul>
                })}
            </div>
        </section>
    }
}
