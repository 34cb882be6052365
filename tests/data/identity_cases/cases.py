"""The hard cases of identity in Dutch and Belgian shops, written by hand (README.md).

Each Case names its kind, says what makes it hard and what the truth is; each P is one true
person with every record they left; a Stranger's records belong to nobody the shop knows.
Records carry only what a real export would: the truth is never in them.
"""

from tests.data.identity_cases.records import (
    Account,
    Case,
    Contact,
    Guest,
    Order,
    P,
    Profile,
    Stranger,
)

ORDINARY = "ordinary"
STORE_PHONE = "store_phone"
HOUSEHOLD_LANDLINE = "household_landline"
FAMILY_EMAIL = "family_email"
ROLE_ADDRESS = "b2b_role_address"
PARTNER_AT_CHECKOUT = "partner_address_at_checkout"
NATIONAL_PHONE = "national_vs_international_phone"
PARTICLES = "tussenvoegsel_positions"
INITIALS = "initials_vs_full_name"
NICKNAME = "nickname"
DOUBLE_SURNAME = "double_surname"
TYPO = "one_letter_typo"
TOWN_ALIAS = "town_alias"
MISSING_TOWN = "missing_vs_conflicting_town"
HANDLE_ECHO = "handle_echoes_email"
NAME_AND_ADDRESS = "same_name_street_postcode"
NAMESAKES = "namesakes"
STRANGERS = "strangers"

STORE = (Order(channel="store"),)

