//! Which greeting plays: personal slots, situations, the greeting of the day,
//! central greetings and the system default.
//!
//! Selection, in order: the **alternate** greeting wins whatever the time and
//! caller; on a **busy** line the busy greeting plays whatever the time; then
//! the **greeting of the day** until local midnight; then the time profile
//! (outside office hours, else internal/external caller); then the active
//! **central** greeting; then the **system default**, which speaks the
//! recorded name or, without one, the number. A situation whose slot has no
//! recording falls through to the next rule.

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveTime, TimeZone, Utc, Weekday};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::{DayGreeting, Greetings, Situation, Subscriber, TimeProfile};

/// Number of personal greeting slots (the product limit).
pub const SLOTS: u8 = 9;

/// Who is calling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Caller {
    /// From inside the organisation.
    Internal,
    /// From outside.
    External,
}

/// Why a greeting was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum GreetingSource {
    /// A personal greeting assigned to this situation.
    Situation(Situation),
    /// The greeting of the day.
    Day,
    /// A central greeting for all users.
    Central,
    /// The system default.
    SystemDefault,
}

/// The greeting to play.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GreetingChoice {
    /// Which rule chose it.
    pub source: GreetingSource,
    /// The personal slot (1–9), for personal greetings and the day greeting.
    pub slot: Option<u8>,
    /// The central greeting id, for [`GreetingSource::Central`].
    pub central: Option<u32>,
    /// For the system default: play the recorded name (`true`) or speak the number.
    pub recorded_name: bool,
}

/// Checks a slot number: 1–9.
///
/// # Errors
/// [`Error::Limit`] outside 1–9.
pub fn check_slot(slot: u8) -> Result<()> {
    if slot == 0 || slot > SLOTS {
        return Err(Error::Limit {
            what: "personal greeting slot (1–9)",
            max: SLOTS as usize,
        });
    }
    Ok(())
}

/// Records a personal greeting in `slot`.
///
/// # Errors
/// [`Error::Limit`] for a slot outside 1–9.
pub fn record(g: &mut Greetings, slot: u8) -> Result<()> {
    check_slot(slot)?;
    if !g.recorded.contains(&slot) {
        g.recorded.push(slot);
        g.recorded.sort_unstable();
    }
    Ok(())
}

/// Assigns recorded `slot` to `situation`, or clears it with `None`.
///
/// # Errors
/// [`Error::Limit`] for a bad slot, [`Error::Invalid`] for a slot with no recording.
pub fn assign(g: &mut Greetings, situation: Situation, slot: Option<u8>) -> Result<()> {
    match slot {
        None => {
            g.assigned.remove(&situation);
        }
        Some(slot) => {
            check_slot(slot)?;
            if !g.recorded.contains(&slot) {
                return Err(Error::invalid(
                    "slot",
                    format!("slot {slot} has no recording"),
                ));
            }
            g.assigned.insert(situation, slot);
        }
    }
    Ok(())
}

/// The local time offset of a profile.
///
/// # Errors
/// [`Error::Invalid`] for an offset beyond ±24 h.
pub fn offset(profile: &TimeProfile) -> Result<FixedOffset> {
    profile
        .utc_offset_minutes
        .checked_mul(60)
        .and_then(FixedOffset::east_opt)
        .ok_or_else(|| Error::invalid("utc offset", profile.utc_offset_minutes))
}

/// The next local midnight after `now` in the profile's time zone.
///
/// # Errors
/// [`Error::Invalid`] for a bad offset.
pub fn next_local_midnight(now: DateTime<Utc>, profile: &TimeProfile) -> Result<DateTime<Utc>> {
    let tz = offset(profile)?;
    let local = now.with_timezone(&tz);
    let next_day = local
        .date_naive()
        .succ_opt()
        .ok_or_else(|| Error::invalid("time", "out of range"))?;
    let midnight = next_day.and_time(NaiveTime::MIN);
    tz.from_local_datetime(&midnight)
        .single()
        .map(|d| d.with_timezone(&Utc))
        .ok_or_else(|| Error::invalid("time", "no local midnight"))
}

