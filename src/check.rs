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
{
    T::try_from(value).map_err(|e| Error::invalid(field, e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::ListSpacesName;

    #[test]
    fn conversions_name_the_field_and_count_characters() {
        let ok: ListSpacesName = convert("name", "é".repeat(255)).unwrap();
        assert_eq!(ok.chars().count(), 255);
        let error = convert::<ListSpacesName, _>("name", "é".repeat(256)).unwrap_err();
        assert!(
            matches!(error, Error::InvalidRequest { field: "name", .. }),
            "{error}"
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
