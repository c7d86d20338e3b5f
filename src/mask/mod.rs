//! Masking operators. For now: the partial masks used for the examples in a
//! report (a report never carries a raw identifier value).

pub mod ops;
