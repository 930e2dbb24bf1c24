//! Listings: `limit`, opaque cursors, and the pages they select.

use base64::Engine;
use serde_json::{Value, json};

use super::http::{Answer, Problem, problem};
use crate::operation::Op;

/// The `limit` and `cursor` of a listing, and the pages they select.
pub(super) struct Paging {
    limit: usize,
    /// The number of the last item already served.
    after: usize,
}

impl Default for Paging {
    fn default() -> Paging {
        Paging {
            limit: 50,
            after: 0,
        }
    }
}

impl Paging {
    /// Takes `limit` and `cursor`; ignores any other parameter, as the
    /// real API does.
    pub(super) fn read(&mut self, key: &str, value: &str) -> Result<(), Problem> {
        match key {
            "limit" => match value.parse::<usize>() {
                Ok(n @ 1..=100) => self.limit = n,
                _ => {
                    return problem(
                        400,
                        format!("limit: {value:?} is not an integer in 1..=100"),
                    );
                }
            },
            "cursor" => match decode_cursor(value) {
                Some(n) => self.after = n,
                None => return problem(400, "cursor: not a cursor this server issued"),
            },
            _ => {}
        }
        Ok(())
    }

    /// The number of the first item this page may hold, to skip the items
    /// before it without reading them.
    pub(super) fn first(&self) -> usize {
        self.after + 1
    }

    /// The page of `items` (numbered in creation order, ascending) after the
    /// cursor, as `{"<items>": [...], "pagination": {...}}`, under the item
    /// field of the listing `op`. Filters apply before paging: a page is
    /// full unless it is the last.
    pub(super) fn page(&self, op: Op, items: impl Iterator<Item = (usize, Value)>) -> Answer {
        self.page_filtered_after(op, items.map(|(n, item)| (n, Some(item))))
    }

    /// Like [`page`](Self::page), for a listing filtered *after* reading,
    /// as the real API filters resource restrictions: the page is
    /// `limit` candidates, and the ones that are `None` are then dropped,
    /// so that a page can be short or empty while `has_more` is true. The
    /// cursor is the last candidate read, kept or not.
    pub(super) fn page_filtered_after(
        &self,
        op: Op,
        candidates: impl Iterator<Item = (usize, Option<Value>)>,
    ) -> Answer {
        let mut rest = candidates.skip_while(|(n, _)| *n <= self.after);
        let page: Vec<(usize, Option<Value>)> = rest.by_ref().take(self.limit).collect();
        let has_more = rest.next().is_some();
        let mut pagination = json!({"has_more": has_more});
        if let (true, Some((last, _))) = (has_more, page.last()) {
            pagination["next_cursor"] = json!(encode_cursor(*last));
        }
        let items: Vec<Value> = page.into_iter().filter_map(|(_, item)| item).collect();
        let mut body = json!({"pagination": pagination});
        body[op.get().items()] = Value::Array(items);
        Answer::json(200, body)
    }
}

/// Cursors are opaque to clients: base64 of the last item number served.
fn encode_cursor(n: usize) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("after:{n}"))
}

fn decode_cursor(cursor: &str) -> Option<usize> {
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()?;
    String::from_utf8(bytes)
        .ok()?
        .strip_prefix("after:")?
        .parse()
        .ok()
}
