//! URLs (http, https, ftp, or starting with `www.`). `num` of a hit is a
//! hash of the host, so the column rule can tell a column of one
//! shared site (not personal) from personal homepages (an 8-bit hash: the
//! column rule only needs the share of the most common host); `flag` marks
//! profile hosts (social networks, code hosting), which are personal even
//! when they all share one host.

use crate::detect::evidence::Evidence;
use crate::detect::{
    Cell, ColumnView, Detector, Fact, Hit, Level, Meta, PiCategory, RuleOutcome, Shape,
};
use crate::entity::Entity;

/// The URL detector.
pub struct Url;

const PROFILE_HOSTS: &[&str] = &[
    "weibo.com",
    "weibo.cn",
    "zhihu.com",
    "douyin.com",
    "bilibili.com",
    "xiaohongshu.com",
    "github.com",
    "gitee.com",
    "linkedin.com",
    "facebook.com",
    "fb.com",
    "twitter.com",
    "x.com",
    "instagram.com",
    "tiktok.com",
    "youtube.com",
    "medium.com",
    "douban.com",
    "qzone.qq.com",
];

/// Splits a URL into its host, if it is one.
pub fn host(t: &str) -> Option<&str> {
    // Compare bytes: slicing the str could cut a multi-byte character.
    let lower_ok =
        |p: &str| t.len() > p.len() && t.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes());
    let rest = if lower_ok("https://") {
        &t[8..]
    } else if lower_ok("http://") {
        &t[7..]
    } else if lower_ok("ftp://") {
        &t[6..]
    } else if lower_ok("www.") {
        t
    } else {
        return None;
    };
    let end = rest.find(['/', '?', '#', ':']).unwrap_or(rest.len());
    let h = &rest[..end];
    let h = h.rsplit_once('@').map_or(h, |(_, h)| h);
    let valid = h.contains('.')
        && !h.starts_with('.')
        && !h.ends_with('.')
        && h.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-');
    valid.then_some(h)
}

/// Header words naming this entity, in the syntax of `headers.txt`
/// (`~` marks a weak word: the header hints, values must agree).
const HEADERS: &str =
    "网址|个人主页|主页|博客|url|homepage|home page|website|web site|web|link|profile url\
     |profile link|blog|personal website|~链接";

const META: Meta = Meta::new("url", Entity::Url)
    .embedded()
    .histogram()
    .headers(HEADERS)
    .pi(PiCategory::OnlineIdentifier, false);

impl Detector for Url {
    fn meta(&self) -> &Meta {
        &META
    }
    fn prefilter(&self, s: &Shape) -> bool {
        s.len >= 8 && s.letters >= 4 && s.marks & crate::detect::mark::DOT != 0 && s.spaces == 0
    }
    /// Personal web addresses are homepages and profiles: many different
    /// sites, or profile sites. Links into one or two sites (products,
    /// images, documents) are not personal.
    fn column_rule(&self, v: &ColumnView<'_>) -> RuleOutcome {
        let profiles = v.flagged * 2 > v.matched();
        if !profiles && v.mode_share() >= 0.5 && v.matched() >= 3 {
            (None, Some(Evidence::OneSite))
        } else {
            (Some(Entity::Url), None)
        }
    }
    fn detect(&self, cell: &Cell<'_>) -> Hit {
        let Some(h) = host(cell.text) else {
            return Hit::NO;
        };
        // Bytes: a host may start with a multi-byte character.
        let bare = if h.len() > 4 && h.as_bytes()[..4].eq_ignore_ascii_case(b"www.") {
            &h[4..]
        } else {
            h
        };
        let profile = PROFILE_HOSTS.iter().any(|p| {
            let n = bare.len();
            bare.eq_ignore_ascii_case(p)
                || (n > p.len()
                    && bare[n - p.len()..].eq_ignore_ascii_case(p)
                    && bare.as_bytes()[n - p.len() - 1] == b'.')
        });
        let hash = bare.bytes().fold(0x811c_9dc5u32, |a, b| {
            (a ^ u32::from(b.to_ascii_lowercase())).wrapping_mul(0x0100_0193)
        });
        Hit::new(
            Level::Valid,
            Fact::Host {
                hash: (hash & 0xFF) as u16,
                profile,
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::{check_table, Level};

    #[test]
    fn table() {
        check_table(
            &Url,
            &[
                ("https://github.com/zhangwei", Level::Valid),
                ("http://example.com/~li", Level::Valid),
                ("www.example.org", Level::Valid),
                ("https://localhost", Level::No),
                ("example.com", Level::No),
                ("mailto:a@b.com", Level::No),
            ],
        );
        let c = Cell::new("https://weibo.com/u/123");
        assert!(Url.detect(&c).fact.flagged());
    }
}
