//! Data parallelism where it pays (compiling large rule lists), on rayon's pool with the
//! `parallel` feature and on the calling thread without it: the outputs are the same.

/// `items.map(f)`, in order.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync + Send) -> Vec<R> {
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        items.par_iter().map(f).collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        items.iter().map(f).collect()
    }
}
