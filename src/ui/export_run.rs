//! The browser's half of exporting: a display list painted on a canvas of its own (PNG, GIF
//! frames), the bytes handed over as a download named after the configuration, and a pause for
//! the browser between slices of work so the page never freezes. Used by the export panel only,
//! so all of it lives in that module.

use js_sys::{Array, Promise, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, CanvasRenderingContext2d, HtmlAnchorElement, HtmlCanvasElement, Url};

use super::paint::paint_list;
use crate::export::raster::pixels;
use crate::scene::display::DisplayList;

/// A canvas not in the page, sized for `list` at `scale`, with `list` painted on it.
pub fn painted(list: &DisplayList, scale: f64) -> Option<(HtmlCanvasElement, CanvasRenderingContext2d)> {
    let document = web_sys::window()?.document()?;
    let canvas: HtmlCanvasElement = document.create_element("canvas").ok()?.dyn_into().ok()?;
    canvas.set_width(pixels(list.width, scale));
    canvas.set_height(pixels(list.height, scale));
    let context: CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
    paint_list(&context, list, scale);
    Some((canvas, context))
}

/// Paint `list` again on a canvas `painted` made (a GIF's next frame).
pub fn repaint(context: &CanvasRenderingContext2d, list: &DisplayList, scale: f64) {
    paint_list(context, list, scale);
}

/// The canvas's pixels, RGBA row by row.
pub fn rgba(canvas: &HtmlCanvasElement, context: &CanvasRenderingContext2d) -> Option<Vec<u8>> {
    let data = context.get_image_data(0.0, 0.0, canvas.width() as f64, canvas.height() as f64).ok()?;
    Some(data.data().0)
}

/// The canvas as a PNG file.
pub async fn png_blob(canvas: &HtmlCanvasElement) -> Option<Blob> {
    let canvas = canvas.clone();
    let promise = Promise::new(&mut |resolve, _| {
        let done = Closure::once_into_js(move |blob: JsValue| {
            let _ = resolve.call1(&JsValue::NULL, &blob);
        });
        let _ = canvas.to_blob(done.unchecked_ref());
    });
    JsFuture::from(promise).await.ok()?.dyn_into().ok()
}

/// `bytes` as a file of type `mime`.
pub fn blob(bytes: &[u8], mime: &str) -> Option<Blob> {
    let parts = Array::of1(&Uint8Array::from(bytes));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    Blob::new_with_u8_array_sequence_and_options(&parts, &options).ok()
}

/// Hand `blob` to the browser as a download called `name`.
pub fn download(blob: &Blob, name: &str) -> Option<()> {
    let document = web_sys::window()?.document()?;
    let url = Url::create_object_url_with_blob(blob).ok()?;
    let link: HtmlAnchorElement = document.create_element("a").ok()?.dyn_into().ok()?;
    link.set_href(&url);
    link.set_download(name);
    link.click();
    // Revoked a moment later: revoking at once can cancel the download in some browsers.
    let revoke = Closure::once_into_js(move || {
        let _ = Url::revoke_object_url(&url);
    });
    web_sys::window()?.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 10_000).ok()?;
    Some(())
}

/// Wait for the browser's next task: it paints, and handles input, before work goes on.
pub async fn next_task() {
    let promise = Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        }
    });
    let _ = JsFuture::from(promise).await;
}
