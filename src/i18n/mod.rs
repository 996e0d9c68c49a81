//! Languages. The app writes English; another language rewrites it where it leaves the app: the
//! stage's scenes (labels, captions, summaries) through [`tr`], the page's text and labels through
//! a watcher of the page (the browser app's `ui/lang.rs`), the exports through the scenes they
//! draw. Framework argument names, code and the frameworks' own messages stay as they are.
//!
//! A language is a table of English → translation pairs ([`zh::ENTRIES`]). An entry is a whole
//! phrase, or a template whose `{0}`, `{1}` … stand for any text (a number, a size, a cell, or a
//! phrase that is translated in turn), so "step 4 / 9" and "step 12 / 30" share one entry. Text
//! no entry matches as a whole is tried sentence by sentence (a caption is several). The terms
//! every entry must use alike are in [`glossary`].

pub mod glossary;
pub mod zh;

use std::cell::Cell;
use std::collections::HashMap;

/// A language's translation of one piece of English, if its table has it.
pub type Translate = fn(&str) -> Option<String>;

thread_local! {
    /// The active language's translation; `None`: English.
    static ACTIVE: Cell<Option<Translate>> = const { Cell::new(None) };
}

/// Make `translate` the active language (`None`: English).
pub fn set_active(translate: Option<Translate>) {
    ACTIVE.with(|a| a.set(translate));
}

/// `text` in the active language: itself in English, or where the table has no entry for it.
pub fn tr(text: String) -> String {
    match ACTIVE.with(Cell::get) {
        Some(translate) => translate(&text).unwrap_or(text),
        None => text,
    }
}

/// One piece of a template: literal text, or the `n`-th argument.
#[derive(Debug, Clone, PartialEq)]
enum Piece {
    Text(&'static str),
    Arg(usize),
}

/// `"step {0} / {1}"` → [Text("step "), Arg(0), Text(" / "), Arg(1)].
fn pieces(template: &'static str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else { break };
        let Ok(n) = rest[open + 1..close].parse::<usize>() else {
            out.push(Piece::Text(&rest[..close + 1]));
            rest = &rest[close + 1..];
            continue;
        };
        if open > 0 {
            out.push(Piece::Text(&rest[..open]));
        }
        out.push(Piece::Arg(n));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    out
}

struct Template {
    english: Vec<Piece>,
    translated: &'static str,
    /// Literal characters: a template with more literal text is the more specific, and is tried first.
    literal: usize,
}

/// A language's table, ready to translate: its phrases by their English, its templates by
/// specificity.
pub struct Table {
    phrases: HashMap<&'static str, &'static str>,
    templates: Vec<Template>,
}

/// Whether `text` has anything to translate: an ASCII letter (sizes, numbers and arrows do not).
fn has_words(text: &str) -> bool {
    text.bytes().any(|b| b.is_ascii_alphabetic())
}

impl Table {
    pub fn new(entries: &[(&'static str, &'static str)]) -> Table {
        let mut phrases = HashMap::new();
        let mut templates = Vec::new();
        for &(english, translated) in entries {
            let parsed = pieces(english);
            if parsed.iter().any(|p| matches!(p, Piece::Arg(_))) {
                let literal = parsed.iter().map(|p| if let Piece::Text(t) = p { t.len() } else { 0 }).sum();
                templates.push(Template { english: parsed, translated, literal });
            } else {
                phrases.insert(english, translated);
            }
        }
        templates.sort_by_key(|t| std::cmp::Reverse(t.literal));
        Table { phrases, templates }
    }

    /// `text` translated, keeping the white space around it; `None` when the table cannot say all
    /// of it (or there is nothing to translate).
    pub fn translate(&self, text: &str) -> Option<String> {
        let trimmed = text.trim();
        if !has_words(trimmed) {
            return None;
        }
        let start = text.len() - text.trim_start().len();
        let end = start + trimmed.len();
        let inner =
            self.one_sentence(trimmed).or_else(|| self.whole(trimmed, 0)).or_else(|| self.sentences(trimmed))?;
        Some(format!("{}{}{}", &text[..start], inner, &text[end..]))
    }

    /// One sentence with its full stop, said without it and given a Chinese one, so that a
    /// template's last argument does not take the stop ("is 3×5." is said "为 3×5。", not "3×5.").
    fn one_sentence(&self, text: &str) -> Option<String> {
        let body = text.strip_suffix('.').filter(|body| one_clause(body) && !body.ends_with('.'))?;
        let said = self.whole(body, 0)?;
        Some(if said.ends_with('。') { said } else { said + "。" })
    }

