//! Fetch: retrieve pages over HTTP(S) (reqwest + tokio), politely and robustly.
