//! One invented article per construction the quote rules handle.

mod common;

use common::{cue_text, german, german_with_persons, quote, quotes, speaker_mention, speaker_name};
use lagebild_core::{Document, Metadata};
use lagebild_entities::Entities;
use lagebild_quotes::{find_quotes, QuoteKind};

#[test]
fn direct_quote_then_attribution() {
    let all = german("„Wir bleiben hier“, sagte Anna Weber am Montag.");
    let q = quote(&all, "„Wir bleiben");
    assert_eq!(q.kind, QuoteKind::Direct);
    assert_eq!(q.text, "„Wir bleiben hier“");
    assert_eq!((speaker_name(q), cue_text(q)), ("Anna Weber", "sagte"));
}

#[test]
fn attribution_then_colon_and_quote() {
    let all = german("Die Ministerin Anna Weber sagte: „Wir bleiben hier.“");
    let q = quote(&all, "„Wir");
    assert_eq!((q.kind, speaker_name(q)), (QuoteKind::Direct, "Anna Weber"));
    assert_eq!(
        q.speaker.as_ref().and_then(|s| s.role.as_deref()),
        Some("Ministerin")
    );
}

#[test]
fn attribution_inside_a_quotation_covers_both_parts() {
    let text = "„Wir bleiben“, sagt Weber, „und wir kämpfen weiter.“";
    let all = german(text);
    assert_eq!(all.len(), 1, "{all:#?}");
    assert_eq!(all[0].start, 0);
    assert_eq!(all[0].end, text.chars().count());
    assert_eq!(speaker_name(&all[0]), "Weber");
}

#[test]
fn quotation_over_several_sentences_and_an_unclosed_mark() {
    let text = "Anna Weber sagte: „Das ist der erste Satz. Und das der zweite.\n\nEin neuer Absatz ohne Zitat.";
    let all = german(text);
    let q = quote(&all, "„Das ist");
    assert!(
        q.text.ends_with("der zweite."),
        "unclosed quotation ends at its paragraph: {q:#?}"
    );
    assert_eq!(speaker_name(q), "Anna Weber");
}

#[test]
fn reported_speech_with_continuation_keeps_the_speaker() {
    let text = "Der Minister Klaus Meier erklärte, die Lage sei ernst. Zudem sei unklar, wie es weitergehe. Das Wetter war schön.";
    let all = german(text);
    let first = quote(&all, "die Lage sei ernst");
    assert_eq!(
        (first.kind, speaker_name(first), cue_text(first)),
        (QuoteKind::Indirect, "Klaus Meier", "erklärte")
    );
    let second = quote(&all, "Zudem sei unklar");
    assert_eq!(speaker_name(second), "Klaus Meier");
    assert!(
        all.iter().all(|q| !q.text.contains("Wetter")),
        "indicative sentence is no report: {all:#?}"
    );
}

#[test]
fn inverted_report_with_role_noun_resolves_to_the_earlier_person() {
    let text = "„Die Bestände sind groß“, sagt Joseph Dempsey von der Denkfabrik IISS. \
                Die neuen Waffen seien weniger geeignet, erläutert der Experte.";
    let all = german(text);
    let q = quote(&all, "Die neuen Waffen seien");
    assert_eq!(
        (q.kind, speaker_name(q), cue_text(q)),
        (QuoteKind::Indirect, "Joseph Dempsey", "erläutert")
    );
    assert_eq!(speaker_mention(text, q), "der Experte");
    let role = q.speaker.as_ref().and_then(|s| s.role.clone());
    assert_eq!(role.as_deref(), Some("Denkfabrik IISS"));
}

#[test]
fn pronoun_resolves_to_the_last_speaker() {
    let text = "Anna Weber sagte, der Plan sei gut. Später erklärte sie, die Kosten seien zu hoch.";
    let all = german(text);
    let q = quote(&all, "die Kosten");
    assert_eq!(speaker_name(q), "Anna Weber");
    assert_eq!(speaker_mention(text, q), "sie");
}

#[test]
fn source_phrases_laut_zufolge_nach_angaben() {
    let all = german(
        "Laut der Polizei wurden drei Menschen verletzt. Der US-Regierung zufolge lieferte das Land Raketen. \
         Nach Angaben von Augenzeugen brannte das Gebäude stundenlang.",
    );
    let laut = quote(&all, "Laut der Polizei");
    assert_eq!((speaker_name(laut), cue_text(laut)), ("Polizei", "Laut"));
    let zufolge = quote(&all, "Der US-Regierung zufolge");
    assert_eq!(
        (speaker_name(zufolge), cue_text(zufolge)),
        ("US-Regierung", "zufolge")
    );
    let nach = quote(&all, "Nach Angaben");
    assert_eq!(cue_text(nach), "Nach");
    assert!(speaker_name(nach).contains("Augenzeugen"), "{nach:#?}");
}

