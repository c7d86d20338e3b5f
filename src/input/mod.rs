//! Input: bytes → decoded UTF-8 text → records, all streaming from chunks.

pub mod decode;
pub mod dialect;
pub mod magic;
pub mod records;
