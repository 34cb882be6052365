{#- Email as a join key: case and surrounding whitespace are not part of an address.
    (Plus-tags and gmail dots are a later, identity-resolution concern.) -#}
{% macro normalize_email(column) -%}
    nullif(lower(trim({{ column }})), '')
{%- endmacro %}

{#- A person's stable id: a hash of the identity key, so the same evidence gives the same id
    in every run and on every engine. -#}
{% macro person_id(identity_key) -%}
    {{ dbt.hash(identity_key) }}
{%- endmacro %}

{#- Money to cents; raw keeps up to four decimals. -#}
{% macro to_money(column) -%}
    cast(round({{ column }}, 2) as decimal(18, 2))
{%- endmacro %}
