//! One test per construction the rules must read: German word order
//! (verb-second, inversion, verb-final, separable verbs), passives,
//! reported speech, negation, denial, offices that resolve to states,
//! dates; and the English counterparts. The stage runs alone here (its
//! own gazetteer and sentence splitter), except where a test sets the
//! entities, times or quotes layer by hand.

use lagebild_core::{Document, Metadata, Stage};
use lagebild_entities::Entities;
use lagebild_events::{Event, EventType, Events, EventsStage, Status};
use lagebild_quotes::{Quote, QuoteKind, Quotes, Speaker};
use lagebild_time::{TimeExpression, TimeType, Times};

fn document(text: &str, language: &str) -> Document {
    let meta = Metadata {
        id: "t".into(),
        language: Some(language.into()),
        published: Some("2023-09-12".into()),
        ..Default::default()
    };
    Document::verbatim(meta, text.into())
}

fn events(doc: &mut Document) -> Vec<Event> {
    EventsStage::new().unwrap().annotate(doc).unwrap();
    doc.layer::<Events>().unwrap().0.clone()
}

fn run(text: &str, language: &str) -> Vec<Event> {
    events(&mut document(text, language))
}

fn only(events: &[Event], event_type: EventType) -> &Event {
    let found: Vec<&Event> = events
        .iter()
        .filter(|e| e.event_type == event_type)
        .collect();
    assert_eq!(
        found.len(),
        1,
        "expected one {event_type} event in {events:#?}"
    );
    found[0]
}

fn name(actor: &Option<lagebild_events::Actor>) -> Option<&str> {
    actor.as_ref().map(|a| a.name.as_str())
}

#[test]
fn verb_second_subject_first() {
    let found = run("Russland liefert Waffen an Syrien.", "de");
    let aid = only(&found, EventType::Aid);
    assert_eq!(
        (name(&aid.source), name(&aid.target)),
        (Some("Russland"), Some("Syrien"))
    );
    assert_eq!(aid.status, Status::Asserted);
    assert_eq!(aid.trigger.text, "liefert");
    assert_eq!(aid.mode.as_deref(), Some("material"));
}

#[test]
fn verb_second_with_fronted_adverbial_puts_the_subject_after_the_verb() {
    let found = run("Am Montag besuchte die Außenministerin Peking.", "de");
    let visit = only(&found, EventType::Consult);
    assert_eq!(name(&visit.source), Some("Minister"));
    assert_eq!(name(&visit.target), Some("China"));
}

#[test]
fn verb_final_subordinate_clause() {
    let found = run(
        "Der Minister sagte, dass Frankreich der Ukraine weitere Panzer liefern werde.",
        "de",
    );
    let aid = only(&found, EventType::Aid);
    assert_eq!(
        (name(&aid.source), name(&aid.target)),
        (Some("Frankreich"), Some("Ukraine"))
    );
    assert_eq!(aid.status, Status::Expected);
}

#[test]
fn separable_verb_with_its_particle_at_the_clause_end() {
    let found = run(
        "Die Türkei wirft Griechenland vor, Flüchtlinge zurückzudrängen.",
        "de",
    );
    let accuse = only(&found, EventType::Accuse);
    assert_eq!(
        (name(&accuse.source), name(&accuse.target)),
        (Some("Türkei"), Some("Griechenland"))
    );
    assert_eq!(accuse.trigger.text, "wirft vor");
    // without its particle the base verb means something else
    assert!(run("Die Türkei wirft einen Blick auf Griechenland.", "de")
        .iter()
        .all(|e| e.event_type != EventType::Accuse));
}

#[test]
fn passive_takes_the_agent_as_source() {
    let found = run("Serbien wurde von der EU zu Reformen aufgefordert.", "de");
    let request = only(&found, EventType::Request);
    assert_eq!(
        (name(&request.source), name(&request.target)),
        (Some("EU"), Some("Serbien"))
    );
}

#[test]
fn reported_event_is_alleged_and_names_who_claims_it() {
    let found = run(
        "Der US-Regierung zufolge lieferte Nordkorea Raketen an Russland.",
        "de",
    );
    let aid = only(&found, EventType::Aid);
    assert_eq!(
        (name(&aid.source), name(&aid.target)),
        (Some("Nordkorea"), Some("Russland"))
    );
    assert_eq!(aid.status, Status::Alleged);
    assert_eq!(name(&aid.claimed_by), Some("USA"));
}

