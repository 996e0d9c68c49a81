//! Python as people paste a layer: statements of calls with literal arguments.
//!
//! ```text
//! text       = statement (newline | ';')*            comments (#…) and blank lines skipped
//! statement  = [target '='] expr                      self.up = nn.ConvTranspose2d(…)
//! expr       = sum;  sum = product (('+' | '-') product)*;  product = unary (('*' | '//' | '/' | '%') unary)*
//! unary      = '-' unary | postfix;  postfix = atom ('.' name | '(' arguments ')' | '[' expr ']')*
//! atom       = int | float | string | name | '(' [expr (',' expr)* [',']] ')' | '[' … ']' | '{' … '}'
//! arguments  = (expr | name '=' expr | '*' expr | '**' expr) (',' …)* [',']
//! ```
//! Inside brackets, line breaks are spaces (as in Python). Every node keeps where it was written,
//! so a message can point at the place ("line 3, `strde=2`"). Nothing here panics: input over
//! [`MAX_TEXT`] bytes or nested deeper than [`MAX_DEPTH`] is an error with its place.

use std::fmt;

use crate::conv::dialects::params::Value;

/// The most text one paste may hold (a layer is a few hundred bytes; a model file, a few hundred KB).
pub const MAX_TEXT: usize = 1 << 20;
/// The deepest nesting of brackets and operators read (real layers nest three or four deep).
pub const MAX_DEPTH: usize = 64;

/// Where something was written: 1-based line and column (in characters), and its byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Place {
    pub line: usize,
    pub column: usize,
    pub start: usize,
    pub end: usize,
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}", self.line, self.column)
    }
}

/// Text that could not be read, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub place: Place,
    pub message: String,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place, self.message)
    }
}

/// Binary operators of the arithmetic people write in shapes (`2*h`, `h // 2`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operator {
    Add,
    Subtract,
    Multiply,
    FloorDivide,
    Divide,
    Modulo,
}

/// One expression as written.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// An integer literal, as written (it may not fit 64 bits).
    Int(String, Place),
    Float(String, Place),
    Str(String, Place),
    /// A name: `h`, `None`, `True`, `nn`.
    Name(String, Place),
    /// `value.name`.
    Attribute(Box<Expr>, String, Place),
    Tuple(Vec<Expr>, Place),
    List(Vec<Expr>, Place),
    /// `{key: value, …}`.
    Dict(Vec<(Expr, Expr)>, Place),
    Call(Box<Call>),
    /// `value[index]`.
    Index(Box<Expr>, Box<Expr>, Place),
    Negate(Box<Expr>, Place),
    Binary(Operator, Box<Expr>, Box<Expr>, Place),
}

impl Expr {
    /// Where the whole expression was written.
    pub fn place(&self) -> Place {
        match self {
            Expr::Int(_, p)
            | Expr::Float(_, p)
            | Expr::Str(_, p)
            | Expr::Name(_, p)
            | Expr::Attribute(_, _, p)
            | Expr::Tuple(_, p)
            | Expr::List(_, p)
            | Expr::Dict(_, p)
            | Expr::Index(_, _, p)
            | Expr::Negate(_, p)
            | Expr::Binary(_, _, _, p) => *p,
            Expr::Call(call) => call.place,
        }
    }

    /// `nn.ConvTranspose2d` for a name or a chain of attributes, else `None`.
    pub fn dotted_name(&self) -> Option<String> {
        match self {
            Expr::Name(name, _) => Some(name.clone()),
            Expr::Attribute(base, name, _) => base.dotted_name().map(|b| format!("{b}.{name}")),
            _ => None,
        }
    }
}

/// One argument of a call.
#[derive(Debug, Clone, PartialEq)]
pub struct Argument {
    /// The keyword, with its place; `None` for a positional argument.
    pub keyword: Option<(String, Place)>,
    /// `*args` or `**kwargs` (never read as a value).
    pub unpacked: bool,
    pub value: Expr,
}

/// `callee(arguments)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub callee: Expr,
    pub arguments: Vec<Argument>,
    pub place: Place,
}

/// One statement: `target = value` or a bare expression.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// The assigned name as written (`self.up`, `x`), when the statement assigns.
    pub target: Option<(String, Place)>,
    pub value: Expr,
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Int(String),
    Float(String),
    Str(String),
    Name(String),
    /// An operator or bracket: `(`, `**`, `//`, `=` …
    Symbol(&'static str),
    /// The end of a logical line (a newline outside brackets, or `;`).
    End,
}

const SYMBOLS: [&str; 19] =
    ["**", "//", "(", ")", "[", "]", "{", "}", ",", ":", "=", ".", "+", "-", "*", "/", "%", ";", "@"];

