//! The page's plumbing over the browser's APIs: nothing here knows about sessions or lessons.

pub mod crash;
pub mod fetch;
pub mod file;
pub mod page;
pub mod storage;
