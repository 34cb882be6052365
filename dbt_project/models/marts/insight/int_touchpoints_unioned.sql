{{ config(schema='intermediate') }}

-- Every contact a person had with the shop, across channels, one row each: orders (their sales
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

order_touches as (
    select
        orders.identity_key as customer_id,
        'order:' || orders.order_id as touchpoint_id,
        'shop_' || orders.sales_channel as channel,
        'order' as touch_type,
        orders.order_id,
        cast(null as {{ dbt.type_string() }}) as campaign_id,
        orders.is_purchase,
        orders.net_amount,
        orders.ordered_at as occurred_at
    from orders
),

email_touches as (
    select
        identities.identity_key as customer_id,
        'email_event:' || email_events.email_event_id as touchpoint_id,
        case email_events.event_type
            when 'open' then 'email_open'
            when 'click' then 'email_click'
            else 'email_survey'
        end as channel,
        email_events.event_type as touch_type,
        cast(null as {{ dbt.type_string() }}) as order_id,
        email_events.campaign_id,
        false as is_purchase,
        cast(null as decimal(18, 2)) as net_amount,
        email_events.occurred_at
    from email_events
    inner join identities
        on
            identities.record_type = 'email_contact'
            and email_events.email_contact_id = identities.record_id
),

signup_touches as (
    select
        identities.identity_key as customer_id,
        'email_contact:' || contacts.email_contact_id as touchpoint_id,
        'email_signup' as channel,
        'signup' as touch_type,
        cast(null as {{ dbt.type_string() }}) as order_id,
        cast(null as {{ dbt.type_string() }}) as campaign_id,
        false as is_purchase,
        cast(null as decimal(18, 2)) as net_amount,
        contacts.opted_in_at as occurred_at
    from contacts
    inner join identities
        on
            identities.record_type = 'email_contact'
            and contacts.email_contact_id = identities.record_id
),

social_touches as (
    select
        identities.identity_key as customer_id,
        'social_interaction:' || interactions.social_interaction_id as touchpoint_id,
        'social' as channel,
        interactions.interaction_type as touch_type,
        cast(null as {{ dbt.type_string() }}) as order_id,
        cast(null as {{ dbt.type_string() }}) as campaign_id,
        false as is_purchase,
        cast(null as decimal(18, 2)) as net_amount,
        interactions.occurred_at
    from interactions
    inner join identities
        on
            identities.record_type = 'social_profile'
            and interactions.social_profile_id = identities.record_id
),

profile_touches as (
    select
        identities.identity_key as customer_id,
        'social_profile:' || profiles.social_profile_id as touchpoint_id,
        'social' as channel,
        'profile_seen' as touch_type,
        cast(null as {{ dbt.type_string() }}) as order_id,
        cast(null as {{ dbt.type_string() }}) as campaign_id,
        false as is_purchase,
        cast(null as decimal(18, 2)) as net_amount,
        profiles.first_seen_at as occurred_at
    from profiles
    inner join identities
        on
            identities.record_type = 'social_profile'
            and profiles.social_profile_id = identities.record_id
),

unioned as (
    select * from order_touches
    union all
    select * from email_touches
    union all
    select * from signup_touches
    union all
    select * from social_touches
    union all
    select * from profile_touches
),

final as (
    select
        *,
        {{ shop_local_time('occurred_at') }} as occurred_at_local
    from unioned
    where occurred_at is not null
)

select * from final
