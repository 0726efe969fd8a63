//! Bytes to text: UTF-8 when it is UTF-8, the BOM's encoding when there is
//! one, otherwise the encoding Firefox's detector (`chardetng`) guesses —
//! old German archives are windows-1252 or latin-1, and failing on them
//! would lose whole corpora.

use encoding_rs::Encoding;
use std::borrow::Cow;

/// Decodes `bytes` as text, never failing: undecodable bytes become U+FFFD
/// only after BOM, UTF-8 and detection have all been tried.
pub(crate) fn decode(bytes: &[u8]) -> Cow<'_, str> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return encoding.decode_without_bom_handling(&bytes[bom_len..]).0;
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Cow::Borrowed(text);
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector
        .guess(None, chardetng::Utf8Detection::Deny)
        .decode_without_bom_handling(bytes)
        .0
}

/// True when the bytes start with a UTF-16 byte-order mark; such text has
/// NUL bytes and must not be taken for binary data.
pub(crate) fn is_utf16(bytes: &[u8]) -> bool {
    matches!(Encoding::for_bom(bytes), Some((enc, _)) if enc != encoding_rs::UTF_8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf8_bom_windows_1252_and_latin1() {
        assert_eq!(decode("Grüße".as_bytes()), "Grüße");
        assert_eq!(decode(b"\xEF\xBB\xBFGr\xC3\xBC\xC3\x9Fe"), "Grüße");
        // windows-1252: „Anführungszeichen“ – dash, and € sign
        let cp1252 = b"\x84Die Gr\xFC\xDFe\x93 \x96 kostet 5 \x80 f\xFCr \xC4rzte und B\xFCrger";
        assert_eq!(
            decode(cp1252),
            "„Die Grüße“ – kostet 5 € für Ärzte und Bürger"
        );
        let latin1 = b"Sch\xF6ne Gr\xFC\xDFe aus M\xFCnchen, sagte der B\xFCrgermeister.";
        assert_eq!(
            decode(latin1),
            "Schöne Grüße aus München, sagte der Bürgermeister."
        );
        assert!(is_utf16(b"\xFF\xFEa\x00"));
        assert!(!is_utf16(b"\xEF\xBB\xBFa"));
    }
}
