//! Profiles that merge: arbitrary cells (the input's lines) cut at
//! arbitrary points, each part profiled on its own and the parts merged
//! in an arbitrary order, must give the findings of the whole column.
//! A difference is a bug: the findings must depend on the values only.

#![no_main]

use libfuzzer_sys::fuzz_target;
use privscan::profile::ColumnProfile;

fuzz_target!(|data: &[u8]| {
    if data.len() < 3 {
        return;
    }
    let (control, text) = data.split_at(3);
    let text = String::from_utf8_lossy(text);
    let cells: Vec<&str> = text.split('\n').collect();
    let mut whole = ColumnProfile::default();
    for c in &cells {
        whole.feed(c);
    }
    whole.settle();
    // Up to three cut points, and which part goes first.
    let n = cells.len();
    let mut cuts: Vec<usize> = control[..2].iter().map(|&b| b as usize * n / 255).collect();
    cuts.push(0);
    cuts.push(n);
    cuts.sort_unstable();
    let mut parts: Vec<ColumnProfile> = cuts
        .windows(2)
        .map(|w| {
            let mut p = ColumnProfile::default();
            for c in &cells[w[0]..w[1]] {
                p.feed(c);
            }
            p
        })
        .collect();
    let first = control[2] as usize % parts.len();
    let mut merged = parts.remove(first);
    if control[2] & 0x80 != 0 {
        parts.reverse();
    }
    for p in parts {
        merged.merge(p);
    }
    merged.settle();
    assert_eq!(merged.findings(), whole.findings());
});
