//! The pseudonymisation key: one rule for the CLI's key file, the bindings
//! and the page's key import. HMAC-SHA-256 accepts any length, but a key
//! shorter than 128 bits could be guessed, so shorter keys are refused.

use crate::error::{Error, ErrorKind, Result};

/// A key for keyed pseudonyms (at least [`Key::MIN_BYTES`] bytes).
#[derive(Clone, PartialEq, Eq)]
pub struct Key(Vec<u8>);

impl Key {
    /// The fewest bytes a key may have.
    pub const MIN_BYTES: usize = 16;
    /// The bytes a new key gets.
    pub const NEW_BYTES: usize = 32;

    /// A key from raw bytes.
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Key> {
        if bytes.len() < Self::MIN_BYTES {
            return Err(Error::new(ErrorKind::Options(format!(
                "a pseudonymisation key has at least {} bytes ({} hex digits); this one has {}",
                Self::MIN_BYTES,
                2 * Self::MIN_BYTES,
                bytes.len()
            ))));
        }
        Ok(Key(bytes))
    }

    /// A key written as hex digits (surrounding white space ignored).
    pub fn from_hex(hex: &str) -> Result<Key> {
        let hex = hex.trim();
        if hex.len() % 2 != 0 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(Error::new(ErrorKind::Options(
                "a pseudonymisation key is written as hex digits (0-9, a-f), two per byte".into(),
            )));
        }
        let bytes = (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0))
            .collect();
        Key::from_bytes(bytes)
    }

    /// The key as lower-case hex.
    pub fn to_hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// The raw bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.0
    }
}

impl std::fmt::Debug for Key {
    // A key never reaches a log or an error message.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Key({} bytes)", self.0.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_rule() {
        assert!(Key::from_hex(&"ab".repeat(16)).is_ok());
        assert!(Key::from_hex(&"ab".repeat(15)).is_err());
        assert!(Key::from_hex("abc").is_err());
        assert!(Key::from_hex(&"zz".repeat(16)).is_err());
        let k = Key::from_hex(&format!(" {}\n", "0F".repeat(32))).unwrap();
        assert_eq!(k.to_hex(), "0f".repeat(32));
        assert_eq!(format!("{k:?}"), "Key(32 bytes)");
    }
}
