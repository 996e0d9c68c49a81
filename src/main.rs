//! The browser app's entry point. Natively there is nothing to show: use the `convt` CLI.

// talc in place of dlmalloc: the same job in less code (see Cargo.toml). The app is single-threaded.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
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
