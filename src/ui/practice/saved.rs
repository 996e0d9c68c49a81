//! A practice session's answers, kept for the tab (sessionStorage, by seed): a reload, the
//! language switch (which reopens the page) or a detour through the whole page loses nothing.
//! Answers only: checking them again gives the same verdicts.

use crate::conv::app::exercises::{Answer, QUESTIONS};

fn key(seed: u64) -> String {
    format!("convt-practice-{seed}")
}

/// The tab's sessionStorage, reached as properties (`sessionStorage[key]`, which a Storage
/// answers like getItem and setItem) through Reflect, which the first module already imports:
/// web-sys's Storage bindings would add three imports to the first view's glue.
fn storage() -> Option<wasm_bindgen::JsValue> {
    let window = web_sys::window()?;
    js_sys::Reflect::get(&window, &"sessionStorage".into()).ok().filter(|s| s.is_object())
}

/// `s9x7`, `n1`, `c0.2;1.3` (empty after `c`: no cells).
fn write(answer: &Answer) -> String {
    let join = |v: Vec<String>, by: &str| v.join(by);
    match answer {
        Answer::Size(size) => format!("s{}", join(size.iter().map(|n| n.to_string()).collect(), "x")),
        Answer::Number(n) => format!("n{n}"),
        Answer::Cells(cells) => format!("c{}", join(cells.iter().map(|(r, c)| format!("{r}.{c}")).collect(), ";")),
    }
}

fn read(text: &str) -> Option<Answer> {
    let number = |t: &str| t.parse::<i64>().ok();
    match text.split_at_checked(1)? {
        ("s", rest) => Some(Answer::Size(rest.split('x').map(number).collect::<Option<Vec<_>>>()?)),
        ("n", rest) => number(rest).map(Answer::Number),
        ("c", "") => Some(Answer::Cells(Vec::new())),
        ("c", rest) => rest
            .split(';')
            .take(1024)
            .map(|cell| {
                let (r, c) = cell.split_once('.')?;
                Some((number(r)?, number(c)?))
            })
            .collect::<Option<Vec<_>>>()
            .map(Answer::Cells),
        _ => None,
    }
}

/// The answers saved for `seed`, by question (anything unreadable: not answered).
pub fn load(seed: u64) -> Vec<Option<Answer>> {
    let text = storage()
        .and_then(|s| js_sys::Reflect::get(&s, &key(seed).into()).ok())
        .and_then(|v| v.as_string())
        .unwrap_or_default();
    let mut answers = vec![None; QUESTIONS];
    for entry in text.split('|') {
        let Some((i, answer)) = entry.split_once('=') else { continue };
        if let (Ok(i), Some(answer)) = (i.parse::<usize>(), read(answer)) {
            if i < QUESTIONS {
                answers[i] = Some(answer);
            }
        }
    }
    answers
}

/// Save the answers given so far for `seed`.
pub fn save(seed: u64, answers: &[Option<Answer>]) {
    let text: Vec<String> =
        answers.iter().enumerate().filter_map(|(i, a)| a.as_ref().map(|a| format!("{i}={}", write(a)))).collect();
    if let Some(storage) = storage() {
        let _ = js_sys::Reflect::set(&storage, &key(seed).into(), &text.join("|").into());
    }
}