#[test]
fn loose_source_phrases_and_demnach() {
    let text = "Anschließend sei laut el-Baradei die Bearbeitung erfolgt. \
                Die Wahlkommission gab ein Ergebnis bekannt. Demnach hat die Koalition gewonnen.";
    let all = german(text);
    let laut = quote(&all, "Anschließend sei");
    assert_eq!(speaker_name(laut), "el-Baradei");
    let demnach = quote(&all, "Demnach hat die Koalition");
    assert_eq!(cue_text(demnach), "Demnach");
    assert_eq!(speaker_mention(text, demnach), "Demnach");
}

#[test]
fn hearsay_continues_a_report() {
    let all = german(
        "Der Sprecher Jan Ohm sagte, der Mann sei geflohen. Er soll die Bomben gebaut haben.",
    );
    let q = quote(&all, "Er soll");
    assert_eq!(speaker_name(q), "Jan Ohm");
}

#[test]
fn wie_clause_and_davon_ausgehen() {
    let all = german(
        "Wie die Polizei mitteilte, wurde der Mann festgenommen. \
         Cheong Seong Chang, Experte am Sejong-Institut, geht davon aus, dass die Gespräche scheitern.",
    );
    let wie = quote(&all, "wurde der Mann");
    assert_eq!((speaker_name(wie), cue_text(wie)), ("Polizei", "mitteilte"));
    let davon = quote(&all, "dass die Gespräche");
    assert_eq!(
        (speaker_name(davon), cue_text(davon)),
        ("Cheong Seong Chang", "geht davon aus")
    );
    let role = davon.speaker.as_ref().and_then(|s| s.role.clone());
    assert_eq!(role.as_deref(), Some("Experte am Sejong-Institut"));
}

#[test]
fn quoted_fragment_in_reported_speech_is_mixed() {
    let all = german("Auch „neue Technologien“ seien für das Land von Interesse, sagt Dempsey.");
    let mixed = quote(&all, "Auch „neue");
    assert_eq!(
        (mixed.kind, speaker_name(mixed)),
        (QuoteKind::Mixed, "Dempsey")
    );
    let fragment = quote(&all, "„neue Technologien“");
    assert_eq!(
        fragment.kind,
        QuoteKind::Direct,
        "the verbatim fragment is also given on its own"
    );
}

#[test]
fn names_and_titles_in_quotation_marks_are_not_quotes() {
    let all = german("Er las den „Spiegel“ und sah den Film „Der Pate“ im Kino.");
    assert!(all.is_empty(), "{all:#?}");
}

#[test]
fn speaker_links_to_the_entities_layer() {
    let text = "„Wir bleiben hier“, sagte Anna Weber.";
    let mut doc = Document::verbatim(
        Metadata {
            language: Some("de".into()),
            ..Default::default()
        },
        text.into(),
    );
    let start = text.chars().count() - "Anna Weber.".chars().count();
    // Built from JSON, as the entities stage serialises it, so optional
    // fields added to the entity type later need no change here.
    let entities: Entities = serde_json::from_value(serde_json::json!([{
        "id": "e7", "name": "Anna Weber-Schulz", "type": "PER",
        "mentions": [{"start": start, "end": start + 10, "text": "Anna Weber"}]
    }]))
    .expect("entities layer JSON");
    doc.set_layer(entities);
    let all = find_quotes(&doc).0;
    let speaker = all[0].speaker.as_ref().expect("speaker");
    assert_eq!(
        (speaker.entity.as_deref(), speaker.name.as_str()),
        (Some("e7"), "Anna Weber-Schulz")
    );
}

#[test]
fn english_direct_reported_and_according_to() {
    let text = "“We will win,” Smith said. Jones said that the plan had failed. \
                According to the police, the man fled.";
    let all = quotes("en", text);
    let direct = quote(&all, "“We will win,”");
    assert_eq!(
        (direct.kind, speaker_name(direct), cue_text(direct)),
        (QuoteKind::Direct, "Smith", "said")
    );
    let reported = quote(&all, "the plan had failed");
    assert_eq!(
        (reported.kind, speaker_name(reported)),
        (QuoteKind::Indirect, "Jones")
    );
    let according = quote(&all, "According to the police");
    assert_eq!(speaker_name(according), "police");
}

