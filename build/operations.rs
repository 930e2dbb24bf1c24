//! The operation table: every operation of the spec as a constant, so that
//! nothing outside the spec types an operation ID, a method or a path.
//!
//! The generated `operations.rs` holds an enum `Op` with one variant per
//! `operationId` (`list_spaces` is `Op::ListSpaces`) and a static array
//! `OPERATIONS` of `Operation` values in the same order. It names four
//! types it does not define, `Operation`, `QueryParam`, `Method` and `Retry`, so that the
//! crate (`src/operation.rs`) and the coverage test (`tests/it/spec_coverage.rs`)
//! can each include it with their own.

use std::fmt::Write as _;

use serde_json::Value;

/// What the table says of one operation.
struct Entry {
    id: String,
    method: String,
    path: String,
    success: Vec<u16>,
    retry: &'static str,
    secret: bool,
    items: Option<String>,
    response: Option<String>,
    body: Option<String>,
    /// Name, `maxLength` and whether it is required.
    query: Vec<(String, Option<u64>, bool)>,
}

/// The Rust source of the table.
pub fn rust(spec: &Value) -> String {
    let entries = entries(spec);
    let mut out = String::new();
    let mut names: Vec<&String> = spec["components"]["schemas"]
        .as_object()
        .into_iter()
        .flat_map(|schemas| schemas.values())
        .filter_map(|schema| schema["properties"].as_object())
        .flat_map(|properties| properties.keys())
        .collect();
    names.sort();
    names.dedup();
    let names: Vec<String> = names.iter().map(|name| format!("{name:?}")).collect();
    let _ = writeln!(
        out,
        "/// Every property name of the spec's schemas, sorted: what an error may\n\
         /// name of a body that must not be quoted.\n\
         pub const PROPERTY_NAMES: [&str; {}] = [{}];\n",
        names.len(),
        names.join(", ")
    );
    out += "/// Every operation of the spec, by its `operationId`.\n";
    out += "#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]\n";
    out += "pub enum Op {\n";
    for entry in &entries {
        let _ = writeln!(
            out,
            "    /// `{}`: `{} {}`.",
            entry.id, entry.method, entry.path
        );
        let _ = writeln!(out, "    {},", pascal_case(&entry.id));
    }
    out += "}\n\n";
    out += "impl Op {\n";
    let _ = writeln!(
        out,
        "    /// Every operation, in the order of [`OPERATIONS`].\n    #[allow(dead_code)]\n    pub const ALL: [Op; {}] = [{}];\n",
        entries.len(),
        entries
            .iter()
            .map(|e| format!("Op::{}", pascal_case(&e.id)))
            .collect::<Vec<_>>()
            .join(", ")
    );
    out += "    /// The operation's entry in the table.\n";
    out += "    pub const fn get(self) -> &'static Operation {\n";
    out += "        &OPERATIONS[self as usize]\n";
    out += "    }\n}\n\n";
    let _ = writeln!(
        out,
        "/// Every operation of the spec, in the order of [`Op`].\npub static OPERATIONS: [Operation; {}] = [",
        entries.len()
    );
    for entry in &entries {
        let option = |value: &Option<String>| match value {
            Some(text) => format!("Some({text:?})"),
            None => "None".to_owned(),
        };
        let query: Vec<String> = entry
            .query
            .iter()
            .map(|(name, max, required)| {
                let max = max.map_or("None".to_owned(), |max| format!("Some({max})"));
                format!("QueryParam {{ name: {name:?}, max_length: {max}, required: {required} }}")
            })
            .collect();
        let _ = writeln!(
            out,
            "    Operation {{\n        id: {:?},\n        method: Method::{},\n        path: {:?},\n        success: &{:?},\n        retry: Retry::{},\n        secret: {},\n        items: {},\n        response: {},\n        body: {},\n        query: &[{}],\n    }},",
            entry.id,
            entry.method,
            entry.path,
            entry.success,
            entry.retry,
            entry.secret,
            option(&entry.items),
            option(&entry.response),
            option(&entry.body),
            query.join(", "),
        );
    }
    out += "];\n";
    out
}

