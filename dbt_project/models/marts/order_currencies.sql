-- The shop's currency, which every amount of the marts is in, and per currency the orders came
-- in: how many were in the shop's currency, converted, or left out (and why). BI reads the
-- shop's currency here (any row's shop_currency).
with

currencies as (
    select * from {{ ref('int_orders_in_shop_currency') }}
),

orders as (
    select * from {{ ref('stg_shop__orders') }}
),

final as (
    select
        -- strings
        currencies.order_currency as currency,
        currencies.shop_currency,
        currencies.shop_currency_chosen_by,
        min(currencies.left_out_reason) as left_out_reason,

        -- numerics
        count(*) as orders,
        sum(case when currencies.currency_handling = 'converted' then 1 else 0 end)
            as converted_orders,
        sum(case when currencies.currency_handling = 'left out' then 1 else 0 end)
            as left_out_orders,
        sum(orders.order_total) as order_total_as_ordered,
        sum({{ to_money('orders.order_total * currencies.rate_to_shop_currency') }})
            as order_total_in_shop_currency,
        min(currencies.rate_to_shop_currency) as lowest_rate,
        max(currencies.rate_to_shop_currency) as highest_rate,

        -- booleans
        currencies.order_currency = currencies.shop_currency as is_shop_currency

    from currencies
    inner join orders on currencies.order_id = orders.order_id
    group by currencies.order_currency, currencies.shop_currency, currencies.shop_currency_chosen_by
)

select * from final
