//! Online account handles: WeChat ids (`wxid_…`, or 6–20 characters starting
//! with a letter), QQ numbers (5–11 digits), `@handles` and user names. Only
//! `wxid_` and `@handle` forms are distinctive; the rest need a header.

use crate::detect::{mark, Cell, Detector, Hit, Meta, PiCategory, Shape};
use crate::entity::Entity;

/// The account id detector.
pub struct AccountId;

/// Header words naming this entity, in the syntax of `headers.txt`
/// (`~` marks a weak word: the header hints, values must agree).
const HEADERS: &str = "微信|微信号|微信id|qq|qq号|qq号码|账户名|用户名|昵称|账号名|登录名|登录账号|会员名|微博|抖音号|username|user name\
     |login|login name|handle|nickname|nick name|screen name|wechat|wechat id|weixin\
     |twitter|weibo|social media|user account|~account name|userid login|skype\
     |we chat|we chat id";

const META: Meta = Meta::new("account_id", Entity::AccountId)
    .needs_header()
    .headers(HEADERS)
    .pi(PiCategory::OnlineIdentifier, false);

impl Detector for AccountId {
    fn meta(&self) -> &Meta {
        &META
    }
    /// User names in any script (小明同学) may be accounts.
    fn plausible(&self, cell: &Cell<'_>) -> bool {
        let s = &cell.shape;
        (2..=64).contains(&s.chars) && s.spaces <= 1 && !crate::cell::is_flag(cell.text)
    }
    fn prefilter(&self, s: &Shape) -> bool {
        (4..=32).contains(&s.chars)
            && s.ascii()
            && s.spaces == 0
            && s.marks & !(mark::UNDERSCORE | mark::DASH | mark::AT | mark::DOT) == 0
    }
    fn detect(&self, cell: &Cell<'_>) -> Hit {
        let t = cell.text;
        if t.starts_with("wxid_") && t.len() > 8 {
            return Hit::VALID;
        }
        if let Some(h) = t.strip_prefix('@') {
            if h.len() >= 3
                && !h.contains('@')
                && h.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.')
            {
                return Hit::WEAK;
            }
            return Hit::NO;
        }
        if t.contains('@') {
            return Hit::NO;
        }
        let b = t.as_bytes();
        if b[0].is_ascii_alphanumeric() {
            Hit::SHAPE
        } else {
            Hit::NO
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::{check_table, Level};

    #[test]
    fn table() {
        check_table(
            &AccountId,
            &[
                ("wxid_abc123xyz", Level::Valid),
                ("@zhang_wei", Level::Weak),
                ("123456789", Level::Shape),
                ("zhangwei_88", Level::Shape),
                ("a@b.com", Level::No),
                ("hi", Level::No),
            ],
        );
    }
}
