//! Everything written on stdout (or to the `--output` file): one object,
//! one page, or a listing streamed a page at a time, as a table, JSON,
//! NDJSON or CSV. Status lines, hints and errors go to stderr, elsewhere.
//!
//! Rows are the items' own `Serialize` output (the library's), read through
//! a [`Shape`]: the columns to show, as dotted paths into the JSON
//! (`default_llm_integration.model_name`), so that nested fields become
//! readable columns of their own.

use std::{
    fs,
    io::{self, BufWriter, IsTerminal, Write},
    path::{Path, PathBuf},
};

use comfy_table::{ColumnConstraint, ContentArrangement, Table, Width, presets};
use serde::Serialize;
use serde_json::Value;

use crate::exit::{FILE, Failure, Outcome};

/// How a kind of object is shown.
pub struct Shape {
    /// The key of a listing's items in JSON (`spaces`), as the API and
    /// `ax` write a page: `{"spaces": […], "pagination": {…}}`.
    pub plural: &'static str,
    /// The columns of CSV rows and of one object's panel, in order.
    pub columns: &'static [&'static str],
    /// The columns of a table listing: the ones that fit a terminal.
    pub table: &'static [&'static str],
}

/// A type with a [`Shape`]: a response type of the library.
pub trait Shown: Serialize {
    /// How it is shown.
    const SHAPE: Shape;

    /// The item as the output shows it: the library's `Serialize` output,
    /// unless a type says otherwise (an audit-log entry's variables,
    /// parsed).
    fn to_row(&self) -> Outcome<Value> {
        to_json(self)
    }
}

/// The formats of `--output`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Aligned columns, fitted to the terminal.
    Table,
    /// Pretty JSON: the object, or the page object as the API sends it.
    Json,
    /// One compact JSON object per line, items only.
    Ndjson,
    /// RFC 4180 CSV with a header row, items only.
    Csv,
}

impl Format {
    /// The format of a name (`json`), as `-o` and a profile's
    /// `output.format` take it.
    pub fn named(name: &str) -> Option<Format> {
        match name {
            "table" => Some(Format::Table),
            "json" => Some(Format::Json),
            "ndjson" | "jsonl" => Some(Format::Ndjson),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }

    /// The format a file's extension picks.
    fn of_file(path: &Path) -> Option<Format> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "json" => Some(Format::Json),
            "ndjson" | "jsonl" => Some(Format::Ndjson),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }
}

/// Where the output goes, in which format.
#[derive(Debug, Clone)]
pub struct Output {
    format: Format,
    file: Option<PathBuf>,
}

const ACCEPTED: &str =
    "table, json, ndjson, csv, or a file ending in .json, .ndjson, .jsonl or .csv";

impl Output {
    /// Reads `-o`: a format, or a path whose extension names one.
    pub fn parse(value: &str) -> Outcome<Output> {
        if let Some(format) = Format::named(value) {
            return Ok(Output::to_stdout(format));
        }
        let path = PathBuf::from(value);
        match Format::of_file(&path) {
            Some(format) => Ok(Output {
                format,
                file: Some(path),
            }),
            None => Err(Failure::new(
                FILE,
                format!("invalid --output {value:?}: expected {ACCEPTED}"),
            )),
        }
    }

    /// Output on stdout in this format.
    pub fn to_stdout(format: Format) -> Output {
        Output { format, file: None }
    }

    /// Whether the data goes to stdout (and so is seen by whoever runs the
    /// command), rather than to a file.
    pub fn is_stdout(&self) -> bool {
        self.file.is_none()
    }

    /// One object (a space, a membership): a panel of `field  value` lines
    /// in a table, the object in JSON, one row in CSV.
    pub fn item<T: Shown>(&self, item: &T) -> Outcome {
        self.object(&T::SHAPE, &item.to_row()?)
    }

    /// One object already in JSON form (for outputs that add fields to the
    /// library's, such as a new user's temporary password).
    pub fn object(&self, shape: &Shape, value: &Value) -> Outcome {
        self.object_with(shape.columns, value)
    }

    /// One object, with these columns in CSV and in a table.
    pub fn object_with<S: AsRef<str>>(&self, columns: &[S], value: &Value) -> Outcome {
        let columns: Vec<&str> = columns.iter().map(AsRef::as_ref).collect();
        let mut sink = self.open()?;
        match self.format {
            Format::Json => {
                serde_json::to_writer_pretty(&mut sink.writer, value).map_err(io::Error::from)?;
                writeln!(sink.writer)?;
            }
            Format::Ndjson => {
                serde_json::to_writer(&mut sink.writer, value).map_err(io::Error::from)?;
                writeln!(sink.writer)?;
            }
            Format::Csv => {
                let mut csv = csv::Writer::from_writer(&mut sink.writer);
                csv.write_record(&columns).map_err(csv_error)?;
                csv.write_record(columns.iter().map(|path| cell(value, path, CSV_LIST)))
                    .map_err(csv_error)?;
                csv.flush()?;
            }
            Format::Table => {
                let mut table = new_table(sink.width);
                for path in &columns {
                    let text = cell(value, path, TABLE_LIST);
                    table.add_row(vec![path.to_string(), or_dash(text)]);
                }
                write_table(&mut sink.writer, &mut table)?;
            }
        }
        sink.finish()
    }

