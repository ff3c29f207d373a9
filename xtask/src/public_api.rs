//! The public API of `postern-domain`, one line per item, read from its source: every public
//! module, re-export, function, type (with its derives and public fields or variants), trait
//! (with its methods), constant, inherent method and trait implementation.
//!
//! `cargo xtask public-api` writes it to `crates/domain/public-api.txt`; `cargo xtask test`
//! (and the test below) fail when the source and the record differ, so that a change to what
//! reusers build on shows in review as a change to that file.
//!
//! It reads the source rather than rustdoc's JSON, which is unstable (nightly only) and
//! changes format between toolchains; the source says what a reader sees.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use syn::{Attribute, Fields, ImplItem, Item, TraitItem, Visibility};

/// The crate listed, and where its record is kept, relative to the workspace root.
pub(crate) const SOURCE: &str = "crates/domain/src";
/// The record.
pub(crate) const RECORD: &str = "crates/domain/public-api.txt";
const CRATE: &str = "postern_domain";

const HEADER: &str = "# The public API of postern-domain, one line per item (written by `cargo xtask public-api`;\n\
# `cargo xtask test` fails when the source differs). The surface for reusers is what the\n\
# crate root re-exports (see the crate's documentation); the rest is Postern's own.\n";

/// The listing of the crate whose `lib.rs` is in `src`.
pub(crate) fn listing(src: &Path) -> Result<String> {
    let mut out = String::from(HEADER);
    let file = parse(&src.join("lib.rs"))?;
    // Items of private modules count when a `pub use` anywhere re-exports them.
    let mut reexported = Vec::new();
    for path in walk_files(src)? {
        collect_reexports(&parse(&path)?.items, &mut reexported);
    }
    let walker = Walker { reexported };
    walker.walk(CRATE, &file.items, src, true, &mut out)?;
    Ok(out)
}

fn collect_reexports(items: &[Item], out: &mut Vec<String>) {
    for item in items {
        match item {
            Item::Use(u) if public(&u.vis) => collect_names(&u.tree, out),
            Item::Mod(m) => {
                if let Some((_, items)) = &m.content {
                    collect_reexports(items, out);
                }
            }
            _ => {}
        }
    }
}

/// The last name of a type as written (`Foo<T>` → `Foo`).
fn type_name(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

/// The items a local `macro_rules!` with one rule makes, for an invocation: each `$name:ident`
/// of the rule takes the invocation's next name, repetitions (the documentation passed in) are
/// left out. `None` when the macro is of another shape.
fn expand(rule: &syn::ItemMacro, call: &syn::ItemMacro) -> Option<Vec<Item>> {
    use proc_macro2::{Group, TokenStream, TokenTree};
    let mut rules = rule.mac.tokens.clone().into_iter();
    let (
        Some(TokenTree::Group(pattern)),
        Some(TokenTree::Punct(_)),
        Some(TokenTree::Punct(_)),
        Some(TokenTree::Group(body)),
    ) = (rules.next(), rules.next(), rules.next(), rules.next())
    else {
        return None;
    };
    // The pattern's `$x:ident` fragments, in order.
    let pattern: Vec<TokenTree> = pattern.stream().into_iter().collect();
    let mut fragments = Vec::new();
    for w in pattern.windows(4) {
        if let [
            TokenTree::Punct(d),
            TokenTree::Ident(name),
            TokenTree::Punct(c),
            TokenTree::Ident(kind),
        ] = w
            && d.as_char() == '$'
            && c.as_char() == ':'
            && kind == "ident"
        {
            fragments.push(name.to_string());
        }
    }
    // The invocation's names, leaving out attributes (`#[doc = …]`) and separators.
    let call: Vec<TokenTree> = call.mac.tokens.clone().into_iter().collect();
    let mut names = Vec::new();
    let mut i = 0;
    while i < call.len() {
        match &call[i] {
            TokenTree::Punct(p) if p.as_char() == '#' => i += 1,
            TokenTree::Ident(name) => names.push(name.clone()),
            _ => {}
        }
        i += 1;
    }
    if names.len() != fragments.len() {
        return None;
    }
    fn substitute(stream: TokenStream, fragments: &[String], names: &[proc_macro2::Ident]) -> TokenStream {
        let tokens: Vec<TokenTree> = stream.into_iter().collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            match (&tokens[i], tokens.get(i + 1)) {
                (TokenTree::Punct(d), Some(TokenTree::Ident(name))) if d.as_char() == '$' => {
                    if let Some(n) = fragments.iter().position(|f| name == f) {
                        out.push(TokenTree::Ident(names[n].clone()));
                    }
                    i += 2;
                }
                (TokenTree::Punct(d), Some(TokenTree::Group(_))) if d.as_char() == '$' => {
                    // A repetition: `$( … )` and its `*`, `+` or `?`.
                    i += 2;
                    if matches!(tokens.get(i), Some(TokenTree::Punct(p)) if matches!(p.as_char(), '*' | '+' | '?')) {
                        i += 1;
                    }
                }
                (TokenTree::Group(g), _) => {
                    let mut inner = Group::new(g.delimiter(), substitute(g.stream(), fragments, names));
                    inner.set_span(g.span());
                    out.push(TokenTree::Group(inner));
                    i += 1;
                }
                (t, _) => {
                    out.push(t.clone());
                    i += 1;
                }
            }
        }
        out.into_iter().collect()
    }
    let expanded = substitute(body.stream(), &fragments, &names);
    syn::parse2::<syn::File>(expanded).ok().map(|f| f.items)
}

