//! The browser app's entry point. Natively there is nothing to show: use the `convt` CLI.

// talc in place of dlmalloc: the same job in less code (see Cargo.toml). The app is single-threaded.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn console_error(message: &str);
}

#[cfg(target_arch = "wasm32")]
fn main() {
    // A panic's message and place in the console (a bug report's first line); console_error_panic_hook
    // would add a JavaScript stack, which the wasm's own frames do not name anyway, for ~0.4 KB more.
    std::panic::set_hook(Box::new(|info| console_error(&info.to_string())));
    // A link to another framework or view loads that module (one of its own) first.
    wasm_bindgen_futures::spawn_local(async {
        convt_lab::ui::preload().await;
        convt_lab::ui::mount();
    });
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("convt-lab is a browser app: run scripts/serve.sh. Natively, use `cargo run --bin convt -- --help`.");
}
