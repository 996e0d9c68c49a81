//! "Has this panel come near the viewport yet?" What lies below the stage loads only then (the
//! lower panels' own module, and then plotters and the framework search), so opening a link
//! fetches what the first view shows and the rest follows as the reader scrolls.

use leptos::html::ElementType;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit};

/// Near enough to start loading what sits in a lazily loaded panel: the lower panels as the
/// reader starts to scroll toward them (at 1280×800 they begin just below the fold, and a first
/// view that does not scroll needs none of them) …
pub const NEAR: &str = "48px";
/// … and, once those are there, plotters and the framework search a little ahead of their panels.
pub const AHEAD: &str = "200px";

/// True from the moment `panel` comes within `margin` (`NEAR`, `AHEAD`) of the viewport, and from
/// then on.
pub fn seen<E>(panel: NodeRef<E>, margin: &'static str) -> ReadSignal<bool>
where
    E: ElementType,
    E::Output: JsCast + Clone + 'static,
{
    let (seen, set_seen) = signal(false);
    Effect::new(move |_| {
        let Some(element) = panel.get() else { return };
        let element: web_sys::Element = element.unchecked_into();
        let on_change = Closure::<dyn FnMut(js_sys::Array, IntersectionObserver)>::new(
            move |entries: js_sys::Array, observer: IntersectionObserver| {
                let near = entries.iter().any(|e| e.unchecked_into::<IntersectionObserverEntry>().is_intersecting());
                if near {
                    set_seen.set(true);
                    observer.disconnect();
                }
            },
        );
        let options = IntersectionObserverInit::new();
        options.set_root_margin(margin);
        match IntersectionObserver::new_with_options(on_change.as_ref().unchecked_ref(), &options) {
            Ok(observer) => observer.observe(&element),
            Err(_) => set_seen.set(true),
        }
        // The panels using this are mounted once per page, so this one small closure is all
        // that outlives them; the observer disconnects itself after the first sighting.
        on_change.forget();
    });
    seen
}
