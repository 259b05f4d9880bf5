//! Large stored values (a run's result, a year's canonical CSV and its columns) packed with LZ4
//! before they are sent to PostgreSQL. PostgreSQL's cost of a value grows with its size (it is
//! received, copied, cut into TOAST rows and written to the WAL byte for byte): 20 MB took
//! about 200 ms to insert and as long to read back whether PostgreSQL compressed it or not,
//! while the same value packed here to 7 MB took 50 ms and 40 ms. The columns holding packed
//! values are `storage external`, so PostgreSQL does not try to compress them again. The value is
//! cut in pieces packed and unpacked on all cores.

use std::borrow::Cow;

use crate::identification::engine::parallel_map;

/// The first bytes of a packed value: never those of JSON (`{`), of the column form
/// (`ROSTCOL`) or of the text kept in the columns that may hold either.
const MAGIC: &[u8; 4] = b"RLZ4";
/// One piece: large enough to pack well, small enough for every core to get one.
const PIECE: usize = 4 << 20;

/// A packed value was damaged: it cannot be read.
#[derive(Debug, thiserror::Error)]
#[error("a packed value is damaged")]
pub struct Damaged;

/// `bytes` packed: the magic, the number of pieces, and each piece's length and LZ4 block.
pub fn pack(bytes: &[u8]) -> Vec<u8> {
    let pieces: Vec<&[u8]> = bytes.chunks(PIECE).collect();
    let blocks = parallel_map(&pieces, |piece| {
        lz4::block::compress(piece, None, true).expect("a piece of 4 MB is within LZ4's bounds")
    });
    let mut out = Vec::with_capacity(8 + blocks.iter().map(|b| b.len() + 4).sum::<usize>());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(blocks.len() as u32).to_le_bytes());
    for block in &blocks {
        out.extend_from_slice(&(block.len() as u32).to_le_bytes());
        out.extend_from_slice(block);
    }
    out
}

/// Whether `bytes` are a packed value.
pub fn is_packed(bytes: &[u8]) -> bool {
    bytes.starts_with(MAGIC)
}

/// The value of [`pack`]'s bytes; bytes stored before packing (without the magic) as they are.
pub fn unpack(bytes: &[u8]) -> Result<Cow<'_, [u8]>, Damaged> {
    let Some(rest) = bytes.strip_prefix(MAGIC) else {
        return Ok(Cow::Borrowed(bytes));
    };
    let (count, mut rest) = split_u32(rest)?;
    let mut blocks = Vec::with_capacity((count as usize).min(1024));
    for _ in 0..count {
        let (length, tail) = split_u32(rest)?;
        let (block, tail) = tail.split_at_checked(length as usize).ok_or(Damaged)?;
        blocks.push(block);
        rest = tail;
    }
    if !rest.is_empty() {
        return Err(Damaged);
    }
    let pieces = parallel_map(&blocks, |block| {
        // A piece is at most `PIECE` bytes unpacked: a damaged size cannot ask for more.
        let (size, _) = split_u32(block)?;
        if size as usize > PIECE {
            return Err(Damaged);
        }
        lz4::block::decompress(block, None).map_err(|_| Damaged)
    });
    let mut out = Vec::with_capacity(pieces.iter().map(|p| p.as_ref().map_or(0, Vec::len)).sum());
    for piece in pieces {
        out.extend_from_slice(&piece?);
    }
    Ok(Cow::Owned(out))
}

fn split_u32(bytes: &[u8]) -> Result<(u32, &[u8]), Damaged> {
    let (head, rest) = bytes.split_first_chunk::<4>().ok_or(Damaged)?;
    Ok((u32::from_le_bytes(*head), rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_packed_value_unpacks_to_itself_across_pieces() {
        let value: Vec<u8> = (0..(PIECE * 2 + 12_345))
            .map(|i| (i % 251) as u8 ^ (i / 7919) as u8)
            .collect();
        let packed = pack(&value);
        assert!(is_packed(&packed));
        assert!(packed.len() < value.len());
        assert_eq!(unpack(&packed).unwrap().as_ref(), value.as_slice());
        assert_eq!(unpack(&pack(b"")).unwrap().as_ref(), b"");
    }

    #[test]
    fn unpacked_bytes_are_read_as_they_are() {
        assert_eq!(
            unpack(b"{\"schools\": []}").unwrap().as_ref(),
            b"{\"schools\": []}"
        );
    }

    #[test]
    fn damaged_values_are_refused_not_misread() {
        let packed = pack(&vec![7u8; 100_000]);
        assert!(unpack(&packed[..packed.len() - 1]).is_err());
        let mut longer = packed.clone();
        longer.push(0);
        assert!(unpack(&longer).is_err());
        let mut wrong_size = packed;
        wrong_size[12..16].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(unpack(&wrong_size).is_err());
    }
}
