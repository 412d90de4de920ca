//! Python bindings of htmlsieve: `htmlsieve.extract(html, url)`, `htmlsieve.extract_record(...)`
//! and `htmlsieve.Extractor(...)`, over the same library as the command line, so that outputs are
//! the CLI's byte for byte.
//!
//! Extraction runs with the GIL released; a panic inside it becomes `htmlsieve.Error`, never a
//! crashed worker. An `Extractor` pickles as its configuration and rebuilds (recompiles its rules)
//! where it is unpickled: engines (datatrove, Spark, Ray) ship it to their workers that way.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString, PyTuple};

use htmlsieve::{render_text, RecordInfo};
use htmlsieve::{Config, Document};
use htmlsieve::{Limits, RuleSources};

create_exception!(
    _htmlsieve,
    Error,
    PyException,
    "A page htmlsieve could not read or extract (limits, encoding, not HTML, a bad rule file)."
);

/// The options of an `Extractor`, kept so that it can be pickled and rebuilt.
#[derive(Clone, Debug, Default)]
struct Settings {
    rules: Vec<PathBuf>,
    site_config: Vec<PathBuf>,
    filter_lists: Vec<PathBuf>,
    no_default_rules: bool,
    no_title: bool,
    max_bytes: Option<usize>,
    max_nodes: Option<usize>,
    max_depth: Option<usize>,
    timeout: Option<f64>,
}

impl Settings {
    fn config(&self) -> Config {
        let mut limits = Limits::default();
        if let Some(n) = self.max_bytes {
            limits.max_bytes = n;
        }
        if let Some(n) = self.max_nodes {
            limits.max_nodes = n;
        }
        if let Some(n) = self.max_depth {
            limits.max_depth = n;
        }
        if let Some(s) = self.timeout {
            limits.doc_timeout = Duration::from_secs_f64(s.max(0.0));
        }
        Config {
            limits,
            rules: RuleSources {
                no_default_rules: self.no_default_rules,
                rule_dirs: self.rules.clone(),
                site_config_dirs: self.site_config.clone(),
                filter_lists: self.filter_lists.clone(),
            },
            ..Default::default()
        }
    }
}

/// One page as Python gives it: bytes are decoded as the CLI decodes files (BOM, `<meta>`,
/// detection); a `str` is already text.
enum Page {
    Bytes(Vec<u8>),
    Text(String),
}

fn page_of(obj: &Bound<'_, PyAny>) -> PyResult<Page> {
    if let Ok(b) = obj.cast::<PyBytes>() {
        return Ok(Page::Bytes(b.as_bytes().to_vec()));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Page::Text(s.extract::<String>()?));
    }
    Err(PyTypeError::new_err(format!(
        "html must be str or bytes, not {}",
        obj.get_type().name()?
    )))
}

/// Why one page failed, as the message of `htmlsieve.Error`.
type Failure = String;

fn run(ex: &htmlsieve::Extractor, page: &Page, url: Option<&str>) -> Result<Document, Failure> {
    let result = catch_unwind(AssertUnwindSafe(|| match page {
        Page::Bytes(b) => ex.extract_bytes(b, url, None),
        Page::Text(t) => ex.extract_str(t, url),
    }));
    match result {
        Ok(Ok(doc)) => Ok(doc),
        Ok(Err(e)) => Err(e.record()),
        Err(panic) => {
            let msg = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Err(format!("internal error (a bug, please report): {msg}"))
        }
    }
}

/// A configured extractor: rules compiled once, reused by every call.
#[pyclass(module = "htmlsieve._htmlsieve", frozen)]
struct Extractor {
    inner: Arc<htmlsieve::Extractor>,
    settings: Settings,
}

impl Extractor {
    fn build(settings: Settings) -> PyResult<Self> {
        let inner =
            htmlsieve::Extractor::new(settings.config()).map_err(|e| Error::new_err(e.record()))?;
        Ok(Extractor {
            inner: Arc::new(inner),
            settings,
        })
    }

    /// The CLI's txt output; None when it is empty (a page with only a title keeps its title
    /// line, as the CLI prints it).
    fn text_of(&self, doc: &Document) -> Option<String> {
        let t = render_text(doc, self.settings.no_title);
        (!t.is_empty()).then_some(t)
    }

    fn record_of(
        &self,
        py: Python<'_>,
        outcome: &Result<Document, Failure>,
        id: &str,
        url: Option<&str>,
    ) -> PyResult<Py<PyAny>> {
        let info = RecordInfo {
            id: id.to_string(),
            source: url.unwrap_or(id).to_string(),
            rules: self.inner.rules().elements.len() + self.inner.rules().lines.len(),
        };
        let line = match outcome {
            Ok(doc) => htmlsieve::render(Some(doc), None, &info, jsonl(self.settings.no_title)),
            Err(msg) => {
                let e = htmlsieve::Error::Other(msg.clone());
                let mut s = htmlsieve::render(None, Some(&e), &info, jsonl(false));
                // The record's error is already "<kind>: <message>"; keep it as it was.
                s = s.replace(&e.record(), msg);
                s
            }
        };
        let loads = py.import("json")?.getattr("loads")?;
        Ok(loads.call1((line,))?.unbind())
    }
}

