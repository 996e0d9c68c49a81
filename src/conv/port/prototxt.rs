//! Caffe's prototxt (protobuf text format) as people paste a layer.
//!
//! ```text
//! message = (field [',' | ';'])*
//! field   = name ':' scalar | name [':'] '{' message '}'
//! scalar  = number | "string" | 'string' | word (an enum: DECONVOLUTION, true)
//! ```
//! `#` starts a comment. A field written several times is repeated (`kernel_size: 4 kernel_size: 3`).
//! Every field keeps its place for messages. Bounded like the Python reader: the same text and
//! nesting limits, never a panic.

use super::python::{short, Place, SyntaxError, MAX_DEPTH, MAX_TEXT};

/// One field's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Field {
    /// A number, string or enum word, as written (strings without their quotes).
    Scalar {
        text: String,
        quoted: bool,
    },
    Message(Message),
}

/// A message: its fields in the order written.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Message {
    pub fields: Vec<(String, Place, Field)>,
}

impl Message {
    /// The values written for `name` (several for a repeated field).
    pub fn all<'a, 'n>(&'a self, name: &'n str) -> impl Iterator<Item = (&'a Place, &'a Field)> + use<'a, 'n> {
        self.fields.iter().filter(move |(n, _, _)| n == name).map(|(_, place, field)| (place, field))
    }

    /// The first message written for `name`.
    pub fn message(&self, name: &str) -> Option<&Message> {
        self.all(name).find_map(|(_, field)| match field {
            Field::Message(message) => Some(message),
            Field::Scalar { .. } => None,
        })
    }

