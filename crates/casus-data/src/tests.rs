//! Unit tests on small inline fixtures (made-up figures, real layouts).

use crate::{Inputs, Request, Table, codes, generate, parse_years};

const NMC: &str = "\
ccode,year,milex,milper,irst,pec,tpop,upop,cinc
750.0,2021.0,76598,1460,118,1000,1400000,480000,0.099
750.0,2022.0,81363.0,1464.0,125.0,1100.0,1417173.0,500000.0,0.0993968
770.0,2022.0,10334.0,654.0,6.0,120.0,235825.0,90000.0,0.0176838
710.0,2022.0,291958.0,2035.0,1018.0,4000.0,1425887.0,900000.0,0.2340966
700.0,2022.0,,170.0,0.0,3.0,41129.0,11000.0,0.0029121
";

const CAPITALS: &str = "\
ccode,statenme,capital,stdate,enddate,lat,lng
750.0,India,New Delhi,1947-08-15,2024-12-31,28.6431,77.2193
770.0,Pakistan,Karachi,1947-08-14,1967-08-13,24.86,67.01
770.0,Pakistan,Islamabad,1967-08-14,2024-12-31,33.6938,73.0652
710.0,China,Beijing,1949-10-01,2024-12-31,40.1906,116.4121
700.0,Afghanistan,Kabul,1919-05-01,2024-12-31,34.5266,69.1849
";

const ATOP_MEMBERS: &str = "\
atopid,member,yrent,yrexit,phase,bilat,defense,offense,neutral,nonagg,consul,defcoadv,defcoloc,statthr1,statthr2,asymm
5060,710,2005,0,1,1,0,0,0,1,1,0,0,0,0,0
5060,770,2005,0,1,1,0,0,0,1,1,0,0,0,0,0
3355,2,1959,0,1,1,1,0,0,0,1,1,0,365,,1
3355,770,1959,0,1,1,0,0,0,0,1,0,0,365,,1
4810,710,1996,0,1,0,0,0,0,1,1,0,0,0,0,0
4810,750,2017,0,1,0,0,0,0,1,1,0,0,0,0,0
4810,770,2017,0,1,0,0,0,0,1,1,0,0,0,0,0
4810,365,1996,0,1,0,0,0,0,1,1,0,0,0,0,0
9999,750,1990,2000,1,1,1,0,0,0,0,0,0,0,0,0
9999,770,1990,2000,1,1,1,0,0,0,0,0,0,0,0,0
";

const ATOP_DYADS: &str = "\
ccode1,ccode2,year,atop_defense,atop_offense,atop_neutral,atop_nonagg,atop_consul
710,770,2018,0,0,0,1,1
770,710,2018,0,0,0,1,1
750,770,2018,0,0,0,1,0
770,750,2018,0,0,0,1,0
750,770,2017,1,0,0,1,0
";

const SIPRI: &str = "\
supplier,recipient,year,value,supplier_cown,recipient_cown,supplier_lon,supplier_lat,recipient_lon,recipient_lat
China,Pakistan,2020,600,710,770,0,0,0,0
China,Pakistan,2021,300,710,770,0,0,0,0
United States,Pakistan,2020,100,2,770,0,0,0,0
Sweden,Pakistan,2021,100,380,770,0,0,0,0
Unknown rebel group*,Pakistan,2021,5,770,770,0,0,0,0
China,India,2021,1,710,750,0,0,0,0
Russia,India,2021,999,365,750,0,0,0,0
China,Pakistan,2010,5000,710,770,0,0,0,0
\"Taliban (Afghanistan)*\",Afghanistan,2021,50,700,700,0,0,0,0
";

fn inputs() -> Inputs {
    Inputs {
        nmc: Table::parse("nmc.csv", NMC).unwrap(),
        capitals: Table::parse("caps.csv", CAPITALS).unwrap(),
        atop: vec![],
        sipri: None,
        gdp: None,
    }
}

