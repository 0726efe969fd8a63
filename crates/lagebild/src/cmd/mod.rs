//! One module per subcommand.

pub(crate) mod analyze;
pub(crate) mod bench;
pub(crate) mod serve;
pub(crate) mod eval;
pub(crate) mod eval_events;
pub(crate) mod eval_extraction;
pub(crate) mod eval_quotes;
pub(crate) mod eval_sentences;
pub(crate) mod eval_timex;
pub(crate) mod eval_ner;
pub(crate) mod ner;
pub(crate) mod train;
pub(crate) mod cooccur;
pub(crate) mod entities;
pub(crate) mod events;
pub(crate) mod export;
pub(crate) mod ingest;
pub(crate) mod quotes;
pub(crate) mod search;
pub(crate) mod store_args;
pub(crate) mod timeline;
pub(crate) mod worker;
