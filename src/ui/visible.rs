//! "Has this panel come near the viewport yet?" What lies below the shape panel loads only then
//! (the lower panels' own module, and then plotters and the framework search), so opening a
//! link fetches what the first view shows and the rest follows as the reader scrolls.

use leptos::html::ElementType;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit};

/// True from the moment `panel` comes within 200 px of the viewport, and from then on.
pub fn seen<E>(panel: NodeRef<E>) -> ReadSignal<bool>
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
        options.set_root_margin("200px");
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
