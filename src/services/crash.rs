//! A panic is survivable: the release build aborts on panic, so nothing can catch one, but the
//! panic hook runs first. It says on the page what happened and offers the ways out, as plain HTML
//! whose buttons work without the (now stopped) WebAssembly: reload (the saved session is the one
//! from before the action that failed, which was never saved), or start a fresh sandbox with the
//! saved one set aside (and exportable).
//!
//! A session that panics while it loads would brick every later visit, so loading is guarded: a
//! mark is written before the saved session is read and removed once the page has drawn; a mark
//! still there at the next start means that load never finished, and the saved session is set
//! aside instead of loaded again.

use super::storage;

/// Set while the saved session loads; still there at the next start: that load crashed.
const LOADING_KEY: &str = "ecs-sandbox/loading";
/// Where a session that crashed the page is set aside.
pub const CRASHED_KEY: &str = "ecs-sandbox/session.crashed";

/// Installs the panic hook (once, at start).
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        web_sys::console::error_1(&message.as_str().into());
        show(&message);
    }));
}

/// Before reading the saved session. Returns true when the previous load never finished: the
/// saved session was set aside (as `CRASHED_KEY`) and must not be loaded.
pub fn begin_loading() -> bool {
    let crashed = storage::get(LOADING_KEY).is_some();
    if crashed {
        if let Some(text) = storage::get(storage::STORAGE_KEY) {
            storage::set(CRASHED_KEY, &text);
            storage::remove(storage::STORAGE_KEY);
        }
    }
    storage::set(LOADING_KEY, "1");
    crashed
}

/// Once the page has drawn with the loaded session.
pub fn loaded() {
    storage::remove(LOADING_KEY);
}

/// Text for an HTML attribute or element.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// The notice over the page, with buttons that need no WebAssembly.
pub fn show(message: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = document.body() else {
        return;
    };
    let saved = storage::get(storage::STORAGE_KEY).unwrap_or_default();
    let export = format!(
        "data:application/json;charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(&saved))
    );
    let fresh = format!(
        "localStorage.setItem('{CRASHED_KEY}', localStorage.getItem('{}') || ''); localStorage.removeItem('{}'); localStorage.removeItem('{LOADING_KEY}'); location.reload()",
        storage::STORAGE_KEY,
        storage::STORAGE_KEY
    );
    let html = format!(
        r#"<div id="crash" role="alertdialog" aria-labelledby="crash-title" class="crash">
<h2 id="crash-title">The sandbox hit a bug and stopped</h2>
<p>Your work is saved up to the command before this happened. What went wrong: <code>{}</code></p>
<p><button id="crash-reload" onclick="location.reload()">Reload (without the last action)</button>
<button id="crash-fresh" onclick="{}">Start a fresh sandbox (the saved one is set aside)</button>
<a id="crash-export" class="button" download="ecs-sandbox-session.json" href="{}">Export the saved session</a></p>
<p>Please report it with the exported session: it replays exactly what happened.</p></div>"#,
        escape(message),
        escape(&fresh),
        escape(&export)
    );
    let _ = body.insert_adjacent_html("afterbegin", &html);
}
