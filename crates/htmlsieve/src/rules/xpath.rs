//! XPath → CSS: the subset of XPath that FiveFilters site configs (and `:xpath()` filters) use,
//! translated to selectors so that one matching engine serves every rule. Anything outside the
//! subset is an error naming what is unsupported; the caller reports it with `file:line`.
//!
//! Supported: absolute and `//` paths; `child::`, `descendant::`, `self::`, `following-sibling::`
//! axes; `..` after a child step; name tests and `*`; predicates with `@attr`, `=`, `!=`,
//! `contains()`, `starts-with()`, `ends-with()`, `normalize-space()`, the
//! `contains(concat(' ', normalize-space(@class), ' '), ' x ')` class idiom, `and`, `or`, `not()`,
//! nested relative paths (`[.//img]` → `:has(img)`), `[n]` / `[last()]` as the first predicate of a
//! step, `id('x')`; text tests (`contains(., 'x')`, `text()='x'`) on the last step; unions `|`; and a
//! final `/@attr` or `/text()` step.

use super::TextMatch;

/// One translated union member.
#[derive(Debug, Clone)]
pub struct Translated {
    pub css: String,
    /// Text conditions on the selected element (`negate`: must not match).
    pub text: Vec<(TextMatch, bool)>,
    /// Final `/@attr` step: read this attribute.
    pub attr: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Slash,
    DSlash,
    LBr,
    RBr,
    LPar,
    RPar,
    At,
    Pipe,
    Comma,
    Eq,
    Neq,
    Cmp(&'static str),
    Dot,
    DDot,
    Star,
    Axis(String),
    Name(String),
    Str(String),
    Num(f64),
}

fn tokenize(s: &str) -> Result<Vec<Tok>, String> {
    let b: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match c {
            c if c.is_whitespace() => i += 1,
            '/' if b.get(i + 1) == Some(&'/') => {
                out.push(Tok::DSlash);
                i += 2;
            }
            '/' => {
                out.push(Tok::Slash);
                i += 1;
            }
            '[' => {
                out.push(Tok::LBr);
                i += 1;
            }
            ']' => {
                out.push(Tok::RBr);
                i += 1;
            }
            '(' => {
                out.push(Tok::LPar);
                i += 1;
            }
            ')' => {
                out.push(Tok::RPar);
                i += 1;
            }
            '@' => {
                out.push(Tok::At);
                i += 1;
            }
            '|' => {
                out.push(Tok::Pipe);
                i += 1;
            }
            ',' => {
                out.push(Tok::Comma);
                i += 1;
            }
            '=' => {
                out.push(Tok::Eq);
                i += 1;
            }
            '!' if b.get(i + 1) == Some(&'=') => {
                out.push(Tok::Neq);
                i += 2;
            }
            '<' | '>' => {
                let eq = b.get(i + 1) == Some(&'=');
                out.push(Tok::Cmp(match (c, eq) {
                    ('<', false) => "<",
                    ('<', true) => "<=",
                    ('>', false) => ">",
                    _ => ">=",
                }));
                i += if eq { 2 } else { 1 };
            }
            '*' => {
                out.push(Tok::Star);
                i += 1;
            }
            '.' if b.get(i + 1) == Some(&'.') => {
                out.push(Tok::DDot);
                i += 2;
            }
            '.' if !b.get(i + 1).is_some_and(|c| c.is_ascii_digit()) => {
                out.push(Tok::Dot);
                i += 1;
            }
            '"' | '\'' => {
                let end = b[i + 1..]
                    .iter()
                    .position(|&x| x == c)
                    .ok_or("unterminated string")?;
                out.push(Tok::Str(b[i + 1..i + 1 + end].iter().collect()));
                i += end + 2;
            }
            c if c.is_ascii_digit() || c == '.' => {
                let len = b[i..]
                    .iter()
                    .take_while(|c| c.is_ascii_digit() || **c == '.')
                    .count();
                let t: String = b[i..i + len].iter().collect();
                out.push(Tok::Num(t.parse().map_err(|_| format!("bad number {t}"))?));
                i += len;
            }
            c if c.is_alphabetic() || c == '_' => {
                let len = b[i..]
                    .iter()
                    .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
                    .count();
                let mut name: String = b[i..i + len].iter().collect();
                i += len;
                // `prefix:name` (namespaced) or `axis::`.
                if b.get(i) == Some(&':') && b.get(i + 1) == Some(&':') {
                    out.push(Tok::Axis(name));
                    i += 2;
                    continue;
                }
                if b.get(i) == Some(&':') && b.get(i + 1).is_some_and(|c| c.is_alphabetic()) {
                    let len2 = b[i + 1..]
                        .iter()
                        .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
                        .count();
                    name.push(':');
                    name.extend(&b[i + 1..i + 1 + len2]);
                    i += 1 + len2;
                }
                out.push(Tok::Name(name));
            }
            other => return Err(format!("unexpected character {other:?}")),
        }
    }
    Ok(out)
}

