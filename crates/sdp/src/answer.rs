//! RFC 3264 offer/answer: from our capabilities and a peer's offer, the answer.

use std::borrow::Cow;
use std::net::{IpAddr, Ipv4Addr};

use crate::attr::{Direction, EventRanges, Rtpmap};
use crate::codec::{Codec, Payload};
use crate::error::Error;
use crate::session::{Attribute, Connection, Media, Origin, SessionDescription};
use crate::t38::{RateManagement, T38Params, UdpEc};

/// Whose order decides the codec order of the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Preference {
    /// The offerer's order (RFC 3264 §6.1 recommends following it).
    #[default]
    Offerer,
    /// The order of [`Capabilities::codecs`].
    Ours,
}

/// What we accept for fax over T.38 (`m=image … udptl t38`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct T38Caps {
    /// Highest `T38FaxVersion` we speak (the answer takes the minimum).
    pub version: u8,
    /// Highest `T38MaxBitRate` in bit/s (the answer takes the minimum).
    pub max_bit_rate: u32,
    /// Whether we also accept `localTCF` (`transferredTCF` is always accepted).
    pub local_tcf: bool,
    /// Best error correction we do: `Fec` implies we also do redundancy.
    pub udp_ec: UdpEc,
    /// Our `T38FaxMaxBuffer` (declared as is).
    pub max_buffer: Option<u32>,
    /// Our `T38FaxMaxDatagram`: the largest datagram we accept (declared as is).
    pub max_datagram: Option<u32>,
    /// Whether we can do fill-bit removal.
    pub fill_bit_removal: bool,
    /// Whether we can transcode MMR.
    pub transcoding_mmr: bool,
    /// Whether we can transcode JBIG.
    pub transcoding_jbig: bool,
}

impl Default for T38Caps {
    /// Version 0, 14 400 bit/s, transferredTCF, redundancy, 200-byte buffer,
    /// 400-byte datagrams, no fill-bit removal or transcoding: what most
    /// gateways answer with.
    fn default() -> Self {
        Self {
            version: 0,
            max_bit_rate: 14_400,
            local_tcf: false,
            udp_ec: UdpEc::Redundancy,
            max_buffer: Some(200),
            max_datagram: Some(400),
            fill_bit_removal: false,
            transcoding_mmr: false,
            transcoding_jbig: false,
        }
    }
}

impl T38Caps {
    /// Negotiates with offered parameters; `None` when the offer asks for a
    /// rate management we do not do.
    pub fn negotiate(&self, offer: &T38Params) -> Option<T38Params> {
        let rate_management = match offer.rate_management {
            None | Some(RateManagement::TransferredTcf) => RateManagement::TransferredTcf,
            Some(RateManagement::LocalTcf) if self.local_tcf => RateManagement::LocalTcf,
            Some(RateManagement::LocalTcf) => return None,
        };
        let udp_ec = offer
            .udp_ec
            .map(|ec| ec.min(self.udp_ec))
            .filter(|&ec| ec != UdpEc::None);
        Some(T38Params {
            version: offer.version.min(self.version),
            max_bit_rate: Some(
                offer
                    .max_bit_rate
                    .map_or(self.max_bit_rate, |r| r.min(self.max_bit_rate)),
            ),
            rate_management: Some(rate_management),
            max_buffer: self.max_buffer,
            max_datagram: self.max_datagram,
            udp_ec,
            fill_bit_removal: offer.fill_bit_removal && self.fill_bit_removal,
            transcoding_mmr: offer.transcoding_mmr && self.transcoding_mmr,
            transcoding_jbig: offer.transcoding_jbig && self.transcoding_jbig,
        })
    }
}

