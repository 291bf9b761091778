//! Valid scenarios from arbitrary bytes, played: whatever the reader
//! accepts, a trial of every variant must run without panicking, and its
//! record must be coherent.
#![no_main]

use casus_core::rng::TrialRng;
use casus_core::trial::Trial;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(doc) = casus_scenario::parse(src) else {
        return;
    };
    for v in &doc.variants {
        let mut trial = Trial::new(&v.scenario);
        for k in 0..2 {
            let rec = trial.play(TrialRng::new(7, k), &mut ());
            assert!(rec.max_level <= 4);
            assert!(rec.war_size as usize <= v.scenario.states.len());
            for s in &rec.states {
                assert!((0.0..=1.0).contains(&s.loss), "loss {}", s.loss);
            }
        }
    }
});
