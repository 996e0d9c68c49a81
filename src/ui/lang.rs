//! 简体中文 (Contract 2 `lang=zh`), from a module of its own that loads only for a page in Chinese:
//! the table, and a watcher that rewrites the page's text and its labels (`aria-label`, `title`,
//! `placeholder`) as the app writes them, before they are painted. The stage's scenes speak it
//! through the core (`crate::i18n::tr`). Code, argument names and the frameworks' own words are
//! marked `translate="no"` (or are `<code>`, `<pre>`, a text field) and stay as they are.

#[cfg(feature = "split")]
use leptos::prelude::lazy;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::{self, zh, Table, Translate};

/// A language the page can speak: its translation, and what starts rewriting the page.
#[derive(Clone, Copy)]
pub struct Language {
    translate: Translate,
    watch: fn(Translate),
}

/// Chinese, loaded when a page in Chinese opens.
#[cfg_attr(feature = "split", lazy)]
pub async fn load_chinese() -> Language {
    Language { translate: chinese, watch: watch_page }
}

/// Speak `language` from now on: the scenes, the page and `<html lang>`.
pub fn speak(language: Language) {
    i18n::set_active(Some(language.translate));
    (language.watch)(language.translate);
}

fn chinese(text: &str) -> Option<String> {
    thread_local! {
        static TABLE: Table = Table::new(zh::ENTRIES);
    }
    TABLE.with(|table| table.translate(text))
}

/// The attributes a reader hears or sees besides the text.
const SPOKEN_ATTRIBUTES: [&str; 4] = ["aria-label", "title", "placeholder", "alt"];

/// Elements whose text is code, the user's own, or marked not to translate.
const KEPT: &str = "code, pre, textarea, script, style, [translate=no]";

/// Rewrite the page now, and whatever the app writes into it from now on.
fn watch_page(translate: Translate) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    if let Some(root) = document.document_element() {
        let _ = root.set_attribute("lang", "zh-CN");
    }
    if let Some(title) = translate(&document.title()) {
        document.set_title(&title);
    }
    let Some(body) = document.body() else { return };
    rewrite_tree(&body, translate);
    let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |records: js_sys::Array| {
        for record in records.iter() {
            let record: web_sys::MutationRecord = record.unchecked_into();
            let Some(target) = record.target() else { continue };
            match record.type_().as_str() {
                "childList" => {
                    let added = record.added_nodes();
                    for i in 0..added.length() {
                        if let Some(node) = added.item(i) {
                            rewrite_tree(&node, translate);
                        }
                    }
                }
                "characterData" => rewrite_text(&target, translate),
                _ => {
                    if let (Some(element), Some(name)) = (target.dyn_ref::<web_sys::Element>(), record.attribute_name())
                    {
                        rewrite_attribute(element, &name, translate);
                    }
                }
            }
        }
    });
    let Ok(observer) = web_sys::MutationObserver::new(callback.as_ref().unchecked_ref()) else { return };
    let options = web_sys::MutationObserverInit::new();
    options.set_child_list(true);
    options.set_subtree(true);
    options.set_character_data(true);
    options.set_attribute_filter(&SPOKEN_ATTRIBUTES.iter().map(|a| JsValue::from_str(a)).collect::<js_sys::Array>());
    if observer.observe_with_options(&body, &options).is_ok() {
        // The watcher lives as long as the page.
        callback.forget();
    }
}

/// Whether `node` sits in an element whose text stays as it is.
fn kept(node: &web_sys::Node) -> bool {
    let element = match node.dyn_ref::<web_sys::Element>() {
        Some(element) => Some(element.clone()),
        None => node.parent_element(),
    };
    element.is_some_and(|e| e.closest(KEPT).ok().flatten().is_some())
}

fn rewrite_text(node: &web_sys::Node, translate: Translate) {
    if node.node_type() != web_sys::Node::TEXT_NODE || kept(node) {
        return;
    }
    if let Some(text) = node.node_value() {
        if let Some(said) = translate(&text).filter(|said| *said != text) {
            node.set_node_value(Some(&said));
        }
    }
}

fn rewrite_attribute(element: &web_sys::Element, name: &str, translate: Translate) {
    if element.closest("[translate=no]").ok().flatten().is_some() {
        return;
    }
    if let Some(value) = element.get_attribute(name) {
        if let Some(said) = translate(&value).filter(|said| *said != value) {
            let _ = element.set_attribute(name, &said);
        }
    }
}

fn rewrite_tree(node: &web_sys::Node, translate: Translate) {
    if node.node_type() == web_sys::Node::TEXT_NODE {
        return rewrite_text(node, translate);
    }
    let Some(element) = node.dyn_ref::<web_sys::Element>() else { return };
    // A text field's or a code block's label is words; its content is not.
    for name in SPOKEN_ATTRIBUTES {
        rewrite_attribute(element, name, translate);
    }
    if element.matches(KEPT).unwrap_or(false) {
        return;
    }
    let children = node.child_nodes();
    for i in 0..children.length() {
        if let Some(child) = children.item(i) {
            rewrite_tree(&child, translate);
        }
    }
}
