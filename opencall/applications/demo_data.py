"""The demo expressions of interest `load_demo_applications` puts in a practice call:
plausible events of HOT's regions, with every kind of verdict, and how far the demo
staff take each one. Data only; the command does the work."""

from __future__ import annotations

from dataclasses import dataclass, field

from opencall.applications.workflow import Status

WORKING_GROUP = "demo-working-group"


@dataclass(frozen=True)
class Review:
    scores: tuple[int, int, int, int, int]
    comment: str


@dataclass(frozen=True)
class Demo:
    """One demo expression of interest, and how far the demo staff take it."""

    event_name: str
    format: str
    scope: str
    organisation: str
    contacts: tuple[tuple[str, str], ...]
    community_value: str
    offers: tuple[tuple[str, str, int | None], ...]
    site: str  # its pages live at https://<site>.example.org/
    starts_in: int  # days from today, kept inside the call's event window
    days: int
    city: str | None = None
    country: str | None = None
    online_only: bool = False
    serves: tuple[str, ...] = ()
    virtual: bool | None = None
    open_publication: bool | None = None
    programme: bool = True
    registration: str = "open"
    code_of_conduct: str = "in_place"
    themes: tuple[str, ...] = ("osm",)
    attendance: int | None = None
    event_languages: tuple[str, ...] = ("en",)
    language: str = "en"  # a site language (en, fr): where the person would pick another
    stage: Status = Status.SCREENED
    reviews: dict[str, Review] = field(default_factory=dict)


