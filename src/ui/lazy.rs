//! The app's lazily loaded modules. The first module carries what the default example shows:
//! PyTorch's dialect and form (its fields and code line) and the scatter view. The other ten
//! dialects and forms (with what they share, about 120 KB gzipped) and the other views (gather,
//! overlap, matrix, forward conv) are modules of their own, each loaded before the first frame
//! that needs it, so a link in PyTorch's terms never fetches them. The panels below the stage load as they near the
//! viewport (lower_panels.rs), the framework search when the table does or a tab switches
//! framework, the hover explanations on the first pointer move over the stage, the values editor
//! when its disclosure first opens, the notice of values in a link that fell back to defaults
//! before the first frame of such a link, and plotters with its plot (ambiguity_plot.rs).

use std::cell::{Cell, RefCell};

use leptos::prelude::*;

use super::ambiguity_plot::AmbiguityPanel;
use super::framework_table::FrameworkTable;
use super::gallery::Gallery;
use super::paste_panel::PastePanel;
use super::shape_panel::ShapePanel;
use super::target_panel::TargetPanel;
use super::url_problems::UrlProblems;
use super::values::ValuesEditor;
use super::Lab;
use crate::conv::app::express::{express, Expression};
use crate::conv::app::query::{AppState, View};
use crate::conv::dialects::settings::Field;
use crate::conv::dialects::{pytorch, resolve_pytorch, resolve_with, Dialect};
use crate::conv::geometry::padding::PaddingMode;
use crate::conv::Axis;
use crate::conv::{ConvError, ConvResult, Framework, Layer, Op};
use crate::scene::{self, Place, Scene};

/// The registry of every framework's dialect (`Framework::dialect`), as a plain function
/// pointer: once loaded, layers resolve synchronously.
pub type Dialects = fn(Framework) -> &'static Dialect;

/// Builds the stage for any view but transposed scatter: (layer, view, input, kernel, step, numbers).
pub type ViewBuilder = fn(&Layer, View, &[i64], &[i64], usize, bool) -> Scene;

/// Explains a stage cell: (axes, input, kernel, padding mode, step, place) → the hover text.
pub type Explainer = fn(&[Axis], &[i64], &[i64], PaddingMode, usize, Place) -> String;

/// The hover explanations, loaded when the pointer first moves over the stage.
#[cfg_attr(feature = "split", lazy)]
pub async fn load_explainer() -> Explainer {
    let explain: Explainer = scene::explain;
    explain
}

/// The layer in each of `frameworks`: the framework table, and switching tabs in the parameter
/// panel. The search for each framework's arguments is a module of its own.
#[cfg_attr(feature = "split", lazy)]
pub async fn express_each(state: AppState, layer: Layer, frameworks: Vec<Framework>) -> Vec<(Framework, Expression)> {
    frameworks.into_iter().map(|f| (f, express(&state, &layer, f))).collect()
}

/// Switching to `framework` is porting `layer` (resolved from `current`) there: the state of its
/// exact equivalent, or of the closest layer it can make with a notice saying so (shown beside the
/// stage while that state stands). In the framework search's module, with the notice's view.
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
    let lab = expect_context::<Lab>();
    let Some((shown, notice)) = SWITCH_NOTICE.with(|n| n.borrow().clone()) else { return ().into_any() };
    view! {
        <Show when=move || lab.state.with(|s| *s == shown)>
            <p class="notice switch-notice" data-testid="switch-notice" role="status">{notice.clone()}</p>
        </Show>
    }
    .into_any()
}

/// Every dialect, loaded before the first frame that names a framework besides PyTorch.
#[cfg_attr(feature = "split", lazy)]
async fn load_dialects() -> Dialects {
    let dialects: Dialects = Framework::dialect;
    dialects
}

/// The other views, as a plain function pointer: once loaded, they draw synchronously.
#[cfg_attr(feature = "split", lazy)]
async fn load_views() -> ViewBuilder {
    let build: ViewBuilder = other_view;
    build
}

fn other_view(layer: &Layer, view: View, input: &[i64], kernel: &[i64], step: usize, numbers: bool) -> Scene {
    let axes = &layer.axes;
    match (layer.op, view) {
        (Op::Conv, _) => scene::conv_scene(axes, input, kernel, layer.padding_mode, step, numbers),
        (_, View::Overlap) => scene::overlap_scene(axes),
        (_, View::Gather) => scene::gather_scene(axes, input, kernel, step, numbers),
        (_, View::Matrix) => scene::matrix_scene(axes, input, kernel, step, numbers),
        _ => scene::scatter_scene(axes, input, kernel, step, numbers),
    }
}

/// Another framework, or a PyTorch state with a zero or negative number somewhere, which only
/// the full dialect answers (the first module's `resolve_form` answers plain PyTorch states).
fn needs_dialects(state: &AppState) -> bool {
    !is_plain_torch(state)
}

/// A PyTorch state the first module's `pytorch::resolve_form` answers.
fn is_plain_torch(state: &AppState) -> bool {
    state.framework == Framework::Pytorch && pytorch::is_plain(&state.settings())
}

fn needs_views(state: &AppState) -> bool {
    state.op == Op::Conv || state.view != View::Scatter
}