    /// Starts a listing, written as its pages arrive.
    pub fn listing(&self, shape: &'static Shape) -> Outcome<Listing> {
        let sink = self.open()?;
        Ok(Listing {
            sink,
            format: self.format,
            shape,
            count: 0,
            widths: None,
        })
    }

    fn open(&self) -> Outcome<Sink> {
        match &self.file {
            None => {
                let stdout = io::stdout();
                // A table is fitted to the terminal, and left at its natural
                // width (one line per row, for grep and awk) when piped.
                let width = stdout.is_terminal().then(terminal_width);
                Ok(Sink {
                    writer: Box::new(BufWriter::new(stdout.lock())),
                    width,
                    file: None,
                })
            }
            Some(path) => {
                if self.format == Format::Table {
                    return Err(Failure::new(FILE, "a table cannot be written to a file"));
                }
                let file = create_private(path).map_err(|error| Failure::file(path, &error))?;
                Ok(Sink {
                    writer: Box::new(BufWriter::new(file)),
                    width: None,
                    file: Some(path.clone()),
                })
            }
        }
    }
}

/// The terminal's width: its own, else `COLUMNS`, else 80 (a terminal
/// that does not say its size, as under some multiplexers).
fn terminal_width() -> u16 {
    terminal_size::terminal_size()
        .map(|(width, _)| width.0)
        .or_else(|| std::env::var("COLUMNS").ok()?.parse().ok())
        .filter(|width| *width > 0)
        .unwrap_or(80)
}

/// Creates (or truncates) a file only its owner can read: what the CLI
/// writes may hold a secret (a temporary password, a key).
pub fn create_private(path: &Path) -> io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(0o600);
        let file = options.open(path)?;
        // `mode` applies only to a new file: an existing one is narrowed too.
        file.set_permissions(fs::Permissions::from_mode(0o600))?;
        Ok(file)
    }
    #[cfg(not(unix))]
    options.open(path)
}

/// An open destination.
struct Sink {
    writer: Box<dyn Write>,
    /// The terminal's width, when stdout is one.
    width: Option<u16>,
    /// The file written, to name once it is complete.
    file: Option<PathBuf>,
}

impl Sink {
    fn finish(mut self) -> Outcome {
        self.writer.flush()?;
        if let Some(path) = &self.file {
            eprintln!("Saved to {}", path.display());
        }
        Ok(())
    }
}

/// Where a listing stands when it ends.
pub struct End<'a> {
    /// Whether the server has more after what was written.
    pub has_more: bool,
    /// The cursor of what follows.
    pub next_cursor: Option<&'a str>,
}

/// A listing being written: rows are written (and flushed) a page at a
/// time, so memory stays constant however long the listing.
pub struct Listing {
    sink: Sink,
    format: Format,
    shape: &'static Shape,
    count: usize,
    /// Table column widths, fixed by the first page so that later pages
    /// line up under the same header.
    widths: Option<Vec<u16>>,
}

impl Listing {
    /// Writes a page of items.
    pub fn items<T: Shown>(&mut self, items: &[T]) -> Outcome {
        let values = items.iter().map(T::to_row).collect::<Outcome<Vec<_>>>()?;
        self.values(&values)
    }

