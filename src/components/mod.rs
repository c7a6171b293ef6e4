//! The page's parts, one module each. `crate::app::App` lays them out; each gets the session
//! handle (or the part of the derived model it shows) as props.
//!
//! A part with state or effects of its own is a Yew function component (`CommandBox`,
//! `GraphPanel`, `TimelinePanel`, `LessonsPanel`): it re-renders only when its props or its state
//! change. A stateless part is a view function with typed props (`toolbar`, `files`,
//! `inspector_panel`, `graph_view`), drawn with whatever draws it; the clock and the terminal are a
//! hook of the page (`use_clock`, `use_terminal`) and a view function, as they re-render with every
//! change of the session anyway. Every Yew component costs about 0.7 KB of the gzipped page in
//! generic code (mounting, props diffing, scheduling), and the page's size budget does not leave
//! room for one per part.

pub mod clock;
pub mod command_box;
pub mod files;
pub mod graph_panel;
pub mod graph_view;
pub mod inspector_panel;
pub mod lessons_panel;
pub mod offers;
pub mod shelf;
pub mod terminal;
pub mod timeline_panel;
pub mod toolbar;
