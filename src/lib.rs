//! The ECS sandbox web app (Yew). `main.rs` mounts `app::App`.
//!
//! The model (pure, tested natively): `session` (one learner's session), `graph`, `inspector`,
//! `timeline`, `lessons`. The page: `app` lays out `components` around `hooks::use_session`;
//! `services` is the plumbing over the browser's APIs.

pub mod app;
pub mod components;
pub mod goal_diff;
pub mod graph;
pub mod hooks;
pub mod inspector;
pub mod lessons;
pub mod services;
pub mod session;
pub mod shelf;
pub mod timeline;
pub mod waiting;
