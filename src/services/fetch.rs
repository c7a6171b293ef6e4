//! Files served beside the page (the lesson list and the lessons).

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// A file served beside the page, as text.
pub async fn fetch_text(url: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    let failed = || format!("could not load {url} (offline before it was ever loaded?)");
    let resp = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|_| failed())?;
    let resp: web_sys::Response = resp.dyn_into().map_err(|_| failed())?;
    if !resp.ok() {
        return Err(format!("could not load {url} (HTTP {})", resp.status()));
    }
    let text = JsFuture::from(resp.text().map_err(|_| failed())?)
        .await
        .map_err(|_| failed())?;
    text.as_string().ok_or_else(failed)
}
