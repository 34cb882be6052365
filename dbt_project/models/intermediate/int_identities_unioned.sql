-- Every record that identifies a person, with its person: identity_key is the person's stable
-- customer_id from the identity graph (pipelines/identity: records joined through a shared
-- matching email or phone, junk identifiers blocked, ids kept across runs).
with

records as (
    select * from {{ source('identity', 'identity_records') }}
),

final as (
    select
        record_type,
        record_id,
        customer_id as identity_key,
        email,
        phone_e164,
        observed_at
    from records
)

select * from final
