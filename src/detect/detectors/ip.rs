//! IP addresses, parsed by the standard library (dotted-quad IPv4 without
//! leading zeros, any RFC 4291 IPv6 text form), also with a port as access
//! logs write them (`203.0.113.7:51234`, `[2001:db8::1]:443`). A column of
//! dotted quads whose parts are all small (`2.4.1.0`) reads as version
//! numbers unless its header names addresses (10.x, the private range
//! logs are full of, is never taken for a version).

use crate::detect::{
    mark, Cell, ColumnView, Detector, Fact, Hit, Level, Meta, PiCategory, RuleOutcome, Shape,
};
use crate::entity::Entity;
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddrV4, SocketAddrV6};

/// The IP address detector.
pub struct IpAddress;

/// Header words naming this entity, in the syntax of `headers.txt`
/// (`~` marks a weak word: the header hints, values must agree).
const HEADERS: &str =
    "ip地址|登录ip|ip|ip address|ipv4|ipv6|client ip|remote ip|remote addr|source ip\
     |src ip|ip addr|ipaddress|user ip";

const META: Meta = Meta::new("ip_address", Entity::IpAddress)
    .embedded()
    .headers(HEADERS)
    .pi(PiCategory::OnlineIdentifier, false);

impl Detector for IpAddress {
    fn meta(&self) -> &Meta {
        &META
    }
    fn prefilter(&self, s: &Shape) -> bool {
        let v4 = s.marks == mark::DOT && s.punct == 3 && s.chars == s.digits + 3 && s.chars <= 15;
        let v4_port = s.marks == mark::DOT | mark::COLON
            && s.punct == 4
            && s.chars == s.digits + 4
            && s.chars <= 21;
        // `[v6]:port`: brackets are punctuation without a mark of their own.
        let v6_port =
            s.marks & mark::COLON != 0 && s.chars <= 53 && s.spaces == 0 && s.letters <= 32;
        let v6 = s.marks & !(mark::COLON | mark::DOT) == 0
            && s.marks & mark::COLON != 0
            && s.chars <= 45
            && s.spaces == 0;
        // `120.230.45.12(广东-广州)`: survey platforms write where the
        // address is after it.
        let located = s.marks & (mark::PAREN | mark::CJK_PUNCT) != 0
            && s.marks & mark::DOT != 0
            && s.digits >= 4
            && s.chars <= 64;
        v4 || v4_port || v6 || v6_port || located
    }
    fn column_rule(&self, view: &ColumnView<'_>) -> RuleOutcome {
        // Public addresses pass as versions about one time in a thousand.
        if view.header != Some(Entity::IpAddress) && view.flagged * 4 >= view.valid * 3 {
            return (None, None);
        }
        (Some(Entity::IpAddress), None)
    }
    fn detect(&self, cell: &Cell<'_>) -> Hit {
        let t = cell.text;
        if let Some((address, place)) = t.split_once(['(', '（']) {
            let address = address.trim_end();
            let closed = place.ends_with([')', '）']);
            if !closed || address.is_empty() || address.contains(['(', '（']) {
                return Hit::NO;
            }
            let bare = Cell::new(address);
            return if self.prefilter(&bare.shape) {
                self.detect(&bare)
            } else {
                Hit::NO
            };
        }
        if let Ok(a) = t.parse::<Ipv4Addr>() {
            let [a, b, c, _] = a.octets();
            let version = (1..=12).contains(&a) && a != 10 && b <= 30 && c <= 60;
            return if version {
                Hit::new(Level::Valid, Fact::VersionLike)
            } else {
                Hit::VALID
            };
        }
        if t.parse::<SocketAddrV4>().is_ok() {
            return Hit::VALID;
        }
        if t.starts_with('[') && t.parse::<SocketAddrV6>().is_ok() {
            return Hit::VALID;
        }
        // A time of day ("12:30:00") is not an IPv6 address.
        if t.bytes().filter(|&b| b == b':').count() >= 2
            && t.parse::<Ipv6Addr>().is_ok()
            && t.len() > 8
        {
            return Hit::VALID;
        }
        Hit::NO
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::{check_table, Level};

    #[test]
    fn table() {
        check_table(
            &IpAddress,
            &[
                ("192.168.1.20", Level::Valid),
                ("2001:db8::8a2e:370:7334", Level::Valid),
                ("256.1.1.1", Level::No),
                ("192.168.1", Level::No),
                ("12:30:00", Level::No),
                ("1.2.3.4.5", Level::No),
                ("203.0.113.7:51234", Level::Valid),
                ("[2001:db8::1]:443", Level::Valid),
                ("203.0.113.7:99999", Level::No),
                ("12:30", Level::No),
                ("120.230.45.12(广东-广州)", Level::Valid),
                ("203.0.113.7 (Lyon)", Level::Valid),
                ("1.2.3(广东)", Level::No),
                ("(广东)", Level::No),
            ],
        );
    }
}