#[test]
fn hostile_input_does_not_panic() {
    for text in [
        "„",
        "“",
        "\"",
        ", sagte",
        "„„„“““",
        "sagte er: „",
        "Laut",
        "zufolge",
        "\n\n„\n\n“",
        "ä„ö“ü, sagte Ä.",
    ] {
        let _ = german(text);
        let _ = quotes("en", text);
    }
}

#[test]
fn cue_right_after_quotation_wins_over_earlier_cue() {
    let text = "Die Ministerin äußerte sich zu den Plänen: „Wir lehnen das ab“, \
                sagte Anna Weber gegenüber dem Sender.";
    let all = german(text);
    let q = quote(&all, "„Wir lehnen");
    assert_eq!((speaker_name(q), cue_text(q)), ("Anna Weber", "sagte"));
}

#[test]
fn subject_after_auxiliary_when_prefield_is_adverbial() {
    let text = "Im Vorfeld hatte das Organisationskomitee betont, dass die Karten wichtig seien.";
    let all = german(text);
    let q = quote(&all, "dass die Karten");
    assert_eq!(speaker_mention(text, q), "das Organisationskomitee");
}

#[test]
fn demonstrative_attributes_the_previous_sentence() {
    let text = "Der Täter wurde am Abend festgenommen. Das teilte die Polizei mit.";
    let all = german(text);
    let q = quote(&all, "Der Täter wurde");
    assert_eq!(q.text, "Der Täter wurde am Abend festgenommen");
    assert_eq!((q.kind, speaker_name(q)), (QuoteKind::Indirect, "Polizei"));
}

#[test]
fn impersonal_cue_takes_the_document_as_source() {
    let text = "In der Erklärung der Regierung heißt es, die Lage sei ernst.";
    let all = german(text);
    let q = quote(&all, "die Lage sei ernst");
    assert_eq!(speaker_mention(text, q), "der Erklärung der Regierung");
}

#[test]
fn wie_clause_with_name_apposition() {
    let text = "Wie der Vorsitzende Richter, Ottmar Breidling, ausführte, sei die Tat lange geplant gewesen.";
    let all = german(text);
    let q = quote(&all, "sei die Tat");
    assert_eq!(speaker_name(q), "Ottmar Breidling");
}

#[test]
fn unlisted_verb_before_dass_clause_reports_with_a_subject_only() {
    let text = "Freizeitforscher bezweifeln aber, dass so viele Besucher kommen werden.";
    let all = german(text);
    let q = quote(&all, "dass so viele");
    assert_eq!(
        (q.kind, speaker_name(q)),
        (QuoteKind::Indirect, "Freizeitforscher")
    );
    let subjectless =
        "Nachdem bekannt geworden war, dass die Firma verkauft wurde, stieg die Aktie.";
    assert!(german(subjectless).is_empty());
}

#[test]
fn fragment_takes_the_nearest_cue_before_it() {
    let all = german(
        "Klose nannte seinen Platzverweis „überzogen“, Bundestrainer Joachim Löw bezeichnete die Karten als „übertrieben“.",
    );
    assert_eq!(speaker_name(quote(&all, "„überzogen")), "Klose");
    assert_eq!(speaker_name(quote(&all, "„übertrieben")), "Joachim Löw");
}

#[test]
fn sie_after_the_verb_is_the_object_when_a_subject_precedes() {
    let text = "Vera Herbst lobte die Mittel. Der Hauptgeschäftsführer des Verbands nannte sie „fahrlässig“.";
    let all = german(text);
    let q = quote(&all, "„fahrlässig");
    assert_eq!(
        speaker_mention(text, q),
        "Der Hauptgeschäftsführer des Verbands"
    );
}

#[test]
fn partitive_subject_and_lone_name_before_the_verb() {
    let text =
        "Einer der 13 beteiligten Feuerwehrmänner sagte: „So etwas habe ich noch nie gesehen.“";
    let all = german(text);
    assert_eq!(
        speaker_mention(text, quote(&all, "„So etwas")),
        "Einer der 13 beteiligten Feuerwehrmänner"
    );
    let all = german("Seidling sagte: „Die Beweiskette reißt immer wieder ab.“");
    assert_eq!(speaker_name(quote(&all, "„Die Beweiskette")), "Seidling");
}

#[test]
fn quoted_source_names_are_sources_not_speech() {
    let text = "Laut „Reuters“ soll der Minister zurückgetreten sein. Wie „heise online“ berichtet, sperrten die Behörden den Zugang.";
    let all = german(text);
    assert!(all.iter().all(|q| q.kind != QuoteKind::Direct), "{all:#?}");
    assert_eq!(
        speaker_mention(text, quote(&all, "Laut „Reuters“ soll")),
        "„Reuters“"
    );
    assert_eq!(
        speaker_mention(text, quote(&all, "sperrten")),
        "„heise online“"
    );
}

