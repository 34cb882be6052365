with

source as (
    select * from {{ source('shop', 'customers') }}
),

renamed as (
    select
        -- ids
        customer_id as shop_customer_id,

        -- strings
        {{ normalize_email('email') }} as email,
        first_name,
        last_name,
        phone,
        address1,
        city,
        postcode,
        upper(country) as country_code,
        tags,

        -- booleans
        accepts_marketing as accepts_email_marketing,

        -- timestamps
        cast(created_at as timestamp) as created_at,
        cast(accepts_marketing_updated_at as timestamp) as email_consent_updated_at

    from source
)

select * from renamed