    /// A phrase or a template match for all of `text`. `depth` bounds the arguments' own
    /// translation, so no text can make this recurse without end.
    fn whole(&self, text: &str, depth: usize) -> Option<String> {
        if let Some(t) = self.phrases.get(text) {
            return Some((*t).to_string());
        }
        if depth > 4 {
            return None;
        }
        for template in &self.templates {
            let mut args = Vec::new();
            if matches(&template.english, text, &mut args) {
                let out = template.translated.to_string();
                let mut said_all = Some(out);
                for (n, arg) in args.iter().enumerate() {
                    let said = match has_words(arg) {
                        false => Some(arg.to_string()),
                        true => self.whole(arg, depth + 1).or_else(|| as_it_is(arg).then(|| arg.to_string())),
                    };
                    said_all = match (said_all, said) {
                        (Some(out), Some(said)) => Some(out.replace(&format!("{{{n}}}"), &said)),
                        _ => None,
                    };
                }
                // An argument in English the table cannot say: another template may split the
                // text better, or its clauses may be said one by one.
                if let Some(out) = said_all {
                    return Some(out);
                }
            }
        }
        None
    }

    /// Text of several sentences or clauses ("…; …. …"), each a phrase or a template match.
    fn sentences(&self, text: &str) -> Option<String> {
        let mut out = String::new();
        let mut rest = text;
        while !rest.is_empty() {
            // The next clause ends at "; " or at ". " (a full stop, not a decimal point), or at the end.
            let cut = [("; ", "；"), (". ", "。")]
                .into_iter()
                .filter_map(|(sep, said)| rest.find(sep).map(|at| (at, sep, said)))
                .min_by_key(|(at, _, _)| *at);
            let (clause, joint, next) = match cut {
                Some((at, sep, said)) => (&rest[..at], said, &rest[at + sep.len()..]),
                None => (rest, "", ""),
            };
            let (body, stop) = match clause.strip_suffix('.') {
                Some(body) if joint.is_empty() => (body, "。"),
                _ => (clause, ""),
            };
            let said =
                if has_words(body) { self.whole(body, 0).or_else(|| self.whole(clause, 0))? } else { body.to_string() };
            out.push_str(&said);
            out.push_str(if said.ends_with('。') { "" } else { stop });
            out.push_str(joint);
            rest = next;
        }
        (out != text).then_some(out)
    }
}

/// Whether `text` is `pieces` with some non-empty text for each argument (collected in `args`,
/// in argument order). Tries each place the next literal occurs, so "(1, 2), (3, 4)" can split
/// at either comma. An argument is never more than one clause ("; " and ". " end one), so
/// "input {0}" does not swallow a caption of three sentences that starts with "input".
fn matches<'t>(pieces: &[Piece], text: &'t str, args: &mut Vec<&'t str>) -> bool {
    fn go<'t>(pieces: &[Piece], text: &'t str, found: &mut Vec<(usize, &'t str)>) -> bool {
        match pieces {
            [] => text.is_empty(),
            [Piece::Text(t), rest @ ..] => text.strip_prefix(*t).is_some_and(|after| go(rest, after, found)),
            [Piece::Arg(n), Piece::Text(t), rest @ ..] => {
                // Each argument is at least one character (which may take several bytes).
                let mut from = text.chars().next().map_or(1, char::len_utf8);
                while from <= text.len() {
                    let Some(at) = text.get(from..).and_then(|s| s.find(*t)).map(|i| i + from) else { return false };
                    if !one_clause(&text[..at]) {
                        return false;
                    }
                    found.push((*n, &text[..at]));
                    if go(rest, &text[at + t.len()..], found) {
                        return true;
                    }
                    found.pop();
                    from = at + 1;
                    while !text.is_char_boundary(from) && from < text.len() {
                        from += 1;
                    }
                }
                false
            }
            [Piece::Arg(n)] => {
                found.push((*n, text));
                !text.is_empty() && one_clause(text)
            }
            // Two arguments side by side cannot be told apart: such a template never matches.
            [Piece::Arg(_), ..] => false,
        }
    }
    let mut found = Vec::new();
    if !go(pieces, text, &mut found) {
        return false;
    }
    found.sort_by_key(|(n, _)| *n);
    args.extend(found.into_iter().map(|(_, a)| a));
    true
}

