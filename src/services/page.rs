//! The page's address (its base URL, the fragment links carry) and the system's colour scheme.

/// The page's address without its fragment (`https://host/REPO/`), the base of every link the page
/// makes.
pub fn page_url() -> String {
    web_sys::window()
        .map(|w| w.location())
        .map(|l| {
            format!(
                "{}{}",
                l.origin().unwrap_or_default(),
                l.pathname().unwrap_or_default()
            )
        })
        .unwrap_or_default()
}

/// The fragment of the page's address (`#s=...`, `#lesson=ID`), or "" when there is none.
pub fn fragment() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Drops the fragment from the address bar (without reloading), so that a reload uses what the
/// page saved rather than the link again.
pub fn drop_fragment() {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Ok(h) = window.history() {
        let path = window.location().pathname().unwrap_or_default();
        let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
    }
}

/// Whether the system asks for a light colour scheme.
pub fn system_prefers_light() -> bool {
    web_sys::window()
        .and_then(|w| {
            w.match_media("(prefers-color-scheme: light)")
                .ok()
                .flatten()
        })
        .is_some_and(|m| m.matches())
}