/// Our side of the negotiation: address, ports, codecs, events, T.38.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capabilities {
    /// The address we receive media on (goes in `o=` and `c=`).
    pub address: IpAddr,
    /// Our RTP port for audio.
    pub audio_port: u16,
    /// Our UDPTL port for T.38.
    pub image_port: u16,
    /// Voice codecs we accept, in our order of preference (empty = no audio).
    pub codecs: Vec<Codec>,
    /// `telephone-event` events we accept (`None` = no RFC 4733 events).
    pub telephone_events: Option<EventRanges>,
    /// T.38 (`None` = no fax over `m=image`).
    pub t38: Option<T38Caps>,
    /// Codec order of the answer.
    pub preference: Preference,
    /// Answer with only the first common codec (plus `telephone-event`).
    pub single_codec: bool,
    /// The packet time we want to receive (`None` = mirror the offer's).
    pub ptime: Option<u32>,
    /// What we are willing to do (a voice-mail recorder may be `recvonly`).
    pub direction: Direction,
    /// `o=` user name.
    pub username: String,
    /// `o=` session id.
    pub session_id: u64,
    /// `o=` session version of the first answer.
    pub session_version: u64,
}

impl Capabilities {
    /// PCMU, PCMA, G726-32 and `telephone-event` 0-15, plus T.38 with
    /// [`T38Caps::default`]; 20 ms; sendrecv.
    pub fn new(address: IpAddr, audio_port: u16, image_port: u16) -> Self {
        Self {
            address,
            audio_port,
            image_port,
            codecs: vec![
                Codec::Pcmu,
                Codec::Pcma,
                Codec::G726 {
                    kbps: 32,
                    aal2: false,
                },
            ],
            telephone_events: Some(EventRanges::dtmf()),
            t38: Some(T38Caps::default()),
            preference: Preference::Offerer,
            single_codec: false,
            ptime: Some(20),
            direction: Direction::SendRecv,
            username: "missive".to_owned(),
            session_id: 1,
            session_version: 1,
        }
    }
}

/// Produces answers for one dialog, remembering the last one so that a
/// re-INVITE whose answer does not change keeps the `o=` version, and one
/// that changes it increments the version (RFC 3264 §8).
#[derive(Debug, Clone)]
pub struct Answerer {
    caps: Capabilities,
    version: u64,
    last: Option<SessionDescription<'static>>,
}

/// What the answer accepted, for the caller to set up media.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Accepted {
    /// An audio stream: index of the `m=` line, chosen codecs (payload type,
    /// codec) in answer order, the `telephone-event` payload type and events.
    Audio {
        /// Index of the `m=` line in the offer and answer.
        index: usize,
        /// `(payload type, codec)` in answer order.
        codecs: Vec<(u8, Codec)>,
        /// `telephone-event` payload type and the negotiated events.
        events: Option<(u8, EventRanges)>,
        /// Our direction.
        direction: Direction,
    },
    /// A T.38 stream: index of the `m=` line and the negotiated parameters.
    T38 {
        /// Index of the `m=` line in the offer and answer.
        index: usize,
        /// The parameters of the answer.
        params: T38Params,
    },
}

impl Answerer {
    /// A new dialog's answerer.
    pub fn new(caps: Capabilities) -> Self {
        Self {
            version: caps.session_version,
            caps,
            last: None,
        }
    }

    /// Our capabilities (change them between offers with [`Answerer::capabilities_mut`]).
    pub fn capabilities(&self) -> &Capabilities {
        &self.caps
    }

    /// Mutable access to our capabilities, e.g. to switch to fax.
    pub fn capabilities_mut(&mut self) -> &mut Capabilities {
        &mut self.caps
    }

