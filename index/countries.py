"""UN member and observer States (ISO 3166-1 alpha-3, English and Chinese names), symbol helpers."""

from __future__ import annotations

import re

# code: (English short name, Chinese name). 193 UN Member States, then the 2 observer States.
COUNTRIES: dict[str, tuple[str, str]] = {
    "AFG": ("Afghanistan", "阿富汗"),
    "ALB": ("Albania", "阿尔巴尼亚"),
    "DZA": ("Algeria", "阿尔及利亚"),
    "AND": ("Andorra", "安道尔"),
    "AGO": ("Angola", "安哥拉"),
    "ATG": ("Antigua and Barbuda", "安提瓜和巴布达"),
    "ARG": ("Argentina", "阿根廷"),
    "ARM": ("Armenia", "亚美尼亚"),
    "AUS": ("Australia", "澳大利亚"),
    "AUT": ("Austria", "奥地利"),
    "AZE": ("Azerbaijan", "阿塞拜疆"),
    "BHS": ("Bahamas", "巴哈马"),
    "BHR": ("Bahrain", "巴林"),
    "BGD": ("Bangladesh", "孟加拉国"),
    "BRB": ("Barbados", "巴巴多斯"),
    "BLR": ("Belarus", "白俄罗斯"),
    "BEL": ("Belgium", "比利时"),
    "BLZ": ("Belize", "伯利兹"),
    "BEN": ("Benin", "贝宁"),
    "BTN": ("Bhutan", "不丹"),
    "BOL": ("Bolivia (Plurinational State of)", "多民族玻利维亚国"),
    "BIH": ("Bosnia and Herzegovina", "波斯尼亚和黑塞哥维那"),
    "BWA": ("Botswana", "博茨瓦纳"),
    "BRA": ("Brazil", "巴西"),
    "BRN": ("Brunei Darussalam", "文莱达鲁萨兰国"),
    "BGR": ("Bulgaria", "保加利亚"),
    "BFA": ("Burkina Faso", "布基纳法索"),
    "BDI": ("Burundi", "布隆迪"),
    "CPV": ("Cabo Verde", "佛得角"),
    "KHM": ("Cambodia", "柬埔寨"),
    "CMR": ("Cameroon", "喀麦隆"),
    "CAN": ("Canada", "加拿大"),
    "CAF": ("Central African Republic", "中非共和国"),
    "TCD": ("Chad", "乍得"),
    "CHL": ("Chile", "智利"),
    "CHN": ("China", "中国"),
    "COL": ("Colombia", "哥伦比亚"),
    "COM": ("Comoros", "科摩罗"),
    "COG": ("Congo", "刚果"),
    "CRI": ("Costa Rica", "哥斯达黎加"),
    "CIV": ("Côte d'Ivoire", "科特迪瓦"),
    "HRV": ("Croatia", "克罗地亚"),
    "CUB": ("Cuba", "古巴"),
    "CYP": ("Cyprus", "塞浦路斯"),
    "CZE": ("Czechia", "捷克"),
    "PRK": ("Democratic People's Republic of Korea", "朝鲜民主主义人民共和国"),
    "COD": ("Democratic Republic of the Congo", "刚果民主共和国"),
    "DNK": ("Denmark", "丹麦"),
    "DJI": ("Djibouti", "吉布提"),
    "DMA": ("Dominica", "多米尼克"),
    "DOM": ("Dominican Republic", "多米尼加共和国"),
    "ECU": ("Ecuador", "厄瓜多尔"),
    "EGY": ("Egypt", "埃及"),
    "SLV": ("El Salvador", "萨尔瓦多"),
    "GNQ": ("Equatorial Guinea", "赤道几内亚"),
    "ERI": ("Eritrea", "厄立特里亚"),
    "EST": ("Estonia", "爱沙尼亚"),
    "SWZ": ("Eswatini", "斯威士兰"),
    "ETH": ("Ethiopia", "埃塞俄比亚"),
    "FJI": ("Fiji", "斐济"),
    "FIN": ("Finland", "芬兰"),
    "FRA": ("France", "法国"),
    "GAB": ("Gabon", "加蓬"),
    "GMB": ("Gambia", "冈比亚"),
    "GEO": ("Georgia", "格鲁吉亚"),
    "DEU": ("Germany", "德国"),
    "GHA": ("Ghana", "加纳"),
    "GRC": ("Greece", "希腊"),
    "GRD": ("Grenada", "格林纳达"),
    "GTM": ("Guatemala", "危地马拉"),
    "GIN": ("Guinea", "几内亚"),
    "GNB": ("Guinea-Bissau", "几内亚比绍"),
    "GUY": ("Guyana", "圭亚那"),
    "HTI": ("Haiti", "海地"),
    "HND": ("Honduras", "洪都拉斯"),
    "HUN": ("Hungary", "匈牙利"),
    "ISL": ("Iceland", "冰岛"),
    "IND": ("India", "印度"),
    "IDN": ("Indonesia", "印度尼西亚"),
    "IRN": ("Iran (Islamic Republic of)", "伊朗伊斯兰共和国"),
    "IRQ": ("Iraq", "伊拉克"),
    "IRL": ("Ireland", "爱尔兰"),
    "ISR": ("Israel", "以色列"),
    "ITA": ("Italy", "意大利"),
    "JAM": ("Jamaica", "牙买加"),
    "JPN": ("Japan", "日本"),
    "JOR": ("Jordan", "约旦"),
    "KAZ": ("Kazakhstan", "哈萨克斯坦"),
    "KEN": ("Kenya", "肯尼亚"),
    "KIR": ("Kiribati", "基里巴斯"),
    "KWT": ("Kuwait", "科威特"),
    "KGZ": ("Kyrgyzstan", "吉尔吉斯斯坦"),
    "LAO": ("Lao People's Democratic Republic", "老挝人民民主共和国"),
    "LVA": ("Latvia", "拉脱维亚"),
    "LBN": ("Lebanon", "黎巴嫩"),
    "LSO": ("Lesotho", "莱索托"),
    "LBR": ("Liberia", "利比里亚"),
    "LBY": ("Libya", "利比亚"),
    "LIE": ("Liechtenstein", "列支敦士登"),
    "LTU": ("Lithuania", "立陶宛"),
    "LUX": ("Luxembourg", "卢森堡"),
    "MDG": ("Madagascar", "马达加斯加"),
    "MWI": ("Malawi", "马拉维"),
    "MYS": ("Malaysia", "马来西亚"),
    "MDV": ("Maldives", "马尔代夫"),
    "MLI": ("Mali", "马里"),
    "MLT": ("Malta", "马耳他"),
    "MHL": ("Marshall Islands", "马绍尔群岛"),
    "MRT": ("Mauritania", "毛里塔尼亚"),
    "MUS": ("Mauritius", "毛里求斯"),
    "MEX": ("Mexico", "墨西哥"),
    "FSM": ("Micronesia (Federated States of)", "密克罗尼西亚联邦"),
    "MCO": ("Monaco", "摩纳哥"),
    "MNG": ("Mongolia", "蒙古"),
    "MNE": ("Montenegro", "黑山"),
    "MAR": ("Morocco", "摩洛哥"),
    "MOZ": ("Mozambique", "莫桑比克"),
    "MMR": ("Myanmar", "缅甸"),
    "NAM": ("Namibia", "纳米比亚"),
    "NRU": ("Nauru", "瑙鲁"),
    "NPL": ("Nepal", "尼泊尔"),
    "NLD": ("Netherlands", "荷兰"),
    "NZL": ("New Zealand", "新西兰"),
    "NIC": ("Nicaragua", "尼加拉瓜"),
    "NER": ("Niger", "尼日尔"),
    "NGA": ("Nigeria", "尼日利亚"),
    "MKD": ("North Macedonia", "北马其顿"),
    "NOR": ("Norway", "挪威"),
    "OMN": ("Oman", "阿曼"),
    "PAK": ("Pakistan", "巴基斯坦"),
    "PLW": ("Palau", "帕劳"),
    "PAN": ("Panama", "巴拿马"),
    "PNG": ("Papua New Guinea", "巴布亚新几内亚"),
    "PRY": ("Paraguay", "巴拉圭"),
    "PER": ("Peru", "秘鲁"),
    "PHL": ("Philippines", "菲律宾"),
    "POL": ("Poland", "波兰"),
    "PRT": ("Portugal", "葡萄牙"),
    "QAT": ("Qatar", "卡塔尔"),
    "KOR": ("Republic of Korea", "大韩民国"),
    "MDA": ("Republic of Moldova", "摩尔多瓦共和国"),
    "ROU": ("Romania", "罗马尼亚"),
    "RUS": ("Russian Federation", "俄罗斯联邦"),
    "RWA": ("Rwanda", "卢旺达"),
    "KNA": ("Saint Kitts and Nevis", "圣基茨和尼维斯"),
    "LCA": ("Saint Lucia", "圣卢西亚"),
    "VCT": ("Saint Vincent and the Grenadines", "圣文森特和格林纳丁斯"),
    "WSM": ("Samoa", "萨摩亚"),
    "SMR": ("San Marino", "圣马力诺"),
    "STP": ("Sao Tome and Principe", "圣多美和普林西比"),
    "SAU": ("Saudi Arabia", "沙特阿拉伯"),
    "SEN": ("Senegal", "塞内加尔"),
    "SRB": ("Serbia", "塞尔维亚"),
    "SYC": ("Seychelles", "塞舌尔"),
    "SLE": ("Sierra Leone", "塞拉利昂"),
    "SGP": ("Singapore", "新加坡"),
    "SVK": ("Slovakia", "斯洛伐克"),
    "SVN": ("Slovenia", "斯洛文尼亚"),
    "SLB": ("Solomon Islands", "所罗门群岛"),
    "SOM": ("Somalia", "索马里"),
    "ZAF": ("South Africa", "南非"),
    "SSD": ("South Sudan", "南苏丹"),
    "ESP": ("Spain", "西班牙"),
    "LKA": ("Sri Lanka", "斯里兰卡"),
    "SDN": ("Sudan", "苏丹"),
    "SUR": ("Suriname", "苏里南"),
    "SWE": ("Sweden", "瑞典"),
    "CHE": ("Switzerland", "瑞士"),
    "SYR": ("Syrian Arab Republic", "阿拉伯叙利亚共和国"),
    "TJK": ("Tajikistan", "塔吉克斯坦"),
    "THA": ("Thailand", "泰国"),
    "TLS": ("Timor-Leste", "东帝汶"),
    "TGO": ("Togo", "多哥"),
    "TON": ("Tonga", "汤加"),
    "TTO": ("Trinidad and Tobago", "特立尼达和多巴哥"),
    "TUN": ("Tunisia", "突尼斯"),
    "TUR": ("Türkiye", "土耳其"),
    "TKM": ("Turkmenistan", "土库曼斯坦"),
    "TUV": ("Tuvalu", "图瓦卢"),
    "UGA": ("Uganda", "乌干达"),
    "UKR": ("Ukraine", "乌克兰"),
    "ARE": ("United Arab Emirates", "阿拉伯联合酋长国"),
    "GBR": ("United Kingdom of Great Britain and Northern Ireland", "大不列颠及北爱尔兰联合王国"),
    "TZA": ("United Republic of Tanzania", "坦桑尼亚联合共和国"),
    "USA": ("United States of America", "美利坚合众国"),
    "URY": ("Uruguay", "乌拉圭"),
    "UZB": ("Uzbekistan", "乌兹别克斯坦"),
    "VUT": ("Vanuatu", "瓦努阿图"),
    "VEN": ("Venezuela (Bolivarian Republic of)", "委内瑞拉玻利瓦尔共和国"),
    "VNM": ("Viet Nam", "越南"),
    "YEM": ("Yemen", "也门"),
    "ZMB": ("Zambia", "赞比亚"),
    "ZWE": ("Zimbabwe", "津巴布韦"),
    "VAT": ("Holy See", "教廷"),
    "PSE": ("State of Palestine", "巴勒斯坦国"),
}