#[pymethods]
impl Extractor {
    #[new]
    #[pyo3(signature = (rules=None, site_config=None, filter_lists=None, *, no_default_rules=false,
                        no_title=false, max_bytes=None, max_nodes=None, max_depth=None, timeout=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        rules: Option<Vec<PathBuf>>,
        site_config: Option<Vec<PathBuf>>,
        filter_lists: Option<Vec<PathBuf>>,
        no_default_rules: bool,
        no_title: bool,
        max_bytes: Option<usize>,
        max_nodes: Option<usize>,
        max_depth: Option<usize>,
        timeout: Option<f64>,
    ) -> PyResult<Self> {
        if timeout.is_some_and(|t| t.is_nan() || t <= 0.0) {
            return Err(PyValueError::new_err(
                "timeout must be a positive number of seconds",
            ));
        }
        Extractor::build(Settings {
            rules: rules.unwrap_or_default(),
            site_config: site_config.unwrap_or_default(),
            filter_lists: filter_lists.unwrap_or_default(),
            no_default_rules,
            no_title,
            max_bytes,
            max_nodes,
            max_depth,
            timeout,
        })
    }

    /// The page's clean text (title line, then one block per paragraph), or None when nothing
    /// was kept. Raises htmlsieve.Error when the page cannot be read.
    #[pyo3(signature = (html, url=None))]
    fn extract(
        &self,
        py: Python<'_>,
        html: &Bound<'_, PyAny>,
        url: Option<String>,
    ) -> PyResult<Option<String>> {
        let page = page_of(html)?;
        let inner = Arc::clone(&self.inner);
        let doc = py
            .detach(|| run(&inner, &page, url.as_deref()))
            .map_err(Error::new_err)?;
        Ok(self.text_of(&doc))
    }

    /// The page's record, as the CLI's `-f jsonl` writes it (text, metadata with title, author,
    /// date, lang, content status, …). A page that fails gives a record with "error" set.
    #[pyo3(signature = (html, url=None, id=None))]
    fn extract_record(
        &self,
        py: Python<'_>,
        html: &Bound<'_, PyAny>,
        url: Option<String>,
        id: Option<String>,
    ) -> PyResult<Py<PyAny>> {
        let page = page_of(html)?;
        let inner = Arc::clone(&self.inner);
        let outcome = py.detach(|| run(&inner, &page, url.as_deref()));
        let id = id.or_else(|| url.clone()).unwrap_or_default();
        self.record_of(py, &outcome, &id, url.as_deref())
    }

    /// `extract` over a list of pages (one thread, the GIL released once for the whole list).
    /// A page that fails gives None, like a page with no content.
    #[pyo3(signature = (htmls, urls=None))]
    fn extract_batch(
        &self,
        py: Python<'_>,
        htmls: Vec<Bound<'_, PyAny>>,
        urls: Option<Vec<Option<String>>>,
    ) -> PyResult<Vec<Option<String>>> {
        let pages = htmls.iter().map(page_of).collect::<PyResult<Vec<_>>>()?;
        let urls = urls.unwrap_or_else(|| vec![None; pages.len()]);
        if urls.len() != pages.len() {
            return Err(PyValueError::new_err(format!(
                "{} pages but {} urls",
                pages.len(),
                urls.len()
            )));
        }
        let inner = Arc::clone(&self.inner);
        let docs = py.detach(|| {
            pages
                .iter()
                .zip(&urls)
                .map(|(p, u)| run(&inner, p, u.as_deref()).ok())
                .collect::<Vec<_>>()
        });
        Ok(docs
            .iter()
            .map(|d| d.as_ref().and_then(|d| self.text_of(d)))
            .collect())
    }

    /// Pickle as the configuration: the unpickled copy compiles its rules again.
    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let py = slf.py();
        let s = &slf.get().settings;
        let kw = PyDict::new(py);
        kw.set_item("rules", s.rules.clone())?;
        kw.set_item("site_config", s.site_config.clone())?;
        kw.set_item("filter_lists", s.filter_lists.clone())?;
        kw.set_item("no_default_rules", s.no_default_rules)?;
        kw.set_item("no_title", s.no_title)?;
        kw.set_item("max_bytes", s.max_bytes)?;
        kw.set_item("max_nodes", s.max_nodes)?;
        kw.set_item("max_depth", s.max_depth)?;
        kw.set_item("timeout", s.timeout)?;
        // A module-level function, so that pickle finds it by name in the worker.
        let rebuild = py.import("htmlsieve")?.getattr("_rebuild")?;
        let args = PyTuple::new(py, [slf.get_type().into_any(), kw.into_any()])?;
        Ok((rebuild, args))
    }

    fn __repr__(&self) -> String {
        format!("htmlsieve.Extractor({:?})", self.settings)
    }
}

#[pymodule]
fn _htmlsieve(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Extractor>()?;
    m.add("Error", m.py().get_type::<Error>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}

/// Render options of a JSONL record (what `clean -f jsonl` writes).
fn jsonl(no_title: bool) -> htmlsieve::RenderOptions {
    htmlsieve::RenderOptions {
        format: htmlsieve::Format::Jsonl,
        no_title,
    }
}
