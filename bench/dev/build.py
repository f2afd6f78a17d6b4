# ruff: noqa: E501  (invented document text and question data: long lines are sentences)
"""Write the development corpus (bench/dev/corpus/) and its question set (bench/eval_dev.jsonl).

    python bench/dev/build.py

Invented documents of 12 States, 6 committees and the six languages: concluding observations,
follow-up assessments (English and Chinese, the layouts the follow-up parser reads) and lists of
issues. Deterministic: the same files every run."""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
sys.path.insert(0, str(HERE))

from topics import TOPICS  # noqa: E402

from index.domain import committees, states  # noqa: E402

CORPUS = HERE / "corpus"
SET = HERE.parent / "eval_dev.jsonl"

# code, committee, language, report number, session, year, topics, numbers per topic
DOCS = [
    ("KEN", "CAT", "en", 3, 81, 2025, ("detention", "juvenile", "trafficking"), (18, 8, 4)),
    ("AND", "CRPD", "fr", 1, 29, 2023, ("education", "birth", "violence"), (61, 2, 11)),
    ("PER", "CRC", "es", 6, 95, 2024, ("birth", "juvenile", "violence"), (35, 12, 240)),
    ("KAZ", "CEDAW", "ru", 6, 88, 2024, ("violence", "trafficking", "education"), (320, 7, 44)),
    ("JOR", "CERD", "ar", 20, 110, 2023, ("hate", "trafficking", "birth"), (57, 3, 21)),
    ("MNG", "CESCR", "zh", 5, 74, 2023, ("water", "violence", "education"), (38, 95, 52)),
    ("LVA", "CESCR", "en", 3, 76, 2024, ("water", "hate", "education"), (12, 140, 27)),
    ("CHL", "CAT", "es", 7, 79, 2024, ("detention", "juvenile", "violence"), (24, 16, 410)),
    ("MAR", "CRC", "fr", 5, 93, 2023, ("birth", "education", "juvenile"), (48, 70, 12)),
    ("VNM", "CEDAW", "en", 9, 86, 2023, ("trafficking", "violence", "education"), (9, 150, 33)),
    ("SEN", "CRPD", "en", 1, 31, 2024, ("education", "birth", "water"), (80, 64, 45)),
    ("KGZ", "CAT", "ru", 3, 77, 2023, ("detention", "trafficking", "juvenile"), (14, 5, 14)),
]
# Follow-up assessments: State, language, grades per followed-up topic (first two topics)
FOLLOW_UPS = {
    "KEN": ("en", (("B",), ("C",))),
    "MNG": ("zh", (("A",), ("B", "C"))),
    "VNM": ("en", (("C",), ("B",))),
    "CHL": ("zh", (("B",), ("D",))),
    "SEN": ("en", (("A",), ("B",))),
    "PER": ("en", (("C",), ("B",))),
}
LIST_OF_ISSUES = ("KAZ", "JOR", "LVA", "AND")
BODY = {
    "CAT": "CAT/C",
    "CRPD": "CRPD/C",
    "CRC": "CRC/C",
    "CEDAW": "CEDAW/C",
    "CERD": "CERD/C",
    "CESCR": "E/C.12",
}
UNINDEXED = ("FRA", "BRA", "JPN", "DEU", "NGA")

