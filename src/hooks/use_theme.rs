//! The light or dark theme: the learner's choice (kept in this browser), else the system's; and
//! presenter mode, also kept.

use crate::services::{page, storage};
use yew::prelude::*;

/// The theme to start with: the learner's choice, else the system's.
fn starts_light() -> bool {
    match storage::pref("theme").as_deref() {
        Some("light") => true,
        Some("dark") => false,
        _ => page::system_prefers_light(),
    }
}

/// Whether the light theme is on, and the button's switch between the two (remembered).
#[hook]
pub fn use_light_theme() -> (bool, Callback<MouseEvent>) {
    let light = use_state(starts_light);
    let toggle = {
        let light = light.clone();
        Callback::from(move |_: MouseEvent| {
            storage::set_pref("theme", if *light { "dark" } else { "light" });
            light.set(!*light);
        })
    };
    (*light, toggle)
}

/// Whether presenter mode is on, and the button's switch (remembered, so a projected page that is
/// reloaded stays readable from the back of the room).
#[hook]
pub fn use_presenter_mode() -> (bool, Callback<MouseEvent>) {
    let on = use_state(|| storage::pref("presenter").as_deref() == Some("on"));
    let toggle = {
        let on = on.clone();
        Callback::from(move |_: MouseEvent| {
            storage::set_pref("presenter", if *on { "off" } else { "on" });
            on.set(!*on);
        })
    };
    (*on, toggle)
}
