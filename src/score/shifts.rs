//! Gibson's participation shifts: how the floor passes from one turn to the
//! next (D. R. Gibson, "Participation shifts", Social Forces 81, 2003).
//!
//! Each turn has a speaker and a target: the speaker of the point it
//! responds to (the classifier's [`Context::responds_to`]), or the group
//! (`0`) when it responds to nobody in particular. A shift names the
//! previous turn (`A` speaking to `B`, or `A0` to the group) and the next
//! one (`X` or `B` speaking to `A`, `B`, `Y` or the group). Transcripts do
//! not say whom a turn addresses, so this is the closest observable reading;
//! and because a new turn always has a new speaker, Gibson's "turn
//! continuing" shifts (A0-AY, AB-A0, AB-AY) cannot occur.
//!
//! [`Context::responds_to`]: crate::classify::Context::responds_to

use std::fmt;
use std::ops::AddAssign;

use serde::{Deserialize, Serialize};

use crate::transcript::SpeakerId;

/// One participation shift.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Shift {
    /// A speaks to B; B answers A (turn receiving).
    AbBa,
    /// A speaks to B; B answers the group (turn receiving).
    AbB0,
    /// A speaks to B; B turns to someone else (turn receiving).
    AbBy,
    /// A speaks to the group; X answers A (turn claiming).
    A0Xa,
    /// A speaks to the group; X speaks to the group (turn claiming).
    A0X0,
    /// A speaks to the group; X speaks to someone else (turn claiming).
    A0Xy,
    /// A speaks to B; X answers A (turn usurping).
    AbXa,
    /// A speaks to B; X speaks to B (turn usurping).
    AbXb,
    /// A speaks to B; X speaks to the group (turn usurping).
    AbX0,
    /// A speaks to B; X speaks to someone else (turn usurping).
    AbXy,
}

impl Shift {
    /// All shifts, in Gibson's order (receiving, claiming, usurping).
    pub const ALL: [Shift; 10] = [
        Shift::AbBa,
        Shift::AbB0,
        Shift::AbBy,
        Shift::A0Xa,
        Shift::A0X0,
        Shift::A0Xy,
        Shift::AbXa,
        Shift::AbXb,
        Shift::AbX0,
        Shift::AbXy,
    ];

    /// The shift from one turn to the next, each given as (speaker, target);
    /// a target of `None` is the group.
    pub fn of(prev: (SpeakerId, Option<SpeakerId>), next: (SpeakerId, Option<SpeakerId>)) -> Shift {
        let (a, b) = prev;
        let (x, y) = next;
        match b {
            None => match y {
                Some(y) if y == a => Shift::A0Xa,
                None => Shift::A0X0,
                Some(_) => Shift::A0Xy,
            },
            Some(b) if x == b => match y {
                Some(y) if y == a => Shift::AbBa,
                None => Shift::AbB0,
                Some(_) => Shift::AbBy,
            },
            Some(b) => match y {
                Some(y) if y == a => Shift::AbXa,
                Some(y) if y == b => Shift::AbXb,
                None => Shift::AbX0,
                Some(_) => Shift::AbXy,
            },
        }
    }

    /// Gibson's notation, e.g. `AB-BA`.
    pub fn notation(self) -> &'static str {
        match self {
            Shift::AbBa => "AB-BA",
            Shift::AbB0 => "AB-B0",
            Shift::AbBy => "AB-BY",
            Shift::A0Xa => "A0-XA",
            Shift::A0X0 => "A0-X0",
            Shift::A0Xy => "A0-XY",
            Shift::AbXa => "AB-XA",
            Shift::AbXb => "AB-XB",
            Shift::AbX0 => "AB-X0",
            Shift::AbXy => "AB-XY",
        }
    }
}

impl fmt::Display for Shift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.notation())
    }
}

/// Counts of each participation shift; the field names are Gibson's
/// notation in lower case with `_` for `-` (`ab_ba` is AB-BA).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShiftCounts {
    pub ab_ba: u64,
    pub ab_b0: u64,
    pub ab_by: u64,
    pub a0_xa: u64,
    pub a0_x0: u64,
    pub a0_xy: u64,
    pub ab_xa: u64,
    pub ab_xb: u64,
    pub ab_x0: u64,
    pub ab_xy: u64,
}

impl ShiftCounts {
    /// Counts one shift.
    pub fn add(&mut self, s: Shift) {
        *self.slot(s) += 1;
    }

    /// The count of one shift.
    pub fn get(&self, s: Shift) -> u64 {
        let mut copy = *self;
        *copy.slot(s)
    }

    /// All shifts counted.
    pub fn total(&self) -> u64 {
        Shift::ALL.iter().map(|&s| self.get(s)).sum()
    }

    fn slot(&mut self, s: Shift) -> &mut u64 {
        match s {
            Shift::AbBa => &mut self.ab_ba,
            Shift::AbB0 => &mut self.ab_b0,
            Shift::AbBy => &mut self.ab_by,
            Shift::A0Xa => &mut self.a0_xa,
            Shift::A0X0 => &mut self.a0_x0,
            Shift::A0Xy => &mut self.a0_xy,
            Shift::AbXa => &mut self.ab_xa,
            Shift::AbXb => &mut self.ab_xb,
            Shift::AbX0 => &mut self.ab_x0,
            Shift::AbXy => &mut self.ab_xy,
        }
    }
}

impl AddAssign for ShiftCounts {
    fn add_assign(&mut self, o: ShiftCounts) {
        for s in Shift::ALL {
            *self.slot(s) += o.get(s);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_case_of_the_definition() {
        let (a, b, x, y) = (0, 1, 2, 3);
        assert_eq!(Shift::of((a, None), (x, Some(a))), Shift::A0Xa);
        assert_eq!(Shift::of((a, None), (x, None)), Shift::A0X0);
        assert_eq!(Shift::of((a, None), (x, Some(y))), Shift::A0Xy);
        assert_eq!(Shift::of((a, Some(b)), (b, Some(a))), Shift::AbBa);
        assert_eq!(Shift::of((a, Some(b)), (b, None)), Shift::AbB0);
        assert_eq!(Shift::of((a, Some(b)), (b, Some(y))), Shift::AbBy);
        assert_eq!(Shift::of((a, Some(b)), (x, Some(a))), Shift::AbXa);
        assert_eq!(Shift::of((a, Some(b)), (x, Some(b))), Shift::AbXb);
        assert_eq!(Shift::of((a, Some(b)), (x, None)), Shift::AbX0);
        assert_eq!(Shift::of((a, Some(b)), (x, Some(y))), Shift::AbXy);
    }

    #[test]
    fn counts_add_up_and_merge() {
        let mut c = ShiftCounts::default();
        c.add(Shift::AbBa);
        c.add(Shift::AbBa);
        c.add(Shift::A0Xy);
        let mut d = c;
        d += c;
        assert_eq!((d.ab_ba, d.a0_xy, d.total()), (4, 2, 6));
        assert_eq!(Shift::ALL.map(|s| s.notation())[3], "A0-XA");
    }
}
