with

source as (
    select * from {{ source('social', 'ad_spend') }}
),

renamed as (
    select
        -- ids
        {{ dbt.hash(dbt.concat([
            "cast(date as " ~ dbt.type_string() ~ ")", "'|'", "platform", "'|'", "campaign_id"
        ])) }} as ad_spend_id,
        campaign_id as ad_campaign_id,

        -- strings
        platform,
        campaign_name as ad_campaign_name,
        upper(currency) as currency,

        -- numerics
        {{ to_money('spend') }} as spend_amount,
        impressions,
        clicks,

        -- dates
        cast(date as date) as spend_date

    from source
)

select * from renamed
