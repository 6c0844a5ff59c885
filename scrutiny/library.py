"""What the product starts with, beside the question bank: a library of past scrutiny
reviews of community safety, the eight case studies of the CfPS Library Monitor 12
("Scrutiny of community safety partnerships"), summarised from its appendix and
sections 3 to 5, each entry naming the sections it is taken from. Short quotations
are the monitor's; the rest is a summary. The themes are the library's own reading
of what each review looked at (the monitor groups the reviews by focus, §3.9).

A data migration loads the entries, and every migrate or flush puts back an entry
that is missing; an admin may edit an entry, or retire it, and the edit stays.

Also here: the monitor's advice shown at the scoping step (§3.8)."""

# At the initial scoping stage, pick two or three questions from each theme (§3.8).
ADVISED = (2, 3)
ADVICE_PER_THEME = "the monitor advises two or three at first."
ADVICE = (
    "Rather than answering every question, the Centre for Public Scrutiny advises picking "
    "two or three from each theme at the initial scoping stage, to find the areas that may "
    "benefit from scrutiny, and adding questions that fit local circumstances "
    "(Library Monitor 12, §3.8)."
)

PAST_REVIEWS = [
    {
        "key": "buckinghamshire-2010",
        "authority": "Buckinghamshire County Council",
        "title": "Crime and Disorder Management in Buckinghamshire",
        "body": "Overview and Scrutiny Joint Review: a task and finish group led by the county "
        "council",
        "year": 2010,
        "when": "Work from June to September 2010; reported November 2010 (5 months).",
        "membership": "Seven councillors: two from Buckinghamshire County Council, two from "
        "Chiltern District Council, one from South Buckinghamshire and two from Wycombe "
        "District Council.",
        "terms_of_reference": "How crime and disorder functions were managed in the county; "
        "how well the partners worked together; where working could improve; weaknesses to "
        "put right; good practice.",
        "evidence_methods": "Desktop research\n"
        "Evidence-gathering meetings in every district of the county, June to August\n"
        "A questionnaire to the members of the Safer and Stronger Bucks Partnership Board\n"
        "An 'Influencing Perception' conference\n"
        "Media articles and community newsletters\n"
        "Information sent in by partners from across the county",
        "looked_at": "First, how the members of the overarching Safer and Stronger Bucks "
        "Partnership Board carried out their functions and where partnership working could "
        "improve. Then a case study of partnership working to reduce the fear of crime, a key "
        "priority of the Safer Bucks Partnership Plan, because public confidence was not "
        "rising as fast as crime was falling (§3.4, §3.10).",
        "lessons": "Fear of crime was out of proportion to actual crime: the review asked for "
        "better coordinated media work, and for Members themselves to sign up to the "
        "information sources so that they could pass positive messages on to residents "
        "(§5.6). It recommended a later review of how uniform the Neighbourhood Action Groups "
        "were; the Cabinet approved it but apparently no review took place, although Thames "
        "Valley Police issued good-practice guidance for the groups a month later (§5.5).",
        "themes": ["effectiveness", "communities", "accountability"],
        "source": "Library Monitor 12, §3.4, §3.10, §5.5, §5.6, appendix (1)",
    },
    {
        "key": "gloucestershire-2010",
        "authority": "Gloucestershire County Council",
        "title": "Community Safety Partnership Scrutiny Task Group",
        "body": "Task group of the Community Safety Overview and Scrutiny Committee",
        "year": 2010,
        "when": "2010.",
        "membership": "Four: a councillor each from Gloucester City, Gloucestershire County and "
        "Tewkesbury Borough Councils, and an independent member of Gloucestershire Police "
        "Authority.",
        "terms_of_reference": "The structure, role and funding of the county's community safety "
        "partnerships and what each partner contributes; whether they make a difference for "
        "local people and give value for money; whether their work rests on evidence and meets "
        "the needs in each district's strategic assessment; whether funding goes to the "
        "priorities.",
        "evidence_methods": "Six meetings of the task group\n"
        "Ten people from across community safety questioned on funding, value for money, the "
        "difference made, priorities such as anti-social behaviour, and whether the structures "
        "should change",
        "looked_at": "Prompted by the committee's concern at how complex the partnership "
        "arrangements in the county were, the group took a general look at the role and funding "
        "of the partnerships, and wrote 'understanding the partnerships' into its own terms of "
        "reference: scoping showed the gaps in its knowledge (§3.10, §3.12).",
        "lessons": "Given the uncertainty over funding it chose not to make detailed "
        "recommendations (§4.4). It recommended a county-wide strategic assessment, separating "
        "issues best tackled locally from those needing a county approach, to avoid the "
        "partnerships duplicating work; streamlined structures, including merging the Safer and "
        "Stronger Communities Partnership with the Criminal Justice Board; and common systems "
        "for recording crime and each partnership's activity (§5.8, §5.9). The two bodies were "
        "soon merged into the Gloucestershire Stronger, Safer and Justice Commission, and a "
        "county-wide scanning exercise set the priorities of its Joint Strategic Commissioning "
        "Plan (§5.9).",
        "themes": ["efficiency", "effectiveness", "accountability"],
        "source": "Library Monitor 12, §3.10, §3.12, §4.4, §5.6, §5.8, §5.9, appendix (2)",
    },
    {
        "key": "newcastle-2009",
        "authority": "Newcastle City Council",
        "title": "Community Safety: Part of Everyday Business",
        "body": "Member Working Group of the Communities Overview and Scrutiny Panel",
        "year": 2009,
        "when": "Set up January 2009; reported June 2009 (6 months). The Executive approved "
        "the recommendations in July 2009.",
        "membership": "Four councillors.",
        "terms_of_reference": "“To test how well the Council is embracing its statutory duty to "
        "embed community safety in all that it does.”",
        "evidence_methods": "Five meetings of the working group\n"
        "Information from council officers, among them the Director of Regulatory Services and "
        "Public Protection, the Community Safety Manager and the Community Safety Co-ordinator",
        "looked_at": "The council's own duty under section 17 of the Crime and Disorder Act "
        "1998: failing it risked civil action, judicial review and harm to the community and to "
        "partner relations; the officer group had changed; and ward committees were taking on "
        "more. Scoping found the key community safety targets were being met, so the review "
        "left them out (§3.13, §3.14).",
        "lessons": "Some directorates took part in the partnership's work more than others: all "
        "were to take a full part, so that frontline concerns reach its agenda; and Member "
        "training was to have priority, given Members' part in local problem solving (§5.4). "
        "Afterwards every directorate sat on the team for the section 17 action plan and "
        "reported to it, staff were briefed, and a regular event with the police Area "
        "Commander was proposed for all Members (§5.4).",
        "themes": ["efficiency", "effectiveness"],
        "source": "Library Monitor 12, §3.13, §3.14, §5.4, appendix (3)",
    },
    {
        "key": "western-dorset-2009",
        "authority": "Weymouth & Portland Borough Council, West Dorset District Council and "
        "Dorset County Council",
        "title": "A Joint Scrutiny Review of Governance of the Western Dorset Crime and Disorder "
        "Reduction Partnership",
        "body": "Scrutiny Review Group reporting to the Weymouth & Portland Scrutiny and "
        "Performance Committee",
        "year": 2009,
        "when": "Reported May 2009.",
        "membership": "Eight councillors: four from Weymouth & Portland, two from West Dorset "
        "and two from Dorset County.",
        "terms_of_reference": "The governance of the partnership, and in particular whether the "
        "existing and proposed structures in Dorset “would prejudice the ability of elected "
        "councillors to carry out effective governance” of its functions.",
        "evidence_methods": "Documents: the Home Office guide to effective partnership working, "
        "the county's partnership structure and the membership of its feeder groups, the "
        "funding and commissioning model of May 2008, and the strategic plans from 2002 to 2011\n"
        "Presentations from officers of the three councils, and discussion with them\n"
        "Discussions with two councillors and a senior police officer",
        "looked_at": "Suggested by the borough's brief-holder for community safety, who feared "
        "that changes to the partnership's structure and funding were shutting out local "
        "democratic input, so that residents' concerns went unraised (§3.15).",
        "lessons": "There was too little strategic oversight of how projects were chosen and "
        "evaluated and how resources were shared out (§5.10). The review proposed a "
        "coordinating committee for the strategic side, longer-term planning in which a major "
        "project starts only with a clear way into mainstream work, stronger joint working, "
        "and a regular say for elected members on the priorities (§5.11). The borough's "
        "Management Committee approved them, and they fed into a plan already under way, which "
        "concluded that a single county-wide partnership best met the concerns (§5.11).",
        "themes": ["efficiency", "communities", "accountability"],
        "source": "Library Monitor 12, §3.15, §5.10, §5.11, appendix (4)",
    },
    {
        "key": "north-lincolnshire-2009",
        "authority": "North Lincolnshire Council",
        "title": "Neighbourhood Action Teams in North Lincolnshire",
        "body": "Safer and Stronger Communities Scrutiny Panel",
        "year": 2009,
        "when": "Reported June 2009.",
        "membership": "Seven councillors.",
        "terms_of_reference": "Whether Neighbourhood Action Teams act as a catalyst for solving "
        "problems locally; how committed the Safer Neighbourhood partners are to them; whether "
        "the issues they tackle are resourced; how they relate to town and parish councils; "
        "whether they use the right problem-solving method; whether their members raise "
        "residents' concerns.",
        "evidence_methods": "Desktop research: press, websites and journals\n"
        "Interviews with witnesses, among them four neighbourhood police officers and five "
        "councillors\n"
        "A focus group of team chairs\n"
        "A questionnaire to every team member and every town and parish councillor\n"
        "Presentations of the review to the town and parish council liaison meeting and the "
        "teams' forum\n"
        "Public meetings for witnesses, with planning and evaluation meetings",
        "looked_at": "One part of the partnership: the ward-level Neighbourhood Action Teams, "
        "which were found to be working in different ways. The panel chose the subject after "
        "consulting service directors, Cabinet Members and others (§3.15).",
        "lessons": "Training for team members; a constitutional framework so that all teams "
        "work to similar terms of reference; a check that membership was fit for purpose; "
        "raising the teams' profile with residents; bringing in Neighbourhood Watch and "
        "residents' associations; an annual report on the teams' performance (§5.5). Briefings "
        "and training followed, Stronger Community Officers took on the membership check in "
        "place of the police, and a protocol was agreed with Neighbourhood Watch (§5.5).",
        "themes": ["effectiveness", "communities"],
        "source": "Library Monitor 12, §3.15, §5.5, appendix (5)",
    },
    {
        "key": "wear-valley-2008",
        "authority": "Wear Valley District Council",
        "title": "Wear & Tees Community Safety Partnership Review: Executive Summary Interim "
        "Report",
        "body": "Overview and Scrutiny Committee (External)",
        "year": 2008,
        "when": "Began April 2008; the committee agreed interim recommendations in October 2008 "
        "(6 months). The council was abolished in the 2009 reorganisation (§3.10, note 33).",
        "membership": "",
        "terms_of_reference": "In two phases: getting to know the partnership, then scrutinising "
        "it more deeply; the review settled on the engagement of partners, data sharing and "
        "local government reorganisation.",
        "evidence_methods": "Attending meetings of the partnership's Executive and Tasking and "
        "Coordinating groups\n"
        "Interviews with key figures, among them the police Area Commander, the council's "
        "acting Chief Executive and middle managers\n"
        "The partnership's documents, and benchmarking against Home Office guidance\n"
        "Written questions to the partnership's members",
        "looked_at": "A phased scope: first familiarisation with the partnership (the Community "
        "Safety Manager, the Executive group, its meetings), then interviews and benchmarking, "
        "leading to three areas of concern: engaging partners, sharing data and local "
        "government reorganisation (§3.10).",
        "lessons": "Secure more voluntary sector involvement; move the Tasking and Coordinating "
        "Group's meetings around to make them easier to reach; remind the responsible "
        "authorities of their statutory duty to take part, and secure deeper NHS involvement; "
        "have each partner name a 'data champion' for data quality and timely release, and "
        "standardise the format of data where practicable (§5.3).",
        "themes": ["efficiency", "accountability"],
        "source": "Library Monitor 12, §3.10, §5.3, appendix (6)",
    },
    {
        "key": "swansea-2008",
        "authority": "City and County of Swansea",
        "title": "Working with the Community to Reduce Crime: A Scrutiny Review of Community "
        "Policing and Partnership Working",
        "body": "Regeneration and Culture Scrutiny Board",
        "year": 2008,
        "when": "Set up August 2007; reported April 2008 (8 months).",
        "membership": "Ten councillors.",
        "terms_of_reference": "How effective the PACT (Partners and Communities Together) "
        "meetings are; how the community can best be involved in tackling anti-social "
        "behaviour; how the council can best support neighbourhood policing.",
        "evidence_methods": "A questionnaire to every Local Accountability Panel member\n"
        "Councillors attending a selection of PACT meetings\n"
        "A survey of all the city's councillors\n"
        "A short online survey of staff involvement in PACT meetings\n"
        "A focus group of police community support officers\n"
        "An interview with the Neighbourhood Watch co-ordinator\n"
        "Desktop research on practice elsewhere in Wales and the UK",
        "looked_at": "How best to involve the local community, through the existing channel for "
        "its voice: the PACT meetings that the police facilitated (§3.15).",
        "lessons": "The council and the PACT meetings needed to communicate better: corporate "
        "advice on supporting the meetings, with training and information for their chairs. "
        "The meetings heard concerns but did not always act on them, so each was to set up an "
        "action group to take decisions forward, and a performance framework for the meetings "
        "was to be considered. The Cabinet agreed, and an action group was set up (§5.5).",
        "themes": ["effectiveness", "communities"],
        "source": "Library Monitor 12, §3.15, §5.5, appendix (7)",
    },
    {
        "key": "haringey-2008",
        "authority": "London Borough of Haringey",
        "title": "Resourcing of Safer and Stronger Communities LAA Targets",
        "body": "Review Panel of the Overview and Scrutiny Committee",
        "year": 2008,
        "when": "Reported January 2008.",
        "membership": "Four councillors.",
        "terms_of_reference": "The future resourcing of the actions that meet the targets of "
        "the Safer and Stronger Communities block of the borough's Local Area Agreement "
        "2007–2010, with recommendations to the Overview and Scrutiny Committee.",
        "evidence_methods": "Witnesses: two police representatives, four councillors, a "
        "representative of the teaching primary care trust and the principal of a local "
        "college\n"
        "Documents\n"
        "Visits to the London Boroughs of Camden and Brent to hear their community safety "
        "staff",
        "looked_at": "Raised by a Cabinet Member and taken up by the committee: future "
        "resources for the community safety targets. Funding uncertainty led the review on to "
        "section 17 and mainstreaming crime and disorder reduction in the council's work "
        "(§3.13, §3.14).",
        "lessons": "Build crime and disorder into the council's work: community safety in each "
        "business unit's annual service plan, crime and disorder considered in every policy "
        "proposal and in senior managers' appraisals; and a debate in the partnership on "
        "improving joint working. The Cabinet approved an action plan, which included studying "
        "good practice on section 17 elsewhere and a core group of statutory agencies working "
        "on mainstreaming within a new community safety strategy (§5.4). One of the few "
        "reviews to gather practice from other authorities (§4.5).",
        "themes": ["efficiency", "effectiveness"],
        "source": "Library Monitor 12, §3.13, §3.14, §5.4, appendix (8)",
    },
]

