//! Work spread over scoped threads natively, and done in turn on the
//! calling thread in the browser (wasm32 has no threads here).

/// `f` over `items`, spread over up to `threads` scoped threads, results in
/// order. Items are claimed one at a time, so a thread that drew cheap
/// items takes more of them.
pub(crate) fn par_map<T: Sync, R: Send>(
    threads: usize,
    items: &[T],
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    #[cfg(not(target_arch = "wasm32"))]
    if threads > 1 && items.len() > 1 {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let next = AtomicUsize::new(0);
        let work = || {
            let mut done = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(i) else {
                    return done;
                };
                done.push((i, f(item)));
            }
        };
        let mut all: Vec<(usize, R)> = std::thread::scope(|s| {
            let handles: Vec<_> = (1..threads.min(items.len()))
                .map(|_| s.spawn(work))
                .collect();
            let mut all = work();
            for h in handles {
                all.extend(h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
            }
            all
        });
        all.sort_unstable_by_key(|&(i, _)| i);
        return all.into_iter().map(|(_, r)| r).collect();
    }
    let _ = threads;
    items.iter().map(f).collect()
}