/// Sets the greeting of the day to recorded `slot`; it expires at the next
/// local midnight after `now`.
///
/// # Errors
/// As [`assign`] and [`next_local_midnight`].
pub fn set_day(
    g: &mut Greetings,
    slot: u8,
    now: DateTime<Utc>,
    profile: &TimeProfile,
) -> Result<()> {
    check_slot(slot)?;
    if !g.recorded.contains(&slot) {
        return Err(Error::invalid(
            "slot",
            format!("slot {slot} has no recording"),
        ));
    }
    g.day = Some(DayGreeting {
        slot,
        expires_at: next_local_midnight(now, profile)?,
    });
    Ok(())
}

fn weekday_in(day: Weekday, from: Weekday, to: Weekday) -> bool {
    let (d, f, t) = (
        day.num_days_from_monday(),
        from.num_days_from_monday(),
        to.num_days_from_monday(),
    );
    if f <= t {
        f <= d && d <= t
    } else {
        d >= f || d <= t
    }
}

/// Whether `now` falls in the profile's office hours (always, when none are set).
///
/// # Errors
/// [`Error::Invalid`] for a bad offset.
pub fn in_office_hours(profile: &TimeProfile, now: DateTime<Utc>) -> Result<bool> {
    if profile.hours.is_empty() {
        return Ok(true);
    }
    let local = now.with_timezone(&offset(profile)?);
    let (day, time) = (local.weekday(), local.time());
    Ok(profile
        .hours
        .iter()
        .any(|h| weekday_in(day, h.from_day, h.to_day) && h.start <= time && time < h.end))
}

/// Chooses the greeting for a call at `now` (see the module docs for the rule).
/// `central` is the active central greeting, if any.
///
/// # Errors
/// [`Error::Invalid`] for a bad time-profile offset.
pub fn select(
    sub: &Subscriber,
    now: DateTime<Utc>,
    caller: Caller,
    busy: bool,
    central: Option<u32>,
) -> Result<GreetingChoice> {
    let g = &sub.greetings;
    let usable = |s: Situation| {
        g.assigned
            .get(&s)
            .copied()
            .filter(|slot| g.recorded.contains(slot))
    };
    let personal = |s: Situation, slot: u8| GreetingChoice {
        source: GreetingSource::Situation(s),
        slot: Some(slot),
        central: None,
        recorded_name: g.recorded_name,
    };
    if let Some(slot) = usable(Situation::Alternate) {
        return Ok(personal(Situation::Alternate, slot));
    }
    if busy {
        if let Some(slot) = usable(Situation::Busy) {
            return Ok(personal(Situation::Busy, slot));
        }
    }
    if let Some(day) = g.day {
        if now < day.expires_at && g.recorded.contains(&day.slot) {
            return Ok(GreetingChoice {
                source: GreetingSource::Day,
                slot: Some(day.slot),
                central: None,
                recorded_name: g.recorded_name,
            });
        }
    }
    if !in_office_hours(&sub.profile, now)? {
        if let Some(slot) = usable(Situation::OutOfHours) {
            return Ok(personal(Situation::OutOfHours, slot));
        }
    }
    let by_caller = match caller {
        Caller::Internal => Situation::Internal,
        Caller::External => Situation::External,
    };
    if let Some(slot) = usable(by_caller) {
        return Ok(personal(by_caller, slot));
    }
    if let Some(id) = central {
        return Ok(GreetingChoice {
            source: GreetingSource::Central,
            slot: None,
            central: Some(id),
            recorded_name: g.recorded_name,
        });
    }
    Ok(GreetingChoice {
        source: GreetingSource::SystemDefault,
        slot: None,
        central: None,
        recorded_name: g.recorded_name,
    })
}

/// Parses office hours written as `mon-fri 08:00-17:00` (days: mon … sun).
///
/// # Errors
/// [`Error::Invalid`] for anything else.
pub fn parse_hours(s: &str) -> Result<crate::model::OfficeHours> {
    let bad = || Error::invalid("hours", format!("{s:?} is not like `mon-fri 08:00-17:00`"));
    let (days, times) = s.trim().split_once(' ').ok_or_else(bad)?;
    let (d1, d2) = days.split_once('-').unwrap_or((days, days));
    let (t1, t2) = times.trim().split_once('-').ok_or_else(bad)?;
    let day = |d: &str| d.parse::<Weekday>().map_err(|_| bad());
    let time = |t: &str| NaiveTime::parse_from_str(t, "%H:%M").map_err(|_| bad());
    Ok(crate::model::OfficeHours {
        from_day: day(d1)?,
        to_day: day(d2)?,
        start: time(t1)?,
        end: time(t2)?,
    })
}

