//! Generates `ui/src/lib/ipc/commands.ts`: every command the window may invoke, with its
//! arguments and result, read from the `#[tauri::command]` functions that
//! [`super::handler`] registers. `ui/src/lib/ipc/core.ts` types `call` with it, so a renamed
//! command or argument, or a changed result, fails `npm run typecheck`. The events the shell
//! emits (`pub mod events` in services.rs) go there too, as `EVENTS`, which the window's
//! listeners name: a renamed event fails the type check as well.
//!
//! Runs with `cargo test -p newsroom --lib` (like ts-rs for the types themselves);
//! scripts/test.sh fails when the committed file differs from what this writes.
//!
//! The source of truth is the Rust code itself: the command list inside
//! `generate_handler!` and each function's signature. Argument and result types map to
//! TypeScript the way serde serializes them; a named type must have a ts-rs binding in
//! `ui/src/lib/bindings/`, or generation fails and names the command.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use syn::punctuated::Punctuated;
use syn::{FnArg, GenericArgument, Item, PathArguments, ReturnType, Type};

/// Parameters Tauri fills in itself; the window never sends them.
const INJECTED: &[&str] = &["State", "AppHandle", "Window", "WebviewWindow", "Webview"];
/// A parameter of this type makes the command take the raw request body (bytes + headers).
const RAW_REQUEST: &str = "Request";

