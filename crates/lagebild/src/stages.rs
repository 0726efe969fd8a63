//! The default analysis pipeline: which stages `analyze` and `ingest` run,
//! in which order. Adding a stage is one line here.

use lagebild_core::Pipeline;

/// The stages every analysed article goes through, in order.
pub(crate) fn default_pipeline() -> anyhow::Result<Pipeline> {
    let pipeline = Pipeline::new()
        .with(lagebild_text::LanguageStage)
        .with(lagebild_text::SegmentStage)
        .with(lagebild_time::TimeStage::new()?)
        .with(lagebild_entities::EntitiesStage)
        .with(lagebild_quotes::QuotesStage)
        .with(lagebild_events::EventsStage::new()?);
    Ok(pipeline)
}
