//! `casus check`: validate files, print every problem.

use super::load;
use crate::Failure;

pub(crate) fn check(files: &[std::path::PathBuf]) -> Result<(), Failure> {
    let mut bad = Vec::new();
    for f in files {
        match load(f) {
            Ok(l) => {
                let names: Vec<&str> = l.doc.variants.iter().map(|v| v.name.as_str()).collect();
                println!(
                    "{}: ok ({} variant{}: {})",
                    l.path,
                    names.len(),
                    if names.len() == 1 { "" } else { "s" },
                    names.join(", ")
                );
            }
            Err(Failure::Input(msg)) => bad.push(msg),
            Err(other) => return Err(other),
        }
    }
    if bad.is_empty() {
        Ok(())
    } else {
        Err(Failure::Input(bad.join("\n")))
    }
}
