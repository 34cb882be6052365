-- Net line amounts per person and product category, purchases only: category affinity for
-- customer_360 (favourite category) and for the persona features.
with

orders as (
    select * from {{ ref('int_orders_enriched') }}
    where identity_key is not null and is_purchase
),

order_lines as (
    select * from {{ ref('stg_shop__order_lines') }}
),

persons as (
    select * from {{ ref('int_persons_resolved') }}
),

category_amounts as (
    select
        orders.identity_key,
        order_lines.category,
        count(distinct orders.order_id) as order_count,
        sum(order_lines.quantity) as item_count,
        -- In the shop's currency, as the order's amounts.
        sum({{ to_money('order_lines.line_amount * orders.rate_to_shop_currency') }})
            as category_amount
    from order_lines
    inner join orders on order_lines.order_id = orders.order_id
    where order_lines.category is not null
    group by orders.identity_key, order_lines.category
),

final as (
    select
        persons.customer_id,
        category_amounts.identity_key,
        category_amounts.category,
        category_amounts.order_count,
        category_amounts.item_count,
        category_amounts.category_amount
    from category_amounts
    inner join persons on category_amounts.identity_key = persons.identity_key
)

select * from final