#[test]
fn reportative_modal_with_perfect_is_alleged_without_it_expected() {
    let alleged = run("Iran soll Drohnen an Russland geliefert haben.", "de");
    assert_eq!(only(&alleged, EventType::Aid).status, Status::Alleged);
    let expected = run("Iran soll Drohnen an Russland liefern.", "de");
    assert_eq!(only(&expected, EventType::Aid).status, Status::Expected);
}

#[test]
fn negation_and_denial() {
    let negated = run("Indien hat Pakistan nicht angegriffen.", "de");
    assert_eq!(only(&negated, EventType::Assault).status, Status::Negated);
    let denied = run(
        "Der Kreml bestreitet, Soldaten an die Grenze verlegt zu haben.",
        "de",
    );
    assert_eq!(only(&denied, EventType::Reject).status, Status::Asserted);
    assert_eq!(
        name(&only(&denied, EventType::Reject).source),
        Some("Russland")
    );
    assert_eq!(only(&denied, EventType::Mobilize).status, Status::Denied);
}

#[test]
fn a_person_introduced_by_state_and_office_acts_for_the_state() {
    let found = run(
        "Nordkoreas Machthaber Kim Jong Un ist nach Russland gereist.",
        "de",
    );
    let visit = only(&found, EventType::Consult);
    let source = visit.source.as_ref().unwrap();
    assert_eq!(source.name, "Nordkorea");
    assert_eq!(source.text, "Nordkoreas Machthaber Kim Jong Un");
    assert_eq!(name(&visit.target), Some("Russland"));
    let found = run("Er traf den russischen Staatschef Putin.", "de");
    assert_eq!(
        name(&only(&found, EventType::Consult).target),
        Some("Russland")
    );
}

#[test]
fn pronoun_subject_continues_the_previous_sentence() {
    let found = run(
        "Nordkoreas Machthaber Kim Jong Un ist nach Russland gereist. Er soll dort Putin treffen.",
        "de",
    );
    let meeting = found.iter().find(|e| e.trigger.text == "treffen").unwrap();
    assert_eq!(name(&meeting.source), Some("Nordkorea"));
    assert_eq!(meeting.status, Status::Expected);
}

#[test]
fn noun_trigger_between_two_actors_and_a_year() {
    let found = run("Das erste Gipfeltreffen zwischen der Russischen Föderation und Nordkorea fand im Jahr 2000 statt.", "de");
    let summit = only(&found, EventType::Consult);
    assert_eq!(
        (name(&summit.source), name(&summit.target)),
        (Some("Russland"), Some("Nordkorea"))
    );
    assert_eq!(summit.date.as_deref(), Some("2000"));
}

#[test]
fn a_month_without_year_is_dated_in_the_publication_year() {
    let found = run("Im Juli lobte Putin Nordkorea.", "de");
    assert_eq!(
        only(&found, EventType::Support).date.as_deref(),
        Some("2023-07")
    );
    let found = run("Im November lobte Putin Nordkorea.", "de");
    assert_eq!(
        only(&found, EventType::Support).date.as_deref(),
        Some("2022-11")
    );
}

#[test]
fn noun_object_of_a_verb_trigger_is_no_second_event() {
    let found = run("Die EU verhängte neue Sanktionen gegen Belarus.", "de");
    let sanction = only(&found, EventType::Sanction);
    assert_eq!(sanction.trigger.text, "verhängte");
    assert_eq!(name(&sanction.target), Some("Belarus"));
}