MONTHS = {
    "en": "January February March April May June July August September October November December".split(),
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split(),
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre".split(),
    "ru": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split(),
    "ar": [
        "كانون الثاني/يناير",
        "شباط/فبراير",
        "آذار/مارس",
        "نيسان/أبريل",
        "أيار/مايو",
        "حزيران/يونيه",
        "تموز/يوليه",
        "آب/أغسطس",
        "أيلول/سبتمبر",
        "تشرين الأول/أكتوبر",
        "تشرين الثاني/نوفمبر",
        "كانون الأول/ديسمبر",
    ],
}
UN = {
    "en": "United Nations",
    "fr": "Nations Unies",
    "es": "Naciones Unidas",
    "ru": "Организация Объединенных Наций",
    "ar": "الأمم المتحدة",
    "zh": "联合国",
}
LANG_NAME = {
    "en": "English",
    "fr": "French",
    "es": "Spanish",
    "ru": "Russian",
    "ar": "Arabic",
    "zh": "Chinese",
}
# French forms of the States' names: with article, after "à", after "en"
FR = {
    "KEN": ("le Kenya", "au Kenya", "au Kenya"),
    "AND": ("l'Andorre", "à l'Andorre", "en Andorre"),
    "PER": ("le Pérou", "au Pérou", "au Pérou"),
    "KAZ": ("le Kazakhstan", "au Kazakhstan", "au Kazakhstan"),
    "JOR": ("la Jordanie", "à la Jordanie", "en Jordanie"),
    "MNG": ("la Mongolie", "à la Mongolie", "en Mongolie"),
    "LVA": ("la Lettonie", "à la Lettonie", "en Lettonie"),
    "CHL": ("le Chili", "au Chili", "au Chili"),
    "MAR": ("le Maroc", "au Maroc", "au Maroc"),
    "VNM": ("le Viet Nam", "au Viet Nam", "au Viet Nam"),
    "SEN": ("le Sénégal", "au Sénégal", "au Sénégal"),
    "KGZ": ("le Kirghizistan", "au Kirghizistan", "au Kirghizistan"),
    "FRA": ("la France", "à la France", "en France"),
    "BRA": ("le Brésil", "au Brésil", "au Brésil"),
    "JPN": ("le Japon", "au Japon", "au Japon"),
    "DEU": ("l'Allemagne", "à l'Allemagne", "en Allemagne"),
    "NGA": ("le Nigéria", "au Nigéria", "au Nigéria"),
}


def name(code: str, language: str) -> str:
    return states.state_name(code, language)


def date_text(language: str, day: int, month: int, year: int) -> str:
    if language == "zh":
        return f"{year}年{month}月{day}日"
    if language == "en":
        return f"{day} {MONTHS['en'][month - 1]} {year}"
    suffix = " года" if language == "ru" else ""
    joiner = " de " if language == "es" else " "
    return f"{day}{joiner}{MONTHS[language][month - 1]}{joiner}{year}{suffix}"


def co_symbol(doc) -> str:
    return f"{BODY[doc[1]]}/{doc[0]}/CO/{doc[3]}"