fn req(states: &str) -> Request {
    Request::new(2022, states.split(',').map(String::from).collect())
}

#[test]
fn csv_reads_quotes_commas_crlf_and_a_bom() {
    let t = Table::parse(
        "x.csv",
        "\u{feff}a,b,c\r\n1,\"x, \"\"y\"\"\",3\r\n\"multi\nline\",,\n",
    )
    .unwrap();
    assert_eq!(t.headers, ["a", "b", "c"]);
    assert_eq!(t.rows[0], ["1", "x, \"y\"", "3"]);
    assert_eq!(t.rows[1], ["multi\nline", "", ""]);
    assert_eq!(t.lines, [2, 3]);
    let t = Table::parse("x.csv", "junk\n\na,b\n1\n\n2,3\n")
        .unwrap()
        .reheader(1);
    assert_eq!(t.headers, ["a", "b"]);
    assert_eq!(t.rows, [vec!["1"], vec!["2", "3"]]);
    assert_eq!(t.lines, [4, 6]);
    let e = Table::parse("x.csv", "a\n\"open\n").unwrap_err();
    assert!(e.message.contains("never closed"), "{e}");
}

#[test]
fn states_resolve_by_iso_cow_number_name_and_alias() {
    let mut n = Vec::new();
    assert_eq!(codes::resolve("ARE", &mut n).unwrap().code.ccode, 696);
    assert_eq!(codes::resolve("uae", &mut n).unwrap().id, "ARE");
    assert_eq!(codes::resolve("713", &mut n).unwrap().id, "TWN");
    assert_eq!(codes::resolve("Turkey", &mut n).unwrap().id, "TUR");
    assert_eq!(codes::resolve("ROK", &mut n).unwrap().id, "KOR");
    let own = codes::resolve("TAIWAN=713", &mut n).unwrap();
    assert_eq!((own.id.as_str(), own.code.ccode), ("TAIWAN", 713));
    assert!(n.is_empty());
    // ISO-3 wins over another state's COW abbreviation, with a note.
    assert_eq!(codes::resolve("AUS", &mut n).unwrap().code.ccode, 900);
    assert!(n[0].contains("Austria"), "{n:?}");
    // Unknown: the nearest suggestion.
    let e = codes::resolve("PAKK", &mut n).unwrap_err();
    assert!(e.message.contains("unknown state `PAKK`"));
    assert!(e.help.unwrap().contains("`PAK`"));
    let e = codes::resolve("Pakistn", &mut n).unwrap_err();
    assert!(e.help.unwrap().contains("Pakistan"));
    assert!(codes::resolve("lower=770", &mut n).is_err());
}

#[test]
fn every_code_in_the_table_resolves_to_itself() {
    for c in codes::CODES {
        let mut n = Vec::new();
        let r = codes::resolve(&c.ccode.to_string(), &mut n).unwrap();
        assert_eq!(r.code, c);
        assert!(codes::valid_id(c.id()), "{}", c.id());
        if let Some(iso) = c.iso {
            assert_eq!(codes::resolve(iso, &mut n).unwrap().code, c, "{iso}");
        }
    }
    // ids are unique
    let mut ids: Vec<&str> = codes::CODES.iter().map(|c| c.id()).collect();
    ids.sort_unstable();
    let before = ids.len();
    ids.dedup();
    assert_eq!(before, ids.len());
}

#[test]
fn states_get_power_position_and_an_economy_left_open() {
    let out = generate(&req("IND,PAK"), &inputs()).unwrap();
    let t = out.toml;
    assert!(t.contains("id = \"PAK\""), "{t}");
    assert!(t.contains("power = 17.684"), "{t}");
    assert!(t.contains("CINC = 0.0176838"), "{t}");
    // Islamabad, not Karachi: the capital at the end of 2022.
    assert!(t.contains("position = [33.6938, 73.0652]"), "{t}");
    assert!(t.contains("Islamabad, COW capitals"), "{t}");
    assert!(t.contains("# economy = ?"), "{t}");
    assert!(t.contains("NMC has no GDP"), "{t}");
    assert!(t.contains("Where the data stop: NMC 2022"), "{t}");
}

