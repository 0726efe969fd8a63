//! Building statements with numbered parameters, and turning database
//! errors into the archive's errors.

use lagebild_store::StoreError;
use postgres::types::ToSql;

/// Parameters of a statement being built; `bind` hands out `$n`.
#[derive(Default)]
pub(crate) struct Params {
    values: Vec<Box<dyn ToSql + Sync>>,
}

impl Params {
    /// Adds a value and returns its placeholder.
    pub(crate) fn bind<T: ToSql + Sync + 'static>(&mut self, value: T) -> String {
        self.values.push(Box::new(value));
        format!("${}", self.values.len())
    }

    /// The values in the form the client takes.
    pub(crate) fn refs(&self) -> Vec<&(dyn ToSql + Sync)> {
        self.values.iter().map(|v| v.as_ref() as _).collect()
    }
}

/// A database failure as a store error: `StoreError` has no database
/// variant (it belongs to the embedded store's crate), so it travels as an
/// I/O error with what was being done; the message keeps PostgreSQL's own
/// text (constraint, SQL state).
pub(crate) fn database_error(context: &str, error: postgres::Error) -> StoreError {
    let detail = match error.as_db_error() {
        Some(db) => format!("{} ({})", db.message(), db.code().code()),
        None => causes(&error),
    };
    StoreError::Io {
        context: format!("PostgreSQL: {context}"),
        source: std::io::Error::other(detail),
    }
}

/// An error and its causes ("error connecting to server: Connection
/// refused"), each said once.
fn causes(error: &dyn std::error::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut next = Some(error);
    while let Some(e) = next {
        let text = e.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        next = e.source();
    }
    parts.join(": ")
}

/// Whether a failed transaction may simply be run again (a deadlock
/// between two workers, or a serialisation failure).
pub(crate) fn is_retryable(error: &postgres::Error) -> bool {
    use postgres::error::SqlState;
    error.code().is_some_and(|c| {
        *c == SqlState::T_R_DEADLOCK_DETECTED || *c == SqlState::T_R_SERIALIZATION_FAILURE
    })
}
