//! Checks scenario files: `cargo run -p casus-scenario --example check -- FILE...`
fn main() {
    let mut failed = false;
    for f in std::env::args().skip(1) {
        let src = std::fs::read_to_string(&f).expect("readable file");
        match casus_scenario::parse(&src) {
            Ok(doc) => {
                for v in &doc.variants {
                    println!(
                        "{f}: variant {} ok: {} states, {} uncertain",
                        v.name,
                        v.scenario.states.len(),
                        v.scenario.uncertain.len()
                    );
                }
            }
            Err(ps) => {
                failed = true;
                print!("{}", casus_scenario::render(&f, &src, &ps));
            }
        }
    }
    std::process::exit(i32::from(failed));
}
