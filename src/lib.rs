//! The ECS sandbox web app (Yew). `main.rs` mounts `app::App`.

pub mod app;
pub mod browser;
pub mod graph;
pub mod graph_view;
pub mod inspector;
pub mod lessons;
pub mod lessons_view;
pub mod session;
pub mod timeline;
