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
    /// Our IPv6 address, used instead of `address` when the offer's media
    /// are on IPv6 (`c=IN IP6`); `None` = always `address`.
    pub ipv6_address: Option<IpAddr>,
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
            ipv6_address: None,
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
    pub fn answer(
        &mut self,
        offer: &SessionDescription<'_>,
    ) -> Result<SessionDescription<'static>, Error> {
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
    let offer_v6 = (0..offer.media.len())
        .find_map(|i| offer.media_connection(i))
        .is_some_and(|c| c.addrtype == "IP6");
    let address = match caps.ipv6_address {
        Some(v6) if offer_v6 => v6,
        _ => caps.address,
    };
    let mut sdp = SessionDescription::new(Origin {
        username: Cow::Owned(caps.username.clone()),
        session_id: Cow::Owned(caps.session_id.to_string()),
        session_version: Cow::Owned(version.to_string()),
        nettype: Cow::Borrowed("IN"),
        addrtype: Cow::Borrowed(if address.is_ipv4() { "IP4" } else { "IP6" }),
        address: Cow::Owned(address.to_string()),
    });
    sdp.connection = Some(Connection::ip(address));
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
    r.formats = m
        .formats
        .iter()
        .map(|f| Cow::Owned(f.to_string()))
        .collect();
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

    let mut a = Media::new(
        Cow::Borrowed("audio"),
        caps.audio_port,
        Cow::Borrowed("RTP/AVP"),
    );
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
    if !m.proto.eq_ignore_ascii_case("udptl")
        || !m.formats.iter().any(|f| f.eq_ignore_ascii_case("t38"))
    {
        return None;
    }
    let offered = T38Params::from_media(m).ok()?;
    let params = ours.negotiate(&offered)?;
    let mut a = Media::new(
        Cow::Borrowed("image"),
        caps.image_port,
        Cow::Owned(m.proto.to_string()),
    );
    a.formats.push(Cow::Borrowed("t38"));
    a.attributes = params.to_attributes();
    Some((a, Accepted::T38 { index, params }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse;

    fn caps() -> Capabilities {
        Capabilities::new(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 99)), 30000, 30002)
    }

    fn offer(media: &str) -> String {
        format!(
            "v=0\r\no=peer 10 20 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n{media}"
        )
    }

    fn answer_to(caps: &Capabilities, media: &str) -> Result<SessionDescription<'static>, Error> {
        let text = offer(media);
        let sdp = parse(&text).unwrap();
        let a = answer(caps, &sdp)?;
        // Every answer is itself valid SDP that round-trips.
        let s = a.to_string();
        assert_eq!(parse(&s).unwrap().to_string(), s);
        Ok(a)
    }

    #[test]
    fn audio_answer_mirrors_payload_types_in_offer_order() {
        let a = answer_to(
            &caps(),
            "m=audio 4000 RTP/AVP 18 8 0 96 101\r\na=rtpmap:96 G726-32/8000\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\n",
        )
        .unwrap();
        assert_eq!(
            a.to_string(),
            "v=0\r\no=missive 1 1 IN IP4 192.0.2.99\r\ns=-\r\nc=IN IP4 192.0.2.99\r\nt=0 0\r\n\
             m=audio 30000 RTP/AVP 8 0 96 101\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:0 PCMU/8000\r\n\
             a=rtpmap:96 G726-32/8000\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\n\
             a=ptime:20\r\na=sendrecv\r\n"
        );
    }

    #[test]
    fn our_preference_and_single_codec() {
        let mut c = caps();
        c.preference = Preference::Ours;
        let a = answer_to(&c, "m=audio 4000 RTP/AVP 8 0\r\n").unwrap();
        assert_eq!(a.media[0].formats, ["0", "8"]);
        c.single_codec = true;
        let a = answer_to(&c, "m=audio 4000 RTP/AVP 8 0\r\n").unwrap();
        assert_eq!(a.media[0].formats, ["0"]);
    }

    #[test]
    fn nothing_in_common_is_488() {
        let e = answer_to(&caps(), "m=audio 4000 RTP/AVP 18 3\r\n").unwrap_err();
        assert_eq!(e.sip_status(), 488);
        // AAL2 packing is not RFC 3551 packing.
        let e = answer_to(
            &caps(),
            "m=audio 4000 RTP/AVP 97\r\na=rtpmap:97 AAL2-G726-32/8000\r\n",
        );
        assert!(matches!(e, Err(Error::NotAcceptable { .. })));
        // Telephone-event alone is not a voice stream.
        let e = answer_to(
            &caps(),
            "m=audio 4000 RTP/AVP 101\r\na=rtpmap:101 telephone-event/8000\r\n",
        );
        assert!(e.is_err());
        // Secure RTP is not offered by us.
        assert!(answer_to(&caps(), "m=audio 4000 RTP/SAVP 0\r\n").is_err());
        let no_media = parse("v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nt=0 0\r\n").unwrap();
        assert!(answer(&caps(), &no_media).is_err());
    }

    #[test]
    fn same_line_count_with_rejected_streams() {
        let a = answer_to(
            &caps(),
            "m=video 5000 RTP/AVP 31 34\r\nm=audio 4000 RTP/AVP 0\r\nm=audio 4002 RTP/AVP 0\r\nm=audio 0 RTP/AVP 8\r\nm=image 4004 udptl t38\r\n",
        )
        .unwrap();
        let ports: Vec<_> = a.media.iter().map(|m| (m.media.as_ref(), m.port)).collect();
        assert_eq!(
            ports,
            [
                ("video", 0),
                ("audio", 30000),
                ("audio", 0),
                ("audio", 0),
                ("image", 30002)
            ]
        );
        assert_eq!(a.media[0].formats, ["31", "34"]);
        assert!(a.media[0].attributes.is_empty());
    }

    #[test]
    fn directions_and_hold() {
        let cases = [
            ("a=sendonly\r\n", "", Direction::RecvOnly),
            ("a=recvonly\r\n", "", Direction::SendOnly),
            ("a=inactive\r\n", "", Direction::Inactive),
            ("", "", Direction::SendRecv),
            ("", "c=IN IP4 0.0.0.0\r\n", Direction::RecvOnly),
            (
                "a=sendonly\r\n",
                "c=IN IP4 0.0.0.0\r\n",
                Direction::RecvOnly,
            ),
            (
                "a=recvonly\r\n",
                "c=IN IP4 0.0.0.0\r\n",
                Direction::Inactive,
            ),
        ];
        for (attr, conn, want) in cases {
            let a = answer_to(&caps(), &format!("m=audio 4000 RTP/AVP 0\r\n{conn}{attr}")).unwrap();
            assert_eq!(a.media[0].direction(), Some(want), "{attr:?} {conn:?}");
        }
        // Session-level direction applies to media without their own.
        let text = "v=0\r\no=p 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\na=sendonly\r\nm=audio 4000 RTP/AVP 0\r\n";
        let a = answer(&caps(), &parse(text).unwrap()).unwrap();
        assert_eq!(a.media[0].direction(), Some(Direction::RecvOnly));
        // A recorder that only receives.
        let mut c = caps();
        c.direction = Direction::RecvOnly;
        let a = answer_to(&c, "m=audio 4000 RTP/AVP 0\r\n").unwrap();
        assert_eq!(a.media[0].direction(), Some(Direction::RecvOnly));
    }

    #[test]
    fn reinvite_versions() {
        let mut ans = Answerer::new(caps());
        let talk = offer("m=audio 4000 RTP/AVP 0 8\r\n");
        let hold = offer("m=audio 4000 RTP/AVP 0 8\r\na=sendonly\r\n");
        let v = |ans: &mut Answerer, text: &str| {
            let a = ans.answer(&parse(text).unwrap()).unwrap();
            a.origin.session_version.to_string()
        };
        assert_eq!(v(&mut ans, &talk), "1");
        assert_eq!(v(&mut ans, &talk), "1"); // session refresh: unchanged
        assert_eq!(v(&mut ans, &hold), "2");
        assert_eq!(v(&mut ans, &hold), "2");
        assert_eq!(v(&mut ans, &talk), "3"); // resume
                                             // A failed negotiation changes nothing.
        assert!(ans
            .answer(&parse(&offer("m=audio 4000 RTP/AVP 18\r\n")).unwrap())
            .is_err());
        assert_eq!(v(&mut ans, &talk), "3");
        // Switch to fax: new answer, new version.
        let fax = offer("m=image 4000 udptl t38\r\na=T38FaxVersion:0\r\n");
        assert_eq!(v(&mut ans, &fax), "4");
        assert_eq!(ans.last_answer().unwrap().media[0].media, "image");
    }

    #[test]
    fn ptime_mirrors_and_clamps() {
        let mut c = caps();
        c.ptime = None;
        let a = answer_to(&c, "m=audio 4000 RTP/AVP 0\r\na=ptime:30\r\n").unwrap();
        assert_eq!(a.media[0].ptime(), Some(30));
        let a = answer_to(&c, "m=audio 4000 RTP/AVP 0\r\n").unwrap();
        assert_eq!(a.media[0].ptime(), None);
        let a = answer_to(&caps(), "m=audio 4000 RTP/AVP 0\r\na=maxptime:10\r\n").unwrap();
        assert_eq!(a.media[0].ptime(), Some(10));
    }

    #[test]
    fn telephone_event_negotiation() {
        let a = answer_to(
            &caps(),
            "m=audio 4000 RTP/AVP 0 100\r\na=rtpmap:100 telephone-event/8000\r\n",
        )
        .unwrap();
        assert_eq!(a.media[0].attribute_value("fmtp"), Some("100 0-15"));
        let a = answer_to(
            &caps(),
            "m=audio 4000 RTP/AVP 0 100\r\na=rtpmap:100 telephone-event/8000\r\na=fmtp:100 32-35\r\n",
        )
        .unwrap();
        assert_eq!(a.media[0].formats, ["0"]);
        // Wideband events do not go with an 8 kHz codec.
        let a = answer_to(
            &caps(),
            "m=audio 4000 RTP/AVP 0 100\r\na=rtpmap:100 telephone-event/16000\r\n",
        )
        .unwrap();
        assert_eq!(a.media[0].formats, ["0"]);
        let mut c = caps();
        c.telephone_events = None;
        let a = answer_to(
            &c,
            "m=audio 4000 RTP/AVP 0 100\r\na=rtpmap:100 telephone-event/8000\r\n",
        )
        .unwrap();
        assert_eq!(a.media[0].formats, ["0"]);
    }

    #[test]
    fn t38_negotiation() {
        let mut c = caps();
        c.t38 = Some(T38Caps {
            version: 0,
            max_bit_rate: 9600,
            udp_ec: UdpEc::Redundancy,
            max_datagram: Some(320),
            fill_bit_removal: true,
            ..T38Caps::default()
        });
        let a = answer_to(
            &c,
            "m=image 4000 udptl t38\r\na=T38FaxVersion:3\r\na=T38MaxBitRate:14400\r\na=T38FaxFillBitRemoval\r\n\
             a=T38FaxTranscodingMMR\r\na=T38FaxRateManagement:transferredTCF\r\na=T38FaxMaxBuffer:1800\r\n\
             a=T38FaxMaxDatagram:1400\r\na=T38FaxUdpEC:t38UDPFEC\r\n",
        )
        .unwrap();
        let m = &a.media[0];
        assert_eq!(
            (m.media.as_ref(), m.port, m.proto.as_ref()),
            ("image", 30002, "udptl")
        );
        let p = T38Params::from_media(m).unwrap();
        assert_eq!(p.version, 0);
        assert_eq!(p.max_bit_rate, Some(9600));
        assert_eq!(p.udp_ec, Some(UdpEc::Redundancy));
        assert_eq!(p.max_datagram, Some(320));
        assert_eq!(p.rate_management, Some(RateManagement::TransferredTcf));
        assert!(p.fill_bit_removal && !p.transcoding_mmr);
        // localTCF is refused unless we do it.
        let local = "m=image 4000 udptl t38\r\na=T38FaxRateManagement:localTCF\r\n";
        assert!(answer_to(&c, local).is_err());
        c.t38 = Some(T38Caps {
            local_tcf: true,
            ..T38Caps::default()
        });
        let a = answer_to(&c, local).unwrap();
        assert_eq!(
            T38Params::from_media(&a.media[0]).unwrap().rate_management,
            Some(RateManagement::LocalTcf)
        );
        // No T.38 capability, or a malformed offer: the stream is refused.
        assert!(answer_to(&c, "m=image 4000 udptl t38\r\na=T38FaxVersion:x\r\n").is_err());
        c.t38 = None;
        assert!(answer_to(&c, "m=image 4000 udptl t38\r\n").is_err());
    }

    #[test]
    fn audio_and_t38_together() {
        let text = offer("m=audio 4000 RTP/AVP 0\r\nm=image 4002 udptl t38\r\na=T38FaxUdpEC:t38UDPRedundancy\r\n");
        let sdp = parse(&text).unwrap();
        let (a, acc) = Answerer::new(caps()).answer_detailed(&sdp).unwrap();
        assert_eq!(a.media.len(), 2);
        assert!(matches!(acc[0], Accepted::Audio { index: 0, .. }));
        match &acc[1] {
            Accepted::T38 { index: 1, params } => {
                assert_eq!(params.udp_ec, Some(UdpEc::Redundancy));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn ipv6_offer_gets_our_ipv6_address() {
        let mut c = caps();
        let v6 = "m=audio 4000 RTP/AVP 0\r\nc=IN IP6 2001:db8::1\r\n";
        assert_eq!(answer_to(&c, v6).unwrap().origin.addrtype, "IP4");
        c.ipv6_address = "2001:db8::98".parse().ok();
        let a = answer_to(&c, v6).unwrap();
        assert_eq!(a.connection.unwrap().address, "2001:db8::98");
        let a = answer_to(&c, "m=audio 4000 RTP/AVP 0\r\n").unwrap();
        assert_eq!(a.connection.unwrap().address, "192.0.2.99");
    }

    #[test]
    fn ipv6_answer() {
        let mut c = caps();
        c.address = "2001:db8::99".parse().unwrap();
        let a = answer_to(&c, "m=audio 4000 RTP/AVP 0\r\nc=IN IP6 2001:db8::1\r\n").unwrap();
        assert_eq!(
            a.connection.as_ref().unwrap().to_owned().address,
            "2001:db8::99"
        );
        assert_eq!(a.origin.addrtype, "IP6");
    }
}
