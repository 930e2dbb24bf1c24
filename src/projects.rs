//! The projects operations: the projects of a space, named by ID or by
//! name within their space.

use crate::{
    Client, Error, Result,
    check::convert,
    error::ResourceKind,
    names::{NameOrId, Named, sealed::Lookup},
    notices::Call,
    operation::{Op, Operation},
    query::Value,
    resource::{operations, sealed::Listed},
    spaces::SpaceRef,
    transport::Request,
    types::{self, Project, ProjectType},
};

operations! {
    /// The projects operations, from [`Client::projects`].
    ///
    /// A project holds the traces and spans of one application, in one
    /// space; role bindings and resource restrictions point at projects.
    /// Wherever a project is named, a [`ProjectRef`] is taken: its ID, or
    /// its name within its space ([`ProjectRef::in_space`]), since project
    /// names are unique only there.
    ///
    /// ```
    /// # #[cfg(feature = "testing")] {
    /// # let fake = arize::testing::FakeServer::builder()
    /// #     .organization("acme")
    /// #     .space("acme", "agents")
    /// #     .start();
    /// # let client = fake.client();
    /// use arize::ProjectRef;
    ///
    /// let projects = client.projects();
    /// let project = projects.create("checkout-agent", "agents").send()?;
    /// let same = projects.get(ProjectRef::in_space("checkout-agent", "agents"))?;
    /// assert_eq!(same.id, project.id);
    /// for project in projects.list().space("agents").items() {
    ///     println!("{}", project?.name);
    /// }
    /// # }
    /// # Ok::<(), arize::Error>(())
    /// ```
    pub struct Projects for Project (project: "project", "projects") {
        /// The projects operations: list, get, create, update (rename) and
        /// delete.
        fn projects;
        list: ListProjects;
        /// Project names are unique only within a space, so a name is
        /// looked up in one: [`ProjectRef::in_space`] (the space by ID or
        /// name). The space is resolved first, then every page of
        /// `name=<name>&space_id=<space>`, `limit=100` is read and the exact
        /// (case-sensitive) matches kept; none is
        /// [`Error::NameNotFound`](crate::Error::NameNotFound) saying in
        /// which space. A name without its space is refused before anything
        /// is sent, as the official SDKs refuse it: pass the space, or the
        /// project's ID.
        ///
        /// ```
        /// use arize::ProjectRef;
        ///
        /// let by_id = ProjectRef::from("TW9kZWw6MTIzOmFi");
        /// assert_eq!(by_id, ProjectRef::Id("TW9kZWw6MTIzOmFi".into()));
        /// let by_name = ProjectRef::in_space("checkout-agent", "agents");
        /// assert_eq!(by_name.to_string(), "checkout-agent in agents");
        /// ```
        named ProjectRef by "name within its space";
        /// Deleting a project is irreversible. What else goes with it (its
        /// traces and spans, evaluation tasks, the role bindings on it, its
        /// restriction) is not documented by Arize.
        ///
        /// # Errors
        ///
        /// [`Error::NotFound`](crate::Error::NotFound) if there is no such
        /// project (see [`Deletion`](crate::Deletion) for the one case where
        /// a 404 is not an error).
        delete (DeleteProject);
    }
}

impl Projects {
    /// Starts creating a project named `name` in a space (by ID or name);
    /// [`send`](CreateProject::send) it.
    ///
    pub fn create(&self, name: impl Into<String>, space: impl Into<SpaceRef>) -> CreateProject {
        CreateProject {
            client: self.client.clone(),
            name: name.into(),
            space: space.into(),
        }
    }

    /// Starts renaming a project; set the new name on the returned
    /// [`UpdateProject`], then [`send`](UpdateProject::send) it.
    ///
    pub fn update(&self, project: impl Into<ProjectRef>) -> UpdateProject {
        UpdateProject {
            client: self.client.clone(),
            project: project.into(),
            name: None,
        }
    }
}

impl ProjectRef {
    /// An exact project name, looked up within one space (by ID or name,
    /// itself resolved first), where project names are unique.
    pub fn in_space(name: impl Into<String>, space: impl Into<SpaceRef>) -> ProjectRef {
        NameOrId::Scoped {
            name: name.into(),
            scope: space.into(),
        }
    }
}

impl ListProjects {
    /// Only the projects of this space, by ID or name. A name is resolved
    /// to its one space (exact match) before the first request, and the
    /// listing filtered by that space's ID; the official SDKs send a name
    /// as the server's substring filter instead, which
    /// [`space_name`](Self::space_name) does.
    pub fn space(self, space: impl Into<SpaceRef>) -> Self {
        self.set_space(Some(space.into()))
    }

    /// The space filter, or every space for `None` (the default).
    pub fn set_space(self, space: Option<SpaceRef>) -> Self {
        self.param("space_id", space.map(Value::from))
    }

    /// Only the projects of the space with this ID, taken as an ID whatever
    /// it looks like.
    pub fn space_id(self, space_id: impl Into<String>) -> Self {
        self.set_space_id(Some(space_id.into()))
    }

    /// [`space_id`](Self::space_id), or every space for `None` (the
    /// default).
    pub fn set_space_id(self, space_id: Option<String>) -> Self {
        self.set_space(space_id.map(NameOrId::Id))
    }

