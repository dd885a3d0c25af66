use super::forecast::{Size, Step, simulate};
use super::states::state_of;
use super::{changelog::monday, date, parse_date};

#[test]
fn dates_round_trip() {
    let t = parse_date("2026-11-21").expect("a date");
    assert_eq!(date(t), "2026-11-21");
    assert_eq!(date(monday(t)), "2026-11-16");
    assert_eq!(parse_date("2026-13-01"), None);
}

#[test]
fn state_is_read_from_the_frontmatter_only() {
    assert_eq!(
        state_of("+++\ntitle = \"x\"\nstate = \"done\"\n+++\nstate = \"no\"\n").as_deref(),
        Some("done")
    );
    assert_eq!(
        state_of("+++\nstate='doing' # c\n+++\n").as_deref(),
        Some("doing")
    );
    assert_eq!(state_of("no frontmatter\nstate = \"done\"\n"), None);
    assert_eq!(state_of("+++\nstates = 1\n+++\n"), None);
}

#[test]
fn constant_throughput_gives_exact_weeks_and_a_seed_repeats() {
    let one = Step {
        size: Size {
            low: 1.0,
            high: 1.0,
        },
        spike: false,
    };
    let steps = vec![one; 12];
    let a = simulate(&steps, &[2, 11], &[3.0; 8], 0.5, 500, 7);
    assert_eq!(a, vec![[Some(1); 3], [Some(4); 3]]);
    let varied = [1.0, 5.0, 2.0, 4.0];
    assert_eq!(
        simulate(&steps, &[11], &varied, 0.0, 1000, 42),
        simulate(&steps, &[11], &varied, 0.0, 1000, 42)
    );
    // Nothing finished in any week: no forecast, never an endless loop.
    assert_eq!(
        simulate(&steps, &[0], &[0.0; 4], 0.0, 10, 1),
        vec![[None; 3]]
    );
}

#[test]
fn an_open_spike_widens_the_range_below_it() {
    let plain = Step {
        size: Size {
            low: 1.0,
            high: 1.0,
        },
        spike: false,
    };
    let mut steps = vec![plain.clone(); 40];
    let narrow = simulate(&steps, &[39], &[2.0, 4.0], 0.0, 2000, 3)[0];
    steps[0].spike = true;
    let wide = simulate(&steps, &[39], &[2.0, 4.0], 1.0, 2000, 3)[0];
    assert!(wide[2] > narrow[2], "{wide:?} vs {narrow:?}");
}