#[test]
fn entities_layer_gives_actor_ids_and_names() {
    let text = "Im Juli lobte Putin Pjöngjang.";
    let mut doc = document(text, "de");
    // Built from JSON, the layer's contract, so fields the entities crate
    // adds later need no change here.
    let entities: Entities = serde_json::from_value(serde_json::json!([
        {"id": "e1", "name": "Wladimir Putin", "type": "PER",
         "mentions": [{"start": 14, "end": 19, "text": "Putin"}]},
        {"id": "e2", "name": "Nordkorea", "type": "LOC",
         "mentions": [{"start": 20, "end": 29, "text": "Pjöngjang"}]}
    ]))
    .unwrap();
    doc.set_layer(entities);
    let found = events(&mut doc);
    let praise = only(&found, EventType::Support);
    let source = praise.source.as_ref().unwrap();
    assert_eq!(
        (source.entity.as_deref(), source.name.as_str()),
        (Some("e1"), "Wladimir Putin")
    );
    assert_eq!(
        praise.target.as_ref().and_then(|t| t.entity.as_deref()),
        Some("e2")
    );
}

#[test]
fn a_word_inside_an_organisation_name_is_no_trigger() {
    let text = "Das sagt ein Forscher am Korea-Institut für Nationale Vereinigung.";
    let name = "Korea-Institut für Nationale Vereinigung";
    let start = text.find(name).unwrap();
    let mut doc = document(text, "de");
    let entities: Entities = serde_json::from_value(serde_json::json!([
        {"id": "e1", "name": name, "type": "ORG",
         "mentions": [{"start": start, "end": start + name.chars().count(), "text": name}]}
    ]))
    .unwrap();
    doc.set_layer(entities);
    assert_eq!(events(&mut doc), vec![]);
    // Without the name, "Vereinigung" is an agreement noun.
    assert!(!run(text, "de").is_empty());
}

#[test]
fn times_layer_dates_the_event() {
    let text = "Am 12. September besuchte Kim Wladiwostok.";
    let mut doc = document(text, "de");
    doc.set_layer(Times(vec![TimeExpression {
        text: "12. September".into(),
        start: 3,
        end: 16,
        time_type: TimeType::Date,
        value: "2023-09-12".into(),
    }]));
    let found = events(&mut doc);
    assert_eq!(
        only(&found, EventType::Consult).date.as_deref(),
        Some("2023-09-12")
    );
}

#[test]
fn an_event_inside_a_quote_belongs_to_the_speaker_and_is_alleged() {
    let text = "„Wir werden Russland weiter unterstützen“, sagte Lukaschenko.";
    let mut doc = document(text, "de");
    let chars = |s: &str| s.chars().count();
    let content_end = chars("„Wir werden Russland weiter unterstützen");
    let speaker_start = chars("„Wir werden Russland weiter unterstützen“, sagte ");
    doc.set_layer(Quotes(vec![Quote {
        text: "Wir werden Russland weiter unterstützen".into(),
        start: 1,
        end: content_end,
        kind: QuoteKind::Direct,
        cue: None,
        speaker: Some(Speaker {
            name: "Alexander Lukaschenko".into(),
            entity: None,
            role: None,
            start: speaker_start,
            end: speaker_start + chars("Lukaschenko"),
        }),
    }]));
    let found = events(&mut doc);
    let support = only(&found, EventType::Support);
    assert_eq!(name(&support.source), Some("Alexander Lukaschenko"));
    assert_eq!(name(&support.claimed_by), Some("Alexander Lukaschenko"));
    assert_eq!(name(&support.target), Some("Russland"));
    assert_eq!(support.status, Status::Alleged);
}

#[test]
fn english_active_passive_and_phrasal() {
    let found = run("Russia supplies weapons to Syria.", "en");
    let aid = only(&found, EventType::Aid);
    assert_eq!(
        (name(&aid.source), name(&aid.target)),
        (Some("Russia"), Some("Syria"))
    );
    let found = run("Serbia was urged by the EU to carry out reforms.", "en");
    let request = only(&found, EventType::Request);
    assert_eq!(
        (name(&request.source), name(&request.target)),
        (Some("EU"), Some("Serbia"))
    );
    let found = run("The Kremlin did not deny the report.", "en");
    assert_eq!(only(&found, EventType::Reject).status, Status::Negated);
}

#[test]
fn sentences_without_triggers_give_no_events() {
    assert!(run("Die Inflation stieg im September auf 4,5 Prozent.", "de").is_empty());
    assert!(run("", "de").is_empty());
    assert!(run("„“ ( ) – , ;", "de").is_empty());
}
