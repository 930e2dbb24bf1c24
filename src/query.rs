//! Query parameters from a serde struct, written straight into the URL.
//!
//! A listing's query is declared as a struct of scalars, `Option`s and
//! sequences (see each resource's `Query`). This serializer writes its
//! fields in declaration order, percent-encoding every value: `None` is
//! left out, a sequence repeats the name (`status=A&status=B`), and
//! anything else is its plain text form. It allocates nothing of its own,
//! which matters on the path of every page.

use std::fmt::{self, Display, Write as _};

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::{
    Serialize,
    ser::{self, Impossible},
};

/// The methods of a top-level serializer that only takes structs.
macro_rules! not_a_struct {
    () => {
        fn serialize_bool(self, _: bool) -> Result<(), Unsupported> {
            Err(Unsupported("a scalar"))
        }
        fn serialize_i8(self, _: i8) -> Result<(), Unsupported> {
            Err(Unsupported("a scalar"))
        }
        fn serialize_i16(self, _: i16) -> Result<(), Unsupported> {
            Err(Unsupported("a scalar"))
        }
        fn serialize_i32(self, _: i32) -> Result<(), Unsupported> {
            Err(Unsupported("a scalar"))
        }
        fn serialize_i64(self, _: i64) -> Result<(), Unsupported> {
            Err(Unsupported("a scalar"))
        }
        fn serialize_u8(self, _: u8) -> Result<(), Unsupported> {
            Err(Unsupported("a scalar"))
        }
        fn serialize_u16(self, _: u16) -> Result<(), Unsupported> {
            Err(Unsupported("a scalar"))
        }
        fn serialize_u32(self, _: u32) -> Result<(), Unsupported> {
            Err(Unsupported("a scalar"))
        }
        fn serialize_u64(self, _: u64) -> Result<(), Unsupported> {
            Err(Unsupported("a scalar"))
        }
        fn serialize_f32(self, _: f32) -> Result<(), Unsupported> {
            Err(Unsupported("a scalar"))
        }
        fn serialize_f64(self, _: f64) -> Result<(), Unsupported> {
            Err(Unsupported("a scalar"))
        }
        fn serialize_char(self, _: char) -> Result<(), Unsupported> {
            Err(Unsupported("a scalar"))
        }
        fn serialize_str(self, _: &str) -> Result<(), Unsupported> {
            Err(Unsupported("a scalar"))
        }
        fn serialize_bytes(self, _: &[u8]) -> Result<(), Unsupported> {
            Err(Unsupported("a scalar"))
        }
        fn serialize_none(self) -> Result<(), Unsupported> {
            Err(Unsupported("an option"))
        }
        fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<(), Unsupported> {
            Err(Unsupported("an option"))
        }
        fn serialize_unit(self) -> Result<(), Unsupported> {
            Err(Unsupported("()"))
        }
        fn serialize_unit_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
        ) -> Result<(), Unsupported> {
            Err(Unsupported("an enum"))
        }
        fn serialize_newtype_struct<T: Serialize + ?Sized>(
            self,
            _: &'static str,
            _: &T,
        ) -> Result<(), Unsupported> {
            Err(Unsupported("a newtype"))
        }
        fn serialize_newtype_variant<T: Serialize + ?Sized>(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: &T,
        ) -> Result<(), Unsupported> {
            Err(Unsupported("an enum"))
        }
        fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Unsupported> {
            Err(Unsupported("a sequence"))
        }
        fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Unsupported> {
            Err(Unsupported("a tuple"))
        }
        fn serialize_tuple_struct(
            self,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleStruct, Unsupported> {
            Err(Unsupported("a tuple"))
        }
        fn serialize_tuple_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleVariant, Unsupported> {
            Err(Unsupported("an enum"))
        }
        fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Unsupported> {
            Err(Unsupported("a map"))
        }
        fn serialize_struct_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeStructVariant, Unsupported> {
            Err(Unsupported("an enum"))
        }
    };
}

/// Everything but RFC 3986's unreserved characters, and `.` as well, so that
/// no segment can be `..`. IDs are base64 (`+`, `/`, `=`), and a hostile one
/// could hold `?`, `#` or `%`: encoded with this set, none of them can leave
/// its path segment or query value.
pub(crate) const ALL_BUT_UNRESERVED: &AsciiSet =
    &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'~');

/// Appends the fields of `query` to `url` as `?name=value&…` (or
/// `&name=value…` when `url` already has a query).
///
/// # Panics
///
/// If `query` is not a struct of scalars, options and sequences: query
/// types are declared in this crate, and a test covers each.
pub(crate) fn append(url: &mut String, query: &impl Serialize) {
    query
        .serialize(Fields { url })
        .expect("query parameters are structs of scalars, options and sequences");
}