    /// Writes rows already in JSON form.
    pub fn values(&mut self, items: &[Value]) -> Outcome {
        let writer = &mut self.sink.writer;
        match self.format {
            Format::Json => {
                for item in items {
                    if self.count == 0 {
                        write!(writer, "{{\n  {}: [\n", json_key(self.shape.plural))?;
                    } else {
                        writer.write_all(b",\n")?;
                    }
                    write_indented(writer, item, "    ")?;
                    self.count += 1;
                }
            }
            Format::Ndjson => {
                for item in items {
                    serde_json::to_writer(&mut *writer, item).map_err(io::Error::from)?;
                    writer.write_all(b"\n")?;
                }
            }
            Format::Csv => {
                let mut csv = csv::WriterBuilder::new().from_writer(&mut *writer);
                if self.count == 0 {
                    csv.write_record(self.shape.columns).map_err(csv_error)?;
                }
                for item in items {
                    let row = self.shape.columns.iter().map(|p| cell(item, p, CSV_LIST));
                    csv.write_record(row).map_err(csv_error)?;
                    self.count += 1;
                }
                csv.flush()?;
            }
            Format::Table => {
                if items.is_empty() {
                    return Ok(());
                }
                let columns = self.shape.table;
                let mut table = new_table(self.sink.width);
                if self.count == 0 {
                    table.set_header(columns.iter().map(|c| c.to_uppercase()));
                }
                for item in items {
                    table.add_row(columns.iter().map(|p| or_dash(cell(item, p, TABLE_LIST))));
                    self.count += 1;
                }
                let widths = match &self.widths {
                    Some(widths) => widths.clone(),
                    None => {
                        let natural = table.column_max_content_widths();
                        // IDs are copied and pasted: they never wrap.
                        let ids: Vec<bool> = columns.iter().map(|c| is_id(c)).collect();
                        let widths = fit(&natural, &ids, self.sink.width);
                        self.widths = Some(widths.clone());
                        widths
                    }
                };
                // On a terminal, later pages wrap to the first page's widths;
                // piped, columns only grow, so that a row stays one line.
                // A constraint's width counts the padding too.
                let constraint = |w: u16| match self.sink.width {
                    Some(_) => ColumnConstraint::Absolute(Width::Fixed(w + 2)),
                    None => ColumnConstraint::LowerBoundary(Width::Fixed(w + 2)),
                };
                table.set_constraints(widths.iter().map(|w| constraint(*w)));
                write_table(writer, &mut table)?;
            }
        }
        // Each page is seen as soon as it arrives.
        writer.flush()?;
        Ok(())
    }

    /// Ends the listing. `end` is where it stands (written in JSON as the
    /// page's `pagination`), or `None` for a list that is not a page (bulk
    /// results).
    pub fn finish(mut self, end: Option<End<'_>>) -> Outcome {
        let writer = &mut self.sink.writer;
        match self.format {
            Format::Json => {
                if self.count == 0 {
                    write!(writer, "{{\n  {}: []", json_key(self.shape.plural))?;
                } else {
                    writer.write_all(b"\n  ]")?;
                }
                if let Some(end) = &end {
                    let pagination = Pagination {
                        has_more: end.has_more,
                        next_cursor: end.next_cursor,
                    };
                    writer.write_all(b",\n  \"pagination\": ")?;
                    let text =
                        serde_json::to_string_pretty(&pagination).map_err(io::Error::from)?;
                    writer.write_all(text.replace('\n', "\n  ").as_bytes())?;
                }
                writer.write_all(b"\n}\n")?;
            }
            Format::Table if self.count == 0 => eprintln!("No {} to display.", self.shape.plural),
            _ => {}
        }
        self.sink.finish()
    }
}

/// A page's `pagination`, as the API writes it.
#[derive(Serialize)]
struct Pagination<'a> {
    has_more: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_cursor: Option<&'a str>,
}

/// The library's `Serialize` of an item, as JSON.
pub fn to_json<T: Serialize + ?Sized>(item: &T) -> Outcome<Value> {
    serde_json::to_value(item)
        .map_err(|error| Failure::new(FILE, format!("could not serialize the output: {error}")))
}

fn json_key(key: &str) -> String {
    Value::from(key).to_string()
}

/// Writes `value` pretty-printed with every line indented, as it sits
/// inside the page object (JSON strings hold no raw newline, so lines are
/// safe to indent).
fn write_indented(writer: &mut dyn Write, value: &Value, indent: &str) -> io::Result<()> {
    let text = serde_json::to_string_pretty(value)?;
    for (n, line) in text.lines().enumerate() {
        if n > 0 {
            writer.write_all(b"\n")?;
        }
        writer.write_all(indent.as_bytes())?;
        writer.write_all(line.as_bytes())?;
    }
    Ok(())
}