/// Writes the record (`cargo xtask public-api`).
pub(crate) fn write(root: &Path) -> Result<()> {
    let text = listing(&root.join(SOURCE))?;
    std::fs::write(root.join(RECORD), text).with_context(|| format!("writing {RECORD}"))?;
    eprintln!("xtask: {RECORD} written");
    Ok(())
}

/// Fails, naming the lines that differ, when the record is not the source's listing.
pub(crate) fn check(root: &Path) -> Result<()> {
    let now = listing(&root.join(SOURCE))?;
    let recorded = std::fs::read_to_string(root.join(RECORD)).with_context(|| format!("reading {RECORD}"))?;
    if now == recorded {
        return Ok(());
    }
    let old: Vec<&str> = recorded.lines().collect();
    let new: Vec<&str> = now.lines().collect();
    let mut diff = String::new();
    for line in old.iter().filter(|l| !new.contains(l)) {
        let _ = writeln!(diff, "- {line}");
    }
    for line in new.iter().filter(|l| !old.contains(l)) {
        let _ = writeln!(diff, "+ {line}");
    }
    if diff.is_empty() {
        diff.push_str("(the same lines in another order)\n");
    }
    bail!(
        "the public API of postern-domain changed; if that is meant, run `cargo xtask public-api` and commit {RECORD}:\n{diff}"
    )
}

fn parse(path: &Path) -> Result<syn::File> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    syn::parse_file(&text).with_context(|| format!("parsing {}", path.display()))
}

fn public(vis: &Visibility) -> bool {
    matches!(vis, Visibility::Public(_))
}

/// Whether the item is compiled only for tests.
fn test_only(attrs: &[Attribute]) -> bool {
    attrs
        .iter()
        .any(|a| a.path().is_ident("cfg") && a.parse_args::<syn::Meta>().is_ok_and(|m| m.path().is_ident("test")))
}

/// The attributes that are part of the API (derives, `non_exhaustive`, conditions, …), as
/// written; documentation is not.
fn kept(attrs: &[Attribute]) -> Vec<Attribute> {
    attrs
        .iter()
        .filter(|a| {
            [
                "derive",
                "non_exhaustive",
                "cfg",
                "cfg_attr",
                "repr",
                "deprecated",
                "must_use",
            ]
            .iter()
            .any(|k| a.path().is_ident(k))
        })
        .cloned()
        .collect()
}

