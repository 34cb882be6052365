with

source as (
    select * from {{ source('email', 'contacts') }}
),

renamed as (
    select
        -- ids
        contact_id as email_contact_id,

        -- strings
        {{ normalize_email('email') }} as email,
        first_name,
        last_name,
        phone,
        status as subscription_status,
        signup_source,

        -- numerics
        member_rating,

        -- timestamps
        cast(opted_in_at as timestamp) as opted_in_at,
        cast(status_changed_at as timestamp) as status_changed_at

    from source
)

select * from renamed
