//! Work spread over the threads a caller gives (the core never asks the machine for its
//! cores; see docs/design.md, "Threads"), with results in order.

use crate::error::Result;

/// Runs `work` on each of `items` on up to `threads` worker threads, which take them in
/// turn, and hands each result to `take` on the calling thread in item order, as soon as it
/// and every earlier one are done (so the caller's merge overlaps the work). False when an
/// item failed, a worker stopped (a bug) or none could start: the caller then does it all on
/// its own thread (and so gets that path's error).
pub(crate) fn in_order<I: Sync, T: Send>(
    items: &[I],
    threads: usize,
    work: impl Fn(&I) -> Result<T> + Sync,
    mut take: impl FnMut(T),
) -> bool {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::mpsc;

    let next = AtomicUsize::new(0);
    std::thread::scope(|s| {
        let (tx, rx) = mpsc::channel();
        let workers: Vec<_> = (0..threads)
            .filter_map(|_| {
                let (tx, next, work) = (tx.clone(), &next, &work);
                let worker = move || loop {
                    let k = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(k) else { break };
                    let r = work(item);
                    let failed = r.is_err();
                    if tx.send((k, r)).is_err() || failed {
                        break;
                    }
                };
                // A platform without threads: the workers that did start take every item.
                std::thread::Builder::new().spawn_scoped(s, worker).ok()
            })
            .collect();
        drop(tx);
        let mut waiting = std::collections::BTreeMap::new();
        let (mut want, mut ok) = (0, true);
        for (k, r) in rx {
            waiting.insert(k, r);
            while let Some(r) = waiting.remove(&want) {
                match r {
                    Ok(t) if ok => take(t),
                    Ok(_) => {}
                    Err(_) => ok = false,
                }
                want += 1;
            }
            if !ok {
                // Stop handing out items; the workers finish the ones they hold.
                next.store(items.len(), Ordering::Relaxed);
            }
        }
        // A worker that panicked (a bug) left items undone.
        let joined = workers.into_iter().all(|w| w.join().is_ok());
        ok && joined && want == items.len()
    })
}

/// `work` of each of `items`, in item order, on up to `threads` worker threads; on this
/// thread when there are fewer than two, in wasm (no thread code in its size), or when a
/// worker could not start or stopped.
pub(crate) fn map<I: Sync, T: Send>(
    items: &[I],
    threads: usize,
    work: impl Fn(&I) -> T + Sync,
) -> Vec<T> {
    let mut out = Vec::with_capacity(items.len());
    let spread = threads >= 2
        && !cfg!(target_family = "wasm")
        && in_order(items, threads, |i| Ok(work(i)), |t| out.push(t));
    if !spread {
        out = items.iter().map(&work).collect();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;

    /// `map` gives the results in order on any number of threads.
    #[test]
    fn map_is_in_order() {
        let items: Vec<u64> = (0..100).collect();
        for threads in [0, 1, 2, 5] {
            assert_eq!(
                map(&items, threads, |&x| x + 1),
                (1..101).collect::<Vec<u64>>()
            );
        }
        assert!(map(&[] as &[u64], 2, |&x| x).is_empty());
    }

    /// Results come in item order whatever the threads; a failed item makes it false (and
    /// nothing after it is taken).
    #[test]
    fn results_in_order_or_false() {
        let items: Vec<u64> = (0..200).collect();
        for threads in [1, 2, 3, 8, 300] {
            let mut got = Vec::new();
            let square = |&x: &u64| -> Result<u64> { Ok(x * x) };
            assert!(in_order(&items, threads, square, |y| got.push(y)));
            assert_eq!(got, items.iter().map(|x| x * x).collect::<Vec<_>>());
            let mut taken = Vec::new();
            let fail_at_50 = |&x: &u64| -> Result<u64> {
                if x == 50 {
                    Err(Error::InvalidArgument {
                        name: "x",
                        value: x.to_string(),
                        expected: "not 50",
                    })
                } else {
                    Ok(x)
                }
            };
            assert!(!in_order(&items, threads, fail_at_50, |y| taken.push(y)));
            assert_eq!(taken, (0..50).collect::<Vec<_>>(), "{threads} threads");
        }
        assert!(!in_order(
            &items,
            0,
            |&x: &u64| -> Result<u64> { Ok(x) },
            |_| {}
        ));
        assert!(in_order(
            &[] as &[u64],
            2,
            |&x: &u64| -> Result<u64> { Ok(x) },
            |_| {}
        ));
    }
}
