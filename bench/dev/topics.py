# ruff: noqa: E501  (invented document text and question data: long lines are sentences)
"""Invented topics of the development corpus in the six languages (bench/dev/build.py).

Every sentence here was written for this corpus; none is UN text. `{n}` is a State-specific
number (a law, a figure) that keeps two States' paragraphs on one topic apart."""

# topic -> language -> (heading, concern, recommendation items (a)-(c))
TOPICS = {
    "detention": {
        "en": (
            "Pretrial detention",
            "The Committee is concerned that persons awaiting trial are held for up to {n} months in overcrowded remand facilities, often without access to a lawyer.",
            (
                "Set a strict legal limit on the length of pretrial detention and review every remand order monthly;",
                "Guarantee access to a lawyer from the first hour of custody;",
                "Reduce overcrowding in remand facilities by using bail and other non-custodial measures.",
            ),
        ),
        "fr": (
            "Détention provisoire",
            "Le Comité est préoccupé par le fait que des personnes en attente de jugement sont détenues jusqu'à {n} mois dans des établissements surpeuplés, souvent sans accès à un avocat.",
            (
                "Fixer une durée maximale légale de la détention provisoire et réexaminer chaque mois toute décision de placement ;",
                "Garantir l'accès à un avocat dès la première heure de garde à vue ;",
                "Réduire la surpopulation carcérale en recourant à la liberté sous caution et aux mesures non privatives de liberté.",
            ),
        ),
        "es": (
            "Prisión preventiva",
            "Preocupa al Comité que las personas en espera de juicio permanezcan hasta {n} meses en centros de prisión preventiva hacinados, a menudo sin acceso a un abogado.",
            (
                "Establecer un límite legal estricto a la duración de la prisión preventiva y revisar mensualmente cada orden;",
                "Garantizar el acceso a un abogado desde la primera hora de la detención;",
                "Reducir el hacinamiento mediante la libertad bajo fianza y otras medidas no privativas de libertad.",
            ),
        ),
        "ru": (
            "Досудебное содержание под стражей",
            "Комитет обеспокоен тем, что лица, ожидающие суда, содержатся до {n} месяцев в переполненных следственных изоляторах, часто без доступа к адвокату.",
            (
                "установить строгий законный предел продолжительности досудебного содержания под стражей и ежемесячно пересматривать каждое решение;",
                "гарантировать доступ к адвокату с первого часа задержания;",
                "сократить переполненность изоляторов, применяя залог и другие меры, не связанные с лишением свободы.",
            ),
        ),
        "ar": (
            "الاحتجاز السابق للمحاكمة",
            "يساور اللجنة القلق لأن الأشخاص الذين ينتظرون المحاكمة يُحتجزون لمدة تصل إلى {n} شهرا في مرافق مكتظة، وغالبا دون الوصول إلى محام.",
            (
                "وضع حد قانوني صارم لمدة الاحتجاز السابق للمحاكمة ومراجعة كل أمر احتجاز شهريا؛",
                "ضمان الوصول إلى محام منذ الساعة الأولى من الاحتجاز؛",
                "الحد من الاكتظاظ باللجوء إلى الكفالة وغيرها من التدابير غير الاحتجازية.",
            ),
        ),
        "zh": (
            "审前羁押",
            "委员会关切的是，待审人员在拥挤的羁押场所被关押长达{n}个月，且往往无法会见律师。",
            (
                "对审前羁押的期限规定严格的法定上限，并每月复查每一项羁押令；",
                "保障被拘留者自羁押第一个小时起即可会见律师；",
                "通过保释和其他非监禁措施减少羁押场所的过度拥挤。",
            ),
        ),
    },
    "juvenile": {
        "en": (
            "Juvenile justice",
            "The Committee is concerned that the minimum age of criminal responsibility remains {n} years and that children are detained together with adults.",
            (
                "Raise the minimum age of criminal responsibility to at least 14 years;",
                "Ensure that children in conflict with the law are never held with adults;",
                "Establish specialized juvenile courts and diversion programmes.",
            ),
        ),
        "fr": (
            "Justice pour mineurs",
            "Le Comité est préoccupé par le fait que l'âge minimum de la responsabilité pénale reste fixé à {n} ans et que des enfants sont détenus avec des adultes.",
            (
                "Relever l'âge minimum de la responsabilité pénale à au moins 14 ans ;",
                "Veiller à ce que les enfants en conflit avec la loi ne soient jamais détenus avec des adultes ;",
                "Créer des tribunaux spécialisés pour mineurs et des programmes de déjudiciarisation.",
            ),
        ),
        "es": (
            "Justicia juvenil",
            "Preocupa al Comité que la edad mínima de responsabilidad penal siga siendo de {n} años y que haya niños recluidos junto con adultos.",
            (
                "Elevar la edad mínima de responsabilidad penal a por lo menos 14 años;",
                "Velar por que los niños en conflicto con la ley nunca estén recluidos con adultos;",
                "Establecer tribunales especializados de menores y programas de remisión.",
            ),
        ),
        "ru": (
            "Правосудие в отношении несовершеннолетних",
            "Комитет обеспокоен тем, что минимальный возраст уголовной ответственности по-прежнему составляет {n} лет и что дети содержатся вместе со взрослыми.",
            (
                "повысить минимальный возраст уголовной ответственности как минимум до 14 лет;",
                "обеспечить, чтобы дети, находящиеся в конфликте с законом, никогда не содержались вместе со взрослыми;",
                "создать специализированные суды по делам несовершеннолетних и программы альтернативного урегулирования.",
            ),
        ),
        "ar": (
            "قضاء الأحداث",
            "يساور اللجنة القلق لأن الحد الأدنى لسن المسؤولية الجنائية لا يزال {n} سنوات ولأن الأطفال يُحتجزون مع البالغين.",
            (
                "رفع الحد الأدنى لسن المسؤولية الجنائية إلى 14 سنة على الأقل؛",
                "ضمان عدم احتجاز الأطفال المخالفين للقانون مع البالغين أبدا؛",
                "إنشاء محاكم متخصصة للأحداث وبرامج لتحويل مسار القضايا.",
            ),
        ),
        "zh": (
            "少年司法",
            "委员会关切的是，最低刑事责任年龄仍为{n}岁，且儿童与成年人关押在一起。",
            (
                "将最低刑事责任年龄提高到至少14岁；",
                "确保触法儿童绝不与成年人关押在一起；",
                "设立专门的少年法庭和转处方案。",
            ),
        ),
    },
    "trafficking": {
        "en": (
            "Trafficking in persons",
            "The Committee is concerned at the low number of convictions for trafficking in persons, only {n} in the reporting period, and at the lack of shelters for victims.",
            (
                "Train police, labour inspectors and border officials to identify victims of trafficking;",
                "Prosecute traffickers and ensure penalties commensurate with the gravity of the crime;",
                "Open shelters for victims in every region and provide them with legal and psychological assistance.",
            ),
        ),
        "fr": (
            "Traite des personnes",
            "Le Comité est préoccupé par le faible nombre de condamnations pour traite des personnes, seulement {n} pendant la période considérée, et par le manque de foyers pour les victimes.",
            (
                "Former la police, les inspecteurs du travail et les agents des frontières à l'identification des victimes de la traite ;",
                "Poursuivre les trafiquants et veiller à ce que les peines soient à la mesure de la gravité de l'infraction ;",
                "Ouvrir des foyers pour les victimes dans chaque région et leur offrir une assistance juridique et psychologique.",
            ),
        ),
        "es": (
            "Trata de personas",
            "Preocupa al Comité el escaso número de condenas por trata de personas, solo {n} en el período examinado, y la falta de albergues para las víctimas.",
            (
                "Capacitar a la policía, a los inspectores de trabajo y a los agentes fronterizos para identificar a las víctimas de la trata;",
                "Enjuiciar a los tratantes y velar por que las penas sean proporcionales a la gravedad del delito;",
                "Abrir albergues para las víctimas en todas las regiones y prestarles asistencia jurídica y psicológica.",
            ),
        ),
        "ru": (
            "Торговля людьми",
            "Комитет обеспокоен небольшим числом обвинительных приговоров за торговлю людьми, лишь {n} за отчетный период, и отсутствием приютов для жертв.",
            (
                "обучить полицию, трудовых инспекторов и пограничников выявлению жертв торговли людьми;",
                "преследовать торговцев людьми и обеспечить наказания, соразмерные тяжести преступления;",
                "открыть приюты для жертв в каждом регионе и оказывать им юридическую и психологическую помощь.",
            ),
        ),
        "ar": (
            "الاتجار بالأشخاص",
            "يساور اللجنة القلق إزاء انخفاض عدد الإدانات في قضايا الاتجار بالأشخاص، إذ لم تتجاوز {n} إدانة خلال الفترة المشمولة بالتقرير، وإزاء نقص دور الإيواء للضحايا.",
            (
                "تدريب الشرطة ومفتشي العمل وموظفي الحدود على تحديد ضحايا الاتجار؛",
                "ملاحقة المتجرين قضائيا وضمان عقوبات تتناسب مع جسامة الجريمة؛",
                "فتح دور إيواء للضحايا في كل منطقة وتزويدهم بالمساعدة القانونية والنفسية.",
            ),
        ),
        "zh": (
            "贩运人口",
            "委员会关切的是，贩运人口罪的定罪数量很少，报告所述期间仅有{n}起，且缺乏受害者庇护所。",
            (
                "培训警察、劳动监察员和边境官员识别贩运受害者；",
                "起诉贩运者，并确保刑罚与罪行的严重性相称；",
                "在每个地区为受害者开设庇护所，并向其提供法律和心理援助。",
            ),
        ),
    },
    "violence": {
        "en": (
            "Domestic violence against women",
            "The Committee is concerned that domestic violence is not criminalized as a separate offence and that only {n} protection orders were issued last year.",
            (
                "Adopt a law criminalizing all forms of domestic violence, including marital rape;",
                "Ensure that protection orders are issued promptly and enforced;",
                "Fund crisis centres and a free national hotline for women who are victims of violence.",
            ),
        ),
        "fr": (
            "Violence domestique à l'égard des femmes",
            "Le Comité est préoccupé par le fait que la violence domestique n'est pas érigée en infraction distincte et que seules {n} ordonnances de protection ont été délivrées l'an dernier.",
            (
                "Adopter une loi incriminant toutes les formes de violence domestique, y compris le viol conjugal ;",
                "Veiller à ce que les ordonnances de protection soient délivrées rapidement et exécutées ;",
                "Financer des centres d'accueil et une ligne d'assistance nationale gratuite pour les femmes victimes de violence.",
            ),
        ),
        "es": (
            "Violencia doméstica contra la mujer",
            "Preocupa al Comité que la violencia doméstica no esté tipificada como delito específico y que solo se dictaran {n} órdenes de protección el año pasado.",
            (
                "Aprobar una ley que tipifique todas las formas de violencia doméstica, incluida la violación conyugal;",
                "Velar por que las órdenes de protección se dicten con prontitud y se hagan cumplir;",
                "Financiar centros de crisis y una línea telefónica nacional gratuita para las mujeres víctimas de violencia.",
            ),
        ),
        "ru": (
            "Насилие в семье в отношении женщин",
            "Комитет обеспокоен тем, что насилие в семье не криминализировано как отдельное преступление и что в прошлом году было выдано лишь {n} охранных ордеров.",
            (
                "принять закон, криминализирующий все формы насилия в семье, включая изнасилование в браке;",
                "обеспечить оперативную выдачу и исполнение охранных ордеров;",
                "финансировать кризисные центры и бесплатную национальную горячую линию для женщин, пострадавших от насилия.",
            ),
        ),
        "ar": (
            "العنف المنزلي ضد المرأة",
            "يساور اللجنة القلق لأن العنف المنزلي غير مجرم بوصفه جريمة مستقلة ولأنه لم يصدر سوى {n} أمر حماية في العام الماضي.",
            (
                "اعتماد قانون يجرم جميع أشكال العنف المنزلي، بما في ذلك الاغتصاب الزوجي؛",
                "ضمان إصدار أوامر الحماية على وجه السرعة وإنفاذها؛",
                "تمويل مراكز الأزمات وخط هاتفي وطني مجاني للنساء ضحايا العنف.",
            ),
        ),
        "zh": (
            "针对妇女的家庭暴力",
            "委员会关切的是，家庭暴力未被定为单独罪行，且去年仅签发了{n}份保护令。",
            (
                "通过一项将一切形式的家庭暴力（包括婚内强奸）定为刑事罪的法律；",
                "确保迅速签发并执行保护令；",
                "为遭受暴力的妇女资助危机中心和全国免费求助热线。",
            ),
        ),
    },
    "education": {
        "en": (
            "Inclusive education",
            "The Committee is concerned that about {n} per cent of children with disabilities attend segregated special schools and that mainstream schools lack accessible buildings and trained teachers.",
            (
                "Adopt a plan to move children with disabilities from special schools into inclusive mainstream classes;",
                "Train teachers in inclusive teaching methods and sign language;",
                "Make school buildings, transport and learning materials accessible.",
            ),
        ),
        "fr": (
            "Éducation inclusive",
            "Le Comité est préoccupé par le fait qu'environ {n} pour cent des enfants handicapés fréquentent des écoles spécialisées séparées et que les écoles ordinaires manquent de bâtiments accessibles et d'enseignants formés.",
            (
                "Adopter un plan visant à faire passer les enfants handicapés des écoles spécialisées aux classes ordinaires inclusives ;",
                "Former les enseignants aux méthodes d'enseignement inclusives et à la langue des signes ;",
                "Rendre accessibles les bâtiments scolaires, les transports et le matériel pédagogique.",
            ),
        ),
        "es": (
            "Educación inclusiva",
            "Preocupa al Comité que alrededor del {n} por ciento de los niños con discapacidad asista a escuelas especiales segregadas y que las escuelas ordinarias carezcan de edificios accesibles y de docentes capacitados.",
            (
                "Adoptar un plan para trasladar a los niños con discapacidad de las escuelas especiales a aulas ordinarias inclusivas;",
                "Capacitar a los docentes en métodos de enseñanza inclusiva y en lengua de señas;",
                "Hacer accesibles los edificios escolares, el transporte y los materiales didácticos.",
            ),
        ),
        "ru": (
            "Инклюзивное образование",
            "Комитет обеспокоен тем, что около {n} процентов детей-инвалидов посещают отдельные специальные школы, а в обычных школах нет доступных зданий и подготовленных учителей.",
            (
                "принять план перевода детей-инвалидов из специальных школ в инклюзивные общеобразовательные классы;",
                "обучить учителей методам инклюзивного обучения и жестовому языку;",
                "обеспечить доступность школьных зданий, транспорта и учебных материалов.",
            ),
        ),
        "ar": (
            "التعليم الشامل",
            "يساور اللجنة القلق لأن نحو {n} في المائة من الأطفال ذوي الإعاقة يرتادون مدارس خاصة منفصلة ولأن المدارس العادية تفتقر إلى مبان ميسرة ومعلمين مدربين.",
            (
                "اعتماد خطة لنقل الأطفال ذوي الإعاقة من المدارس الخاصة إلى فصول عادية شاملة؛",
                "تدريب المعلمين على أساليب التعليم الشامل ولغة الإشارة؛",
                "جعل المباني المدرسية ووسائل النقل والمواد التعليمية ميسرة.",
            ),
        ),
        "zh": (
            "全纳教育",
            "委员会关切的是，约{n}%的残疾儿童就读于隔离的特殊学校，而普通学校缺乏无障碍校舍和受过培训的教师。",
            (
                "通过一项计划，将残疾儿童从特殊学校转入全纳的普通班级；",
                "培训教师掌握全纳教学方法和手语；",
                "使校舍、交通和教学材料无障碍。",
            ),
        ),
    },
    "birth": {
        "en": (
            "Birth registration",
            "The Committee is concerned that some {n} thousand children, mostly in rural areas and among refugees, have no birth certificate.",
            (
                "Make birth registration free of charge and possible at health facilities;",
                "Deploy mobile registration units to rural and remote areas;",
                "Ensure that refugee and stateless children are registered at birth.",
            ),
        ),
        "fr": (
            "Enregistrement des naissances",
            "Le Comité est préoccupé par le fait que quelque {n} milliers d'enfants, surtout dans les zones rurales et parmi les réfugiés, n'ont pas d'acte de naissance.",
            (
                "Rendre l'enregistrement des naissances gratuit et possible dans les établissements de santé ;",
                "Déployer des unités d'enregistrement mobiles dans les zones rurales et reculées ;",
                "Veiller à ce que les enfants réfugiés et apatrides soient enregistrés à la naissance.",
            ),
        ),
        "es": (
            "Inscripción de los nacimientos",
            "Preocupa al Comité que unos {n} mil niños, sobre todo en zonas rurales y entre los refugiados, carezcan de partida de nacimiento.",
            (
                "Hacer que la inscripción de los nacimientos sea gratuita y pueda realizarse en los centros de salud;",
                "Desplegar unidades móviles de registro en zonas rurales y remotas;",
                "Velar por que los niños refugiados y apátridas sean inscritos al nacer.",
            ),
        ),
        "ru": (
            "Регистрация рождений",
            "Комитет обеспокоен тем, что около {n} тысяч детей, главным образом в сельских районах и среди беженцев, не имеют свидетельства о рождении.",
            (
                "сделать регистрацию рождений бесплатной и доступной в медицинских учреждениях;",
                "направить мобильные группы регистрации в сельские и отдаленные районы;",
                "обеспечить регистрацию при рождении детей беженцев и лиц без гражданства.",
            ),
        ),
        "ar": (
            "تسجيل المواليد",
            "يساور اللجنة القلق لأن نحو {n} ألف طفل، معظمهم في المناطق الريفية وبين اللاجئين، ليست لديهم شهادات ميلاد.",
            (
                "جعل تسجيل المواليد مجانيا وممكنا في المرافق الصحية؛",
                "نشر وحدات تسجيل متنقلة في المناطق الريفية والنائية؛",
                "ضمان تسجيل الأطفال اللاجئين وعديمي الجنسية عند الولادة.",
            ),
        ),
        "zh": (
            "出生登记",
            "委员会关切的是，约有{n}千名儿童没有出生证，他们大多生活在农村地区或属于难民。",
            (
                "实行免费出生登记，并使医疗机构能够办理登记；",
                "向农村和偏远地区派遣流动登记小组；",
                "确保难民儿童和无国籍儿童在出生时即得到登记。",
            ),
        ),
    },
    "water": {
        "en": (
            "Water and sanitation",
            "The Committee is concerned that {n} per cent of rural households lack safe drinking water and that many schools have no toilets.",
            (
                "Increase investment in rural water supply and give priority to the most deprived districts;",
                "Ensure that every school has separate toilets and hand-washing facilities;",
                "Monitor water quality and publish the results.",
            ),
        ),
        "fr": (
            "Eau et assainissement",
            "Le Comité est préoccupé par le fait que {n} pour cent des ménages ruraux n'ont pas accès à l'eau potable et que de nombreuses écoles n'ont pas de toilettes.",
            (
                "Accroître les investissements dans l'approvisionnement en eau des zones rurales en donnant la priorité aux districts les plus défavorisés ;",
                "Veiller à ce que chaque école dispose de toilettes séparées et d'installations pour le lavage des mains ;",
                "Contrôler la qualité de l'eau et en publier les résultats.",
            ),
        ),
        "es": (
            "Agua y saneamiento",
            "Preocupa al Comité que el {n} por ciento de los hogares rurales carezca de agua potable y que muchas escuelas no tengan retretes.",
            (
                "Aumentar la inversión en el abastecimiento de agua rural, dando prioridad a los distritos más desfavorecidos;",
                "Velar por que todas las escuelas cuenten con retretes separados e instalaciones para lavarse las manos;",
                "Vigilar la calidad del agua y publicar los resultados.",
            ),
        ),
        "ru": (
            "Вода и санитария",
            "Комитет обеспокоен тем, что {n} процентов сельских домохозяйств не имеют доступа к безопасной питьевой воде и что во многих школах нет туалетов.",
            (
                "увеличить инвестиции в сельское водоснабжение, отдавая приоритет наиболее неблагополучным районам;",
                "обеспечить, чтобы в каждой школе были раздельные туалеты и умывальники;",
                "контролировать качество воды и публиковать результаты.",
            ),
        ),
        "ar": (
            "المياه والصرف الصحي",
            "يساور اللجنة القلق لأن {n} في المائة من الأسر الريفية تفتقر إلى مياه الشرب المأمونة ولأن كثيرا من المدارس لا توجد فيها مراحيض.",
            (
                "زيادة الاستثمار في إمدادات المياه الريفية مع إعطاء الأولوية للمناطق الأشد حرمانا؛",
                "ضمان وجود مراحيض منفصلة ومرافق لغسل الأيدي في كل مدرسة؛",
                "رصد جودة المياه ونشر النتائج.",
            ),
        ),
        "zh": (
            "水和卫生设施",
            "委员会关切的是，{n}%的农村家庭无法获得安全饮用水，许多学校没有厕所。",
            (
                "增加对农村供水的投资，并优先照顾最贫困的地区；",
                "确保每所学校都有分设的厕所和洗手设施；",
                "监测水质并公布结果。",
            ),
        ),
    },
    "hate": {
        "en": (
            "Hate speech",
            "The Committee is concerned at the rise of racist hate speech against minorities and migrants in the media and online, with {n} complaints recorded and few investigated.",
            (
                "Investigate and prosecute racist hate speech, including by public officials;",
                "Adopt a code of conduct for the media and online platforms;",
                "Run awareness campaigns promoting tolerance towards minorities and migrants.",
            ),
        ),
        "fr": (
            "Discours de haine",
            "Le Comité est préoccupé par la montée des discours de haine racistes contre les minorités et les migrants dans les médias et en ligne, {n} plaintes ayant été enregistrées et peu ayant fait l'objet d'une enquête.",
            (
                "Enquêter sur les discours de haine racistes et en poursuivre les auteurs, y compris les agents publics ;",
                "Adopter un code de conduite pour les médias et les plateformes en ligne ;",
                "Mener des campagnes de sensibilisation à la tolérance envers les minorités et les migrants.",
            ),
        ),
        "es": (
            "Discurso de odio",
            "Preocupa al Comité el aumento del discurso de odio racista contra las minorías y los migrantes en los medios de comunicación y en línea, con {n} denuncias registradas y pocas investigadas.",
            (
                "Investigar y enjuiciar el discurso de odio racista, también cuando proceda de funcionarios públicos;",
                "Adoptar un código de conducta para los medios de comunicación y las plataformas en línea;",
                "Realizar campañas de sensibilización que promuevan la tolerancia hacia las minorías y los migrantes.",
            ),
        ),
        "ru": (
            "Язык вражды",
            "Комитет обеспокоен ростом расистских высказываний, разжигающих ненависть к меньшинствам и мигрантам, в средствах массовой информации и в Интернете: зарегистрировано {n} жалоб, и лишь немногие расследованы.",
            (
                "расследовать случаи расистских высказываний, разжигающих ненависть, и преследовать виновных, в том числе государственных должностных лиц;",
                "принять кодекс поведения для средств массовой информации и онлайн-платформ;",
                "проводить просветительские кампании, пропагандирующие терпимость к меньшинствам и мигрантам.",
            ),
        ),
        "ar": (
            "خطاب الكراهية",
            "يساور اللجنة القلق إزاء تزايد خطاب الكراهية العنصري ضد الأقليات والمهاجرين في وسائط الإعلام وعلى الإنترنت، إذ سُجلت {n} شكوى ولم يُحقق إلا في القليل منها.",
            (
                "التحقيق في خطاب الكراهية العنصري وملاحقة مرتكبيه قضائيا، بمن فيهم الموظفون العموميون؛",
                "اعتماد مدونة سلوك لوسائط الإعلام والمنصات الإلكترونية؛",
                "تنظيم حملات توعية لتعزيز التسامح تجاه الأقليات والمهاجرين.",
            ),
        ),
        "zh": (
            "仇恨言论",
            "委员会关切的是，媒体和网络上针对少数群体和移民的种族主义仇恨言论有所增加，登记的投诉有{n}起，但很少得到调查。",
            (
                "调查并起诉种族主义仇恨言论，包括公职人员发表的此类言论；",
                "为媒体和网络平台制定行为守则；",
                "开展宣传运动，促进对少数群体和移民的宽容。",
            ),
        ),
    },
}

