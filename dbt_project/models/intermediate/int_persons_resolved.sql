-- One row per person (identity key) with a stable id and the best-known contact details:
-- from the newest shop account, else from the newest email contact.
with

identities as (
    select * from {{ ref('int_identities_unioned') }}
),

accounts as (
    select
        coalesce('email:' || email, 'shop_customer:' || shop_customer_id) as identity_key,
        *
    from {{ ref('stg_shop__customers') }}
),

contacts as (
    select
        'email:' || email as identity_key,
        *
    from {{ ref('stg_email__contacts') }}
),

newest_account as (
    select *
    from (
        select
            *,
            row_number() over (
                partition by identity_key order by created_at desc, shop_customer_id desc
            ) as recency_rank
        from accounts
    ) as ranked
    where recency_rank = 1
),

newest_contact as (
    select *
    from (
        select
            *,
            row_number() over (
                partition by identity_key
                order by coalesce(status_changed_at, opted_in_at) desc, email_contact_id desc
            ) as recency_rank
        from contacts
    ) as ranked
    where recency_rank = 1
),

per_person as (
    select
        identity_key,
        min(observed_at) as first_seen_at,
        sum(case when record_type = 'shop_customer' then 1 else 0 end) as shop_account_count,
        sum(case when record_type = 'email_contact' then 1 else 0 end) as email_contact_count,
        sum(case when record_type = 'social_profile' then 1 else 0 end)
            as linked_social_profile_count
    from identities
    group by identity_key
),

final as (
    select
        -- ids
        {{ person_id('per_person.identity_key') }} as customer_id,
        per_person.identity_key,
        newest_account.shop_customer_id as primary_shop_customer_id,

        -- strings
        case
            when per_person.identity_key like 'email:%'
                then substr(per_person.identity_key, 7)
        end as email,
        coalesce(newest_account.first_name, newest_contact.first_name) as first_name,
        coalesce(newest_account.last_name, newest_contact.last_name) as last_name,
        coalesce(newest_account.phone, newest_contact.phone) as phone,
        newest_account.city,
        newest_account.postcode,
        newest_account.country_code,

        -- numerics
        per_person.shop_account_count,
        per_person.email_contact_count,
        per_person.linked_social_profile_count,

        -- timestamps
        per_person.first_seen_at,
        newest_account.created_at as shop_account_created_at

    from per_person
    left join newest_account on per_person.identity_key = newest_account.identity_key
    left join newest_contact on per_person.identity_key = newest_contact.identity_key
)

select * from final
