//! Long output formatted in parts on two threads and written by a third.
//!
//! Why: a 100k-row listing is 17 MB. Formatted on one thread, it left the other core idle, and
//! every write into a full pipe waited for the reader, with the kernel's copying and wake-ups
//! (a tenth of the listing's CPU) between formatting steps. Made in independent parts (a sorted
//! list, by position), it is formatted on both cores while a writer thread writes it.

use std::io::{self, Write};
use std::sync::mpsc::{Receiver, Sender, SyncSender, channel, sync_channel};

/// Bytes a part's buffer starts with (a 2048-row listing part fills about 350 KB; buffers are
/// reused, so each grows at most once).
const BUFFER: usize = 512 * 1024;

/// The pipe buffer a long output asks for: Linux's default limit for an unprivileged process
/// (`/proc/sys/fs/pipe-max-size`).
#[cfg(target_os = "linux")]
const WIDE_PIPE: usize = 1 << 20;

/// Asks the kernel for a 1 MiB buffer when stdout is a pipe, in place of the default 64 KiB: a
/// 17 MB listing then crosses in a few writes that the reader drains at its own pace, instead of
/// about 260 that each wait for the other side to be scheduled (on two cores, those waits left
/// the formatting threads idle). A larger buffer is kept; anything but a pipe, or a lower limit,
/// leaves things as they are.
pub fn widen_stdout_pipe() {
    #[cfg(target_os = "linux")]
    {
        let stdout = io::stdout();
        if rustix::pipe::fcntl_getpipe_size(&stdout).is_ok_and(|size| size < WIDE_PIPE) {
            // Refused (a lower limit, a full quota of pipe pages): the default buffer still works.
            let _ = rustix::pipe::fcntl_setpipe_size(&stdout, WIDE_PIPE);
        }
    }
}

/// Threads formatting parts at once, this one among them: the machines folio targets have two
/// cores, and the writer thread needs little of either.
const LANES: usize = 2;

/// Formatted parts waiting for the writer, per lane.
const PARTS_IN_FLIGHT: usize = 2;

/// Writes parts `0..parts` to `sink` in order, formatted on [`LANES`] threads at once (this one
/// and helpers) and written by one more, so formatting, the kernel's copying and the reader of the
/// pipe all overlap.
///
/// Each lane gets its own formatter from `formatter` (to keep per-thread caches) and formats
/// every `LANES`-th part: `format(part, buffer)` appends part `part` to an empty buffer. Memory
/// stays bounded: a lane waits when the writer is [`PARTS_IN_FLIGHT`] parts behind, and buffers
/// go back to their lane to be filled again. The first error of a formatter, else of the sink,
/// is returned; either stops the rest.
pub fn write_parts<W, E, F>(sink: W, parts: usize, formatter: impl Fn() -> F + Sync) -> Result<(), E>
where
    W: Write + Send,
    E: From<io::Error> + Send,
    F: FnMut(usize, &mut Vec<u8>) -> Result<(), E>,
{
    let mut outputs = Vec::with_capacity(LANES);
    let mut lanes = Vec::with_capacity(LANES);
    for lane in 0..LANES {
        let (done, formatted) = sync_channel::<Vec<u8>>(PARTS_IN_FLIGHT);
        let (give_back, spare) = channel::<Vec<u8>>();
        outputs.push(LaneOutput { formatted, give_back });
        lanes.push(Lane {
            first: lane,
            done,
            spare,
        });
    }
    let run_lane = |lane: Lane| -> Result<(), E> {
        let mut format = formatter();
        for part in (lane.first..parts).step_by(LANES) {
            let mut buffer = lane
                .spare
                .try_recv()
                .unwrap_or_else(|_| Vec::with_capacity(BUFFER));
            format(part, &mut buffer)?;
            if lane.done.send(buffer).is_err() {
                // The writer has stopped: its error is the one to report.
                break;
            }
        }
        Ok(())
    };
    std::thread::scope(|scope| {
        let writer = scope.spawn(move || write_in_turn(sink, outputs));
        let run_lane = &run_lane;
        let mut lanes = lanes.into_iter();
        let mine = lanes.next();
        let helpers: Vec<_> = lanes.map(|lane| scope.spawn(move || run_lane(lane))).collect();
        let formatted = mine.map_or(Ok(()), run_lane);
        // A panic in another thread is a bug of ours: pass it on rather than lose output.
        let helped = (helpers.into_iter()).try_for_each(|helper| {
            helper
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        });
        let written = writer
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        formatted.and(helped)?;
        written.map_err(E::from)
    })
}