/// What the fake checks of a request body as the server does: the
/// properties of every request schema, and the length limits of its string
/// properties, as functions of the schema and property names.
pub fn schemas_rust(spec: &Value) -> String {
    let mut properties_arms = String::new();
    let mut limit_arms = String::new();
    let bodies: Vec<String> = entries(spec)
        .into_iter()
        .filter_map(|entry| entry.body)
        .collect();
    if let Some(schemas) = spec["components"]["schemas"].as_object() {
        for (name, schema) in schemas {
            let Some(properties) = schema["properties"].as_object() else {
                continue;
            };
            if bodies.contains(name) {
                let names: Vec<String> = properties.keys().map(|p| format!("{p:?}")).collect();
                let _ = writeln!(
                    properties_arms,
                    "        {name:?} => &[{}],",
                    names.join(", ")
                );
            }
            for (property, value) in properties {
                let (min, max) = (value["minLength"].as_u64(), value["maxLength"].as_u64());
                if min.is_none() && max.is_none() {
                    continue;
                }
                let _ = writeln!(
                    limit_arms,
                    "        ({name:?}, {property:?}) => Some(({}, {})),",
                    min.unwrap_or(0),
                    max.map_or("usize::MAX".to_owned(), |m| m.to_string())
                );
            }
        }
    }
    format!(
        "/// The properties of a request body's schema.\n\
         pub fn properties(schema: &str) -> &'static [&'static str] {{\n    \
         match schema {{\n{properties_arms}        _ => &[],\n    }}\n}}\n\n\
         /// The `minLength` and `maxLength` of a string property of a schema.\n\
         pub fn length_limits(schema: &str, property: &str) -> Option<(usize, usize)> {{\n    \
         match (schema, property) {{\n{limit_arms}        _ => None,\n    }}\n}}\n"
    )
}

fn entries(spec: &Value) -> Vec<Entry> {
    let mut entries = Vec::new();
    let Some(paths) = spec["paths"].as_object() else {
        return entries;
    };
    for (path, item) in paths {
        let Some(item) = item.as_object() else {
            continue;
        };
        for (method, operation) in item {
            let Some(id) = operation["operationId"].as_str() else {
                continue;
            };
            let method = method.to_uppercase();
            let responses = operation["responses"].as_object();
            let success: Vec<u16> = responses
                .into_iter()
                .flat_map(|r| r.keys())
                .filter(|status| status.starts_with('2'))
                .map(|status| status.parse().expect("a success status is a number"))
                .collect();
            let response = responses
                .into_iter()
                .flat_map(|r| r.iter())
                .filter(|(status, _)| status.starts_with('2'))
                .find_map(|(_, response)| {
                    schema_name(&response["content"]["application/json"]["schema"])
                });
            let items = response.as_deref().and_then(|name| page_items(spec, name));
            let retry = match operation["x-arize-retry"].as_str() {
                Some("idempotent") => "Idempotent",
                Some(other) => panic!("{id}: unknown x-arize-retry {other:?}"),
                None => match method.as_str() {
                    "POST" => "OnlyIfUnsent",
                    "DELETE" => "Delete",
                    _ => "Idempotent",
                },
            };
            let body =
                schema_name(&operation["requestBody"]["content"]["application/json"]["schema"]);
            let query = operation["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|parameter| resolve(spec, parameter))
                .filter(|parameter| parameter["in"] == "query")
                .map(|parameter| {
                    let name = parameter["name"].as_str().expect("a parameter has a name");
                    let max = parameter["schema"]["maxLength"].as_u64();
                    let required = parameter["required"] == true;
                    (name.to_owned(), max, required)
                })
                .collect();
            entries.push(Entry {
                id: id.to_owned(),
                method,
                path: path.clone(),
                success,
                retry,
                secret: operation["x-arize-secret"] == true,
                items,
                response,
                body,
                query,
            });
        }
    }
    entries
}

/// A `$ref`'d parameter, or the parameter itself.
fn resolve<'a>(spec: &'a Value, value: &'a Value) -> &'a Value {
    match value["$ref"]
        .as_str()
        .and_then(|r| r.strip_prefix("#/components/parameters/"))
    {
        Some(name) => &spec["components"]["parameters"][name],
        None => value,
    }
}

fn schema_name(schema: &Value) -> Option<String> {
    schema["$ref"]
        .as_str()?
        .strip_prefix("#/components/schemas/")
        .map(str::to_owned)
}

/// For a page (a schema with `pagination` and one array), the array's name.
fn page_items(spec: &Value, schema: &str) -> Option<String> {
    let properties = spec["components"]["schemas"][schema]["properties"].as_object()?;
    properties.get("pagination")?;
    let arrays: Vec<&String> = properties
        .iter()
        .filter(|(_, property)| property["type"] == "array")
        .map(|(name, _)| name)
        .collect();
    match arrays.as_slice() {
        [items] => Some((*items).clone()),
        _ => panic!("the page {schema} must have exactly one array property"),
    }
}

/// `list_spaces` → `ListSpaces`.
fn pascal_case(snake: &str) -> String {
    snake
        .split('_')
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}
