#![doc = include_str!("../README.md")]
#![deny(missing_docs)]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod client;
mod error;
#[cfg(fuzzing)]
#[doc(hidden)]
pub mod fuzzing;
mod pagination;
mod roles;
mod spaces;
#[cfg(feature = "testing")]
#[cfg_attr(docsrs, doc(cfg(feature = "testing")))]
pub mod testing;
mod transport;
pub mod types;

pub use client::{Client, ClientBuilder, DEFAULT_BASE_URL, KNOWN_REGIONS};
pub use error::{ApiError, DecodeError, Error, Result, TransportError};
pub use pagination::{Items, Page, Pages};
pub use roles::{PredefinedRole, Role};
pub use spaces::{
    CreateSpace, DEFAULT_ITER_PAGE_SIZE, DEFAULT_PAGE_SIZE, Deletion, ListSpaces, SpaceRef, Spaces,
    UpdateSpace,
};
pub use types::{Problem, Space, SpaceMembership};