# Other names a question or a document may use for a State (old, short or colloquial forms).
ALIASES: dict[str, tuple[str, ...]] = {
    "BOL": ("Bolivia", "玻利维亚", "玻利维亚多民族国"),
    "CIV": ("Cote d'Ivoire", "Côte d’Ivoire", "Ivory Coast"),
    "CPV": ("Cape Verde",),
    "CZE": ("Czech Republic", "捷克共和国"),
    "FSM": ("Micronesia",),
    "GBR": ("United Kingdom", "英国"),
    "IRN": ("Iran", "伊朗"),
    "KOR": ("South Korea", "韩国"),
    "PRK": ("North Korea", "朝鲜"),
    "LAO": ("Laos", "老挝"),
    "MDA": ("Moldova", "摩尔多瓦"),
    "NLD": ("Netherlands (Kingdom of the)", "荷兰王国"),
    "PSE": ("Palestine", "巴勒斯坦"),
    "RUS": ("Russia", "俄罗斯"),
    "SWZ": ("Swaziland", "埃斯瓦蒂尼"),
    "SYR": ("Syria", "叙利亚"),
    "TUR": ("Turkey",),
    "TZA": ("Tanzania", "坦桑尼亚"),
    "USA": ("United States", "美国"),
    "VEN": ("Venezuela", "委内瑞拉"),
    "VNM": ("Vietnam",),
    "ARE": ("阿联酋",),
}

