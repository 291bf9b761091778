//! War step 3: supply and sustainment (MODEL.md §2 phase 3 step 3; §5.9,
//! §5.10, §5.11, §5.14).
//!
//! A link is cut by war between its ends, by its supplier's embargo rule, by
//! its licence holder, by an `embargo` event, or by a closed chokepoint.
//! A cut weighs on the recipient gradually, as its stockpile runs down.

use crate::model::{EmbargoWhen, LinkIx, PactKind, Regime, StateIx};
use crate::record::Side;
use crate::rng::{Purpose, StreamKey};
use crate::trace::{CutCause, Note, Observer};
use crate::trial::{CutLink, LinkState, Trial};

impl Trial {
    /// `if-hostile` from `viewer`'s point of view: `r` is at war against a
    /// state the viewer is friendly with (affinity ≥ `friend_threshold`) or
    /// shares a defense pact with.
    pub(crate) fn hostile_to_friend_of(&self, viewer: StateIx, r: StateIx) -> bool {
        let Some(x) = self.side[r] else { return false };
        let friend = self.world.constants.friend_threshold;
        self.fighting[x.other().index()].iter().any(|&k| {
            self.world.aff(viewer, k) >= friend
                || self.pacts_of[viewer].iter().any(|&p| {
                    self.world.pacts[p].kind == PactKind::Defense
                        && self.is_member(viewer, p)
                        && self.is_member(k, p)
                })
        })
    }

    fn embargo_rule_holds(&self, l: LinkIx) -> bool {
        let link = &self.world.links[l];
        match link.embargo.when {
            EmbargoWhen::Never => false,
            EmbargoWhen::IfInitiator => self.side[link.to] == Some(Side::A),
            EmbargoWhen::IfBelligerent => self.side[link.to].is_some(),
            EmbargoWhen::IfHostile => self.hostile_to_friend_of(link.from, link.to),
        }
    }

    /// Whether link `l`'s chokepoint is closed to it this step.
    fn chokepoint_closed(&self, l: LinkIx) -> bool {
        let link = &self.world.links[l];
        let Some(c) = link.via else { return false };
        let choke = &self.world.chokepoints[c];
        match choke.regime {
            // Closed to links of belligerents unless the controller fights on
            // the recipient's side.
            Regime::Montreux => {
                let belligerent = self.side[link.from].is_some() || self.side[link.to].is_some();
                let escorted = self.side[link.to].is_some()
                    && self.side[choke.controller] == self.side[link.to];
                belligerent && !escorted
            }
        }
    }

    /// Step 3. Only a link with an end at war, or one an event touched this
    /// step, can change: every cut, embargo, licence and chokepoint rule
    /// needs a belligerent end, and only events act otherwise. Visiting just
    /// those keeps a step's cost proportional to the war, not the world.
    pub(crate) fn update_supply<O: Observer>(&mut self, t: u32, obs: &mut O) {
        // At a first step where only the leaders fight and the members are
        // the scenario's, the links visited and what their rules decide
        // before any draw are the same in every trial (unless a draw moves
        // an affinity or the friend threshold), given the events that fired:
        // the first such step is recorded and later ones replay it. Steps
        // where no event touched a link share one record; those where one
        // did, another, kept for the events that fired.
        let first = t == 1
            && self.entering.is_empty()
            && self.members_moved != 1
            && self.first_supply.fixed
            && !self.exhaustive();
        let slot = usize::from(!self.touched.is_empty());
        if first && self.first_supply.replays(slot, &self.fired) {
            for i in 0..self.first_supply.records[slot].links.len() {
                let (l, rules) = self.first_supply.records[slot].links[i];
                self.apply_link_rules(l, rules, t, obs);
            }
            self.touched.clear();
            return;
        }
        if first {
            self.first_supply.start_record(slot, &self.fired);
        }
        // A bit per link, read back in link order (so that a trace tells the
        // cuts in the file's order) without sorting.
        if self.links_may_move(t) {
            for x in 0..2 {
                for &k in &self.fighting[x] {
                    for &l in &self.incident[k] {
                        self.visit[l / 64] |= 1 << (l % 64);
                    }
                }
            }
        }
        for &l in &self.touched {
            self.visit[l / 64] |= 1 << (l % 64);
        }
        for w in 0..self.visit.len() {
            let mut bits = std::mem::take(&mut self.visit[w]);
            while bits != 0 {
                let l = w * 64 + bits.trailing_zeros() as usize;
                bits &= bits - 1;
                let rules = self.link_rules(l);
                if first && (rules.act_on_a_fresh_link() || self.links[l] != LinkState::default()) {
                    self.first_supply.records[slot].links.push((l, rules));
                }
                self.apply_link_rules(l, rules, t, obs);
            }
        }
        if first {
            self.first_supply.records[slot].known = true;
        }
        self.touched.clear();
    }