/// Keywords that start a line of model code around a layer (`import torch`, `def forward(self, x):`).
const SKIPPED_LINES: [&str; 18] = [
    "import", "from", "class", "def", "if", "elif", "else", "for", "while", "with", "try", "except", "finally", "pass",
    "assert", "del", "global", "nonlocal",
];

fn error(place: Place, message: impl Into<String>) -> SyntaxError {
    SyntaxError { place, message: message.into() }
}

/// Text of the paste as a message quotes it: at most 24 characters, for a name or a number can
/// be a megabyte long.
pub(crate) fn short(text: &str) -> String {
    match text.char_indices().nth(24) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

/// Line and column of byte offsets, counted as the tokenizer moves forward (so a long line costs
/// its length once, not once per token).
struct Lines<'a> {
    text: &'a str,
    line: usize,
    line_start: usize,
    /// The last offset asked for on this line, and its column (0-based, in characters).
    at: usize,
    column: usize,
}

impl Lines<'_> {
    fn place(&mut self, start: usize, end: usize) -> Place {
        if start < self.at {
            (self.at, self.column) = (self.line_start, 0);
        }
        self.column += self.text[self.at..start].chars().count();
        self.at = start;
        Place { line: self.line, column: self.column + 1, start, end }
    }

    /// A line break at `offset`.
    fn new_line(&mut self, offset: usize) {
        self.line += 1;
        (self.line_start, self.at, self.column) = (offset + 1, offset + 1, 0);
    }
}

/// The tokens of `text`, each with its place.
fn tokenize(text: &str) -> Result<Vec<(Token, Place)>, SyntaxError> {
    if text.len() > MAX_TEXT {
        return Err(error(Place::default(), format!("the text is {} bytes; at most {MAX_TEXT} are read", text.len())));
    }
    let mut tokens = Vec::new();
    let mut lines = Lines { text, line: 1, line_start: 0, at: 0, column: 0 };
    let mut depth = 0usize;
    let mut chars = text.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if c == '\n' {
            chars.next();
            if depth == 0 {
                tokens.push((Token::End, lines.place(start, start + 1)));
            }
            lines.new_line(start);
        } else if c == '\\' && (text[start + 1..].starts_with('\n') || text[start + 1..].starts_with("\r\n")) {
            // A backslash continues the line: the line break after it ends no statement.
            let newline = start + 1 + usize::from(text.as_bytes()[start + 1] == b'\r');
            advance_to(&mut chars, newline + 1);
            lines.new_line(newline);
        } else if c.is_whitespace() {
            chars.next();
        } else if c == '#' {
            while chars.peek().is_some_and(|&(_, c)| c != '\n') {
                chars.next();
            }
        } else if c.is_ascii_digit() || (c == '.' && text[start + 1..].starts_with(|d: char| d.is_ascii_digit())) {
            let end = number_end(text, start);
            let literal = text[start..end].replace('_', "");
            let float = !literal.starts_with("0x") && !literal.starts_with("0X") && literal.contains(['.', 'e', 'E']);
            tokens.push((if float { Token::Float(literal) } else { Token::Int(literal) }, lines.place(start, end)));
            advance_to(&mut chars, end);
        } else if c.is_alphabetic() || c == '_' {
            let end =
                text[start..].find(|d: char| !(d.is_alphanumeric() || d == '_')).map_or(text.len(), |n| start + n);
            let word = &text[start..end];
            // String prefixes: r'…', b'…', f'…' read as plain strings.
            let prefix = matches!(word.to_ascii_lowercase().as_str(), "r" | "b" | "f" | "u" | "rb" | "br");
            if prefix && text[end..].starts_with(['\'', '"']) {
                let place = lines.place(start, end);
                let (value, end) = string_literal(text, end, place, &mut lines)?;
                tokens.push((Token::Str(value), Place { end, ..place }));
                advance_to(&mut chars, end);
            } else {
                tokens.push((Token::Name(word.to_string()), lines.place(start, end)));
                advance_to(&mut chars, end);
            }
        } else if c == '\'' || c == '"' {
            let place = lines.place(start, start + 1);
            let (value, end) = string_literal(text, start, place, &mut lines)?;
            tokens.push((Token::Str(value), Place { end, ..place }));
            advance_to(&mut chars, end);
        } else if let Some(symbol) = SYMBOLS.iter().find(|s| text[start..].starts_with(**s)) {
            let end = start + symbol.len();
            match *symbol {
                "(" | "[" | "{" => depth += 1,
                ")" | "]" | "}" => depth = depth.saturating_sub(1),
                _ => {}
            }
            tokens.push((if *symbol == ";" { Token::End } else { Token::Symbol(symbol) }, lines.place(start, end)));
            advance_to(&mut chars, end);
        } else {
            return Err(error(lines.place(start, start + c.len_utf8()), format!("unexpected character `{c}`")));
        }
    }
    tokens.push((Token::End, lines.place(text.len(), text.len())));
    Ok(tokens)
}

