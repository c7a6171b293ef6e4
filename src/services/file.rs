//! Reading a file the learner chose (a session to import, a lesson of their own).

use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;

/// The text of the file chosen in a file input (the `change` event's target), handed to `then` once
/// read. The input is cleared, so choosing the same file again reads it again.
pub fn read_chosen_file(e: &web_sys::Event, then: impl FnOnce(String) + 'static) {
    let Some(input) = e
        .target()
        .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
    else {
        return;
    };
    let Some(file) = input.files().and_then(|f| f.get(0)) else {
        return;
    };
    input.set_value("");
    let Ok(reader) = web_sys::FileReader::new() else {
        return;
    };
    let r = reader.clone();
    let onload = wasm_bindgen::closure::Closure::once_into_js(move || {
        then(
            r.result()
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default(),
        )
    });
    reader.set_onload(Some(onload.unchecked_ref()));
    let _ = reader.read_as_text(&file);
}