/// Whether an argument the table has no entry for may stand as it is: code (brackets, quotes,
/// `=`, `_`), or names and figures (`Keras 2`, `SAME_UPPER`, `6×6`), but not English words.
fn as_it_is(arg: &str) -> bool {
    arg.contains(|c: char| "()=_[]{}'\"`".contains(c))
        || !arg.split_whitespace().any(|token| {
            let word = token.trim_matches(|c: char| ",.;:!?".contains(c));
            word.len() >= 2 && word.bytes().all(|b| b.is_ascii_lowercase())
        })
}

fn one_clause(text: &str) -> bool {
    !text.contains("; ") && !text.contains(". ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Table {
        Table::new(&[
            ("step {0} / {1}", "第 {0} / {1} 步"),
            ("input", "输入"),
            ("input {0}", "输入 {0}"),
            ("output {0} (full scatter {1})", "输出 {0}（完整散射 {1}）"),
            ("no holes", "无空位"),
            ("{0} holes", "{0} 个空位"),
            ("output cell {0} now holds {1}", "输出单元 {0} 现为 {1}"),
            ("input {0} = {1} multiplies the kernel", "输入 {0} = {1} 乘以卷积核"),
        ])
    }

    #[test]
    fn phrases_templates_and_sentences() {
        let t = table();
        assert_eq!(t.translate("input").as_deref(), Some("输入"));
        assert_eq!(t.translate("  input\n").as_deref(), Some("  输入\n"));
        assert_eq!(t.translate("step 4 / 9").as_deref(), Some("第 4 / 9 步"));
        assert_eq!(t.translate("input 3×3").as_deref(), Some("输入 3×3"));
        // A sentence's full stop is not part of its last argument.
        assert_eq!(t.translate("input 3×3.").as_deref(), Some("输入 3×3。"));
        assert_eq!(t.translate("output 6×6 (full scatter 7×7)").as_deref(), Some("输出 6×6（完整散射 7×7）"));
        assert_eq!(
            t.translate("input (1, 0) = 4 multiplies the kernel; output cell (1, 1) now holds 7.").as_deref(),
            Some("输入 (1, 0) = 4 乘以卷积核；输出单元 (1, 1) 现为 7。")
        );
        // Nothing to translate, or nothing known.
        assert_eq!(t.translate("3×3 → 6×6"), None);
        assert_eq!(t.translate("kernel 3×3"), None);
        assert_eq!(t.translate("input (1, 0) = 4 multiplies the kernel; the rest is unknown."), None);
        // An English argument the table cannot say does not ride through as it is.
        assert_eq!(t.translate("input size"), None);
        assert_eq!(
            t.translate("input nn.ConvTranspose2d(1, 1, 3)").as_deref(),
            Some("输入 nn.ConvTranspose2d(1, 1, 3)")
        );
        assert_eq!(t.translate("input Keras 2").as_deref(), Some("输入 Keras 2"));
        // An argument of one character that is not ASCII.
        assert_eq!(t.translate("step − / 9").as_deref(), Some("第 − / 9 步"));
    }

    #[test]
    fn an_argument_that_is_a_phrase_is_translated_too() {
        let t = Table::new(&[
            ("{0} holes", "{0} 个空位"),
            ("no", "零"),
            ("shown: {0}", "显示：{0}"),
            ("no holes", "无空位"),
        ]);
        assert_eq!(t.translate("shown: no holes").as_deref(), Some("显示：无空位"));
        assert_eq!(t.translate("shown: 3 holes").as_deref(), Some("显示：3 个空位"));
    }

    #[test]
    fn the_active_language_rewrites_scene_text_and_english_leaves_it() {
        fn upper(text: &str) -> Option<String> {
            Some(text.to_uppercase())
        }
        assert_eq!(tr("input".into()), "input");
        set_active(Some(upper));
        assert_eq!(tr("input".into()), "INPUT");
        set_active(None);
        assert_eq!(tr("input".into()), "input");
    }

    #[test]
    fn odd_text_never_panics_or_loops() {
        let t = table();
        for text in
            ["{", "}", "{0}", "step  / ", "step 1 / ", "é. ; . ;", "input ", ";;;", ". . .", "step 1 / 2 / 3 / 4"]
        {
            let _ = t.translate(text);
        }
        let long = "step 1 / 2; ".repeat(2000);
        assert!(t.translate(&long).is_some());
    }
}
