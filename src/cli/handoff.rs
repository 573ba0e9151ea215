//! Output written by a thread of its own: the caller fills buffers, the writer thread writes them.
//!
//! Why: a 100k-row listing is 17 MB. Written from the thread that formats it, every write into a
//! full pipe waits for the reader, and the kernel's copying and wake-ups (a tenth of the listing's
//! CPU) happen between formatting steps. Handed to a second thread, they overlap with formatting.

use std::io::{self, Write};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

/// Bytes gathered before a buffer is handed over.
const BUFFER: usize = 256 * 1024;

/// Buffers in flight at most: the formatting thread waits when the writer falls behind, so
/// memory stays bounded whatever reads the output.
const IN_FLIGHT: usize = 4;

/// A writer whose bytes reach `sink` from another thread. Call [`Handoff::finish`] to flush and
/// learn of write errors; dropping it without finishing loses nothing written before, but errors
/// go unseen.
pub struct Handoff {
    buffer: Vec<u8>,
    full: Option<SyncSender<Vec<u8>>>,
    writer: Option<JoinHandle<io::Result<()>>>,
}

impl Handoff {
    pub fn new<W: Write + Send + 'static>(mut sink: W) -> io::Result<Handoff> {
        let (full, filled): (SyncSender<Vec<u8>>, Receiver<Vec<u8>>) = sync_channel(IN_FLIGHT);
        let writer = std::thread::Builder::new()
            .name("folio-output".into())
            .spawn(move || {
                for buffer in filled {
                    sink.write_all(&buffer)?;
                }
                sink.flush()
            })?;
        Ok(Handoff {
            buffer: Vec::with_capacity(BUFFER),
            full: Some(full),
            writer: Some(writer),
        })
    }

    fn hand_over(&mut self) -> io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let buffer = std::mem::replace(&mut self.buffer, Vec::with_capacity(BUFFER));
        let sent = self.full.as_ref().map(|full| full.send(buffer));
        match sent {
            Some(Ok(())) => Ok(()),
            // The writer thread has stopped: its error says why.
            _ => self.finish_writer().and(Err(io::ErrorKind::BrokenPipe.into())),
        }
    }

    fn finish_writer(&mut self) -> io::Result<()> {
        self.full = None;
        match self.writer.take().map(JoinHandle::join) {
            Some(Ok(result)) => result,
            Some(Err(_)) => Err(io::Error::other("the output thread panicked")),
            None => Ok(()),
        }
    }

    /// Writes what is left and waits for the writer thread; its first error, if any.
    pub fn finish(mut self) -> io::Result<()> {
        self.hand_over()?;
        self.finish_writer()
    }
}

impl Write for Handoff {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if self.buffer.len() + bytes.len() > BUFFER {
            self.hand_over()?;
        }
        self.buffer.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    /// Hands the buffer over; the bytes are written once the writer thread gets to them.
    fn flush(&mut self) -> io::Result<()> {
        self.hand_over()
    }
}

impl Drop for Handoff {
    fn drop(&mut self) {
        let _ = self.hand_over();
        let _ = self.finish_writer();
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use std::sync::{Arc, Mutex};

    /// A sink the test can look into, failing after `fail_after` bytes when set.
    #[derive(Clone, Default)]
    struct Shared {
        bytes: Arc<Mutex<Vec<u8>>>,
        fail_after: Option<usize>,
    }

    impl Write for Shared {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            let mut kept = self.bytes.lock().unwrap();
            if self
                .fail_after
                .is_some_and(|limit| kept.len() + bytes.len() > limit)
            {
                return Err(io::ErrorKind::BrokenPipe.into());
            }
            kept.extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn every_byte_arrives_in_order() {
        let sink = Shared::default();
        let mut out = Handoff::new(sink.clone()).unwrap();
        let mut expected = Vec::new();
        for line in 0..100_000 {
            let text = format!("line {line}\n");
            out.write_all(text.as_bytes()).unwrap();
            expected.extend_from_slice(text.as_bytes());
        }
        out.write_all(&vec![b'x'; 3 * BUFFER]).unwrap();
        expected.extend_from_slice(&vec![b'x'; 3 * BUFFER]);
        out.finish().unwrap();
        assert_eq!(*sink.bytes.lock().unwrap(), expected);
    }

    #[test]
    fn a_failing_sink_is_an_error_for_the_writer() {
        let sink = Shared {
            fail_after: Some(BUFFER),
            ..Shared::default()
        };
        let mut out = Handoff::new(sink).unwrap();
        let mut failed = None;
        for _ in 0..1_000 {
            if let Err(e) = out.write_all(&[b'y'; 64 * 1024]) {
                failed = Some(e);
                break;
            }
        }
        let error = failed.unwrap_or_else(|| out.finish().unwrap_err());
        assert_eq!(error.kind(), io::ErrorKind::BrokenPipe);
    }
}
