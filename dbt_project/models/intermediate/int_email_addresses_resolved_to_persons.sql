-- Which person an email address belongs to, for signals that carry only an address (reviews,
-- consent): every record with that address is one person, unless the address is junk (a shop's
-- own or test address on several persons), which then belongs to nobody.
with

identities as (
    select * from {{ ref('int_identities_unioned') }}
    where email is not null
),

final as (
    select
        email,
        min(identity_key) as identity_key
    from identities
    group by email
    having count(distinct identity_key) = 1
)

select * from final
