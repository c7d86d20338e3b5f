//! Two threads profiling natively: a second thread profiles batch N while
//! the scanner's thread parses batch N + 1, then the scanner's thread joins
//! in on the columns of batch N that nobody has claimed yet, and hands
//! batch N + 1 over once batch N is done.
//!
//! A batch's columns are claimed one at a time, costliest first (by what
//! each cost in the previous batch), so both threads stay busy whichever
//! side is heavier: parsing (a narrow file with long cells) or profiling
//! (a wide file of short cells). Each column is profiled by one thread at a
//! time and its batches in order, so the results are those of one thread.

use super::table::{feed_column, Batch, Profiles};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError, RwLock};
use std::thread::JoinHandle;
use std::time::Instant;

/// One batch and the order its columns are handed out in.
struct Job {
    batch: Batch,
    order: Vec<usize>,
    next: AtomicUsize,
}

impl Job {
    /// Profiles columns of the batch until none is left to claim.
    fn work(&self, profiles: &Profiles) {
        loop {
            let i = self.next.fetch_add(1, Ordering::Relaxed);
            let Some(&col) = self.order.get(i) else {
                return;
            };
            let Some(slot) = profiles.columns.get(col) else {
                continue;
            };
            let mut slot = slot.lock().unwrap_or_else(PoisonError::into_inner);
            let start = Instant::now();
            feed_column(
                &mut slot.profile,
                self.batch.cols.get(col),
                self.batch.rows,
                &self.batch.row_hashes,
            );
            slot.cost = start.elapsed().as_nanos() as u64;
        }
    }
}

#[derive(Default)]
struct State {
    /// The batch being profiled.
    job: Option<Arc<Job>>,
    /// Counts hand-overs, so the second thread sees each job once.
    generation: u64,
    /// The second thread holds the job.
    busy: bool,
    shutdown: bool,
}

#[derive(Default)]
struct Shared {
    profiles: RwLock<Profiles>,
    state: Mutex<State>,
    wake: Condvar,
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Marks the second thread idle when it is done with a job, panicking or
/// not, so that the scanner's thread never waits for it forever.
struct Idle<'a>(&'a Shared);

impl Drop for Idle<'_> {
    fn drop(&mut self) {
        self.0.state().busy = false;
        self.0.wake.notify_all();
    }
}

/// The profiles and the second thread that shares their work.
pub(super) struct Crew {
    shared: Arc<Shared>,
    handle: Option<JoinHandle<()>>,
}

impl Crew {
    /// Starts the second thread.
    pub(super) fn start(profiles: Profiles) -> Crew {
        let shared = Arc::new(Shared {
            profiles: RwLock::new(profiles),
            state: Mutex::new(State::default()),
            wake: Condvar::new(),
        });
        let theirs = Arc::clone(&shared);
        let handle = std::thread::spawn(move || second_thread(&theirs));
        Crew {
            shared,
            handle: Some(handle),
        }
    }

    /// Finishes the batch in hand (helping with it), then hands `batch`
    /// over and returns an empty batch to fill next.
    pub(super) fn hand_over(&mut self, batch: Batch) -> Batch {
        let spare = self.settle();
        let shared = &self.shared;
        let order = {
            let mut profiles = shared
                .profiles
                .write()
                .unwrap_or_else(PoisonError::into_inner);
            profiles.add_columns(batch.cols.len(), batch.rows_before);
            let mut order: Vec<(u64, usize)> = profiles
                .columns
                .iter_mut()
                .enumerate()
                .map(|(i, s)| (s.get_mut().map_or(0, |s| s.cost), i))
                .collect();
            order.sort_unstable_by(|a, b| b.cmp(a));
            order.into_iter().map(|(_, i)| i).collect()
        };
        let mut state = shared.state();
        state.job = Some(Arc::new(Job {
            batch,
            order,
            next: AtomicUsize::new(0),
        }));
        state.generation += 1;
        drop(state);
        shared.wake.notify_all();
        spare
    }

    /// Profiles what is left of the batch in hand, waits until the second
    /// thread is done with it, and returns the batch emptied.
    fn settle(&mut self) -> Batch {
        let shared = &self.shared;
        let job = shared.state().job.clone();
        let Some(job) = job else {
            return Batch::default();
        };
        job.work(
            &shared
                .profiles
                .read()
                .unwrap_or_else(PoisonError::into_inner),
        );
        let mut state = shared.state();
        while state.busy {
            state = shared
                .wake
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
        state.job = None;
        drop(state);
        // Both other holders (the state and the second thread) let go.
        match Arc::try_unwrap(job) {
            Ok(mut job) => {
                job.batch.clear();
                job.batch
            }
            Err(_) => Batch::default(),
        }
    }

    /// Profiles what is left, stops the second thread and returns the
    /// profiles. A panic on the second thread is raised here.
    pub(super) fn finish(mut self) -> Profiles {
        self.settle();
        if let Some(panic) = self.stop() {
            std::panic::resume_unwind(panic);
        }
        match Arc::try_unwrap(std::mem::take(&mut self.shared)) {
            Ok(s) => s
                .profiles
                .into_inner()
                .unwrap_or_else(PoisonError::into_inner),
            // Unreachable once the thread is joined; an empty table rather
            // than a panic if it ever were.
            Err(_) => Profiles::default(),
        }
    }

    /// Stops and joins the second thread; its panic, if it had one.
    fn stop(&mut self) -> Option<Box<dyn std::any::Any + Send>> {
        self.shared.state().shutdown = true;
        self.shared.wake.notify_all();
        self.handle.take()?.join().err()
    }
}

impl Drop for Crew {
    fn drop(&mut self) {
        // A scan dropped before its end (an error, a cancelled read) must
        // not leave the thread waiting.
        let _ = self.stop();
    }
}

fn second_thread(shared: &Shared) {
    let mut seen = 0;
    loop {
        let job = {
            let mut state = shared.state();
            while state.generation == seen && !state.shutdown {
                state = shared
                    .wake
                    .wait(state)
                    .unwrap_or_else(PoisonError::into_inner);
            }
            if state.shutdown {
                return;
            }
            seen = state.generation;
            let Some(job) = state.job.clone() else {
                continue;
            };
            state.busy = true;
            job
        };
        let _idle = Idle(shared);
        job.work(
            &shared
                .profiles
                .read()
                .unwrap_or_else(PoisonError::into_inner),
        );
        drop(job);
    }
}