# Symbols name the committee by its own prefix, except CESCR, whose documents are E/C.12/...
COMMITTEES = ("CAT", "CCPR", "CED", "CEDAW", "CERD", "CESCR", "CMW", "CRC", "CRPD", "SPT")
_COMMITTEE_PREFIXES = {"E/C.12": "CESCR", "CAT/OP": "SPT"}

SYMBOL_RE = re.compile(r"\b[A-Z][A-Z0-9.]*(?:/[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)*)+")


def country_name(code: str, language: str = "en") -> str | None:
    """The English (or, with language="zh", Chinese) name of an ISO3 code, or None if unknown."""
    names = COUNTRIES.get(code.upper())
    if names is None:
        return None
    return names[1] if language == "zh" else names[0]


def committee_from_symbol(symbol: str) -> str | None:
    """The committee of a UN symbol: "CMW/C/AZE/CO/3" -> "CMW", "E/C.12/AZE/CO/4" -> "CESCR"."""
    symbol = symbol.strip()
    for prefix, committee in _COMMITTEE_PREFIXES.items():
        if symbol.startswith(prefix + "/"):
            return committee
    head = symbol.split("/", 1)[0]
    return head if head in COMMITTEES else None


def country_from_symbol(symbol: str) -> str | None:
    """The ISO3 code of the State a symbol names: "CMW/C/AZE/CO/3" -> "AZE"; None if none."""
    for part in symbol.strip().split("/")[1:]:
        if part in COUNTRIES:
            return part
    return None


def parse_symbol(symbol: str) -> tuple[str | None, str | None]:
    """(committee, ISO3 country code) of a UN symbol, each None when the symbol does not say."""
    return committee_from_symbol(symbol), country_from_symbol(symbol)


def _name_pattern() -> re.Pattern[str]:
    """One alternation of every name and alias, longest first so "Guinea-Bissau" beats "Guinea"."""
    names = {name for names in COUNTRIES.values() for name in names}
    names.update(alias for aliases in ALIASES.values() for alias in aliases)
    alternatives = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![A-Za-z])(?:{alternatives})(?![A-Za-z])", re.IGNORECASE)


_NAMES = _name_pattern()
_CODE_BY_NAME = {
    name.casefold(): code
    for code, names in COUNTRIES.items()
    for name in (*names, *ALIASES.get(code, ()))
}


def find_country(text: str) -> str | None:
    """The ISO3 code of the first State named (in English or Chinese) in `text`, or None."""
    match = _NAMES.search(text)
    return _CODE_BY_NAME[match.group().casefold()] if match else None
