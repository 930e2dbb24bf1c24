#![doc = include_str!("../README.md")]
// The README's links into the API, resolved by rustdoc (on GitHub they
// show as plain text). The blank line ends the README's last paragraph:
// without it, these definitions would render as text after it.
#![doc = ""]
#![doc = "[`AccountRole`]: crate::AccountRole"]
#![doc = "[`BindingResource`]: crate::BindingResource"]
#![doc = "[`Batch`]: crate::Batch"]
#![doc = "[`BulkDeletion`]: crate::BulkDeletion"]
#![doc = "[`Client`]: crate::Client"]
#![doc = "[`ClientBuilder::bulk_concurrency`]: crate::ClientBuilder::bulk_concurrency"]
#![doc = "[`CreateUser`]: crate::CreateUser"]
#![doc = "[`Error::Internal`]: crate::Error::Internal"]
#![doc = "[`Client::organizations`]: crate::Client::organizations"]
#![doc = "[`Client::resource_restrictions`]: crate::Client::resource_restrictions"]
#![doc = "[`Client::role_bindings`]: crate::Client::role_bindings"]
#![doc = "[`Client::roles`]: crate::Client::roles"]
#![doc = "[`Client::spaces`]: crate::Client::spaces"]
#![doc = "[`Client::users`]: crate::Client::users"]
#![doc = "[`InviteMode::None`]: crate::InviteMode::None"]
#![doc = "[`List`]: crate::List"]
#![doc = "[`NameOrId`]: crate::NameOrId"]
#![doc = "[`OrganizationRef`]: crate::OrganizationRef"]
#![doc = "[`Organizations::bulk_add_users`]: crate::Organizations::bulk_add_users"]
#![doc = "[`Page`]: crate::Page"]
#![doc = "[`Permission`]: crate::Permission"]
#![doc = "[`Role`]: crate::Role"]
#![doc = "[`RoleBindings::assign`]: crate::RoleBindings::assign"]
#![doc = "[`RoleBindings::bulk_assign`]: crate::RoleBindings::bulk_assign"]
#![doc = "[`RoleRef`]: crate::RoleRef"]
#![doc = "[`Space::created_at`]: crate::Space::created_at"]
#![doc = "[`Space`]: crate::Space"]
#![doc = "[`Organization`]: crate::Organization"]
#![doc = "[`User`]: crate::User"]
#![doc = "[`User::role`]: crate::User::role"]
#![doc = "[`UserStatus`]: crate::UserStatus"]
#![doc = "[`RoleDefinition`]: crate::RoleDefinition"]
#![doc = "[`RoleBinding`]: crate::RoleBinding"]
#![doc = "[`ResourceRestriction`]: crate::ResourceRestriction"]
#![doc = "[`SpaceMembership`]: crate::SpaceMembership"]
#![doc = "[`OrganizationMembership`]: crate::OrganizationMembership"]
#![doc = "[`Deletion`]: crate::Deletion"]
#![doc = "[`Assigned`]: crate::Assigned"]
#![doc = "[`types`]: crate::types"]
#![doc = "[`testing::FakeServer`]: crate::testing::FakeServer"]
#![doc = "[`Users::list`]: crate::Users::list"]
#![doc = "[`Spaces::list`]: crate::Spaces::list"]
#![doc = "[`Spaces::add_user`]: crate::Spaces::add_user"]
#![doc = "[`Organizations::add_user`]: crate::Organizations::add_user"]
#![doc = "[`SpaceRef`]: crate::SpaceRef"]
#![doc = "[`Spaces::bulk_add_users`]: crate::Spaces::bulk_add_users"]
#![doc = "[`Spaces::resolve`]: crate::Spaces::resolve"]
#![doc = "[`TemporaryPassword`]: crate::TemporaryPassword"]
#![doc = "[`UserCreation`]: crate::UserCreation"]
#![doc = "[`UserRef`]: crate::UserRef"]
#![doc = "[`Users::bulk_create`]: crate::Users::bulk_create"]
#![doc = "[`Users::bulk_delete`]: crate::Users::bulk_delete"]
#![doc = "[`Client::builder()`]: crate::Client::builder"]
#![doc = "[`Client::from_env()`]: crate::Client::from_env"]
#![doc = "[`Client::new`]: crate::Client::new"]
#![doc = "[`ClientBuilder::add_root_certificates_pem`]: crate::ClientBuilder::add_root_certificates_pem"]
#![doc = "[`ClientBuilder::api_key`]: crate::ClientBuilder::api_key"]
#![doc = "[`ClientBuilder::from_env_with`]: crate::ClientBuilder::from_env_with"]
#![doc = "[`Deletion::AlreadyGone`]: crate::Deletion::AlreadyGone"]
#![doc = "[`Deletion::Deleted`]: crate::Deletion::Deleted"]
#![doc = "[`Error::AmbiguousName`]: crate::Error::AmbiguousName"]
#![doc = "[`Error::Config`]: crate::Error::Config"]
#![doc = "[`Error::Conflict`]: crate::Error::Conflict"]
#![doc = "[`Error::InvalidRequest`]: crate::Error::InvalidRequest"]
#![doc = "[`Error::NameNotFound`]: crate::Error::NameNotFound"]
#![doc = "[`Error::Pagination`]: crate::Error::Pagination"]
#![doc = "[`Error::ResponseTooLarge`]: crate::Error::ResponseTooLarge"]
#![doc = "[`Error::Transport`]: crate::Error::Transport"]
#![doc = "[`Items::resume_cursor()`]: crate::Items::resume_cursor"]
#![doc = "[`NameOrId::Id`]: crate::NameOrId::Id"]
#![doc = "[`NameOrId::Name`]: crate::NameOrId::Name"]
#![doc = "[`Permission::Unknown`]: crate::Permission::Unknown"]
#![doc = "[`Role::Unknown`]: crate::Role::Unknown"]
#![doc = "[`TransportError::proxy()`]: crate::TransportError::proxy"]
#![doc = "[`Users::delete_many`]: crate::Users::delete_many"]
#![doc = "[`ApiKey`]: crate::ApiKey"]
#![doc = "[`ApiKeySecret`]: crate::ApiKeySecret"]
#![doc = "[`ApiKeys::rotate`]: crate::ApiKeys::rotate"]
#![doc = "[`AuditLog`]: crate::AuditLog"]
#![doc = "[`AuditLog::variables_json`]: crate::AuditLog::variables_json"]
#![doc = "[`AuditLogs`]: crate::AuditLogs"]
#![doc = "[`Client::api_keys`]: crate::Client::api_keys"]
#![doc = "[`Client::audit_logs`]: crate::Client::audit_logs"]
#![doc = "[`Client::projects`]: crate::Client::projects"]
#![doc = "[`Client::with_api_key`]: crate::Client::with_api_key"]
#![doc = "[`CreatedApiKey`]: crate::CreatedApiKey"]
#![doc = "[`Project`]: crate::Project"]
#![doc = "[`ProjectRef`]: crate::ProjectRef"]
#![doc = "[`ProjectRef::in_space`]: crate::ProjectRef::in_space"]
#![doc = "[`Projects`]: crate::Projects"]
#![doc = "[`RefreshedApiKey`]: crate::RefreshedApiKey"]
#![deny(missing_docs)]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod api_keys;
mod assignments;
mod audit_logs;
mod bulk;
mod check;
mod client;
mod error;
#[cfg(fuzzing)]
#[doc(hidden)]
pub mod fuzzing;
mod members;
mod names;
mod notices;
mod operation;
mod organizations;
mod pagination;
mod projects;
mod proxy;
mod query;
mod resource;
mod resource_restrictions;
mod retry;
mod role_bindings;
mod roles;
mod secret;
mod spaces;
mod steady;
#[cfg(test)]
mod test_resource;
#[cfg(feature = "testing")]
#[cfg_attr(docsrs, doc(cfg(feature = "testing")))]
pub mod testing;
mod transport;
pub mod types;
mod users;

