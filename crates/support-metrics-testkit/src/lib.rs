//! Placeholder, filled by the reference implementation.
