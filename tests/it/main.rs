//! The integration tests, as one crate: it links once, and the shared
//! helpers in `common` and `raw` are used without dead-code allowances.
//! Every server they talk to runs on 127.0.0.1.

mod common;
mod raw;

#[cfg(feature = "testing")]
mod end_to_end;
mod errors;
#[cfg(feature = "testing")]
mod fake_server;
mod hostile;
mod logging;
mod names;
mod operations;
mod organizations;
mod pagination;
mod proxy;
mod resource_restrictions;
mod role_bindings;
mod roles;
mod spec_coverage;
mod test_proxy;
mod tls;
mod tolerance;
mod users;
