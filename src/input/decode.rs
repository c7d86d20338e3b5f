//! Streaming decoding to UTF-8.
//!
//! How the encoding is decided, in order:
//! 1. forced by the caller (`--encoding`), or
//! 2. a byte order mark (UTF-8, UTF-16LE/BE), or
//! 3. BOM-less UTF-16, told by where the NUL bytes fall (even or odd
//!    positions) in the first KiB, or
//! 4. while the input is pure ASCII nothing needs deciding (every candidate
//!    decodes ASCII the same), so it passes straight through; at the first
//!    non-ASCII byte up to [`DECIDE_BYTES`] are gathered, then: valid UTF-8
//!    → UTF-8, else chardetng's guess. chardetng is weak on very short
//!    Chinese text, so for short samples a GBK reading made of common
//!    GB2312 characters is preferred (exports from Excel/WPS in China are
//!    GBK). chardetng calls GB18030 data "GBK"; encoding_rs decodes GBK
//!    with the full GB18030 decoder, so nothing is lost.
//!
//! Malformed sequences become U+FFFD and every replaced byte is counted.

use crate::error::{Error, ErrorKind, Result};
use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{DecoderResult, Encoding, GBK, UTF_16BE, UTF_16LE, UTF_8};

/// Bytes gathered after the first non-ASCII byte before deciding.
pub const DECIDE_BYTES: usize = 64 * 1024;
/// Bytes looked at for a BOM, binary signatures and UTF-16 parity.
const HEAD_BYTES: usize = 1024;

/// How the encoding was decided (the report's `encoding_confidence`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// A byte order mark.
    Bom,
    /// The input is valid UTF-8 (or pure ASCII).
    ValidUtf8,
    /// A detector's guess.
    Guessed,
    /// Given by the caller.
    Forced,
}

impl Source {
    /// The source a report string names (an unknown one reads as a guess).
    pub fn parse(s: &str) -> Source {
        match s {
            "bom" => Source::Bom,
            "valid_utf8" => Source::ValidUtf8,
            "forced" => Source::Forced,
            _ => Source::Guessed,
        }
    }

    /// The report string.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Bom => "bom",
            Source::ValidUtf8 => "valid_utf8",
            Source::Guessed => "guessed",
            Source::Forced => "forced",
        }
    }
}

enum State {
    /// Gathering the first bytes.
    Head,
    /// Only ASCII seen so far: bytes pass through.
    Ascii,
    /// Non-ASCII seen; gathering bytes to decide.
    Deciding,
    /// Decoding with a chosen encoding.
    Decoding(encoding_rs::Decoder),
}

/// A push decoder: feed raw chunks, receive UTF-8.
pub struct StreamDecoder {
    forced: Option<&'static Encoding>,
    state: State,
    pending: Vec<u8>,
    encoding: &'static Encoding,
    source: Source,
    /// Input bytes replaced by U+FFFD.
    pub replaced_bytes: u64,
    /// NUL characters produced.
    pub nul_bytes: u64,
    bom_len: u64,
    /// How the forced encoding was decided, when it was decided on the
    /// whole input for a part of it (see [`StreamDecoder::assumed`]).
    assumed: Option<Source>,
    /// A byte order mark at the start is skipped (not in a part that
    /// starts mid-input).
    at_start: bool,
    /// The input ended with only ASCII seen: UTF-8 by definition, but not
    /// decided by anything in it.
    ascii_only: bool,
    /// UTF-8 is passed through as it is, without the decoder, while it is
    /// valid: decoding it is a copy, and the decoder is only needed to
    /// replace malformed bytes (it takes over at the first).
    utf8_as_is: bool,
    /// The bytes of a character the last chunk left open, while UTF-8
    /// passes through as it is.
    open: Vec<u8>,
}

/// Resolves a user-given encoding label (WHATWG labels, plus a few common
/// spellings such as `utf8`, `gb2312`, `cp936`, `utf-16`).
pub fn encoding_for_label(label: &str) -> Result<&'static Encoding> {
    let l = label.trim().to_ascii_lowercase();
    let l = match l.as_str() {
        "utf8" => "utf-8",
        "utf16" | "utf-16" => "utf-16le",
        "cp936" | "ms936" | "windows-936" => "gbk",
        "sjis" | "cp932" => "shift_jis",
        "latin1" | "cp1252" => "windows-1252",
        other => other,
    };
    Encoding::for_label(l.as_bytes())
        .ok_or_else(|| Error::new(ErrorKind::UnknownEncoding(label.to_string())))
}

