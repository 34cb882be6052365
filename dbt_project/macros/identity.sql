{#- Email as given, cleaned: case and surrounding whitespace are not part of an address.
    (The matching form — plus-tags, gmail dots — is the identity graph's, pipelines/identity.) -#}
{% macro normalize_email(column) -%}
    nullif(lower(trim({{ column }})), '')
{%- endmacro %}

{#- Money to cents; raw keeps up to four decimals. -#}
{% macro to_money(column) -%}
    cast(round({{ column }}, 2) as decimal(18, 2))
{%- endmacro %}
