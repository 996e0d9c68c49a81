//! In-browser unit tests (wasm-bindgen-test in headless Chromium): the app mounts and shows
//! the default layer's output size computed by the core.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn app_mounts_and_shows_the_default_output_size() {
    let document = web_sys::window().unwrap().document().unwrap();
    leptos::mount::mount_to_body(convt_lab::ui::App);
    leptos::task::tick().await;
    let size = document.query_selector("[data-testid=output-size]").unwrap().expect("output-size is shown");
    assert_eq!(size.get_attribute("data-size").as_deref(), Some("6x6"));
    assert!(document.query_selector("[data-testid=param-error]").unwrap().is_none());
}
