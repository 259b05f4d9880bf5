//! The WASM entry: hydrates the server-rendered page.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // `leptos::mount::hydrate_lazy`, then the mark the browser tests wait for. Lazy routes and
    // `#[lazy]` parts (app/src/routes.rs) are fetched while hydrating, so the page is interactive
    // only once the whole hydration has finished, not when the first effect runs.
    leptos::__reexports::wasm_bindgen_futures::spawn_local(async {
        let Some(body) = leptos::prelude::document().body() else {
            return;
        };
        let owner = leptos::mount::hydrate_from_async(body.clone(), app::App).await;
        owner.forget();
        let _ = body.set_attribute("data-hydrated", "");
    });
}
