//! Practice mode (Contract 2 `mode=practice`, `seed=`): the seed's eight questions above the
//! stage, one at a time, each checked at once and explained in the layer's numbers, after which
//! the stage shows the layer at the view and step that show the answer. Until a question is
//! answered the stage is veiled (it would give the answer away).
//!
//! Only a link enters practice mode, so this is a module of its own that the link reader loads
//! (state.rs, `open_link`). It is given the state and a way to set it, rather than reading the
//! lab, so that state.rs can name it.

mod answer_form;
mod cell_grid;
mod saved;

use leptos::callback::{Callable, UnsyncCallback};
#[cfg(feature = "split")]
use leptos::prelude::lazy;
use leptos::prelude::*;

use crate::conv::app::exercises::{exercises, size_text, Answer, Exercise, Kind, Verdict, QUESTIONS};
use crate::conv::app::query::{AppState, Mode};
use answer_form::{AnswerForm, Draft};

/// Builds the practice panel: given the page's state, and how to show another state on the stage
/// (the app's `set_state`, after stopping playback).
pub type PracticeBuilder = fn(RwSignal<AppState>, UnsyncCallback<AppState>) -> AnyView;

/// The panel, from its module (its styles are in the panels' stylesheet).
#[cfg_attr(feature = "split", lazy)]
pub async fn load_practice() -> PracticeBuilder {
    crate::ui::stylesheet::link_stylesheet("panels-stylesheet").await;
    let build: PracticeBuilder = practice_panel;
    build
}

/// A seed for a page opened without one: short, so a teacher can read it out.
fn fresh_seed() -> u64 {
    let now = js_sys::Date::now() + web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now() * 1000.0);
    (now.to_bits() ^ (now.to_bits() >> 29)).wrapping_mul(0x9E37_79B9_7F4A_7C15) % 1_000_000
}

/// Mark the page while the current question is unanswered: the stylesheet veils the stage, and
/// the stage is inert (neither focused nor read out) until the answer is checked.
fn veil_stage(veiled: bool) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let marked = [document.document_element(), document.query_selector(".stage-panel").ok().flatten()];
    let [Some(root), stage] = marked else { return };
    let _ = if veiled { root.set_attribute("data-practice", "asking") } else { root.remove_attribute("data-practice") };
    if let Some(stage) = stage {
        let _ = if veiled { stage.set_attribute("inert", "") } else { stage.remove_attribute("inert") };
    }
}

/// Each question's checked answer, once given.
type Results = Vec<Option<(Answer, Verdict)>>;

/// Move the focus to the element with `id` once the view has it (the next frame).
fn focus_later(id: &'static str) {
    request_animation_frame(move || cell_grid::focus_by_id(id));
}

/// Whether the student agrees to lose the answers given (asked only when there are some).
fn may_drop(results: RwSignal<Results>) -> bool {
    let answered = results.with_untracked(|r| r.iter().any(Option::is_some));
    !answered
        || web_sys::window().is_some_and(|w| {
            let question = crate::i18n::tr("Your answers to these questions will be lost. Go on?".to_string());
            w.confirm_with_message(&question).unwrap_or(false)
        })
}

