//! 简体中文: every piece of English the app writes, as a phrase or a template (see `super`). Terms
//! as `super::glossary` says them; framework argument names, code and the frameworks' own
//! messages are not here (they stay as they are).

/// (English, 中文).
pub const ENTRIES: &[(&str, &str)] = &[
    ("input {0}", "输入 {0}"),
    ("kernel {0}", "卷积核 {0}"),
    ("kernel {0} (taps {1} apart)", "卷积核 {0}（抽头间隔 {1}）"),
    ("output {0} (full scatter {1})", "输出 {0}（完整散射 {1}）"),
];
