#![cfg(not(target_arch = "wasm32"))]
//! Every dialect's call signatures (`Dialect::calls`) against the real ones in
//! tests/fixtures/translate/signatures.json (tests/generators/gen_signatures.py, read from the
//! installed frameworks): the same parameters in the same order, as many by position, as many
//! required, and every API the json lists present. So the data cannot drift from the frameworks.

use std::fs;
use std::path::Path;

use convt_lab::conv::dialects::Signature;
use convt_lab::conv::Framework;
use serde_json::Value;

/// The json's framework keys as convt-lab's ids.
const FRAMEWORKS: [(&str, &str); 11] = [
    ("torch", "pytorch"),
    ("paddle", "paddle"),
    ("tensorflow", "tensorflow"),
    ("keras", "keras"),
    ("keras2", "keras2"),
    ("keras1", "keras1"),
    ("jax", "jax"),
    ("onnx", "onnx"),
    ("mxnet", "mxnet"),
    ("chainer", "chainer"),
    ("caffe", "caffe"),
];

fn names(list: &Value) -> Vec<String> {
    list.as_array()
        .into_iter()
        .flatten()
        .map(|item| item.as_str().or_else(|| item["name"].as_str()).unwrap_or_default().to_string())
        .collect()
}

fn is_positional(param: &Value) -> bool {
    matches!(param["kind"].as_str(), Some("positional-or-keyword" | "positional-only"))
}

/// A json entry's parameters (its own, then the keywords it parses out of `**kwargs`, then its
/// base layer's, once each), how many go by position and how many lead without a default.
fn expected(entry: &Value, entries: &[Value]) -> (Vec<String>, usize, usize) {
    // MXNet's operators: the generated Python signature is what a call binds to.
    let own = entry.get("python_signature").unwrap_or(&entry["params"]);
    let own: Vec<&Value> = own.as_array().into_iter().flatten().collect();
    let mut parameters: Vec<String> = own
        .iter()
        .filter(|p| !matches!(p["kind"].as_str(), Some("var-keyword" | "var-positional")))
        .map(|p| p["name"].as_str().unwrap_or_default().to_string())
        .collect();
    let positional = own.iter().filter(|p| is_positional(p)).count();
    let required = own.iter().take_while(|p| is_positional(p) && p.get("default").is_none()).count();
    let mut extra = names(&entry["kwargs"]);
    if let Some(base) = entry["base_layer_params"].as_str() {
        let base = entries.iter().find(|e| e["api"] == base).expect("the base layer's entry is in the json");
        extra.extend(names(&base["params"]).into_iter().filter(|n| n != "kwargs"));
        extra.extend(names(&base["kwargs"]));
    }
    // Keywords the real class was seen to accept through **kwargs when constructed
    // (`kwargs_tried`: tf_keras's transposed layers take Conv's `groups` and `conv_op`).
    // (An alias, `Convolution1D`, was tried as the class it names.)
    let tried = match entry["alias_of"].as_str() {
        Some(alias) => entries.iter().find(|e| e["api"] == alias).map_or(&Value::Null, |e| &e["kwargs_tried"]),
        None => &entry["kwargs_tried"],
    };
    if let Some(accepted) = tried["accepted"].as_array() {
        extra.extend(accepted.iter().filter_map(|n| n.as_str()).map(str::to_string));
    }
    for name in extra {
        if !parameters.contains(&name) {
            parameters.push(name);
        }
    }
    (parameters, positional, required)
}

fn check(signature: &Signature, parameters: &[String], positional: usize, required: usize, what: &str) {
    let have: Vec<&str> = signature.parameters.to_vec();
    assert_eq!(have, parameters, "{what}: parameters differ from the real signature");
    assert_eq!(signature.positional, positional, "{what}: a different count by position");
    assert_eq!(signature.required, required, "{what}: a different count of required arguments");
}