/// `item` as rustfmt-like text on one line, without its body.
fn one_line(item: Item) -> String {
    let text = prettyplease::unparse(&syn::File {
        shebang: None,
        attrs: Vec::new(),
        items: vec![item],
    });
    let flat = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace("( ", "(")
        .replace(", )", ")");
    flat.trim_end_matches("{}").trim_end_matches(';').trim().to_owned()
}

/// The text between the braces of a one-member container rendered by [`one_line`].
fn member(container: Item) -> String {
    let text = one_line(container);
    let inner = text.split_once('{').map_or("", |(_, rest)| rest).trim_end();
    let inner = inner.strip_suffix('}').unwrap_or(inner).trim();
    inner
        .trim_end_matches("{}")
        .trim_end()
        .trim_end_matches([';', ','])
        .trim()
        .to_owned()
}

/// A signature as callers see it: `mut` on a parameter is the body's business.
fn clean(sig: &mut syn::Signature) {
    for input in &mut sig.inputs {
        if let syn::FnArg::Typed(t) = input
            && let syn::Pat::Ident(p) = t.pat.as_mut()
        {
            p.mutability = None;
        }
    }
}

/// A type as written, on one line.
fn type_text(ty: &syn::Type) -> String {
    let text = one_line(syn::parse_quote!(type T = #ty;));
    text.trim_start_matches("type T = ").to_owned()
}

fn empty_block() -> syn::Block {
    syn::Block {
        brace_token: Default::default(),
        stmts: Vec::new(),
    }
}

fn line(out: &mut String, path: &str, text: &str) {
    let _ = writeln!(out, "{path}: {text}");
}

/// Walks the modules, knowing which names are re-exported.
struct Walker {
    reexported: Vec<String>,
}

impl Walker {
    /// Lists `items` of the module `path`. In a private module (`open` false) only what a
    /// `pub use` re-exports is listed (under the module's own path).
    fn walk(&self, path: &str, items: &[Item], dir: &Path, open: bool, out: &mut String) -> Result<()> {
        // Types no one outside can name: their methods are not part of the API.
        let private: Vec<String> = items
            .iter()
            .filter_map(|item| match item {
                Item::Struct(s) if !public(&s.vis) => Some(s.ident.to_string()),
                Item::Enum(e) if !public(&e.vis) => Some(e.ident.to_string()),
                _ => None,
            })
            .collect();
        let macros: Vec<&syn::ItemMacro> = items
            .iter()
            .filter_map(|item| match item {
                Item::Macro(m) if m.ident.is_some() => Some(m),
                _ => None,
            })
            .collect();
        let shown = |ident: &syn::Ident| open || self.reexported.iter().any(|n| ident == n);
        for item in items {
            let named = match item {
                Item::Fn(f) => Some(&f.sig.ident),
                Item::Const(c) => Some(&c.ident),
                Item::Static(st) => Some(&st.ident),
                Item::Type(t) => Some(&t.ident),
                Item::Struct(st) => Some(&st.ident),
                Item::Enum(e) => Some(&e.ident),
                Item::Trait(t) => Some(&t.ident),
                _ => None,
            };
            if named.is_some_and(|n| !shown(n)) {
                continue;
            }
            if let Item::Impl(i) = item
                && !open
                && !type_name(&i.self_ty).is_some_and(|n| self.reexported.contains(&n))
            {
                continue;
            }
            self.one(path, item, dir, open, &private, &macros, out)?;
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments, clippy::too_many_lines)]
    fn one(
        &self,
        path: &str,
        item: &Item,
        dir: &Path,
        open: bool,
        private: &[String],
        macros: &[&syn::ItemMacro],
        out: &mut String,
    ) -> Result<()> {
        match item {
            Item::Mod(m) if !test_only(&m.attrs) && !matches!(m.vis, Visibility::Restricted(_)) => {
                let name = m.ident.to_string();
                let inner = format!("{path}::{name}");
                let is_open = open && public(&m.vis);
                if is_open {
                    line(out, path, &format!("pub mod {name}"));
                }
                match &m.content {
                    Some((_, items)) => self.walk(&inner, items, &dir.join(&name), is_open, out)?,
                    None => {
                        let file: PathBuf = [dir.join(format!("{name}.rs")), dir.join(&name).join("mod.rs")]
                            .into_iter()
                            .find(|p| p.exists())
                            .with_context(|| format!("no file for module {inner}"))?;
                        self.walk(&inner, &parse(&file)?.items, &dir.join(&name), is_open, out)?;
                    }
                }
            }
            Item::Macro(call) if call.ident.is_none() => {
                let called = call.mac.path.segments.last().map(|s| s.ident.to_string());
                if let Some(rule) = macros
                    .iter()
                    .find(|m| m.ident.as_ref().map(ToString::to_string) == called)
                    && let Some(items) = expand(rule, call)
                {
                    for item in &items {
                        self.one(path, item, dir, open, private, macros, out)?;
                    }
                }
            }
            Item::Use(u) if public(&u.vis) => {
                let mut u = u.clone();
                u.attrs.retain(|a| !a.path().is_ident("doc"));
                line(out, path, &one_line(Item::Use(u)));
            }
            Item::Fn(f) if public(&f.vis) && !test_only(&f.attrs) => {
                let mut f = f.clone();
                f.attrs = kept(&f.attrs);
                f.block = Box::new(empty_block());
                clean(&mut f.sig);
                line(out, path, &one_line(Item::Fn(f)));
            }
            Item::Const(c) if public(&c.vis) && !test_only(&c.attrs) => {
                let mut c = c.clone();
                c.attrs = kept(&c.attrs);
                // The value is not part of the signature; the type is.
                c.expr = Box::new(syn::parse_quote!(..));
                line(out, path, &one_line(Item::Const(c)));
            }
            Item::Static(s) if public(&s.vis) => {
                let mut s = s.clone();
                s.attrs = kept(&s.attrs);
                s.expr = Box::new(syn::parse_quote!(..));
                line(out, path, &one_line(Item::Static(s)));
            }
            Item::Type(t) if public(&t.vis) => {
                let mut t = t.clone();
                t.attrs = kept(&t.attrs);
                line(out, path, &one_line(Item::Type(t)));
            }
            Item::Struct(s) if public(&s.vis) && !test_only(&s.attrs) => {
                let mut head = s.clone();
                head.attrs = kept(&s.attrs);
                let fields = std::mem::replace(&mut head.fields, Fields::Unit);
                head.semi_token = Some(Default::default());
                let inner = format!("{path}::{}", s.ident);
                line(out, path, &one_line(Item::Struct(head.clone())));
                for (n, field) in fields.iter().enumerate().filter(|(_, f)| public(&f.vis)) {
                    let mut field = field.clone();
                    field.attrs = kept(&field.attrs);
                    let name = field.ident.as_ref().map_or_else(|| n.to_string(), ToString::to_string);
                    line(out, &inner, &format!("pub {name}: {}", type_text(&field.ty)));
                }
            }
            Item::Enum(e) if public(&e.vis) && !test_only(&e.attrs) => {
                let mut head = e.clone();
                head.attrs = kept(&e.attrs);
                head.variants.clear();
                line(out, path, &one_line(Item::Enum(head.clone())));
                let inner = format!("{path}::{}", e.ident);
                for v in &e.variants {
                    let mut v = v.clone();
                    v.attrs = kept(&v.attrs);
                    v.discriminant = None;
                    for f in v.fields.iter_mut() {
                        f.attrs = kept(&f.attrs);
                    }
                    let mut one = head.clone();
                    one.variants.push(v);
                    line(out, &inner, &member(Item::Enum(one)));
                }
            }
            Item::Trait(t) if public(&t.vis) && !test_only(&t.attrs) => {
                let mut head = t.clone();
                head.attrs = kept(&t.attrs);
                head.items.clear();
                line(out, path, &one_line(Item::Trait(head.clone())));
                let inner = format!("{path}::{}", t.ident);
                for ti in &t.items {
                    let mut ti = ti.clone();
                    match &mut ti {
                        TraitItem::Fn(f) => {
                            f.attrs = kept(&f.attrs);
                            f.default = None;
                            f.semi_token = Some(Default::default());
                        }
                        TraitItem::Const(c) => {
                            c.attrs = kept(&c.attrs);
                            c.default = None;
                        }
                        TraitItem::Type(ty) => {
                            ty.attrs = kept(&ty.attrs);
                            ty.default = None;
                        }
                        _ => continue,
                    }
                    let mut one = head.clone();
                    one.items.push(ti);
                    line(out, &inner, &member(Item::Trait(one)));
                }
            }
            Item::Impl(i) if !test_only(&i.attrs) => {
                let mut head = i.clone();
                head.attrs = kept(&i.attrs);
                head.items.clear();
                let ty_text = type_text(&i.self_ty);
                if private.contains(&ty_text) {
                    return Ok(());
                }
                if i.trait_.is_some() {
                    // A trait implemented is part of the API, its methods are the trait's.
                    line(out, path, &one_line(Item::Impl(head)));
                    return Ok(());
                }
                let inner = format!("{path}::{ty_text}");
                for ii in &i.items {
                    let mut ii = ii.clone();
                    match &mut ii {
                        ImplItem::Fn(f) if public(&f.vis) && !test_only(&f.attrs) => {
                            f.attrs = kept(&f.attrs);
                            f.block = empty_block();
                            clean(&mut f.sig);
                        }
                        ImplItem::Const(c) if public(&c.vis) => {
                            c.attrs = kept(&c.attrs);
                            c.expr = syn::parse_quote!(..);
                        }
                        _ => continue,
                    }
                    let mut one = head.clone();
                    one.items.push(ii);
                    line(out, &inner, &member(Item::Impl(one)));
                }
            }
            Item::Macro(m) if m.attrs.iter().any(|a| a.path().is_ident("macro_export")) => {
                let name = m.ident.as_ref().map_or_else(String::new, ToString::to_string);
                line(out, CRATE, &format!("macro_rules! {name}"));
            }
            _ => {}
        }
        Ok(())
    }
}

/// The names the crate root re-exports (the surface for reusers) that have no example of
/// their own: no code block in the type's documentation nor in that of one of its methods.
pub(crate) fn without_examples(src: &Path) -> Result<Vec<String>> {
    let root = parse(&src.join("lib.rs"))?;
    let mut names = Vec::new();
    for item in &root.items {
        if let Item::Use(u) = item
            && public(&u.vis)
        {
            collect_names(&u.tree, &mut names);
        }
    }
    let mut with_examples = Vec::new();
    for path in walk_files(src)? {
        examples_in(&parse(&path)?.items, &mut with_examples);
    }
    Ok(names.into_iter().filter(|n| !with_examples.contains(n)).collect())
}

/// Whether documentation holds a code block (a doctest; `text` blocks are not run).
fn has_example(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("doc")
            && matches!(&a.meta, syn::Meta::NameValue(nv)
                if matches!(&nv.value, syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. })
                    if s.value().trim().strip_prefix("```").is_some_and(|lang| lang.is_empty() || lang.starts_with("rust") || lang.starts_with("no_run"))))
    })
}