#[test]
fn a_missing_nmc_component_is_named() {
    let out = generate(&req("AFG"), &inputs()).unwrap();
    assert!(out.toml.contains("missing in NMC: milex"), "{}", out.toml);
}

#[test]
fn year_out_of_range_and_missing_state_year_are_errors() {
    let mut r = req("IND");
    r.year = 2030;
    let e = generate(&r, &inputs()).unwrap_err();
    assert!(
        e.message
            .contains("year 2030 is out of range: nmc.csv covers 2021-2022"),
        "{e}"
    );
    let mut r = req("IND,PAK");
    r.year = 2021;
    let e = generate(&r, &inputs()).unwrap_err();
    assert!(
        e.message
            .contains("PAK (Pakistan, COW 770) has no CINC in nmc.csv for 2021"),
        "{e}"
    );
}

#[test]
fn a_missing_column_is_named_with_the_nearest() {
    let mut i = inputs();
    i.nmc = Table::parse("nmc.csv", "ccode,year,cinc_score\n750,2022,0.1\n").unwrap();
    let e = generate(&req("IND"), &i).unwrap_err();
    assert!(e.message.contains("missing column `cinc`"), "{e}");
    assert!(e.help.unwrap().contains("did you mean `cinc_score`"));
}

#[test]
fn duplicate_and_unknown_states_are_errors() {
    let e = generate(&req("IND,750"), &inputs()).unwrap_err();
    assert!(e.message.contains("again"), "{e}");
    let e = generate(&req("IND,XYZQ"), &inputs()).unwrap_err();
    assert!(e.message.contains("unknown state `XYZQ`"), "{e}");
}

#[test]
fn atop_member_level_gives_pacts_with_ids_kinds_and_conditions() {
    let mut i = inputs();
    i.atop = vec![Table::parse("atop-m.csv", ATOP_MEMBERS).unwrap()];
    let out = generate(&req("IND,PAK,CHN"), &i).unwrap();
    let t = &out.toml;
    // 5060: China–Pakistan non-aggression + consultation.
    assert!(t.contains("id = \"atop-5060\""), "{t}");
    assert!(t.contains("kind = \"nonaggression\""), "{t}");
    assert!(t.contains("members = [\"PAK\", \"CHN\"]"), "{t}");
    // 4810 (SCO): three of its four members, Russia left out.
    assert!(t.contains("members = [\"IND\", \"PAK\", \"CHN\"]"), "{t}");
    assert!(t.contains("not in --states: RUS"), "{t}");
    // 9999 ended in 2000; 3355 has only one selected member.
    assert!(!t.contains("atop-9999"), "{t}");
    assert!(!t.contains("atop-3355"), "{t}");
    // ATOP ends in 2017 here (max yrent): the note says so.
    assert!(
        out.notes.iter().any(|n| n.contains("ends in 2017")),
        "{:?}",
        out.notes
    );
}

