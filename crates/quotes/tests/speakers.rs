//! Speaker resolution, one invented article per construction: who said
//! it, and which mention in the text the speaker span points to.

mod common;

use common::{german, german_with_persons, quote, speaker_mention, speaker_name};

#[test]
fn standalone_demonstrative_is_a_pronoun_subject() {
    let text = "Spector werde durch seinen Fahrer Adriano De Souza belastet. \
                Dieser behauptete, Spector sei ihm mit einer Pistole entgegengekommen.";
    let all = german(text);
    let q = quote(&all, "Spector sei");
    assert_eq!(speaker_mention(text, q), "Dieser");
}

#[test]
fn demonstrative_before_a_noun_is_no_pronoun() {
    let text = "Diese Behörde teilte am Montag mit, die Werte seien gestiegen.";
    let all = german(text);
    let q = quote(&all, "die Werte");
    assert_eq!(speaker_mention(text, q), "Diese Behörde");
}

#[test]
fn relative_pronoun_subject_stands_for_the_phrase_before_the_comma() {
    let text = "Die Firmen prüfen die Angaben eines Hackers, der behauptet, \
                den Code der neuen Geräte geknackt zu haben.";
    let all = german(text);
    let q = quote(&all, "den Code");
    assert_eq!(speaker_mention(text, q), "der");
    assert_eq!(speaker_name(q), "Hackers");
}

#[test]
fn relative_clause_before_the_main_verb_keeps_the_subject() {
    let text = "Der Forscher Paul Roth, der die Lücke fand, sagte, die Geräte seien unsicher.";
    let all = german(text);
    let q = quote(&all, "die Geräte");
    assert_eq!(speaker_name(q), "Paul Roth");
}

#[test]
fn wonach_takes_the_phrase_before_its_comma() {
    let text = "Anna Weber sprach am Montag in Berlin. \
                Für das Jahr 2002 gibt es eine Schätzung, wonach 53.000 Kinder betroffen seien.";
    let all = german(text);
    let q = quote(&all, "53.000");
    assert_eq!(speaker_mention(text, q), "eine Schätzung");
}

#[test]
fn quoted_name_before_the_verb_is_the_subject() {
    let text = "Die Zeitung „Yemen Observer“ berichtet jedoch, dass bereits zwei Verhandlungsrunden stattfanden.";
    let all = german(text);
    let q = quote(&all, "dass bereits");
    assert_eq!(speaker_mention(text, q), "Die Zeitung");
}

#[test]
fn passive_agent_speaks_not_the_subject() {
    let text = "Die Miliz wurde von Kenias Regierung beschuldigt, die Anschläge verübt zu haben.";
    let all = german(text);
    let q = quote(&all, "die Anschläge");
    assert_eq!(speaker_mention(text, q), "Kenias Regierung");
}

#[test]
fn passive_without_agent_takes_the_document() {
    let text = "In einem Bericht der Salzburger Nachrichten wurde vermutet, dass keine der Personen überlebt hat.";
    let all = german(text);
    let q = quote(&all, "dass keine");
    assert_eq!(
        speaker_mention(text, q),
        "einem Bericht der Salzburger Nachrichten"
    );
}

#[test]
fn passive_quoting_keeps_the_one_quoted() {
    let text = "Der Vorsitzende Konrad Freiberg wird in einer Presseerklärung mit den Worten zitiert: „Wir brauchen mehr Personal.“";
    let all = german(text);
    let q = quote(&all, "„Wir brauchen");
    assert_eq!(speaker_name(q), "Konrad Freiberg");
}

#[test]
fn time_colon_does_not_split_the_clause() {
    let text = "Um 10:05 Uhr meldete die Nachrichtenseite Golem, der Verein habe den Zusammenhang bestätigt.";
    let all = german(text);
    let q = quote(&all, "der Verein");
    assert_eq!(speaker_mention(text, q), "die Nachrichtenseite Golem");
}

#[test]
fn demonstrative_object_after_the_verb_leaves_the_subject() {
    let text = "Der Kanzler Paul Roth äußerte sich am Abend. Er bezeichnete diese als eine „souveräne Entscheidung“.";
    let all = german(text);
    let q = quote(&all, "„souveräne");
    assert_eq!(speaker_mention(text, q), "Er");
}

#[test]
fn name_joined_by_ohne_is_one_speaker() {
    let text =
        "Ärzte ohne Grenzen teilte gestern mit, drei Flugzeuge der Organisation seien gelandet.";
    let all = german(text);
    let q = quote(&all, "drei Flugzeuge");
    assert_eq!(speaker_name(q), "Ärzte ohne Grenzen");
}

