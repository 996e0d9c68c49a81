//! The framework dialects in the browser. PyTorch's, the default example's, is in the first
//! module; the other ten (about 50 KB gzipped) are a module of their own, loaded before the first
//! layer that needs them, so a link in PyTorch's terms never fetches them.

use std::cell::Cell;

use leptos::prelude::*;

use super::Lab;
use crate::conv::query::AppState;
use crate::conv::{ConvError, ConvResult, Framework, Layer, Request};

/// Resolves a request in any framework (it is `conv::resolve`).
pub type Resolver = fn(&Request) -> ConvResult<Layer>;

/// Every dialect, as a plain function pointer: once loaded, layers resolve synchronously.
#[cfg_attr(feature = "split", lazy)]
pub async fn load() -> Resolver {
    let all: Resolver = crate::conv::resolve;
    all
}

thread_local! {
    /// Loaded before the app mounted (main.rs), for a link in another framework's terms.
    static PRELOADED: Cell<Option<Resolver>> = const { Cell::new(None) };
}

/// Load the dialects now if the page's own URL names a framework other than PyTorch.
pub async fn preload_for(state: &AppState) {
    if state.framework != Framework::Pytorch {
        let all = load().await;
        PRELOADED.with(|p| p.set(Some(all)));
    }
}

/// What `preload_for` loaded, if anything.
pub fn preloaded() -> Option<Resolver> {
    PRELOADED.with(Cell::get)
}

/// Resolve with what is loaded: any framework once the dialects are, PyTorch before.
pub fn resolve(all: Option<Resolver>, request: &Request) -> ConvResult<Layer> {
    match all {
        Some(resolve) => resolve(request),
        None if request.framework == Framework::Pytorch => crate::conv::frameworks::resolve_pytorch(request),
        // Every way to another framework loads the dialects first (`set_state`, main.rs).
        None => Err(ConvError::malformed(format!("{}'s rules are still loading", request.framework.display_name()))),
    }
}

/// Set the state; when it names a framework other than PyTorch, load the dialects first.
pub fn set_state(lab: Lab, next: AppState) {
    if next.framework == Framework::Pytorch || lab.dialects.get_untracked().is_some() {
        lab.state.set(next);
    } else {
        leptos::task::spawn_local(async move {
            lab.dialects.set(Some(load().await));
            lab.state.set(next);
        });
    }
}