/// What the page's own URL needs besides the first module, loaded before the app mounts.
#[derive(Clone, Copy, Default)]
pub struct Preloaded {
    pub dialects: Option<Dialects>,
    pub views: Option<ViewBuilder>,
    /// The notice listing what in the URL fell back to defaults, when something did.
    pub url_problems: Option<NoticeBuilder>,
}

thread_local! {
    /// Loaded before the app mounted (main.rs), for what the page's own URL shows.
    static PRELOADED: Cell<Preloaded> = Cell::new(Preloaded::default());
}

/// Load what the page's own URL needs, before the app mounts: `state` as it was read from the
/// URL, and whether anything in the URL had to fall back.
pub async fn preload_for(state: &AppState, had_problems: bool) {
    let preloaded = Preloaded {
        dialects: if needs_dialects(state) { Some(load_dialects().await) } else { None },
        views: if needs_views(state) { Some(load_views().await) } else { None },
        url_problems: if had_problems { Some(load_url_problems().await) } else { None },
    };
    PRELOADED.with(|p| p.set(preloaded));
}

/// What `preload_for` loaded.
pub fn preloaded() -> Preloaded {
    PRELOADED.with(Cell::get)
}

/// Builds a notice from its lines.
pub type NoticeBuilder = fn(Vec<String>) -> AnyView;

/// The notice of what in the opened URL fell back to defaults: most links have nothing to report,
/// so it is a module of its own, loaded before the first frame of those that do.
#[cfg_attr(feature = "split", lazy)]
async fn load_url_problems() -> NoticeBuilder {
    let build: NoticeBuilder = url_problems;
    build
}

fn url_problems(problems: Vec<String>) -> AnyView {
    view! { <UrlProblems problems=problems/> }.into_any()
}

// Before the dialects load, only PyTorch is asked for: every way to another framework loads them
// first (`set_state`, main.rs). Were it otherwise, the panel would say the rules are loading.

/// The state's layer with what is loaded: any framework once the dialects are, PyTorch before.
pub fn resolve(dialects: Option<Dialects>, state: &AppState) -> ConvResult<Layer> {
    match dialects {
        Some(dialects) => {
            let dialect = dialects(state.framework);
            resolve_with(dialect, &(dialect.request)(&state.settings()))
        }
        None if is_plain_torch(state) => resolve_pytorch(&pytorch::request(&state.settings())),
        None => Err(ConvError::malformed(format!("{}'s rules are still loading", state.framework.display_name()))),
    }
}

/// The parameter panel's fields for the state's framework and op.
pub fn fields(dialects: Option<Dialects>, framework: Framework, op: Op, rank: usize) -> Vec<Field> {
    match dialects {
        Some(dialects) => (dialects(framework).fields)(op, rank),
        None if framework == Framework::Pytorch => pytorch::fields(op, rank),
        None => Vec::new(),
    }
}

/// The state's layer as a line of code in its framework.
pub fn code_line(dialects: Option<Dialects>, state: &AppState) -> String {
    match dialects {
        Some(dialects) => (dialects(state.framework).code_line)(&state.settings()),
        None if state.framework == Framework::Pytorch => pytorch::code_line(&state.settings()),
        None => String::new(),
    }
}

/// Builds a part of the page that a lazily loaded module holds.
pub type PartBuilder = fn() -> AnyView;

/// The shape panel, the ambiguity plot, the framework table and the examples, loaded when they
/// near the viewport (the plot and the table then load plotters and the framework search the
/// same way).
#[cfg_attr(feature = "split", lazy)]
pub async fn load_lower_panels() -> PartBuilder {
    let build: PartBuilder = lower_panels;
    build
}

/// The stage values' editor (values.rs), loaded when its disclosure first opens.
#[cfg_attr(feature = "split", lazy)]
pub async fn load_values_editor() -> PartBuilder {
    let build: PartBuilder = values_editor;
    build
}

fn values_editor() -> AnyView {
    view! { <ValuesEditor/> }.into_any()
}

fn lower_panels() -> AnyView {
    view! {
        <PastePanel/>
        <TargetPanel/>
        <ShapePanel/>
        <AmbiguityPanel/>
        <FrameworkTable/>
        <Gallery/>
    }
    .into_any()
}

/// The stage for `view`: scatter from the first module, the others once loaded.
pub fn build_scene(
    views: Option<ViewBuilder>,
    layer: &Layer,
    view: View,
    input: &[i64],
    kernel: &[i64],
    step: usize,
    numbers: bool,
) -> Scene {
    match (layer.op, view, views) {
        (Op::ConvTranspose, View::Scatter, _) => scene::scatter_scene(&layer.axes, input, kernel, step, numbers),
        (_, _, Some(build)) => build(layer, view, input, kernel, step, numbers),
        // Every way to another view loads it first (`set_state`, main.rs).
        (_, _, None) => {
            Scene { summary: Some("This view is loading…".into()), width: 800.0, height: 80.0, ..Scene::default() }
        }
    }
}

/// Set the state, first loading whatever it shows that is not loaded yet.
pub fn set_state(lab: Lab, next: AppState) {
    let dialects = needs_dialects(&next) && lab.dialects.get_untracked().is_none();
    let views = needs_views(&next) && lab.views.get_untracked().is_none();
    if !dialects && !views {
        return lab.state.set(next);
    }
    leptos::task::spawn_local(async move {
        if dialects {
            lab.dialects.set(Some(load_dialects().await));
        }
        if views {
            lab.views.set(Some(load_views().await));
        }
        lab.state.set(next);
    });
}