#[test]
fn group_named_by_role_is_the_subject() {
    let text = "Kritiker hatten ihm vorgeworfen, er wolle sich nur selbst bereichern.";
    let all = german(text);
    let q = quote(&all, "er wolle");
    assert_eq!(speaker_mention(text, q), "Kritiker");
}

#[test]
fn quotation_without_cue_quotes_the_person_its_sentence_names() {
    let text = "Der Flughafenmanager Vedat Muftuoglu sagte: „Niemand sollte so etwas tun.“ \
                Der Verkehrsminister Binali Yildirim charakterisierte das Opfer als ein „Beispiel taktlosen Verhaltens“.";
    let all = german_with_persons(text, &["Vedat Muftuoglu", "Binali Yildirim"]);
    let q = quote(&all, "„Beispiel");
    assert_eq!(speaker_name(q), "Binali Yildirim");
}

#[test]
fn object_in_the_prefield_leaves_the_subject_after_the_verb() {
    let text =
        "Die Äußerungen der Richter bezeichnete Dieter Wiefelspütz als „Knaller aus Karlsruhe“.";
    let all = german_with_persons(text, &["Dieter Wiefelspütz"]);
    let q = quote(&all, "„Knaller");
    assert_eq!(speaker_name(q), "Dieter Wiefelspütz");
}

#[test]
fn object_in_the_prefield_is_kept_before_a_pronoun_or_accusative() {
    let text = "Der Hauptgeschäftsführer des Verbands nannte sie „fahrlässig“.";
    let all = german(text);
    let q = quote(&all, "„fahrlässig");
    assert_eq!(
        speaker_mention(text, q),
        "Der Hauptgeschäftsführer des Verbands"
    );
}

#[test]
fn name_apposition_with_party_before_the_verb_is_the_subject() {
    let text = "Der frühere Bürgermeister, Henning Scherf (SPD), warnte die CDU vor einem „populistischen Wahlkampf“.";
    let all = german(text);
    let q = quote(&all, "„populistischen");
    assert_eq!(speaker_name(q), "Henning Scherf");
}

#[test]
fn impersonal_cue_takes_its_von_phrase_or_document_as_source() {
    let text =
        "„Alle Anzeichen deuten auf einen Anschlag hin“, hieß es vom Abgeordneten Viktor Oserow. \
                „Wir bitten um Geduld“, heißt es in einer gestern verbreiteten Erklärung.";
    let all = german(text);
    let first = quote(&all, "„Alle Anzeichen");
    assert_eq!(speaker_mention(text, first), "Abgeordneten Viktor Oserow");
    let second = quote(&all, "„Wir bitten");
    assert_eq!(
        speaker_mention(text, second),
        "einer gestern verbreiteten Erklärung"
    );
}

#[test]
fn apposition_with_article_before_the_verb_is_no_content() {
    let text = "Die Regierungspartei Palästinas, die Hamas, bezeichnete die Anschläge als „Selbstverteidigung“.";
    let all = german(text);
    let q = quote(&all, "„Selbstverteidigung");
    assert!(
        speaker_mention(text, q).starts_with("Die Regierungspartei"),
        "{q:#?}"
    );
}

#[test]
fn wonach_after_a_quoted_name_takes_that_source() {
    let text = "Ein Bericht der Nachrichtenagentur „Interfax“, wonach der Minister zurückgetreten sei, wurde dementiert.";
    let all = german(text);
    let q = quote(&all, "der Minister");
    assert!(
        speaker_mention(text, q).contains("Nachrichtenagentur"),
        "{q:#?}"
    );
}

#[test]
fn wonach_without_a_source_continues_the_report_before_it() {
    let text = "Moritz Wohlrab sagte, es sei ein falscher Eindruck entstanden, \
                wonach die Hilfe nicht ankomme.";
    let all = german(text);
    let q = quote(&all, "es sei");
    assert_eq!(speaker_name(q), "Moritz Wohlrab");
}

#[test]
fn quoted_by_a_von_agent_credits_the_medium() {
    let text =
        "Der Fraktionschef Volker Ratzmann wird von der „Netzeitung“ mit den Worten zitiert: \
                „Wowereit ist angeschlagen.“";
    let all = german(text);
    let q = quote(&all, "„Wowereit");
    assert!(speaker_mention(text, q).contains("Netzeitung"), "{q:#?}");
}

