#!/usr/bin/env python3
"""Writes the class tables of tests/classes/: one small synthetic table per
failure class of real data (headers that values contradict, names as real
lists write them, survey coding, tables not about people, header and footer
blocks). Every value is generated from a fixed seed; no row describes a real
person. Run it again after changing it: `python3 tools/class_tables.py`.
The expected verdicts are in tests/classes/expect.json."""

import csv
import io
import json
import os
import random

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "classes")
R = random.Random(17)

SYL = ["ka", "ro", "ma", "dan", "go", "wa", "ne", "tu", "ri", "sa", "lo", "mi",
       "ba", "ke", "zu", "hal", "vik", "tor", "en", "os", "ar", "il", "un", "fa"]
# Cities that are also surnames or given names: what makes a city column
# read as names.
NAME_CITIES = ["Jackson", "Austin", "Houston", "Charlotte", "Madison",
               "Lincoln", "Florence", "Marion", "Aurora", "Cleveland",
               "Chester", "Clinton", "Franklin", "Warren", "Douglas",
               "Jefferson", "Salem", "Camden", "Preston", "Quincy"]
COUNTRIES = ["Papua New Guinea", "Greenland", "Iceland", "Canada", "Algeria",
             "Benin", "Burkina Faso", "Ghana", "Nigeria", "Tunisia", "Belgium",
             "Germany", "Estonia", "Finland", "United Kingdom", "Netherlands",
             "Ireland", "Denmark", "Luxembourg", "Norway", "Poland", "Sweden",
             "South Africa", "Botswana", "Brazil", "Chile", "Peru",
             "United States", "Japan", "China", "India", "Australia"]
CODES = ["US", "CN", "DE", "FR", "GB", "JP", "IN", "BR", "CA", "AU", "NL",
         "SE", "NO", "FI", "PL", "ES", "IT", "MX", "KR", "SG"]


def place_word():
    w = "".join(R.choice(SYL) for _ in range(R.randint(2, 3)))
    return w.capitalize()


