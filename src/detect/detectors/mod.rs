//! One file per detector. Each file holds the detector and, right below it,
//! its table of valid, one-digit-off and near-miss cases.

pub mod account_id;
pub mod address;
pub mod age;
pub mod bank_card;
pub mod biometric;
pub mod cn_passport;
pub mod cn_resident_id;
pub mod cn_travel_permit;
pub mod cn_uscc;
pub mod date;
pub mod email;
pub mod employer;
pub mod financial;
pub mod gender;
pub mod gps;
pub mod health;
pub mod hk_id;
pub mod iban;
pub mod imei;
pub mod ip;
pub mod license_plate;
pub mod mac;
pub mod mrn;
pub mod occupation;
pub mod passport;
pub mod person_name;
pub mod phone;
pub mod postal_code;
pub mod region;
pub mod tw_national_id;
pub mod url;
pub mod us_ssn;
pub mod vin;
pub mod vocab;

/// GB/T 2260 province-level codes: the first two digits of a resident ID or
/// an administrative division code.
pub fn cn_province_code(d0: u8, d1: u8) -> bool {
    if !d0.is_ascii_digit() || !d1.is_ascii_digit() {
        return false;
    }
    matches!(
        (d0 - b'0') * 10 + (d1 - b'0'),
        11..=15 | 21..=23 | 31..=37 | 41..=46 | 50..=54 | 61..=65 | 71 | 81..=83 | 91
    )
}

/// Days in a month of the proleptic Gregorian calendar.
pub fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// Whether year/month/day is a real calendar date in a plausible range for
/// people alive in records (1870–2099).
pub fn real_date(year: u32, month: u32, day: u32) -> bool {
    (1870..=2099).contains(&year) && day >= 1 && day <= days_in_month(year, month)
}

/// Parses ASCII digits into a number (at most 9 digits).
pub fn num(d: &[u8]) -> Option<u32> {
    if d.is_empty() || d.len() > 9 || !d.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(d.iter().fold(0u32, |a, &b| a * 10 + u32::from(b - b'0')))
}
