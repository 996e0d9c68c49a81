//! The browser app (wasm32 only). State lives in the URL (Contract 2); every number comes from
//! the same core the CLI uses; components are one per file and paint.rs alone touches the canvas.
//!
//! The app's state is one module (state.rs: read the URL once, write it back, `set_state`,
//! `use_lab`); every lazily loaded part declares its loader beside its component; no file in
//! ui/ imports one that imports it back (tests/layering.rs).

mod ambiguity_plot;
mod controls;
mod embed_dialog;
mod export_panel;
mod export_run;
mod framework_search;
mod framework_table;
mod gallery;
mod lang;
mod lang_switch;
mod lower_panels;
mod page_mode;
mod paint;
mod part;
mod paste_panel;
mod practice;
mod rules;
mod shape_panel;
mod stage;
mod state;
mod stylesheet;
mod target_panel;
mod theme;
mod url;
mod url_problems;
mod values;
mod values_editor;
mod visible;

use leptos::prelude::*;

pub use state::preload;

/// Mount the app in place of the page's static outline (index.html's `#app`), or on the body
/// of a page that has none (the in-browser tests).
pub fn mount() {
    use wasm_bindgen::JsCast;
    let outline = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    // One call to `mount_to` (each call builds the whole app's view code once more).
    let place = match outline {
        Some(outline) => {
            outline.set_inner_html("");
            outline
        }
        None => leptos::prelude::document().body().unwrap_or_else(|| std::process::abort()),
    };
    leptos::mount::mount_to(place, App).forget();
}

/// The app root: the whole page. In `mode=present` and `mode=embed` the stylesheet shows the
/// stage alone (page_mode.rs marks the page); the rest stays mounted, hidden, for `Esc`.
#[component]
pub fn App() -> impl IntoView {
    let url_problems = state::provide_lab();
    stage::playback::provide_playback();
    let lab = state::use_lab();
    page_mode::follow_page_mode(Memo::new(move |_| lab.state.with(|s| s.mode)));
    let practice = state::practice_builder().map(|build| {
        let show = move |next| {
            stage::playback::stop_playback();
            state::set_state(lab, next);
        };
        build(lab.state, leptos::callback::UnsyncCallback::new(show))
    });
    view! {
        <header class="top">
            <div class="brand">
                <h1>"convt-lab"</h1>
                <p class="lede">"Transposed convolution, exact and visible."</p>
            </div>
            <div class="top-actions">
                <lang_switch::LangSwitch/>
                <gallery::CopyLink/>
            </div>
        </header>
        <main class="lab">
            {url_problems}
            {practice}
            // The stage first: it mounts (and paints) before the panels around it, and on a
            // narrow screen it comes before the form (CSS puts the form beside it when wide).
            <stage::Stage/>
            <controls::Controls/>
            <lower_panels::LowerPanels/>
        </main>
    }
}
