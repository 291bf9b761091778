#!/usr/bin/env bash
# Times the working tree's core against a git revision's, side by side in one
# process (tools/ab/main.rs): alternating rounds of 1,000 trials, each record
# folded into the runner's summary as `casus run` does, the median of the
# rounds' time ratios old/new with its quartiles.
#
#   tools/ab.sh REV [FILE] [VARIANT|all] [ROUNDS]
#   tools/ab.sh HEAD                                   # uncommitted changes against HEAD
#   tools/ab.sh HEAD~3 scenarios/black-sea.toml no-umbrella 2000
#
# VARIANT `all` compares every variant of FILE, one after the other.
# Defaults: the bundled SMDA scenario, `base`, 1,000 rounds. Above 1, the
# working tree is faster. Separate processes timed in turn differ by ±7% from
# pair to pair on this host; rounds side by side, by ±1–3%, so this is the
# tool for changes of a few per cent (docs/performance.md). Both builds must
# play the same trials (their war steps are compared every round). The
# revision is checked out in a temporary folder, removed afterwards (outside
# this tree: cargo would take a tree inside it for part of this workspace);
# the build is kept in target/ab.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rev="${1:?usage: tools/ab.sh REV [FILE] [VARIANT|all] [ROUNDS]}"
file="$(realpath "${2:-$root/scenarios/smda-india-pakistan.toml}")"
variant="${3:-base}"
rounds="${4:-1000}"

work="$(mktemp -d)"
old="$work/old"
trap 'git -C "$root" worktree remove --force "$old" 2>/dev/null; rm -rf "$work"' EXIT
mkdir -p "$work/harness/src"
git -C "$root" worktree add --quiet --detach "$old" "$rev"
# Two packages may not share a name and a version in one build: the old
# tree's workspace version becomes 0.0.0.
sed -i 's/^version = ".*"/version = "0.0.0"/' "$old/Cargo.toml"

cp "$root/tools/ab/main.rs" "$work/harness/src/main.rs"
# The workspace's lock file, so that both builds use its versions of rand
# and the rest, not the newest the registry has.
cp "$root/Cargo.lock" "$work/harness/Cargo.lock"
cat > "$work/harness/Cargo.toml" <<TOML
[package]
name = "ab"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
old_core = { path = "$old/crates/casus-core", package = "casus-core" }
old_scenario = { path = "$old/crates/casus-scenario", package = "casus-scenario" }
new_core = { path = "$root/crates/casus-core", package = "casus-core" }
new_scenario = { path = "$root/crates/casus-scenario", package = "casus-scenario" }
old_runner = { path = "$old/crates/casus-runner", package = "casus-runner" }
new_runner = { path = "$root/crates/casus-runner", package = "casus-runner" }

# As the workspace's release profile.
[profile.release]
lto = "thin"
codegen-units = 1

[workspace]
TOML
cargo build --quiet --release --manifest-path "$work/harness/Cargo.toml" \
  --target-dir "$root/target/ab"
"$root/target/ab/release/ab" "$file" "$variant" "$rounds"
