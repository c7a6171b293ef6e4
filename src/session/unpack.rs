//! Links are untrusted: a link's data is decompressed with a bound on what it may expand to, so a
//! short link cannot hold a decompression bomb (LZ-string's output can grow with the square of its
//! input: a 30,000-character link could ask for ~100 million characters). The decoder follows
//! lz-str 0.2.1's `decompress_from_encoded_uri_component` (MIT OR Apache-2.0), with the bound,
//! and with every step that could panic or wrap made a refusal.

/// The link alphabet of `compress_to_encoded_uri_component`.
const URI_KEY: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$";
/// At most this much data in a link (links the page makes stay far below).
pub const MAX_LINK_CHARS: usize = 200_000;
/// At most this many UTF-16 units out of a link (2 Mi characters).
pub const MAX_UNPACKED: usize = 2 * 1024 * 1024;

struct Bits<I> {
    val: u16,
    data: I,
    position: u16,
}

impl<I: Iterator<Item = u16>> Bits<I> {
    fn bit(&mut self) -> Option<bool> {
        let res = self.val & self.position;
        self.position >>= 1;
        if self.position == 0 {
            // Six bits per character.
            self.position = 1 << 5;
            self.val = self.data.next()?;
        }
        Some(res != 0)
    }

    fn bits(&mut self, n: u8) -> Option<u32> {
        let mut res = 0;
        for i in 0..u32::from(n.min(31)) {
            res |= u32::from(self.bit()?) << i;
        }
        Some(res)
    }
}

/// Why a link's data cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unpack {
    Damaged,
    TooLarge,
}

/// The text a link carries.
pub fn unpack(data: &str) -> Result<String, Unpack> {
    if data.len() > MAX_LINK_CHARS {
        return Err(Unpack::TooLarge);
    }
    let codes: Vec<u16> = data
        .bytes()
        .map(|b| if b == b' ' { b'+' } else { b })
        .filter_map(|b| URI_KEY.iter().position(|k| *k == b))
        .map(|n| n as u16)
        .collect();
    let wide = decompress(codes.into_iter())?;
    String::from_utf16(&wide).map_err(|_| Unpack::Damaged)
}

/// When the codes in use fill the current width, the next ones are a bit wider.
fn widen(enlarge_in: &mut u64, num_bits: &mut u8) -> Result<(), Unpack> {
    if *enlarge_in == 0 {
        *enlarge_in = 1u64
            .checked_shl(u32::from(*num_bits))
            .ok_or(Unpack::Damaged)?;
        *num_bits = num_bits
            .checked_add(1)
            .filter(|n| *n <= 31)
            .ok_or(Unpack::Damaged)?;
    }
    Ok(())
}

fn decompress<I: Iterator<Item = u16>>(mut data: I) -> Result<Vec<u16>, Unpack> {
    let Some(val) = data.next() else {
        return Ok(Vec::new());
    };
    let mut ctx = Bits {
        val,
        data,
        position: 1 << 5,
    };
    let damaged = |_| Unpack::Damaged;
    let short = || Unpack::Damaged;
    let mut dictionary: Vec<Vec<u16>> = (0..3).map(|i| vec![i]).collect();
    let first = match ctx.bits(2).ok_or_else(short)? {
        code @ (0 | 1) => {
            u16::try_from(ctx.bits(code as u8 * 8 + 8).ok_or_else(short)?).map_err(damaged)?
        }
        2 => return Ok(Vec::new()),
        _ => return Err(Unpack::Damaged),
    };
    dictionary.push(vec![first]);
    let mut w = vec![first];
    let mut result = vec![first];
    // The dictionary's entries together are about as long as the output: bounded with it.
    let mut held = 1usize;
    let mut num_bits: u8 = 3;
    let mut enlarge_in: u64 = 4;
    loop {
        let mut code = ctx.bits(num_bits).ok_or_else(short)?;
        match code {
            0 | 1 => {
                let c = ctx.bits(code as u8 * 8 + 8).ok_or_else(short)?;
                dictionary.push(vec![u16::try_from(c).map_err(damaged)?]);
                code = u32::try_from(dictionary.len() - 1).map_err(damaged)?;
                enlarge_in = enlarge_in.checked_sub(1).ok_or(Unpack::Damaged)?;
            }
            2 => return Ok(result),
            _ => {}
        }
        widen(&mut enlarge_in, &mut num_bits)?;
        let code = code as usize;
        let entry = match dictionary.get(code) {
            Some(e) => e.clone(),
            None if code == dictionary.len() => {
                let mut e = w.clone();
                e.push(*w.first().ok_or(Unpack::Damaged)?);
                e
            }
            None => return Err(Unpack::Damaged),
        };
        held = held.saturating_add(entry.len()).saturating_add(w.len() + 1);
        if result.len() + entry.len() > MAX_UNPACKED || held > 2 * MAX_UNPACKED {
            return Err(Unpack::TooLarge);
        }
        result.extend(&entry);
        let mut next = w;
        next.push(*entry.first().ok_or(Unpack::Damaged)?);
        dictionary.push(next);
        enlarge_in = enlarge_in.checked_sub(1).ok_or(Unpack::Damaged)?;
        w = entry;
        widen(&mut enlarge_in, &mut num_bits)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_lz_str_writes() {
        for text in [
            "",
            "a",
            "hello, hello, hello",
            "{\"format\":\"ecs-sandbox-session\"}",
            "é ✔ 🚀",
        ] {
            let packed = lz_str::compress_to_encoded_uri_component(text);
            assert_eq!(unpack(&packed).as_deref(), Ok(text), "{text:?}");
        }
        let long: String = (0..20_000)
            .map(|i| char::from(b'a' + (i % 26) as u8))
            .collect();
        let packed = lz_str::compress_to_encoded_uri_component(long.as_str());
        assert_eq!(unpack(&packed), Ok(long));
    }

    #[test]
    fn a_bomb_or_garbage_is_refused() {
        let bomb = "a".repeat(MAX_UNPACKED + 1);
        let packed = lz_str::compress_to_encoded_uri_component(bomb.as_str());
        assert!(packed.len() < 10_000, "a short link: {}", packed.len());
        assert_eq!(unpack(&packed), Err(Unpack::TooLarge));
        assert_eq!(
            unpack(&"A".repeat(MAX_LINK_CHARS + 1)),
            Err(Unpack::TooLarge)
        );
        for junk in [
            "%%%",
            "$$$$$$$$$$$$$",
            "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz",
            "-",
        ] {
            assert!(unpack(junk).is_err() || unpack(junk).is_ok_and(|t| t.len() < 100));
        }
    }
}
