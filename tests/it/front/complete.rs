//! Shell completion through clap's engine: the backlog's IDs, kinds and states.
