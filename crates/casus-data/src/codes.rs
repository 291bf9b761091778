//! State identifiers: COW country codes (numeric `ccode` and three-letter
//! `stateabb`, from the Correlates of War state-system codebook) and ISO 3166-1
//! alpha-3 codes, which casus scenarios use as ids. This is a table of
//! identifiers, not data: every figure comes from the files the user gives.

use crate::Error;

/// One state of the COW state system.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code {
    /// COW numeric country code.
    pub ccode: i32,
    /// COW three-letter abbreviation (`stateabb`).
    pub cow: &'static str,
    /// ISO 3166-1 alpha-3 (Kosovo: the user-assigned `XKX`; Czechoslovakia
    /// and the GDR: their former ISO 3166-3 codes `CSK`, `DDR`; Korea
    /// 1887–1905: `KOR_1905`, to keep ids unique); none for the other states
    /// that ended before ISO 3166 (Bavaria, …), which use the COW abbreviation.
    pub iso: Option<&'static str>,
    /// The COW state name.
    pub name: &'static str,
}

impl Code {
    /// The id casus gives the state: ISO-3 where there is one, else the COW
    /// abbreviation.
    pub fn id(&self) -> &'static str {
        self.iso.unwrap_or(self.cow)
    }
}

/// Every state of the COW state system (codebook, 2016 version), in ccode order.
pub static CODES: &[Code] = &[
    Code {
        ccode: 2,
        cow: "USA",
        iso: Some("USA"),
        name: "United States of America",
    },
    Code {
        ccode: 20,
        cow: "CAN",
        iso: Some("CAN"),
        name: "Canada",
    },
    Code {
        ccode: 31,
        cow: "BHM",
        iso: Some("BHS"),
        name: "Bahamas",
    },
    Code {
        ccode: 40,
        cow: "CUB",
        iso: Some("CUB"),
        name: "Cuba",
    },
    Code {
        ccode: 41,
        cow: "HAI",
        iso: Some("HTI"),
        name: "Haiti",
    },
    Code {
        ccode: 42,
        cow: "DOM",
        iso: Some("DOM"),
        name: "Dominican Republic",
    },
    Code {
        ccode: 51,
        cow: "JAM",
        iso: Some("JAM"),
        name: "Jamaica",
    },
    Code {
        ccode: 52,
        cow: "TRI",
        iso: Some("TTO"),
        name: "Trinidad and Tobago",
    },
    Code {
        ccode: 53,
        cow: "BAR",
        iso: Some("BRB"),
        name: "Barbados",
    },
    Code {
        ccode: 54,
        cow: "DMA",
        iso: Some("DMA"),
        name: "Dominica",
    },
    Code {
        ccode: 55,
        cow: "GRN",
        iso: Some("GRD"),
        name: "Grenada",
    },
    Code {
        ccode: 56,
        cow: "SLU",
        iso: Some("LCA"),
        name: "St. Lucia",
    },
    Code {
        ccode: 57,
        cow: "SVG",
        iso: Some("VCT"),
        name: "St. Vincent and the Grenadines",
    },
    Code {
        ccode: 58,
        cow: "AAB",
        iso: Some("ATG"),
        name: "Antigua & Barbuda",
    },
    Code {
        ccode: 60,
        cow: "SKN",
        iso: Some("KNA"),
        name: "St. Kitts and Nevis",
    },
    Code {
        ccode: 70,
        cow: "MEX",
        iso: Some("MEX"),
        name: "Mexico",
    },
    Code {
        ccode: 80,
        cow: "BLZ",
        iso: Some("BLZ"),
        name: "Belize",
    },
    Code {
        ccode: 90,
        cow: "GUA",
        iso: Some("GTM"),
        name: "Guatemala",
    },
    Code {
        ccode: 91,
        cow: "HON",
        iso: Some("HND"),
        name: "Honduras",
    },
    Code {
        ccode: 92,
        cow: "SAL",
        iso: Some("SLV"),
        name: "El Salvador",
    },
    Code {
        ccode: 93,
        cow: "NIC",
        iso: Some("NIC"),
        name: "Nicaragua",
    },
    Code {
        ccode: 94,
        cow: "COS",
        iso: Some("CRI"),
        name: "Costa Rica",
    },
    Code {
        ccode: 95,
        cow: "PAN",
        iso: Some("PAN"),
        name: "Panama",
    },
    Code {
        ccode: 100,
        cow: "COL",
        iso: Some("COL"),
        name: "Colombia",
    },
    Code {
        ccode: 101,
        cow: "VEN",
        iso: Some("VEN"),
        name: "Venezuela",
    },
    Code {
        ccode: 110,
        cow: "GUY",
        iso: Some("GUY"),
        name: "Guyana",
    },
    Code {
        ccode: 115,
        cow: "SUR",
        iso: Some("SUR"),
        name: "Suriname",
    },
    Code {
        ccode: 130,
        cow: "ECU",
        iso: Some("ECU"),
        name: "Ecuador",
    },
    Code {
        ccode: 135,
        cow: "PER",
        iso: Some("PER"),
        name: "Peru",
    },
    Code {
        ccode: 140,
        cow: "BRA",
        iso: Some("BRA"),
        name: "Brazil",
    },
    Code {
        ccode: 145,
        cow: "BOL",
        iso: Some("BOL"),
        name: "Bolivia",
    },
    Code {
        ccode: 150,
        cow: "PAR",
        iso: Some("PRY"),
        name: "Paraguay",
    },
    Code {
        ccode: 155,
        cow: "CHL",
        iso: Some("CHL"),
        name: "Chile",
    },
    Code {
        ccode: 160,
        cow: "ARG",
        iso: Some("ARG"),
        name: "Argentina",
    },
    Code {
        ccode: 165,
        cow: "URU",
        iso: Some("URY"),
        name: "Uruguay",
    },
    Code {
        ccode: 200,
        cow: "UKG",
        iso: Some("GBR"),
        name: "United Kingdom",
    },
    Code {
        ccode: 205,
        cow: "IRE",
        iso: Some("IRL"),
        name: "Ireland",
    },
    Code {
        ccode: 210,
        cow: "NTH",
        iso: Some("NLD"),
        name: "Netherlands",
    },
    Code {
        ccode: 211,
        cow: "BEL",
        iso: Some("BEL"),
        name: "Belgium",
    },
    Code {
        ccode: 212,
        cow: "LUX",
        iso: Some("LUX"),
        name: "Luxembourg",
    },
    Code {
        ccode: 220,
        cow: "FRN",
        iso: Some("FRA"),
        name: "France",
    },
    Code {
        ccode: 221,
        cow: "MNC",
        iso: Some("MCO"),
        name: "Monaco",
    },
    Code {
        ccode: 223,
        cow: "LIE",
        iso: Some("LIE"),
        name: "Liechtenstein",
    },
    Code {
        ccode: 225,
        cow: "SWZ",
        iso: Some("CHE"),
        name: "Switzerland",
    },
    Code {
        ccode: 230,
        cow: "SPN",
        iso: Some("ESP"),
        name: "Spain",
    },
    Code {
        ccode: 232,
        cow: "AND",
        iso: Some("AND"),
        name: "Andorra",
    },
    Code {
        ccode: 235,
        cow: "POR",
        iso: Some("PRT"),
        name: "Portugal",
    },
    Code {
        ccode: 240,
        cow: "HAN",
        iso: None,
        name: "Hanover",
    },
    Code {
        ccode: 245,
        cow: "BAV",
        iso: None,
        name: "Bavaria",
    },
    Code {
        ccode: 255,
        cow: "GMY",
        iso: Some("DEU"),
        name: "Germany",
    },
    Code {
        ccode: 260,
        cow: "GFR",
        iso: None,
        name: "German Federal Republic",
    },
    Code {
        ccode: 265,
        cow: "GDR",
        iso: Some("DDR"),
        name: "German Democratic Republic",
    },
    Code {
        ccode: 267,
        cow: "BAD",
        iso: None,
        name: "Baden",
    },
    Code {
        ccode: 269,
        cow: "SAX",
        iso: None,
        name: "Saxony",
    },
    Code {
        ccode: 271,
        cow: "WRT",
        iso: None,
        name: "Wuerttemburg",
    },
    Code {
        ccode: 273,
        cow: "HSE",
        iso: None,
        name: "Hesse Electoral",
    },
    Code {
        ccode: 275,
        cow: "HSG",
        iso: None,
        name: "Hesse Grand Ducal",
    },
    Code {
        ccode: 280,
        cow: "MEC",
        iso: None,
        name: "Mecklenburg Schwerin",
    },
    Code {
        ccode: 290,
        cow: "POL",
        iso: Some("POL"),
        name: "Poland",
    },
    Code {
        ccode: 300,
        cow: "AUH",
        iso: None,
        name: "Austria-Hungary",
    },
    Code {
        ccode: 305,
        cow: "AUS",
        iso: Some("AUT"),
        name: "Austria",
    },
    Code {
        ccode: 310,
        cow: "HUN",
        iso: Some("HUN"),
        name: "Hungary",
    },
    Code {
        ccode: 315,
        cow: "CZE",
        iso: Some("CSK"),
        name: "Czechoslovakia",
    },
    Code {
        ccode: 316,
        cow: "CZR",
        iso: Some("CZE"),
        name: "Czech Republic",
    },
    Code {
        ccode: 317,
        cow: "SLO",
        iso: Some("SVK"),
        name: "Slovakia",
    },
    Code {
        ccode: 325,
        cow: "ITA",
        iso: Some("ITA"),
        name: "Italy",
    },
    Code {
        ccode: 327,
        cow: "PAP",
        iso: None,
        name: "Papal States",
    },
    Code {
        ccode: 329,
        cow: "SIC",
        iso: None,
        name: "Two Sicilies",
    },
    Code {
        ccode: 331,
        cow: "SNM",
        iso: Some("SMR"),
        name: "San Marino",
    },
    Code {
        ccode: 332,
        cow: "MOD",
        iso: None,
        name: "Modena",
    },
    Code {
        ccode: 335,
        cow: "PMA",
        iso: None,
        name: "Parma",
    },
    Code {
        ccode: 337,
        cow: "TUS",
        iso: None,
        name: "Tuscany",
    },
    Code {
        ccode: 338,
        cow: "MLT",
        iso: Some("MLT"),
        name: "Malta",
    },
    Code {
        ccode: 339,
        cow: "ALB",
        iso: Some("ALB"),
        name: "Albania",
    },
    Code {
        ccode: 341,
        cow: "MNG",
        iso: Some("MNE"),
        name: "Montenegro",
    },
    Code {
        ccode: 343,
        cow: "MAC",
        iso: Some("MKD"),
        name: "Macedonia",
    },
    Code {
        ccode: 344,
        cow: "CRO",
        iso: Some("HRV"),
        name: "Croatia",
    },
    Code {
        ccode: 345,
        cow: "YUG",
        iso: Some("SRB"),
        name: "Yugoslavia",
    },
    Code {
        ccode: 346,
        cow: "BOS",
        iso: Some("BIH"),
        name: "Bosnia and Herzegovina",
    },
    Code {
        ccode: 347,
        cow: "KOS",
        iso: Some("XKX"),
        name: "Kosovo",
    },
    Code {
        ccode: 349,
        cow: "SLV",
        iso: Some("SVN"),
        name: "Slovenia",
    },
    Code {
        ccode: 350,
        cow: "GRC",
        iso: Some("GRC"),
        name: "Greece",
    },
    Code {
        ccode: 352,
        cow: "CYP",
        iso: Some("CYP"),
        name: "Cyprus",
    },
    Code {
        ccode: 355,
        cow: "BUL",
        iso: Some("BGR"),
        name: "Bulgaria",
    },
    Code {
        ccode: 359,
        cow: "MLD",
        iso: Some("MDA"),
        name: "Moldova",
    },
    Code {
        ccode: 360,
        cow: "ROM",
        iso: Some("ROU"),
        name: "Romania",
    },
    Code {
        ccode: 365,
        cow: "RUS",
        iso: Some("RUS"),
        name: "Russia",
    },
    Code {
        ccode: 366,
        cow: "EST",
        iso: Some("EST"),
        name: "Estonia",
    },
    Code {
        ccode: 367,
        cow: "LAT",
        iso: Some("LVA"),
        name: "Latvia",
    },
    Code {
        ccode: 368,
        cow: "LIT",
        iso: Some("LTU"),
        name: "Lithuania",
    },
    Code {
        ccode: 369,
        cow: "UKR",
        iso: Some("UKR"),
        name: "Ukraine",
    },
    Code {
        ccode: 370,
        cow: "BLR",
        iso: Some("BLR"),
        name: "Belarus",
    },
    Code {
        ccode: 371,
        cow: "ARM",
        iso: Some("ARM"),
        name: "Armenia",
    },
    Code {
        ccode: 372,
        cow: "GRG",
        iso: Some("GEO"),
        name: "Georgia",
    },
    Code {
        ccode: 373,
        cow: "AZE",
        iso: Some("AZE"),
        name: "Azerbaijan",
    },
    Code {
        ccode: 375,
        cow: "FIN",
        iso: Some("FIN"),
        name: "Finland",
    },
    Code {
        ccode: 380,
        cow: "SWD",
        iso: Some("SWE"),
        name: "Sweden",
    },
    Code {
        ccode: 385,
        cow: "NOR",
        iso: Some("NOR"),
        name: "Norway",
    },
    Code {
        ccode: 390,
        cow: "DEN",
        iso: Some("DNK"),
        name: "Denmark",
    },
    Code {
        ccode: 395,
        cow: "ICE",
        iso: Some("ISL"),
        name: "Iceland",
    },
    Code {
        ccode: 402,
        cow: "CAP",
        iso: Some("CPV"),
        name: "Cape Verde",
    },
    Code {
        ccode: 403,
        cow: "STP",
        iso: Some("STP"),
        name: "Sao Tome and Principe",
    },
    Code {
        ccode: 404,
        cow: "GNB",
        iso: Some("GNB"),
        name: "Guinea-Bissau",
    },
    Code {
        ccode: 411,
        cow: "EQG",
        iso: Some("GNQ"),
        name: "Equatorial Guinea",
    },
    Code {
        ccode: 420,
        cow: "GAM",
        iso: Some("GMB"),
        name: "Gambia",
    },
    Code {
        ccode: 432,
        cow: "MLI",
        iso: Some("MLI"),
        name: "Mali",
    },
    Code {
        ccode: 433,
        cow: "SEN",
        iso: Some("SEN"),
        name: "Senegal",
    },
    Code {
        ccode: 434,
        cow: "BEN",
        iso: Some("BEN"),
        name: "Benin",
    },
    Code {
        ccode: 435,
        cow: "MAA",
        iso: Some("MRT"),
        name: "Mauritania",
    },
    Code {
        ccode: 436,
        cow: "NIR",
        iso: Some("NER"),
        name: "Niger",
    },
    Code {
        ccode: 437,
        cow: "CDI",
        iso: Some("CIV"),
        name: "Ivory Coast",
    },
    Code {
        ccode: 438,
        cow: "GUI",
        iso: Some("GIN"),
        name: "Guinea",
    },
    Code {
        ccode: 439,
        cow: "BFO",
        iso: Some("BFA"),
        name: "Burkina Faso",
    },
    Code {
        ccode: 450,
        cow: "LBR",
        iso: Some("LBR"),
        name: "Liberia",
    },
    Code {
        ccode: 451,
        cow: "SIE",
        iso: Some("SLE"),
        name: "Sierra Leone",
    },
    Code {
        ccode: 452,
        cow: "GHA",
        iso: Some("GHA"),
        name: "Ghana",
    },
    Code {
        ccode: 461,
        cow: "TOG",
        iso: Some("TGO"),
        name: "Togo",
    },
    Code {
        ccode: 471,
        cow: "CAO",
        iso: Some("CMR"),
        name: "Cameroon",
    },
    Code {
        ccode: 475,
        cow: "NIG",
        iso: Some("NGA"),
        name: "Nigeria",
    },
    Code {
        ccode: 481,
        cow: "GAB",
        iso: Some("GAB"),
        name: "Gabon",
    },
    Code {
        ccode: 482,
        cow: "CEN",
        iso: Some("CAF"),
        name: "Central African Republic",
    },
    Code {
        ccode: 483,
        cow: "CHA",
        iso: Some("TCD"),
        name: "Chad",
    },
    Code {
        ccode: 484,
        cow: "CON",
        iso: Some("COG"),
        name: "Congo",
    },
    Code {
        ccode: 490,
        cow: "DRC",
        iso: Some("COD"),
        name: "Democratic Republic of the Congo",
    },
    Code {
        ccode: 500,
        cow: "UGA",
        iso: Some("UGA"),
        name: "Uganda",
    },
    Code {
        ccode: 501,
        cow: "KEN",
        iso: Some("KEN"),
        name: "Kenya",
    },
    Code {
        ccode: 510,
        cow: "TAZ",
        iso: Some("TZA"),
        name: "Tanzania",
    },
    Code {
        ccode: 511,
        cow: "ZAN",
        iso: None,
        name: "Zanzibar",
    },
    Code {
        ccode: 516,
        cow: "BUI",
        iso: Some("BDI"),
        name: "Burundi",
    },
    Code {
        ccode: 517,
        cow: "RWA",
        iso: Some("RWA"),
        name: "Rwanda",
    },
    Code {
        ccode: 520,
        cow: "SOM",
        iso: Some("SOM"),
        name: "Somalia",
    },
    Code {
        ccode: 522,
        cow: "DJI",
        iso: Some("DJI"),
        name: "Djibouti",
    },
    Code {
        ccode: 530,
        cow: "ETH",
        iso: Some("ETH"),
        name: "Ethiopia",
    },
    Code {
        ccode: 531,
        cow: "ERI",
        iso: Some("ERI"),
        name: "Eritrea",
    },
    Code {
        ccode: 540,
        cow: "ANG",
        iso: Some("AGO"),
        name: "Angola",
    },
    Code {
        ccode: 541,
        cow: "MZM",
        iso: Some("MOZ"),
        name: "Mozambique",
    },
    Code {
        ccode: 551,
        cow: "ZAM",
        iso: Some("ZMB"),
        name: "Zambia",
    },
    Code {
        ccode: 552,
        cow: "ZIM",
        iso: Some("ZWE"),
        name: "Zimbabwe",
    },
    Code {
        ccode: 553,
        cow: "MAW",
        iso: Some("MWI"),
        name: "Malawi",
    },
    Code {
        ccode: 560,
        cow: "SAF",
        iso: Some("ZAF"),
        name: "South Africa",
    },
    Code {
        ccode: 565,
        cow: "NAM",
        iso: Some("NAM"),
        name: "Namibia",
    },
    Code {
        ccode: 570,
        cow: "LES",
        iso: Some("LSO"),
        name: "Lesotho",
    },
    Code {
        ccode: 571,
        cow: "BOT",
        iso: Some("BWA"),
        name: "Botswana",
    },
    Code {
        ccode: 572,
        cow: "SWA",
        iso: Some("SWZ"),
        name: "Swaziland",
    },
    Code {
        ccode: 580,
        cow: "MAG",
        iso: Some("MDG"),
        name: "Madagascar",
    },
    Code {
        ccode: 581,
        cow: "COM",
        iso: Some("COM"),
        name: "Comoros",
    },
    Code {
        ccode: 590,
        cow: "MAS",
        iso: Some("MUS"),
        name: "Mauritius",
    },
    Code {
        ccode: 591,
        cow: "SEY",
        iso: Some("SYC"),
        name: "Seychelles",
    },
    Code {
        ccode: 600,
        cow: "MOR",
        iso: Some("MAR"),
        name: "Morocco",
    },
    Code {
        ccode: 615,
        cow: "ALG",
        iso: Some("DZA"),
        name: "Algeria",
    },
    Code {
        ccode: 616,
        cow: "TUN",
        iso: Some("TUN"),
        name: "Tunisia",
    },
    Code {
        ccode: 620,
        cow: "LIB",
        iso: Some("LBY"),
        name: "Libya",
    },
    Code {
        ccode: 625,
        cow: "SUD",
        iso: Some("SDN"),
        name: "Sudan",
    },
    Code {
        ccode: 626,
        cow: "SSD",
        iso: Some("SSD"),
        name: "South Sudan",
    },
    Code {
        ccode: 630,
        cow: "IRN",
        iso: Some("IRN"),
        name: "Iran",
    },
    Code {
        ccode: 640,
        cow: "TUR",
        iso: Some("TUR"),
        name: "Turkey",
    },
    Code {
        ccode: 645,
        cow: "IRQ",
        iso: Some("IRQ"),
        name: "Iraq",
    },
    Code {
        ccode: 651,
        cow: "EGY",
        iso: Some("EGY"),
        name: "Egypt",
    },
    Code {
        ccode: 652,
        cow: "SYR",
        iso: Some("SYR"),
        name: "Syria",
    },
    Code {
        ccode: 660,
        cow: "LEB",
        iso: Some("LBN"),
        name: "Lebanon",
    },
    Code {
        ccode: 663,
        cow: "JOR",
        iso: Some("JOR"),
        name: "Jordan",
    },
    Code {
        ccode: 666,
        cow: "ISR",
        iso: Some("ISR"),
        name: "Israel",
    },
    Code {
        ccode: 670,
        cow: "SAU",
        iso: Some("SAU"),
        name: "Saudi Arabia",
    },
    Code {
        ccode: 678,
        cow: "YAR",
        iso: None,
        name: "Yemen Arab Republic",
    },
    Code {
        ccode: 679,
        cow: "YEM",
        iso: Some("YEM"),
        name: "Yemen",
    },
    Code {
        ccode: 680,
        cow: "YPR",
        iso: None,
        name: "Yemen People's Republic",
    },
    Code {
        ccode: 690,
        cow: "KUW",
        iso: Some("KWT"),
        name: "Kuwait",
    },
    Code {
        ccode: 692,
        cow: "BAH",
        iso: Some("BHR"),
        name: "Bahrain",
    },
    Code {
        ccode: 694,
        cow: "QAT",
        iso: Some("QAT"),
        name: "Qatar",
    },
    Code {
        ccode: 696,
        cow: "UAE",
        iso: Some("ARE"),
        name: "United Arab Emirates",
    },
    Code {
        ccode: 698,
        cow: "OMA",
        iso: Some("OMN"),
        name: "Oman",
    },
    Code {
        ccode: 700,
        cow: "AFG",
        iso: Some("AFG"),
        name: "Afghanistan",
    },
    Code {
        ccode: 701,
        cow: "TKM",
        iso: Some("TKM"),
        name: "Turkmenistan",
    },
    Code {
        ccode: 702,
        cow: "TAJ",
        iso: Some("TJK"),
        name: "Tajikistan",
    },
    Code {
        ccode: 703,
        cow: "KYR",
        iso: Some("KGZ"),
        name: "Kyrgyzstan",
    },
    Code {
        ccode: 704,
        cow: "UZB",
        iso: Some("UZB"),
        name: "Uzbekistan",
    },
    Code {
        ccode: 705,
        cow: "KZK",
        iso: Some("KAZ"),
        name: "Kazakhstan",
    },
    Code {
        ccode: 710,
        cow: "CHN",
        iso: Some("CHN"),
        name: "China",
    },
    Code {
        ccode: 712,
        cow: "MON",
        iso: Some("MNG"),
        name: "Mongolia",
    },
    Code {
        ccode: 713,
        cow: "TAW",
        iso: Some("TWN"),
        name: "Taiwan",
    },
    Code {
        ccode: 730,
        cow: "KOR",
        iso: Some("KOR_1905"),
        name: "Korea",
    },
    Code {
        ccode: 731,
        cow: "PRK",
        iso: Some("PRK"),
        name: "North Korea",
    },
    Code {
        ccode: 732,
        cow: "ROK",
        iso: Some("KOR"),
        name: "South Korea",
    },
    Code {
        ccode: 740,
        cow: "JPN",
        iso: Some("JPN"),
        name: "Japan",
    },
    Code {
        ccode: 750,
        cow: "IND",
        iso: Some("IND"),
        name: "India",
    },
    Code {
        ccode: 760,
        cow: "BHU",
        iso: Some("BTN"),
        name: "Bhutan",
    },
    Code {
        ccode: 770,
        cow: "PAK",
        iso: Some("PAK"),
        name: "Pakistan",
    },
    Code {
        ccode: 771,
        cow: "BNG",
        iso: Some("BGD"),
        name: "Bangladesh",
    },
    Code {
        ccode: 775,
        cow: "MYA",
        iso: Some("MMR"),
        name: "Myanmar",
    },
    Code {
        ccode: 780,
        cow: "SRI",
        iso: Some("LKA"),
        name: "Sri Lanka",
    },
    Code {
        ccode: 781,
        cow: "MAD",
        iso: Some("MDV"),
        name: "Maldives",
    },
    Code {
        ccode: 790,
        cow: "NEP",
        iso: Some("NPL"),
        name: "Nepal",
    },
    Code {
        ccode: 800,
        cow: "THI",
        iso: Some("THA"),
        name: "Thailand",
    },
    Code {
        ccode: 811,
        cow: "CAM",
        iso: Some("KHM"),
        name: "Cambodia",
    },
    Code {
        ccode: 812,
        cow: "LAO",
        iso: Some("LAO"),
        name: "Laos",
    },
    Code {
        ccode: 816,
        cow: "DRV",
        iso: Some("VNM"),
        name: "Vietnam",
    },
    Code {
        ccode: 817,
        cow: "RVN",
        iso: None,
        name: "Republic of Vietnam",
    },
    Code {
        ccode: 820,
        cow: "MAL",
        iso: Some("MYS"),
        name: "Malaysia",
    },
    Code {
        ccode: 830,
        cow: "SIN",
        iso: Some("SGP"),
        name: "Singapore",
    },
    Code {
        ccode: 835,
        cow: "BRU",
        iso: Some("BRN"),
        name: "Brunei",
    },
    Code {
        ccode: 840,
        cow: "PHI",
        iso: Some("PHL"),
        name: "Philippines",
    },
    Code {
        ccode: 850,
        cow: "INS",
        iso: Some("IDN"),
        name: "Indonesia",
    },
    Code {
        ccode: 860,
        cow: "ETM",
        iso: Some("TLS"),
        name: "East Timor",
    },
    Code {
        ccode: 900,
        cow: "AUL",
        iso: Some("AUS"),
        name: "Australia",
    },
    Code {
        ccode: 910,
        cow: "PNG",
        iso: Some("PNG"),
        name: "Papua New Guinea",
    },
    Code {
        ccode: 920,
        cow: "NEW",
        iso: Some("NZL"),
        name: "New Zealand",
    },
    Code {
        ccode: 935,
        cow: "VAN",
        iso: Some("VUT"),
        name: "Vanuatu",
    },
    Code {
        ccode: 940,
        cow: "SOL",
        iso: Some("SLB"),
        name: "Solomon Islands",
    },
    Code {
        ccode: 946,
        cow: "KIR",
        iso: Some("KIR"),
        name: "Kiribati",
    },
    Code {
        ccode: 947,
        cow: "TUV",
        iso: Some("TUV"),
        name: "Tuvalu",
    },
    Code {
        ccode: 950,
        cow: "FIJ",
        iso: Some("FJI"),
        name: "Fiji",
    },
    Code {
        ccode: 955,
        cow: "TON",
        iso: Some("TON"),
        name: "Tonga",
    },
    Code {
        ccode: 970,
        cow: "NAU",
        iso: Some("NRU"),
        name: "Nauru",
    },
    Code {
        ccode: 983,
        cow: "MSI",
        iso: Some("MHL"),
        name: "Marshall Islands",
    },
    Code {
        ccode: 986,
        cow: "PAL",
        iso: Some("PLW"),
        name: "Palau",
    },
    Code {
        ccode: 987,
        cow: "FSM",
        iso: Some("FSM"),
        name: "Federated States of Micronesia",
    },
    Code {
        ccode: 990,
        cow: "WSM",
        iso: Some("WSM"),
        name: "Samoa",
    },
];

