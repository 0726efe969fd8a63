//! The stern article of September 2023 (read from ../shared, never copied
//! into the repository): every person, body and place is found, merged and
//! normalised.

use lagebild_core::{Document, Metadata, Stage};
use lagebild_entities::{Entities, EntitiesStage, Entity, EntityType, PlaceKind};

fn analysed_example() -> Option<Entities> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/examples/stern-2023-09-kim-putin.txt"
    );
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("skipped: {path} not found (../shared is not beside the repository)");
        return None;
    };
    let meta = Metadata {
        language: Some("de".into()),
        ..Default::default()
    };
    let mut doc = Document::verbatim(meta, text);
    lagebild_text::SegmentStage
        .annotate(&mut doc)
        .expect("segmentation");
    EntitiesStage.annotate(&mut doc).expect("entities");
    doc.layer::<Entities>().cloned()
}

fn entity<'a>(entities: &'a Entities, name: &str) -> &'a Entity {
    entities
        .0
        .iter()
        .find(|e| e.name == name)
        .unwrap_or_else(|| {
            let names: Vec<String> = entities
                .0
                .iter()
                .map(|e| format!("{} ({:?})", e.name, e.entity_type))
                .collect();
            panic!("no entity named {name:?}; found: {}", names.join(", "))
        })
}

#[test]
fn persons_are_found_and_partial_names_merged() {
    let Some(entities) = analysed_example() else {
        return;
    };
    for name in [
        "Kim Jong Un",
        "Wladimir Putin",
        "Joseph Dempsey",
        "Cho Han Bum",
        "Kim Jong Il",
        "Cheong Seong Chang",
    ] {
        assert_eq!(
            entity(&entities, name).entity_type,
            EntityType::Per,
            "{name}"
        );
    }
    let putin = entity(&entities, "Wladimir Putin");
    assert!(
        putin.mentions.iter().any(|m| m.text == "Putin"),
        "Putin merged into Wladimir Putin"
    );
    assert!(entity(&entities, "Joseph Dempsey")
        .mentions
        .iter()
        .any(|m| m.text == "Dempsey"));
    assert!(entity(&entities, "Kim Jong Un").mentions.len() >= 5);
    // The short forms never stand alone once the full name is known.
    for short in ["Putin", "Dempsey", "Kim", "Kims"] {
        assert!(
            entities.0.iter().all(|e| e.name != short),
            "{short} left unmerged"
        );
    }
}

#[test]
fn bodies_are_found_with_acronyms_and_compounds() {
    let Some(entities) = analysed_example() else {
        return;
    };
    let iiss = entity(&entities, "International Institute for Strategic Studies");
    assert!(iiss.aliases.contains(&"IISS".to_string()));
    for name in [
        "KCNA",
        "Sejong-Institut",
        "Korea-Institut für Nationale Vereinigung",
        "UN-Sicherheitsrat",
        "Wagner",
    ] {
        assert_eq!(
            entity(&entities, name).entity_type,
            EntityType::Org,
            "{name}"
        );
    }
    // "Wagner" comes out of the compound "Wagner-Söldnertruppe".
    let wagner = &entity(&entities, "Wagner").mentions[0];
    assert_eq!(wagner.text, "Wagner");
}

#[test]
fn places_are_normalised_with_country_codes() {
    let Some(entities) = analysed_example() else {
        return;
    };
    let expected = [
        ("Nordkorea", "KP", "kp"),
        ("Russland", "RU", "ru"),
        ("Moskau", "RU", "ru:moscow"),
        ("Pjöngjang", "KP", "kp:pyongyang"),
        ("Seoul", "KR", "kr:seoul"),
        ("Südkorea", "KR", "kr"),
        ("USA", "US", "us"),
        ("Washington", "US", "us:washington"),
        ("Ukraine", "UA", "ua"),
        ("Großbritannien", "GB", "gb"),
        ("Japan", "JP", "jp"),
    ];
    for (name, country, key) in expected {
        let place = entity(&entities, name);
        assert_eq!(
            (
                place.entity_type,
                place.country.as_deref(),
                place.key.as_deref()
            ),
            (EntityType::Loc, Some(country), Some(key)),
            "{name}"
        );
    }
    let north_korea = entity(&entities, "Nordkorea");
    assert!(
        north_korea.mentions.iter().any(|m| m.text == "Nordkoreas"),
        "genitive merged"
    );
    assert!(entity(&entities, "Russland")
        .mentions
        .iter()
        .any(|m| m.text == "Russlands"));
    assert!(entity(&entities, "Pjöngjang")
        .aliases
        .contains(&"Pyongyang".to_string()));
    assert_eq!(
        entity(&entities, "Washington").place_kind,
        Some(PlaceKind::Capital)
    );
    // "US" of "US-Regierung" joins the USA.
    assert!(entity(&entities, "USA")
        .mentions
        .iter()
        .any(|m| m.text == "US"));
    // Every entity has a unique id.
    let mut ids: Vec<&str> = entities.0.iter().map(|e| e.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), entities.0.len());
}