/// Why a type cannot be a query.
#[derive(Debug)]
pub(crate) struct Unsupported(&'static str);

impl Display for Unsupported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} cannot be a query parameter", self.0)
    }
}

impl std::error::Error for Unsupported {}

impl ser::Error for Unsupported {
    fn custom<T: Display>(_: T) -> Self {
        Unsupported("a value whose serialization failed")
    }
}

/// The struct itself.
struct Fields<'a> {
    url: &'a mut String,
}

/// One field's value, written after `name=`.
struct Value<'a> {
    url: &'a mut String,
    name: &'static str,
}

impl Value<'_> {
    fn write(self, text: impl Display) -> Result<(), Unsupported> {
        self.url
            .push(if self.url.contains('?') { '&' } else { '?' });
        self.url.push_str(self.name);
        self.url.push('=');
        // Display straight into the encoder: no intermediate string.
        let _ = write!(Encoder(self.url), "{text}");
        Ok(())
    }
}

/// Percent-encodes what is written through it into a URL.
struct Encoder<'a>(&'a mut String);

impl fmt::Write for Encoder<'_> {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        self.0.extend(utf8_percent_encode(text, ALL_BUT_UNRESERVED));
        Ok(())
    }
}

impl<'a> ser::Serializer for Fields<'a> {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = Impossible<(), Unsupported>;
    type SerializeTuple = Impossible<(), Unsupported>;
    type SerializeTupleStruct = Impossible<(), Unsupported>;
    type SerializeTupleVariant = Impossible<(), Unsupported>;
    type SerializeMap = Impossible<(), Unsupported>;
    type SerializeStruct = Self;
    type SerializeStructVariant = Impossible<(), Unsupported>;

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, Unsupported> {
        Ok(self)
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Unsupported> {
        Ok(())
    }

    not_a_struct! {}
}

impl ser::SerializeStruct for Fields<'_> {
    type Ok = ();
    type Error = Unsupported;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        value.serialize(Value {
            url: self.url,
            name,
        })
    }

    fn end(self) -> Result<(), Unsupported> {
        Ok(())
    }
}

impl<'a> ser::Serializer for Value<'a> {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = Self;
    type SerializeTuple = Impossible<(), Unsupported>;
    type SerializeTupleStruct = Impossible<(), Unsupported>;
    type SerializeTupleVariant = Impossible<(), Unsupported>;
    type SerializeMap = Impossible<(), Unsupported>;
    type SerializeStruct = Impossible<(), Unsupported>;
    type SerializeStructVariant = Impossible<(), Unsupported>;