/// The state with COW code `ccode`.
pub fn by_ccode(ccode: i32) -> Option<&'static Code> {
    CODES.iter().find(|c| c.ccode == ccode)
}

/// A state as the user named it on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// The id the scenario will use.
    pub id: String,
    pub code: &'static Code,
    /// How the token was read, for the citation ("ISO-3", "COW abbreviation", …).
    pub how: &'static str,
}

/// Reads one `--states` token: `ID=CODE` (your own id for a state), an ISO-3
/// code, a COW abbreviation, a COW number, or a COW state name. ISO-3 wins
/// over a COW abbreviation of another state (`AUS` is Australia; Austria is
/// `AUT` or 305); such readings are reported in `notes`.
pub fn resolve(token: &str, notes: &mut Vec<String>) -> Result<Resolved, Error> {
    let token = token.trim();
    if let Some((id, code)) = token.split_once('=') {
        let id = id.trim();
        if !valid_id(id) {
            return Err(Error::new(format!(
                "`{id}` is not a valid casus state id: it must match [A-Z][A-Z0-9_]{{1,15}}"
            )));
        }
        let mut r = resolve(code, notes)?;
        r.id = id.to_string();
        return Ok(r);
    }
    if token.is_empty() {
        return Err(Error::new(
            "an empty state in --states (two commas in a row?)".to_string(),
        ));
    }
    let up = token.to_uppercase();
    if let Some(c) = CODES.iter().find(|c| c.iso == Some(up.as_str())) {
        if let Some(other) = CODES.iter().find(|o| o.cow == up && o.ccode != c.ccode) {
            notes.push(format!(
                "`{token}` read as the ISO-3 code of {} (COW {}, {}); for {} use {} or {}",
                c.name,
                c.cow,
                c.ccode,
                other.name,
                other.iso.unwrap_or(other.cow),
                other.ccode
            ));
        }
        return Ok(Resolved {
            id: c.id().to_string(),
            code: c,
            how: "ISO-3",
        });
    }
    if let Some(c) = CODES.iter().find(|c| c.cow == up) {
        return Ok(Resolved {
            id: c.id().to_string(),
            code: c,
            how: "COW abbreviation",
        });
    }
    if let Ok(n) = token.trim_end_matches(".0").parse::<i32>() {
        if let Some(c) = by_ccode(n) {
            return Ok(Resolved {
                id: c.id().to_string(),
                code: c,
                how: "COW code",
            });
        }
        return Err(Error::new(format!("no state has COW code {n}")));
    }
    if let Some(c) = CODES.iter().find(|c| c.name.eq_ignore_ascii_case(token)) {
        return Ok(Resolved {
            id: c.id().to_string(),
            code: c,
            how: "COW name",
        });
    }
    let mut e = Error::new(format!("unknown state `{token}`"));
    let candidates = CODES
        .iter()
        .flat_map(|c| [c.iso.unwrap_or(c.cow), c.cow, c.name]);
    e.help = Some(match nearest(token, candidates) {
        Some(n) => {
            let c = CODES
                .iter()
                .find(|c| c.iso == Some(n) || c.cow == n || c.name == n)
                .expect("a suggestion comes from the table");
            format!(
                "did you mean `{}` ({}, COW {} / {})? States are named by ISO-3 code, COW abbreviation, COW number or name",
                c.id(),
                c.name,
                c.cow,
                c.ccode
            )
        }
        None => {
            "states are named by ISO-3 code (PAK), COW abbreviation (UAE), COW number (696) or name"
                .to_string()
        }
    });
    Err(e)
}

/// `[A-Z][A-Z0-9_]{1,15}`, the casus state-id grammar.
pub fn valid_id(id: &str) -> bool {
    let b = id.as_bytes();
    (2..=16).contains(&b.len())
        && b[0].is_ascii_uppercase()
        && b[1..]
            .iter()
            .all(|&c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == b'_')
}

/// The candidate closest to `word`, if close enough to be a likely typo.
pub fn nearest<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let w = word.to_lowercase();
    let mut best: Option<(f64, &'a str)> = None;
    for cand in candidates {
        let c = cand.to_lowercase();
        if c == w {
            return Some(cand);
        }
        let longest = w.chars().count().max(c.chars().count()).max(1) as f64;
        let osa = 1.0 - strsim::osa_distance(&w, &c) as f64 / longest;
        let jw = strsim::jaro_winkler(&w, &c);
        if osa < 0.5 && jw < 0.85 {
            continue;
        }
        let score = osa + jw;
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, cand));
        }
    }
    best.map(|(_, c)| c)
}