fn practice_panel(state: RwSignal<AppState>, show: UnsyncCallback<AppState>) -> AnyView {
    // A link without a seed gets one, set as a change (from an effect, after url.rs has taken
    // the opened state as written) so that the URL then carries it and can be shared.
    let unseeded = state.with_untracked(|s| s.seed.is_none()).then(fresh_seed);
    if let Some(fresh) = unseeded {
        Effect::new(move |_| state.update(|s| s.seed = s.seed.or(Some(fresh))));
    }
    let seed = Memo::new(move |_| state.with(|s| s.seed).or(unseeded).unwrap_or(0));
    let questions = Memo::new(move |_| exercises(seed.get()));
    // The answers saved in this tab for the seed, checked again.
    let checked = move |seed: u64| -> Results {
        let questions = exercises(seed);
        saved::load(seed)
            .into_iter()
            .zip(&questions)
            .map(|(answer, exercise)| answer.map(|a| (a.clone(), exercise.check(&a))))
            .collect()
    };
    let index = RwSignal::new(0usize);
    let results = RwSignal::new(checked(seed.get_untracked()));
    let drafts = StoredValue::new(vec![Draft::default(); QUESTIONS]);
    let practising = Memo::new(move |_| state.with(|s| s.mode == Some(Mode::Practice)));
    // A reach question's answer is shown in the gather view: its module loads meanwhile, so
    // the stage has it the moment the answer is checked.
    leptos::task::spawn_local(async {
        let _ = crate::ui::stage::views::load_views().await;
    });
    // The stage is veiled while the question is open, and shows the layer once it is answered.
    Effect::new(move |_| {
        let answered = results.with(|r| r[index.get()].is_some());
        veil_stage(practising.get() && !answered);
    });
    on_cleanup(move || veil_stage(false));
    // Opened on an answered question (a reload): the stage shows its layer.
    if let Some(exercise) = results.with_untracked(|r| r[0].is_some()).then(|| questions.get_untracked()[0].clone()) {
        show.run(exercise.stage_state(&state.get_untracked()));
    }

    // What a screen reader is told after a check (one region that stays, so it is announced).
    let announced = RwSignal::new(Vec::<String>::new());
    let check = move |answer: Answer| {
        let i = index.get_untracked();
        let exercise = questions.with_untracked(|q| q[i].clone());
        let verdict = exercise.check(&answer);
        announced.set(verdict.lines.clone());
        results.update(|r| r[i] = Some((answer, verdict)));
        saved::save(
            seed.get_untracked(),
            &results.with_untracked(|r| r.iter().map(|x| x.as_ref().map(|(a, _)| a.clone())).collect::<Vec<_>>()),
        );
        show.run(exercise.stage_state(&state.get_untracked()));
        focus_later(if i + 1 < QUESTIONS { "practice-next" } else { "practice-heading" });
    };
    let go_to = move |i: usize| {
        index.set(i);
        announced.set(Vec::new());
        if results.with_untracked(|r| r[i].is_some()) {
            show.run(questions.with_untracked(|q| q[i].stage_state(&state.get_untracked())));
        }
        focus_later("practice-heading");
    };
    // New questions (another seed) start over, from what this tab saved for that seed, if any.
    let new_questions = move |_| {
        if !may_drop(results) {
            return;
        }
        let next = fresh_seed();
        index.set(0);
        drafts.set_value(vec![Draft::default(); QUESTIONS]);
        results.set(checked(next));
        announced.set(Vec::new());
        state.update(|s| s.seed = Some(next));
    };
    let leave = move |_| {
        if may_drop(results) {
            state.update(|s| s.mode = None);
        }
    };

    view! {
        <Show when=move || practising.get()>
            <section class="panel practice" data-testid="practice" aria-labelledby="practice-title">
                <div class="practice-top">
                    <h2 id="practice-title">"Practice"</h2>
                    <p class="muted small practice-seed">
                        {move || format!("Seed {}: everyone who opens this link gets the same eight questions.", seed.get())}
                    </p>
                    <div class="practice-actions">
                        <button class="ghost" data-testid="practice-new" on:click=new_questions>"new questions"</button>
                        <button class="ghost" data-testid="practice-leave" on:click=leave>"leave practice"</button>
                    </div>
                </div>
                <Progress index=index results=results go_to=go_to/>
                // A line a node, so each is translated whole on a page in Chinese.
                <p class="visually-hidden" role="status" aria-live="polite">
                    {move || announced.get().into_iter().map(|line| view! { <span>{line}</span> " " }).collect_view()}
                </p>
                {move || {
                    let i = index.get();
                    let exercise = questions.with(|q| q[i].clone());
                    let result = results.with(|r| r[i].clone());
                    question_view(i, exercise, result, drafts, check, go_to)
                }}
            </section>
        </Show>
    }
    .into_any()
}

