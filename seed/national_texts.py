"""The illustrative texts of the national benchmark data, each as (fr, ar, en)."""

AXES = (
    (
        "Gouvernance et coordination régionale de la migration",
        "الحكامة والتنسيق الجهوي في مجال الهجرة",
        "Governance and regional coordination of migration",
    ),
    (
        "Accueil, orientation et accompagnement des migrants",
        "استقبال المهاجرين وتوجيههم ومواكبتهم",
        "Reception, orientation and support of migrants",
    ),
    (
        "Accès aux services de base et cohésion sociale",
        "الولوج إلى الخدمات الأساسية والتماسك الاجتماعي",
        "Access to basic services and social cohesion",
    ),
    (
        "Insertion économique et emploi",
        "الإدماج الاقتصادي والتشغيل",
        "Economic inclusion and employment",
    ),
    (
        "Contribution des Marocains résidant à l'étranger au développement régional",
        "مساهمة المغاربة المقيمين بالخارج في التنمية الجهوية",
        "Contribution of Moroccans abroad to regional development",
    ),
)
STRATEGY_SUMMARY = (
    "Stratégie illustrative générée pour les essais de charge : cinq axes, déclinés en mesures "
    "régionales, provinciales et communales.",
    "استراتيجية توضيحية أُنشئت لاختبارات الأداء: خمسة محاور تتفرع إلى تدابير جهوية وإقليمية "
    "وجماعية.",
    "Illustrative strategy generated for load tests: five axes, broken down into regional, "
    "provincial and communal measures.",
)
MEASURE_ACTIONS = (
    (
        "Renforcer l'accueil et l'orientation des migrants",
        "تعزيز استقبال المهاجرين وتوجيههم",
        "Strengthen the reception and orientation of migrants",
    ),
    (
        "Former les agents des services publics à l'accueil des migrants",
        "تكوين أعوان المرافق العمومية في مجال استقبال المهاجرين",
        "Train public service staff in receiving migrants",
    ),
    (
        "Faciliter l'accès des enfants migrants à l'école",
        "تيسير ولوج أطفال المهاجرين إلى المدرسة",
        "Ease migrant children's access to school",
    ),
    (
        "Améliorer l'accès des migrants aux soins de santé de base",
        "تحسين ولوج المهاجرين إلى الخدمات الصحية الأساسية",
        "Improve migrants' access to primary health care",
    ),
    (
        "Accompagner l'insertion professionnelle des migrants",
        "مواكبة الإدماج المهني للمهاجرين",
        "Support migrants' entry into work",
    ),
    (
        "Appuyer les projets d'investissement des Marocains résidant à l'étranger",
        "دعم المشاريع الاستثمارية للمغاربة المقيمين بالخارج",
        "Support investment projects of Moroccans living abroad",
    ),
    (
        "Sensibiliser à la lutte contre la traite des êtres humains",
        "التحسيس بمكافحة الاتجار بالبشر",
        "Raise awareness against human trafficking",
    ),
    (
        "Mettre en place un guichet unique d'information sur la migration",
        "إحداث شباك وحيد للإرشاد في مجال الهجرة",
        "Set up a one-stop information desk on migration",
    ),
    (
        "Produire des données locales sur les flux migratoires",
        "إنتاج معطيات محلية حول تدفقات الهجرة",
        "Produce local data on migration flows",
    ),
    (
        "Soutenir les associations œuvrant auprès des migrants",
        "دعم الجمعيات العاملة في مجال مواكبة المهاجرين",
        "Support associations working with migrants",
    ),
    (
        "Favoriser la cohésion sociale par des activités culturelles et sportives",
        "تعزيز التماسك الاجتماعي عبر أنشطة ثقافية ورياضية",
        "Foster social cohesion through cultural and sports activities",
    ),
    (
        "Offrir des cours d'arabe et de darija aux migrants",
        "تقديم دروس في اللغة العربية والدارجة للمهاجرين",
        "Offer Arabic and Darija classes to migrants",
    ),
)
# A measure's description names its level: region, province or commune.
LEVEL_DESCRIPTIONS = {
    "region": (
        "Action menée à l'échelle de la région ({}) ; données illustratives pour les essais de "
        "charge.",
        "تدبير يُنفَّذ على مستوى الجهة ({})؛ بيانات توضيحية لاختبارات الأداء.",
        "Action carried out at region level ({}); illustrative data for load tests.",
    ),
    "province": (
        "Action menée à l'échelle de la province ({}) ; données illustratives pour les essais de "
        "charge.",
        "تدبير يُنفَّذ على مستوى الإقليم ({})؛ بيانات توضيحية لاختبارات الأداء.",
        "Action carried out at province level ({}); illustrative data for load tests.",
    ),
    "commune": (
        "Action menée à l'échelle de la commune ({}) ; données illustratives pour les essais de "
        "charge.",
        "تدبير يُنفَّذ على مستوى الجماعة ({})؛ بيانات توضيحية لاختبارات الأداء.",
        "Action carried out at commune level ({}); illustrative data for load tests.",
    ),
}
MANDATE = (
    "Coordonner la mise en œuvre des mesures migratoires et suivre les décisions prises.",
    "تنسيق تنفيذ تدابير الهجرة وتتبع القرارات المتخذة.",
    "Coordinate the implementation of migration measures and follow up the decisions taken.",
)
# A theme's Arabic carries its preposition: "الفريق الموضوعاتي للصحة".
THEMES = (
    ("emploi et insertion", "للتشغيل والإدماج", "employment and inclusion"),
    ("santé", "للصحة", "health"),
    ("éducation", "للتربية والتعليم", "education"),
    ("données et observatoire", "للمعطيات والمرصد", "data and the observatory"),
)
MEETING_SUMMARIES = (
    (
        "Revue de l'avancement du plan d'action ; points de blocage signalés.",
        "استعراض تقدم مخطط العمل؛ رصد نقاط التعثر.",
        "Review of the action plan's progress; bottlenecks reported.",
    ),
    (
        "Présentation du bilan annuel et des priorités de l'année suivante.",
        "تقديم الحصيلة السنوية وأولويات السنة الموالية.",
        "Annual review and next year's priorities presented.",
    ),
    (
        "Coordination des interventions des partenaires sur le terrain.",
        "تنسيق تدخلات الشركاء في الميدان.",
        "Coordination of the partners' field work.",
    ),
    (
        "Examen des besoins en hébergement et en accompagnement social.",
        "دراسة الحاجيات في مجال الإيواء والمواكبة الاجتماعية.",
        "Review of shelter and social support needs.",
    ),
    (
        "Validation du calendrier des actions de sensibilisation.",
        "المصادقة على الجدولة الزمنية لأنشطة التحسيس.",
        "Schedule of the awareness activities approved.",
    ),
)
DECISIONS = (
    (
        "Transmettre un état d'avancement trimestriel au secrétariat du comité.",
        "موافاة كتابة اللجنة بتقرير فصلي عن تقدم الإنجاز.",
        "Send a quarterly progress report to the committee secretariat.",
    ),
    (
        "Désigner un point focal migration dans chaque service concerné.",
        "تعيين نقطة ارتكاز خاصة بالهجرة في كل مصلحة معنية.",
        "Appoint a migration focal point in each service concerned.",
    ),
    (
        "Préparer une convention de partenariat avec les associations locales.",
        "إعداد اتفاقية شراكة مع الجمعيات المحلية.",
        "Prepare a partnership agreement with local associations.",
    ),
    (
        "Actualiser la cartographie des services offerts aux migrants.",
        "تحيين خريطة الخدمات المقدمة للمهاجرين.",
        "Update the map of the services offered to migrants.",
    ),
    (
        "Organiser un atelier de formation au profit des agents d'accueil.",
        "تنظيم ورشة تكوينية لفائدة أعوان الاستقبال.",
        "Hold a training workshop for reception staff.",
    ),
    (
        "Mobiliser le budget complémentaire de l'action en retard.",
        "تعبئة الميزانية التكميلية للتدبير المتأخر.",
        "Raise the additional budget of the delayed action.",
    ),
    (
        "Lancer l'appel à projets annuel destiné à la société civile.",
        "إطلاق طلب المشاريع السنوي الموجه للمجتمع المدني.",
        "Launch the yearly call for projects for civil society.",
    ),
)