fn csv_error(error: csv::Error) -> io::Error {
    match error.into_kind() {
        csv::ErrorKind::Io(error) => error,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// How list values are joined in a CSV cell and in a table cell.
const CSV_LIST: &str = ";";
const TABLE_LIST: &str = ", ";

/// The text of one column of an item: `path` is dotted (`role.name`).
pub fn cell(item: &Value, path: &str, list_separator: &str) -> String {
    let mut value = item;
    for key in path.split('.') {
        match value.get(key) {
            Some(inner) => value = inner,
            None => return String::new(),
        }
    }
    text(value, list_separator)
}

fn text(value: &Value, list_separator: &str) -> String {
    match value {
        Value::Null => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items
            .iter()
            .map(|item| text(item, list_separator))
            .collect::<Vec<_>>()
            .join(list_separator),
        Value::Object(map) => {
            // A role assignment, as the library writes roles: the forms
            // `Role`'s `Display` and `FromStr` use (`ADMIN`, `custom:<id>`),
            // which the role options of this CLI read back.
            match (
                map.get("type").and_then(Value::as_str),
                map.get("name"),
                map.get("id"),
            ) {
                (Some("PREDEFINED"), Some(Value::String(name)), _) => name.clone(),
                (Some("CUSTOM"), _, Some(Value::String(id))) => format!("custom:{id}"),
                _ => map
                    .iter()
                    .map(|(key, value)| format!("{key}={}", text(value, list_separator)))
                    .collect::<Vec<_>>()
                    .join(", "),
            }
        }
    }
}

/// A table cell: `-` for nothing, so that awk's columns stay aligned.
fn or_dash(text: String) -> String {
    if text.is_empty() { "-".into() } else { text }
}

fn new_table(width: Option<u16>) -> Table {
    let mut table = Table::new();
    table.load_style(presets::NOTHING);
    match width {
        Some(width) => {
            table.set_content_arrangement(ContentArrangement::Dynamic);
            table.set_width(width);
        }
        None => {
            table.set_content_arrangement(ContentArrangement::Disabled);
        }
    }
    table
}

fn write_table(writer: &mut dyn Write, table: &mut Table) -> io::Result<()> {
    // No margin on the left, two blanks between columns.
    for column in table.column_iter_mut() {
        column.set_padding((0, 2));
    }
    for line in table.lines() {
        // The preset pads the last column: trailing blanks help no one.
        writeln!(writer, "{}", line.trim_end())?;
    }
    Ok(())
}

/// Whether a column holds IDs (`id`, `user_id`).
fn is_id(column: &str) -> bool {
    column == "id" || column.ends_with("_id")
}

/// Column widths for a terminal `width` wide (each column takes two more
/// for its padding): the natural widths, with the widest column that may
/// wrap (`fixed` says which may not) shrunk first until the row fits, none
/// below 8. Without a terminal, the natural ones.
fn fit(natural: &[u16], fixed: &[bool], width: Option<u16>) -> Vec<u16> {
    let mut widths = natural.iter().map(|w| (*w).max(1)).collect::<Vec<_>>();
    let Some(width) = width else {
        return widths;
    };
    let padding = 2 * widths.len() as u32;
    let available = u32::from(width).saturating_sub(padding);
    while widths.iter().map(|w| u32::from(*w)).sum::<u32>() > available {
        let widest = widths
            .iter_mut()
            .zip(fixed.iter().chain(std::iter::repeat(&false)))
            .filter(|(_, fixed)| !**fixed)
            .map(|(width, _)| width)
            .max();
        match widest {
            Some(widest) if *widest > 8 => *widest -= 1,
            _ => break,
        }
    }
    widths
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn cells_flatten_nested_values_readably() {
        let user = json!({
            "name": "Ann",
            "role": {"type": "PREDEFINED", "name": "ADMIN"},
            "custom": {"type": "CUSTOM", "id": "Um9sZTox"},
            "llm": {"integration_id": "I", "model_name": "gpt"},
            "permissions": ["A", "B"],
            "private": false,
            "missing": null,
        });
        assert_eq!(cell(&user, "role", ";"), "ADMIN");
        assert_eq!(cell(&user, "custom", ";"), "custom:Um9sZTox");
        assert_eq!(cell(&user, "llm.model_name", ";"), "gpt");
        assert_eq!(cell(&user, "llm", ";"), "integration_id=I, model_name=gpt");
        assert_eq!(cell(&user, "permissions", ";"), "A;B");
        assert_eq!(cell(&user, "private", ";"), "false");
        assert_eq!(cell(&user, "missing", ";"), "");
        assert_eq!(cell(&user, "absent.deeper", ";"), "");
    }

    #[test]
    fn widths_shrink_the_widest_column_first() {
        let free = [false; 3];
        assert_eq!(fit(&[10, 50, 5], &free, None), [10, 50, 5]);
        assert_eq!(fit(&[10, 50, 5], &free, Some(80)), [10, 50, 5]);
        assert_eq!(fit(&[10, 50, 5], &free, Some(40)), [10, 19, 5]);
        assert_eq!(fit(&[30, 30], &free, Some(10)), [8, 8]);
        // An ID column keeps its width; the others give way.
        assert_eq!(
            fit(&[20, 30, 20], &[false, true, false], Some(60)),
            [12, 30, 12]
        );
    }

    #[test]
    fn output_values_pick_a_format_or_a_file() {
        assert_eq!(Output::parse("ndjson").unwrap().format, Format::Ndjson);
        let file = Output::parse("out/Spaces.CSV").unwrap();
        assert_eq!((file.format, file.is_stdout()), (Format::Csv, false));
        let error = Output::parse("yaml").unwrap_err();
        assert_eq!(error.code(), FILE);
        assert!(Output::parse("out.txt").is_err());
    }
}