/// The end of the number starting at `start`: digits, letters (hex, suffixes Python refuses are
/// left for the value reader to refuse), `_`, `.`, and an exponent's sign.
fn number_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut end = start;
    while end < bytes.len() {
        let b = bytes[end];
        let exponent_sign = (b == b'+' || b == b'-')
            && matches!(bytes[end - 1], b'e' | b'E')
            && !text[start..].starts_with("0x")
            && !text[start..].starts_with("0X");
        if b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || exponent_sign {
            end += 1;
        } else {
            break;
        }
    }
    end
}

fn advance_to(chars: &mut std::iter::Peekable<std::str::CharIndices>, end: usize) {
    while chars.peek().is_some_and(|&(i, _)| i < end) {
        chars.next();
    }
}

/// A quoted string starting at `start` (written at `place`): its value and the byte after it.
/// Line breaks inside a triple-quoted string move `lines` on.
fn string_literal(text: &str, start: usize, place: Place, lines: &mut Lines) -> Result<(String, usize), SyntaxError> {
    let quote = &text[start..start + 1];
    let triple = quote.repeat(3);
    let delimiter = if text[start..].starts_with(&triple) { triple.as_str() } else { quote };
    let body_start = start + delimiter.len();
    let mut value = String::new();
    let mut chars = text[body_start..].char_indices();
    while let Some((offset, c)) = chars.next() {
        let at = body_start + offset;
        if text[at..].starts_with(delimiter) {
            return Ok((value, at + delimiter.len()));
        }
        match c {
            '\\' => match chars.next() {
                Some((_, 'n')) => value.push('\n'),
                Some((_, 't')) => value.push('\t'),
                Some((_, escaped)) => value.push(escaped),
                None => break,
            },
            '\n' if delimiter.len() == 1 => break,
            '\n' => {
                lines.new_line(at);
                value.push(c);
            }
            _ => value.push(c),
        }
    }
    Err(error(Place { end: start + 1, ..place }, "this string is never closed"))
}

struct Parser {
    tokens: Vec<(Token, Place)>,
    at: usize,
    depth: usize,
}

impl Parser {
    fn peek(&self) -> &Token {
        &self.tokens[self.at.min(self.tokens.len() - 1)].0
    }

    fn place(&self) -> Place {
        self.tokens[self.at.min(self.tokens.len() - 1)].1
    }

    fn next(&mut self) -> (Token, Place) {
        let token = self.tokens[self.at.min(self.tokens.len() - 1)].clone();
        if self.at < self.tokens.len() - 1 {
            self.at += 1;
        }
        token
    }

    fn eat(&mut self, symbol: &str) -> bool {
        if *self.peek() == Token::Symbol(SYMBOLS.iter().find(|s| **s == symbol).copied().unwrap_or("")) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, symbol: &str, what: &str) -> Result<(), SyntaxError> {
        if self.eat(symbol) {
            Ok(())
        } else {
            Err(error(self.place(), format!("expected `{symbol}` {what}, found {}", describe(self.peek()))))
        }
    }

