//! The parameter panel, in the framework's own words: tabs, its argument names and value forms,
//! the live code line with a copy button, and the rejection explained when a setting is invalid.

use leptos::prelude::*;

use super::framework_search::switch_framework;
use super::part::PartBuilder;
use super::rules::{self, Resolved};
use super::state::{set_state, use_lab, Lab};
use crate::conv::app::query::{axis_text, padding_text, parse_padding, per_axis, AppState, Backend};
use crate::conv::dialects::settings::{Field, FieldKey};
use crate::conv::{Framework, Op};

/// The tabs shown first; the other dialects sit in a menu.
const TABS: [Framework; 6] =
    [Framework::Pytorch, Framework::Keras, Framework::Tensorflow, Framework::Caffe, Framework::Onnx, Framework::Jax];

/// The text a field shows for the current state.
fn field_text(state: &AppState, key: FieldKey) -> String {
    match key {
        FieldKey::ChannelsIn => state.channels_in.to_string(),
        FieldKey::ChannelsOut => state.channels_out.to_string(),
        FieldKey::Groups => state.groups.to_string(),
        FieldKey::Kernel => axis_text(&state.kernel),
        FieldKey::Stride => axis_text(&state.stride),
        FieldKey::Dilation => axis_text(&state.dilation),
        FieldKey::Padding => padding_text(&state.padding),
        FieldKey::OutputPadding => state.output_padding.as_deref().map(axis_text).unwrap_or_default(),
        FieldKey::Backend => state
            .backend
            .or(state.framework.backends().first().copied())
            .map(|b| b.id().to_string())
            .unwrap_or_default(),
        FieldKey::OutputSize => state
            .output_size
            .as_deref()
            .map(|v| v.iter().map(|x| x.to_string()).collect::<Vec<_>>().join("x"))
            .unwrap_or_default(),
    }
}

/// Apply a field's text to the state; `Err` says what the field takes.
fn apply(state: &mut AppState, key: FieldKey, text: &str) -> Result<(), String> {
    let text = text.trim();
    let rank = state.rank;
    let axes = |t: &str| per_axis(t, rank).ok_or_else(|| format!("an integer or {rank} integers joined by x"));
    let int = |t: &str| t.parse::<i64>().map_err(|_| "an integer".to_string());
    match key {
        FieldKey::ChannelsIn => state.channels_in = int(text)?,
        FieldKey::ChannelsOut => state.channels_out = int(text)?,
        FieldKey::Groups => state.groups = int(text)?,
        FieldKey::Kernel => state.kernel = axes(text)?,
        FieldKey::Stride => state.stride = axes(text)?,
        FieldKey::Dilation => state.dilation = axes(text)?,
        FieldKey::Padding => {
            state.padding = parse_padding(text, rank).ok_or("a padding such as 1, 1x2, same or 0-1")?;
        }
        FieldKey::OutputPadding => state.output_padding = if text.is_empty() { None } else { Some(axes(text)?) },
        FieldKey::OutputSize => state.output_size = if text.is_empty() { None } else { Some(axes(text)?) },
        FieldKey::Backend => {
            let backends = state.framework.backends();
            let chosen = Backend::from_id(text.trim()).filter(|b| backends.contains(b)).ok_or("one of its backends")?;
            state.backend = (backends.first() != Some(&chosen)).then_some(chosen);
        }
    }
    Ok(())
}

