//! The app's one state. It is read from the URL once (`preload`, before mounting; a link's
//! reader is a module of its own, `open_link`), provided by `provide_lab`, written back after each change
//! (url.rs), resolved to a layer with whatever rules are loaded, and shared as one context
//! (`use_lab`). Every change goes through `set_state`, which first loads what the new state
//! shows (another framework's rules, another view) so no frame ever waits on a module.

#[cfg(feature = "split")]
use leptos::prelude::lazy;
use leptos::prelude::*;

use super::lang::{self, Language};
use super::practice::{self, PracticeBuilder};
use super::rules::{self, Dialects, Resolved};
use super::stage::mode_bar::{self, ModeBarBuilder};
use super::stage::views::{self, ViewBuilder};
use super::url;
use super::url_problems::{self, NoticeBuilder};
use crate::conv::app::query::{AppState, Lang, Mode};
use crate::conv::Layer;
use crate::scene::ScatterWords;

/// The modules loaded so far that the state's layer and picture depend on.
#[derive(Clone, Copy)]
pub struct Loaded {
    /// Every framework's dialect (PyTorch's plain states resolve without it; see rules.rs).
    pub dialects: RwSignal<Option<Dialects>>,
    /// The stage's views besides transposed scatter (stage/views.rs).
    pub views: RwSignal<Option<ViewBuilder>>,
    /// The scatter steps' captions after step 0's (stage/views.rs): loaded when a step needs them.
    pub words: RwSignal<Option<ScatterWords>>,
    /// Present and embed modes' own controls (stage/mode_bar.rs): only a link enters those modes,
    /// so this is loaded for the page's own URL or never.
    pub mode_bar: Option<ModeBarBuilder>,
}

/// The state, the layer it resolves to, and what is loaded.
#[derive(Clone, Copy)]
pub struct Lab {
    pub state: RwSignal<AppState>,
    pub layer: Memo<Resolved>,
    /// The last layer that resolved: the stage keeps drawing it while the settings are invalid.
    pub shown: Memo<Option<Layer>>,
    pub loaded: Loaded,
}

/// The lab every component shares. Every component is mounted under `App`, which provides it;
/// a plain abort rather than `expect_context`'s formatted message keeps the first module smaller.
pub fn use_lab() -> Lab {
    use_context::<Lab>().unwrap_or_else(|| std::process::abort())
}

/// Read the page's URL (Contract 2), provide the lab, and write the state back as it changes.
/// Returns the notice of what in the URL fell back to defaults, if anything did.
pub fn provide_lab() -> Option<AnyView> {
    let (initial, problems) = OPENED.with(|opened| opened.take()).unwrap_or_default();
    let preloaded = preloaded();
    let state = RwSignal::new(initial);
    let loaded = Loaded {
        dialects: RwSignal::new(preloaded.dialects),
        views: RwSignal::new(preloaded.views),
        words: RwSignal::new(preloaded.words),
        mode_bar: preloaded.mode_bar,
    };
    let layer = Memo::new(move |_| state.with(|s| rules::resolve(loaded.dialects.get(), s)));
    let shown = Memo::new(move |previous: Option<&Option<Layer>>| match layer.get() {
        Resolved::Layer(l) => Some(l),
        _ => previous.cloned().flatten(),
    });
    provide_context(Lab { state, layer, shown, loaded });
    url::write_back(state, problems.is_empty());
    preloaded.notice.map(|build| build(problems))
}

/// Set the state, first loading whatever it shows that is not loaded yet.
pub fn set_state(lab: Lab, next: AppState) {
    let dialects = rules::needs_dialects(&next) && lab.loaded.dialects.get_untracked().is_none();
    let views = views::needs_views(&next) && lab.loaded.views.get_untracked().is_none();
    if !dialects && !views {
        return lab.state.set(next);
    }
    leptos::task::spawn_local(async move {
        if dialects {
            lab.loaded.dialects.set(Some(rules::load_dialects().await));
        }
        if views {
            lab.loaded.views.set(Some(views::load_views().await));
        }
        lab.state.set(next);
    });
}

/// What the page's own URL needs besides the first module, loaded before the app mounts.
#[derive(Clone, Copy, Default)]
struct Preloaded {
    dialects: Option<Dialects>,
    views: Option<ViewBuilder>,
    words: Option<ScatterWords>,
    mode_bar: Option<ModeBarBuilder>,
    /// The notice listing what in the URL fell back to defaults, when something did.
    notice: Option<NoticeBuilder>,
    /// Practice mode's panel (only a link enters the mode).
    practice: Option<PracticeBuilder>,
    /// The page's language when it is not English.
    language: Option<Language>,
}

thread_local! {
    static PRELOADED: std::cell::Cell<Preloaded> = std::cell::Cell::new(Preloaded::default());
    /// The page's URL as `preload` read it, for `provide_lab` (read once).
    static OPENED: std::cell::RefCell<Option<(AppState, Vec<String>)>> = const { std::cell::RefCell::new(None) };
}

fn preloaded() -> Preloaded {
    PRELOADED.with(std::cell::Cell::get)
}

/// Practice mode's panel, when the page's link opened in that mode.
pub fn practice_builder() -> Option<PracticeBuilder> {
    preloaded().practice
}

/// Before mounting: read the page's URL and load what its first frame shows, so that frame is
/// complete. The landing page (no query) needs nothing beyond the first module.
pub async fn preload() {
    let query = url::current_query();
    let (state, problems, preloaded) = if query.trim_start_matches('?').is_empty() {
        (AppState::default(), Vec::new(), Preloaded::default())
    } else {
        open_link(query).await
    };
    if let Some(language) = preloaded.language {
        lang::speak(language);
    }
    PRELOADED.with(|p| p.set(preloaded));
    OPENED.with(|opened| *opened.borrow_mut() = Some((state, problems)));
}

/// A link read (Contract 2), with what its first frame shows: a module of its own, so the landing
/// page carries neither the URL reader nor what only links need. The small parts a link may need
/// (the scatter steps' words, present and embed modes' bar and stylesheet, the notice of values
/// that fell back) come with this module; Chinese comes as a module of its own, in the same load; the dialects and the other views are
/// large, and load only for the links that show them.
#[cfg_attr(feature = "split", lazy)]
async fn open_link(query: String) -> (AppState, Vec<String>, Preloaded) {
    let (state, problems) = AppState::from_query(&query);
    let mode_bar: Option<ModeBarBuilder> = match state.mode {
        Some(Mode::Present | Mode::Embed) => {
            mode_bar::link_modes_stylesheet().await;
            Some(mode_bar::mode_bar)
        }
        _ => None,
    };
    let preloaded = Preloaded {
        dialects: if rules::needs_dialects(&state) { Some(rules::load_dialects().await) } else { None },
        views: if views::needs_views(&state) { Some(views::load_views().await) } else { None },
        words: (state.step > 0).then_some(crate::scene::scatter_words as ScatterWords),
        mode_bar,
        notice: (!problems.is_empty()).then_some(url_problems::notice as NoticeBuilder),
        practice: if state.mode == Some(Mode::Practice) { Some(practice::load_practice().await) } else { None },
        language: if state.lang == Lang::Zh { Some(lang::load_chinese().await) } else { None },
    };
    (state, problems, preloaded)
}