/// The names of the items in `items` (types, traits, functions) whose own documentation, or a
/// method's, holds an example.
fn examples_in(items: &[Item], out: &mut Vec<String>) {
    for item in items {
        let (name, attrs) = match item {
            Item::Struct(s) => (s.ident.to_string(), &s.attrs),
            Item::Enum(e) => (e.ident.to_string(), &e.attrs),
            Item::Trait(t) => (t.ident.to_string(), &t.attrs),
            Item::Fn(f) => (f.sig.ident.to_string(), &f.attrs),
            Item::Impl(i) if i.trait_.is_none() => {
                let documented = i
                    .items
                    .iter()
                    .any(|ii| matches!(ii, ImplItem::Fn(f) if has_example(&f.attrs)));
                if documented && let Some(name) = type_name(&i.self_ty) {
                    out.push(name);
                }
                continue;
            }
            Item::Mod(m) => {
                if let Some((_, items)) = &m.content {
                    examples_in(items, out);
                }
                continue;
            }
            _ => continue,
        };
        if has_example(attrs) {
            out.push(name);
        }
    }
}

fn collect_names(tree: &syn::UseTree, out: &mut Vec<String>) {
    match tree {
        syn::UseTree::Path(p) => collect_names(&p.tree, out),
        syn::UseTree::Name(n) => out.push(n.ident.to_string()),
        syn::UseTree::Rename(r) => out.push(r.rename.to_string()),
        syn::UseTree::Group(g) => g.items.iter().for_each(|t| collect_names(t, out)),
        syn::UseTree::Glob(_) => {}
    }
}