pub use api_keys::{
    ApiKeyRef, ApiKeySecret, ApiKeys, CreateApiKey, CreateServiceKey, ListApiKeys,
    OrganizationAccess, RefreshApiKey, Rotation,
};
pub use assignments::{AccountRole, PredefinedRole, Role};
pub use audit_logs::{AuditLogs, ListAuditLogs};
pub use bulk::{Batch, BulkOutcome, DEFAULT_CONCURRENCY, MAX_CONCURRENCY};
pub use client::{Client, ClientBuilder, DEFAULT_BASE_URL, KNOWN_REGIONS};
pub use error::{ApiError, DecodeError, Error, ResourceKind, Result, TransportError};
pub use members::BulkAddUsers;
pub use names::{NameOrId, Named, NoScope};
pub use organizations::{
    CreateOrganization, ListOrganizations, OrganizationRef, Organizations, UpdateOrganization,
};
pub use pagination::{DEFAULT_ITER_PAGE_SIZE, DEFAULT_PAGE_SIZE, Items, List, Page, Pages};
pub use projects::{CreateProject, ListProjects, ProjectRef, Projects, UpdateProject};
pub use resource::{Deletion, Resource};
pub use resource_restrictions::{
    ListResourceRestrictions, ResourceRestrictions, RestrictedResource,
};
pub use role_bindings::{Assigned, BindingResource, BulkAssign, ListRoleBindings, RoleBindings};
pub use roles::{CreateRole, ListRoles, RoleRef, Roles, UpdateRole};
pub use spaces::{CreateSpace, ListSpaces, SpaceRef, Spaces, UpdateSpace};
pub use types::{
    ApiKey, ApiKeyStatus, ApiKeyType, AuditLog, AuditLogOperationType, CreatedApiKey, InviteMode,
    Organization, OrganizationMembership, Permission, Problem, Project, ProjectType,
    RefreshedApiKey, ResourceRestriction, ResourceRestrictionType, RoleBinding,
    RoleBindingResourceType, RoleDefinition, ServiceKeyBotUser, Space, SpaceMembership,
    UnknownValue, User, UserStatus,
};
pub use users::{
    BulkCreate, BulkDelete, BulkDeletion, CreateUser, ListUsers, TemporaryPassword, UpdateUser,
    UserCreation, UserRef, Users,
};