/// The eight questions as a row of buttons, each marked answered right (✓) or wrong (✗), and the
/// score: a mark and a word, never colour alone.
#[component]
fn Progress(
    index: RwSignal<usize>,
    results: RwSignal<Results>,
    go_to: impl Fn(usize) + Copy + 'static,
) -> impl IntoView {
    let score = move || {
        results.with(|r| {
            let answered = r.iter().flatten().count();
            let right = r.iter().flatten().filter(|(_, v)| v.right).count();
            format!("{right} right of {answered} answered")
        })
    };
    view! {
        <nav class="practice-progress" aria-label="Questions">
            <ol>
                {(0..QUESTIONS)
                    .map(|i| {
                        let mark = move || match results.with(|r| r[i].as_ref().map(|(_, v)| v.right)) {
                            Some(true) => "✓",
                            Some(false) => "✗",
                            None => "",
                        };
                        let label = move || match results.with(|r| r[i].as_ref().map(|(_, v)| v.right)) {
                            Some(true) => format!("question {}: right", i + 1),
                            Some(false) => format!("question {}: wrong", i + 1),
                            None => format!("question {}", i + 1),
                        };
                        view! {
                            <li>
                                <button
                                    class="ghost"
                                    class:current=move || index.get() == i
                                    data-testid="practice-goto"
                                    aria-current=move || (index.get() == i).then_some("step")
                                    aria-label=label
                                    on:click=move |_| go_to(i)
                                >
                                    {i + 1}
                                    <span class="mark" aria-hidden="true">{mark}</span>
                                </button>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
            <p class="small practice-score" data-testid="practice-score">{score}</p>
        </nav>
    }
}

/// The kind of question, as its heading.
fn kind_title(kind: Kind) -> &'static str {
    match kind {
        Kind::OutputSize => "Predict the output size",
        Kind::Holes => "Find the holes",
        Kind::Reach => "Which inputs reach this cell?",
        Kind::OutputPadding => "Choose the output_padding",
    }
}

/// The kind of question as `data-kind` names it (for tests and styles; not shown).
fn kind_id(kind: Kind) -> &'static str {
    match kind {
        Kind::OutputSize => "output-size",
        Kind::Holes => "holes",
        Kind::Reach => "reach",
        Kind::OutputPadding => "output-padding",
    }
}

fn question_view(
    i: usize,
    exercise: Exercise,
    result: Option<(Answer, Verdict)>,
    drafts: StoredValue<Vec<Draft>>,
    check: impl Fn(Answer) + Copy + 'static,
    go_to: impl Fn(usize) + Copy + 'static,
) -> impl IntoView {
    let input = size_text(&exercise.input_shape);
    let verdict = result.as_ref().map(|(_, v)| v.clone());
    let open = verdict.is_none();
    let given = result.map(|(a, _)| a);
    let next = (i + 1 < QUESTIONS).then(|| {
        view! {
            <button class="play" id="practice-next" data-testid="practice-next" on:click=move |_| go_to(i + 1)>
                "next question →"
            </button>
        }
    });
    view! {
        <article class="practice-question" data-testid="practice-question" data-index=i data-kind=kind_id(exercise.kind)>
            <h3 id="practice-heading" tabindex="-1">{format!("Question {} of {}: ", i + 1, QUESTIONS)} {kind_title(exercise.kind)}</h3>
            <pre class="practice-code"><code data-testid="practice-code" translate="no">{exercise.code.clone()}</code></pre>
            <p class="small">
                "input shape:" " " <code data-testid="practice-input" translate="no">{input}</code> " (N×C×H×W)"
            </p>
            <p class="practice-ask"><strong>{exercise.question()}</strong></p>
            <AnswerForm exercise=exercise.clone() given=given draft=drafts.with_value(|d| d[i].clone())
                keep=move |draft| drafts.update_value(|d| d[i] = draft) check=check/>
            // Announced through the panel's status line (this part is built anew on each check).
            <div class="practice-verdict">
                {verdict.map(|verdict| {
                    let (first, rest) = verdict.lines.split_first().map(|(f, r)| (f.clone(), r.to_vec())).unwrap_or_default();
                    view! {
                        <div data-testid="practice-verdict" data-right=verdict.right.to_string() class:right=verdict.right>
                            <p class="verdict-line"><span aria-hidden="true">{if verdict.right { "✓ " } else { "✗ " }}</span>{first}</p>
                            <ul class="explanation">{rest.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}</ul>
                            <p class="muted small">"The stage below now shows this layer."</p>
                            {next}
                        </div>
                    }
                })}
            </div>
            {open.then(|| view! { <p class="muted small">"The stage shows this layer once you check your answer."</p> })}
        </article>
    }
}
