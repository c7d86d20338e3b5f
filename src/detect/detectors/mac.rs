//! MAC addresses (IEEE EUI-48): six hex pairs with `:` or `-`, or three
//! groups of four with `.` (Cisco).

use crate::detect::{mark, Cell, Detector, Hit, Meta, PiCategory, Shape};
use crate::entity::Entity;

/// The MAC address detector.
pub struct MacAddress;

/// Header words naming this entity, in the syntax of `headers.txt`
/// (`~` marks a weak word: the header hints, values must agree).
const HEADERS: &str = "mac地址|物理地址|mac|mac address|macaddress|mac addr|hardware address";

const META: Meta = Meta::new("mac_address", Entity::MacAddress)
    .embedded()
    .headers(HEADERS)
    .pi(PiCategory::Device, false);

impl Detector for MacAddress {
    fn meta(&self) -> &Meta {
        &META
    }
    fn prefilter(&self, s: &Shape) -> bool {
        (s.chars == 17 || s.chars == 14)
            && s.marks & !(mark::COLON | mark::DASH | mark::DOT) == 0
            && s.spaces == 0
    }
    fn detect(&self, cell: &Cell<'_>) -> Hit {
        let b = cell.text.as_bytes();
        let hex = |r: &[u8]| r.iter().all(u8::is_ascii_hexdigit);
        let ok = if b.len() == 17 {
            let sep = b[2];
            (sep == b':' || sep == b'-')
                && b.chunks(3)
                    .all(|c| hex(&c[..2]) && (c.len() == 2 || c[2] == sep))
        } else {
            b[4] == b'.' && b[9] == b'.' && hex(&b[..4]) && hex(&b[5..9]) && hex(&b[10..])
        };
        Hit::valid_if(ok)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::{check_table, Level};

    #[test]
    fn table() {
        check_table(
            &MacAddress,
            &[
                ("00:1A:2B:3C:4D:5E", Level::Valid),
                ("00-1a-2b-3c-4d-5e", Level::Valid),
                ("001a.2b3c.4d5e", Level::Valid),
                ("00:1A:2B:3C:4D:5G", Level::No),
                ("00:1A-2B:3C:4D:5E", Level::No),
                ("2024-01-01 10:00", Level::No),
            ],
        );
    }
}
