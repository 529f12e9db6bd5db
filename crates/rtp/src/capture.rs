//! Reading UDP datagrams out of pcap and pcapng captures, and writing small
//! pcap files (Ethernet/IPv4/UDP) of packets we emit.
//!
//! File framing is the `pcap-file` crate's; the link, IP and UDP headers
//! (Ethernet with VLAN tags, Linux cooked v1/v2, BSD loopback, raw IPv4/IPv6)
//! are decoded here because they are a few fixed offsets each. IPv4
//! fragments other than a complete first fragment are skipped.
//!
//! ```
//! use std::net::Ipv4Addr;
//! use std::time::Duration;
//! use missive_rtp::capture::{for_each_udp, PcapWriter};
//!
//! let mut w = PcapWriter::new();
//! w.push_udp(Duration::from_millis(20), (Ipv4Addr::LOCALHOST, 4000), (Ipv4Addr::LOCALHOST, 4002), b"hello");
//! let file = w.finish();
//! let mut seen = Vec::new();
//! for_each_udp(&file, |d| seen.push((d.dst_port, d.payload.to_vec())))?;
//! assert_eq!(seen, vec![(4002, b"hello".to_vec())]);
//! # Ok::<(), missive_rtp::Error>(())
//! ```

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::time::Duration;

use pcap_file::pcapng::blocks::interface_description::InterfaceDescriptionOption;
use pcap_file::pcapng::Block;
use pcap_file::DataLink;

use crate::error::{be16, be32, byte, Error, Result};

/// One UDP datagram found in a capture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UdpDatagram<'a> {
    /// 1-based frame number in the capture.
    pub frame: u64,
    /// Capture timestamp (since the Unix epoch).
    pub time: Duration,
    /// Source address.
    pub src: IpAddr,
    /// Source port.
    pub src_port: u16,
    /// Destination address.
    pub dst: IpAddr,
    /// Destination port.
    pub dst_port: u16,
    /// UDP payload (trimmed to the UDP length field).
    pub payload: &'a [u8],
}

fn capture_err(e: impl core::fmt::Display) -> Error {
    Error::Capture(e.to_string())
}

