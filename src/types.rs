//! The response types of the API, generated at build time from
//! `openapi/spaces.json` by `build.rs` (progenitor and typify).
//!
//! The most used ones are re-exported at the crate root ([`Space`],
//! [`SpaceMembership`]). They are `#[non_exhaustive]`: read their fields,
//! but let the client build them, so that fields the API adds later do not
//! break your code. Fields only newer servers send are `Option`s.
//!
//! Request types are generated too, but kept private: the builders of the
//! facade fill them in, and their `TryFrom` checks the spec's limits.
//! Three schemas are replaced by hand-written types, because their
//! generated form cannot express what the API needs: the role assignments
//! become [`Role`](crate::Role) and [`PredefinedRole`](crate::PredefinedRole),
//! and the three-state update body lives behind
//! [`UpdateSpace`](crate::UpdateSpace).

// Request types the facade does not use yet, and generated helpers, would
// otherwise be reported as dead code.
#[allow(dead_code, clippy::all)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/types.rs"));
}

include!(concat!(env!("OUT_DIR"), "/public_types.rs"));

pub(crate) use generated::*;
