//! Plan + apply on arbitrary bytes: the input is scanned, a plan is made
//! from the suggestions and from operators chosen by the input's first
//! bytes, and the same bytes go through the masker. Any panic is a bug.

#![no_main]

use libfuzzer_sys::fuzz_target;
use privscan::mask::apply::MaskOptions;
use privscan::mask::operators::OPERATORS;
use privscan::mask::plan::{ColumnRef, Step};
use privscan::pipeline::{ScanOptions, Scanner};

fuzz_target!(|data: &[u8]| {
    if data.len() < 4 {
        return;
    }
    let (ops, input) = data.split_at(4);
    let Ok(mut s) = Scanner::new(ScanOptions {
        field_cap: Some(4096),
        ..ScanOptions::default()
    }) else {
        return;
    };
    if s.feed(input).is_err() {
        return;
    }
    let Ok(report) = s.finish() else {
        return;
    };
    let mut plan: Vec<Step> = if ops[0] & 1 == 0 {
        report.suggestions.clone()
    } else {
        Vec::new()
    };
    // A few operators with default parameters on the first columns, and
    // suppression of the first two.
    for (i, &b) in ops[1..].iter().enumerate() {
        if i >= report.columns.len() {
            break;
        }
        let op = OPERATORS[b as usize % OPERATORS.len()];
        plan.push(Step {
            column: ColumnRef::Index(i),
            operator: op.name().to_string(),
            params: Default::default(),
            why: None,
        });
    }
    let encoding = ["utf-8", "utf-8-bom", "gb18030"][ops[0] as usize / 2 % 3];
    let Ok(mut m) = s.masker(
        &plan,
        Some(&[1u8; 32]),
        &MaskOptions {
            encoding_out: Some(encoding.into()),
            ..MaskOptions::default()
        },
    ) else {
        return;
    };
    let mut out = Vec::new();
    for chunk in input.chunks(1 + ops[3] as usize % 97) {
        if m.feed(chunk, &mut out).is_err() {
            return;
        }
    }
    let _ = m.finish(&mut out);
});