# One record per line or two, as a case reads best; the formatter would give each field a line.
# fmt: off
CASES = [
    # ---------------------------------------------------------------- ordinary customers
    # The background every shop has: one account, its orders, the newsletter, often a profile
    # showing the same address (these teach the social model what a true match looks like).
    Case(
        ORDINARY,
        "Account, contact with a case variant of the address, profile showing it.",
        P(
            Account("anouk.smit@gmail.com", "Anouk", "Smit", "06-18273645",
                    "Vondelstraat 14", "1054 GD", "Amsterdam"),
            Contact("Anouk.Smit@gmail.com", "Anouk", "Smit"),
            Profile("anouk.smit", "Anouk Smit", "Amsterdam", email="anouk.smit@gmail.com"),
        ),
        P(
            Account("b.vanderlinden@ziggo.nl", "Bas", "van der Linden", None,
                    "Rozengracht 80", "1016 NE", "Amsterdam"),
            Contact("b.vanderlinden@ziggo.nl ", "Bas", "van der Linden"),
            Profile("basvdlinden", "Bas van der Linden", "Amsterdam",
                    email="b.vanderlinden@ziggo.nl"),
        ),
        P(
            Account("charlotte.meijer@hotmail.com", "Charlotte", "Meijer", "+31 6 29384756",
                    "Weerdsingel 3", "3513 BA", "Utrecht"),
            Contact("charlotte.meijer@hotmail.com", "Charlotte", "Meijer"),
            Profile("charlotte_meijer", "Charlotte Meijer", "Utrecht",
                    email="charlotte.meijer@hotmail.com"),
        ),
        P(
            Account("daan.koning@outlook.com", "Daan", "Koning", None,
                    "Biltstraat 120", "3572 BH", "Utrecht"),
            Profile("daankoning", "Daan Koning", "Utrecht", email="daan.koning@outlook.com"),
        ),
        P(
            Account("esmee.vandenbosch@gmail.com", "Esmee", "van den Bosch", "0634567812",
                    "Nieuwe Binnenweg 200", "3021 GL", "Rotterdam"),
            Contact("esmee.vandenbosch@gmail.com", "Esmee", "van den Bosch"),
            Profile("esmee.vdbosch", "Esmee van den Bosch", "Rotterdam",
                    email="esmee.vandenbosch@gmail.com"),
        ),
        P(
            Account("f.derksen@kpnmail.nl", "Floor", "Derksen", None,
                    "Witte de Withstraat 9", "3012 BL", "Rotterdam"),
            Contact("f.derksen@kpnmail.nl", "Floor", "Derksen"),
            Profile("floorderksen", "Floor Derksen", "Rotterdam", email="f.derksen@kpnmail.nl"),
        ),
        P(
            Account("gijs.vanleeuwen@ziggo.nl", "Gijs", "van Leeuwen", "06 4455 6677",
                    "Javastraat 31", "2585 AE", "Den Haag"),
            Profile("gijs.vanleeuwen", "Gijs van Leeuwen", "Den Haag",
                    email="gijs.vanleeuwen@ziggo.nl", platform="facebook"),
        ),
        P(
            Account("hester.groen@xs4all.nl", "Hester", "Groen", None,
                    "Frederik Hendriklaan 50", "2582 BS", "Den Haag"),
            Contact("hester.groen@xs4all.nl", "Hester", "Groen"),
            Profile("hestergroen", "Hester Groen", "Den Haag", email="hester.groen@xs4all.nl"),
        ),
        P(
            Account("isa.boers@gmail.com", "Isa", "Boers", "0612121234",
                    "Stratumseind 40", "5611 ET", "Eindhoven"),
            Contact("isa.boers@gmail.com", "Isa", "Boers"),
            Profile("isa.boers", "Isa Boers", "Eindhoven", email="isa.boers@gmail.com"),
        ),
        P(
            Account("joris.maas@home.nl", "Joris", "Maas", None,
                    "Kruisstraat 12", "5612 CJ", "Eindhoven"),
            Profile("jorismaas", "Joris Maas", "Eindhoven", email="joris.maas@home.nl",
                    platform="facebook"),
        ),
        P(
            Account("karlijn.bosman@live.nl", "Karlijn", "Bosman", None,
                    "Grote Markt 5", "9711 LV", "Groningen"),
            Contact("karlijn.bosman@live.nl", "Karlijn", "Bosman"),
            Profile("karlijn.bosman", "Karlijn Bosman", "Groningen",
                    email="karlijn.bosman@live.nl"),
        ),
        P(
            Account("lucas.wiersma@gmail.com", "Lucas", "Wiersma", "06-55443322",
                    "Oosterstraat 61", "9711 NR", "Groningen"),
            Profile("lucaswiersma", "Lucas Wiersma", "Groningen", email="lucas.wiersma@gmail.com"),
        ),
        P(
            Account("mila.vanes@ziggo.nl", "Mila", "van Es", None,
                    "Diezerstraat 22", "8011 RE", "Zwolle"),
            Contact("mila.vanes@ziggo.nl", "Mila", "van Es"),
            Profile("milavanes", "Mila van Es", "Zwolle", email="mila.vanes@ziggo.nl"),
        ),
        P(
            Account("nick.hoekman@outlook.com", "Nick", "Hoekman", None,
                    "Thorbeckegracht 8", "8011 VM", "Zwolle"),
            Profile("nick.hoekman", "Nick Hoekman", "Zwolle", email="nick.hoekman@outlook.com",
                    platform="tiktok"),
        ),
        P(
            Account("olivia.brands@gmail.com", "Olivia", "Brands", "0687654123",
                    "Heuvelstraat 90", "5038 AG", "Tilburg"),
            Contact("olivia.brands@gmail.com", "Olivia", "Brands"),
            Profile("olivia.brands", "Olivia Brands", "Tilburg", email="olivia.brands@gmail.com"),
        ),
        P(
            Account("p.vanderheijden@kpnmail.nl", "Paul", "van der Heijden", None,
                    "Piusstraat 17", "5038 WN", "Tilburg"),
            Profile("paulvdheijden", "Paul van der Heijden", "Tilburg",
                    email="p.vanderheijden@kpnmail.nl", platform="facebook"),
        ),
        P(
            Account("quinty.lammers@hotmail.com", "Quinty", "Lammers", None,
                    "Grote Houtstraat 70", "2011 SR", "Haarlem"),
            Contact("quinty.lammers@hotmail.com", "Quinty", "Lammers"),
            Profile("quintylammers", "Quinty Lammers", "Haarlem",
                    email="quinty.lammers@hotmail.com"),
        ),
        P(
            Account("rick.aarts@gmail.com", "Rick", "Aarts", "06 31 41 59 26",
                    "Zijlweg 101", "2013 DH", "Haarlem"),
            Profile("rick.aarts", "Rick Aarts", "Haarlem", email="rick.aarts@gmail.com"),
        ),
        P(
            Account("saskia.molenaar@ziggo.nl", "Saskia", "Molenaar", None,
                    "Lange Hezelstraat 33", "6511 CB", "Nijmegen"),
            Contact("saskia.molenaar@ziggo.nl", "Saskia", "Molenaar"),
            Profile("saskiamolenaar", "Saskia Molenaar", "Nijmegen",
                    email="saskia.molenaar@ziggo.nl"),
        ),
        P(
            Account("tom.geerts@telenet.be", "Tom", "Geerts", None,
                    "Meir 44", "2000", "Antwerpen", "BE"),
            Contact("tom.geerts@telenet.be", "Tom", "Geerts"),
            Profile("tomgeerts", "Tom Geerts", "Antwerpen", email="tom.geerts@telenet.be"),
        ),
        P(
            Account("lore.vanhove@skynet.be", "Lore", "Vanhove", None,
                    "Veldstraat 12", "9000", "Gent", "BE"),
            Profile("lore.vanhove", "Lore Vanhove", "Gent", email="lore.vanhove@skynet.be"),
        ),
        P(
            Account("vera.kuiper@gmail.com", "Vera", "Kuiper", "0611223399",
                    "Breestraat 60", "2311 CS", "Leiden"),
            Contact("vera.kuiper@gmail.com", "Vera", "Kuiper"),
            Profile("verakuiper", "Vera Kuiper", "Leiden", email="vera.kuiper@gmail.com"),
        ),
        P(
            Account("wessel.dam@outlook.com", "Wessel", "Dam", None,
                    "Steenstraat 4", "6828 CA", "Arnhem"),
            Profile("wessel.dam", "Wessel Dam", "Arnhem", email="wessel.dam@outlook.com"),
        ),
        P(
            Account("ymke.terpstra@hotmail.com", "Ymke", "Terpstra", None,
                    "Nieuwestad 19", "8911 CJ", "Leeuwarden"),
            Contact("ymke.terpstra@hotmail.com", "Ymke", "Terpstra"),
            Profile("ymketerpstra", "Ymke Terpstra", "Leeuwarden",
                    email="ymke.terpstra@hotmail.com"),
        ),
        P(
            Account("zoe.dewit@gmail.com", "Zoë", "de Wit", None,
                    "Wilhelminapark 2", "4818 SN", "Breda"),
            Contact("zoe.dewit@gmail.com", "Zoë", "de Wit"),
            Profile("zoe.dewit", "Zoë de Wit", "Breda", email="zoe.dewit@gmail.com"),
        ),
    ),
    Case(
        ORDINARY,
        "Profiles without an email: display name and location (or bio) as the shop knows them.",
        P(
            Account("anna.vos@ziggo.nl", "Anna", "Vos", None,
                    "Oudegracht 201", "3511 NK", "Utrecht"),
            Profile("annavos_wonen", "Anna Vos", "Utrecht"),
        ),
        P(
            Account("bram.hofstra@gmail.com", "Bram", "Hofstra", None,
                    "Markt 12", "9201 BJ", "Drachten"),
            Profile("bram.hofstra", "Bram Hofstra", None, "Woont in Drachten 🏡"),
        ),
        P(
            Account("cor.nijland@kpnmail.nl", "Cor", "Nijland", None,
                    "Kerkplein 3", "7411 LZ", "Deventer"),
            Contact("cor.nijland@kpnmail.nl", "Cor", "Nijland"),
            Profile("cornijland", "Cor Nijland", "Deventer", platform="facebook"),
        ),
        P(
            Account("dewi.sanders@hotmail.com", "Dewi", "Sanders", None,
                    "Vrijthof 8", "6211 LD", "Maastricht"),
            Profile("dewi_sanders", "DEWI | interieur", "Maastricht"),
        ),
        P(
            Account("eline.kok@outlook.com", "Eline", "Kok", None,
                    "Gasthuisstraat 6", "2801 LR", "Gouda"),
            Profile("elinekok", "Eline Kok 🌿", "Gouda"),
        ),
        P(
            Account("fenna.postma@gmail.com", "Fenna", "Postma", None,
                    "Zuiderhaven 2", "8861 CK", "Harlingen"),
            Profile("fenna.postma", "Fenna Postma", "Harlingen", platform="tiktok"),
        ),
        P(
            Account("gerrit.jan.veen@live.nl", "Gerrit-Jan", "Veen", None,
                    "Brink 9", "7411 BR", "Deventer"),
            Profile("gjveen", "Gerrit-Jan Veen", "Deventer"),
        ),
        P(
            Contact("hanneke.blom@ziggo.nl", "Hanneke", "Blom"),
            Guest("hanneke.blom@ziggo.nl"),
            Profile("hanneke.blom", "Hanneke Blom", None, "Breien en koffie ☕"),
        ),
        P(
            Account("ilse.rutten@telenet.be", "Ilse", "Rutten", None,
                    "Grote Markt 1", "3500", "Hasselt", "BE"),
            Profile("ilserutten", "Ilse Rutten", "Hasselt"),
        ),
        P(
            Account("noah.vos@gmail.com", "Noah", "Vos", None, None, None, None),
            Profile("noah.vos", "Noah Vos", "Zwolle"),
        ),
    ),
    Case(
        ORDINARY,
        "Guest buyers and list members who never made an account, with typed variants.",
        P(
            Guest("Koen.Evers@Gmail.com"),
            Guest("koenevers@gmail.com "),
            Contact("koen.evers+nieuwsbrief@gmail.com"),
        ),
        P(Guest("lianne.de.graaf@hotmail.com"), Guest("LIANNE.DE.GRAAF@HOTMAIL.COM", "store")),
        P(Contact("merel.hartman@ziggo.nl", "Merel", "Hartman")),
        P(Contact("niek.pauwels@telenet.be", "Niek", "Pauwels"), Guest("niek.pauwels@telenet.be")),
        P(
            Account(None, "Otto", "Bleeker", "06-70809010", "Dorpsstraat 4", "1713 HA",
                    "Obdam"),
            Contact("otto.bleeker@quicknet.nl", "Otto", "Bleeker", "0670809010"),
        ),
    ),
    # ---------------------------------------------------------------- store phone
    Case(
        STORE_PHONE,
        "Walk-in customers of the Utrecht store: the cashier types the store's landline.",
        P(Account(None, "Gerrit", "Hoekstra", "030 234 56 78", orders=STORE)),
        P(Account("fatima.elamrani@gmail.com", "Fatima", "el Amrani", "030-2345678",
                  orders=STORE)),
        P(Account(None, "Ruud", "Kuipers", "0302345678", orders=STORE)),
    ),
    Case(
        STORE_PHONE,
        "Walk-in customers of the Amersfoort store.",
        P(Account("joke.ploeg@hetnet.nl", "Joke", "Ploeg", "033 460 12 12", orders=STORE)),
        P(Account(None, "Harm", "Wolters", "033-4601212", orders=STORE)),
        P(Account("m.yilmaz@hotmail.com", "Mehmet", "Yilmaz", "+31 33 460 1212",
                  orders=STORE)),
    ),
    Case(
        STORE_PHONE,
        "Belgian walk-in customers of the Antwerp store: its number, written nationally.",
        P(Account(None, "Jef", "Claes", "03 225 14 80", country="BE", orders=STORE)),
        P(Account("griet.maes@telenet.be", "Griet", "Maes", "03/225.14.80", country="BE",
                  orders=STORE)),
    ),
    Case(
        STORE_PHONE,
        "Phone orders entered by customer service: the shop's own 088 service number.",
        P(Account(None, "Albert", "Bouwman", "088 776 55 00",
                  "Julianastraat 3", "7021 CG", "Zelhem")),
        P(Account("riet.vandam@planet.nl", "Riet", "van Dam", "088-7765500",
                  "Burgemeester Smitstraat 11", "1621 CA", "Hoorn")),
    ),
    Case(
        STORE_PHONE,
        "The store manager's own mobile, typed for walk-ins who did not want to give theirs.",
        P(Account(None, "Henk", "Pronk", "06 2233 4455", orders=STORE)),
        P(Account("sylvia.koster@ziggo.nl", "Sylvia", "Koster", "0622334455", orders=STORE)),
    ),
    # ---------------------------------------------------------------- household landline
    Case(
        HOUSEHOLD_LANDLINE,
        "A couple with an account each, both giving the home landline.",
        P(Account("mark.dijkstra@ziggo.nl", "Mark", "Dijkstra", "030-2714455",
                  "Lindelaan 4", "3571 KL", "Utrecht")),
        P(
            Account("ellendijkstra@gmail.com", "Ellen", "Dijkstra", "030 271 44 55",
                    "Lindelaan 4", "3571 KL", "Utrecht"),
            Contact("ellendijkstra@gmail.com", "Ellen", "Dijkstra"),
        ),
    ),
    Case(
        HOUSEHOLD_LANDLINE,
        "A Belgian couple sharing the Ghent landline (written nationally).",
        P(Account("koen.maes@telenet.be", "Koen", "Maes", "09 223 45 67",
                  "Kortrijksesteenweg 100", "9000", "Gent", "BE")),
        P(Account("els.desmet@gmail.com", "Els", "De Smet", "09/223.45.67",
                  "Kortrijksesteenweg 100", "9000", "Gent", "BE")),
    ),
    Case(
        HOUSEHOLD_LANDLINE,
        "Parents on Texel: his account and her newsletter sign-up give the landline.",
        P(Account("dirk.bakker@planet.nl", "Dirk", "Bakker", "0222-312456",
                  "Parkstraat 7", "1791 CH", "Den Burg")),
        P(Contact("anneke.bakker55@hotmail.com", "Anneke", "Bakker", "0222 31 24 56")),
    ),
    Case(
        HOUSEHOLD_LANDLINE,
        "Mother and grown-up son in Arnhem, same landline and address.",
        P(Account("ria.hendriks@kpnmail.nl", "Ria", "Hendriks", "026 351 22 90",
                  "Sonsbeeksingel 20", "6814 AC", "Arnhem")),
        P(Account("stefan.hendriks@gmail.com", "Stefan", "Hendriks", "026-3512290",
                  "Sonsbeeksingel 20", "6814 AC", "Arnhem")),
    ),
    Case(
        HOUSEHOLD_LANDLINE,
        "A couple in Leiden; she has two accounts (both hers, same mobile), he has one with the "
        "landline, which she also typed once.",
        P(Account("peter.vanleeuwen@xs4all.nl", "Peter", "van Leeuwen", "071 512 33 44",
                  "Rapenburg 30", "2311 EW", "Leiden")),
        P(
            Account("yvonne.vl@gmail.com", "Yvonne", "van Leeuwen", "06-19283746",
                    "Rapenburg 30", "2311 EW", "Leiden"),
            Account("yvonne.vanleeuwen@outlook.com", "Yvonne", "van Leeuwen", "071-5123344",
                    "Rapenburg 30", "2311 EW", "Leiden"),
        ),
    ),
    # ---------------------------------------------------------------- family email
    Case(
        FAMILY_EMAIL,
        "One family address on both partners' accounts.",
        P(Account("fam.bos@kpnmail.nl", "Marco", "Bos", "06-28374651",
                  "Beukenlaan 12", "7313 AB", "Apeldoorn")),
        P(Account("fam.bos@kpnmail.nl", "Linda", "Bos", None,
                  "Beukenlaan 12", "7313 AB", "Apeldoorn")),
    ),
    Case(
        FAMILY_EMAIL,
        "The family address on his account and her newsletter sign-up.",
        P(Account("devisserthuis@ziggo.nl", "Henk", "de Visser", None,
                  "Esdoornstraat 5", "3765 BB", "Soest")),
        P(Contact("devisserthuis@ziggo.nl", "Marja", "de Visser")),
    ),
    Case(
        FAMILY_EMAIL,
        "A Belgian household address on two accounts.",
        P(Account("familie.wouters@telenet.be", "Bart", "Wouters", None,
                  "Naamsestraat 80", "3000", "Leuven", "BE")),
        P(Account("Familie.Wouters@telenet.be", "Sofie", "Wouters", None,
                  "Naamsestraat 80", "3000", "Leuven", "BE")),
    ),
    Case(
        FAMILY_EMAIL,
        "The household address on two accounts; each partner also has a mobile of their own.",
        P(Account("janssen.gezin@hotmail.com", "Rob", "Janssen", "06 12 00 34 56",
                  "Tongersestraat 40", "6211 LN", "Maastricht")),
        P(Account("janssen.gezin@hotmail.com", "Ingrid", "Janssen", "06 98 00 76 54",
                  "Tongersestraat 40", "6211 LN", "Maastricht")),
    ),
    Case(
        FAMILY_EMAIL,
        "Grandparents sharing one address on their two accounts.",
        P(Account("dekkerskes@home.nl", "Wim", "Dekker", None,
                  "Kastanjelaan 3", "5262 AA", "Vught")),
        P(Account("dekkerskes@home.nl", "Thea", "Dekker", None,
                  "Kastanjelaan 3", "5262 AA", "Vught")),
    ),
    # ---------------------------------------------------------------- B2B role address
    Case(
        ROLE_ADDRESS,
        "A bakery's ordering address on two employees' accounts; one also signed up privately.",
        P(
            Account("bestellingen@bakkerijdekroon.nl", "Sandra", "Post", None,
                    "Dorpsstraat 18", "3732 HJ", "De Bilt"),
            Contact("sandrapost@gmail.com", "Sandra", "Post"),
        ),
        P(Account("bestellingen@bakkerijdekroon.nl", "Erik", "Veldman", None,
                  "Dorpsstraat 18", "3732 HJ", "De Bilt")),
    ),
    Case(
        ROLE_ADDRESS,
        "A gardening firm's orders@ address.",
        P(Account("orders@hoveniersbedrijfgroen.nl", "Tim", "Brouwer", None,
                  "Industrieweg 9", "4104 AR", "Culemborg")),
        P(Account("Orders@HoveniersbedrijfGroen.nl", "Karin", "Smeets", None,
                  "Industrieweg 9", "4104 AR", "Culemborg")),
    ),
    Case(
        ROLE_ADDRESS,
        "A dental practice's administratie@ address: an account and a contact.",
        P(Account("administratie@tandartspraktijkzuid.nl", "Mirjam", "Kok", None,
                  "Zuidplein 2", "3083 CW", "Rotterdam")),
        P(Contact("administratie@tandartspraktijkzuid.nl", "Hanneke", "Prins")),
    ),
    Case(
        ROLE_ADDRESS,
        "A hotel's inkoop@ (purchasing) address.",
        P(Account("inkoop@hotelaandedijk.nl", "Frank", "Willems", None,
                  "Dijkweg 1", "1619 HA", "Andijk")),
        P(Account("inkoop@hotelaandedijk.nl", "Esther", "Timmermans", None,
                  "Dijkweg 1", "1619 HA", "Andijk")),
    ),
    Case(
        ROLE_ADDRESS,
        "A Belgian day-care's facturen@ (invoices) address.",
        P(Account("facturen@kinderopvangdezon.be", "Lies", "Peeters", None,
                  "Schoolstraat 5", "2800", "Mechelen", "BE")),
        P(Account("facturen@kinderopvangdezon.be", "Nathalie", "Jacobs", None,
                  "Schoolstraat 5", "2800", "Mechelen", "BE")),
    ),
    # ---------------------------------------------------------------- partner at checkout
    # The order is the account holder's (they were logged in and placed it); the address typed
    # is the partner's, who has records of their own.
    Case(
        PARTNER_AT_CHECKOUT,
        "Logged in as Sanne, an order confirmed to Tom's address; Tom has his own account.",
        P(Account("sanne.visser@gmail.com", "Sanne", "Visser", None,
                  "Prinsengracht 300", "1016 HX", "Amsterdam",
                  orders=(Order(), Order("tom.huisman@outlook.com")))),
        P(Account("tom.huisman@outlook.com", "Tom", "Huisman", None,
                  "Prinsengracht 300", "1016 HX", "Amsterdam")),
    ),
    Case(
        PARTNER_AT_CHECKOUT,
        "Logged in as Lotte, one order to Daan's address; Daan is on the newsletter.",
        P(Account("lotte.schouten@ziggo.nl", "Lotte", "Schouten", None,
                  "Vismarkt 3", "9712 CA", "Groningen",
                  orders=(Order(), Order("daan.kramer@ziggo.nl")))),
        P(Contact("daan.kramer@ziggo.nl", "Daan", "Kramer")),
    ),
    Case(
        PARTNER_AT_CHECKOUT,
        "Logged in as Iris (Belgium), an order to Wout's address; Wout has an account.",
        P(Account("iris.claes@telenet.be", "Iris", "Claes", None,
                  "Bondgenotenlaan 50", "3000", "Leuven", "BE",
                  orders=(Order("wout.lambrechts@telenet.be"),))),
        P(Account("wout.lambrechts@telenet.be", "Wout", "Lambrechts", None,
                  "Bondgenotenlaan 50", "3000", "Leuven", "BE")),
    ),
    Case(
        PARTNER_AT_CHECKOUT,
        "Logged in as Noor, an order to Sem's address; Sem bought once as a guest.",
        P(Account("noor.hermans@hotmail.com", "Noor", "Hermans", "06-34343434",
                  "Emmastraat 8", "5211 VX", "'s-Hertogenbosch",
                  orders=(Order(), Order("sem.bosman@hotmail.com")))),
        P(Guest("sem.bosman@hotmail.com"), Contact("sem.bosman@hotmail.com", "Sem", "Bosman")),
    ),
    Case(
        PARTNER_AT_CHECKOUT,
        "Logged in as Eva, an order to Thijs's Gmail address written with dots.",
        P(Account("eva.groen@xs4all.nl", "Eva", "Groen", None,
                  "Mariaplaats 7", "3511 LK", "Utrecht",
                  orders=(Order(), Order("thijs.van.dam@gmail.com")))),
        P(Account("thijsvandam@gmail.com", "Thijs", "van Dam", "06 87 87 12 12",
                  "Mariaplaats 7", "3511 LK", "Utrecht")),
    ),
    # ---------------------------------------------------------------- national vs +32/+49
    Case(
        NATIONAL_PHONE,
        "A Belgian mobile written nationally on one account, internationally on the next.",
        P(
            Account("an.peeters@telenet.be", "An", "Peeters", "0475 12 34 56",
                    "Bruul 20", "2800", "Mechelen", "BE"),
            Account("anpeeters77@gmail.com", "An", "Peeters", "+32 475 12 34 56",
                    country="België"),
        ),
    ),
    Case(
        NATIONAL_PHONE,
        "A Belgian mobile with slashes and dots on the account, E.164 on the newsletter.",
        P(
            Account("jgoossens@skynet.be", "Jeroen", "Goossens", "0486/23.45.67",
                    "Kempischesteenweg 200", "3500", "Hasselt", "BE"),
            Contact("jeroen.goossens@proximus.be", "Jeroen", "Goossens", "+32486234567"),
        ),
    ),
    Case(
        NATIONAL_PHONE,
        "A Belgian mobile nationally and with the 0032 prefix.",
        P(
            Account("elke.vermeulen@telenet.be", "Elke", "Vermeulen", "0497 11 22 33",
                    "Steenstraat 30", "8000", "Brugge", "BE"),
            Account("elkevermeulen@hotmail.com", "Elke", "Vermeulen", "0032 497 11 22 33",
                    country="be"),
        ),
    ),
    Case(
        NATIONAL_PHONE,
        "A Belgian mobile on an account and a newsletter contact.",
        P(
            Account("pj.desmet@gmail.com", "Pieter-Jan", "De Smet", "0470-55 66 77",
                    "Overpoortstraat 9", "9000", "Gent", "BE"),
            Contact("pieterjan.desmet@ugent.be", "Pieter-Jan", "De Smet", "+32 470 55 66 77"),
        ),
    ),
    Case(
        NATIONAL_PHONE,
        "A Belgian mobile on two accounts, the second with the country as a word.",
        P(
            Account("ine.vandenbroucke@telenet.be", "Ine", "Vandenbroucke", "0468 98 76 54",
                    "Doorniksestraat 12", "8500", "Kortrijk", "BE"),
            Account("ine.vdb@outlook.com", "Ine", "Vandenbroucke", "+32468987654",
                    country="Belgium"),
        ),
    ),
    Case(
        NATIONAL_PHONE,
        "A German mobile nationally and with +49.",
        P(
            Account("stefan.schneider@gmx.de", "Stefan", "Schneider", "0171 2345678",
                    "Pontstraße 30", "52062", "Aachen", "DE"),
            Contact("s.schneider@web.de", "Stefan", "Schneider", "+49 171 2345678"),
        ),
    ),
    Case(
        NATIONAL_PHONE,
        "A German mobile on two accounts near the border.",
        P(
            Account("julia.becker@web.de", "Julia", "Becker", "0151 98765432",
                    "Große Straße 15", "47533", "Kleve", "DE"),
            Account("juliabecker@gmail.com", "Julia", "Becker", "+49 151 98765432",
                    country="Deutschland"),
        ),
    ),
    # ---------------------------------------------------------------- tussenvoegsels
    Case(
        PARTICLES,
        "Jan van der Berg as 'J.' + 'v.d. Berg' on a second account at the same address.",
        P(
            Account("jan.vdberg@ziggo.nl", "Jan", "van der Berg", None,
                    "Nachtegaalstraat 41", "3581 AD", "Utrecht"),
            Account("jvdberg@gmail.com", "J.", "v.d. Berg", None,
                    "Nachtegaalstraat 41", "3581 AD", "Utrecht"),
            Profile("jan.vd.berg", "Jan vd Berg", "Utrecht"),
        ),
    ),
    Case(
        PARTICLES,
        "Willem de Groot typed in reverse order into the first-name field, town as "
        "'s-Gravenhage on one and Den Haag on the other.",
        P(
            Account("willem.degroot@kpnmail.nl", "Willem", "de Groot", None,
                    "Laan van Meerdervoort 210", "2517 BD", "'s-Gravenhage"),
            Account("wdg1961@hotmail.com", "Groot, Willem de", None, None,
                    "Laan van Meerdervoort 210", "2517 BD", "Den Haag"),
        ),
    ),
    Case(
        PARTICLES,
        "Maria van den Heuvel with the particle capitalised and reversed on a second account.",
        P(
            Account("maria.vandenheuvel@gmail.com", "Maria", "van den Heuvel", None,
                    "Vestdijk 100", "5611 CD", "Eindhoven"),
            Account("mvdheuvel@onsbrabantnet.nl", "Maria", "Heuvel, van den", None,
                    "Vestdijk 100", "5611 CD", "Eindhoven"),
        ),
    ),
    Case(
        PARTICLES,
        "Sjoerd ter Horst with the particle typed into the first-name field.",
        P(
            Account("sjoerd.terhorst@gmail.com", "Sjoerd", "ter Horst", None,
                    "Oldenzaalsestraat 55", "7511 DZ", "Enschede"),
            Account("s.terhorst@utwente.nl", "Sjoerd ter", "Horst", None,
                    "Oldenzaalsestraat 55", "7511 DZ", "Enschede"),
        ),
    ),
    Case(
        PARTICLES,
        "Emma in 't Veld without the apostrophe, and as 'Veld' on her social profile.",
        P(
            Account("emma.intveld@hotmail.com", "Emma", "in 't Veld", None,
                    "Langestraat 70", "1811 JH", "Alkmaar"),
            Account("emmaintveld@gmail.com", "Emma", "Int Veld", None,
                    "Langestraat 70", "1811 JH", "Alkmaar"),
            Profile("emma_in_t_veld", "Emma in 't Veld", "Alkmaar"),
        ),
    ),
    # ---------------------------------------------------------------- initials
    Case(
        INITIALS,
        "Johan Smit on his account, 'J. Smit' on the newsletter with the same mobile.",
        P(
            Account("johan.smit@ziggo.nl", "Johan", "Smit", "06-12987611",
                    "Kerkstraat 77", "3811 CW", "Amersfoort"),
            Contact("jsmit.werk@outlook.com", "J.", "Smit", "0612987611"),
        ),
    ),
    Case(
        INITIALS,
        "'A.M. Koster' and 'Anne-Marie Koster' on two accounts at one address.",
        P(
            Account("am.koster@planet.nl", "A.M.", "Koster", None,
                    "Populierenlaan 9", "1403 AA", "Bussum"),
            Account("annemarie.koster@gmail.com", "Anne-Marie", "Koster", None,
                    "Populierenlaan 9", "1403 AA", "Bussum"),
        ),
    ),
    Case(
        INITIALS,
        "Thomas Verbeek, and 'T. Verbeek' on the newsletter with the same mobile in E.164.",
        P(
            Account("thomas.verbeek@gmail.com", "Thomas", "Verbeek", "06 5050 6060",
                    "Hoogstraat 2", "5611 JR", "Eindhoven"),
            Contact("tverbeek@philips-mail.nl", "T.", "Verbeek", "+31650506060"),
        ),
    ),
    Case(
        INITIALS,
        "'H.J. Postma' and 'Hendrik Postma' on two accounts at one address (Friesland).",
        P(
            Account("hj.postma@hetnet.nl", "H.J.", "Postma", None,
                    "Tuinen 30", "8911 KG", "Leeuwarden"),
            Account("hendrikpostma@gmail.com", "Hendrik", "Postma", None,
                    "Tuinen 30", "8911 KG", "Leeuwarden"),
        ),
    ),
    Case(
        INITIALS,
        "'E. Schipper' on the newsletter, 'Esther Schipper' on the account, one mobile.",
        P(
            Account("esther.schipper@live.nl", "Esther", "Schipper", "06-44556688",
                    "Hoofdweg 12", "9601 AA", "Hoogezand"),
            Contact("e.schipper@kpnmail.nl", "E.", "Schipper", "06 44 55 66 88"),
        ),
    ),
    # ---------------------------------------------------------------- nicknames
    Case(
        NICKNAME,
        "Johannes Mulder on the account, 'Hans Mulder' on the newsletter, one mobile.",
        P(
            Account("johannes.mulder@kpnmail.nl", "Johannes", "Mulder", "06-33221100",
                    "Markt 20", "6711 AA", "Ede"),
            Contact("hansmulder@gmail.com", "Hans", "Mulder", "0633221100"),
        ),
    ),
    Case(
        NICKNAME,
        "Cornelis and 'Kees' Vermeulen on two accounts at one address in Delft.",
        P(
            Account("c.vermeulen@xs4all.nl", "Cornelis", "Vermeulen", None,
                    "Oude Delft 140", "2611 CG", "Delft"),
            Account("keesvermeulen@gmail.com", "Kees", "Vermeulen", None,
                    "Oude Delft 140", "2611 CG", "Delft"),
        ),
    ),
    Case(
        NICKNAME,
        "Elisabeth Hoekstra's account, and her profile as 'Bep Hoekstra' in her town.",
        P(
            Account("e.hoekstra@hetnet.nl", "Elisabeth", "Hoekstra", None,
                    "Zuiderplein 4", "8601 EA", "Sneek"),
            Profile("bep.hoekstra", "Bep Hoekstra", "Sneek", platform="facebook"),
        ),
    ),
    Case(
        NICKNAME,
        "Johannes and 'Joop' Zwart on two accounts at one address.",
        P(
            Account("johannes.zwart@planet.nl", "Johannes", "Zwart", None,
                    "Molenstraat 8", "1851 EA", "Heiloo"),
            Account("joopzwart@hotmail.com", "Joop", "Zwart", None,
                    "Molenstraat 8", "1851 EA", "Heiloo"),
        ),
    ),
    Case(
        NICKNAME,
        "Geertruida Bosch on the account, 'Truus Bosch' on the newsletter, one mobile.",
        P(
            Account("g.bosch@ziggo.nl", "Geertruida", "Bosch", "06 13 57 91 35",
                    "Kerkweg 3", "3603 CL", "Maarssen"),
            Contact("truusbosch@hotmail.com", "Truus", "Bosch", "0613579135"),
        ),
    ),
    # ---------------------------------------------------------------- double surnames
    Case(
        DOUBLE_SURNAME,
        "Marieke Jansen-de Boer on the account, 'de Boer' on the newsletter, one mobile.",
        P(
            Account("marieke.jansendeboer@gmail.com", "Marieke", "Jansen-de Boer",
                    "06-24681357", "Lange Nieuwstraat 9", "3512 PA", "Utrecht"),
            Contact("mariekedeboer@ziggo.nl", "Marieke", "de Boer", "0624681357"),
        ),
    ),
    Case(
        DOUBLE_SURNAME,
        "Sophie Bakker-Smits and 'Sophie Smits' on two accounts at one address.",
        P(
            Account("sophie.bakkersmits@outlook.com", "Sophie", "Bakker-Smits", None,
                    "Steenweg 15", "4461 GE", "Goes"),
            Account("sophiesmits@gmail.com", "Sophie", "Smits", None,
                    "Steenweg 15", "4461 GE", "Goes"),
        ),
    ),
    Case(
        DOUBLE_SURNAME,
        "Anouk Meijer-Verhoeven's account, her profile as 'Anouk Verhoeven' in her town.",
        P(
            Account("anouk.meijer-verhoeven@gmail.com", "Anouk", "Meijer-Verhoeven", None,
                    "Havenstraat 2", "4201 CE", "Gorinchem"),
            Profile("anoukverhoeven", "Anouk Verhoeven", "Gorinchem"),
        ),
    ),
    Case(
        DOUBLE_SURNAME,
        "Femke de Wit-Vos and 'Femke de Wit' on two accounts at one address.",
        P(
            Account("femke.dewitvos@kpnmail.nl", "Femke", "de Wit-Vos", None,
                    "Spoorlaan 21", "5038 CB", "Tilburg"),
            Account("femkedewit@hotmail.com", "Femke", "de Wit", None,
                    "Spoorlaan 21", "5038 CB", "Tilburg"),
        ),
    ),
    Case(
        DOUBLE_SURNAME,
        "Joke Hendrikx-Claes on the account, 'Claes' on the newsletter, one Belgian mobile.",
        P(
            Account("joke.hendrikx@telenet.be", "Joke", "Hendrikx-Claes", "0478 44 33 22",
                    "Diestsestraat 60", "3000", "Leuven", "BE"),
            Contact("jokeclaes@gmail.com", "Joke", "Claes", "+32 478 44 33 22"),
        ),
    ),
    # ---------------------------------------------------------------- one-letter typos
    Case(
        TYPO,
        "Pieter de Jong, 'Piter' on the newsletter with the same mobile.",
        P(
            Account("pieter.dejong@ziggo.nl", "Pieter", "de Jong", "06-90807060",
                    "Nieuwstraat 5", "1441 CK", "Purmerend"),
            Contact("pdejong@hotmail.com", "Piter", "de Jong", "0690807060"),
        ),
    ),
    Case(
        TYPO,
        "Wilma Brouwer and 'Wilma Brouwr' on two accounts at one address.",
        P(
            Account("wilma.brouwer@planet.nl", "Wilma", "Brouwer", None,
                    "Emmalaan 14", "3732 GM", "De Bilt"),
            Account("wbrouwer@gmail.com", "Wilma", "Brouwr", None,
                    "Emmalaan 14", "3732 GM", "De Bilt"),
        ),
    ),
    Case(
        TYPO,
        "Gerben Visscher's account; his profile spells 'Vischer'.",
        P(
            Account("gerben.visscher@gmail.com", "Gerben", "Visscher", None,
                    "Dokkumer Ee 3", "9101 AA", "Dokkum"),
            Profile("gerben_v", "Gerben Vischer", "Dokkum"),
        ),
    ),
    Case(
        TYPO,
        "Marloes and 'Marlous' Kuijpers on two accounts at one address.",
        P(
            Account("marloes.kuijpers@ziggo.nl", "Marloes", "Kuijpers", None,
                    "Stationsweg 33", "6711 PM", "Ede"),
            Account("m.kuijpers@outlook.com", "Marlous", "Kuijpers", None,
                    "Stationsweg 33", "6711 PM", "Ede"),
        ),
    ),
    Case(
        TYPO,
        "Dennis Hofman, 'Denis' on a second account with the same mobile.",
        P(
            Account("dennis.hofman@gmail.com", "Dennis", "Hofman", "06 7531 9864",
                    "Kanaalweg 40", "2903 LR", "Capelle aan den IJssel"),
            Account("d.hofman@kpnmail.nl", "Denis", "Hofman", "0675319864"),
        ),
    ),
    # ---------------------------------------------------------------- town aliases
    Case(
        TOWN_ALIAS,
        "Roos Vink lives in 's-Gravenhage says the shop; her profile says Den Haag.",
        P(
            Account("roos.vink@ziggo.nl", "Roos", "Vink", None,
                    "Zeestraat 60", "2518 AD", "'s-Gravenhage"),
            Profile("roosvink", "Roos Vink", "Den Haag"),
        ),
    ),
    Case(
        TOWN_ALIAS,
        "Bram Hoogland in 's-Hertogenbosch; his profile says Den Bosch.",
        P(
            Account("bram.hoogland@gmail.com", "Bram", "Hoogland", None,
                    "Hinthamerstraat 90", "5211 MS", "'s-Hertogenbosch"),
            Profile("bram.hoogland", "Bram Hoogland", "Den Bosch"),
        ),
    ),
    Case(
        TOWN_ALIAS,
        "Lieke Timmer in Den Haag; her profile says 's-Gravenhage.",
        P(
            Account("lieke.timmer@outlook.com", "Lieke", "Timmer", None,
                    "Weimarstraat 101", "2562 GR", "Den Haag"),
            Profile("lieketimmer", "Lieke Timmer", "'s-Gravenhage", platform="facebook"),
        ),
    ),
    Case(
        TOWN_ALIAS,
        "Jelle Dijkman in Alphen aan den Rijn; his profile abbreviates it.",
        P(
            Account("jelle.dijkman@kpnmail.nl", "Jelle", "Dijkman", None,
                    "Hooftstraat 40", "2406 GL", "Alphen aan den Rijn"),
            Profile("jelledijkman", "Jelle Dijkman", "Alphen a/d Rijn"),
        ),
    ),
    Case(
        TOWN_ALIAS,
        "Wouter Claessens in Antwerpen; his profile says Antwerp.",
        P(
            Account("wouter.claessens@telenet.be", "Wouter", "Claessens", None,
                    "Nationalestraat 50", "2000", "Antwerpen", "BE"),
            Profile("wouterclaessens", "Wouter Claessens", "Antwerp"),
        ),
    ),
    Case(
        TOWN_ALIAS,
        "Sarah Mertens in Brussel; her profile says Bruxelles.",
        P(
            Account("sarah.mertens@skynet.be", "Sarah", "Mertens", None,
                    "Dansaertstraat 30", "1000", "Brussel", "BE"),
            Profile("sarah_mertens", "Sarah Mertens", "Bruxelles"),
        ),
    ),
    # ---------------------------------------------------------------- missing vs other town
    # A stranger with a common name and a town; the shop knows a namesake without a town (a
    # newsletter contact) and one in another town. The profile is neither of them.
    Case(
        MISSING_TOWN,
        "Sanne Bakker of Zwolle is a stranger; the shop knows one without a town and one in "
        "Breda.",
        P(Contact("sanne.bakker@hotmail.com", "Sanne", "Bakker")),
        P(Account("sannebakker@gmail.com", "Sanne", "Bakker", None,
                  "Ginnekenweg 80", "4818 JH", "Breda")),
        Stranger(Profile("sanne.bakker", "Sanne Bakker", "Zwolle")),
    ),
    Case(
        MISSING_TOWN,
        "Tim de Boer of Tilburg is a stranger; namesakes: no town, and Groningen.",
        P(Contact("timdeboer@ziggo.nl", "Tim", "de Boer")),
        P(Account("tim.deboer@gmail.com", "Tim", "de Boer", None,
                  "Herestraat 10", "9711 LH", "Groningen")),
        Stranger(Profile("timdeboer_", "Tim de Boer", "Tilburg")),
    ),
    Case(
        MISSING_TOWN,
        "Lisa Smits of Haarlem is a stranger; namesakes: no town, and Nijmegen.",
        P(Contact("lisa.smits@outlook.com", "Lisa", "Smits")),
        P(Account("lisasmits@hotmail.com", "Lisa", "Smits", None,
                  "Hertogstraat 5", "6511 RV", "Nijmegen")),
        Stranger(Profile("lisa.smits", "Lisa Smits", "Haarlem", platform="tiktok")),
    ),
    Case(
        MISSING_TOWN,
        "Kevin Peeters of Gent is a stranger; namesakes: no town, and Leuven.",
        P(Contact("kevin.peeters@telenet.be", "Kevin", "Peeters")),
        P(Account("kpeeters@skynet.be", "Kevin", "Peeters", None,
                  "Tiensestraat 40", "3000", "Leuven", "BE")),
        Stranger(Profile("kevinpeeters", "Kevin Peeters", "Gent")),
    ),
    Case(
        MISSING_TOWN,
        "Emma Visser of Zwolle is a stranger; namesakes: no town, and Amersfoort.",
        P(Contact("emma.visser@gmail.com", "Emma", "Visser")),
        P(Account("emmavisser@ziggo.nl", "Emma", "Visser", None,
                  "Utrechtseweg 12", "3811 NB", "Amersfoort")),
        Stranger(Profile("emma.visser", "Emma Visser", "Zwolle")),
    ),
    # ---------------------------------------------------------------- handle echoes email
    Case(
        HANDLE_ECHO,
        "Handle m.dekker_84, address mdekker84@hotmail.com; the profile shows a first name only.",
        P(
            Account("mdekker84@hotmail.com", "Marloes", "Dekker", None,
                    "Lange Kerkstraat 3", "3111 NN", "Schiedam"),
            Profile("m.dekker_84", "Marloes 🌸"),
        ),
    ),
    Case(
        HANDLE_ECHO,
        "Handle ruben_smeets, address ruben.smeets@gmail.com.",
        P(
            Guest("ruben.smeets@gmail.com"),
            Contact("ruben.smeets@gmail.com"),
            Profile("ruben_smeets", "Ruben"),
        ),
    ),
    Case(
        HANDLE_ECHO,
        "Handle fleur.kramer, address fleurkramer1992@outlook.com.",
        P(
            Account("fleurkramer1992@outlook.com", "Fleur", "Kramer", None,
                    "Lepelenburg 4", "3511 NE", "Utrecht"),
            Profile("fleur.kramer", "fleur | interieur"),
        ),
    ),
    Case(
        HANDLE_ECHO,
        "Handle niels.vogel_, address nielsvogel@ziggo.nl.",
        P(
            Contact("nielsvogel@ziggo.nl", "Niels", "Vogel"),
            Profile("niels.vogel_", "Niels V.", platform="tiktok"),
        ),
    ),
    Case(
        HANDLE_ECHO,
        "Handle y_koopman, address y.koopman@kpnmail.nl.",
        P(
            Account("y.koopman@kpnmail.nl", "Yara", "Koopman", None,
                    "Voorstraat 50", "3311 ER", "Dordrecht"),
            Profile("y_koopman", "Yara"),
        ),
    ),
    Case(
        HANDLE_ECHO,
        "A bakery's handle bakker_ is not Dirk Bakker (dirk.bakker@…), nor any other Bakker.",
        Stranger(Profile("bakker_", "Bakkerij 't Hoekje", "Den Burg")),
    ),
    # ---------------------------------------------------------------- same name + address
    Case(
        NAME_AND_ADDRESS,
        "Hanna Jonker made a second account with a new address; same name, street and postcode.",
        P(
            Account("hanna.jonker@live.nl", "Hanna", "Jonker", None,
                    "Molenweg 7", "9741 AB", "Groningen"),
            Account("h.jonker@gmail.com", "Hanna", "Jonker", None,
                    "Molenweg 7", "9741 AB", "Groningen"),
        ),
    ),
    Case(
        NAME_AND_ADDRESS,
        "Stijn Willemsen's two accounts, the street in capitals on one.",
        P(
            Account("stijn.willemsen@ziggo.nl", "Stijn", "Willemsen", None,
                    "Dorpsstraat 45", "5261 BA", "Vught"),
            Account("stijnw@hotmail.com", "Stijn", "Willemsen", None,
                    "DORPSSTRAAT 45", "5261 BA", "Vught"),
        ),
    ),
    Case(
        NAME_AND_ADDRESS,
        "Lars de Ridder's two accounts, the postcode without its space on one.",
        P(
            Account("lars.deridder@gmail.com", "Lars", "de Ridder", None,
                    "Parkweg 3", "2585 JH", "Den Haag"),
            Account("l.deridder@kpnmail.nl", "Lars", "de Ridder", None,
                    "Parkweg 3", "2585JH", "Den Haag"),
        ),
    ),
    Case(
        NAME_AND_ADDRESS,
        "Ellen Dewulf's two Belgian accounts.",
        P(
            Account("ellen.dewulf@telenet.be", "Ellen", "Dewulf", None,
                    "Stationsstraat 18", "8790", "Waregem", "BE"),
            Account("ellendewulf@gmail.com", "Ellen", "Dewulf", None,
                    "Stationsstraat 18", "8790", "Waregem", "BE"),
        ),
    ),
    Case(
        NAME_AND_ADDRESS,
        "Rianne van Beek's two accounts, town in capitals and postcode lower case on one.",
        P(
            Account("rianne.vanbeek@ziggo.nl", "Rianne", "van Beek", None,
                    "Hoofdstraat 101", "7311 KL", "Apeldoorn"),
            Account("riannevb@gmail.com", "Rianne", "van Beek", None,
                    "Hoofdstraat 101", "7311 kl", "APELDOORN"),
        ),
    ),
    # ---------------------------------------------------------------- namesakes
    Case(
        NAMESAKES,
        "Two Jan de Vries, Amsterdam and Groningen; the profile in Groningen is that one's.",
        P(Account("jan.devries@gmail.com", "Jan", "de Vries", None,
                  "Ferdinand Bolstraat 20", "1072 LK", "Amsterdam")),
        P(
            Account("jdevries@hotmail.com", "Jan", "de Vries", None,
                    "Zuiderdiep 50", "9711 HJ", "Groningen"),
            Profile("jandevries_gr", "Jan de Vries", "Groningen"),
        ),
    ),
    Case(
        NAMESAKES,
        "Two Lisa Jansen in Utrecht at different addresses; the profile is one of theirs but "
        "says no more than name and town (a coin toss: it should not be linked).",
        P(
            Account("lisa.jansen@gmail.com", "Lisa", "Jansen", None,
                    "Amsterdamsestraatweg 300", "3551 CX", "Utrecht"),
            Profile("lisajansen", "Lisa Jansen", "Utrecht"),
        ),
        P(Account("l.jansen@ziggo.nl", "Lisa", "Jansen", None,
                  "Kanaalstraat 15", "3531 CA", "Utrecht")),
    ),
    Case(
        NAMESAKES,
        "Two Kees Smit, neighbours on one street: same postcode, different house numbers.",
        P(Account("kees.smit@quicknet.nl", "Kees", "Smit", None,
                  "Middenweg 10", "1782 BD", "Den Helder")),
        P(Account("ksmit1970@hotmail.com", "Kees", "Smit", None,
                  "Middenweg 12", "1782 BD", "Den Helder")),
    ),
    Case(
        NAMESAKES,
        "Two Daan Peeters in Belgium, Antwerpen and Gent.",
        P(Account("daan.peeters@telenet.be", "Daan", "Peeters", "0476 10 20 30",
                  "Lange Leemstraat 80", "2018", "Antwerpen", "BE")),
        P(Account("daanpeeters@gmail.com", "Daan", "Peeters", "0476 40 50 60",
                  "Sint-Pietersnieuwstraat 7", "9000", "Gent", "BE")),
    ),
    Case(
        NAMESAKES,
        "Two Mohamed el Idrissi, Rotterdam and Den Haag, each on the newsletter too.",
        P(
            Account("m.elidrissi@gmail.com", "Mohamed", "el Idrissi", None,
                    "Beijerlandselaan 40", "3074 EH", "Rotterdam"),
            Contact("m.elidrissi@gmail.com", "Mohamed", "el Idrissi"),
        ),
        P(
            Account("mohamed.elidrissi@hotmail.com", "Mohamed", "El Idrissi", None,
                    "Hoefkade 200", "2526 BA", "Den Haag"),
            Contact("mohamed.elidrissi@hotmail.com", "Mohamed", "El Idrissi"),
        ),
    ),
    # ---------------------------------------------------------------- strangers
    Case(
        STRANGERS,
        "Strangers' profiles: one shows an email nobody in the shop has, the others names "
        "nobody in the shop has.",
        Stranger(Profile("woonliefde.nl", "Woonliefde", "Nederland",
                         email="hallo@woonliefde.nl")),
        Stranger(Profile("eva_interieur", "Eva 🌿", "NL 🇳🇱")),
        Stranger(Profile("sjaak.klomp", "Sjaak Klomp", "Volendam")),
        Stranger(Profile("tessa.brinkman", "Tessa Brinkman", "Amsterdam", platform="tiktok")),
    ),
]
# fmt: on