    /// Only projects whose space's name contains this text, ignoring case
    /// (the server's filter; at most 255 characters).
    pub fn space_name(self, text: impl Into<String>) -> Self {
        self.set_space_name(Some(text.into()))
    }

    /// The space name filter, or none for `None` (the default).
    pub fn set_space_name(self, text: Option<String>) -> Self {
        self.param("space_name", text.map(Value::Text))
    }

    /// Only projects whose name contains this text, ignoring case (the
    /// server's filter; at most 255 characters). For one project by its
    /// exact name, use [`Projects::get`] with [`ProjectRef::in_space`].
    pub fn name(self, name: impl Into<String>) -> Self {
        self.set_name(Some(name.into()))
    }

    /// The name filter, or none for `None` (the default).
    pub fn set_name(self, name: Option<String>) -> Self {
        self.param("name", name.map(Value::Text))
    }

    /// Only projects of this type (a filter of the Python SDK's API only).
    /// Defaults to every type.
    pub fn project_type(self, project_type: ProjectType) -> Self {
        self.set_project_type(Some(project_type))
    }

    /// The type filter, or every type for `None` (the default).
    pub fn set_project_type(self, project_type: Option<ProjectType>) -> Self {
        let text = project_type.map(|t| Value::Text(t.as_str().to_owned()));
        self.param("project_type", text)
    }
}

impl Listed for Project {
    const KIND: ResourceKind = ResourceKind::Project;
    const LIST: &'static Operation = Op::ListProjects.get();
}

impl Named for Project {
    type Scope = SpaceRef;
}

impl Lookup for Project {
    const GET: &'static Operation = Op::GetProject.get();

    fn id(&self) -> &str {
        &self.id
    }

    fn has_name(&self, name: &str) -> bool {
        // The server's filter is a case-insensitive substring match.
        self.name == name
    }

    fn search(list: ListProjects, name: &str, space: Option<String>) -> Result<ListProjects> {
        // Checked here so that the error names the project.
        convert::<types::ListProjectsName, _>("project", name)?;
        let Some(space) = space else {
            return Err(Error::invalid(
                "project",
                format!(
                    "{name:?} is a name, and project names are unique only within a space: name \
                     the space too (ProjectRef::in_space), or pass the project's ID"
                ),
            ));
        };
        Ok(list.name(name).space_id(space))
    }
}

/// A project to create, from [`Projects::create`].
///
/// ```
/// # #[cfg(feature = "testing")] {
/// # let fake = arize::testing::FakeServer::builder()
/// #     .organization("acme")
/// #     .space("acme", "agents")
/// #     .start();
/// # let client = fake.client();
/// let project = client
///     .projects()
///     .create("checkout-agent", "agents") // the space by name or ID
///     .send()?;
/// assert_eq!(project.space_id, fake.space_id("agents"));
/// # }
/// # Ok::<(), arize::Error>(())
/// ```
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until it is sent"]
pub struct CreateProject {
    client: Client,
    name: String,
    space: SpaceRef,
}

impl CreateProject {
    /// Creates the project (`POST /v2/projects`) and returns it.
    ///
    /// A create is not idempotent, so it is retried only when the
    /// connection could not be made at all; after a lost answer, look the
    /// name up in its space before trying again.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] for an empty name, before anything is
    /// sent; [`Error::NameNotFound`] for a space name nobody has;
    /// [`Error::Conflict`] when the name is taken in the space.
    pub fn send(self) -> Result<Project> {
        let _call = Call::enter("projects().create");
        let name = convert("name", self.name)?;
        let space_id = self.space.resolve(&self.client)?;
        let body = types::CreateProjectRequest {
            name,
            space_id: convert("space", space_id)?,
        };
        let request = Request::new(Op::CreateProject, &[]).json(&body);
        self.client.transport().send_json(request)
    }
}

/// A rename of a project, from [`Projects::update`].
///
/// ```
/// # #[cfg(feature = "testing")] {
/// # let fake = arize::testing::FakeServer::builder()
/// #     .organization("acme")
/// #     .space("acme", "agents")
/// #     .project("agents", "checkout-agent")
/// #     .start();
/// # let client = fake.client();
/// use arize::ProjectRef;
///
/// let project = ProjectRef::in_space("checkout-agent", "agents");
/// let renamed = client.projects().update(project).name("checkout").send()?;
/// assert_eq!(renamed.name, "checkout");
/// # }
/// # Ok::<(), arize::Error>(())
/// ```
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until it is sent"]
pub struct UpdateProject {
    client: Client,
    project: ProjectRef,
    name: Option<String>,
}

impl UpdateProject {
    /// The new name, unique in the project's space. Required: a rename is
    /// the one change the API makes to a project.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Renames the project (`PATCH /v2/projects/{id}`) and returns it. A
    /// `PATCH` sets absolute values, so it is retried like a read.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`], before anything is sent, when no name or
    /// an empty one is set; [`Error::Conflict`] when the name is taken in
    /// the space.
    pub fn send(self) -> Result<Project> {
        let _call = Call::enter("projects().update");
        let Some(name) = self.name else {
            return Err(Error::invalid(
                "update",
                "nothing to change: set the new name",
            ));
        };
        let body = types::UpdateProjectRequest {
            name: convert("name", name)?,
        };
        let id = self.project.resolve(&self.client)?;
        let request = Request::new(Op::UpdateProject, &[&id]).json(&body);
        self.client.transport().send_json(request)
    }
}