    /// Whether a link an event did not touch can change at step `t`. Every
    /// rule of [`Trial::link_rules`] reads only the sides as they are now
    /// and the pacts' members, and the links of the states at war were all
    /// updated in the last step; so unless a state entered this step or an
    /// event moved members, updating them again would change nothing.
    fn links_may_move(&self, t: u32) -> bool {
        t == 1 || !self.entering.is_empty() || self.members_moved == t || self.exhaustive()
    }

    /// What link `l`'s rules decide now, before any draw.
    fn link_rules(&self, l: LinkIx) -> LinkRules {
        let link = &self.world.links[l];
        let st = &self.links[l];
        let war = st.war || self.at_war_with(link.from, link.to);
        let embargo = !war && !st.rule_fired && self.embargo_rule_holds(l);
        let licence = !war
            && !st.licence_fired
            && link
                .licence
                .is_some_and(|holder| self.hostile_to_friend_of(holder, link.to));
        LinkRules {
            war,
            embargo,
            licence,
            closed: self.chokepoint_closed(l),
        }
    }

    /// Link `l` after its rules decided `rules`: the embargo and licence
    /// draws, then whether it is cut, and since when.
    fn apply_link_rules<O: Observer>(&mut self, l: LinkIx, rules: LinkRules, t: u32, obs: &mut O) {
        let to = self.world.links[l].to;
        let was_cut = self.links[l].is_cut();
        if rules.war && !self.links[l].war {
            self.links[l].war = true;
            if O::ENABLED {
                obs.note(Note::Cut {
                    link: l,
                    cause: CutCause::War,
                });
            }
        }
        if rules.embargo {
            self.links[l].rule_fired = true;
            self.links[l].rule_cut = self.withholds(l, false, obs);
        }
        if rules.licence {
            self.links[l].licence_fired = true;
            self.links[l].licence_cut = self.withholds(l, true, obs);
        }
        if O::ENABLED && rules.closed && !self.links[l].closed {
            obs.note(Note::Cut {
                link: l,
                cause: CutCause::Chokepoint,
            });
        }
        self.links[l].closed = rules.closed;
        if O::ENABLED && self.links[l].event_cut && !was_cut {
            obs.note(Note::Cut {
                link: l,
                cause: CutCause::Event,
            });
        }
        let cut = self.links[l].is_cut();
        match (cut, self.links[l].cut_since) {
            (true, None) => {
                self.links[l].cut_since = Some(t);
                self.record_cut(l, t);
                let cut_in = &mut self.cut_in[to];
                let at = cut_in.partition_point(|c| c.link < l);
                let share = self.world.links[l].share;
                cut_in.insert(
                    at,
                    CutLink {
                        link: l,
                        since: t,
                        share,
                    },
                );
            }
            (false, Some(_)) => {
                self.links[l].cut_since = None;
                self.cut_in[to].retain(|c| c.link != l);
                if O::ENABLED {
                    obs.note(Note::Restored { link: l });
                }
            }
            _ => {}
        }
    }

    /// The draw of link `l`'s embargo rule, or with `licence` of its licence
    /// holder's check: whether the supplier withholds, so the link is cut.
    fn withholds<O: Observer>(&mut self, l: LinkIx, licence: bool, obs: &mut O) -> bool {
        let link = &self.world.links[l];
        let (purpose, cause) = if licence {
            (Purpose::Licence, CutCause::Licence)
        } else {
            (Purpose::Embargo, CutCause::Embargo)
        };
        let cut = self.rng.uniform(StreamKey::new(purpose).entity(link.key)) < link.embargo.p;
        if O::ENABLED {
            obs.note(if cut {
                Note::Cut { link: l, cause }
            } else {
                Note::EmbargoWithheld { link: l, licence }
            });
        }
        cut
    }

