//! Small but valid PNG files: horizontal colour bands, RGB, compressed with
//! a hand-made deflate stream (fixed Huffman codes, run-length matches), so
//! an image of real-looking dimensions takes a few hundred bytes.

/// A `width` x `height` image of `bands` horizontal stripes whose colours
/// come from `seed`.
pub fn bands(width: u32, height: u32, seed: u64) -> Vec<u8> {
    let stride = width as usize * 3 + 1;
    let colour = |band: u64| -> [u8; 3] {
        let x = seed
            .wrapping_add(band)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .rotate_left(17);
        [
            0x60 | x as u8 & 0x9f,
            0x60 | (x >> 8) as u8 & 0x9f,
            0x80 | (x >> 16) as u8 & 0x7f,
        ]
    };
    let n_bands = 3 + seed % 4;
    let band_of = |row: u32| row as u64 * n_bands / height as u64;
    let mut idat = Deflate::new();
    let mut adler = Adler::new();
    for row in 0..height {
        let rgb = colour(band_of(row));
        if row > 0 && band_of(row) == band_of(row - 1) {
            // Same as the row above: one long match, one row back.
            idat.repeat(stride, stride);
        } else {
            idat.literal(0); // filter: none
            for b in rgb {
                idat.literal(b);
            }
            idat.repeat(stride - 4, 3);
        }
        adler.row(0, rgb, width as usize);
    }
    let mut zlib = vec![0x78, 0x01];
    zlib.extend(idat.finish());
    zlib.extend(adler.value().to_be_bytes());

    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::with_capacity(13);
    ihdr.extend(width.to_be_bytes());
    ihdr.extend(height.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]); // 8-bit RGB, deflate, no filter, no interlace
    chunk(&mut png, b"IHDR", &ihdr);
    chunk(&mut png, b"IDAT", &zlib);
    chunk(&mut png, b"IEND", &[]);
    png
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend((data.len() as u32).to_be_bytes());
    let start = out.len();
    out.extend(kind);
    out.extend(data);
    let crc = crc32(&out[start..]);
    out.extend(crc.to_be_bytes());
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut c = 0xFFFF_FFFFu32;
    for &b in bytes {
        c ^= b as u32;
        for _ in 0..8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
        }
    }
    !c
}

/// Adler-32 of the raw scanlines, fed row by row.
struct Adler {
    a: u64,
    b: u64,
}

impl Adler {
    fn new() -> Self {
        Adler { a: 1, b: 0 }
    }

    /// One scanline; sums are reduced once per row (a row is far too short
    /// for the u64 sums to overflow).
    fn row(&mut self, filter: u8, rgb: [u8; 3], width: usize) {
        let (mut a, mut b) = (self.a, self.b);
        a += filter as u64;
        b += a;
        for _ in 0..width {
            for x in rgb {
                a += x as u64;
                b += a;
            }
        }
        self.a = a % 65521;
        self.b = b % 65521;
    }

    fn value(&self) -> u32 {
        ((self.b << 16) | self.a) as u32
    }
}

/// One final deflate block with the fixed Huffman codes (RFC 1951 3.2.6).
struct Deflate {
    out: Vec<u8>,
    bits: u64,
    n: u32,
}

const LEN_BASE: [u16; 29] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
    163, 195, 227, 258,
];
const LEN_EXTRA: [u8; 29] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
const DIST_BASE: [u16; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
    2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
];
const DIST_EXTRA: [u8; 30] = [
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13,
    13,
];

impl Deflate {
    fn new() -> Self {
        let mut d = Deflate {
            out: Vec::new(),
            bits: 0,
            n: 0,
        };
        d.put(1, 1); // BFINAL
        d.put(1, 2); // BTYPE = 01, fixed codes
        d
    }

    /// Writes `n` bits of `v`, least significant first.
    fn put(&mut self, v: u32, n: u32) {
        self.bits |= (v as u64) << self.n;
        self.n += n;
        while self.n >= 8 {
            self.out.push(self.bits as u8);
            self.bits >>= 8;
            self.n -= 8;
        }
    }

    /// Writes a Huffman code (most significant bit first).
    fn code(&mut self, code: u32, len: u32) {
        let rev = code.reverse_bits() >> (32 - len);
        self.put(rev, len);
    }

    fn symbol(&mut self, sym: u32) {
        match sym {
            0..=143 => self.code(0x30 + sym, 8),
            144..=255 => self.code(0x190 + sym - 144, 9),
            256..=279 => self.code(sym - 256, 7),
            _ => self.code(0xC0 + sym - 280, 8),
        }
    }

    fn literal(&mut self, b: u8) {
        self.symbol(b as u32);
    }

    /// `len` bytes copied from `dist` back (any length; split into matches).
    fn repeat(&mut self, mut len: usize, dist: usize) {
        while len > 0 {
            let take = if len > 258 {
                // Leave at least 3 for the last match.
                if len - 258 < 3 {
                    len - 3
                } else {
                    258
                }
            } else {
                len
            };
            if take < 3 {
                unreachable!("matches are at least 3 bytes");
            }
            self.one_match(take, dist);
            len -= take;
        }
    }

    fn one_match(&mut self, len: usize, dist: usize) {
        let li = LEN_BASE
            .iter()
            .rposition(|&b| b as usize <= len)
            .expect("len");
        self.symbol(257 + li as u32);
        self.put((len - LEN_BASE[li] as usize) as u32, LEN_EXTRA[li] as u32);
        let di = DIST_BASE
            .iter()
            .rposition(|&b| b as usize <= dist)
            .expect("dist");
        self.code(di as u32, 5);
        self.put(
            (dist - DIST_BASE[di] as usize) as u32,
            DIST_EXTRA[di] as u32,
        );
    }

    fn finish(mut self) -> Vec<u8> {
        self.symbol(256);
        if self.n > 0 {
            self.out.push(self.bits as u8);
        }
        self.out
    }
}