# What a question about each topic says, per language (several phrasings; {s} the State).
ASK = {
    "detention": {
        "en": [
            "What did the Committee recommend to {s} about pretrial detention?",
            "How long are people held before trial in {s}?",
        ],
        "fr": ["Qu'a recommandé le Comité à {s} au sujet de la détention provisoire ?"],
        "es": ["¿Qué recomendó el Comité a {s} sobre la prisión preventiva?"],
        "ru": ["Что Комитет рекомендовал {s} в отношении досудебного содержания под стражей?"],
        "ar": ["ماذا أوصت اللجنة {s} بشأن الاحتجاز السابق للمحاكمة؟"],
        "zh": ["委员会就审前羁押问题向{s}提出了什么建议？"],
    },
    "juvenile": {
        "en": [
            "What is the minimum age of criminal responsibility in {s} and what did the Committee ask?",
            "Are children detained with adults in {s}?",
        ],
        "fr": ["Quel est l'âge de la responsabilité pénale en {s} selon le Comité ?"],
        "es": ["¿Qué dijo el Comité sobre la justicia juvenil en {s}?"],
        "ru": ["Что Комитет сказал о правосудии в отношении несовершеннолетних в {s}?"],
        "ar": ["ما موقف اللجنة من سن المسؤولية الجنائية في {s}؟"],
        "zh": ["委员会对{s}的最低刑事责任年龄有何建议？"],
    },
    "trafficking": {
        "en": [
            "What did the Committee ask {s} to do about human trafficking?",
            "Are there shelters for trafficking victims in {s}?",
        ],
        "fr": ["Que demande le Comité à {s} en matière de traite des êtres humains ?"],
        "es": ["¿Qué pidió el Comité a {s} respecto de la trata de personas?"],
        "ru": ["Что Комитет рекомендовал {s} в области борьбы с торговлей людьми?"],
        "ar": ["ما توصيات اللجنة إلى {s} بشأن الاتجار بالبشر؟"],
        "zh": ["委员会就打击贩运人口问题对{s}提出了哪些建议？"],
    },
    "violence": {
        "en": [
            "What did the Committee say about domestic violence in {s}?",
            "Is marital rape a crime in {s} according to the Committee's recommendations?",
        ],
        "fr": ["Qu'a dit le Comité sur les violences conjugales en {s} ?"],
        "es": ["¿Qué recomendó el Comité a {s} sobre la violencia doméstica?"],
        "ru": ["Что Комитет рекомендовал {s} в связи с насилием в семье?"],
        "ar": ["ماذا قالت اللجنة عن العنف المنزلي في {s}؟"],
        "zh": ["委员会就{s}的家庭暴力问题说了什么？"],
    },
    "education": {
        "en": [
            "What did the Committee recommend to {s} on inclusive education for children with disabilities?",
            "Do children with disabilities in {s} go to special schools?",
        ],
        "fr": [
            "Que recommande le Comité à {s} concernant l'éducation inclusive des enfants handicapés ?"
        ],
        "es": ["¿Qué recomendó el Comité a {s} sobre la educación inclusiva?"],
        "ru": ["Что Комитет рекомендовал {s} в области инклюзивного образования?"],
        "ar": ["ما توصيات اللجنة إلى {s} بشأن التعليم الشامل للأطفال ذوي الإعاقة؟"],
        "zh": ["委员会就残疾儿童全纳教育向{s}提出了什么建议？"],
    },
    "birth": {
        "en": [
            "What did the Committee recommend to {s} about birth registration?",
            "How many children have no birth certificate in {s}?",
        ],
        "fr": ["Qu'a recommandé le Comité à {s} sur l'enregistrement des naissances ?"],
        "es": ["¿Qué recomendó el Comité a {s} sobre el registro de nacimientos?"],
        "ru": ["Что Комитет рекомендовал {s} по поводу регистрации рождений?"],
        "ar": ["ماذا أوصت اللجنة {s} بشأن تسجيل المواليد؟"],
        "zh": ["委员会就出生登记问题向{s}提出了什么建议？"],
    },
    "water": {
        "en": [
            "What did the Committee say about safe drinking water in {s}?",
            "Do schools in {s} have toilets, according to the Committee?",
        ],
        "fr": ["Qu'a dit le Comité sur l'accès à l'eau potable en {s} ?"],
        "es": ["¿Qué dijo el Comité sobre el agua potable en {s}?"],
        "ru": ["Что Комитет сказал о доступе к питьевой воде в {s}?"],
        "ar": ["ماذا قالت اللجنة عن مياه الشرب في {s}؟"],
        "zh": ["委员会对{s}的安全饮用水问题说了什么？"],
    },
    "hate": {
        "en": [
            "What did the Committee recommend to {s} about racist hate speech?",
            "Is online hate speech against migrants investigated in {s}?",
        ],
        "fr": ["Que recommande le Comité à {s} contre les discours de haine racistes ?"],
        "es": ["¿Qué recomendó el Comité a {s} sobre el discurso de odio racista?"],
        "ru": ["Что Комитет рекомендовал {s} в связи с языком вражды?"],
        "ar": ["ماذا أوصت اللجنة {s} بشأن خطاب الكراهية العنصري؟"],
        "zh": ["委员会就种族主义仇恨言论向{s}提出了什么建议？"],
    },
}