fn walk_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            out.extend(walk_files(&path)?);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_the_crate_root_offers_has_a_runnable_example() {
        let missing = without_examples(&crate::root().join(SOURCE)).unwrap();
        assert!(missing.is_empty(), "no example of their own: {missing:?}");
    }

    fn listed(source: &str) -> String {
        let dir = std::env::temp_dir().join(format!("public-api-{}-{}", std::process::id(), source.len()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("lib.rs"), source).unwrap();
        let text = listing(&dir).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        text.trim_start_matches(HEADER).to_owned()
    }

    #[test]
    fn the_record_is_the_listing_of_the_source() {
        check(&crate::root()).unwrap();
    }

    #[test]
    fn public_items_are_listed_with_their_signatures_and_private_ones_are_not() {
        let text = listed(
            r#"
            /// Doc.
            #[derive(Debug, Clone)]
            #[non_exhaustive]
            pub struct Shown { pub name: String, hidden: u8 }
            struct Hidden;
            pub(crate) fn internal() {}
            pub enum Choice { A, B(u32), C { at: u64 } }
            pub trait Port: Send { fn ask(&self, q: &str) -> Result<u8, String> { Ok(0) } }
            impl Shown {
                /// Makes one.
                pub fn new(name: &str) -> Self { Self { name: name.into(), hidden: 0 } }
                fn private(&self) {}
            }
            impl std::fmt::Display for Shown { fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { Ok(()) } }
            pub const MOST: usize = 10;
            pub mod inner { pub fn f<T: Clone>(t: T) -> T { t } }
            #[cfg(test)]
            pub mod tests { pub fn t() {} }
            pub use inner::f;
            mod hidden { pub struct Shared; pub struct Kept; impl Shared { pub fn f(&self, mut n: u8) {} } }
            pub use hidden::Shared;
            macro_rules! make {
                ($(#[$doc:meta])* $name:ident) => { $(#[$doc])* pub struct $name; impl $name { pub fn new() -> Self { Self } } };
            }
            make!(
                /// Documented.
                Made
            );
            "#,
        );
        let expected = "\
postern_domain: #[derive(Debug, Clone)] #[non_exhaustive] pub struct Shown
postern_domain::Shown: pub name: String
postern_domain: pub enum Choice
postern_domain::Choice: A
postern_domain::Choice: B(u32)
postern_domain::Choice: C { at: u64 }
postern_domain: pub trait Port: Send
postern_domain::Port: fn ask(&self, q: &str) -> Result<u8, String>
postern_domain::Shown: pub fn new(name: &str) -> Self
postern_domain: impl std::fmt::Display for Shown
postern_domain: pub const MOST: usize = ..
postern_domain: pub mod inner
postern_domain::inner: pub fn f<T: Clone>(t: T) -> T
postern_domain: pub use inner::f
postern_domain::hidden: pub struct Shared
postern_domain::hidden::Shared: pub fn f(&self, n: u8)
postern_domain: pub use hidden::Shared
postern_domain: pub struct Made
postern_domain::Made: pub fn new() -> Self
";
        assert_eq!(text, expected);
    }
}