#[test]
fn relative_pronoun_after_no_phrase_is_the_speaker_mention() {
    let text = "Bei der Anhörung war auch Ramsey Clark anwesend, der der Regierung vorwarf, \
                die Aktivisten frei zu lassen.";
    let all = german(text);
    let q = quote(&all, "die Aktivisten");
    assert_eq!(speaker_mention(text, q), "der");
}

#[test]
fn zufolge_takes_the_phrase_right_before_it() {
    let text = "Am vergangenen Samstag starben behördlichen Angaben zufolge fünf Menschen.";
    let all = german(text);
    let q = quote(&all, "Am vergangenen");
    assert_eq!(speaker_mention(text, q), "behördlichen Angaben");
}

#[test]
fn subordinate_clause_ending_in_the_cue_names_its_subject_after_the_conjunction() {
    let text = "Als Hongkongs Regierungschef Paul Leung am Sonntag sagte, \
                die Proteste seien keine Revolution, widersprach niemand.";
    let all = german(text);
    let q = quote(&all, "die Proteste");
    assert!(speaker_mention(text, q).contains("Leung"), "{q:#?}");
    let text = "Es ist nicht entschieden, da die PDM angekündigt hatte, \
                mit allen Parteien verhandeln zu wollen.";
    let all = german(text);
    let q = quote(&all, "mit allen");
    assert_eq!(speaker_mention(text, q), "die PDM");
}

#[test]
fn focus_particle_before_the_subject_after_the_verb() {
    let text = "Von den Einrichtungen in Belgien erklärten nur die Gefängnisse, \
                aus Sicherheitsgründen nicht teilnehmen zu wollen.";
    let all = german(text);
    let q = quote(&all, "aus Sicherheitsgründen");
    assert_eq!(speaker_mention(text, q), "die Gefängnisse");
}

#[test]
fn auxiliary_nearest_the_verb_opens_the_middle_field() {
    let text = "Nachdem die Gespräche ergebnislos beendet waren, war das McCain-Lager \
                bis zuletzt davon ausgegangen, dass es weitere Gespräche geben werde.";
    let all = german(text);
    let q = quote(&all, "dass es");
    assert_eq!(speaker_mention(text, q), "das McCain-Lager");
}

#[test]
fn selbst_opening_the_prefield_is_no_subject() {
    let text = "Selbst die Wochenzeitschrift „Jungle World“ hatte kritisiert, \
                dass sie für ihre Haltung bekannt sei.";
    let all = german(text);
    let q = quote(&all, "dass sie");
    assert!(
        speaker_mention(text, q).starts_with("die Wochenzeitschrift"),
        "{q:#?}"
    );
}

#[test]
fn coordinated_adjectives_stay_in_the_subject() {
    let text = "Die afghanischen und ausländischen Soldaten waren davon ausgegangen, \
                die verdächtigen Personen seien dabei, eine Falle zu bauen.";
    let all = german(text);
    let q = quote(&all, "die verdächtigen");
    assert_eq!(
        speaker_mention(text, q),
        "Die afghanischen und ausländischen Soldaten"
    );
}

#[test]
fn quoting_agent_is_the_last_von_not_an_owner() {
    let text = "Sergei Voznyak, Sprecher von Aljaksandr Milinkewitsch, wird von der \
                Nachrichtenagentur Reuters mit den Worten zitiert, er habe mit ihm gesprochen.";
    let all = german(text);
    let q = quote(&all, "er habe");
    assert!(speaker_mention(text, q).contains("Reuters"), "{q:#?}");
    let text = "Am Montag wird Hans Watzke auf der Internetseite von Borussia Dortmund \
                wie folgt zitiert: „Ich freue mich auf die Aufgabe.“";
    let all = german(text);
    let q = quote(&all, "„Ich freue");
    assert_eq!(speaker_name(q), "Hans Watzke");
}

#[test]
fn subordinate_clause_in_the_prefield_leaves_the_subject_after_the_verb() {
    let text = "Da Brauereien auf sauberes Wasser angewiesen sind, warnte der \
                Hauptgeschäftsführer des Brauer-Bundes, Peter Hahn, die Politik: „Das ist gefährlich.“";
    let all = german(text);
    let q = quote(&all, "„Das ist");
    assert!(
        speaker_mention(text, q).contains("Hauptgeschäftsführer"),
        "{q:#?}"
    );
}

#[test]
fn opening_wie_clause_beats_a_later_source_phrase() {
    let text = "Wie Vizeregierungssprecher Thomas Steg mitteilte, ist die Kernenergie \
                nach Auffassung der Kanzlerin unverzichtbar.";
    let all = german(text);
    let q = quote(&all, "ist die Kernenergie");
    assert_eq!(speaker_name(q), "Thomas Steg");
}