    /// The last answer given, if any.
    pub fn last_answer(&self) -> Option<&SessionDescription<'static>> {
        self.last.as_ref()
    }

    /// Answers an offer (initial or re-INVITE).
    ///
    /// # Errors
    /// [`Error::NotAcceptable`] (a SIP 488) when no stream can be accepted;
    /// the dialog's state is then unchanged.
    pub fn answer(&mut self, offer: &SessionDescription<'_>) -> Result<SessionDescription<'static>, Error> {
        self.answer_detailed(offer).map(|(sdp, _)| sdp)
    }

    /// As [`Answerer::answer`], also saying which streams were accepted and how.
    ///
    /// # Errors
    /// [`Error::NotAcceptable`] when no stream can be accepted.
    pub fn answer_detailed(
        &mut self,
        offer: &SessionDescription<'_>,
    ) -> Result<(SessionDescription<'static>, Vec<Accepted>), Error> {
        let (mut sdp, accepted) = build_answer(&self.caps, offer, self.version)?;
        if let Some(last) = &self.last {
            if *last != sdp {
                self.version = self.version.saturating_add(1);
                sdp.origin.session_version = Cow::Owned(self.version.to_string());
            }
        }
        self.last = Some(sdp.clone());
        Ok((sdp, accepted))
    }
}

/// Answers one offer statelessly, with `o=` version `caps.session_version`.
///
/// # Errors
/// [`Error::NotAcceptable`] when no stream can be accepted.
pub fn answer(
    caps: &Capabilities,
    offer: &SessionDescription<'_>,
) -> Result<SessionDescription<'static>, Error> {
    build_answer(caps, offer, caps.session_version).map(|(sdp, _)| sdp)
}

fn build_answer(
    caps: &Capabilities,
    offer: &SessionDescription<'_>,
    version: u64,
) -> Result<(SessionDescription<'static>, Vec<Accepted>), Error> {
    if offer.media.is_empty() {
        return Err(Error::NotAcceptable {
            reason: "the offer has no media stream",
        });
    }
    let mut sdp = SessionDescription::new(Origin {
        username: Cow::Owned(caps.username.clone()),
        session_id: Cow::Owned(caps.session_id.to_string()),
        session_version: Cow::Owned(version.to_string()),
        nettype: Cow::Borrowed("IN"),
        addrtype: Cow::Borrowed(if caps.address.is_ipv4() { "IP4" } else { "IP6" }),
        address: Cow::Owned(caps.address.to_string()),
    });
    sdp.connection = Some(Connection::ip(caps.address));
    let mut accepted = Vec::new();
    let mut have_audio = false;
    let mut have_image = false;
    for (index, m) in offer.media.iter().enumerate() {
        let answered = if m.port == 0 {
            None
        } else if m.media == "audio" && !have_audio {
            answer_audio(caps, offer, index, m)
        } else if m.media == "image" && !have_image {
            answer_t38(caps, offer, index, m)
        } else {
            None
        };
        match answered {
            Some((media, acc)) => {
                match acc {
                    Accepted::Audio { .. } => have_audio = true,
                    Accepted::T38 { .. } => have_image = true,
                }
                sdp.media.push(media);
                accepted.push(acc);
            }
            None => sdp.media.push(rejected(m)),
        }
    }
    if accepted.is_empty() {
        return Err(Error::NotAcceptable {
            reason: "no common codec, transport or media type in any stream",
        });
    }
    Ok((sdp, accepted))
}