# Questions on topics no document covers (per language), asked about an indexed State.
ABSENT = {
    "en": [
        "What did the Committee say about the death penalty in {s}?",
        "Did the Committee comment on pension rights of retired miners in {s}?",
        "What did the Committee recommend to {s} about climate change adaptation?",
        "Does {s} allow same-sex marriage according to the Committee?",
        "What is the Committee's view on military conscription of conscientious objectors in {s}?",
    ],
    "fr": [
        "Qu'a dit le Comité sur la peine de mort en {s} ?",
        "Le Comité a-t-il évoqué le droit de grève des fonctionnaires en {s} ?",
    ],
    "es": [
        "¿Qué dijo el Comité sobre la pena de muerte en {s}?",
        "¿Comentó el Comité la libertad de prensa en {s}?",
    ],
    "ru": [
        "Что Комитет сказал о смертной казни в {s}?",
        "Упоминал ли Комитет пенсии шахтеров в {s}?",
    ],
    "ar": ["ماذا قالت اللجنة عن عقوبة الإعدام في {s}؟", "هل تناولت اللجنة حرية الصحافة في {s}؟"],
    "zh": ["委员会对{s}的死刑问题有何意见？", "委员会是否评论了{s}的新闻自由？"],
}
OFF_DOMAIN = [
    ("en", "What is the boiling point of water at sea level?"),
    ("en", "Who won the football world cup in 1998?"),
    ("fr", "Quelle est la recette de la ratatouille ?"),
    ("es", "¿Cuál es la capital de Australia?"),
    ("zh", "如何用Python读取CSV文件？"),
    ("ru", "Какая погода будет завтра в Москве?"),
    ("ar", "ما هي أفضل طريقة لتعلم العزف على البيانو؟"),
    ("en", "How do I reset my email password?"),
]