    /// `sustain_r = max(floor, min(1, 1 − deficit_r + Σ support))`, where a
    /// link cut at step `s` weighs `share × min(1, (t − s) / max(1, stockpile))`;
    /// and with it the strengths `S_X = Σ_{i∈X} P_i g(i) sustain_i` that
    /// combat opens with (§2 phase 3 steps 3 and 4).
    ///
    /// Only combat reads sustainment, right after the supply phase that
    /// set the cuts, so it is worked out there, for the belligerents alone,
    /// in the pass that sums the strengths. Each recipient's cut links are
    /// summed in link order, from the list of its cut links rather than all
    /// it receives.
    pub(crate) fn sustained_strengths(&mut self, t: u32) -> [f64; 2] {
        // Borrowed apart: the loops read the lists while they write `sustain`.
        let Trial {
            world,
            fighting,
            cut_in,
            sustain,
            support,
            side,
            power,
            g,
            ..
        } = self;
        for list in fighting.iter() {
            for &r in list {
                let stockpile = world.states[r].stockpile;
                let mut v = 1.0;
                for cut in &cut_in[r] {
                    v -= cut.share * stockpile_ramp(t, cut.since, stockpile);
                }
                sustain[r] = v;
            }
        }
        for s in support.iter() {
            if !matches!((side[s.from], side[s.to]), (Some(a), Some(b)) if a != b) {
                sustain[s.to] += s.share;
            }
        }
        let floor = world.constants.sustain_floor;
        // Summed from -0.0, as `Iterator::sum` does, for the same bits.
        let mut strength = [-0.0f64; 2];
        for (x, list) in fighting.iter().enumerate() {
            for &r in list {
                let v = sustain[r].min(1.0).max(floor);
                sustain[r] = v;
                strength[x] += power[r] * g[r] * v;
            }
        }
        strength
    }
}

/// How much of a cut link's share weighs at step `t` when it was cut at
/// `since`: `min(1, (t − since) / max(1, stockpile))` (§5.11).
///
/// ```
/// use casus_core::supply::stockpile_ramp;
/// assert_eq!(stockpile_ramp(3, 3, 4.0), 0.0);
/// assert_eq!(stockpile_ramp(4, 3, 4.0), 0.25);
/// assert_eq!(stockpile_ramp(9, 3, 4.0), 1.0);
/// assert_eq!(stockpile_ramp(4, 3, 0.0), 1.0);
/// ```
pub fn stockpile_ramp(t: u32, since: u32, stockpile: f64) -> f64 {
    (f64::from(t.saturating_sub(since)) / stockpile.max(1.0)).min(1.0)
}

/// What a link's rules decide at one step before any draw: whether its
/// ends are at war, whether its embargo rule and its licence holder's
/// check hold for the first time (each then draws), and whether its
/// chokepoint is closed to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct LinkRules {
    war: bool,
    embargo: bool,
    licence: bool,
    closed: bool,
}

impl LinkRules {
    /// Whether these rules change a link as a war starts it (not cut, no
    /// rule fired, no event on it): at a war's first step most links
    /// visited have no rule that holds, and replaying them would do
    /// nothing.
    fn act_on_a_fresh_link(self) -> bool {
        self.war || self.embargo || self.licence || self.closed
    }
}

/// The links a war's first step visits and what their rules decide, when
/// that is the same in every trial (see [`Trial::update_supply`]).
#[derive(Clone, Debug, Default)]
pub(crate) struct FirstSupply {
    /// Whether no draw moves the rules (an affinity, the friend threshold).
    pub fixed: bool,
    /// The record of a first step where no event touched a link, and that
    /// of one where events did.
    pub records: [FirstSupplyRecord; 2],
}

/// One recorded first step of the supply phase.
#[derive(Clone, Debug, Default)]
pub(crate) struct FirstSupplyRecord {
    /// Whether it has been recorded.
    known: bool,
    /// Which events had fired (only read where an event touched a link:
    /// the same events leave the links in the same state).
    fired: Vec<bool>,
    /// The links visited that the step changes (a rule acts on them, or an
    /// event did), in link order, and their rules.
    pub links: Vec<(LinkIx, LinkRules)>,
}

impl FirstSupply {
    /// For `s`, with room for every link and event.
    pub(crate) fn of(s: &crate::model::Scenario) -> Self {
        let record = || FirstSupplyRecord {
            known: false,
            fired: Vec::with_capacity(s.events.len()),
            links: Vec::with_capacity(s.links.len()),
        };
        FirstSupply {
            fixed: !s.uncertain.iter().any(|u| u.slot.moves_supply_rules()),
            records: [record(), record()],
        }
    }

    /// Whether record `slot` holds a first step with these events fired.
    fn replays(&self, slot: usize, fired: &[bool]) -> bool {
        let record = &self.records[slot];
        record.known && (slot == 0 || record.fired == fired)
    }

    /// Starts record `slot` over, for a step with these events fired.
    fn start_record(&mut self, slot: usize, fired: &[bool]) {
        let record = &mut self.records[slot];
        record.known = false;
        record.links.clear();
        record.fired.clear();
        record.fired.extend_from_slice(fired);
    }
}