impl StreamDecoder {
    /// A decoder that detects, or uses `forced` when given.
    pub fn new(forced: Option<&'static Encoding>) -> Self {
        StreamDecoder {
            forced,
            state: State::Head,
            pending: Vec::new(),
            encoding: UTF_8,
            source: Source::ValidUtf8,
            replaced_bytes: 0,
            nul_bytes: 0,
            bom_len: 0,
            assumed: None,
            at_start: true,
            ascii_only: false,
            utf8_as_is: false,
            open: Vec::new(),
        }
    }

    /// A decoder for a part of an input whose encoding was decided on the
    /// whole of it (`source`: how); `at_start`: the part starts the input.
    pub fn assumed(encoding: &'static Encoding, source: Source, at_start: bool) -> Self {
        StreamDecoder {
            assumed: Some(source),
            at_start,
            ..StreamDecoder::new(Some(encoding))
        }
    }

    /// A decoder for a part of an input that starts mid-stream, after a
    /// line break: no byte order mark or file signature is looked for,
    /// ASCII passes through, and the encoding is decided at the part's
    /// first non-ASCII byte as a whole input's is at its own (see
    /// `pipeline::split` for how the parts' decisions are reconciled).
    pub fn mid_stream() -> Self {
        StreamDecoder {
            state: State::Ascii,
            at_start: false,
            ..StreamDecoder::new(None)
        }
    }

    /// Whether non-ASCII bytes were seen but the encoding is not decided
    /// yet (the sample is still being gathered).
    pub fn deciding(&self) -> bool {
        matches!(self.state, State::Deciding)
    }

    /// The encoding and how it was decided, once something in the input
    /// decided it (a byte order mark, non-ASCII bytes, or the caller):
    /// `None` while undecided, and for input that was ASCII to its end.
    pub fn decision(&self) -> Option<(&'static Encoding, Source)> {
        (matches!(self.state, State::Decoding(_)) && !self.ascii_only)
            .then_some((self.encoding, self.source))
    }

