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
        let text = fs::read_to_string(&path).expect("a readable source file");
        let code = match text.find("#[cfg(test)]").into_iter().chain(text.find("#[cfg(all(test")).min() {
            Some(start) => text[..start].to_string(),
            None => text,
        };
        out.push((path.file_name().unwrap().to_string_lossy().into_owned(), code));
    }
    out
}

/// The paths a folder must not name: the folders below it, and the core's re-exports of them.
fn assert_never_names(folder: &str, below: &[&str]) {
    // `crate::conv::{Framework, Request, Params, Value, resolve}` are the dialects' re-exports.
    let dialect_exports = ["Framework", "Request", "Params", "Value", "resolve"];
    for (file, code) in sources(folder) {
        for other in below {
            assert!(!code.contains(&format!("conv::{other}")), "src/conv/{folder}/{file} names conv::{other}");
        }
        if below.contains(&"dialects") {
            for name in dialect_exports {
                for form in [format!("conv::{name}"), format!("conv::{{{name}")] {
                    assert!(!code.contains(&form), "src/conv/{folder}/{file} names {form} (a dialect export)");
                }
            }
        }
    }
}

#[test]
fn folders_depend_only_on_those_above_them() {
    assert_never_names("geometry", &["compute", "dialects", "app"]);
    assert_never_names("compute", &["dialects", "app"]);
    assert_never_names("dialects", &["compute", "app"]);
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