#[test]
fn conditional_konjunktiv_continues_no_report() {
    let all = german(
        "Der Sprecher Karl Brandt sagte, die Anlage sei sicher. Sollte der Damm brechen, könnte das Wasser die Stadt erreichen.",
    );
    assert_eq!(all.len(), 1, "{all:#?}");
    assert_eq!(speaker_name(quote(&all, "die Anlage")), "Karl Brandt");
}

#[test]
fn possessive_opinion_takes_the_person_last_named() {
    let text = "Premierminister John Key sagte, die Lage sei ernst. Seiner Ansicht nach sind wir Zeugen eines schwarzen Tages.";
    let all = german(text);
    let q = quote(&all, "Seiner Ansicht nach sind");
    assert_eq!(speaker_mention(text, q), "Seiner Ansicht");
    assert_eq!(speaker_name(q), "John Key");
}

#[test]
fn wie_folgt_is_no_wie_clause() {
    let all = german("In der Meldung wird Elon Musk wie folgt zitiert: „Wir starten bald wieder.“");
    assert_eq!(speaker_name(quote(&all, "„Wir starten")), "Elon Musk");
}

#[test]
fn speech_act_without_content_is_continued_by_the_reporting_mood() {
    let all = german(
        "Der Minister Karl Brandt bestritt das. Sein Programm diene nur friedlichen Zwecken.",
    );
    let q = quote(&all, "Sein Programm diene");
    assert_eq!(
        (q.kind, speaker_name(q)),
        (QuoteKind::Indirect, "Karl Brandt")
    );
}

#[test]
fn speech_act_without_content_does_not_attribute_a_lone_quotation() {
    let all = german("Der Minister Karl Brandt bestritt das. „Zu spät.“");
    assert!(all.is_empty(), "{all:#?}");
}

#[test]
fn konjunktiv_i_after_a_sentence_naming_a_person_reports_that_person() {
    let all = german_with_persons(
        "Norbert Lammert würdigte die Bundeswehr. Sie sei eine Armee des Friedens.",
        &["Norbert Lammert"],
    );
    let q = quote(&all, "Sie sei eine Armee");
    assert_eq!(
        (q.kind, speaker_name(q)),
        (QuoteKind::Indirect, "Norbert Lammert")
    );
}

#[test]
fn konjunktiv_ii_alone_reports_nothing() {
    let all = german_with_persons(
        "Norbert Lammert besuchte die Truppe. Ein Abzug wäre ein Fehler.",
        &["Norbert Lammert"],
    );
    assert!(all.is_empty(), "{all:#?}");
}

#[test]
fn capitalised_wording_inside_a_report_is_also_a_direct_quote() {
    let all = german(
        "Der Sprecher Jan Ohm sagte, das sei „Ende der 90er Jahre in der Wirtschaft üblich“ gewesen. \
         Die Ministerin Eva Roth erklärte, der Plan sei eine „Kapitulation“ vor den Randalierern.",
    );
    let long = quote(&all, "„Ende der 90er");
    assert_eq!(
        (long.kind, speaker_name(long)),
        (QuoteKind::Direct, "Jan Ohm")
    );
    let worded = quote(&all, "„Kapitulation“");
    assert_eq!(
        (worded.kind, speaker_name(worded)),
        (QuoteKind::Direct, "Eva Roth")
    );
    assert_eq!(quote(&all, "das sei").kind, QuoteKind::Mixed);
}

#[test]
fn short_capitalised_name_inside_a_report_stays_a_name() {
    let all = german("Der Sprecher Jan Ohm sagte, der „Spiegel“ habe falsch berichtet.");
    assert!(all.iter().all(|q| q.kind != QuoteKind::Direct), "{all:#?}");
}

#[test]
fn bare_act_of_a_content_cue_is_no_report() {
    let all =
        german("Der Präsident Karl Brandt begrüßte den Beschluss der Regierung ausdrücklich.");
    assert!(all.is_empty(), "{all:#?}");
    let all =
        german("Die Gewerkschaftschefin Eva Roth kritisierte die Pläne der Regierung scharf.");
    let q = quote(&all, "Die Gewerkschaftschefin");
    assert_eq!(speaker_name(q), "Eva Roth");
}

#[test]
fn quotation_after_a_naming_word_is_a_name() {
    let text = "Der Sprecher Jan Ohm sagte, die so genannten „Einmannpackungen für die Truppe“ \
                seien unter dem Motto „Hilfe für alle Menschen hier“ verteilt worden.";
    let all = german(text);
    assert!(all.iter().all(|q| q.kind != QuoteKind::Direct), "{all:#?}");
}
