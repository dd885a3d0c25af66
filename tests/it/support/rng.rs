//! The seeded generator of the randomised tests (random kills, signals, concurrent moves).

/// A small xorshift generator. The seed is `TEST_SEED` when set, to replay a failure, and the
/// clock otherwise; every failure message carries `rng.seed()` so a failure can be replayed.
pub struct Rng {
    seed: u64,
    state: u64,
}

impl Rng {
    pub fn new() -> Rng {
        let seed = std::env::var("TEST_SEED")
            .ok()
            .map(|s| {
                s.trim()
                    .parse()
                    .unwrap_or_else(|e| panic!("TEST_SEED={s:?}: {e}"))
            })
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(1, |d| d.as_nanos() as u64)
            });
        Rng {
            seed,
            state: seed | 1,
        }
    }

    /// "seed N (replay with TEST_SEED=N)", for failure messages.
    pub fn seed(&self) -> String {
        format!("seed {} (replay with TEST_SEED={})", self.seed, self.seed)
    }

    pub fn next(&mut self) -> u64 {
        self.state ^= self.state << 13;
        self.state ^= self.state >> 7;
        self.state ^= self.state << 17;
        self.state
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}
