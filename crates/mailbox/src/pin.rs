//! PIN rules: 1–24 digits, stored only as a salted Argon2id hash, lockout
//! after a number of wrong PINs in a row, lifted by time or by the
//! administrator. Pure functions: the salt and the clock are passed in.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Longest PIN accepted (the product limit).
pub const MAX_PIN_DIGITS: usize = 24;

/// Policy for PIN hashing and lockout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PinPolicy {
    /// Wrong PINs in a row that lock the mailbox (at least 1).
    pub max_failures: u32,
    /// How long a lockout lasts; `None` = until an administrator unlocks.
    pub lockout_secs: Option<i64>,
    /// Argon2 memory cost in KiB.
    pub memory_kib: u32,
    /// Argon2 passes.
    pub passes: u32,
}

impl Default for PinPolicy {
    /// 3 wrong PINs lock for 15 minutes; Argon2id with 19 MiB and 2 passes
    /// (the OWASP minimum for Argon2id).
    fn default() -> Self {
        Self {
            max_failures: 3,
            lockout_secs: Some(15 * 60),
            memory_kib: 19 * 1024,
            passes: 2,
        }
    }
}

/// A PIN as stored: hash and lockout state, never the PIN itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PinState {
    /// PHC string of the Argon2id hash (salt and parameters included).
    pub hash: String,
    /// Wrong PINs in a row so far.
    pub failures: u32,
    /// Locked until this instant (time lockout).
    pub locked_until: Option<DateTime<Utc>>,
    /// Locked until an administrator unlocks.
    pub admin_locked: bool,
}

/// The outcome of one PIN check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "outcome")]
pub enum PinOutcome {
    /// The PIN is right; the failure count is reset.
    Accepted,
    /// The PIN is wrong; `remaining` more wrong ones lock the mailbox.
    Wrong {
        /// Attempts left before the lockout.
        remaining: u32,
    },
    /// The mailbox is locked (the PIN was not even checked). End the call;
    /// external callers go to the operator.
    Locked {
        /// When the lock lifts by itself (`None` = administrator unlock).
        until: Option<DateTime<Utc>>,
    },
}

/// Checks that `pin` is 1–24 ASCII digits.
///
/// # Errors
/// [`Error::BadPin`] otherwise.
pub fn validate_pin(pin: &str) -> Result<()> {
    let non_digit = !pin.bytes().all(|b| b.is_ascii_digit());
    let len = pin.chars().count();
    if len == 0 || len > MAX_PIN_DIGITS || non_digit {
        return Err(Error::BadPin { len, non_digit });
    }
    Ok(())
}

fn hasher(policy: &PinPolicy) -> Result<Argon2<'static>> {
    let params = Params::new(policy.memory_kib, policy.passes, 1, None)
        .map_err(|e| Error::Hash(e.to_string()))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Hashes a new PIN with a caller-supplied random `salt` (16 bytes from the
/// OS random source in production; see [`random_salt`]).
///
/// # Errors
/// [`Error::BadPin`] for a PIN that breaks the rules, [`Error::Hash`] for
/// unusable policy parameters.
pub fn hash_pin(pin: &str, salt: &[u8; 16], policy: &PinPolicy) -> Result<PinState> {
    validate_pin(pin)?;
    let salt = SaltString::encode_b64(salt).map_err(|e| Error::Hash(e.to_string()))?;
    let hash = hasher(policy)?
        .hash_password(pin.as_bytes(), &salt)
        .map_err(|e| Error::Hash(e.to_string()))?
        .to_string();
    Ok(PinState {
        hash,
        failures: 0,
        locked_until: None,
        admin_locked: false,
    })
}

/// 16 random bytes from the operating system, for [`hash_pin`].
///
/// # Errors
/// [`Error::Hash`] when the OS random source fails.
pub fn random_salt() -> Result<[u8; 16]> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| Error::Hash(e.to_string()))?;
    Ok(salt)
}

