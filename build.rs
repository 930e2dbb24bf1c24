//! Generates the request and response types of `src/types.rs` from the
//! checked-in OpenAPI spec, at build time and without network access.
//!
//! Only progenitor's *type space* is emitted: its generated client is async
//! reqwest, which this blocking crate must not pull in. The output is
//! formatted with prettyplease so that it is deterministic and readable in
//! `target/*/build/arize-*/out/types.rs`.
//!
//! On top of typify's output, derived from the spec rather than listed:
//! - every schema a response can contain is public and `#[non_exhaustive]`
//!   (the rest stays private to the crate);
//! - every string enum is *open*: a value the crate does not know decodes
//!   into `Unknown` instead of failing the response ([`open_enum`]);
//! - a response field with a default also takes `null` as that default.

#[path = "build/open_enum.rs"]
mod open_enum;
#[path = "build/spec.rs"]
mod spec;

use std::{env, fs, path::PathBuf, process::Command};

use progenitor::{GenerationSettings, Generator, TypePatch};

const SPEC: &str = "openapi/arize.json";

/// Schemas whose generated form cannot express what the API needs, each
/// replaced by a hand-written type of the facade:
/// - the role assignments are `type`-tagged unions that typify turns into
///   untagged enums of one-variant structs; `Role` (spaces and
///   organizations, which share their predefined roles) and `AccountRole`
///   (users) are the ergonomic forms, with the wire format tested both ways;
/// - the one-time password must never show in `Debug`.
///
/// (The update bodies need "omit versus `null`" per field, which typify
/// cannot express, oxidecomputer/typify#851; they are hand-written too, but
/// out of the generated field types, which carry the spec's limits.)
const REPLACEMENTS: &[(&str, &str)] = &[
    ("UserSpaceRole", "crate::PredefinedRole"),
    ("OrganizationRole", "crate::PredefinedRole"),
    ("SpaceRoleAssignment", "crate::Role"),
    ("SpaceRoleAssignmentRequest", "crate::Role"),
    ("PredefinedSpaceRoleAssignment", "crate::Role"),
    ("CustomSpaceRoleAssignment", "crate::Role"),
    ("CustomSpaceRoleAssignmentRequest", "crate::Role"),
    ("OrganizationRoleAssignment", "crate::Role"),
    ("OrganizationRoleAssignmentRequest", "crate::Role"),
    ("PredefinedOrganizationRoleAssignment", "crate::Role"),
    ("CustomOrganizationRoleAssignment", "crate::Role"),
    ("CustomOrganizationRoleAssignmentRequest", "crate::Role"),
    ("UserRole", "crate::AccountRole"),
    ("UserRoleAssignment", "crate::AccountRole"),
    ("UserRoleAssignmentRequest", "crate::AccountRole"),
    ("PredefinedUserRoleAssignment", "crate::AccountRole"),
    ("CustomUserRoleAssignment", "crate::AccountRole"),
    ("CustomUserRoleAssignmentRequest", "crate::AccountRole"),
    ("TemporaryPassword", "crate::TemporaryPassword"),
];

/// Schemas renamed in Rust: the crate's `Role` is a role *assignment*, so
/// the roles resource's item is a `RoleDefinition`.
const RENAMES: &[(&str, &str)] = &[("Role", "RoleDefinition")];

fn main() {
    println!("cargo:rerun-if-changed={SPEC}");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=build");

    let text = fs::read_to_string(SPEC).unwrap_or_else(|e| panic!("cannot read {SPEC}: {e}"));
    let mut raw: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{SPEC} is not valid JSON: {e}"));
    let replaced = |name: &str| REPLACEMENTS.iter().any(|(schema, _)| *schema == name);
    let mut responses = spec::response_schemas(&raw);
    responses.retain(|name| !replaced(name));
    let enums: Vec<open_enum::OpenEnum> = spec::string_enums(&raw)
        .into_iter()
        .filter(|e| !replaced(&e.name))
        .collect();
    spec::one_success_response_per_operation(&mut raw);
    let spec: openapiv3::OpenAPI = serde_json::from_value(raw)
        .unwrap_or_else(|e| panic!("{SPEC} is not a valid OpenAPI 3.0 document: {e}"));

    let mut settings = GenerationSettings::default();
    settings.with_derive("PartialEq");
    for (schema, rust_type) in REPLACEMENTS {
        settings.with_replacement(schema, rust_type, std::iter::empty());
    }
    for open in &enums {
        settings.with_replacement(&open.name, &open.name, std::iter::empty());
    }
    let open = |name: &str| enums.iter().any(|e| e.name == name);
    for schema in responses.iter().filter(|name| !open(name)) {
        let mut patch = TypePatch::default();
        // So that a field the server adds later can be added here without
        // breaking callers.
        patch.with_attr("#[non_exhaustive]");
        if let Some((_, rename)) = RENAMES.iter().find(|(from, _)| from == schema) {
            patch.with_rename(rename);
        }
        settings.with_patch(schema, &patch);
    }

    let mut generator = Generator::new(&settings);
    // Filling the type space needs a full pass over the operations; the
    // client tokens it returns are discarded.
    generator
        .generate_tokens(&spec)
        .unwrap_or_else(|e| panic!("cannot generate types from {SPEC}: {e}"));
    let mut file: syn::File = syn::parse2(generator.get_type_space().to_stream())
        .unwrap_or_else(|e| panic!("types generated from {SPEC} do not parse: {e}"));
    let public: Vec<String> = responses
        .iter()
        .map(|name| rename(name).to_owned())
        .collect();
    spec::null_is_default(&mut file, &public);
    for open in &enums {
        let item: syn::File = syn::parse_str(&open.rust())
            .unwrap_or_else(|e| panic!("the open enum {} does not parse: {e}", open.name));
        file.items.extend(item.items);
    }
    let code = format!(
        "// @generated by build.rs from {SPEC}. Do not edit.\n{}",
        prettyplease::unparse(&file)
    );

    let out_dir = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    fs::write(out_dir.join("types.rs"), code).expect("cannot write OUT_DIR/types.rs");
    // Only the response types are public: request types are the facade's
    // business, and no public function takes one.
    let public = format!(
        "// @generated by build.rs from {SPEC}. Do not edit.\npub use generated::{{{}}};\n",
        public.join(", ")
    );
    fs::write(out_dir.join("public_types.rs"), public)
        .expect("cannot write OUT_DIR/public_types.rs");

    // Sent as the `language-version` identity header, as the official SDKs
    // send their interpreter's version. Cargo rebuilds everything when the
    // compiler changes, so this needs no rerun-if rule of its own.
    let rustc = env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let version = Command::new(rustc)
        .arg("--version")
        .output()
        .ok()
        .and_then(|out| String::from_utf8(out.stdout).ok())
        .and_then(|text| text.split_whitespace().nth(1).map(str::to_owned))
        .unwrap_or_else(|| "unknown".to_owned());
    println!("cargo:rustc-env=ARIZE_RUSTC_VERSION={version}");
}

fn rename(schema: &str) -> &str {
    RENAMES
        .iter()
        .find(|(from, _)| *from == schema)
        .map_or(schema, |(_, to)| to)
}
