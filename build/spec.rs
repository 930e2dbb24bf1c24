//! What `build.rs` reads off the spec before and after typify runs.

use std::collections::{BTreeSet, HashMap};

use serde_json::Value;

use crate::open_enum::OpenEnum;

/// Every schema a response body can contain: those referenced from a
/// response (success or error), and everything they reference in turn.
pub fn response_schemas(spec: &Value) -> BTreeSet<String> {
    let schemas: HashMap<&str, &Value> = spec["components"]["schemas"]
        .as_object()
        .map(|map| map.iter().map(|(k, v)| (k.as_str(), v)).collect())
        .unwrap_or_default();
    let mut pending: Vec<&Value> = operations(spec)
        .filter_map(|operation| operation["responses"].as_object())
        .flat_map(|responses| responses.values())
        .collect();
    if let Some(responses) = spec["components"]["responses"].as_object() {
        pending.extend(responses.values());
    }
    let mut found = BTreeSet::new();
    while let Some(value) = pending.pop() {
        match value {
            Value::Object(map) => {
                if let Some(name) = map
                    .get("$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| r.strip_prefix("#/components/schemas/"))
                    && found.insert(name.to_owned())
                {
                    pending.extend(schemas.get(name).copied());
                }
                pending.extend(map.values());
            }
            Value::Array(items) => pending.extend(items),
            _ => {}
        }
    }
    found
}

/// Every named string enum of the spec.
pub fn string_enums(spec: &Value) -> Vec<OpenEnum> {
    let Some(schemas) = spec["components"]["schemas"].as_object() else {
        return Vec::new();
    };
    schemas
        .iter()
        .filter(|(_, schema)| schema["type"] == "string")
        .filter_map(|(name, schema)| {
            let values = schema["enum"].as_array()?;
            Some(OpenEnum {
                name: name.clone(),
                description: schema["description"].as_str().unwrap_or("").to_owned(),
                values: values
                    .iter()
                    .map(|v| {
                        v.as_str()
                            .expect("string enum values are strings")
                            .to_owned()
                    })
                    .collect(),
            })
        })
        .collect()
}

/// progenitor's client generator accepts one success response per
/// operation, and `create_user` has two (200 `User`, 201
/// `CreateUserResponse`). Its client is discarded and every component schema
/// is generated anyway, so the extra ones are dropped from the copy it reads.
pub fn one_success_response_per_operation(spec: &mut Value) {
    let Some(paths) = spec["paths"].as_object_mut() else {
        return;
    };
    for item in paths.values_mut().filter_map(Value::as_object_mut) {
        for operation in item.values_mut() {
            let Some(responses) = operation["responses"].as_object_mut() else {
                continue;
            };
            let mut successes = responses.keys().filter(|status| status.starts_with('2'));
            let Some(first) = successes.next().cloned() else {
                continue;
            };
            responses.retain(|status, _| !status.starts_with('2') || *status == first);
        }
    }
}

/// Makes every defaulted field of a public (response) struct take `null` as
/// its default too, so that `"description": null` reads like an absent
/// description instead of failing the whole response; and reads every
/// timestamp through `types::timestamp`, a fast path for the API's form.
pub fn null_is_default(file: &mut syn::File, public: &[String]) {
    for item in &mut file.items {
        let syn::Item::Struct(item) = item else {
            continue;
        };
        if !public.iter().any(|name| item.ident == name) {
            continue;
        }
        for field in item.fields.iter_mut() {
            if is_option_of(&field.ty, "DateTime") {
                field.attrs.push(syn::parse_quote!(
                    #[serde(default, deserialize_with = "crate::types::timestamp")]
                ));
            } else if has_serde_default(&field.attrs) && !is_option(&field.ty) {
                field.attrs.push(syn::parse_quote!(
                    #[serde(deserialize_with = "crate::types::null_as_default")]
                ));
            }
        }
    }
}

fn has_serde_default(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| {
        let mut found = false;
        if attr.path().is_ident("serde") {
            let _ = attr.parse_nested_meta(|meta| {
                found |= meta.path.is_ident("default");
                // Skip any value (`skip_serializing_if = "…"`).
                if meta.input.peek(syn::Token![=]) {
                    meta.value()?.parse::<syn::Expr>()?;
                }
                Ok(())
            });
        }
        found
    })
}