DEMOS: tuple[Demo, ...] = (
    Demo(
        event_name="Open Mapping East Africa Conference",
        format="conference",
        scope="regional",
        organisation="OpenStreetMap Kenya",
        contacts=(
            ("Wanjiru Kamau", "wanjiru.kamau@example.org"),
            ("Daniel Otieno", "daniel.otieno@example.org"),
        ),
        community_value=(
            "Three days for mappers, local governments and humanitarian responders from "
            "Kenya, Uganda and Tanzania: field mapping for flood response in Kisumu, a "
            "track on OSM data quality, and a day of community-led sessions."
        ),
        offers=(
            (
                "scholarships",
                "Travel and accommodation for 15 community mappers from Uganda and "
                "Tanzania (about USD 400 each).",
                6000,
            ),
            ("content_codesign", "A humanitarian mapping track of four sessions.", None),
            ("networking_cohost", "An evening meetup of the region's YouthMappers chapters.", None),
        ),
        site="eamc",
        starts_in=75,
        days=3,
        city="Nairobi",
        country="KE",
        serves=("KE", "UG", "TZ"),
        virtual=True,
        open_publication=True,
        themes=("osm", "impact", "disaster"),
        attendance=350,
        event_languages=("en", "sw"),
        stage=Status.SHORTLISTED,
        reviews={
            WORKING_GROUP: Review(
                (5, 5, 5, 4, 4), "Strong regional reach; the scholarships are well argued."
            ),
            "demo-hub-esa": Review(
                (5, 4, 5, 4, 5), "An experienced team; we know them from the hub's grants."
            ),
        },
    ),
    Demo(
        event_name="Southeast Asia YouthMappers Summit",
        format="conference",
        scope="regional",
        organisation="YouthMappers Philippines chapter, University of the Philippines Diliman",
        contacts=(("Ma. Cristina Reyes", "cristina.reyes@example.org"),),
        community_value=(
            "Student mappers from the Philippines and Indonesia share their typhoon and "
            "earthquake preparedness projects and learn to run validation sprints "
            "for HOT Tasking Manager projects in their own universities."
        ),
        offers=(
            ("scholarships", "Grants for 12 students from Indonesian chapters.", 4500),
            ("comms_promotion", "Promotion through HOT's channels in the region.", None),
            ("volunteer_recruitment", "Experienced validators as session mentors.", None),
        ),
        site="seaym",
        starts_in=95,
        days=2,
        city="Quezon City",
        country="PH",
        serves=("PH", "ID"),
        virtual=True,
        open_publication=False,
        themes=("osm", "disaster"),
        attendance=220,
        event_languages=("en", "tl"),
        stage=Status.SHORTLISTED,
        reviews={
            WORKING_GROUP: Review((4, 4, 5, 3, 4), "Good youth reach; a modest, clear request."),
            "demo-hub-ap": Review((5, 4, 5, 4, 3), "Great fit; the logistics look tight."),
        },
    ),
    Demo(
        event_name="Rencontres ouest-africaines de la cartographie ouverte",
        format="conference",
        scope="regional",
        organisation="OpenStreetMap Sénégal",
        contacts=(
            ("Awa Ndiaye", "awa.ndiaye@example.org"),
            ("Moussa Diop", "moussa.diop@example.org"),
        ),
        community_value=(
            "Les communautés OSM du Sénégal, du Mali et de Côte d'Ivoire se retrouvent "
            "à Dakar pour partager leurs projets de cartographie des zones inondables "
            "et former de nouveaux animateurs locaux."
        ),
        offers=(
            (
                "sponsorship_funding",
                "Salle, interprétation français-anglais et repas des participants.",
                8000,
            ),
            ("logistics", "Aide pour les visas et les voyages depuis Bamako et Abidjan.", None),
            ("editorial", "Relecture des propositions de sessions.", None),
        ),
        site="rocao",
        starts_in=120,
        days=2,
        city="Dakar",
        country="SN",
        serves=("SN", "ML", "CI"),
        virtual=False,
        open_publication=True,
        themes=("osm", "open", "disaster"),
        attendance=180,
        event_languages=("fr", "wo"),
        language="fr",
        stage=Status.SHORTLISTED,
        reviews={
            WORKING_GROUP: Review(
                (4, 4, 5, 3, 3), "Important for the new hub; the budget needs a closer look."
            ),
        },
    ),
    Demo(
        event_name="Encuentro Andino de Mapeo Abierto",
        format="conference",
        scope="regional",
        organisation="OpenStreetMap Perú",
        contacts=(("Lucía Quispe Mamani", "lucia.quispe@example.org"),),
        community_value=(
            "Mapeadores de Perú y Bolivia comparten su trabajo sobre riesgo de huaicos "
            "y deslizamientos, con sesiones en español y quechua para comunidades rurales."
        ),
        offers=(
            ("content_codesign", "Una sesión sobre mapeo para la gestión del riesgo.", None),
            ("scholarships", "Becas para 8 participantes de Bolivia.", 3000),
            ("networking_cohost", "Un encuentro de comunidades OSM andinas.", None),
        ),
        site="eama",
        starts_in=140,
        days=2,
        city="Lima",
        country="PE",
        serves=("PE", "BO"),
        virtual=True,
        open_publication=True,
        themes=("osm", "disaster"),
        attendance=150,
        event_languages=("es", "qu"),
        stage=Status.IN_CONVERSATION,
    ),
    Demo(
        event_name="Nepal Open Data and Disaster Resilience Conference",
        format="conference",
        scope="national",
        organisation="Open Map Nepal",
        contacts=(("Sushila Shrestha", "sushila.shrestha@example.org"),),
        community_value=(
            "Municipal officers, mappers and responders work on open data for earthquake "
            "and landslide preparedness, building on the community mapping that followed "
            "the 2015 earthquake."
        ),
        offers=(
            ("editorial", "Reviewing about 60 session proposals.", None),
            ("comms_promotion", "Promotion to the region's humanitarian mappers.", None),
            ("sponsorship_funding", "Live streaming and recording of every session.", 5000),
        ),
        site="nodrc",
        starts_in=60,
        days=2,
        city="Kathmandu",
        country="NP",
        virtual=True,
        open_publication=True,
        themes=("open", "disaster", "osm"),
        attendance=300,
        event_languages=("ne", "en"),
        stage=Status.SHORTLISTED,
        reviews={
            WORKING_GROUP: Review((4, 5, 5, 3, 4), "A clear programme and a strong team."),
            "demo-hub-ap": Review((4, 5, 5, 4, 4), "Recordings make it useful well beyond Nepal."),
        },
    ),
    Demo(
        event_name="Bangladesh Open Data Conference",
        format="conference",
        scope="national",
        organisation="Bangladesh Open Data Forum",
        contacts=(("Tahmina Rahman", "tahmina.rahman@example.org"),),
        community_value=(
            "Open data for flood resilience and for the health services around the "
            "camps of Cox's Bazar, with a day for students and young mappers."
        ),
        offers=(
            ("scholarships", "Travel for 10 mappers from Cox's Bazar and Sylhet.", 2500),
            ("volunteer_recruitment", "Volunteers for the mapping workshop.", None),
            ("content_codesign", "A panel on open data in humanitarian response.", None),
        ),
        site="bodc",
        starts_in=110,
        days=2,
        city="Dhaka",
        country="BD",
        virtual=False,
        themes=("open", "impact", "disaster"),
        attendance=250,
        event_languages=("bn", "en"),
        stage=Status.RESOURCE_CHECK,
        reviews={
            WORKING_GROUP: Review((4, 4, 5, 2, 3), "Worth it if the scholarships fit the pool."),
        },
    ),
    Demo(
        event_name="Conférence haïtienne de cartographie ouverte",
        format="conference",
        scope="national",
        organisation="Kominote OpenStreetMap Ayiti",
        contacts=(
            ("Jean-Robert Pierre", "jeanrobert.pierre@example.org"),
            ("Nadège Joseph", "nadege.joseph@example.org"),
        ),
        community_value=(
            "Les cartographes haïtiens, la protection civile et les universités "
            "préparent ensemble la saison cyclonique avec des données ouvertes et OSM."
        ),
        offers=(
            ("logistics", "Transport des participants venant des départements.", None),
            ("sponsorship_funding", "Salle, connexion et repas.", 4000),
            ("networking_cohost", "Une soirée avec les partenaires humanitaires.", None),
        ),
        site="ccoh",
        starts_in=130,
        days=2,
        city="Port-au-Prince",
        country="HT",
        virtual=True,
        themes=("osm", "disaster"),
        attendance=120,
        event_languages=("fr", "ht"),
        language="fr",
    ),
    Demo(
        event_name="Conferência Moçambicana de Dados Abertos",
        format="conference",
        scope="national",
        organisation="Mapeamento Aberto Moçambique",
        contacts=(("Lurdes Machava", "lurdes.machava@example.org"),),
        community_value=(
            "Open mapping for cyclone recovery in Sofala and Cabo Delgado: local mappers, "
            "municipalities and NGOs share their data and plan the next season together."
        ),
        offers=(
            ("content_codesign", "A track on mapping for cyclone recovery.", None),
            ("scholarships", "Travel from Beira and Pemba for 6 mappers.", 2000),
            ("comms_promotion", "Promotion in English to regional partners.", None),
        ),
        site="cmda",
        starts_in=85,
        days=2,
        city="Maputo",
        country="MZ",
        virtual=True,
        open_publication=True,
        themes=("open", "impact", "disaster"),
        attendance=160,
        event_languages=("pt", "en"),
        stage=Status.SHORTLISTED,
        reviews={
            WORKING_GROUP: Review((5, 4, 5, 3, 4), "Timely after the cyclones; good plan."),
            "demo-hub-esa": Review(
                (3, 3, 4, 2, 2), "A very small team for this size: I doubt they can deliver."
            ),
        },
    ),
    Demo(
        event_name="Open Humanitarian Data Forum",
        format="conference",
        scope="international",
        organisation="Open Humanitarian Data Network",
        contacts=(("Priya Raman", "priya.raman@example.org"),),
        community_value=(
            "An online-first forum with regional watch parties in Nairobi, Dakar and "
            "Manila; every talk is published under CC BY afterwards, with subtitles."
        ),
        offers=(
            ("content_codesign", "A day on open mapping in humanitarian response.", None),
            ("editorial", "Two reviewers on the programme committee.", None),
            ("comms_promotion", "Promotion to HOT's global community.", None),
        ),
        site="ohdf",
        starts_in=45,
        days=2,
        online_only=True,
        virtual=True,
        open_publication=True,
        themes=("open", "impact", "osm"),
        attendance=1200,
        event_languages=("en", "fr", "es"),
        stage=Status.SHORTLISTED,
        reviews={
            WORKING_GROUP: Review((3, 4, 2, 5, 5), "Very accessible; less direct local reach."),
        },
    ),
    Demo(
        event_name="International Symposium on Geoinformation for Humanitarian Action",
        format="conference",
        scope="international",
        organisation="Humanitarian Geodata Association e.V.",
        contacts=(("Katharina Weber", "katharina.weber@example.org"),),
        community_value=(
            "Researchers and humanitarian agencies discuss geodata for crisis response; "
            "a session on OSM and community mapping would reach agencies new to it."
        ),
        offers=(
            ("networking_cohost", "An evening reception for humanitarian mappers.", None),
            ("sponsorship_funding", "Sponsorship of the symposium's keynote day.", 7500),
        ),
        site="isgha",
        starts_in=160,
        days=3,
        city="Bonn",
        country="DE",
        virtual=False,
        open_publication=False,
        themes=("impact", "disaster"),
        attendance=400,
        event_languages=("en", "de"),
    ),
    Demo(
        event_name="Journées françaises de la cartographie libre",
        format="conference",
        scope="national",
        organisation="Association Carto Libre France",
        contacts=(("Camille Durand", "camille.durand@example.org"),),
        community_value=(
            "Deux jours pour les contributeurs OSM et les collectivités françaises, "
            "avec une session sur la cartographie humanitaire."
        ),
        offers=(
            ("comms_promotion", "Relais de l'appel à propositions.", None),
            ("volunteer_recruitment", "Bénévoles pour l'accueil.", None),
        ),
        site="jfcl",
        starts_in=100,
        days=2,
        city="Lyon",
        country="FR",
        virtual=False,
        themes=("osm", "open"),
        attendance=200,
        event_languages=("fr",),
        language="fr",
    ),
    Demo(
        event_name="Accra Flood Resilience Mapathon",
        format="mapathon",
        scope="national",
        organisation="YouthMappers University of Ghana",
        contacts=(("Kwame Mensah", "kwame.mensah@example.org"),),
        community_value=(
            "An afternoon mapping buildings and drainage in flood-prone neighbourhoods "
            "of Accra, with students who have never mapped before."
        ),
        offers=(
            ("volunteer_recruitment", "Validators to check the new mappers' work.", None),
            ("logistics", "Laptops and internet access for 60 students.", None),
        ),
        site="afrm",
        starts_in=40,
        days=1,
        city="Accra",
        country="GH",
        themes=("osm", "disaster"),
        attendance=60,
    ),
    Demo(
        event_name="OpenStreetMap Training for Disaster Preparedness",
        format="training",
        scope="national",
        organisation="Relawan Peta Yogyakarta",
        contacts=(("Siti Rahayu", "siti.rahayu@example.org"),),
        community_value=(
            "Three days of OSM, JOSM and QGIS training for village disaster "
            "preparedness teams around Mount Merapi."
        ),
        offers=(("content_codesign", "Training material in Indonesian.", None),),
        site="otdp",
        starts_in=55,
        days=3,
        city="Yogyakarta",
        country="ID",
        themes=("osm", "disaster"),
        attendance=40,
        event_languages=("id",),
    ),
    Demo(
        event_name="Great Lakes Humanitarian Data Leaders Summit",
        format="conference",
        scope="regional",
        organisation="Great Lakes Geodata Network",
        contacts=(("Brian Okello", "brian.okello@example.org"),),
        community_value=(
            "Heads of data teams of humanitarian agencies in the Great Lakes region "
            "agree on shared open datasets for refugee settlements."
        ),
        offers=(
            ("sponsorship_funding", "Venue and travel of the speakers.", 6000),
            ("networking_cohost", "A dinner for the participants.", None),
        ),
        site="glhdls",
        starts_in=150,
        days=2,
        city="Kampala",
        country="UG",
        serves=("UG", "KE", "RW"),
        registration="invite_only",
        virtual=False,
        themes=("impact", "open"),
        attendance=60,
    ),
    Demo(
        event_name="Tanzania Open Mapping Conference",
        format="conference",
        scope="national",
        organisation="Open Map Tanzania",
        contacts=(("Neema Mwakyusa", "neema.mwakyusa@example.org"),),
        community_value=(
            "Mappers from Dar es Salaam and the regions share their work on flood and "
            "health-facility mapping; the programme is being put together with them."
        ),
        offers=(
            ("scholarships", "Travel from the regions for 12 mappers.", 3500),
            ("content_codesign", "Help shaping the programme, not published yet.", None),
        ),
        site="tomc",
        starts_in=170,
        days=2,
        city="Dar es Salaam",
        country="TZ",
        programme=False,
        code_of_conduct="planned",
        virtual=True,
        themes=("osm", "impact"),
        attendance=200,
        event_languages=("sw", "en"),
    ),
)
DEMO_EMAILS = tuple(demo.contacts[0][1] for demo in DEMOS)
