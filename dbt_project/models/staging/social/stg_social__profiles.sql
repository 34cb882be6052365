with

source as (
    select * from {{ source('social', 'profiles') }}
),

renamed as (
    select
        -- ids
        profile_id as social_profile_id,

        -- strings
        platform,
        lower(handle) as handle,
        display_name,
        location,
        bio,
        {{ normalize_email('email') }} as email,

        -- timestamps
        cast(first_seen_at as timestamp) as first_seen_at

    from source
)

select * from renamed
