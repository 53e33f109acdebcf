#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""gen-shapes.py SHAPE ROWS [SEED] - writes a deterministic CSV of ROWS data
rows to stdout, shaped like the tables people really publish and build
(docs: ../shared/DOMAIN.md, "What published data looks like"):

  community  the community scraper's dataset scaled up: la_name, yot_name,
             snake_case standard names without codes (read with
             fixtures/scraped-ratings.map.json), DD/MM/YY dates, fieldwork
             as "September 2020", score_% of 36, "Requires Improvement" in
             any case, empty cells (footnotes in rating cells are errors
             without --keep-going, so they stay in the notes column)
  titled     a hand-made table: a "Provider" column, standards titled in
             the header ("1.1 Governance and leadership"), no framework
             column (inferred from the dates), "4 June 2020" dates, CRLF
             line ends, quoted free text with commas and newlines
  long       the long layout: one standard a row (body, date, code, title,
             rating), twelve rows an inspection
  plan       improvement plans: one action a row (reference, action, lead,
             timescale, success measures, RAG), about eight an inspection

Every shape holds consistent ratings (the score and overall rating agree
with the standards) so the checks find what real data gives them."""
import random
import sys

shape = sys.argv[1]
n = int(sys.argv[2])
rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 2018)
labels = ["Outstanding", "Good", "Requires improvement", "Inadequate"]
points = {labels[0]: 3, labels[1]: 2, labels[2]: 1, labels[3]: 0}
titles = [("1.1", "Governance and leadership"), ("1.2", "Staff"),
          ("1.3", "Partnerships and services"),
          ("1.4", "Information and facilities"), ("2.1", "Assessment"),
          ("2.2", "Planning"), ("2.3", "Implementation and delivery"),
          ("2.4", "Reviewing"), ("3.1", "Assessment"), ("3.2", "Planning"),
          ("3.3", "Implementation and delivery"), ("3.4", "Joint working")]
regions = ["North East", "North West", "Yorkshire and the Humber",
           "East Midlands", "West Midlands", "East of England", "London",
           "South East", "South West", "Wales"]
months = ["January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December"]
words = ("the youth offending team partnership board case managers children "
         "custody resettlement safety wellbeing desistance planning review "
         "girls exploitation education health police victims").split()
out = sys.stdout


def band(score):
    if score <= 6:
        return "Inadequate"
    if score <= 18:
        return "Requires improvement"
    if score <= 30:
        return "Good"
    return "Outstanding"


def quoted(k):
    s = " ".join(rng.choice(words) for _ in range(k))
    return '"' + s.replace("team", 'team, ""the YOT"",').replace(
        "review", "review\nthen") + '"'


def inspection(i):
    """One inspection under the 2018 standards: fieldwork from July 2018
    to March 2021, published two to four months later."""
    ratings = [rng.choice(labels) for _ in titles]
    score = sum(points[r] for r in ratings)
    year = rng.choice([2018, 2019, 2020, 2021])
    month = rng.randint(7, 12) if year == 2018 else (
        rng.randint(1, 3) if year == 2021 else rng.randint(1, 12))
    day = rng.randint(1, 24)
    pm = month + rng.randint(2, 4)
    py = year + (pm > 12)
    pm = (pm - 1) % 12 + 1
    la = "Area %05d" % i
    return {"la": la, "ratings": ratings, "score": score,
            "start": (year, month, day), "end": (year, month, day + 4),
            "pub": (py, pm, rng.randint(1, 28))}


def community():
    heads = ["governance_and_leadership", "staff",
             "partnerships_and_services", "information_and_facilities",
             "assessment", "planning", "implementation_and_delivery",
             "reviewing"]
    out.write("la_name,yot_name,region,inspection_date,publication_date,"
              "overall_rating,score_%," + ",".join(heads) + ",notes\n")
    for i in range(n):
        x = inspection(i)
        r = x["ratings"][:8]
        cells = []
        for k, v in enumerate(r):
            c = rng.random()
            if c < 0.05:
                v = ""  # the scraper's gaps: a "Requires improvement" lost
            elif c < 0.5:
                v = v.title()
            elif c < 0.6:
                v = v.upper()
            cells.append(v)
        y, m, d = x["start"]
        start = ("%s %d" % (months[m - 1], y) if rng.random() < 0.3
                 else "%02d/%02d/%02d" % (d, m, y % 100))
        y, m, d = x["pub"]
        overall = band(x["score"])
        row = [x["la"], x["la"] + " YOT", rng.choice(regions), start,
               "%02d/%02d/%02d" % (d, m, y % 100),
               overall.title() if rng.random() < 0.5 else overall.lower(),
               "%.2f" % (x["score"] * 100.0 / 36)] + cells + [
            '"note 1: as the press release put it"' if rng.random() < 0.1
            else ""]
        out.write(",".join(row) + "\n")


def titled():
    out.write("Provider,Local authority,Region,Fieldwork start,"
              "Fieldwork end,Date of publication,Overall rating,Score,"
              + ",".join("%s %s" % t for t in titles)
              + ",Lead inspector,Summary\r\n")
    for i in range(n):
        x = inspection(i)
        y, m, d = x["start"]
        s = "%d %s %d" % (d, months[m - 1], y)
        y, m, d = x["end"]
        e = "%d %s %d" % (d, months[m - 1], y)
        y, m, d = x["pub"]
        p = "%d %s %d" % (d, months[m - 1], y)
        row = [x["la"] + " Youth Justice Service", x["la"],
               rng.choice(regions), s, e, p, band(x["score"]),
               "%d/36" % x["score"]] + x["ratings"] + [
            "Inspector %d" % rng.randint(1, 40), quoted(8)]
        out.write(",".join(row) + "\r\n")


def long():
    out.write("body_name,local_authority,published,standard,title,rating\n")
    i = 0
    rows = 0
    while rows < n:
        x = inspection(i)
        y, m, d = x["pub"]
        for (code, title), r in zip(titles, x["ratings"]):
            if rows == n:
                break
            out.write("%s YOT,%s,%04d-%02d-%02d,%s,%s,%s\n" % (
                x["la"], x["la"], y, m, d, code, title, r))
            rows += 1
        i += 1


def plan():
    rags = ["Red", "Amber", "Green", "Complete", "Some progress", ""]
    leads = ["Head of Service", "Operations and Practice Manager",
             "Partnership Board", "Team Manager"]
    out.write("body_name,framework,reference,action,lead,due,"
              "success_measure,rag\n")
    i = 0
    rows = 0
    while rows < n:
        x = inspection(i)
        y, m, d = x["pub"]
        for k in range(rng.randint(4, 12)):
            if rows == n:
                break
            dm = (m + k) % 12 + 1
            due = ("%s %d" % (months[dm - 1], y + 1) if k % 3 == 0
                   else "%02d/%02d/%04d" % (d, dm, y + 1))
            out.write("%s YOT,hmip-unrated,%d%s,%s,%s,%s,%s,%s\n" % (
                x["la"], k // 3 + 1, "ABCD"[k % 4], quoted(12),
                rng.choice(leads), due, quoted(6), rng.choice(rags)))
            rows += 1
        i += 1


{"community": community, "titled": titled, "long": long,
 "plan": plan}[shape]()
