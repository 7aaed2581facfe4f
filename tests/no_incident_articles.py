"""Short articles of our own writing that report no violent incident as news.

Each is (name, headline, publication date, text). Invented, in the style of wire and local
news: policy, drills, films and books, accidents, sport, court cases, business, figurative
language, war anniversaries, warnings and plans, disease, non-violent crime.
"""

from __future__ import annotations

import datetime as dt

D = dt.date(2024, 3, 14)  # a Thursday

ARTICLES: list[tuple[str, str, dt.date, str]] = [
    (
        "policy_round_up",
        "Government sets out 40 bills in programme for new session",
        D,
        "LONDON (AP) — The government on Wednesday set out 40 bills for the new session of "
        "parliament, from planning reform to a ban on disposable vapes. Ministers said a new "
        "border security command would target the gangs that smuggle migrants, and a knife "
        "crime bill would raise sentences for carrying blades. The opposition called the "
        "programme thin. Officials said the measures would be debated over the spring.",
    ),
    (
        "preparedness_leaflet",
        "Households to get leaflet on preparing for war and disasters",
        D,
        "STOCKHOLM — Every household will receive a leaflet this month telling people how to "
        "prepare for a crisis or war, the civil contingencies agency said on Monday. The "
        "booklet advises keeping water, tinned food and a radio at home for a week, and "
        "explains what to do if air raid sirens sound. An official said the country had not "
        "been attacked and the leaflet was a precaution.",
    ),
    (
        "budget_defence",
        "Defence spending to rise as finance minister presents budget",
        D,
        "BERLIN — The finance minister on Tuesday presented a budget that raises defence "
        "spending by 12 billion euros, including new air defence systems and artillery "
        "ammunition for the army. Economists said the plan would widen the deficit. The "
        "budget committee will vote on it next month.",
    ),
    (
        "sanctions_policy",
        "EU agrees new sanctions package",
        D,
        "BRUSSELS (Reuters) - European Union ambassadors agreed on Wednesday a new package of "
        "sanctions targeting shipping firms and banks, diplomats said. The measures add 27 "
        "companies to a blacklist and tighten controls on the export of drone parts. The "
        "package needs formal approval by ministers next week.",
    ),
    (
        "police_funding",
        "City council approves police budget after long debate",
        D,
        "PORTLAND, Ore. — The city council approved a police budget of $260 million late "
        "Tuesday after six hours of public comment. Supporters said more officers were needed "
        "to answer calls faster, while critics wanted money moved to housing programmes. The "
        "mayor said response times had improved this year.",
    ),
    (
        "joint_drills",
        "Navies hold joint drills in the Pacific",
        D,
        "MANILA, Philippines (AP) — Warships from three countries began joint drills in the "
        "South China Sea on Wednesday, practising how to repel an attack on a convoy and how "
        "to rescue sailors from a sinking ship. The exercise, which runs until Sunday, "
        "involves 12 ships and 4,000 sailors, the navy said. Live-fire exercises are planned "
        "for Friday.",
    ),
    (
        "active_shooter_drill",
        "Schools run lockdown drills before spring break",
        D,
        "DAYTON, Ohio — Students at four schools practised a lockdown on Tuesday in a drill "
        "simulating an armed intruder, district officials said. Police officers played the "
        "role of the gunman and walked the halls while pupils hid in locked classrooms. "
        "Parents had been told of the exercise a week ahead.",
    ),
    (
        "airport_exercise",
        "Airport stages emergency exercise with mock explosion",
        D,
        "DUBLIN — Fire crews and paramedics took part in an emergency exercise at the "
        "airport on Sunday in which a mock explosion on a parked aircraft left 40 volunteers "
        "playing injured passengers. The airport authority said the drill tests how "
        "hospitals cope with many casualties at once and is held every two years.",
    ),
    (
        "counter_terror_training",
        "Police train for terror attack at shopping centre",
        D,
        "MANCHESTER, England — Armed police trained overnight at a closed shopping centre "
        "for a terrorist attack, with actors screaming and fake gunfire echoing through the "
        "halls. The force said the training was planned months ago and was not linked to any "
        "threat.",
    ),
    (
        "film_review",
        "Review: a heist thriller with more style than sense",
        D,
        "The new thriller opens with a bank robbery in which masked gunmen open fire on the "
        "guards, and it rarely slows down after that. The director stages the shootouts with "
        "flair, and the lead actor makes a convincing killer. The film opens in cinemas on "
        "Friday.",
    ),
    (
        "war_film_festival",
        "War drama wins top prize at festival",
        D,
        "BERLIN — A drama about a sniper in the siege of a city won the festival's top prize "
        "on Saturday. The film follows a young soldier who shoots enemy officers from the "
        "rooftops and is haunted by what he has done. Critics praised the battle scenes. The "
        "director thanked the cast and crew.",
    ),
    (
        "crime_novel",
        "Author returns with a tale of murder in a small town",
        D,
        "The author's new novel begins with the murder of a schoolteacher found in a "
        "lake, and a detective who suspects everyone in the village. Across 400 pages the "
        "book builds a web of secrets. It is published on Thursday and the author will tour "
        "bookshops in April.",
    ),
    (
        "video_game",
        "Shooter game sets sales record in first week",
        D,
        "SEATTLE — The latest instalment of a best-selling shooter video game sold 12 million "
        "copies in its first week, the publisher said on Wednesday. Players fight through a "
        "campaign in which they storm enemy bases and call in air strikes. The publisher's "
        "shares rose 6 percent.",
    ),
    (
        "tv_series_finale",
        "Crime drama ends with shocking finale",
        D,
        "The final episode of the crime drama aired on Sunday, ending with the main "
        "character shot dead by his own brother in a dark alley. Viewers flooded social media "
        "with reactions. The network said the series drew 9 million viewers.",
    ),
    (
        "mining_blasts",
        "Residents complain of cracks from quarry blasting",
        D,
        "CAMBORNE, England — Residents near a granite quarry say blasting at the site has "
        "cracked walls and shaken windows, and they want the council to limit explosions to "
        "twice a week. The quarry operator said the blasts were within legal limits and "
        "monitored by engineers.",
    ),
    (
        "industrial_explosion",
        "Blast at chemical plant injures three workers",
        D,
        "HOUSTON (AP) — An explosion at a chemical plant east of Houston injured three "
        "workers on Wednesday, the company said. Firefighters put out the blaze within an "
        "hour. The company said a leak in a storage tank caused the blast and safety "
        "inspectors were on site.",
    ),
    (
        "gas_explosion",
        "Gas explosion destroys house, family escapes",
        D,
        "LYON, France — A gas explosion destroyed a house in a suburb of Lyon on Tuesday "
        "night, but the family of four escaped with minor injuries, firefighters said. A "
        "faulty boiler is believed to have caused the leak.",
    ),
    (
        "helicopter_crash",
        "Two soldiers killed in training helicopter crash",
        D,
        "WASHINGTON — Two soldiers were killed when their helicopter crashed during a "
        "training flight in Alabama on Wednesday, the Army said. The cause of the crash is "
        "under investigation. The names of the soldiers were withheld until their families "
        "were told.",
    ),
    (
        "car_crash",
        "Three dead in motorway pile-up in fog",
        D,
        "MILAN — Three people died and 15 were injured when 30 vehicles collided in thick fog "
        "on a motorway near Milan on Tuesday morning, police said. The road was closed for "
        "six hours.",
    ),
    (
        "football_match",
        "Late goals sink visitors in derby",
        D,
        "MANCHESTER, England — Two goals in the last five minutes gave the home side a 3-1 win "
        "in the derby on Sunday. The visitors had attacked relentlessly in the first half and "
        "shot wide three times. The manager said his strikers had been killed by bad luck.",
    ),
    (
        "basketball_shooting",
        "Guard's shooting carries team past rivals",
        D,
        "BOSTON (AP) — The guard scored 38 points on 14-of-20 shooting and the home team beat "
        "its rivals 118-104 on Wednesday night. He shot 6 of 9 from three-point range. The win "
        "was the team's seventh in a row.",
    ),
    (
        "boxing_title",
        "Champion knocks out challenger in third round",
        D,
        "LAS VEGAS — The heavyweight champion knocked out his challenger in the third round "
        "on Saturday to keep his title. The challenger went down after a left hook and "
        "could not beat the count. Both fighters were checked by doctors after the bout.",
    ),
    (
        "sports_brawl",
        "Players suspended after brawl on the ice",
        D,
        "TORONTO — The league suspended two players for three games on Monday after a brawl "
        "during Saturday's game in which gloves came off and both benches emptied. No one was "
        "hurt. The teams were each fined $50,000.",
    ),
    (
        "old_murder_sentencing",
        "Man sentenced to life for 2019 murder of shop owner",
        D,
        "LEEDS, England — A man was sentenced to life in prison on Wednesday for the murder of "
        "a shop owner in 2019, after a trial that lasted six weeks. The judge said the crime "
        "had devastated the victim's family. The man had denied the charge.",
    ),
    (
        "appeal_hearing",
        "Court hears appeal in decade-old kidnapping case",
        D,
        "PARIS — An appeals court began hearing on Monday the case of two men convicted of "
        "kidnapping a businessman in 2013. Their lawyers argue that the evidence was "
        "mishandled. A ruling is expected in May.",
    ),
    (
        "fraud_trial",
        "Former banker goes on trial over fraud",
        D,
        "NEW YORK (Reuters) - A former investment banker went on trial on Tuesday on charges "
        "that he cheated clients out of $40 million. Prosecutors said he forged statements for "
        "six years. His lawyer told jurors he was a scapegoat.",
    ),
    (
        "threat_plea",
        "Man pleads guilty to threatening to kill mayor",
        D,
        "DENVER — A man pleaded guilty on Monday to sending messages in which he threatened "
        "to shoot the city's mayor, federal prosecutors said. He faces up to five years in "
        "prison at his sentencing in June.",
    ),
    (
        "business_merger",
        "Two regional banks agree to merge",
        D,
        "CHARLOTTE, N.C. — Two regional banks agreed on Wednesday to merge in a deal worth "
        "$4 billion, creating the country's 20th largest lender. The combined bank will close "
        "about 60 branches. Shares of both rose in early trading.",
    ),
    (
        "earnings",
        "Retailer's profit beats forecasts",
        D,
        "SEATTLE — The retailer reported quarterly profit of $1.2 billion on Tuesday, beating "
        "analysts' forecasts as holiday sales rose 8 percent. The chief executive said the "
        "company would open 50 stores next year.",
    ),
    (
        "tech_layoffs",
        "Tech company to cut 3,000 jobs",
        D,
        "SAN FRANCISCO — The software company said on Thursday it would cut 3,000 jobs, about "
        "6 percent of its workforce, as it focuses on artificial intelligence. The cuts will "
        "be completed by June.",
    ),
    (
        "political_bombshell",
        "Leaked memo is a political bombshell for the minister",
        D,
        "CANBERRA — A leaked memo dropped a political bombshell on Wednesday, showing the "
        "minister knew of the cost overruns for months. Opposition leaders attacked the "
        "government over the revelations and called for her resignation. The minister said "
        "she would not step down.",
    ),
    (
        "shot_down_bill",
        "Senate shoots down housing bill",
        D,
        "SACRAMENTO, Calif. — State senators shot down a housing bill on Tuesday that would "
        "have allowed taller buildings near train stations. Its author said the vote killed "
        "the best chance in years to ease the shortage.",
    ),
    (
        "market_massacre",
        "Tech stocks suffer a massacre as rates fears return",
        D,
        "NEW YORK — Technology shares suffered a massacre on Wednesday, with the index "
        "falling 4 percent as investors bet interest rates would stay high. Chipmakers were "
        "hit hardest. Analysts said the sell-off could continue.",
    ),
    (
        "hostage_to_politics",
        "Budget held hostage by party feud",
        D,
        "WASHINGTON — The federal budget is being held hostage by a feud inside the ruling "
        "party, lawmakers said on Tuesday, as talks to avoid a shutdown stalled again. "
        "Negotiators will meet on Friday.",
    ),
    (
        "war_anniversary",
        "Veterans mark 80 years since the landings",
        D,
        "CAEN, France — Veterans and leaders gathered on the beaches of Normandy on Thursday to "
        "mark 80 years since the landings of 1944, in which thousands of soldiers were killed. "
        "Wreaths were laid at the cemeteries. A minister said the sacrifice must never be "
        "forgotten.",
    ),
    (
        "massacre_remembrance",
        "Town remembers victims of 1995 massacre",
        D,
        "SREBRENICA — Thousands gathered on Monday to remember the victims of the 1995 "
        "massacre, in which more than 8,000 men and boys were killed. The remains of 14 "
        "victims identified this year were buried at the memorial centre.",
    ),
    (
        "war_casualty_context",
        "Ceasefire talks resume in Cairo",
        D,
        "CAIRO (AP) — Negotiators returned to Cairo on Wednesday for a new round of ceasefire "
        "talks. The war has killed more than 30,000 people, according to health officials, "
        "and displaced most of the population. Mediators said a deal was close but gaps "
        "remained over the release of prisoners.",
    ),
    (
        "terror_warning",
        "Embassy warns of possible attacks during holidays",
        D,
        "NAIROBI, Kenya — The embassy warned its citizens on Wednesday of possible terrorist "
        "attacks on hotels and shopping centres during the holidays and urged them to avoid "
        "crowds. Police said they had increased patrols but had no specific information about "
        "a plot.",
    ),
    (
        "foiled_plot",
        "Police say plot to bomb concert was foiled last year",
        D,
        "VIENNA — Police said on Tuesday that a plot to bomb a pop concert last year had been "
        "foiled by a tip from a foreign intelligence service. No explosives were ever set off. "
        "Two suspects remain in custody awaiting trial.",
    ),
    (
        "hypothetical_strike",
        "Analysts weigh what a strike on nuclear sites would mean",
        D,
        "WASHINGTON — An air strike on the country's nuclear sites could delay its programme by "
        "a year or more, analysts said on Tuesday, but it would also risk a wider war. "
        "Officials said no decision had been made.",
    ),
    (
        "disease_deaths",
        "Measles outbreak kills two children",
        D,
        "BUCHAREST, Romania — A measles outbreak has killed two children in the north of the "
        "country this month, health officials said on Wednesday, urging parents to vaccinate. "
        "More than 300 cases have been recorded since January.",
    ),
    (
        "drug_bust",
        "Police seize cocaine worth millions at port",
        D,
        "ROTTERDAM, Netherlands — Customs officers seized 3 tonnes of cocaine hidden in a "
        "shipment of bananas at the port on Tuesday and arrested two men, prosecutors said. "
        "The drugs had a street value of about 200 million euros.",
    ),
    (
        "burglary_spree",
        "Burglars target homes while owners are on holiday",
        D,
        "BRISTOL, England — Police are investigating a series of burglaries in which thieves "
        "took jewellery and laptops from eight homes while the owners were away, officers said "
        "on Wednesday. No one was at home during the break-ins.",
    ),
    (
        "peaceful_protest",
        "Thousands march for climate action",
        D,
        "MADRID — Tens of thousands of people marched through Madrid on Sunday calling for "
        "faster action on climate change, organisers said. The march passed off peacefully "
        "and police reported no arrests.",
    ),
    (
        "report_denied",
        "Embassy says reports of diplomat's daughter shot are false",
        D,
        "SAN JOSE — The report that the daughter of the country's ambassador was wounded by "
        "gunfire in the capital is absolutely unfounded, the foreign ministry said on "
        "Wednesday. She is with her family abroad and safe, a spokeswoman said.",
    ),
    (
        "assassination_anniversary",
        "Cardinal marks tenth year since archbishop's death",
        D,
        "SAN SALVADOR — The cardinal recalled on Sunday that this year is the tenth "
        "anniversary of the archbishop's assassination, which has yet to be solved, and "
        "asked the government to reopen the case. Pilgrims are expected at the cathedral.",
    ),
    (
        "magazine_decade_after_attack",
        "Satirical weekly marks a decade since the attack on its office",
        D,
        "PARIS — Ten years after the attack on its office, in which 12 people were killed, "
        "the satirical weekly published a special edition on Tuesday. Its editor said the "
        "paper would go on laughing, and a decade since the massacre, readers queued at "
        "kiosks across the city.",
    ),
    (
        "live_fire_exercise",
        "Allied troops hold live-fire drills near the border",
        D,
        "VILNIUS — Allied troops held live-fire exercises in Lithuania on Wednesday, firing "
        "artillery and rockets at targets on a range near the border. The drills involved "
        "3,000 soldiers and will run until Friday, the defence ministry said.",
    ),
    (
        "shares exploded",
        "Chipmaker's shares explode after record quarter",
        D,
        "NEW YORK — The chipmaker's shares exploded 40 percent on Thursday after it reported "
        "record profits, and demand for its processors has exploded since the spring, "
        "analysts said, triggering a rally in technology stocks.",
    ),
    (
        "crash on the motorway",
        "Two dead as bus and lorry collide near Lyon",
        D,
        "LYON — Two people were killed and five injured when a bus collided with a lorry on "
        "the motorway near Lyon early on Sunday, police said. The lorry's driver was arrested "
        "and tested for alcohol.",
    ),
    (
        "jailed for an old killing",
        "Man who killed neighbour in fence row jailed for life",
        D,
        "LEEDS — A man who killed his neighbour with an axe in a dispute over a garden fence "
        "was jailed for life on Friday. The judge said the attack had been brutal and "
        "senseless, and that the man had shown no remorse.",
    ),
    (
        "encyclopedic account of an old siege",
        "The 2008 Mumbai attacks",
        D,
        "In 2008, gunmen attacked several sites in Mumbai over four days, killing 166 people. "
        "India blamed the Pakistan-based Lashkar-e-Taiba, and the only surviving attacker was "
        "captured by police and later executed.",
    ),
    (
        "encyclopedic account of an old bombing",
        "AMIA bombing",
        D,
        "The bombing of the AMIA building in Buenos Aires in 1994 killed 85 people. Argentine "
        "prosecutors accused Iran of ordering the attack, which Tehran has always denied.",
    ),
    (
        "obituary of a war correspondent",
        "War correspondent who covered Sarajevo dies at 84",
        D,
        "LONDON — John Ashdown, a veteran war correspondent who covered the bombing of "
        "Belgrade and the siege of Sarajevo, died on Monday at his home in London. He was 84. "
        "Colleagues said he had mentored a generation of reporters.",
    ),
    (
        "gas explosion, then the blast",
        "Two dead as gas explosion destroys flats",
        D,
        "BRISTOL — A gas explosion destroyed a block of flats in Bristol on Saturday, killing "
        "two residents. Police said there was nothing to suggest the blast was deliberate, and "
        "the gas network said engineers were checking pipes in the street.",
    ),
]
