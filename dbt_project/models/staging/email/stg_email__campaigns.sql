with

source as (
    select * from {{ source('email', 'campaigns') }}
),

renamed as (
    select
        -- ids
        campaign_id,

        -- strings
        campaign_name,
        subject,
        campaign_type,

        -- numerics
        recipients as recipient_count,
        {{ to_money('cost') }} as campaign_cost,

        -- timestamps
        cast(sent_at as timestamp) as sent_at

    from source
)

select * from renamed