/// How long until the greeting of the day expires (zero when none or expired).
pub fn day_remaining(g: &Greetings, now: DateTime<Utc>) -> Duration {
    g.day.map_or(Duration::zero(), |d| {
        (d.expires_at - now).max(Duration::zero())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn sub() -> Subscriber {
        let mut s = Subscriber::new("100", "Ada Lovelace");
        s.profile = TimeProfile {
            utc_offset_minutes: 60,
            hours: vec![parse_hours("mon-fri 08:00-17:00").unwrap()],
        };
        for slot in 1..=5 {
            record(&mut s.greetings, slot).unwrap();
        }
        s
    }

    // 2026-11-23 is a Monday.
    const WORK: &str = "2026-11-23T10:00:00+01:00";
    const NIGHT: &str = "2026-11-23T22:00:00+01:00";

    #[test]
    fn default_without_assignments() {
        let s = Subscriber::new("100", "A");
        let c = select(&s, at(WORK), Caller::External, false, None).unwrap();
        assert_eq!(c.source, GreetingSource::SystemDefault);
        assert!(!c.recorded_name);
        let c = select(&s, at(WORK), Caller::External, false, Some(7)).unwrap();
        assert_eq!((c.source, c.central), (GreetingSource::Central, Some(7)));
    }

    #[test]
    fn alternate_beats_all_busy_beats_time() {
        let mut s = sub();
        assign(&mut s.greetings, Situation::Internal, Some(1)).unwrap();
        assign(&mut s.greetings, Situation::External, Some(2)).unwrap();
        assign(&mut s.greetings, Situation::Busy, Some(3)).unwrap();
        assign(&mut s.greetings, Situation::OutOfHours, Some(4)).unwrap();
        let pick = |s: &Subscriber, t, c, b| select(s, at(t), c, b, Some(1)).unwrap().slot;
        assert_eq!(pick(&s, WORK, Caller::Internal, false), Some(1));
        assert_eq!(pick(&s, WORK, Caller::External, false), Some(2));
        assert_eq!(pick(&s, NIGHT, Caller::Internal, false), Some(4));
        assert_eq!(pick(&s, NIGHT, Caller::External, true), Some(3));
        assert_eq!(pick(&s, WORK, Caller::External, true), Some(3));
        assign(&mut s.greetings, Situation::Alternate, Some(5)).unwrap();
        for t in [WORK, NIGHT] {
            for b in [false, true] {
                assert_eq!(pick(&s, t, Caller::Internal, b), Some(5));
            }
        }
    }

    #[test]
    fn day_greeting_expires_at_local_midnight() {
        let mut s = sub();
        assign(&mut s.greetings, Situation::External, Some(2)).unwrap();
        set_day(
            &mut s.greetings,
            3,
            at("2026-11-23T09:00:00+01:00"),
            &s.profile,
        )
        .unwrap();
        assert_eq!(
            s.greetings.day.unwrap().expires_at,
            at("2026-11-24T00:00:00+01:00")
        );
        let c = select(
            &s,
            at("2026-11-23T23:59:59+01:00"),
            Caller::External,
            false,
            None,
        )
        .unwrap();
        assert_eq!((c.source, c.slot), (GreetingSource::Day, Some(3)));
        // 23:30 UTC is already the next day locally.
        let c = select(
            &s,
            at("2026-11-23T23:30:00Z"),
            Caller::External,
            false,
            None,
        )
        .unwrap();
        assert_eq!(c.slot, Some(2));
    }

    #[test]
    fn slot_limits() {
        let mut g = Greetings::default();
        assert!(matches!(record(&mut g, 0), Err(Error::Limit { .. })));
        assert!(matches!(record(&mut g, 10), Err(Error::Limit { .. })));
        assert!(matches!(
            assign(&mut g, Situation::Busy, Some(4)),
            Err(Error::Invalid { .. })
        ));
    }

    #[test]
    fn weekend_wraps() {
        assert!(weekday_in(Weekday::Sun, Weekday::Sat, Weekday::Mon));
        assert!(!weekday_in(Weekday::Wed, Weekday::Sat, Weekday::Mon));
    }
}
