//! What the sandbox adds beyond AWS's APIs, labelled as its model wherever it shows.

pub mod adopt_id;
pub mod az_outage;
