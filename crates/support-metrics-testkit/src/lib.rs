//! Test support for `support-metrics`, not published.
//!
//! - [`reference`]: a deliberately naive business-calendar oracle written from the contract
//!   (no compilation, no caching, no prefix sums), to check the engine's fast path against;
//! - [`gen`]: proptest strategies for random calendars in DST-rich zones and the instants
//!   worth asking them about;
//! - [`vectors`]: the shared golden vectors and the one partial matcher every runner uses.

pub mod gen;
pub mod reference;
pub mod vectors;
