//! Responses are read tolerantly: a field or an enum value the crate does
//! not know, or a field it can do without sent `null` or not at all, fails
//! neither the item nor its page. Each body is read alone and inside a
//! page ([`read_both_ways`]).

use arize::{Error, Resource};
use serde::Serialize;
use serde_json::{Value, json};

use super::{Row, as_json, merged, read_both_ways};
use crate::common::*;

fn ignores_what_it_does_not_know<R: Resource + PartialEq + Serialize>(row: &Row<R>) {
    let (id, _) = row.sample;
    let known = merged((row.item)(id), (row.unknown)());
    let future = json!({"a_field_from_the_future": {"nested": [1, 2]}, "another": "x"});
    let plain = read_both_ways(row, known.clone());
    let odd = read_both_ways(row, merged(known, future));
    for read in plain.iter().chain(&odd) {
        assert!(
            *read == plain[0],
            "{}: {:?} vs {:?}",
            row.name,
            read,
            plain[0]
        );
        // A value the crate does not know is kept as it was sent.
        let read = as_json(read);
        for (field, value) in (row.unknown)().as_object().unwrap() {
            assert_eq!(&read[field], value, "{}: {field}", row.name);
        }
    }
}

#[test]
fn unknown_fields_and_enum_values_fail_neither_an_item_nor_its_page() {
    each_row!(|row| ignores_what_it_does_not_know(row));
}

fn defaults_what_it_can_do_without<R: Resource + PartialEq + Serialize>(row: &Row<R>) {
    let (id, _) = row.sample;
    let item = (row.item)(id);
    let (mut bare, mut nulled) = (json!({}), item.clone());
    for (field, value) in item.as_object().unwrap() {
        if row.required.contains(&field.as_str()) {
            bare[field] = value.clone();
        } else {
            nulled[field] = Value::Null;
        }
    }
    let reads = read_both_ways(row, bare);
    for read in reads.iter().chain(&read_both_ways(row, nulled)) {
        assert!(
            *read == reads[0],
            "{}: {:?} vs {:?}",
            row.name,
            read,
            reads[0]
        );
    }
    // Text and flags read as empty and false; options as absent.
    for (field, value) in as_json(&reads[0]).as_object().unwrap() {
        if !row.required.contains(&field.as_str()) {
            let empty = [json!(""), json!(false), json!([])];
            assert!(empty.contains(value), "{}: {field} is {value}", row.name);
        }
    }
}

#[test]
fn fields_an_item_can_do_without_read_null_or_absent_as_their_defaults() {
    each_row!(|row| defaults_what_it_can_do_without(row));
}

fn needs_its_required_fields<R: Resource>(row: &Row<R>) {
    let (id, encoded) = row.sample;
    let mut server = mockito::Server::new();
    let client = client(&server);
    for field in row.required {
        let mut item = (row.item)(id);
        item.as_object_mut().unwrap().remove(*field);
        let mut mocks = vec![];
        if let Some((method, path, read)) = row.read {
            let path = path.replace("{id}", encoded);
            let one = expect(&mut server, method, &path).with_body(item.to_string());
            mocks.push(one.expect(1).create());
            let error = read(&client, id).unwrap_err();
            assert!(
                matches!(error, Error::Decode(_)),
                "{}: {field}: {error:?}",
                row.name
            );
        }
        let page = page_of(row.field, vec![(row.item)("before"), item], None);
        let list = expect(&mut server, "GET", &row.page_path(100)).with_body(page);
        mocks.push(list.expect(1).create());
        let listed: Vec<_> = (row.list)(&client).items().take(10).collect();
        assert_eq!(listed.len(), 1, "{}: {field}: the page fails", row.name);
        let error = listed.into_iter().next().unwrap().unwrap_err();
        assert!(
            matches!(error, Error::Decode(_)),
            "{}: {field}: {error:?}",
            row.name
        );
        mocks.iter().for_each(verified);
    }
}

#[test]
fn an_item_without_a_field_it_cannot_do_without_is_a_decode_error() {
    each_row!(|row| needs_its_required_fields(row));
}