    fn deeper(&mut self) -> Result<(), SyntaxError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(error(self.place(), format!("nested more than {MAX_DEPTH} deep")));
        }
        Ok(())
    }

    fn statements(&mut self) -> Result<Vec<Statement>, SyntaxError> {
        let mut out = Vec::new();
        loop {
            while *self.peek() == Token::End && self.at < self.tokens.len() - 1 {
                self.at += 1;
            }
            if self.at >= self.tokens.len() - 1 {
                return Ok(out);
            }
            match self.peek() {
                // The lines around a layer in model code say nothing about it: skip them whole.
                Token::Name(word) if SKIPPED_LINES.contains(&word.as_str()) => {
                    while *self.peek() != Token::End {
                        self.at += 1;
                    }
                    continue;
                }
                Token::Symbol("@") => {
                    while *self.peek() != Token::End {
                        self.at += 1;
                    }
                    continue;
                }
                Token::Name(word) if word == "return" || word == "yield" => self.at += 1,
                _ => {}
            }
            out.push(self.statement()?);
            if *self.peek() != Token::End {
                return Err(error(
                    self.place(),
                    format!("expected the end of the line, found {}", describe(self.peek())),
                ));
            }
        }
    }

    fn statement(&mut self) -> Result<Statement, SyntaxError> {
        let first = self.expression_list()?;
        if !self.eat("=") {
            return Ok(Statement { target: None, value: first });
        }
        let target = match (first.dotted_name(), &first) {
            (Some(name), _) => (name, first.place()),
            // `h, w = 28, 28`: the names joined by ", " (`split_targets` reads them back).
            (None, Expr::Tuple(items, _)) if items.iter().all(|i| i.dotted_name().is_some()) => {
                (items.iter().filter_map(Expr::dotted_name).collect::<Vec<_>>().join(", "), first.place())
            }
            (None, Expr::Tuple(..)) | (None, Expr::Index(..)) => ("…".to_string(), first.place()),
            (None, _) => return Err(error(first.place(), "only a name can be assigned to")),
        };
        Ok(Statement { target: Some(target), value: self.expression_list()? })
    }

    /// `a` or `a, b` (a tuple without brackets): a line copied out of `nn.Sequential(…)` keeps
    /// its trailing comma, which makes it a one-item tuple in Python.
    fn expression_list(&mut self) -> Result<Expr, SyntaxError> {
        let first = self.expression()?;
        if *self.peek() != Token::Symbol(",") {
            return Ok(first);
        }
        let mut items = vec![first];
        while self.eat(",") {
            if matches!(self.peek(), Token::End | Token::Symbol("=")) {
                break;
            }
            items.push(self.expression()?);
        }
        let place = Place { end: items[items.len() - 1].place().end, ..items[0].place() };
        Ok(Expr::Tuple(items, place))
    }

    fn expression(&mut self) -> Result<Expr, SyntaxError> {
        self.deeper()?;
        let mut left = self.product()?;
        let mut links = 0;
        loop {
            let operator = if self.eat("+") {
                Operator::Add
            } else if self.eat("-") {
                Operator::Subtract
            } else {
                break;
            };
            // `a + b + c` is `(a + b) + c`: each operator nests what came before one level deeper.
            self.deeper()?;
            links += 1;
            let right = self.product()?;
            left = binary(operator, left, right);
        }
        self.depth -= 1 + links;
        Ok(left)
    }

    fn product(&mut self) -> Result<Expr, SyntaxError> {
        let mut left = self.unary()?;
        let mut links = 0;
        loop {
            let operator = if self.eat("*") {
                Operator::Multiply
            } else if self.eat("//") {
                Operator::FloorDivide
            } else if self.eat("/") {
                Operator::Divide
            } else if self.eat("%") {
                Operator::Modulo
            } else {
                break;
            };
            self.deeper()?;
            links += 1;
            let right = self.unary()?;
            left = binary(operator, left, right);
        }
        self.depth -= links;
        Ok(left)
    }

    fn unary(&mut self) -> Result<Expr, SyntaxError> {
        let place = self.place();
        if self.eat("-") {
            self.deeper()?;
            let inner = self.unary()?;
            self.depth -= 1;
            let end = inner.place().end;
            return Ok(Expr::Negate(Box::new(inner), Place { end, ..place }));
        }
        if self.eat("+") {
            self.deeper()?;
            let inner = self.unary();
            self.depth -= 1;
            return inner;
        }
        self.postfix()
    }

    fn postfix(&mut self) -> Result<Expr, SyntaxError> {
        let mut value = self.atom()?;
        // `a.b(c)[d]` nests each link in the next: a long chain is as deep as its links, and
        // everything that walks the tree (evaluating, naming, dropping it) recurses that deep.
        let mut links = 0;
        loop {
            let start = value.place();
            if matches!(self.peek(), Token::Symbol("." | "(" | "[")) {
                self.deeper()?;
                links += 1;
            }
            if self.eat(".") {
                let (token, place) = self.next();
                let Token::Name(name) = token else {
                    return Err(error(place, format!("expected a name after `.`, found {}", describe(&token))));
                };
                value = Expr::Attribute(Box::new(value), name, Place { end: place.end, ..start });
            } else if self.eat("(") {
                self.deeper()?;
                let arguments = self.arguments()?;
                self.depth -= 1;
                let end = self.tokens[self.at - 1].1.end;
                value = Expr::Call(Box::new(Call { callee: value, arguments, place: Place { end, ..start } }));
            } else if self.eat("[") {
                self.deeper()?;
                let index = self.expression()?;
                self.depth -= 1;
                self.expect("]", "to close the index")?;
                let end = self.tokens[self.at - 1].1.end;
                value = Expr::Index(Box::new(value), Box::new(index), Place { end, ..start });
            } else {
                self.depth -= links;
                return Ok(value);
            }
        }
    }

    fn arguments(&mut self) -> Result<Vec<Argument>, SyntaxError> {
        let mut out = Vec::new();
        while !self.eat(")") {
            let unpacked = self.eat("**") || self.eat("*");
            let keyword = match (self.peek().clone(), &self.tokens.get(self.at + 1).map(|t| &t.0)) {
                (Token::Name(name), Some(Token::Symbol("="))) if !unpacked => {
                    let place = self.place();
                    self.at += 2;
                    Some((name, place))
                }
                _ => None,
            };
            out.push(Argument { keyword, unpacked, value: self.expression()? });
            if !self.eat(",") {
                self.expect(")", "to close the call")?;
                break;
            }
        }
        Ok(out)
    }

    /// The items of a bracket up to `close`, and whether a comma was written (a 1-tuple).
    fn items(&mut self, close: &str) -> Result<(Vec<Expr>, bool), SyntaxError> {
        self.deeper()?;
        let (mut items, mut comma) = (Vec::new(), false);
        while !self.eat(close) {
            items.push(self.expression()?);
            if self.eat(",") {
                comma = true;
            } else {
                self.expect(close, "to close the bracket")?;
                break;
            }
        }
        self.depth -= 1;
        Ok((items, comma))
    }

    fn atom(&mut self) -> Result<Expr, SyntaxError> {
        let (token, place) = self.next();
        let closed = |parser: &Parser| Place { end: parser.tokens[parser.at - 1].1.end, ..place };
        match token {
            Token::Int(text) => Ok(Expr::Int(text, place)),
            Token::Float(text) => Ok(Expr::Float(text, place)),
            Token::Str(mut text) => {
                // Adjacent strings join, as in Python.
                while let Token::Str(more) = self.peek().clone() {
                    text.push_str(&more);
                    self.at += 1;
                }
                Ok(Expr::Str(text, place))
            }
            Token::Name(name) => Ok(Expr::Name(name, place)),
            Token::Symbol("(") => {
                let (mut items, comma) = self.items(")")?;
                if items.len() == 1 && !comma {
                    Ok(items.remove(0))
                } else {
                    Ok(Expr::Tuple(items, closed(self)))
                }
            }
            Token::Symbol("[") => {
                let (items, _) = self.items("]")?;
                Ok(Expr::List(items, closed(self)))
            }
            Token::Symbol("{") => {
                self.deeper()?;
                let mut entries = Vec::new();
                while !self.eat("}") {
                    let key = self.expression()?;
                    self.expect(":", "between a key and its value")?;
                    entries.push((key, self.expression()?));
                    if !self.eat(",") {
                        self.expect("}", "to close the dict")?;
                        break;
                    }
                }
                self.depth -= 1;
                Ok(Expr::Dict(entries, closed(self)))
            }
            other => Err(error(place, format!("expected a value, found {}", describe(&other)))),
        }
    }
}