    fn serialize_none(self) -> Result<(), Unsupported> {
        Ok(())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Unsupported> {
        value.serialize(self)
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self, Unsupported> {
        Ok(self)
    }

    fn serialize_str(self, text: &str) -> Result<(), Unsupported> {
        self.write(text)
    }

    fn serialize_bool(self, value: bool) -> Result<(), Unsupported> {
        self.write(value)
    }

    fn serialize_i64(self, value: i64) -> Result<(), Unsupported> {
        self.write(value)
    }

    fn serialize_u64(self, value: u64) -> Result<(), Unsupported> {
        self.write(value)
    }

    fn serialize_i32(self, value: i32) -> Result<(), Unsupported> {
        self.write(value)
    }

    fn serialize_u32(self, value: u32) -> Result<(), Unsupported> {
        self.write(value)
    }

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), Unsupported> {
        self.write(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        value.serialize(self)
    }

    fn serialize_i8(self, _: i8) -> Result<(), Unsupported> {
        Err(Unsupported("i8"))
    }
    fn serialize_i16(self, _: i16) -> Result<(), Unsupported> {
        Err(Unsupported("i16"))
    }
    fn serialize_u8(self, _: u8) -> Result<(), Unsupported> {
        Err(Unsupported("u8"))
    }
    fn serialize_u16(self, _: u16) -> Result<(), Unsupported> {
        Err(Unsupported("u16"))
    }
    fn serialize_f32(self, _: f32) -> Result<(), Unsupported> {
        Err(Unsupported("a float"))
    }
    fn serialize_f64(self, _: f64) -> Result<(), Unsupported> {
        Err(Unsupported("a float"))
    }
    fn serialize_char(self, _: char) -> Result<(), Unsupported> {
        Err(Unsupported("a char"))
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), Unsupported> {
        Err(Unsupported("bytes"))
    }
    fn serialize_unit(self) -> Result<(), Unsupported> {
        Err(Unsupported("()"))
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Unsupported> {
        Err(Unsupported("a unit struct"))
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), Unsupported> {
        Err(Unsupported("an enum with data"))
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Unsupported> {
        Err(Unsupported("a tuple"))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Unsupported> {
        Err(Unsupported("a tuple struct"))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Unsupported> {
        Err(Unsupported("an enum with data"))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Unsupported> {
        Err(Unsupported("a map"))
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, Unsupported> {
        Err(Unsupported("a nested struct"))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Unsupported> {
        Err(Unsupported("an enum with data"))
    }
}

impl ser::SerializeSeq for Value<'_> {
    type Ok = ();
    type Error = Unsupported;

    /// Each element is written as a parameter of the sequence's name.
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        value.serialize(Value {
            url: self.url,
            name: self.name,
        })
    }

    fn end(self) -> Result<(), Unsupported> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    enum Status {
        #[serde(rename = "ACTIVE")]
        Active,
        #[serde(rename = "INVITED")]
        Invited,
    }

    #[derive(Serialize)]
    struct Query<'a> {
        name: Option<&'a str>,
        absent: Option<&'a str>,
        status: Vec<Status>,
        limit: u32,
        flag: bool,
        cursor: Option<String>,
    }

    #[test]
    fn fields_are_written_in_order_and_encoded() {
        let mut url = "http://h/v2/spaces".to_owned();
        append(
            &mut url,
            &Query {
                name: Some("a&b=c d/é.."),
                absent: None,
                status: vec![Status::Active, Status::Invited],
                limit: 7,
                flag: true,
                cursor: Some("c+/=".into()),
            },
        );
        assert_eq!(
            url,
            "http://h/v2/spaces?name=a%26b%3Dc%20d%2F%C3%A9%2E%2E&status=ACTIVE&status=INVITED\
             &limit=7&flag=true&cursor=c%2B%2F%3D"
        );
    }

    #[test]
    fn a_second_query_continues_the_first() {
        #[derive(Serialize)]
        struct Empty {
            none: Option<u32>,
        }
        #[derive(Serialize)]
        struct Page {
            limit: u32,
        }
        let mut url = "u".to_owned();
        append(&mut url, &Empty { none: None });
        assert_eq!(url, "u");
        append(&mut url, &Page { limit: 1 });
        append(&mut url, &Page { limit: 2 });
        assert_eq!(url, "u?limit=1&limit=2");
    }

    #[test]
    fn every_integer_width_in_use_and_newtypes_are_written() {
        #[derive(Serialize)]
        struct Name(&'static str);
        #[derive(Serialize)]
        struct Wide {
            a: i64,
            b: u64,
            c: i32,
            d: Name,
        }
        let mut url = "u".to_owned();
        append(
            &mut url,
            &Wide {
                a: -1,
                b: u64::MAX,
                c: -2,
                d: Name("n m"),
            },
        );
        assert_eq!(url, "u?a=-1&b=18446744073709551615&c=-2&d=n%20m");
    }

    #[test]
    fn values_no_query_declares_are_refused_and_write_nothing() {
        #[derive(Serialize)]
        struct Unit;
        #[derive(Serialize)]
        enum Data {
            Tuple(u32),
        }
        fn refused(value: &impl Serialize) -> bool {
            let mut url = "u".to_owned();
            let error = value
                .serialize(Value {
                    url: &mut url,
                    name: "x",
                })
                .is_err();
            assert_eq!(url, "u", "nothing is written for a refused value");
            error
        }
        assert!(refused(&1i8));
        assert!(refused(&1i16));
        assert!(refused(&1u8));
        assert!(refused(&1u16));
        assert!(refused(&1.5f32));
        assert!(refused(&1.5f64));
        assert!(refused(&'c'));
        assert!(refused(&serde_bytes_like()));
        assert!(refused(&()));
        assert!(refused(&Unit));
        assert!(refused(&Data::Tuple(1)));
        assert!(refused(&(1u32, 2u32)));
        assert!(refused(&std::collections::BTreeMap::from([("k", 1u32)])));
    }

    /// A value that serializes as bytes.
    fn serde_bytes_like() -> impl Serialize {
        struct Bytes;
        impl Serialize for Bytes {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_bytes(b"b")
            }
        }
        Bytes
    }

    #[test]
    fn what_cannot_be_a_query_is_refused() {
        #[derive(Serialize)]
        struct Nested {
            inner: Query<'static>,
        }
        let error = serde::Serialize::serialize(
            &5u32,
            Fields {
                url: &mut String::new(),
            },
        );
        assert!(error.is_err());
        let error = Nested {
            inner: Query {
                name: None,
                absent: None,
                status: vec![],
                limit: 1,
                flag: false,
                cursor: None,
            },
        }
        .serialize(Fields {
            url: &mut String::new(),
        });
        assert!(error.unwrap_err().to_string().contains("nested struct"));
        assert!(
            (1.5f64)
                .serialize(Value {
                    url: &mut String::new(),
                    name: "x"
                })
                .is_err()
        );
    }
}