/// The whole panel.
#[component]
pub fn Controls() -> impl IntoView {
    let lab = use_lab();
    let state = lab.state;
    let framework = Memo::new(move |_| state.with(|s| s.framework));
    let op = Memo::new(move |_| state.with(|s| s.op));
    let rank = Memo::new(move |_| state.with(|s| s.rank));
    // What the last framework switch says of the layer it shows, built by the module that
    // worked it out (framework_search.rs).
    let switch_notice = RwSignal::new(None::<PartBuilder>);
    // Switching framework is porting: the new framework's exact equivalent of the layer, or the
    // closest layer it can make, saying so beside the stage (framework_search.rs).
    let set_framework = move |f: Framework| {
        let current = state.get_untracked();
        let Some(layer) = lab.layer.get_untracked().ok() else {
            return set_state(lab, current.in_framework(f));
        };
        leptos::task::spawn_local(async move {
            let (next, notice) = switch_framework(current, layer, f).await;
            switch_notice.set(notice);
            set_state(lab, next);
        });
    };
    view! {
        <section class="panel controls" aria-label="Layer parameters">
            // The tabs are a tablist of buttons only; the menu of the other dialects sits beside
            // it (a `<select>` inside a tablist is an element a screen reader cannot place).
            <div class="tabs">
                <div class="tablist" role="tablist" aria-label="Framework">
                {TABS
                    .into_iter()
                    .map(|f| {
                        view! {
                            <button
                                role="tab"
                                class="tab"
                                data-framework=f.id()
                                aria-selected=move || (framework.get() == f).to_string()
                                on:click=move |_| set_framework(f)
                            >
                                {f.display_name()}
                            </button>
                        }
                    })
                    .collect_view()}
                </div>
                <select
                    class="more"
                    aria-label="Other frameworks"
                    on:change=move |ev| {
                        if let Some(f) = Framework::from_id(&event_target_value(&ev)) {
                            set_framework(f);
                        }
                    }
                    prop:value=move || framework.get().id()
                >
                    <option value="" disabled=true>"More…"</option>
                    {Framework::ALL
                        .iter()
                        .map(|f| view! { <option value=f.id()>{f.display_name()}</option> })
                        .collect_view()}
                </select>
            </div>
            <div class="row">
                <label class="field">
                    <span>"operation"</span>
                    <select
                        data-testid="op"
                        prop:value=move || if op.get() == Op::Conv { "conv" } else { "convt" }
                        on:change=move |ev| {
                            let op = if event_target_value(&ev) == "conv" { Op::Conv } else { Op::ConvTranspose };
                            set_state(lab, AppState { op, ..state.get_untracked() });
                        }
                    >
                        <option value="convt">"transposed conv"</option>
                        <option value="conv">"conv"</option>
                    </select>
                </label>
                <label class="field">
                    <span>"rank"</span>
                    <select
                        data-testid="rank"
                        prop:value=move || state.with(|s| s.rank.to_string())
                        on:change=move |ev| {
                            let rank: usize = if event_target_value(&ev) == "1" { 1 } else { 2 };
                            set_state(lab, state.get_untracked().with_rank(rank));
                        }
                    >
                        <option value="1">"1-D"</option>
                        <option value="2">"2-D"</option>
                    </select>
                </label>
                <SizeField/>
            </div>
            <div class="row fields">
                {move || {
                    rules::fields(lab.loaded.dialects.get(), framework.get(), op.get(), rank.get())
                        .into_iter()
                        .map(|field| view! { <ParamField field=field/> })
                        .collect_view()
                }}
            </div>
            <CodeLine/>
            {move || switch_notice.get().map(|build| build())}
        </section>
    }
}

/// The input's spatial size.
#[component]
fn SizeField() -> impl IntoView {
    let lab = use_lab();
    let state = lab.state;
    let error = RwSignal::new(None::<String>);
    view! {
        <label class="field">
            <span>"input size"</span>
            <input
                data-testid="size-in"
                inputmode="numeric"
                prop:value=move || state.with(|s| axis_text(&s.size_in))
                aria-invalid=move || error.get().is_some().to_string()
                on:change=move |ev| {
                    let text = event_target_value(&ev);
                    let rank = state.with(|s| s.rank);
                    match per_axis(text.trim(), rank) {
                        Some(v) => {
                            error.set(None);
                            let next = AppState { size_in: v, step: 0, ..state.get_untracked() };
                            set_state(lab, next);
                        }
                        None => error.set(Some(format!("an integer or {rank} integers joined by x"))),
                    }
                }
            />
            {move || error.get().map(|e| view! { <small class="field-error">{e}</small> })}
        </label>
    }
}

