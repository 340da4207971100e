//! Reproducible randomness: a split sends a person down the same branch for a given
//! seed, whatever machine or order runs it. FNV-1a is tiny, stable across versions and
//! platforms (unlike `std`'s hasher), and spreads ids well enough for percentages.

/// A number in `0..modulo` fixed by the seed and the parts.
pub fn bucket(seed: u64, parts: &[&str], modulo: u64) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325 ^ seed;
    for part in parts {
        for byte in part.bytes().chain(std::iter::once(0xff)) {
            hash ^= byte as u64;
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    // Final avalanche (from splitmix64) so close ids land far apart.
    hash ^= hash >> 30;
    hash = hash.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    hash ^= hash >> 27;
    hash = hash.wrapping_mul(0x94d0_49bb_1331_11eb);
    hash ^= hash >> 31;
    hash % modulo
}

#[cfg(test)]
mod tests {
    use super::bucket;

    #[test]
    fn same_inputs_same_bucket_and_an_even_spread() {
        assert_eq!(bucket(7, &["a", "b"], 100), bucket(7, &["a", "b"], 100));
        assert_ne!(bucket(7, &["ab", ""], 1 << 40), bucket(7, &["a", "b"], 1 << 40));
        let mut counts = [0u32; 4];
        for i in 0..40_000 {
            counts[bucket(1, &[&format!("person-{i}")], 4) as usize] += 1;
        }
        for c in counts {
            assert!((9_500..10_500).contains(&c), "{counts:?}");
        }
    }
}