    /// The encoding in use (UTF-8 until decided).
    pub fn encoding(&self) -> &'static Encoding {
        self.encoding
    }

    /// How it was decided.
    pub fn source(&self) -> Source {
        self.source
    }

    /// Length of the byte order mark that was skipped.
    pub fn bom_len(&self) -> u64 {
        self.bom_len
    }

    /// Feeds raw bytes, appending decoded UTF-8 to `out`.
    pub fn feed(&mut self, input: &[u8], out: &mut Vec<u8>) -> Result<()> {
        self.push(input, false, out)
    }

    /// Ends the input, flushing what is left.
    pub fn finish(&mut self, out: &mut Vec<u8>) -> Result<()> {
        self.push(&[], true, out)
    }

    /// A chunk's text as it is, without a copy, where it needs no
    /// decoding: ASCII before the encoding is decided, valid UTF-8 after.
    /// `out` gets the text that comes before it (a character the last
    /// chunk left open, now complete); the bytes of a character this one
    /// leaves open are kept for the next. `None`: the chunk is to be
    /// decoded by [`StreamDecoder::feed`].
    pub fn borrow<'c>(&mut self, chunk: &'c [u8], out: &mut Vec<u8>) -> Option<&'c [u8]> {
        match self.state {
            State::Ascii if Encoding::ascii_valid_up_to(chunk) == chunk.len() => {
                self.nul_bytes += memchr::memchr_iter(0, chunk).count() as u64;
                Some(chunk)
            }
            State::Decoding(_) if self.utf8_as_is => {
                let start = out.len();
                let text = self.utf8_valid(chunk, out)?;
                self.nul_bytes += (memchr::memchr_iter(0, &out[start..]).count()
                    + memchr::memchr_iter(0, text).count())
                    as u64;
                Some(text)
            }
            _ => None,
        }
    }

    /// Decoding starts with `enc`.
    fn start_decoding(&mut self, enc: &'static Encoding) {
        self.utf8_as_is = enc == UTF_8;
        self.state = State::Decoding(enc.new_decoder_without_bom_handling());
    }

    /// The valid UTF-8 of `input` after the character the last chunk left
    /// open (completed into `out`); the bytes of a character `input` leaves
    /// open at its end are kept. `None`, with nothing kept or written, when
    /// `input` holds malformed UTF-8.
    fn utf8_valid<'c>(&mut self, input: &'c [u8], out: &mut Vec<u8>) -> Option<&'c [u8]> {
        let mut rest = input;
        let mut completed = Vec::new();
        if let Some(&lead) = self.open.first() {
            let width = match lead {
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                _ => 4,
            };
            let need = (width - self.open.len()).min(rest.len());
            completed.extend_from_slice(&self.open);
            completed.extend_from_slice(&rest[..need]);
            rest = &rest[need..];
            match std::str::from_utf8(&completed) {
                Ok(_) => {}
                // Still open: a chunk of one or two bytes.
                Err(e) if e.error_len().is_none() && rest.is_empty() => {
                    self.open = completed;
                    return Some(rest);
                }
                Err(_) => return None,
            }
        }
        let text = match simdutf8::compat::from_utf8(rest) {
            Ok(_) => rest,
            Err(e) if e.error_len().is_none() => {
                let (text, open) = rest.split_at(e.valid_up_to());
                self.open.clear();
                self.open.extend_from_slice(open);
                out.extend_from_slice(&completed);
                return Some(text);
            }
            Err(_) => return None,
        };
        self.open.clear();
        out.extend_from_slice(&completed);
        Some(text)
    }

    fn push(&mut self, input: &[u8], last: bool, out: &mut Vec<u8>) -> Result<()> {
        match self.state {
            State::Head => {
                self.pending.extend_from_slice(input);
                if self.pending.len() < HEAD_BYTES && !last {
                    return Ok(());
                }
                let head = std::mem::take(&mut self.pending);
                self.start(&head, last, out)
            }
            State::Ascii => self.ascii(input, last, out),
            State::Deciding => {
                self.pending.extend_from_slice(input);
                if self.pending.len() >= DECIDE_BYTES || last {
                    self.decide(last, out)
                } else {
                    Ok(())
                }
            }
            State::Decoding(_) => self.decode(input, last, out),
        }
    }

    fn start(&mut self, head: &[u8], last: bool, out: &mut Vec<u8>) -> Result<()> {
        if let Some(enc) = self.forced {
            self.encoding = enc;
            self.source = self.assumed.unwrap_or(Source::Forced);
            // A BOM of the forced encoding itself is still skipped.
            let (bom_enc, bom_len) = Encoding::for_bom(head).unwrap_or((enc, 0));
            let skip = if bom_enc == enc && self.at_start {
                bom_len
            } else {
                0
            };
            self.bom_len = skip as u64;
            self.start_decoding(enc);
            return self.decode(&head[skip..], last, out);
        }
        if let Some((enc, len)) = Encoding::for_bom(head) {
            self.encoding = enc;
            self.source = Source::Bom;
            self.bom_len = len as u64;
            self.start_decoding(enc);
            return self.decode(&head[len..], last, out);
        }
        // Exactly the first HEAD_BYTES decide, however the input was cut
        // into chunks (a first chunk of the whole file used to count its
        // NULs over more bytes than a split scan's first range).
        let probe = &head[..head.len().min(HEAD_BYTES)];
        crate::input::magic::check(probe)?;
        if let Some(enc) = utf16_by_parity(probe) {
            self.encoding = enc;
            self.source = Source::Guessed;
            self.start_decoding(enc);
            return self.decode(head, last, out);
        }
        let nuls = probe.iter().filter(|&&b| b == 0).count();
        if nuls * 10 > probe.len() && probe.len() >= 16 {
            let at = probe.iter().position(|&b| b == 0).unwrap_or(0);
            return Err(Error::new(ErrorKind::NotText {
                looks_like: "binary data (many NUL bytes from the start)",
                hint: if at < 16 {
                    "Choose the CSV file of the table."
                } else {
                    "If it is UTF-16 text, give --encoding utf-16le or utf-16be."
                },
            }));
        }
        self.state = State::Ascii;
        self.ascii(head, last, out)
    }

    fn ascii(&mut self, input: &[u8], last: bool, out: &mut Vec<u8>) -> Result<()> {
        let upto = Encoding::ascii_valid_up_to(input);
        let ascii = &input[..upto];
        self.nul_bytes += memchr::memchr_iter(0, ascii).count() as u64;
        out.extend_from_slice(ascii);
        // chardetng looks only at the last two ASCII bytes before the first
        // non-ASCII one, so the prefix is not kept for it.
        if upto == input.len() {
            if last {
                // Pure ASCII: UTF-8 by definition.
                self.ascii_only = true;
                self.encoding = UTF_8;
                self.source = Source::ValidUtf8;
                self.start_decoding(UTF_8);
            }
            return Ok(());
        }
        self.state = State::Deciding;
        self.pending.clear();
        self.push(&input[upto..], last, out)
    }

    fn decide(&mut self, last: bool, out: &mut Vec<u8>) -> Result<()> {
        let pending = std::mem::take(&mut self.pending);
        // Exactly the first DECIDE_BYTES from the first non-ASCII byte,
        // however the input was cut into chunks: the parts of a split scan
        // decide as the whole does.
        let sample = &pending[..pending.len().min(DECIDE_BYTES)];
        let ends = last && sample.len() == pending.len();
        let valid_utf8 = match std::str::from_utf8(sample) {
            Ok(_) => true,
            // An incomplete sequence at the end of a chunk is fine.
            Err(e) => e.error_len().is_none() && !ends,
        };
        let enc = if valid_utf8 {
            self.source = Source::ValidUtf8;
            UTF_8
        } else {
            // chardetng is slow (it scores many candidates), so it only
            // runs when the sample is not UTF-8.
            self.source = Source::Guessed;
            // Not the end of the input unless it is: a sample cut inside a
            // double-byte character would otherwise rule out GBK, Big5 and
            // Shift_JIS (a 1 MiB first chunk of a GBK export read as
            // windows-1252).
            let mut d = EncodingDetector::new(Iso2022JpDetection::Deny);
            d.feed(sample, ends);
            guess(&d, sample)
        };
        self.encoding = enc;
        self.start_decoding(enc);
        self.decode(&pending, last, out)
    }

    fn decode(&mut self, input: &[u8], last: bool, out: &mut Vec<u8>) -> Result<()> {
        let joined: Vec<u8>;
        let mut input = input;
        if self.utf8_as_is {
            // Valid text is taken as `borrow` hands it over.
            if let Some(text) = self.borrow(input, out) {
                out.extend_from_slice(text);
                if !last || self.open.is_empty() {
                    return Ok(());
                }
                // A character left open at the end: the decoder replaces it.
                input = &[];
            }
            // Malformed bytes (or an open character at the end): the
            // decoder takes over from the last whole character on.
            self.utf8_as_is = false;
            let mut held = std::mem::take(&mut self.open);
            held.extend_from_slice(input);
            joined = held;
            input = &joined;
        }
        let State::Decoding(dec) = &mut self.state else {
            return Ok(());
        };
        loop {
            let need = dec
                .max_utf8_buffer_length_without_replacement(input.len())
                .unwrap_or(input.len() * 3 + 16);
            let start = out.len();
            out.resize(start + need.max(16), 0);
            let (res, read, written) =
                dec.decode_to_utf8_without_replacement(input, &mut out[start..], last);
            out.truncate(start + written);
            self.nul_bytes += memchr::memchr_iter(0, &out[start..]).count() as u64;
            input = &input[read..];
            match res {
                DecoderResult::InputEmpty => return Ok(()),
                DecoderResult::OutputFull => continue,
                DecoderResult::Malformed(bad, _) => {
                    self.replaced_bytes += u64::from(bad);
                    out.extend_from_slice("\u{FFFD}".as_bytes());
                }
            }
        }
    }
}