fn binary(operator: Operator, left: Expr, right: Expr) -> Expr {
    let place = Place { end: right.place().end, ..left.place() };
    Expr::Binary(operator, Box::new(left), Box::new(right), place)
}

fn describe(token: &Token) -> String {
    match token {
        Token::Int(text) | Token::Float(text) => format!("`{}`", short(text)),
        Token::Str(_) => "a string".to_string(),
        Token::Name(name) => format!("`{}`", short(name)),
        Token::Symbol(symbol) => format!("`{symbol}`"),
        Token::End => "the end of the line".to_string(),
    }
}

/// Parse pasted Python into statements.
pub fn parse(text: &str) -> Result<Vec<Statement>, SyntaxError> {
    let tokens = tokenize(text)?;
    Parser { tokens, at: 0, depth: 0 }.statements()
}

/// Values of the names a text binds before a layer (`h = 14`), or that come with the request.
pub type Names = Vec<(String, Value)>;

/// The most items a repeated list may have (`[1] * n`): a layer argument has a few.
const MAX_REPEATED: i64 = 64;

/// The value of an argument as Python computes it: literals, tuples and lists, `None`, `True`,
/// names bound in `names`, and integer arithmetic (`2*h`, `h // 2`, `-1`).
pub fn evaluate(expr: &Expr, names: &Names) -> Result<Value, SyntaxError> {
    match expr {
        Expr::Int(text, place) => integer(text, *place),
        Expr::Float(text, _) => Ok(Value::Float(text.clone())),
        Expr::Str(text, _) => Ok(Value::Str(text.clone())),
        Expr::Name(name, place) => match name.as_str() {
            "None" => Ok(Value::Null),
            "True" => Ok(Value::Bool(true)),
            "False" => Ok(Value::Bool(false)),
            _ => names.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v.clone()).ok_or_else(|| {
                error(
                    *place,
                    format!("`{0}` has no value here; write the number, or assign it first (`{0} = 14`)", short(name)),
                )
            }),
        },
        Expr::Tuple(items, _) | Expr::List(items, _) => {
            items.iter().map(|item| evaluate(item, names)).collect::<Result<_, _>>().map(Value::List)
        }
        Expr::Dict(entries, _) => entries
            .iter()
            .map(|(key, value)| match evaluate(key, names)? {
                Value::Str(key) => Ok((key, evaluate(value, names)?)),
                _ => Err(error(key.place(), "a dict key here must be a string")),
            })
            .collect::<Result<_, _>>()
            .map(Value::Map),
        Expr::Negate(inner, place) => match evaluate(inner, names)? {
            Value::Int(i) => i.checked_neg().map(Value::Int).ok_or_else(|| error(*place, "this number is too large")),
            Value::Float(text) => Ok(Value::Float(match text.strip_prefix('-') {
                Some(positive) => positive.to_string(),
                None => format!("-{text}"),
            })),
            _ => Err(error(*place, "only a number can be negated")),
        },
        Expr::Binary(operator, left, right, place) => {
            arithmetic(*operator, evaluate(left, names)?, evaluate(right, names)?, *place)
        }
        // `torch.Size([28, 28])`, `tuple(…)`, `list(…)`: the value they wrap.
        Expr::Call(call) if is_wrapper(call) => evaluate(&call.arguments[0].value, names),
        Expr::Call(call) => Err(error(call.place, "a value is needed here, not a call")),
        Expr::Attribute(_, _, place) | Expr::Index(_, _, place) => {
            Err(error(*place, "a value is needed here; write the number itself"))
        }
    }
}