/// One formatting thread's share: parts `first`, `first + LANES`, ...
struct Lane {
    first: usize,
    done: SyncSender<Vec<u8>>,
    spare: Receiver<Vec<u8>>,
}

/// What the writer holds of a lane: where its parts arrive, and where emptied buffers go back.
struct LaneOutput {
    formatted: Receiver<Vec<u8>>,
    give_back: Sender<Vec<u8>>,
}

/// The writer of [`write_parts`]: takes the lanes' parts in turn (part `n` is lane `n % LANES`'s),
/// until a lane has no more, and gives each buffer back emptied.
fn write_in_turn<W: Write>(mut sink: W, outputs: Vec<LaneOutput>) -> io::Result<()> {
    for LaneOutput { formatted, give_back } in outputs.iter().cycle() {
        let Ok(mut buffer) = formatted.recv() else {
            break;
        };
        sink.write_all(&buffer)?;
        buffer.clear();
        // The lane may be done: then the buffer is simply dropped.
        let _ = give_back.send(buffer);
    }
    sink.flush()
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

    fn part_text(part: usize) -> String {
        (0..1 + part % 7)
            .map(|line| format!("part {part} line {line}\n"))
            .collect()
    }

    #[test]
    fn parts_arrive_in_order_whatever_their_number() {
        for parts in [0, 1, 2, 3, 10, 101] {
            let sink = Shared::default();
            write_parts::<_, io::Error, _>(sink.clone(), parts, || {
                |part, buffer: &mut Vec<u8>| {
                    assert!(buffer.is_empty(), "a part was given a buffer still holding bytes");
                    buffer.extend_from_slice(part_text(part).as_bytes());
                    Ok(())
                }
            })
            .unwrap();
            let expected: String = (0..parts).map(part_text).collect();
            assert_eq!(
                String::from_utf8(sink.bytes.lock().unwrap().clone()).unwrap(),
                expected
            );
        }
    }

    #[test]
    fn a_failing_part_stops_the_output_with_its_error() {
        let sink = Shared::default();
        let error = write_parts(sink.clone(), 1_000, || {
            |part, buffer: &mut Vec<u8>| {
                if part == 37 {
                    return Err(io::Error::other("part 37 failed"));
                }
                buffer.extend_from_slice(part_text(part).as_bytes());
                Ok(())
            }
        })
        .unwrap_err();
        assert_eq!(error.to_string(), "part 37 failed");
        // What was written is a prefix of the parts, in order, and stops before the failed one.
        let written = String::from_utf8(sink.bytes.lock().unwrap().clone()).unwrap();
        let before: String = (0..37).map(part_text).collect();
        assert!(before.starts_with(&written), "{written}");
    }

    #[test]
    fn a_failing_sink_stops_the_parts() {
        let sink = Shared {
            fail_after: Some(1_000),
            ..Shared::default()
        };
        let formatted = std::sync::atomic::AtomicUsize::new(0);
        let error = write_parts(sink, 100_000, || {
            |part, buffer: &mut Vec<u8>| {
                formatted.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                buffer.extend_from_slice(part_text(part).as_bytes());
                Ok::<(), io::Error>(())
            }
        })
        .unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::BrokenPipe);
        // Bounded by the parts in flight, not the 100k asked for.
        assert!(formatted.into_inner() < 100, "the lanes went on formatting");
    }
}