/// BOM-less UTF-16: ASCII-range text has a NUL in every other byte.
fn utf16_by_parity(head: &[u8]) -> Option<&'static Encoding> {
    let pairs = head.len() / 2;
    if pairs < 2 {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for p in head.chunks_exact(2) {
        even += usize::from(p[0] == 0);
        odd += usize::from(p[1] == 0);
    }
    if odd * 10 >= pairs * 3 && even * 20 <= pairs {
        Some(UTF_16LE)
    } else if even * 10 >= pairs * 3 && odd * 20 <= pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Share of double-byte GBK characters that are GB2312 level-1 hanzi (the
/// 3,755 most common characters), among those with a hanzi lead byte.
fn gb2312_common_share(sample: &[u8]) -> f64 {
    let (mut hanzi, mut common) = (0u32, 0u32);
    let mut i = 0;
    while i < sample.len() {
        let b = sample[i];
        if b < 0x80 {
            i += 1;
            continue;
        }
        let Some(&t) = sample.get(i + 1) else { break };
        if b >= 0xB0 {
            hanzi += 1;
            if b <= 0xD7 && t >= 0xA1 && t != 0xFF {
                common += 1;
            }
        }
        i += 2;
    }
    if hanzi == 0 {
        0.0
    } else {
        f64::from(common) / f64::from(hanzi)
    }
}

fn guess(det: &EncodingDetector, sample: &[u8]) -> &'static Encoding {
    let generic = det.guess(None, Utf8Detection::Deny);
    if generic == GBK {
        return GBK;
    }
    let non_ascii = sample.iter().filter(|&&b| b >= 0x80).count();
    let cn = det.guess(Some(b"cn"), Utf8Detection::Deny);
    let (_, _, gbk_errors) = GBK.decode(sample);
    if cn == GBK && non_ascii < 4096 && !gbk_errors && gb2312_common_share(sample) >= 0.8 {
        return GBK;
    }
    generic
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prop_assert_eq;

    fn decode_all(
        bytes: &[u8],
        chunk: usize,
        forced: Option<&'static Encoding>,
    ) -> (String, StreamDecoder) {
        let mut d = StreamDecoder::new(forced);
        let mut out = Vec::new();
        for c in bytes.chunks(chunk.max(1)) {
            d.feed(c, &mut out).unwrap();
        }
        d.finish(&mut out).unwrap();
        (String::from_utf8(out).unwrap(), d)
    }

    /// Decodes as the scanner does: a chunk's text as it is where it can
    /// be, decoded otherwise.
    fn decode_borrowing(
        bytes: &[u8],
        cuts: &[usize],
        forced: Option<&'static Encoding>,
    ) -> (String, StreamDecoder) {
        let mut d = StreamDecoder::new(forced);
        let mut out = Vec::new();
        let mut from = 0;
        for &to in cuts.iter().chain([&bytes.len()]) {
            let to = to.clamp(from, bytes.len());
            let chunk = &bytes[from..to];
            from = to;
            match d.borrow(chunk, &mut out) {
                Some(text) => out.extend_from_slice(text),
                None => d.feed(chunk, &mut out).unwrap(),
            }
        }
        d.finish(&mut out).unwrap();
        (String::from_utf8(out).unwrap(), d)
    }

    proptest::proptest! {
        #[test]
        fn utf8_as_is_matches_replacing_decoding_however_cut(
            pieces in proptest::collection::vec(0usize..9, 0..3000),
            cuts in proptest::collection::vec(0.0f64..1.0, 0..16),
        ) {
            // Text of every width, NULs, and malformed bytes: a stray
            // continuation, a lead with no continuation, a truncated
            // character, an invalid byte, a surrogate's encoding; longer
            // than the head the decoder gathers before it starts.
            let bytes: Vec<u8> = pieces
                .iter()
                .flat_map(|&p| match p {
                    0 => b"a,b\n".to_vec(),
                    1 => "é".as_bytes().to_vec(),
                    2 => "张伟".as_bytes().to_vec(),
                    3 => "😀".as_bytes().to_vec(),
                    4 => vec![0],
                    5 => vec![0x80],
                    6 => vec![0xE5, 0xBC],
                    7 => vec![0xFF, b'x'],
                    _ => vec![0xED, 0xA0, 0x80],
                })
                .collect();
            let at = |len: usize| {
                let mut at: Vec<usize> = cuts.iter().map(|c| (c * len as f64) as usize).collect();
                at.sort_unstable();
                at
            };
            let (text, d) = decode_borrowing(&bytes, &at(bytes.len()), Some(UTF_8));
            prop_assert_eq!(&text, &String::from_utf8_lossy(&bytes));
            prop_assert_eq!(d.nul_bytes, text.bytes().filter(|&b| b == 0).count() as u64);
            let (whole, w) = decode_all(&bytes, bytes.len(), Some(UTF_8));
            prop_assert_eq!(&text, &whole);
            prop_assert_eq!(d.replaced_bytes, w.replaced_bytes);
            // Valid text without NULs (which read as UTF-16), past the
            // bytes that decide its encoding.
            let valid = String::from_utf8_lossy(&bytes).replace(['\u{FFFD}', '\0'], "");
            let valid = valid.repeat(DECIDE_BYTES / valid.len().max(1) + 2).into_bytes();
            let (text, d) = decode_borrowing(&valid, &at(valid.len()), None);
            prop_assert_eq!(text.as_bytes(), &valid[..]);
            prop_assert_eq!(d.replaced_bytes, 0);
            // ASCII with NULs past the head, the encoding never decided.
            let mut ascii = b"a,b\n".repeat(300);
            ascii.extend(bytes.iter().filter(|b| b.is_ascii()));
            let (text, d) = decode_borrowing(&ascii, &at(ascii.len()), None);
            prop_assert_eq!(text.as_bytes(), &ascii[..]);
            prop_assert_eq!(d.nul_bytes, ascii.iter().filter(|&&b| b == 0).count() as u64);
        }
    }

    #[test]
    fn utf8_and_bom() {
        let (s, d) = decode_all("姓名,电话\n张伟,138\n".as_bytes(), 3, None);
        assert_eq!(s, "姓名,电话\n张伟,138\n");
        assert_eq!(d.source(), Source::ValidUtf8);
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice("a,b\n".as_bytes());
        let (s, d) = decode_all(&b, 2, None);
        assert_eq!(s, "a,b\n");
        assert_eq!(d.source(), Source::Bom);
    }

    #[test]
    fn gbk_short_and_long() {
        let text = "姓名,电话,地址\n张伟,13812345678,北京市海淀区中关村大街27号\n";
        let (bytes, _, _) = GBK.encode(text);
        for chunk in [1, 7, 4096] {
            let (s, d) = decode_all(&bytes, chunk, None);
            assert_eq!(s, text, "chunk {chunk}");
            assert_eq!(d.encoding(), GBK);
            assert_eq!(d.source(), Source::Guessed);
        }
    }

    #[test]
    fn utf16_without_bom() {
        let text = "name,phone\nZhang,13812345678\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        let (s, d) = decode_all(&le, 5, None);
        assert_eq!(s, text);
        assert_eq!(d.encoding(), UTF_16LE);
        let be: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        let (s, d) = decode_all(&be, 5, None);
        assert_eq!(s, text);
        assert_eq!(d.encoding(), UTF_16BE);
    }

    #[test]
    fn invalid_utf8_late_is_counted() {
        let mut b = "名字,x\n".repeat(10).into_bytes();
        b.extend_from_slice(&[b'a', 0xFF, 0xFE, b'\n']);
        let (s, d) = decode_all(&b, 1 << 20, Some(UTF_8));
        assert!(s.contains('\u{FFFD}'));
        assert_eq!(d.replaced_bytes, 2);
    }

    #[test]
    fn ascii_is_utf8() {
        let (s, d) = decode_all(b"a,b\n1,2\n", 1, None);
        assert_eq!(s, "a,b\n1,2\n");
        assert_eq!(d.encoding(), UTF_8);
        assert_eq!(d.source(), Source::ValidUtf8);
    }

    #[test]
    fn other_legacy_encodings() {
        use encoding_rs::{BIG5, SHIFT_JIS, WINDOWS_1252};
        let cases: [(&'static Encoding, &str); 3] = [
            (BIG5, "姓名,電話,地址\n陳大文,0912345678,臺北市中正區重慶南路一段122號\n林美玲,0922333444,高雄市前鎮區中山二路5號\n"),
            (SHIFT_JIS, "氏名,電話番号,住所\n山田太郎,090-1234-5678,東京都千代田区千代田1-1\n鈴木花子,080-2345-6789,大阪府大阪市北区梅田3丁目\n"),
            (WINDOWS_1252, "name,city,note\nJosé Müller,Zürich,café crème\nFrançois Lefèvre,Besançon,déjà vu\n"),
        ];
        for (enc, text) in cases {
            let text = text.repeat(20);
            let (bytes, _, unmappable) = enc.encode(&text);
            assert!(!unmappable, "{}", enc.name());
            let (s, d) = decode_all(&bytes, 333, None);
            assert_eq!(d.encoding(), enc, "{}", enc.name());
            assert_eq!(s, text);
            assert_eq!(d.replaced_bytes, 0);
        }
    }

    #[test]
    fn labels() {
        assert_eq!(encoding_for_label("GB2312").unwrap(), GBK);
        assert_eq!(encoding_for_label("cp936").unwrap(), GBK);
        assert_eq!(encoding_for_label("utf8").unwrap(), UTF_8);
        assert!(encoding_for_label("klingon").is_err());
    }
}
