//! The golden vectors of `tests/vectors/tickets.json`.
pub const VECTORS: &str = include_str!("../vectors/tickets.json");
