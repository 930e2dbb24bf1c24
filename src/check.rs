//! Checks on what a caller passes, made before anything is sent. Length
//! limits come from the spec: the generated request types enforce them in
//! their `TryFrom`, so [`convert`] only names the field at fault.

use crate::{Error, Result, types::error::ConversionError};

/// Refuses an empty value (an ID, a cursor) with [`Error::InvalidRequest`].
pub(crate) fn non_empty(field: &'static str, value: &str) -> Result<()> {
    if value.is_empty() {
        return Err(Error::invalid(field, "must not be empty"));
    }
    Ok(())
}

/// Converts a value into the generated type that carries the spec's limits
/// for `field`, or refuses it with [`Error::InvalidRequest`].
pub(crate) fn convert<T, V>(field: &'static str, value: V) -> Result<T>
where
    T: TryFrom<V, Error = ConversionError>,
    V: AsRef<str>,
{
    let length = value.as_ref().chars().count();
    T::try_from(value).map_err(|e| Error::invalid(field, with_length(e.to_string(), length)))
}

/// A length limit's refusal, saying the length given: the generated types
/// say `longer than 255 characters`; this says `300 characters, at most
/// 255`. Any other refusal (a pattern) is kept as it is.
fn with_length(reason: String, length: usize) -> String {
    let limit = |prefix: &str| {
        reason
            .strip_prefix(prefix)?
            .strip_suffix(" characters")?
            .parse::<usize>()
            .ok()
    };
    match (limit("longer than "), limit("shorter than ")) {
        (Some(max), _) => format!("{length} characters, at most {max}"),
        (_, Some(min)) => format!("{length} characters, at least {min}"),
        _ => reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::ListSpacesName;

    #[test]
    fn conversions_name_the_field_and_count_characters() {
        let ok: ListSpacesName = convert("name", "é".repeat(255)).unwrap();
        assert_eq!(ok.chars().count(), 255);
        let error = convert::<ListSpacesName, _>("name", "é".repeat(300)).unwrap_err();
        assert!(
            matches!(&error, Error::InvalidRequest { field: "name", reason } if reason == "300 characters, at most 255"),
            "{error}"
        );
        assert_eq!(
            error.to_string(),
            "invalid name: 300 characters, at most 255 (nothing was sent)"
        );
        assert_eq!(
            with_length("shorter than 1 characters".into(), 0),
            "0 characters, at least 1"
        );
        assert_eq!(
            with_length("doesn't match pattern".into(), 3),
            "doesn't match pattern"
        );
        assert_eq!(
            with_length("longer than x characters".into(), 3),
            "longer than x characters"
        );
        assert!(matches!(
            non_empty("cursor", ""),
            Err(Error::InvalidRequest {
                field: "cursor",
                ..
            })
        ));
        assert!(non_empty("cursor", "c").is_ok());
    }
}
