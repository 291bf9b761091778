//! Snapshots of the Markdown, CSV and HTML renderings of one small, fixed
//! report: three states, a defence pact, a supply link, two variants, and
//! two hand-written paired comparisons with a finding.
//!
//! The figures come from `casus_runner` on a fixed seed, so they are the
//! same on every machine and thread count; a change in a snapshot is a
//! change in the model or in the renderer, to be reviewed
//! (`cargo insta review`, or `INSTA_UPDATE=always cargo test` and `git diff`).
//! The HTML is snapshotted in an abridged form (see [`outline`]): its
//! structure, labels and numbers, not its drawing coordinates.

use casus_core::model::{LinkKind, PactKind, Scenario};
use casus_core::testing::{link, pact, relate, scenario, state};
use casus_report::{Comparison, Finding, Format, Report, ScenarioRef};
use casus_runner::{RunConfig, estimate::figures, run::run};

/// Three states; `AAA` attacks `BBB`, which `CCC` may defend and arms;
/// `AAA` sells `CCC` components.
fn crisis(with_pact: bool) -> Scenario {
    let mut s = scenario(vec![
        state("AAA", 12.0, [30.0, 70.0]),
        state("BBB", 8.0, [30.0, 75.0]),
        state("CCC", 9.0, [33.0, 76.0]),
    ]);
    s.crisis.assume_attack = true;
    relate(&mut s, 1, 2, 0.6);
    relate(&mut s, 0, 2, -0.4);
    if with_pact {
        s.pacts.push(pact("b-c", PactKind::Defense, &[1, 2]));
    }
    for (from, to, kind, share) in [
        (2, 1, LinkKind::Arms, 0.3),
        (0, 2, LinkKind::Components, 0.2),
    ] {
        let l = link(from, to, kind, share, &s);
        s.links.push(l);
    }
    s
}

/// The fixed report: variants `base` (with the pact) and `no-pact`.
fn fixed_report() -> Report {
    let cfg = RunConfig {
        seed: 7,
        trials: 2000,
        threads: Some(2),
    };
    let variants = [("base", crisis(true)), ("no-pact", crisis(false))]
        .iter()
        .map(|(name, s)| figures(name, s, &run(s, &cfg), 0.95))
        .collect();
    let mut r = Report::new(
        ScenarioRef {
            name: "snapshot <crisis> & co".into(),
            file: "tests/snapshot.toml".into(),
            sha256: "0123456789abcdef".repeat(4),
        },
        7,
        0.95,
        variants,
    );
    // Not tied to the version being released.
    r.casus_version = "0.0.0-snapshot".into();
    r.comparisons = vec![
        Comparison {
            a: "base".into(),
            b: "no-pact".into(),
            metric: "outcomes.deterred".into(),
            diff: -0.0125,
            lo: -0.018,
            hi: -0.007,
            p_value: 2.5e-5,
            test: "mcnemar-chi2".into(),
            unpaired: Some([-0.032, 0.007]),
            significant: true,
        },
        Comparison {
            a: "base".into(),
            b: "no-pact".into(),
            metric: "states.CCC.fights".into(),
            diff: -0.25,
            lo: -0.27,
            hi: -0.23,
            p_value: 1e-90,
            test: "mcnemar-chi2".into(),
            unpaired: Some([-0.28, -0.22]),
            significant: true,
        },
    ];
    r.findings = vec![Finding {
        theme: "chain-ganging".into(),
        metric: "states.CCC.fights".into(),
        text: "chain-ganging: P(CCC fights) falls without the pact `b-c`".into(),
    }];
    r
}

#[test]
fn markdown_report() {
    insta::assert_snapshot!(fixed_report().render(Format::Markdown));
}

#[test]
fn csv_report() {
    insta::assert_snapshot!(fixed_report().render(Format::Csv));
}

#[test]
fn html_report_outline() {
    let html = fixed_report().render(Format::Html);
    insta::assert_snapshot!(outline(&html));
}

/// A parsed element of the page.
struct Element {
    name: String,
    attrs: String,
    children: Vec<Node>,
}

enum Node {
    Element(Element),
    Text(String),
}

const VOID: [&str; 4] = ["meta", "br", "img", "link"];
const INLINE: [&str; 6] = ["a", "b", "code", "span", "sub", "abbr"];
const KEPT_ATTRS: [&str; 10] = [
    "id",
    "class",
    "role",
    "aria-label",
    "aria-labelledby",
    "lang",
    "scope",
    "href",
    "http-equiv",
    "name",
];

/// Parses the renderer's own (well-formed) HTML into a tree.
fn parse(html: &str) -> Vec<Node> {
    let mut stack: Vec<Element> = vec![Element {
        name: String::new(),
        attrs: String::new(),
        children: Vec::new(),
    }];
    let mut rest = html;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("<!") {
            rest = &after[after.find('>').expect("closed declaration") + 1..];
        } else if let Some(after) = rest.strip_prefix("</") {
            let end = after.find('>').expect("closed tag");
            let done = stack.pop().expect("open element");
            assert_eq!(done.name, &after[..end], "mismatched tags");
            stack
                .last_mut()
                .expect("parent")
                .children
                .push(Node::Element(done));
            rest = &after[end + 1..];
        } else if let Some(after) = rest.strip_prefix('<') {
            let end = after.find('>').expect("closed tag");
            let tag = &after[..end];
            let self_closing = tag.ends_with('/');
            let tag = tag.trim_end_matches('/');
            let (name, attrs) = tag.split_once(' ').unwrap_or((tag, ""));
            let el = Element {
                name: name.to_string(),
                attrs: attrs.to_string(),
                children: Vec::new(),
            };
            rest = &after[end + 1..];
            if self_closing || VOID.contains(&name) {
                stack
                    .last_mut()
                    .expect("parent")
                    .children
                    .push(Node::Element(el));
            } else if name == "style" {
                let close = rest.find("</style>").expect("closed style");
                rest = &rest[close + "</style>".len()..];
                stack
                    .last_mut()
                    .expect("parent")
                    .children
                    .push(Node::Element(el));
            } else {
                stack.push(el);
            }
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            stack
                .last_mut()
                .expect("parent")
                .children
                .push(Node::Text(rest[..end].to_string()));
            rest = &rest[end..];
        }
    }
    assert_eq!(stack.len(), 1, "unclosed elements");
    stack.pop().expect("root").children
}

