-- One row per customer and day with a purchase: the transaction history the CLV models, the
-- churn trend and RFM as of any date are computed from. A day's purchases are summed into one
-- (the buy-till-you-die convention: frequency counts repeat purchase days). The day is the UTC
-- calendar day of the order.
with

orders as (
    select * from {{ ref('int_orders_enriched') }}
    where identity_key is not null and is_purchase
),

persons as (
    select * from {{ ref('int_persons_resolved') }}
),

final as (
    select
        persons.customer_id,
        cast(orders.ordered_at as date) as purchase_date,
        count(*) as order_count,
        sum(case when orders.has_discount then 1 else 0 end) as discounted_order_count,
        sum(orders.order_total) as gross_amount,
        sum(orders.net_amount) as net_amount
    from orders
    inner join persons on orders.identity_key = persons.identity_key
    group by persons.customer_id, cast(orders.ordered_at as date)
)

select * from final
