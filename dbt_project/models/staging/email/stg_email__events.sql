with

source as (
    select * from {{ source('email', 'events') }}
),

renamed as (
    select
        -- ids
        event_id as email_event_id,
        contact_id as email_contact_id,
        campaign_id,

        -- strings
        event_type,
        url as clicked_url,
        bounce_type,

        -- numerics
        survey_score,

        -- booleans
        event_type = 'bounce' and bounce_type = 'hard' as is_hard_bounce,

        -- timestamps
        cast(occurred_at as timestamp) as occurred_at

    from source
)

select * from renamed
