//! The per-trial hot path allocates nothing: a counting global allocator
//! watches one thread while it plays and accumulates trials of the bundled
//! scenario (every variant), after a warm-up that sizes the buffers.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use casus_core::rng::TrialRng;
use casus_core::trial::Trial;
use casus_runner::summary::Accumulator;

struct Counting;

thread_local! {
    static WATCHING: Cell<bool> = const { Cell::new(false) };
    static ALLOCATIONS: Cell<u64> = const { Cell::new(0) };
}

// SAFETY: every call is forwarded to the system allocator unchanged; the
// thread-local counters are `const`-initialised Cells, which never allocate.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if WATCHING.with(Cell::get) {
            ALLOCATIONS.with(|a| a.set(a.get() + 1));
        }
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if WATCHING.with(Cell::get) {
            ALLOCATIONS.with(|a| a.set(a.get() + 1));
        }
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

#[test]
fn playing_and_accumulating_trials_allocates_nothing() {
    let src =
        std::fs::read_to_string(crate::util::path("scenarios/smda-india-pakistan.toml")).unwrap();
    let doc = casus_scenario::parse(&src).unwrap();
    for v in &doc.variants {
        let mut trial = Trial::new(&v.scenario);
        let mut acc = Accumulator::for_scenario(&v.scenario);
        for k in 0..2_000 {
            acc.add(trial.play(TrialRng::new(1, k), &mut ()));
        }
        WATCHING.with(|w| w.set(true));
        for k in 2_000..22_000 {
            acc.add(trial.play(TrialRng::new(1, k), &mut ()));
        }
        WATCHING.with(|w| w.set(false));
        let n = ALLOCATIONS.with(|a| a.replace(0));
        assert_eq!(
            n, 0,
            "variant `{}`: {n} allocations in 20,000 trials",
            v.name
        );
        assert_eq!(acc.finish().trials, 22_000);
    }
}
