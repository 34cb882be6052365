{{
    config(
        materialized=landed_records_materialization(),
        unique_key='order_line_id',
        incremental_strategy='delete+insert',
        on_schema_change='fail',
        post_hook="{{ delete_rows_gone_from_source(source('shop', 'order_lines'), 'line_id', 'order_line_id') }}"
    )
}}

with

source as (
    select * from {{ source('shop', 'order_lines') }}
    {% if is_incremental() %}
        where _delivered_on >= {{ delivered_since() }}
    {% endif %}
),

renamed as (
    select
        -- ids
        line_id as order_line_id,
        order_id,
        sku,

        -- strings
        product_name,
        category,

        -- numerics
        quantity,
        {{ to_money('unit_price') }} as unit_price,
        {{ to_money('coalesce(line_discount, 0)') }} as line_discount_amount,
        {{ to_money('quantity * unit_price - coalesce(line_discount, 0)') }} as line_amount,

        -- lineage
        _delivered_on

    from source
)

select * from renamed
