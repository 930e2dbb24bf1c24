//! The request and response types of the API, generated at build time from
//! `openapi/spaces.json` by `build.rs` (progenitor and typify).
//!
//! The most used ones are re-exported at the crate root ([`Space`],
//! [`SpaceMembership`]). Response types are `#[non_exhaustive]`: read their
//! fields, but let the client build them, so that fields the API adds later
//! do not break your code. Fields only newer servers send are `Option`s.
//!
//! Three schemas are replaced by hand-written types, because their generated
//! form cannot express what the API needs: the role assignments become
//! [`Role`](crate::Role) and [`PredefinedRole`](crate::PredefinedRole), and
//! the three-state update body lives behind [`UpdateSpace`](crate::UpdateSpace).

include!(concat!(env!("OUT_DIR"), "/types.rs"));
