//! Input: bytes → decoded UTF-8 text → records, all streaming from chunks.

pub mod decode;
pub mod dialect;
#[cfg(feature = "excel")]
pub mod excel;
pub mod magic;
pub mod records;