/// A call that only wraps a value: `torch.Size([28, 28])`, `tuple([2, 2])`, `list((1, 1))`,
/// `np.array([1, 56, 56, 256])`, `tf.stack([…])`, `tf.constant([…])`.
fn is_wrapper(call: &Call) -> bool {
    let name = call.callee.dotted_name().unwrap_or_default();
    matches!(
        name.rsplit('.').next(),
        Some(
            "Size"
                | "tuple"
                | "list"
                | "TensorShape"
                | "array"
                | "asarray"
                | "stack"
                | "constant"
                | "convert_to_tensor"
        )
    ) && call.arguments.len() == 1
        && call.arguments[0].keyword.is_none()
        && !call.arguments[0].unpacked
}

/// An integer literal: decimal, `0x`, `0o` or `0b`; beyond 64 bits it is kept as written.
fn integer(text: &str, place: Place) -> Result<Value, SyntaxError> {
    let lower = text.to_ascii_lowercase();
    let parsed = match lower.get(..2) {
        Some("0x") => i64::from_str_radix(&lower[2..], 16),
        Some("0o") => i64::from_str_radix(&lower[2..], 8),
        Some("0b") => i64::from_str_radix(&lower[2..], 2),
        _ if lower.len() > 1 && lower.starts_with('0') && lower.bytes().any(|b| b != b'0') => {
            return Err(error(place, format!("`{}`: Python does not take leading zeros in a number", short(text))));
        }
        _ => lower.parse::<i64>(),
    };
    match parsed {
        Ok(value) => Ok(Value::Int(value)),
        Err(_) if lower.bytes().all(|b| b.is_ascii_digit()) => Ok(Value::Float(text.to_string())),
        Err(_) => Err(error(place, format!("`{}` is not a number", short(text)))),
    }
}

/// Integer arithmetic as Python does it (floor division and modulo round toward −∞; `/` gives a
/// float), and a list repeated by an int.
fn arithmetic(operator: Operator, left: Value, right: Value, place: Place) -> Result<Value, SyntaxError> {
    let too_large = || error(place, "this arithmetic overflows 64 bits");
    match (left, right) {
        (Value::Int(a), Value::Int(b)) => {
            if b == 0 && matches!(operator, Operator::FloorDivide | Operator::Divide | Operator::Modulo) {
                return Err(error(place, "division by zero"));
            }
            let result = match operator {
                Operator::Add => a.checked_add(b),
                Operator::Subtract => a.checked_sub(b),
                Operator::Multiply => a.checked_mul(b),
                Operator::FloorDivide => floor_divide(a, b),
                Operator::Modulo => floor_divide(a, b).and_then(|q| a.checked_sub(q.checked_mul(b)?)),
                Operator::Divide => {
                    // In 128 bits: `i64::MIN / -1` overflows 64.
                    let (a, b) = (i128::from(a), i128::from(b));
                    return Ok(Value::Float(match a % b {
                        0 => format!("{}.0", a / b),
                        _ => format!("{a}/{b}"),
                    }));
                }
            };
            result.map(Value::Int).ok_or_else(too_large)
        }
        (Value::List(items), Value::Int(n)) | (Value::Int(n), Value::List(items)) if operator == Operator::Multiply => {
            // Counted with the values nested in the items: `[[1] * 64] * 64` holds 4,160.
            if n > 0 && n.saturating_mul(values_in(&items)) > MAX_REPEATED {
                return Err(error(place, format!("a repeated list longer than {MAX_REPEATED} items")));
            }
            // (An empty list repeated, or a count of 0 or less, is empty at once: `[] * 10**18`.)
            let n = if items.is_empty() { 0 } else { n.max(0) };
            Ok(Value::List((0..n).flat_map(|_| items.clone()).collect()))
        }
        (Value::List(mut a), Value::List(b)) if operator == Operator::Add => {
            a.extend(b);
            Ok(Value::List(a))
        }
        _ => Err(error(place, "only integers can be combined here")),
    }
}