#[test]
fn atop_named_threats_become_adversaries_when_selected() {
    let mut i = inputs();
    i.nmc = Table::parse(
        "nmc.csv",
        "ccode,year,cinc\n2,2016,0.14\n770,2016,0.017\n365,2016,0.04\n",
    )
    .unwrap();
    i.capitals = Table::parse(
        "caps.csv",
        "ccode,capital,stdate,enddate,lat,lng\n2,Washington,1800-01-01,2024-12-31,38.9,-77.0\n770,Islamabad,1967-08-14,2024-12-31,33.7,73.1\n365,Moscow,1922-01-01,2024-12-31,55.6,37.6\n",
    )
    .unwrap();
    i.atop = vec![Table::parse("atop-m.csv", ATOP_MEMBERS).unwrap()];
    let mut r = req("USA,PAK,RUS");
    r.year = 2016;
    let t = generate(&r, &i).unwrap().toml;
    assert!(t.contains("id = \"atop-3355\""), "{t}");
    assert!(t.contains("kind = \"defense\""), "{t}");
    assert!(t.contains("adversaries = [\"RUS\"]"), "{t}");
    assert!(t.contains("asymmetric"), "{t}");
    assert!(t.contains("USA defense, consul; PAK consul"), "{t}");
    // Without Russia selected, the named threat is a comment, not an empty list.
    let mut r = req("USA,PAK");
    r.year = 2016;
    let t = generate(&r, &i).unwrap().toml;
    assert!(!t.contains("adversaries ="), "{t}");
    assert!(t.contains("none in --states"), "{t}");
}

#[test]
fn atop_dyads_alone_give_pairwise_pacts_and_check_member_level() {
    let mut i = inputs();
    i.atop = vec![Table::parse("atop-d.csv", ATOP_DYADS).unwrap()];
    let t = generate(&req("IND,PAK,CHN"), &i).unwrap().toml;
    assert!(t.contains("id = \"atop-IND-PAK\""), "{t}");
    assert!(t.contains("id = \"atop-PAK-CHN\""), "{t}");
    assert!(t.contains("IND->PAK nonagg; PAK->IND nonagg"), "{t}");
    // Both files: member-level pacts, checked against the dyads.
    i.atop
        .push(Table::parse("atop-m.csv", ATOP_MEMBERS).unwrap());
    let t = generate(&req("IND,PAK,CHN"), &i).unwrap().toml;
    assert!(
        t.contains("atop-d.csv: no obligation coded in 2018 for IND-CHN"),
        "{t}"
    );
    assert!(
        t.contains("atop-d.csv: an obligation is still coded between every pair"),
        "{t}"
    );
    // A file of another kind.
    i.atop = vec![Table::parse("x.csv", "a,b\n1,2\n").unwrap()];
    let e = generate(&req("IND"), &i).unwrap_err();
    assert!(e.message.contains("not an ATOP file"), "{e}");
}

#[test]
fn sipri_shares_of_the_recipients_imports() {
    let mut i = inputs();
    i.sipri = Some(Table::parse("sipri.csv", SIPRI).unwrap());
    let mut r = req("IND,PAK,CHN");
    r.sipri_years = Some((2020, 2021));
    let t = generate(&r, &i).unwrap().toml;
    // Pakistan 2020-21: China 900 of 1,105 (the rebel group counts in the total).
    assert!(t.contains("id = \"CHN-PAK-arms\""), "{t}");
    assert!(t.contains("share = 0.814"), "{t}");
    assert!(t.contains("CHN 900 of PAK's 1,105 = 81.4%"), "{t}");
    // Sweden is a supplier outside --states: named in the summary, no block.
    assert!(t.contains("Sweden 9.0%"), "{t}");
    assert!(!t.contains("from = \"SWE\""), "{t}");
    // China -> India is 1 of 1,000 = 0.1% < 1%: a comment, not a block.
    assert!(t.contains("below --min-share"), "{t}");
    assert!(!t.contains("id = \"CHN-IND-arms\""), "{t}");
    // Dependence scales, and says so.
    r.dependence = 0.5;
    let t = generate(&r, &i).unwrap().toml;
    assert!(t.contains("share = 0.407"), "{t}");
    assert!(t.contains("x 0.5 import dependence"), "{t}");
}

