"""A hand-made marts schema for the report's tests: the tables the report reads, with four
buyers, two personas, two weeks of channel usage and three campaigns. The two insight marts
(weekly_channel_usage, campaign_performance) follow the column contract of issue 6 and are
optional, as they are in a warehouse built before that mart exists.

Hand-computed values the tests check:
- RFM grid: (5, 5) Champions 2 buyers EUR 80; (1, 1) Lost 1 buyer EUR 15; (1, 2) Lost 1 buyer
  EUR 5; the other three cells empty. Champions bring 80 % of EUR 100 net revenue (the shop's
  currency, marts.order_currencies, is EUR).
- Pareto (monetary 50, 30, 15, 5): buyer share 0.25, 0.5, 0.75, 1 → revenue share 0.5, 0.8,
  0.95, 1.0; class A is 50 % of buyers and 80 % of revenue.
- Channel usage: week of 19 Oct 2026 shop_web 5, email_open 1; week of 26 Oct 2026 shop_web 1,
  email_open 2, social 4 (the most, 4 of 7).
- Campaigns: responses 5 %, 1 %, 3 % against a 2 % baseline: 2 of 3 above it.
"""

from pathlib import Path

import duckdb

CORE_TABLES = """
create schema marts;
create table marts.customer_rfm as select * from (values
    ('k1', date '2026-10-31', 5, 5, 50.00, 'A'),
    ('k2', date '2026-10-31', 5, 5, 30.00, 'A'),
    ('k3', date '2026-10-31', 1, 1, 15.00, 'B'),
    ('k4', date '2026-10-31', 1, 2, 5.00, 'C')
) as t(customer_key, as_of_date, recency_score, frequency_monetary_score, monetary, abc_class);
create table marts.rfm_segment_grid as select * from (values
    (1, 1, 'Lost'), (1, 2, 'Lost'), (1, 5, 'Can''t Lose Them'),
    (5, 1, 'New'), (5, 2, 'Potential Loyalists'), (5, 5, 'Champions')
) as t(recency_score, frequency_monetary_score, rfm_segment);
create table marts.customer_clv as select * from (values
    ('k1', 100.0), ('k2', 40.0), ('k3', 10.0), ('k4', null)
) as t(customer_key, clv);
create table marts.abc_class_summary as select * from (values
    ('A', 2, 0.5, 0.8), ('B', 1, 0.25, 0.15), ('C', 1, 0.25, 0.05)
) as t(abc_class, customers, share_of_customers, share_of_revenue);
create table marts.customer_value_matrix as
select
    cv.tertile as current_value_tertile,
    fv.tertile as clv_tertile,
    cv.tertile_order as current_value_order,
    fv.tertile_order as clv_order,
    case
        when (cv.tertile, fv.tertile) in (('high', 'low'), ('high', 'high'), ('medium', 'medium'))
        then 1 else 0
    end as customers,
    case (cv.tertile, fv.tertile)
        when ('high', 'low') then 10.0 when ('high', 'high') then 100.0
        when ('medium', 'medium') then 40.0 else 0.0
    end as total_clv
from (values ('low', 1), ('medium', 2), ('high', 3)) as cv(tertile, tertile_order)
cross join (values ('low', 1), ('medium', 2), ('high', 3)) as fv(tertile, tertile_order);
create table marts.persona_summary as select * from (values
    ('Bargain hunters', 3, 70.00, 150.00, 0.0), ('Loyal regulars', 1, 30.00, 100.00, 1.0)
) as t(persona, customers, net_revenue, total_clv, high_churn_risk_share);
create table marts.order_currencies as select * from (values
    ('EUR', 'EUR', 'most orders', 4, 0, 0, null)
) as t(currency, shop_currency, shop_currency_chosen_by, orders, converted_orders,
    left_out_orders, left_out_reason);
create table marts.persona_profiles as select * from (values
    ('Bargain hunters', 50.0, 'web', 'Lampen, Textiel'),
    ('Loyal regulars', 100.0, 'store', 'Meubels')
) as t(persona, average_clv, channel_preference, top_categories);
"""

CHANNEL_USAGE = """
create table marts.weekly_channel_usage as select * from (values
    ('c1', date '2026-10-19', '2026-W43', 'shop_web', 1, 'morning', 2),
    ('c2', date '2026-10-19', '2026-W43', 'shop_web', 3, 'evening', 3),
    ('c1', date '2026-10-19', '2026-W43', 'email_open', 2, 'morning', 1),
    ('c1', date '2026-10-26', '2026-W44', 'shop_web', 7, 'night', 1),
    ('c2', date '2026-10-26', '2026-W44', 'social', 4, 'afternoon', 4),
    ('c2', date '2026-10-26', '2026-W44', 'email_open', 5, 'morning', 1),
    ('c2', date '2026-10-26', '2026-W44', 'email_open', 6, 'morning', 1)
) as t(customer_id, week_start, iso_week, channel, weekday, hour_band, touches);
"""

CAMPAIGNS = """
create table marts.campaign_performance as select * from (values
    ('m1', 'Spring <sale> & more', date '2026-09-01', 100, 98, 0.4, 0.1, 0.02, 0.01, 3, 150.0,
     1.5, 0.05, 0.02),
    ('m2', 'Newsletter', date '2026-09-15', 100, 95, 0.3, 0.02, 0.05, 0.0, 1, 20.0,
     0.2, 0.01, 0.02),
    ('m3', 'Survey', date '2026-10-01', 100, 100, 0.5, 0.04, 0.0, 0.0, 2, 60.0,
     0.6, 0.03, 0.02)
) as t(campaign_id, campaign_name, sent_on, sends, delivered, open_rate, click_rate,
       bounce_rate, unsubscribe_rate, attributed_orders, attributed_revenue, revenue_per_send,
       response_rate, untargeted_response_rate);
"""


def write_marts(path: Path, with_insight_marts: bool = True) -> Path:
    with duckdb.connect(str(path)) as connection:
        connection.execute(CORE_TABLES)
        if with_insight_marts:
            connection.execute(CHANNEL_USAGE)
            connection.execute(CAMPAIGNS)
    return path
