//! Pure check-digit validators. Each takes the characters of an identifier
//! (separators already removed) and answers whether its check character is
//! right. They never allocate.

/// GB 11643-1999 (ISO 7064 MOD 11-2) check character of an 18-character
/// resident ID: weights 2^(17-i) mod 11, check = (12 - sum mod 11) mod 11,
/// where 10 is written `X`.
pub fn gb11643(id: &[u8]) -> bool {
    if id.len() != 18 || !id[..17].iter().all(u8::is_ascii_digit) {
        return false;
    }
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = id[..17]
        .iter()
        .zip(W)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    let check = (12 - sum % 11) % 11;
    match id[17] {
        b'X' | b'x' => check == 10,
        d @ b'0'..=b'9' => u32::from(d - b'0') == check,
        _ => false,
    }
}

/// The check character GB 11643 expects for the first 17 digits (used by the
/// synthetic data generator and by tests).
pub fn gb11643_check_char(first17: &[u8]) -> u8 {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = first17
        .iter()
        .zip(W)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    b"10X98765432"[(sum % 11) as usize]
}

/// Luhn (ISO/IEC 7812-1 annex B) over ASCII digits.
pub fn luhn(digits: &[u8]) -> bool {
    if digits.len() < 2 || !digits.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let mut sum = 0u32;
    for (i, d) in digits.iter().rev().enumerate() {
        let mut v = u32::from(d - b'0');
        if i % 2 == 1 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    sum % 10 == 0
}

/// The Luhn check digit for a payload (used by the generator).
pub fn luhn_check_digit(payload: &[u8]) -> u8 {
    let mut sum = 0u32;
    for (i, d) in payload.iter().rev().enumerate() {
        let mut v = u32::from(d - b'0');
        if i % 2 == 0 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    b'0' + ((10 - sum % 10) % 10) as u8
}

/// GB 32100-2015 unified social credit code: 18 characters from the alphabet
/// `0-9 A-H J-N P-R T-U W-Y` (no I O S V Z); character 18 is a mod-31 check
/// over the first 17 with weights 3^i mod 31.
pub fn gb32100(code: &[u8]) -> bool {
    if code.len() != 18 {
        return false;
    }
    let mut vals = [0u32; 18];
    for (v, &c) in vals.iter_mut().zip(code) {
        match uscc_value(c) {
            Some(x) => *v = x,
            None => return false,
        }
    }
    vals[17] == uscc_check(&vals[..17])
}

const USCC_ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

fn uscc_value(c: u8) -> Option<u32> {
    let c = c.to_ascii_uppercase();
    USCC_ALPHABET.iter().position(|&a| a == c).map(|p| p as u32)
}

fn uscc_check(first17: &[u32]) -> u32 {
    const W: [u32; 17] = [
        1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
    ];
    let sum: u32 = first17.iter().zip(W).map(|(v, w)| v * w).sum();
    (31 - sum % 31) % 31
}

/// The check character for 17 USCC characters (used by the generator).
pub fn gb32100_check_char(first17: &[u8]) -> Option<u8> {
    let vals: Option<Vec<u32>> = first17.iter().map(|&c| uscc_value(c)).collect();
    let vals = vals?;
    (vals.len() == 17).then(|| USCC_ALPHABET[uscc_check(&vals) as usize])
}

/// GB 11714-1997 organisation code (组织机构代码): eight digits or
/// upper-case letters, then a check character, `0`–`9` or `X`: 11 minus the
/// weighted sum (3 7 9 10 5 8 4 2, letters counting 10 to 35) mod 11, where
/// 10 is `X` and 11 is `0`. Characters 9 to 17 of a USCC are one.
pub fn gb11714(code: &[u8]) -> bool {
    const W: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];
    if code.len() != 9 {
        return false;
    }
    let mut sum = 0;
    for (&c, w) in code[..8].iter().zip(W) {
        let v = match c {
            b'0'..=b'9' => u32::from(c - b'0'),
            b'A'..=b'Z' => u32::from(c - b'A') + 10,
            _ => return false,
        };
        sum += v * w;
    }
    let check = match 11 - sum % 11 {
        10 => b'X',
        11 => b'0',
        d => b'0' + d as u8,
    };
    code[8] == check
}

/// ISO 13616 IBAN: move the first four characters to the end, letters to
/// numbers (A = 10), and the result mod 97 must be 1. Length per country is
/// checked by the caller.
pub fn iban_mod97(iban: &[u8]) -> bool {
    if iban.len() < 15 || iban.len() > 34 {
        return false;
    }
    let mut rem: u32 = 0;
    for &c in iban[4..].iter().chain(&iban[..4]) {
        let c = c.to_ascii_uppercase();
        match c {
            b'0'..=b'9' => rem = (rem * 10 + u32::from(c - b'0')) % 97,
            b'A'..=b'Z' => rem = (rem * 100 + u32::from(c - b'A' + 10)) % 97,
            _ => return false,
        }
    }
    rem == 1
}

/// Hong Kong identity card: one or two letters, six digits, and a check
/// character (0–9 or A for 10) such that the weighted sum is divisible by 11.
/// A single-letter prefix counts as a leading space worth 36.
pub fn hkid(prefix: &[u8], digits: &[u8], check: u8) -> bool {
    if prefix.is_empty() || prefix.len() > 2 || digits.len() != 6 {
        return false;
    }
    let letter = |c: u8| -> Option<u32> {
        c.is_ascii_alphabetic()
            .then(|| u32::from(c.to_ascii_uppercase() - b'A') + 10)
    };
    let (a, b) = if prefix.len() == 2 {
        (letter(prefix[0]), letter(prefix[1]))
    } else {
        (Some(36), letter(prefix[0]))
    };
    let (Some(a), Some(b)) = (a, b) else {
        return false;
    };
    let mut sum = a * 9 + b * 8;
    for (i, d) in digits.iter().enumerate() {
        if !d.is_ascii_digit() {
            return false;
        }
        sum += u32::from(d - b'0') * (7 - i as u32);
    }
    let c = match check.to_ascii_uppercase() {
        b'A' => 10,
        d @ b'0'..=b'9' => u32::from(d - b'0'),
        _ => return false,
    };
    (sum + c) % 11 == 0
}

/// ISO 3779 / 49 CFR 565 VIN check digit (position 9), as used in North
/// America. Letters I, O and Q never occur in a VIN.
pub fn vin(v: &[u8]) -> bool {
    if v.len() != 17 {
        return false;
    }
    const W: [u32; 17] = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
    let mut sum = 0;
    for (i, &c) in v.iter().enumerate() {
        let Some(val) = vin_value(c) else {
            return false;
        };
        sum += val * W[i];
    }
    let check = sum % 11;
    match v[8].to_ascii_uppercase() {
        b'X' => check == 10,
        d @ b'0'..=b'9' => u32::from(d - b'0') == check,
        _ => false,
    }
}

fn vin_value(c: u8) -> Option<u32> {
    let c = c.to_ascii_uppercase();
    Some(match c {
        b'0'..=b'9' => u32::from(c - b'0'),
        b'A'..=b'H' => u32::from(c - b'A') + 1,
        b'J'..=b'N' => u32::from(c - b'J') + 1,
        b'P' => 7,
        b'R' => 9,
        b'S'..=b'Z' => u32::from(c - b'S') + 2,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gb11643_cases() {
        // (value, expected): valid, one digit off, near misses.
        let cases: &[(&str, bool)] = &[
            ("11010519491231002X", true),
            ("11010519491231002x", true),
            ("440524188001010014", true),
            ("11010519491231003X", false),
            ("110105194912310021", false),
            ("1101051949123100", false),
            ("11010519491231002Y", false),
            ("A1010519491231002X", false),
        ];
        for &(v, want) in cases {
            assert_eq!(gb11643(v.as_bytes()), want, "{v}");
        }
        assert_eq!(gb11643_check_char(b"11010519491231002"), b'X');
    }

    #[test]
    fn luhn_cases() {
        let cases: &[(&str, bool)] = &[
            ("4111111111111111", true),
            ("5500005555555559", true),
            ("378282246310005", true),
            ("490154203237518", true), // IMEI
            ("4111111111111112", false),
            ("4111111111111121", false),
            ("1", false),
            ("41111111a1111111", false),
        ];
        for &(v, want) in cases {
            assert_eq!(luhn(v.as_bytes()), want, "{v}");
        }
        assert_eq!(luhn_check_digit(b"411111111111111"), b'1');
    }

    #[test]
    fn gb32100_cases() {
        let cases: &[(&str, bool)] = &[
            ("91350100M000100Y43", true),
            ("91110000600037341L", true),
            ("91350100M000100Y44", false),
            ("91350100M000100I43", false), // I is not in the alphabet
            ("91350100M000100Y4", false),
        ];
        for &(v, want) in cases {
            assert_eq!(gb32100(v.as_bytes()), want, "{v}");
        }
        assert_eq!(gb32100_check_char(b"91350100M000100Y4"), Some(b'3'));
    }

    #[test]
    fn iban_cases() {
        let cases: &[(&str, bool)] = &[
            ("GB82WEST12345698765432", true),
            ("DE89370400440532013000", true),
            ("GB82WEST12345698765433", false),
            ("GB28WEST12345698765432", false),
            ("GB82WEST1234569876543!", false),
        ];
        for &(v, want) in cases {
            assert_eq!(iban_mod97(v.as_bytes()), want, "{v}");
        }
    }

    #[test]
    fn hkid_cases() {
        assert!(hkid(b"A", b"123456", b'3'));
        assert!(hkid(b"G", b"123456", b'A'));
        assert!(!hkid(b"A", b"123456", b'4'));
        assert!(!hkid(b"A", b"12345", b'3'));
        assert!(!hkid(b"1", b"123456", b'3'));
    }

    #[test]
    fn vin_cases() {
        assert!(vin(b"1M8GDM9AXKP042788"));
        assert!(vin(b"11111111111111111"));
        assert!(!vin(b"1M8GDM9A1KP042788"));
        assert!(!vin(b"1M8GDM9AXKP04278O"));
        assert!(!vin(b"1M8GDM9AXKP04278"));
    }
}
