with

source as (
    select * from {{ source('shop', 'products') }}
),

renamed as (
    select
        -- ids
        sku,

        -- strings
        product_name,
        category,

        -- numerics
        {{ to_money('price') }} as list_price,
        {{ to_money('cost') }} as unit_cost

    from source
)

select * from renamed
