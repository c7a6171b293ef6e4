//! This browser's storage (`localStorage`): the saved session and the page's settings. Values are
//! stored as they are (the session document, "on"/"off"), and a browser without storage (or one
//! that refuses it) simply keeps nothing.

/// Where the session is kept between visits, and where an unreadable one is set aside.
pub const STORAGE_KEY: &str = "ecs-sandbox/session";
pub const SET_ASIDE_KEY: &str = "ecs-sandbox/session.unreadable";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// Whether this browser lets the page keep anything.
pub fn available() -> bool {
    storage().is_some()
}

pub fn get(key: &str) -> Option<String> {
    storage().and_then(|s| s.get_item(key).ok().flatten())
}

/// Keeps a value; false when the browser refused it (storage full, or none).
pub fn set(key: &str, value: &str) -> bool {
    storage().is_some_and(|s| s.set_item(key, value).is_ok())
}

pub fn remove(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
}

/// A page setting kept in this browser (theme, Tab completion).
pub fn pref(key: &str) -> Option<String> {
    get(&format!("ecs-sandbox/{key}"))
}

pub fn set_pref(key: &str, value: &str) {
    set(&format!("ecs-sandbox/{key}"), value);
}
