//! Stylesheets the first view does not need, linked when the part that needs them loads:
//! index.html keeps each link in a `<template>` (so the first view never fetches it), and a part
//! links it and waits until it has loaded, so that it is laid out styled from its first frame.
//! A page without the template (the in-browser tests) goes on without it.

use wasm_bindgen::JsCast;

/// Link the stylesheet in `<template id="{template}">` once, and wait for it.
pub async fn link_stylesheet(template: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let linked = format!("{template}-linked");
    if document.get_element_by_id(&linked).is_some() {
        return;
    }
    let link = document
        .get_element_by_id(template)
        .and_then(|t| t.dyn_into::<web_sys::HtmlTemplateElement>().ok())
        .and_then(|t| t.content().first_element_child())
        .and_then(|l| l.clone_node().ok())
        .and_then(|l| l.dyn_into::<web_sys::HtmlElement>().ok());
    let (Some(link), Some(head)) = (link, document.head()) else { return };
    link.set_id(&linked);
    // Loaded or failed, the page goes on (without the stylesheet, the part shows unstyled).
    let settled = js_sys::Promise::new(&mut |resolve, _| {
        link.set_onload(Some(&resolve));
        link.set_onerror(Some(&resolve));
    });
    if head.append_child(&link).is_ok() {
        let _ = wasm_bindgen_futures::JsFuture::from(settled).await;
    }
}
