//! The ECS sandbox web app (Yew). `main.rs` mounts `app::App`.

pub mod app;
pub mod session;
