//! # missive-sms
//!
//! SMS as GSM devices and service centres speak it:
//!
//! - the alphabets of 3GPP TS 23.038 — GSM 7-bit default alphabet and
//!   extension table, every national language single and locking shift table
//!   (Turkish, Spanish, Portuguese, and the ten Indian-language tables), UCS-2
//!   read as UTF-16 so emoji survive, 8-bit data ([`gsm7`], [`dcs`]);
//! - septet packing with fill bits after a user data header;
//! - the cheapest encoding for a text and a phone-style count of parts and
//!   characters left ([`plan`]);
//! - zero-copy decoding of all six TPDUs of TS 23.040 with the SMSC prefix
//!   of AT+CMGL PDU mode ([`decode`], [`tpdu`]); addresses, PID, DCS groups,
//!   time stamps with zones, validity periods, UDH elements, status reports;
//!   strict by default with the octet offset of every error, lenient on request;
//! - owned builders for SMS-SUBMIT and SMS-DELIVER ([`SubmitBuilder`],
//!   [`DeliverBuilder`]) and reassembly of concatenated parts ([`mod@concat`]).
//!
//! ```
//! use missive_sms::{decode, hex, SubmitBuilder, Tpdu};
//!
//! // Encode a long text with an emoji: UCS-2, split in two parts.
//! let text = "Voicemail from +4930123456 😀 ".repeat(3);
//! let parts = SubmitBuilder::new("+4915112345678", &text).reference(42).build().unwrap();
//! assert_eq!(parts.len(), 2);
//!
//! // Decode them again (zero-copy: the PDU borrows the bytes).
//! let mut joined = String::new();
//! for p in &parts {
//!     let pdu = decode(&p.bytes).unwrap();
//!     let Tpdu::Submit(s) = &pdu.tpdu else { unreachable!() };
//!     assert_eq!(s.destination.to_string(), "+4915112345678");
//!     let udh = s.user_data.udh.unwrap();
//!     assert_eq!(udh.concat().unwrap().reference, 42);
//!     s.user_data.write_text(&mut joined).unwrap();
//! }
//! assert_eq!(joined, text);
//! # let _ = hex::encode(&parts[0].bytes);
//! ```
//!
//! No hand-written parser combinator library is used: TPDUs are fixed
//! sequences of octet fields, read by a bounds-checked cursor; every length
//! comes from the PDU and is checked before use (a PDU is at most 176
//! octets, so no input can demand unbounded work).
#![forbid(unsafe_code)]

pub mod address;
pub mod builder;
pub mod concat;
pub mod dcs;
mod error;
pub mod gsm7;
pub mod hex;
pub mod plan;
mod tables;
pub mod time;
pub mod tpdu;
pub mod udh;

pub use address::{Address, TypeOfNumber};
pub use builder::{DeliverBuilder, EncodedPdu, SubmitBuilder};
pub use dcs::{Alphabet, Dcs, Pid};
pub use error::Error;
pub use gsm7::Language;
pub use plan::{AlphabetChoice, EncodeOptions, Plan};
pub use time::{Timestamp, Validity};
pub use tpdu::{decode, decode_with, DecodeOptions, Direction, Pdu, SmscPrefix, Tpdu, UserData};
