"""Write the bad-input corpus: one landing folder per kind, ``<kind>/<source>/<day>/<file>``.

The files are committed; this script is how they were made (some kinds are bytes an editor
mangles: NUL, 0x1F, Latin-1, UTF-16). Their expected outcomes are written by hand in
``manifest.yml``, not derived from here. Run ``python tests/data/bad_inputs/make_corpus.py``
from the repository root to write them again.
"""

from __future__ import annotations

import shutil
from pathlib import Path

HERE = Path(__file__).parent
DAY = "2026-11-01"

REFUNDS = "refund_id,order_id,created_at,amount,reason"
ORDERS = (
    "order_id,order_name,customer_id,email,created_at,currency,subtotal_price,total_discounts,"
    "shipping_price,total_tax,total_price,financial_status,cancelled_at,cancel_reason,"
    "sales_channel,discount_code,is_test,tags"
)
LINES = "line_id,order_id,sku,product_name,category,quantity,unit_price,line_discount"
CUSTOMERS = (
    "customer_id,email,first_name,last_name,phone,address1,city,postcode,country,created_at,"
    "accepts_marketing,accepts_marketing_updated_at,tags"
)
EVENTS = "event_id,contact_id,campaign_id,event_type,occurred_at,url,bounce_type,survey_score"
INTERACTIONS = "interaction_id,profile_id,platform,interaction_type,post_id,text,occurred_at"
AD_SPEND = "date,platform,campaign_id,campaign_name,spend,currency,impressions,clicks"
REVIEWS = "review_id,sku,order_id,reviewer_email,reviewer_name,rating,title,body,created_at"


def refund(n: int, amount: str = "12.50", reason: str = "beschadigd", at: str = "") -> str:
    return f"r{n},o{n},{at or '2026-10-07 11:50:26 +0200'},{amount},{reason}"


def order(n: int, created_at: str = "2026-10-01 10:00:00 +0200", total: str = "30.00") -> str:
    return (
        f"o{n},#100{n},c{n},klant{n}@example.nl,{created_at},EUR,{total},0.00,0.00,5.21,"
        f"{total},paid,,,web,,false,"
    )


def line(n: int, quantity: str = "1", price: str = "20.00") -> str:
    return f"l{n},o{n},WON-100{n},Vaas Duin,Wonen & decoratie,{quantity},{price},0.00"


def customer(n: int, first_name: str = "Anna", email: str = "") -> str:
    email = email or f"klant{n}@example.nl"
    return (
        f"c{n},{email},{first_name},de Vries,,,Utrecht,3511 AB,NL,2025-01-02 09:00:00 +0100,yes,,"
    )


def refunds_with(middle: str) -> str:
    """Refunds r1 and r3 around one line 3 of the kind."""
    return "\n".join([REFUNDS, refund(1), middle, refund(3)]) + "\n"


# Kinds that are one refund (line 3, between two good ones) with this reason or amount.
REFUND_REASONS = {
    "real_replacement_character": "teken \ufffd kapot",
    "stray_quote_in_field": 'lamp van 5" kapot',
    "quoted_line_break": '"regel een\nregel twee"',
    "doubled_quotes": '"zei ""kapot"" bij levering"',
    "quoted_comma": '"Kwaliteit viel tegen, helaas"',
    "text_after_closing_quote": '"kapot"erna',
    "unit_separator_in_last_field": "kapot\x1ferna",
    "escape_byte": "kapot\x1b[31m",
    "tab_in_field": "kapot\tgeleverd",
    "too_many_fields": "kapot, helaas",
    "spreadsheet_formula": '"=HYPERLINK(""http://evil.example"",""klik"")"',
    "sql_shaped_text": "'; drop table raw_shop.refunds; --",
    "script_tag": "<script>alert(1)</script>",
}
REFUND_AMOUNTS = {
    "decimal_comma_thousands_dot": '"1.234,56"',
    "thousands_comma": '"1,234.56"',
    "currency_sign": "€12",
    "trailing_minus": "12-",
    "scientific_notation": "1.2e3",
}


