//! Response decoding and error mapping on arbitrary input.
//!
//! ```sh
//! cargo install cargo-fuzz
//! RUSTC_BOOTSTRAP=1 cargo fuzz run responses -- -max_total_time=600
//! ```
//!
//! Input layout: two bytes of status, one byte `n`, `n` bytes of
//! `Retry-After`, then the body.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((status, rest)) = data.split_first_chunk::<2>() else {
        return;
    };
    let status = u16::from_be_bytes(*status) % 600;
    let Some((&n, rest)) = rest.split_first() else {
        return;
    };
    let (retry_after, body) = rest.split_at(usize::from(n).min(rest.len()));
    arize::fuzzing::response(status, retry_after, body);
});
