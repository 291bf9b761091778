#[cfg(test)]
mod t {
    #[test]
    fn spans() {
        let src = "[scenario]\nname = \"x\"\n\n[[state]]\nid = \"PAK\"\npos = [1.5, { normal = [1, 2] }]\na.b.c = 3\n\n[[state]]\nid = \"IND\"\n\"q.k\" = 1_000\n";
        let t = toml::de::DeTable::parse(src).unwrap();
        fn show(src: &str, k: &str, v: &toml::Spanned<toml::de::DeValue<'_>>, d: usize) {
            let s = v.span();
            println!("{:d$}{k} @{:?} {:?}", "", s, &src[s.clone()], d = d * 2);
            match v.get_ref() {
                toml::de::DeValue::Table(t) => for (k2, v2) in t { println!("{:d$} key {:?} @{:?}", "", k2.get_ref(), k2.span(), d=d*2+2); show(src, k2.get_ref(), v2, d + 1) },
                toml::de::DeValue::Array(a) => for v2 in a.iter() { show(src, "[]", v2, d + 1) },
                _ => {}
            }
        }
        for (k, v) in t.get_ref() { println!("key {:?} @{:?}", k.get_ref(), k.span()); show(src, k.get_ref(), v, 0); }
        println!("{:?}", toml::de::DeTable::parse("a = 1\nb = [1,\nc=3").unwrap_err().span());
        println!("{:?}", toml::de::DeTable::parse("a = 1\na = 2\n").unwrap_err().message());
    }
}
