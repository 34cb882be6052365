{{ config(schema='intermediate') }}

-- Every contact of a person with the shop, across channels, one row each: orders (their sales
-- channel), email opens, clicks and survey answers, email sign-ups, social interactions and the
-- first sighting of a linked social profile. Times are UTC; `occurred_at_local` is the shop's
-- clock (var shop_time_zone). Test orders and records of no person are left out.
with

identities as (
    select * from {{ ref('int_identities_unioned') }}
),

orders as (
    select * from {{ ref('int_orders_enriched') }}
    where identity_key is not null and not is_test
),

email_events as (
    select * from {{ ref('stg_email__events') }}
    where event_type in ('open', 'click', 'survey_response')
),

contacts as (
    select * from {{ ref('stg_email__contacts') }}
    where opted_in_at is not null
),

interactions as (
    select * from {{ ref('stg_social__interactions') }}
),

profiles as (
    select * from {{ ref('stg_social__profiles') }}
    where first_seen_at is not null
),

-- Touches of records the identity graph knows (a contact, a social profile), each with the
-- record that says whose it is.
record_touches as (
    select
        'email_contact' as record_type,
        email_contact_id as record_id,
        'email_event:' || email_event_id as touchpoint_id,
        case event_type
            when 'open' then 'email_open'
            when 'click' then 'email_click'
            else 'email_survey'
        end as channel,
        event_type as touch_type,
        campaign_id,
        occurred_at
    from email_events
    union all
    select
        'email_contact' as record_type,
        email_contact_id as record_id,
        'email_contact:' || email_contact_id as touchpoint_id,
        'email_signup' as channel,
        'signup' as touch_type,
        cast(null as {{ dbt.type_string() }}) as campaign_id,
        opted_in_at as occurred_at
    from contacts
    union all
    select
        'social_profile' as record_type,
        social_profile_id as record_id,
        'social_interaction:' || social_interaction_id as touchpoint_id,
        'social' as channel,
        interaction_type as touch_type,
        cast(null as {{ dbt.type_string() }}) as campaign_id,
        occurred_at
    from interactions
    union all
    select
        'social_profile' as record_type,
        social_profile_id as record_id,
        'social_profile:' || social_profile_id as touchpoint_id,
        'social' as channel,
        'profile_seen' as touch_type,
        cast(null as {{ dbt.type_string() }}) as campaign_id,
        first_seen_at as occurred_at
    from profiles
),

unioned as (
    select
        identity_key as customer_id,
        'order:' || order_id as touchpoint_id,
        'shop_' || sales_channel as channel,
        'order' as touch_type,
        order_id,
        cast(null as {{ dbt.type_string() }}) as campaign_id,
        is_purchase,
        net_amount,
        ordered_at as occurred_at
    from orders
    union all
    select
        identities.identity_key as customer_id,
        record_touches.touchpoint_id,
        record_touches.channel,
        record_touches.touch_type,
        cast(null as {{ dbt.type_string() }}) as order_id,
        record_touches.campaign_id,
        false as is_purchase,
        cast(null as decimal(18, 2)) as net_amount,
        record_touches.occurred_at
    from record_touches
    inner join identities
        on
            record_touches.record_type = identities.record_type
            and record_touches.record_id = identities.record_id
),

final as (
    select
        *,
        {{ shop_local_time('occurred_at') }} as occurred_at_local
    from unioned
    where occurred_at is not null
)

select * from final
