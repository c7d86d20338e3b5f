//! `pseudonymize`: a keyed pseudonym, HMAC-SHA-256 of the value under a
//! secret key, as hex. The same value gives the same pseudonym under the
//! same key (so tables can still be joined), and without the key nobody
//! can recompute it — unlike a plain hash, which anyone can run over every
//! possible phone number. The key is made on this machine and leaves it
//! only if the user exports it.

use super::{params, Built, CellOp, Context, Operator, Params};
use crate::error::{Error, ErrorKind, Result};
use hmac::{Hmac, Mac};
use serde::Deserialize;
use sha2::Sha256;

/// Keyed pseudonyms.
pub struct Pseudonymize;

#[derive(Deserialize)]
#[serde(default, deny_unknown_fields)]
struct P {
    /// Hex digits kept (8–64).
    length: usize,
    /// Put before the digits. The default `ps_` marks the value as a
    /// pseudonym, so that a scan of the masked file does not take it for
    /// an identifier (a bare hex digest may be an unkeyed hash, which is).
    prefix: String,
}

impl Default for P {
    fn default() -> Self {
        P {
            length: 16,
            prefix: "ps_".into(),
        }
    }
}

struct Keyed {
    mac: Hmac<Sha256>,
    length: usize,
    prefix: String,
}

impl CellOp for Keyed {
    fn apply(&self, cell: &str, out: &mut String) {
        use std::fmt::Write;
        let mut mac = self.mac.clone();
        mac.update(cell.trim().as_bytes());
        let digest = mac.finalize().into_bytes();
        out.clear();
        out.push_str(&self.prefix);
        for b in digest.iter().take(self.length.div_ceil(2)) {
            let _ = write!(out, "{b:02x}");
        }
        out.truncate(self.prefix.len() + self.length);
    }
}

impl Operator for Pseudonymize {
    fn name(&self) -> &'static str {
        "pseudonymize"
    }
    fn describe(&self) -> &'static str {
        "replace each value by a keyed pseudonym (HMAC-SHA-256): same value, same pseudonym"
    }
    fn effect(&self) -> super::Effect {
        super::Effect::Remove
    }
    fn needs_key(&self) -> bool {
        true
    }
    fn build(&self, p: &Params, ctx: &Context<'_>) -> Result<Built> {
        let p: P = params(self.name(), p)?;
        if !(8..=64).contains(&p.length) {
            return Err(Error::new(ErrorKind::Options(format!(
                "pseudonymize: length is 8 to 64 hex digits, not {}",
                p.length
            ))));
        }
        let key = ctx.key.ok_or_else(|| {
            Error::new(ErrorKind::Options(
                "pseudonymize needs a key (the CLI's --key-file, the page's key)".into(),
            ))
        })?;
        let mac = Hmac::<Sha256>::new_from_slice(key)
            .map_err(|e| Error::new(ErrorKind::Options(format!("pseudonymize: {e}"))))?;
        Ok(Built::Cells(Box::new(Keyed {
            mac,
            length: p.length,
            prefix: p.prefix,
        })))
    }
}

#[cfg(test)]
mod tests {
    use super::super::{apply_one, build, Built, Context};
    use crate::entity::Entity;
    use serde_json::json;

    fn pseudo(key: &[u8], v: &str) -> String {
        let ctx = Context {
            entity: Entity::PhoneNumber,
            key: Some(key),
        };
        let Ok(Built::Cells(op)) = build("pseudonymize", json!({"prefix": "P-"}), &ctx) else {
            panic!()
        };
        apply_one(op.as_ref(), v)
    }

    #[test]
    fn keyed_and_consistent() {
        let a = pseudo(&[1; 32], "13812345678");
        assert_eq!(a.len(), 18);
        assert!(a.starts_with("P-"));
        assert_eq!(
            a,
            pseudo(&[1; 32], " 13812345678 "),
            "same value, same pseudonym"
        );
        assert_ne!(
            a,
            pseudo(&[2; 32], "13812345678"),
            "another key, another pseudonym"
        );
        assert_ne!(a, pseudo(&[1; 32], "13812345679"));
        // RFC 4231 test case 2 (key "Jefe"), first 16 hex digits.
        let ctx = Context {
            entity: Entity::None,
            key: Some(b"Jefe"),
        };
        let Ok(Built::Cells(op)) = build("pseudonymize", json!({"length": 16, "prefix": ""}), &ctx)
        else {
            panic!()
        };
        assert_eq!(
            apply_one(op.as_ref(), "what do ya want for nothing?"),
            "5bdcc146bf60754e"
        );
    }

    #[test]
    fn no_key_is_an_error() {
        let ctx = Context {
            entity: Entity::None,
            key: None,
        };
        assert!(build("pseudonymize", json!({}), &ctx).is_err());
    }
}
