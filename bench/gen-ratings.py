#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""gen-ratings.py N [SEED] - writes a deterministic wide ratings CSV of N
inspections to stdout: the columns of a scraped community dataset, the 12
standards of the 2018 framework with a consistent score and overall
rating, and free-text fields holding commas, quotes and newlines."""
import random
import sys

n = int(sys.argv[1])
rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 2018)
labels = ["Outstanding", "Good", "Requires improvement", "Inadequate"]
points = {"Outstanding": 3, "Good": 2, "Requires improvement": 1, "Inadequate": 0}
codes = ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4",
         "3.1", "3.2", "3.3", "3.4"]
regions = ["North East", "North West", "Yorkshire and the Humber",
           "East Midlands", "West Midlands", "East of England", "London",
           "South East", "South West", "Wales"]
words = ("the youth offending team partnership board case managers children "
         "custody resettlement safety wellbeing desistance planning review "
         "girls exploitation education health police victims").split()


def band(score):
    if score <= 6:
        return "Inadequate"
    if score <= 18:
        return "Requires improvement"
    if score <= 30:
        return "Good"
    return "Outstanding"


def text(k):
    s = " ".join(rng.choice(words) for _ in range(k))
    # commas, quotes and a newline, as hand-made spreadsheets have them
    return '"' + s.replace("team", 'team, ""the YOT"",').replace(
        "review", "review\nthen") + '"'


out = sys.stdout
out.write("id,body_name,local_authority,region,inspectorate,framework,"
          "fieldwork_start,fieldwork_end,published,overall_rating,score,"
          + ",".join(codes) + ",lead_inspector,summary,notes\n")
for i in range(n):
    ratings = [rng.choice(labels) for _ in codes]
    score = sum(points[r] for r in ratings)
    day = rng.randint(1, 28)
    month = rng.randint(1, 12)
    year = 2019 + (month > 6) if rng.random() < 0.5 else 2020
    pub_month = month % 12 + 1
    pub_year = year + (month == 12)
    la = "Area %06d" % i
    row = [
        "R%07d" % i, la + " YOT", la, rng.choice(regions), "HMIP",
        "hmip-youth-2018",
        "%04d-%02d-%02d" % (year, month, day),
        "%04d-%02d-%02d" % (year, month, min(day + 4, 28)),
        "%02d/%02d/%04d" % (day, pub_month, pub_year),
        band(score), str(score),
    ] + ratings + [
        "Inspector %d" % rng.randint(1, 40), text(5), text(8),
    ]
    out.write(",".join(row) + "\n")