#[test]
fn every_dialects_calls_are_the_real_signatures() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/translate/signatures.json");
    let json: Value = serde_json::from_str(&fs::read_to_string(path).expect("signatures.json")).expect("JSON");
    let mut checked = 0;
    for (key, id) in FRAMEWORKS {
        let framework = Framework::from_id(id).expect("a framework id");
        let calls = framework.dialect().calls;
        let entries = json["frameworks"][key].as_array().unwrap_or_else(|| panic!("{key} is in signatures.json"));
        for entry in entries {
            let api = entry["api"].as_str().unwrap_or_default();
            let what = format!("{id} {api}");
            if let Some(module) = api.strip_suffix(".forward") {
                // A module's forward call: what the module is applied with.
                let signature = calls.iter().find(|s| s.api == module).unwrap_or_else(|| panic!("{what}: no {module}"));
                let (parameters, _, _) = expected(entry, entries);
                assert_eq!(signature.applied, parameters, "{what}: applied with other arguments");
                checked += 1;
                continue;
            }
            match (key, api) {
                // The base layers only lend their keywords; make_node is checked with its operators.
                (_, "keras.layers.Layer" | "tf_keras.layers.Layer" | "keras.engine.topology.Layer")
                | ("onnx", "onnx.helper.make_node")
                | ("caffe", "LayerParameter") => {}
                ("caffe", "V1LayerParameter") => {
                    for name in ["DECONVOLUTION", "CONVOLUTION"] {
                        assert!(entry["type_names"].get(name).is_some(), "{name} is a V1 layer type");
                        assert!(calls.iter().any(|s| s.name == name), "caffe reads the old type {name}");
                    }
                }
                ("caffe", "ConvolutionParameter") => {
                    let fields = names(&entry["fields"]);
                    for signature in calls {
                        check(signature, &fields, 0, 0, &format!("caffe {}", signature.name));
                        checked += 1;
                    }
                }
                ("onnx", operator) => {
                    let make_node = entries.iter().find(|e| e["api"] == "onnx.helper.make_node").expect("make_node");
                    let (mut parameters, positional, required) = expected(make_node, entries);
                    parameters.extend(names(&entry["attributes"]));
                    let signature = calls
                        .iter()
                        .find(|s| s.name == "make_node" && s.selector == operator)
                        .unwrap_or_else(|| panic!("{what}: no make_node({operator:?}, …)"));
                    check(signature, &parameters, positional, required, &what);
                    checked += 1;
                }
                _ => {
                    let signature = calls
                        .iter()
                        .find(|s| s.api == api)
                        .unwrap_or_else(|| panic!("{what}: not in the dialect's calls"));
                    assert_eq!(Some(signature.name), api.rsplit('.').next(), "{what}: named as the api ends");
                    let (parameters, positional, required) = expected(entry, entries);
                    check(signature, &parameters, positional, required, &what);
                    checked += 1;
                }
            }
        }
    }
    assert!(checked >= 130, "only {checked} signatures checked");
}

/// Every call's ignored names are its dialect's parameters, its operands list one of its own, and each of its tensors
/// is one of them under some name (TF's calls share `input`/`value`, `filters`/`filter`), so none
/// is a typo.
#[test]
fn every_signatures_special_names_are_its_parameters() {
    for framework in Framework::ALL {
        for signature in framework.dialect().calls {
            let what = format!("{} {}", framework.id(), signature.api);
            let t = signature.tensors;
            let calls = framework.dialect().calls;
            for name in signature.ignored {
                assert!(calls.iter().any(|s| s.parameters.contains(name)), "{what}: `{name}` is no parameter");
            }
            if !t.operands.is_empty() {
                assert!(signature.parameters.contains(&t.operands), "{what}: `{}` is no parameter", t.operands);
            }
            for names in [t.input, t.weight, t.bias].into_iter().filter(|n| !n.is_empty()) {
                assert!(names.iter().any(|n| signature.parameters.contains(n)), "{what}: no parameter of {names:?}");
            }
            assert!(signature.required <= signature.positional, "{what}: required beyond the positional ones");
            assert!(signature.positional <= signature.parameters.len(), "{what}: more positional than parameters");
        }
    }
}
