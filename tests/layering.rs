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

/// Every file of the browser app (src/ui), by its module path (`["stage", "hover"]`; the
/// folder's mod.rs is the folder's path), with its source.
fn ui_modules() -> Vec<(Vec<String>, String)> {
    fn walk(dir: &Path, prefix: &[String], out: &mut Vec<(Vec<String>, String)>) {
        for entry in fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.expect("a directory entry").path();
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            let mut module = prefix.to_vec();
            if path.is_dir() {
                module.push(name);
                walk(&path, &module, out);
                continue;
            }
            if name != "mod" {
                module.push(name);
            }
            out.push((module, fs::read_to_string(&path).expect("a readable source file")));
        }
    }
    let mut out = Vec::new();
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui"), &[], &mut out);
    out
}

/// The paths a source names relative to the ui module: `crate::ui::a::b`, `super::a` (from the
/// file's parent module), and from a folder's mod.rs the plain paths into its children; each
/// item of a `{…}` group separately.
fn ui_paths(module: &[String], code: &str, children: &[String]) -> Vec<Vec<String>> {
    let parent = &module[..module.len().saturating_sub(1)];
    let mut paths = Vec::new();
    let segments = |text: &str| -> Vec<String> {
        text.split("::").map(|s| s.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect()).collect()
    };
    let mut add = |base: &[String], rest: &str| {
        let items: Vec<&str> = match rest.strip_prefix('{') {
            Some(group) => group[..group.find('}').unwrap_or(group.len())].split(',').collect(),
            None => vec![rest.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')).next().unwrap_or("")],
        };
        for item in items {
            let mut path = base.to_vec();
            path.extend(segments(item.trim()).into_iter().filter(|s| !s.is_empty() && s != "self"));
            paths.push(path);
        }
    };
    for (at, _) in code.match_indices("crate::ui::") {
        add(&[], &code[at + "crate::ui::".len()..]);
    }
    for (at, _) in code.match_indices("super::") {
        // `super::super::x` is read once, from its first `super::`.
        if code[..at].ends_with("super::") {
            continue;
        }
        let mut rest = &code[at + "super::".len()..];
        let mut base = parent.to_vec();
        while let Some(more) = rest.strip_prefix("super::") {
            base.pop();
            rest = more;
        }
        add(&base, rest);
    }
    for child in children {
        for (at, _) in code.match_indices(&format!("{child}::")) {
            let before = code[..at].chars().last().unwrap_or(' ');
            if !(before.is_alphanumeric() || before == '_' || before == ':') {
                add(module, &code[at..]);
            }
        }
    }
    paths
}

/// The ui files each ui file imports from (by index into `ui_modules()`).
fn ui_imports() -> (Vec<Vec<String>>, Vec<Vec<usize>>) {
    let modules = ui_modules();
    let names: Vec<Vec<String>> = modules.iter().map(|(m, _)| m.clone()).collect();
    let imports = modules
        .iter()
        .enumerate()
        .map(|(me, (module, code))| {
            let children: Vec<String> = names
                .iter()
                .filter(|n| n.len() == module.len() + 1 && n.starts_with(module))
                .map(|n| n[module.len()].clone())
                .collect();
            let mut targets: Vec<usize> = ui_paths(module, code, &children)
                .into_iter()
                .filter_map(|path| {
                    // The longest prefix of the path that is a module is the file it names.
                    (0..=path.len()).rev().find_map(|n| names.iter().position(|m| m[..] == path[..n]))
                })
                .filter(|&target| target != me)
                .collect();
            targets.sort();
            targets.dedup();
            targets
        })
        .collect();
    (names, imports)
}

#[test]
fn ui_imports_are_read_from_each_form() {
    let (names, imports) = ui_imports();
    let index = |path: &str| {
        let path: Vec<String> = if path.is_empty() { vec![] } else { path.split('/').map(String::from).collect() };
        names.iter().position(|n| *n == path).unwrap_or_else(|| panic!("no ui module {path:?}"))
    };
    let imports_of = |path: &str| imports[index(path)].clone();
    // `use super::state::{set_state, use_lab};` from a file in ui/.
    assert!(imports_of("controls").contains(&index("state")));
    // `use crate::ui::state::use_lab;` from a file in ui/stage/.
    assert!(imports_of("stage/hover").contains(&index("state")));
    // `use super::playback::…` from ui/stage/keys.rs names its sibling.
    assert!(imports_of("stage/keys").contains(&index("stage/playback")));
    // ui/stage/mod.rs names its children by plain paths.
    assert!(imports_of("stage").contains(&index("stage/canvas_fit")));
}

#[test]
fn no_file_in_ui_imports_one_that_imports_it_back() {
    let (names, imports) = ui_imports();
    // Depth-first search; a file met again while still on the path closes a cycle.
    fn visit(at: usize, imports: &[Vec<usize>], state: &mut [u8], path: &mut Vec<usize>) -> Option<Vec<usize>> {
        state[at] = 1;
        path.push(at);
        for &next in &imports[at] {
            if state[next] == 1 {
                let start = path.iter().position(|&p| p == next).unwrap_or(0);
                return Some(path[start..].iter().copied().chain([next]).collect());
            }
            if state[next] == 0 {
                if let Some(cycle) = visit(next, imports, state, path) {
                    return Some(cycle);
                }
            }
        }
        path.pop();
        state[at] = 2;
        None
    }
    let mut state = vec![0u8; names.len()];
    for start in 0..names.len() {
        if state[start] == 0 {
            if let Some(cycle) = visit(start, &imports, &mut state, &mut Vec::new()) {
                let shown: Vec<String> = cycle.iter().map(|&i| format!("ui/{}", names[i].join("/"))).collect();
                panic!("the ui files import each other in a cycle: {}", shown.join(" → "));
            }
        }
    }
}
