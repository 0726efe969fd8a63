//! Turns the compressed lexicons (`resources/{de,en}/lexicon.tsv.gz`) into
//! ready-to-probe hash tables in OUT_DIR, so the tagger uses a million word
//! forms without decompressing or parsing them at start-up (load < 300 ms).

use std::io::Read;

#[path = "src/lexicon_table.rs"]
#[allow(dead_code)]
mod lexicon_table;

fn main() {
    let out_dir = std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into());
    for language in ["de", "en"] {
        let source = format!("resources/{language}/lexicon.tsv.gz");
        println!("cargo:rerun-if-changed={source}");
        let mut text = String::new();
        if let Err(e) = std::fs::File::open(&source)
            .and_then(|f| flate2::read::GzDecoder::new(f).read_to_string(&mut text))
        {
            panic!("cannot read {source}: {e}; regenerate it with scripts/ner/derive_resources.py");
        }
        let table = build_table(&text);
        let target = std::path::Path::new(&out_dir).join(format!("lexicon-{language}.bin"));
        if let Err(e) = std::fs::write(&target, table) {
            panic!("cannot write {}: {e}", target.display());
        }
    }
}

/// The table of `lexicon_table.rs` for `word<TAB>cluster<TAB>log-prob`
/// lines; malformed lines and repeated forms (the first one wins) are
/// skipped.
fn build_table(text: &str) -> Vec<u8> {
    let mut words: Vec<u8> = Vec::with_capacity(text.len());
    let mut entries: Vec<(u32, u8, u32, i8)> = Vec::new();
    for line in text.lines() {
        let mut fields = line.split('\t');
        let (Some(word), Some(cluster), Some(prob)) = (fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        let (Ok(cluster), Ok(log_prob), Ok(len)) = (
            cluster.parse::<u32>(),
            prob.parse::<i8>(),
            u8::try_from(word.len()),
        ) else {
            continue;
        };
        entries.push((words.len() as u32, len, cluster, log_prob));
        words.extend_from_slice(word.as_bytes());
    }
    let slot_count = (entries.len() * 2).next_power_of_two().max(2);
    let bits = slot_count.trailing_zeros();
    let mut slots = vec![0u32; slot_count];
    let word_of = |&(start, len, _, _): &(u32, u8, u32, i8)| {
        &words[start as usize..start as usize + usize::from(len)]
    };
    for (number, entry) in entries.iter().enumerate() {
        let word = word_of(entry);
        let mut slot = lexicon_table::home_slot(word, bits);
        loop {
            match slots[slot] {
                0 => {
                    slots[slot] = number as u32 + 1;
                    break;
                }
                taken if word_of(&entries[taken as usize - 1]) == word => break,
                _ => slot = (slot + 1) & (slot_count - 1),
            }
        }
    }
    let mut out = Vec::with_capacity(
        lexicon_table::HEADER_BYTES
            + slot_count * 4
            + entries.len() * lexicon_table::ENTRY_BYTES
            + words.len(),
    );
    out.extend_from_slice(&(slot_count as u32).to_le_bytes());
    out.extend_from_slice(&(entries.len() as u32).to_le_bytes());
    for slot in &slots {
        out.extend_from_slice(&slot.to_le_bytes());
    }
    for &(start, len, cluster, log_prob) in &entries {
        out.extend_from_slice(&start.to_le_bytes());
        out.extend_from_slice(&cluster.to_le_bytes());
        out.push(len);
        out.push(log_prob as u8);
    }
    out.extend_from_slice(&words);
    out
}
