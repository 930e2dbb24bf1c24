//! Entry points for the `cargo fuzz` targets in `fuzz/`, compiled only with
//! `--cfg fuzzing` (which cargo-fuzz sets). They run the real response
//! handling of the one request path on arbitrary input, with no network.

use crate::{Error, retry::parse_retry_after, secret::Secret, transport::Reply, types};

const KEY: &str = "fuzz-Key-0123456789";

/// Maps a response (status, `Retry-After` header, body) the way `send` does:
/// a 2xx is decoded as the response types of every resource, anything else
/// becomes an error.
/// Panics if handling panics or if an error shows the API key.
pub fn response(status: u16, retry_after: &[u8], body: &[u8]) {
    let secret = Secret::new(KEY);
    let request = "GET http://127.0.0.1:9/v2/spaces";
    let retry_after = std::str::from_utf8(retry_after)
        .ok()
        .and_then(parse_retry_after);
    let errors = if (200..300).contains(&status) {
        let reply = Reply {
            status,
            body: body.to_vec(),
            operation: crate::operation::Op::ListSpaces.get(),
            url: "http://127.0.0.1:9/v2/spaces".into(),
        };
        [
            reply.json::<types::ListSpacesResponse>(&secret).err(),
            reply.json::<types::Space>(&secret).err(),
            reply.json::<types::SpaceMembership>(&secret).err(),
            reply
                .json::<types::ListOrganizationsResponse>(&secret)
                .err(),
            reply.json::<types::OrganizationMembership>(&secret).err(),
            reply.json::<types::ListUsersResponse>(&secret).err(),
            reply.json::<types::CreateUserResponse>(&secret).err(),
            reply.json::<types::ListRolesResponse>(&secret).err(),
            reply.json::<types::ListRoleBindingsResponse>(&secret).err(),
            reply
                .json::<types::ListResourceRestrictionsResponse>(&secret)
                .err(),
        ]
        .into_iter()
        .flatten()
        .collect()
    } else {
        let answer = crate::error::Answer {
            status,
            retry_after,
            body,
            attempts: 1,
            withheld: false,
            key_source: "ARIZE_API_KEY",
        };
        vec![Error::from_response(request, answer, &secret)]
    };
    for error in errors {
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains(KEY), "the key leaked: {shown}");
        let _ = (error.status(), error.is_retryable(), error.retry_after());
        let _ = error.problem().map(|p| p.title.len());
    }
}
