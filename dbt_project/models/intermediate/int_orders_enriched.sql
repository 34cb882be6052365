-- One row per order with its person, line totals, refunds and whether it counts as a purchase.
-- Amounts are in the shop's currency (int_orders_in_shop_currency): converted at the order's
-- rate, or null for an order left out for want of a rate (it is no purchase then).
with

orders as (
    select * from {{ ref('stg_shop__orders') }}
),

order_lines as (
    select * from {{ ref('stg_shop__order_lines') }}
),

refunds as (
    select * from {{ ref('stg_shop__refunds') }}
),

currencies as (
    select * from {{ ref('int_orders_in_shop_currency') }}
),

lines_per_order as (
    select
        order_id,
        count(*) as line_count,
        sum(quantity) as item_count,
        sum(line_amount) as lines_amount
    from order_lines
    group by order_id
),

refunds_per_order as (
    select
        order_id,
        count(*) as refund_count,
        sum(refund_amount) as refunded_amount,
        max(refunded_at) as last_refunded_at
    from refunds
    group by order_id
),

identities as (
    select
        record_id as order_id,
        identity_key
    from {{ ref('int_identities_unioned') }}
    where record_type = 'shop_order'
),

-- The order's person from the identity graph (its account, its checkout email); test orders
-- are nobody's.
identified as (
    select
        orders.*,
        identities.identity_key,
        currencies.order_currency,
        currencies.shop_currency,
        currencies.rate_to_shop_currency,
        currencies.currency_handling = 'left out' as is_left_out_for_currency
    from orders
    left join identities on orders.order_id = identities.order_id
    left join currencies on orders.order_id = currencies.order_id
),

-- The order's amounts in the shop's currency, rounded to cents after conversion.
converted as (
    select
        identified.*,
        {{ to_money('identified.order_total * identified.rate_to_shop_currency') }}
            as shop_order_total,
        {{ to_money('identified.discount_amount * identified.rate_to_shop_currency') }}
            as shop_discount_amount,
        {{ to_money(
            'least(coalesce(refunds_per_order.refunded_amount, 0), identified.order_total)'
            ~ ' * identified.rate_to_shop_currency'
        ) }} as shop_refunded_amount,
        coalesce(lines_per_order.line_count, 0) as line_count,
        coalesce(lines_per_order.item_count, 0) as item_count,
        coalesce(refunds_per_order.refund_count, 0) as refund_count,
        refunds_per_order.last_refunded_at
    from identified
    left join lines_per_order on identified.order_id = lines_per_order.order_id
    left join refunds_per_order on identified.order_id = refunds_per_order.order_id
),

final as (
    select
        -- ids
        order_id,
        order_name,
        shop_customer_id,
        identity_key,

        -- strings
        shop_currency as currency,
        order_currency,
        financial_status,
        sales_channel,

        -- numerics
        shop_order_total as order_total,
        shop_discount_amount as discount_amount,
        rate_to_shop_currency,
        line_count,
        item_count,
        refund_count,
        -- A refund cannot take back more than was paid.
        shop_refunded_amount as refunded_amount,
        shop_order_total - shop_refunded_amount as net_amount,

        -- booleans
        is_test,
        is_cancelled,
        is_guest_checkout,
        has_discount,
        is_left_out_for_currency,
        -- A purchase: real (not a test), not cancelled or voided, paid, and in (or converted
        -- to) the shop's currency. Fully refunded purchases still count as purchases; their
        -- net amount is zero.
        not is_test
        and not is_cancelled
        and not is_left_out_for_currency
        and financial_status in ('paid', 'partially_refunded', 'refunded')
            as is_purchase,

        -- timestamps
        ordered_at,
        cancelled_at,
        last_refunded_at

    from converted
)

select * from final
