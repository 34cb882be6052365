-- Every record that identifies a person, with the identity key it resolves to. For now the
-- key is the normalised email; a record without one is its own person (shop accounts only).
with

accounts as (
    select * from {{ ref('stg_shop__customers') }}
),

orders as (
    select * from {{ ref('int_orders_enriched') }}
),

contacts as (
    select * from {{ ref('stg_email__contacts') }}
),

social_profiles as (
    select * from {{ ref('stg_social__profiles') }}
),

unioned as (
    select
        'shop_customer' as record_type,
        shop_customer_id as record_id,
        coalesce('email:' || email, 'shop_customer:' || shop_customer_id) as identity_key,
        created_at as observed_at
    from accounts

    union all

    -- Test orders are the shop's own: they identify nobody.
    select
        'shop_order' as record_type,
        order_id as record_id,
        identity_key,
        ordered_at as observed_at
    from orders
    where not is_test and identity_key is not null

    union all

    select
        'email_contact' as record_type,
        email_contact_id as record_id,
        'email:' || email as identity_key,
        coalesce(opted_in_at, status_changed_at) as observed_at
    from contacts

    union all

    select
        'social_profile' as record_type,
        social_profile_id as record_id,
        'email:' || email as identity_key,
        first_seen_at as observed_at
    from social_profiles
    where email is not null
)

select * from unioned
