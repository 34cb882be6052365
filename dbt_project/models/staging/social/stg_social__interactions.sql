with

source as (
    select * from {{ source('social', 'interactions') }}
),

renamed as (
    select
        -- ids
        interaction_id as social_interaction_id,
        profile_id as social_profile_id,
        post_id,

        -- strings
        platform,
        interaction_type,
        text as interaction_text,

        -- timestamps
        cast(occurred_at as timestamp) as occurred_at

    from source
)

select * from renamed