/// One argument of the framework, under its own name.
#[component]
fn ParamField(
    /// The framework's argument and the state it edits.
    field: Field,
) -> impl IntoView {
    let lab = use_lab();
    let state = lab.state;
    let key = field.key;
    let error = RwSignal::new(None::<String>);
    let list_id = format!("words-{}", field.name.replace(|c: char| !c.is_ascii_alphanumeric(), "-"));
    let words = field.words;
    view! {
        <label class="field" title=field.help>
            <span><code>{field.name}</code></span>
            <input
                data-field=field.name
                list=list_id.clone()
                prop:value=move || state.with(|s| field_text(s, key))
                aria-invalid=move || (error.with(Option::is_some) || named_by_rejection(lab, field.name)).to_string()
                on:change=move |ev| {
                    let text = event_target_value(&ev);
                    let mut next = state.get_untracked();
                    match apply(&mut next, key, &text) {
                        Ok(()) => {
                            error.set(None);
                            next.step = 0;
                            // (A zero or negative value loads PyTorch's full dialect first.)
                            set_state(lab, next);
                        }
                        Err(e) => error.set(Some(format!("{} takes {e}", field.name))),
                    }
                }
            />
            {(!words.is_empty())
                .then(|| {
                    view! {
                        <datalist id=list_id>
                            {words.iter().map(|w| view! { <option value=*w></option> }).collect_view()}
                        </datalist>
                    }
                })}
            // Optional arguments may be left out; say so rather than show a blank box.
            {move || {
                let optional = matches!(key, FieldKey::OutputPadding | FieldKey::OutputSize);
                (optional && error.get().is_none() && state.with(|s| field_text(s, key).is_empty()))
                    .then(|| view! { <small class="field-note">"not given"</small> })
            }}
            {move || error.get().map(|e| view! { <small class="field-error">{e}</small> })}
        </label>
    }
}

/// Whether the framework's rejection of the current settings names this argument (as written,
/// or with spaces for underscores, as PyTorch's "output padding must be smaller…" does): the
/// field is marked invalid beside the message.
fn named_by_rejection(lab: Lab, name: &str) -> bool {
    lab.layer.with(|resolved| match resolved {
        Resolved::Rejected(error) => mentions(error.message.as_bytes(), name.as_bytes()),
        _ => false,
    })
}

/// `text` contains `word` as a whole word, an underscore in `word` matching a space too. Plain
/// byte comparisons: string patterns would add kilobytes to the first module.
fn mentions(text: &[u8], word: &[u8]) -> bool {
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let same = |(w, t): (&u8, &u8)| w == t || (*w == b'_' && *t == b' ');
    (0..text.len().saturating_sub(word.len()) + 1).any(|at| {
        let end = at + word.len();
        end <= text.len()
            && word.iter().zip(&text[at..end]).all(same)
            && !(at > 0 && is_word(text[at - 1]))
            && !(end < text.len() && is_word(text[end]))
    })
}

/// The layer as code, with a copy button.
#[component]
fn CodeLine() -> impl IntoView {
    let lab = use_lab();
    let code = Memo::new(move |_| lab.state.with(|s| rules::code_line(lab.loaded.dialects.get(), s)));
    let copied = RwSignal::new(false);
    let copy = move |_| {
        if let Some(clipboard) = web_sys::window().map(|w| w.navigator().clipboard()) {
            let _ = clipboard.write_text(&code.get_untracked());
            copied.set(true);
        }
    };
    // While the framework rejects the settings, the line is not a layer it would build: the copy
    // button is disabled (and the CSS strikes the line through).
    let invalid = Memo::new(move |_| lab.layer.with(|r| matches!(r, Resolved::Rejected(_))));
    view! {
        <div class="code">
            <pre data-testid="code-line"><code>{move || code.get()}</code></pre>
            <button class="ghost" data-testid="copy-code" disabled=invalid on:click=copy>
                {move || if copied.get() { "copied" } else { "copy" }}
            </button>
        </div>
    }
}