/// How many values `items` hold, nested ones included (counting stops past [`MAX_REPEATED`]).
fn values_in(items: &[Value]) -> i64 {
    let mut count = 0;
    let mut pending: Vec<&[Value]> = vec![items];
    while let Some(list) = pending.pop() {
        for item in list {
            count += 1;
            if count > MAX_REPEATED {
                return count;
            }
            if let Value::List(inner) = item {
                pending.push(inner);
            }
        }
    }
    count
}

fn floor_divide(a: i64, b: i64) -> Option<i64> {
    let quotient = a.checked_div(b)?;
    Some(if (a % b != 0) && ((a < 0) != (b < 0)) { quotient - 1 } else { quotient })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(text: &str) -> Call {
        match parse(text).expect("parses").pop().expect("a statement").value {
            Expr::Call(call) => *call,
            other => panic!("not a call: {other:?}"),
        }
    }

    #[test]
    fn a_module_call_with_positional_and_keyword_arguments() {
        let c = call("nn.ConvTranspose2d(256, 128, 4, stride=(2, 2), padding='same', bias=False,)");
        assert_eq!(c.callee.dotted_name().as_deref(), Some("nn.ConvTranspose2d"));
        assert_eq!(c.arguments.len(), 6);
        assert_eq!(c.arguments[3].keyword.as_ref().map(|k| k.0.as_str()), Some("stride"));
        assert!(matches!(&c.arguments[3].value, Expr::Tuple(items, _) if items.len() == 2));
    }

    #[test]
    fn assignments_applied_calls_and_line_breaks() {
        let statements = parse("import torch\nself.up = nn.ConvTranspose2d(\n    512,\n    256,  # out\n    4)\ny = self.up(x, output_size=[56, 56])").unwrap();
        assert_eq!(statements.len(), 2, "the import line is skipped");
        assert_eq!(statements[0].target.as_ref().map(|t| t.0.as_str()), Some("self.up"));
        let Expr::Call(applied) = &parse("x = layers.Conv2DTranspose(64, 3)(x)").unwrap()[0].value else { panic!() };
        assert!(matches!(&applied.callee, Expr::Call(_)));
    }

    #[test]
    fn model_code_around_a_layer_is_skipped() {
        let text = "class Up(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.up = nn.ConvTranspose2d(4, 2, 3)\n\n    @torch.no_grad()\n    def forward(self, x):\n        return self.up(x)\n";
        let statements = parse(text).unwrap();
        assert_eq!(statements.len(), 3, "{statements:?}");
        assert_eq!(statements[1].target.as_ref().map(|t| t.0.as_str()), Some("self.up"));
    }

    #[test]
    fn places_point_at_what_was_written() {
        let c = call("F.conv_transpose2d(x, w,\n  strde=2)");
        let (name, place) = c.arguments[2].keyword.clone().unwrap();
        assert_eq!((name.as_str(), place.line, place.column), ("strde", 2, 3));
    }

    #[test]
    fn errors_say_where() {
        let e = parse("nn.Conv2d(1, 2,, 3)").unwrap_err();
        assert_eq!((e.place.line, e.place.column), (1, 16), "{e}");
        assert!(parse("Conv2D(1, 'same)").unwrap_err().message.contains("never closed"));
        assert!(parse(&"(".repeat(10_000)).unwrap_err().message.contains("nested"));
        assert!(parse("x = $").unwrap_err().message.contains("unexpected character"));
    }

    fn value(text: &str) -> Result<Value, SyntaxError> {
        let names = vec![("h".to_string(), Value::Int(14))];
        evaluate(&parse(text)?.pop().expect("a statement").value, &names)
    }

    #[test]
    fn values_as_python_computes_them() {
        assert_eq!(
            value("(2*h, h // 4, -7 // 2, -7 % 2, 0x10)").unwrap(),
            Value::List([28, 3, -4, 1, 16].map(Value::Int).to_vec())
        );
        assert_eq!(
            value("[None, True, 'same', (1,) * 2]").unwrap(),
            Value::List(vec![
                Value::Null,
                Value::Bool(true),
                Value::Str("same".into()),
                Value::List(vec![Value::Int(1), Value::Int(1)])
            ])
        );
        assert_eq!(value("99999999999999999999").unwrap(), Value::Float("99999999999999999999".into()));
        assert_eq!(value("7 / 2").unwrap(), Value::Float("7/2".into()));
        assert!(value("w").unwrap_err().message.contains("`w` has no value"));
        assert!(value("1 // 0").unwrap_err().message.contains("division by zero"));
        assert!(value("9223372036854775807 + 1").unwrap_err().message.contains("overflows"));
        assert!(value("[0] * 100000000000").unwrap_err().message.contains("repeated"));
        assert!(value("007").unwrap_err().message.contains("leading zeros"));
    }

    #[test]
    fn a_backslash_continues_the_line() {
        for text in ["layer = \\\n  nn.Conv2d(1, 2, 3)", "layer = \\\r\n  nn.Conv2d(1, 2, 3)"] {
            let statements = parse(text).unwrap_or_else(|e| panic!("{e} in {text:?}"));
            assert_eq!(statements.len(), 1);
            assert_eq!((statements[0].value.place().line, statements[0].value.place().column), (2, 3));
        }
    }

    #[test]
    fn hostile_chains_and_arithmetic_are_bounded() {
        // A chain is as deep as its links, and everything that walks the tree (evaluating,
        // naming, dropping it) recurses that deep: past MAX_DEPTH it is refused, never a stack
        // overflow.
        let chains = [" + 1", " * 2", ".b", "()", "[0]"].map(|link| format!("a{}", link.repeat(200_000)));
        for text in chains.iter().chain([&format!("{}1", "+".repeat(200_000))]) {
            assert!(parse(text).unwrap_err().message.contains("nested"), "{}", &text[..12]);
        }
        assert_eq!(value("1 + 2 - 3 + h * 2 // 7").unwrap(), Value::Int(4));
        assert_eq!(call("a.b.c(1)").callee.dotted_name().as_deref(), Some("a.b.c"));
        // Repeating counts the values nested in the items, and an empty list is empty at once.
        assert!(value("[[1] * 64] * 64").unwrap_err().message.contains("repeated"));
        assert_eq!(value("[] * 9223372036854775807").unwrap(), Value::List(Vec::new()));
        assert_eq!(value("[1, 2] * -5").unwrap(), Value::List(Vec::new()));
        // Python's true division of -2**63 by -1 (in 64 bits, Rust's `%` panics).
        assert_eq!(value("(-9223372036854775807 - 1) / -1").unwrap(), Value::Float("9223372036854775808.0".into()));
    }

    #[test]
    fn messages_quote_a_short_prefix() {
        let long = "w".repeat(100_000);
        for text in [format!("{long} {long}"), format!("x = {long}"), format!("x = 1{long}")] {
            let message = match parse(&text) {
                Err(e) => e.message,
                Ok(statements) => evaluate(&statements[0].value, &Vec::new()).unwrap_err().message,
            };
            assert!(message.chars().count() < 200, "{}", &message[..200]);
        }
    }

    #[test]
    fn literals() {
        let c = call("f(1_000, 2.5, 1e-3, -3, 2*h, h // 2, None, True, r'a\\b', \"x\" 'y', {'k': 1}, [1, (2,)])");
        assert!(matches!(&c.arguments[0].value, Expr::Int(t, _) if t == "1000"));
        assert!(matches!(&c.arguments[2].value, Expr::Float(t, _) if t == "1e-3"));
        assert!(matches!(&c.arguments[3].value, Expr::Negate(..)));
        assert!(matches!(&c.arguments[4].value, Expr::Binary(Operator::Multiply, ..)));
        assert!(matches!(&c.arguments[9].value, Expr::Str(s, _) if s == "xy"));
        assert!(matches!(&c.arguments[10].value, Expr::Dict(entries, _) if entries.len() == 1));
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod fuzz {
    use super::*;
    use proptest::prelude::*;

    /// Pieces of Python as pasted, to build texts that are nearly right (most random bytes fail
    /// in the tokenizer and test nothing past it).
    const PIECES: [&str; 32] = [
        "nn.ConvTranspose2d",
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        ",",
        "=",
        ".",
        "*",
        "**",
        "//",
        "-",
        "+",
        "'same'",
        "\"valid",
        "'''",
        "2",
        "1e-3",
        "0x1F",
        "None",
        "h",
        "\n",
        "\\\n",
        "# c",
        ";",
        ":",
        "@",
        "é",
        "é'",
        " ",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        /// Any text parses or fails with a place inside it; never a panic.
        #[test]
        fn any_text_parses_or_points_inside_it(pieces in prop::collection::vec(prop::sample::select(PIECES.to_vec()), 0..40)) {
            let text = pieces.concat();
            match parse(&text) {
                // Evaluating whatever parsed never panics either.
                Ok(statements) => statements.iter().for_each(|s| { let _ = evaluate(&s.value, &Vec::new()); }),
                Err(e) => prop_assert!(e.place.start <= text.len() && e.place.line >= 1, "{e:?} in {text:?}"),
            }
        }
    }

    #[test]
    fn a_megabyte_parses_in_one_pass() {
        let long_line = format!("f([{}])", "1, ".repeat((MAX_TEXT - 10) / 3));
        let started = std::time::Instant::now();
        assert!(parse(&long_line).is_ok());
        let deep = format!("{}1{}", "-(".repeat(200_000), ")".repeat(200_000));
        assert!(parse(&deep).unwrap_err().message.contains("nested"));
        assert!(parse(&"x".repeat(MAX_TEXT + 1)).is_err());
        // (Bounded work, not a timing test: a quadratic pass over a megabyte would take minutes.)
        assert!(started.elapsed().as_secs() < 60);
    }
}
