//! One dictionary code per row, stored as narrowly as the column's
//! dictionary allows: one byte while it has fewer than 256 values, two
//! below 65,536, four beyond. Most quasi-identifiers (sex, region,
//! occupation, age, postal code, district) fit in one or two bytes, and a
//! scan keeps a code per row for each of them, so this is most of the
//! memory a long file costs.

/// A column's codes, widened once when a code no longer fits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Codes {
    /// Codes below 256.
    U8(Vec<u8>),
    /// Codes below 65,536.
    U16(Vec<u16>),
    /// Any code.
    U32(Vec<u32>),
}

impl Default for Codes {
    fn default() -> Self {
        Codes::U8(Vec::new())
    }
}

impl From<Vec<u32>> for Codes {
    /// The narrowest storage for these codes.
    fn from(v: Vec<u32>) -> Codes {
        let max = v.iter().copied().max().unwrap_or(0);
        if max <= u32::from(u8::MAX) {
            Codes::U8(v.into_iter().map(|c| c as u8).collect())
        } else if max <= u32::from(u16::MAX) {
            Codes::U16(v.into_iter().map(|c| c as u16).collect())
        } else {
            Codes::U32(v)
        }
    }
}

impl Codes {
    /// Appends a code, widening the storage first if it does not fit.
    pub fn push(&mut self, code: u32) {
        match self {
            Codes::U8(v) => match u8::try_from(code) {
                Ok(c) => v.push(c),
                Err(_) => {
                    *self = if code <= u32::from(u16::MAX) {
                        Codes::U16(v.iter().map(|&c| u16::from(c)).collect())
                    } else {
                        Codes::U32(v.iter().map(|&c| u32::from(c)).collect())
                    };
                    self.push(code);
                }
            },
            Codes::U16(v) => match u16::try_from(code) {
                Ok(c) => v.push(c),
                Err(_) => {
                    *self = Codes::U32(v.iter().map(|&c| u32::from(c)).collect());
                    self.push(code);
                }
            },
            Codes::U32(v) => v.push(code),
        }
    }

    /// Rows held.
    pub fn len(&self) -> usize {
        self.as_slice().len()
    }

    /// Makes room for `rows` codes in all, at the current width.
    pub fn reserve_total(&mut self, rows: usize) {
        match self {
            Codes::U8(v) => v.reserve_exact(rows.saturating_sub(v.len())),
            Codes::U16(v) => v.reserve_exact(rows.saturating_sub(v.len())),
            Codes::U32(v) => v.reserve_exact(rows.saturating_sub(v.len())),
        }
    }

    /// Whether no row is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bytes per code.
    pub fn width(&self) -> usize {
        match self {
            Codes::U8(_) => 1,
            Codes::U16(_) => 2,
            Codes::U32(_) => 4,
        }
    }

    /// The codes as a slice.
    pub fn as_slice(&self) -> CodeSlice<'_> {
        match self {
            Codes::U8(v) => CodeSlice::U8(v),
            Codes::U16(v) => CodeSlice::U16(v),
            Codes::U32(v) => CodeSlice::U32(v),
        }
    }
}

/// A code of any width.
pub trait Code: Copy {
    /// The code as `u32`.
    fn wide(self) -> u32;
}

impl Code for u8 {
    fn wide(self) -> u32 {
        u32::from(self)
    }
}

impl Code for u16 {
    fn wide(self) -> u32 {
        u32::from(self)
    }
}

impl Code for u32 {
    fn wide(self) -> u32 {
        self
    }
}

/// Borrowed codes of any width.
#[derive(Clone, Copy, Debug)]
pub enum CodeSlice<'a> {
    /// One byte per code.
    U8(&'a [u8]),
    /// Two bytes per code.
    U16(&'a [u16]),
    /// Four bytes per code.
    U32(&'a [u32]),
}

/// Runs `$body` with `$v` bound to the typed slice inside `$codes`, so
/// that hot loops are compiled once per width instead of dispatching per
/// row.
#[macro_export]
macro_rules! with_codes {
    ($codes:expr, |$v:ident| $body:expr) => {
        match $codes {
            $crate::profile::codes::CodeSlice::U8($v) => $body,
            $crate::profile::codes::CodeSlice::U16($v) => $body,
            $crate::profile::codes::CodeSlice::U32($v) => $body,
        }
    };
}

impl<'a> CodeSlice<'a> {
    /// Rows held.
    pub fn len(self) -> usize {
        with_codes!(self, |v| v.len())
    }

    /// Whether no row is held.
    pub fn is_empty(self) -> bool {
        self.len() == 0
    }

    /// The code of row `r`, if there is one.
    pub fn get(self, r: usize) -> Option<u32> {
        with_codes!(self, |v| v.get(r).map(|&c| c.wide()))
    }

    /// The first `n` rows (all of them if there are fewer).
    pub fn prefix(self, n: usize) -> CodeSlice<'a> {
        match self {
            CodeSlice::U8(v) => CodeSlice::U8(&v[..n.min(v.len())]),
            CodeSlice::U16(v) => CodeSlice::U16(&v[..n.min(v.len())]),
            CodeSlice::U32(v) => CodeSlice::U32(&v[..n.min(v.len())]),
        }
    }

    /// The codes widened to `u32`.
    pub fn to_vec(self) -> Vec<u32> {
        with_codes!(self, |v| v.iter().map(|&c| c.wide()).collect())
    }

    /// Every code, widened to `u32` (per-row dispatch: not for hot loops).
    pub fn iter(self) -> impl Iterator<Item = u32> + 'a {
        (0..self.len()).map(move |r| self.get(r).unwrap_or(0))
    }
}

impl<'a> From<&'a [u32]> for CodeSlice<'a> {
    fn from(v: &'a [u32]) -> Self {
        CodeSlice::U32(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widens_once_and_keeps_every_code() {
        let mut c = Codes::default();
        let codes: Vec<u32> = (0..300).chain([70_000, 3, 0]).collect();
        for (i, &code) in codes.iter().enumerate() {
            c.push(code);
            let want = if code >= 65_536 || i > 300 {
                4
            } else if i >= 256 {
                2
            } else {
                1
            };
            assert_eq!(c.width(), want, "after code {code}");
        }
        assert_eq!(c.as_slice().to_vec(), codes);
        assert_eq!(c.as_slice().get(299), Some(299));
        assert_eq!(c.as_slice().get(303), None);
        assert_eq!(c.as_slice().prefix(2).to_vec(), vec![0, 1]);
        assert_eq!(Codes::from(vec![1, 2, 255]).width(), 1);
        assert_eq!(Codes::from(vec![256]).width(), 2);
        assert_eq!(Codes::from(codes.clone()).as_slice().to_vec(), codes);
    }
}
