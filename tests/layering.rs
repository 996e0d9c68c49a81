#![cfg(not(target_arch = "wasm32"))]
//! The core's folders depend only on those above them (geometry ← compute, dialects ← app), so
//! nothing cycles between the dialects and the layer and tensor types; and the dialects folder
//! holds exactly one file per registered framework besides its shared helpers.

use std::fs;
use std::path::Path;

use convt_lab::conv::Framework;

/// The source of every file in `src/conv/<folder>`, without its test module (tests may reach
/// anywhere).
fn sources(folder: &str) -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/conv").join(folder);
    let mut out = Vec::new();
    for entry in fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("a directory entry").path();
        // A subfolder (app/solve/, port/translate/) is part of its folder.
        if path.is_dir() {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let files = sources(&format!("{folder}/{name}"));
            out.extend(files.into_iter().map(|(file, code)| (format!("{name}/{file}"), code)));
            continue;
        }
        let text = fs::read_to_string(&path).expect("a readable source file");
        let code = match text.find("#[cfg(test)]").into_iter().chain(text.find("#[cfg(all(test")).min() {
            Some(start) => text[..start].to_string(),
            None => text,
        };
        out.push((path.file_name().unwrap().to_string_lossy().into_owned(), code));
    }
    out
}

/// The names a source brings in through `conv::…`: each path's first segment after `conv::`,
/// and each item of a `conv::{…}` group (`conv::{Axis, Framework}` names `Axis` and `Framework`).
fn conv_names(code: &str) -> Vec<String> {
    let mut names = Vec::new();
    for (at, _) in code.match_indices("conv::") {
        let rest = &code[at + "conv::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let inner = &group[..group.find('}').unwrap_or(group.len())];
            names.extend(inner.split(',').map(|item| item.trim().split("::").next().unwrap_or("").to_string()));
        } else {
            names.push(rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect());
        }
    }
    names
}

/// The paths a folder must not name: the folders below it, and the core's re-exports of them.
fn assert_never_names(folder: &str, below: &[&str]) {
    // `crate::conv::{Framework, Request, Params, Value, resolve}` are the dialects' re-exports.
    let dialect_exports = ["Framework", "Request", "Params", "Value", "resolve"];
    for (file, code) in sources(folder) {
        for name in conv_names(&code) {
            let forbidden = below.contains(&name.as_str())
                || below.contains(&"dialects") && dialect_exports.contains(&name.as_str());
            assert!(!forbidden, "src/conv/{folder}/{file} names conv::{name}");
        }
    }
}

#[test]
fn grouped_imports_are_read_item_by_item() {
    assert_eq!(conv_names("use crate::conv::{Axis, Framework};"), ["Axis", "Framework"]);
    assert_eq!(conv_names("crate::conv::dialects::Request"), ["dialects"]);
}

#[test]
fn folders_depend_only_on_those_above_them() {
    assert_never_names("geometry", &["compute", "dialects", "app", "port"]);
    assert_never_names("compute", &["dialects", "app", "port"]);
    assert_never_names("dialects", &["compute", "app", "port"]);
    // Porting reads text into requests and answers with the app's expressions; the app's model
    // knows nothing of pasted text.
    assert_never_names("app", &["port"]);
}

#[test]
fn the_registry_lists_every_dialect_file_and_nothing_else() {
    let shared = ["mod.rs", "common.rs", "dialect.rs", "params.rs", "request.rs", "settings.rs", "spelling.rs"];
    let mut files: Vec<String> =
        sources("dialects").into_iter().map(|(file, _)| file).filter(|f| !shared.contains(&f.as_str())).collect();
    files.sort();
    let mut registered: Vec<String> = Framework::ALL.iter().map(|f| format!("{}.rs", f.id())).collect();
    registered.sort();
    assert_eq!(files, registered);
    for (file, code) in sources("dialects") {
        if !shared.contains(&file.as_str()) {
            assert_eq!(code.matches("pub const DIALECT: Dialect").count(), 1, "{file} exports one DIALECT");
        }
    }
}
