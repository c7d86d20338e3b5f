//! GPS coordinates: a "lat, lon" pair of decimals in range with at least
//! three decimals (≈ 100 m), or a single coordinate with at least four
//! decimals (a latitude or longitude column, which needs a header).

use crate::detect::{mark, Cell, Detector, Hit, Meta, PiCategory, Shape};
use crate::entity::Entity;

/// The GPS detector.
pub struct Gps;

fn coord(s: &str) -> Option<(f64, usize)> {
    let s = s.trim();
    let s = s.trim_end_matches(['N', 'S', 'E', 'W', '°']);
    let decimals = s.split_once('.').map_or(0, |(_, f)| f.len());
    if !s
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-' || b == b'+')
    {
        return None;
    }
    s.parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .map(|v| (v, decimals))
}

/// Header words naming this entity, in the syntax of `headers.txt`
/// (`~` marks a weak word: the header hints, values must agree).
const HEADERS: &str =
    "经纬度|坐标|定位|纬度|经度|gps|lat|lng|lon|latitude|longitude|coordinates|coords|geo\
     |geolocation|lat lng|lat long|~long|~位置|~location";

const META: Meta = Meta::new("gps", Entity::GpsCoordinates)
    .headers(HEADERS)
    .pi(PiCategory::Location, true);

impl Detector for Gps {
    fn meta(&self) -> &Meta {
        &META
    }
    fn prefilter(&self, s: &Shape) -> bool {
        s.marks & mark::DOT != 0 && s.digits >= 5 && s.chars <= 48 && s.letters <= 2 && s.cjk == 0
    }
    fn detect(&self, cell: &Cell<'_>) -> Hit {
        let t = cell
            .text
            .trim_matches(|c| c == '(' || c == ')' || c == '[' || c == ']');
        let parts: Vec<&str> = t.split([',', ' ', ';']).filter(|p| !p.is_empty()).collect();
        match parts.as_slice() {
            [a, b] => match (coord(a), coord(b)) {
                (Some((lat, da)), Some((lon, db)))
                    if lat.abs() <= 90.0 && lon.abs() <= 180.0 && da >= 3 && db >= 3 =>
                {
                    Hit::VALID
                }
                _ => Hit::NO,
            },
            [a] => match coord(a) {
                Some((v, d)) if v.abs() <= 180.0 && d >= 4 => Hit::SHAPE,
                _ => Hit::NO,
            },
            _ => Hit::NO,
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
            &Gps,
            &[
                ("39.9042, 116.4074", Level::Valid),
                ("31.2304,121.4737", Level::Valid),
                ("(-33.8688, 151.2093)", Level::Valid),
                ("39.904211", Level::Shape),
                ("91.0000, 116.4074", Level::No),
                ("39.9, 116.4", Level::No),
                ("12.50", Level::No),
            ],
        );
    }
}