#[test]
fn sipri_default_span_and_out_of_range() {
    let mut i = inputs();
    i.sipri = Some(Table::parse("sipri.csv", SIPRI).unwrap());
    // Default: ten years to 2021 (the last in the file): 2012-2021.
    let t = generate(&req("PAK,CHN"), &i).unwrap().toml;
    assert!(t.contains("shares over 2012-2021"), "{t}");
    assert!(t.contains("2017-2021: 81.4%"), "{t}");
    let mut r = req("PAK,CHN");
    r.sipri_years = Some((2015, 2024));
    let e = generate(&r, &i).unwrap_err();
    assert!(
        e.message
            .contains("SIPRI years 2015-2024 are out of range: sipri.csv covers 2010-2021"),
        "{e}"
    );
}

#[test]
fn sipri_downloaded_tables_are_refused_with_a_pointer() {
    let mut i = inputs();
    i.sipri = Some(
        Table::parse(
            "TIV-Export-CHA.csv",
            "\"TIV of arms exports from Chad, 1950-2021\",,\nFigures are SIPRI Trend Indicator Values (TIVs) expressed in millions.,,\n",
        )
        .unwrap(),
    );
    let e = generate(&req("PAK"), &i).unwrap_err();
    assert!(e.message.contains("as downloaded"), "{e}");
}

#[test]
fn gdp_long_and_world_bank_forms() {
    let mut i = inputs();
    i.gdp = Some(
        Table::parse(
            "gdp.csv",
            "iso3,year,gdp_usd_bn\nIND,2022,3353.5\nPAK,2022,374.9\n",
        )
        .unwrap(),
    );
    let out = generate(&req("IND,PAK,CHN"), &i).unwrap();
    assert!(out.toml.contains("economy = 3354"), "{}", out.toml);
    assert!(out.toml.contains("economy = 375"), "{}", out.toml);
    assert!(
        out.notes.iter().any(|n| n.contains("no GDP for CHN")),
        "{:?}",
        out.notes
    );
    let wb = "\"Data Source\",\"World Development Indicators\",\n\n\"Last Updated Date\",\"2024-06-28\",\n\n\"Country Name\",\"Country Code\",\"Indicator Name\",\"Indicator Code\",\"2021\",\"2022\",\n\"Pakistan\",\"PAK\",\"GDP (current US$)\",\"NY.GDP.MKTP.CD\",\"348000000000\",\"374900000000\",\n";
    i.gdp = Some(Table::parse("API_NY.GDP.csv", wb).unwrap());
    let t = generate(&req("PAK"), &i).unwrap().toml;
    assert!(t.contains("economy = 375"), "{t}");
    assert!(t.contains("NY.GDP.MKTP.CD"), "{t}");
    i.gdp = Some(Table::parse("gdp.csv", "iso3,year,gdp\nPAK,2022,1\n").unwrap());
    let e = generate(&req("PAK"), &i).unwrap_err();
    assert!(e.message.contains("gdp_usd"), "{e}");
}

#[test]
fn output_is_deterministic() {
    let mut i = inputs();
    i.atop = vec![Table::parse("atop-m.csv", ATOP_MEMBERS).unwrap()];
    i.sipri = Some(Table::parse("sipri.csv", SIPRI).unwrap());
    let a = generate(&req("IND,PAK,CHN"), &i).unwrap().toml;
    let b = generate(&req("IND,PAK,CHN"), &i).unwrap().toml;
    assert_eq!(a, b);
}

#[test]
fn years_parse() {
    assert_eq!(parse_years("2012-2021").unwrap(), (2012, 2021));
    assert_eq!(parse_years("2021").unwrap(), (2021, 2021));
    assert!(parse_years("2021-2012").is_err());
    assert!(parse_years("last ten").is_err());
}

#[test]
fn thousands_are_grouped() {
    use crate::emit::tiv;
    assert_eq!(tiv(5985.0), "5,985");
    assert_eq!(tiv(34704.0), "34,704");
    assert_eq!(tiv(123456.0), "123,456");
    assert_eq!(tiv(1234567.0), "1,234,567");
    assert_eq!(tiv(999.0), "999");
    assert_eq!(tiv(2.5), "2.5");
}