    /// The first scalar written for `name`.
    pub fn scalar(&self, name: &str) -> Option<&str> {
        self.all(name).find_map(|(_, field)| match field {
            Field::Scalar { text, .. } => Some(text.as_str()),
            Field::Message(_) => None,
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(String),
    Quoted(String),
    Symbol(char),
    End,
}

fn error(place: Place, message: impl Into<String>) -> SyntaxError {
    SyntaxError { place, message: message.into() }
}

fn tokenize(text: &str) -> Result<Vec<(Token, Place)>, SyntaxError> {
    if text.len() > MAX_TEXT {
        return Err(error(Place::default(), format!("the text is {} bytes; at most {MAX_TEXT} are read", text.len())));
    }
    let mut tokens = Vec::new();
    let (mut line, mut column, mut counted) = (1, 0, 0);
    let mut at = 0;
    let bytes = text.as_bytes();
    while at < text.len() {
        let c = text[at..].chars().next().unwrap_or(' ');
        // Columns count characters, advanced only as far as needed.
        column += text[counted..at].chars().count();
        counted = at;
        let place = |end: usize| Place { line, column: column + 1, start: at, end };
        if c == '\n' {
            line += 1;
            (column, counted) = (0, at + 1);
            at += 1;
        } else if c.is_whitespace() {
            at += c.len_utf8();
        } else if c == '#' {
            at = text[at..].find('\n').map_or(text.len(), |n| at + n);
        } else if c == '"' || c == '\'' {
            let body = at + 1;
            let close = text[body..].find([c, '\n']).map(|n| body + n).filter(|&end| bytes[end] == c as u8);
            let Some(close) = close else {
                return Err(error(place(at + 1), "this string is never closed"));
            };
            tokens.push((Token::Quoted(text[body..close].to_string()), place(close + 1)));
            at = close + 1;
        } else if matches!(c, '{' | '}' | ':' | ',' | ';' | '<' | '>' | '[' | ']') {
            tokens.push((Token::Symbol(c), place(at + 1)));
            at += 1;
        } else if c.is_alphanumeric() || matches!(c, '_' | '-' | '+' | '.') {
            let end = text[at..]
                .find(|d: char| !(d.is_alphanumeric() || matches!(d, '_' | '-' | '+' | '.')))
                .map_or(text.len(), |n| at + n);
            tokens.push((Token::Word(text[at..end].to_string()), place(end)));
            at = end;
        } else {
            return Err(error(place(at + c.len_utf8()), format!("unexpected character `{c}`")));
        }
    }
    tokens.push((Token::End, Place { line, column: column + text[counted..].chars().count() + 1, start: at, end: at }));
    Ok(tokens)
}

struct Parser {
    tokens: Vec<(Token, Place)>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> (&Token, Place) {
        let (token, place) = &self.tokens[self.at.min(self.tokens.len() - 1)];
        (token, *place)
    }

    fn advance(&mut self) {
        self.at = (self.at + 1).min(self.tokens.len() - 1);
    }

    /// Fields up to `close` (`}` or `>`), or to the end of the text at the top.
    fn message(&mut self, close: Option<char>, depth: usize) -> Result<Message, SyntaxError> {
        if depth > MAX_DEPTH {
            return Err(error(self.peek().1, format!("nested more than {MAX_DEPTH} deep")));
        }
        let mut message = Message::default();
        loop {
            let (token, place) = self.peek();
            match token.clone() {
                Token::End if close.is_none() => return Ok(message),
                Token::End => return Err(error(place, "this message is never closed: a `}` is missing")),
                Token::Symbol(c) if Some(c) == close => {
                    self.advance();
                    return Ok(message);
                }
                Token::Symbol(',' | ';') => self.advance(),
                Token::Word(name) => {
                    self.advance();
                    let field = self.field_value(&name, depth)?;
                    message.fields.push((name, place, field));
                }
                other => return Err(error(place, format!("expected a field name, found {}", describe(&other)))),
            }
        }
    }

    fn field_value(&mut self, name: &str, depth: usize) -> Result<Field, SyntaxError> {
        let colon = matches!(self.peek().0, Token::Symbol(':'));
        if colon {
            self.advance();
        }
        let (token, place) = self.peek();
        match token.clone() {
            Token::Symbol(open @ ('{' | '<')) => {
                self.advance();
                let close = if open == '{' { '}' } else { '>' };
                Ok(Field::Message(self.message(Some(close), depth + 1)?))
            }
            Token::Word(text) if colon => {
                self.advance();
                Ok(Field::Scalar { text, quoted: false })
            }
            Token::Quoted(text) if colon => {
                self.advance();
                Ok(Field::Scalar { text, quoted: true })
            }
            other => Err(error(
                place,
                format!("expected `: value` or `{{` after `{}`, found {}", short(name), describe(&other)),
            )),
        }
    }
}

fn describe(token: &Token) -> String {
    match token {
        Token::Word(word) => format!("`{}`", short(word)),
        Token::Quoted(_) => "a string".to_string(),
        Token::Symbol(c) => format!("`{c}`"),
        Token::End => "the end of the text".to_string(),
    }
}

/// Parse prototxt text into its top-level message.
pub fn parse(text: &str) -> Result<Message, SyntaxError> {
    Parser { tokens: tokenize(text)?, at: 0 }.message(None, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_layer_as_posted() {
        let text = "layer {\n  name: \"up\"  # 2x\n  type: \"Deconvolution\"\n  bottom: \"a\" top: \"b\"\n  param { lr_mult: 0 }\n  convolution_param {\n    num_output: 256 kernel_size: 4 pad: 1 stride: 2\n    bias_term: false\n    weight_filler: { type: \"bilinear\" }\n  }\n}\n";
        let top = parse(text).unwrap();
        let layer = top.message("layer").unwrap();
        assert_eq!(layer.scalar("type"), Some("Deconvolution"));
        let conv = layer.message("convolution_param").unwrap();
        assert_eq!(conv.scalar("num_output"), Some("256"));
        assert_eq!(conv.scalar("bias_term"), Some("false"));
        let (place, _) = conv.all("stride").next().unwrap();
        assert_eq!((place.line, place.column), (7, 43));
    }

    #[test]
    fn the_old_form_and_repeated_fields() {
        let top = parse("layers { type: DECONVOLUTION convolution_param { kernel_size: 4 kernel_size: 3 } }").unwrap();
        let layer = top.message("layers").unwrap();
        assert_eq!(layer.scalar("type"), Some("DECONVOLUTION"));
        assert_eq!(layer.message("convolution_param").unwrap().all("kernel_size").count(), 2);
    }

    #[test]
    fn errors_say_where() {
        let e = parse("layer {\n  type: \"Deconvolution\n}").unwrap_err();
        assert_eq!((e.place.line, e.place.column), (2, 9), "{e}");
        assert!(parse("layer { convolution_param { stride: 2 }").unwrap_err().message.contains("never closed"));
        assert!(parse("layer { stride 2 }").unwrap_err().message.contains("after `stride`"));
        assert!(parse(&"a {".repeat(1000)).unwrap_err().message.contains("nested"));
        // A message quotes a short prefix of what was written.
        let long = "w".repeat(100_000);
        for text in [long.clone(), format!("a: 1 {long} }}"), format!("a {long}")] {
            let message = parse(&text).unwrap_err().message;
            assert!(message.chars().count() < 200, "{}", &message[..200]);
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod fuzz {
    use super::*;
    use proptest::prelude::*;

    const PIECES: [&str; 16] = [
        "layer",
        "{",
        "}",
        ":",
        " ",
        "\n",
        "\"Deconvolution\"",
        "\"open",
        "4",
        "# c",
        "<",
        ">",
        ",",
        "é",
        "'x'",
        "-1.5e3",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        /// Any text parses or fails with a place inside it; never a panic.
        #[test]
        fn any_text_parses_or_points_inside_it(pieces in prop::collection::vec(prop::sample::select(PIECES.to_vec()), 0..40)) {
            let text = pieces.concat();
            if let Err(e) = parse(&text) {
                prop_assert!(e.place.start <= text.len() && e.place.line >= 1, "{e:?} in {text:?}");
            }
        }
    }
}
