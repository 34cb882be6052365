{#- One row per record whose country was given but not recognised (country_code null), so the
    warning counts records: they load whole, without a country. Only the form as given is
    returned, no person. -#}
{% test country_recognised(model, column_name) %}
    select {{ column_name }}
    from {{ model }}
    where {{ column_name }} is not null and country_code is null
{% endtest %}
