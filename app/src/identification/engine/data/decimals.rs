//! A column of numbers as decimals: one power of ten for the column and each value as the
//! integer it scales to, in a variable-length form. Indicators are written with a few decimals
//! (`57.23`), so a value takes two or three bytes instead of eight, and a stored year is a third
//! of the size PostgreSQL has to receive, keep and send back to every run. Kept only when every
//! value reads back with the same bits, so the form never changes a number.

/// Powers of ten that are exact in `f64`, and whose products with an integer below 2^53 stay
/// exact: a decimal with up to 15 places.
const POWERS: [f64; 16] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];
/// Integers up to this are exact in `f64`.
const EXACT: f64 = 9_007_199_254_740_992.0;

/// `value` as `mantissa / 10^scale` with the same bits, if it is one.
fn scaled(value: f64, scale: usize) -> Option<i64> {
    let mantissa = (value * POWERS[scale]).round();
    if mantissa.abs() >= EXACT {
        return None;
    }
    let mantissa = mantissa as i64;
    ((mantissa as f64 / POWERS[scale]).to_bits() == value.to_bits()).then_some(mantissa)
}

/// The column's values (NaN for an empty cell) as the scale and the encoded integers, or
/// `None` when some value is not a decimal of at most 15 places (or is `-0`).
pub(super) fn encode(values: &[f64]) -> Option<(u8, Vec<u8>)> {
    let mut scale = 0;
    for &value in values.iter().filter(|v| !v.is_nan()) {
        while scaled(value, scale).is_none() {
            scale += 1;
            if scale == POWERS.len() {
                return None;
            }
        }
    }
    let mut out = Vec::with_capacity(values.len() * 3);
    for &value in values {
        // 0 is an empty cell; a number is its zigzag integer plus one.
        let code = if value.is_nan() {
            0
        } else {
            let mantissa = scaled(value, scale)?;
            ((mantissa << 1) ^ (mantissa >> 63)) as u64 + 1
        };
        push_varint(&mut out, code);
    }
    Some((scale as u8, out))
}

/// The `rows` values of [`encode`]'s bytes; `None` for damaged bytes.
pub(super) fn decode(scale: u8, rows: usize, mut bytes: &[u8]) -> Option<Vec<f64>> {
    let power = *POWERS.get(scale as usize)?;
    let mut values = Vec::with_capacity(rows);
    for _ in 0..rows {
        let (code, rest) = read_varint(bytes)?;
        bytes = rest;
        values.push(match code {
            0 => f64::NAN,
            code => {
                let zigzag = code - 1;
                let mantissa = (zigzag >> 1) as i64 ^ -((zigzag & 1) as i64);
                mantissa as f64 / power
            }
        });
    }
    bytes.is_empty().then_some(values)
}

fn push_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push(value as u8 | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

fn read_varint(bytes: &[u8]) -> Option<(u64, &[u8])> {
    let mut value = 0u64;
    for (i, &byte) in bytes.iter().enumerate().take(10) {
        value |= u64::from(byte & 0x7f) << (7 * i);
        if byte < 0x80 {
            return Some((value, &bytes[i + 1..]));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(values: &[f64]) -> Option<Vec<f64>> {
        let (scale, bytes) = encode(values)?;
        decode(scale, values.len(), &bytes)
    }

    fn same_bits(a: &[f64], b: &[f64]) -> bool {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits())
    }

    #[test]
    fn decimals_read_back_with_the_same_bits() {
        let values = [57.23, -12.345, 0.0, f64::NAN, 100.0, 1e-7, 123_456_789.5, -3.0];
        let back = round_trip(&values).unwrap();
        assert!(same_bits(&values, &back), "{values:?} became {back:?}");
        let (scale, bytes) = encode(&[57.23, 86.0, f64::NAN]).unwrap();
        assert_eq!(scale, 2);
        assert!(bytes.len() <= 7, "{} bytes", bytes.len());
    }

    #[test]
    fn values_that_are_not_short_decimals_keep_the_eight_byte_form() {
        assert!(encode(&[1.0 / 3.0]).is_none());
        assert!(encode(&[0.1 + 0.2]).is_none());
        assert!(encode(&[-0.0]).is_none());
        assert!(encode(&[1e300]).is_none());
        assert!(encode(&[f64::MAX]).is_none());
        assert!(round_trip(&[f64::NAN, f64::NAN]).is_some());
    }

    #[test]
    fn every_two_place_decimal_below_a_thousand_reads_back() {
        let values: Vec<f64> = (-100_000..100_000)
            .map(|i| format!("{:.2}", f64::from(i) / 100.0).parse().unwrap())
            .collect();
        assert!(same_bits(&values, &round_trip(&values).unwrap()));
    }

    #[test]
    fn damaged_bytes_are_refused() {
        let (scale, bytes) = encode(&[1.5, 2.25]).unwrap();
        assert!(decode(scale, 2, &bytes[..bytes.len() - 1]).is_none());
        assert!(decode(scale, 1, &bytes).is_none());
        assert!(decode(16, 2, &bytes).is_none());
        assert!(decode(scale, 1, &[0xff; 11]).is_none());
    }
}
