use super::*;
use crate::{
    error::ResourceKind,
    test_resource::{Thing, client, page},
};

type ThingRef = NameOrId<Thing>;

#[test]
fn text_is_classified_like_the_official_sdks() {
    for id in ["U3BhY2U6MTIzNDU=", "VXNlcjo0Mg==", "U3BhY2U6MTI6YS9iK2M="] {
        assert_eq!(ThingRef::from(id), NameOrId::Id(id.into()), "{id}");
    }
    // Valid base64 without a colon, invalid base64, and plain names.
    for name in ["test", "abcd", "my space", "U3BhY2U=", "a:b", ""] {
        assert_eq!(ThingRef::from(name), NameOrId::Name(name.into()), "{name}");
    }
}

#[test]
fn an_id_needs_no_request_and_a_get_by_id_one() {
    let mut server = mockito::Server::new();
    let get = server
        .mock("GET", "/v2/things/VGhpbmc6MQ%3D%3D")
        .with_body(r#"{"id": "VGhpbmc6MQ==", "name": "one"}"#)
        .expect(1)
        .create();
    let client = client(&server);
    let id = ThingRef::from("VGhpbmc6MQ==");
    assert_eq!(id.clone().resolve(&client).unwrap(), "VGhpbmc6MQ==");
    assert_eq!(id.get(&client).unwrap().name, "one");
    get.assert();
}

#[test]
fn a_name_resolves_to_its_one_exact_match_across_pages() {
    let mut server = mockito::Server::new();
    let first = server
        .mock("GET", "/v2/things?name=b&limit=100")
        .with_body(page(&["ab", "B"], Some("p2")))
        .create();
    let second = server
        .mock("GET", "/v2/things?name=b&limit=100&cursor=p2")
        .with_body(page(&["b", "bc"], None))
        .create();
    let thing = ThingRef::from("b").get(&client(&server)).unwrap();
    assert_eq!(thing.id, "b");
    first.assert();
    second.assert();
}

#[test]
fn absent_and_ambiguous_names_are_typed_errors_naming_the_kind() {
    let mut server = mockito::Server::new();
    let absent = server
        .mock("GET", "/v2/things?name=x&limit=100")
        .with_body(page(&["xy"], None))
        .create();
    let error = ThingRef::from("x").resolve(&client(&server)).unwrap_err();
    assert!(
        matches!(&error, Error::NameNotFound { kind: ResourceKind::Space, name, within: None } if name == "x"),
        "{error:?}"
    );

    let body = r#"{"things": [{"id": "1", "name": "d"}, {"id": "2", "name": "d"}],
                   "pagination": {"has_more": false}}"#;
    let ambiguous = server
        .mock("GET", "/v2/things?name=d&group=g&limit=100")
        .with_body(body)
        .create();
    let scoped = NameOrId::<Thing>::Scoped {
        name: "d".into(),
        scope: "g".into(),
    };
    match scoped.resolve(&client(&server)).unwrap_err() {
        Error::AmbiguousName { name, ids, .. } => {
            assert_eq!(name, "d");
            assert_eq!(ids, ["1", "2"]);
        }
        other => panic!("expected an ambiguous name, got {other:?}"),
    }
    ambiguous.assert();
    absent.assert();
}

#[test]
fn a_scoped_lookup_says_where_it_looked() {
    let mut server = mockito::Server::new();
    let lookup = server
        .mock("GET", "/v2/things?name=z&group=g&limit=100")
        .with_body(page(&[], None))
        .create();
    let scoped = NameOrId::<Thing>::Scoped {
        name: "z".into(),
        scope: "g".into(),
    };
    let error = scoped.get(&client(&server)).unwrap_err();
    assert!(
        matches!(&error, Error::NameNotFound { within: Some(w), .. } if w == "group g"),
        "{error:?}"
    );
    assert_eq!(error.to_string(), r#"no space is named "z" in group g"#);
    lookup.assert();
}

#[test]
fn empty_names_and_ids_are_refused_before_sending() {
    let mut server = mockito::Server::new();
    let nothing = server.mock("GET", mockito::Matcher::Any).expect(0).create();
    let client = client(&server);
    for reference in [
        NameOrId::<Thing>::Id(String::new()),
        NameOrId::Name(String::new()),
    ] {
        assert!(matches!(
            reference.clone().resolve(&client),
            Err(Error::InvalidRequest { field: "space", .. })
        ));
        assert!(matches!(
            reference.get(&client),
            Err(Error::InvalidRequest { field: "space", .. })
        ));
    }
    nothing.assert();
}

#[test]
fn equality_and_hashing_follow_the_variant_and_its_text() {
    use std::collections::HashSet;
    let set: HashSet<ThingRef> = [
        NameOrId::Id("a".into()),
        NameOrId::Name("a".into()),
        NameOrId::Scoped {
            name: "a".into(),
            scope: "g".into(),
        },
        NameOrId::Id("a".into()),
    ]
    .into_iter()
    .collect();
    assert_eq!(set.len(), 3);
    assert_ne!(ThingRef::Id("a".into()), ThingRef::Name("a".into()));
    let scoped = |name: &str, scope: &str| ThingRef::Scoped {
        name: name.into(),
        scope: scope.into(),
    };
    assert_eq!(scoped("a", "g"), scoped("a", "g"));
    assert_ne!(scoped("a", "g"), scoped("b", "g"));
    assert_ne!(scoped("a", "g"), scoped("a", "h"));
    assert_ne!(scoped("a", "g"), ThingRef::Name("a".into()));
    // Equal references hash alike; different ones (almost surely) not.
    use std::hash::BuildHasher;
    let state = std::collections::hash_map::RandomState::new();
    let hash = |reference: &ThingRef| state.hash_one(reference);
    assert_eq!(hash(&scoped("a", "g")), hash(&scoped("a", "g")));
    assert_ne!(hash(&scoped("a", "g")), hash(&scoped("a", "h")));
    assert_ne!(hash(&scoped("a", "g")), hash(&scoped("b", "g")));
    assert_ne!(
        hash(&ThingRef::Id("a".into())),
        hash(&ThingRef::Id("b".into()))
    );
    assert_ne!(
        hash(&ThingRef::Id("a".into())),
        hash(&ThingRef::Name("a".into()))
    );
    assert_eq!(format!("{:?}", ThingRef::Name("a".into())), r#"Name("a")"#);
    assert_eq!(ThingRef::Name("a b".into()).to_string(), "a b");
    assert_eq!(
        ThingRef::Id("VGhpbmc6MQ==".into()).to_string(),
        "VGhpbmc6MQ=="
    );
    assert_eq!(scoped("a", "g").to_string(), "a in g");
}
