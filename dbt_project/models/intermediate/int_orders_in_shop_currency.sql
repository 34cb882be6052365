-- Every order's currency against the shop's: the shop's currency is the setting
-- (macros/shop_currency.sql) or else the currency of most real orders (ties: alphabetical).
-- An order in another currency is converted with the rate of seeds/currency_rates.csv valid on
-- its day (the latest valid_from at or before it), or left out with a reason when there is none:
-- never summed as if it were in the shop's currency.
{% set setting = shop_currency_setting() %}
with

orders as (
    select * from {{ ref('stg_shop__orders') }}
),

rates as (
    select * from {{ ref('currency_rates') }}
),

{% if setting %}
    shop_currency as (
        select
            '{{ setting }}' as shop_currency,
            'setting' as shop_currency_chosen_by
    ),
{% else %}
    currency_counts as (
        select
            currency,
            -- Real orders count; test orders only when there is nothing else.
            row_number() over (
                order by
                    sum(case when is_test then 0 else 1 end) desc, count(*) desc, currency asc
            ) as popularity
        from orders
        where currency is not null
        group by currency
    ),

    shop_currency as (
        select
            currency as shop_currency,
            'most orders' as shop_currency_chosen_by
        from currency_counts
        where popularity = 1
    ),
{% endif %}

rates_on_order_day as (
    select
        orders.order_id,
        rates.rate_to_shop_currency,
        row_number() over (
            partition by orders.order_id order by rates.valid_from desc
        ) as recency
    from orders
    inner join rates
        on
            orders.currency = upper(rates.currency)
            and coalesce(rates.valid_from, cast('0001-01-01' as date))
            <= cast(orders.ordered_at as date)
),

final as (
    select
        -- ids
        orders.order_id,

        -- strings
        orders.currency as order_currency,
        shop_currency.shop_currency,
        shop_currency.shop_currency_chosen_by,
        case
            when orders.currency = shop_currency.shop_currency then 'shop currency'
            when rates_on_order_day.rate_to_shop_currency is not null then 'converted'
            else 'left out'
        end as currency_handling,
        case
            when
                orders.currency != shop_currency.shop_currency
                and rates_on_order_day.rate_to_shop_currency is null
                then
                    'no rate from ' || orders.currency || ' to ' || shop_currency.shop_currency
                    || ' valid on the order''s day in seeds/currency_rates.csv'
        end as left_out_reason,

        -- numerics
        case
            when orders.currency = shop_currency.shop_currency then cast(1 as decimal(18, 8))
            else cast(rates_on_order_day.rate_to_shop_currency as decimal(18, 8))
        end as rate_to_shop_currency

    from orders
    cross join shop_currency
    left join rates_on_order_day
        on orders.order_id = rates_on_order_day.order_id and rates_on_order_day.recency = 1
)

select * from final
