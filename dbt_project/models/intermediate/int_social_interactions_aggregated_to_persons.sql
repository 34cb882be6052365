-- Social activity per person, for profiles that carry the person's email. (Profiles without an
-- email are matched probabilistically by the identity models of a later stage.)
with

identities as (
    select
        record_id as social_profile_id,
        identity_key
    from {{ ref('int_identities_unioned') }}
    where record_type = 'social_profile'
),

profiles as (
    select
        stg_social__profiles.social_profile_id,
        stg_social__profiles.platform,
        identities.identity_key
    from {{ ref('stg_social__profiles') }}
    inner join identities
        on stg_social__profiles.social_profile_id = identities.social_profile_id
),

interactions as (
    select * from {{ ref('stg_social__interactions') }}
),

profile_platforms as (
    select
        identity_key,
        count(distinct social_profile_id) as social_profile_count,
        {{ dbt.listagg('distinct platform', "', '", 'order by platform') }} as social_platforms
    from profiles
    group by identity_key
),

activity as (
    select
        profiles.identity_key,
        count(*) as social_interaction_count,
        sum(case when interactions.interaction_type = 'comment' then 1 else 0 end)
            as social_comment_count,
        sum(case when interactions.interaction_type in ('share', 'mention') then 1 else 0 end)
            as social_share_and_mention_count,
        sum(case when interactions.interaction_type = 'direct_message' then 1 else 0 end)
            as social_direct_message_count,
        max(case when interactions.interaction_type = 'follow' then 1 else 0 end) = 1
            as follows_brand,
        max(interactions.occurred_at) as last_social_interaction_at
    from interactions
    inner join profiles on interactions.social_profile_id = profiles.social_profile_id
    group by profiles.identity_key
),

final as (
    select
        profile_platforms.identity_key,
        profile_platforms.social_profile_count,
        profile_platforms.social_platforms,
        coalesce(activity.social_interaction_count, 0) as social_interaction_count,
        coalesce(activity.social_comment_count, 0) as social_comment_count,
        coalesce(activity.social_share_and_mention_count, 0) as social_share_and_mention_count,
        coalesce(activity.social_direct_message_count, 0) as social_direct_message_count,
        coalesce(activity.follows_brand, false) as follows_brand,
        activity.last_social_interaction_at
    from profile_platforms
    left join activity on profile_platforms.identity_key = activity.identity_key
)

select * from final
