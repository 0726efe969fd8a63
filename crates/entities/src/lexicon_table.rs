// The layout of the prebuilt lexicon table, shared by `build.rs` (which
// writes it) and `lexicon.rs` (which reads it in place): a million word
// forms must be usable without a parse at start-up.
//
// Layout, all integers little-endian:
//   header    u32 slot count (a power of two), u32 entry count
//   slots     slot count × u32: entry number + 1, 0 for an empty slot
//             (open addressing, linear probing from `home_slot`)
//   entries   entry count × ENTRY_BYTES: u32 offset of the word in the word
//             bytes, u32 Brown cluster id, u8 word length, i8 log-probability
//   words     the word forms, UTF-8, back to back

/// Bytes of the header.
pub const HEADER_BYTES: usize = 8;
/// Bytes of one entry.
pub const ENTRY_BYTES: usize = 10;

/// The slot where probing for `word` starts in a table of `2^bits` slots:
/// FNV-1a, then a multiplicative mix whose top bits pick the slot.
pub fn home_slot(word: &[u8], bits: u32) -> usize {
    let hash = word.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    if bits == 0 {
        return 0;
    }
    (hash.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - bits)) as usize
}