# What the monitor says about running such a review, shown beside the library.
LESSONS = [
    (
        "The eight reviews had six members on average and took six months on average.",
        "§4.1",
    ),
    (
        "Define the scope well: a review of several partnerships can be swamped by the evidence "
        "it needs. Attending the partnership's meetings proved very useful.",
        "§4.2",
    ),
    (
        "Compare with similar areas: few of the reviews looked at practice elsewhere, yet "
        "benchmarking makes recommendations more robust.",
        "§4.5",
    ),
    (
        "Involve the partners from the start to the drafting of the report, so that the "
        "recommendations are well targeted. The partnership's chairs are essential witnesses.",
        "§4.6, §4.8",
    ),
]


def install(PastReview, PastReviewTheme):
    """Add every entry whose key has no row, with its themes. Never overwrites: an
    entry an admin has edited or retired stays as it is. Takes the model classes
    so that a migration can pass its historical ones."""
    present = set(PastReview.objects.values_list("key", flat=True))
    for entry in PAST_REVIEWS:
        if entry["key"] in present:
            continue
        fields = {name: value for name, value in entry.items() if name != "themes"}
        review = PastReview.objects.create(**fields)
        PastReviewTheme.objects.bulk_create(
            PastReviewTheme(review=review, theme=theme) for theme in entry["themes"]
        )
