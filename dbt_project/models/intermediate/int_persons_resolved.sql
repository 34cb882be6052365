-- One row per person (identity_key, the stable customer_id from the identity graph) with the
-- best-known contact details: from the newest shop account, else from the newest email contact
-- (the phone as E.164, as the identity graph read it).
with

identities as (
    select * from {{ ref('int_identities_unioned') }}
),

accounts as (
    select
        identities.identity_key,
        identities.phone_e164,
        stg_shop__customers.*
    from {{ ref('stg_shop__customers') }}
    inner join identities
        on
            identities.record_type = 'shop_customer'
            and stg_shop__customers.shop_customer_id = identities.record_id
),

contacts as (
    select
        identities.identity_key,
        identities.phone_e164,
        stg_email__contacts.*
    from {{ ref('stg_email__contacts') }}
    inner join identities
        on
            identities.record_type = 'email_contact'
            and stg_email__contacts.email_contact_id = identities.record_id
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

-- The address a person is known by when neither an account nor a contact carries one (a
-- guest who only ordered): the one used most recently.
newest_email as (
    select *
    from (
        select
            identity_key,
            email,
            row_number() over (
                partition by identity_key order by observed_at desc, email desc
            ) as recency_rank
        from identities
        where email is not null
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
            as linked_social_profile_count,
        count(distinct email) as email_address_count
    from identities
    group by identity_key
),

final as (
    select
        -- ids
        per_person.identity_key as customer_id,
        per_person.identity_key,
        newest_account.shop_customer_id as primary_shop_customer_id,

        -- strings
        coalesce(newest_account.email, newest_contact.email, newest_email.email) as email,
        coalesce(newest_account.first_name, newest_contact.first_name) as first_name,
        coalesce(newest_account.last_name, newest_contact.last_name) as last_name,
        -- as E.164, read in the record's country (pipelines/identity/identifiers.py)
        coalesce(newest_account.phone_e164, newest_contact.phone_e164) as phone,
        newest_account.city,
        newest_account.postcode,
        newest_account.country_code,

        -- numerics
        per_person.shop_account_count,
        per_person.email_contact_count,
        per_person.linked_social_profile_count,
        per_person.email_address_count,

        -- timestamps
        per_person.first_seen_at,
        newest_account.created_at as shop_account_created_at

    from per_person
    left join newest_account on per_person.identity_key = newest_account.identity_key
    left join newest_contact on per_person.identity_key = newest_contact.identity_key
    left join newest_email on per_person.identity_key = newest_email.identity_key
)

select * from final