# Frames of concluding observations, per language
CO_FRAME = {
    "en": dict(
        title="Concluding observations on the periodic report of {S}",
        a="## A. Introduction",
        b="## B. Positive aspects",
        c="## C. Principal subjects of concern and recommendations",
        d="## D. Dissemination and follow-up",
        intro="The Committee considered the periodic report of {S} at its {m}th and {m1}th meetings, held on {d1} and {d2}, and adopted the present concluding observations at its {m2}th meeting.",
        thanks="The Committee welcomes the submission of the report and thanks the delegation of the State party for the constructive dialogue held with it.",
        ratif="The Committee welcomes the ratification by the State party of the Optional Protocol to the {T} in {y}.",
        plan="The Committee notes with appreciation the adoption of the National Human Rights Action Plan for the period {y}–{y4}.",
        rec="The Committee recommends that the State party:",
        follow="The Committee requests the State party to provide, within 24 months, information on the implementation of the recommendations contained in paragraphs {p1} and {p2} above.",
        dissem="The Committee requests the State party to disseminate the present concluding observations widely, including in local languages.",
        foot="\\* Adopted by the Committee at its {sess}th session ({d3}).",
    ),
    "fr": dict(
        title="Observations finales concernant le rapport périodique de {S}",
        a="## A. Introduction",
        b="## B. Aspects positifs",
        c="## C. Principaux sujets de préoccupation et recommandations",
        d="## D. Diffusion et suivi",
        intro="Le Comité a examiné le rapport périodique de {S} à ses {m}e et {m1}e séances, tenues les {d1} et {d2}, et a adopté les présentes observations finales à sa {m2}e séance.",
        thanks="Le Comité accueille avec satisfaction la soumission du rapport et remercie la délégation de l'État partie pour le dialogue constructif qu'il a eu avec elle.",
        ratif="Le Comité salue la ratification par l'État partie du Protocole facultatif se rapportant à la {T} en {y}.",
        plan="Le Comité note avec satisfaction l'adoption du Plan d'action national pour les droits de l'homme pour la période {y}-{y4}.",
        rec="Le Comité recommande à l'État partie :",
        follow="Le Comité demande à l'État partie de lui fournir, dans un délai de vingt-quatre mois, des renseignements sur la suite donnée aux recommandations formulées aux paragraphes {p1} et {p2} ci-dessus.",
        dissem="Le Comité demande à l'État partie de diffuser largement les présentes observations finales, y compris dans les langues locales.",
        foot="\\* Adoptées par le Comité à sa {sess}e session ({d3}).",
    ),
    "es": dict(
        title="Observaciones finales sobre el informe periódico de {S}",
        a="## A. Introducción",
        b="## B. Aspectos positivos",
        c="## C. Principales motivos de preocupación y recomendaciones",
        d="## D. Difusión y seguimiento",
        intro="El Comité examinó el informe periódico de {S} en sus sesiones {m}ª y {m1}ª, celebradas los días {d1} y {d2}, y aprobó las presentes observaciones finales en su {m2}ª sesión.",
        thanks="El Comité acoge con beneplácito la presentación del informe y agradece a la delegación del Estado parte el diálogo constructivo mantenido.",
        ratif="El Comité acoge con satisfacción la ratificación por el Estado parte del Protocolo Facultativo de la {T} en {y}.",
        plan="El Comité observa con aprecio la aprobación del Plan Nacional de Acción en Derechos Humanos para el período {y}-{y4}.",
        rec="El Comité recomienda al Estado parte que:",
        follow="El Comité solicita al Estado parte que, en un plazo de 24 meses, proporcione información sobre la aplicación de las recomendaciones formuladas en los párrafos {p1} y {p2} supra.",
        dissem="El Comité solicita al Estado parte que difunda ampliamente las presentes observaciones finales, también en los idiomas locales.",
        foot="\\* Aprobadas por el Comité en su {sess}º período de sesiones ({d3}).",
    ),
    "ru": dict(
        title="Заключительные замечания по периодическому докладу {S}",
        a="## А. Введение",
        b="## В. Позитивные аспекты",
        c="## С. Основные вопросы, вызывающие обеспокоенность, и рекомендации",
        d="## D. Распространение и последующие меры",
        intro="Комитет рассмотрел периодический доклад государства-участника {S} на своих {m}-м и {m1}-м заседаниях, состоявшихся {d1} и {d2}, и принял настоящие заключительные замечания на своем {m2}-м заседании.",
        thanks="Комитет приветствует представление доклада и благодарит делегацию государства-участника за конструктивный диалог.",
        ratif="Комитет приветствует ратификацию государством-участником Факультативного протокола к {T} в {y} году.",
        plan="Комитет с удовлетворением отмечает принятие Национального плана действий в области прав человека на {y}–{y4} годы.",
        rec="Комитет рекомендует государству-участнику:",
        follow="Комитет просит государство-участник в течение 24 месяцев представить информацию о выполнении рекомендаций, содержащихся в пунктах {p1} и {p2} выше.",
        dissem="Комитет просит государство-участник широко распространить настоящие заключительные замечания, в том числе на местных языках.",
        foot="\\* Приняты Комитетом на его {sess}-й сессии ({d3}).",
    ),
    "ar": dict(
        title="الملاحظات الختامية بشأن التقرير الدوري المقدم من {S}",
        a="## ألف- مقدمة",
        b="## باء- الجوانب الإيجابية",
        c="## جيم- دواعي القلق الرئيسية والتوصيات",
        d="## دال- النشر والمتابعة",
        intro="نظرت اللجنة في التقرير الدوري المقدم من {S} في جلستيها {m} و{m1}، المعقودتين في {d1} و{d2}، واعتمدت هذه الملاحظات الختامية في جلستها {m2}.",
        thanks="ترحب اللجنة بتقديم التقرير وتشكر وفد الدولة الطرف على الحوار البناء الذي أجرته معه.",
        ratif="ترحب اللجنة بتصديق الدولة الطرف على البروتوكول الاختياري الملحق بـ{T} في عام {y}.",
        plan="تلاحظ اللجنة مع التقدير اعتماد خطة العمل الوطنية لحقوق الإنسان للفترة {y}-{y4}.",
        rec="توصي اللجنة الدولة الطرف بما يلي:",
        follow="تطلب اللجنة إلى الدولة الطرف أن تقدم، في غضون 24 شهرا، معلومات عن تنفيذ التوصيات الواردة في الفقرتين {p1} و{p2} أعلاه.",
        dissem="تطلب اللجنة إلى الدولة الطرف أن تنشر هذه الملاحظات الختامية على نطاق واسع، بما في ذلك باللغات المحلية.",
        foot="\\* اعتمدتها اللجنة في دورتها {sess} ({d3}).",
    ),
    "zh": dict(
        title="关于{S}定期报告的结论性意见",
        a="## A. 导言",
        b="## B. 积极方面",
        c="## C. 关注的主要问题和建议",
        d="## D. 传播和后续行动",
        intro="委员会在{d1}和{d2}举行的第{m}次和第{m1}次会议上审议了{S}的定期报告，并在第{m2}次会议上通过了本结论性意见。",
        thanks="委员会欢迎缔约国提交报告，并感谢缔约国代表团与委员会进行了建设性对话。",
        ratif="委员会欢迎缔约国于{y}年批准了《{T}任择议定书》。",
        plan="委员会赞赏地注意到缔约国通过了{y}-{y4}年国家人权行动计划。",
        rec="委员会建议缔约国：",
        follow="委员会请缔约国在24个月内提供资料，说明上文第{p1}段和第{p2}段所载建议的落实情况。",
        dissem="委员会请缔约国广泛传播本结论性意见，包括以当地语言传播。",
        foot="\\* 委员会第{sess}届会议({d3})通过。",
    ),
}
ITEM = {"en": "({})", "fr": "{})", "es": "{})", "ru": "{})", "ar": "({})", "zh": "({})"}
AR_LETTERS = "abc"


