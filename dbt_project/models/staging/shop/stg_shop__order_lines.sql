with

source as (
    select * from {{ source('shop', 'order_lines') }}
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
        {{ to_money('quantity * unit_price - coalesce(line_discount, 0)') }} as line_amount

    from source
)

select * from renamed