def write(name, header_rows, rows, footer=(), lines_before=()):
    buf = io.StringIO()
    for line in lines_before:
        buf.write(line + "\n")
    w = csv.writer(buf, lineterminator="\n")
    for h in header_rows:
        w.writerow(h)
    for r in rows:
        w.writerow(r)
    for line in footer:
        buf.write(line + "\n")
    with open(os.path.join(OUT, name), "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())


def airports():
    kinds = ["Airport", "International Airport", "Airfield", "Air Base",
             "Regional Airport", "Heliport", "Airstrip"]
    rows = []
    for i in range(1, 601):
        city = R.choice(NAME_CITIES) if R.random() < 0.4 else place_word()
        name = f"{place_word() if R.random() < 0.5 else city} {R.choice(kinds)}"
        iata = "".join(R.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(3))
        lat = f"{R.uniform(-60, 70):.6f}"
        lon = f"{R.uniform(-170, 170):.6f}"
        tz = R.choice([-10, -8, -5, 0, 1, 2, 8, 9, 10])
        rows.append([i, name, city, R.choice(COUNTRIES), iata, "K" + iata, lat,
                     lon, R.randint(0, 9000), tz, R.choice("EANUSOZ"),
                     R.choice(["America/Chicago", "Europe/Berlin",
                               "Asia/Shanghai", "Pacific/Port_Moresby"]),
                     "airport", "OurAirports"])
    write("airports.csv", [["Airport ID", "Name", "City", "Country", "IATA",
                            "ICAO", "Latitude", "Longitude", "Altitude",
                            "Timezone", "DST", "Tz database time zone", "Type",
                            "Source"]], rows)


def log_export():
    rows = []
    for i in range(800):
        ts = f"2025-03-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:{(i * 7) % 60:02d}Z"
        path = R.choice(["/", "/search", "/docs/start", "/pricing", "/login"])
        city = R.choice(NAME_CITIES + ["Berlin", "Paris", "Osaka", "Lyon"])
        rows.append([ts, R.choice(["GET", "POST"]), path,
                     R.choice([200, 200, 200, 304, 404]), city,
                     R.choice(CODES), R.choice(["desktop", "mobile", "tablet"])])
    write("log_export.csv", [["timestamp", "method", "path", "status", "city",
                              "geo_country", "device"]], rows)


def roles_and_flags():
    rows = []
    for i in range(500):
        rows.append([
            1000 + i,
            R.choice(["Self", "Spouse", "Child", "Dependent", "Parent"]),
            R.choice(["Adult", "Child", "Infant", "Senior"]),
            R.choice(["Mother", "Father", "Grandparent", "Other", "Legal guardian"]),
            R.choice(["0", "1"]),
            R.choice(["Y", "N"]),
            R.choice(["true", "false"]),
            R.choice(["是", "否"]),
        ])
    write("roles_and_flags.csv", [["claim_no", "insured", "passenger_type",
                                   "guardian", "email_verified", "has_phone",
                                   "id_card_uploaded", "是否有手机号"]], rows)


def gb11643(first17):
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return "10X98765432"[sum(int(c) * k for c, k in zip(first17, w)) % 11]


def check_digits():
    rows = []
    for _ in range(300):
        first = (f"{R.choice(['110101', '310104', '440305', '510107'])}"
                 f"{R.randint(1950, 2004)}{R.randint(1, 12):02d}"
                 f"{R.randint(1, 28):02d}{R.randint(0, 999):03d}")
        good = gb11643(first)
        bad = "0123456789X".replace(good, "")[R.randint(0, 9)]
        rows.append([first + good, first + bad])
    write("check_digits.csv", [["身份证号", "证件号码"]], rows)


GIVEN = ["Owen", "Laina", "Vincenz", "Augusta", "Elias", "Hanora", "Wilhelm",
         "Tyyne", "Margit", "Eino", "Leopold", "Thamine", "Nicola", "Ernst",
         "Bertha", "Alfrida", "Einar", "Marija", "Hedwig", "Kornelia"]
SURN = ["Braund", "Heikkinen", "Kink", "Futrelle", "Nasser", "Sandstrom",
        "Bonnell", "Saundercock", "Andersson", "Vestrom", "Rice", "Fortune",
        "Palsson", "Johnson", "Masselmani", "Laroche", "Goodwin", "Rugg",
        "Skoog", "Asplund", "Baclini", "Hakkarainen", "Moubarek", "Strom"]


def passenger_list():
    rows = []
    for i in range(1, 892):
        s, g = R.choice(SURN), R.choice(GIVEN)
        title = R.choice(["Mr.", "Mrs.", "Miss.", "Master.", "Dr.", "Rev."])
        name = f"{s}, {title} {g} {R.choice(GIVEN)}"
        if title == "Mrs." and R.random() < 0.5:
            name = f"{s}, Mrs. {g} ({R.choice(GIVEN)} {R.choice(SURN)})"
        if R.random() < 0.05:
            name += f' "{R.choice(["Jack", "Bill", "Tony"])}"'
        age = R.choice([f"{R.randint(1, 70)}", f"{R.randint(1, 70)}.5",
                        "0.42", "0.83", ""])
        rows.append([i, R.randint(0, 1), R.randint(1, 3), name,
                     R.choice(["male", "female"]), age, R.randint(0, 3),
                     R.randint(0, 2), f"A/5 {R.randint(10000, 99999)}",
                     f"{R.uniform(5, 260):.4f}", R.choice(["", "C85", "E46"]),
                     R.choice("SCQ")])
    write("passenger_list.csv", [["PassengerId", "Survived", "Pclass", "Name",
                                  "Sex", "Age", "SibSp", "Parch", "Ticket",
                                  "Fare", "Cabin", "Embarked"]], rows)


def census_like_names():
    # Names from the middle of the frequency tables, not the top hundred.
    given = ["Marguerite", "Alfonso", "Lindsey", "Rosalind", "Clement",
             "Genevieve", "Thaddeus", "Mabel", "Everett", "Imogene", "Lowell",
             "Antoinette", "Rufus", "Harriet", "Ignacio", "Winifred", "Emmett",
             "Lucinda", "Ambrose", "Henrietta"]
    surn = ["Whitaker", "Pruitt", "Holloway", "Castaneda", "Gallagher",
            "Lindqvist", "Okafor", "Brennan", "Yoder", "Villarreal", "Mcintyre",
            "Dunlap", "Kirkpatrick", "Beaumont", "Haskell", "Pettigrew",
            "Sorensen", "Abernathy", "Quintero", "Whitfield"]
    rows = [[f"{R.choice(given)} {R.choice(surn)}", R.randint(18, 80)]
            for _ in range(400)]
    write("census_names.csv", [["V1", "V2"]], rows)


def members_and_staff():
    stage = ["DJ Kool", "Lil Tecca", "MC Lyte", "Big Moe", "Young Dro",
             "Kid Cudi", "Lady Sovereign", "Grandmaster Caz", "Sister Nancy",
             "Queen Pen", "Pepa", "Salt", "Spinderella", "Bushwick Bill",
             "Scarface", "Ol Dirty", "Ghostface", "Raekwon", "Masta Ace",
             "Rakim", "Skooly", "Trugoy", "Posdnuos", "Maseo"]
    staff = ["Margaret Holloway", "Dennis Pruitt", "Ana Castaneda",
             "Thomas Whitaker", "Lena Sorensen"]
    rows = []
    for i in range(1000):
        rows.append([f"R{100000 + i}", R.choice(stage), R.choice(staff),
                     R.choice(staff[:3]), R.choice(["pending", "approved", "filed"])])
    write("members_and_staff.csv", [["record", "member", "registrar", "clerk",
                                     "status"]], rows)


def survey():
    income = ["Less than $10,000", "$10,000 to $24,999", "$25,000 to $49,999",
              "$50,000 to $74,999", "$75,000 to $99,999", "$100,000 or more"]
    nbhd = ["Riverside", "Old Town", "Northgate", "Hillcrest", "Eastwood",
            "Lakeview", "Southpark", "Westbrook"]
    orig = ["Born in this country", "Born in another country",
            "Born abroad, citizen by naturalisation"]
    crim = ["No", "Yes, arrested but not convicted", "Yes, convicted",
            "Prefer not to say"]
    pol = ["Strongly liberal", "Liberal", "Moderate", "Conservative",
           "Strongly conservative", "Democrat", "Republican", "Independent"]
    rel = ["Catholic", "Protestant", "Muslim", "Jewish", "Buddhist", "Hindu",
           "No religion", "Other religion"]
    rows = []
    for i in range(1, 701):
        rows.append([i, f"{R.randint(18, 90)}.{R.choice([0, 25, 5, 75])}",
                     R.choice(income), R.choice(nbhd), R.choice(orig),
                     R.choice(crim), R.choice(pol), R.choice(rel),
                     R.randint(1, 31), R.randint(1, 9),
                     R.choice(["1", "2", "3", "4", "5"])])
    write("survey.csv", [["respid", "AGEF", "HHINC", "NBHD", "ORIGIN",
                          "CRIMREC", "POLV", "RELIG", "DAY", "CAT",
                          "Q12_income"]], rows)


def header_block():
    names = ["ResponseId", "Q1", "Q2_age", "Q3", "Q4_email"]
    texts = ["Response ID", "What is your name?", "How old are you?",
             "Which city do you live in?", "Your e-mail, if we may write to you"]
    ids = ['{"ImportId":"_recordId"}', '{"ImportId":"QID1_TEXT"}',
           '{"ImportId":"QID2_TEXT"}', '{"ImportId":"QID3"}',
           '{"ImportId":"QID4_TEXT"}']
    rows = []
    for i in range(300):
        g, s = R.choice(GIVEN), R.choice(SURN)
        rows.append([f"R_{R.getrandbits(40):010x}", f"{g} {s}", R.randint(18, 80),
                     R.choice(NAME_CITIES[:6]),
                     f"{g.lower()}.{s.lower()}{R.randint(1, 99)}@example.org"])
    write("survey_header_block.csv", [names, texts, ids], rows)
    group = ["Person", "", "", "Contact", ""]
    cols = ["id", "name", "age", "phone", "e-mail"]
    rows = []
    for i in range(300):
        g, s = R.choice(GIVEN), R.choice(SURN)
        rows.append([i + 1, f"{g} {s}", R.randint(18, 80),
                     f"+1 555 {R.randint(100, 999)} {R.randint(1000, 9999)}",
                     f"{g.lower()}{R.randint(1, 999)}@example.net"])
    write("grouped_header.csv", [group, cols], rows,
          footer=["", "Report generated by Margaret Holloway 2025-03-04",
                  "© 2025 Example Services Ltd. All rights reserved."])


def animals_and_flights():
    pets = ["Buddy", "Max", "Bella", "Luna", "Charlie", "Lucy", "Cooper", "Daisy",
            "Milo", "Rocky", "Bailey", "Sadie", "Tucker", "Molly", "Bear", "Zoe",
            "Oliver", "Chloe", "Duke", "Penny", "Whiskers", "Shadow", "Pepper"]
    rows = []
    for i in range(500):
        rows.append([f"A{700000 + i}", R.choice(pets),
                     R.choice(["Dog", "Cat", "Cat", "Dog", "Rabbit", "Bird"]),
                     R.choice(["Labrador Retriever Mix", "Domestic Shorthair",
                               "Pit Bull", "Siamese", "Chihuahua", "Beagle"]),
                     f"{R.randint(0, 15)} years", R.choice(["Male", "Female", "Unknown"]),
                     f"2024-{R.randint(1, 12):02d}-{R.randint(1, 28):02d}",
                     R.choice(["Adoption", "Transfer", "Return to Owner"])])
    write("animal_shelter.csv", [["Animal ID", "Name", "Species", "Breed", "Age",
                                  "Sex", "Intake Date", "Outcome"]], rows)
    owners_g = ["Margaret", "Dennis", "Ana", "Thomas", "Lena", "Robert", "Julia"]
    owners_s = ["Holloway", "Pruitt", "Castaneda", "Whitaker", "Sorensen", "Brennan"]
    rows = []
    for i in range(300):
        rows.append([R.choice(pets), R.choice(["Dog", "Cat"]), R.randint(1, 14),
                     f"{R.choice(owners_g)} {R.choice(owners_s)}",
                     f"+1 555 {R.randint(100, 999)} {R.randint(1000, 9999)}"])
    write("vet_clients.csv", [["name", "species", "age", "owner", "owner phone"]], rows)
    rows = []
    for i in range(800):
        rows.append([2024, R.randint(1, 12), R.randint(1, 28), R.randint(500, 2359),
                     R.randint(-10, 120), R.choice(["UA", "AA", "DL", "B6"]),
                     R.randint(1, 2500), f"N{R.randint(100, 999)}{R.choice('ABCDEFGH')}{R.choice('ABCDEFGH')}",
                     R.choice(["JFK", "LGA", "EWR"]), R.choice(["ATL", "ORD", "LAX", "MIA"]),
                     R.randint(60, 400), R.randint(200, 2500)])
    write("flights.csv", [["year", "month", "day", "dep_time", "dep_delay", "carrier",
                           "flight", "tailnum", "origin", "dest", "air_time",
                           "distance"]], rows)


def airports_and_stations_other_exports():
    # Another airport list's columns and names, and a weather service's
    # station names in capitals with their abbreviations.
    names = ["Total Rf Heliport", "Aero B Ranch Airport", "Lowell Field",
             "Epps Airpark", "Newport Hospital & Clinic Heliport", "Cordes Airport",
             "Williams Ag Airport", "Kitchen Creek Airport", "Holmes Airport",
             "Ellis Seaplane Base", "Hartley Farm Airstrip", "Camp Bowie Heliport",
             "Fort Worth Meacham Intl", "Bristol Landing Strip", "Jackson County Airport"]
    rows = []
    for i in range(400):
        rows.append([6523 + i, f"{R.randint(0, 99):02d}{R.choice('ABCDEFGH')}{R.choice('ABCDEFGH')}",
                     R.choice(["heliport", "small_airport", "closed"]), R.choice(names),
                     f"{R.uniform(25, 48):.6f}", f"{R.uniform(-120, -70):.6f}",
                     R.randint(0, 3000), "NA", "US", R.choice(["US-PA", "US-KS", "US-TX"]),
                     R.choice(["Bensalem", "Leoti", "Anchor Point", "Harvest", "Newport"]),
                     f"K{R.randint(100, 999)}"])
    write("airports_other.csv", [["id", "ident", "type", "name", "latitude_deg",
                                  "longitude_deg", "elevation_ft", "continent",
                                  "iso_country", "iso_region", "municipality",
                                  "gps_code"]], rows)
    stations = ["BOSTON LOGAN INTL AP", "CHICAGO OHARE INTL AP", "JACKSON HAWKINS FLD",
                "MADISON DANE CO RGNL AP", "AUSTIN BERGSTROM INTL AP", "LINCOLN MUNI AP",
                "HOUSTON BUSH INTERCONTINENTAL AP"]
    rows = []
    for i in range(600):
        rows.append([f"USW000{R.randint(10000, 99999)}", R.choice(stations),
                     f"2024-01-{R.randint(1, 28):02d}", R.randint(-10, 35),
                     R.randint(-20, 20), f"{R.uniform(0, 3):.2f}"])
    write("weather_stations.csv", [["STATION", "NAME", "DATE", "TMAX", "TMIN", "PRCP"]], rows)


def recidivism():
    # A risk-assessment study's columns: names in lower case, charges coded
    # and described, counts of priors, a 0/1 reoffence flag.
    first = ["miguel", "kevon", "ed", "marsha", "edward", "steven", "elizabeth",
             "bo", "ellen", "tamika", "darnell", "joseph"]
    last = ["hernandez", "dixon", "philo", "miles", "riddle", "stewart", "thieme",
            "bradshaw", "cottrell", "jefferson", "moore", "lopez"]
    charges = ["Aggravated Assault w/Firearm", "Felony Battery w/Prior Convict",
               "Possession of Cocaine", "Battery", "Grand Theft in the 3rd Degree",
               "Driving While License Revoked", "Petit Theft"]
    rows = []
    for i in range(1, 900):
        fn, ln = R.choice(first), R.choice(last)
        y = R.randint(1950, 1996)
        age = 2013 - y
        cat = "Less than 25" if age < 25 else ("Greater than 45" if age > 45 else "25 - 45")
        rows.append([i, f"{fn} {ln}", fn, ln, f"{y}-{R.randint(1, 12):02d}-{R.randint(1, 28):02d}",
                     age, cat, R.choice(["African-American", "Caucasian", "Hispanic", "Other"]),
                     R.randint(0, 20), R.choice("FM"), R.choice(charges), R.randint(0, 1),
                     R.choice(["Low", "Medium", "High"])])
    write("recidivism.csv", [["id", "name", "first", "last", "dob", "age", "age_cat",
                              "race", "priors_count", "c_charge_degree", "c_charge_desc",
                              "is_recid", "score_text"]], rows)


def clinical_encounters():
    # A hospital study's encounters: a patient number, ICD-9 codes, lab
    # results and medications as coded answers, counts of procedures.
    rows = []
    for i in range(1000):
        a = R.randint(0, 9) * 10
        rows.append([2278392 + i * 97, R.randint(100000, 99999999),
                     R.choice(["Caucasian", "AfricanAmerican", "?", "Other", "Asian", "Hispanic"]),
                     R.choice(["Female", "Male"]), f"[{a}-{a + 10})", R.randint(1, 100),
                     R.choice(["250.83", "428", "276", "414", "V57", "250.01", "786"]),
                     R.choice(["None", ">200", ">300", "Norm"]), R.choice(["None", ">7", ">8", "Norm"]),
                     R.choice(["No", "Steady", "Up", "Down"]), R.choice(["NO", ">30", "<30"])])
    write("clinical_encounters.csv", [["encounter_id", "patient_nbr", "race", "gender", "age",
                                       "num_lab_procedures", "diag_1", "max_glu_serum",
                                       "A1Cresult", "insulin", "readmitted"]], rows)


def survey_sub_answers():
    # Questions over merged cells, their answers' labels in the row below.
    rows = []
    for i in range(300):
        g, s = R.choice(GIVEN), R.choice(SURN)
        rows.append([114000 + i, f"2024-05-{R.randint(1, 28):02d} {R.randint(8, 20):02d}:{R.randint(10, 59)}:{R.randint(10, 59)}",
                     g, s, R.choice(["Apple", ""]), R.choice(["Banana", ""]),
                     f"{g.lower()}{R.randint(1, 99)}@example.com"])
    write("survey_sub_answers.csv", [["Respondent ID", "Start Date", "What is your name?", "",
                                      "Which fruits do you like?", "", "Your e-mail address"],
                                     ["", "", "First name", "Last name", "Apple", "Banana",
                                      "Open-Ended Response"]], rows)


def wenjuanxing():
    # A Chinese survey platform's export: numbered question headers, the
    # respondent's IP with its place in brackets, answers as bands.
    cities = [("广东", "广州"), ("北京", "北京"), ("浙江", "杭州"), ("四川", "成都")]
    rows = []
    for i in range(1, 501):
        p, c = R.choice(cities)
        rows.append([i, f"2024/5/{R.randint(1, 28)} {R.randint(8, 22)}:{R.randint(10, 59)}:{R.randint(10, 59)}",
                     f"{R.randint(30, 400)}秒", R.choice(["微信", "手机提交", "链接"]),
                     R.choice(["直接访问", "N/A"]),
                     f"{R.randint(1, 223)}.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(1, 254)}({p}-{c})",
                     R.choice(["男", "女"]), R.choice(["18~25岁", "26~30岁", "31~40岁", "41~50岁", "50岁以上"]),
                     R.choice(["3000元以下", "3000-5000元", "5001-8000元", "8000元以上"]),
                     R.choice(["学生", "企业职员", "公务员", "自由职业"]), c + "市",
                     f"1{R.choice([3, 5, 8])}{R.randint(100000000, 999999999)}"])
    write("wenjuanxing.csv", [["序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP",
                               "1、您的性别：", "2、您的年龄段：", "3、您的月收入：", "4、您的职业：",
                               "5、您所在的城市：", "6、您的手机号码："]], rows)


def main():
    os.makedirs(OUT, exist_ok=True)
    airports()
    log_export()
    roles_and_flags()
    check_digits()
    passenger_list()
    census_like_names()
    members_and_staff()
    survey()
    header_block()
    animals_and_flights()
    airports_and_stations_other_exports()
    recidivism()
    clinical_encounters()
    survey_sub_answers()
    wenjuanxing()


if __name__ == "__main__":
    main()
