//! The page's state behind hooks: the session (loaded, saved, re-rendered after every change), the
//! file being edited, and the theme.

mod use_file_editor;
mod use_session;
mod use_theme;

pub use use_file_editor::{json_problem, use_file_editor, FileEditor};
pub use use_session::{use_session, SessionHandle};
pub use use_theme::{use_light_theme, use_presenter_mode};
