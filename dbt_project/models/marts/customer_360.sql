-- One row per person: identity, consent, shop, email, review and social figures.
with

persons as (
    select * from {{ ref('int_persons_resolved') }}
),

consents as (
    select * from {{ ref('int_consent_signals_resolved_to_persons') }}
),

orders as (
    select * from {{ ref('int_orders_aggregated_to_persons') }}
),

email as (
    select * from {{ ref('int_email_events_aggregated_to_persons') }}
),

reviews as (
    select * from {{ ref('int_reviews_aggregated_to_persons') }}
),

social as (
    select * from {{ ref('int_social_interactions_aggregated_to_persons') }}
),

final as (
    select
        -- ids
        cast(persons.customer_id as {{ dbt.type_string() }}) as customer_id,
        cast(persons.primary_shop_customer_id as {{ dbt.type_string() }})
            as primary_shop_customer_id,

        -- identity
        cast(
            case when persons.email is not null then 'email' else 'shop_account' end
            as {{ dbt.type_string() }}
        ) as identity_type,
        cast(persons.email as {{ dbt.type_string() }}) as email,
        cast(persons.first_name as {{ dbt.type_string() }}) as first_name,
        cast(persons.last_name as {{ dbt.type_string() }}) as last_name,
        cast(persons.phone as {{ dbt.type_string() }}) as phone,
        cast(persons.city as {{ dbt.type_string() }}) as city,
        cast(persons.postcode as {{ dbt.type_string() }}) as postcode,
        cast(persons.country_code as {{ dbt.type_string() }}) as country_code,
        cast(persons.shop_account_count as integer) as shop_account_count,
        cast(persons.email_contact_count as integer) as email_contact_count,

        -- consent
        cast(coalesce(consents.email_consent_status, 'never_subscribed') as {{ dbt.type_string() }})
            as email_consent_status,
        cast(consents.email_consent_source as {{ dbt.type_string() }}) as email_consent_source,
        cast(consents.email_consent_changed_at as timestamp) as email_consent_changed_at,
        coalesce(consents.is_email_marketable, false) as is_email_marketable,

        -- shop
        coalesce(orders.order_count, 0) > 0 as is_buyer,
        cast(coalesce(orders.order_count, 0) as integer) as order_count,
        cast(orders.first_order_at as timestamp) as first_order_at,
        cast(orders.last_order_at as timestamp) as last_order_at,
        cast(coalesce(orders.gross_revenue, 0) as decimal(18, 2)) as gross_revenue,
        cast(coalesce(orders.refunded_amount, 0) as decimal(18, 2)) as refunded_amount,
        cast(coalesce(orders.net_revenue, 0) as decimal(18, 2)) as net_revenue,
        {{ to_money_from_double(
            'cast(orders.net_revenue as double) / nullif(orders.order_count, 0)'
        ) }} as average_order_value,
        cast(coalesce(orders.items_purchased, 0) as bigint) as items_purchased,
        cast(coalesce(orders.refunded_order_count, 0) as integer) as refunded_order_count,
        cast(coalesce(orders.cancelled_order_count, 0) as integer) as cancelled_order_count,
        cast(coalesce(orders.guest_order_count, 0) as integer) as guest_order_count,
        cast(coalesce(orders.discounted_order_count, 0) as integer) as discounted_order_count,
        cast(coalesce(orders.web_order_count, 0) as integer) as web_order_count,
        cast(coalesce(orders.app_order_count, 0) as integer) as app_order_count,
        cast(coalesce(orders.store_order_count, 0) as integer) as store_order_count,
        cast(orders.favourite_category as {{ dbt.type_string() }}) as favourite_category,
        cast(coalesce(orders.distinct_category_count, 0) as integer) as distinct_category_count,
        cast(orders.categories_purchased as {{ dbt.type_string() }}) as categories_purchased,
        cast(coalesce(reviews.review_count, 0) as integer) as review_count,
        cast(reviews.average_review_rating as double) as average_review_rating,

        -- email
        cast(coalesce(email.emails_sent, 0) as integer) as emails_sent,
        cast(coalesce(email.emails_delivered, 0) as integer) as emails_delivered,
        cast(coalesce(email.campaigns_opened, 0) as integer) as campaigns_opened,
        cast(coalesce(email.campaigns_clicked, 0) as integer) as campaigns_clicked,
        cast(coalesce(email.email_opens, 0) as integer) as email_opens,
        cast(coalesce(email.email_clicks, 0) as integer) as email_clicks,
        cast(email.campaigns_opened / nullif(email.campaigns_delivered, 0) as double)
            as email_open_rate,
        cast(email.campaigns_clicked / nullif(email.campaigns_delivered, 0) as double)
            as email_click_rate,
        cast(coalesce(email.email_bounces, 0) as integer) as email_bounces,
        cast(coalesce(email.email_hard_bounces, 0) as integer) as email_hard_bounces,
        cast(coalesce(email.email_unsubscribes, 0) as integer) as email_unsubscribes,
        cast(coalesce(email.email_complaints, 0) as integer) as email_complaints,
        cast(coalesce(email.survey_responses, 0) as integer) as survey_responses,
        cast(email.average_survey_score as double) as average_survey_score,
        cast(email.last_survey_score as integer) as last_survey_score,
        cast(email.last_email_sent_at as timestamp) as last_email_sent_at,
        cast(email.last_email_engagement_at as timestamp) as last_email_engagement_at,

        -- social
        cast(coalesce(social.social_profile_count, 0) as integer) as social_profile_count,
        cast(social.social_platforms as {{ dbt.type_string() }}) as social_platforms,
        cast(coalesce(social.social_interaction_count, 0) as integer) as social_interaction_count,
        cast(coalesce(social.social_comment_count, 0) as integer) as social_comment_count,
        cast(coalesce(social.social_share_and_mention_count, 0) as integer)
            as social_share_and_mention_count,
        cast(coalesce(social.social_direct_message_count, 0) as integer)
            as social_direct_message_count,
        coalesce(social.follows_brand, false) as follows_brand,
        cast(social.last_social_interaction_at as timestamp) as last_social_interaction_at,

        -- timestamps
        cast(persons.first_seen_at as timestamp) as first_seen_at,
        cast(persons.shop_account_created_at as timestamp) as shop_account_created_at

    from persons
    -- Consent is per person: every address and record of theirs shares it.
    left join consents on persons.identity_key = consents.identity_key
    left join orders on persons.identity_key = orders.identity_key
    left join email on persons.identity_key = email.identity_key
    left join reviews on persons.identity_key = reviews.identity_key
    left join social on persons.identity_key = social.identity_key
)

select * from final