def co_text(doc) -> str:
    code, comm, lang, number, session, year, topics, numbers = doc
    frame = CO_FRAME[lang]
    state = FR[code][0] if lang == "fr" else name(code, lang)
    dates = {
        "d1": date_text(lang, 3, 2, year),
        "d2": date_text(lang, 4, 2, year),
        "d3": date_text(lang, 27, 2, year),
        "y": year - 3,
        "y4": year + 1,
        "m": 2000 + session,
        "m1": 2001 + session,
        "m2": 2014 + session,
        "sess": session,
        "S": state,
        "T": committees.committee(comm).treaty_name(lang),
        "p1": 6,
        "p2": 8,
    }
    if lang == "zh":
        dates["d3"] = f"{year}年2月2日至27日"
    sep = "- " if lang == "ar" else ". "
    lines = [
        f"{UN[lang]}\t{co_symbol(doc)}",
        "",
        f"# {committees.committee(comm).treaty_name(lang)}",
        "",
        "Distr.: General  ",
        date_text(lang, 28, 2, year) + "  ",
        LANG_NAME[lang] + "  ",
        "Original: English",
        "",
        f"## {committees.committee_name(comm, lang)}",
        "",
        f"### {frame['title'].format(**dates)}\\*",
        "",
        frame["a"],
        "",
    ]
    para = 1
    for key in ("intro", "thanks"):
        lines += [f"{para}{sep}{frame[key].format(**dates)}", ""]
        para += 1
    lines += [frame["b"], ""]
    for key in ("ratif", "plan"):
        lines += [f"{para}{sep}{frame[key].format(**dates)}", ""]
        para += 1
    lines += [frame["c"], ""]
    for topic, n in zip(topics, numbers, strict=True):
        heading, concern, items = TOPICS[topic][lang]
        lines += [
            f"### {heading}",
            "",
            f"{para}{sep}{concern.format(n=n)}",
            "",
            f"{para + 1}{sep}{frame['rec']}",
            "",
        ]
        for letter, item in zip("abc", items, strict=True):
            lines += [f"{ITEM[lang].format(letter)} {item}", ""]
        para += 2
    lines += [frame["d"], ""]
    for key in ("follow", "dissem"):
        lines += [f"{para}{sep}{frame[key].format(**dates)}", ""]
        para += 1
    lines += [frame["foot"].format(**dates), ""]
    return "\n".join(lines)


# Follow-up assessments (English and Chinese layouts of the seed and tests/data/follow_up_en.md)
VERDICT = {
    "en": {
        "A": "The Committee considers that the recommendation has been implemented.",
        "B": "The Committee considers that the recommendation has been partially implemented.",
        "C": "The Committee considers that the recommendation has not been implemented.",
        "D": "The Committee considers that the measures taken are contrary to the recommendation.",
    },
    "zh": {
        "A": "委员会认为该建议已得到执行。",
        "B": "委员会认为该建议已得到部分执行。",
        "C": "委员会认为该建议尚未得到执行。",
        "D": "委员会认为所采取的措施与该建议相悖。",
    },
}
BODY_TEXT = {
    "en": {
        "A": "The Committee welcomes the detailed information provided by the State party on {h}, including the new regulation adopted in {y}.",
        "B": "The Committee notes the information on {h} and the draft measures described by the State party, but regrets that they have not yet been adopted.",
        "C": "The Committee regrets that the State party provided no information on {h} and reiterates its recommendation.",
        "D": "The Committee is concerned that the State party has taken steps on {h} that go against what it recommended.",
    },
    "zh": {
        "A": "委员会欢迎缔约国就{h}提供的详细资料，包括{y}年通过的新规定。",
        "B": "委员会注意到缔约国就{h}提供的资料和所述的措施草案，但遗憾的是这些措施尚未通过。",
        "C": "委员会遗憾的是缔约国未就{h}提供任何资料，并重申其建议。",
        "D": "委员会关切的是，缔约国就{h}采取的步骤违背了委员会的建议。",
    },
}


