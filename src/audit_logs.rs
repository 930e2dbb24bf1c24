//! The audit log: who did what in the account, newest first, over a time
//! window.

use chrono::{DateTime, SecondsFormat, Utc};

use crate::{
    error::ResourceKind,
    operation::{Op, Operation},
    query::Value,
    resource::{operations, sealed::Listed},
    types::{AuditLog, AuditLogOperationType},
    users::UserRef,
};

operations! {
    /// The audit log, from [`Client::audit_logs`](crate::Client::audit_logs):
    /// the actions of the account's authenticated users, newest first.
    /// Reading it needs account admin, and audit logging enabled on the
    /// account; without either, the listing is an
    /// [`Error::Forbidden`](crate::Error::Forbidden).
    ///
    /// An entry can hold a request body ([`AuditLog::operation_text`],
    /// [`AuditLog::variables`]) with whatever the audited request carried:
    /// the crate never logs an entry, and an error about a page that fails
    /// to decode quotes nothing of it. Whether Arize redacts anything there
    /// is not documented.
    ///
    /// ```
    /// # #[cfg(feature = "testing")] {
    /// # let fake = arize::testing::FakeServer::builder().organization("acme").start();
    /// # let client = fake.client();
    /// use arize::AuditLogOperationType;
    ///
    /// client.spaces().create("fraud", "acme").send()?;
    /// let since = fake.now() - chrono::Duration::hours(1);
    /// let changes = client
    ///     .audit_logs()
    ///     .list()
    ///     .start_time(since)
    ///     .operation_type(AuditLogOperationType::Mutation);
    /// for entry in changes.items() {
    ///     let entry = entry?;
    ///     println!("{} {} {:?}", entry.user_id, entry.ip, entry.operation_name);
    /// }
    /// # }
    /// # Ok::<(), arize::Error>(())
    /// ```
    pub struct AuditLogs for AuditLog (entry: "audit-log entry", "audit-log entries") {
        /// The audit log of the account: its entries, listed.
        fn audit_logs;
        list: ListAuditLogs;
    }
}

/// A time as the query takes it: RFC 3339 in UTC, with `Z`.
fn rfc3339(time: DateTime<Utc>) -> Value {
    Value::Text(time.to_rfc3339_opts(SecondsFormat::AutoSi, true))
}

impl ListAuditLogs {
    /// Only entries at or after this time. Defaults to 30 days before the
    /// end of the window (the server's default).
    pub fn start_time(self, start: DateTime<Utc>) -> Self {
        self.set_start_time(Some(start))
    }

    /// The window's start, or the server's default for `None`.
    pub fn set_start_time(self, start: Option<DateTime<Utc>>) -> Self {
        self.param("start_time", start.map(rfc3339))
    }

    /// Only entries at or before this time. Defaults to now (the server's
    /// clock). A start after the end is refused before anything is sent:
    /// what the server answers to it is not documented.
    pub fn end_time(self, end: DateTime<Utc>) -> Self {
        self.set_end_time(Some(end))
    }

    /// The window's end, or the server's default for `None`.
    pub fn set_end_time(self, end: Option<DateTime<Utc>>) -> Self {
        self.param("end_time", end.map(rfc3339))
    }

    /// Only this user's entries (by ID or email; an email is resolved
    /// before the first request). For a service key's actions, its bot
    /// user ([`ServiceKeyBotUser`](crate::ServiceKeyBotUser)).
    pub fn user(self, user: impl Into<UserRef>) -> Self {
        self.set_user(Some(user.into()))
    }

    /// The user filter, or every user for `None` (the default).
    pub fn set_user(self, user: Option<UserRef>) -> Self {
        self.param("user_id", user.map(Value::from))
    }

    /// Only entries of this type of operation.
    pub fn operation_type(self, operation_type: AuditLogOperationType) -> Self {
        self.set_operation_type(Some(operation_type))
    }

    /// The type filter, or every type for `None` (the default).
    pub fn set_operation_type(self, operation_type: Option<AuditLogOperationType>) -> Self {
        let text = operation_type.map(|t| Value::Text(t.as_str().to_owned()));
        self.param("operation_type", text)
    }

    /// Also entries of this operation (exact, case-sensitive; 1 to 255
    /// characters); call it once per name, at most 20. Sent with every
    /// page. A filter of the Python SDK's API only.
    pub fn operation_name(self, name: impl Into<String>) -> Self {
        self.add_param("operation_name", name.into())
    }

    /// Entries of exactly these operations (none: every operation).
    pub fn set_operation_names<I>(self, names: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        let names = names.into_iter().map(Into::into).collect();
        self.param("operation_name", Some(Value::Repeated(names)))
    }
}

impl AuditLog {
    /// The entry's variables, parsed: the API sends them as a JSON-encoded
    /// string ([`variables`](Self::variables)). `None` when there are none,
    /// or when the text is not JSON (it is still in `variables`).
    ///
    /// ```
    /// # #[cfg(feature = "testing")] {
    /// # let fake = arize::testing::FakeServer::builder().organization("acme").start();
    /// # let client = fake.client();
    /// let space = client.spaces().create("fraud", "acme").send()?;
    /// client.spaces().delete(&space)?;
    /// let entry = client.audit_logs().list().send()?.into_items().remove(0);
    /// assert_eq!(entry.operation_name.as_deref(), Some("delete_space"));
    /// let variables = entry.variables_json().unwrap();
    /// assert_eq!(variables["space_id"], space.id.as_str());
    /// # }
    /// # Ok::<(), arize::Error>(())
    /// ```
    pub fn variables_json(&self) -> Option<serde_json::Value> {
        serde_json::from_str(self.variables.as_deref()?).ok()
    }
}

impl Listed for AuditLog {
    const KIND: ResourceKind = ResourceKind::AuditLog;
    const LIST: &'static Operation = Op::ListAuditLogs.get();
    const WINDOW: Option<(&'static str, &'static str)> = Some(("start_time", "end_time"));
}
