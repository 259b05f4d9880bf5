//! The WASM entry: hydrates the server-rendered page.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Lazy routes (app/src/routes.rs) are fetched while hydrating, so hydration waits for them.
    leptos::mount::hydrate_lazy(app::App);
}