/// Escape a CSS identifier (class, id, attribute or tag name).
pub fn css_ident(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.chars().enumerate() {
        let plain = c.is_ascii_alphanumeric() && !(i == 0 && c.is_ascii_digit())
            || c == '_'
            || c == '-'
            || (!c.is_ascii() && !c.is_control());
        if plain {
            out.push(c);
        } else {
            out.push_str(&format!("\\{:x} ", c as u32));
        }
    }
    out
}

/// A CSS string literal.
pub fn css_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push_str(&format!("\\{:x} ", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// One compound of the selector being built.
#[derive(Debug, Default, Clone)]
struct Compound {
    /// The combinator before this compound: "" (first), " ", " > ", " ~ ", " + ".
    comb: &'static str,
    tag: Option<String>,
    parts: String,
    text: Vec<(TextMatch, bool)>,
}

impl Compound {
    fn css(&self) -> String {
        let mut s = String::new();
        match (&self.tag, self.parts.is_empty()) {
            (Some(t), _) => s.push_str(&css_ident(t)),
            (None, true) => s.push('*'),
            (None, false) => {}
        }
        s.push_str(&self.parts);
        s
    }
}

fn join(steps: &[Compound]) -> String {
    let mut s = String::new();
    for (i, c) in steps.iter().enumerate() {
        // The first compound has no combinator (`//descendant::x` is just `x`).
        if i > 0 {
            s.push_str(c.comb);
        }
        s.push_str(&c.css());
    }
    s
}

/// A predicate or value, before it becomes CSS or a text condition.
#[derive(Debug, Clone)]
enum Val {
    Attr(String),
    Str(String),
    Num(f64),
    /// The element's text: `.`, `text()`, `normalize-space()`, `string()`.
    Text,
    /// `concat(' ', normalize-space(@class), ' ')`.
    ClassTokens,
    Last,
    Position,
    Cond(Cond),
}

#[derive(Debug, Clone)]
enum Cond {
    Css(String),
    Text(TextMatch, bool),
    And(Vec<Cond>),
    Pos(Pos),
}

#[derive(Debug, Clone, Copy)]
enum Pos {
    Nth(usize),
    Last,
}

const MAX_DEPTH: usize = 24;

struct P {
    t: Vec<Tok>,
    i: usize,
    depth: usize,
}

type R<T> = Result<T, String>;

fn regex_escape_text(s: &str) -> TextMatch {
    // Exact text equality, whitespace-insensitive at the ends.
    match regex::Regex::new(&format!(r"^\s*{}\s*$", regex::escape(s.trim()))) {
        Ok(r) => TextMatch::Regex(r),
        Err(_) => TextMatch::Contains(s.to_string()),
    }
}

impl P {
    fn peek(&self) -> Option<&Tok> {
        self.t.get(self.i)
    }
    fn peek2(&self) -> Option<&Tok> {
        self.t.get(self.i + 1)
    }
    fn next(&mut self) -> Option<Tok> {
        let t = self.t.get(self.i).cloned();
        self.i += 1;
        t
    }
    fn eat(&mut self, t: &Tok) -> bool {
        if self.peek() == Some(t) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    fn expect(&mut self, t: &Tok) -> R<()> {
        if self.eat(t) {
            Ok(())
        } else {
            Err(format!("expected {t:?}, found {:?}", self.peek()))
        }
    }

    /// A location path. `relative`: inside a predicate (the context is the element).
    /// Returns the compounds, plus a trailing attribute step.
    fn path(&mut self, relative: bool) -> R<(Vec<Compound>, Option<String>)> {
        let mut steps: Vec<Compound> = Vec::new();
        let mut attr = None;
        // The combinator before the next step.
        let mut comb: &'static str;
        match self.peek() {
            Some(Tok::DSlash) if !relative => {
                self.i += 1;
                comb = "";
            }
            Some(Tok::Slash) if !relative => {
                self.i += 1;
                comb = "root";
            }
            Some(Tok::Dot) if relative => {
                self.i += 1;
                match self.next() {
                    Some(Tok::DSlash) => comb = " ",
                    Some(Tok::Slash) => comb = " > ",
                    _ => return Err("`.` alone is not a path".into()),
                }
            }
            Some(Tok::Name(n)) if n == "id" && self.peek2() == Some(&Tok::LPar) && !relative => {
                self.i += 2;
                let Some(Tok::Str(id)) = self.next() else {
                    return Err("id() needs a string".into());
                };
                self.expect(&Tok::RPar)?;
                steps.push(Compound {
                    parts: format!("#{}", css_ident(&id)),
                    ..Default::default()
                });
                comb = match self.peek() {
                    Some(Tok::Slash) => " > ",
                    Some(Tok::DSlash) => " ",
                    _ => return Ok((steps, None)),
                };
                self.i += 1;
            }
            _ if relative => comb = " > ",
            other => return Err(format!("a path must start with / or //, found {other:?}")),
        }
        loop {
            // Axis.
            let mut axis = "child".to_string();
            if let Some(Tok::Axis(a)) = self.peek() {
                axis = a.clone();
                self.i += 1;
            }
            match self.peek() {
                Some(Tok::At) => {
                    self.i += 1;
                    let Some(Tok::Name(n)) = self.next() else {
                        return Err("expected an attribute name after @".into());
                    };
                    attr = Some(n.to_ascii_lowercase());
                    break;
                }
                Some(Tok::DDot) => {
                    self.i += 1;
                    self.parent_step(&mut steps, comb)?;
                }
                Some(Tok::Dot) => {
                    self.i += 1;
                }
                Some(Tok::Name(n)) if n == "text" && self.peek2() == Some(&Tok::LPar) => {
                    self.i += 2;
                    self.expect(&Tok::RPar)?;
                    if self
                        .peek()
                        .is_some_and(|t| matches!(t, Tok::Slash | Tok::DSlash))
                    {
                        return Err("steps after text()".into());
                    }
                    break;
                }
                _ => {
                    let tag = match self.next() {
                        Some(Tok::Star) => None,
                        Some(Tok::Name(n)) if n == "node" && self.eat(&Tok::LPar) => {
                            self.expect(&Tok::RPar)?;
                            if axis == "descendant-or-self" && comb != "root" {
                                // `/descendant-or-self::node()/` is what `//` abbreviates.
                                comb = " ";
                                if !self.eat(&Tok::Slash) {
                                    return Err(
                                        "descendant-or-self::node() must be followed by /".into()
                                    );
                                }
                                continue;
                            }
                            if axis == "self" {
                                None
                            } else {
                                return Err(format!("{axis}::node() is not supported"));
                            }
                        }
                        Some(Tok::Name(n)) if n.contains(':') => {
                            return Err(format!("namespaced name {n} is not supported"))
                        }
                        Some(Tok::Name(n)) => Some(n.to_ascii_lowercase()),
                        other => return Err(format!("expected a step, found {other:?}")),
                    };
                    let mut c = Compound {
                        tag,
                        ..Default::default()
                    };
                    c.comb = match (axis.as_str(), comb) {
                        ("self", _) => "self",
                        ("child", "root") | ("descendant", "root") => "root",
                        ("child", c) => c,
                        ("descendant", _) => " ",
                        ("following-sibling", " > ") => " ~ ",
                        (a, _) => return Err(format!("the {a}:: axis is not supported")),
                    };
                    let mut first = true;
                    while self.eat(&Tok::LBr) {
                        let cond = self.expr()?;
                        self.expect(&Tok::RBr)?;
                        self.apply_pred(&mut c, cond, first)?;
                        first = false;
                    }
                    if c.comb == "self" {
                        let Some(prev) = steps.last_mut() else {
                            return Err("self:: without a previous step".into());
                        };
                        match (&prev.tag, &c.tag) {
                            (_, None) => {}
                            (None, Some(t)) => prev.tag = Some(t.clone()),
                            (Some(a), Some(b)) if a == b => {}
                            _ => prev.parts.push_str(":not(*)"),
                        }
                        prev.parts.push_str(&c.parts);
                        prev.text.extend(c.text);
                    } else {
                        if c.comb == "root" {
                            c.comb = "";
                            if c.tag.as_deref() != Some("html") {
                                c.parts.insert_str(0, ":root");
                            }
                        }
                        steps.push(c);
                    }
                }
            }
            comb = match self.peek() {
                Some(Tok::Slash) => " > ",
                Some(Tok::DSlash) => " ",
                _ => break,
            };
            self.i += 1;
        }
        if steps.is_empty() {
            return Err("empty path".into());
        }
        if steps[..steps.len() - 1].iter().any(|s| !s.text.is_empty()) {
            return Err("a text test on an inner step is not supported".into());
        }
        Ok((steps, attr))
    }

    /// `S/..`: the parent of the last step. Only after a child step (`P/S/..` → `P:has(> S)`) or
    /// as `//S/..` (`:has(> S)`).
    fn parent_step(&mut self, steps: &mut Vec<Compound>, comb: &str) -> R<()> {
        if comb != " > " {
            return Err("`..` is only supported right after a step".into());
        }
        let last = steps.pop().ok_or("`..` without a step")?;
        if !last.text.is_empty() {
            return Err("`..` after a text test is not supported".into());
        }
        let inner = last.css();
        match (last.comb, steps.last_mut()) {
            (" > ", Some(prev)) => {
                prev.parts.push_str(&format!(":has(> {inner})"));
                Ok(())
            }
            ("", None) => {
                steps.push(Compound {
                    parts: format!(":has(> {inner})"),
                    ..Default::default()
                });
                Ok(())
            }
            _ => Err("`..` after a descendant step is not supported".into()),
        }
    }

    fn apply_pred(&mut self, c: &mut Compound, v: Val, first: bool) -> R<()> {
        let cond = match v {
            Val::Num(n) => Cond::Pos(Pos::Nth(n as usize)),
            Val::Last => Cond::Pos(Pos::Last),
            other => to_cond(other)?,
        };
        let mut add = vec![cond];
        while let Some(cond) = add.pop() {
            match cond {
                Cond::Css(s) => c.parts.push_str(&s),
                Cond::Text(m, neg) => c.text.push((m, neg)),
                Cond::And(v) => add.extend(v.into_iter().rev()),
                Cond::Pos(p) => {
                    if !first {
                        return Err("a position after another predicate is not supported".into());
                    }
                    let typed = c.tag.is_some();
                    let s = match (p, typed) {
                        (Pos::Nth(0), _) => return Err("position 0".into()),
                        (Pos::Nth(n), true) => format!(":nth-of-type({n})"),
                        (Pos::Nth(n), false) => format!(":nth-child({n})"),
                        (Pos::Last, true) => ":last-of-type".into(),
                        (Pos::Last, false) => ":last-child".into(),
                    };
                    if c.comb == " ~ " {
                        if matches!(p, Pos::Nth(1)) && !typed {
                            c.comb = " + ";
                            continue;
                        }
                        return Err(
                            "a position on following-sibling:: is only supported as *[1]".into(),
                        );
                    }
                    c.parts.push_str(&s);
                }
            }
        }
        Ok(())
    }

    fn expr(&mut self) -> R<Val> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err("expression nested too deeply".into());
        }
        let r = self.or_expr();
        self.depth -= 1;
        r
    }

    fn or_expr(&mut self) -> R<Val> {
        let first = self.and_expr()?;
        if !matches!(self.peek(), Some(Tok::Name(n)) if n == "or") {
            return Ok(first);
        }
        let mut alts = vec![first];
        while matches!(self.peek(), Some(Tok::Name(n)) if n == "or") {
            self.i += 1;
            alts.push(self.and_expr()?);
        }
        let mut css = Vec::new();
        for a in alts {
            match to_cond(a)? {
                Cond::Css(s) => css.push(if s.is_empty() { "*".into() } else { s }),
                Cond::And(v) if v.iter().all(|c| matches!(c, Cond::Css(_))) => css.push(
                    v.into_iter()
                        .map(|c| match c {
                            Cond::Css(s) => s,
                            _ => String::new(),
                        })
                        .collect(),
                ),
                _ => return Err("`or` with a text test or position is not supported".into()),
            }
        }
        Ok(Val::Cond(Cond::Css(format!(":is({})", css.join(", ")))))
    }

    fn and_expr(&mut self) -> R<Val> {
        let first = self.cmp_expr()?;
        if !matches!(self.peek(), Some(Tok::Name(n)) if n == "and") {
            return Ok(first);
        }
        let mut all = vec![to_cond(first)?];
        while matches!(self.peek(), Some(Tok::Name(n)) if n == "and") {
            self.i += 1;
            all.push(to_cond(self.cmp_expr()?)?);
        }
        if all.iter().any(|c| matches!(c, Cond::Pos(_))) {
            return Err("a position inside `and` is not supported".into());
        }
        Ok(Val::Cond(Cond::And(all)))
    }

    fn cmp_expr(&mut self) -> R<Val> {
        let left = self.value()?;
        let neg = match self.peek() {
            Some(Tok::Eq) => false,
            Some(Tok::Neq) => true,
            Some(Tok::Cmp(op)) => return Err(format!("comparison {op} is not supported")),
            _ => return Ok(left),
        };
        self.i += 1;
        let right = self.value()?;
        let (a, b) = match (&left, &right) {
            (Val::Str(_) | Val::Num(_), _) => (right, left),
            _ => (left, right),
        };
        Ok(Val::Cond(match (a, b) {
            (Val::Attr(n), Val::Str(s)) => {
                let eq = format!("[{}={}]", css_ident(&n), css_str(&s));
                if neg {
                    Cond::Css(format!("[{}]:not({eq})", css_ident(&n)))
                } else {
                    Cond::Css(eq)
                }
            }
            (Val::Text, Val::Str(s)) => Cond::Text(regex_escape_text(&s), neg),
            (Val::Position, Val::Num(n)) if !neg => Cond::Pos(Pos::Nth(n as usize)),
            (Val::Position, Val::Last) if !neg => Cond::Pos(Pos::Last),
            (a, b) => return Err(format!("comparison of {a:?} with {b:?} is not supported")),
        }))
    }

    fn value(&mut self) -> R<Val> {
        match self.peek().cloned() {
            Some(Tok::LPar) => {
                self.i += 1;
                let v = self.expr()?;
                self.expect(&Tok::RPar)?;
                Ok(v)
            }
            Some(Tok::At) => {
                self.i += 1;
                match self.next() {
                    Some(Tok::Name(n)) => Ok(Val::Attr(n.to_ascii_lowercase())),
                    Some(Tok::Star) => Err("@* is not supported".into()),
                    other => Err(format!("expected an attribute name, found {other:?}")),
                }
            }
            Some(Tok::Str(s)) => {
                self.i += 1;
                Ok(Val::Str(s))
            }
            Some(Tok::Num(n)) => {
                self.i += 1;
                Ok(Val::Num(n))
            }
            Some(Tok::Dot) if !matches!(self.peek2(), Some(Tok::Slash) | Some(Tok::DSlash)) => {
                self.i += 1;
                Ok(Val::Text)
            }
            Some(Tok::Name(f)) if self.peek2() == Some(&Tok::LPar) => {
                self.i += 2;
                self.call(&f)
            }
            Some(Tok::Dot | Tok::Name(_) | Tok::Star | Tok::Axis(_)) => {
                let (steps, attr) = self.path(true)?;
                if attr.is_some() {
                    return Err("an attribute step inside a predicate path is not supported".into());
                }
                if steps.iter().any(|s| !s.text.is_empty()) {
                    return Err("a text test inside a predicate path is not supported".into());
                }
                let inner = format!("{}{}", steps[0].comb, join(&steps));
                let inner = inner.trim_start();
                Ok(Val::Cond(Cond::Css(format!(":has({inner})"))))
            }
            other => Err(format!("unexpected {other:?}")),
        }
    }

    fn args(&mut self) -> R<Vec<Val>> {
        let mut v = Vec::new();
        if self.eat(&Tok::RPar) {
            return Ok(v);
        }
        loop {
            v.push(self.expr()?);
            if self.eat(&Tok::RPar) {
                return Ok(v);
            }
            self.expect(&Tok::Comma)?;
        }
    }

    fn call(&mut self, f: &str) -> R<Val> {
        let args = self.args()?;
        let str_arg = |v: &Val| match v {
            Val::Str(s) => Ok(s.clone()),
            other => Err(format!("{f}() needs a string, found {other:?}")),
        };
        match (f, args.as_slice()) {
            ("text", []) | ("string", []) | ("normalize-space", []) => Ok(Val::Text),
            ("normalize-space" | "string", [Val::Text]) => Ok(Val::Text),
            ("normalize-space", [Val::Attr(a)]) => Ok(Val::Attr(a.clone())),
            ("last", []) => Ok(Val::Last),
            ("position", []) => Ok(Val::Position),
            ("not", [v]) => Ok(Val::Cond(match to_cond(v.clone())? {
                Cond::Css(s) => Cond::Css(format!(":not({})", if s.is_empty() { "*" } else { &s })),
                Cond::Text(m, neg) => Cond::Text(m, !neg),
                Cond::And(v) if v.iter().all(|c| matches!(c, Cond::Css(_))) => {
                    let inner: String = v
                        .into_iter()
                        .map(|c| match c {
                            Cond::Css(s) => s,
                            _ => String::new(),
                        })
                        .collect();
                    Cond::Css(format!(":not({inner})"))
                }
                _ => return Err("not() of this expression is not supported".into()),
            })),
            ("concat", [Val::Str(a), Val::Attr(c), Val::Str(b)])
                if c == "class" && a == " " && b == " " =>
            {
                Ok(Val::ClassTokens)
            }
            ("contains" | "starts-with" | "ends-with", [target, needle]) => {
                let s = str_arg(needle)?;
                let op = match f {
                    "contains" => "*=",
                    "starts-with" => "^=",
                    _ => "$=",
                };
                Ok(Val::Cond(match target {
                    Val::Attr(a) => Cond::Css(format!("[{}{op}{}]", css_ident(a), css_str(&s))),
                    Val::ClassTokens if f == "contains" => {
                        let t = s.trim();
                        if t.is_empty() || t.contains(char::is_whitespace) {
                            Cond::Css(format!("[class*={}]", css_str(&s)))
                        } else if s.starts_with(' ') && s.ends_with(' ') {
                            Cond::Css(format!(".{}", css_ident(t)))
                        } else {
                            Cond::Css(format!("[class*={}]", css_str(t)))
                        }
                    }
                    Val::Text => Cond::Text(
                        match f {
                            "contains" => TextMatch::Contains(s),
                            "starts-with" => {
                                regex::Regex::new(&format!(r"^\s*{}", regex::escape(&s)))
                                    .map(TextMatch::Regex)
                                    .map_err(|e| e.to_string())?
                            }
                            _ => regex::Regex::new(&format!(r"{}\s*$", regex::escape(&s)))
                                .map(TextMatch::Regex)
                                .map_err(|e| e.to_string())?,
                        },
                        false,
                    ),
                    other => return Err(format!("{f}() of {other:?} is not supported")),
                }))
            }
            (f, _) => Err(format!("the function {f}() is not supported here")),
        }
    }
}

fn to_cond(v: Val) -> R<Cond> {
    match v {
        Val::Cond(c) => Ok(c),
        Val::Attr(a) => Ok(Cond::Css(format!("[{}]", css_ident(&a)))),
        Val::Num(n) => Ok(Cond::Pos(Pos::Nth(n as usize))),
        Val::Last => Ok(Cond::Pos(Pos::Last)),
        // `[text()]` / `[.]`: has some text.
        Val::Text => Ok(Cond::Text(TextMatch::Contains(String::new()), false)),
        other => Err(format!("{other:?} is not a condition")),
    }
}

/// Translate an XPath expression to CSS selectors (one per union member).
pub fn translate(xpath: &str) -> Result<Vec<Translated>, String> {
    let t = tokenize(xpath.trim())?;
    if t.is_empty() {
        return Err("empty expression".into());
    }
    if t[0] == Tok::LPar {
        return Err("a parenthesised path (e.g. `(//a)[1]`) is not supported".into());
    }
    let mut p = P { t, i: 0, depth: 0 };
    let mut out = Vec::new();
    loop {
        let (steps, attr) = p.path(false)?;
        let text = steps.last().map(|s| s.text.clone()).unwrap_or_default();
        // Callers compile (and so validate) the selector.
        let css = join(&steps);
        out.push(Translated { css, text, attr });
        if !p.eat(&Tok::Pipe) {
            break;
        }
    }
    if let Some(t) = p.peek() {
        return Err(format!("unexpected {t:?}"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn css(x: &str) -> String {
        let t = translate(x).unwrap_or_else(|e| panic!("{x}: {e}"));
        t.iter()
            .map(|t| t.css.clone())
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn matches(x: &str, html: &str) -> Vec<String> {
        let doc = scraper::Html::parse_document(html);
        let mut out = Vec::new();
        for t in translate(x).unwrap() {
            let s = scraper::Selector::parse(&t.css).unwrap();
            for el in doc.select(&s) {
                let text: String = el.text().collect();
                if t.text.iter().all(|(m, neg)| m.is_match(&text) != *neg) {
                    out.push(match &t.attr {
                        Some(a) => el.value().attr(a).unwrap_or("").to_string(),
                        None => text.trim().to_string(),
                    });
                }
            }
        }
        out
    }

    #[test]
    fn common_forms() {
        assert_eq!(css("//div[@class='x']"), "div[class=\"x\"]");
        assert_eq!(css("//div[@id='main']//p"), "div[id=\"main\"] p");
        assert_eq!(
            css("//div[contains(@class,'post-body')]"),
            "div[class*=\"post-body\"]"
        );
        assert_eq!(
            css("//*[contains(concat(' ',normalize-space(@class),' '),' entry ')]"),
            ".entry"
        );
        assert_eq!(css("//article/h1"), "article > h1");
        assert_eq!(css("//h1 | //h2[@class='t']"), "h1, h2[class=\"t\"]");
        assert_eq!(css("/html/body/div[2]"), "html > body > div:nth-of-type(2)");
        assert_eq!(css("//ul/li[last()]"), "ul > li:last-of-type");
        assert_eq!(css("//div[starts-with(@id,'ad-')]"), "div[id^=\"ad-\"]");
        assert_eq!(css("//div[@data-x]"), "div[data-x]");
        assert_eq!(
            css("//div[@class='a' or @id='b']"),
            "div:is([class=\"a\"], [id=\"b\"])"
        );
        assert_eq!(css("//div[not(@class)]"), "div:not([class])");
        assert_eq!(css("//div[.//img]"), "div:has(img)");
        assert_eq!(css("//figure[figcaption]"), "figure:has(> figcaption)");
        assert_eq!(css("//span[@class='x']/.."), ":has(> span[class=\"x\"])");
        assert_eq!(css("//h2/following-sibling::*[1]"), "h2 + *");
        assert_eq!(css("//h2/following-sibling::p"), "h2 ~ p");
        assert_eq!(css("id('content')//p"), "#content p");
        assert_eq!(css("//div[@a!='x']"), "div[a]:not([a=\"x\"])");
        assert_eq!(css("//descendant::section"), "section");
    }

    #[test]
    fn text_and_attribute_steps() {
        let html = r#"<html><head><meta property="og:title" content="The Title"></head>
            <body><div class="by">By Jane</div><div class="by">Other</div>
            <p id="x">One <b>two</b></p><a rel="next" href="/p/2">Next</a></body></html>"#;
        assert_eq!(
            matches("//meta[@property='og:title']/@content", html),
            ["The Title"]
        );
        assert_eq!(matches("//div[contains(., 'Jane')]", html), ["By Jane"]);
        assert_eq!(
            matches("//div[not(contains(text(), 'Jane'))]", html),
            ["Other"]
        );
        assert_eq!(matches("//div[text()='Other']", html), ["Other"]);
        assert_eq!(matches("//a[@rel='next']/@href", html), ["/p/2"]);
        assert_eq!(matches("//p[@id='x']/text()", html), ["One two"]);
    }

    #[test]
    fn unsupported_forms_are_errors() {
        for x in [
            "(//a)[1]",
            "//div[@class='x'][2]",
            "//a/ancestor::div",
            "//p/preceding-sibling::h2",
            "//div[count(p) > 2]",
            "//div[translate(@class,'ABC','abc')='x']",
            "//div[string-length(.) > 10]",
            "//div[contains(., 'x')]/p",
            "substring(//title, 1, 5)",
            "div",
            "//svg:svg",
            "//div[@*='x']",
            "",
        ] {
            assert!(translate(x).is_err(), "{x} should be unsupported");
        }
    }

    proptest::proptest! {
        /// Whatever a site config holds, translating it never panics.
        #[test]
        fn any_expression_translates_or_errs(x in "[/@\\[\\]()|.*=!<>,:'\"a-z0-9 -]{0,40}") {
            let _ = translate(&x);
        }
    }

    #[test]
    fn escapes_strings_and_idents() {
        assert_eq!(
            css(r#"//div[@title='say "hi"']"#),
            r#"div[title="say \"hi\""]"#
        );
        assert_eq!(
            css("//*[contains(concat(' ',normalize-space(@class),' '),' a:b ')]"),
            ".a\\3a b"
        );
        assert!(scraper::Selector::parse(&css("//*[@id='1x']")).is_ok());
    }
}