/// Checks `pin` against `state` at `now` and returns the outcome with the
/// state to store. A locked mailbox answers [`PinOutcome::Locked`] without
/// looking at the PIN; an expired time lock is lifted first.
///
/// # Errors
/// [`Error::Hash`] when the stored hash cannot be parsed.
pub fn check_pin(
    state: &PinState,
    pin: &str,
    now: DateTime<Utc>,
    policy: &PinPolicy,
) -> Result<(PinOutcome, PinState)> {
    let mut next = state.clone();
    if next.admin_locked {
        return Ok((PinOutcome::Locked { until: None }, next));
    }
    match next.locked_until {
        Some(until) if now < until => return Ok((PinOutcome::Locked { until: Some(until) }, next)),
        Some(_) => {
            next.locked_until = None;
            next.failures = 0;
        }
        None => {}
    }
    let parsed = PasswordHash::new(&state.hash).map_err(|e| Error::Hash(e.to_string()))?;
    // A malformed PIN (too long, letters) is simply wrong: it counts.
    let right = validate_pin(pin).is_ok()
        && Argon2::default()
            .verify_password(pin.as_bytes(), &parsed)
            .is_ok();
    if right {
        next.failures = 0;
        return Ok((PinOutcome::Accepted, next));
    }
    next.failures = next.failures.saturating_add(1);
    let max = policy.max_failures.max(1);
    if next.failures >= max {
        if let Some(secs) = policy.lockout_secs {
            let until = now
                .checked_add_signed(Duration::seconds(secs))
                .unwrap_or(DateTime::<Utc>::MAX_UTC);
            next.locked_until = Some(until);
            Ok((PinOutcome::Locked { until: Some(until) }, next))
        } else {
            next.admin_locked = true;
            Ok((PinOutcome::Locked { until: None }, next))
        }
    } else {
        Ok((
            PinOutcome::Wrong {
                remaining: max - next.failures,
            },
            next,
        ))
    }
}

/// The administrator's unlock: clears every lock and the failure count.
pub fn admin_unlock(state: &PinState) -> PinState {
    PinState {
        failures: 0,
        locked_until: None,
        admin_locked: false,
        ..state.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cheap() -> PinPolicy {
        PinPolicy {
            memory_kib: 64,
            passes: 1,
            ..PinPolicy::default()
        }
    }

    fn t(s: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_700_000_000 + s, 0).unwrap()
    }

    #[test]
    fn length_rules() {
        assert!(validate_pin("1").is_ok());
        assert!(validate_pin(&"9".repeat(24)).is_ok());
        assert!(matches!(
            validate_pin(""),
            Err(Error::BadPin { len: 0, .. })
        ));
        assert!(matches!(
            validate_pin(&"9".repeat(25)),
            Err(Error::BadPin {
                len: 25,
                non_digit: false
            })
        ));
        assert!(matches!(
            validate_pin("12a4"),
            Err(Error::BadPin {
                non_digit: true,
                ..
            })
        ));
        assert!(hash_pin(&"1".repeat(25), &[0; 16], &cheap()).is_err());
    }

    #[test]
    fn never_in_clear_and_salted() {
        let a = hash_pin("123456", &[1; 16], &cheap()).unwrap();
        let b = hash_pin("123456", &[2; 16], &cheap()).unwrap();
        assert!(!a.hash.contains("123456"));
        assert!(a.hash.starts_with("$argon2id$"));
        assert_ne!(a.hash, b.hash);
    }

    #[test]
    fn lockout_then_time_unlock() {
        let p = cheap();
        let s = hash_pin("4711", &[3; 16], &p).unwrap();
        let (o, s) = check_pin(&s, "0000", t(0), &p).unwrap();
        assert_eq!(o, PinOutcome::Wrong { remaining: 2 });
        let (o, s) = check_pin(&s, "4711", t(1), &p).unwrap();
        assert_eq!(o, PinOutcome::Accepted);
        assert_eq!(s.failures, 0, "a right PIN resets the run");
        let (_, s) = check_pin(&s, "1", t(2), &p).unwrap();
        let (_, s) = check_pin(&s, "2", t(3), &p).unwrap();
        let (o, s) = check_pin(&s, "3", t(4), &p).unwrap();
        let until = t(4 + 900);
        assert_eq!(o, PinOutcome::Locked { until: Some(until) });
        // Even the right PIN is refused while locked.
        let (o, s) = check_pin(&s, "4711", t(100), &p).unwrap();
        assert_eq!(o, PinOutcome::Locked { until: Some(until) });
        let (o, _) = check_pin(&s, "4711", t(904), &p).unwrap();
        assert_eq!(o, PinOutcome::Accepted);
    }

    #[test]
    fn admin_lock_needs_admin() {
        let p = PinPolicy {
            max_failures: 2,
            lockout_secs: None,
            ..cheap()
        };
        let s = hash_pin("12", &[4; 16], &p).unwrap();
        let (_, s) = check_pin(&s, "13", t(0), &p).unwrap();
        let (o, s) = check_pin(&s, "14", t(1), &p).unwrap();
        assert_eq!(o, PinOutcome::Locked { until: None });
        let (o, s) = check_pin(&s, "12", t(1_000_000), &p).unwrap();
        assert_eq!(o, PinOutcome::Locked { until: None });
        let s = admin_unlock(&s);
        assert_eq!(
            check_pin(&s, "12", t(2), &p).unwrap().0,
            PinOutcome::Accepted
        );
    }
}
