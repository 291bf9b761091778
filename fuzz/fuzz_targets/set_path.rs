//! Parameter paths (`state.PAK.power`, `model.intensity[1]`, …) and values
//! from arbitrary bytes, set into the bundled scenario and re-validated, as
//! a sweep or a variant's `set` does. Input: the path, a newline, then 8
//! bytes of the value.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

static DOC: OnceLock<casus_scenario::Document> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let doc = DOC.get_or_init(|| {
        casus_scenario::parse(include_str!("../../scenarios/smda-india-pakistan.toml"))
            .expect("the bundled scenario is valid")
    });
    let split = data.iter().position(|&b| b == b'\n').unwrap_or(data.len());
    let Ok(path) = std::str::from_utf8(&data[..split]) else {
        return;
    };
    let rest = data.get(split + 1..).unwrap_or_default();
    let mut v = [0u8; 8];
    for (a, b) in v.iter_mut().zip(rest) {
        *a = *b;
    }
    let value = f64::from_le_bytes(v);
    for variant in ["base", "trilateral"] {
        let _ = doc.with_set(variant, path, value);
    }
});