/// The answer's line for a refused stream: port 0, the offer's formats.
fn rejected(m: &Media<'_>) -> Media<'static> {
    let mut r = Media::new(m.media.to_string(), 0, m.proto.to_string());
    r.formats = m.formats.iter().map(|f| Cow::Owned(f.to_string())).collect();
    r
}

/// The direction the offerer effectively asks for, with the RFC 2543 hold
/// (`c=0.0.0.0`, RFC 3264 §8.4) read as "the offerer does not receive".
fn offered_direction(offer: &SessionDescription<'_>, index: usize) -> Direction {
    let d = offer.media_direction(index);
    let hold = offer
        .media_connection(index)
        .is_some_and(|c| c.ip_addr() == Some(IpAddr::V4(Ipv4Addr::UNSPECIFIED)));
    Direction::from_flags(d.sends(), d.receives() && !hold)
}

fn answer_audio(
    caps: &Capabilities,
    offer: &SessionDescription<'_>,
    index: usize,
    m: &Media<'_>,
) -> Option<(Media<'static>, Accepted)> {
    if m.proto != "RTP/AVP" || caps.codecs.is_empty() {
        return None;
    }
    let payloads: Vec<Payload<'_>> = m.payloads().collect();
    let mut chosen: Vec<(u8, Codec)> = Vec::new();
    for p in &payloads {
        if let Some(c) = p.codec() {
            if c != Codec::TelephoneEvent
                && caps.codecs.contains(&c)
                && !chosen.iter().any(|&(_, x)| x == c)
            {
                chosen.push((p.payload_type, c));
            }
        }
    }
    if chosen.is_empty() {
        return None;
    }
    if caps.preference == Preference::Ours {
        chosen.sort_by_key(|&(_, c)| caps.codecs.iter().position(|&x| x == c));
    }
    if caps.single_codec {
        chosen.truncate(1);
    }
    let events = caps.telephone_events.as_ref().and_then(|ours| {
        payloads
            .iter()
            .filter(|p| p.codec() == Some(Codec::TelephoneEvent))
            .find_map(|p| {
                let offered = match p.fmtp {
                    Some(f) if !f.trim().is_empty() => EventRanges::parse(f).ok()?,
                    _ => EventRanges::dtmf(),
                };
                let both = offered.intersect(ours);
                (!both.is_empty()).then_some((p.payload_type, both))
            })
    });
    let direction = offered_direction(offer, index).answer(caps.direction);

    let mut a = Media::new(Cow::Borrowed("audio"), caps.audio_port, Cow::Borrowed("RTP/AVP"));
    for &(pt, _) in &chosen {
        a.formats.push(Cow::Owned(pt.to_string()));
    }
    if let Some((pt, _)) = &events {
        a.formats.push(Cow::Owned(pt.to_string()));
    }
    for &(pt, c) in &chosen {
        a.attributes.push(
            Rtpmap {
                payload_type: pt,
                encoding: c.encoding_name(),
                clock_rate: c.clock_rate(),
                channels: None,
            }
            .attribute(),
        );
    }
    if let Some((pt, ev)) = &events {
        a.attributes.push(
            Rtpmap {
                payload_type: *pt,
                encoding: Codec::TelephoneEvent.encoding_name(),
                clock_rate: 8000,
                channels: None,
            }
            .attribute(),
        );
        a.attributes
            .push(Attribute::value("fmtp", format!("{pt} {ev}")));
    }
    let ptime = caps.ptime.or_else(|| m.ptime());
    if let Some(mut pt) = ptime {
        if let Some(max) = m.maxptime() {
            pt = pt.min(max);
        }
        if pt > 0 {
            a.attributes.push(Attribute::value("ptime", pt.to_string()));
        }
    }
    a.attributes.push(direction.attribute());
    Some((
        a,
        Accepted::Audio {
            index,
            codecs: chosen,
            events,
            direction,
        },
    ))
}

fn answer_t38(
    caps: &Capabilities,
    _offer: &SessionDescription<'_>,
    index: usize,
    m: &Media<'_>,
) -> Option<(Media<'static>, Accepted)> {
    let ours = caps.t38.as_ref()?;
    if !m.proto.eq_ignore_ascii_case("udptl") || !m.formats.iter().any(|f| f.eq_ignore_ascii_case("t38")) {
        return None;
    }
    let offered = T38Params::from_media(m).ok()?;
    let params = ours.negotiate(&offered)?;
    let mut a = Media::new(Cow::Borrowed("image"), caps.image_port, Cow::Owned(m.proto.to_string()));
    a.formats.push(Cow::Borrowed("t38"));
    a.attributes = params.to_attributes();
    Some((a, Accepted::T38 { index, params }))
}