def follow_up_symbol(doc) -> str:
    return f"{BODY[doc[1]]}/{doc[4] + 2}/2/Add.1"


def follow_up_text(doc) -> str:
    code, comm, lang0, number, session, year, topics, numbers = doc
    lang, grades = FOLLOW_UPS[code]
    state = name(code, lang)
    paras = (6, 8)
    reply = f"{BODY[comm]}/{code}/FCO/{number}"
    summary = ", ".join(
        f"{p} " + " ".join(f"[{g}]" for g in gs) for p, gs in zip(paras, grades, strict=True)
    )
    committee = committees.committee_name(comm, lang)
    treaty = committees.committee(comm).treaty_name(lang)
    if lang == "en":
        head = [
            f"United Nations\t{follow_up_symbol(doc)}",
            "",
            f"# {treaty}",
            "",
            "Distr.: General  ",
            f"{date_text('en', 20, 5, year + 2)}  ",
            "Original: English",
            "",
            f"## {committee}",
            "",
            "### Report on follow-up to the concluding observations of the Committee\\*",
            "",
            "Addendum",
            "",
            f"#### Assessment of the information on follow-up to the concluding observations on {state}",
            "",
            f'Concluding observations ({session}th session):\t<a href="#">{co_symbol(doc)}</a>, {date_text("en", 27, 2, year)}',
            f"Follow-up paragraphs:\t{paras[0]} and {paras[1]}",
            f"Information received from State party:\t{reply}, {date_text('en', 15, 3, year + 2)}",
            f"Committee's evaluation:\t{summary.replace(', ', ' and ')}",
            "",
        ]
    else:
        head = [
            "",
            f"# {treaty}",
            "",
            "Distr.: General  ",
            f"{date_text('zh', 20, 5, year + 2)}  ",
            "Chinese  ",
            "Original: English",
            "",
            f"## {committee}",
            "",
            "### 关于委员会结论性意见后续行动的报告\\*",
            "",
            "增编",
            "",
            f"#### 对{state}结论性意见后续行动资料的评价",
            "",
            f'结论性意见(第{session}届会议):\t<a href="#">{co_symbol(doc)}</a> , {date_text("zh", 27, 2, year)}',
            f"关于后续行动的段落:\t第{paras[0]}和第{paras[1]}段",
            f'从缔约国收到的资料:\t<a href="#">{reply}</a> , {date_text("zh", 15, 3, year + 2)}',
            f"委员会的评价:\t{summary.replace(', ', '和')}",
            "",
        ]
    body, first = [], 1
    for index, (topic, _n, gs) in enumerate(zip(topics[:2], numbers[:2], grades, strict=True)):
        heading, concern, items = TOPICS[topic][lang]
        p = paras[index]
        last = first + 5
        if lang == "en":
            body += [
                f"### Paragraph {p}: {heading}",
                "",
                "The Committee recommended that the State party:",
                "",
            ]
            body += [f"({letter}) {item}" for letter, item in zip("abc", items, strict=True)] + [""]
            if index == 0:
                body += [
                    f"\\* Adopted by the Committee at its {session + 2}th session (2–20 June {year + 2}).",
                    "",
                ]
            body += [
                "### State party's reply",
                "",
                f"The State party's reply is contained in {reply}, paragraphs {first} to {last}.",
                "",
                "### Committee's evaluation",
                "",
            ]
        else:
            body += [f"#### 第{p}段: {heading}", "", "委员会建议缔约国:", ""]
            body += [f"({letter}) {item}" for letter, item in zip("abc", items, strict=True)] + [""]
            if index == 0:
                body += [f"\\* 委员会第{session + 2}届会议({year + 2}年6月2日至20日)通过。", ""]
            body += [
                "## 缔约国的答复",
                "",
                f"缔约国的答复载于 {reply}, 第 {first} 至第 {last} 段。",
                "",
                "## 委员会的评价",
                "",
            ]
        groups = [("a", "b", "c")] if len(gs) == 1 else [("a", "b"), ("c",)]
        for grade, group in zip(gs, groups, strict=True):
            if lang == "en":
                label = " and ".join(f"({g})" for g in group)
                body += [f"#### [{grade}]: paragraph {p} {label}", ""]
            else:
                label = "和".join(f"({g})项" for g in group)
                body += [f"### [{grade}]: 第 {p} 段{label}", ""]
            body += [
                BODY_TEXT[lang][grade].format(
                    h=heading.lower() if lang == "en" else heading, y=year + 1
                )
                + " "
                + VERDICT[lang][grade],
                "",
            ]
        first = last + 1
    return "\n".join(head + body)


