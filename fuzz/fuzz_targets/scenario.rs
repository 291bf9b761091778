//! The scenario reader and validator on arbitrary bytes: parse (which
//! validates the base file and every variant), render every problem, and
//! look variants up. Nothing may panic, hang or exhaust memory.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    match casus_scenario::parse(src) {
        Ok(doc) => {
            for v in &doc.variants {
                assert!(doc.variant(&v.name).is_ok());
                // Every validated variant is a world the core accepts.
                assert!(!v.scenario.states.is_empty());
            }
            let _ = doc.variant("no-such-variant");
        }
        Err(problems) => {
            assert!(!problems.is_empty());
            let text = casus_scenario::render("fuzz.toml", src, &problems);
            assert!(!text.is_empty());
        }
    }
});