/// One command as the window sees it.
#[derive(Debug)]
pub struct Command {
    pub name: String,
    pub doc: Vec<String>,
    /// `(camelCase name, TypeScript type)`, in declaration order.
    pub args: Vec<(String, String)>,
    pub result: String,
    /// Takes the raw request body instead of JSON arguments.
    pub raw_body: bool,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn commands_dir() -> PathBuf {
    root().join("src-tauri/src/commands")
}

fn bindings_dir() -> PathBuf {
    root().join("ui/src/lib/bindings")
}

/// Where the generated file goes, relative to the repository.
pub const OUTPUT: &str = "ui/src/lib/ipc/commands.ts";

/// `module::function` for every command in `generate_handler!`, in registration order.
pub fn registered(mod_rs: &str) -> Result<Vec<(String, String)>, String> {
    let file = syn::parse_file(mod_rs).map_err(|e| format!("commands/mod.rs: {e}"))?;
    let handler = file
        .items
        .iter()
        .find_map(|item| match item {
            Item::Fn(f) if f.sig.ident == "handler" => Some(f),
            _ => None,
        })
        .ok_or("commands/mod.rs has no `fn handler`")?;
    let mac = handler
        .block
        .stmts
        .iter()
        .find_map(|stmt| match stmt {
            syn::Stmt::Expr(syn::Expr::Macro(m), _) => Some(&m.mac),
            syn::Stmt::Macro(m) => Some(&m.mac),
            _ => None,
        })
        .filter(|mac| {
            mac.path
                .segments
                .last()
                .is_some_and(|s| s.ident == "generate_handler")
        })
        .ok_or("`fn handler` does not end in `tauri::generate_handler![..]`")?;
    let paths = mac
        .parse_body_with(Punctuated::<syn::Path, syn::Token![,]>::parse_terminated)
        .map_err(|e| format!("generate_handler!: {e}"))?;
    paths
        .iter()
        .map(|path| match &path.segments.iter().collect::<Vec<_>>()[..] {
            [module, function] => Ok((module.ident.to_string(), function.ident.to_string())),
            _ => Err(format!(
                "generate_handler!: write commands as `module::function` ({} is not)",
                path_text(path)
            )),
        })
        .collect()
}

fn path_text(path: &syn::Path) -> String {
    path.segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect::<Vec<_>>()
        .join("::")
}

/// Reads one `#[tauri::command]` function out of a module's source.
pub fn command(
    module_src: &str,
    module: &str,
    name: &str,
    types: &mut TypeMapper,
) -> Result<Command, String> {
    let file = syn::parse_file(module_src).map_err(|e| format!("commands/{module}.rs: {e}"))?;
    let f = file
        .items
        .iter()
        .find_map(|item| match item {
            Item::Fn(f) if f.sig.ident == name => Some(f),
            _ => None,
        })
        .ok_or_else(|| {
            format!("{module}::{name} is registered but commands/{module}.rs has no such function")
        })?;
    let attr = f
        .attrs
        .iter()
        .find(|a| {
            let segs: Vec<String> = a
                .path()
                .segments
                .iter()
                .map(|s| s.ident.to_string())
                .collect();
            segs == ["tauri", "command"]
        })
        .ok_or_else(|| format!("{module}::{name} is not a #[tauri::command]"))?;
    if !matches!(attr.meta, syn::Meta::Path(_)) {
        // `rename_all` and friends would change the argument names the window sends.
        return Err(format!(
            "{module}::{name}: #[tauri::command(..)] options are not understood by the generator"
        ));
    }
    let doc = doc_lines(&f.attrs);
    let context = format!("{module}::{name}");
    let mut args = Vec::new();
    let mut raw_body = false;
    for input in &f.sig.inputs {
        let FnArg::Typed(param) = input else {
            return Err(format!("{context}: a command takes no `self`"));
        };
        let syn::Pat::Ident(ident) = &*param.pat else {
            return Err(format!("{context}: write each argument as `name: Type`"));
        };
        match last_ident(&param.ty).as_deref() {
            Some(t) if INJECTED.contains(&t) => continue,
            Some(RAW_REQUEST) => {
                raw_body = true;
                continue;
            }
            _ => {}
        }
        let arg_name = camel_case(ident.ident.to_string().trim_start_matches('_'));
        let mut ts = types.ts(&param.ty, &context)?;
        // A struct deserialized with #[serde(default)] takes any subset of its fields.
        if last_ident(&param.ty).is_some_and(|t| types.defaulted.contains(&t)) {
            ts = format!("Partial<{ts}>");
        }
        args.push((arg_name, ts));
    }
    let result = match &f.sig.output {
        ReturnType::Default => "void".to_string(),
        ReturnType::Type(_, ty) => {
            let ok = match last_segment(ty) {
                Some(seg) if seg.ident == "IpcResult" || seg.ident == "Result" => {
                    first_type_arg(seg)
                        .ok_or_else(|| format!("{context}: Result without a type"))?
                }
                _ => &**ty,
            };
            if is_unit(ok) {
                "void".to_string()
            } else {
                types.ts(ok, &context)?
            }
        }
    };
    Ok(Command {
        name: name.to_string(),
        doc,
        args,
        result,
        raw_body,
    })
}

fn last_segment(ty: &Type) -> Option<&syn::PathSegment> {
    match ty {
        Type::Path(p) => p.path.segments.last(),
        Type::Reference(r) => last_segment(&r.elem),
        Type::Group(g) => last_segment(&g.elem),
        Type::Paren(p) => last_segment(&p.elem),
        _ => None,
    }
}

fn last_ident(ty: &Type) -> Option<String> {
    last_segment(ty).map(|s| s.ident.to_string())
}

fn type_args(seg: &syn::PathSegment) -> Vec<&Type> {
    match &seg.arguments {
        PathArguments::AngleBracketed(a) => a
            .args
            .iter()
            .filter_map(|g| match g {
                GenericArgument::Type(t) => Some(t),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn first_type_arg(seg: &syn::PathSegment) -> Option<&Type> {
    type_args(seg).into_iter().next()
}

fn is_unit(ty: &Type) -> bool {
    matches!(ty, Type::Tuple(t) if t.elems.is_empty())
}

/// `expected_version` → `expectedVersion`, as Tauri renames command arguments by default.
pub fn camel_case(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// Rust types → TypeScript, the way serde_json writes them; collects the bindings used.
pub struct TypeMapper {
    /// Names with a file in `ui/src/lib/bindings/`.
    known: BTreeSet<String>,
    /// Structs deserialized with `#[serde(default)]`: every field may be left out.
    pub defaulted: BTreeSet<String>,
    pub imports: BTreeSet<String>,
}

impl TypeMapper {
    pub fn new(known: BTreeSet<String>) -> Self {
        TypeMapper {
            known,
            defaulted: BTreeSet::new(),
            imports: BTreeSet::new(),
        }
    }

    pub fn ts(&mut self, ty: &Type, context: &str) -> Result<String, String> {
        match ty {
            Type::Reference(r) => self.ts(&r.elem, context),
            Type::Group(g) => self.ts(&g.elem, context),
            Type::Paren(p) => self.ts(&p.elem, context),
            Type::Tuple(t) if t.elems.is_empty() => Ok("null".to_string()),
            Type::Slice(s) => Ok(format!("Array<{}>", self.ts(&s.elem, context)?)),
            Type::Path(p) => {
                let seg = p
                    .path
                    .segments
                    .last()
                    .ok_or_else(|| format!("{context}: an empty type path"))?;
                let name = seg.ident.to_string();
                let args = type_args(seg);
                let one = |this: &mut Self| -> Result<String, String> {
                    match args.as_slice() {
                        [inner] => this.ts(inner, context),
                        _ => Err(format!("{context}: {name} needs one type argument")),
                    }
                };
                Ok(match name.as_str() {
                    "String" | "str" | "char" | "PathBuf" | "Path" | "DateTime" | "NaiveDate"
                    | "NaiveDateTime" | "Uuid" => "string".to_string(),
                    "bool" => "boolean".to_string(),
                    "i8" | "i16" | "i32" | "i64" | "isize" | "u8" | "u16" | "u32" | "u64"
                    | "usize" | "f32" | "f64" => "number".to_string(),
                    "Option" => format!("{} | null", one(self)?),
                    "Vec" | "VecDeque" | "HashSet" | "BTreeSet" => {
                        format!("Array<{}>", one(self)?)
                    }
                    "Box" | "Arc" | "Rc" | "Cow" => one(self)?,
                    "HashMap" | "BTreeMap" => match args.as_slice() {
                        [k, v] => format!(
                            "Partial<Record<{}, {}>>",
                            self.ts(k, context)?,
                            self.ts(v, context)?
                        ),
                        _ => return Err(format!("{context}: {name} needs two type arguments")),
                    },
                    _ if !args.is_empty() => {
                        return Err(format!(
                            "{context}: the generic type {name}<..> has no TypeScript mapping"
                        ))
                    }
                    _ if self.known.contains(&name) => {
                        self.imports.insert(name.clone());
                        name.clone()
                    }
                    _ => {
                        return Err(format!(
                            "{context}: {name} has no binding in ui/src/lib/bindings \
                             (derive ts_rs::TS with #[ts(export)] on it)"
                        ))
                    }
                })
            }
            _ => Err(format!(
                "{context}: this kind of type has no TypeScript mapping"
            )),
        }
    }
}

/// Every registered command, read from the sources under `commands_dir`.
pub fn read_commands(commands_dir: &Path, types: &mut TypeMapper) -> Result<Vec<Command>, String> {
    let read = |file: &str| {
        std::fs::read_to_string(commands_dir.join(file))
            .map_err(|e| format!("commands/{file}: {e}"))
    };
    let mut sources: HashMap<String, String> = HashMap::new();
    let mut commands = Vec::new();
    for (module, name) in registered(&read("mod.rs")?)? {
        if !sources.contains_key(&module) {
            sources.insert(module.clone(), read(&format!("{module}.rs"))?);
        }
        let src = &sources[&module];
        commands.push(command(src, &module, &name, types)?);
    }
    Ok(commands)
}

/// The TypeScript module for `commands` and the shell's `events`.
pub fn render(commands: &[Command], imports: &BTreeSet<String>, events: &[Event]) -> String {
    let mut out = String::new();
    out.push_str(
        "// Generated by `cargo test -p newsroom --lib` (src-tauri/src/commands/typescript.rs) from the\n\
         // #[tauri::command] functions registered in src-tauri/src/commands/mod.rs and the events in\n\
         // src-tauri/src/services.rs. Do not edit it by hand; scripts/test.sh fails when it is stale.\n\
         // `call` in ./core.ts is typed with it.\n",
    );
    for name in imports {
        let _ = writeln!(out, "import type {{ {name} }} from \"../bindings/{name}\";");
    }
    out.push_str(
        "\n/** Every command the window may invoke with JSON arguments (camelCase, as Tauri reads\n \
         * them; `null` when it takes none) and what it resolves to. */\n\
         export interface Commands {\n",
    );
    for c in commands.iter().filter(|c| !c.raw_body) {
        write_doc(&mut out, &c.doc);
        let args = if c.args.is_empty() {
            "null".to_string()
        } else {
            let fields: Vec<String> = c.args.iter().map(|(n, t)| format!("{n}: {t}")).collect();
            format!("{{ {} }}", fields.join("; "))
        };
        let _ = writeln!(
            out,
            "  {}: {{ args: {args}; result: {} }};",
            c.name, c.result
        );
    }
    out.push_str(
        "}\n\n/** Commands whose input is the raw request body (bytes) and headers. */\n\
         export interface RawBodyCommands {\n",
    );
    for c in commands.iter().filter(|c| c.raw_body) {
        write_doc(&mut out, &c.doc);
        let _ = writeln!(out, "  {}: {{ result: {} }};", c.name, c.result);
    }
    out.push_str(
        "}\n\n/** The events the shell emits to the window (`events` in src-tauri/src/services.rs). */\n\
         export const EVENTS = {\n",
    );
    for e in events {
        write_doc(&mut out, &e.doc);
        let value = serde_json::to_string(&e.value).unwrap_or_default();
        let _ = writeln!(out, "  {}: {value},", e.name);
    }
    out.push_str("} as const;\n");
    out
}

/// The `///` lines on an item, trimmed.
fn doc_lines(attrs: &[syn::Attribute]) -> Vec<String> {
    attrs
        .iter()
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(nv) if nv.path.is_ident("doc") => match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => Some(s.value().trim().to_string()),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// One event the shell emits to the window: the constant's name, its string, its doc.
#[derive(Debug, PartialEq)]
pub struct Event {
    pub name: String,
    pub value: String,
    pub doc: Vec<String>,
}

/// Where the shell names its events: `pub mod events` of this file.
pub const EVENTS_SOURCE: &str = "src-tauri/src/services.rs";

/// The `pub const NAME: &str = "…";` items of `mod events` in `source`.
pub fn read_events(source: &str) -> Result<Vec<Event>, String> {
    let file = syn::parse_file(source).map_err(|e| format!("{EVENTS_SOURCE}: {e}"))?;
    let items = file
        .items
        .iter()
        .find_map(|item| match item {
            Item::Mod(m) if m.ident == "events" => m.content.as_ref().map(|(_, items)| items),
            _ => None,
        })
        .ok_or(format!("{EVENTS_SOURCE} has no `mod events {{ .. }}`"))?;
    items
        .iter()
        .filter_map(|item| match item {
            Item::Const(c) => Some(c),
            _ => None,
        })
        .map(|c| match &*c.expr {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) => Ok(Event {
                name: c.ident.to_string(),
                value: s.value(),
                doc: doc_lines(&c.attrs),
            }),
            _ => Err(format!(
                "events::{}: write each event as a string literal",
                c.ident
            )),
        })
        .collect()
}

fn write_doc(out: &mut String, doc: &[String]) {
    match doc {
        [] => {}
        [line] => {
            let _ = writeln!(out, "  /** {} */", line.replace("*/", "*\\/"));
        }
        lines => {
            out.push_str("  /**\n");
            for line in lines {
                let line = line.replace("*/", "*\\/");
                let _ = writeln!(out, "   *{}{line}", if line.is_empty() { "" } else { " " });
            }
            out.push_str("   */\n");
        }
    }
}

/// The structs in `source` whose container attributes include `#[serde(default)]`.
pub fn serde_defaulted(source: &str) -> Vec<String> {
    let Ok(file) = syn::parse_file(source) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    collect_defaulted(&file.items, &mut found);
    found
}

fn collect_defaulted(items: &[Item], found: &mut Vec<String>) {
    for item in items {
        match item {
            Item::Struct(s) if s.attrs.iter().any(is_serde_default) => {
                found.push(s.ident.to_string())
            }
            Item::Mod(m) => {
                if let Some((_, items)) = &m.content {
                    collect_defaulted(items, found);
                }
            }
            _ => {}
        }
    }
}

fn is_serde_default(attr: &syn::Attribute) -> bool {
    if !attr.path().is_ident("serde") {
        return false;
    }
    let mut default = false;
    let _ = attr.parse_nested_meta(|meta| {
        if meta.path.is_ident("default") && meta.input.is_empty() {
            default = true;
        } else if meta.input.peek(syn::Token![=]) {
            // `rename_all = "…"` and the like: skip the value.
            let _: syn::Expr = meta.value()?.parse()?;
        } else if meta.input.peek(syn::token::Paren) {
            let _ = meta.parse_nested_meta(|_| Ok(()));
        }
        Ok(())
    });
    default
}

/// Every `.rs` file under the workspace's crates and the shell.
fn rust_sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn defaulted_structs() -> BTreeSet<String> {
    let mut files = Vec::new();
    for dir in ["crates", "src-tauri/src"] {
        rust_sources(&root().join(dir), &mut files);
    }
    files
        .iter()
        .filter(|f| f.components().any(|c| c.as_os_str() == "src"))
        .filter_map(|f| std::fs::read_to_string(f).ok())
        .flat_map(|src| serde_defaulted(&src))
        .collect()
}

fn known_bindings() -> BTreeSet<String> {
    std::fs::read_dir(bindings_dir())
        .map(|dir| {
            dir.filter_map(|e| e.ok())
                .filter_map(|e| {
                    e.file_name()
                        .to_str()
                        .and_then(|n| n.strip_suffix(".ts"))
                        .map(str::to_string)
                })
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapper(known: &[&str]) -> TypeMapper {
        TypeMapper::new(known.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn writes_the_command_table_for_the_window() {
        // The shell's own types (AppStatus, Preview, …) are exported by ts-rs in this same
        // test binary; make sure their files exist before reading the bindings directory.
        use ts_rs::TS as _;
        for export in [
            crate::commands::app::AppStatus::export_all,
            crate::commands::documents::Preview::export_all,
            crate::commands::documents::PreviewRequest::export_all,
            crate::commands::articles::DraftSaved::export_all,
            crate::commands::text::TextChange::export_all,
            crate::commands::export::ExportProposal::export_all,
            crate::commands::export::SavedExport::export_all,
            crate::startup::StartupStage::export_all,
        ] {
            export().unwrap_or_else(|e| panic!("ts-rs export: {e}"));
        }
        let mut types = TypeMapper::new(known_bindings());
        types.defaulted = defaulted_structs();
        let commands = read_commands(&commands_dir(), &mut types).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            commands.iter().any(|c| c.name == "save_draft"),
            "the table holds the registered commands"
        );
        let events = std::fs::read_to_string(root().join(EVENTS_SOURCE))
            .map_err(|e| e.to_string())
            .and_then(|source| read_events(&source))
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(!events.is_empty(), "the table holds the shell's events");
        let text = render(&commands, &types.imports, &events);
        let path = root().join(OUTPUT);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            std::fs::write(&path, text).unwrap_or_else(|e| panic!("{OUTPUT}: {e}"));
        }
    }

    #[test]
    fn a_signature_becomes_camel_case_arguments_and_its_ok_type() {
        let src = r#"
            /// Autosave.
            #[tauri::command]
            pub async fn save_draft(
                state: State<'_, AppState>,
                id: ArticleId,
                expected_version: i64,
                tags: Option<Vec<String>>,
            ) -> IpcResult<SaveOutcome> { todo!() }
        "#;
        let mut types = mapper(&["ArticleId", "SaveOutcome"]);
        let c =
            command(src, "articles", "save_draft", &mut types).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.doc, vec!["Autosave.".to_string()]);
        assert_eq!(
            c.args,
            vec![
                ("id".to_string(), "ArticleId".to_string()),
                ("expectedVersion".to_string(), "number".to_string()),
                ("tags".to_string(), "Array<string> | null".to_string()),
            ],
            "State is filled in by Tauri; the rest is sent in camelCase"
        );
        assert_eq!(c.result, "SaveOutcome");
        assert!(types.imports.contains("ArticleId") && types.imports.contains("SaveOutcome"));
    }

    #[test]
    fn the_shells_events_are_read_with_their_docs() {
        let src = r#"
            pub mod events {
                /// After every round.
                pub const SYNC_ROUND: &str = "sync://round";
                pub const PLAIN: &str = "a://b";
            }
        "#;
        let events = read_events(src).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            events,
            vec![
                Event {
                    name: "SYNC_ROUND".into(),
                    value: "sync://round".into(),
                    doc: vec!["After every round.".into()],
                },
                Event {
                    name: "PLAIN".into(),
                    value: "a://b".into(),
                    doc: vec![],
                },
            ]
        );
        let table = render(&[], &BTreeSet::new(), &events);
        assert!(
            table.contains("export const EVENTS = {\n  /** After every round. */\n  SYNC_ROUND: \"sync://round\",\n  PLAIN: \"a://b\",\n} as const;"),
            "{table}"
        );
        assert!(
            read_events("pub mod events { pub const X: &str = concat!(\"a\", \"b\"); }").is_err()
        );
        assert!(read_events("pub mod other {}").is_err());
    }

    #[test]
    fn a_type_without_binding_is_refused_by_name() {
        let src = "#[tauri::command] pub fn odd(x: Mystery) -> IpcResult<()> { todo!() }";
        let err = command(src, "m", "odd", &mut mapper(&[]))
            .err()
            .unwrap_or_default();
        assert!(err.contains("m::odd") && err.contains("Mystery"), "{err}");
    }

    #[test]
    fn a_registered_command_must_exist_as_a_tauri_command() {
        let src = "pub fn plain() {}";
        assert!(command(src, "m", "plain", &mut mapper(&[])).is_err());
        assert!(command(src, "m", "missing", &mut mapper(&[])).is_err());
    }

    #[test]
    fn a_serde_default_struct_is_sent_partially() {
        let core = r#"
            #[derive(Deserialize, TS)]
            #[serde(rename_all = "camelCase", default)]
            pub struct Query { pub order: Order }
            #[derive(Deserialize)]
            #[serde(rename_all = "camelCase")]
            pub struct Strict { pub a: u32 }
        "#;
        assert_eq!(serde_defaulted(core), vec!["Query".to_string()]);
        let mut types = mapper(&["Query", "Strict"]);
        types.defaulted = serde_defaulted(core).into_iter().collect();
        let src = "#[tauri::command] pub fn list(query: Query, strict: Strict) -> IpcResult<()> { todo!() }";
        let c = command(src, "m", "list", &mut types).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            c.args,
            vec![
                ("query".to_string(), "Partial<Query>".to_string()),
                ("strict".to_string(), "Strict".to_string()),
            ]
        );
        assert_eq!(c.result, "void");
    }

    #[test]
    fn reads_the_handler_list() {
        let src = "pub fn handler() -> H { tauri::generate_handler![\n// a\n a::one, b::two, ] }";
        assert_eq!(
            registered(src).ok(),
            Some(vec![
                ("a".to_string(), "one".to_string()),
                ("b".to_string(), "two".to_string())
            ])
        );
    }
}
