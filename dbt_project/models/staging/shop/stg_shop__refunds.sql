with

source as (
    select * from {{ source('shop', 'refunds') }}
),

renamed as (
    select
        -- ids
        refund_id,
        order_id,

        -- strings
        reason as refund_reason,

        -- numerics
        {{ to_money('amount') }} as refund_amount,

        -- timestamps
        cast(created_at as timestamp) as refunded_at

    from source
)

select * from renamed
