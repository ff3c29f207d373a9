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
    walk(CRATE, &file.items, src, &mut out)?;
    Ok(out)
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

fn empty_block() -> syn::Block {
    syn::Block {
        brace_token: Default::default(),
        stmts: Vec::new(),
    }
}

fn line(out: &mut String, path: &str, text: &str) {
    let _ = writeln!(out, "{path}: {text}");
}

fn walk(path: &str, items: &[Item], dir: &Path, out: &mut String) -> Result<()> {
    // Types no one outside can name: their methods are not part of the API.
    let private: Vec<String> = items
        .iter()
        .filter_map(|item| match item {
            Item::Struct(s) if !public(&s.vis) => Some(s.ident.to_string()),
            Item::Enum(e) if !public(&e.vis) => Some(e.ident.to_string()),
            _ => None,
        })
        .collect();
    for item in items {
        match item {
            Item::Mod(m) if public(&m.vis) && !test_only(&m.attrs) => {
                let name = m.ident.to_string();
                let inner = format!("{path}::{name}");
                line(out, path, &format!("pub mod {name}"));
                match &m.content {
                    Some((_, items)) => walk(&inner, items, &dir.join(&name), out)?,
                    None => {
                        let file: PathBuf = [dir.join(format!("{name}.rs")), dir.join(&name).join("mod.rs")]
                            .into_iter()
                            .find(|p| p.exists())
                            .with_context(|| format!("no file for module {inner}"))?;
                        walk(&inner, &parse(&file)?.items, &dir.join(&name), out)?;
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
                    let ty = &field.ty;
                    let text = one_line(syn::parse_quote!(type T = #ty;));
                    line(
                        out,
                        &inner,
                        &format!("pub {name}: {}", text.trim_start_matches("type T = ")),
                    );
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
                let self_ty = &i.self_ty;
                let ty_text = one_line(syn::parse_quote!(type T = #self_ty;));
                let ty_text = ty_text.trim_start_matches("type T = ");
                if private.iter().any(|p| p == ty_text) {
                    continue;
                }
                if i.trait_.is_some() {
                    // A trait implemented is part of the API, its methods are the trait's.
                    line(out, path, &one_line(Item::Impl(head)));
                    continue;
                }
                let inner = format!("{path}::{ty_text}");
                for ii in &i.items {
                    let mut ii = ii.clone();
                    match &mut ii {
                        ImplItem::Fn(f) if public(&f.vis) && !test_only(&f.attrs) => {
                            f.attrs = kept(&f.attrs);
                            f.block = empty_block();
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
    }
    Ok(())
}

/// The names the crate root re-exports (the surface for reusers) that no example in the
/// crate's documentation uses: each should have one.
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
    let mut code = String::new();
    for entry in walk_files(src)? {
        let text = std::fs::read_to_string(&entry)?;
        let mut inside = false;
        for l in text.lines() {
            let Some(doc) = l
                .trim_start()
                .strip_prefix("///")
                .or_else(|| l.trim_start().strip_prefix("//!"))
            else {
                continue;
            };
            let doc = doc.trim();
            if let Some(lang) = doc.strip_prefix("```") {
                inside = !inside && (lang.is_empty() || lang.starts_with("rust") || lang.starts_with("no_run"));
                continue;
            }
            if inside {
                code.push_str(doc.trim_start_matches("# "));
                code.push('\n');
            }
        }
    }
    let used = |name: &str| {
        code.match_indices(name).any(|(at, _)| {
            let before = code[..at]
                .chars()
                .next_back()
                .is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
            let after = code[at + name.len()..]
                .chars()
                .next()
                .is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
            before && after
        })
    };
    Ok(names.into_iter().filter(|n| !used(n)).collect())
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
        assert!(missing.is_empty(), "no doctest uses: {missing:?}");
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
";
        assert_eq!(text, expected);
    }
}