/// Calls `f` for every UDP datagram in a pcap or pcapng file held in
/// `bytes` (the format is told by its magic number). A capture cut short in
/// the middle of a packet ends the walk quietly, as tshark does.
pub fn for_each_udp(bytes: &[u8], mut f: impl FnMut(UdpDatagram<'_>)) -> Result<()> {
    let magic = be32(bytes, 0);
    if magic == 0x0A0D_0D0A {
        return pcapng_udp(bytes, &mut f);
    }
    let mut reader = pcap_file::pcap::PcapReader::new(bytes).map_err(capture_err)?;
    let link = reader.header().datalink;
    let mut frame = 0u64;
    while let Some(pkt) = reader.next_packet() {
        let Ok(pkt) = pkt else { break };
        frame += 1;
        if let Some(d) = decode_frame(link, &pkt.data, frame, pkt.timestamp) {
            f(d);
        }
    }
    Ok(())
}

fn pcapng_udp(bytes: &[u8], f: &mut dyn FnMut(UdpDatagram<'_>)) -> Result<()> {
    let mut reader = pcap_file::pcapng::PcapNgReader::new(bytes).map_err(capture_err)?;
    // (link type, ticks per second) per interface of the current section.
    let mut ifaces: Vec<(DataLink, u64)> = Vec::new();
    let mut frame = 0u64;
    while let Some(block) = reader.next_block() {
        let Ok(block) = block else { break };
        match block {
            Block::SectionHeader(_) => ifaces.clear(),
            Block::InterfaceDescription(idb) => {
                let mut tps = 1_000_000u64;
                for o in &idb.options {
                    if let InterfaceDescriptionOption::IfTsResol(r) = o {
                        let exp = u32::from(r & 0x7F).min(19);
                        tps = if r & 0x80 != 0 {
                            1u64 << exp.min(63)
                        } else {
                            10u64.pow(exp)
                        };
                    }
                }
                ifaces.push((idb.linktype, tps));
            }
            Block::EnhancedPacket(epb) => {
                frame += 1;
                let Some(&(link, tps)) = ifaces.get(epb.interface_id as usize) else {
                    continue;
                };
                // pcap-file hands the raw tick count back as nanoseconds.
                let ticks = epb.timestamp.as_nanos();
                let tps = u128::from(tps.max(1));
                let nanos = (ticks / tps) * 1_000_000_000 + (ticks % tps) * 1_000_000_000 / tps;
                let time = Duration::from_nanos(nanos.min(u128::from(u64::MAX)) as u64);
                if let Some(d) = decode_frame(link, &epb.data, frame, time) {
                    f(d);
                }
            }
            Block::SimplePacket(spb) => {
                frame += 1;
                if let Some(&(link, _)) = ifaces.first() {
                    if let Some(d) = decode_frame(link, &spb.data, frame, Duration::ZERO) {
                        f(d);
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// Decodes one captured frame of link type `link` down to UDP.
pub fn decode_frame(
    link: DataLink,
    data: &[u8],
    frame: u64,
    time: Duration,
) -> Option<UdpDatagram<'_>> {
    let (ethertype, at) = match link {
        DataLink::ETHERNET => {
            let mut at = 12;
            let mut et = be16(data, at);
            while et == 0x8100 || et == 0x88A8 {
                at += 4;
                et = be16(data, at);
            }
            (et, at + 2)
        }
        DataLink::LINUX_SLL => (be16(data, 14), 16),
        DataLink::LINUX_SLL2 => (be16(data, 0), 20),
        DataLink::NULL | DataLink::LOOP => {
            let fam = u32::from_le_bytes(data.get(..4)?.try_into().ok()?);
            let fam = if fam > 0xFFFF { fam.swap_bytes() } else { fam };
            match fam {
                2 => (0x0800, 4),
                24 | 28 | 30 => (0x86DD, 4),
                _ => return None,
            }
        }
        DataLink::RAW | DataLink::IPV4 | DataLink::IPV6 => match byte(data, 0) >> 4 {
            4 => (0x0800, 0),
            6 => (0x86DD, 0),
            _ => return None,
        },
        _ => return None,
    };
    let ip = data.get(at..)?;
    let (src, dst, udp) = match ethertype {
        0x0800 => {
            let ihl = (byte(ip, 0) & 0x0F) as usize * 4;
            if byte(ip, 0) >> 4 != 4 || ihl < 20 || byte(ip, 9) != 17 {
                return None;
            }
            // Skip non-first fragments and incomplete first ones.
            if be16(ip, 6) & 0x3FFF != 0 {
                return None;
            }
            let total = (be16(ip, 2) as usize).min(ip.len());
            let src = Ipv4Addr::from(be32(ip, 12));
            let dst = Ipv4Addr::from(be32(ip, 16));
            (IpAddr::V4(src), IpAddr::V4(dst), ip.get(ihl..total)?)
        }
        0x86DD => {
            if byte(ip, 0) >> 4 != 6 {
                return None;
            }
            let plen = be16(ip, 4) as usize;
            let mut next = byte(ip, 6);
            let mut off = 40usize;
            // Hop-by-hop, routing and destination options headers.
            let mut hops = 0;
            while matches!(next, 0 | 43 | 60) && hops < 8 {
                next = byte(ip, off);
                off += (byte(ip, off + 1) as usize + 1) * 8;
                hops += 1;
            }
            if next != 17 {
                return None;
            }
            let src: [u8; 16] = ip.get(8..24)?.try_into().ok()?;
            let dst: [u8; 16] = ip.get(24..40)?.try_into().ok()?;
            let end = (40 + plen).min(ip.len());
            (
                IpAddr::V6(Ipv6Addr::from(src)),
                IpAddr::V6(Ipv6Addr::from(dst)),
                ip.get(off..end)?,
            )
        }
        _ => return None,
    };
    let ulen = (be16(udp, 4) as usize).clamp(8, udp.len().max(8));
    Some(UdpDatagram {
        frame,
        time,
        src,
        src_port: be16(udp, 0),
        dst,
        dst_port: be16(udp, 2),
        payload: udp.get(8..ulen)?,
    })
}

/// Builds a classic pcap file (Ethernet, microsecond timestamps) of UDP/IPv4
/// datagrams in memory: for writing our emitted streams so tshark can
/// dissect them. The file framing is `pcap-file`'s writer; the
/// Ethernet/IPv4/UDP headers are built here.
#[derive(Debug)]
pub struct PcapWriter {
    inner: Option<pcap_file::pcap::PcapWriter<Vec<u8>>>,
    frame: Vec<u8>,
    ip_id: u16,
}

impl Default for PcapWriter {
    fn default() -> Self {
        Self::new()
    }
}

/// Largest UDP payload that fits a 65,535-byte snapshot with its headers.
const MAX_UDP_PAYLOAD: usize = 65_535 - 14 - 20 - 8;

impl PcapWriter {
    /// An empty capture (global header written).
    pub fn new() -> Self {
        let header = pcap_file::pcap::PcapHeader {
            datalink: DataLink::ETHERNET,
            endianness: pcap_file::Endianness::Little,
            ..pcap_file::pcap::PcapHeader::default()
        };
        Self {
            inner: pcap_file::pcap::PcapWriter::with_header(Vec::with_capacity(4096), header).ok(),
            frame: Vec::with_capacity(256),
            ip_id: 1,
        }
    }

    /// Appends one UDP datagram captured at `time` (payloads beyond
    /// 65,493 bytes are truncated to fit the snapshot length).
    pub fn push_udp(
        &mut self,
        time: Duration,
        src: (Ipv4Addr, u16),
        dst: (Ipv4Addr, u16),
        payload: &[u8],
    ) {
        let payload = payload.get(..MAX_UDP_PAYLOAD).unwrap_or(payload);
        let udp_len = 8 + payload.len();
        let ip_len = 20 + udp_len;
        let f = &mut self.frame;
        f.clear();
        // Ethernet: locally administered MACs, IPv4.
        f.extend_from_slice(&[2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 8, 0]);
        let mut ip = [0u8; 20];
        ip[0] = 0x45;
        ip[2..4].copy_from_slice(&(ip_len as u16).to_be_bytes());
        ip[4..6].copy_from_slice(&self.ip_id.to_be_bytes());
        self.ip_id = self.ip_id.wrapping_add(1);
        ip[8] = 64;
        ip[9] = 17;
        ip[12..16].copy_from_slice(&src.0.octets());
        ip[16..20].copy_from_slice(&dst.0.octets());
        let sum = checksum(&ip);
        ip[10..12].copy_from_slice(&sum.to_be_bytes());
        f.extend_from_slice(&ip);
        f.extend_from_slice(&src.1.to_be_bytes());
        f.extend_from_slice(&dst.1.to_be_bytes());
        f.extend_from_slice(&(udp_len as u16).to_be_bytes());
        f.extend_from_slice(&[0, 0]); // no UDP checksum (allowed over IPv4)
        f.extend_from_slice(payload);
        // Microsecond resolution, as the header says.
        let time = Duration::from_micros(time.as_micros().min(u128::from(u64::MAX)) as u64);
        if let Some(w) = self.inner.as_mut() {
            let pkt = pcap_file::pcap::PcapPacket::new(time, f.len() as u32, f);
            let _ = w.write_packet(&pkt);
        }
    }

    /// The finished file.
    pub fn finish(self) -> Vec<u8> {
        self.inner
            .map(pcap_file::pcap::PcapWriter::into_writer)
            .unwrap_or_default()
    }
}

fn checksum(b: &[u8]) -> u16 {
    let mut s: u32 = b
        .chunks(2)
        .map(|c| u32::from(u16::from_be_bytes([c[0], c.get(1).copied().unwrap_or(0)])))
        .sum();
    while s > 0xFFFF {
        s = (s & 0xFFFF) + (s >> 16);
    }
    !(s as u16)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sll_and_raw_frames() {
        let mut ip = vec![
            0x45, 0, 0, 0, 0, 0, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
        ];
        ip.extend_from_slice(&[0x13, 0x88, 0x0F, 0xA0, 0, 11, 0, 0, b'a', b'b', b'c']);
        let n = ip.len() as u16;
        ip[2..4].copy_from_slice(&n.to_be_bytes());
        let d = decode_frame(DataLink::RAW, &ip, 1, Duration::ZERO).unwrap();
        assert_eq!(
            (d.src_port, d.dst_port, d.payload),
            (5000, 4000, &b"abc"[..])
        );
        let mut sll = vec![0u8; 16];
        sll[14..16].copy_from_slice(&[8, 0]);
        sll.extend_from_slice(&ip);
        sll.extend_from_slice(&[0; 6]); // trailer beyond IP length is ignored
        let d = decode_frame(DataLink::LINUX_SLL, &sll, 1, Duration::ZERO).unwrap();
        assert_eq!(d.payload, b"abc");
        assert!(decode_frame(DataLink::ETHERNET, &[1, 2, 3], 1, Duration::ZERO).is_none());
    }
}