def strategy_titles(region_fr: str, region_ar: str, region_en: str) -> tuple[str, str, str]:
    """A generated regional strategy's title."""
    return (
        f"Stratégie régionale de migration – {region_fr} 2022–2027",
        f"الاستراتيجية الجهوية للهجرة بجهة {region_ar} 2022–2027",
        f"{region_en} regional migration strategy 2022–2027",
    )


def coordination_names(region_fr: str, region_ar: str, region_en: str) -> tuple[str, str, str]:
    """A region's coordination committee's name."""
    return (
        f"Comité régional de coordination de la migration – {region_fr}",
        f"لجنة التنسيق الجهوية للهجرة بجهة {region_ar}",
        f"{region_en} regional migration coordination committee",
    )


def thematic_names(theme: tuple, region_fr: str, region_ar: str, region_en: str) -> tuple:
    """A regional thematic group's name."""
    return (
        f"Groupe thématique {theme[0]} – {region_fr}",
        f"الفريق الموضوعاتي {theme[1]} بجهة {region_ar}",
        f"{region_en} thematic group on {theme[2]}",
    )


def provincial_names(province_fr: str, province_ar: str) -> tuple[str, str, str]:
    """A province's migration committee's name (provinces have no English name)."""
    return (
        f"Comité provincial de la migration – {province_fr}",
        f"اللجنة الإقليمية للهجرة – {province_ar}",
        f"{province_fr} provincial migration committee",
    )