def text_kinds() -> dict[str, tuple[str, str]]:
    """kind -> (landed path, UTF-8 text)."""
    refunds_path = f"shop/{DAY}/refunds.csv"
    orders_path = f"shop/{DAY}/orders.csv"
    lines_path = f"shop/{DAY}/order_lines.csv"
    base = "\n".join([REFUNDS, refund(1), refund(2), refund(3)]) + "\n"
    kinds = {
        # encodings
        "utf8_bom": (refunds_path, "\ufeff" + base),
        # line endings
        "crlf_line_ends": (refunds_path, base.replace("\n", "\r\n")),
        "cr_only_line_ends": (refunds_path, base.replace("\n", "\r")),
        "mixed_line_ends": (
            refunds_path,
            f"{REFUNDS}\r\n{refund(1)}\n{refund(2)}\r{refund(3)}\r\n",
        ),
        "no_final_line_end": (refunds_path, base.rstrip("\n")),
        "blank_lines_between": (refunds_path, f"{REFUNDS}\n{refund(1)}\n\n{refund(3)}\n\n"),
        # quoting
        "unterminated_quote_at_end": (
            refunds_path,
            "\n".join([REFUNDS, refund(1), refund(3), refund(4, reason='"nooit dicht')]) + "\n",
        ),
        # control bytes
        "unit_separator_in_middle_field": (
            refunds_path,
            refunds_with("r2,o\x1f2,2026-10-07 11:50:26 +0200,12.50,kapot"),
        ),
        "nul_in_name": (
            f"shop/{DAY}/customers.csv",
            "\n".join([CUSTOMERS, customer(1), customer(2, first_name="An\x00na"), customer(3)])
            + "\n",
        ),
        # ragged rows
        "too_few_fields": (refunds_path, refunds_with("r2,o2,2026-10-07 11:50:26 +0200")),
        "trailing_comma_everywhere": (
            refunds_path,
            "\n".join(row + "," for row in base.splitlines()) + "\n",
        ),
        # headers
        "missing_required_column": (
            refunds_path,
            "refund_id,created_at,amount,reason\nr1,2026-10-07 11:50:26 +0200,1.00,x\n",
        ),
        "duplicated_column": (
            refunds_path,
            "refund_id,order_id,created_at,amount,amount\n"
            "r1,o1,2026-10-07 11:50:26 +0200,1.00,2.00\n",
        ),
        "reordered_columns": (
            refunds_path,
            "amount,reason,created_at,order_id,refund_id\n"
            "12.50,kapot,2026-10-07 11:50:26 +0200,o1,r1\n"
            "7.00,,2026-10-08 11:50:26 +0200,o2,r2\n",
        ),
        "extra_column": (
            refunds_path,
            "refund_id,order_id,created_at,amount,reason,medewerker\n"
            "r1,o1,2026-10-07 11:50:26 +0200,12.50,kapot,Piet\n",
        ),
        "optional_column_absent": (
            refunds_path,
            "refund_id,order_id,created_at,amount\nr1,o1,2026-10-07 11:50:26 +0200,12.50\n",
        ),
        "header_only": (refunds_path, REFUNDS + "\n"),
        "empty_file": (refunds_path, ""),
        "header_bom_and_spaces": (
            refunds_path,
            "\ufeff refund_id , order_id ,created_at, amount ,reason\n" + refund(1) + "\n",
        ),
        "header_other_case": (
            refunds_path,
            "Refund_ID,Order_ID,Created_At,Amount,Reason\n" + refund(1) + "\n",
        ),
        "no_header_line": (refunds_path, "\n".join([refund(1), refund(2)]) + "\n"),
        # number formats
        "nan_and_inf": (
            refunds_path,
            "\n".join(
                [REFUNDS, refund(1), refund(2, amount="NaN"), refund(3, amount="inf"), refund(4)]
            )
            + "\n",
        ),
        # dates
        "date_day_month_year": (
            f"social/{DAY}/ad_spend.csv",
            f"{AD_SPEND}\n2026-10-30,instagram,120000000000000001,Herfst,10.00,EUR,100,3\n31-10-2026,instagram,120000000000000001,Herfst,10.00,EUR,100,3\n",
        ),
        "impossible_date": (
            orders_path,
            "\n".join(
                [ORDERS, order(1), order(2, created_at="2026-02-30 10:00:00 +0100"), order(3)]
            )
            + "\n",
        ),
        "order_dated_2099": (
            orders_path,
            "\n".join(
                [ORDERS, order(1), order(2, created_at="2099-10-01 10:00:00 +0200"), order(3)]
            )
            + "\n",
        ),
        "epoch_seconds_in_offset_column": (
            orders_path,
            "\n".join([ORDERS, order(1), order(2, created_at="1759830626"), order(3)]) + "\n",
        ),
        "epoch_milliseconds": (
            f"social/{DAY}/interactions.csv",
            f"{INTERACTIONS}\n1001,9001,instagram,like,7001,,1759830626\n1002,9001,instagram,like,7001,,1759830626000\n",
        ),
        "timestamp_missing_offset": (
            orders_path,
            "\n".join([ORDERS, order(1), order(2, created_at="2026-10-01 10:00:00"), order(3)])
            + "\n",
        ),
        "local_time_in_dst_gap": (
            f"shop/{DAY}/reviews.csv",
            f"{REVIEWS}\n501,WON-1001,o1,,Jan,5,Mooi,Fijn,2026-03-29 01:30:00\n"
            "502,WON-1001,o2,,Els,4,Goed,Prima,2026-03-29 02:30:00\n",
        ),
        # extreme values
        "amount_ten_to_the_fifteen": (
            orders_path,
            "\n".join([ORDERS, order(1), order(2, total="1000000000000000.00"), order(3)]) + "\n",
        ),
        "largest_amount_allowed": (
            orders_path,
            "\n".join([ORDERS, order(1, total="99999999999999.99")]) + "\n",
        ),
        "negative_quantity": (
            lines_path,
            "\n".join([LINES, line(1), line(2, quantity="-1"), line(3)]) + "\n",
        ),
        "zero_quantity_zero_price": (
            lines_path,
            "\n".join([LINES, line(1), line(2, quantity="0", price="0.00"), line(3)]) + "\n",
        ),
        "free_gift_line": (lines_path, "\n".join([LINES, line(1), line(2, price="0.00")]) + "\n"),
        "ten_kilobyte_field": (
            f"shop/{DAY}/reviews.csv",
            f"{REVIEWS}\n501,WON-1001,o1,,Jan,5,Mooi,{'lang ' * 2000},2026-10-01 10:00:00\n",
        ),
        # injection-shaped text
        # duplicates
        "identical_copy_in_one_file": (
            f"email/{DAY}/events.csv",
            f"{EVENTS}\ne1,k1,m1,open,2026-10-07T09:50:26Z,,,\ne2,k1,m1,click,2026-10-07T09:51:00Z,,,\ne1,k1,m1,open,2026-10-07T09:50:26Z,,,\n",
        ),
        "conflicting_copy_in_one_file": (
            f"shop/{DAY}/customers.csv",
            "\n".join([CUSTOMERS, customer(1), customer(2), customer(1, email="ander@example.nl")])
            + "\n",
        ),
        # misplaced files
        "file_under_wrong_source": (f"email/{DAY}/refunds.csv", base),
        "unknown_file_name": (f"shop/{DAY}/refunds_export.csv", base),
        "folder_without_dashes": ("shop/20261101/refunds.csv", base),
    }
    for kind, reason in REFUND_REASONS.items():
        kinds[kind] = (refunds_path, refunds_with(refund(2, reason=reason)))
    for kind, amount in REFUND_AMOUNTS.items():
        kinds[kind] = (refunds_path, refunds_with(refund(2, amount=amount)))
    return kinds


def byte_kinds() -> dict[str, tuple[str, bytes]]:
    refunds_path = f"shop/{DAY}/refunds.csv"
    base = "\n".join([REFUNDS, refund(1), refund(2), refund(3)]) + "\n"
    return {
        "latin1_row": (refunds_path, refunds_with(refund(2, reason="M\xfcller")).encode("latin-1")),
        "utf16_with_bom": (refunds_path, base.encode("utf-16")),
        "mixed_utf8_and_cp1252": (
            refunds_path,
            "\n".join([REFUNDS, refund(1, reason="café"), ""]).encode()
            + refund(2, reason="€ terug").encode("cp1252")
            + ("\n" + refund(3, reason="Müller") + "\n").encode(),
        ),
    }


def main() -> None:
    for kind, (path, text) in text_kinds().items():
        _write(kind, path, text.encode())
    for kind, (path, data) in byte_kinds().items():
        _write(kind, path, data)


def _write(kind: str, path: str, data: bytes) -> None:
    folder = HERE / kind
    if folder.exists():
        shutil.rmtree(folder)
    target = folder / path
    target.parent.mkdir(parents=True)
    target.write_bytes(data)


if __name__ == "__main__":
    main()
