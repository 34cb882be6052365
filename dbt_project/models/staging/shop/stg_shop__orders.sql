{{
    config(
        materialized=landed_records_materialization(),
        unique_key='order_id',
        incremental_strategy='delete+insert',
        on_schema_change='fail',
        post_hook="{{ delete_rows_gone_from_source(source('shop', 'orders'), 'order_id', 'order_id') }}"
    )
}}

with

source as (
    select * from {{ source('shop', 'orders') }}
    {% if is_incremental() %}
        where _delivered_on >= {{ delivered_since() }}
    {% endif %}
),

renamed as (
    select
        -- ids
        order_id,
        order_name,
        customer_id as shop_customer_id,

        -- strings
        {{ normalize_email('email') }} as email,
        upper(currency) as currency,
        financial_status,
        cancel_reason,
        sales_channel,
        discount_code,
        tags,

        -- numerics
        {{ to_money('subtotal_price') }} as subtotal_amount,
        {{ to_money('coalesce(total_discounts, 0)') }} as discount_amount,
        {{ to_money('coalesce(shipping_price, 0)') }} as shipping_amount,
        {{ to_money('coalesce(total_tax, 0)') }} as tax_amount,
        {{ to_money('total_price') }} as order_total,

        -- booleans
        coalesce(is_test, false) as is_test,
        cancelled_at is not null as is_cancelled,
        customer_id is null as is_guest_checkout,
        discount_code is not null or coalesce(total_discounts, 0) > 0 as has_discount,

        -- timestamps
        cast(created_at as timestamp) as ordered_at,
        cast(cancelled_at as timestamp) as cancelled_at,

        -- lineage
        _delivered_on

    from source
)

select * from renamed
