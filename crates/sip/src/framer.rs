//! Finding message boundaries in a stream transport (TCP, TLS).

use bytes::{Bytes, BytesMut};

use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::message::Message;

/// Accumulates stream bytes and cuts them into whole messages using
/// `Content-Length` (RFC 3261 §18.3). Keep-alive CRLFs between messages
/// (RFC 5626 §3.5.1) are dropped. After an error the stream cannot be
/// resynchronised: close the connection.
///
/// ```
/// use missive_sip::{StreamFramer, Message};
/// let mut f = StreamFramer::default();
/// let one = b"OPTIONS sip:a@b SIP/2.0\r\nContent-Length: 2\r\n\r\nhi";
/// f.push(&one[..30]);
/// assert!(f.next_message().unwrap().is_none());
/// f.push(&one[30..]);
/// f.push(b"\r\n\r\n");
/// f.push(one);
/// let m1 = f.next_message().unwrap().unwrap();
/// assert_eq!(Message::parse(&m1).unwrap().body(), b"hi");
/// assert_eq!(&m1[..], &one[..]);
/// assert!(f.next_message().unwrap().is_some());
/// assert!(f.next_message().unwrap().is_none());
/// ```
#[derive(Debug, Default)]
pub struct StreamFramer {
    buf: BytesMut,
    limits: Limits,
}

impl StreamFramer {
    /// A framer with explicit limits.
    pub fn new(limits: Limits) -> Self {
        Self {
            buf: BytesMut::new(),
            limits,
        }
    }

    /// Appends bytes received from the stream.
    pub fn push(&mut self, data: &[u8]) {
        self.buf.extend_from_slice(data);
    }

    /// Bytes buffered but not yet returned.
    pub fn buffered(&self) -> usize {
        self.buf.len()
    }

    /// The next complete message, without leading keep-alive CRLFs, or
    /// `None` when more bytes are needed. Fails when the stream is malformed
    /// or a message exceeds the limits.
    pub fn next_message(&mut self) -> Result<Option<Bytes>> {
        let skip = self
            .buf
            .iter()
            .take_while(|&&c| c == b'\r' || c == b'\n')
            .count();
        let _ = self.buf.split_to(skip);
        if self.buf.is_empty() {
            return Ok(None);
        }
        match Message::parse_stream(&self.buf, &self.limits) {
            Ok(m) => {
                let n = m.len();
                Ok(Some(self.buf.split_to(n).freeze()))
            }
            Err(Error::Incomplete { .. }) => {
                if self.buf.len() > self.limits.max_message_size {
                    return Err(Error::Limit {
                        what: "message size",
                        max: self.limits.max_message_size,
                    });
                }
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }
}
