//! Errors a learner can read: the broken rule, with the numbers, in the framework's words.

use std::fmt;

/// Whether the real framework would refuse the call, or the request itself is unusable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The framework rejects this call (the message names its rule).
    Rejected,
    /// The request cannot be read (missing field, wrong type, unknown framework …).
    Malformed,
}

/// One error answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConvError {
    pub kind: ErrorKind,
    pub message: String,
}

impl ConvError {
    /// The framework would refuse this call; `message` states its rule with the numbers.
    pub fn rejected(message: impl Into<String>) -> Self {
        ConvError { kind: ErrorKind::Rejected, message: message.into() }
    }

    /// The request cannot be understood.
    pub fn malformed(message: impl Into<String>) -> Self {
        ConvError { kind: ErrorKind::Malformed, message: message.into() }
    }
}

impl fmt::Display for ConvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ConvError {}

/// Shorthand for the result of every dialect step.
pub type ConvResult<T> = Result<T, ConvError>;