/// `Option<…Name<…>>`, such as `Option<DateTime<Utc>>`.
fn is_option_of(ty: &syn::Type, name: &str) -> bool {
    let syn::Type::Path(path) = ty else {
        return false;
    };
    let Some(option) = path.path.segments.last().filter(|s| s.ident == "Option") else {
        return false;
    };
    let syn::PathArguments::AngleBracketed(arguments) = &option.arguments else {
        return false;
    };
    arguments.args.iter().any(|argument| {
        matches!(argument, syn::GenericArgument::Type(syn::Type::Path(inner))
            if inner.path.segments.last().is_some_and(|s| s.ident == name))
    })
}

fn is_option(ty: &syn::Type) -> bool {
    matches!(ty, syn::Type::Path(path)
        if path.path.segments.last().is_some_and(|s| s.ident == "Option"))
}

fn operations(spec: &Value) -> impl Iterator<Item = &Value> {
    spec["paths"].as_object().into_iter().flat_map(|paths| {
        paths
            .values()
            .filter_map(Value::as_object)
            .flat_map(|item| item.values())
    })
}

/// The request bodies with a property that can be cleared (`nullable`), by
/// name, each with its properties in the spec's order and whether each is
/// nullable: the three-state `PATCH` bodies.
pub fn tri_state_bodies(spec: &Value) -> Vec<(String, Vec<(String, bool)>)> {
    let schemas = &spec["components"]["schemas"];
    let mut bodies: Vec<(String, Vec<(String, bool)>)> = operations(spec)
        .filter_map(|operation| {
            operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].as_str()
        })
        .filter_map(|r| r.strip_prefix("#/components/schemas/"))
        .filter_map(|name| {
            let properties = schemas[name]["properties"].as_object()?;
            let fields: Vec<(String, bool)> = properties
                .iter()
                .map(|(property, schema)| (property.clone(), schema["nullable"] == true))
                .collect();
            fields
                .iter()
                .any(|(_, nullable)| *nullable)
                .then(|| (name.to_owned(), fields))
        })
        .collect();
    bodies.sort();
    bodies.dedup();
    bodies
}

/// Makes each three-state body send what a `PATCH` needs: a nullable field
/// becomes `Option<Option<T>>` (`None` leaves it out, `Some(None)` sends
/// `null`, which typify's one `Option` cannot: oxidecomputer/typify#851),
/// and the fields follow the spec's order, as they are sent.
pub fn make_tri_state(file: &mut syn::File, bodies: &[(String, Vec<(String, bool)>)]) {
    for item in &mut file.items {
        let syn::Item::Struct(item) = item else {
            continue;
        };
        let Some((_, properties)) = bodies.iter().find(|(name, _)| item.ident == name) else {
            continue;
        };
        let syn::Fields::Named(fields) = &mut item.fields else {
            panic!("{} is not a struct with named fields", item.ident);
        };
        let mut named: Vec<syn::Field> = std::mem::take(&mut fields.named).into_iter().collect();
        let mut ordered = syn::punctuated::Punctuated::new();
        for (property, nullable) in properties {
            let at = named
                .iter()
                .position(|field| wire_name(field) == *property)
                .unwrap_or_else(|| panic!("{}: no field for {property}", item.ident));
            let mut field = named.remove(at);
            if *nullable {
                assert!(
                    is_option(&field.ty),
                    "{}.{property} is optional",
                    item.ident
                );
                let ty = &field.ty;
                field.ty = syn::parse_quote!(::std::option::Option<#ty>);
            }
            ordered.push(field);
        }
        assert!(named.is_empty(), "{}: fields not in the spec", item.ident);
        fields.named = ordered;
    }
}

/// The JSON name of a field: its `#[serde(rename = "…")]`, else its name.
fn wire_name(field: &syn::Field) -> String {
    let mut renamed = None;
    for attr in &field.attrs {
        if attr.path().is_ident("serde") {
            let _ = attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("rename") {
                    let value: syn::LitStr = meta.value()?.parse()?;
                    renamed = Some(value.value());
                } else if meta.input.peek(syn::Token![=]) {
                    meta.value()?.parse::<syn::Expr>()?;
                }
                Ok(())
            });
        }
    }
    renamed.unwrap_or_else(|| {
        field
            .ident
            .as_ref()
            .expect("named field")
            .to_string()
            .trim_start_matches("r#")
            .to_owned()
    })
}