LOI_FRAME = {
    "en": (
        "List of issues in relation to the periodic report of {S}",
        "Please provide information on the measures taken in response to the Committee's concerns about {h}.",
        "Please indicate the budget allocated to {h} in the past three years.",
    ),
    "fr": (
        "Liste de points concernant le rapport périodique de {S}",
        "Veuillez fournir des renseignements sur les mesures prises pour répondre aux préoccupations du Comité concernant : {h}.",
        "Veuillez indiquer le budget alloué au domaine suivant au cours des trois dernières années : {h}.",
    ),
    "ru": (
        "Перечень вопросов в связи с периодическим докладом государства-участника {S}",
        "Просьба представить информацию о мерах, принятых в ответ на обеспокоенность Комитета в области: {h}.",
        "Просьба указать бюджет, выделенный за последние три года на следующую область: {h}.",
    ),
    "ar": (
        "قائمة المسائل المتعلقة بالتقرير الدوري المقدم من {S}",
        "يرجى تقديم معلومات عن التدابير المتخذة استجابة لشواغل اللجنة بشأن {h}.",
        "يرجى بيان الميزانية المخصصة لمجال {h} خلال السنوات الثلاث الماضية.",
    ),
}


def loi_text(doc) -> str:
    code, comm, lang, number, session, year, topics, numbers = doc
    title, ask, budget = LOI_FRAME[lang]
    state = FR[code][0] if lang == "fr" else name(code, lang)
    sep = "- " if lang == "ar" else ". "
    lines = [
        f"{UN[lang]}\t{BODY[comm]}/{code}/Q/{number + 1}",
        "",
        f"# {committees.committee(comm).treaty_name(lang)}",
        "",
        "Distr.: General  ",
        date_text(lang, 10, 9, year + 2) + "  ",
        LANG_NAME[lang] + "  ",
        "Original: English",
        "",
        f"## {committees.committee_name(comm, lang)}",
        "",
        f"### {title.format(S=state)}\\*",
        "",
    ]
    para = 1
    for topic in topics:
        heading = TOPICS[topic][lang][0]
        lines += [
            f"### {heading}",
            "",
            f"{para}{sep}{ask.format(h=heading.lower())}",
            "",
            f"{para + 1}{sep}{budget.format(h=heading.lower())}",
            "",
        ]
        para += 2
    return "\n".join(lines)


def file_name(symbol: str, kind: str, lang: str) -> str:
    return symbol.replace("/", "_").replace(".", "") + f"_{kind}_{lang}.md"


def build_corpus() -> dict:
    """Write every document; returns {(code, kind): (symbol, language)}."""
    CORPUS.mkdir(exist_ok=True)
    for old in CORPUS.glob("*.md"):
        old.unlink()
    made = {}
    for doc in DOCS:
        symbol = co_symbol(doc)
        (CORPUS / file_name(symbol, "co", doc[2])).write_text(co_text(doc), encoding="utf-8")
        made[(doc[0], "co")] = (symbol, doc[2])
        if doc[0] in FOLLOW_UPS:
            lang = FOLLOW_UPS[doc[0]][0]
            fsym = follow_up_symbol(doc)
            (CORPUS / file_name(fsym, "follow-up", lang)).write_text(
                follow_up_text(doc), encoding="utf-8"
            )
            made[(doc[0], "fu")] = (fsym, lang)
        if doc[0] in LIST_OF_ISSUES:
            (
                CORPUS / file_name(f"{BODY[doc[1]]}/{doc[0]}/Q/{doc[3] + 1}", "loi", doc[2])
            ).write_text(loi_text(doc), encoding="utf-8")
    return made


if __name__ == "__main__":
    build_corpus()
    import questions  # noqa: E402

    rows = questions.make_questions()
    SET.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )
    print(f"{len(list(CORPUS.glob('*.md')))} documents, {len(rows)} questions", file=sys.stderr)