/// The value of attribute `name` in a tag's attribute text.
fn attr<'a>(attrs: &'a str, name: &str) -> Option<&'a str> {
    let key = format!("{name}=\"");
    let mut from = 0;
    while let Some(i) = attrs[from..].find(&key) {
        let at = from + i;
        if at == 0 || attrs.as_bytes()[at - 1] == b' ' {
            let v = &attrs[at + key.len()..];
            return v.find('"').map(|e| &v[..e]);
        }
        from = at + key.len();
    }
    None
}

/// All text under a node, whitespace collapsed, `<title>` tooltips left out.
fn text(nodes: &[Node]) -> String {
    let mut o = String::new();
    for n in nodes {
        match n {
            Node::Text(t) => o.push_str(t),
            Node::Element(e) if e.name == "title" => {}
            Node::Element(e) => o.push_str(&text(&e.children)),
        }
    }
    o.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn elements<'a>(nodes: &'a [Node], out: &mut Vec<&'a Element>) {
    for n in nodes {
        if let Node::Element(e) = n {
            out.push(e);
            elements(&e.children, out);
        }
    }
}

/// The abridged page: one line per block element (with its identifying
/// attributes and, when it holds only text, that text), one line per table
/// row, and for each chart its title, description, the texts it shows and
/// how many marks it draws — not their coordinates.
fn outline(html: &str) -> String {
    let mut o = String::new();
    for n in parse(html) {
        node(&n, 0, &mut o);
    }
    o
}

fn node(n: &Node, depth: usize, o: &mut String) {
    let pad = "  ".repeat(depth);
    let e = match n {
        Node::Text(t) => {
            let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
            if !t.is_empty() {
                o.push_str(&format!("{pad}\"{t}\"\n"));
            }
            return;
        }
        Node::Element(e) => e,
    };
    let mut head = format!("{pad}{}", e.name);
    for a in KEPT_ATTRS {
        if let Some(v) = attr(&e.attrs, a) {
            head.push_str(&format!(" {a}=\"{v}\""));
        }
    }
    match e.name.as_str() {
        "style" => o.push_str(&format!("{head} …\n")),
        "svg" => {
            o.push_str(&format!("{head}\n"));
            let mut all = Vec::new();
            elements(&e.children, &mut all);
            let find = |n: &str| all.iter().find(|x| x.name == n).map(|x| text(&x.children));
            let texts: Vec<String> = all
                .iter()
                .filter(|x| x.name == "text")
                .map(|x| text(&x.children))
                .collect();
            let marks = all
                .iter()
                .filter(|x| {
                    ["path", "circle", "rect", "polygon", "polyline", "line"]
                        .contains(&x.name.as_str())
                })
                .count();
            o.push_str(&format!(
                "{pad}  title: {}\n",
                find("title").unwrap_or_default()
            ));
            o.push_str(&format!(
                "{pad}  desc: {}\n",
                find("desc").unwrap_or_default()
            ));
            o.push_str(&format!("{pad}  texts: {}\n", texts.join(" | ")));
            o.push_str(&format!("{pad}  marks: {marks}\n"));
        }
        "tr" => {
            let cells: Vec<String> = e
                .children
                .iter()
                .filter_map(|c| match c {
                    Node::Element(c) => Some(text(&c.children)),
                    Node::Text(_) => None,
                })
                .collect();
            o.push_str(&format!("{pad}tr: {}\n", cells.join(" | ")));
        }
        _ => {
            let inline_only = e.children.iter().all(|c| match c {
                Node::Text(_) => true,
                Node::Element(c) => INLINE.contains(&c.name.as_str()),
            });
            if inline_only {
                let t = text(&e.children);
                if t.is_empty() {
                    o.push_str(&format!("{head}\n"));
                } else {
                    o.push_str(&format!("{head}: {t}\n"));
                }
            } else {
                o.push_str(&format!("{head}\n"));
                for c in &e.children {
                    node(c, depth + 1, o);
                }
            }
        }
    }
}

#[test]
fn the_outline_parser_reads_nested_and_void_elements() {
    let html = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><style>p{}</style></head>\
        <body><p id=\"x\">a <code>b</code> c</p><table><tr><th>h</th><td>1</td></tr></table>\
        <svg role=\"img\"><title>T</title><desc>D</desc><text x=\"1\">lab<title>tip</title></text><path d=\"M0 0\"/></svg></body></html>";
    assert_eq!(
        outline(html),
        "html lang=\"en\"\n  head\n    meta\n    style …\n  body\n    p id=\"x\": a b c\n    table\n      tr: h | 1\n    svg role=\"img\"\n      title: T\n      desc: D\n      texts: lab\n      marks: 1\n"
    );
}
