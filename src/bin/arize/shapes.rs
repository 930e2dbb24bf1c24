//! How each response type of the library is shown: its JSON key in a
//! page, its CSV columns, its table columns. Adding a resource to the CLI
//! starts with one declaration here.

use arize::{
    ApiKey, AuditLog, Organization, OrganizationMembership, Project, ResourceRestriction,
    RoleBinding, RoleDefinition, Space, SpaceMembership, User,
};
use serde_json::Value;

use crate::{
    exit::Outcome,
    output::{Shape, Shown, to_json},
};

/// Declares the [`Shape`] of a type: `plural` is its key in a page's JSON,
/// `columns` every column (CSV, a single object), `table` those that fit a
/// terminal listing.
macro_rules! shown {
    ($type:ty { plural: $plural:literal, columns: $columns:expr, table: $table:expr $(,)? }) => {
        impl Shown for $type {
            const SHAPE: Shape = Shape {
                plural: $plural,
                columns: $columns,
                table: $table,
            };
        }
    };
}

shown!(Space {
    plural: "spaces",
    columns: &[
        "name",
        "id",
        "organization_id",
        "description",
        "is_private",
        "created_at",
        "ml_models_enabled",
        "default_llm_integration.integration_id",
        "default_llm_integration.model_name",
        "default_agent_runtime.integration_id",
        "gradient_start_color",
        "gradient_end_color",
    ],
    table: &["name", "id", "organization_id", "is_private", "created_at"],
});

shown!(Organization {
    plural: "organizations",
    columns: &["name", "id", "description", "created_at"],
    table: &["name", "id", "description", "created_at"],
});

shown!(User {
    plural: "users",
    columns: &[
        "name",
        "email",
        "id",
        "role",
        "status",
        "is_developer",
        "created_at"
    ],
    table: &["name", "email", "id", "role", "status", "created_at"],
});

shown!(RoleDefinition {
    plural: "roles",
    columns: &[
        "name",
        "id",
        "is_predefined",
        "description",
        "permissions",
        "created_at",
        "updated_at",
    ],
    table: &["name", "id", "is_predefined", "description", "created_at"],
});

shown!(RoleBinding {
    plural: "role_bindings",
    columns: &[
        "id",
        "user_id",
        "role_id",
        "resource_type",
        "resource_id",
        "created_at",
        "updated_at",
    ],
    table: &["id", "user_id", "role_id", "resource_type", "resource_id"],
});

shown!(ResourceRestriction {
    plural: "resource_restrictions",
    columns: &["resource_id", "resource_type", "created_at"],
    table: &["resource_id", "resource_type", "created_at"],
});

shown!(SpaceMembership {
    plural: "memberships",
    columns: &["id", "user_id", "space_id", "role"],
    table: &["id", "user_id", "space_id", "role"],
});

shown!(OrganizationMembership {
    plural: "memberships",
    columns: &["id", "user_id", "organization_id", "role"],
    table: &["id", "user_id", "organization_id", "role"],
});

shown!(Project {
    plural: "projects",
    columns: &["name", "id", "space_id", "project_type", "created_at"],
    table: &["name", "id", "space_id", "project_type", "created_at"],
});

shown!(ApiKey {
    plural: "api_keys",
    columns: &[
        "name",
        "id",
        "key_type",
        "status",
        "redacted_key",
        "description",
        "created_at",
        "expires_at",
        "last_used_at",
        "created_by_user_id",
        "bot_user.id",
        "bot_user.name",
        "bot_user.account_role",
    ],
    table: &[
        "name",
        "id",
        "key_type",
        "status",
        "redacted_key",
        "expires_at"
    ],
});

/// An audit-log entry's `variables` arrive as a JSON-encoded string: shown
/// parsed (`AuditLog::variables_json`), so that JSON output holds them as
/// JSON and CSV and tables flatten them (`space_id=…`). Text that is not
/// JSON stays as it came.
impl Shown for AuditLog {
    const SHAPE: Shape = Shape {
        plural: "audit_logs",
        columns: &[
            "created_at",
            "id",
            "user_id",
            "ip",
            "operation_type",
            "operation_name",
            "variables",
            "operation_text",
        ],
        table: &[
            "created_at",
            "user_id",
            "operation_type",
            "operation_name",
            "variables",
        ],
    };

    fn to_row(&self) -> Outcome<Value> {
        let mut row = to_json(self)?;
        if let (Some(variables), Value::Object(fields)) = (self.variables_json(), &mut row) {
            fields.insert("variables".into(), variables);
        }
        Ok(row)
    }
}
